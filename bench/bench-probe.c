/* bench-probe.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "bench-probe"

#include "config.h"

#include "bench-probe.h"

typedef struct
{
  gboolean  done;
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

double
bench_time_probe (SpProbe *probe)
{
  Run run = { 0 };
  gint64 started;

  started = g_get_monotonic_time ();
  sp_probe_run_async (probe, NULL, run_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);

  if (run.verdict != SP_VERDICT_ACCEPTED)
    g_error ("The test did not pass: %s", sp_verdict_to_string (run.verdict));

  return (g_get_monotonic_time () - started) / 1000.0;
}
