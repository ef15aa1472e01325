/* test-trust.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What may leave the machine over TLS, checked on the server's side: a
 * recording TLS server (support/tls_recorder.py) writes down every line it
 * receives and the SNI of every handshake, so "no AUTH was sent" is a fact
 * about the wire, not about the client's log. Also the accepted
 * fingerprint, --tls required with a certificate that does not validate,
 * STARTTLS answered with 250, implicit TLS on a plain SMTP port and the
 * size limit of the CA file. */

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "sp-diagnosis.h"
#include "sp-probe.h"
#include "sp-scripted-server.h"
#include "sp-session.h"
#include "sp-test-certs.h"
#include "sp-test-dnsmasq.h"
#include "sp-test-probe.h"
#include "sp-test-util.h"

#define MX_NAME  "mx1.example.test"
#define USER     "kate"
#define PASSWORD "Tr0ub4dor-and-3"

static SpTestCerts *certs;

/* The recording server */

typedef struct
{
  GSubprocess *process;
  char        *dir;
  char        *record;
  guint16      port;
} Recorder;

static void
recorder_stop (Recorder *recorder)
{
  if (recorder == NULL)
    return;

  if (recorder->process != NULL)
    {
      g_subprocess_force_exit (recorder->process);
      g_subprocess_wait (recorder->process, NULL, NULL);
      g_clear_object (&recorder->process);
    }
  if (recorder->dir != NULL && g_getenv ("SP_TEST_KEEP_TMPDIR") == NULL)
    sp_test_rm_rf (recorder->dir);
  g_free (recorder->dir);
  g_free (recorder->record);
  g_free (recorder);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Recorder, recorder_stop)

static void
die_with_parent_cb (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts the recorder on @address with the certificate @cert; NULL after
 * g_test_skip () when /usr/bin/python3 is missing. */
static Recorder *
recorder_start (const char *address,
                const char *cert,
                gboolean    implicit)
{
  g_autoptr(Recorder) recorder = g_new0 (Recorder, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "support", "tls_recorder.py",
                                                    NULL);
  g_autofree char *line = NULL;
  guint64 port = 0;

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("/usr/bin/python3 is not installed.");
      return NULL;
    }

  recorder->dir = sp_test_make_tmpdir ("trust");
  recorder->record = g_build_filename (recorder->dir, "record.txt", NULL);
  g_assert_true (g_file_set_contents (recorder->record, "", 0, NULL));
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* A failed assertion must not leave the server running. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent_cb, NULL, NULL);
  recorder->process = g_subprocess_launcher_spawn (launcher, &error,
                                                   "/usr/bin/python3", script, address, cert,
                                                   certs->key_file, recorder->record,
                                                   implicit ? "implicit" : "starttls", NULL);
  g_assert_no_error (error);

  /* It prints its port once it listens. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (recorder->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_ascii_string_to_unsigned (line, 10, 1, 65535, &port, NULL));
  recorder->port = port;

  return g_steal_pointer (&recorder);
}

static GStrv
recorder_dup_lines (Recorder *recorder)
{
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (recorder->record, &text, NULL, NULL));
  g_test_message ("The recorder received:\n%s", text);

  return g_strsplit (text, "\n", -1);
}

/* How many lines starting with @prefix ("> AUTH", "sni ") it got. */
static guint
recorder_count (Recorder   *recorder,
                const char *prefix)
{
  g_auto(GStrv) lines = recorder_dup_lines (recorder);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      n++;

  return n;
}

static gboolean
recorder_has (Recorder   *recorder,
              const char *prefix)
{
  return recorder_count (recorder, prefix) > 0;
}

/* Nothing derived from the password arrived: neither an AUTH command nor
 * the password, nor its Base64 in any of the forms a login sends. */
static void
assert_no_credential_received (Recorder *recorder)
{
  g_auto(GStrv) lines = recorder_dup_lines (recorder);
  g_autofree char *plain = NULL;
  g_autofree char *login = g_base64_encode ((const guchar *) PASSWORD, strlen (PASSWORD));
  char blob[64];
  gsize len;

  len = g_snprintf (blob, sizeof blob, "%c%s%c%s", '\0', USER, '\0', PASSWORD);
  plain = g_base64_encode ((const guchar *) blob, len);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_false (g_str_has_prefix (lines[i], "> AUTH"));
      g_assert_null (strstr (lines[i], PASSWORD));
      g_assert_null (strstr (lines[i], plain));
      g_assert_null (strstr (lines[i], login));
    }
}

