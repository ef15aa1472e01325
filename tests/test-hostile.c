/* test-hostile.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whole tests against hostile and broken servers: the real SpProbe talks to
 * the scripted server playing each misbehaviour, and every scenario must end
 * in time, with the right verdict at the right step, a sentence that
 * explains it, and bounded memory. */

#define G_LOG_DOMAIN "test-hostile"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sp-diagnosis.h"
#include "sp-probe.h"
#include "sp-scripted-server.h"
#include "sp-session.h"
#include "sp-test-probe.h"
#include "sp-test-util.h"

/* Time limits per step: short for the scenarios that must end by the timer,
 * generous for the others, which must end long before it (even under
 * valgrind). */
#define TIMER_STEP_MS  1500
#define QUICK_STEP_MS  8000
/* How late a timed-out step may end: the timer is total per step, so only
 * main loop latency adds to it. */
#define TIMER_SLACK_MS 3000
/* No scenario may keep more than this in the transcript, or grow the peak
 * resident memory by more. A client that read a flood without a bound
 * would take hundreds of megabytes in the time a step is allowed. */
#define MAX_TRANSCRIPT_BYTES (256 * 1024)
#define MAX_TRANSCRIPT_LINES 1000
#define MAX_RSS_GROWTH_KB    (32 * 1024)

typedef struct
{
  const char *name;
  const char *scenario;       /* in the language of sp-scripted-server.c */
  SpVerdict   verdict;
  SpStep      deciding_step;
  int         error_code;     /* SpSessionError of the deciding step, -1 for none */
  gboolean    by_timer;       /* ends when the step's time limit runs out */
  const char *detail[3];      /* what the verdict's sentence must say */
  SpTlsPolicy tls;            /* 0 (off): the request's default */
  const char *body;           /* NULL: the default message */
} Scenario;

/* The TLS scenarios run handshakes in worker threads, inside GnuTLS, which
 * glib-networking loads with dlopen(). The sanitizer runtimes of Debian 12
 * misread such threads' dynamic TLS blocks at exit, and LeakSanitizer then
 * crashes after all tests passed (google/sanitizers#1322). Not tracking
 * dynamic TLS avoids that; ASAN_OPTIONS given by the caller still win. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "intercept_tls_get_addr=0";
}

/* While warming up, one-time costs (loading the TLS backend and the trust
 * store) are not held against a scenario. */
static gboolean warming_up;

/* The peak resident set size of this process in KiB, from
 * /proc/self/status, or 0 when it cannot be read. */
static guint64
read_vm_hwm (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "\nVmHWM:");
  if (line == NULL)
    return 0;

  return g_ascii_strtoull (line + strlen ("\nVmHWM:"), NULL, 10);
}

/* Brings the peak down to the current size (Linux 4.0 and later), so that
 * each scenario is measured on its own; harmless where it fails. */
static void
reset_vm_hwm (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");

  if (f == NULL)
    return;
  fputs ("5", f);
  fclose (f);
}

static gboolean
has_control_characters (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return TRUE;

  return FALSE;
}

static guint
count_lines (const char *text)
{
  guint n = 1;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;

  return n;
}

static SpStepRecord *
find_deciding_step (SpTranscript *transcript,
                    SpStep        step)
{
  guint n = sp_transcript_get_n_attempts (transcript);
  SpAttempt *attempt;

  g_assert_cmpuint (n, >, 0);
  attempt = sp_transcript_get_attempt (transcript, n - 1);

  for (guint i = sp_attempt_get_n_steps (attempt); i > 0; i--)
    {
      SpStepRecord *s = sp_attempt_get_step (attempt, i - 1);

      if (sp_step_record_get_step (s) == step)
        return s;
    }

  return NULL;
}

static void
dump_transcript (SpTranscript *transcript)
{
  guint n = sp_transcript_get_n_entries (transcript);

  /* The first and last entries tell the story; a flood would drown it. */
  for (guint i = 0; i < n; i++)
    {
      if (i == 40 && n > 80)
        {
          g_test_message ("… %u entries left out …", n - 80);
          i = n - 40;
        }
      g_test_message ("%s", sp_transcript_get_entry (transcript, i)->text);
    }
}

