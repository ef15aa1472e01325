/* test-probe.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whole tests against real peers on loopback: dnsmasq for DNS, a private
 * Postfix as the mail server of example.test, and aiosmtpd to see what
 * arrives. Each test starts its peers and stops them by PID. */

#include <string.h>

#include "sp-mx-result-private.h"
#include "sp-probe.h"
#include "sp-scripted-server.h"
#include "sp-test-dnsmasq.h"
#include "sp-test-aiosmtpd.h"
#include "sp-test-postfix.h"
#include "sp-test-probe.h"
#include "sp-test-util.h"

static SpProbeRequest *
request_new (SpTestDnsmasq *dns,
             const char    *recipient,
             guint16        port)
{
  SpProbeRequest *request = sp_probe_request_new ();

  request->recipient = g_strdup (recipient);
  request->sender = g_strdup ("helpdesk@example.org");
  request->dns_servers = g_strdup (sp_test_dnsmasq_get_server (dns));
  request->port = port;
  request->timeout_ms = 10000;

  return request;
}

static SpProbe *
run (const SpProbeRequest *request)
{
  SpProbe *probe = sp_probe_new (request);
  SpTestProbeRun r = { 0 };

  sp_probe_run_async (probe, NULL, sp_test_probe_run_cb, &r);
  g_assert_true (sp_test_iterate_until (&r.done, 60000));
  g_assert_no_error (r.error);
  g_assert_cmpint (r.verdict, ==, sp_transcript_get_verdict (sp_probe_get_transcript (probe)));

  return probe;
}

static gboolean
attempt_has_step (SpAttempt *attempt,
                  SpStep                     step)
{
  for (guint i = 0; i < sp_attempt_get_n_steps (attempt); i++)
    if (sp_step_record_get_step (sp_attempt_get_step (attempt, i)) == step)
      return TRUE;

  return FALSE;
}

static SpAttempt *
last_attempt (SpTranscript *transcript)
{
  guint n = sp_transcript_get_n_attempts (transcript);

  g_assert_cmpuint (n, >, 0);

  return sp_transcript_get_attempt (transcript, n - 1);
}

/* Postfix, through the MX records dnsmasq serves */

static void
test_postfix_known_recipient (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpTestPostfix) postfix = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  SpTranscript *transcript;
  SpMxResult *mx;

  if (dns == NULL || (postfix = sp_test_postfix_start_or_skip (NULL)) == NULL)
    return;

  request = request_new (dns, "kate@example.test", sp_test_postfix_get_port (postfix));
  probe = run (request);
  transcript = sp_probe_get_transcript (probe);
  sp_test_transcript_dump (transcript);

  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);
  g_assert_cmpint (sp_transcript_get_deciding_step (transcript), ==, SP_STEP_MESSAGE);
  mx = sp_transcript_get_mx_result (transcript);
  g_assert_nonnull (mx);
  g_assert_cmpuint (mx->hosts->len, ==, 2);
  g_assert_cmpstr (((SpMxHost *)g_ptr_array_index (mx->hosts, 0))->host, ==, "mx1.example.test");

  /* The whole session, through QUIT and Postfix's 221. */
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_SERVER,
                                         "220 mx1.example.test ESMTP"));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_CLIENT,
                                         "RCPT TO:<kate@example.test> NOTIFY=SUCCESS,FAILURE"));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_SERVER, "354 "));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_SERVER,
                                         "250 2.0.0 Ok: queued as"));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_SERVER, "221 2.0.0 Bye"));
  g_assert_true (sp_test_postfix_wait_for_log (postfix, "to=<kate@example.test>", 10000));
}