/* Requests */

static SpProbeRequest *
request_new (const char  *server,
             guint16      port,
             SpTlsPolicy  policy)
{
  SpProbeRequest *request = sp_probe_request_new ();

  request->recipient = g_strdup ("kate@example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->server = g_strdup (server);
  request->port = port;
  request->timeout_ms = 10000;
  request->tls = policy;
  request->auth_user = g_strdup (USER);
  request->auth_password = g_strdup (PASSWORD);

  return request;
}

/* The server by its MX name, so that the certificate has exactly the
 * problem of the case and no name mismatch with an address. */
static SpProbeRequest *
mx_request_new (SpTestDnsmasq *dns,
                guint16        port,
                SpTlsPolicy    policy)
{
  SpProbeRequest *request = request_new (NULL, port, policy);

  request->dns_servers = g_strdup (sp_test_dnsmasq_get_server (dns));
  request->family = SP_ADDRESS_FAMILY_IPV4;
  request->ca_file = g_strdup (certs->ca_file);

  return request;
}

/* The explanation of what decided the test comes from @rule. */
static void
assert_rule (SpProbe    *probe,
             const char *rule)
{
  g_autoptr(SpExplanation) explanation = NULL;

  explanation = sp_diagnosis_explain_transcript (sp_probe_get_transcript (probe));
  g_assert_nonnull (explanation);
  g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, rule);
}

/* No password for a certificate that does not validate */

typedef struct
{
  const char  *name;
  gsize        cert_offset;
  SpTlsPolicy  policy;
  gboolean     allow_plaintext;
} UntrustedCase;

static const UntrustedCase untrusted_cases[] = {
  { "self-signed", G_STRUCT_OFFSET (SpTestCerts, self_signed), SP_TLS_POLICY_OPPORTUNISTIC,
    FALSE },
  { "wrong-name", G_STRUCT_OFFSET (SpTestCerts, wrong_name), SP_TLS_POLICY_OPPORTUNISTIC,
    FALSE },
  { "expired", G_STRUCT_OFFSET (SpTestCerts, expired), SP_TLS_POLICY_OPPORTUNISTIC, FALSE },
  { "self-signed-plaintext-allowed", G_STRUCT_OFFSET (SpTestCerts, self_signed),
    SP_TLS_POLICY_OPPORTUNISTIC, TRUE },
  { "self-signed-implicit", G_STRUCT_OFFSET (SpTestCerts, self_signed),
    SP_TLS_POLICY_IMPLICIT, FALSE },
  { "self-signed-required", G_STRUCT_OFFSET (SpTestCerts, self_signed), SP_TLS_POLICY_REQUIRED,
    FALSE },
  { "wrong-name-required", G_STRUCT_OFFSET (SpTestCerts, wrong_name), SP_TLS_POLICY_REQUIRED,
    FALSE },
  { "expired-required", G_STRUCT_OFFSET (SpTestCerts, expired), SP_TLS_POLICY_REQUIRED,
    FALSE },
};