static SpProbe *
run_scenario (const Scenario *s)
{
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(SpExplanation) explanation = NULL;
  SpProbe *probe;
  SpTranscript *transcript;
  SpStepRecord *step;
  const char *detail;
  SpTestProbeRun r = { 0 };
  guint timeout_ms = s->by_timer ? TIMER_STEP_MS : QUICK_STEP_MS;
  gsize transcript_bytes = 0;
  guint64 hwm_before;
  guint64 hwm_after;
  gint64 start;
  gint64 elapsed_ms;

  g_test_message ("Scenario %s:\n%s", s->name, s->scenario);

  server = sp_test_scripted_start (s->scenario);

  request->recipient = g_strdup ("kate@example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->server = g_strdup ("127.0.0.1");
  request->port = sp_scripted_server_get_port (server);
  request->timeout_ms = timeout_ms;
  if (s->tls != SP_TLS_POLICY_OFF)
    request->tls = s->tls;
  if (s->body != NULL)
    request->body = g_strdup (s->body);
  probe = sp_probe_new (request);
  transcript = sp_probe_get_transcript (probe);

  reset_vm_hwm ();
  hwm_before = read_vm_hwm ();
  start = g_get_monotonic_time ();

  sp_probe_run_async (probe, NULL, sp_test_probe_run_cb, &r);
  /* Never a hang: far beyond any time limit, the test fails instead. */
  if (!sp_test_iterate_until (&r.done, 60000))
    {
      dump_transcript (transcript);
      g_error ("The probe did not end within a minute on the scenario %s.", s->name);
    }

  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  hwm_after = read_vm_hwm ();
  dump_transcript (transcript);
  g_test_message ("Ended in %" G_GINT64_FORMAT " ms; peak memory %" G_GUINT64_FORMAT
                  " KiB before, %" G_GUINT64_FORMAT " KiB after.",
                  elapsed_ms, hwm_before, hwm_after);

  /* The verdict, and the step that decided it. */
  g_assert_no_error (r.error);
  g_assert_cmpstr (sp_verdict_to_string (r.verdict), ==, sp_verdict_to_string (s->verdict));
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, s->verdict);
  g_assert_cmpstr (sp_step_to_string (sp_transcript_get_deciding_step (transcript)), ==,
                   sp_step_to_string (s->deciding_step));

  /* The error recorded at that step. */
  step = find_deciding_step (transcript, s->deciding_step);
  g_assert_nonnull (step);
  if (s->error_code < 0)
    g_assert_null (sp_step_record_get_error (step));
  else
    g_assert_error (sp_step_record_get_error (step), SP_SESSION_ERROR, s->error_code);

  /* The sentence that explains it: what happened, readable, and safe to
   * show in a terminal however hostile the bytes behind it were. */
  detail = sp_transcript_get_verdict_detail (transcript);
  g_assert_nonnull (detail);
  g_test_message ("Verdict: %s", detail);
  g_assert_true (g_utf8_validate (detail, -1, NULL));
  g_assert_false (has_control_characters (detail));
  g_assert_cmpuint (strlen (detail), <, 2048);
  for (guint i = 0; i < G_N_ELEMENTS (s->detail) && s->detail[i] != NULL; i++)
    if (strstr (detail, s->detail[i]) == NULL)
      g_error ("The verdict “%s” does not say “%s”.", detail, s->detail[i]);

  /* The explanation the result page and the exports show: what it means
   * and what to try, for a failure on this side of the connection. */
  explanation = sp_diagnosis_explain_transcript (transcript);
  if (s->verdict == SP_VERDICT_ACCEPTED)
    {
      g_assert_null (explanation);
    }
  else
    {
      const char * const *advice;

      g_assert_nonnull (explanation);
      g_test_message ("Explained by the rule %s: %s", sp_explanation_get_rule_id (explanation),
                      sp_explanation_get_meaning (explanation));
      g_assert_cmpint (sp_explanation_is_local (explanation), ==, s->error_code >= 0);
      g_assert_cmpint (sp_explanation_get_severity (explanation), !=,
                       SP_EXPLANATION_SEVERITY_INFO);
      g_assert_true (g_utf8_validate (sp_explanation_get_meaning (explanation), -1, NULL));
      g_assert_false (has_control_characters (sp_explanation_get_meaning (explanation)));
      advice = sp_explanation_get_advice (explanation);
      g_assert_nonnull (advice);
      g_assert_nonnull (advice[0]);
    }

  /* Within its time limit: a timed-out step ends when its timer fires; any
   * other scenario ends before a timer could. */
  if (s->by_timer)
    {
      g_assert_cmpint (elapsed_ms, >=, timeout_ms);
      g_assert_cmpint (elapsed_ms, <, timeout_ms + TIMER_SLACK_MS);
    }
  else
    {
      g_assert_cmpint (elapsed_ms, <, timeout_ms);
    }

  /* Bounded memory: what the transcript keeps, and the process's peak. */
  for (guint i = 0; i < sp_transcript_get_n_entries (transcript); i++)
    {
      const SpTranscriptEntry *entry = sp_transcript_get_entry (transcript, i);

      g_assert_true (g_utf8_validate (entry->text, -1, NULL));
      transcript_bytes += strlen (entry->text);
    }
  g_test_message ("The transcript holds %u entries, %zu bytes.",
                  sp_transcript_get_n_entries (transcript), transcript_bytes);
  /* The client's own message is logged too; it is not the server's doing. */
  g_assert_cmpuint (sp_transcript_get_n_entries (transcript), <,
                    MAX_TRANSCRIPT_LINES + (s->body != NULL ? count_lines (s->body) : 0));
  g_assert_cmpuint (transcript_bytes, <,
                    MAX_TRANSCRIPT_BYTES + (s->body != NULL ? strlen (s->body) : 0));
  /* The peak can read lower afterwards when the reset took effect late. */
  if (hwm_before > 0 && hwm_after > 0 && !warming_up)
    g_assert_cmpint ((gint64) hwm_after - (gint64) hwm_before, <, MAX_RSS_GROWTH_KB);

  /* Hung and flooding connections end with the server, before the test. */
  sp_scripted_server_stop (server);

  return probe;
}

