/* all-mx.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* Benchmark: testing every mail server of a domain takes about one
 * server's time. N in-process servers on 127.0.0.x each answer their
 * banner after 200 ms; the probe tests all of them (--all-mx) and, in
 * alternate runs, only the first, and the medians of the wall times are
 * compared. The MX result is given to the probe, so no DNS is involved.
 *
 *   bench/all-mx [RUNS] [HOSTS]
 *
 * Prints a Markdown table; the goal (issue 13) is a ratio of at most 1.3. */

#define G_LOG_DOMAIN "bench-all-mx"

#include "config.h"

#include <stdlib.h>

#include "bench-median.h"
#include "sp-mx-result-private.h"
#include "sp-probe.h"
#include "sp-scripted-server.h"

#define BANNER_DELAY_MS 200

typedef struct
{
  gboolean done;
  SpVerdict verdict;
} Run;

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Run *run = user_data;

  run->verdict = sp_probe_run_finish (SP_PROBE (object), result, NULL);
  run->done = TRUE;
}

/* The wall time of one test, in milliseconds. */
static double
time_test (SpMxResult *mx,
           guint16     port,
           gboolean    all_mx)
{
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(SpProbe) probe = NULL;
  Run run = { 0 };
  gint64 started;

  request->recipient = g_strdup ("kate@bench.example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->check_only = TRUE;
  request->all_mx = all_mx;
  request->port = port;
  request->family = SP_ADDRESS_FAMILY_IPV4;
  request->max_attempts = mx->hosts->len;

  probe = sp_probe_new (request);
  sp_probe_set_mx_result (probe, mx);

  started = g_get_monotonic_time ();
  sp_probe_run_async (probe, NULL, run_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);

  if (run.verdict != SP_VERDICT_ACCEPTED)
    g_error ("The test did not pass: %s", sp_verdict_to_string (run.verdict));

  return (g_get_monotonic_time () - started) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  guint runs = argc > 1 ? (guint) atoi (argv[1]) : 15;
  guint n_hosts = argc > 2 ? (guint) atoi (argv[2]) : 8;
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SpMxResult) mx = sp_mx_result_new ("bench.example.test");
  g_autoptr(SpMxResult) one = sp_mx_result_new ("bench.example.test");
  g_autoptr(GArray) all_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) one_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *scenario = NULL;
  guint16 port = 0;
  double all_median;
  double one_median;

  if (runs == 0 || n_hosts == 0 || n_hosts > 100)
    {
      g_printerr ("Usage: all-mx [RUNS] [HOSTS]\n");
      return 2;
    }

  scenario = g_strdup_printf ("banner delay %u 220 mx.bench.example.test ESMTP\n",
                              BANNER_DELAY_MS);
  mx->family = one->family = SP_ADDRESS_FAMILY_IPV4;

  for (guint i = 0; i < n_hosts; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *address = g_strdup_printf ("127.0.0.%u", 10 + i);
      g_autofree char *name = g_strdup_printf ("mx%u.bench.example.test", i);
      SpScriptedServer *server = sp_scripted_server_new (scenario, &error);
      SpMxHost *host;

      if (server == NULL || !sp_scripted_server_start (server, address, port, &error))
        g_error ("Could not start a server on %s: %s", address, error->message);
      port = sp_scripted_server_get_port (server);
      g_ptr_array_add (servers, server);

      host = _sp_mx_host_new (10 * (i + 1), name);
      g_ptr_array_add (host->addresses, g_inet_address_new_from_string (address));
      g_ptr_array_add (mx->hosts, host);
      if (i == 0)
        {
          host = _sp_mx_host_new (10, name);
          g_ptr_array_add (host->addresses, g_inet_address_new_from_string (address));
          g_ptr_array_add (one->hosts, host);
        }
    }

  /* A B A B …: drift of the machine falls on both alike. */
  for (guint i = 0; i < runs; i++)
    {
      double one_ms = time_test (one, port, FALSE);
      double all_ms = time_test (mx, port, TRUE);

      g_array_append_val (one_times, one_ms);
      g_array_append_val (all_times, all_ms);
    }

  one_median = bench_median (one_times);
  all_median = bench_median (all_times);

  g_print ("| test | median wall time |\n|---|---|\n");
  g_print ("| one server (banner after %u ms) | %.1f ms |\n", BANNER_DELAY_MS, one_median);
  g_print ("| all %u servers, --all-mx | %.1f ms |\n", n_hosts, all_median);
  g_print ("| ratio (goal: at most 1.3) | %.2f |\n", all_median / one_median);

  for (guint i = 0; i < servers->len; i++)
    sp_scripted_server_stop (g_ptr_array_index (servers, i));

  return 0;
}
