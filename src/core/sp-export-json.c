/* sp-export-json.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-export"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-export-private.h"
#include "sp-json.h"

/* JSON */

static void
json_member_string (SpJsonWriter *writer,
                    const char   *name,
                    const char   *value)
{
  sp_json_writer_member (writer, name);
  sp_json_writer_string (writer, value);
}

static void
json_member_ms (SpJsonWriter *writer,
                const char   *name,
                gint64        usec)
{
  sp_json_writer_member (writer, name);
  if (usec < 0)
    sp_json_writer_null (writer);
  else
    sp_json_writer_double (writer, usec / 1000.0);
}

static void
json_dns_servers (SpJsonWriter *writer,
                  const char   *servers)
{
  g_auto(GStrv) parts = NULL;

  sp_json_writer_member (writer, "dns_servers");

  if (servers == NULL)
    {
      sp_json_writer_null (writer);
      return;
    }

  parts = g_strsplit (servers, ",", -1);
  sp_json_writer_begin_array (writer);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        sp_json_writer_string (writer, parts[i]);
    }
  sp_json_writer_end_array (writer);
}

static void
json_mx (SpJsonWriter *writer,
         SpMxResult   *mx)
{
  sp_json_writer_member (writer, "mx");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; mx != NULL && mx->hosts != NULL && i < mx->hosts->len; i++)
    {
      const SpMxHost *host = g_ptr_array_index (mx->hosts, i);

      sp_json_writer_begin_object (writer);
      sp_json_writer_member (writer, "preference");
      sp_json_writer_int (writer, host->preference);
      json_member_string (writer, "host", host->host);
      sp_json_writer_member (writer, "addresses");
      sp_json_writer_begin_array (writer);
      for (guint a = 0; host->addresses != NULL && a < host->addresses->len; a++)
        {
          GInetAddress *address = g_ptr_array_index (host->addresses, a);
          g_autofree char *text = g_inet_address_to_string (address);

          sp_json_writer_string (writer, text);
        }
      sp_json_writer_end_array (writer);
      json_member_string (writer, "error", host->error != NULL ? host->error->message : NULL);
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_array (writer);

  sp_json_writer_member (writer, "implicit_mx");
  sp_json_writer_boolean (writer, mx != NULL && mx->implicit);

  sp_json_writer_member (writer, "dns_queries");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; mx != NULL && mx->queries != NULL && i < mx->queries->len; i++)
    {
      const SpDnsQuery *query = g_ptr_array_index (mx->queries, i);

      sp_json_writer_begin_object (writer);
      json_member_string (writer, "name", query->name);
      json_member_string (writer, "type", query->type);
      json_member_string (writer, "status", query->status);
      json_member_ms (writer, "elapsed_ms", MAX (query->elapsed_usec, 0));
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_array (writer);
}

static void
json_string_list (SpJsonWriter       *writer,
                  const char         *name,
                  const char * const *items)
{
  sp_json_writer_member (writer, name);
  sp_json_writer_begin_array (writer);
  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    sp_json_writer_string (writer, items[i]);
  sp_json_writer_end_array (writer);
}

/* "explanation": { "rule", "severity", "generic", "meaning", "code_meaning",
 * "reasons", "advice" }, or null. */
static void
json_explanation (SpJsonWriter        *writer,
                  const SpExplanation *explanation)
{
  SpExplanationSeverity severity;

  sp_json_writer_member (writer, "explanation");
  if (explanation == NULL)
    {
      sp_json_writer_null (writer);
      return;
    }

  sp_json_writer_begin_object (writer);
  json_member_string (writer, "rule", sp_explanation_get_rule_id (explanation));
  severity = sp_explanation_get_severity (explanation);
  json_member_string (writer, "severity", sp_explanation_severity_to_string (severity));
  sp_json_writer_member (writer, "generic");
  sp_json_writer_boolean (writer, sp_explanation_is_generic (explanation));
  json_member_string (writer, "meaning", sp_explanation_get_meaning (explanation));
  json_member_string (writer, "code_meaning", sp_explanation_get_code_meaning (explanation));
  json_string_list (writer, "reasons", sp_explanation_get_reasons (explanation));
  json_string_list (writer, "advice", sp_explanation_get_advice (explanation));
  sp_json_writer_end_object (writer);
}

