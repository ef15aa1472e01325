/* test-cli.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* posix_openpt() and the other pseudo-terminal calls */
#define _GNU_SOURCE

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <glib-unix.h>

#include "sp-diagnosis.h"
#include "sp-scripted-server.h"
#include "sp-test-aiosmtpd.h"
#include "sp-test-certs.h"
#include "sp-test-probe.h"
#include "sp-test-util.h"

/* The login of the AUTH tests. The Base64 forms of the password have no
 * "/" or "+" that an export could escape, so searching for them is a real
 * search (checked in secrets_new ()). */
#define USER     "kate@example.org"
#define PASSWORD "Corr3ct-Horse-42"

/* Runs smtp-probe-cli against scripted servers in this process, so the
 * main loop keeps serving them while the CLI runs. */

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
  int       status;
} CliResult;

static void
cli_result_clear (CliResult *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CliResult *r = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &r->out, &r->err, &error);
  g_assert_no_error (error);
  r->status = g_subprocess_get_if_exited (G_SUBPROCESS (object))
            ? g_subprocess_get_exit_status (G_SUBPROCESS (object)) : -1;
  r->done = TRUE;
}

static GSubprocess *
cli_spawn (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("SMTP_PROBE_CLI");
  GSubprocess *process;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer)cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);

  return process;
}

/* In the child: a session of its own, so it has no terminal to prompt on,
 * or, with a pty name, that pty as its controlling terminal. */
static void
new_session_cb (gpointer user_data)
{
  const char *pty = user_data;

  setsid ();
  if (pty != NULL)
    {
      int fd = open (pty, O_RDWR);

      if (fd >= 0)
        {
          ioctl (fd, TIOCSCTTY, 0);
          close (fd);
        }
    }
}

/* Like cli_spawn(), in a new session (see new_session_cb()), with
 * SMTP_PROBE_PASSWORD set to @password (NULL: unset). */
static GSubprocess *
cli_spawn_session (const char * const *args,
                   const char         *password,
                   const char         *pty)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("SMTP_PROBE_CLI");
  GSubprocess *process;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer)cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (password != NULL)
    g_subprocess_launcher_setenv (launcher, "SMTP_PROBE_PASSWORD", password, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "SMTP_PROBE_PASSWORD");
  g_subprocess_launcher_set_child_setup (launcher, new_session_cb, g_strdup (pty), g_free);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  return process;
}

static void
cli_wait (GSubprocess *process,
          CliResult   *r)
{
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, r);
  g_assert_true (sp_test_iterate_until (&r->done, 60000));
}

static void
cli_run (const char * const *args,
         CliResult          *r)
{
  g_autoptr(GSubprocess) process = cli_spawn (args);

  cli_wait (process, r);
}

static char *
server_arg (SpScriptedServer *server)
{
  return g_strdup_printf ("127.0.0.1:%u", sp_scripted_server_get_port (server));
}

/* Each case: a scenario, extra options, the exit status and a text the
 * output must show. */
typedef struct
{
  const char *path;
  const char *scenario;
  const char *option;
  int         status;
  const char *expect;
} ExitCase;

static const ExitCase exit_cases[] = {
  { "/sp/cli/exit/accepted", "", NULL, 0, "S: 221" },
  { "/sp/cli/exit/no-send", "", "--no-send", 0, "No message was sent" },
  { "/sp/cli/exit/banner", "banner 554 5.7.1 No SMTP service here", NULL, 5, "554 5.7.1" },
  { "/sp/cli/exit/ehlo", "on EHLO => 501 5.5.4 Invalid domain name", NULL, 6, "501 5.5.4" },
  { "/sp/cli/exit/mail-address", "on MAIL => 550 5.1.7 Invalid address", NULL, 7, "550 5.1.7" },
  { "/sp/cli/exit/mail-auth", "on MAIL => 530 5.7.1 Client was not authenticated", NULL, 7,
    "530 5.7.1" },
  { "/sp/cli/exit/rcpt", "on RCPT => 550 5.1.1 User unknown", NULL, 8, "550 5.1.1" },
  { "/sp/cli/exit/data", "on DATA => 500 5.3.3 Unrecognized command", NULL, 9, "500 5.3.3" },
  { "/sp/cli/exit/message", "on . => 554 5.6.0 Message refused", NULL, 10, "554 5.6.0" },
  { "/sp/cli/exit/timeout", "on RCPT => silent", "--timeout=1", 11, "within 1 second." },
};

static void
test_exit_case (gconstpointer data)
{
  const ExitCase *c = data;
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (c->scenario);
  g_autofree char *server_text = server_arg (server);
  g_auto(CliResult) r = { 0 };
  const char *args[] = {
    "--server", server_text, "--from", "helpdesk@example.org",
    c->option != NULL ? c->option : "--color=never", "kate@example.test", NULL
  };

  cli_run (args, &r);
  g_test_message ("stdout:\n%s\nstderr:\n%s", r.out, r.err);
  g_assert_cmpint (r.status, ==, c->status);
  g_assert_nonnull (strstr (r.out, c->expect));
  /* Colour is never the only signal: the markers say who spoke. */
  g_assert_true (strstr (r.out, "S: 220 ") != NULL || strstr (r.out, "S: 554 ") != NULL);
}

static void
test_no_send_sends_nothing (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autofree char *server_text = server_arg (server);
  g_auto(CliResult) r = { 0 };
  const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org", "--no-send",
                         "kate@example.test", NULL };

  cli_run (args, &r);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (sp_test_received_has_prefix (server, "RCPT TO:<kate@example.test>"));
  g_assert_true (sp_test_received_has_prefix (server, "RSET"));
  g_assert_false (sp_test_received_has_prefix (server, "DATA"));
}

static void
test_connection_refused (void)
{
  g_autofree char *server_text = g_strdup_printf ("127.0.0.1:%u", sp_test_free_port (FALSE));
  g_auto(CliResult) r = { 0 };
  const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                         "kate@example.test", NULL };

  cli_run (args, &r);
  g_assert_cmpint (r.status, ==, 4);
  g_assert_nonnull (strstr (r.out, "refused"));
}

static void
test_dns_failure (void)
{
  g_autofree char *dns = g_strdup_printf ("127.0.0.1:%u", sp_test_free_port (TRUE));
  g_auto(CliResult) r = { 0 };
  const char *args[] = { "--dns-server", dns, "--from", "helpdesk@example.org",
                         "kate@example.test", NULL };

  /* Nothing answers DNS on that port. */
  cli_run (args, &r);
  g_test_message ("stdout:\n%s\nstderr:\n%s", r.out, r.err);
  g_assert_cmpint (r.status, ==, 3);
}

/* Issue 8: a temporary (4xx) refusal exits with its stage's status plus
 * 20, so scripts can tell "try again later" from "refused"; a server that
 * lacks SMTPUTF8 has a status of its own, and a server that wants
 * encryption first is an encryption failure. */
