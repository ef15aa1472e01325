/* test-cli.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sp-json.h"
#include "sp-scripted-server.h"
#include "sp-test-util.h"

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

static SpScriptedServer *
start_server (const char *scenario)
{
  g_autoptr(GError) error = NULL;
  SpScriptedServer *server = sp_scripted_server_new (scenario, &error);

  g_assert_no_error (error);
  sp_scripted_server_start (server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);

  return server;
}

static char *
server_arg (SpScriptedServer *server)
{
  return g_strdup_printf ("127.0.0.1:%u", sp_scripted_server_get_port (server));
}

static gboolean
received_has (SpScriptedServer *server,
              const char       *prefix)
{
  GPtrArray *received = sp_scripted_server_get_received (server);

  for (guint i = 0; i < received->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (received, i), prefix))
      return TRUE;

  return FALSE;
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
  { "/sp/cli/exit/accepted", "", NULL, 0, "<< 221" },
  { "/sp/cli/exit/no-send", "", "--no-send", 0, "No message was sent" },
  { "/sp/cli/exit/banner", "banner 554 5.7.1 No SMTP service here", NULL, 5, "554 5.7.1" },
  { "/sp/cli/exit/ehlo", "on EHLO => 501 5.5.4 Invalid domain name", NULL, 6, "501 5.5.4" },
  { "/sp/cli/exit/mail-address", "on MAIL => 550 5.1.7 Invalid address", NULL, 7, "550 5.1.7" },
  { "/sp/cli/exit/mail-auth", "on MAIL => 530 5.7.1 Client was not authenticated", NULL, 7,
    "530 5.7.1" },
  { "/sp/cli/exit/rcpt", "on RCPT => 550 5.1.1 User unknown", NULL, 8, "550 5.1.1" },
  { "/sp/cli/exit/data", "on DATA => 500 5.3.3 Unrecognized command", NULL, 9, "500 5.3.3" },
  { "/sp/cli/exit/message", "on . => 554 5.6.0 Message refused", NULL, 10, "554 5.6.0" },
  { "/sp/cli/exit/timeout", "on RCPT => silent", "--timeout=1", 11, "within 1 seconds" },
};

static void
test_exit_case (gconstpointer data)
{
  const ExitCase *c = data;
  g_autoptr(SpScriptedServer) server = start_server (c->scenario);
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
  g_assert_true (strstr (r.out, "<< 220 ") != NULL || strstr (r.out, "<< 554 ") != NULL);
}

static void
test_no_send_sends_nothing (void)
{
  g_autoptr(SpScriptedServer) server = start_server ("");
  g_autofree char *server_text = server_arg (server);
  g_auto(CliResult) r = { 0 };
  const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org", "--no-send",
                         "kate@example.test", NULL };

  cli_run (args, &r);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (received_has (server, "RCPT TO:<kate@example.test>"));
  g_assert_true (received_has (server, "RSET"));
  g_assert_false (received_has (server, "DATA"));
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
  g_autoptr(SpScriptedServer) server = start_server ("");
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
  g_autoptr(SpScriptedServer) server = start_server ("on RCPT => 550 5.1.1 User unknown");
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

  root = sp_json_parse (r.out, -1, &error);
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
  g_autoptr(SpScriptedServer) server = start_server ("on RCPT => 550 5.1.1 <kate@example.test> User unknown");
  g_autofree char *server_text = server_arg (server);
  g_autofree char *dir = sp_test_make_tmpdir ("cli-output");
  static const char * const names[] = { "log.html", "log.txt", "log.json" };

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
          g_autoptr(GVariant) root = sp_json_parse (contents, -1, NULL);

          g_assert_nonnull (root);
        }
      else
        g_assert_nonnull (strstr (contents, "550 5.1.1 <kate@example.test> User unknown"));
    }

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
  g_autoptr(SpScriptedServer) server = start_server ("on RCPT => silent");
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

static void
test_help (void)
{
  g_auto(CliResult) r = { 0 };
  const char *args[] = { "--help", NULL };

  cli_run (args, &r);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--no-send"));
  g_assert_nonnull (strstr (r.out, "Exit status"));
  g_assert_nonnull (strstr (r.out, "RCPT TO refused"));
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
  g_test_add_func ("/sp/cli/json", test_json);
  g_test_add_func ("/sp/cli/output-files", test_output_files);
  g_test_add_func ("/sp/cli/interrupt-keeps-log", test_interrupt_keeps_log);
  g_test_add_func ("/sp/cli/help", test_help);

  return g_test_run ();
}
