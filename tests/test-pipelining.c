/* test-pipelining.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The PIPELINING fast path (RFC 2920, issue 13): MAIL FROM, RCPT TO and
 * DATA (RSET for a check only) go in one write, and every reply is still
 * read into its own command's step. Each test runs the same scenario step
 * by step too and compares what a person would see: the steps, the log,
 * the explanations, the deciding step and the verdict. The in-process
 * scripted server records how the commands arrived (one read or several);
 * a private Postfix accepts a pipelined transaction. Shapes only, never
 * times. */

#include <string.h>

#include "sp-diagnosis.h"
#include "sp-probe.h"
#include "sp-scripted-server.h"
#include "sp-session.h"
#include "sp-test-cli.h"
#include "sp-test-postfix.h"
#include "sp-test-probe.h"
#include "sp-test-util.h"

/* The mark of the one note a pipelined run adds to the log. */
#define PIPELINED_NOTE "as the server offers PIPELINING"

static SpProbe *
run_scenario (SpScriptedServer *server,
              gboolean          pipelining,
              gboolean          check_only)
{
  g_autoptr(SpProbeRequest) request = NULL;

  request = sp_test_request_new ("127.0.0.1", sp_scripted_server_get_port (server));
  request->timeout_ms = 10000;
  request->pipelining = pipelining;
  request->check_only = check_only;

  return sp_test_probe_run_dumped (request);
}

/* A log line whose words change from run to run: a time, the port of the
 * server, the message's date and ID (its lines are compared as far as the
 * final dot). */
static gboolean
changes_between_runs (const SpTranscriptEntry *entry)
{
  if (entry->direction == SP_DIRECTION_NOTE)
    return strstr (entry->text, " ms") != NULL || entry->step == SP_STEP_CONNECT;

  return entry->direction == SP_DIRECTION_CLIENT && entry->step == SP_STEP_MESSAGE &&
         strcmp (entry->text, ".") != 0;
}

/* What a person sees of the only attempt of @probe, up to and including
 * its step number @n_steps (G_MAXUINT: all of them), as text: each step
 * with its command, reply or error and explanation, then the log lines of
 * those steps, then the verdict, the deciding step and the headline. The
 * note that says the commands went together is left out. */
static char *
dup_seen (SpProbe *probe,
          guint    n_steps)
{
  SpTranscript *transcript = sp_probe_get_transcript (probe);
  SpAttempt *attempt = sp_test_probe_last_attempt (probe);
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autofree char *headline = sp_diagnosis_dup_headline (transcript);
  g_autoptr(GArray) shown = g_array_new (FALSE, FALSE, sizeof (SpStep));

  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, 1);
  n_steps = MIN (n_steps, sp_attempt_get_n_steps (attempt));

  for (guint i = 0; i < n_steps; i++)
    {
      SpStepRecord *step = sp_attempt_get_step (attempt, i);
      SpReply *reply = sp_step_record_get_reply (step);
      SpStep kind = sp_step_record_get_step (step);

      g_array_append_val (shown, kind);
      g_string_append_printf (seen, "step %s [%s]", sp_step_to_string (kind),
                              sp_step_record_get_command (step) != NULL
                                ? sp_step_record_get_command (step) : "");
      if (reply != NULL)
        {
          g_autofree char *lines = g_strjoinv ("|", (char **) sp_reply_get_lines (reply));

          g_string_append_printf (seen, " -> %s", lines);
        }
      if (sp_step_record_get_error (step) != NULL)
        g_string_append_printf (seen, " !! %s", sp_step_record_get_error (step)->message);
      if (sp_diagnosis_step_needs_explanation (attempt, step))
        {
          g_autoptr(SpExplanation) explanation = sp_diagnosis_explain_attempt_step (attempt, step);

          g_string_append_printf (seen, "\n  explained: %s: %s",
                                  sp_explanation_get_rule_id (explanation),
                                  sp_explanation_get_meaning (explanation));
        }
      g_string_append_c (seen, '\n');
    }

  for (guint i = 0; i < sp_attempt_get_n_entries (attempt); i++)
    {
      const SpTranscriptEntry *entry = sp_attempt_get_entry (attempt, i);
      gboolean in_shown = FALSE;

      for (guint s = 0; s < shown->len; s++)
        in_shown |= g_array_index (shown, SpStep, s) == entry->step;
      if (!in_shown || changes_between_runs (entry) ||
          strstr (entry->text, PIPELINED_NOTE) != NULL)
        continue;
      g_string_append_printf (seen, "log %d %s %s%s\n", entry->direction,
                              sp_step_to_string (entry->step), entry->is_error ? "error " : "",
                              entry->text);
    }

  g_string_append_printf (seen, "verdict %s at %s: %s\nheadline %s\n",
                          sp_verdict_to_string (sp_transcript_get_verdict (transcript)),
                          sp_step_to_string (sp_transcript_get_deciding_step (transcript)),
                          sp_transcript_get_verdict_detail (transcript), headline);

  return g_string_free (g_steal_pointer (&seen), FALSE);
}

