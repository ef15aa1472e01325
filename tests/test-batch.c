/* test-batch.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* smtp-probe-cli --batch and SpBatch: a list of targets tested a bounded
 * number at once against in-process scripted servers. Shapes only (order,
 * concurrency, formats, exit statuses), never times. */

#include "config.h"

#include <signal.h>
#include <sys/resource.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "sp-batch.h"
#include "sp-test-cli.h"
#include "sp-test-dnsmasq.h"
#include "sp-test-probe.h"
#include "sp-test-util.h"

#define SENDER "helpdesk@example.org"

static gboolean
interrupt_cb (gpointer user_data)
{
  g_subprocess_send_signal (G_SUBPROCESS (user_data), SIGINT);

  return G_SOURCE_REMOVE;
}

/* Runs the CLI with @args and @input on its standard input (NULL: empty),
 * iterating the main context so that the servers here keep serving; sends
 * it Ctrl+C after @interrupt_ms when that is not 0. */
static void
batch_run_full (const char * const *args,
                const char         *input,
                guint               interrupt_ms,
                SpTestCliResult    *r)
{
  g_autoptr(GSubprocess) process = sp_test_cli_spawn_piped (args);
  g_autoptr(GBytes) stdin_bytes = NULL;

  stdin_bytes = g_bytes_new (input != NULL ? input : "", input != NULL ? strlen (input) : 0);
  sp_test_cli_watch_input (process, stdin_bytes, r);
  if (interrupt_ms > 0)
    g_timeout_add (interrupt_ms, interrupt_cb, process);
  g_assert_true (sp_test_iterate_until (&r->done, 120000));
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", r->status, r->out, r->err);
}

static void
batch_run (const char * const *args,
           const char         *input,
           SpTestCliResult    *r)
{
  batch_run_full (args, input, 0, r);
}

static char *
server_arg (SpScriptedServer *server)
{
  return g_strdup_printf ("127.0.0.1:%u", sp_scripted_server_get_port (server));
}

/* The stdout lines that name a target, in the order printed. */
static GPtrArray *
target_lines (const char *out,
              const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      g_ptr_array_add (found, g_strdup (lines[i]));

  return found;
}

/* A list where the first target is slow: printed last as the targets end,
 * first with --in-order. */
static void
test_order (void)
{
  g_autoptr(SpScriptedServer) server =
    sp_test_scripted_start ("on RCPT TO:<t0@* => delay 1500 250 2.1.5 Ok");
  g_autofree char *server_text = server_arg (server);
  const char *list = "t0@example.test\nt1@example.test\nt2@example.test\n"
                     "t3@example.test\nt4@example.test\nt5@example.test\n";

  for (guint ordered = 0; ordered < 2; ordered++)
    {
      g_auto(SpTestCliResult) r = { 0 };
      g_autoptr(GPtrArray) lines = NULL;
      const char *args[] = { "--batch", "-", "--server", server_text, "--from", SENDER,
                             "--no-send", "--jobs", "3", ordered ? "--in-order" : NULL, NULL };

      batch_run (args, list, &r);
      g_assert_cmpint (r.status, ==, 0);
      lines = target_lines (r.out, "t");
      g_assert_cmpuint (lines->len, ==, 6);
      if (ordered)
        for (guint i = 0; i < lines->len; i++)
          {
            g_autofree char *start = g_strdup_printf ("t%u@example.test ", i);

            g_assert_true (g_str_has_prefix (g_ptr_array_index (lines, i), start));
          }
      else
        g_assert_true (g_str_has_prefix (g_ptr_array_index (lines, 5), "t0@example.test "));
    }
}

/* Many tests at once need more open files than the usual soft limit of
 * 1024: the CLI raises its own to the hard limit. Here the soft limit is
 * 32 and 40 sessions are open at once, over four servers (so that none
 * gets more connections at once than its listen backlog). */
