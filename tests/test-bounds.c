/* test-bounds.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-bounds"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "sp-diagnosis.h"
#include "sp-export.h"
#include "sp-probe.h"
#include "sp-test-dnsmasq.h"
#include "sp-test-probe.h"
#include "sp-test-util.h"

/* The hostile zone of the issue: 100 MX records of 50 addresses each,
 * every address a server that answers 421. Host H (from 0) is
 * mxH.flood.example.test with preference 10 + H and the addresses
 * 127.(H+1).(A+1).1 for A from 0 to 49. */
#define FLOOD_HOSTS     100
#define FLOOD_ADDRESSES 50
#define FLOOD_SCENARIO  "banner 421 4.3.2 Service not available, closing the channel\n"

/* What a test may cost at most with that zone: generous next to what was
 * measured (a few MiB, a few hundred KiB of JSON), far below the 1.7 GB
 * and 672 MB of the issue. */
#define MAX_MEMORY_GROWTH_KIB (64 * 1024)
#define MAX_JSON_BYTES        (2 * 1024 * 1024)

typedef struct
{
  SpTestDnsmasq *dns;
  GPtrArray     *servers;   /* SpScriptedServer */
  guint16        port;
  char          *dir;
} Flood;

static guint64
read_status_kib (const char *field)
{
  g_autofree char *status = NULL;
  g_autofree char *key = g_strdup_printf ("\n%s:", field);
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, key);
  if (line == NULL)
    return 0;

  return g_ascii_strtoull (line + strlen (key), NULL, 10);
}

/* Brings the peak (VmHWM) down to the current size, so that only the
 * test's own growth counts; FALSE where the kernel does not allow it. */
static gboolean
reset_peak (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");
  gboolean ok;

  if (f == NULL)
    return FALSE;
  ok = fputs ("5", f) >= 0;

  return fclose (f) == 0 && ok;
}

/* One listener per address: more file descriptors than the usual 1024. */
static gboolean
raise_file_limit (guint needed)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return FALSE;
  if (limit.rlim_cur >= needed)
    return TRUE;
  if (limit.rlim_max < needed)
    return FALSE;
  limit.rlim_cur = needed;

  return setrlimit (RLIMIT_NOFILE, &limit) == 0;
}

/* Starts @scenario on every address of @n_hosts hosts of @n_addresses
 * each, all on one port, and dnsmasq with their MX and A records under
 * @domain. NULL when the test was skipped. */
static Flood *
flood_start (const char *domain,
             guint       n_hosts,
             guint       n_addresses,
             const char *scenario)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) hosts = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *hosts_path = NULL;
  Flood *flood;

  if (!raise_file_limit (n_hosts * n_addresses + 256))
    {
      g_test_skip ("cannot open enough file descriptors for one listener per address");
      return NULL;
    }

  flood = g_new0 (Flood, 1);
  flood->servers = g_ptr_array_new_with_free_func (g_object_unref);
  flood->dir = sp_test_make_tmpdir ("bounds");

  for (guint h = 0; h < n_hosts; h++)
    {
      g_ptr_array_add (args, g_strdup_printf ("--mx-host=%s,mx%u.%s,%u", domain, h, domain,
                                              10 + h));
      for (guint a = 0; a < n_addresses; a++)
        {
          g_autofree char *address = g_strdup_printf ("127.%u.%u.1", h + 1, a + 1);
          SpScriptedServer *server = sp_scripted_server_new (scenario, &error);

          g_assert_no_error (error);
          sp_scripted_server_start (server, address, flood->port, &error);
          g_assert_no_error (error);
          flood->port = sp_scripted_server_get_port (server);
          g_ptr_array_add (flood->servers, server);
          g_string_append_printf (hosts, "%s mx%u.%s\n", address, h, domain);
        }
    }

  /* Thousands of --host-record options would do too; a hosts file is
   * shorter. dnsmasq reads it although --no-hosts skips /etc/hosts. */
  hosts_path = g_build_filename (flood->dir, "hosts", NULL);
  g_file_set_contents (hosts_path, hosts->str, -1, &error);
  g_assert_no_error (error);
  g_ptr_array_add (args, g_strdup_printf ("--addn-hosts=%s", hosts_path));
  g_ptr_array_add (args, NULL);

  flood->dns = sp_test_dnsmasq_start ((const char * const *) args->pdata);
  if (flood->dns == NULL)
    {
      g_ptr_array_unref (flood->servers);
      sp_test_rm_rf (flood->dir);
      g_free (flood->dir);
      g_free (flood);
      return NULL;
    }

  return flood;
}

