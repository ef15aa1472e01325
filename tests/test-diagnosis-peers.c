/* test-diagnosis-peers.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Explanations of what real peers say and do: Postfix's own wording for an
 * unknown recipient and a refused relay, dnsmasq's answers for domains that
 * take no mail, and a port where nothing listens. Each test starts its
 * peers on loopback and stops them by PID. */

#define G_LOG_DOMAIN "test-diagnosis-peers"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <ares.h>

#include "sp-diagnosis.h"
#include "sp-export.h"
#include "sp-probe.h"
#include "sp-test-dnsmasq.h"
#include "sp-test-postfix.h"
#include "sp-test-probe.h"
#include "sp-test-util.h"

#define LOOKUP_TIMEOUT_MS 20000

static SpProbe *
run_probe (const SpProbeRequest *request)
{
  SpProbe *probe = sp_test_probe_run (request);

  sp_test_transcript_dump (sp_probe_get_transcript (probe));

  return probe;
}

static SpProbeRequest *
request_new (const char *recipient,
             const char *dns_server,
             const char *server,
             guint16     port)
{
  SpProbeRequest *request = sp_probe_request_new ();

  request->recipient = g_strdup (recipient);
  request->sender = g_strdup ("helpdesk@example.org");
  request->dns_servers = g_strdup (dns_server);
  request->server = g_strdup (server);
  request->port = port;
  request->timeout_ms = 10000;
  request->check_only = TRUE;

  return request;
}

/* The reply of the step that decided the test, and its explanation. */
static SpExplanation *
explain_deciding (SpProbe     *probe,
                  SpStep       expected_step,
                  const char **reply_text)
{
  SpTranscript *transcript = sp_probe_get_transcript (probe);
  SpStepRecord *step = sp_diagnosis_find_deciding_step (transcript, NULL);
  SpExplanation *from_transcript;
  SpExplanation *from_step;

  g_assert_nonnull (step);
  g_assert_cmpint (sp_step_record_get_step (step), ==, expected_step);
  if (reply_text != NULL)
    {
      g_assert_nonnull (sp_step_record_get_reply (step));
      *reply_text = sp_reply_get_lines (sp_step_record_get_reply (step))[0];
    }

  from_step = sp_diagnosis_explain_step (step);
  from_transcript = sp_diagnosis_explain_transcript (transcript);
  g_assert_cmpstr (sp_explanation_get_rule_id (from_step), ==,
                   sp_explanation_get_rule_id (from_transcript));
  sp_explanation_unref (from_transcript);

  return from_step;
}

static void
test_postfix_unknown_recipient (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpTestPostfix) postfix = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpExplanation) explanation = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GVariant) root = NULL;
  g_autoptr(GVariant) top = NULL;
  g_autoptr(GVariant) rule = NULL;
  g_autoptr(GError) error = NULL;
  const char *reply = NULL;

  if (dns == NULL || (postfix = sp_test_postfix_start_or_skip (NULL)) == NULL)
    return;

  request = request_new ("nobody@example.test", sp_test_dnsmasq_get_server (dns), NULL,
                         sp_test_postfix_get_port (postfix));
  probe = run_probe (request);
  g_assert_cmpint (sp_transcript_get_verdict (sp_probe_get_transcript (probe)), ==,
                   SP_VERDICT_PERMANENT);

  /* Postfix's real words, explained as a recipient that does not exist. */
  explanation = explain_deciding (probe, SP_STEP_RCPT, &reply);
  g_test_message ("Postfix said: %s", reply);
  g_assert_true (g_str_has_prefix (reply, "550 5.1.1 "));
  g_assert_nonnull (strstr (reply, "User unknown"));
  g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, "recipient-unknown");
  g_assert_nonnull (strstr (sp_explanation_get_meaning (explanation), "does not exist"));
  g_assert_cmpint (sp_explanation_get_severity (explanation), ==,
                   SP_EXPLANATION_SEVERITY_PERMANENT);
  g_assert_cmpuint (g_strv_length ((char **) sp_explanation_get_advice (explanation)), >=, 1);

  /* And the report says so too. */
  json = sp_export_to_string (sp_probe_get_transcript (probe), SP_EXPORT_FORMAT_JSON);
  root = sp_test_parse_json (json, &error);
  g_assert_no_error (error);
  top = g_variant_lookup_value (root, "explanation", G_VARIANT_TYPE_VARDICT);
  g_assert_nonnull (top);
  rule = g_variant_lookup_value (top, "rule", G_VARIANT_TYPE_STRING);
  g_assert_cmpstr (g_variant_get_string (rule, NULL), ==, "recipient-unknown");
}