static void
test_file_limit (void)
{
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) input = NULL;
  g_auto(SpTestCliResult) r = { 0 };
  struct rlimit saved;
  struct rlimit low;
  guint max_open = 0;
  const char *args[] = { "--batch", "-", "--from", SENDER, "--no-send", "--jobs", "40",
                         "kate@example.test", NULL };

  for (guint i = 0; i < 4; i++)
    g_ptr_array_add (servers,
                     sp_test_scripted_start ("banner delay 500 220 mx.example.test ESMTP"));
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (list, "127.0.0.1:%u\n",
                            sp_scripted_server_get_port (g_ptr_array_index (servers, i % 4)));
  input = g_bytes_new (list->str, list->len);

  /* The child gets the limit it starts with; this process keeps its own. */
  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &saved), ==, 0);
  if (saved.rlim_max != RLIM_INFINITY && saved.rlim_max < 1024)
    {
      g_test_skip ("The hard limit of open files is below 1024 here.");
      return;
    }
  low = saved;
  low.rlim_cur = 32;
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &low), ==, 0);
  process = sp_test_cli_spawn_piped (args);
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &saved), ==, 0);

  sp_test_cli_watch_input (process, input, &r);
  g_assert_true (sp_test_iterate_until (&r.done, 60000));
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", r.status, r.out, r.err);
  g_assert_cmpint (r.status, ==, 0);
  for (guint i = 0; i < servers->len; i++)
    max_open += sp_scripted_server_get_max_open (g_ptr_array_index (servers, i));
  /* They did run at once, more than the soft limit allowed. */
  g_assert_cmpuint (max_open, >, 32);
}

/* Never more sessions open at the server than --jobs, and as many when
 * there are enough targets. */
static void
test_bounded (void)
{
  static const guint jobs[] = { 1, 3, 7 };

  for (guint j = 0; j < G_N_ELEMENTS (jobs); j++)
    {
      g_autoptr(SpScriptedServer) server =
        sp_test_scripted_start ("banner delay 150 220 mx.example.test ESMTP");
      g_autofree char *server_text = server_arg (server);
      g_autofree char *jobs_text = g_strdup_printf ("%u", jobs[j]);
      g_autoptr(GString) list = g_string_new (NULL);
      g_auto(SpTestCliResult) r = { 0 };
      const char *args[] = { "--batch", "-", "--server", server_text, "--from", SENDER,
                             "--no-send", "--jobs", jobs_text, NULL };

      for (guint i = 0; i < 4 * jobs[j]; i++)
        g_string_append_printf (list, "user%u@example.test\n", i);

      batch_run (args, list->str, &r);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 4 * jobs[j]);
      g_test_message ("--jobs %u: at most %u open at once", jobs[j],
                      sp_scripted_server_get_max_open (server));
      g_assert_cmpuint (sp_scripted_server_get_max_open (server), <=, jobs[j]);
      g_assert_cmpuint (sp_scripted_server_get_max_open (server), ==, jobs[j]);
    }
}

/* A list of one accepted, one refused target and a bad line between them;
 * the servers are given as lines of their own. */
static char *
mixed_list (SpScriptedServer *good,
            SpScriptedServer *refusing)
{
  return g_strdup_printf ("# customers\n"
                          "127.0.0.1:%u\n"
                          "\n"
                          "not a target\n"
                          "127.0.0.1:%u\n",
                          sp_scripted_server_get_port (good),
                          sp_scripted_server_get_port (refusing));
}

static const char *refusing_scenario = "on RCPT => 550 5.1.1 User unknown";

/* Bad lines are reported as such and the run goes on; server lines are
 * tested with postmaster@ the address. */
static void
test_bad_lines (void)
{
  g_autoptr(SpScriptedServer) good = sp_test_scripted_start ("");
  g_autoptr(SpScriptedServer) refusing = sp_test_scripted_start (refusing_scenario);
  g_autofree char *list = mixed_list (good, refusing);
  g_auto(SpTestCliResult) r = { 0 };
  g_autoptr(GPtrArray) bad = NULL;
  const char *args[] = { "--batch", "-", "--from", SENDER, "--no-send", "--in-order", NULL };

  batch_run (args, list, &r);
  g_assert_cmpint (r.status, ==, 16);
  bad = target_lines (r.out, "not a target");
  g_assert_cmpuint (bad->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (bad, 0), "Not a target"));
  g_assert_true (sp_test_received_has_prefix (good, "RCPT TO:<postmaster@[127.0.0.1]>"));
  g_assert_true (sp_test_received_has_prefix (refusing, "RCPT TO:<postmaster@[127.0.0.1]>"));
  g_assert_nonnull (strstr (r.out, "550 5.1.1 User unknown"));
  /* The totals. */
  g_assert_nonnull (strstr (r.out, "3 targets in "));
  g_assert_nonnull (strstr (r.out, "1 took mail, 2 did not."));
}

