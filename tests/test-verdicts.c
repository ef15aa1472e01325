/* test-verdicts.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* Verdicts that were wrong (issue 8, section 5): each case runs a probe
 * against a scripted server, dnsmasq or a broken DNS server, and checks
 * the verdict, the deciding step, the sentence and the explanation. */

#include <string.h>

#include "sp-diagnosis.h"
#include "sp-probe.h"
#include "sp-resolver.h"
#include "sp-test-dnsmasq.h"
#include "sp-test-probe.h"
#include "sp-test-util.h"

#define USER     "kate@example.org"
#define PASSWORD "Corr3ct-Horse-42"

static SpProbeRequest *
request_for (SpScriptedServer *server,
             const char       *recipient)
{
  SpProbeRequest *request = sp_probe_request_new ();

  request->recipient = g_strdup (recipient);
  request->sender = g_strdup ("helpdesk@example.org");
  request->server = g_strdup ("127.0.0.1");
  request->port = sp_scripted_server_get_port (server);
  request->timeout_ms = 5000;

  return request;
}

/* The verdict, its step, words the sentence must and must not hold, and
 * the rule that explains it. */
static void
assert_outcome (SpProbe    *probe,
                SpVerdict   verdict,
                SpStep      step,
                const char *says,
                const char *never_says,
                const char *rule)
{
  SpTranscript *transcript = sp_probe_get_transcript (probe);
  g_autoptr(SpExplanation) explanation = NULL;
  const char *detail = sp_transcript_get_verdict_detail (transcript);

  sp_test_transcript_dump (transcript);
  g_test_message ("Verdict %s at %s: %s",
                  sp_verdict_to_string (sp_transcript_get_verdict (transcript)),
                  sp_step_to_string (sp_transcript_get_deciding_step (transcript)), detail);
  g_assert_cmpstr (sp_verdict_to_string (sp_transcript_get_verdict (transcript)), ==,
                   sp_verdict_to_string (verdict));
  g_assert_cmpstr (sp_step_to_string (sp_transcript_get_deciding_step (transcript)), ==,
                   sp_step_to_string (step));
  g_assert_nonnull (detail);
  if (says != NULL)
    g_assert_nonnull (strstr (detail, says));
  if (never_says != NULL)
    g_assert_null (strstr (detail, never_says));

  explanation = sp_diagnosis_explain_transcript (transcript);
  if (rule == NULL)
    {
      g_assert_null (explanation);
      return;
    }
  g_assert_nonnull (explanation);
  g_test_message ("Explained by %s: %s", sp_explanation_get_rule_id (explanation),
                  sp_explanation_get_meaning (explanation));
  g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, rule);
}

/* DATA answered with 250: the server never asked for the text. That is a
 * broken server, not a permanent refusal of the message. */
static void
test_data_250 (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("on DATA => 250 2.0.0 Ok");
  g_autoptr(SpProbeRequest) request = request_for (server, "kate@example.test");
  g_autoptr(SpProbe) probe = sp_test_probe_run (request);

  assert_outcome (probe, SP_VERDICT_PROTOCOL_ERROR, SP_STEP_DATA, "instead of 354",
                  "permanent failure", "data-no-go-ahead");
  /* Nothing of the message was sent. */
  g_assert_false (sp_test_received_has_prefix (server, "Subject:"));
}

/* 530/538 at AUTH on a plain session: the advice is encryption, not the
 * password. @data: the reply, a newline, and the rule that explains it. */
static void
test_starttls_first_at_auth (gconstpointer data)
{
  g_auto(GStrv) parts = g_strsplit (data, "\n", 2);
  g_autofree char *scenario = NULL;
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpExplanation) explanation = NULL;
  const char * const *advice;
  gboolean names_option = FALSE;

  scenario = g_strdup_printf ("on EHLO => 250-mx.example.test\\n250 AUTH PLAIN LOGIN\n"
                              "on AUTH => %s", parts[0]);
  server = sp_test_scripted_start (scenario);
  request = request_for (server, "kate@example.test");
  request->tls = SP_TLS_POLICY_OFF;
  request->auth_user = g_strdup (USER);
  request->auth_password = g_strdup (PASSWORD);
  request->auth_allow_plaintext = TRUE;
  probe = sp_test_probe_run (request);

  assert_outcome (probe, SP_VERDICT_TLS_FAILED, SP_STEP_AUTH, "encrypted connection",
                  "password", parts[1]);
  g_assert_false (sp_test_received_has_prefix (server, "MAIL"));

  explanation = sp_diagnosis_explain_transcript (sp_probe_get_transcript (probe));
  advice = sp_explanation_get_advice (explanation);
  for (guint i = 0; advice[i] != NULL; i++)
    {
      g_assert_null (strstr (advice[i], "password"));
      if (strstr (advice[i], "--tls required") != NULL || strstr (advice[i], "STARTTLS") != NULL)
        names_option = TRUE;
    }
  g_assert_true (names_option);
}