static void
test_postfix_unknown_recipient (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpTestPostfix) postfix = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  SpAttempt *attempt;
  SpStepRecord *step;
  SpTranscript *transcript;

  if (dns == NULL || (postfix = sp_test_postfix_start_or_skip (NULL)) == NULL)
    return;

  request = request_new (dns, "nobody@example.test", sp_test_postfix_get_port (postfix));
  probe = run (request);
  transcript = sp_probe_get_transcript (probe);
  sp_test_transcript_dump (transcript);

  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_PERMANENT);
  g_assert_cmpint (sp_transcript_get_deciding_step (transcript), ==, SP_STEP_RCPT);
  attempt = last_attempt (transcript);
  g_assert_false (attempt_has_step (attempt, SP_STEP_DATA));
  step = sp_attempt_get_step (attempt, sp_attempt_get_n_steps (attempt) - 1);
  g_assert_cmpint (sp_step_record_get_step (step), ==, SP_STEP_QUIT);
  step = sp_attempt_get_step (attempt, sp_attempt_get_n_steps (attempt) - 2);
  g_assert_cmpint (sp_step_record_get_step (step), ==, SP_STEP_RCPT);
  g_assert_cmpuint (sp_reply_get_code (sp_step_record_get_reply (step)), ==, 550);
  g_assert_cmpstr (sp_reply_get_enhanced_code (sp_step_record_get_reply (step)), ==, "5.1.1");
  g_assert_nonnull (strstr (sp_transcript_get_verdict_detail (transcript), "User unknown"));
}

static void
test_postfix_check_only (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpTestPostfix) postfix = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  SpAttempt *attempt;
  SpTranscript *transcript;

  if (dns == NULL || (postfix = sp_test_postfix_start_or_skip (NULL)) == NULL)
    return;

  request = request_new (dns, "kate@example.test", sp_test_postfix_get_port (postfix));
  request->check_only = TRUE;
  probe = run (request);
  transcript = sp_probe_get_transcript (probe);
  sp_test_transcript_dump (transcript);

  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);
  g_assert_cmpint (sp_transcript_get_deciding_step (transcript), ==, SP_STEP_RCPT);
  attempt = last_attempt (transcript);
  g_assert_true (attempt_has_step (attempt, SP_STEP_RCPT));
  g_assert_true (attempt_has_step (attempt, SP_STEP_RSET));
  g_assert_false (attempt_has_step (attempt, SP_STEP_DATA));
  g_assert_false (attempt_has_step (attempt, SP_STEP_MESSAGE));
  g_assert_false (sp_test_transcript_has (transcript, SP_DIRECTION_CLIENT, "DATA"));
}

static void
test_failover (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpTestPostfix) postfix = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  SpAttempt *first;
  SpTranscript *transcript;

  if (dns == NULL || (postfix = sp_test_postfix_start_or_skip (NULL)) == NULL)
    return;

  /* MX 10 dead.example.test (127.0.0.9, nothing listens), MX 20 mx1. */
  request = request_new (dns, "kate@failover.example.test", sp_test_postfix_get_port (postfix));
  request->family = SP_ADDRESS_FAMILY_IPV4;
  request->check_only = TRUE;
  probe = run (request);
  transcript = sp_probe_get_transcript (probe);
  sp_test_transcript_dump (transcript);

  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, 2);
  first = sp_transcript_get_attempt (transcript, 0);
  g_assert_cmpstr (sp_attempt_get_host (first), ==, "dead.example.test");
  g_assert_cmpstr (sp_attempt_get_address (first), ==, "127.0.0.9");
  g_assert_cmpint (sp_attempt_get_verdict (first), ==, SP_VERDICT_CONNECT_FAILED);
  g_assert_cmpstr (sp_attempt_get_host (last_attempt (transcript)), ==, "mx1.example.test");
  /* Postfix answers for example.test, not for failover.example.test. */
  g_assert_cmpint (sp_attempt_get_verdict (last_attempt (transcript)), ==, SP_VERDICT_PERMANENT);
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_SERVER, "Relay access denied"));
}

static void
test_all_mx (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpTestPostfix) postfix = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  SpTranscript *transcript;

  if (dns == NULL || (postfix = sp_test_postfix_start_or_skip (NULL)) == NULL)
    return;

  /* mx1 at 127.0.0.1 (Postfix) and mx2 at 127.0.0.2 (nothing listens). */
  request = request_new (dns, "kate@example.test", sp_test_postfix_get_port (postfix));
  request->family = SP_ADDRESS_FAMILY_IPV4;
  request->check_only = TRUE;
  request->all_mx = TRUE;
  probe = run (request);
  transcript = sp_probe_get_transcript (probe);
  sp_test_transcript_dump (transcript);

  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, 2);
  g_assert_cmpint (sp_attempt_get_verdict (sp_transcript_get_attempt (transcript, 0)), ==,
                   SP_VERDICT_ACCEPTED);
  g_assert_cmpint (sp_attempt_get_verdict (sp_transcript_get_attempt (transcript, 1)), ==,
                   SP_VERDICT_CONNECT_FAILED);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_CONNECT_FAILED);
  g_assert_nonnull (strstr (sp_transcript_get_verdict_detail (transcript), "1 of 2"));
}

