/* test-servers.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* Every server a test tried is in view: the table of servers and the
 * warning when the preferred one failed, the same words in the CLI and
 * in the text, HTML and JSON exports, which all read one test. */

#define G_LOG_DOMAIN "test-servers"

#include "config.h"

#include <string.h>

#include "sp-diagnosis.h"
#include "sp-export.h"
#include "sp-mx-result-private.h"
#include "sp-scripted-server.h"
#include "sp-test-cli.h"
#include "sp-test-dnsmasq.h"
#include "sp-test-probe.h"
#include "sp-test-util.h"

/* brokenmx.test: MX 10 dead (nothing listens at 127.0.0.9), MX 20 mail1
 * (a server that accepts everything). */
static const char * const records[] = {
  "--mx-host=brokenmx.test,dead.brokenmx.test,10",
  "--mx-host=brokenmx.test,mail1.brokenmx.test,20",
  "--host-record=dead.brokenmx.test,127.0.0.9",
  "--host-record=mail1.brokenmx.test,127.0.0.51",
  NULL
};

typedef struct
{
  SpTestDnsmasq    *dns;
  SpScriptedServer *mail1;
} Domain;

static void
domain_clear (Domain *domain)
{
  if (domain->mail1 != NULL)
    sp_scripted_server_stop (domain->mail1);
  g_clear_object (&domain->mail1);
  g_clear_pointer (&domain->dns, sp_test_dnsmasq_stop);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Domain, domain_clear)

static gboolean
domain_start (Domain *domain)
{
  g_autoptr(GError) error = NULL;

  domain->mail1 = sp_scripted_server_new ("", &error);
  g_assert_no_error (error);
  sp_scripted_server_start (domain->mail1, "127.0.0.51", 0, &error);
  g_assert_no_error (error);

  domain->dns = sp_test_dnsmasq_start (records);

  return domain->dns != NULL;
}

static SpProbeRequest *
request_new (Domain   *domain,
             gboolean  all_mx)
{
  SpProbeRequest *request = sp_probe_request_new ();

  request->recipient = g_strdup ("kate@brokenmx.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->port = sp_scripted_server_get_port (domain->mail1);
  request->dns_servers = g_strdup (sp_test_dnsmasq_get_server (domain->dns));
  request->family = SP_ADDRESS_FAMILY_IPV4;
  request->timeout_ms = 5000;
  request->all_mx = all_mx;

  return request;
}

static void
assert_contains (const char *haystack,
                 const char *needle,
                 const char *where)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("%s does not say “%s”:\n%s", where, needle, haystack);
}

/* The cells of every row, as the diagnosis words them, appear in @text;
 * the time is left out, as it differs between two runs. */
static void
assert_rows (SpTranscript *transcript,
             const char   *text,
             const char   *where)
{
  for (guint i = 0; i < sp_transcript_get_n_attempts (transcript); i++)
    {
      SpAttempt *attempt = sp_transcript_get_attempt (transcript, i);

      for (SpServerColumn c = 0; c < SP_N_SERVER_COLUMNS; c++)
        {
          g_autofree char *cell = sp_diagnosis_dup_server_cell (attempt, c);

          if (c != SP_SERVER_COLUMN_TIME && cell[0] != '\0')
            assert_contains (text, cell, where);
        }
    }
}

/* @text with every run of white space as one space, and without the
 * bullets and indents a terminal's wrapping adds. */
static char *
flatten (const char *text)
{
  g_autoptr(GRegex) space = g_regex_new ("[\\s•]+", 0, 0, NULL);

  return g_regex_replace_literal (space, text, -1, 0, " ", 0, NULL);
}

/* The explanation of what decided @transcript is in @text, word for word
 * apart from line breaks. */
static void
assert_explanation (SpTranscript *transcript,
                    const char   *text,
                    const char   *where)
{
  g_autoptr(SpExplanation) explanation = sp_diagnosis_explain_transcript (transcript);
  g_autofree char *flat = flatten (text);
  const char * const *advice;

  if (explanation == NULL)
    return;

  {
    g_autofree char *meaning = flatten (sp_explanation_get_meaning (explanation));

    assert_contains (flat, meaning, where);
  }
  advice = sp_explanation_get_advice (explanation);
  for (guint i = 0; advice != NULL && advice[i] != NULL; i++)
    {
      g_autofree char *line = flatten (advice[i]);

      assert_contains (flat, line, where);
    }
}

