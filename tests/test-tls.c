/* test-tls.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Encryption and logging in: the certificate report for certificates made
 * at test time (a private CA, a valid leaf, a wrong name, expired, not yet
 * valid, self-signed), STARTTLS in each policy and implicit TLS against
 * aiosmtpd and Postfix, STARTTLS injection and refusals against the
 * scripted server, and AUTH PLAIN and LOGIN against aiosmtpd's
 * authenticator, with every output searched for the password. */

#include <string.h>

#include <glib/gstdio.h>

#include "sp-auth.h"
#include "sp-diagnosis.h"
#include "sp-export.h"
#include "sp-probe.h"
#include "sp-scripted-server.h"
#include "sp-session.h"
#include "sp-test-aiosmtpd.h"
#include "sp-test-certs.h"
#include "sp-test-dnsmasq.h"
#include "sp-test-postfix.h"
#include "sp-test-probe.h"
#include "sp-test-util.h"
#include "sp-mx-result-private.h"

#define MX_NAME  "mx1.example.test"
#define USER     "kate"
/* Its Base64 forms have no "/" or "+", which an export could escape: a
 * search for them is a real search (checked in secrets_new ()). */
#define PASSWORD "Tr0ub4dor-and-3"

static SpTestCerts *certs;

/* Certificates, without any network */

static GTlsCertificate *
load_certificate (const char *path)
{
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = g_tls_certificate_new_from_file (path, &error);

  g_assert_no_error (error);

  return certificate;
}

/* What the handshake against the system trust store would report. */
static GTlsCertificateFlags
system_errors (GTlsCertificate *certificate,
               const char      *identity)
{
  GTlsDatabase *database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  g_autoptr(GSocketConnectable) connectable = g_network_address_new (identity, 25);
  g_autoptr(GError) error = NULL;
  GTlsCertificateFlags flags;

  g_assert_nonnull (database);
  flags = g_tls_database_verify_chain (database, certificate,
                                       G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                       connectable, NULL, G_TLS_DATABASE_VERIFY_NONE,
                                       NULL, &error);
  g_assert_no_error (error);
  g_object_unref (database);

  return flags;
}

static SpTlsReport *
report_for (const char *path,
            const char *identity,
            const char *ca_file)
{
  g_autoptr(GTlsCertificate) certificate = load_certificate (path);
  g_autoptr(GTlsDatabase) anchors = NULL;
  g_autoptr(GError) error = NULL;

  if (ca_file != NULL)
    {
      anchors = sp_tls_load_ca_file (ca_file, &error);
      g_assert_no_error (error);
    }

  return sp_tls_report_new_for_certificate (certificate, identity,
                                            system_errors (certificate, identity),
                                            anchors, ca_file, NULL);
}

static char *
problems_string (SpTlsProblems problems)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint bit = 1; bit <= SP_TLS_PROBLEM_OTHER; bit <<= 1)
    if (problems & bit)
      g_string_append_printf (text, "%s%s", text->len > 0 ? "," : "",
                              sp_tls_problem_to_string ((SpTlsProblems) bit));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_problems (const SpTlsReport *report,
                 SpTlsProblems      expected)
{
  g_autofree char *got = problems_string (report->problems);
  g_autofree char *want = problems_string (expected);

  g_assert_cmpstr (got, ==, want);
  g_assert_cmpint (report->validated, ==, expected == SP_TLS_PROBLEM_NONE);
}

static gboolean
strv_has (GStrv       strv,
          const char *needle)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, needle);
}

static gboolean
lines_contain (GStrv       lines,
               const char *needle)
{
  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    if (strstr (lines[i], needle) != NULL)
      return TRUE;

  return FALSE;
}

static void
test_report_valid (void)
{
  g_autoptr(SpTlsReport) report = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GDateTime) not_after = NULL;
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *summary = NULL;
  g_auto(GStrv) lines = NULL;

  if (!sp_test_certs_have_shared ())
    return;

  report = report_for (certs->valid, MX_NAME, certs->ca_file);
  assert_problems (report, SP_TLS_PROBLEM_NONE);
  g_assert_cmpint (report->trust, ==, SP_TLS_TRUST_CA_FILE);
  g_assert_cmpstr (report->identity, ==, MX_NAME);
  g_assert_nonnull (strstr (report->subject, "CN=" MX_NAME));
  g_assert_nonnull (strstr (report->issuer, "CN=SMTP Probe Test CA"));
  g_assert_true (strv_has (report->dns_names, MX_NAME));
  g_assert_true (strv_has (report->ip_addresses, "127.0.0.1"));
  g_assert_cmpuint (report->chain_length, ==, 1);

  /* The dates and fingerprint are this certificate's. */
  certificate = load_certificate (certs->valid);
  not_after = g_tls_certificate_get_not_valid_after (certificate);
  g_assert_nonnull (report->not_after);
  g_assert_cmpint (g_date_time_compare (report->not_after, not_after), ==, 0);
  g_assert_nonnull (report->not_before);
  g_assert_cmpint (g_date_time_compare (report->not_before, report->not_after), <, 0);
  g_object_get (certificate, "certificate", &der, NULL);
  digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  g_assert_cmpuint (strlen (report->sha256), ==, 32 * 3 - 1);
  fingerprint = g_ascii_strdown (report->sha256, -1);
  for (guint i = 0; i < 32; i++)
    {
      g_assert_cmpint (fingerprint[i * 3], ==, digest[i * 2]);
      g_assert_cmpint (fingerprint[i * 3 + 1], ==, digest[i * 2 + 1]);
    }

  summary = sp_tls_report_dup_summary (report);
  g_assert_nonnull (strstr (summary, "valid for " MX_NAME));
  g_assert_nonnull (strstr (summary, certs->ca_file));
  lines = sp_tls_report_format (report);
  g_assert_true (lines_contain (lines, "Certificate subject: "));
  g_assert_true (lines_contain (lines, MX_NAME ", 127.0.0.1"));
  g_assert_true (lines_contain (lines, "For mail delivery: "));
}

static void
test_report_valid_by_address (void)
{
  g_autoptr(SpTlsReport) report = NULL;

  if (!sp_test_certs_have_shared ())
    return;

  /* A server given as an address is checked against the IP names. */
  report = report_for (certs->valid, "127.0.0.1", certs->ca_file);
  assert_problems (report, SP_TLS_PROBLEM_NONE);
  g_clear_pointer (&report, sp_tls_report_unref);
  report = report_for (certs->valid, "127.0.0.2", certs->ca_file);
  assert_problems (report, SP_TLS_PROBLEM_NAME_MISMATCH);
}

typedef struct
{
  const char    *name;
  gsize          cert_offset;    /* into SpTestCerts */
  gboolean       with_ca_file;
  SpTlsProblems  problems;
  const char    *sentence;       /* part of the problem's sentence */
} ReportCase;

static const ReportCase report_cases[] = {
  { "unknown-issuer", G_STRUCT_OFFSET (SpTestCerts, valid), FALSE,
    SP_TLS_PROBLEM_UNKNOWN_ISSUER, "an authority this system does not trust" },
  { "wrong-name", G_STRUCT_OFFSET (SpTestCerts, wrong_name), TRUE,
    SP_TLS_PROBLEM_NAME_MISMATCH, "is for other.example.test, not for " MX_NAME },
  { "wrong-name-no-ca", G_STRUCT_OFFSET (SpTestCerts, wrong_name), FALSE,
    SP_TLS_PROBLEM_NAME_MISMATCH | SP_TLS_PROBLEM_UNKNOWN_ISSUER, "not for " MX_NAME },
  { "expired", G_STRUCT_OFFSET (SpTestCerts, expired), TRUE,
    SP_TLS_PROBLEM_EXPIRED, "Expired: the certificate expired on " },
  { "not-yet-valid", G_STRUCT_OFFSET (SpTestCerts, not_yet_valid), TRUE,
    SP_TLS_PROBLEM_NOT_YET_VALID, "only becomes valid on " },
  { "self-signed", G_STRUCT_OFFSET (SpTestCerts, self_signed), TRUE,
    SP_TLS_PROBLEM_SELF_SIGNED, "vouches for itself" },
  { "self-signed-no-ca", G_STRUCT_OFFSET (SpTestCerts, self_signed), FALSE,
    SP_TLS_PROBLEM_SELF_SIGNED, "vouches for itself" },
};