/* DNS outcomes */

typedef struct
{
  const char *path;
  const char *recipient;
  SpVerdict   verdict;
  const char *sentence;   /* a piece of the sentence the user reads */
} DnsCase;

static const DnsCase dns_cases[] = {
  { "/sp/probe/dns/null-mx", "kate@nullmx.example.test", SP_VERDICT_DNS_FAILED, "null MX" },
  { "/sp/probe/dns/nxdomain", "kate@nowhere.example.test", SP_VERDICT_DNS_FAILED,
    "does not exist" },
  { "/sp/probe/dns/no-mail-host", "kate@nomail.example.test", SP_VERDICT_DNS_FAILED, NULL },
};

static void
test_dns_case (gconstpointer data)
{
  const DnsCase *c = data;
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  SpTranscript *transcript;

  if (dns == NULL)
    return;

  request = request_new (dns, c->recipient, 25);
  probe = run (request);
  transcript = sp_probe_get_transcript (probe);
  sp_test_transcript_dump (transcript);

  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, c->verdict);
  g_assert_cmpint (sp_transcript_get_deciding_step (transcript), ==, SP_STEP_DNS);
  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, 0);
  if (c->sentence != NULL)
    g_assert_nonnull (strstr (sp_transcript_get_verdict_detail (transcript), c->sentence));
}

static void
test_dns_sentences_differ (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);

  if (dns == NULL)
    return;

  /* Each case has a sentence of its own, not one generic "DNS failed". */
  for (guint i = 0; i < G_N_ELEMENTS (dns_cases); i++)
    {
      g_autoptr(SpProbeRequest) request = request_new (dns, dns_cases[i].recipient, 25);
      g_autoptr(SpProbe) probe = run (request);
      const char *detail = sp_transcript_get_verdict_detail (sp_probe_get_transcript (probe));

      for (guint j = 0; j < details->len; j++)
        g_assert_cmpstr (detail, !=, g_ptr_array_index (details, j));
      g_ptr_array_add (details, g_strdup (detail));
    }
}

static void
test_implicit_mx (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(GError) error = NULL;
  SpTranscript *transcript;
  SpMxResult *mx;

  if (dns == NULL)
    return;

  /* implicit.example.test has no MX but an A record, 127.0.0.3. */
  server = sp_scripted_server_new ("", &error);
  g_assert_no_error (error);
  sp_scripted_server_start (server, "127.0.0.3", 0, &error);
  g_assert_no_error (error);

  request = request_new (dns, "kate@implicit.example.test", sp_scripted_server_get_port (server));
  probe = run (request);
  transcript = sp_probe_get_transcript (probe);
  sp_test_transcript_dump (transcript);

  mx = sp_transcript_get_mx_result (transcript);
  g_assert_true (mx->implicit);
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE, "implicit MX"));
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);
  g_assert_cmpstr (sp_attempt_get_address (last_attempt (transcript)), ==, "127.0.0.3");
  g_assert_cmpstr (sp_attempt_get_host (last_attempt (transcript)), ==, "implicit.example.test");
}

/* aiosmtpd: what actually arrived */

