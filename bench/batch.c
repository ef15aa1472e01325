/* batch.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* Benchmark: a list of targets in one run (smtp-probe-cli --batch, issue
 * 13). In-process scripted servers on 127.0.0.10–19 answer every command
 * (and the greeting) after 50 ms; the CLI runs as a child process, so
 * that it and the servers each have a core. Runs alternate one single
 * test of one server (A) with a batch of TARGETS server lines at --jobs
 * JOBS (B), A B A B …, and the medians of the wall times are compared
 * with the goal: the batch in at most 1.5 × TARGETS × A / JOBS. The peak
 * memory of each batch is the child's maximum resident set, as
 * /usr/bin/time -f %M reports it; then one batch of BIG targets shows
 * whether it stays flat with the list's length. Every batch saves its
 * CSV summary (--output) as a helpdesk would.
 *
 *   bench/batch CLI [RUNS] [TARGETS] [JOBS] [BIG]
 *
 * Prints a Markdown table. */

#define G_LOG_DOMAIN "bench-batch"

#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-median.h"
#include "sp-scripted-server.h"

#define LATENCY_MS 50
#define N_SERVERS  10

static const char scenario[] =
  "banner delay 50 220 mx.bench.example.test ESMTP\n"
  "on EHLO => delay 50 250-mx.bench.example.test\\n250-PIPELINING\\n250-8BITMIME\\n"
  "250-ENHANCEDSTATUSCODES\\n250 SMTPUTF8\n"
  "on MAIL => delay 50 250 2.1.0 Ok\n"
  "on RCPT => delay 50 250 2.1.5 Ok\n"
  "on DATA => delay 50 354 End data with <CR><LF>.<CR><LF>\n"
  "on . => delay 50 250 2.0.0 Ok: queued as BENCH\n"
  "on QUIT => delay 50 221 2.0.0 Bye\n";

typedef struct
{
  gboolean done;
  int      status;
} Child;

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Child *child = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  child->status = g_subprocess_get_exit_status (G_SUBPROCESS (object));
  child->done = TRUE;
}

/* Runs @argv under /usr/bin/time, serving the in-process servers
 * meanwhile; returns the wall time in milliseconds and sets *@max_rss_kb. */