static guint
count_bits (guint bits)
{
  guint n = 0;

  for (; bits != 0; bits >>= 1)
    n += bits & 1;

  return n;
}

static void
test_report_case (gconstpointer data)
{
  const ReportCase *c = data;
  g_autoptr(SpTlsReport) report = NULL;
  g_auto(GStrv) sentences = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *impact = NULL;
  const char *path;

  if (!sp_test_certs_have_shared ())
    return;

  path = G_STRUCT_MEMBER (const char *, certs, c->cert_offset);
  report = report_for (path, MX_NAME, c->with_ca_file ? certs->ca_file : NULL);
  assert_problems (report, c->problems);
  g_assert_cmpint (report->trust, ==, SP_TLS_TRUST_NONE);

  sentences = sp_tls_report_dup_problems (report);
  g_assert_cmpuint (g_strv_length (sentences), ==, count_bits (c->problems));
  g_assert_true (lines_contain (sentences, c->sentence));
  /* Problems are facts; what to do is the diagnosis's advice. */
  for (guint i = 0; sentences[i] != NULL; i++)
    {
      g_assert_null (strstr (sentences[i], "Check "));
      g_assert_null (strstr (sentences[i], " must "));
      g_assert_null (strstr (sentences[i], " may "));
      g_assert_null (strstr (sentences[i], "give its certificate"));
    }

  summary = sp_tls_report_dup_summary (report);
  g_assert_nonnull (strstr (summary, "does not validate for " MX_NAME));
  impact = sp_diagnosis_dup_tls_delivery_impact (report);
  g_assert_nonnull (strstr (impact, "MTA-STS"));
  g_assert_nonnull (strstr (impact, "deliver anyway"));
}

static void
test_report_own_anchor (void)
{
  g_autoptr(SpTlsReport) self_signed = NULL;
  g_autoptr(SpTlsReport) other = NULL;
  g_auto(GStrv) sentences = NULL;

  if (!sp_test_certs_have_shared ())
    return;

  /* A self-signed certificate given as the CA file is trusted. */
  self_signed = report_for (certs->self_signed, MX_NAME, certs->self_signed);
  assert_problems (self_signed, SP_TLS_PROBLEM_NONE);
  g_assert_cmpint (self_signed->trust, ==, SP_TLS_TRUST_CA_FILE);

  /* A CA file with another authority does not help, and says so. */
  other = report_for (certs->valid, MX_NAME, certs->other_ca_file);
  assert_problems (other, SP_TLS_PROBLEM_UNKNOWN_ISSUER);
  sentences = sp_tls_report_dup_problems (other);
  g_assert_true (lines_contain (sentences, certs->other_ca_file));
}

static void
test_report_own_checks (void)
{
  g_autoptr(GTlsCertificate) expired = NULL;
  g_autoptr(GTlsCertificate) valid = NULL;
  g_autoptr(GTlsCertificate) self_signed = NULL;
  g_autoptr(GDateTime) after_expiry = NULL;
  g_autoptr(GDateTime) not_after = NULL;

  if (!sp_test_certs_have_shared ())
    return;

  expired = load_certificate (certs->expired);
  valid = load_certificate (certs->valid);
  self_signed = load_certificate (certs->self_signed);

  g_assert_cmpint (sp_tls_check_certificate (expired, MX_NAME, NULL), ==, SP_TLS_PROBLEM_EXPIRED);
  g_assert_cmpint (sp_tls_check_certificate (valid, MX_NAME, NULL), ==, SP_TLS_PROBLEM_NONE);
  g_assert_cmpint (sp_tls_check_certificate (valid, "mx2.example.test", NULL), ==,
                   SP_TLS_PROBLEM_NAME_MISMATCH);
  g_assert_cmpint (sp_tls_check_certificate (self_signed, MX_NAME, NULL), ==,
                   SP_TLS_PROBLEM_SELF_SIGNED);

  /* The dates are checked at the time given. */
  not_after = g_tls_certificate_get_not_valid_after (valid);
  after_expiry = g_date_time_add_years (not_after, 1);
  g_assert_cmpint (sp_tls_check_certificate (valid, MX_NAME, after_expiry), ==,
                   SP_TLS_PROBLEM_EXPIRED);
}

static void
test_name_matches (void)
{
  const char *wildcard[] = { "*.example.test", NULL };
  const char *plain[] = { "MX1.Example.Test", NULL };
  const char *ips[] = { "127.0.0.1", "::1", NULL };
  const char *none[] = { NULL };

  g_assert_true (sp_tls_name_matches (plain, NULL, NULL, "mx1.example.test"));
  g_assert_true (sp_tls_name_matches (plain, NULL, NULL, "mx1.example.test."));
  g_assert_false (sp_tls_name_matches (plain, NULL, NULL, "mx2.example.test"));
  g_assert_true (sp_tls_name_matches (wildcard, NULL, NULL, "mx1.example.test"));
  g_assert_false (sp_tls_name_matches (wildcard, NULL, NULL, "example.test"));
  g_assert_false (sp_tls_name_matches (wildcard, NULL, NULL, "a.b.example.test"));
  g_assert_false (sp_tls_name_matches ((const char *[]) { "*.test", NULL }, NULL, NULL,
                                       "example.test"));
  g_assert_true (sp_tls_name_matches (none, ips, NULL, "::1"));
  g_assert_true (sp_tls_name_matches (none, ips, NULL, "[::1]"));
  g_assert_false (sp_tls_name_matches (plain, ips, NULL, "127.0.0.2"));
  /* A name is not matched against addresses, nor an address against names. */
  g_assert_false (sp_tls_name_matches ((const char *[]) { "127.0.0.1", NULL }, NULL, NULL,
                                       "127.0.0.1"));
  /* The CN counts only without alternative names. */
  g_assert_true (sp_tls_name_matches (none, none, "O=Test,CN=mx1.example.test",
                                      "mx1.example.test"));
  g_assert_false (sp_tls_name_matches (plain, none, "CN=mx9.example.test", "mx9.example.test"));
  g_assert_false (sp_tls_name_matches (none, none, "O=No name", "mx1.example.test"));
}

static void
test_ca_file_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *garbage = NULL;
  g_autofree char *cwd = g_get_current_dir ();

  database = sp_tls_load_ca_file ("/nonexistent/ca.pem", &error);
  g_assert_null (database);
  g_assert_error (error, SP_TLS_ERROR, SP_TLS_ERROR_CA_FILE);
  g_assert_nonnull (strstr (error->message, "/nonexistent/ca.pem"));
  g_clear_error (&error);

  dir = sp_test_make_tmpdir ("ca-file");
  garbage = g_build_filename (dir, "garbage.pem", NULL);
  g_assert_true (g_file_set_contents (garbage, "not a certificate\n", -1, NULL));
  database = sp_tls_load_ca_file (garbage, &error);
  g_assert_null (database);
  g_assert_error (error, SP_TLS_ERROR, SP_TLS_ERROR_CA_FILE);
  g_assert_nonnull (strstr (error->message, "BEGIN CERTIFICATE"));
  g_clear_error (&error);
  sp_test_rm_rf (dir);

  if (!sp_test_certs_have_shared ())
    return;

  /* A relative path works too (GIO alone would load nothing from it). */
  g_assert_true (g_chdir ("/") == 0);
  database = sp_tls_load_ca_file (certs->ca_file + 1, &error);
  g_assert_true (g_chdir (cwd) == 0);
  g_assert_no_error (error);
  g_assert_nonnull (database);
}

/* The CA file: read once per test, in a worker thread */