/* The same scenario on two servers, run step by step and pipelined. */
typedef struct
{
  SpScriptedServer *step_server;
  SpScriptedServer *pipe_server;
  SpProbe          *step_probe;
  SpProbe          *pipe_probe;
} Pair;

static void
pair_run (Pair       *pair,
          const char *scenario,
          gboolean    check_only)
{
  pair->step_server = sp_test_scripted_start (scenario);
  pair->pipe_server = sp_test_scripted_start (scenario);
  pair->step_probe = run_scenario (pair->step_server, FALSE, check_only);
  pair->pipe_probe = run_scenario (pair->pipe_server, TRUE, check_only);
}

static void
pair_clear (Pair *pair)
{
  g_clear_object (&pair->step_probe);
  g_clear_object (&pair->pipe_probe);
  g_clear_object (&pair->step_server);
  g_clear_object (&pair->pipe_server);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pair, pair_clear)

/* The index of the first step of the attempt of @probe that is @kind, or
 * G_MAXUINT. */
static guint
index_of_step (SpProbe *probe,
               SpStep   kind)
{
  SpAttempt *attempt = sp_test_probe_last_attempt (probe);

  for (guint i = 0; i < sp_attempt_get_n_steps (attempt); i++)
    if (sp_step_record_get_step (sp_attempt_get_step (attempt, i)) == kind)
      return i;

  return G_MAXUINT;
}

static guint
find_step (SpProbe *probe,
           SpStep   kind)
{
  guint index = index_of_step (probe, kind);

  g_assert_cmpuint (index, !=, G_MAXUINT);

  return index;
}

static SpStepRecord *
get_step (SpProbe *probe,
          SpStep   kind)
{
  return sp_attempt_get_step (sp_test_probe_last_attempt (probe), find_step (probe, kind));
}

static gboolean
has_step (SpProbe *probe,
          SpStep   kind)
{
  return index_of_step (probe, kind) != G_MAXUINT;
}

static guint
reply_code (SpProbe *probe,
            SpStep   kind)
{
  SpReply *reply = sp_step_record_get_reply (get_step (probe, kind));

  g_assert_nonnull (reply);

  return sp_reply_get_code (reply);
}

/* The read of @server in which the line starting with @prefix arrived,
 * as text. */
static char *
dup_read_with (SpScriptedServer *server,
               const char       *prefix)
{
  GPtrArray *reads = sp_scripted_server_get_reads (server);

  for (guint i = 0; i < reads->len; i++)
    {
      gsize size;
      const char *data = g_bytes_get_data (g_ptr_array_index (reads, i), &size);
      g_autofree char *text = g_strndup (data, size);

      if (g_str_has_prefix (text, prefix) || strstr (text, prefix) != NULL)
        return g_steal_pointer (&text);
    }

  g_assert_not_reached ();
}