static void
test_untrusted (gconstpointer data)
{
  const UntrustedCase *c = data;
  g_autoptr(SpTestDnsmasq) dns = NULL;
  g_autoptr(Recorder) recorder = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autofree char *sha256 = NULL;
  SpAttempt *attempt;
  SpStepRecord *step;
  gboolean implicit = c->policy == SP_TLS_POLICY_IMPLICIT;

  if (!sp_test_certs_have_shared () || (dns = sp_test_dnsmasq_start (NULL)) == NULL)
    return;
  recorder = recorder_start ("127.0.0.1", G_STRUCT_MEMBER (const char *, certs, c->cert_offset),
                             implicit);
  if (recorder == NULL)
    return;

  request = mx_request_new (dns, recorder->port, c->policy);
  request->auth_allow_plaintext = c->allow_plaintext;
  probe = sp_test_probe_run_dumped (request);
  attempt = sp_test_probe_last_attempt (probe);
  g_assert_nonnull (sp_attempt_get_tls_report (attempt));
  g_assert_false (sp_attempt_get_tls_report (attempt)->validated);
  g_assert_false (sp_attempt_get_tls_report (attempt)->accepted);
  step = sp_diagnosis_find_deciding_step (sp_probe_get_transcript (probe), NULL);
  g_assert_nonnull (step);

  if (c->policy == SP_TLS_POLICY_REQUIRED)
    {
      /* Required means trusted: the test ends before MAIL FROM. */
      sp_test_assert_verdict (probe, SP_VERDICT_TLS_FAILED, SP_STEP_STARTTLS);
      g_assert_error (sp_step_record_get_error (step), SP_PROBE_ERROR,
                      SP_PROBE_ERROR_CERTIFICATE_UNTRUSTED);
      assert_rule (probe, "certificate-required-untrusted");
      g_assert_cmpuint (recorder_count (recorder, "> EHLO"), ==, 1);
      g_assert_false (recorder_has (recorder, "> MAIL"));
    }
  else
    {
      sp_test_assert_verdict (probe, SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH);
      g_assert_error (sp_step_record_get_error (step), SP_SESSION_ERROR,
                      SP_SESSION_ERROR_AUTH_UNTRUSTED);
      assert_rule (probe, "certificate-auth-untrusted");
      /* The encrypted session itself went through: EHLO over TLS. */
      g_assert_true (recorder_has (recorder, implicit ? "> EHLO" : "> STARTTLS"));
    }

  /* The verdict names the fingerprint, so that the user can accept it. */
  g_assert_nonnull (strstr (sp_transcript_get_verdict_detail (sp_probe_get_transcript (probe)),
                            sp_attempt_get_tls_report (attempt)->sha256));
  g_assert_true (recorder_has (recorder, "> QUIT"));
  assert_no_credential_received (recorder);

  /* Accepted for this test: the login goes through. */
  sha256 = g_strdup (sp_attempt_get_tls_report (attempt)->sha256);
  g_clear_object (&probe);
  g_free (request->accept_certificate);
  request->accept_certificate = g_ascii_strdown (sha256, -1);
  probe = sp_test_probe_run_dumped (request);
  attempt = sp_test_probe_last_attempt (probe);
  sp_test_assert_verdict (probe, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE);
  g_assert_true (sp_attempt_get_tls_report (attempt)->accepted);
  g_assert_false (sp_attempt_get_tls_report (attempt)->validated);
  g_assert_true (sp_attempt_get_authenticated (attempt));
  g_assert_true (recorder_has (recorder, "> AUTH PLAIN "));
  g_assert_true (sp_test_transcript_has (sp_probe_get_transcript (probe), SP_DIRECTION_NOTE,
                                         "accepted for this test"));
}

/* A fingerprint of another certificate accepts nothing. */
static void
test_other_fingerprint (void)
{
  g_autoptr(Recorder) recorder = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  SpAttempt *attempt;

  if (!sp_test_certs_have_shared ())
    return;
  if ((recorder = recorder_start ("127.0.0.1", certs->self_signed, FALSE)) == NULL)
    return;

  request = request_new ("127.0.0.1", recorder->port, SP_TLS_POLICY_OPPORTUNISTIC);
  request->accept_certificate = g_strdup ("00112233445566778899AABBCCDDEEFF"
                                          "00112233445566778899aabbccddeeff");
  probe = sp_test_probe_run_dumped (request);
  attempt = sp_test_probe_last_attempt (probe);
  sp_test_assert_verdict (probe, SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH);
  g_assert_false (sp_attempt_get_tls_report (attempt)->accepted);
  g_assert_true (sp_test_transcript_has (sp_probe_get_transcript (probe), SP_DIRECTION_NOTE,
                                         "not the certificate accepted for this test"));
  assert_no_credential_received (recorder);
}