static SpProbeRequest *
ca_request (SpScriptedServer *server,
            const char       *ca_file)
{
  SpProbeRequest *request = sp_probe_request_new ();

  request->recipient = g_strdup ("kate@example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->ca_file = g_strdup (ca_file);
  /* Nothing answers DNS there: the servers come from the MX result. */
  request->dns_servers = g_strdup ("127.0.0.1:1");
  request->port = sp_scripted_server_get_port (server);
  request->timeout_ms = 5000;
  request->all_mx = TRUE;

  return request;
}

/* Two mail servers, both the scripted server, as found before the test. */
static SpMxResult *
two_servers (void)
{
  SpMxResult *mx = sp_mx_result_new ("example.test");

  for (guint i = 0; i < 2; i++)
    {
      SpMxHost *host = _sp_mx_host_new (10 * (i + 1), i == 0 ? "mx1.example.test"
                                                              : "mx2.example.test");

      g_ptr_array_add (host->addresses, g_inet_address_new_from_string ("127.0.0.1"));
      g_ptr_array_add (mx->hosts, host);
    }
  mx->servers = g_strdup ("127.0.0.1:1");

  return mx;
}

/* Checking the request only looks at the file; the test reads it once for
 * all its attempts, and not in the thread of the main loop. */
static void
test_ca_file_read_once (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpMxResult) mx = two_servers ();
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(GError) error = NULL;
  SpTestCaReads reads;
  SpTestProbeRun r = { 0 };

  if (!sp_test_certs_have_shared ())
    return;

  sp_test_ca_reads_start (&reads);

  request = ca_request (server, certs->ca_file);
  g_assert_true (sp_probe_request_validate (request, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (reads.n_reads, ==, 0);

  probe = sp_probe_new (request);
  sp_probe_set_mx_result (probe, mx);
  sp_probe_run_async (probe, NULL, sp_test_probe_run_cb, &r);
  g_assert_true (sp_test_iterate_until (&r.done, 60000));
  g_assert_no_error (r.error);
  sp_test_transcript_dump (sp_probe_get_transcript (probe));
  sp_test_ca_reads_stop (&reads);

  g_assert_cmpint (r.verdict, ==, SP_VERDICT_ACCEPTED);
  g_assert_cmpuint (sp_transcript_get_n_attempts (sp_probe_get_transcript (probe)), ==, 2);
  g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 2);
  g_assert_cmpuint (reads.n_reads, ==, 1);
  g_assert_cmpuint (reads.n_reads_in_thread, ==, 0);
}

/* A CA file that holds no certificate stops the test before any traffic,
 * with the sentence the CA file's field and --ca-file show. */
static void
test_ca_file_unusable (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autofree char *dir = sp_test_make_tmpdir ("ca-file-unusable");
  g_autofree char *garbage = g_build_filename (dir, "garbage.pem", NULL);
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpMxResult) mx = two_servers ();
  g_autoptr(SpProbe) probe = NULL;
  SpTestProbeRun r = { 0 };

  g_assert_true (g_file_set_contents (garbage, "not a certificate\n", -1, NULL));
  request = ca_request (server, garbage);
  probe = sp_probe_new (request);
  sp_probe_set_mx_result (probe, mx);
  sp_probe_run_async (probe, NULL, sp_test_probe_run_cb, &r);
  g_assert_true (sp_test_iterate_until (&r.done, 60000));

  g_assert_error (r.error, SP_TLS_ERROR, SP_TLS_ERROR_CA_FILE);
  g_assert_nonnull (strstr (r.error->message, "BEGIN CERTIFICATE"));
  g_assert_cmpuint (sp_transcript_get_n_attempts (sp_probe_get_transcript (probe)), ==, 0);
  g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 0);
  g_clear_error (&r.error);
  sp_test_rm_rf (dir);
}

static void
test_policy (void)
{
  SpTlsPolicy policy = SP_TLS_POLICY_OFF;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "off", "opportunistic", "required", "implicit" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (sp_tls_policy_parse (names[i], &policy, NULL));
      g_assert_cmpint (policy, ==, i);
      g_assert_cmpstr (sp_tls_policy_to_string (policy), ==, names[i]);
      g_assert_cmpstr (sp_tls_policy_get_label (policy), !=, "");
    }
  g_assert_true (sp_tls_policy_parse ("REQUIRED", &policy, NULL));
  g_assert_cmpint (policy, ==, SP_TLS_POLICY_REQUIRED);
  g_assert_false (sp_tls_policy_parse ("sometimes", &policy, &error));
  g_assert_error (error, SP_TLS_ERROR, SP_TLS_ERROR_INVALID_POLICY);
}

/* AUTH, without any network */

static SpCapabilities *
capabilities_for (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpReply) reply = sp_reply_new_from_text (text, &error);

  g_assert_no_error (error);

  return sp_capabilities_new_from_reply (reply);
}

static void
test_auth_encoding (void)
{
  g_autofree char *plain = sp_auth_encode_plain ("user", "pass");
  g_autofree char *login = sp_auth_encode_login ("pass");
  g_autofree guchar *decoded = NULL;
  g_auto(GStrv) forms = NULL;
  gsize len;

  /* RFC 4616: NUL user NUL password. */
  g_assert_cmpstr (plain, ==, "AHVzZXIAcGFzcw==");
  decoded = g_base64_decode (plain, &len);
  g_assert_cmpmem (decoded, len, "\0user\0pass", 10);
  g_assert_cmpstr (login, ==, "cGFzcw==");

  forms = sp_auth_dup_secret_forms ("user", "pass");
  g_assert_true (strv_has (forms, "pass"));
  g_assert_true (strv_has (forms, "cGFzcw=="));
  /* The blob counts from where the password starts in it (here the same
   * text as LOGIN's answer); redaction hides the whole blob around it. */
  g_assert_false (strv_has (forms, "AHVzZXIAcGFzcw=="));
  g_assert_false (sp_auth_contains_secret ("AHVzZXIA", (const char * const *) forms));
  g_assert_true (sp_auth_contains_secret ("AHVzZXIAcGFzcw==", (const char * const *) forms));
}

static void
test_auth_choose (void)
{
  struct { const char *ehlo; SpAuthMechanism mechanism; } cases[] = {
    { "250-mx\r\n250-AUTH LOGIN PLAIN\r\n250 8BITMIME", SP_AUTH_MECHANISM_PLAIN },
    { "250-mx\r\n250-AUTH CRAM-MD5 LOGIN\r\n250 8BITMIME", SP_AUTH_MECHANISM_LOGIN },
    { "250-mx\r\n250-AUTH=LOGIN\r\n250 8BITMIME", SP_AUTH_MECHANISM_LOGIN },
    { "250-mx\r\n250 AUTH CRAM-MD5 XOAUTH2", SP_AUTH_MECHANISM_NONE },
    { "250-mx\r\n250 8BITMIME", SP_AUTH_MECHANISM_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpCapabilities) caps = capabilities_for (cases[i].ehlo);

      g_assert_cmpint (sp_auth_choose_mechanism (caps), ==, cases[i].mechanism);
    }
  g_assert_cmpint (sp_auth_choose_mechanism (NULL), ==, SP_AUTH_MECHANISM_NONE);
  g_assert_cmpstr (sp_auth_mechanism_to_string (SP_AUTH_MECHANISM_PLAIN), ==, "PLAIN");
  g_assert_cmpstr (sp_auth_mechanism_to_string (SP_AUTH_MECHANISM_LOGIN), ==, "LOGIN");
}

static void
test_auth_redact (void)
{
  const char *secrets[] = { "pass", "AHVzZXIAcGFzcw==", "", NULL };
  g_autofree char *text = sp_auth_redact ("535 bad AHVzZXIAcGFzcw== or pass", secrets);
  g_autoptr(SpReply) challenge = sp_reply_new_from_text ("334 UGFzc3dvcmQ6", NULL);
  g_autoptr(SpReply) echo = sp_reply_new_from_text ("535-5.7.8 pass\r\n535 5.7.8 no", NULL);
  g_autoptr(SpReply) clean = sp_reply_new_from_text ("235 2.7.0 ok", NULL);
  g_autoptr(SpReply) redacted = NULL;

  g_assert_cmpstr (text, ==, "535 bad " SP_AUTH_REDACTED " or " SP_AUTH_REDACTED);
  g_assert_false (sp_auth_contains_secret (text, secrets));

  redacted = sp_auth_redact_reply (challenge, TRUE, NULL);
  g_assert_cmpuint (sp_reply_get_code (redacted), ==, 334);
  g_assert_cmpstr (sp_reply_get_lines (redacted)[0], ==, "334 " SP_AUTH_REDACTED);
  g_clear_pointer (&redacted, sp_reply_unref);

  redacted = sp_auth_redact_reply (echo, TRUE, secrets);
  g_assert_cmpuint (sp_reply_get_n_lines (redacted), ==, 2);
  g_assert_cmpstr (sp_reply_get_lines (redacted)[0], ==, "535-5.7.8 " SP_AUTH_REDACTED);
  g_assert_cmpstr (sp_reply_get_enhanced_code (redacted), ==, "5.7.8");
  g_clear_pointer (&redacted, sp_reply_unref);

  /* Nothing to hide: the same reply. */
  redacted = sp_auth_redact_reply (clean, TRUE, secrets);
  g_assert_true (redacted == clean);
}

