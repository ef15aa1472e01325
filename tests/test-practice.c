/* test-practice.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* Practice mode (issue 11): every scenario runs through the probe and
 * teaches what it says, labelled as simulated everywhere; the CLI lists
 * and runs them. Runs in a private network namespace: loopback only. */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "sp-diagnosis.h"
#include "sp-export.h"
#include "sp-practice.h"
#include "sp-scripted-server.h"
#include "sp-test-cli.h"
#include "sp-test-probe.h"
#include "sp-test-util.h"

/* Every scenario has its file in the resources, in the scripted-server
 * language, and a unique id and a description. */
static void
test_list (void)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = sp_practice_get_n_scenarios ();

  /* The list: the accepted session, its six failure cases and
   * nine more. */
  g_assert_cmpuint (n, >=, 16);

  for (guint i = 0; i < n; i++)
    {
      const SpPracticeScenario *scenario = sp_practice_get_scenario (i);
      const char *id = sp_practice_scenario_get_id (scenario);
      g_autoptr(GError) error = NULL;
      g_autofree char *script = sp_practice_scenario_dup_script (scenario, &error);
      g_autoptr(SpScriptedServer) server = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (script);
      server = sp_scripted_server_new (script, &error);
      g_assert_no_error (error);
      g_assert_nonnull (server);

      g_assert_true (g_hash_table_add (ids, (gpointer) id));
      g_assert_null (strpbrk (id, " \t\n"));
      g_assert_cmpstr (sp_practice_scenario_get_description (scenario), !=, "");
      g_assert_true (sp_practice_find_scenario (id) == scenario);
    }

  g_assert_null (sp_practice_find_scenario ("list"));
  g_assert_null (sp_practice_find_scenario ("no-such-scenario"));
  g_assert_null (sp_practice_find_scenario (NULL));
}

static void
assert_labelled_simulated (SpTranscript *transcript)
{
  g_autofree char *headline = sp_diagnosis_dup_headline (transcript);
  g_autofree char *text = sp_export_to_string (transcript, SP_EXPORT_FORMAT_TEXT);
  g_autofree char *html = sp_export_to_string (transcript, SP_EXPORT_FORMAT_HTML);
  g_autofree char *json = sp_export_to_string (transcript, SP_EXPORT_FORMAT_JSON);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const SpTranscriptEntry *first;
  JsonObject *root;

  g_assert_true (sp_transcript_get_simulated (transcript));
  g_assert_true (g_str_has_suffix (headline, " (simulated)"));
  /* The summary says what the person asked for, not the loopback port
   * and address family the simulated servers need. */
  g_assert_nonnull (sp_transcript_get_summary (transcript));
  g_assert_null (strstr (sp_transcript_get_summary (transcript), "port"));
  g_assert_null (strstr (sp_transcript_get_summary (transcript), "IPv4"));

  /* The log says so before anything else. */
  first = sp_transcript_get_entry (transcript, 0);
  g_assert_nonnull (strstr (first->text, "This is a practice test against a simulated mail "
                                         "server"));

  g_assert_nonnull (strstr (text, "Simulated: this is a practice test"));
  g_assert_nonnull (strstr (text, "DNS servers:   None: the mail servers are simulated\n"));
  g_assert_nonnull (strstr (text, headline));
  g_assert_nonnull (strstr (html, "<p class=\"simulated\"><strong>Simulated: this is a "
                                  "practice test"));

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (root, "simulated"));
}

static SpPractice *
start_practice (const SpPracticeScenario *scenario)
{
  g_autoptr(GError) error = NULL;
  SpPractice *practice = sp_practice_start (scenario, &error);

  g_assert_no_error (error);
  g_assert_nonnull (practice);

  return practice;
}

/* Runs a practice test for @request until it ends, which it must do
 * without an error; the verdict is the transcript's. */
static SpProbe *
run_practice (SpPractice           *practice,
              const SpProbeRequest *request)
{
  g_autoptr(SpProbe) probe = sp_practice_create_probe (practice, request);
  SpTestProbeRun r = { 0 };

  sp_probe_run_async (probe, NULL, sp_test_probe_run_cb, &r);
  g_assert_true (sp_test_iterate_until (&r.done, 60000));
  g_assert_no_error (r.error);
  sp_test_transcript_dump (sp_probe_get_transcript (probe));

  return g_steal_pointer (&probe);
}

/* A scenario run through the probe, with neither recipient nor sender
 * given, produces the verdict and the explanation it teaches. */
