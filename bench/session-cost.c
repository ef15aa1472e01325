/* session-cost.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* Benchmark 2 (issue 13), the client's cost per session once started: the
 * same test run again and again in one process against a server in another
 * process (the bench's Postfix), so that the CPU time this process uses
 * (getrusage, every thread) is SMTP Probe's own work and none of the
 * server's. The first test pays for what a process does once (the types,
 * the responder patterns, the locale); it is reported apart, and the rest
 * give the per-session figure. Each test ends, as the CLI's does, with the
 * diagnosis's words and the text export of its log.
 *
 *   bench/session-cost HOST PORT [SESSIONS] [--no-send]
 *
 * Prints "first-cpu-ms X cpu-ms-per-session Y wall-ms-per-session Z
 * sessions N". */

#define G_LOG_DOMAIN "bench-session-cost"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-probe.h"
#include "sp-diagnosis.h"
#include "sp-export.h"
#include "sp-probe.h"

static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);

  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

/* One test as the CLI runs it: probe, explanation, log text. */
static double
run_one (const char *host,
         guint16     port,
         gboolean    check_only)
{
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpExplanation) explanation = NULL;
  g_autofree char *note = NULL;
  g_autofree char *text = NULL;
  double ms;

  request->recipient = g_strdup ("kate@example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->ehlo_name = g_strdup ("bench.example.test");
  request->server = g_strdup (host);
  request->port = port;
  request->check_only = check_only;

  probe = sp_probe_new (request);
  ms = bench_time_probe (probe);
  /* What the CLI says at the end (an accepted test may have nothing to explain). */
  explanation = sp_diagnosis_explain_transcript (sp_probe_get_transcript (probe));
  note = sp_diagnosis_dup_responder_note (sp_probe_get_transcript (probe));
  text = sp_export_to_string (sp_probe_get_transcript (probe), SP_EXPORT_FORMAT_TEXT);
  if (text == NULL || strstr (text, "250") == NULL)
    g_error ("The test left no log.");

  return ms;
}

int
main (int   argc,
      char *argv[])
{
  const char *host;
  guint16 port;
  guint sessions = 50;
  gboolean check_only = FALSE;
  double first_cpu;
  double cpu_before;
  double wall = 0;

  if (argc < 3)
    {
      g_printerr ("Usage: session-cost HOST PORT [SESSIONS] [--no-send]\n");
      return 2;
    }
  host = argv[1];
  port = (guint16) atoi (argv[2]);
  for (int i = 3; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--no-send"))
        check_only = TRUE;
      else
        sessions = (guint) atoi (argv[i]);
    }
  if (port == 0 || sessions < 2)
    {
      g_printerr ("session-cost: a port and at least 2 sessions are needed.\n");
      return 2;
    }

  cpu_before = cpu_ms ();
  run_one (host, port, check_only);
  first_cpu = cpu_ms () - cpu_before;

  cpu_before = cpu_ms ();
  for (guint i = 1; i < sessions; i++)
    wall += run_one (host, port, check_only);

  g_print ("first-cpu-ms %.2f cpu-ms-per-session %.3f wall-ms-per-session %.2f sessions %u\n",
           first_cpu, (cpu_ms () - cpu_before) / (sessions - 1), wall / (sessions - 1),
           sessions - 1);

  return 0;
}
