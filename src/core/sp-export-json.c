/* sp-export-json.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-enums.h"
#include "sp-export-private.h"
#include "sp-text-private.h"

/* JSON, written with json-glib. */

/* Server text is not always UTF-8, and json-glib 1.6 copies the bytes of
 * a string as they are: JSON must be UTF-8. */
JsonNode *
_sp_export_json_string_node (const char *value)
{
  g_autofree char *valid = NULL;
  JsonNode *node;

  if (value == NULL)
    return json_node_new (JSON_NODE_NULL);

  if (!g_utf8_validate (value, -1, NULL))
    value = valid = g_utf8_make_valid (value, -1);

  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (node, value);

  return node;
}

/* A JSON \u escape of @c, as a surrogate pair beyond the BMP. */
static void
append_unicode_escape (GString  *out,
                       gunichar  c)
{
  if (c > 0xffff)
    g_string_append_printf (out, "\\u%04x\\u%04x",
                            0xd800 + ((c - 0x10000) >> 10),
                            0xdc00 + ((c - 0x10000) & 0x3ff));
  else
    g_string_append_printf (out, "\\u%04x", c);
}

/* A number as the generator wrote it, @len bytes at @token. json-glib
 * 1.6 writes doubles with 17 digits, so 12.3 ms would read
 * "12.300000000000001": write the shortest form that reads back as the
 * same double instead, still with a point so that it stays a double. */
static void
append_number (GString    *out,
               const char *token,
               gsize       len)
{
  g_autofree char *text = g_strndup (token, len);
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double value;

  if (strpbrk (text, ".eE") == NULL)
    {
      g_string_append (out, text);
      return;
    }

  value = g_ascii_strtod (text, NULL);
  for (int precision = 15; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }

  g_string_append (out, buffer);
  if (strpbrk (buffer, ".eE") == NULL)
    g_string_append (out, ".0");
}