/* The same through the command-line tool, as a helpdesk person runs it. */

typedef struct
{
  gboolean  done;
  char     *out;
  int       status;
} CliResult;

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CliResult *r = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &r->out, NULL, &error);
  g_assert_no_error (error);
  r->status = g_subprocess_get_exit_status (G_SUBPROCESS (object));
  r->done = TRUE;
}

static void
test_postfix_cli (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpTestPostfix) postfix = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *out = NULL;
  const char *cli = g_getenv ("SMTP_PROBE_CLI");
  const char *reply_line;
  CliResult r = { 0 };

  if (dns == NULL || (postfix = sp_test_postfix_start_or_skip (NULL)) == NULL)
    return;

  g_assert_nonnull (cli);
  port = g_strdup_printf ("%u", sp_test_postfix_get_port (postfix));
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, cli, "--dns-server", sp_test_dnsmasq_get_server (dns),
                              "--port", port, "--from", "helpdesk@example.org", "--no-send",
                              "--color=never", "nobody@example.test", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &r);
  g_assert_true (sp_test_iterate_until (&r.done, 60000));
  out = r.out;
  g_test_message ("%s", out);

  g_assert_cmpint (r.status, ==, 8);
  reply_line = strstr (out, "S: 550 5.1.1 <nobody@example.test>");
  g_assert_nonnull (reply_line);
  reply_line = strchr (reply_line, '\n');
  g_assert_true (g_str_has_prefix (reply_line, "\n                What it means: "));
  g_assert_nonnull (strstr (reply_line, "does not"));
  g_assert_nonnull (strstr (reply_line, "What to try:"));
}

static void
test_postfix_relay (void)
{
  g_autoptr(SpTestPostfix) postfix = sp_test_postfix_start_or_skip (NULL);
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpExplanation) explanation = NULL;
  const char *reply = NULL;

  if (postfix == NULL)
    return;

  /* Asking example.test's server to take mail for another domain. */
  request = request_new ("kate@other.test", NULL, sp_test_postfix_get_address (postfix),
                         sp_test_postfix_get_port (postfix));
  probe = run_probe (request);

  explanation = explain_deciding (probe, SP_STEP_RCPT, &reply);
  g_test_message ("Postfix said: %s", reply);
  g_assert_nonnull (strstr (reply, "Relay access denied"));
  g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, "relay-denied");
}

/* dnsmasq: domains that exist but take no mail, and one that does not exist */

typedef struct
{
  gboolean  done;
  GError   *error;
} LookupResult;

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  LookupResult *r = user_data;
  g_autoptr(SpMxResult) mx = NULL;

  mx = sp_resolver_lookup_mx_finish (SP_RESOLVER (object), result, &r->error);
  r->done = TRUE;
}

static void
test_dns (void)
{
  static const struct
  {
    const char *domain;
    const char *rule;
  } cases[] = {
    { "nothere.example.test", "dns-nxdomain" },
    { "nullmx.example.test", "dns-null-mx" },
    { "nomail.example.test", "dns-no-mail-host" },
  };
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpResolver) resolver = NULL;
  g_autoptr(GError) error = NULL;

  if (dns == NULL)
    return;

  resolver = sp_resolver_new (sp_test_dnsmasq_get_server (dns), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpExplanation) explanation = NULL;
      LookupResult r = { 0 };

      sp_resolver_lookup_mx_async (resolver, cases[i].domain, NULL, lookup_cb, &r);
      g_assert_true (sp_test_iterate_until (&r.done, LOOKUP_TIMEOUT_MS));
      g_assert_nonnull (r.error);
      g_test_message ("%s: %s", cases[i].domain, r.error->message);

      explanation = sp_diagnosis_explain_error (SP_STEP_DNS, r.error);
      g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, cases[i].rule);
      g_assert_true (sp_explanation_is_local (explanation));
      g_clear_error (&r.error);
    }
}

/* The same failures in a whole test: the probe keeps the lookup's error,
 * so the verdict gets the specific explanation, not "lookup failed". */

typedef struct
{
  const char *recipient;
  int         code;       /* SpResolverError */
  const char *rule;
  const char *meaning;    /* a part of the explanation's meaning */
} DnsCase;

static const DnsCase dns_cases[] = {
  { "kate@nothere.example.test", SP_RESOLVER_ERROR_NOT_FOUND, "dns-nxdomain",
    "does not exist: DNS has no record of it" },
  { "kate@nullmx.example.test", SP_RESOLVER_ERROR_NULL_MX, "dns-null-mx", "null MX" },
  { "kate@nomail.example.test", SP_RESOLVER_ERROR_NO_MAIL_HOST, "dns-no-mail-host",
    "names no mail server" },
};