static const struct
{
  const char *scenario;
  const char *options[6];
  const char *recipient;
  int         status;
  const char *expect;
} verdict_exit_cases[] = {
  { "banner 421 4.3.2 Service not available", { NULL }, NULL, 25, "S: 421 4.3.2" },
  { "on EHLO => 451 4.3.0 Try again later", { NULL }, NULL, 26, "S: 451 4.3.0" },
  { "on MAIL => 451 4.3.0 Temporary lookup failure", { NULL }, NULL, 27, "S: 451 4.3.0" },
  { "on RCPT => 450 4.2.0 Greylisted, try again later", { NULL }, NULL, 28, "Greylisted" },
  { "on DATA => 451 4.3.0 Not now", { NULL }, NULL, 29, "S: 451 4.3.0" },
  { "on . => 451 4.3.0 Queue file write error", { NULL }, NULL, 30, "S: 451 4.3.0" },
  { "on EHLO => 250-mx.example.test\\n250 STARTTLS\n"
    "on STARTTLS => 454 4.7.0 TLS not available due to local problem",
    { "--tls=required", NULL }, NULL, 32, "S: 454 4.7.0" },
  { "on EHLO => 250-mx.example.test\\n250 AUTH PLAIN\n"
    "on AUTH => 454 4.7.0 Temporary authentication failure",
    { "--tls=off", "--auth-user", USER, "--auth-allow-plaintext", NULL }, NULL, 33,
    "S: 454 4.7.0" },
  /* Permanent refusals and other failures keep the stage's own status. */
  { "on RCPT => 550 5.1.1 User unknown", { NULL }, NULL, 8, "S: 550 5.1.1" },
  { "on EHLO => 250-mx.example.test\\n250 AUTH PLAIN\n"
    "on AUTH => 535 5.7.8 Authentication credentials invalid",
    { "--tls=off", "--auth-user", USER, "--auth-allow-plaintext", NULL }, NULL, 13,
    "S: 535 5.7.8" },
  { "on DATA => 250 2.0.0 Ok", { NULL }, NULL, 9, "instead of 354" },
  { "on MAIL => 530 5.7.0 Must issue a STARTTLS command first", { NULL }, NULL, 12,
    "--tls required" },
  { "on EHLO => 250-mx.example.test\\n250 8BITMIME", { NULL }, "josé@example.test", 14,
    "SMTPUTF8" },
};

static void
test_verdict_exit (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (verdict_exit_cases); i++)
    {
      g_autoptr(SpScriptedServer) server = NULL;
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *server_text = NULL;
      g_auto(CliResult) r = { 0 };

      server = sp_test_scripted_start (verdict_exit_cases[i].scenario);
      server_text = server_arg (server);
      g_ptr_array_add (args, (gpointer) "--server");
      g_ptr_array_add (args, server_text);
      g_ptr_array_add (args, (gpointer) "--from");
      g_ptr_array_add (args, (gpointer) "helpdesk@example.org");
      for (guint j = 0; verdict_exit_cases[i].options[j] != NULL; j++)
        g_ptr_array_add (args, (gpointer) verdict_exit_cases[i].options[j]);
      g_ptr_array_add (args, (gpointer) (verdict_exit_cases[i].recipient != NULL
                                         ? verdict_exit_cases[i].recipient
                                         : "kate@example.test"));
      g_ptr_array_add (args, NULL);

      process = cli_spawn_session ((const char * const *) args->pdata, PASSWORD, NULL);
      cli_wait (process, &r);
      g_test_message ("scenario: %s\nstdout:\n%s\nstderr:\n%s", verdict_exit_cases[i].scenario,
                      r.out, r.err);
      g_assert_cmpint (r.status, ==, verdict_exit_cases[i].status);
      g_assert_nonnull (strstr (r.out, verdict_exit_cases[i].expect));
    }
}

/* Issue 9: the verdict's colour is its tone's (sp_diagnosis_get_tone()),
 * as in the GUI and the exports: a temporary refusal and a time-out are
 * amber like a 4xx reply line, not red. */
static void
test_verdict_colour (void)
{
  static const struct
  {
    const char *scenario;
    const char *option;
    SpVerdict   verdict;
    int         status;
    const char *colour;  /* the tone's colour, after the bold of the verdict */
    const char *reply;   /* a reply line of the same tone, or NULL */
  } cases[] = {
    { "on RCPT => 450 4.2.0 Greylisted, try again later", NULL, SP_VERDICT_TRANSIENT, 28,
      "\033[33m", "S: \033[33m450 4.2.0 Greylisted" },
    { "on RCPT => silent", "--timeout=1", SP_VERDICT_TIMED_OUT, 11, "\033[33m", NULL },
    { "on RCPT => 550 5.1.1 User unknown", NULL, SP_VERDICT_PERMANENT, 8, "\033[1;31m",
      "S: \033[1;31m550 5.1.1 User unknown" },
    { "", NULL, SP_VERDICT_ACCEPTED, 0, "\033[32m", "S: \033[32m250 " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpScriptedServer) server = sp_test_scripted_start (cases[i].scenario);
      g_autofree char *server_text = server_arg (server);
      g_autofree char *verdict = NULL;
      g_auto(CliResult) r = { 0 };
      const char *args[] = {
        "--server", server_text, "--from", "helpdesk@example.org", "--color=always",
        cases[i].option != NULL ? cases[i].option : "kate@example.test",
        cases[i].option != NULL ? "kate@example.test" : NULL, NULL
      };

      cli_run (args, &r);
      g_test_message ("scenario: %s\nstdout:\n%s", cases[i].scenario, r.out);
      g_assert_cmpint (r.status, ==, cases[i].status);
      verdict = g_strdup_printf ("\n\033[1m%s%s\033[0m\n", cases[i].colour,
                                 sp_verdict_get_label (cases[i].verdict));
      g_assert_nonnull (strstr (r.out, verdict));
      if (cases[i].reply != NULL)
        g_assert_nonnull (strstr (r.out, cases[i].reply));
    }
}

/* Usage errors: the program name once, then the option whose value is
 * bad; "::1:2722" is refused as ambiguous, with the form to use. */
static void
test_usage_errors (void)
{
  static const struct
  {
    const char *args[4];
    const char *option;
    const char *hint;
  } cases[] = {
    { { "--port", "abc", "kate@example.test", NULL }, "--port", "abc" },
    { { "--timeout", "x", "kate@example.test", NULL }, "--timeout", NULL },
    { { "--no-such-option", "kate@example.test", NULL }, "--no-such-option", NULL },
    { { "--server", "::1:2722", "kate@example.test", NULL }, "--server", "[::1]:2722" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_auto(CliResult) r = { 0 };
      g_autofree char *first_line = NULL;
      const char *rest;

      g_ptr_array_add (args, (gpointer) "--from");
      g_ptr_array_add (args, (gpointer) "helpdesk@example.org");
      for (guint j = 0; cases[i].args[j] != NULL; j++)
        g_ptr_array_add (args, (gpointer) cases[i].args[j]);
      g_ptr_array_add (args, NULL);

      cli_run ((const char * const *) args->pdata, &r);
      g_test_message ("stderr: %s", r.err);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_true (g_str_has_prefix (r.err, "smtp-probe-cli: "));
      first_line = g_strndup (r.err, strcspn (r.err, "\n"));
      rest = first_line + strlen ("smtp-probe-cli: ");
      g_assert_null (strstr (rest, "smtp-probe-cli:"));
      g_assert_nonnull (strstr (first_line, cases[i].option));
      if (cases[i].hint != NULL)
        g_assert_nonnull (strstr (first_line, cases[i].hint));
    }
}

static void
test_bad_input (void)
{
  static const struct
  {
    const char *args[8];
    const char *field;
  } cases[] = {
    { { "kate.example.test", NULL }, "RECIPIENT" },
    { { "kate@@example.test", NULL }, "RECIPIENT" },
    { { "--from", "help\r\nRSET@example.org", "kate@example.test", NULL }, "--from" },
    { { "--from", "help@example.org\nRSET", "kate@example.test", NULL }, "--from" },
    { { "--port", "70000", "kate@example.test", NULL }, "--port" },
    { { "--ehlo", "bad name", "kate@example.test", NULL }, "--ehlo" },
    { { "--notify", "sometimes", "kate@example.test", NULL }, "--notify" },
    { { "--output", "log.pdf", "kate@example.test", NULL }, "--output" },
    { { "--dns-server", "127.0.0.1:notaport", "kate@example.test", NULL }, "--dns-server" },
    { { "--server", "127.0.0.1:0", "kate@example.test", NULL }, "--server" },
    { { "--subject", "hi\r\nBcc: x@example.test", "kate@example.test", NULL }, "--subject" },
    { { NULL }, "RECIPIENT" },
  };
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autofree char *server_text = server_arg (server);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *expected = g_strdup_printf ("smtp-probe-cli: %s: ", cases[i].field);
      g_auto(CliResult) r = { 0 };
      gboolean has_from = FALSE;
      gboolean has_server = FALSE;

      for (guint j = 0; cases[i].args[j] != NULL; j++)
        {
          has_from |= g_str_equal (cases[i].args[j], "--from");
          has_server |= g_str_equal (cases[i].args[j], "--server");
        }
      if (!has_from)
        {
          g_ptr_array_add (args, (gpointer)"--from");
          g_ptr_array_add (args, (gpointer)"helpdesk@example.org");
        }
      if (!has_server)
        {
          g_ptr_array_add (args, (gpointer)"--server");
          g_ptr_array_add (args, server_text);
        }
      for (guint j = 0; cases[i].args[j] != NULL; j++)
        g_ptr_array_add (args, (gpointer)cases[i].args[j]);
      g_ptr_array_add (args, NULL);

      cli_run ((const char * const *)args->pdata, &r);
      g_test_message ("case %u stderr: %s", i, r.err);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_true (g_str_has_prefix (r.err, expected));
    }

  /* Bad input never reaches the network. */
  g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 0);
}