static void
json_step (SpJsonWriter              *writer,
           const SpTranscriptAttempt *attempt,
           const SpTranscriptStep    *step)
{
  g_autoptr(SpExplanation) explanation = _sp_export_explain_step (attempt, step);

  sp_json_writer_begin_object (writer);
  json_member_string (writer, "step", sp_step_to_string (step->step));
  json_member_string (writer, "command", step->command);

  sp_json_writer_member (writer, "code");
  if (step->reply != NULL)
    sp_json_writer_int (writer, sp_reply_get_code (step->reply));
  else
    sp_json_writer_null (writer);

  json_member_string (writer, "enhanced_code",
                      step->reply != NULL ? sp_reply_get_enhanced_code (step->reply) : NULL);

  sp_json_writer_member (writer, "reply");
  sp_json_writer_begin_array (writer);
  if (step->reply != NULL)
    {
      const char * const *lines = sp_reply_get_lines (step->reply);
      guint n_lines = sp_reply_get_n_lines (step->reply);

      for (guint i = 0; i < n_lines && lines[i] != NULL; i++)
        sp_json_writer_string (writer, lines[i]);
    }
  sp_json_writer_end_array (writer);

  json_member_string (writer, "class", sp_reply_class_to_string (_sp_export_step_class (step)));
  json_member_string (writer, "error", step->error != NULL ? step->error->message : NULL);
  json_member_ms (writer, "elapsed_ms", step->elapsed_usec);
  json_explanation (writer, explanation);
  sp_json_writer_end_object (writer);
}

static void
json_member_date (SpJsonWriter *writer,
                  const char   *name,
                  GDateTime    *date)
{
  g_autofree char *text = _sp_export_format_utc (date);

  json_member_string (writer, name, text);
}

/* "tls": the certificate report of an encrypted attempt, or null. */
static void
json_tls (SpJsonWriter      *writer,
          const SpTlsReport *report)
{
  g_auto(GStrv) sentences = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *impact = NULL;
  g_autoptr(SpExplanation) explanation = NULL;

  sp_json_writer_member (writer, "tls");
  if (report == NULL)
    {
      sp_json_writer_null (writer);
      return;
    }

  sentences = sp_tls_report_dup_problems (report);
  summary = sp_tls_report_dup_summary (report);
  impact = sp_tls_report_dup_delivery_impact (report);
  explanation = sp_diagnosis_explain_certificate (report);

  sp_json_writer_begin_object (writer);
  json_member_string (writer, "mode", sp_tls_mode_to_string (report->mode));
  json_member_string (writer, "identity", report->identity);
  json_member_string (writer, "protocol", report->protocol);
  json_member_string (writer, "cipher_suite", report->cipher_suite);
  sp_json_writer_member (writer, "protocol_outdated");
  sp_json_writer_boolean (writer, report->protocol_outdated);
  json_member_string (writer, "subject", report->subject);
  json_member_string (writer, "issuer", report->issuer);
  json_string_list (writer, "dns_names", (const char * const *) report->dns_names);
  json_string_list (writer, "ip_addresses", (const char * const *) report->ip_addresses);
  json_member_date (writer, "not_before", report->not_before);
  json_member_date (writer, "not_after", report->not_after);
  json_member_string (writer, "sha256", report->sha256);
  sp_json_writer_member (writer, "chain_length");
  sp_json_writer_int (writer, report->chain_length);
  sp_json_writer_member (writer, "validated");
  sp_json_writer_boolean (writer, report->validated);
  /* Not validated, but accepted by its fingerprint for this test. */
  sp_json_writer_member (writer, "accepted");
  sp_json_writer_boolean (writer, report->accepted);
  json_member_string (writer, "trust", sp_tls_trust_to_string (report->trust));
  json_member_string (writer, "ca_file", report->ca_file);

  sp_json_writer_member (writer, "problems");
  sp_json_writer_begin_array (writer);
  for (guint bit = 1; bit <= SP_TLS_PROBLEM_OTHER; bit <<= 1)
    if ((report->problems & bit) != 0)
      sp_json_writer_string (writer, sp_tls_problem_to_string ((SpTlsProblems) bit));
  sp_json_writer_end_array (writer);

  json_string_list (writer, "problem_sentences", (const char * const *) sentences);
  json_member_string (writer, "summary", summary);
  json_member_string (writer, "delivery_impact", impact);
  /* What the main problem means and what to do; null when it validated. */
  json_explanation (writer, explanation);
  sp_json_writer_end_object (writer);
}

/* "auth": the login of the attempt, or null; never the password. */
static void
json_auth (SpJsonWriter              *writer,
           const SpTranscriptAttempt *attempt)
{
  sp_json_writer_member (writer, "auth");
  if (attempt->auth_mechanism == NULL && attempt->auth_user == NULL)
    {
      sp_json_writer_null (writer);
      return;
    }

  sp_json_writer_begin_object (writer);
  json_member_string (writer, "mechanism", attempt->auth_mechanism);
  json_member_string (writer, "user", attempt->auth_user);
  sp_json_writer_member (writer, "authenticated");
  sp_json_writer_boolean (writer, attempt->authenticated);
  sp_json_writer_end_object (writer);
}