/* With colour, the outcome has its tone's, as a single test's verdict. */
static void
test_colour (void)
{
  g_autoptr(SpScriptedServer) good = sp_test_scripted_start ("");
  g_autoptr(SpScriptedServer) refusing = sp_test_scripted_start (refusing_scenario);
  g_autofree char *list = mixed_list (good, refusing);
  g_auto(SpTestCliResult) r = { 0 };
  const char *args[] = { "--batch", "-", "--from", SENDER, "--no-send", "--color=always",
                         NULL };

  batch_run (args, list, &r);
  g_assert_cmpint (r.status, ==, 16);
  g_assert_nonnull (strstr (r.out, "  \033[32mAccepted\033[0m  "));
  g_assert_nonnull (strstr (r.out, "  \033[1;31mRefused\033[0m  "));
  g_assert_nonnull (strstr (r.out, "  \033[1;31mNot a target\033[0m  "));
}

/* The summary in the three formats, with the same facts. */
static void
test_summary_formats (void)
{
  g_autoptr(SpScriptedServer) good = sp_test_scripted_start ("");
  g_autoptr(SpScriptedServer) refusing = sp_test_scripted_start (refusing_scenario);
  g_autofree char *list = mixed_list (good, refusing);
  g_autofree char *dir = sp_test_make_tmpdir ("batch-summary");
  g_autofree char *json_path = g_build_filename (dir, "summary.json", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "summary.csv", NULL);
  g_autofree char *text_path = g_build_filename (dir, "summary.txt", NULL);
  const char *paths[] = { json_path, csv_path, text_path };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) rows = NULL;
  JsonObject *root;
  JsonArray *targets;
  JsonObject *summary;
  JsonObject *row;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_auto(SpTestCliResult) r = { 0 };
      const char *args[] = { "--batch", "-", "--from", SENDER, "--no-send", "--in-order",
                             "--output", paths[i], NULL };

      batch_run (args, list, &r);
      g_assert_cmpint (r.status, ==, 16);
    }

  /* JSON, with json-glib: one object per target in list order, and totals. */
  json_parser_load_from_file (parser, json_path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  targets = json_object_get_array_member (root, "targets");
  g_assert_cmpuint (json_array_get_length (targets), ==, 3);
  row = json_array_get_object_element (targets, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "outcome"), ==, "accepted");
  g_assert_cmpstr (json_object_get_string_member (row, "kind"), ==, "server");
  g_assert_cmpint (json_object_get_int_member (row, "line"), ==, 2);
  g_assert_true (json_object_get_null_member (row, "cause"));
  row = json_array_get_object_element (targets, 1);
  g_assert_cmpstr (json_object_get_string_member (row, "outcome"), ==, "bad-line");
  g_assert_cmpstr (json_object_get_string_member (row, "target"), ==, "not a target");
  g_assert_cmpint (json_object_get_int_member (row, "line"), ==, 4);
  row = json_array_get_object_element (targets, 2);
  g_assert_cmpstr (json_object_get_string_member (row, "outcome"), ==, "permanent-failure");
  g_assert_cmpstr (json_object_get_string_member (row, "deciding_step"), ==, "rcpt");
  g_assert_cmpstr (json_object_get_string_member (row, "deciding_reply"), ==,
                   "550 5.1.1 User unknown");
  g_assert_cmpstr (json_object_get_string_member (row, "cause"), ==, "recipient-unknown");
  g_assert_nonnull (strstr (json_object_get_string_member (row, "headline"),
                            "postmaster@[127.0.0.1]"));
  g_assert_true (json_object_has_member (row, "time_ms"));
  summary = json_object_get_object_member (root, "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "targets"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (summary, "accepted"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (summary, "bad_lines"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (summary,
                                                                              "outcomes"),
                                               "permanent-failure"), ==, 1);

  /* --json: the same document on standard output, and nothing else there. */
  {
    g_auto(SpTestCliResult) r = { 0 };
    g_autoptr(JsonParser) stdout_parser = json_parser_new ();
    const char *args[] = { "--batch", "-", "--from", SENDER, "--no-send", "--json", NULL };

    batch_run (args, list, &r);
    g_assert_cmpint (r.status, ==, 16);
    json_parser_load_from_data (stdout_parser, r.out, -1, &error);
    g_assert_no_error (error);
    root = json_node_get_object (json_parser_get_root (stdout_parser));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "targets")),
                      ==, 3);
  }

  /* CSV: a heading and one row per target, every field quoted. */
  g_assert_true (g_file_get_contents (csv_path, &contents, NULL, NULL));
  rows = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, 5);  /* heading, 3 rows, "" after the last */
  g_assert_cmpstr (rows[4], ==, "");
  g_assert_true (g_str_has_prefix (rows[0], "\"line\",\"target\",\"kind\""));
  for (guint i = 0; i < 4; i++)
    {
      g_auto(GStrv) fields = g_strsplit (rows[i], "\",\"", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 11);
    }
  g_assert_true (g_str_has_prefix (rows[2], "\"4\",\"not a target\",\"bad-line\""));
  g_assert_nonnull (strstr (rows[3], "\"permanent-failure\",\"false\",\"rcpt\","
                                     "\"550 5.1.1 User unknown\",\"recipient-unknown\""));
  g_clear_pointer (&contents, g_free);

  /* Text: the lines the CLI prints, then the totals. */
  g_assert_true (g_file_get_contents (text_path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "not a target  Not a target  "));
  g_assert_nonnull (strstr (contents, "550 5.1.1 User unknown"));
  g_assert_nonnull (strstr (contents, "3 targets in "));
  /* Each file was written beside and renamed over. */
  sp_test_assert_no_temp_files (dir);

  sp_test_rm_rf (dir);
}