static void
flood_stop (Flood *flood)
{
  if (flood == NULL)
    return;

  for (guint i = 0; i < flood->servers->len; i++)
    sp_scripted_server_stop (g_ptr_array_index (flood->servers, i));
  g_ptr_array_unref (flood->servers);
  sp_test_dnsmasq_stop (flood->dns);
  sp_test_rm_rf (flood->dir);
  g_free (flood->dir);
  g_free (flood);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Flood, flood_stop)

static guint
count_connections (Flood *flood)
{
  guint n = 0;

  for (guint i = 0; i < flood->servers->len; i++)
    n += sp_scripted_server_get_n_connections (g_ptr_array_index (flood->servers, i));

  return n;
}

static SpProbeRequest *
flood_request (Flood      *flood,
               const char *recipient)
{
  SpProbeRequest *request = sp_probe_request_new ();

  request->recipient = g_strdup (recipient);
  request->sender = g_strdup ("helpdesk@example.org");
  request->check_only = TRUE;
  request->port = flood->port;
  request->dns_servers = g_strdup (sp_test_dnsmasq_get_server (flood->dns));
  request->timeout_ms = 5000;

  return request;
}

/* Runs @request against the flood and checks what the bounds promise:
 * @attempts attempts and connections, the skip note, and the memory and
 * JSON size limits. */
static SpProbe *
run_flood (Flood          *flood,
           SpProbeRequest *request,
           guint           attempts,
           const char     *note)
{
  g_autoptr(SpProbe) probe = NULL;
  g_autofree char *json = NULL;
  SpTranscript *transcript;
  guint n_connections = count_connections (flood);
  gboolean measured;
  guint64 before;
  guint64 peak;

  measured = reset_peak ();
  before = read_status_kib ("VmRSS");

  probe = sp_test_probe_run (request);
  transcript = sp_probe_get_transcript (probe);
  json = sp_export_to_string (transcript, SP_EXPORT_FORMAT_JSON);
  peak = read_status_kib ("VmHWM");

  g_test_message ("%u attempts, %u connections, JSON %zu bytes, peak growth %" G_GUINT64_FORMAT
                  " KiB", sp_transcript_get_n_attempts (transcript),
                  count_connections (flood) - n_connections,
                  strlen (json), peak > before ? peak - before : 0);

  if (sp_transcript_get_n_attempts (transcript) != attempts ||
      !sp_test_transcript_has (transcript, SP_DIRECTION_NOTE, note))
    sp_test_transcript_dump (transcript);
  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, attempts);
  g_assert_cmpuint (count_connections (flood) - n_connections, ==, attempts);
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE, note));

  g_assert_cmpuint (strlen (json), <, MAX_JSON_BYTES);
#if defined(__SANITIZE_ADDRESS__)
  /* AddressSanitizer keeps freed memory in quarantine (256 MiB by
   * default), so the peak says more about it than about the test; the
   * normal build measures it. */
  measured = FALSE;
#endif
  if (measured && before > 0)
    g_assert_cmpuint (peak - before, <, MAX_MEMORY_GROWTH_KIB);
  else
    g_test_message ("the peak memory could not be reset, or AddressSanitizer holds freed "
                    "memory; not measured");

  return g_steal_pointer (&probe);
}

typedef struct
{
  gboolean  done;
  char     *out;
} CliRun;

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CliRun *r = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &r->out, NULL, &error);
  g_assert_no_error (error);
  r->done = TRUE;
}

/* Runs the CLI while this process's main context keeps iterating: the
 * scripted servers answer from there. */
