/* test-console.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* posix_openpt (), grantpt (), unlockpt (), ptsname () */
#define _XOPEN_SOURCE 600
#define _DEFAULT_SOURCE

#define G_LOG_DOMAIN "test-console"

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib-unix.h>

#include "sp-console.h"
#include "sp-diagnosis.h"
#include "sp-export.h"
#include "sp-test-certs.h"
#include "sp-test-cli.h"
#include "sp-test-dnsmasq.h"
#include "sp-test-postfix.h"
#include "sp-test-probe.h"
#include "sp-test-util.h"

/* Running the console's operations to their end */

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Iterates until @result is set, for half a minute at most. */
static GAsyncResult *
wait_for (GAsyncResult **result)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*result == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, *result == NULL);
  g_assert_nonnull (*result);

  return *result;
}

static SpConsole *
console_connect (SpTranscript *transcript,
                 const char   *address,
                 guint16       port)
{
  g_autoptr(GInetAddress) ip = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (ip, port);
  SpConsole *console = sp_console_new (transcript);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SpReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  sp_console_connect_async (console, G_INET_SOCKET_ADDRESS (socket_address),
                            "mx1.example.test", NULL, result_cb, &result);
  reply = sp_console_connect_finish (console, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sp_reply_get_code (reply), ==, 220);
  g_assert_cmpint (sp_console_get_mode (console), ==, SP_CONSOLE_MODE_COMMAND);

  return console;
}

/* Sends @line and returns the reply's code; 0 for an error, in @error. */
static guint
send_line (SpConsole   *console,
           const char  *line,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SpReply) reply = NULL;
  GError *local_error = NULL;

  sp_console_send_async (console, line, NULL, result_cb, &result);
  reply = sp_console_send_finish (console, wait_for (&result), &local_error);
  if (error != NULL)
    *error = local_error;
  else
    g_assert_no_error (local_error);

  return reply != NULL ? sp_reply_get_code (reply) : 0;
}

static guint
end_message (SpConsole *console)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SpReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  sp_console_end_message_async (console, NULL, result_cb, &result);
  reply = sp_console_end_message_finish (console, wait_for (&result), &error);
  g_assert_no_error (error);

  return sp_reply_get_code (reply);
}

/* The steps of the console's attempt, with the reply codes: "EHLO 250". */
static char *
dup_steps (SpConsole *console)
{
  SpAttempt *attempt = sp_console_get_attempt (console);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < sp_attempt_get_n_steps (attempt); i++)
    {
      SpStepRecord *step = sp_attempt_get_step (attempt, i);
      SpReply *reply = sp_step_record_get_reply (step);

      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "%s %u", sp_step_to_string (sp_step_record_get_step (step)),
                              reply != NULL ? sp_reply_get_code (reply) : 0);
    }

  return g_string_free (out, FALSE);
}

static const char *scenario_unknown =
  "hostname mx1.example.test\n"
  "banner 220 mx1.example.test ESMTP\n"
  "on RCPT TO:<nobody@*>* => 550 5.1.1 <nobody@example.test>: Recipient address rejected: "
  "User unknown in local recipient table\n";

/* The acceptance session, against whatever server @address and @port
 * are: EHLO, MAIL FROM, two RCPT TO (the second unknown), RSET, QUIT. */
static void
run_manual_session (const char *address,
                    guint16     port)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(SpConsole) console = console_connect (transcript, address, port);
  g_autoptr(SpExplanation) explanation = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  SpAttempt *attempt = sp_console_get_attempt (console);
  SpStepRecord *refused;

  g_assert_cmpuint (send_line (console, "EHLO client.example.org", NULL), ==, 250);
  g_assert_nonnull (sp_attempt_get_capabilities (attempt));
  g_assert_cmpuint (send_line (console, "MAIL FROM:<helpdesk@example.org>", NULL), ==, 250);
  g_assert_cmpuint (send_line (console, "RCPT TO:<kate@example.test>", NULL), ==, 250);
  g_assert_cmpuint (send_line (console, "RCPT TO:<nobody@example.test>", NULL), ==, 550);
  g_assert_cmpuint (send_line (console, "RSET", NULL), ==, 250);
  g_assert_cmpint (sp_attempt_get_state (attempt), ==, SP_ATTEMPT_STATE_RUNNING);
  g_assert_cmpuint (send_line (console, "QUIT", NULL), ==, 221);

  steps = dup_steps (console);
  g_assert_cmpstr (steps, ==,
                   "connect 0,banner 220,ehlo 250,mail 250,rcpt 250,rcpt 550,rset 250,quit 221");

  /* The refusal is explained as in a guided run. */
  refused = sp_attempt_get_step (attempt, 5);
  g_assert_true (sp_diagnosis_step_failed (refused));
  explanation = sp_diagnosis_explain_step (refused);
  g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, "recipient-unknown");
  g_assert_cmpint (sp_explanation_get_severity (explanation), ==,
                   SP_EXPLANATION_SEVERITY_PERMANENT);

  /* QUIT ends the session, and the refused recipient is how it went. */
  g_assert_cmpint (sp_console_get_mode (console), ==, SP_CONSOLE_MODE_CLOSED);
  g_assert_false (sp_session_is_connected (sp_console_get_session (console)));
  g_assert_cmpint (sp_attempt_get_state (attempt), ==, SP_ATTEMPT_STATE_DONE);
  g_assert_cmpint (sp_attempt_get_verdict (attempt), ==, SP_VERDICT_PERMANENT);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_PERMANENT);
  g_assert_cmpint (sp_transcript_get_deciding_step (transcript), ==, SP_STEP_RCPT);
  g_assert_cmpstr (sp_attempt_get_detail (attempt), ==,
                   "A session typed by hand: 6 commands, of which the server refused 1.");

  /* Said as commands typed by hand, not as a test of a recipient. */
  headline = sp_diagnosis_dup_headline (transcript);
  g_assert_cmpstr (headline, ==, "The server refused a command typed by hand");

  text = sp_export_to_string (transcript, SP_EXPORT_FORMAT_TEXT);
  g_assert_nonnull (strstr (text, "Commands typed by hand in the console"));
  g_assert_null (strstr (text, "Recipient:"));
  g_assert_nonnull (strstr (text, "RCPT TO:<nobody@example.test>"));
  g_assert_nonnull (strstr (text, "550 5.1.1"));
  g_assert_nonnull (strstr (text, "RSET"));
  json = sp_export_to_string (transcript, SP_EXPORT_FORMAT_JSON);
  g_assert_nonnull (strstr (json, "\"recipient-unknown\""));
  g_assert_nonnull (strstr (json, "\"permanent-failure\""));
}