static GVariant *
lookup (GVariant   *object,
        const char *key)
{
  GVariant *value = g_variant_lookup_value (object, key, NULL);

  if (value == NULL)
    g_error ("JSON key “%s” is missing", key);

  return value;
}

static void
test_json (void)
{
  g_autoptr(SpScriptedServer) server =
    sp_test_scripted_start ("on RCPT => 550 5.1.1 User unknown");
  g_autofree char *server_text = server_arg (server);
  g_auto(CliResult) r = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) root = NULL;
  g_autoptr(GVariant) verdict = NULL;
  g_autoptr(GVariant) mx = NULL;
  g_autoptr(GVariant) attempts = NULL;
  g_autoptr(GVariant) attempt_boxed = NULL;
  g_autoptr(GVariant) attempt = NULL;
  g_autoptr(GVariant) steps = NULL;
  gboolean saw_rcpt = FALSE;
  const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org", "--json",
                         "kate@example.test", NULL };

  cli_run (args, &r);
  g_assert_cmpint (r.status, ==, 8);

  root = sp_test_parse_json (r.out, &error);
  g_assert_no_error (error);
  verdict = lookup (root, "verdict");
  g_assert_cmpstr (g_variant_get_string (verdict, NULL), ==, "permanent-failure");
  mx = lookup (root, "mx");
  attempts = lookup (root, "attempts");
  g_assert_cmpuint (g_variant_n_children (attempts), ==, 1);
  attempt_boxed = g_variant_get_child_value (attempts, 0);
  attempt = g_variant_get_variant (attempt_boxed);

  for (guint i = 0; i < 5; i++)
    {
      static const char * const keys[] = { "host", "address", "port", "steps", "result" };
      g_autoptr(GVariant) v = lookup (attempt, keys[i]);
    }

  steps = lookup (attempt, "steps");
  for (gsize i = 0; i < g_variant_n_children (steps); i++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (steps, i);
      g_autoptr(GVariant) step = g_variant_get_variant (boxed);
      g_autoptr(GVariant) command = lookup (step, "command");
      g_autoptr(GVariant) code = lookup (step, "code");
      g_autoptr(GVariant) enhanced = lookup (step, "enhanced_code");
      g_autoptr(GVariant) reply = lookup (step, "reply");
      g_autoptr(GVariant) klass = lookup (step, "class");
      g_autoptr(GVariant) elapsed = lookup (step, "elapsed_ms");
      g_autoptr(GVariant) name = lookup (step, "step");

      if (g_str_equal (g_variant_get_string (name, NULL), "rcpt"))
        {
          g_autoptr(GVariant) line_boxed = NULL;
          g_autoptr(GVariant) line = NULL;

          saw_rcpt = TRUE;
          g_assert_cmpstr (g_variant_get_string (klass, NULL), ==, "permanent");
          g_assert_cmpint (g_variant_get_int64 (code), ==, 550);
          g_assert_cmpstr (g_variant_get_string (enhanced, NULL), ==, "5.1.1");
          g_assert_cmpstr (g_variant_get_string (command, NULL), ==,
                           "RCPT TO:<kate@example.test> NOTIFY=SUCCESS,FAILURE");
          g_assert_cmpuint (g_variant_n_children (reply), ==, 1);
          line_boxed = g_variant_get_child_value (reply, 0);
          line = g_variant_get_variant (line_boxed);
          g_assert_cmpstr (g_variant_get_string (line, NULL), ==, "550 5.1.1 User unknown");
          g_assert_cmpfloat (g_variant_get_double (elapsed), >=, 0.0);
        }
    }
  g_assert_true (saw_rcpt);
}

/* TRUE when a table row of CSS class @klass (the reply's colour) holds @text. */
static gboolean
html_row_has (const char *html,
              const char *klass,
              const char *text)
{
  g_autofree char *start = g_strdup_printf ("<tr class=\"%s\">", klass);
  const char *p = html;

  while ((p = strstr (p, start)) != NULL)
    {
      const char *end = strstr (p, "</tr>");
      g_autofree char *row = g_strndup (p, end != NULL ? (gsize)(end - p) : strlen (p));

      if (strstr (row, text) != NULL)
        return TRUE;
      p += strlen (start);
    }

  return FALSE;
}

static void
test_output_files (void)
{
  g_autoptr(SpScriptedServer) server = NULL;
  g_autofree char *server_text = NULL;
  g_autofree char *dir = sp_test_make_tmpdir ("cli-output");
  static const char * const names[] = { "log.html", "log.txt", "log.json" };

  server = sp_test_scripted_start ("on RCPT => 550 5.1.1 <kate@example.test> User unknown");
  server_text = server_arg (server);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autofree char *contents = NULL;
      g_auto(CliResult) r = { 0 };
      const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                             "--output", path, "kate@example.test", NULL };

      cli_run (args, &r);
      g_assert_cmpint (r.status, ==, 8);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));

      if (g_str_has_suffix (path, ".html"))
        {
          g_assert_true (g_str_has_prefix (contents, "<!DOCTYPE html>"));
          /* Server text is escaped and the reply carries its class. */
          g_assert_nonnull (strstr (contents, "&lt;kate@example.test&gt; User unknown"));
          g_assert_null (strstr (contents, "<kate@example.test>"));
          g_assert_true (html_row_has (contents, "c5", "550 5.1.1"));
          g_assert_true (html_row_has (contents, "c2", "220 mx.example.test"));
          g_assert_nonnull (strstr (contents, "Permanent failure"));
        }
      else if (g_str_has_suffix (path, ".json"))
        {
          g_autoptr(GVariant) root = sp_test_parse_json (contents, NULL);

          g_assert_nonnull (root);
        }
      else
        g_assert_nonnull (strstr (contents, "550 5.1.1 <kate@example.test> User unknown"));
    }

  sp_test_rm_rf (dir);
}

/* Issue 9: one sentence for the verdict. The CLI's summary, the JSON
 * export of the same run and the diagnosis of the same test run in this
 * process say it word for word. */