static void
run_and_free (const Scenario *s)
{
  SpProbe *probe = run_scenario (s);

  g_assert_finalize_object (probe);
}

static void
test_scenario (gconstpointer data)
{
  run_and_free (data);
}

/* The scenarios with fixed text. Each names the misbehaviour of issue 5
 * it plays. */
static const Scenario scenarios[] = {
  /* A line with no end: the line length cap. */
  { "line-without-end",
    "banner flood forever raw x",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_BANNER, SP_SESSION_ERROR_PROTOCOL, FALSE,
    { "is not valid SMTP", "4096" } },
  { "line-without-end-after-code",
    "on EHLO => raw 250-mx.example.test\\r\\n250\\x20 then flood forever raw 8BITMIME",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_EHLO, SP_SESSION_ERROR_PROTOCOL, FALSE,
    { "is not valid SMTP", "longer than 4096 characters without a line end" } },

  /* An endless multi-line reply: the caps on lines and on bytes. */
  { "endless-reply",
    "on EHLO => flood forever 250-spam",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_EHLO, SP_SESSION_ERROR_PROTOCOL, FALSE,
    { "is not valid SMTP", "more than 128 lines" } },
  { "too-many-lines",
    "on RCPT => flood 129 250-2.1.5 still going then 250 2.1.5 Ok",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_RCPT, SP_SESSION_ERROR_PROTOCOL, FALSE,
    { "more than 128 lines" } },
  { "most-lines-allowed",
    "on RCPT => flood 127 250-2.1.5 still going then 250 2.1.5 Ok",
    SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE, -1, FALSE,
    { "accepted the message" } },

  /* A server that drips a byte at a time: the time limit is per step, not
   * per byte, so it runs out although bytes keep coming. */
  { "drip-banner",
    "banner drip 100 220 mx.example.test ESMTP ready",
    SP_VERDICT_TIMED_OUT, SP_STEP_BANNER, SP_SESSION_ERROR_TIMED_OUT, TRUE,
    { "did not finish its reply", "within 1.5 seconds" } },
  { "drip-endless-reply",
    "on EHLO => drip 20 flood forever 250-slow",
    SP_VERDICT_TIMED_OUT, SP_STEP_EHLO, SP_SESSION_ERROR_TIMED_OUT, TRUE,
    { "did not finish its reply", "within 1.5 seconds" } },

  /* No banner at all: silent, or not even reading. */
  { "no-banner",
    "banner silent",
    SP_VERDICT_TIMED_OUT, SP_STEP_BANNER, SP_SESSION_ERROR_TIMED_OUT, TRUE,
    { "did not finish its reply", "within 1.5 seconds" } },
  { "hung-after-banner",
    "on EHLO => hang",
    SP_VERDICT_TIMED_OUT, SP_STEP_EHLO, SP_SESSION_ERROR_TIMED_OUT, TRUE,
    { "did not finish its reply", "within 1.5 seconds" } },
  { "closed-before-banner",
    "banner close",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_BANNER, SP_SESSION_ERROR_CLOSED, FALSE,
    { "closed the connection" } },

  /* Garbage instead of a reply code. */
  { "garbage",
    "banner garbage 300",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_BANNER, SP_SESSION_ERROR_PROTOCOL, FALSE,
    { "is not valid SMTP", "is not an SMTP reply" } },
  { "garbage-after-command",
    "on MAIL => garbage 40",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_MAIL, SP_SESSION_ERROR_PROTOCOL, FALSE,
    { "is not an SMTP reply" } },
  { "ssh-server",
    "banner raw SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\\r\\n",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_BANNER, SP_SESSION_ERROR_PROTOCOL, FALSE,
    { "is not an SMTP reply", "SSH-2.0-OpenSSH", "Check that the port" } },
  { "empty-line",
    "on EHLO => raw \\r\\n",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_EHLO, SP_SESSION_ERROR_PROTOCOL, FALSE,
    { "is not an SMTP reply" } },
  { "four-digit-code",
    "on DATA => 3540 go ahead",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_DATA, SP_SESSION_ERROR_PROTOCOL, FALSE,
    { "is not an SMTP reply" } },
  { "garbage-after-continuation",
    "on EHLO => 250-mx.example.test\\nPIPELINING\\n250 8BITMIME",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_EHLO, SP_SESSION_ERROR_PROTOCOL, FALSE,
    { "is not an SMTP reply", "PIPELINING" } },

  /* Codes out of range. */
  { "code-999",
    "banner 999 mx.example.test ESMTP",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_BANNER, SP_SESSION_ERROR_PROTOCOL, FALSE,
    { "reply code 999", "does not define" } },
  { "code-second-digit",
    "on MAIL => 260 2.1.0 Ok",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_MAIL, SP_SESSION_ERROR_PROTOCOL, FALSE,
    { "reply code 260", "does not define" } },
  { "code-class-1",
    "on RCPT => 150 2.1.5 Ok",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_RCPT, SP_SESSION_ERROR_PROTOCOL, FALSE,
    { "reply code 150" } },

  /* Multi-line replies whose codes disagree. */
  { "codes-disagree",
    "on EHLO => 250-mx.example.test\\n250-PIPELINING\\n550 5.0.0 Changed my mind",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_EHLO, SP_SESSION_ERROR_PROTOCOL, FALSE,
    { "started a reply with code 250 but continued it with code 550" } },
  { "codes-disagree-in-class",
    "on RCPT => 550-5.1.1 No such user\\n551 5.1.1 Really",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_RCPT, SP_SESSION_ERROR_PROTOCOL, FALSE,
    { "code 550 but continued it with code 551" } },

  /* Bare LF line ends are tolerated: the whole test goes through. */
  { "bare-lf",
    "line-ends LF",
    SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE, -1, FALSE,
    { "accepted the message", "queued as SCRIPTED" } },
  { "mixed-line-ends",
    "banner raw 220 mx.example.test ESMTP\\n\n"
    "on EHLO => raw 250-mx.example.test\\r\\n250-PIPELINING\\n250 8BITMIME\\r\\n\n"
    "on MAIL => raw 250 2.1.0 Ok\\n",
    SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE, -1, FALSE,
    { "accepted the message" } },

  /* The connection closed mid-reply. */
  { "closed-mid-line",
    "on EHLO => raw 250-mx.example.test\\r\\n250-PIPEL then close",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_EHLO, SP_SESSION_ERROR_CLOSED, FALSE,
    { "closed the connection during the step" } },
  { "closed-after-continuation",
    "on RCPT => raw 250-2.1.5 Ok so far\\r\\n then close",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_RCPT, SP_SESSION_ERROR_CLOSED, FALSE,
    { "closed the connection during the step" } },
  { "closed-mid-final-reply",
    "on . => raw 250 2.0.0 Ok: que then close",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_MESSAGE, SP_SESSION_ERROR_CLOSED, FALSE,
    { "closed the connection during the step" } },

  /* The connection closed mid-DATA: at once after 354, and while the
   * client waits for the reply to its final dot. */
  { "closed-after-354",
    "on DATA => raw 354 go ahead\\r\\n then close",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_MESSAGE, SP_SESSION_ERROR_CLOSED, FALSE,
    { "during the step" } },
  { "closed-during-message",
    "on DATA => raw 354 go ahead\\r\\n then delay 300 close",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_MESSAGE, SP_SESSION_ERROR_CLOSED, FALSE,
    { "during the step" } },
  { "no-reply-to-dot",
    "on . => silent",
    SP_VERDICT_TIMED_OUT, SP_STEP_MESSAGE, SP_SESSION_ERROR_TIMED_OUT, TRUE,
    { "did not finish its reply", "within 1.5 seconds" } },

  /* A TLS handshake that stalls or fails. The scripted server speaks no
   * TLS: after its 220 it stops reading, or answers the client's hello
   * with noise; with implicit TLS it never starts or greets in plain text. */
  { "starttls-stalls",
    "on EHLO => 250-mx.example.test\\n250 STARTTLS\n"
    "on STARTTLS => raw 220 2.0.0 Ready\\r\\n then hang",
    SP_VERDICT_TIMED_OUT, SP_STEP_STARTTLS, SP_SESSION_ERROR_TIMED_OUT, TRUE,
    { "within 1.5 seconds" }, SP_TLS_POLICY_REQUIRED },
  { "starttls-fails",
    "on EHLO => 250-mx.example.test\\n250 STARTTLS\n"
    "on STARTTLS => raw 220 2.0.0 Ready\\r\\n then delay 200 garbage 300",
    SP_VERDICT_TLS_FAILED, SP_STEP_STARTTLS, SP_SESSION_ERROR_TLS_FAILED, FALSE,
    { "TLS" }, SP_TLS_POLICY_REQUIRED },
  { "starttls-injection",
    "on EHLO => 250-mx.example.test\\n250 STARTTLS\n"
    "on STARTTLS => raw 220 2.0.0 Ready\\r\\n250 2.1.0 injected\\r\\n",
    SP_VERDICT_TLS_FAILED, SP_STEP_STARTTLS, SP_SESSION_ERROR_TLS_INJECTION, FALSE,
    { "STARTTLS" }, SP_TLS_POLICY_REQUIRED },
  { "implicit-tls-stalls",
    "banner hang",
    SP_VERDICT_TIMED_OUT, SP_STEP_TLS, SP_SESSION_ERROR_TIMED_OUT, TRUE,
    { "within 1.5 seconds" }, SP_TLS_POLICY_IMPLICIT },
  { "implicit-tls-plain-server",
    "",
    SP_VERDICT_TLS_FAILED, SP_STEP_TLS, SP_SESSION_ERROR_TLS_PLAINTEXT_PEER, FALSE,
    { "plain text" }, SP_TLS_POLICY_IMPLICIT },

  /* Control characters and escape sequences in a reply never reach the
   * explanation as they are. */
  { "terminal-escapes",
    "on RCPT => raw 550 5.1.1 \\x1b[31mNo\\x1b]0;pwned\\x07 such user\\x00\\x7f\\r\\n",
    SP_VERDICT_PERMANENT, SP_STEP_RCPT, -1, FALSE,
    { "550", "No", "such user" } },
};