/* The same reply at MAIL FROM refuses no sender. */
static void
test_starttls_first_at_mail (void)
{
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;

  server = sp_test_scripted_start ("on MAIL => 530 5.7.0 Must issue a STARTTLS command first");
  request = request_for (server, "kate@example.test");
  probe = sp_test_probe_run (request);

  assert_outcome (probe, SP_VERDICT_TLS_FAILED, SP_STEP_MAIL, "encrypted connection",
                  "refused the sender", "starttls-required");
}

/* 552 5.3.4 at MAIL FROM (the SIZE= parameter): the message is too large;
 * the sender was not refused. */
static void
test_size_at_mail (void)
{
  static const char * const replies[] = {
    "552 5.3.4 Message size exceeds fixed limit",
    "552 Message size exceeds maximum permitted",
  };

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      g_autofree char *scenario = NULL;
      g_autoptr(SpScriptedServer) server = NULL;
      g_autoptr(SpProbeRequest) request = NULL;
      g_autoptr(SpProbe) probe = NULL;

      scenario = g_strdup_printf ("on EHLO => 250-mx.example.test\\n250 SIZE 100\n"
                                  "on MAIL => %s", replies[i]);
      server = sp_test_scripted_start (scenario);
      request = request_for (server, "kate@example.test");
      probe = sp_test_probe_run (request);

      assert_outcome (probe, SP_VERDICT_PERMANENT, SP_STEP_MAIL, "too large",
                      "refused the sender", "message-too-large");
      g_assert_true (sp_test_received_has_prefix (server, "MAIL FROM:<helpdesk@example.org> "
                                                  "SIZE="));
    }
}

/* A non-ASCII address and no SMTPUTF8: the test stops on this side, with
 * a verdict of its own, before MAIL FROM is sent. */
static void
test_smtputf8_missing (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (
    "on EHLO => 250-mx.example.test\\n250-8BITMIME\\n250 SIZE 10240000");
  g_autoptr(SpProbeRequest) request = request_for (server, "josé@example.test");
  g_autoptr(SpProbe) probe = sp_test_probe_run (request);

  assert_outcome (probe, SP_VERDICT_UNSUPPORTED, SP_STEP_MAIL, "SMTPUTF8", NULL,
                  "smtputf8-not-offered");
  g_assert_false (sp_test_received_has_prefix (server, "MAIL"));
  g_assert_true (sp_test_received_has_prefix (server, "QUIT"));
  g_assert_cmpstr (sp_verdict_to_string (SP_VERDICT_UNSUPPORTED), ==, "unsupported");
}

/* kate@[127.0.0.1] and kate@[IPv6:::1] name the server: no MX lookup (the
 * DNS server given does not exist), and the session uses the literal. */
static void
test_address_literal (gconstpointer data)
{
  const char *family = data;
  gboolean v6 = g_str_equal (family, "ipv6");
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rcpt = NULL;
  const char *recipient = v6 ? "kate@[IPv6:::1]" : "kate@[127.0.0.1]";
  SpTranscript *transcript;

  server = sp_scripted_server_new ("", &error);
  g_assert_no_error (error);
  if (!sp_scripted_server_start (server, v6 ? "::1" : "127.0.0.1", 0, &error))
    {
      g_test_skip_printf ("No loopback for %s here: %s", family, error->message);
      return;
    }

  request->recipient = g_strdup (recipient);
  request->sender = g_strdup ("helpdesk@example.org");
  request->port = sp_scripted_server_get_port (server);
  request->dns_servers = g_strdup_printf ("127.0.0.1:%u", sp_test_free_port (TRUE));
  request->timeout_ms = 5000;
  probe = sp_test_probe_run (request);
  transcript = sp_probe_get_transcript (probe);

  assert_outcome (probe, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE, "accepted the message", NULL,
                  NULL);
  g_assert_null (sp_transcript_get_mx_result (transcript));
  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, 1);
  g_assert_cmpstr (sp_attempt_get_address (sp_transcript_get_attempt (transcript, 0)), ==,
                   v6 ? "::1" : "127.0.0.1");
  rcpt = g_strdup_printf ("RCPT TO:<%s>", recipient);
  g_assert_true (sp_test_received_has_prefix (server, rcpt));
}

/* An MX record that names an address: the server is tested, but the
 * verdict says the record is wrong instead of "accepted". */
static void
test_mx_names_address (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  const char *records[] = {
    "--mx-host=ipmx.example.test,127.0.0.1,10",
    NULL
  };
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (records);
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(SpProbe) probe = NULL;
  SpTranscript *transcript;
  SpMxResult *mx;

  if (dns == NULL)
    return;

  request->recipient = g_strdup ("kate@ipmx.example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->port = sp_scripted_server_get_port (server);
  request->dns_servers = g_strdup (sp_test_dnsmasq_get_server (dns));
  request->timeout_ms = 5000;
  probe = sp_test_probe_run (request);
  transcript = sp_probe_get_transcript (probe);

  assert_outcome (probe, SP_VERDICT_DNS_FAILED, SP_STEP_DNS, "names the IP address 127.0.0.1",
                  NULL, "dns-mx-names-address");
  /* Tested anyway: the server's own answer is in the log and the detail. */
  g_assert_true (sp_test_received_has (server, "DATA"));
  g_assert_nonnull (strstr (sp_transcript_get_verdict_detail (transcript),
                            "accepted the message"));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                         "instead of a host name"));
  mx = sp_transcript_get_mx_result (transcript);
  g_assert_nonnull (mx);
  g_assert_cmpuint (mx->hosts->len, ==, 1);
  g_assert_true (((SpMxHost *) g_ptr_array_index (mx->hosts, 0))->names_address);
}