/* The control: a certificate that validates gets the login. */
static void
test_valid (void)
{
  g_autoptr(Recorder) recorder = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;

  if (!sp_test_certs_have_shared ())
    return;
  if ((recorder = recorder_start ("127.0.0.1", certs->valid, FALSE)) == NULL)
    return;

  /* By address: the valid certificate names 127.0.0.1 too. */
  request = request_new ("127.0.0.1", recorder->port, SP_TLS_POLICY_REQUIRED);
  request->ca_file = g_strdup (certs->ca_file);
  probe = sp_test_probe_run_dumped (request);
  sp_test_assert_verdict (probe, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE);
  g_assert_true (sp_attempt_get_tls_report (sp_test_probe_last_attempt (probe))->validated);
  g_assert_true (recorder_has (recorder, "> AUTH PLAIN "));
}

/* The session itself refuses, whatever its caller asks */

typedef struct
{
  SpSession *session;
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return wait->result;
}

static SpReply *
session_command (SpSession  *session,
                 SpStep      step,
                 const char *line)
{
  Wait wait = { session, NULL };
  g_autoptr(GError) error = NULL;
  SpReply *reply;

  if (step == SP_STEP_STARTTLS)
    {
      sp_session_starttls_async (session, NULL, wait_cb, &wait);
      reply = sp_session_starttls_finish (session, wait_for (&wait), &error);
    }
  else
    {
      sp_session_command_async (session, step, line, NULL, wait_cb, &wait);
      reply = sp_session_command_finish (session, wait_for (&wait), &error);
    }
  g_assert_no_error (error);
  g_clear_object (&wait.result);

  return reply;
}