static int
run_cli (const char * const *args,
         char              **out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("SMTP_PROBE_CLI");
  CliRun r = { 0 };

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &r);
  g_assert_true (sp_test_iterate_until (&r.done, 60000));
  *out = r.out;
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  return g_subprocess_get_exit_status (process);
}

/* The request: its limits are fields with one validation, and the
 * defaults act like a sending server. */
static void
test_request_limits (void)
{
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(GError) error = NULL;
  SpField field = SP_FIELD_NONE;

  request->recipient = g_strdup ("kate@example.test");
  request->sender = g_strdup ("helpdesk@example.org");

  g_assert_cmpuint (request->deadline_ms, ==, SP_PROBE_DEFAULT_DEADLINE * 1000);
  g_assert_cmpuint (sp_probe_request_get_attempt_limit (request), ==, 5);
  request->all_mx = TRUE;
  g_assert_cmpuint (sp_probe_request_get_attempt_limit (request), ==, 20);
  request->max_attempts = 100;
  g_assert_cmpuint (sp_probe_request_get_attempt_limit (request), ==, 100);
  g_assert_true (sp_probe_request_validate (request, &field, &error));
  g_assert_no_error (error);

  request->max_attempts = SP_PROBE_MAX_ATTEMPTS + 1;
  g_assert_false (sp_probe_request_validate (request, &field, &error));
  g_assert_error (error, SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT);
  g_assert_cmpint (field, ==, SP_FIELD_MAX_ATTEMPTS);
  g_assert_nonnull (strstr (error->message, "100"));
  g_clear_error (&error);
  request->max_attempts = 0;

  request->deadline_ms = 0;
  g_assert_false (sp_probe_request_validate (request, &field, &error));
  g_assert_cmpint (field, ==, SP_FIELD_DEADLINE);
  g_clear_error (&error);
  request->deadline_ms = (SP_PROBE_MAX_DEADLINE + 1) * 1000;
  g_assert_false (sp_probe_request_validate (request, &field, &error));
  g_assert_cmpint (field, ==, SP_FIELD_DEADLINE);
  g_clear_error (&error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SpMxResult **mx = user_data;
  g_autoptr(GError) error = NULL;

  *mx = sp_resolver_lookup_mx_finish (SP_RESOLVER (object), result, &error);
  g_assert_no_error (error);
}

/* The resolver keeps a bounded part of a huge answer, and counts the rest. */
static void
test_resolver_bounds (void)
{
  g_autoptr(Flood) flood = flood_start ("flood.example.test", FLOOD_HOSTS, FLOOD_ADDRESSES,
                                        FLOOD_SCENARIO);
  g_autoptr(SpResolver) resolver = NULL;
  g_autoptr(SpMxResult) mx = NULL;
  g_autoptr(GError) error = NULL;

  if (flood == NULL)
    return;

  resolver = sp_resolver_new (sp_test_dnsmasq_get_server (flood->dns), &error);
  g_assert_no_error (error);
  sp_resolver_set_family (resolver, SP_ADDRESS_FAMILY_IPV4);
  sp_resolver_lookup_mx_async (resolver, "flood.example.test", NULL, lookup_cb, &mx);
  while (mx == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (mx->hosts->len, ==, SP_RESOLVER_MAX_MX_HOSTS);
  g_assert_cmpuint (mx->n_hosts_dropped, ==, FLOOD_HOSTS - SP_RESOLVER_MAX_MX_HOSTS);
  for (guint i = 0; i < mx->hosts->len; i++)
    {
      SpMxHost *host = g_ptr_array_index (mx->hosts, i);
      g_autofree char *name = g_strdup_printf ("mx%u.flood.example.test", i);

      /* The most preferred are kept, in order. */
      g_assert_cmpstr (host->host, ==, name);
      g_assert_cmpuint (host->addresses->len, ==, SP_RESOLVER_MAX_HOST_ADDRESSES);
      g_assert_cmpuint (host->n_addresses_dropped, ==,
                        FLOOD_ADDRESSES - SP_RESOLVER_MAX_HOST_ADDRESSES);
    }
}

/* Failover stops after 5 addresses, as Postfix does, and says what it
 * skipped. */
static void
test_flood_failover (void)
{
  g_autoptr(Flood) flood = flood_start ("flood.example.test", FLOOD_HOSTS, FLOOD_ADDRESSES,
                                        FLOOD_SCENARIO);
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  SpTranscript *transcript;

  if (flood == NULL)
    return;

  request = flood_request (flood, "kate@flood.example.test");
  probe = run_flood (flood, request, SP_PROBE_FAILOVER_ATTEMPTS,
                     "The test reached its limit of 5 connection attempts; raise it with "
                     "--max-attempts, or under Advanced in the app. Not tried: 45 more "
                     "addresses of mx0.flood.example.test. Not tried: 99 more mail servers.");
  transcript = sp_probe_get_transcript (probe);

  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_TRANSIENT);
  g_assert_cmpint (sp_transcript_get_deciding_step (transcript), ==, SP_STEP_BANNER);
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                         "has 50 more MX records, left out"));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                         "mx0.flood.example.test has 40 more addresses in DNS"));
  g_assert_false (sp_transcript_get_mixed (transcript));

  /* The command line, with its JSON report: one "capabilities" member per
   * attempt. */
  {
    g_autofree char *port = g_strdup_printf ("%u", flood->port);
    g_autofree char *out = NULL;
    const char *args[] = { "--from", "helpdesk@example.org", "--no-send", "--port", port,
                           "--dns-server", sp_test_dnsmasq_get_server (flood->dns), "--json",
                           "kate@flood.example.test", NULL };
    int status = run_cli (args, &out);
    g_auto(GStrv) parts = g_strsplit (out, "\"capabilities\"", -1);

    /* The banner's code, plain or + 20 for a temporary refusal. */
    g_assert_true (status == 5 || status == 25);
    g_assert_cmpuint (g_strv_length (parts) - 1, ==, SP_PROBE_FAILOVER_ATTEMPTS);
    g_assert_cmpuint (strlen (out), <, MAX_JSON_BYTES);
  }
}