/* Outputs, searched for secrets */

typedef struct
{
  GStrv forms;   /* password, Base64 of it, PLAIN blob */
} Secrets;

static Secrets *
secrets_new (const char *user,
             const char *password)
{
  Secrets *secrets = g_new0 (Secrets, 1);

  secrets->forms = sp_auth_dup_secret_forms (user, password);
  for (guint i = 0; secrets->forms[i] != NULL; i++)
    g_assert_null (strpbrk (secrets->forms[i], "/+\\\"&<>"));

  return secrets;
}

static void
secrets_free (Secrets *secrets)
{
  g_strfreev (secrets->forms);
  g_free (secrets);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Secrets, secrets_free)

static void
assert_clean (const char    *where,
              const char    *text,
              const Secrets *secrets)
{
  for (guint i = 0; text != NULL && secrets->forms[i] != NULL; i++)
    if (strstr (text, secrets->forms[i]) != NULL)
      g_error ("%s contains a secret (form %u): %s", where, i, text);
}

/* Every output there is: entries, attempts and their steps, the verdict,
 * and the three export formats. */
static void
assert_no_secret_anywhere (SpTranscript  *transcript,
                           const Secrets *secrets)
{
  const SpExportFormat formats[] = { SP_EXPORT_FORMAT_TEXT, SP_EXPORT_FORMAT_HTML,
                                     SP_EXPORT_FORMAT_JSON };

  for (guint i = 0; i < sp_transcript_get_n_entries (transcript); i++)
    assert_clean ("an entry", sp_transcript_get_entry (transcript, i)->text, secrets);

  for (guint i = 0; i < sp_transcript_get_n_attempts (transcript); i++)
    {
      SpAttempt *attempt = sp_transcript_get_attempt (transcript, i);

      assert_clean ("an attempt's detail", sp_attempt_get_detail (attempt), secrets);
      assert_clean ("an attempt's user", sp_attempt_get_auth_user (attempt), secrets);
      for (guint j = 0; j < sp_attempt_get_n_steps (attempt); j++)
        {
          SpStepRecord *step = sp_attempt_get_step (attempt, j);

          assert_clean ("a step's command", sp_step_record_get_command (step), secrets);
          if (sp_step_record_get_error (step) != NULL)
            assert_clean ("a step's error", sp_step_record_get_error (step)->message, secrets);
          for (guint k = 0; sp_step_record_get_reply (step) != NULL
               && k < sp_reply_get_n_lines (sp_step_record_get_reply (step)); k++)
            assert_clean ("a step's reply",
                          sp_reply_get_lines (sp_step_record_get_reply (step))[k], secrets);
        }
    }

  assert_clean ("the verdict", sp_transcript_get_verdict_detail (transcript), secrets);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *exported = sp_export_to_string (transcript, formats[i]);

      g_assert_nonnull (exported);
      assert_clean ("an export", exported, secrets);
    }
}

static guint
count_steps (SpAttempt *attempt,
             SpStep                     step)
{
  guint n = 0;

  for (guint i = 0; i < sp_attempt_get_n_steps (attempt); i++)
    if (sp_step_record_get_step (sp_attempt_get_step (attempt, i)) == step)
      n++;

  return n;
}

/* Against the scripted server: injection, refusals, AUTH exchanges */

static SpProbeRequest *
scripted_request (SpScriptedServer *server,
                  SpTlsPolicy       policy)
{
  SpProbeRequest *request = sp_probe_request_new ();

  request->recipient = g_strdup ("kate@example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->server = g_strdup ("127.0.0.1");
  request->port = sp_scripted_server_get_port (server);
  request->timeout_ms = 3000;
  request->tls = policy;

  return request;
}

#define EHLO_WITH(extra) "on EHLO => 250-mx.example.test\\n250-8BITMIME\\n" extra "250 DSN\n"

static void
test_starttls_injection (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (
    EHLO_WITH ("250-STARTTLS\\n")
    "on STARTTLS => 220 2.0.0 Ready to start TLS\\n250 2.0.0 injected\n");
  g_autoptr(SpProbeRequest) request = scripted_request (server, SP_TLS_POLICY_OPPORTUNISTIC);
  g_autoptr(SpProbe) probe = sp_test_probe_run_dumped (request);
  SpTranscript *transcript = sp_probe_get_transcript (probe);
  SpAttempt *attempt = sp_test_probe_last_attempt (probe);
  SpStepRecord *step = sp_attempt_get_step (attempt, sp_attempt_get_n_steps (attempt) - 1);

  sp_test_assert_verdict (probe, SP_VERDICT_TLS_FAILED, SP_STEP_STARTTLS);
  g_assert_nonnull (strstr (sp_transcript_get_verdict_detail (transcript), "injection"));
  g_assert_error (sp_step_record_get_error (step), SP_SESSION_ERROR,
                  SP_SESSION_ERROR_TLS_INJECTION);
  g_assert_false (sp_test_received_has_prefix (server, "MAIL"));
  g_assert_null (sp_attempt_get_tls_report (attempt));
}

static void
test_starttls_refused (void)
{
  const char *scenario = EHLO_WITH ("250-STARTTLS\\n")
                         "on STARTTLS => 454 4.7.0 TLS not available due to local problem\n";
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario);
  g_autoptr(SpScriptedServer) server2 = sp_test_scripted_start (scenario);
  g_autoptr(SpProbeRequest) opportunistic = scripted_request (server, SP_TLS_POLICY_OPPORTUNISTIC);
  g_autoptr(SpProbeRequest) required = scripted_request (server2, SP_TLS_POLICY_REQUIRED);
  g_autoptr(SpProbe) probe = NULL;

  /* Opportunistic: on in plain text, as a sending server would. */
  probe = sp_test_probe_run_dumped (opportunistic);
  sp_test_assert_verdict (probe, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE);
  g_assert_true (sp_test_transcript_has (sp_probe_get_transcript (probe), SP_DIRECTION_NOTE,
                                         "plain text"));
  g_assert_true (sp_test_received_has_prefix (server, "MAIL FROM:"));
  g_clear_object (&probe);

  /* Required: a clear failure, and nothing of the envelope sent. */
  probe = sp_test_probe_run_dumped (required);
  sp_test_assert_verdict (probe, SP_VERDICT_TLS_FAILED, SP_STEP_STARTTLS);
  g_assert_nonnull (strstr (sp_transcript_get_verdict_detail (sp_probe_get_transcript (probe)),
                            "454 4.7.0"));
  g_assert_false (sp_test_received_has_prefix (server2, "MAIL"));
  g_assert_true (sp_test_received_has_prefix (server2, "QUIT"));
}

static void
test_starttls_not_offered (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autoptr(SpScriptedServer) server2 = sp_test_scripted_start ("");
  g_autoptr(SpProbeRequest) required = scripted_request (server, SP_TLS_POLICY_REQUIRED);
  g_autoptr(SpProbeRequest) off = scripted_request (server2, SP_TLS_POLICY_OFF);
  g_autoptr(SpProbe) probe = NULL;

  probe = sp_test_probe_run_dumped (required);
  sp_test_assert_verdict (probe, SP_VERDICT_TLS_FAILED, SP_STEP_STARTTLS);
  g_assert_nonnull (strstr (sp_transcript_get_verdict_detail (sp_probe_get_transcript (probe)),
                            "does not offer encryption"));
  g_assert_false (sp_test_received_has_prefix (server, "STARTTLS"));
  g_assert_false (sp_test_received_has_prefix (server, "MAIL"));
  g_assert_true (sp_test_received_has_prefix (server, "QUIT"));
  g_clear_object (&probe);

  probe = sp_test_probe_run_dumped (off);
  sp_test_assert_verdict (probe, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE);
  g_assert_false (sp_test_received_has_prefix (server2, "STARTTLS"));
}

