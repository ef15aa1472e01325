/* dns.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* Benchmark 4 (issue 13): the MX records of a domain and the A and AAAA
 * records of every exchanger, asked of a DNS server that holds each
 * answer back by a fixed delay (bench/dns-delay.py). One MX answer and
 * then every address answer at once would take two delays; the goal is
 * at most 2.5 of them. The resolver is the one the probe uses
 * (SpResolver), pointed at the server, with a fresh one per run so that
 * nothing is remembered between runs.
 *
 *   bench/dns SERVER DOMAIN [RUNS] [DELAY_MS]
 *
 * Prints a Markdown table and, last, "median-ms N". */

#define G_LOG_DOMAIN "bench-dns"

#include "config.h"

#include <stdlib.h>

#include "bench-median.h"
#include "sp-resolver.h"

typedef struct
{
  SpMxResult *result;
  GError     *error;
} Lookup;

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Lookup *lookup = user_data;

  lookup->result = sp_resolver_lookup_mx_finish (SP_RESOLVER (object), result, &lookup->error);
}

int
main (int   argc,
      char *argv[])
{
  const char *servers = argc > 1 ? argv[1] : NULL;
  const char *domain = argc > 2 ? argv[2] : NULL;
  guint runs = argc > 3 ? (guint) atoi (argv[3]) : 15;
  guint delay_ms = argc > 4 ? (guint) atoi (argv[4]) : 100;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(SpMxResult) last = NULL;
  guint n_addresses = 0;
  double median;

  if (servers == NULL || domain == NULL || runs == 0)
    {
      g_printerr ("Usage: dns SERVER DOMAIN [RUNS] [DELAY_MS]\n");
      return 2;
    }

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SpResolver) resolver = sp_resolver_new (servers, &error);
      Lookup lookup = { 0 };
      gint64 started;
      double ms;

      if (resolver == NULL)
        g_error ("%s", error->message);
      /* Well above the delay, so a slow answer is never a time-out. */
      sp_resolver_set_timeout (resolver, 5000, 1);

      started = g_get_monotonic_time ();
      sp_resolver_lookup_mx_async (resolver, domain, NULL, lookup_cb, &lookup);
      while (lookup.result == NULL && lookup.error == NULL)
        g_main_context_iteration (NULL, TRUE);
      ms = (g_get_monotonic_time () - started) / 1000.0;

      if (lookup.error != NULL)
        g_error ("The lookup failed: %s", lookup.error->message);
      g_array_append_val (times, ms);
      g_clear_pointer (&last, sp_mx_result_unref);
      last = lookup.result;
    }

  for (guint i = 0; i < last->hosts->len; i++)
    n_addresses += ((SpMxHost *) g_ptr_array_index (last->hosts, i))->addresses->len;

  median = bench_median (times);

  g_print ("| lookup | median | min | max | ratio to the delay (goal: at most 2.5) |\n");
  g_print ("|---|---|---|---|---|\n");
  g_print ("| MX of %s + A/AAAA of %u exchangers (%u queries, %u addresses) "
           "| %.1f ms | %.1f ms | %.1f ms | %.2f |\n",
           domain, last->hosts->len, last->queries->len, n_addresses, median,
           g_array_index (times, double, 0), g_array_index (times, double, times->len - 1),
           median / delay_ms);
  g_print ("\nQueries of the last run, as the resolver timed them:\n\n");
  for (guint i = 0; i < last->queries->len; i++)
    {
      SpDnsQuery *query = g_ptr_array_index (last->queries, i);

      g_print ("- %s %s: %s, %.1f ms\n", query->type, query->name, query->status,
               query->elapsed_usec / 1000.0);
    }
  g_print ("\nmedian-ms %.1f\n", median);

  return 0;
}