static void
test_console_session (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario_unknown);

  run_manual_session ("127.0.0.1", sp_scripted_server_get_port (server));
  g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 1);
  g_assert_true (sp_test_received_has (server, "RCPT TO:<nobody@example.test>"));
}

static void
test_console_postfix (void)
{
  g_autoptr(SpTestPostfix) postfix = sp_test_postfix_start_or_skip (NULL);
  g_autofree char *log = NULL;

  if (postfix == NULL)
    return;

  run_manual_session (sp_test_postfix_get_address (postfix), sp_test_postfix_get_port (postfix));
  /* One connection: EHLO, MAIL, two RCPT, RSET, QUIT. The start's own
   * check of the banner logs a disconnection too, so wait for this one. */
  if (!sp_test_postfix_wait_for_log (postfix, "ehlo=1 mail=1 rcpt=1/2 rset=1 quit=1", 5000))
    {
      log = sp_test_postfix_dup_log (postfix);
      g_test_message ("%s", log);
      g_assert_not_reached ();
    }
  log = sp_test_postfix_dup_log (postfix);
  g_assert_nonnull (strstr (log, "User unknown in local recipient table"));
}

/* Checks a line against @console and returns the hint's suggestion. */
static char *
check (SpConsole      *console,
       const char     *line,
       SpConsoleCheck  expected)
{
  char *suggestion = NULL;
  g_autofree char *hint = NULL;

  g_assert_cmpint (sp_console_check_line (console, line, &suggestion), ==, expected);
  hint = sp_diagnosis_dup_console_hint (expected, line, suggestion);
  if (expected == SP_CONSOLE_CHECK_OK || expected == SP_CONSOLE_CHECK_EMPTY)
    g_assert_null (hint);
  else
    g_assert_nonnull (hint);
  if (expected == SP_CONSOLE_CHECK_MISSPELLED)
    g_assert_nonnull (strstr (hint, "Did you mean"));

  return suggestion;
}

static void
test_console_check (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario_unknown);
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(SpConsole) console = console_connect (transcript, "127.0.0.1",
                                                  sp_scripted_server_get_port (server));
  g_autofree char *rcpt = NULL;
  g_autofree char *mail = NULL;
  g_autofree char *ehlo = NULL;
  g_autofree char *starttls = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *ok = NULL;

  ehlo = check (console, "EHOL client.example.org", SP_CONSOLE_CHECK_MISSPELLED);
  g_assert_cmpstr (ehlo, ==, "EHLO client.example.org");
  /* Before EHLO, nothing is known of what the server offers. */
  g_free (check (console, "STARTTLS", SP_CONSOLE_CHECK_OK));
  g_assert_cmpuint (send_line (console, "EHLO client.example.org", NULL), ==, 250);

  rcpt = check (console, "RCTP TO:<kate@example.test>", SP_CONSOLE_CHECK_MISSPELLED);
  g_assert_cmpstr (rcpt, ==, "RCPT TO:<kate@example.test>");
  hint = sp_diagnosis_dup_console_hint (SP_CONSOLE_CHECK_MISSPELLED,
                                        "RCTP TO:<kate@example.test>", rcpt);
  g_assert_cmpstr (hint, ==, "The server would not understand “RCTP TO:<kate@example.test>”. "
                             "Did you mean “RCPT TO:<kate@example.test>”?");
  /* The telnet procedure's 501 5.5.4: the keyword misspelled or without its colon. */
  mail = check (console, "mail form:<a@example.org>", SP_CONSOLE_CHECK_MISSPELLED);
  g_assert_cmpstr (mail, ==, "MAIL FROM:<a@example.org>");
  g_clear_pointer (&mail, g_free);
  mail = check (console, "MAIL FROM <a@example.org>", SP_CONSOLE_CHECK_MISSPELLED);
  g_assert_cmpstr (mail, ==, "MAIL FROM:<a@example.org>");
  g_free (check (console, "XYZZY", SP_CONSOLE_CHECK_UNKNOWN));
  g_free (check (console, "", SP_CONSOLE_CHECK_EMPTY));

  /* The scripted server's EHLO offers neither STARTTLS nor AUTH. */
  starttls = check (console, "STARTTLS", SP_CONSOLE_CHECK_NOT_OFFERED);
  g_assert_cmpstr (starttls, ==, "STARTTLS");
  auth = check (console, "AUTH PLAIN AGthdGUAc2VjcmV0", SP_CONSOLE_CHECK_NOT_OFFERED);
  g_assert_cmpstr (auth, ==, "AUTH");
  g_free (check (console, "RSET\r\nQUIT", SP_CONSOLE_CHECK_LINE_BREAK));

  ok = check (console, "rcpt to:<kate@example.test>", SP_CONSOLE_CHECK_OK);
  g_assert_null (ok);
}

static void
test_console_line_break (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario_unknown);
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(SpConsole) console = console_connect (transcript, "127.0.0.1",
                                                  sp_scripted_server_get_port (server));
  g_autoptr(GError) error = NULL;
  guint n_received;

  g_assert_cmpuint (send_line (console, "EHLO client.example.org", NULL), ==, 250);
  n_received = sp_scripted_server_get_received (server)->len;

  g_assert_cmpuint (send_line (console, "RSET\r\nMAIL FROM:<x@example.org>", &error), ==, 0);
  g_assert_error (error, SP_CONSOLE_ERROR, SP_CONSOLE_ERROR_LINE_BREAK);
  g_clear_error (&error);
  g_assert_cmpuint (send_line (console, "NOOP\nQUIT", &error), ==, 0);
  g_assert_error (error, SP_CONSOLE_ERROR, SP_CONSOLE_ERROR_LINE_BREAK);

  /* Nothing went out, and the session goes on. */
  g_assert_cmpuint (sp_scripted_server_get_received (server)->len, ==, n_received);
  g_assert_cmpint (sp_console_get_mode (console), ==, SP_CONSOLE_MODE_COMMAND);
  g_assert_cmpuint (send_line (console, "NOOP", NULL), ==, 250);
}