static void
test_scenario (gconstpointer data)
{
  const SpPracticeScenario *scenario = data;
  g_autoptr(SpPractice) practice = start_practice (scenario);
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(SpProbe) probe = run_practice (practice, request);
  g_autoptr(SpExplanation) explanation = NULL;
  SpTranscript *transcript = sp_probe_get_transcript (probe);
  const char *id = sp_practice_scenario_get_id (scenario);

  g_assert_cmpstr (sp_transcript_get_recipient (transcript), ==, SP_PRACTICE_RECIPIENT);
  /* The preferred mail server is where the practice says, for the console. */
  g_assert_cmpstr (sp_attempt_get_address (sp_transcript_get_attempt (transcript, 0)), ==,
                   sp_practice_get_address (practice));
  g_assert_cmpuint (sp_attempt_get_port (sp_transcript_get_attempt (transcript, 0)), ==,
                    sp_practice_get_port (practice));
  g_assert_cmpstr (sp_transcript_get_sender (transcript), ==, SP_PRACTICE_SENDER);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==,
                   sp_practice_scenario_get_verdict (scenario));
  explanation = sp_diagnosis_explain_transcript (transcript);
  if (sp_practice_scenario_get_cause (scenario) == NULL)
    g_assert_null (explanation);
  else
    g_assert_cmpstr (sp_explanation_get_cause (explanation), ==,
                     sp_practice_scenario_get_cause (scenario));

  assert_labelled_simulated (transcript);

  /* What a few scenarios teach beyond the verdict. */
  if (g_strcmp0 (id, "backup-mx") == 0)
    {
      g_autofree char *warning = sp_diagnosis_dup_backup_warning (transcript);

      g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, 2);
      g_assert_cmpint (sp_attempt_get_preference (sp_transcript_get_attempt (transcript, 0)),
                       ==, 10);
      g_assert_nonnull (warning);
    }
  else if (g_strcmp0 (id, "login") == 0)
    {
      g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                             "Logged in as " SP_PRACTICE_AUTH_USER));
      g_assert_false (sp_test_transcript_has (transcript, SP_DIRECTION_CLIENT,
                                              "AHByYWN0aWNl"));
    }
  else if (g_strcmp0 (id, "accepted") == 0)
    {
      g_assert_cmpint (sp_diagnosis_get_responder (transcript), ==,
                       SP_RESPONDER_EXCHANGE);
      g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_SERVER,
                                             "250-ENHANCEDSTATUSCODES"));
    }
}

/* The simulated servers speak plain text: encryption the person asked
 * for, and a CA file, do not stop a practice test, and what was typed
 * stays as it was. */
static void
test_plain_text_only (void)
{
  g_autoptr(SpPractice) practice = start_practice (sp_practice_find_scenario ("accepted"));
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(SpProbe) probe = NULL;

  sp_probe_request_set_tls (request, SP_TLS_POLICY_REQUIRED);
  sp_probe_request_set_ca_file (request, "/nonexistent/ca.pem");
  sp_probe_request_set_server (request, "mail.example.net");
  probe = run_practice (practice, request);
  g_assert_cmpint (sp_transcript_get_verdict (sp_probe_get_transcript (probe)), ==,
                   SP_VERDICT_ACCEPTED);
  g_assert_cmpint (request->tls, ==, SP_TLS_POLICY_REQUIRED);
  g_assert_cmpstr (request->server, ==, "mail.example.net");
}

/* An address literal names a real server: a practice test goes to its
 * simulated one all the same, under the practice domain. */
static void
test_address_literal (void)
{
  g_autoptr(SpPractice) practice = start_practice (sp_practice_find_scenario ("accepted"));
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(SpProbe) probe = NULL;
  SpTranscript *transcript;

  sp_probe_request_set_recipient (request, "kate@[192.0.2.1]");
  probe = run_practice (practice, request);
  transcript = sp_probe_get_transcript (probe);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);
  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, 1);
  g_assert_cmpstr (sp_attempt_get_address (sp_transcript_get_attempt (transcript, 0)), ==,
                   "127.0.0.1");
  g_assert_cmpstr (sp_transcript_get_recipient (transcript), ==, "kate@contoso.example");
}