static double
run_child (const char * const *argv,
           guint64            *max_rss_kb)
{
  g_autoptr(GPtrArray) full = g_ptr_array_new_with_free_func (NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rss_path = NULL;
  g_autofree char *rss = NULL;
  Child child = { 0 };
  gint64 started;
  int fd;

  fd = g_file_open_tmp ("bench-batch-rss-XXXXXX", &rss_path, &error);
  if (fd < 0)
    g_error ("%s", error->message);
  close (fd);

  g_ptr_array_add (full, (gpointer) "/usr/bin/time");
  g_ptr_array_add (full, (gpointer) "-f");
  g_ptr_array_add (full, (gpointer) "%M");
  g_ptr_array_add (full, (gpointer) "-o");
  g_ptr_array_add (full, rss_path);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (gpointer) argv[i]);
  g_ptr_array_add (full, NULL);

  started = g_get_monotonic_time ();
  process = g_subprocess_newv ((const char * const *) full->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  if (process == NULL)
    g_error ("%s", error->message);
  g_subprocess_wait_async (process, NULL, wait_cb, &child);
  while (!child.done)
    g_main_context_iteration (NULL, TRUE);
  if (child.status != 0)
    g_error ("%s exited with %d", argv[0], child.status);

  if (!g_file_get_contents (rss_path, &rss, NULL, &error))
    g_error ("%s", error->message);
  *max_rss_kb = g_ascii_strtoull (rss, NULL, 10);
  g_unlink (rss_path);

  return (g_get_monotonic_time () - started) / 1000.0;
}

/* A list of @n server lines, spread over the servers. */
static char *
write_list (guint   n,
            guint16 port)
{
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (list, "127.0.0.%u:%u\n", 10 + i % N_SERVERS, port);

  fd = g_file_open_tmp ("bench-batch-list-XXXXXX", &path, &error);
  if (fd < 0)
    g_error ("%s", error->message);
  close (fd);
  if (!g_file_set_contents (path, list->str, list->len, &error))
    g_error ("%s", error->message);

  return path;
}

int
main (int   argc,
      char *argv[])
{
  const char *cli = argc > 1 ? argv[1] : NULL;
  guint runs = argc > 2 ? (guint) atoi (argv[2]) : 5;
  guint n_targets = argc > 3 ? (guint) atoi (argv[3]) : 1000;
  guint jobs = argc > 4 ? (guint) atoi (argv[4]) : 50;
  guint n_big = argc > 5 ? (guint) atoi (argv[5]) : 10000;
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) one_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) batch_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) batch_rss = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *list = NULL;
  g_autofree char *big_list = NULL;
  g_autofree char *server = NULL;
  g_autofree char *jobs_text = NULL;
  g_autofree char *summary = NULL;
  guint64 big_rss = 0;
  double big_ms = 0;
  double one_ms;
  double batch_ms;
  double goal_ms;
  guint16 port = 0;

  if (cli == NULL || runs == 0 || n_targets == 0 || jobs == 0)
    {
      g_printerr ("Usage: batch CLI [RUNS] [TARGETS] [JOBS] [BIG]\n");
      return 2;
    }

  for (guint i = 0; i < N_SERVERS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *address = g_strdup_printf ("127.0.0.%u", 10 + i);
      SpScriptedServer *scripted = sp_scripted_server_new (scenario, &error);

      if (scripted == NULL || !sp_scripted_server_start (scripted, address, port, &error))
        g_error ("Could not start a server on %s: %s", address, error->message);
      port = sp_scripted_server_get_port (scripted);
      g_ptr_array_add (servers, scripted);
    }

  list = write_list (n_targets, port);
  server = g_strdup_printf ("127.0.0.10:%u", port);
  jobs_text = g_strdup_printf ("%u", jobs);
  /* The summary a helpdesk would keep, written as the targets end. */
  summary = g_build_filename (g_get_tmp_dir (), "bench-batch-summary.csv", NULL);

  /* A B A B …: drift of the machine falls on both alike. */
  for (guint i = 0; i < runs; i++)
    {
      const char *one_args[] = { cli, "--from", "helpdesk@example.org", "--server", server,
                                 "kate@bench.example.test", NULL };
      const char *batch_args[] = { cli, "--from", "helpdesk@example.org", "--batch", list,
                                   "--jobs", jobs_text, "--output", summary,
                                   "kate@bench.example.test", NULL };
      guint64 rss = 0;
      double ms;
      double rss_mb;

      ms = run_child (one_args, &rss);
      g_array_append_val (one_times, ms);
      ms = run_child (batch_args, &rss);
      g_array_append_val (batch_times, ms);
      rss_mb = rss / 1024.0;
      g_array_append_val (batch_rss, rss_mb);
    }

  if (n_big > 0)
    {
      const char *big_args[] = { cli, "--from", "helpdesk@example.org", "--batch", NULL,
                                 "--jobs", jobs_text, "--output", summary,
                                 "kate@bench.example.test", NULL };

      big_list = write_list (n_big, port);
      big_args[4] = big_list;
      big_ms = run_child (big_args, &big_rss);
      g_unlink (big_list);
    }
  g_unlink (list);
  g_unlink (summary);

  one_ms = bench_median (one_times);
  batch_ms = bench_median (batch_times);
  goal_ms = 1.5 * n_targets * one_ms / jobs;

  g_print ("| measure | median |\n|---|---|\n");
  g_print ("| one test, one server, every reply after %u ms (A) | %.1f ms |\n",
           LATENCY_MS, one_ms);
  g_print ("| --batch of %u servers, --jobs %u (B) | %.1f ms |\n", n_targets, jobs, batch_ms);
  g_print ("| floor: %u x A / %u | %.1f ms |\n", n_targets, jobs, n_targets * one_ms / jobs);
  g_print ("| B / floor (goal: at most 1.5) | %.2f |\n", batch_ms / (n_targets * one_ms / jobs));
  g_print ("| goal met | %s (goal %.0f ms) |\n", batch_ms <= goal_ms ? "yes" : "no", goal_ms);
  g_print ("| peak RSS of B (%%M) | %.1f MB |\n", bench_median (batch_rss));
  if (n_big > 0)
    {
      g_print ("| --batch of %u servers, --jobs %u: wall time (one run) | %.1f ms |\n",
               n_big, jobs, big_ms);
      g_print ("| --batch of %u servers: peak RSS (%%M) | %.1f MB |\n", n_big, big_rss / 1024.0);
    }

  for (guint i = 0; i < servers->len; i++)
    sp_scripted_server_stop (g_ptr_array_index (servers, i));

  return 0;
}