static void
test_console_data (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario_unknown);
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(SpConsole) console = console_connect (transcript, "127.0.0.1",
                                                  sp_scripted_server_get_port (server));
  g_autoptr(GError) error = NULL;
  GPtrArray *received = sp_scripted_server_get_received (server);
  guint n_received;

  g_assert_false (sp_console_add_message_line (console, "too early", &error));
  g_assert_error (error, SP_CONSOLE_ERROR, SP_CONSOLE_ERROR_WRONG_MODE);
  g_clear_error (&error);

  g_assert_cmpuint (send_line (console, "EHLO client.example.org", NULL), ==, 250);
  g_assert_cmpuint (send_line (console, "MAIL FROM:<helpdesk@example.org>", NULL), ==, 250);
  g_assert_cmpuint (send_line (console, "RCPT TO:<kate@example.test>", NULL), ==, 250);
  g_assert_cmpuint (send_line (console, "DATA", NULL), ==, 354);
  g_assert_cmpint (sp_console_get_mode (console), ==, SP_CONSOLE_MODE_MESSAGE);

  /* A command now is refused: the server reads message text. */
  g_assert_cmpuint (send_line (console, "QUIT", &error), ==, 0);
  g_assert_error (error, SP_CONSOLE_ERROR, SP_CONSOLE_ERROR_WRONG_MODE);
  g_clear_error (&error);

  n_received = received->len;
  g_assert_true (sp_console_add_message_line (console, "Subject: test", NULL));
  g_assert_true (sp_console_add_message_line (console, "", NULL));
  g_assert_true (sp_console_add_message_line (console, ".hidden line", NULL));
  /* A lone dot is text too: it cannot end the message by accident. */
  g_assert_true (sp_console_add_message_line (console, ".", NULL));
  g_assert_false (sp_console_add_message_line (console, "two\r\n.\r\nlines", &error));
  g_assert_error (error, SP_CONSOLE_ERROR, SP_CONSOLE_ERROR_LINE_BREAK);
  g_assert_cmpuint (sp_console_get_n_message_lines (console), ==, 4);

  /* Nothing is sent before the explicit end. */
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (received->len, ==, n_received);

  g_assert_cmpuint (end_message (console), ==, 250);
  g_assert_cmpint (sp_console_get_mode (console), ==, SP_CONSOLE_MODE_COMMAND);
  g_assert_cmpuint (received->len, ==, n_received + 5);
  g_assert_cmpstr (received->pdata[n_received], ==, "Subject: test");
  g_assert_cmpstr (received->pdata[n_received + 1], ==, "");
  g_assert_cmpstr (received->pdata[n_received + 2], ==, "..hidden line");
  g_assert_cmpstr (received->pdata[n_received + 3], ==, "..");
  g_assert_cmpstr (received->pdata[n_received + 4], ==, ".");

  g_assert_cmpuint (send_line (console, "QUIT", NULL), ==, 221);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);
  g_assert_cmpint (sp_transcript_get_deciding_step (transcript), ==, SP_STEP_MESSAGE);
}

#define PASSWORD "Tr0ub4dor&3horse"
/* Base64 of "\0kate\0" PASSWORD, of "kate" and of PASSWORD */
#define PLAIN_BLOB "AGthdGUAVHIwdWI0ZG9yJjNob3JzZQ=="
#define LOGIN_USER "a2F0ZQ=="
#define LOGIN_PASSWORD "VHIwdWI0ZG9yJjNob3JzZQ=="

static const char *scenario_auth =
  "hostname mx1.example.test\n"
  "on EHLO => 250-mx1.example.test\\n250-AUTH PLAIN LOGIN\\n250 8BITMIME\n"
  "on AUTH PLAIN " PLAIN_BLOB " => 235 2.7.0 Authentication successful\n"
  "on AUTH LOGIN => 334 VXNlcm5hbWU6\n"
  "on " LOGIN_USER " => 334 UGFzc3dvcmQ6\n"
  "on " LOGIN_PASSWORD " => 535 5.7.8 Authentication failed for " PASSWORD "\n"
  /* A server that echoes the password later, where no login step is. */
  "on MAIL => 250 2.1.0 Ok, your password " PASSWORD " is fine\n";

static void
assert_no_password (SpTranscript *transcript)
{
  for (guint i = 0; i < sp_transcript_get_n_entries (transcript); i++)
    {
      const char *text = sp_transcript_get_entry (transcript, i)->text;

      g_assert_null (strstr (text, PASSWORD));
      g_assert_null (strstr (text, PLAIN_BLOB));
      g_assert_null (strstr (text, LOGIN_PASSWORD));
    }

  for (SpExportFormat format = SP_EXPORT_FORMAT_TEXT; format <= SP_EXPORT_FORMAT_JSON; format++)
    {
      g_autofree char *exported = sp_export_to_string (transcript, format);

      g_assert_null (strstr (exported, PASSWORD));
      g_assert_null (strstr (exported, PLAIN_BLOB));
      g_assert_null (strstr (exported, LOGIN_PASSWORD));
    }
}

static void
test_console_auth (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario_auth);
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(SpConsole) console = console_connect (transcript, "127.0.0.1",
                                                  sp_scripted_server_get_port (server));
  SpAttempt *attempt = sp_console_get_attempt (console);

  g_assert_cmpuint (send_line (console, "EHLO client.example.org", NULL), ==, 250);
  g_free (check (console, "AUTH PLAIN " PLAIN_BLOB, SP_CONSOLE_CHECK_AUTH_NOT_ENCRYPTED));

  /* LOGIN, answered line by line, refused with the password echoed. */
  g_assert_cmpuint (send_line (console, "AUTH LOGIN", NULL), ==, 334);
  g_assert_cmpint (sp_console_get_mode (console), ==, SP_CONSOLE_MODE_AUTH);
  g_assert_cmpuint (send_line (console, LOGIN_USER, NULL), ==, 334);
  g_assert_cmpuint (send_line (console, LOGIN_PASSWORD, NULL), ==, 535);
  g_assert_cmpint (sp_console_get_mode (console), ==, SP_CONSOLE_MODE_COMMAND);
  g_assert_cmpstr (sp_attempt_get_auth_user (attempt), ==, "kate");
  g_assert_false (sp_attempt_get_authenticated (attempt));

  /* PLAIN with its blob. */
  g_assert_cmpuint (send_line (console, "AUTH PLAIN " PLAIN_BLOB, NULL), ==, 235);
  g_assert_cmpstr (sp_attempt_get_auth_mechanism (attempt), ==, "PLAIN");
  g_assert_true (sp_attempt_get_authenticated (attempt));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_CLIENT,
                                         "AUTH PLAIN ********"));

  g_assert_cmpuint (send_line (console, "MAIL FROM:<kate@example.test>", NULL), ==, 250);
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_SERVER,
                                         "your password ********"));
  g_assert_cmpuint (send_line (console, "QUIT", NULL), ==, 221);

  /* The server did get the real lines. */
  g_assert_true (sp_test_received_has (server, "AUTH PLAIN " PLAIN_BLOB));
  g_assert_true (sp_test_received_has (server, LOGIN_PASSWORD));
  assert_no_password (transcript);
}