/* A real test is not labelled. */
static void
test_real_not_simulated (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autofree char *headline = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;

  sp_transcript_set_request (transcript, "kate@example.test", "helpdesk@example.org", FALSE);
  sp_transcript_set_verdict (transcript, SP_VERDICT_CONNECT_FAILED, SP_STEP_CONNECT, NULL);
  headline = sp_diagnosis_dup_headline (transcript);
  text = sp_export_to_string (transcript, SP_EXPORT_FORMAT_TEXT);
  json = sp_export_to_string (transcript, SP_EXPORT_FORMAT_JSON);

  g_assert_false (sp_transcript_get_simulated (transcript));
  g_assert_null (strstr (headline, "simulated"));
  g_assert_null (strstr (text, "Simulated"));
  g_assert_nonnull (strstr (json, "\"simulated\" : false"));
}

/* --practice list: one scenario a line, its id, a tab, its description. */
static void
test_cli_list (void)
{
  g_auto(SpTestCliResult) cli = { 0 };
  g_auto(GStrv) lines = NULL;

  sp_test_cli_run ((const char * const[]) { "--practice", "list", NULL }, NULL, &cli);
  g_assert_cmpint (cli.status, ==, 0);
  g_assert_true (g_str_has_suffix (cli.out, "\n"));
  lines = g_strsplit (cli.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, sp_practice_get_n_scenarios () + 1);

  for (guint i = 0; i < sp_practice_get_n_scenarios (); i++)
    {
      const SpPracticeScenario *scenario = sp_practice_get_scenario (i);
      g_autofree char *line = g_strdup_printf ("%s\t%s",
                                               sp_practice_scenario_get_id (scenario),
                                               sp_practice_scenario_get_description (scenario));

      g_assert_cmpstr (lines[i], ==, line);
    }
}

/* --practice runs the guided test against the scenario's server, with no
 * addresses given, and the exit status of the stage it teaches. */
static void
test_cli_run (void)
{
  g_auto(SpTestCliResult) cli = { 0 };
  g_auto(SpTestCliResult) json = { 0 };
  g_auto(SpTestCliResult) unknown = { 0 };
  g_auto(SpTestCliResult) elsewhere = { 0 };

  sp_test_cli_run ((const char * const[]) { "--practice", "unknown-user", NULL }, NULL, &cli);
  g_assert_cmpint (cli.status, ==, 8);
  g_assert_true (g_str_has_prefix (strchr (cli.out, ' ') + 1,
                                   "-- This is a practice test against a simulated mail "
                                   "server"));
  g_assert_nonnull (strstr (cli.out, "S: 550 5.1.1 User unknown"));
  g_assert_nonnull (strstr (cli.out, "The server refused the recipient "
                                     SP_PRACTICE_RECIPIENT " (simulated)"));

  sp_test_cli_run ((const char * const[]) { "--practice", "greylisting", "--json",
                                            "--from", "me@example.org",
                                            "someone@example.net", NULL }, NULL, &json);
  g_assert_cmpint (json.status, ==, 28);
  g_assert_nonnull (strstr (json.out, "\"simulated\" : true"));
  g_assert_nonnull (strstr (json.out, "\"recipient\" : \"someone@example.net\""));
  g_assert_nonnull (strstr (json.out, "\"sender\" : \"me@example.org\""));
  g_assert_nonnull (strstr (json.out, "mx1.example.net"));

  sp_test_cli_run ((const char * const[]) { "--practice", "no-such-scenario", NULL }, NULL,
                   &unknown);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "--practice"));

  /* A practice test goes nowhere else. */
  sp_test_cli_run ((const char * const[]) { "--practice", "accepted", "--server",
                                            "mail.example.net", NULL }, NULL, &elsewhere);
  g_assert_cmpint (elsewhere.status, ==, 2);
  g_assert_nonnull (strstr (elsewhere.err, "leave out --server"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/practice/list", test_list);
  for (guint i = 0; i < sp_practice_get_n_scenarios (); i++)
    {
      const SpPracticeScenario *scenario = sp_practice_get_scenario (i);
      g_autofree char *path = g_strdup_printf ("/sp/practice/scenario/%s",
                                               sp_practice_scenario_get_id (scenario));

      g_test_add_data_func (path, scenario, test_scenario);
    }
  g_test_add_func ("/sp/practice/plain-text-only", test_plain_text_only);
  g_test_add_func ("/sp/practice/address-literal", test_address_literal);
  g_test_add_func ("/sp/practice/real-not-simulated", test_real_not_simulated);
  g_test_add_func ("/sp/practice/cli-list", test_cli_list);
  g_test_add_func ("/sp/practice/cli-run", test_cli_run);

  return g_test_run ();
}