static void
test_headline (void)
{
  static const char scenario[] = "on RCPT => 550 5.1.1 User unknown";
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario);
  g_autoptr(SpScriptedServer) again = sp_test_scripted_start (scenario);
  g_autofree char *server_text = server_arg (server);
  g_autofree char *dir = sp_test_make_tmpdir ("cli-headline");
  g_autofree char *path = g_build_filename (dir, "x.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected_summary = NULL;
  g_autofree char *diagnosis = NULL;
  g_autoptr(GVariant) root = NULL;
  g_autoptr(GVariant) headline = NULL;
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CliResult) r = { 0 };
  const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                         "--color=never", "--output", path, "kate@example.test", NULL };

  cli_run (args, &r);
  g_test_message ("stdout:\n%s", r.out);
  g_assert_cmpint (r.status, ==, 8);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  root = sp_test_parse_json (contents, &error);
  g_assert_no_error (error);
  headline = lookup (root, "headline");
  g_assert_cmpstr (g_variant_get_string (headline, NULL), ==,
                   "The server refused the recipient kate@example.test");

  /* The summary: the verdict in a word, then the headline on a line of
   * its own. */
  expected_summary = g_strdup_printf ("\n%s\n%s\n", sp_verdict_get_label (SP_VERDICT_PERMANENT),
                                      g_variant_get_string (headline, NULL));
  g_assert_nonnull (strstr (r.out, expected_summary));

  /* The same kind of test, run here, gets the same sentence. */
  request->recipient = g_strdup ("kate@example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->server = g_strdup ("127.0.0.1");
  request->port = sp_scripted_server_get_port (again);
  request->timeout_ms = 10000;
  probe = sp_test_probe_run (request);
  sp_test_assert_verdict (probe, SP_VERDICT_PERMANENT, SP_STEP_RCPT);
  diagnosis = sp_diagnosis_dup_headline (sp_probe_get_transcript (probe));
  g_assert_cmpstr (diagnosis, ==, g_variant_get_string (headline, NULL));

  sp_test_rm_rf (dir);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  g_subprocess_send_signal (user_data, SIGINT);

  return G_SOURCE_REMOVE;
}

static void
test_interrupt_keeps_log (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("on RCPT => silent");
  g_autofree char *server_text = server_arg (server);
  g_autofree char *dir = sp_test_make_tmpdir ("cli-interrupt");
  g_autofree char *path = g_build_filename (dir, "log.txt", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_auto(CliResult) r = { 0 };
  const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                         "--output", path, "kate@example.test", NULL };

  process = cli_spawn (args);
  g_timeout_add (1000, interrupt_cb, process);
  cli_wait (process, &r);
  g_assert_cmpint (r.status, ==, 130);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "RCPT TO:<kate@example.test>"));

  sp_test_rm_rf (dir);
}

/* The telnet procedure's failures: each explained under its reply in the
 * live output, and in the JSON on the step and at the top. */
typedef struct
{
  const char *path;
  const char *scenario;   /* NULL: nothing listens */
  const char *option;
  const char *step;       /* the step that fails, as JSON names it */
  const char *rule;
  const char *anchor;     /* the start of the log text the explanation follows */
  const char *meaning;    /* a part of the explanation's meaning */
} ExplainCase;

static const ExplainCase explain_cases[] = {
  { "/sp/cli/explain/ehlo", "on EHLO => 501 5.5.4 Invalid domain name", NULL, "ehlo",
    "ehlo-syntax", "S: 501 5.5.4 Invalid domain name", "the name is invalid" },
  { "/sp/cli/explain/mail-address", "on MAIL => 550 5.1.7 Invalid address", NULL, "mail",
    "sender-syntax", "S: 550 5.1.7 Invalid address", "not a valid address" },
  { "/sp/cli/explain/mail-auth", "on MAIL => 530 5.7.1 Client was not authenticated", NULL,
    "mail", "auth-required", "S: 530 5.7.1", "anonymous senders" },
  { "/sp/cli/explain/rcpt", "on RCPT => 550 5.1.1 User unknown", NULL, "rcpt",
    "recipient-unknown", "S: 550 5.1.1 User unknown", "this address does not exist" },
  { "/sp/cli/explain/data", "on DATA => 500 5.3.3 Unrecognized command", NULL, "data",
    "unrecognized-command", "S: 500 5.3.3", "does not know this command" },
  { "/sp/cli/explain/refused", NULL, NULL, "connect", "connect-refused",
    "!! Could not open a connection", "nothing accepted a connection" },
  { "/sp/cli/explain/timeout", "on RCPT => silent", "--timeout=1", "rcpt", "step-timeout",
    "!! The server did not finish", "did not finish its answer" },
  { "/sp/cli/explain/banner-timeout", "banner silent", "--timeout=1", "banner",
    "banner-timeout", "!! The server did not finish", "never sent its greeting" },
};

static GVariant *
json_element (GVariant *array,
              gsize     index)
{
  g_autoptr(GVariant) boxed = g_variant_get_child_value (array, index);

  return g_variant_get_variant (boxed);
}

static void
assert_json_explanation (GVariant   *object,
                         const char *rule,
                         const char *meaning)
{
  g_autoptr(GVariant) explanation = lookup (object, "explanation");
  g_autoptr(GVariant) rule_value = NULL;
  g_autoptr(GVariant) meaning_value = NULL;
  g_autoptr(GVariant) reasons = NULL;
  g_autoptr(GVariant) advice = NULL;

  /* A null would be "mv"; an object is "a{sv}". */
  g_assert_true (g_variant_is_of_type (explanation, G_VARIANT_TYPE_VARDICT));
  rule_value = lookup (explanation, "rule");
  meaning_value = lookup (explanation, "meaning");
  reasons = lookup (explanation, "reasons");
  advice = lookup (explanation, "advice");
  g_assert_cmpstr (g_variant_get_string (rule_value, NULL), ==, rule);
  g_assert_nonnull (strstr (g_variant_get_string (meaning_value, NULL), meaning));
  g_assert_cmpuint (g_variant_n_children (reasons), >=, 1);
  g_assert_cmpuint (g_variant_n_children (advice), >=, 1);
}

static void
test_explain_case (gconstpointer data)
{
  const ExplainCase *c = data;
  g_autoptr(SpScriptedServer) server = NULL;
  g_autofree char *server_text = NULL;
  g_auto(CliResult) r = { 0 };
  g_auto(CliResult) j = { 0 };
  g_auto(CliResult) coloured = { 0 };
  g_autoptr(GVariant) root = NULL;
  g_autoptr(GVariant) attempts = NULL;
  g_autoptr(GVariant) attempt = NULL;
  g_autoptr(GVariant) steps = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean saw_step = FALSE;
  guint anchor = 0;
  const char *option = c->option != NULL ? c->option : "--color=never";

  if (c->scenario != NULL)
    {
      server = sp_test_scripted_start (c->scenario);
      server_text = server_arg (server);
    }
  else
    server_text = g_strdup_printf ("127.0.0.1:%u", sp_test_free_port (FALSE));

  {
    const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org", option,
                           "kate@example.test", NULL };
    const char *json_args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                                option, "--json", "kate@example.test", NULL };
    const char *colour_args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                                  option, "--color=always", "kate@example.test", NULL };

    cli_run (args, &r);
    cli_run (json_args, &j);
    cli_run (colour_args, &coloured);
  }
  g_test_message ("stdout:\n%s", r.out);

  /* Under the failing line, indented to its text: what it means, why, and
   * what to try. */
  lines = g_strsplit (r.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (anchor == 0 && strstr (lines[i], c->anchor) != NULL)
      anchor = i;
  g_assert_cmpuint (anchor, >, 0);
  g_assert_nonnull (lines[anchor + 1]);
  g_assert_true (g_str_has_prefix (lines[anchor + 1], "                What it means: "));
  {
    g_autoptr(GString) block = g_string_new (NULL);

    for (guint i = anchor + 1; lines[i] != NULL && g_str_has_prefix (lines[i], "    "); i++)
      g_string_append_printf (block, "%s ", g_strstrip (lines[i]));
    g_assert_nonnull (strstr (block->str, c->meaning));
    g_assert_nonnull (strstr (block->str, "Likely reasons:"));
    g_assert_nonnull (strstr (block->str, "What to try:"));
  }
  /* Once: the verdict at the end does not repeat it. */
  g_assert_null (strstr (strstr (r.out, "What it means:") + 1, "What it means:"));

  /* Colour only adds to the labels, and only when asked for. */
  g_assert_null (strchr (r.out, '\033'));
  g_assert_nonnull (strstr (coloured.out, "\033[1;36mWhat it means:\033[0m "));

  root = sp_test_parse_json (j.out, &error);
  g_assert_no_error (error);
  assert_json_explanation (root, c->rule, c->meaning);
  attempts = lookup (root, "attempts");
  attempt = json_element (attempts, 0);
  steps = lookup (attempt, "steps");
  for (gsize i = 0; i < g_variant_n_children (steps); i++)
    {
      g_autoptr(GVariant) step = json_element (steps, i);
      g_autoptr(GVariant) name = lookup (step, "step");

      if (g_str_equal (g_variant_get_string (name, NULL), c->step))
        {
          assert_json_explanation (step, c->rule, c->meaning);
          saw_step = TRUE;
        }
    }
  g_assert_true (saw_step);
}