/* The pipelined run of @pair shows what its run step by step shows, up to
 * and including the step by step run's step of @kind (SP_STEP_NONE: all
 * of them), and its commands from MAIL FROM to @last arrived in one read. */
static void
pair_assert_same (Pair       *pair,
                  SpStep      kind,
                  const char *last)
{
  guint n_steps = kind == SP_STEP_NONE ? G_MAXUINT : find_step (pair->step_probe, kind) + 1;
  g_autofree char *step_seen = dup_seen (pair->step_probe, n_steps);
  g_autofree char *pipe_seen = dup_seen (pair->pipe_probe, n_steps);
  g_autofree char *step_read = dup_read_with (pair->step_server, "MAIL FROM:");
  g_autofree char *pipe_read = dup_read_with (pair->pipe_server, "MAIL FROM:");
  g_autofree char *end = g_strdup_printf ("\r\n%s\r\n", last);

  /* One write, so one read, before the server could answer MAIL FROM. */
  g_assert_true (g_str_has_prefix (pipe_read, "MAIL FROM:<helpdesk@example.org>"));
  g_assert_nonnull (strstr (pipe_read, "\r\nRCPT TO:<kate@example.test>"));
  g_assert_true (g_str_has_suffix (pipe_read, end));
  g_assert_null (strstr (step_read, "RCPT"));

  g_assert_cmpstr (pipe_seen, ==, step_seen);
  g_assert_true (sp_test_transcript_has (sp_probe_get_transcript (pair->pipe_probe),
                                         SP_DIRECTION_NOTE, PIPELINED_NOTE));
  g_assert_false (sp_test_transcript_has (sp_probe_get_transcript (pair->step_probe),
                                          SP_DIRECTION_NOTE, PIPELINED_NOTE));
}

/* The replies are told apart by their text, so that one attributed to the
 * wrong command shows. */
static const char accepting_scenario[] =
  "on MAIL => delay 20 250 2.1.0 Sender fine\n"
  "on RCPT => 250 2.1.5 Recipient fine\n"
  "on DATA => 354 Go ahead\n";

static void
test_accepted (void)
{
  g_auto(Pair) pair = { 0 };

  g_autofree char *message_read = NULL;

  pair_run (&pair, accepting_scenario, FALSE);
  pair_assert_same (&pair, SP_STEP_NONE, "DATA");
  /* RFC 2920 3.1: QUIT goes with the message, last. */
  message_read = dup_read_with (pair.pipe_server, "\r\n.\r\n");
  g_assert_true (g_str_has_suffix (message_read, "\r\n.\r\nQUIT\r\n"));

  /* Each reply in its own command's step. */
  sp_test_assert_verdict (pair.pipe_probe, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE);
  g_assert_cmpstr (sp_reply_get_lines (sp_step_record_get_reply (get_step (pair.pipe_probe,
                                                                           SP_STEP_MAIL)))[0],
                   ==, "250 2.1.0 Sender fine");
  g_assert_cmpstr (sp_reply_get_lines (sp_step_record_get_reply (get_step (pair.pipe_probe,
                                                                           SP_STEP_RCPT)))[0],
                   ==, "250 2.1.5 Recipient fine");
  g_assert_cmpuint (reply_code (pair.pipe_probe, SP_STEP_DATA), ==, 354);
}

static const char refused_rcpt_scenario[] =
  "on RCPT => 550 5.1.1 <kate@example.test>: Recipient address rejected: User unknown\n"
  "on DATA => 554 5.5.1 Error: no valid recipients\n";