/* --all-mx has a cap of its own, which the request can raise to 100. */
static void
test_flood_all_mx (void)
{
  g_autoptr(Flood) flood = flood_start ("flood.example.test", FLOOD_HOSTS, FLOOD_ADDRESSES,
                                        FLOOD_SCENARIO);
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpProbe) raised = NULL;

  if (flood == NULL)
    return;

  request = flood_request (flood, "kate@flood.example.test");
  request->all_mx = TRUE;
  probe = run_flood (flood, request, SP_PROBE_ALL_MX_ATTEMPTS,
                     "The test reached its limit of 20 connection attempts; raise it with "
                     "--max-attempts, or under Advanced in the app. Not tried: 40 more "
                     "addresses of mx1.flood.example.test. Not tried: 98 more mail servers.");

  request->max_attempts = SP_PROBE_MAX_ATTEMPTS;
  raised = run_flood (flood, request, SP_PROBE_MAX_ATTEMPTS,
                      "The test reached its limit of 100 connection attempts; raise it with "
                      "--max-attempts, or under Advanced in the app. Not tried: 40 more "
                      "addresses of mx9.flood.example.test. Not tried: 90 more mail servers.");
}

/* A server that drips its greeting, on every one of many MX hosts: each
 * attempt waits for its step's time limit, and the whole test stops at
 * its own. */
#define DRIP_SCENARIO "banner drip 300 220 slow.example.test ESMTP ready\n"