static void
json_attempt (SpJsonWriter              *writer,
              const SpTranscriptAttempt *attempt)
{
  sp_json_writer_begin_object (writer);
  json_member_string (writer, "host", attempt->host);
  json_member_string (writer, "address", attempt->address);
  sp_json_writer_member (writer, "port");
  sp_json_writer_int (writer, attempt->port);

  sp_json_writer_member (writer, "steps");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < attempt->steps->len; i++)
    json_step (writer, attempt, g_ptr_array_index (attempt->steps, i));
  sp_json_writer_end_array (writer);

  json_member_string (writer, "result", sp_verdict_to_string (attempt->result));
  json_member_string (writer, "deciding_step", sp_step_to_string (attempt->deciding_step));
  json_member_string (writer, "detail", attempt->detail);

  sp_json_writer_member (writer, "capabilities");
  if (attempt->capabilities != NULL)
    {
      const char * const *keywords = sp_capabilities_get_keywords (attempt->capabilities);

      sp_json_writer_begin_array (writer);
      for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
        sp_json_writer_string (writer, keywords[i]);
      sp_json_writer_end_array (writer);
    }
  else
    {
      sp_json_writer_null (writer);
    }

  json_tls (writer, attempt->tls);
  json_auth (writer, attempt);

  sp_json_writer_end_object (writer);
}

static void
json_entry (SpJsonWriter            *writer,
            const SpTranscriptEntry *entry)
{
  g_autofree char *time = _sp_export_format_iso8601 (entry->wall);

  sp_json_writer_begin_object (writer);
  json_member_string (writer, "time", time);
  json_member_ms (writer, "elapsed_ms", entry->elapsed_usec);
  json_member_string (writer, "direction", sp_direction_to_string (entry->direction));
  json_member_string (writer, "class", sp_reply_class_to_string (entry->klass));
  json_member_string (writer, "step", sp_step_to_string (entry->step));
  sp_json_writer_member (writer, "attempt");
  if (entry->attempt >= 0)
    sp_json_writer_int (writer, entry->attempt);
  else
    sp_json_writer_null (writer);
  sp_json_writer_member (writer, "is_error");
  sp_json_writer_boolean (writer, entry->is_error);
  json_member_string (writer, "text", entry->text);
  sp_json_writer_end_object (writer);
}

char *
_sp_export_json (SpTranscript *transcript)
{
  g_autoptr(SpJsonWriter) writer = sp_json_writer_new ();
  g_autofree char *started = _sp_export_format_iso8601 (sp_transcript_get_started (transcript));
  SpMxResult *mx = sp_transcript_get_mx_result (transcript);
  guint n_attempts = sp_transcript_get_n_attempts (transcript);
  guint n_entries = sp_transcript_get_n_entries (transcript);
  g_autoptr(SpExplanation) explanation = sp_diagnosis_explain_transcript (transcript);

  sp_json_writer_begin_object (writer);

  json_member_string (writer, "verdict",
                      sp_verdict_to_string (sp_transcript_get_verdict (transcript)));
  json_member_string (writer, "verdict_detail", sp_transcript_get_verdict_detail (transcript));
  json_member_string (writer, "deciding_step",
                      sp_step_to_string (sp_transcript_get_deciding_step (transcript)));
  /* What decided the test, in words: null when it was accepted. */
  json_explanation (writer, explanation);
  /* A certificate did not validate, though the test may have passed. */
  sp_json_writer_member (writer, "tls_problems");
  sp_json_writer_boolean (writer, sp_transcript_has_tls_problems (transcript));
  /* With every mail server tested: some accepted and some did not. */
  sp_json_writer_member (writer, "mixed");
  sp_json_writer_boolean (writer, sp_transcript_get_mixed (transcript));
  json_member_string (writer, "recipient", sp_transcript_get_recipient (transcript));
  json_member_string (writer, "sender", sp_transcript_get_sender (transcript));
  sp_json_writer_member (writer, "check_only");
  sp_json_writer_boolean (writer, sp_transcript_get_check_only (transcript));
  json_member_string (writer, "started", started);

  sp_json_writer_member (writer, "tool");
  sp_json_writer_begin_object (writer);
  json_member_string (writer, "name", TOOL_NAME);
  json_member_string (writer, "version", PACKAGE_VERSION);
  json_member_string (writer, "id", APP_ID);
  sp_json_writer_end_object (writer);

  json_member_string (writer, "domain", mx != NULL ? mx->domain : NULL);
  json_dns_servers (writer, _sp_export_describe_servers (transcript));
  json_mx (writer, mx);

  sp_json_writer_member (writer, "attempts");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < n_attempts; i++)
    json_attempt (writer, sp_transcript_get_attempt (transcript, i));
  sp_json_writer_end_array (writer);

  sp_json_writer_member (writer, "entries");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < n_entries; i++)
    json_entry (writer, sp_transcript_get_entry (transcript, i));
  sp_json_writer_end_array (writer);

  sp_json_writer_end_object (writer);

  return sp_json_writer_free_to_string (g_steal_pointer (&writer));
}