/* CSV quoting: a quote in a target is doubled, and the line stays one
 * field. */
static void
test_csv_quoting (void)
{
  g_autofree char *dir = sp_test_make_tmpdir ("batch-csv");
  g_autofree char *path = g_build_filename (dir, "summary.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(SpTestCliResult) r = { 0 };
  const char *args[] = { "--batch", "-", "--from", SENDER, "--output", path, NULL };

  batch_run (args, "say \"hi\", there\n", &r);
  g_assert_cmpint (r.status, ==, 16);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\r\n\"1\",\"say \"\"hi\"\", there\",\"bad-line\","));

  sp_test_rm_rf (dir);
}

/* Issue 14: the CSV and JSON summaries are for programs, so a locale that
 * writes numbers with a decimal comma must not change a byte of them. */
static void
test_summary_locale (void)
{
  static const char * const extensions[] = { "csv", "json", NULL };
  const char *comma = sp_test_find_decimal_comma_locale ();
  g_autoptr(GRegex) summary_text = g_regex_new ("\"summary\" ?: ?\"[^\"]*\"", 0, 0, NULL);
  g_autoptr(GRegex) time_value = g_regex_new ("(time_ms\"? ?:? ?\"?)[0-9]+(?=[\",\r\n}])", 0, 0,
                                              NULL);
  g_autofree char *dir = NULL;

  if (comma == NULL)
    {
      g_test_skip ("No locale with a decimal comma is installed (see locale -a)");
      return;
    }

  dir = sp_test_make_tmpdir ("batch-locale");
  for (guint i = 0; extensions[i] != NULL; i++)
    {
      const char *locales[] = { "C.UTF-8", comma };
      /* Not g_autofree: on an array it would free the first element only. */
      char *contents[2] = { NULL, NULL };

      for (guint l = 0; l < G_N_ELEMENTS (locales); l++)
        {
          g_autofree char *name = g_strdup_printf ("summary-%u.%s", l, extensions[i]);
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_auto(SpTestCliResult) r = { 0 };
          const char *args[] = { "--batch", "-", "--from", SENDER, "--output", path, NULL };

          g_setenv ("LC_ALL", locales[l], TRUE);
          batch_run (args, "not a target\n@@\n", &r);
          g_setenv ("LC_ALL", "C.UTF-8", TRUE);
          g_assert_cmpint (r.status, ==, 16);
          g_assert_true (g_file_get_contents (path, &contents[l], NULL, NULL));
        }

      /* The summary sentence is for people: it writes the time the way
       * the locale does, as the terminal's summary does.  The times differ
       * from run to run, but each must stay a whole number. */
      for (guint l = 0; l < G_N_ELEMENTS (contents); l++)
        {
          g_autofree char *machine = g_regex_replace (summary_text, contents[l], -1, 0, "",
                                                      0, NULL);

          g_assert_nonnull (machine);
          g_free (contents[l]);
          contents[l] = g_regex_replace (time_value, machine, -1, 0, "\\1N", 0, NULL);
        }
      g_assert_cmpstr (contents[1], ==, contents[0]);
      g_free (contents[0]);
      g_free (contents[1]);
    }

  sp_test_rm_rf (dir);
}