/* Decodes the RFC 2047 "B" words of a header, as a mail reader would. */
static char *
decode_header (const char *value)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = value;

  while (*p != '\0')
    {
      const char *start = strstr (p, "=?UTF-8?B?");
      const char *end;
      g_autofree char *b64 = NULL;
      g_autofree guchar *raw = NULL;
      gsize len;

      if (start == NULL)
        {
          g_string_append (out, p);
          break;
        }

      /* Blanks between two encoded words are not part of the text. */
      if (out->len == 0 || strspn (p, " \t") != (gsize)(start - p))
        g_string_append_len (out, p, start - p);
      start += strlen ("=?UTF-8?B?");
      end = strstr (start, "?=");
      g_assert_nonnull (end);
      b64 = g_strndup (start, end - start);
      raw = g_base64_decode (b64, &len);
      g_string_append_len (out, (const char *)raw, len);
      p = end + 2;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_aiosmtpd_content (void)
{
  g_autoptr(SpTestAiosmtpd) peer = sp_test_aiosmtpd_start_or_skip (NULL);
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpTestSavedMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *body = NULL;
  g_autofree char *from = NULL;
  g_autofree char *message_id = NULL;
  const char * const *params;
  SpTranscript *transcript;

  if (peer == NULL)
    return;

  request = sp_probe_request_new ();
  request->recipient = g_strdup ("kate@example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->server = g_strdup (sp_test_aiosmtpd_get_address (peer));
  request->port = sp_test_aiosmtpd_get_port (peer);
  request->subject = g_strdup ("Prüfung der Zustellung ✓ — teste de entrega, prueba, próba");
  request->body = g_strdup ("Hello Kate,\n.leading dot\n..two dots\n.\nZażółć gęślą jaźń\nend");
  request->timeout_ms = 10000;

  probe = run (request);
  transcript = sp_probe_get_transcript (probe);
  sp_test_transcript_dump (transcript);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);

  g_assert_true (sp_test_aiosmtpd_wait_for_messages (peer, 1, 5000));
  message = sp_test_aiosmtpd_dup_message (peer, 0, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (message->helo, ==, "example.org");
  g_assert_cmpstr (message->rcpt_tos[0], ==, "kate@example.test");
  params = sp_test_saved_message_get_rcpt_params (message, "kate@example.test");
  g_assert_nonnull (params);
  g_assert_true (g_strv_contains (params, "NOTIFY=SUCCESS,FAILURE"));
  /* The body is not ASCII and the server offers 8BITMIME. */
  g_assert_true (g_strv_contains ((const char * const *)message->mail_params, "BODY=8BITMIME"));

  subject = sp_test_saved_message_dup_header (message, "Subject");
  g_assert_nonnull (subject);
  g_assert_true (g_str_is_ascii (subject));
  decoded = decode_header (subject);
  g_assert_cmpstr (decoded, ==, request->subject);

  from = sp_test_saved_message_dup_header (message, "From");
  g_assert_cmpstr (from, ==, "helpdesk@example.org");
  message_id = sp_test_saved_message_dup_header (message, "Message-ID");
  g_assert_true (g_str_has_suffix (message_id, "@example.org>"));

  /* Dot-stuffing was undone by the server: every line arrived as written. */
  body = sp_test_saved_message_dup_body (message);
  g_assert_cmpstr (body, ==,
                   "Hello Kate,\r\n.leading dot\r\n..two dots\r\n.\r\n"
                   "Zażółć gęślą jaźń\r\nend\r\n");
}

/* The CLI, end to end */

static int
run_cli (const char * const  *args,
         char               **out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (gpointer)g_getenv ("SMTP_PROBE_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  /* Every peer is another process, so a blocking wait is fine here. */
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_test_message ("%s", *out);

  return g_spawn_check_wait_status (status, NULL) ? 0 : WEXITSTATUS (status);
}

static void
test_cli_postfix (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpTestPostfix) postfix = NULL;
  g_autofree char *port = NULL;
  g_autofree char *known = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GVariant) root = NULL;
  g_autoptr(GVariant) verdict = NULL;

  if (dns == NULL || (postfix = sp_test_postfix_start_or_skip (NULL)) == NULL)
    return;

  port = g_strdup_printf ("%u", sp_test_postfix_get_port (postfix));

  {
    const char *args[] = { "--dns-server", sp_test_dnsmasq_get_server (dns), "--port", port,
                           "-4", "--from", "helpdesk@example.org", "kate@example.test", NULL };

    g_assert_cmpint (run_cli (args, &known), ==, 0);
    g_assert_nonnull (strstr (known, "S: 221 2.0.0 Bye"));
  }

  {
    const char *args[] = { "--dns-server", sp_test_dnsmasq_get_server (dns), "--port", port,
                           "-4", "--from", "helpdesk@example.org", "nobody@example.test", NULL };

    g_assert_cmpint (run_cli (args, &unknown), ==, 8);
    g_assert_nonnull (strstr (unknown, "S: 550 5.1.1 <nobody@example.test>"));
  }

  {
    const char *args[] = { "--dns-server", sp_test_dnsmasq_get_server (dns), "--port", port,
                           "--json", "--no-send", "--from", "helpdesk@example.org",
                           "kate@example.test", NULL };

    g_assert_cmpint (run_cli (args, &json), ==, 0);
    root = sp_test_parse_json (json, NULL);
    g_assert_nonnull (root);
    verdict = g_variant_lookup_value (root, "verdict", G_VARIANT_TYPE_STRING);
    g_assert_cmpstr (g_variant_get_string (verdict, NULL), ==, "accepted");
  }
}

/* Lookups found before the test, and an injected resolver */

/* Nothing answers DNS here: a probe that asks fails at the DNS step. */
#define DEAD_DNS "127.0.0.1:1"

static SpMxResult *
fabricated_mx_result (void)
{
  SpMxResult *mx = sp_mx_result_new ("reuse.test");
  SpMxHost *host = _sp_mx_host_new (10, "mx.reuse.test");

  g_ptr_array_add (host->addresses, g_inet_address_new_from_string ("127.0.0.1"));
  host->n_addresses_dropped = 2;
  g_ptr_array_add (mx->hosts, host);
  mx->n_hosts_dropped = 3;
  mx->servers = g_strdup (DEAD_DNS);
  mx->family = SP_ADDRESS_FAMILY_ANY;

  return mx;
}

static SpProbeRequest *
reuse_request (SpScriptedServer *server,
               const char       *recipient)
{
  SpProbeRequest *request = sp_probe_request_new ();

  request->recipient = g_strdup (recipient);
  request->sender = g_strdup ("helpdesk@example.org");
  request->dns_servers = g_strdup (DEAD_DNS);
  request->port = sp_scripted_server_get_port (server);
  request->timeout_ms = 2000;
  request->deadline_ms = 20000;

  return request;
}

static SpProbe *
run_with (const SpProbeRequest *request,
          SpResolver           *resolver,
          SpMxResult           *mx)
{
  SpProbe *probe = sp_probe_new (request);
  SpTestProbeRun r = { 0 };

  sp_probe_set_resolver (probe, resolver);
  sp_probe_set_mx_result (probe, mx);
  sp_probe_run_async (probe, NULL, sp_test_probe_run_cb, &r);
  g_assert_true (sp_test_iterate_until (&r.done, 60000));
  g_assert_no_error (r.error);
  sp_test_transcript_dump (sp_probe_get_transcript (probe));

  return probe;
}

/* A result found before the test (by the app's servers page) is used as
 * DNS would have answered, with the same log, and no question is sent:
 * the DNS server given does not answer. */
static void
test_mx_result_reused (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autoptr(SpMxResult) mx = fabricated_mx_result ();
  g_autoptr(SpProbeRequest) request = reuse_request (server, "kate@Reuse.Test");
  g_autoptr(SpProbe) probe = run_with (request, NULL, mx);
  SpTranscript *transcript = sp_probe_get_transcript (probe);

  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);
  g_assert_true (sp_transcript_get_mx_result (transcript) == mx);
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                         "of reuse.test found before the test"));
  g_assert_false (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE, "Looking up"));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                         "MX 10 mx.reuse.test: 127.0.0.1"));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                         "mx.reuse.test has 2 more addresses in DNS"));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                         "reuse.test has 3 more MX records"));
  g_assert_true (sp_test_received_has (server, "RCPT TO:<kate@Reuse.Test>") ||
                 sp_test_received_has_prefix (server, "RCPT TO:<kate@"));
}