static void
test_deadline (void)
{
  g_autoptr(Flood) flood = flood_start ("slow.example.test", 8, 1, DRIP_SCENARIO);
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpExplanation) explanation = NULL;
  g_autofree char *out = NULL;
  g_autofree char *port = NULL;
  SpTranscript *transcript;
  gint64 started;
  gint64 elapsed_ms;
  int status;

  if (flood == NULL)
    return;

  request = flood_request (flood, "kate@slow.example.test");
  request->timeout_ms = 1000;
  request->deadline_ms = 2500;

  started = g_get_monotonic_time ();
  probe = sp_test_probe_run (request);
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  transcript = sp_probe_get_transcript (probe);
  g_test_message ("the test took %" G_GINT64_FORMAT " ms", elapsed_ms);

  if (!sp_test_transcript_has (transcript, SP_DIRECTION_NOTE, "Not tried: 5 more mail servers"))
    sp_test_transcript_dump (transcript);
  /* Without the deadline: 5 attempts of a second each. */
  g_assert_cmpint (elapsed_ms, >=, 2400);
  g_assert_cmpint (elapsed_ms, <, 4000);
  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, 3);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_TIMED_OUT);
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                         "The whole test reached its time limit of 2 seconds. "
                                         "Not tried: 5 more mail servers."));
  /* A fact: how to raise the limit is the diagnosis's advice. */
  g_assert_cmpstr (sp_transcript_get_verdict_detail (transcript), ==,
                   "The whole test reached its time limit of 2 seconds. "
                   "Not tried: 5 more mail servers.");
  explanation = sp_diagnosis_explain_transcript (transcript);
  g_assert_nonnull (explanation);
  g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, "test-deadline");

  /* The command line: the same through --deadline, with exit status 11. */
  port = g_strdup_printf ("%u", flood->port);
  {
    const char *args[] = { "--from", "helpdesk@example.org", "--no-send", "--port", port,
                           "--dns-server", sp_test_dnsmasq_get_server (flood->dns),
                           "--timeout", "1", "--deadline", "2", "kate@slow.example.test",
                           NULL };

    status = run_cli (args, &out);
  }
  if (status != 11)
    g_test_message ("%s", out);
  g_assert_cmpint (status, ==, 11);
  g_assert_nonnull (strstr (out, "The whole test reached its time limit of 2 seconds."));
}

/* The interval of @attempt's lines, in monotonic time. */
static void
attempt_span (SpAttempt *attempt,
              gint64    *first,
              gint64    *last)
{
  guint n = sp_attempt_get_n_entries (attempt);

  g_assert_cmpuint (n, >, 0);
  *first = sp_attempt_get_entry (attempt, 0)->mono_usec;
  *last = sp_attempt_get_entry (attempt, n - 1)->mono_usec;
}

/* With every mail server tested, the attempts run at once, each into its
 * own attempt: 8 servers whose banners take 200 ms overlap instead of
 * waiting for each other. How long it takes is a benchmark's matter
 * (bench/), not this test's. */
static void
test_all_mx_at_once (void)
{
  g_autoptr(Flood) flood = flood_start ("slow.example.test", 8, 1,
                                        "banner delay 200 220 mx.slow.example.test ESMTP\n");
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  SpTranscript *transcript;
  guint max_overlap = 0;

  if (flood == NULL)
    return;

  request = flood_request (flood, "kate@slow.example.test");
  request->all_mx = TRUE;
  probe = sp_test_probe_run (request);
  transcript = sp_probe_get_transcript (probe);

  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, 8);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);

  for (guint i = 0; i < 8; i++)
    {
      SpAttempt *attempt = sp_transcript_get_attempt (transcript, i);
      gint64 first;
      gint64 last;
      guint overlap = 0;

      /* In preference order, each with its own lines only. */
      g_assert_cmpint (sp_attempt_get_preference (attempt), ==, 10 + i);
      g_assert_cmpint (sp_attempt_get_verdict (attempt), ==, SP_VERDICT_ACCEPTED);
      for (guint e = 0; e < sp_attempt_get_n_entries (attempt); e++)
        g_assert_cmpint (sp_attempt_get_entry (attempt, e)->attempt, ==, i);

      attempt_span (attempt, &first, &last);
      for (guint j = 0; j < 8; j++)
        {
          gint64 other_first;
          gint64 other_last;

          attempt_span (sp_transcript_get_attempt (transcript, j), &other_first, &other_last);
          if (other_first <= first && first <= other_last)
            overlap++;
        }
      max_overlap = MAX (max_overlap, overlap);
    }

  /* Every attempt was under way when the last one started. */
  g_assert_cmpuint (max_overlap, ==, 8);
}

/* The deadline while accepting servers stall the goodbye: their
 * acceptance stands, and the log says which servers were not tested.
 * Every server is tested, a few at a time (SP_PROBE_PARALLEL_ATTEMPTS,
 * 8): the first eight stall, the last two never start. */