static char *
squash_blanks (const char *text)
{
  g_autoptr(GRegex) blanks = g_regex_new ("\\s+", 0, 0, NULL);

  return g_regex_replace_literal (blanks, text, -1, 0, " ", 0, NULL);
}

static void
test_dns_probe (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);

  if (dns == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (dns_cases); i++)
    {
      g_autoptr(SpProbeRequest) request = NULL;
      g_autoptr(SpProbe) probe = NULL;
      g_autoptr(SpExplanation) explanation = NULL;
      g_autofree char *json = NULL;
      g_autoptr(GVariant) root = NULL;
      g_autoptr(GVariant) top = NULL;
      g_autoptr(GVariant) rule = NULL;
      g_autoptr(GError) error = NULL;
      SpTranscript *transcript;

      request = request_new (dns_cases[i].recipient, sp_test_dnsmasq_get_server (dns), NULL, 25);
      probe = run_probe (request);
      transcript = sp_probe_get_transcript (probe);
      g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_DNS_FAILED);
      g_assert_error (sp_transcript_get_dns_error (transcript), SP_RESOLVER_ERROR,
                      dns_cases[i].code);
      /* The verdict keeps the resolver's own sentence. */
      g_assert_cmpstr (sp_transcript_get_verdict_detail (transcript), ==,
                       sp_transcript_get_dns_error (transcript)->message);

      explanation = sp_diagnosis_explain_transcript (transcript);
      g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, dns_cases[i].rule);
      g_assert_nonnull (strstr (sp_explanation_get_meaning (explanation),
                                dns_cases[i].meaning));

      json = sp_export_to_string (transcript, SP_EXPORT_FORMAT_JSON);
      root = sp_test_parse_json (json, &error);
      g_assert_no_error (error);
      top = g_variant_lookup_value (root, "explanation", G_VARIANT_TYPE_VARDICT);
      g_assert_nonnull (top);
      rule = g_variant_lookup_value (top, "rule", G_VARIANT_TYPE_STRING);
      g_assert_cmpstr (g_variant_get_string (rule, NULL), ==, dns_cases[i].rule);
    }
}

static void
test_dns_timeout_probe (void)
{
  g_autofree char *server = g_strdup_printf ("127.0.0.1:%u", sp_test_free_port (TRUE));
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpExplanation) explanation = NULL;

  /* Nothing answers DNS on that port. */
  request = request_new ("kate@example.test", server, NULL, 25);
  probe = run_probe (request);
  g_assert_cmpint (sp_transcript_get_verdict (sp_probe_get_transcript (probe)), ==,
                   SP_VERDICT_DNS_FAILED);
  g_assert_nonnull (sp_transcript_get_dns_error (sp_probe_get_transcript (probe)));
  explanation = sp_diagnosis_explain_transcript (sp_probe_get_transcript (probe));
  g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, "dns-timeout");
}

/* The same through the CLI: under the verdict, and in --json. */
static void
test_dns_cli (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  const char *cli = g_getenv ("SMTP_PROBE_CLI");

  if (dns == NULL)
    return;

  g_assert_nonnull (cli);
  for (guint i = 0; i < G_N_ELEMENTS (dns_cases); i++)
    {
      for (guint json = 0; json < 2; json++)
        {
          g_autoptr(GSubprocess) process = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *flat = NULL;
          CliResult r = { 0 };

          process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                      G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                      &error, cli,
                                      "--dns-server", sp_test_dnsmasq_get_server (dns),
                                      "--from", "helpdesk@example.org", "--color=never",
                                      json ? "--json" : "--no-send", dns_cases[i].recipient,
                                      NULL);
          g_assert_no_error (error);
          g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &r);
          g_assert_true (sp_test_iterate_until (&r.done, 60000));
          g_test_message ("%s", r.out);
          g_assert_cmpint (r.status, ==, 3);

          if (json)
            {
              g_autoptr(GVariant) root = sp_test_parse_json (r.out, &error);
              g_autoptr(GVariant) top = NULL;
              g_autoptr(GVariant) rule = NULL;

              g_assert_no_error (error);
              top = g_variant_lookup_value (root, "explanation", G_VARIANT_TYPE_VARDICT);
              g_assert_nonnull (top);
              rule = g_variant_lookup_value (top, "rule", G_VARIANT_TYPE_STRING);
              g_assert_cmpstr (g_variant_get_string (rule, NULL), ==, dns_cases[i].rule);
            }
          else
            {
              const char *verdict = strstr (r.out, "\nMail server lookup failed\n");

              g_assert_nonnull (verdict);
              flat = squash_blanks (verdict);
              g_assert_nonnull (strstr (flat, dns_cases[i].meaning));
              g_assert_nonnull (strstr (flat, "What to try:"));
            }
          g_free (r.out);
        }
    }
}