/* The list from a file and from standard input give the same targets. */
static void
test_file_and_stdin (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autofree char *server_text = server_arg (server);
  g_autofree char *dir = sp_test_make_tmpdir ("batch-file");
  g_autofree char *path = g_build_filename (dir, "list.txt", NULL);
  /* A byte order mark first, as Windows editors save; no line end after
   * the last line: it is a target all the same. */
  const char *list = "\xef\xbb\xbf" "a@example.test\r\n  b@example.test  \n# c@example.test\n"
                     "d@example.test";
  g_auto(SpTestCliResult) from_file = { 0 };
  g_auto(SpTestCliResult) from_stdin = { 0 };
  const char *file_args[] = { "--batch", path, "--server", server_text, "--from", SENDER,
                              "--no-send", NULL };
  const char *stdin_args[] = { "--batch", "-", "--server", server_text, "--from", SENDER,
                               "--no-send", NULL };

  g_assert_true (g_file_set_contents (path, list, -1, NULL));
  batch_run (file_args, NULL, &from_file);
  batch_run (stdin_args, list, &from_stdin);
  g_assert_cmpint (from_file.status, ==, 0);
  g_assert_cmpint (from_stdin.status, ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      const char *out = i == 0 ? from_file.out : from_stdin.out;

      g_assert_true (g_str_has_prefix (out, "a@example.test "));
      g_assert_nonnull (strstr (out, "b@example.test "));
      g_assert_null (strstr (out, "c@example.test"));
      g_assert_nonnull (strstr (out, "d@example.test "));
      g_assert_nonnull (strstr (out, "3 targets in "));
    }
  g_assert_true (sp_test_received_has_prefix (server, "RCPT TO:<d@example.test>"));

  sp_test_rm_rf (dir);
}

/* Domains and addresses go through DNS, each target with a lookup of its
 * own: a domain is tested as postmaster@ it, and a domain that does not
 * exist is one outcome among the others. */
static void
test_domains (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpScriptedServer) server = NULL;
  g_autofree char *port = NULL;
  g_auto(SpTestCliResult) r = { 0 };
  g_autoptr(GPtrArray) failed = NULL;

  if (dns == NULL)
    return;

  server = sp_test_scripted_start ("");
  port = g_strdup_printf ("%u", sp_scripted_server_get_port (server));
  {
    const char *args[] = { "--batch", "-", "--dns-server", sp_test_dnsmasq_get_server (dns),
                           "--port", port, "--ipv4", "--from", SENDER, "--no-send",
                           "--in-order", NULL };

    batch_run (args, "example.test\nkate@example.test\nmissing.example.test\n", &r);
  }
  g_assert_cmpint (r.status, ==, 16);
  g_assert_true (sp_test_received_has_prefix (server, "RCPT TO:<postmaster@example.test>"));
  g_assert_true (sp_test_received_has_prefix (server, "RCPT TO:<kate@example.test>"));
  failed = target_lines (r.out, "missing.example.test ");
  g_assert_cmpuint (failed->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (failed, 0), "Mail server lookup failed"));
  g_assert_nonnull (strstr (r.out, "2 took mail, 1 did not."));
}

/* The exit statuses of a batch. */
static void
test_exit_statuses (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autofree char *server_text = server_arg (server);
  static const struct
  {
    const char *jobs;
    const char *list;   /* NULL: a file that does not exist */
    int         status;
  } cases[] = {
    { "8", "a@example.test\n", 0 },
    { "8", "", 0 },
    { "8", "a@example.test\nexample..test\n", 16 },
    { "0", "a@example.test\n", 2 },
    { "201", "a@example.test\n", 2 },
    { "8", NULL, 2 },
  };
  g_auto(SpTestCliResult) no_list = { 0 };
  const char *no_list_args[] = { "--server", server_text, "--from", SENDER, "--jobs", "4",
                                 "kate@example.test", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(SpTestCliResult) r = { 0 };
      const char *args[] = { "--batch", cases[i].list != NULL ? "-" : "/nonexistent/list.txt",
                             "--server", server_text, "--from", SENDER, "--no-send",
                             "--jobs", cases[i].jobs, NULL };

      /* A usage error ends the tool before it reads the list: writing the
       * list to it then could fail with a broken pipe (it did under
       * valgrind), so those cases get no input. */
      batch_run (args, cases[i].status == 2 ? NULL : cases[i].list, &r);
      g_assert_cmpint (r.status, ==, cases[i].status);
      if (cases[i].status == 2)
        g_assert_nonnull (strstr (r.err, cases[i].list != NULL ? "--jobs" : "--batch"));
    }

  /* --jobs means nothing without a list. */
  batch_run (no_list_args, NULL, &no_list);
  g_assert_cmpint (no_list.status, ==, 2);
  g_assert_nonnull (strstr (no_list.err, "--jobs"));
}