/* The connection closed mid-DATA while the client is still writing a
 * message bigger than the socket buffers usually are. */
static void
test_closed_while_writing (void)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *line = g_strnfill (900, 'm');
  Scenario s = { 0 };

  /* Long lines, few of them: the message is built and logged line by line. */
  while (body->len < 512 * 1024)
    g_string_append_printf (body, "%s\n", line);
  s = (Scenario) { "closed-while-writing", "on DATA => raw 354 go ahead\\r\\n then close",
                   SP_VERDICT_PROTOCOL_ERROR, SP_STEP_MESSAGE, SP_SESSION_ERROR_CLOSED, FALSE,
                   { "during the step" }, 0, body->str };
  run_and_free (&s);
}

/* A reply longer than RFC 5321 allows (512 octets per line) is tolerated up
 * to SP_REPLY_MAX_LINE_LENGTH, and refused with an explanation beyond it. */
static void
test_long_reply_line (void)
{
  g_autofree char *tolerated_text = g_strnfill (1000, 'a');
  g_autofree char *refused_text = g_strnfill (SP_REPLY_MAX_LINE_LENGTH + 1000, 'b');
  g_autofree char *tolerated = NULL;
  g_autofree char *refused = NULL;
  Scenario s = { 0 };

  tolerated = g_strdup_printf ("banner 220 mx.example.test %s", tolerated_text);
  s = (Scenario) { "long-line-tolerated", tolerated, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE,
                   -1, FALSE, { "accepted the message" } };
  run_and_free (&s);

  /* Whether the line end arrives in the same read as the limit decides
   * which of the two checks fires; both name the limit. */
  refused = g_strdup_printf ("on MAIL => 250 2.1.0 %s", refused_text);
  s = (Scenario) { "long-line-refused", refused, SP_VERDICT_PROTOCOL_ERROR, SP_STEP_MAIL,
                   SP_SESSION_ERROR_PROTOCOL, FALSE, { "is not valid SMTP", "4096" } };
  run_and_free (&s);
}