static void
test_starttls_stall (void)
{
  /* Agrees to STARTTLS, then never answers the handshake (whatever
   * the ClientHello looks like to a line-based server). */
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (
    EHLO_WITH ("250-STARTTLS\\n") "on STARTTLS => 220 2.0.0 Ready\non * => silent\n");
  g_autoptr(SpProbeRequest) request = scripted_request (server, SP_TLS_POLICY_OPPORTUNISTIC);
  g_autoptr(SpProbe) probe = NULL;
  gint64 start = g_get_monotonic_time ();

  request->timeout_ms = 500;
  probe = sp_test_probe_run_dumped (request);
  sp_test_assert_verdict (probe, SP_VERDICT_TIMED_OUT, SP_STEP_STARTTLS);
  g_assert_nonnull (strstr (sp_transcript_get_verdict_detail (sp_probe_get_transcript (probe)),
                            "handshake"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static void
test_auth_plain_scripted (void)
{
  g_autoptr(Secrets) secrets = secrets_new (USER, PASSWORD);
  g_autofree char *blob = sp_auth_encode_plain (USER, PASSWORD);
  g_autofree char *scenario = g_strdup_printf (EHLO_WITH ("250-AUTH LOGIN PLAIN\\n")
                                               "on AUTH PLAIN %s => 235 2.7.0 Authentication "
                                               "successful\n",
                                               blob);
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario);
  g_autoptr(SpProbeRequest) request = scripted_request (server, SP_TLS_POLICY_OPPORTUNISTIC);
  g_autoptr(SpProbe) probe = NULL;
  SpTranscript *transcript;
  SpAttempt *attempt;
  g_autofree char *wire = g_strdup_printf ("AUTH PLAIN %s", blob);

  request->auth_user = g_strdup (USER);
  request->auth_password = g_strdup (PASSWORD);
  request->auth_allow_plaintext = TRUE;
  probe = sp_test_probe_run_dumped (request);
  transcript = sp_probe_get_transcript (probe);

  sp_test_assert_verdict (probe, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE);
  /* The server got the real thing; the log only the redacted form. */
  g_assert_true (sp_test_received_has_prefix (server, wire));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_CLIENT, "AUTH PLAIN ********"));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE, "without encryption"));
  attempt = sp_test_probe_last_attempt (probe);
  g_assert_cmpuint (count_steps (attempt, SP_STEP_AUTH), ==, 1);
  g_assert_cmpstr (sp_attempt_get_auth_mechanism (attempt), ==, "PLAIN");
  g_assert_cmpstr (sp_attempt_get_auth_user (attempt), ==, USER);
  g_assert_true (sp_attempt_get_authenticated (attempt));
  assert_no_secret_anywhere (transcript, secrets);

  /* The probe forgets the password once the test is over. */
  g_assert_null (sp_probe_get_request (probe)->auth_password);
}

static void
test_auth_login_scripted (void)
{
  g_autoptr(Secrets) secrets = secrets_new (USER, PASSWORD);
  g_autofree char *user64 = sp_auth_encode_login (USER);
  /* A hostile server quotes the password back in its refusal. */
  g_autofree char *scenario = g_strdup_printf (EHLO_WITH ("250-AUTH LOGIN\\n")
                                               "on AUTH LOGIN => 334 VXNlcm5hbWU6\n"
                                               "on %s => 334 UGFzc3dvcmQ6\n"
                                               "on %s => 535 5.7.8 Bad %s or %s\n",
                                               user64, secrets->forms[1], secrets->forms[1],
                                               secrets->forms[0]);
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (scenario);
  g_autoptr(SpProbeRequest) request = scripted_request (server, SP_TLS_POLICY_OPPORTUNISTIC);
  g_autoptr(SpProbe) probe = NULL;
  SpTranscript *transcript;
  SpAttempt *attempt;
  guint redacted_client = 0;
  guint redacted_server = 0;

  request->auth_user = g_strdup (USER);
  request->auth_password = g_strdup (PASSWORD);
  request->auth_allow_plaintext = TRUE;
  probe = sp_test_probe_run_dumped (request);
  transcript = sp_probe_get_transcript (probe);

  sp_test_assert_verdict (probe, SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH);
  g_assert_nonnull (strstr (sp_transcript_get_verdict_detail (transcript), "535 5.7.8"));
  g_assert_true (sp_test_received_has_prefix (server, user64));
  g_assert_true (sp_test_received_has_prefix (server, secrets->forms[1]));
  g_assert_false (sp_test_received_has_prefix (server, "MAIL"));

  /* Both answers are hidden; the server's prompts show, decoded. */
  for (guint i = 0; i < sp_transcript_get_n_entries (transcript); i++)
    {
      const SpTranscriptEntry *entry = sp_transcript_get_entry (transcript, i);

      if (entry->step != SP_STEP_AUTH)
        continue;
      if (entry->direction == SP_DIRECTION_CLIENT && g_str_equal (entry->text, "********"))
        redacted_client++;
      if (entry->direction == SP_DIRECTION_SERVER && g_str_has_prefix (entry->text, "334 "))
        redacted_server++;
      g_assert_null (strstr (entry->text, user64));
    }
  g_assert_cmpuint (redacted_client, ==, 2);
  g_assert_cmpuint (redacted_server, ==, 2);
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_SERVER, "334 VXNlcm5hbWU6"));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE, "“Username:”"));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE, "“Password:”"));

  attempt = sp_test_probe_last_attempt (probe);
  g_assert_cmpuint (count_steps (attempt, SP_STEP_AUTH), ==, 3);
  g_assert_cmpstr (sp_attempt_get_auth_mechanism (attempt), ==, "LOGIN");
  g_assert_false (sp_attempt_get_authenticated (attempt));
  assert_no_secret_anywhere (transcript, secrets);
}

static void
test_auth_refused_locally (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (
    EHLO_WITH ("250-AUTH PLAIN LOGIN\\n"));
  g_autoptr(SpScriptedServer) server2 = sp_test_scripted_start ("");
  g_autoptr(SpProbeRequest) request = scripted_request (server, SP_TLS_POLICY_OPPORTUNISTIC);
  g_autoptr(SpProbeRequest) no_auth = scripted_request (server2, SP_TLS_POLICY_OPPORTUNISTIC);
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(GError) error = NULL;
  SpField field = SP_FIELD_NONE;

  /* No STARTTLS on offer: the password stays here. */
  request->auth_user = g_strdup (USER);
  request->auth_password = g_strdup (PASSWORD);
  probe = sp_test_probe_run_dumped (request);
  sp_test_assert_verdict (probe, SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH);
  g_assert_nonnull (strstr (sp_transcript_get_verdict_detail (sp_probe_get_transcript (probe)),
                            "not encrypted"));
  g_assert_false (sp_test_received_has_prefix (server, "AUTH"));
  g_assert_true (sp_test_received_has_prefix (server, "QUIT"));
  g_clear_object (&probe);

  /* No AUTH on offer. */
  no_auth->auth_user = g_strdup (USER);
  no_auth->auth_password = g_strdup (PASSWORD);
  no_auth->auth_allow_plaintext = TRUE;
  probe = sp_test_probe_run_dumped (no_auth);
  sp_test_assert_verdict (probe, SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH);
  g_assert_nonnull (strstr (sp_transcript_get_verdict_detail (sp_probe_get_transcript (probe)),
                            "does not offer logging in"));
  g_assert_false (sp_test_received_has_prefix (server2, "AUTH"));

  /* With encryption off, a login is refused before any traffic. */
  request->tls = SP_TLS_POLICY_OFF;
  g_assert_false (sp_probe_request_validate (request, &field, &error));
  g_assert_cmpint (field, ==, SP_FIELD_TLS);
  g_clear_error (&error);
  request->auth_allow_plaintext = TRUE;
  g_assert_true (sp_probe_request_validate (request, &field, NULL));
}