char *
_sp_export_json_generate (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *raw = NULL;
  gboolean in_string = FALSE;
  const char *p;
  GString *out;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  raw = json_generator_to_data (generator, NULL);

  /* json-glib escapes the C0 controls in strings but for U+001F (1.6),
   * and writes the C1 controls, the separators and the format
   * characters raw. They are legal in JSON, but act on terminals (a
   * report printed with cat) or reorder what a reader sees: spell out
   * every character the shared rule hides. The value a parser reads is
   * unchanged. The generator's own line breaks stand outside strings;
   * inside them it always writes "\n". */
  out = g_string_sized_new (strlen (raw) + 1);
  for (p = raw; *p != '\0'; )
    {
      gunichar c;

      if (!in_string && (*p == '-' || g_ascii_isdigit (*p)))
        {
          gsize len = strspn (p, "+-0123456789.eE");

          append_number (out, p, len);
          p += len;
          continue;
        }

      /* The generator's escapes are a backslash and one ASCII character
       * ("\u" is followed by hex digits only). */
      if (in_string && *p == '\\' && p[1] != '\0')
        {
          g_string_append_len (out, p, 2);
          p += 2;
          continue;
        }

      c = g_utf8_get_char (p);
      if (c == '"')
        in_string = !in_string;

      if (c != '\n' && _sp_text_char_is_hidden (c))
        append_unicode_escape (out, c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}

static void
emit_string (JsonBuilder *builder,
             const char  *value)
{
  json_builder_add_value (builder, _sp_export_json_string_node (value));
}

static void
emit_member_string (JsonBuilder  *builder,
                    const char   *name,
                    const char   *value)
{
  json_builder_set_member_name (builder, name);
  emit_string (builder, value);
}

static void
emit_member_ms (JsonBuilder  *builder,
                const char   *name,
                gint64        usec)
{
  json_builder_set_member_name (builder, name);
  if (usec < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, usec / 1000.0);
}

static void
emit_dns_servers (JsonBuilder  *builder,
                  const char   *servers)
{
  g_auto(GStrv) parts = NULL;

  json_builder_set_member_name (builder, "dns_servers");

  if (servers == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  parts = g_strsplit (servers, ",", -1);
  json_builder_begin_array (builder);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        emit_string (builder, parts[i]);
    }
  json_builder_end_array (builder);
}

static void
emit_mx (JsonBuilder  *builder,
         SpMxResult   *mx)
{
  json_builder_set_member_name (builder, "mx");
  json_builder_begin_array (builder);
  for (guint i = 0; mx != NULL && mx->hosts != NULL && i < mx->hosts->len; i++)
    {
      const SpMxHost *host = g_ptr_array_index (mx->hosts, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "preference");
      json_builder_add_int_value (builder, host->preference);
      emit_member_string (builder, "host", host->host);
      json_builder_set_member_name (builder, "addresses");
      json_builder_begin_array (builder);
      for (guint a = 0; host->addresses != NULL && a < host->addresses->len; a++)
        {
          GInetAddress *address = g_ptr_array_index (host->addresses, a);
          g_autofree char *text = g_inet_address_to_string (address);

          emit_string (builder, text);
        }
      json_builder_end_array (builder);
      emit_member_string (builder, "error", host->error != NULL ? host->error->message : NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "implicit_mx");
  json_builder_add_boolean_value (builder, mx != NULL && mx->implicit);

  json_builder_set_member_name (builder, "dns_queries");
  json_builder_begin_array (builder);
  for (guint i = 0; mx != NULL && mx->queries != NULL && i < mx->queries->len; i++)
    {
      const SpDnsQuery *query = g_ptr_array_index (mx->queries, i);

      json_builder_begin_object (builder);
      emit_member_string (builder, "name", query->name);
      emit_member_string (builder, "type", query->type);
      emit_member_string (builder, "status", query->status);
      emit_member_ms (builder, "elapsed_ms", MAX (query->elapsed_usec, 0));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
emit_string_list (JsonBuilder        *builder,
                  const char         *name,
                  const char * const *items)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    emit_string (builder, items[i]);
  json_builder_end_array (builder);
}

/* "explanation": { "rule", "cause", "severity", "generic", "meaning", "code_meaning",
 * "reasons", "advice" }, or null. */
static void
emit_explanation (JsonBuilder         *builder,
                  const SpExplanation *explanation)
{
  SpExplanationSeverity severity;

  json_builder_set_member_name (builder, "explanation");
  if (explanation == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  emit_member_string (builder, "rule", sp_explanation_get_rule_id (explanation));
  /* The cause the rule names, the same for a provider's own wording. */
  emit_member_string (builder, "cause", sp_explanation_get_cause (explanation));
  severity = sp_explanation_get_severity (explanation);
  emit_member_string (builder, "severity", sp_explanation_severity_to_string (severity));
  json_builder_set_member_name (builder, "generic");
  json_builder_add_boolean_value (builder, sp_explanation_is_generic (explanation));
  emit_member_string (builder, "meaning", sp_explanation_get_meaning (explanation));
  emit_member_string (builder, "code_meaning", sp_explanation_get_code_meaning (explanation));
  emit_string_list (builder, "reasons", sp_explanation_get_reasons (explanation));
  emit_string_list (builder, "advice", sp_explanation_get_advice (explanation));
  json_builder_end_object (builder);
}

static void
emit_step (JsonBuilder               *builder,
           SpAttempt *attempt,
           SpStepRecord    *step)
{
  g_autoptr(SpExplanation) explanation = _sp_export_explain_step (attempt, step);

  json_builder_begin_object (builder);
  emit_member_string (builder, "step", sp_step_to_string (sp_step_record_get_step (step)));
  emit_member_string (builder, "command", sp_step_record_get_command (step));

  json_builder_set_member_name (builder, "code");
  if (sp_step_record_get_reply (step) != NULL)
    json_builder_add_int_value (builder, sp_reply_get_code (sp_step_record_get_reply (step)));
  else
    json_builder_add_null_value (builder);

  emit_member_string (builder, "enhanced_code",
                      sp_step_record_get_reply (step) != NULL
                        ? sp_reply_get_enhanced_code (sp_step_record_get_reply (step)) : NULL);

  json_builder_set_member_name (builder, "reply");
  json_builder_begin_array (builder);
  if (sp_step_record_get_reply (step) != NULL)
    {
      const char * const *lines = sp_reply_get_lines (sp_step_record_get_reply (step));
      guint n_lines = sp_reply_get_n_lines (sp_step_record_get_reply (step));

      for (guint i = 0; i < n_lines && lines[i] != NULL; i++)
        emit_string (builder, lines[i]);
    }
  json_builder_end_array (builder);

  emit_member_string (builder, "class", sp_reply_class_to_string (_sp_export_step_class (step)));
  emit_member_string (builder, "error",
                      sp_step_record_get_error (step) != NULL
                        ? sp_step_record_get_error (step)->message : NULL);
  emit_member_ms (builder, "elapsed_ms", sp_step_record_get_elapsed_usec (step));
  emit_explanation (builder, explanation);
  json_builder_end_object (builder);
}

static void
emit_member_date (JsonBuilder  *builder,
                  const char   *name,
                  GDateTime    *date)
{
  g_autofree char *text = _sp_export_format_utc (date);

  emit_member_string (builder, name, text);
}

/* "tls": the certificate report of an encrypted attempt, or null. */
static void
emit_tls (JsonBuilder       *builder,
          const SpTlsReport *report)
{
  g_auto(GStrv) sentences = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *impact = NULL;
  g_autoptr(SpExplanation) explanation = NULL;

  json_builder_set_member_name (builder, "tls");
  if (report == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  sentences = sp_tls_report_dup_problems (report);
  summary = sp_tls_report_dup_summary (report);
  impact = sp_diagnosis_dup_tls_delivery_impact (report);
  explanation = sp_diagnosis_explain_certificate (report);

  json_builder_begin_object (builder);
  emit_member_string (builder, "mode", _sp_enum_get_nick (SP_TYPE_TLS_MODE, report->mode));
  emit_member_string (builder, "identity", report->identity);
  emit_member_string (builder, "protocol", report->protocol);
  emit_member_string (builder, "cipher_suite", report->cipher_suite);
  json_builder_set_member_name (builder, "protocol_outdated");
  json_builder_add_boolean_value (builder, report->protocol_outdated);
  emit_member_string (builder, "subject", report->subject);
  emit_member_string (builder, "issuer", report->issuer);
  emit_string_list (builder, "dns_names", (const char * const *) report->dns_names);
  emit_string_list (builder, "ip_addresses", (const char * const *) report->ip_addresses);
  emit_member_date (builder, "not_before", report->not_before);
  emit_member_date (builder, "not_after", report->not_after);
  emit_member_string (builder, "sha256", report->sha256);
  json_builder_set_member_name (builder, "chain_length");
  json_builder_add_int_value (builder, report->chain_length);
  json_builder_set_member_name (builder, "validated");
  json_builder_add_boolean_value (builder, report->validated);
  /* Not validated, but accepted by its fingerprint for this test. */
  json_builder_set_member_name (builder, "accepted");
  json_builder_add_boolean_value (builder, report->accepted);
  emit_member_string (builder, "trust", _sp_enum_get_nick (SP_TYPE_TLS_TRUST, report->trust));
  emit_member_string (builder, "ca_file", report->ca_file);

  json_builder_set_member_name (builder, "problems");
  json_builder_begin_array (builder);
  for (guint bit = 1; bit <= SP_TLS_PROBLEM_OTHER; bit <<= 1)
    if ((report->problems & bit) != 0)
      emit_string (builder, sp_tls_problem_to_string ((SpTlsProblems) bit));
  json_builder_end_array (builder);

  emit_string_list (builder, "problem_sentences", (const char * const *) sentences);
  emit_member_string (builder, "summary", summary);
  emit_member_string (builder, "delivery_impact", impact);
  /* What the main problem means and what to do; null when it validated. */
  emit_explanation (builder, explanation);
  json_builder_end_object (builder);
}

/* "auth": the login of the attempt, or null; never the password. */
static void
emit_auth (JsonBuilder               *builder,
           SpAttempt *attempt)
{
  json_builder_set_member_name (builder, "auth");
  if (sp_attempt_get_auth_mechanism (attempt) == NULL
      && sp_attempt_get_auth_user (attempt) == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  emit_member_string (builder, "mechanism", sp_attempt_get_auth_mechanism (attempt));
  emit_member_string (builder, "user", sp_attempt_get_auth_user (attempt));
  json_builder_set_member_name (builder, "authenticated");
  json_builder_add_boolean_value (builder, sp_attempt_get_authenticated (attempt));
  json_builder_end_object (builder);
}

static void
emit_attempt (JsonBuilder *builder,
              SpAttempt   *attempt)
{
  g_autofree char *outcome = NULL;
  g_autofree char *reply = NULL;

  json_builder_begin_object (builder);
  emit_member_string (builder, "host", sp_attempt_get_host (attempt));
  emit_member_string (builder, "address", sp_attempt_get_address (attempt));
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, sp_attempt_get_port (attempt));

  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sp_attempt_get_n_steps (attempt); i++)
    emit_step (builder, attempt, sp_attempt_get_step (attempt, i));
  json_builder_end_array (builder);

  emit_member_string (builder, "result", sp_verdict_to_string (sp_attempt_get_verdict (attempt)));
  /* The row of the table of servers, in the words the result page and
   * the CLI show; "preference" is null for a server given or an implicit
   * MX. */
  json_builder_set_member_name (builder, "preference");
  if (sp_attempt_get_preference (attempt) >= 0)
    json_builder_add_int_value (builder, sp_attempt_get_preference (attempt));
  else
    json_builder_add_null_value (builder);
  emit_member_ms (builder, "elapsed_ms", sp_attempt_get_elapsed_usec (attempt));
  outcome = sp_diagnosis_dup_server_cell (attempt, SP_SERVER_COLUMN_OUTCOME);
  emit_member_string (builder, "outcome", outcome);
  reply = sp_diagnosis_dup_server_cell (attempt, SP_SERVER_COLUMN_REPLY);
  emit_member_string (builder, "deciding_reply", reply[0] != '\0' ? reply : NULL);
  emit_member_string (builder, "deciding_step",
                      sp_step_to_string (sp_attempt_get_deciding_step (attempt)));
  emit_member_string (builder, "detail", sp_attempt_get_detail (attempt));
  emit_member_string (builder, "responder",
                      sp_attempt_get_responder (attempt) != SP_RESPONDER_UNKNOWN
                        ? sp_responder_to_string (sp_attempt_get_responder (attempt))
                        : NULL);

  json_builder_set_member_name (builder, "capabilities");
  if (sp_attempt_get_capabilities (attempt) != NULL)
    {
      const char * const *keywords =
        sp_capabilities_get_keywords (sp_attempt_get_capabilities (attempt));

      json_builder_begin_array (builder);
      for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
        emit_string (builder, keywords[i]);
      json_builder_end_array (builder);
    }
  else
    {
      json_builder_add_null_value (builder);
    }

  emit_tls (builder, sp_attempt_get_tls_report (attempt));
  emit_auth (builder, attempt);

  json_builder_end_object (builder);
}

static void
emit_entry (JsonBuilder             *builder,
            const SpTranscriptEntry *entry)
{
  g_autofree char *time = _sp_export_format_iso8601 (entry->wall);

  json_builder_begin_object (builder);
  emit_member_string (builder, "time", time);
  emit_member_ms (builder, "elapsed_ms", entry->elapsed_usec);
  emit_member_string (builder, "direction", sp_direction_to_string (entry->direction));
  emit_member_string (builder, "class", sp_reply_class_to_string (entry->klass));
  emit_member_string (builder, "step", sp_step_to_string (entry->step));
  json_builder_set_member_name (builder, "attempt");
  if (entry->attempt >= 0)
    json_builder_add_int_value (builder, entry->attempt);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "is_error");
  json_builder_add_boolean_value (builder, entry->is_error);
  emit_member_string (builder, "text", entry->text);
  json_builder_end_object (builder);
}

char *
_sp_export_json (SpTranscript *transcript)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *started = _sp_export_format_iso8601 (sp_transcript_get_started (transcript));
  SpMxResult *mx = sp_transcript_get_mx_result (transcript);
  guint n_attempts = sp_transcript_get_n_attempts (transcript);
  guint n_entries = sp_transcript_get_n_entries (transcript);
  g_autoptr(SpExplanation) explanation = sp_diagnosis_explain_transcript (transcript);
  g_autofree char *headline = sp_diagnosis_dup_headline (transcript);
  g_autofree char *backup = sp_diagnosis_dup_backup_warning (transcript);
  g_autofree char *responder_note = sp_diagnosis_dup_responder_note (transcript);
  SpResponder responder = sp_diagnosis_get_responder (transcript);

  json_builder_begin_object (builder);

  emit_member_string (builder, "verdict",
                      sp_verdict_to_string (sp_transcript_get_verdict (transcript)));
  /* The verdict in one sentence, as the result page and the CLI say it. */
  emit_member_string (builder, "headline", headline);
  emit_member_string (builder, "verdict_detail", sp_transcript_get_verdict_detail (transcript));
  /* A preferred mail server failed and a backup accepted: null otherwise. */
  emit_member_string (builder, "backup_warning", backup);
  /* Who answered, by its stable id ("microsoft-365", "postfix") and in
   * words; null when nothing told. */
  emit_member_string (builder, "responder", responder != SP_RESPONDER_UNKNOWN
                                              ? sp_responder_to_string (responder)
                                              : NULL);
  emit_member_string (builder, "responder_note", responder_note);
  emit_member_string (builder, "deciding_step",
                      sp_step_to_string (sp_transcript_get_deciding_step (transcript)));
  /* What decided the test, in words: null when it was accepted. */
  emit_explanation (builder, explanation);
  /* A certificate did not validate, though the test may have passed. */
  json_builder_set_member_name (builder, "tls_problems");
  json_builder_add_boolean_value (builder, sp_transcript_has_tls_problems (transcript));
  /* With every mail server tested: some accepted and some did not. */
  json_builder_set_member_name (builder, "mixed");
  json_builder_add_boolean_value (builder, sp_transcript_get_mixed (transcript));
  emit_member_string (builder, "recipient", sp_transcript_get_recipient (transcript));
  emit_member_string (builder, "sender", sp_transcript_get_sender (transcript));
  json_builder_set_member_name (builder, "check_only");
  json_builder_add_boolean_value (builder, sp_transcript_get_check_only (transcript));
  /* A practice test against a simulated server (sp-practice.h). */
  json_builder_set_member_name (builder, "simulated");
  json_builder_add_boolean_value (builder, sp_transcript_get_simulated (transcript));
  emit_member_string (builder, "started", started);

  json_builder_set_member_name (builder, "tool");
  json_builder_begin_object (builder);
  emit_member_string (builder, "name", TOOL_NAME);
  emit_member_string (builder, "version", PACKAGE_VERSION);
  emit_member_string (builder, "id", APP_ID);
  json_builder_end_object (builder);

  emit_member_string (builder, "domain", mx != NULL ? mx->domain : NULL);
  emit_dns_servers (builder, _sp_export_describe_servers (transcript));
  emit_mx (builder, mx);

  json_builder_set_member_name (builder, "attempts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_attempts; i++)
    emit_attempt (builder, sp_transcript_get_attempt (transcript, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_entries; i++)
    emit_entry (builder, sp_transcript_get_entry (transcript, i));
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return _sp_export_json_generate (root);
}