/* A failure without a reply to print under is explained after the
 * verdict. */
static void
test_explain_dns (void)
{
  g_autofree char *dns = g_strdup_printf ("127.0.0.1:%u", sp_test_free_port (TRUE));
  g_auto(CliResult) r = { 0 };
  const char *args[] = { "--dns-server", dns, "--from", "helpdesk@example.org", "--timeout=2",
                         "kate@example.test", NULL };
  const char *verdict;

  cli_run (args, &r);
  g_assert_cmpint (r.status, ==, 3);
  verdict = strstr (r.out, "\nMail server lookup failed\n");
  g_assert_nonnull (verdict);
  /* The lookup's own error is explained, not just "the lookup failed". */
  g_assert_nonnull (strstr (verdict, "\nWhat it means: No DNS server answered"));
  g_assert_nonnull (strstr (verdict, "\nWhat to try:\n  • "));
}

/* Encryption and logging in */

static void
test_tls_bad_policy (void)
{
  static const char * const policies[] = { "bogus", "", "starttls", "on", "tls" };
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autofree char *server_text = server_arg (server);

  for (guint i = 0; i < G_N_ELEMENTS (policies); i++)
    {
      g_auto(CliResult) r = { 0 };
      const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                             "--tls", policies[i], "kate@example.test", NULL };

      cli_run (args, &r);
      g_test_message ("--tls “%s”: %s", policies[i], r.err);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_true (g_str_has_prefix (r.err, "smtp-probe-cli: --tls: "));
      /* The sentence names the choices. */
      g_assert_nonnull (strstr (r.err, "opportunistic"));
    }

  g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 0);
}

static void
test_tls_ca_file (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autofree char *server_text = server_arg (server);
  g_autofree char *dir = sp_test_make_tmpdir ("cli-ca-file");
  g_autofree char *missing = g_build_filename (dir, "no-such-ca.pem", NULL);
  g_autofree char *not_pem = g_build_filename (dir, "notes.pem", NULL);
  const char *files[] = { missing, not_pem, dir };

  g_assert_true (g_file_set_contents (not_pem, "not a certificate\n", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_auto(CliResult) r = { 0 };
      const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                             "--ca-file", files[i], "kate@example.test", NULL };

      cli_run (args, &r);
      g_test_message ("--ca-file %s: %s", files[i], r.err);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_true (g_str_has_prefix (r.err, "smtp-probe-cli: --ca-file: "));
    }

  g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 0);
  sp_test_rm_rf (dir);
}

/* Without --port, implicit TLS goes to port 465; an explicit port wins. */
static void
test_tls_implicit_port (void)
{
  static const struct
  {
    const char *port;
    gint64      expected;
  } cases[] = {
    { NULL, 465 },
    { "2465", 2465 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(CliResult) r = { 0 };
      g_autoptr(GVariant) root = NULL;
      g_autoptr(GVariant) attempts = NULL;
      g_autoptr(GVariant) attempt = NULL;
      g_autoptr(GVariant) boxed = NULL;
      g_autoptr(GVariant) port = NULL;
      g_autoptr(GError) error = NULL;
      const char *args[] = { "--server", "127.0.0.1", "--from", "helpdesk@example.org",
                             "--tls", "implicit", "--timeout", "2", "--json",
                             "kate@example.test", cases[i].port != NULL ? "--port" : NULL,
                             cases[i].port, NULL };

      cli_run (args, &r);
      root = sp_test_parse_json (r.out, &error);
      g_assert_no_error (error);
      attempts = lookup (root, "attempts");
      g_assert_cmpuint (g_variant_n_children (attempts), ==, 1);
      boxed = g_variant_get_child_value (attempts, 0);
      attempt = g_variant_get_variant (boxed);
      port = lookup (attempt, "port");
      g_assert_cmpint (g_variant_get_int64 (port), ==, cases[i].expected);
    }
}

/* A server that does not offer STARTTLS fails a test that requires it,
 * with its own exit status and an explanation under the log line. */
static void
test_tls_required_not_offered (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autofree char *server_text = server_arg (server);
  g_auto(CliResult) r = { 0 };
  g_auto(CliResult) j = { 0 };
  g_autoptr(GVariant) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                         "--tls", "required", "kate@example.test", NULL };
  const char *json_args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                              "--tls", "required", "--json", "kate@example.test", NULL };
  const char *note;

  cli_run (args, &r);
  g_test_message ("stdout:\n%s", r.out);
  g_assert_cmpint (r.status, ==, 12);
  note = strstr (r.out, "!! The server does not offer encryption (STARTTLS).");
  g_assert_nonnull (note);
  g_assert_true (g_str_has_prefix (strchr (note, '\n'), "\n                What it means: "));
  g_assert_false (sp_test_received_has_prefix (server, "MAIL"));

  cli_run (json_args, &j);
  g_assert_cmpint (j.status, ==, 12);
  root = sp_test_parse_json (j.out, &error);
  g_assert_no_error (error);
  assert_json_explanation (root, "starttls-not-offered", "does not offer encryption");
}

typedef struct
{
  char *forms[3];  /* the password, its Base64, the PLAIN blob */
} Secrets;

static Secrets *
secrets_new (const char *user,
             const char *password)
{
  Secrets *secrets = g_new0 (Secrets, 1);
  g_autoptr(GByteArray) blob = g_byte_array_new ();

  /* Made here rather than with the code under test. */
  g_byte_array_append (blob, (const guint8 *) "", 1);
  g_byte_array_append (blob, (const guint8 *) user, strlen (user));
  g_byte_array_append (blob, (const guint8 *) "", 1);
  g_byte_array_append (blob, (const guint8 *) password, strlen (password));

  secrets->forms[0] = g_strdup (password);
  secrets->forms[1] = g_base64_encode ((const guchar *) password, strlen (password));
  secrets->forms[2] = g_base64_encode (blob->data, blob->len);

  for (guint i = 0; i < G_N_ELEMENTS (secrets->forms); i++)
    {
      g_assert_null (strpbrk (secrets->forms[i], "/+&<>\"\\"));
      g_assert_cmpuint (strlen (secrets->forms[i]), >=, 12);
    }

  return secrets;
}

static void
secrets_free (Secrets *secrets)
{
  for (guint i = 0; i < G_N_ELEMENTS (secrets->forms); i++)
    g_free (secrets->forms[i]);
  g_free (secrets);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Secrets, secrets_free)

static void
assert_no_secret (const Secrets *secrets,
                  const char    *what,
                  const char    *text)
{
  g_assert_nonnull (text);

  for (guint i = 0; i < G_N_ELEMENTS (secrets->forms); i++)
    if (strstr (text, secrets->forms[i]) != NULL)
      g_error ("%s shows the password (form %u):\n%s", what, i, text);
}

/* Runs the CLI three ways (the live log with a text file, JSON with an
 * HTML file, and a JSON file) with the password in SMTP_PROBE_PASSWORD,
 * and searches everything it wrote for the password. Returns the live
 * run's result in @live. */