static void
test_request_fields (void)
{
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(SpProbeRequest) copy = NULL;
  g_autoptr(GError) error = NULL;
  SpField field = SP_FIELD_NONE;

  g_assert_cmpint (request->tls, ==, SP_TLS_POLICY_OPPORTUNISTIC);
  request->recipient = g_strdup ("kate@example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->auth_user = g_strdup (USER);
  request->auth_password = g_strdup (PASSWORD);
  request->ca_file = g_strdup ("/nonexistent/ca.pem");

  copy = sp_probe_request_copy (request);
  g_assert_cmpstr (copy->auth_password, ==, PASSWORD);
  g_assert_true (copy->auth_password != request->auth_password);
  g_assert_cmpstr (copy->ca_file, ==, request->ca_file);
  sp_probe_request_clear_password (copy);
  g_assert_null (copy->auth_password);
  g_assert_cmpstr (request->auth_password, ==, PASSWORD);

  g_assert_false (sp_probe_request_validate (request, &field, &error));
  g_assert_cmpint (field, ==, SP_FIELD_CA_FILE);
  g_assert_cmpstr (sp_field_to_string (field), ==, "ca-file");
  g_clear_error (&error);
  g_clear_pointer (&request->ca_file, g_free);

  g_free (request->auth_password);
  request->auth_password = g_strdup ("line\r\nRSET");
  g_assert_false (sp_probe_request_validate (request, &field, &error));
  g_assert_cmpint (field, ==, SP_FIELD_AUTH_PASSWORD);
  /* The message does not quote the password. */
  g_assert_null (strstr (error->message, "RSET"));
  g_clear_error (&error);

  g_clear_pointer (&request->auth_password, g_free);
  g_assert_false (sp_probe_request_validate (request, &field, &error));
  g_assert_cmpint (field, ==, SP_FIELD_AUTH_PASSWORD);
  g_clear_error (&error);

  request->auth_password = g_strdup (PASSWORD);
  g_free (request->auth_user);
  request->auth_user = g_strdup ("kate\nRSET");
  g_assert_false (sp_probe_request_validate (request, &field, &error));
  g_assert_cmpint (field, ==, SP_FIELD_AUTH_USER);
  g_clear_error (&error);

  request->tls = (SpTlsPolicy) 42;
  g_free (request->auth_user);
  request->auth_user = NULL;
  g_assert_false (sp_probe_request_validate (request, &field, &error));
  g_assert_cmpint (field, ==, SP_FIELD_TLS);
}

/* Against aiosmtpd and Postfix, found through the MX records of example.test */

static SpProbeRequest *
peer_request (SpTestDnsmasq *dns,
              guint16        port,
              SpTlsPolicy    policy,
              const char    *ca_file)
{
  SpProbeRequest *request = sp_probe_request_new ();

  request->recipient = g_strdup ("kate@example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->dns_servers = g_strdup (sp_test_dnsmasq_get_server (dns));
  request->port = port;
  request->timeout_ms = 10000;
  /* mx1.example.test is also ::1, where the peers do not listen. */
  request->family = SP_ADDRESS_FAMILY_IPV4;
  request->tls = policy;
  request->ca_file = g_strdup (ca_file);

  return request;
}

static SpTestAiosmtpd *
start_aiosmtpd (const char *cert,
                gboolean    implicit_tls,
                gboolean    require_tls)
{
  SpTestAiosmtpdOptions options = { 0 };

  options.hostname = MX_NAME;
  options.tls_cert_file = cert;
  options.tls_key_file = cert != NULL ? certs->key_file : NULL;
  options.implicit_tls = implicit_tls;
  options.require_tls = require_tls;

  return sp_test_aiosmtpd_start_or_skip (&options);
}

typedef struct
{
  const char    *name;
  gsize          cert_offset;
  SpTlsProblems  problems;
} PeerCase;

static const PeerCase peer_cases[] = {
  { "valid", G_STRUCT_OFFSET (SpTestCerts, valid), SP_TLS_PROBLEM_NONE },
  { "wrong-name", G_STRUCT_OFFSET (SpTestCerts, wrong_name), SP_TLS_PROBLEM_NAME_MISMATCH },
  { "expired", G_STRUCT_OFFSET (SpTestCerts, expired), SP_TLS_PROBLEM_EXPIRED },
  { "self-signed", G_STRUCT_OFFSET (SpTestCerts, self_signed), SP_TLS_PROBLEM_SELF_SIGNED },
};

/* STARTTLS with each certificate: the test goes on past every problem,
 * and the report, the log and the verdict say what is wrong. */
static void
test_aiosmtpd_starttls_case (gconstpointer data)
{
  const PeerCase *c = data;
  g_autoptr(SpTestDnsmasq) dns = NULL;
  g_autoptr(SpTestAiosmtpd) peer = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpTestSavedMessage) message = NULL;
  SpTranscript *transcript;
  SpAttempt *attempt;
  const char *detail;

  if (!sp_test_certs_have_shared () || (dns = sp_test_dnsmasq_start (NULL)) == NULL)
    return;
  peer = start_aiosmtpd (G_STRUCT_MEMBER (const char *, certs, c->cert_offset), FALSE, FALSE);
  if (peer == NULL)
    return;

  request = peer_request (dns, sp_test_aiosmtpd_get_port (peer), SP_TLS_POLICY_OPPORTUNISTIC,
                          certs->ca_file);
  probe = sp_test_probe_run_dumped (request);
  transcript = sp_probe_get_transcript (probe);
  sp_test_assert_verdict (probe, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE);
  g_assert_true (sp_test_aiosmtpd_wait_for_messages (peer, 1, 5000));

  attempt = sp_test_probe_last_attempt (probe);
  g_assert_cmpstr (sp_attempt_get_host (attempt), ==, MX_NAME);
  g_assert_cmpstr (sp_attempt_get_address (attempt), ==, "127.0.0.1");
  g_assert_nonnull (sp_attempt_get_tls_report (attempt));
  g_assert_cmpint (sp_attempt_get_tls_report (attempt)->mode, ==, SP_TLS_MODE_STARTTLS);
  /* The identity is the MX name, though c-ares gave an address. */
  g_assert_cmpstr (sp_attempt_get_tls_report (attempt)->identity, ==, MX_NAME);
  assert_problems (sp_attempt_get_tls_report (attempt), c->problems);
  g_assert_nonnull (sp_attempt_get_tls_report (attempt)->protocol);
  g_assert_true (g_str_has_prefix (sp_attempt_get_tls_report (attempt)->protocol, "TLS 1."));
  g_assert_nonnull (sp_attempt_get_tls_report (attempt)->cipher_suite);
  g_assert_nonnull (sp_attempt_get_tls_report (attempt)->subject);
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE, "cipher suite"));

  /* EHLO again over TLS: aiosmtpd no longer offers STARTTLS, and the
   * attempt keeps the new capabilities. */
  g_assert_cmpuint (count_steps (attempt, SP_STEP_EHLO), ==, 2);
  g_assert_cmpuint (count_steps (attempt, SP_STEP_STARTTLS), ==, 1);
  g_assert_nonnull (sp_attempt_get_capabilities (attempt));
  g_assert_false (sp_capabilities_has (sp_attempt_get_capabilities (attempt), "STARTTLS"));

  detail = sp_transcript_get_verdict_detail (transcript);
  if (c->problems == SP_TLS_PROBLEM_NONE)
    {
      g_assert_cmpint (sp_attempt_get_tls_report (attempt)->trust, ==, SP_TLS_TRUST_CA_FILE);
      g_assert_false (sp_transcript_has_tls_problems (transcript));
      g_assert_null (strstr (detail, "certificate"));
    }
  else
    {
      g_assert_true (sp_transcript_has_tls_problems (transcript));
      g_assert_nonnull (strstr (detail, "certificate does not validate for " MX_NAME));
      g_assert_nonnull (strstr (detail, sp_tls_problem_get_label (c->problems)));
      g_assert_nonnull (strstr (sp_attempt_get_detail (attempt), "MTA-STS"));
    }

  message = sp_test_aiosmtpd_dup_message (peer, 0, NULL);
  g_assert_nonnull (message);
  g_assert_cmpstr (message->mail_from, ==, "helpdesk@example.org");
}