/* Connects, greets, STARTTLS and greets again, as a probe would. */
static void
session_open_encrypted (SpSession      *session,
                        GSocketAddress *address)
{
  Wait wait = { session, NULL };
  g_autoptr(SpReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  sp_session_connect_async (session, G_INET_SOCKET_ADDRESS (address), MX_NAME, NULL,
                            wait_cb, &wait);
  reply = sp_session_connect_finish (session, wait_for (&wait), &error);
  g_assert_no_error (error);
  g_clear_object (&wait.result);
  g_clear_pointer (&reply, sp_reply_unref);
  reply = session_command (session, SP_STEP_EHLO, "EHLO helpdesk.example.org");
  g_clear_pointer (&reply, sp_reply_unref);
  reply = session_command (session, SP_STEP_STARTTLS, NULL);
  g_assert_cmpuint (sp_reply_get_code (reply), ==, 220);
  g_clear_pointer (&reply, sp_reply_unref);
  reply = session_command (session, SP_STEP_EHLO, "EHLO helpdesk.example.org");
  g_assert_true (sp_session_is_encrypted (session));
}

static void
test_session_refuses (void)
{
  g_autoptr(Recorder) recorder = NULL;
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(SpSession) session =
    sp_session_new (sp_transcript_add_attempt (transcript, "mx.example.test", "127.0.0.1", 25));
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(SpReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  Wait wait = { session, NULL };

  if (!sp_test_certs_have_shared ())
    return;
  if ((recorder = recorder_start ("127.0.0.1", certs->self_signed, FALSE)) == NULL)
    return;

  address = g_inet_socket_address_new (loopback, recorder->port);
  session_open_encrypted (session, address);
  g_assert_false (sp_tls_report_is_trusted (sp_session_get_tls_report (session)));

  /* Even a caller that allows plain-text logins gets no login here. */
  sp_session_authenticate_async (session, USER, PASSWORD, TRUE, NULL, wait_cb, &wait);
  reply = sp_session_authenticate_finish (session, wait_for (&wait), &error);
  g_assert_error (error, SP_SESSION_ERROR, SP_SESSION_ERROR_AUTH_UNTRUSTED);
  g_assert_null (reply);
  g_assert_nonnull (strstr (error->message, sp_session_get_tls_report (session)->sha256));
  g_clear_error (&error);
  g_clear_object (&wait.result);
  /* Refused before any traffic: the session is still usable. */
  g_assert_true (sp_session_is_connected (session));
  reply = session_command (session, SP_STEP_QUIT, "QUIT");
  g_assert_cmpuint (sp_reply_get_code (reply), ==, 221);
  g_clear_pointer (&reply, sp_reply_unref);
  assert_no_credential_received (recorder);
  g_assert_true (recorder_has (recorder, "> QUIT"));

  /* The same certificate, once accepted, in a new connection. */
  sha256 = g_strdup (sp_session_get_tls_report (session)->sha256);
  sp_session_disconnect (session);
  sp_session_set_accepted_certificate (session, sha256);
  session_open_encrypted (session, address);
  g_assert_true (sp_session_get_tls_report (session)->accepted);
  sp_session_authenticate_async (session, USER, PASSWORD, FALSE, NULL, wait_cb, &wait);
  reply = sp_session_authenticate_finish (session, wait_for (&wait), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sp_reply_get_code (reply), ==, 235);
  g_clear_object (&wait.result);
  g_assert_true (recorder_has (recorder, "> AUTH PLAIN "));
}

/* SNI */

typedef struct
{
  const char *name;
  const char *address;
  const char *server;   /* NULL: the MX of example.test */
  const char *sni;      /* what the server must see; "-" for none */
} SniCase;

static const SniCase sni_cases[] = {
  { "ipv4", "127.0.0.1", "127.0.0.1", "-" },
  { "ipv6", "::1", "[::1]", "-" },
  { "host-name", "127.0.0.1", NULL, MX_NAME },
};

static void
test_sni (gconstpointer data)
{
  const SniCase *c = data;
  g_autoptr(SpTestDnsmasq) dns = NULL;
  g_autoptr(Recorder) recorder = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autofree char *sni = g_strdup_printf ("sni %s", c->sni);
  g_auto(GStrv) lines = NULL;
  guint n_sni = 0;

  if (!sp_test_certs_have_shared ())
    return;
  if (c->server == NULL && (dns = sp_test_dnsmasq_start (NULL)) == NULL)
    return;
  if ((recorder = recorder_start (c->address, certs->valid, FALSE)) == NULL)
    return;

  if (c->server == NULL)
    request = mx_request_new (dns, recorder->port, SP_TLS_POLICY_REQUIRED);
  else
    {
      g_autofree char *server = g_strdup_printf ("%s:%u", c->server, recorder->port);

      request = request_new (server, 0, SP_TLS_POLICY_REQUIRED);
      request->port = 25;
      request->ca_file = g_strdup (certs->ca_file);
    }
  g_clear_pointer (&request->auth_user, g_free);
  g_clear_pointer (&request->auth_password, g_free);
  probe = sp_test_probe_run_dumped (request);

  lines = recorder_dup_lines (recorder);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "sni "))
      {
        g_assert_cmpstr (lines[i], ==, sni);
        n_sni++;
      }
  g_assert_cmpuint (n_sni, ==, 1);

  /* Without SNI the certificate is still checked against the address:
   * the valid one names 127.0.0.1 but not ::1. */
  if (g_str_equal (c->address, "::1"))
    {
      g_assert_true (sp_attempt_get_tls_report (sp_test_probe_last_attempt (probe))->problems &
                     SP_TLS_PROBLEM_NAME_MISMATCH);
      sp_test_assert_verdict (probe, SP_VERDICT_TLS_FAILED, SP_STEP_STARTTLS);
    }
  else
    {
      g_assert_true (sp_attempt_get_tls_report (sp_test_probe_last_attempt (probe))->validated);
      sp_test_assert_verdict (probe, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE);
    }
}

/* STARTTLS answered with 250 */