/* The exports of @transcript show the same headline, warning and rows. */
static void
assert_exports (SpTranscript *transcript,
                const char   *headline,
                const char   *backup)
{
  g_autofree char *text = sp_export_to_string (transcript, SP_EXPORT_FORMAT_TEXT);
  g_autofree char *html = sp_export_to_string (transcript, SP_EXPORT_FORMAT_HTML);
  g_autofree char *json = sp_export_to_string (transcript, SP_EXPORT_FORMAT_JSON);
  g_autoptr(GVariant) doc = sp_test_parse_json (json, NULL);
  g_autoptr(GVariant) attempts = g_variant_lookup_value (doc, "attempts", NULL);
  const char *json_backup = NULL;

  assert_contains (text, headline, "The text export");
  assert_contains (text, "Mail servers tried:", "The text export");
  assert_explanation (transcript, text, "The text export");
  assert_rows (transcript, text, "The text export");

  assert_contains (html, "<table class=\"servers\">", "The HTML export");
  assert_rows (transcript, html, "The HTML export");

  g_assert_cmpuint (g_variant_n_children (attempts), ==,
                    sp_transcript_get_n_attempts (transcript));
  for (guint i = 0; i < g_variant_n_children (attempts); i++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (attempts, i);
      g_autoptr(GVariant) attempt = g_variant_get_variant (boxed);
      SpAttempt *expected = sp_transcript_get_attempt (transcript, i);
      g_autofree char *outcome = sp_diagnosis_dup_server_cell (expected,
                                                                SP_SERVER_COLUMN_OUTCOME);
      const char *host = NULL;
      const char *json_outcome = NULL;
      gint64 preference = -1;

      g_assert_true (g_variant_lookup (attempt, "host", "&s", &host));
      g_assert_cmpstr (host, ==, sp_attempt_get_host (expected));
      g_assert_true (g_variant_lookup (attempt, "outcome", "&s", &json_outcome));
      g_assert_cmpstr (json_outcome, ==, outcome);
      g_assert_true (g_variant_lookup (attempt, "preference", "x", &preference));
      g_assert_cmpint (preference, ==, sp_attempt_get_preference (expected));
    }

  if (backup != NULL)
    {
      assert_contains (text, backup, "The text export");
      assert_contains (html, "backup-warning", "The HTML export");
      assert_contains (html, "<section class=\"verdict warn\">", "The HTML export");
      g_assert_true (g_variant_lookup (doc, "backup_warning", "&s", &json_backup));
      g_assert_cmpstr (json_backup, ==, backup);
    }
  else
    g_assert_false (g_variant_lookup (doc, "backup_warning", "&s", &json_backup));
}

/* The CLI's summary of the same test: the same headline, warning, rows and
 * explanation. */
static void
assert_cli (Domain       *domain,
            SpTranscript *transcript,
            const char   *headline,
            const char   *backup,
            gboolean      all_mx)
{
  g_auto(SpTestCliResult) r = { 0 };
  g_autofree char *port = g_strdup_printf ("%u", sp_scripted_server_get_port (domain->mail1));
  const char *args[] = { "--from", "helpdesk@example.org", "--port", port, "-4",
                         "--dns-server", sp_test_dnsmasq_get_server (domain->dns),
                         "kate@brokenmx.test", all_mx ? "--all-mx" : NULL, NULL };

  sp_test_cli_run (args, NULL, &r);
  g_test_message ("%s", r.out);
  assert_contains (r.out, headline, "The CLI");
  assert_contains (r.out, "Mail servers tried:", "The CLI");
  assert_rows (transcript, r.out, "The CLI");
  if (backup != NULL)
    assert_contains (r.out, backup, "The CLI");
  assert_explanation (transcript, r.out, "The CLI");
  g_assert_cmpint (r.status, ==, all_mx ? 15 : 0);
}