/* Runs a test of the server @given, and checks that the addresses of
 * @host came from @mx, without a question to DNS. */
static SpProbe *
run_known_server (SpScriptedServer *server,
                  SpMxResult       *mx,
                  const char       *given,
                  const char       *host)
{
  g_autoptr(SpProbeRequest) request = reuse_request (server, "kate@reuse.test");
  g_autofree char *note = g_strdup_printf ("Using the addresses of %s found before the test",
                                           host);
  SpTranscript *transcript;
  SpProbe *probe;

  request->server = g_strdup (given);
  probe = run_with (request, NULL, mx);
  transcript = sp_probe_get_transcript (probe);

  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE, note));
  g_assert_false (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE, "Looking up"));

  return probe;
}

/* The same for the addresses of a server given by name. */
static void
test_host_result_reused (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autoptr(SpMxResult) mx = fabricated_mx_result ();
  g_autoptr(SpProbe) probe = NULL;

  g_free (mx->domain);
  mx->domain = g_strdup ("mx.reuse.test");
  mx->host_lookup = TRUE;
  probe = run_known_server (server, mx, "MX.reuse.test.", "mx.reuse.test");
}

/* A server picked from the MX records found before the test: its
 * addresses are taken from them. */
static void
test_exchanger_from_mx_result (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autoptr(SpMxResult) mx = fabricated_mx_result ();
  g_autoptr(SpProbe) probe = NULL;
  SpMxHost *preferred = g_ptr_array_index (mx->hosts, 0);
  SpMxHost *backup = _sp_mx_host_new (20, "backup.reuse.test");
  SpMxResult *used;

  g_ptr_array_add (backup->addresses, g_inet_address_new_from_string ("127.0.0.1"));
  g_ptr_array_add (mx->hosts, backup);
  /* Not the preferred server's address: a connection there would fail. */
  g_ptr_array_set_size (preferred->addresses, 0);
  g_ptr_array_add (preferred->addresses, g_inet_address_new_from_string ("127.0.0.9"));
  probe = run_known_server (server, mx, "backup.reuse.test", "backup.reuse.test");

  used = sp_transcript_get_mx_result (sp_probe_get_transcript (probe));
  g_assert_nonnull (used);
  g_assert_true (used->host_lookup);
  g_assert_cmpuint (used->hosts->len, ==, 1);
  g_assert_cmpstr (((SpMxHost *) g_ptr_array_index (used->hosts, 0))->host, ==,
                   "backup.reuse.test");
  g_assert_cmpuint (sp_transcript_get_n_attempts (sp_probe_get_transcript (probe)), ==, 1);
}