static void
test_deadline_in_goodbye (void)
{
  g_autoptr(Flood) flood = flood_start ("stall.example.test", 10, 1, "on RSET => hang\n");
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  SpTranscript *transcript;
  gint64 started;
  gint64 elapsed_ms;

  if (flood == NULL)
    return;

  request = flood_request (flood, "kate@stall.example.test");
  request->all_mx = TRUE;
  request->deadline_ms = 1500;

  started = g_get_monotonic_time ();
  probe = sp_test_probe_run (request);
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  transcript = sp_probe_get_transcript (probe);

  if (!sp_test_transcript_has (transcript, SP_DIRECTION_NOTE, "Not tried: 2 more mail servers."))
    sp_test_transcript_dump (transcript);
  g_assert_cmpint (elapsed_ms, <, 3000);
  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, 8);
  for (guint i = 0; i < 8; i++)
    g_assert_cmpint (sp_attempt_get_verdict (sp_transcript_get_attempt (transcript, i)), ==,
                     SP_VERDICT_ACCEPTED);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                         "The whole test reached its time limit of 1 second. "
                                         "Not tried: 2 more mail servers."));
}

/* A DNS server that never answers: the deadline comes before the
 * resolver's own time-outs, and the diagnosis still explains it. */
static void
test_deadline_in_dns (void)
{
  g_autoptr(GSocket) silent = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpExplanation) explanation = NULL;
  g_autoptr(GError) error = NULL;
  SpTranscript *transcript;
  gint64 started;
  gint64 elapsed_ms;

  silent = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_socket_bind (silent, address, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (silent, &error);
  g_assert_no_error (error);

  request->recipient = g_strdup ("kate@example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->dns_servers = g_strdup_printf ("127.0.0.1:%u",
                                          g_inet_socket_address_get_port (
                                            G_INET_SOCKET_ADDRESS (bound)));
  request->deadline_ms = 1000;

  started = g_get_monotonic_time ();
  probe = sp_test_probe_run (request);
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  transcript = sp_probe_get_transcript (probe);

  g_assert_cmpint (elapsed_ms, <, 2500);
  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, 0);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_TIMED_OUT);
  g_assert_cmpint (sp_transcript_get_deciding_step (transcript), ==, SP_STEP_DNS);
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                         "The whole test reached its time limit of 1 second."));
  explanation = sp_diagnosis_explain_transcript (transcript);
  g_assert_nonnull (explanation);
  g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, "test-deadline");
}

/* The command line keeps to the same bounds as the library. */
static void
test_cli_options (void)
{
  g_autofree char *out = NULL;
  int status;

  {
    const char *args[] = { "--help", NULL };

    status = run_cli (args, &out);
  }
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "--max-attempts=N"));
  g_assert_nonnull (strstr (out, "--deadline=SECONDS"));
  g_assert_nonnull (strstr (out,
                            "15  with --all-mx: some mail servers accepted and some did not"));
  g_assert_nonnull (strstr (out, "\n  At most 50 MX records are kept from DNS.\n  At most 10 "
                            "addresses per mail server are kept.\n"));
  g_clear_pointer (&out, g_free);

  {
    const char *args[] = { "--from", "helpdesk@example.org", "--max-attempts", "101",
                           "kate@example.test", NULL };

    status = run_cli (args, &out);
  }
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (out, "--max-attempts"));
  g_clear_pointer (&out, g_free);

  {
    const char *args[] = { "--from", "helpdesk@example.org", "--deadline", "0",
                           "kate@example.test", NULL };

    status = run_cli (args, &out);
  }
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (out, "--deadline"));
}