/* "Continue by hand": the guided test's connection goes on in the console. */
static void
test_console_adopt (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario_unknown);
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpSession) session = NULL;
  g_autoptr(SpConsole) console = NULL;
  SpTranscript *transcript;

  request = sp_test_request_new ("127.0.0.1", sp_scripted_server_get_port (server));
  request->check_only = TRUE;

  probe = sp_test_probe_run_keeping (request);
  session = sp_probe_take_session (probe);
  g_assert_nonnull (session);

  transcript = sp_probe_get_transcript (probe);
  console = sp_console_new (transcript);
  sp_console_adopt_session (console, session, sp_transcript_get_attempt (transcript, 0));
  g_assert_cmpint (sp_console_get_mode (console), ==, SP_CONSOLE_MODE_COMMAND);
  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, 2);
  /* What the server offered is known: STARTTLS is not. */
  g_free (check (console, "STARTTLS", SP_CONSOLE_CHECK_NOT_OFFERED));

  g_assert_cmpuint (send_line (console, "MAIL FROM:<helpdesk@example.org>", NULL), ==, 250);
  g_assert_cmpuint (send_line (console, "RCPT TO:<nobody@example.test>", NULL), ==, 550);
  g_assert_cmpuint (send_line (console, "QUIT", NULL), ==, 221);

  g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 1);
  g_assert_cmpint (sp_attempt_get_verdict (sp_console_get_attempt (console)), ==,
                   SP_VERDICT_PERMANENT);
  /* The guided test's verdict stays the test's. */
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);
  g_assert_true (sp_transcript_get_deciding_attempt (transcript) ==
                 sp_transcript_get_attempt (transcript, 0));
}

/* Iterates until every object of @objects is finalized, ten seconds at most. */
static void
wait_finalized (GObject **objects,
                guint     n_objects)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (guint i = 0; i < n_objects; i++)
    while (objects[i] != NULL && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < n_objects; i++)
    g_assert_null (objects[i]);
}

/* Leaving a console that waits for a command: QUIT goes out after the
 * last reference is gone, and what keeps the server alive lives until
 * the goodbye is over. */
static void
test_console_quit_in_background (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario_unknown);
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  SpConsole *console = console_connect (transcript, "127.0.0.1",
                                        sp_scripted_server_get_port (server));
  GObject *objects[2] = { G_OBJECT (console), g_object_new (G_TYPE_OBJECT, NULL) };

  g_assert_cmpuint (send_line (console, "EHLO client.example.org", NULL), ==, 250);
  g_object_add_weak_pointer (objects[0], (gpointer *) &objects[0]);
  g_object_add_weak_pointer (objects[1], (gpointer *) &objects[1]);

  sp_console_quit_in_background (console, objects[1]);
  g_object_unref (objects[1]);
  g_object_unref (console);
  g_assert_nonnull (objects[1]);

  wait_finalized (objects, G_N_ELEMENTS (objects));
  g_assert_true (sp_test_received_has (server, "QUIT"));
}

/* In the middle of a message, QUIT would be read as message text: the
 * connection is closed at once instead. */
static void
test_console_quit_in_message (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario_unknown);
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(SpConsole) console = console_connect (transcript, "127.0.0.1",
                                                  sp_scripted_server_get_port (server));
  g_autoptr(GObject) keep = g_object_new (G_TYPE_OBJECT, NULL);

  g_assert_cmpuint (send_line (console, "EHLO client.example.org", NULL), ==, 250);
  g_assert_cmpuint (send_line (console, "MAIL FROM:<helpdesk@example.org>", NULL), ==, 250);
  g_assert_cmpuint (send_line (console, "RCPT TO:<kate@example.test>", NULL), ==, 250);
  g_assert_cmpuint (send_line (console, "DATA", NULL), ==, 354);

  sp_console_quit_in_background (console, keep);
  g_assert_cmpint (sp_console_get_mode (console), ==, SP_CONSOLE_MODE_CLOSED);
  g_assert_false (sp_session_is_connected (sp_console_get_session (console)));
  g_assert_cmpint (sp_attempt_get_state (sp_console_get_attempt (console)), ==,
                   SP_ATTEMPT_STATE_DONE);
  /* Nothing was held for a goodbye. */
  g_assert_cmpint (G_OBJECT (keep)->ref_count, ==, 1);
  g_assert_false (sp_test_received_has (server, "QUIT"));
}

/* The session a test kept open to go on by hand, when nobody took it:
 * goodbye in the background, as for the console. */
static void
test_console_kept_session_goodbye (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario_unknown);
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  GObject *objects[2] = { NULL, g_object_new (G_TYPE_OBJECT, NULL) };

  request = sp_test_request_new ("127.0.0.1", sp_scripted_server_get_port (server));
  request->check_only = TRUE;
  probe = sp_test_probe_run_keeping (request);
  objects[0] = G_OBJECT (sp_probe_take_session (probe));
  g_assert_nonnull (objects[0]);
  g_assert_false (sp_test_received_has (server, "QUIT"));
  g_object_add_weak_pointer (objects[0], (gpointer *) &objects[0]);
  g_object_add_weak_pointer (objects[1], (gpointer *) &objects[1]);

  sp_session_quit_in_background (SP_SESSION (objects[0]), objects[1]);
  g_object_unref (objects[1]);
  g_object_unref (objects[0]);
  g_assert_nonnull (objects[1]);

  wait_finalized (objects, G_N_ELEMENTS (objects));
  g_assert_true (sp_test_received_has (server, "QUIT"));
}