typedef struct
{
  const char      *path;
  const char      *recipient;
  const char      *dns_servers;
  SpAddressFamily  family;
  gboolean         host_lookup;
  guint            n_extra_hosts;  /* beyond what a lookup keeps, with extra */
} MismatchCase;

static const MismatchCase mismatch_cases[] = {
  { "/sp/probe/dns/mx-result-other-domain", "kate@other.test", DEAD_DNS,
    SP_ADDRESS_FAMILY_ANY, FALSE },
  { "/sp/probe/dns/mx-result-other-server", "kate@reuse.test", "127.0.0.1:2",
    SP_ADDRESS_FAMILY_ANY, FALSE },
  { "/sp/probe/dns/mx-result-other-family", "kate@reuse.test", DEAD_DNS,
    SP_ADDRESS_FAMILY_IPV4, FALSE },
  { "/sp/probe/dns/mx-result-host-lookup", "kate@reuse.test", DEAD_DNS,
    SP_ADDRESS_FAMILY_ANY, TRUE },
  { "/sp/probe/dns/mx-result-unbounded", "kate@reuse.test", DEAD_DNS,
    SP_ADDRESS_FAMILY_ANY, FALSE, SP_RESOLVER_MAX_MX_HOSTS },
};

/* A result for another question, or holding more than a lookup keeps, is
 * not used: the probe asks DNS, which does not answer here. */