static void
run_auth_everywhere (const char * const *base_args,
                     const Secrets      *secrets,
                     int                 expected_status,
                     CliResult          *live)
{
  static const char * const outputs[] = { "log.txt", "log.html", "log.json" };
  g_autofree char *dir = sp_test_make_tmpdir ("cli-auth");

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *path = g_build_filename (dir, outputs[i], NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GSubprocess) process = NULL;
      g_auto(CliResult) r = { 0 };

      for (guint a = 0; base_args[a] != NULL; a++)
        g_ptr_array_add (args, (gpointer) base_args[a]);
      g_ptr_array_add (args, (gpointer) "--output");
      g_ptr_array_add (args, path);
      if (i == 1)
        g_ptr_array_add (args, (gpointer) "--json");
      g_ptr_array_add (args, (gpointer) "kate@example.test");
      g_ptr_array_add (args, NULL);

      process = cli_spawn_session ((const char * const *) args->pdata, secrets->forms[0], NULL);
      cli_wait (process, &r);
      g_test_message ("%s\nstdout:\n%s\nstderr:\n%s", outputs[i], r.out, r.err);
      g_assert_cmpint (r.status, ==, expected_status);
      assert_no_secret (secrets, "stdout", r.out);
      assert_no_secret (secrets, "stderr", r.err);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      assert_no_secret (secrets, outputs[i], contents);
      /* The login shows, redacted. */
      g_assert_nonnull (strstr (contents, USER));
      g_assert_nonnull (strstr (contents, "********"));

      if (i == 0)
        {
          live->out = g_steal_pointer (&r.out);
          live->err = g_steal_pointer (&r.err);
          live->status = r.status;
        }
    }

  sp_test_rm_rf (dir);
}

#define EHLO_AUTH "on EHLO => 250-mx.example.test\\n250-AUTH PLAIN LOGIN\\n250 8BITMIME\n"

/* The scripted server checks the PLAIN blob, so the password did reach
 * it; no output of the CLI may show it in any form. */
static void
test_auth_secret_never_shown (void)
{
  g_autoptr(Secrets) secrets = secrets_new (USER, PASSWORD);
  g_autofree char *scenario = g_strdup_printf (EHLO_AUTH "on AUTH PLAIN %s => 235 2.7.0 "
                                               "Authentication successful\n",
                                               secrets->forms[2]);
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario);
  g_autofree char *server_text = server_arg (server);
  g_autofree char *wire = g_strdup_printf ("AUTH PLAIN %s", secrets->forms[2]);
  g_auto(CliResult) live = { 0 };
  const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                         "--auth-user", USER, "--auth-allow-plaintext", NULL };

  run_auth_everywhere (args, secrets, 0, &live);
  g_assert_true (sp_test_received_has_prefix (server, wire));
  g_assert_true (sp_test_received_has_prefix (server, "MAIL FROM:"));
  g_assert_nonnull (strstr (live.out, "C: AUTH PLAIN ********"));
  g_assert_nonnull (strstr (live.out, "S: 235 2.7.0"));
  /* Logging in without encryption was allowed, and the user was told. */
  g_assert_nonnull (strstr (live.err, "--auth-allow-plaintext"));
}

/* A hostile server quotes the password back in its refusal. */
static void
test_auth_refused (void)
{
  g_autoptr(Secrets) secrets = secrets_new (USER, PASSWORD);
  g_autofree char *scenario = g_strdup_printf (EHLO_AUTH "on AUTH PLAIN * => 535 5.7.8 "
                                               "Authentication credentials invalid: %s %s\n",
                                               secrets->forms[0], secrets->forms[2]);
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario);
  g_autofree char *server_text = server_arg (server);
  g_auto(CliResult) live = { 0 };
  const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                         "--auth-user", USER, "--auth-allow-plaintext", NULL };
  const char *reply;

  run_auth_everywhere (args, secrets, 13, &live);
  g_assert_false (sp_test_received_has_prefix (server, "MAIL"));
  reply = strstr (live.out, "S: 535 5.7.8");
  g_assert_nonnull (reply);
  g_assert_true (g_str_has_prefix (strchr (reply, '\n'), "\n                What it means: "));
  g_assert_nonnull (strstr (live.out, "rejected the user name or password"));
}

/* Without encryption the password is not sent at all. */
static void
test_auth_not_encrypted (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (EHLO_AUTH);
  g_autofree char *server_text = server_arg (server);
  g_autoptr(GSubprocess) process = NULL;
  g_auto(CliResult) r = { 0 };
  const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                         "--auth-user", USER, "kate@example.test", NULL };

  process = cli_spawn_session (args, PASSWORD, NULL);
  cli_wait (process, &r);
  g_test_message ("stdout:\n%s", r.out);
  g_assert_cmpint (r.status, ==, 13);
  g_assert_false (sp_test_received_has_prefix (server, "AUTH"));
  g_assert_nonnull (strstr (r.out, "The password was not sent"));
  g_assert_nonnull (strstr (r.out, "What it means: The password was not sent, because"));
  g_assert_null (strstr (r.out, PASSWORD));

  /* The JSON says who was to log in, and why it was not tried. */
  {
    const char *json_args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                                "--auth-user", USER, "--json", "kate@example.test", NULL };
    g_autoptr(GSubprocess) json_process = cli_spawn_session (json_args, PASSWORD, NULL);
    g_auto(CliResult) j = { 0 };
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) root = NULL;
    g_autoptr(GVariant) attempts = NULL;
    g_autoptr(GVariant) boxed = NULL;
    g_autoptr(GVariant) attempt = NULL;
    g_autoptr(GVariant) auth = NULL;
    g_autoptr(GVariant) user = NULL;
    g_autoptr(GVariant) mechanism = NULL;
    g_autoptr(GVariant) authenticated = NULL;

    cli_wait (json_process, &j);
    g_assert_cmpint (j.status, ==, 13);
    g_assert_null (strstr (j.out, PASSWORD));
    root = sp_test_parse_json (j.out, &error);
    g_assert_no_error (error);
    assert_json_explanation (root, "auth-not-encrypted", "The password was not sent");
    attempts = lookup (root, "attempts");
    boxed = g_variant_get_child_value (attempts, 0);
    attempt = g_variant_get_variant (boxed);
    auth = lookup (attempt, "auth");
    user = lookup (auth, "user");
    mechanism = lookup (auth, "mechanism");
    authenticated = lookup (auth, "authenticated");
    g_assert_cmpstr (g_variant_get_string (user, NULL), ==, USER);
    g_assert_true (g_variant_is_of_type (mechanism, G_VARIANT_TYPE ("mv")));
    g_assert_false (g_variant_get_boolean (authenticated));
  }
}

/* No password in the environment and no terminal: a clear sentence, and
 * nothing sent. */
static void
test_auth_no_password (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (EHLO_AUTH);
  g_autofree char *server_text = server_arg (server);
  g_autoptr(GSubprocess) process = NULL;
  g_auto(CliResult) r = { 0 };
  const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                         "--auth-user", USER, "kate@example.test", NULL };

  process = cli_spawn_session (args, NULL, NULL);
  cli_wait (process, &r);
  g_test_message ("stderr: %s", r.err);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_true (g_str_has_prefix (r.err, "smtp-probe-cli: --auth-user: "));
  g_assert_nonnull (strstr (r.err, "SMTP_PROBE_PASSWORD"));
  g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 0);
}

/* The password typed at the prompt: not echoed, sent, and the terminal
 * is as it was afterwards, also after Ctrl+C at the prompt. */

typedef struct
{
  int   master;
  int   slave;   /* kept open here, to read the terminal's settings */
  char *name;
} Pty;