/* The preferred MX is down and the backup accepts: the test passes, and
 * says what it means that it passed through the backup. */
static void
test_backup_accepted (void)
{
  g_auto(Domain) domain = { 0 };
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *backup = NULL;
  SpTranscript *transcript;

  if (!domain_start (&domain))
    return;

  request = request_new (&domain, FALSE);
  probe = sp_test_probe_run_dumped (request);
  transcript = sp_probe_get_transcript (probe);

  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);
  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, 2);
  g_assert_cmpint (sp_attempt_get_preference (sp_transcript_get_attempt (transcript, 0)), ==, 10);
  g_assert_cmpint (sp_attempt_get_preference (sp_transcript_get_attempt (transcript, 1)), ==, 20);

  headline = sp_diagnosis_dup_headline (transcript);
  backup = sp_diagnosis_dup_backup_warning (transcript);
  g_assert_nonnull (backup);
  assert_contains (backup, "dead.brokenmx.test", "The warning");
  assert_contains (backup, "mail1.brokenmx.test", "The warning");
  /* Accepted, but only through the backup: neither green nor red. */
  g_assert_cmpint (sp_diagnosis_get_transcript_tone (transcript), ==, SP_TONE_TEMPORARY);

  assert_exports (transcript, headline, backup);
  assert_cli (&domain, transcript, headline, backup, FALSE);
}

/* Every server tested: one could not be reached and one accepted. The
 * table holds both, whatever order they finished in. */
static void
test_all_servers (void)
{
  g_auto(Domain) domain = { 0 };
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *backup = NULL;
  SpTranscript *transcript;

  if (!domain_start (&domain))
    return;

  request = request_new (&domain, TRUE);
  probe = sp_test_probe_run_dumped (request);
  transcript = sp_probe_get_transcript (probe);

  g_assert_true (sp_transcript_get_mixed (transcript));
  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, 2);
  g_assert_cmpint (sp_attempt_get_verdict (sp_transcript_get_attempt (transcript, 0)), ==,
                   SP_VERDICT_CONNECT_FAILED);
  g_assert_cmpint (sp_attempt_get_verdict (sp_transcript_get_attempt (transcript, 1)), ==,
                   SP_VERDICT_ACCEPTED);

  headline = sp_diagnosis_dup_headline (transcript);
  assert_contains (headline, "1 of 2", "The headline");
  backup = sp_diagnosis_dup_backup_warning (transcript);
  g_assert_nonnull (backup);
  g_assert_cmpint (sp_diagnosis_get_transcript_tone (transcript), ==, SP_TONE_TEMPORARY);

  assert_exports (transcript, headline, backup);
  assert_cli (&domain, transcript, headline, backup, TRUE);
}

/* One server that accepted: no warning, and no table in the summary. */
static void
test_no_warning (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autofree char *text = NULL;
  SpTranscript *transcript;

  request = sp_test_request_new ("127.0.0.1", sp_scripted_server_get_port (server));
  probe = sp_test_probe_run_dumped (request);
  transcript = sp_probe_get_transcript (probe);

  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);
  g_assert_null (sp_diagnosis_dup_backup_warning (transcript));
  g_assert_cmpint (sp_diagnosis_get_transcript_tone (transcript), ==, SP_TONE_SUCCESS);
  g_assert_cmpint (sp_attempt_get_preference (sp_transcript_get_attempt (transcript, 0)), ==, -1);
  text = sp_export_to_string (transcript, SP_EXPORT_FORMAT_TEXT);
  g_assert_null (strstr (text, "Mail servers tried:"));
}

/* A list of mail servers found before the test with the system's DNS
 * servers (as the servers page finds it) is used as it is, and not looked
 * up again. */