static void
test_console_closed_by_server (void)
{
  g_autoptr(SpScriptedServer) server =
    sp_test_scripted_start ("on NOOP => 421 4.4.2 mx1.example.test Error: timeout exceeded\n");
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(SpConsole) console = console_connect (transcript, "127.0.0.1",
                                                  sp_scripted_server_get_port (server));
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (send_line (console, "NOOP", NULL), ==, 421);
  g_assert_cmpint (sp_console_get_mode (console), ==, SP_CONSOLE_MODE_CLOSED);
  g_assert_cmpint (sp_attempt_get_state (sp_console_get_attempt (console)), ==,
                   SP_ATTEMPT_STATE_DONE);
  g_assert_cmpuint (send_line (console, "RSET", &error), ==, 0);
  g_assert_error (error, SP_CONSOLE_ERROR, SP_CONSOLE_ERROR_CLOSED);
}

static void
test_console_new_destroy (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  SpConsole *console = sp_console_new (transcript);

  g_assert_true (sp_console_get_transcript (console) == transcript);
  g_assert_null (sp_console_get_attempt (console));
  g_assert_null (sp_console_get_session (console));
  g_assert_cmpint (sp_console_get_mode (console), ==, SP_CONSOLE_MODE_CLOSED);
  g_assert_finalize_object (console);
}

static void
test_console_connect_failed (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(SpConsole) console = sp_console_new (transcript);
  g_autoptr(GInetAddress) ip = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (ip, sp_test_free_port (FALSE));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SpReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  sp_console_connect_async (console, G_INET_SOCKET_ADDRESS (address), "mx1.example.test", NULL,
                            result_cb, &result);
  reply = sp_console_connect_finish (console, wait_for (&result), &error);
  g_assert_null (reply);
  g_assert_error (error, SP_SESSION_ERROR, SP_SESSION_ERROR_CONNECTION_REFUSED);

  g_assert_cmpint (sp_console_get_mode (console), ==, SP_CONSOLE_MODE_CLOSED);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_CONNECT_FAILED);
  g_assert_cmpint (sp_transcript_get_deciding_step (transcript), ==, SP_STEP_CONNECT);
  g_assert_cmpstr (sp_transcript_get_verdict_detail (transcript), ==, error->message);
}

static void
test_console_complete (void)
{
  g_auto(GStrv) rcpt = sp_console_complete ("rc");
  g_auto(GStrv) e = sp_console_complete ("E");
  g_auto(GStrv) none = sp_console_complete ("RCPT TO:<kate");

  g_assert_cmpstrv (rcpt, ((const char *[]) { "RCPT TO:<", NULL }));
  g_assert_cmpstrv (e, ((const char *[]) { "EHLO ", "EXPN ", "ETRN ", NULL }));
  g_assert_cmpstrv (none, ((const char *[]) { NULL }));
}

/* STARTTLS typed by hand starts TLS, with the certificate report. */
static void
test_console_starttls (void)
{
  g_autoptr(SpTestCerts) certs = sp_test_certs_make_or_skip ();
  g_autoptr(SpTestPostfix) postfix = NULL;
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(SpConsole) console = NULL;
  g_autoptr(SpExplanation) explanation = NULL;
  SpTestPostfixOptions options = { 0 };
  SpCapabilities *capabilities;
  SpTlsReport *report;

  if (certs == NULL)
    return;
  options.tls_cert_file = certs->self_signed;
  options.tls_key_file = certs->key_file;
  postfix = sp_test_postfix_start_or_skip (&options);
  if (postfix == NULL)
    return;

  console = console_connect (transcript, sp_test_postfix_get_address (postfix),
                             sp_test_postfix_get_port (postfix));
  g_assert_cmpuint (send_line (console, "EHLO client.example.org", NULL), ==, 250);
  g_free (check (console, "STARTTLS", SP_CONSOLE_CHECK_OK));
  g_assert_cmpuint (send_line (console, "starttls", NULL), ==, 220);

  g_assert_true (sp_session_is_encrypted (sp_console_get_session (console)));
  report = sp_attempt_get_tls_report (sp_console_get_attempt (console));
  g_assert_nonnull (report);
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE, "Certificate subject: "));
  /* Self-signed: the report says so, and the diagnosis explains it. */
  explanation = sp_diagnosis_explain_certificate (report);
  g_assert_nonnull (explanation);

  g_free (check (console, "STARTTLS", SP_CONSOLE_CHECK_ALREADY_ENCRYPTED));
  g_assert_cmpuint (send_line (console, "EHLO client.example.org", NULL), ==, 250);
  /* The new EHLO reply, over TLS, no longer offers STARTTLS. */
  capabilities = sp_session_get_capabilities (sp_console_get_session (console));
  g_assert_false (sp_capabilities_has (capabilities, "STARTTLS"));
  g_assert_cmpuint (send_line (console, "MAIL FROM:<helpdesk@example.org>", NULL), ==, 250);
  g_assert_cmpuint (send_line (console, "QUIT", NULL), ==, 221);
  g_assert_true (sp_test_postfix_wait_for_log (postfix, "starttls=1 mail=1 quit=1", 5000));
}

/* The CLI */

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
} Piped;

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Piped *piped = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &piped->out,
                                        &piped->err, &error);
  /* A CLI that ends before it reads its input, as after a failed lookup,
   * closes the pipe: when this process is slow (valgrind), the input is
   * only written then. Its exit status tells what happened. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    g_assert_no_error (error);
  if (piped->out == NULL)
    piped->out = g_strdup ("");
  if (piped->err == NULL)
    piped->err = g_strdup ("");
  piped->done = TRUE;
}

/* Runs smtp-probe-cli with @args and @input on its standard input, and
 * returns its exit status; the in-process servers keep serving. */
static int
run_cli_piped (const char * const *args,
               const char         *input,
               Piped              *piped)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("SMTP_PROBE_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, input, NULL, communicate_cb, piped);
  g_assert_true (sp_test_iterate_until (&piped->done, 60000));
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("stdout:\n%s\nstderr:\n%s", piped->out, piped->err);

  return g_subprocess_get_exit_status (process);
}

static void
piped_clear (Piped *piped)
{
  g_free (piped->out);
  g_free (piped->err);
}