static gboolean
pty_open (Pty *pty)
{
  struct termios attrs;

  pty->master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (pty->master < 0 || grantpt (pty->master) != 0 || unlockpt (pty->master) != 0)
    return FALSE;
  pty->name = g_strdup (ptsname (pty->master));
  pty->slave = open (pty->name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (pty->slave < 0)
    return FALSE;

  /* A terminal as a user has it: lines, echo, Ctrl+C. */
  g_assert_cmpint (tcgetattr (pty->slave, &attrs), ==, 0);
  attrs.c_lflag |= ICANON | ECHO | ISIG;
  g_assert_cmpint (tcsetattr (pty->slave, TCSANOW, &attrs), ==, 0);
  g_unix_set_fd_nonblocking (pty->master, TRUE, NULL);

  return TRUE;
}

static void
pty_close (Pty *pty)
{
  if (pty->master >= 0)
    close (pty->master);
  if (pty->slave >= 0)
    close (pty->slave);
  g_free (pty->name);
}

static gboolean
pty_echo_on (Pty *pty)
{
  struct termios attrs;

  g_assert_cmpint (tcgetattr (pty->slave, &attrs), ==, 0);

  return (attrs.c_lflag & ECHO) != 0;
}

/* What the terminal showed so far. */
static void
pty_drain (Pty     *pty,
           GString *shown)
{
  char buffer[256];
  gssize n;

  while ((n = read (pty->master, buffer, sizeof buffer)) > 0)
    g_string_append_len (shown, buffer, n);
}

static void
run_prompt (const char *typed,
            CliResult  *r,
            Pty        *pty,
            GString    *shown,
            const char *server_text)
{
  g_autoptr(GSubprocess) process = NULL;
  const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                         "--auth-user", USER, "--auth-allow-plaintext",
                         "kate@example.test", NULL };
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  process = cli_spawn_session (args, NULL, pty->name);

  /* Type only once echo is off: switching it off flushes earlier input. */
  while (pty_echo_on (pty) && g_get_monotonic_time () < deadline)
    g_usleep (5000);
  g_assert_false (pty_echo_on (pty));
  g_assert_cmpint (write (pty->master, typed, strlen (typed)), ==, (gssize) strlen (typed));

  cli_wait (process, r);
  if (g_subprocess_get_if_signaled (process))
    r->status = 128 + g_subprocess_get_term_sig (process);
  pty_drain (pty, shown);
}

static void
test_auth_prompt (void)
{
  g_autoptr(Secrets) secrets = secrets_new (USER, PASSWORD);
  g_autofree char *scenario = g_strdup_printf (EHLO_AUTH "on AUTH PLAIN %s => 235 2.7.0 "
                                               "Authentication successful\n",
                                               secrets->forms[2]);
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario);
  g_autofree char *server_text = server_arg (server);
  g_autofree char *wire = g_strdup_printf ("AUTH PLAIN %s", secrets->forms[2]);
  g_autofree char *typed = g_strdup_printf ("%s\n", PASSWORD);
  g_autoptr(GString) shown = g_string_new (NULL);
  g_auto(CliResult) r = { 0 };
  Pty pty = { -1, -1, NULL };

  if (!pty_open (&pty))
    {
      pty_close (&pty);
      g_test_skip ("No pseudo-terminal can be opened here.");
      return;
    }

  run_prompt (typed, &r, &pty, shown, server_text);
  g_test_message ("stdout:\n%s\nstderr:\n%s\nterminal:\n%s", r.out, r.err, shown->str);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (sp_test_received_has_prefix (server, wire));
  g_assert_nonnull (strstr (r.err, "Password for " USER));
  /* Not echoed, and the terminal echoes again afterwards. */
  assert_no_secret (secrets, "the terminal", shown->str);
  assert_no_secret (secrets, "stdout", r.out);
  assert_no_secret (secrets, "stderr", r.err);
  g_assert_true (pty_echo_on (&pty));

  pty_close (&pty);
}

static void
test_auth_prompt_interrupted (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (EHLO_AUTH);
  g_autofree char *server_text = server_arg (server);
  g_autoptr(GString) shown = g_string_new (NULL);
  g_auto(CliResult) r = { 0 };
  Pty pty = { -1, -1, NULL };

  if (!pty_open (&pty))
    {
      pty_close (&pty);
      g_test_skip ("No pseudo-terminal can be opened here.");
      return;
    }

  /* Half a password, then Ctrl+C. */
  run_prompt ("Corr\003", &r, &pty, shown, server_text);
  g_test_message ("stderr:\n%s\nterminal:\n%s", r.err, shown->str);
  g_assert_cmpint (r.status, ==, 128 + SIGINT);
  g_assert_true (pty_echo_on (&pty));
  g_assert_null (strstr (shown->str, "Corr"));
  g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 0);

  pty_close (&pty);
}

/* Against aiosmtpd with STARTTLS and its authenticator: the certificate
 * report right after the handshake, the login, and no password anywhere. */

typedef struct
{
  const char *name;
  gsize       cert_offset;
  gboolean    validated;
  const char *meaning;     /* of the certificate's explanation, or NULL */
} CertCase;

static const CertCase cert_cases[] = {
  { "valid", G_STRUCT_OFFSET (SpTestCerts, valid), TRUE, NULL },
  { "wrong-name", G_STRUCT_OFFSET (SpTestCerts, wrong_name), FALSE,
    "for another name than the mail server’s" },
  { "expired", G_STRUCT_OFFSET (SpTestCerts, expired), FALSE, "has expired" },
};