static void
test_known_servers (void)
{
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start ("");
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(SpMxResult) mx = sp_mx_result_new ("known.example.test");
  g_autoptr(SpProbe) probe = NULL;
  SpMxHost *host = _sp_mx_host_new (10, "mx.known.example.test");
  SpTestProbeRun r = { 0 };
  SpTranscript *transcript;

  g_ptr_array_add (host->addresses, g_inet_address_new_from_string ("127.0.0.1"));
  g_ptr_array_add (mx->hosts, host);
  mx->family = SP_ADDRESS_FAMILY_IPV4;

  request->recipient = g_strdup ("kate@known.example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->port = sp_scripted_server_get_port (server);
  request->family = SP_ADDRESS_FAMILY_IPV4;
  probe = sp_probe_new (request);
  sp_probe_set_mx_result (probe, mx);
  sp_probe_run_async (probe, NULL, sp_test_probe_run_cb, &r);
  g_assert_true (sp_test_iterate_until (&r.done, 60000));
  g_assert_no_error (r.error);
  transcript = sp_probe_get_transcript (probe);

  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                         "Using the mail servers (MX records) of "
                                         "known.example.test found before the test, without "
                                         "looking them up again."));
  g_assert_cmpint (sp_attempt_get_preference (sp_transcript_get_attempt (transcript, 0)), ==, 10);
}

/* Who answers is recognised from the greeting and the EHLO reply, and
 * named the same way in the model, the CLI and every export. */
static void
test_who_answers (void)
{
  g_autoptr(SpScriptedServer) server =
    sp_test_scripted_start ("banner 220 mx.example.test ESMTP Postfix (Debian/GNU)\n"
                            "on RCPT => 550 5.1.1 <kate@example.test>: Recipient address "
                            "rejected: User unknown in local recipient table");
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpExplanation) explanation = NULL;
  g_autofree char *port = NULL;
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  g_autofree char *json = NULL;
  g_autofree char *note = NULL;
  g_auto(SpTestCliResult) cli = { 0 };
  const char * const *advice;
  SpTranscript *transcript;
  SpAttempt *attempt;

  request = sp_test_request_new ("127.0.0.1", sp_scripted_server_get_port (server));
  probe = sp_test_probe_run_dumped (request);
  transcript = sp_probe_get_transcript (probe);
  attempt = sp_transcript_get_attempt (transcript, 0);

  g_assert_cmpint (sp_attempt_get_responder (attempt), ==, SP_RESPONDER_POSTFIX);
  g_assert_cmpint (sp_diagnosis_get_responder (transcript), ==, SP_RESPONDER_POSTFIX);
  note = sp_diagnosis_dup_responder_note (transcript);
  g_assert_cmpstr (note, ==, "The server that answered runs Postfix.");

  /* The advice ends with where that product's administrators look. */
  explanation = sp_diagnosis_explain_transcript (transcript);
  g_assert_cmpstr (sp_explanation_get_cause (explanation), ==, "recipient-unknown");
  advice = sp_explanation_get_advice (explanation);
  g_assert_cmpstr (advice[g_strv_length ((char **) advice) - 1], ==,
                   sp_responder_get_admin_hint (SP_RESPONDER_POSTFIX));

  text = sp_export_to_string (transcript, SP_EXPORT_FORMAT_TEXT);
  g_assert_nonnull (strstr (text, note));
  html = sp_export_to_string (transcript, SP_EXPORT_FORMAT_HTML);
  g_assert_nonnull (strstr (html, "<p class=\"responder\">The server that answered runs "
                                  "Postfix."));
  json = sp_export_to_string (transcript, SP_EXPORT_FORMAT_JSON);
  g_assert_nonnull (strstr (json, "\"responder\" : \"postfix\""));

  port = g_strdup_printf ("127.0.0.1:%u", sp_scripted_server_get_port (server));
  sp_test_cli_run ((const char * const[]) { "--server", port, "--from", "helpdesk@example.org",
                                            "kate@example.test", NULL },
                   NULL, &cli);
  g_assert_nonnull (strstr (cli.out, note));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/servers/backup-accepted", test_backup_accepted);
  g_test_add_func ("/sp/servers/all-servers", test_all_servers);
  g_test_add_func ("/sp/servers/no-warning", test_no_warning);
  g_test_add_func ("/sp/servers/known-servers", test_known_servers);
  g_test_add_func ("/sp/servers/who-answers", test_who_answers);

  return g_test_run ();
}