static void
test_refused_rcpt (void)
{
  g_auto(Pair) pair = { 0 };
  SpProbe *pipe_probe;

  pair_run (&pair, refused_rcpt_scenario, FALSE);
  pipe_probe = pair.pipe_probe;
  pair_assert_same (&pair, SP_STEP_RCPT, "DATA");

  /* Decided at RCPT, as RFC 2920 clients do; DATA's 554 is there, as
   * sent and answered, but decides and explains nothing. */
  sp_test_assert_verdict (pair.step_probe, SP_VERDICT_PERMANENT, SP_STEP_RCPT);
  sp_test_assert_verdict (pair.pipe_probe, SP_VERDICT_PERMANENT, SP_STEP_RCPT);
  g_assert_false (has_step (pair.step_probe, SP_STEP_DATA));
  g_assert_cmpuint (reply_code (pair.pipe_probe, SP_STEP_DATA), ==, 554);
  g_assert_false (sp_diagnosis_step_needs_explanation (sp_test_probe_last_attempt (pipe_probe),
                                                       get_step (pipe_probe, SP_STEP_DATA)));
  g_assert_cmpuint (find_step (pipe_probe, SP_STEP_DATA), <, find_step (pipe_probe, SP_STEP_QUIT));
  /* The connection stayed in step: QUIT got its own reply. */
  g_assert_cmpuint (reply_code (pair.pipe_probe, SP_STEP_QUIT), ==, 221);
  g_assert_false (sp_test_received_has_prefix (pair.pipe_server, "Subject:"));
}

static void
test_refused_mail (void)
{
  static const char scenario[] =
    "on MAIL => 550 5.7.1 Sender rejected\n"
    "on RCPT => 503 5.5.1 Error: need MAIL command\n"
    "on DATA => 503 5.5.1 Error: need RCPT command\n";
  g_auto(Pair) pair = { 0 };

  pair_run (&pair, scenario, FALSE);
  pair_assert_same (&pair, SP_STEP_MAIL, "DATA");

  sp_test_assert_verdict (pair.pipe_probe, SP_VERDICT_PERMANENT, SP_STEP_MAIL);
  /* Each owed reply read into its own step before QUIT went out. */
  g_assert_cmpuint (reply_code (pair.pipe_probe, SP_STEP_RCPT), ==, 503);
  g_assert_cmpuint (reply_code (pair.pipe_probe, SP_STEP_DATA), ==, 503);
  g_assert_cmpuint (reply_code (pair.pipe_probe, SP_STEP_QUIT), ==, 221);
}

/* RFC 2920 3.1: a DATA accepted after the only recipient was refused gets
 * a lone ".", never the message. */
static void
test_data_accepted_after_refusal (void)
{
  static const char scenario[] =
    "on RCPT => 550 5.1.1 User unknown\n"
    "on . => 554 5.5.1 Error: no valid recipients\n";
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario);
  g_autoptr(SpProbe) probe = run_scenario (server, TRUE, FALSE);
  GPtrArray *received = sp_scripted_server_get_received (server);
  guint data_index = 0;

  sp_test_assert_verdict (probe, SP_VERDICT_PERMANENT, SP_STEP_RCPT);
  g_assert_cmpuint (reply_code (probe, SP_STEP_DATA), ==, 354);
  g_assert_cmpuint (reply_code (probe, SP_STEP_MESSAGE), ==, 554);
  g_assert_cmpuint (reply_code (probe, SP_STEP_QUIT), ==, 221);

  while (strcmp (g_ptr_array_index (received, data_index), "DATA") != 0)
    data_index++;
  g_assert_cmpstr (g_ptr_array_index (received, data_index + 1), ==, ".");
  g_assert_false (sp_test_received_has_prefix (server, "Subject:"));
}

static void
test_check_only (void)
{
  g_auto(Pair) pair = { 0 };

  pair_run (&pair, accepting_scenario, TRUE);
  pair_assert_same (&pair, SP_STEP_NONE, "RSET\r\nQUIT");

  g_assert_false (sp_test_received_has (pair.pipe_server, "DATA"));
  sp_test_assert_verdict (pair.pipe_probe, SP_VERDICT_ACCEPTED, SP_STEP_RCPT);
}

/* QUIT went with MAIL, RCPT and RSET: after the refusal, RSET's reply is
 * read into its step, then QUIT's, and QUIT is not sent again. */