/* @text with every run of blanks and line ends made one space. */
static char *
squash (const char *text,
        gssize      length)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *end = length < 0 ? text + strlen (text) : text + length;
  gboolean blank = FALSE;

  for (const char *p = text; p < end; p++)
    {
      if (g_ascii_isspace (*p))
        {
          blank = TRUE;
          continue;
        }
      if (blank && out->len > 0)
        g_string_append_c (out, ' ');
      blank = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_tls_aiosmtpd (gconstpointer data)
{
  const CertCase *c = data;
  g_autoptr(SpTestCerts) certs = sp_test_certs_make_or_skip ();
  g_autoptr(SpTestAiosmtpd) peer = NULL;
  g_autoptr(Secrets) secrets = secrets_new (USER, PASSWORD);
  g_autoptr(GVariant) root = NULL;
  g_autoptr(GVariant) attempts = NULL;
  g_autoptr(GVariant) attempt = NULL;
  g_autoptr(GVariant) boxed = NULL;
  g_autoptr(GVariant) tls = NULL;
  g_autoptr(GVariant) validated = NULL;
  g_autoptr(GVariant) accepted = NULL;
  g_autoptr(GVariant) auth = NULL;
  g_autoptr(GVariant) authenticated = NULL;
  g_autoptr(GVariant) tls_problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server_text = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *json = NULL;
  g_autofree char *dir = NULL;
  SpTestAiosmtpdOptions options = { 0 };
  g_auto(CliResult) r = { 0 };
  g_autoptr(GSubprocess) process = NULL;
  const char *heading;
  const char *starttls;
  const char *report;
  const char *warning;

  if (certs == NULL)
    return;

  options.tls_cert_file = G_STRUCT_MEMBER (const char *, certs, c->cert_offset);
  options.tls_key_file = certs->key_file;
  options.auth_user = USER;
  options.auth_password = PASSWORD;
  if ((peer = sp_test_aiosmtpd_start_or_skip (&options)) == NULL)
    return;

  dir = sp_test_make_tmpdir ("cli-tls");
  json_path = g_build_filename (dir, "log.json", NULL);
  /* By address: the valid certificate also names 127.0.0.1. */
  server_text = g_strdup_printf ("127.0.0.1:%u", sp_test_aiosmtpd_get_port (peer));
  {
    const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                           "--tls", "required", "--ca-file", certs->ca_file,
                           "--auth-user", USER, "--output", json_path, "--color=never",
                           "kate@example.test", NULL, NULL, NULL };

    process = cli_spawn_session (args, PASSWORD, NULL);
    cli_wait (process, &r);
    g_test_message ("stdout:\n%s\nstderr:\n%s", r.out, r.err);

    /* Required means trusted: no password and no envelope for a
     * certificate that does not validate, until the user accepts it by
     * the fingerprint the output offers. */
    if (!c->validated)
      {
        const char *hint = strstr (r.out, "\n  --accept-certificate ");
        g_autofree char *fingerprint = NULL;

        g_assert_cmpint (r.status, ==, 12);
        g_assert_null (strstr (r.out, "C: AUTH"));
        g_assert_null (strstr (r.out, "C: MAIL"));
        g_assert_nonnull (hint);
        fingerprint = g_strndup (hint + strlen ("\n  --accept-certificate "), 95);
        g_assert_cmpuint (sp_test_aiosmtpd_get_n_messages (peer), ==, 0);

        args[G_N_ELEMENTS (args) - 3] = "--accept-certificate";
        args[G_N_ELEMENTS (args) - 2] = fingerprint;
        g_clear_object (&process);
        cli_result_clear (&r);
        memset (&r, 0, sizeof r);
        process = cli_spawn_session (args, PASSWORD, NULL);
        cli_wait (process, &r);
        g_test_message ("stdout:\n%s\nstderr:\n%s", r.out, r.err);
        g_assert_nonnull (strstr (r.out, "accepted for this test"));
      }
  }
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (sp_test_aiosmtpd_wait_for_messages (peer, 1, 5000));

  /* The report comes as a section right after the handshake: after the
   * 220 to STARTTLS, before the second EHLO. */
  starttls = strstr (r.out, "C: STARTTLS");
  heading = strstr (r.out, "\n                Certificate report (STARTTLS) for 127.0.0.1:\n");
  g_assert_nonnull (starttls);
  g_assert_nonnull (heading);
  g_assert_true (starttls < heading);
  report = strstr (heading, "-- Encryption: TLS 1.");
  g_assert_nonnull (report);
  g_assert_nonnull (strstr (report, "For mail delivery: "));
  g_assert_true (strstr (report, "For mail delivery: ") < strstr (report, "C: EHLO"));
  g_assert_nonnull (strstr (r.out, "C: AUTH PLAIN ********"));

  warning = strstr (r.out, "\nWarning: a server’s certificate does not validate");
  if (c->validated)
    {
      g_assert_null (warning);
      g_assert_null (strstr (r.out, "What it means:"));
    }
  else
    {
      const char *explanation = strstr (report, "                What it means: ");
      const char *ehlo = strstr (report, "C: EHLO");
      g_autofree char *block = NULL;

      g_assert_nonnull (warning);
      g_assert_nonnull (explanation);
      g_assert_nonnull (ehlo);
      g_assert_true (explanation < ehlo);
      /* The explanation is word-wrapped: search it as one line. */
      block = squash (explanation, ehlo - explanation);
      g_assert_nonnull (strstr (block, c->meaning));
    }

  assert_no_secret (secrets, "stdout", r.out);
  assert_no_secret (secrets, "stderr", r.err);
  g_assert_true (g_file_get_contents (json_path, &json, NULL, NULL));
  assert_no_secret (secrets, "the JSON file", json);

  root = sp_test_parse_json (json, &error);
  g_assert_no_error (error);
  tls_problems = lookup (root, "tls_problems");
  g_assert_cmpint (g_variant_get_boolean (tls_problems), ==, !c->validated);
  attempts = lookup (root, "attempts");
  boxed = g_variant_get_child_value (attempts, 0);
  attempt = g_variant_get_variant (boxed);
  tls = lookup (attempt, "tls");
  validated = lookup (tls, "validated");
  g_assert_cmpint (g_variant_get_boolean (validated), ==, c->validated);
  accepted = lookup (tls, "accepted");
  g_assert_cmpint (g_variant_get_boolean (accepted), ==, !c->validated);
  auth = lookup (attempt, "auth");
  authenticated = lookup (auth, "authenticated");
  g_assert_true (g_variant_get_boolean (authenticated));

  sp_test_rm_rf (dir);
}

static void
test_help (void)
{
  g_auto(CliResult) r = { 0 };
  const char *args[] = { "--help", NULL };

  cli_run (args, &r);
  g_assert_cmpint (r.status, ==, 0);
  /* The recipient is named once in the usage line. */
  g_assert_nonnull (strstr (r.out, "[OPTION…] RECIPIENT\n"));
  g_assert_nonnull (strstr (r.out, "--no-send"));
  g_assert_nonnull (strstr (r.out, "Exit status"));
  g_assert_nonnull (strstr (r.out, "RCPT TO refused"));
  g_assert_nonnull (strstr (r.out, "--tls=MODE"));
  g_assert_nonnull (strstr (r.out, "--ca-file=FILE"));
  g_assert_nonnull (strstr (r.out, "--auth-user=NAME"));
  g_assert_nonnull (strstr (r.out, "  12  encryption"));
  g_assert_nonnull (strstr (r.out, "  13  the login"));
  g_assert_nonnull (strstr (r.out, "  14  stopped before MAIL FROM"));
  g_assert_nonnull (strstr (r.out, "adds 20 to its stage's status:\n  25 greeting"));
  g_assert_nonnull (strstr (r.out, "28 RCPT TO"));
  g_assert_nonnull (strstr (r.out, "33 AUTH"));
  /* The password has no option of its own. */
  g_assert_null (strstr (r.out, "--password"));
  g_assert_null (strstr (r.out, "--auth-password"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (exit_cases); i++)
    g_test_add_data_func (exit_cases[i].path, &exit_cases[i], test_exit_case);
  g_test_add_func ("/sp/cli/no-send-sends-nothing", test_no_send_sends_nothing);
  g_test_add_func ("/sp/cli/connection-refused", test_connection_refused);
  g_test_add_func ("/sp/cli/dns-failure", test_dns_failure);
  g_test_add_func ("/sp/cli/bad-input", test_bad_input);
  g_test_add_func ("/sp/cli/verdict-exit", test_verdict_exit);
  g_test_add_func ("/sp/cli/verdict-colour", test_verdict_colour);
  g_test_add_func ("/sp/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/sp/cli/json", test_json);
  g_test_add_func ("/sp/cli/output-files", test_output_files);
  g_test_add_func ("/sp/cli/headline", test_headline);
  g_test_add_func ("/sp/cli/interrupt-keeps-log", test_interrupt_keeps_log);
  g_test_add_func ("/sp/cli/help", test_help);
  for (guint i = 0; i < G_N_ELEMENTS (explain_cases); i++)
    g_test_add_data_func (explain_cases[i].path, &explain_cases[i], test_explain_case);
  g_test_add_func ("/sp/cli/explain/dns", test_explain_dns);
  g_test_add_func ("/sp/cli/tls/bad-policy", test_tls_bad_policy);
  g_test_add_func ("/sp/cli/tls/ca-file", test_tls_ca_file);
  g_test_add_func ("/sp/cli/tls/implicit-port", test_tls_implicit_port);
  g_test_add_func ("/sp/cli/tls/required-not-offered", test_tls_required_not_offered);
  for (guint i = 0; i < G_N_ELEMENTS (cert_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sp/cli/tls/aiosmtpd/%s", cert_cases[i].name);

      g_test_add_data_func (path, &cert_cases[i], test_tls_aiosmtpd);
    }
  g_test_add_func ("/sp/cli/auth/secret-never-shown", test_auth_secret_never_shown);
  g_test_add_func ("/sp/cli/auth/refused", test_auth_refused);
  g_test_add_func ("/sp/cli/auth/not-encrypted", test_auth_not_encrypted);
  g_test_add_func ("/sp/cli/auth/no-password", test_auth_no_password);
  g_test_add_func ("/sp/cli/auth/prompt", test_auth_prompt);
  g_test_add_func ("/sp/cli/auth/prompt-interrupted", test_auth_prompt_interrupted);

  return g_test_run ();
}