/* c-ares cannot start: a DNS failure with the resolver's sentence, not a
 * crash. Its memory functions are this test's (see main()), so that they
 * can fail on purpose while the run starts. */

static gboolean fail_allocations;

static void *
test_malloc (size_t size)
{
  return fail_allocations ? NULL : malloc (size);
}

static void *
test_realloc (void   *pointer,
              size_t  size)
{
  return fail_allocations ? NULL : realloc (pointer, size);
}

static SpProbe *
start_without_memory (const SpProbeRequest *request,
                      SpTestProbeRun       *r)
{
  SpProbe *probe = sp_probe_new (request);

  /* Only for the synchronous start of the run, where the resolver is
   * made. */
  fail_allocations = TRUE;
  sp_probe_run_async (probe, NULL, sp_test_probe_run_cb, r);
  fail_allocations = FALSE;

  g_assert_true (sp_test_iterate_until (&r->done, 60000));
  g_assert_no_error (r->error);

  return probe;
}

static void
test_resolver_unavailable (void)
{
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbeRequest) literal = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpExplanation) explanation = NULL;
  SpTranscript *transcript;
  SpTestProbeRun r = { 0 };
  SpTestProbeRun r2 = { 0 };

  request = request_new ("kate@example.test", NULL, "mx.example.test", 25);
  probe = start_without_memory (request, &r);
  transcript = sp_probe_get_transcript (probe);
  g_test_message ("%s", sp_transcript_get_verdict_detail (transcript));

  g_assert_cmpint (r.verdict, ==, SP_VERDICT_DNS_FAILED);
  g_assert_error (sp_transcript_get_dns_error (transcript), SP_RESOLVER_ERROR,
                  SP_RESOLVER_ERROR_FAILED);
  g_assert_nonnull (strstr (sp_transcript_get_verdict_detail (transcript), "could not be set up"));
  g_assert_cmpstr (sp_transcript_get_verdict_detail (transcript), ==,
                   sp_transcript_get_dns_error (transcript)->message);
  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, 0);
  explanation = sp_diagnosis_explain_transcript (transcript);
  g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, "dns-failed");
  g_clear_object (&probe);

  /* A server given as an address needs no DNS: it is still tested (here
   * nothing listens, so the connection is refused). */
  literal = request_new ("kate@example.test", NULL, "127.0.0.1", sp_test_free_port (FALSE));
  probe = start_without_memory (literal, &r2);
  g_assert_cmpint (r2.verdict, ==, SP_VERDICT_CONNECT_FAILED);
}

/* Nothing listens: refused, with the telnet procedure's reasons. */
static void
test_refused (void)
{
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpExplanation) explanation = NULL;

  request = request_new ("kate@example.test", NULL, "127.0.0.1", sp_test_free_port (FALSE));
  probe = run_probe (request);
  g_assert_cmpint (sp_transcript_get_verdict (sp_probe_get_transcript (probe)), ==,
                   SP_VERDICT_CONNECT_FAILED);

  explanation = explain_deciding (probe, SP_STEP_CONNECT, NULL);
  g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, "connect-refused");
  g_assert_true (sp_explanation_is_local (explanation));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Before any resolver exists: c-ares takes its memory functions only
   * from the first initialisation. */
  ares_library_init_mem (ARES_LIB_INIT_ALL, test_malloc, free, test_realloc);

  g_test_add_func ("/sp/diagnosis-peers/postfix-unknown-recipient",
                   test_postfix_unknown_recipient);
  g_test_add_func ("/sp/diagnosis-peers/postfix-cli", test_postfix_cli);
  g_test_add_func ("/sp/diagnosis-peers/postfix-relay", test_postfix_relay);
  g_test_add_func ("/sp/diagnosis-peers/dns", test_dns);
  g_test_add_func ("/sp/diagnosis-peers/refused", test_refused);
  g_test_add_func ("/sp/diagnosis-peers/dns-probe", test_dns_probe);
  g_test_add_func ("/sp/diagnosis-peers/dns-timeout-probe", test_dns_timeout_probe);
  g_test_add_func ("/sp/diagnosis-peers/dns-cli", test_dns_cli);
  g_test_add_func ("/sp/diagnosis-peers/resolver-unavailable", test_resolver_unavailable);

  return g_test_run ();
}