static void
test_aiosmtpd_implicit (void)
{
  g_autoptr(SpTestDnsmasq) dns = NULL;
  g_autoptr(SpTestAiosmtpd) peer = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  SpAttempt *attempt;
  SpStepRecord *tls_step;

  if (!sp_test_certs_have_shared () || (dns = sp_test_dnsmasq_start (NULL)) == NULL)
    return;
  if ((peer = start_aiosmtpd (certs->valid, TRUE, FALSE)) == NULL)
    return;

  request = peer_request (dns, sp_test_aiosmtpd_get_port (peer), SP_TLS_POLICY_IMPLICIT,
                          certs->ca_file);
  probe = sp_test_probe_run_dumped (request);
  sp_test_assert_verdict (probe, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE);
  g_assert_true (sp_test_aiosmtpd_wait_for_messages (peer, 1, 5000));

  attempt = sp_test_probe_last_attempt (probe);
  g_assert_nonnull (sp_attempt_get_tls_report (attempt));
  g_assert_cmpint (sp_attempt_get_tls_report (attempt)->mode, ==, SP_TLS_MODE_IMPLICIT);
  assert_problems (sp_attempt_get_tls_report (attempt), SP_TLS_PROBLEM_NONE);
  /* connect, TLS, banner: the handshake comes before the server speaks. */
  tls_step = sp_attempt_get_step (attempt, 1);
  g_assert_cmpint (sp_step_record_get_step (tls_step), ==, SP_STEP_TLS);
  g_assert_no_error (sp_step_record_get_error (tls_step));
  g_assert_cmpint (sp_step_record_get_step (sp_attempt_get_step (attempt, 2)), ==,
                   SP_STEP_BANNER);
  g_assert_cmpuint (count_steps (attempt, SP_STEP_STARTTLS), ==, 0);
  g_assert_cmpuint (count_steps (attempt, SP_STEP_EHLO), ==, 1);
}

static void
test_aiosmtpd_policies (void)
{
  g_autoptr(SpTestDnsmasq) dns = NULL;
  g_autoptr(SpTestAiosmtpd) peer = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  SpAttempt *attempt;

  if (!sp_test_certs_have_shared () || (dns = sp_test_dnsmasq_start (NULL)) == NULL)
    return;
  /* This server refuses mail before STARTTLS. */
  if ((peer = start_aiosmtpd (certs->valid, FALSE, TRUE)) == NULL)
    return;

  request = peer_request (dns, sp_test_aiosmtpd_get_port (peer), SP_TLS_POLICY_OFF, NULL);
  probe = sp_test_probe_run_dumped (request);
  /* "530 5.7.0 Must issue a STARTTLS command first": an encryption verdict. */
  sp_test_assert_verdict (probe, SP_VERDICT_TLS_FAILED, SP_STEP_MAIL);
  attempt = sp_test_probe_last_attempt (probe);
  g_assert_null (sp_attempt_get_tls_report (attempt));
  g_assert_cmpuint (count_steps (attempt, SP_STEP_STARTTLS), ==, 0);
  g_clear_object (&probe);

  /* Required, without the CA file: it validates against the system store
   * only, so the issuer is unknown, and required means trusted: the test
   * ends after the handshake, before MAIL FROM. */
  request->tls = SP_TLS_POLICY_REQUIRED;
  probe = sp_test_probe_run_dumped (request);
  sp_test_assert_verdict (probe, SP_VERDICT_TLS_FAILED, SP_STEP_STARTTLS);
  attempt = sp_test_probe_last_attempt (probe);
  g_assert_nonnull (sp_attempt_get_tls_report (attempt));
  assert_problems (sp_attempt_get_tls_report (attempt), SP_TLS_PROBLEM_UNKNOWN_ISSUER);
  g_assert_nonnull (strstr (sp_transcript_get_verdict_detail (sp_probe_get_transcript (probe)),
                            sp_attempt_get_tls_report (attempt)->sha256));
  g_assert_cmpuint (count_steps (attempt, SP_STEP_MAIL), ==, 0);
  g_assert_cmpuint (sp_test_aiosmtpd_get_n_messages (peer), ==, 0);

  /* The same certificate, accepted for this test by its fingerprint. */
  request->accept_certificate = g_strdup (sp_attempt_get_tls_report (attempt)->sha256);
  g_clear_object (&probe);
  probe = sp_test_probe_run_dumped (request);
  sp_test_assert_verdict (probe, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE);
  attempt = sp_test_probe_last_attempt (probe);
  g_assert_true (sp_attempt_get_tls_report (attempt)->accepted);
  g_assert_false (sp_attempt_get_tls_report (attempt)->validated);
}

typedef struct
{
  const char *name;
  const char *exclude;    /* the mechanism aiosmtpd does not offer */
  const char *password;   /* what the client sends */
  const char *mechanism;  /* what the client should use */
  gboolean    implicit;
} AuthCase;

static const AuthCase auth_cases[] = {
  { "plain", NULL, PASSWORD, "PLAIN", FALSE },
  { "plain-wrong", NULL, "wrong-" PASSWORD, "PLAIN", FALSE },
  { "login", "PLAIN", PASSWORD, "LOGIN", FALSE },
  { "login-wrong", "PLAIN", "wrong-" PASSWORD, "LOGIN", FALSE },
  { "plain-implicit", NULL, PASSWORD, "PLAIN", TRUE },
};

static void
test_aiosmtpd_auth (gconstpointer data)
{
  const AuthCase *c = data;
  g_autoptr(SpTestDnsmasq) dns = NULL;
  g_autoptr(SpTestAiosmtpd) peer = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(Secrets) secrets = NULL;
  SpTestAiosmtpdOptions options = { 0 };
  SpTranscript *transcript;
  SpAttempt *attempt;
  gboolean success = g_str_equal (c->password, PASSWORD);
  g_autofree char *mechanisms = NULL;
  g_autofree char *shown = g_strdup_printf ("AUTH %s%s", c->mechanism,
                                            g_str_equal (c->mechanism, "PLAIN")
                                              ? " ********" : "");

  if (!sp_test_certs_have_shared () || (dns = sp_test_dnsmasq_start (NULL)) == NULL)
    return;

  options.hostname = MX_NAME;
  options.tls_cert_file = certs->valid;
  options.tls_key_file = certs->key_file;
  options.implicit_tls = c->implicit;
  options.auth_user = USER;
  options.auth_password = PASSWORD;
  options.auth_exclude = c->exclude;
  if ((peer = sp_test_aiosmtpd_start_or_skip (&options)) == NULL)
    return;

  request = peer_request (dns, sp_test_aiosmtpd_get_port (peer),
                          c->implicit ? SP_TLS_POLICY_IMPLICIT : SP_TLS_POLICY_REQUIRED,
                          certs->ca_file);
  request->auth_user = g_strdup (USER);
  request->auth_password = g_strdup (c->password);
  probe = sp_test_probe_run_dumped (request);
  transcript = sp_probe_get_transcript (probe);
  attempt = sp_test_probe_last_attempt (probe);

  /* What aiosmtpd offered over TLS, so the choice was a real one. */
  mechanisms = g_strjoinv (" ",
                          (char **) sp_capabilities_get_auth_mechanisms (
                            sp_attempt_get_capabilities (attempt)));
  g_assert_cmpstr (mechanisms, ==, c->exclude != NULL ? "LOGIN" : "LOGIN PLAIN");
  g_assert_cmpstr (sp_attempt_get_auth_mechanism (attempt), ==, c->mechanism);
  g_assert_cmpstr (sp_attempt_get_auth_user (attempt), ==, USER);
  g_assert_cmpint (sp_attempt_get_authenticated (attempt), ==, success);
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_CLIENT, shown));
  if (success)
    {
      g_autoptr(SpTestSavedMessage) message = NULL;

      sp_test_assert_verdict (probe, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE);
      g_assert_true (sp_test_aiosmtpd_wait_for_messages (peer, 1, 5000));
      message = sp_test_aiosmtpd_dup_message (peer, 0, NULL);
      g_assert_cmpstr (message->auth_login, ==, USER);
    }
  else
    {
      sp_test_assert_verdict (probe, SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH);
      g_assert_nonnull (strstr (sp_transcript_get_verdict_detail (transcript), "535"));
      g_assert_cmpuint (sp_test_aiosmtpd_get_n_messages (peer), ==, 0);
    }

  /* Neither the password that worked nor the one that was tried. */
  secrets = secrets_new (USER, c->password);
  assert_no_secret_anywhere (transcript, secrets);
  g_clear_pointer (&secrets, secrets_free);
  secrets = secrets_new (USER, PASSWORD);
  assert_no_secret_anywhere (transcript, secrets);
}