typedef struct
{
  const char *path;
  gboolean    checked;
  gboolean    existed;
} Peek;

static gboolean
peek_cb (gpointer user_data)
{
  Peek *peek = user_data;

  peek->existed = g_file_test (peek->path, G_FILE_TEST_EXISTS);
  peek->checked = TRUE;

  return G_SOURCE_REMOVE;
}

/* Ctrl+C stops the tests under way and sums up what finished; the summary
 * file appears only then, whole. */
static void
test_interrupt (void)
{
  g_autoptr(SpScriptedServer) server =
    sp_test_scripted_start ("on RCPT TO:<slow* => silent");
  g_autofree char *server_text = server_arg (server);
  g_autofree char *dir = sp_test_make_tmpdir ("batch-interrupt");
  g_autofree char *path = g_build_filename (dir, "summary.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(SpTestCliResult) r = { 0 };
  const char *args[] = { "--batch", "-", "--server", server_text, "--from", SENDER,
                         "--no-send", "--jobs", "2", "--output", path, NULL };

  Peek peek = { .path = path };

  /* While the slow ones wait, after the fast one ended. */
  g_timeout_add (1000, peek_cb, &peek);
  batch_run_full (args, "fast@example.test\nslow1@example.test\nslow2@example.test\n"
                  "never@example.test\n", 1500, &r);
  g_assert_true (peek.checked);
  g_assert_false (peek.existed);
  g_assert_cmpint (r.status, ==, 130);
  g_assert_nonnull (strstr (r.out, "fast@example.test "));
  /* The list is not read further once stopped. */
  g_assert_false (sp_test_received_has_prefix (server, "RCPT TO:<never"));
  g_assert_nonnull (strstr (r.out, "Cancelled"));
  g_assert_nonnull (strstr (r.out, "1 took mail"));
  /* The summary of what finished is saved as well. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"fast@example.test\""));
  g_assert_nonnull (strstr (contents, "\"cancelled\""));
  sp_test_assert_no_temp_files (dir);

  sp_test_rm_rf (dir);
}

/* The core reads the list as the tests need it: a stream that counts what
 * was read shows that only a window of a long list was read when the
 * first result came. */
typedef struct
{
  guint64 bytes_read;
  guint64 bytes_at_first;
  guint   n_results;
  gboolean done;
} ReadCount;

static void
count_result_cb (SpBatch       *batch,
                 SpBatchResult *result,
                 ReadCount     *count)
{
  if (count->n_results++ == 0)
    count->bytes_at_first = count->bytes_read;
}

static void
count_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ReadCount *count = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (sp_batch_run_finish (SP_BATCH (object), result, &error));
  count->done = TRUE;
}

static GInputStream *
long_list (guint n_lines)
{
  GString *list = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;

  for (guint i = 0; i < n_lines; i++)
    g_string_append_printf (list, "user%u@example.test\n", i);
  bytes = g_string_free_to_bytes (list);

  return g_memory_input_stream_new_from_bytes (bytes);
}

static void
test_reads_as_it_goes (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autofree char *server_text = server_arg (server);
  g_autoptr(SpProbeRequest) request = sp_test_request_new (server_text, 25);
  g_autoptr(GInputStream) input = long_list (5000);
  g_autoptr(SpBatch) batch = NULL;
  ReadCount count = { 0 };
  gint64 elapsed;

  sp_probe_request_set_check_only (request, TRUE);
  sp_probe_request_set_jobs (request, 2);
  batch = sp_batch_new (input, request);
  g_signal_connect (batch, "result", G_CALLBACK (count_result_cb), &count);
  sp_batch_run_async (batch, NULL, count_done_cb, &count);
  /* What the stream gave so far, after every turn of the loop. */
  while (!count.done)
    {
      g_main_context_iteration (NULL, TRUE);
      count.bytes_read = g_seekable_tell (G_SEEKABLE (input));
      if (count.n_results == 0)
        count.bytes_at_first = count.bytes_read;
    }

  g_assert_cmpuint (count.n_results, ==, 5000);
  g_assert_cmpuint (sp_batch_get_tally (batch)->n_accepted, ==, 5000);
  g_assert_cmpuint (sp_batch_get_max_running (batch), ==, 2);
  /* The run is over: its time no longer grows. */
  elapsed = sp_batch_get_tally (batch)->elapsed_usec;
  g_assert_cmpint (elapsed, >, 0);
  g_usleep (2000);
  g_assert_cmpint (sp_batch_get_tally (batch)->elapsed_usec, ==, elapsed);
  /* One chunk of the list (4 KiB), not the whole of it (about 100 KiB). */
  g_test_message ("%" G_GUINT64_FORMAT " bytes read at the first result",
                  count.bytes_at_first);
  g_assert_cmpuint (count.bytes_at_first, <=, 8192);
  g_assert_finalize_object (g_steal_pointer (&batch));
}

/* In input order, results held for a slow first target stay within the
 * window: while it waits, at most SP_BATCH_ORDER_WINDOW × jobs targets
 * were started. */
typedef struct
{
  SpScriptedServer *server;
  guint             n_results;
  guint             started_at_first;
  gboolean          done;
} Window;

static void
window_result_cb (SpBatch       *batch,
                  SpBatchResult *result,
                  Window        *window)
{
  g_assert_cmpuint (sp_batch_result_get_index (result), ==, window->n_results);
  if (window->n_results++ == 0)
    window->started_at_first = sp_scripted_server_get_n_connections (window->server);
}

static void
window_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Window *window = user_data;

  g_assert_true (sp_batch_run_finish (SP_BATCH (object), result, NULL));
  window->done = TRUE;
}