static void
test_mx_result_mismatch (gconstpointer data)
{
  const MismatchCase *c = data;
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autoptr(SpMxResult) mx = fabricated_mx_result ();
  g_autoptr(SpProbeRequest) request = reuse_request (server, c->recipient);
  g_autoptr(SpProbe) probe = NULL;
  SpTranscript *transcript;

  mx->host_lookup = c->host_lookup;
  for (guint i = 0; i < c->n_extra_hosts; i++)
    g_ptr_array_add (mx->hosts, _sp_mx_host_new (20, "more.reuse.test"));
  g_free (request->dns_servers);
  request->dns_servers = g_strdup (c->dns_servers);
  request->family = c->family;
  probe = run_with (request, NULL, mx);
  transcript = sp_probe_get_transcript (probe);

  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_DNS_FAILED);
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE, "Looking up"));
  g_assert_false (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE, "found before"));
  g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 0);
}

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} AsyncResult;

static void
async_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AsyncResult *r = user_data;

  r->result = g_object_ref (result);
  r->done = TRUE;
}

/* The probe asks the resolver it is given, not one for the request's DNS
 * servers; and an MX result that resolver found is not asked for again,
 * even once its DNS server is gone. */
static void
test_injected_resolver (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autoptr(SpResolver) resolver = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpProbe) again = NULL;
  g_autoptr(SpMxResult) mx = NULL;
  g_autoptr(GError) error = NULL;
  AsyncResult r = { 0 };
  SpTranscript *transcript;

  if (dns == NULL)
    return;

  resolver = sp_resolver_new (sp_test_dnsmasq_get_server (dns), &error);
  g_assert_no_error (error);
  request = reuse_request (server, "kate@example.test");
  request->family = SP_ADDRESS_FAMILY_IPV4;  /* the scripted server listens on 127.0.0.1 */

  /* The request's DNS server does not answer; the injected one does. */
  probe = run_with (request, resolver, NULL);
  transcript = sp_probe_get_transcript (probe);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                         "MX 10 mx1.example.test: 127.0.0.1"));

  /* What that resolver found, as the servers page would have it. */
  sp_resolver_set_family (resolver, SP_ADDRESS_FAMILY_IPV4);
  sp_resolver_lookup_mx_async (resolver, "example.test", NULL, async_result_cb, &r);
  g_assert_true (sp_test_iterate_until (&r.done, 30000));
  mx = sp_resolver_lookup_mx_finish (resolver, r.result, &error);
  g_assert_no_error (error);
  g_clear_pointer (&dns, sp_test_dnsmasq_stop);

  again = run_with (request, resolver, mx);
  transcript = sp_probe_get_transcript (again);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                         "of example.test found before the test"));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                         "MX 10 mx1.example.test: 127.0.0.1"));
  g_clear_object (&r.result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/probe/postfix/known-recipient", test_postfix_known_recipient);
  g_test_add_func ("/sp/probe/postfix/unknown-recipient", test_postfix_unknown_recipient);
  g_test_add_func ("/sp/probe/postfix/check-only", test_postfix_check_only);
  g_test_add_func ("/sp/probe/postfix/failover", test_failover);
  g_test_add_func ("/sp/probe/postfix/all-mx", test_all_mx);
  for (guint i = 0; i < G_N_ELEMENTS (dns_cases); i++)
    g_test_add_data_func (dns_cases[i].path, &dns_cases[i], test_dns_case);
  g_test_add_func ("/sp/probe/dns/sentences-differ", test_dns_sentences_differ);
  g_test_add_func ("/sp/probe/dns/implicit-mx", test_implicit_mx);
  g_test_add_func ("/sp/probe/dns/mx-result-reused", test_mx_result_reused);
  g_test_add_func ("/sp/probe/dns/host-result-reused", test_host_result_reused);
  g_test_add_func ("/sp/probe/dns/exchanger-from-mx-result", test_exchanger_from_mx_result);
  for (guint i = 0; i < G_N_ELEMENTS (mismatch_cases); i++)
    g_test_add_data_func (mismatch_cases[i].path, &mismatch_cases[i], test_mx_result_mismatch);
  g_test_add_func ("/sp/probe/dns/injected-resolver", test_injected_resolver);
  g_test_add_func ("/sp/probe/aiosmtpd/content", test_aiosmtpd_content);
  g_test_add_func ("/sp/probe/cli/postfix", test_cli_postfix);

  return g_test_run ();
}