typedef struct
{
  const char  *name;
  gsize        cert_offset;
  SpTlsPolicy  policy;
  gboolean     implicit;
  SpTlsProblems problems;
} PostfixCase;

static const PostfixCase postfix_cases[] = {
  { "opportunistic", G_STRUCT_OFFSET (SpTestCerts, valid), SP_TLS_POLICY_OPPORTUNISTIC, FALSE,
    SP_TLS_PROBLEM_NONE },
  { "required", G_STRUCT_OFFSET (SpTestCerts, valid), SP_TLS_POLICY_REQUIRED, FALSE,
    SP_TLS_PROBLEM_NONE },
  { "off", G_STRUCT_OFFSET (SpTestCerts, valid), SP_TLS_POLICY_OFF, FALSE, SP_TLS_PROBLEM_NONE },
  { "implicit", G_STRUCT_OFFSET (SpTestCerts, valid), SP_TLS_POLICY_IMPLICIT, TRUE,
    SP_TLS_PROBLEM_NONE },
  { "wrong-name", G_STRUCT_OFFSET (SpTestCerts, wrong_name), SP_TLS_POLICY_REQUIRED, FALSE,
    SP_TLS_PROBLEM_NAME_MISMATCH },
  { "expired", G_STRUCT_OFFSET (SpTestCerts, expired), SP_TLS_POLICY_OPPORTUNISTIC, FALSE,
    SP_TLS_PROBLEM_EXPIRED },
  { "self-signed", G_STRUCT_OFFSET (SpTestCerts, self_signed), SP_TLS_POLICY_OPPORTUNISTIC, FALSE,
    SP_TLS_PROBLEM_SELF_SIGNED },
};

static void
test_postfix_case (gconstpointer data)
{
  const PostfixCase *c = data;
  g_autoptr(SpTestDnsmasq) dns = NULL;
  g_autoptr(SpTestPostfix) postfix = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  SpTestPostfixOptions options = { 0 };
  SpAttempt *attempt;
  SpTranscript *transcript;

  if (!sp_test_certs_have_shared () || (dns = sp_test_dnsmasq_start (NULL)) == NULL)
    return;

  options.tls_cert_file = G_STRUCT_MEMBER (const char *, certs, c->cert_offset);
  options.tls_key_file = certs->key_file;
  options.implicit_tls = c->implicit;
  options.extra_main_cf = "smtpd_tls_loglevel = 1";
  if ((postfix = sp_test_postfix_start_or_skip (&options)) == NULL)
    return;

  request = peer_request (dns, sp_test_postfix_get_port (postfix), c->policy, certs->ca_file);
  probe = sp_test_probe_run_dumped (request);
  transcript = sp_probe_get_transcript (probe);

  /* Required means encrypted and trusted. */
  if (c->policy == SP_TLS_POLICY_REQUIRED && c->problems != SP_TLS_PROBLEM_NONE)
    {
      sp_test_assert_verdict (probe, SP_VERDICT_TLS_FAILED, SP_STEP_STARTTLS);
      attempt = sp_test_probe_last_attempt (probe);
      assert_problems (sp_attempt_get_tls_report (attempt), c->problems);
      g_assert_cmpuint (count_steps (attempt, SP_STEP_EHLO), ==, 1);
      g_assert_cmpuint (count_steps (attempt, SP_STEP_MAIL), ==, 0);
      return;
    }

  sp_test_assert_verdict (probe, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE);
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_SERVER,
                                         "220 " MX_NAME " ESMTP"));
  attempt = sp_test_probe_last_attempt (probe);

  if (c->policy == SP_TLS_POLICY_OFF)
    {
      g_assert_null (sp_attempt_get_tls_report (attempt));
      g_assert_cmpuint (count_steps (attempt, SP_STEP_STARTTLS), ==, 0);
      /* Postfix offered it; this test just did not take it. */
      g_assert_true (sp_capabilities_has (sp_attempt_get_capabilities (attempt), "STARTTLS"));
      return;
    }

  g_assert_nonnull (sp_attempt_get_tls_report (attempt));
  g_assert_cmpint (sp_attempt_get_tls_report (attempt)->mode, ==,
                   c->implicit ? SP_TLS_MODE_IMPLICIT
                                                       : SP_TLS_MODE_STARTTLS);
  assert_problems (sp_attempt_get_tls_report (attempt), c->problems);
  g_assert_cmpstr (sp_attempt_get_tls_report (attempt)->identity, ==, MX_NAME);
  if (!c->implicit)
    {
      g_assert_cmpuint (count_steps (attempt, SP_STEP_EHLO), ==, 2);
      g_assert_false (sp_capabilities_has (sp_attempt_get_capabilities (attempt), "STARTTLS"));
    }
  g_assert_true (sp_test_postfix_wait_for_log (postfix, "TLS connection established", 5000));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  certs = sp_test_certs_make_shared ();

  g_test_add_func ("/sp/tls/report/valid", test_report_valid);
  g_test_add_func ("/sp/tls/report/valid-by-address", test_report_valid_by_address);
  for (guint i = 0; i < G_N_ELEMENTS (report_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sp/tls/report/%s", report_cases[i].name);

      g_test_add_data_func (path, &report_cases[i], test_report_case);
    }
  g_test_add_func ("/sp/tls/report/own-anchor", test_report_own_anchor);
  g_test_add_func ("/sp/tls/report/own-checks", test_report_own_checks);
  g_test_add_func ("/sp/tls/name-matches", test_name_matches);
  g_test_add_func ("/sp/tls/ca-file-errors", test_ca_file_errors);
  g_test_add_func ("/sp/tls/ca-file-read-once", test_ca_file_read_once);
  g_test_add_func ("/sp/tls/ca-file-unusable", test_ca_file_unusable);
  g_test_add_func ("/sp/tls/policy", test_policy);
  g_test_add_func ("/sp/tls/auth/encoding", test_auth_encoding);
  g_test_add_func ("/sp/tls/auth/choose", test_auth_choose);
  g_test_add_func ("/sp/tls/auth/redact", test_auth_redact);
  g_test_add_func ("/sp/tls/request-fields", test_request_fields);
  g_test_add_func ("/sp/tls/scripted/starttls-injection", test_starttls_injection);
  g_test_add_func ("/sp/tls/scripted/starttls-refused", test_starttls_refused);
  g_test_add_func ("/sp/tls/scripted/starttls-not-offered", test_starttls_not_offered);
  g_test_add_func ("/sp/tls/scripted/starttls-stall", test_starttls_stall);
  g_test_add_func ("/sp/tls/scripted/auth-plain", test_auth_plain_scripted);
  g_test_add_func ("/sp/tls/scripted/auth-login", test_auth_login_scripted);
  g_test_add_func ("/sp/tls/scripted/auth-refused-locally", test_auth_refused_locally);
  for (guint i = 0; i < G_N_ELEMENTS (peer_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sp/tls/aiosmtpd/starttls-%s",
                                               peer_cases[i].name);

      g_test_add_data_func (path, &peer_cases[i], test_aiosmtpd_starttls_case);
    }
  g_test_add_func ("/sp/tls/aiosmtpd/implicit", test_aiosmtpd_implicit);
  g_test_add_func ("/sp/tls/aiosmtpd/policies", test_aiosmtpd_policies);
  for (guint i = 0; i < G_N_ELEMENTS (auth_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sp/tls/aiosmtpd/auth-%s", auth_cases[i].name);

      g_test_add_data_func (path, &auth_cases[i], test_aiosmtpd_auth);
    }
  for (guint i = 0; i < G_N_ELEMENTS (postfix_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sp/tls/postfix/%s", postfix_cases[i].name);

      g_test_add_data_func (path, &postfix_cases[i], test_postfix_case);
    }

  status = g_test_run ();

  sp_test_certs_free_shared ();

  return status;
}