static void
test_starttls_250 (void)
{
  const char *scenario = "on EHLO => 250-mx.example.test\\n250-STARTTLS\\n250 8BITMIME\n"
                         "on STARTTLS => 250 2.0.0 Fine, go ahead\n";
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario);
  g_autoptr(SpScriptedServer) server2 = sp_test_scripted_start (scenario);
  g_autoptr(SpProbeRequest) required = NULL;
  g_autoptr(SpProbeRequest) opportunistic = NULL;
  g_autoptr(SpProbe) probe = NULL;
  SpStepRecord *step;

  required = request_new ("127.0.0.1", sp_scripted_server_get_port (server),
                          SP_TLS_POLICY_REQUIRED);
  g_clear_pointer (&required->auth_user, g_free);
  probe = sp_test_probe_run_dumped (required);
  sp_test_assert_verdict (probe, SP_VERDICT_TLS_FAILED, SP_STEP_STARTTLS);
  step = sp_diagnosis_find_deciding_step (sp_probe_get_transcript (probe), NULL);
  g_assert_error (sp_step_record_get_error (step), SP_PROBE_ERROR,
                  SP_PROBE_ERROR_STARTTLS_UNEXPECTED);
  assert_rule (probe, "starttls-unexpected-reply");
  g_assert_nonnull (strstr (sp_transcript_get_verdict_detail (sp_probe_get_transcript (probe)),
                            "250 2.0.0"));
  g_assert_false (sp_test_received_has_prefix (server, "MAIL"));
  g_clear_object (&probe);

  /* Opportunistic: on in plain text, as a sending server would. */
  opportunistic = request_new ("127.0.0.1", sp_scripted_server_get_port (server2),
                               SP_TLS_POLICY_OPPORTUNISTIC);
  g_clear_pointer (&opportunistic->auth_user, g_free);
  probe = sp_test_probe_run_dumped (opportunistic);
  sp_test_assert_verdict (probe, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE);
  g_assert_true (sp_test_transcript_has (sp_probe_get_transcript (probe), SP_DIRECTION_NOTE,
                                         "instead of 220"));
  g_assert_true (sp_test_transcript_has (sp_probe_get_transcript (probe), SP_DIRECTION_NOTE,
                                         "plain text"));
  g_assert_null (sp_attempt_get_tls_report (sp_test_probe_last_attempt (probe)));
  g_assert_true (sp_test_received_has_prefix (server2, "MAIL FROM:"));
}

/* Implicit TLS on a plain SMTP port */

static void
test_implicit_plain_port (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  SpStepRecord *step;

  request = request_new ("127.0.0.1", sp_scripted_server_get_port (server),
                         SP_TLS_POLICY_IMPLICIT);
  g_clear_pointer (&request->auth_user, g_free);
  probe = sp_test_probe_run_dumped (request);
  sp_test_assert_verdict (probe, SP_VERDICT_TLS_FAILED, SP_STEP_TLS);
  step = sp_diagnosis_find_deciding_step (sp_probe_get_transcript (probe), NULL);
  g_assert_error (sp_step_record_get_error (step), SP_SESSION_ERROR,
                  SP_SESSION_ERROR_TLS_PLAINTEXT_PEER);
  g_assert_nonnull (strstr (sp_step_record_get_error (step)->message, "plain text"));
  assert_rule (probe, "tls-plaintext-port");
}

/* The command line, as a helpdesk would run it */

typedef struct
{
  char *out;
  int   status;
} CliRun;

/* Runs smtp-probe-cli with @args and the password in the environment. */
static CliRun
cli_run (const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("SMTP_PROBE_CLI");
  CliRun result = { NULL, -1 };
  gboolean done = FALSE;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_setenv (launcher, "SMTP_PROBE_PASSWORD", PASSWORD, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                          &error);
  g_assert_no_error (error);
  /* The recorder is another process: waiting here blocks nobody. */
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result.out, NULL, &error);
  g_assert_no_error (error);
  done = g_subprocess_get_if_exited (process);
  g_assert_true (done);
  result.status = g_subprocess_get_exit_status (process);
  g_test_message ("smtp-probe-cli exited with %d:\n%s", result.status, result.out);

  return result;
}

/* With --tls required and a certificate that does not validate, the CLI
 * exits 12 and the server never sees AUTH; it names the option that
 * accepts the certificate, and with it the login goes through. */