static void
test_console_cli_pipe (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario_unknown);
  g_autofree char *dir = sp_test_make_tmpdir ("console-XXXXXX");
  g_autofree char *target = g_strdup_printf ("127.0.0.1:%u",
                                             sp_scripted_server_get_port (server));
  g_autofree char *output = g_build_filename (dir, "console.json", NULL);
  g_autofree char *json = NULL;
  const char *args[] = { "--interactive", "--server", target, "--output", output, NULL };
  Piped piped = { 0 };
  int status;

  status = run_cli_piped (args,
                          "EHLO client.example.org\r\n"
                          "MAIL FROM:<helpdesk@example.org>\n"
                          "RCTP TO:<kate@example.test>\n"
                          "NOOP\rQUIT\n"
                          "RCPT TO:<nobody@example.test>\n"
                          "RSET\n"
                          "QUIT\n", &piped);

  /* The misspelled line got its hint, and went as written in a script. */
  g_assert_nonnull (strstr (piped.err, "Did you mean “RCPT TO:<kate@example.test>”?"));
  g_assert_true (sp_test_received_has (server, "RCTP TO:<kate@example.test>"));
  /* The line with a CR inside never went out. */
  g_assert_nonnull (strstr (piped.err, "A command cannot contain a line break"));
  g_assert_false (sp_test_received_has_prefix (server, "NOOP"));

  /* Replies printed with the explanation of the failures. */
  g_assert_nonnull (strstr (piped.out, "C: EHLO client.example.org\n"));
  g_assert_nonnull (strstr (piped.out, "S: 550 5.1.1 <nobody@example.test>"));
  g_assert_nonnull (strstr (piped.out, "What to try:"));
  g_assert_nonnull (strstr (piped.out, "S: 221"));
  /* Refused recipient: the exit status of a guided test refused there. */
  g_assert_cmpint (status, ==, 8);
  g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 1);

  g_assert_true (g_file_get_contents (output, &json, NULL, NULL));
  g_assert_nonnull (strstr (json, "\"recipient-unknown\""));
  g_assert_nonnull (strstr (json, "RSET"));

  piped_clear (&piped);
  sp_test_rm_rf (dir);
}

static void
test_console_cli_pipe_data_auth (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario_auth);
  g_autofree char *target = g_strdup_printf ("127.0.0.1:%u",
                                             sp_scripted_server_get_port (server));
  const char *args[] = { "--interactive", "--server", target, "--json", NULL };
  Piped piped = { 0 };
  int status;

  status = run_cli_piped (args,
                          "EHLO client.example.org\n"
                          "AUTH PLAIN " PLAIN_BLOB "\n"
                          "MAIL FROM:<kate@example.test>\n"
                          "RCPT TO:<kate@example.test>\n"
                          "DATA\n"
                          "Subject: by hand\n"
                          "\n"
                          ".leading dot\n"
                          ".\n", &piped);

  /* The end of the input said goodbye after the message. */
  g_assert_cmpint (status, ==, 0);
  g_assert_true (sp_test_received_has (server, "..leading dot"));
  g_assert_true (sp_test_received_has (server, "QUIT"));
  g_assert_nonnull (strstr (piped.out, "\"verdict\""));
  g_assert_nonnull (strstr (piped.out, "AUTH PLAIN ********"));
  g_assert_null (strstr (piped.out, PASSWORD));
  g_assert_null (strstr (piped.out, PLAIN_BLOB));
  g_assert_null (strstr (piped.err, PASSWORD));

  piped_clear (&piped);
}

/* With a recipient instead of --server: its domain's first mail server. */
static void
test_console_cli_mx (void)
{
  const char *records[] = {
    "--host-record=smtp.example.test,127.0.0.21",
    "--host-record=backup.example.test,127.0.0.22",
    "--mx-host=route.example.test,smtp.example.test,10",
    "--mx-host=route.example.test,backup.example.test,20",
    NULL
  };
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (records);
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  Piped piped = { 0 };
  int status;

  if (dns == NULL)
    return;

  server = sp_scripted_server_new ("hostname smtp.example.test\n", &error);
  g_assert_no_error (error);
  sp_scripted_server_start (server, "127.0.0.21", 0, &error);
  g_assert_no_error (error);
  port = g_strdup_printf ("%u", sp_scripted_server_get_port (server));

  {
    const char *args[] = { "--interactive", "--dns-server", sp_test_dnsmasq_get_server (dns),
                           "--port", port, "kate@route.example.test", NULL };

    status = run_cli_piped (args, "EHLO client.example.org\nQUIT\n", &piped);
  }

  g_assert_cmpint (status, ==, 0);
  g_assert_true (sp_test_received_has (server, "EHLO client.example.org"));
  g_assert_nonnull (strstr (piped.out, "The first mail server of route.example.test is "
                                       "smtp.example.test (preference 10)."));
  g_assert_nonnull (strstr (piped.out, "Connecting to smtp.example.test [127.0.0.21]"));
  g_assert_nonnull (strstr (piped.out, "S: 221"));
  piped_clear (&piped);

  /* A domain that does not exist: the lookup's exit status. */
  {
    const char *args[] = { "--interactive", "--dns-server", sp_test_dnsmasq_get_server (dns),
                           "kate@nosuch.example.test", NULL };

    memset (&piped, 0, sizeof piped);
    status = run_cli_piped (args, "EHLO client.example.org\n", &piped);
  }
  g_assert_cmpint (status, ==, 3);
  g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 1);
  piped_clear (&piped);
}

/* TLS from the first byte (--tls implicit), with a self-signed
 * certificate accepted for this session by its fingerprint. */