/* Two mail servers, one that accepts and one that refuses the recipient. */
static void
test_all_mx_mixed (void)
{
  g_autoptr(SpScriptedServer) accepting = NULL;
  g_autoptr(SpScriptedServer) refusing = NULL;
  g_autoptr(SpTestDnsmasq) dns = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  SpTranscript *transcript;
  const char *records[] = {
    "--mx-host=mixed.example.test,yes.example.test,10",
    "--mx-host=mixed.example.test,no.example.test,20",
    "--mx-host=same.example.test,yes.example.test,10",
    "--mx-host=same.example.test,yes2.example.test,20",
    "--host-record=yes.example.test,127.0.0.41",
    "--host-record=yes2.example.test,127.0.0.43",
    "--host-record=no.example.test,127.0.0.42",
    NULL
  };
  struct
  {
    const char *recipient;
    gboolean    all_mx;
    int         status;
  } cases[] = {
    { "kate@mixed.example.test", TRUE, 15 },
    { "kate@mixed.example.test", FALSE, 0 },
    { "kate@same.example.test", TRUE, 0 },
  };

  dns = sp_test_dnsmasq_start (records);
  if (dns == NULL)
    return;

  accepting = sp_scripted_server_new ("", &error);
  g_assert_no_error (error);
  sp_scripted_server_start (accepting, "127.0.0.41", 0, &error);
  g_assert_no_error (error);
  refusing = sp_scripted_server_new ("on RCPT => 550 5.1.1 No such user here\n", &error);
  g_assert_no_error (error);
  sp_scripted_server_start (refusing, "127.0.0.42", sp_scripted_server_get_port (accepting),
                            &error);
  g_assert_no_error (error);
  {
    g_autoptr(SpScriptedServer) second = sp_scripted_server_new ("", &error);

    g_assert_no_error (error);
    sp_scripted_server_start (second, "127.0.0.43", sp_scripted_server_get_port (accepting),
                              &error);
    g_assert_no_error (error);
    g_object_set_data_full (G_OBJECT (accepting), "second", g_steal_pointer (&second),
                            g_object_unref);
  }

  request = sp_probe_request_new ();
  request->recipient = g_strdup ("kate@mixed.example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->check_only = TRUE;
  request->all_mx = TRUE;
  request->port = sp_scripted_server_get_port (accepting);
  request->dns_servers = g_strdup (sp_test_dnsmasq_get_server (dns));

  probe = sp_test_probe_run (request);
  transcript = sp_probe_get_transcript (probe);
  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, 2);
  g_assert_true (sp_transcript_get_mixed (transcript));
  /* The verdict stays the first failure's, for the stage and the advice. */
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_PERMANENT);
  g_assert_cmpint (sp_transcript_get_deciding_step (transcript), ==, SP_STEP_RCPT);
  {
    g_autofree char *json = sp_export_to_string (transcript, SP_EXPORT_FORMAT_JSON);
    g_autoptr(GVariant) doc = sp_test_parse_json (json, NULL);
    gboolean mixed = FALSE;

    g_assert_nonnull (doc);
    g_assert_true (g_variant_lookup (doc, "mixed", "b", &mixed));
    g_assert_true (mixed);
  }

  port = g_strdup_printf ("%u", request->port);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      const char *args[] = { "--from", "helpdesk@example.org", "--no-send", "--port", port,
                             "--dns-server", sp_test_dnsmasq_get_server (dns),
                             cases[i].recipient, cases[i].all_mx ? "--all-mx" : NULL, NULL };
      int status = run_cli (args, &out);

      if (status != cases[i].status)
        g_test_message ("%s", out);
      g_assert_cmpint (status, ==, cases[i].status);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/bounds/request-limits", test_request_limits);
  g_test_add_func ("/sp/bounds/cli-options", test_cli_options);
  g_test_add_func ("/sp/bounds/resolver", test_resolver_bounds);
  g_test_add_func ("/sp/bounds/flood-failover", test_flood_failover);
  g_test_add_func ("/sp/bounds/flood-all-mx", test_flood_all_mx);
  g_test_add_func ("/sp/bounds/deadline", test_deadline);
  g_test_add_func ("/sp/bounds/deadline-in-dns", test_deadline_in_dns);
  g_test_add_func ("/sp/bounds/deadline-in-goodbye", test_deadline_in_goodbye);
  g_test_add_func ("/sp/bounds/all-mx-at-once", test_all_mx_at_once);
  g_test_add_func ("/sp/bounds/all-mx-mixed", test_all_mx_mixed);

  return g_test_run ();
}