/* Lines short enough, but too many bytes in all. */
static void
test_reply_too_big (void)
{
  g_autofree char *text = g_strnfill (3000, 'c');
  g_autofree char *scenario = NULL;
  Scenario s = { 0 };

  scenario = g_strdup_printf ("on EHLO => flood forever 250-%s", text);
  s = (Scenario) { "reply-too-big", scenario, SP_VERDICT_PROTOCOL_ERROR, SP_STEP_EHLO,
                   SP_SESSION_ERROR_PROTOCOL, FALSE, { "more than 65536 bytes" } };
  run_and_free (&s);
}

/* The session must say why it gave up on a hostile reply: the line that
 * broke the grammar is in the log, escaped. */
static void
test_log_shows_offending_line (void)
{
  static const Scenario s = {
    "log-shows-line", "banner raw 22\\x1b[2J0 hello\\r\\n",
    SP_VERDICT_PROTOCOL_ERROR, SP_STEP_BANNER, SP_SESSION_ERROR_PROTOCOL, FALSE,
    { "is not an SMTP reply", "\\x1B" } };
  SpProbe *probe = run_scenario (&s);
  SpTranscript *transcript = sp_probe_get_transcript (probe);
  gboolean found = FALSE;

  for (guint i = 0; i < sp_transcript_get_n_entries (transcript); i++)
    {
      const char *text = sp_transcript_get_entry (transcript, i)->text;

      g_assert_null (strchr (text, 0x1b));
      if (strstr (text, "22\\x1B[2J0 hello") != NULL)
        found = TRUE;
    }
  g_assert_true (found);

  g_assert_finalize_object (probe);
}