static void
test_console_cli_implicit_tls (void)
{
  g_autoptr(SpTestCerts) certs = sp_test_certs_make_or_skip ();
  g_autoptr(SpTestPostfix) postfix = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *target = NULL;
  SpTestPostfixOptions options = { 0 };
  Piped piped = { 0 };
  int status;

  if (certs == NULL)
    return;
  options.tls_cert_file = certs->self_signed;
  options.tls_key_file = certs->key_file;
  options.implicit_tls = TRUE;
  postfix = sp_test_postfix_start_or_skip (&options);
  if (postfix == NULL)
    return;

  certificate = g_tls_certificate_new_from_file (certs->self_signed, &error);
  g_assert_no_error (error);
  g_object_get (certificate, "certificate", &der, NULL);
  fingerprint = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  target = g_strdup_printf ("%s:%u", sp_test_postfix_get_address (postfix),
                            sp_test_postfix_get_port (postfix));

  {
    const char *args[] = { "--interactive", "--server", target, "--tls", "implicit",
                           "--accept-certificate", fingerprint, "--json", NULL };

    status = run_cli_piped (args, "EHLO client.example.org\nQUIT\n", &piped);
  }
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (piped.out, "\"step\" : \"tls\""));
  g_assert_nonnull (strstr (piped.out, "\"accepted\" : true"));
  g_assert_true (sp_test_postfix_wait_for_log (postfix, "ehlo=1 quit=1", 5000));
  piped_clear (&piped);
}

typedef struct
{
  GString     *out;
  gboolean     done;
  int          master;
  int          slave;
  guint        watch;
  GSubprocess *process;
} Terminal;

static gboolean
terminal_read_cb (int           fd,
                  GIOCondition  condition,
                  gpointer      user_data)
{
  Terminal *terminal = user_data;
  char buffer[4096];
  gssize n = read (fd, buffer, sizeof buffer);

  if (n <= 0)
    {
      terminal->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  g_string_append_len (terminal->out, buffer, n);

  return G_SOURCE_CONTINUE;
}

static gboolean
wake_cb (gpointer user_data)
{
  gboolean *woken = user_data;

  *woken = TRUE;

  return G_SOURCE_REMOVE;
}

/* Iterates until the terminal's output holds @needle after @from. */
static gsize
terminal_wait_for (Terminal   *terminal,
                   gsize       from,
                   const char *needle)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  const char *found;

  /* Without output, the iteration wakes up now and then to see the time. */
  while ((found = strstr (terminal->out->str + from, needle)) == NULL &&
         g_get_monotonic_time () < end)
    {
      gboolean woken = FALSE;
      guint id = g_timeout_add (100, wake_cb, &woken);

      g_main_context_iteration (NULL, TRUE);
      if (!woken)
        g_source_remove (id);
    }
  if (found == NULL)
    g_test_message ("terminal so far:\n%s", terminal->out->str);
  g_assert_nonnull (found);

  return found - terminal->out->str + strlen (needle);
}

static void
terminal_type (int         master,
               const char *keys)
{
  g_assert_cmpint (write (master, keys, strlen (keys)), ==, (gssize) strlen (keys));
}

/* Starts the CLI's console on a new pseudo-terminal, to @target. */
static void
terminal_start (Terminal   *terminal,
                const char *target)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;

  terminal->out = g_string_new (NULL);
  terminal->master = posix_openpt (O_RDWR | O_NOCTTY);
  g_assert_cmpint (terminal->master, >=, 0);
  g_assert_cmpint (grantpt (terminal->master), ==, 0);
  g_assert_cmpint (unlockpt (terminal->master), ==, 0);
  terminal->slave = open (ptsname (terminal->master), O_RDWR | O_NOCTTY);
  g_assert_cmpint (terminal->slave, >=, 0);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_take_stdin_fd (launcher, dup (terminal->slave));
  g_subprocess_launcher_take_stdout_fd (launcher, dup (terminal->slave));
  g_subprocess_launcher_take_stderr_fd (launcher, dup (terminal->slave));
  g_subprocess_launcher_setenv (launcher, "TERM", "xterm", TRUE);
  terminal->process = g_subprocess_launcher_spawn (launcher, &error,
                                                   g_getenv ("SMTP_PROBE_CLI"), "--interactive",
                                                   "--server", target, NULL);
  g_assert_no_error (error);

  g_unix_set_fd_nonblocking (terminal->master, TRUE, NULL);
  terminal->watch = g_unix_fd_add (terminal->master, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                   terminal_read_cb, terminal);
}

/* The terminal's modes are as they were: whole lines and echo. */
static void
terminal_assert_restored (Terminal *terminal)
{
  struct termios modes;

  g_assert_cmpint (tcgetattr (terminal->slave, &modes), ==, 0);
  g_assert_true ((modes.c_lflag & (ICANON | ECHO)) == (ICANON | ECHO));
}

static void
terminal_stop (Terminal *terminal)
{
  g_source_remove (terminal->watch);
  close (terminal->slave);
  close (terminal->master);
  g_string_free (terminal->out, TRUE);
  g_clear_object (&terminal->process);
}

/* The acceptance session typed on a terminal, against the server at
 * @target, which knows kate@example.test and not nobody@, and offers no
 * AUTH; the replies waited for are those of both the scripted server and
 * Postfix. */
static void
run_terminal_session (const char *target)
{
  g_autoptr(GError) error = NULL;
  Terminal terminal = { 0 };
  GSubprocess *process;
  gsize at;
  int master;

  terminal_start (&terminal, target);
  process = terminal.process;
  master = terminal.master;

  at = terminal_wait_for (&terminal, 0, "smtp> ");
  terminal_type (master, "EHLO client.example.org\r");
  at = terminal_wait_for (&terminal, at, "S: 250 ");
  terminal_type (master, "MAIL FROM:<helpdesk@example.org>\r");
  at = terminal_wait_for (&terminal, at, "250 2.1.0");
  terminal_type (master, "RCPT TO:<kate@example.test>\r");
  at = terminal_wait_for (&terminal, at, "250 2.1.5");

  /* Up recalls the last command; Backspace takes "kate@example.test>"
   * (18 characters) back, and the second recipient is typed instead. */
  terminal_type (master, "\033[A");
  at = terminal_wait_for (&terminal, at, "RCPT TO:<kate@example.test>");
  for (guint i = 0; i < strlen ("kate@example.test>"); i++)
    terminal_type (master, "\177");
  terminal_type (master, "nobody@example.test>\r");
  at = terminal_wait_for (&terminal, at, "550 5.1.1");
  at = terminal_wait_for (&terminal, at, "What to try:");

  /* Left, then the missing letter: "RST" becomes "RSET". */
  terminal_type (master, "RST\033[DE\r");
  at = terminal_wait_for (&terminal, at, "S: 250 2.0.0 Ok");

  /* A misspelled verb waits, fixed, for Enter. */
  terminal_type (master, "NOPO\r");
  at = terminal_wait_for (&terminal, at, "Did you mean “NOOP”?");
  terminal_type (master, "\r");
  at = terminal_wait_for (&terminal, at, "S: 250 2.0.0 Ok");

  /* A login's credential is sent, but Up never brings it back. */
  terminal_type (master, "AUTH PLAIN " PLAIN_BLOB "\r");
  at = terminal_wait_for (&terminal, at, "did not offer AUTH");
  terminal_type (master, "\r");
  at = terminal_wait_for (&terminal, at, "C: AUTH PLAIN ********");
  at = terminal_wait_for (&terminal, at, "S: 5");
  terminal_type (master, "\033[A");
  at = terminal_wait_for (&terminal, at, "smtp> AUTH PLAIN \033[K");
  g_assert_null (strstr (terminal.out->str + at, PLAIN_BLOB));
  terminal_type (master, "\025");

  /* Lines typed before the reply to the one before go out after it. */
  terminal_type (master, "NOOP\rHELP\r");
  at = terminal_wait_for (&terminal, at, "C: NOOP");
  at = terminal_wait_for (&terminal, at, "C: HELP");

  /* Tab completes the verb; Home and End move over the line. */
  terminal_type (master, "QU\t\033[H\033[F\r");
  at = terminal_wait_for (&terminal, at, "S: 221");
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  /* The last command that mattered was the refused login. */
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 13);

  terminal_assert_restored (&terminal);
  terminal_stop (&terminal);
}