static void
test_order_window (void)
{
  g_autoptr(SpScriptedServer) server =
    sp_test_scripted_start ("on RCPT TO:<user0@* => delay 1500 250 2.1.5 Ok");
  g_autofree char *server_text = server_arg (server);
  g_autoptr(SpProbeRequest) request = sp_test_request_new (server_text, 25);
  g_autoptr(GInputStream) input = long_list (60);
  g_autoptr(SpBatch) batch = NULL;
  Window window = { .server = server };

  sp_probe_request_set_check_only (request, TRUE);
  sp_probe_request_set_jobs (request, 2);
  batch = sp_batch_new (input, request);
  sp_batch_set_in_order (batch, TRUE);
  g_signal_connect (batch, "result", G_CALLBACK (window_result_cb), &window);
  sp_batch_run_async (batch, NULL, window_done_cb, &window);
  g_assert_true (sp_test_iterate_until (&window.done, 60000));

  g_assert_cmpuint (window.n_results, ==, 60);
  g_test_message ("%u sessions started when the first target ended", window.started_at_first);
  g_assert_cmpuint (window.started_at_first, <=, 2 * SP_BATCH_ORDER_WINDOW);
  /* The fast ones did go on meanwhile, up to the window. */
  g_assert_cmpuint (window.started_at_first, >=, 2 * SP_BATCH_ORDER_WINDOW - 1);
}

/* ::started comes once per tested target, before its result and with the
 * same line and text, so that a front end can show the targets under way;
 * a line that is no target has a result and no start. */
typedef struct
{
  GHashTable *started;       /* index → "line target" */
  guint       n_started;
  guint       n_results;
  guint       max_under_way; /* started and not yet ended */
  gboolean    done;
} Started;

static void
started_cb (SpBatch    *batch,
            guint64     index,
            guint64     line,
            const char *target,
            Started    *s)
{
  g_assert_false (g_hash_table_contains (s->started, GSIZE_TO_POINTER (index)));
  g_hash_table_insert (s->started, GSIZE_TO_POINTER (index),
                       g_strdup_printf ("%" G_GUINT64_FORMAT " %s", line, target));
  s->n_started++;
  s->max_under_way = MAX (s->max_under_way, s->n_started - s->n_results);
}