static void
test_check_only_refused (void)
{
  g_auto(Pair) pair = { 0 };
  GPtrArray *received;
  guint n_quit = 0;

  pair_run (&pair, refused_rcpt_scenario, TRUE);
  pair_assert_same (&pair, SP_STEP_RCPT, "RSET\r\nQUIT");

  sp_test_assert_verdict (pair.pipe_probe, SP_VERDICT_PERMANENT, SP_STEP_RCPT);
  g_assert_cmpuint (reply_code (pair.pipe_probe, SP_STEP_RSET), ==, 250);
  g_assert_cmpuint (reply_code (pair.pipe_probe, SP_STEP_QUIT), ==, 221);
  g_assert_cmpuint (find_step (pair.pipe_probe, SP_STEP_RSET), <,
                    find_step (pair.pipe_probe, SP_STEP_QUIT));
  received = sp_scripted_server_get_received (pair.pipe_server);
  for (guint i = 0; i < received->len; i++)
    n_quit += strcmp (g_ptr_array_index (received, i), "QUIT") == 0;
  g_assert_cmpuint (n_quit, ==, 1);
}

/* A pipelined probe that may hand its connection over to go on by hand. */
static SpProbe *
run_keeping (SpScriptedServer *server,
             gboolean          check_only)
{
  g_autoptr(SpProbeRequest) request = NULL;

  request = sp_test_request_new ("127.0.0.1", sp_scripted_server_get_port (server));
  request->check_only = check_only;
  request->pipelining = TRUE;

  return sp_test_probe_run_keeping (request);
}

/* Such a connection keeps QUIT back. */
static void
test_keep_session (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (accepting_scenario);
  g_autoptr(SpProbe) probe = run_keeping (server, TRUE);
  g_autoptr(SpSession) session = NULL;
  g_autofree char *read = NULL;

  sp_test_assert_verdict (probe, SP_VERDICT_ACCEPTED, SP_STEP_RCPT);
  read = dup_read_with (server, "MAIL FROM:");
  g_assert_true (g_str_has_suffix (read, "\r\nRSET\r\n"));
  session = sp_probe_take_session (probe);
  g_assert_nonnull (session);
  g_assert_true (sp_session_is_connected (session));
  g_assert_false (sp_test_received_has (server, "QUIT"));
}

/* And reads the replies still owed before it goes (DATA's 554 after the
 * recipient was refused), into this test's log, not into what is typed
 * next. */
static void
test_keep_session_owed (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (refused_rcpt_scenario);
  g_autoptr(SpProbe) probe = run_keeping (server, FALSE);
  g_autoptr(SpSession) session = NULL;

  sp_test_assert_verdict (probe, SP_VERDICT_PERMANENT, SP_STEP_RCPT);
  g_assert_cmpuint (reply_code (probe, SP_STEP_DATA), ==, 554);
  session = sp_probe_take_session (probe);
  g_assert_nonnull (session);
  g_assert_true (sp_session_is_connected (session));
  g_assert_false (sp_session_owes_replies (session));
  g_assert_false (sp_test_received_has (server, "QUIT"));
}

static void
test_not_offered (void)
{
  static const char scenario[] =
    "on EHLO => 250-mx.example.test\\n250-SIZE 10240000\\n250 8BITMIME\n";
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario);
  g_autoptr(SpProbe) probe = run_scenario (server, TRUE, FALSE);
  g_autofree char *read = dup_read_with (server, "MAIL FROM:");

  sp_test_assert_verdict (probe, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE);
  g_assert_null (strstr (read, "RCPT"));
  g_assert_true (sp_test_transcript_has (sp_probe_get_transcript (probe), SP_DIRECTION_NOTE,
                                         "does not offer PIPELINING"));
  g_assert_false (sp_test_transcript_has (sp_probe_get_transcript (probe), SP_DIRECTION_NOTE,
                                          PIPELINED_NOTE));
}