static void
test_console_cli_terminal (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario_unknown);
  g_autofree char *target = g_strdup_printf ("127.0.0.1:%u",
                                             sp_scripted_server_get_port (server));

  run_terminal_session (target);

  g_assert_true (sp_test_received_has (server, "RCPT TO:<nobody@example.test>"));
  g_assert_true (sp_test_received_has (server, "RSET"));
  g_assert_true (sp_test_received_has (server, "NOOP"));
  g_assert_true (sp_test_received_has (server, "QUIT"));
  g_assert_false (sp_test_received_has (server, "NOPO"));
  g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 1);
}

/* The acceptance session against Postfix, on a terminal and from a pipe. */
static void
test_console_cli_postfix (void)
{
  g_autoptr(SpTestPostfix) postfix = sp_test_postfix_start_or_skip (NULL);
  g_autofree char *target = NULL;
  Piped piped = { 0 };
  int status;

  if (postfix == NULL)
    return;
  target = g_strdup_printf ("%s:%u", sp_test_postfix_get_address (postfix),
                            sp_test_postfix_get_port (postfix));

  run_terminal_session (target);
  g_assert_true (sp_test_postfix_wait_for_log (postfix, "rcpt=1/2 rset=1", 5000));

  {
    const char *args[] = { "--interactive", "--server", target, NULL };

    status = run_cli_piped (args,
                            "EHLO client.example.org\n"
                            "MAIL FROM:<helpdesk@example.org>\n"
                            "RCPT TO:<kate@example.test>\n"
                            "RCPT TO:<nobody@example.test>\n"
                            "RSET\n"
                            "QUIT\n", &piped);
  }
  g_assert_cmpint (status, ==, 8);
  g_assert_nonnull (strstr (piped.out, "S: 550 5.1.1 <nobody@example.test>: Recipient address "
                                       "rejected: User unknown in local recipient table"));
  g_assert_nonnull (strstr (piped.out, "What to try:"));
  g_assert_true (sp_test_postfix_wait_for_log (postfix, "ehlo=1 mail=1 rcpt=1/2 rset=1 quit=1",
                                               5000));
  piped_clear (&piped);
}

/* Killed while the terminal is in raw mode, the CLI puts it back first. */
static void
test_console_cli_terminal_signal (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario_unknown);
  g_autofree char *target = g_strdup_printf ("127.0.0.1:%u",
                                             sp_scripted_server_get_port (server));
  g_autoptr(GError) error = NULL;
  Terminal terminal = { 0 };
  struct termios modes;

  terminal_start (&terminal, target);
  terminal_wait_for (&terminal, 0, "smtp> ");
  g_assert_cmpint (tcgetattr (terminal.slave, &modes), ==, 0);
  g_assert_cmpint (modes.c_lflag & (ICANON | ECHO), ==, 0);

  g_subprocess_send_signal (terminal.process, SIGTERM);
  g_subprocess_wait (terminal.process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (terminal.process));
  g_assert_cmpint (g_subprocess_get_term_sig (terminal.process), ==, SIGTERM);

  terminal_assert_restored (&terminal);
  terminal_stop (&terminal);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/console/new-destroy", test_console_new_destroy);
  g_test_add_func ("/sp/console/session", test_console_session);
  g_test_add_func ("/sp/console/postfix", test_console_postfix);
  g_test_add_func ("/sp/console/check", test_console_check);
  g_test_add_func ("/sp/console/line-break", test_console_line_break);
  g_test_add_func ("/sp/console/data", test_console_data);
  g_test_add_func ("/sp/console/auth", test_console_auth);
  g_test_add_func ("/sp/console/starttls", test_console_starttls);
  g_test_add_func ("/sp/console/adopt", test_console_adopt);
  g_test_add_func ("/sp/console/closed-by-server", test_console_closed_by_server);
  g_test_add_func ("/sp/console/quit-in-background", test_console_quit_in_background);
  g_test_add_func ("/sp/console/quit-in-message", test_console_quit_in_message);
  g_test_add_func ("/sp/console/kept-session-goodbye", test_console_kept_session_goodbye);
  g_test_add_func ("/sp/console/connect-failed", test_console_connect_failed);
  g_test_add_func ("/sp/console/complete", test_console_complete);
  g_test_add_func ("/sp/console/cli-pipe", test_console_cli_pipe);
  g_test_add_func ("/sp/console/cli-pipe-data-auth", test_console_cli_pipe_data_auth);
  g_test_add_func ("/sp/console/cli-mx", test_console_cli_mx);
  g_test_add_func ("/sp/console/cli-implicit-tls", test_console_cli_implicit_tls);
  g_test_add_func ("/sp/console/cli-terminal", test_console_cli_terminal);
  g_test_add_func ("/sp/console/cli-postfix", test_console_cli_postfix);
  g_test_add_func ("/sp/console/cli-terminal-signal", test_console_cli_terminal_signal);

  return g_test_run ();
}