static void
test_cli_required (void)
{
  g_autoptr(Recorder) recorder = NULL;
  g_autofree char *server = NULL;
  g_autofree char *fingerprint = NULL;
  const char *hint;
  CliRun r;

  if (!sp_test_certs_have_shared ())
    return;
  if ((recorder = recorder_start ("127.0.0.1", certs->self_signed, FALSE)) == NULL)
    return;

  server = g_strdup_printf ("127.0.0.1:%u", recorder->port);
  {
    const char *args[] = { "--server", server, "--tls", "required", "--auth-user", USER,
                           "--from", "helpdesk@example.org", "kate@example.test", NULL,
                           NULL, NULL };

    r = cli_run (args);
    g_assert_cmpint (r.status, ==, 12);
    assert_no_credential_received (recorder);
    g_assert_false (recorder_has (recorder, "> MAIL"));
    hint = strstr (r.out, "\n  --accept-certificate ");
    g_assert_nonnull (hint);
    fingerprint = g_strndup (hint + strlen ("\n  --accept-certificate "), 95);
    g_free (r.out);

    args[G_N_ELEMENTS (args) - 3] = "--accept-certificate";
    args[G_N_ELEMENTS (args) - 2] = fingerprint;
    r = cli_run (args);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (recorder_has (recorder, "> AUTH PLAIN "));
    g_free (r.out);
  }
}

/* With the server given as an address, no SNI goes out. */
static void
test_cli_sni (void)
{
  g_autoptr(Recorder) recorder = NULL;
  g_autofree char *server = NULL;
  CliRun r;

  if (!sp_test_certs_have_shared ())
    return;
  if ((recorder = recorder_start ("::1", certs->valid, FALSE)) == NULL)
    return;

  server = g_strdup_printf ("[::1]:%u", recorder->port);
  {
    const char *args[] = { "--server", server, "--tls", "opportunistic", "--from",
                           "helpdesk@example.org", "kate@example.test", NULL };

    r = cli_run (args);
    g_free (r.out);
  }
  g_assert_true (recorder_has (recorder, "sni -"));
  g_assert_false (recorder_has (recorder, "sni ::1"));
}

/* A sparse 2 GB file, as "truncate -s 2G" makes it. */
static char *
make_huge_file (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "huge.pem", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = g_file_create (file, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_seekable_truncate (G_SEEKABLE (stream), G_GINT64_CONSTANT (2) << 30, NULL,
                                      &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL));

  return g_steal_pointer (&path);
}