/* Refused by the server behind such a record: the refusal decides, and
 * the sentence still says the record is wrong. */
static void
test_mx_names_address_refused (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (
    "on RCPT => 550 5.1.1 User unknown");
  const char *records[] = {
    "--mx-host=ipmx.example.test,127.0.0.1,10",
    NULL
  };
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (records);
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(SpProbe) probe = NULL;

  if (dns == NULL)
    return;

  request->recipient = g_strdup ("kate@ipmx.example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->port = sp_scripted_server_get_port (server);
  request->dns_servers = g_strdup (sp_test_dnsmasq_get_server (dns));
  request->timeout_ms = 5000;
  probe = sp_test_probe_run (request);

  assert_outcome (probe, SP_VERDICT_PERMANENT, SP_STEP_RCPT, "names the IP address 127.0.0.1",
                  NULL, "recipient-unknown");
}

/* A DNS server whose answer holds a compression loop. */
typedef struct
{
  GSubprocess *process;
  char        *server;
} LoopServer;

static void
loop_server_stop (LoopServer *loop)
{
  if (loop->process != NULL)
    {
      g_subprocess_force_exit (loop->process);
      g_subprocess_wait (loop->process, NULL, NULL);
    }
  g_clear_object (&loop->process);
  g_clear_pointer (&loop->server, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LoopServer, loop_server_stop)

static gboolean
loop_server_start (LoopServer *loop)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "support", "dns-loop-server.py",
                                                   NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  guint64 port = 0;

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("/usr/bin/python3 is not installed");
      return FALSE;
    }

  /* The server ends with its stdin, that is with this process. */
  loop->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                    G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                    "/usr/bin/python3", script, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (loop->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_ascii_string_to_unsigned (line, 10, 1, 65535, &port, NULL));
  loop->server = g_strdup_printf ("127.0.0.1:%" G_GUINT64_FORMAT, port);

  return TRUE;
}

static void
mx_lookup_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(SpMxResult) mx = NULL;

  mx = sp_resolver_lookup_mx_finish (SP_RESOLVER (object), result, error);
  g_assert_null (mx);
  g_assert_nonnull (*error);
}

/* The answer is broken, not the name: the error and the diagnosis blame
 * the DNS server, for the resolver and for a whole probe. */
static void
test_dns_compression_loop (void)
{
  g_auto(LoopServer) loop = { 0 };
  g_autoptr(SpResolver) resolver = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpExplanation) explanation = NULL;
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(SpProbe) probe = NULL;

  if (!loop_server_start (&loop))
    return;

  resolver = sp_resolver_new (loop.server, &error);
  g_assert_no_error (error);
  sp_resolver_set_timeout (resolver, 2000, 1);
  sp_resolver_lookup_mx_async (resolver, "loop.example.test", NULL, mx_lookup_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_test_message ("%s", error->message);
  g_assert_error (error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_BAD_ANSWER);
  g_assert_null (strstr (error->message, "Check the name"));
  explanation = sp_diagnosis_explain_error (SP_STEP_DNS, error);
  g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, "dns-bad-answer");

  request->recipient = g_strdup ("kate@loop.example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->dns_servers = g_strdup (loop.server);
  request->timeout_ms = 5000;
  probe = sp_test_probe_run (request);
  assert_outcome (probe, SP_VERDICT_DNS_FAILED, SP_STEP_DNS, "malformed", "Check the name",
                  "dns-bad-answer");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/verdicts/data-250", test_data_250);
  g_test_add_data_func ("/sp/verdicts/starttls-first/auth",
                        "530 5.7.0 Must issue a STARTTLS command first\nstarttls-required",
                        test_starttls_first_at_auth);
  g_test_add_data_func ("/sp/verdicts/starttls-first/auth-538",
                        "538 5.7.11 Encryption required for requested authentication "
                        "mechanism\nauth-encryption-required",
                        test_starttls_first_at_auth);
  g_test_add_func ("/sp/verdicts/starttls-first/mail", test_starttls_first_at_mail);
  g_test_add_func ("/sp/verdicts/size-at-mail", test_size_at_mail);
  g_test_add_func ("/sp/verdicts/smtputf8-missing", test_smtputf8_missing);
  g_test_add_data_func ("/sp/verdicts/address-literal/ipv4", "ipv4", test_address_literal);
  g_test_add_data_func ("/sp/verdicts/address-literal/ipv6", "ipv6", test_address_literal);
  g_test_add_func ("/sp/verdicts/mx-names-address", test_mx_names_address);
  g_test_add_func ("/sp/verdicts/mx-names-address-refused", test_mx_names_address_refused);
  g_test_add_func ("/sp/verdicts/dns-compression-loop", test_dns_compression_loop);

  return g_test_run ();
}