/* The CLI's option, and its exit status for the recipient refused. */
static void
test_cli (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (refused_rcpt_scenario);
  g_autofree char *target = g_strdup_printf ("127.0.0.1:%u", sp_scripted_server_get_port (server));
  const char *args[] = { "--pipelining", "--server", target, "--from", "helpdesk@example.org",
                         "kate@example.test", NULL };
  g_auto(SpTestCliResult) r = { 0 };
  g_autofree char *read = NULL;

  sp_test_cli_run (args, NULL, &r);
  g_test_message ("%s", r.out);
  g_assert_cmpint (r.status, ==, 8);
  read = dup_read_with (server, "MAIL FROM:");
  g_assert_true (g_str_has_suffix (read, "\r\nDATA\r\n"));
  g_assert_nonnull (strstr (r.out, PIPELINED_NOTE));
}

static void
test_request (void)
{
  g_autoptr(SpProbeRequest) request = sp_test_request_new (NULL, 25);
  g_autoptr(SpProbeRequest) copy = NULL;
  g_autofree char *before = sp_probe_request_dup_summary (request);
  g_autofree char *after = NULL;
  gboolean value = TRUE;

  /* Step by step is the default: it is the diagnostic one. */
  g_assert_false (request->pipelining);
  g_object_get (request, "pipelining", &value, NULL);
  g_assert_false (value);
  g_assert_null (strstr (before, "ipelin"));

  sp_probe_request_set_pipelining (request, TRUE);
  g_assert_true (request->pipelining);
  copy = sp_probe_request_copy (request);
  g_assert_true (copy->pipelining);
  after = sp_probe_request_dup_summary (request);
  g_assert_nonnull (strstr (after, "Commands pipelined"));
}

static void
test_postfix (void)
{
  g_autoptr(SpTestPostfix) postfix = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;

  if ((postfix = sp_test_postfix_start_or_skip (NULL)) == NULL)
    return;

  request = sp_test_request_new ("127.0.0.1", sp_test_postfix_get_port (postfix));
  request->timeout_ms = 10000;
  request->pipelining = TRUE;
  probe = sp_test_probe_run_dumped (request);

  sp_test_assert_verdict (probe, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE);
  g_assert_true (sp_test_transcript_has (sp_probe_get_transcript (probe), SP_DIRECTION_NOTE,
                                         PIPELINED_NOTE));
  g_assert_cmpuint (reply_code (probe, SP_STEP_MAIL), ==, 250);
  g_assert_cmpuint (reply_code (probe, SP_STEP_RCPT), ==, 250);
  g_assert_cmpuint (reply_code (probe, SP_STEP_DATA), ==, 354);
  g_assert_cmpuint (reply_code (probe, SP_STEP_MESSAGE), ==, 250);
  g_assert_true (sp_test_postfix_wait_for_log (postfix, "to=<kate@example.test>", 10000));
  /* Postfix says so when a client sends ahead without PIPELINING. */
  g_assert_false (sp_test_postfix_wait_for_log (postfix, "improper command pipelining", 0));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/pipelining/request", test_request);
  g_test_add_func ("/sp/pipelining/scripted/accepted", test_accepted);
  g_test_add_func ("/sp/pipelining/scripted/refused-rcpt", test_refused_rcpt);
  g_test_add_func ("/sp/pipelining/scripted/refused-mail", test_refused_mail);
  g_test_add_func ("/sp/pipelining/scripted/data-accepted-after-refusal",
                   test_data_accepted_after_refusal);
  g_test_add_func ("/sp/pipelining/scripted/check-only", test_check_only);
  g_test_add_func ("/sp/pipelining/scripted/check-only-refused", test_check_only_refused);
  g_test_add_func ("/sp/pipelining/scripted/keep-session", test_keep_session);
  g_test_add_func ("/sp/pipelining/scripted/keep-session-owed", test_keep_session_owed);
  g_test_add_func ("/sp/pipelining/scripted/not-offered", test_not_offered);
  g_test_add_func ("/sp/pipelining/cli", test_cli);
  g_test_add_func ("/sp/pipelining/postfix/accepted", test_postfix);

  return g_test_run ();
}