/* The CLI refuses a huge CA file at once, naming the option. */
static void
test_cli_ca_file_size (void)
{
  g_autofree char *dir = sp_test_make_tmpdir ("trust-cli-ca");
  g_autofree char *path = make_huge_file (dir);
  const char *args[] = { "--server", "127.0.0.1", "--ca-file", path, "--from",
                         "helpdesk@example.org", "kate@example.test", NULL };
  gint64 start = g_get_monotonic_time ();
  CliRun r = cli_run (args);

  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.out, "--ca-file"));
  g_assert_nonnull (strstr (r.out, "GiB"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_free (r.out);
  sp_test_rm_rf (dir);
}

/* Input checks */

static void
test_fingerprint_format (void)
{
  const char *colons = "97:6E:81:E8:EB:B3:9C:00:79:4A:A3:C1:5C:B0:9B:A2:"
                       "30:83:4A:96:CA:41:D7:8A:8B:69:F8:F7:D8:08:6B:3B";
  const char *good[] = {
    "97:6E:81:E8:EB:B3:9C:00:79:4A:A3:C1:5C:B0:9B:A2:"
    "30:83:4A:96:CA:41:D7:8A:8B:69:F8:F7:D8:08:6B:3B",
    "976e81e8ebb39c00794aa3c15cb09ba230834a96ca41d78a8b69f8f7d8086b3b",
    " 97:6e:81:e8:eb:b3:9c:00:79:4a:a3:c1:5c:b0:9b:a2:"
    "30:83:4a:96:ca:41:d7:8a:8b:69:f8:f7:d8:08:6b:3b\n",
  };
  const char *bad[] = {
    "",
    "976e81e8ebb39c00794aa3c15cb09ba230834a96ca41d78a8b69f8f7d8086b3",
    "976e81e8ebb39c00794aa3c15cb09ba230834a96ca41d78a8b69f8f7d8086b3bb",
    "976e81e8ebb39c00794aa3c15cb09ba230834a96ca41d78a8b69f8f7d8086b3g",
    "97:6E81:E8:EB:B3:9C:00:79:4A:A3:C1:5C:B0:9B:A2:"
    "30:83:4A:96:CA:41:D7:8A:8B:69:F8:F7:D8:08:6B:3B:",
    "97-6E-81-E8-EB-B3-9C-00-79-4A-A3-C1-5C-B0-9B-A2-"
    "30-83-4A-96-CA-41-D7-8A-8B-69-F8-F7-D8-08-6B-3B",
    "SHA256:976e81e8ebb39c00794aa3c15cb09ba230834a96ca41d78a8b69f8f7d8086b3b",
  };
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(SpProbeRequest) copy = NULL;
  g_autoptr(GError) error = NULL;
  SpField field = SP_FIELD_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *sha256 = sp_tls_fingerprint_normalize (good[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (sha256, ==, colons);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *sha256 = sp_tls_fingerprint_normalize (bad[i], &error);

      g_assert_null (sha256);
      g_assert_error (error, SP_TLS_ERROR, SP_TLS_ERROR_INVALID_FINGERPRINT);
      g_clear_error (&error);
    }

  request->recipient = g_strdup ("kate@example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->accept_certificate = g_strdup (bad[1]);
  g_assert_false (sp_probe_request_validate (request, &field, &error));
  g_assert_cmpint (field, ==, SP_FIELD_ACCEPT_CERTIFICATE);
  g_assert_cmpstr (sp_field_to_string (field), ==, "accept-certificate");
  g_clear_error (&error);

  g_free (request->accept_certificate);
  request->accept_certificate = g_strdup (good[1]);
  g_assert_true (sp_probe_request_validate (request, &field, NULL));
  copy = sp_probe_request_copy (request);
  g_assert_cmpstr (copy->accept_certificate, ==, good[1]);
}

static void
test_ca_file_size (void)
{
  g_autofree char *dir = sp_test_make_tmpdir ("trust-ca");
  g_autofree char *path = make_huge_file (dir);
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  SpField field = SP_FIELD_NONE;
  gint64 start;

  /* Nothing of it may be read. */
  start = g_get_monotonic_time ();
  database = sp_tls_load_ca_file (path, &error);
  g_assert_null (database);
  g_assert_error (error, SP_TLS_ERROR, SP_TLS_ERROR_CA_FILE);
  g_assert_nonnull (strstr (error->message, "CA file"));
  /* g_format_size () may put a no-break space before the unit. */
  g_assert_nonnull (strstr (error->message, "2.0"));
  g_assert_nonnull (strstr (error->message, "GiB"));
  g_clear_error (&error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 2);

  request->recipient = g_strdup ("kate@example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->ca_file = g_strdup (path);
  g_assert_false (sp_probe_request_validate (request, &field, &error));
  g_assert_cmpint (field, ==, SP_FIELD_CA_FILE);

  sp_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  certs = sp_test_certs_make_shared ();

  for (guint i = 0; i < G_N_ELEMENTS (untrusted_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sp/trust/untrusted/%s",
                                               untrusted_cases[i].name);

      g_test_add_data_func (path, &untrusted_cases[i], test_untrusted);
    }
  g_test_add_func ("/sp/trust/other-fingerprint", test_other_fingerprint);
  g_test_add_func ("/sp/trust/valid", test_valid);
  g_test_add_func ("/sp/trust/session-refuses", test_session_refuses);
  for (guint i = 0; i < G_N_ELEMENTS (sni_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sp/trust/sni/%s", sni_cases[i].name);

      g_test_add_data_func (path, &sni_cases[i], test_sni);
    }
  g_test_add_func ("/sp/trust/cli/required", test_cli_required);
  g_test_add_func ("/sp/trust/cli/sni", test_cli_sni);
  g_test_add_func ("/sp/trust/cli/ca-file-size", test_cli_ca_file_size);
  g_test_add_func ("/sp/trust/starttls-250", test_starttls_250);
  g_test_add_func ("/sp/trust/implicit-plain-port", test_implicit_plain_port);
  g_test_add_func ("/sp/trust/fingerprint-format", test_fingerprint_format);
  g_test_add_func ("/sp/trust/ca-file-size", test_ca_file_size);

  status = g_test_run ();

  sp_test_certs_free_shared ();

  return status;
}