static void
started_result_cb (SpBatch       *batch,
                   SpBatchResult *result,
                   Started       *s)
{
  const char *seen = g_hash_table_lookup (s->started,
                                          GSIZE_TO_POINTER (sp_batch_result_get_index (result)));

  if (sp_batch_result_get_kind (result) == SP_BATCH_TARGET_INVALID)
    g_assert_null (seen);
  else
    {
      g_autofree char *expected = g_strdup_printf ("%" G_GUINT64_FORMAT " %s",
                                                   sp_batch_result_get_line (result),
                                                   sp_batch_result_get_target (result));

      g_assert_cmpstr (seen, ==, expected);
      s->n_results++;
    }
}

static void
started_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Started *s = user_data;

  g_assert_true (sp_batch_run_finish (SP_BATCH (object), result, NULL));
  s->done = TRUE;
}

static void
test_started (void)
{
  g_autoptr(SpScriptedServer) server =
    sp_test_scripted_start ("on RCPT TO:<slow@* => delay 1000 250 2.1.5 Ok");
  g_autofree char *server_text = server_arg (server);
  g_autoptr(SpProbeRequest) request = sp_test_request_new (server_text, 25);
  const char *list = "# comment\nslow@example.test\n\n  fast1@example.test  \n"
                     "mx..example.test:25\nfast2@example.test\nfast3@example.test\n";
  g_autoptr(GInputStream) input = g_memory_input_stream_new_from_data (list, -1, NULL);
  g_autoptr(SpBatch) batch = NULL;
  Started s = { .started = g_hash_table_new_full (NULL, NULL, NULL, g_free) };

  sp_probe_request_set_check_only (request, TRUE);
  sp_probe_request_set_jobs (request, 2);
  batch = sp_batch_new (input, request);
  g_signal_connect (batch, "started", G_CALLBACK (started_cb), &s);
  g_signal_connect (batch, "result", G_CALLBACK (started_result_cb), &s);
  sp_batch_run_async (batch, NULL, started_done_cb, &s);
  g_assert_true (sp_test_iterate_until (&s.done, 60000));

  /* Four targets tested; the bad line was not. */
  g_assert_cmpuint (s.n_started, ==, 4);
  g_assert_cmpuint (s.n_results, ==, 4);
  g_assert_cmpstr (g_hash_table_lookup (s.started, GSIZE_TO_POINTER (0)), ==,
                   "2 slow@example.test");
  g_assert_cmpstr (g_hash_table_lookup (s.started, GSIZE_TO_POINTER (1)), ==,
                   "4 fast1@example.test");
  g_assert_false (g_hash_table_contains (s.started, GSIZE_TO_POINTER (2)));
  /* Two at once: the slow one stays under way beside the others. */
  g_assert_cmpuint (s.max_under_way, ==, 2);
  g_hash_table_unref (s.started);
}

static void
test_new_destroy (void)
{
  g_autoptr(SpProbeRequest) request = sp_test_request_new (NULL, 25);
  g_autoptr(GInputStream) input = long_list (1);
  SpBatch *batch = sp_batch_new (input, request);

  g_assert_finalize_object (batch);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/batch/new-destroy", test_new_destroy);
  g_test_add_func ("/sp/batch/reads-as-it-goes", test_reads_as_it_goes);
  g_test_add_func ("/sp/batch/order", test_order);
  g_test_add_func ("/sp/batch/order-window", test_order_window);
  g_test_add_func ("/sp/batch/started", test_started);
  g_test_add_func ("/sp/batch/bounded", test_bounded);
  g_test_add_func ("/sp/batch/file-limit", test_file_limit);
  g_test_add_func ("/sp/batch/bad-lines", test_bad_lines);
  g_test_add_func ("/sp/batch/colour", test_colour);
  g_test_add_func ("/sp/batch/summary-formats", test_summary_formats);
  g_test_add_func ("/sp/batch/csv-quoting", test_csv_quoting);
  g_test_add_func ("/sp/batch/summary-locale", test_summary_locale);
  g_test_add_func ("/sp/batch/file-and-stdin", test_file_and_stdin);
  g_test_add_func ("/sp/batch/domains", test_domains);
  g_test_add_func ("/sp/batch/exit-statuses", test_exit_statuses);
  g_test_add_func ("/sp/batch/interrupt", test_interrupt);

  return g_test_run ();
}