/* Bare LF line ends are not only survived: the EHLO reply is understood. */
static void
test_bare_lf_capabilities (void)
{
  static const Scenario s = {
    "bare-lf-capabilities", "line-ends LF",
    SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE, -1, FALSE, { "accepted the message" } };
  SpProbe *probe = run_scenario (&s);
  SpTranscript *transcript = sp_probe_get_transcript (probe);
  SpAttempt *attempt = sp_transcript_get_attempt (transcript, 0);

  /* The LF-only EHLO reply was read line by line like a CRLF one. */
  g_assert_nonnull (sp_attempt_get_capabilities (attempt));
  g_assert_true (sp_capabilities_has (sp_attempt_get_capabilities (attempt), "PIPELINING"));
  g_assert_true (sp_capabilities_has (sp_attempt_get_capabilities (attempt), "SMTPUTF8"));
  g_assert_cmpuint (sp_capabilities_get_size_limit (sp_attempt_get_capabilities (attempt)), ==,
                    10240000);

  g_assert_finalize_object (probe);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* A whole plain session and a TLS handshake first, so that what they load
   * once for the process (TLS backend, trust store, and under valgrind the
   * translated code) is not counted as the growth of the scenario that
   * happens to use them first. */
  warming_up = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    if (g_str_equal (scenarios[i].name, "bare-lf") ||
        g_str_equal (scenarios[i].name, "starttls-fails"))
      run_and_free (&scenarios[i]);
  warming_up = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sp/hostile/%s", scenarios[i].name);

      g_test_add_data_func (path, &scenarios[i], test_scenario);
    }
  g_test_add_func ("/sp/hostile/closed-while-writing", test_closed_while_writing);
  g_test_add_func ("/sp/hostile/long-reply-line", test_long_reply_line);
  g_test_add_func ("/sp/hostile/reply-too-big", test_reply_too_big);
  g_test_add_func ("/sp/hostile/log-shows-offending-line", test_log_shows_offending_line);
  g_test_add_func ("/sp/hostile/bare-lf-capabilities", test_bare_lf_capabilities);

  return g_test_run ();
}
