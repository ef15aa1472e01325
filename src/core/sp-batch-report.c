/* sp-batch-report.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-batch"

#include "config.h"

#include <string.h>

#include <gio/gunixoutputstream.h>
#include <json-glib/json-glib.h>

#include "sp-batch.h"
#include "sp-export-private.h"

/* The summaries of a batch: a row per target as it is reported, so that
 * nothing of a long list is held, then the totals. Text is what the CLI
 * prints; CSV (RFC 4180) and JSON carry stable ids next to the words. */

struct _SpBatchReport
{
  SpBatchFormat  format;
  GOutputStream *stream;
  SpExportSave  *save;     /* a file, replaced once the report is finished */
  guint64        n_rows;
};

/* The columns of the CSV file, in order; the JSON members have the same
 * names. */
static const char * const csv_columns[] = {
  "line", "target", "kind", "recipient", "outcome", "mixed", "deciding_step",
  "deciding_reply", "cause", "headline", "time_ms",
};

gboolean
sp_batch_format_from_filename (const char    *filename,
                               SpBatchFormat *format)
{
  static const char * const extensions[] = { ".txt", ".log", ".csv", ".json", NULL };
  static const SpBatchFormat formats[] = {
    SP_BATCH_FORMAT_TEXT, SP_BATCH_FORMAT_TEXT, SP_BATCH_FORMAT_CSV, SP_BATCH_FORMAT_JSON,
  };
  int found = _sp_export_find_extension (filename, extensions);

  if (found < 0)
    return FALSE;
  if (format != NULL)
    *format = formats[found];

  return TRUE;
}

const char *
sp_batch_result_get_outcome_id (const SpBatchResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  if (sp_batch_result_get_kind (result) == SP_BATCH_TARGET_INVALID)
    return "bad-line";

  return sp_verdict_to_string (sp_batch_result_get_verdict (result));
}

static const char *
kind_to_string (SpBatchTargetKind kind)
{
  switch (kind)
    {
    case SP_BATCH_TARGET_ADDRESS: return "address";
    case SP_BATCH_TARGET_DOMAIN:  return "domain";
    case SP_BATCH_TARGET_SERVER:  return "server";
    case SP_BATCH_TARGET_INVALID:
    default:                      return "bad-line";
    }
}

static const char *
outcome_label (const SpBatchResult *result)
{
  return sp_diagnosis_get_batch_outcome (sp_batch_result_get_kind (result),
                                         sp_batch_result_get_verdict (result));
}

/* Text */

static void
append_padded (GString    *out,
               const char *text,
               guint       width)
{
  glong len = g_utf8_strlen (text, -1);

  g_string_append (out, text);
  for (glong i = len; i < (glong) width; i++)
    g_string_append_c (out, ' ');
}

char *
sp_batch_format_text_row (const SpBatchResult *result,
                          guint                width,
                          const char          *outcome_start,
                          const char          *outcome_end)
{
  GString *out = g_string_new (NULL);
  const char *reply = sp_batch_result_get_reply (result);

  append_padded (out, sp_batch_result_get_target (result), width);
  g_string_append (out, "  ");
  g_string_append (out, outcome_start != NULL ? outcome_start : "");
  g_string_append (out, outcome_label (result));
  g_string_append (out, outcome_end != NULL ? outcome_end : "");
  if (*reply != '\0')
    g_string_append_printf (out, "  %s", reply);
  g_string_append_printf (out, "  %s", sp_batch_result_get_headline (result));

  return g_string_free (out, FALSE);
}

char *
sp_batch_format_text_totals (const SpBatchTally *tally,
                             const char         *indent)
{
  g_autofree char *summary = sp_diagnosis_dup_batch_summary (tally);
  GString *out = g_string_new (NULL);
  guint width = 0;

  /* The labels line up: the longest of those with a count sets the width. */
  for (guint v = 0; v < G_N_ELEMENTS (tally->by_verdict); v++)
    if (tally->by_verdict[v] > 0)
      width = MAX (width, g_utf8_strlen (sp_verdict_get_label (v), -1));
  if (tally->n_invalid > 0)
    width = MAX (width, g_utf8_strlen (sp_diagnosis_get_batch_outcome (SP_BATCH_TARGET_INVALID,
                                                                       SP_VERDICT_NONE), -1));

  g_string_append_printf (out, "%s%s\n", indent, summary);
  for (guint v = 0; v < G_N_ELEMENTS (tally->by_verdict); v++)
    {
      if (tally->by_verdict[v] == 0)
        continue;
      g_string_append_printf (out, "%s  ", indent);
      append_padded (out, sp_verdict_get_label (v), width);
      g_string_append_printf (out, "  %" G_GUINT64_FORMAT "\n", tally->by_verdict[v]);
    }
  if (tally->n_invalid > 0)
    {
      g_string_append_printf (out, "%s  ", indent);
      append_padded (out, sp_diagnosis_get_batch_outcome (SP_BATCH_TARGET_INVALID,
                                                          SP_VERDICT_NONE), width);
      g_string_append_printf (out, "  %" G_GUINT64_FORMAT "\n", tally->n_invalid);
    }

  return g_string_free (out, FALSE);
}

/* CSV (RFC 4180): every field quoted, quotes doubled, so that commas and
 * line breaks in a reply cannot shift the columns. */

static void
append_csv_field (GString    *out,
                  const char *text,
                  gboolean    last)
{
  g_string_append_c (out, '"');
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append (out, last ? "\"\r\n" : "\",");
}

static char *
format_csv_row (const SpBatchResult *result)
{
  GString *out = g_string_new (NULL);
  g_autofree char *line = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                           sp_batch_result_get_line (result));
  g_autofree char *time_ms = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              sp_batch_result_get_elapsed_usec (result) / 1000);
  gboolean invalid = sp_batch_result_get_kind (result) == SP_BATCH_TARGET_INVALID;
  const char *fields[G_N_ELEMENTS (csv_columns)] = {
    line,
    sp_batch_result_get_target (result),
    kind_to_string (sp_batch_result_get_kind (result)),
    sp_batch_result_get_recipient (result),
    sp_batch_result_get_outcome_id (result),
    sp_batch_result_get_mixed (result) ? "true" : "false",
    invalid ? "" : sp_step_to_string (sp_batch_result_get_deciding_step (result)),
    sp_batch_result_get_reply (result),
    sp_batch_result_get_cause (result),
    sp_batch_result_get_headline (result),
    time_ms,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    append_csv_field (out, fields[i], i + 1 == G_N_ELEMENTS (fields));

  return g_string_free (out, FALSE);
}

/* JSON: the document is written a row at a time; each row and the totals
 * are made with json-glib. */

static JsonNode *
json_row (const SpBatchResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean invalid = sp_batch_result_get_kind (result) == SP_BATCH_TARGET_INVALID;
  const char *cause = sp_batch_result_get_cause (result);
  const char *reply = sp_batch_result_get_reply (result);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "line");
  json_builder_add_int_value (builder, sp_batch_result_get_line (result));
  json_builder_set_member_name (builder, "target");
  json_builder_add_value (builder,
                          _sp_export_json_string_node (sp_batch_result_get_target (result)));
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind_to_string (sp_batch_result_get_kind (result)));
  json_builder_set_member_name (builder, "recipient");
  json_builder_add_value (builder,
                          _sp_export_json_string_node (sp_batch_result_get_recipient (result)));
  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder, sp_batch_result_get_outcome_id (result));
  json_builder_set_member_name (builder, "outcome_label");
  json_builder_add_string_value (builder, outcome_label (result));
  json_builder_set_member_name (builder, "mixed");
  json_builder_add_boolean_value (builder, sp_batch_result_get_mixed (result));
  json_builder_set_member_name (builder, "deciding_step");
  json_builder_add_value (builder, _sp_export_json_string_node (
    invalid ? NULL : sp_step_to_string (sp_batch_result_get_deciding_step (result))));
  json_builder_set_member_name (builder, "deciding_reply");
  json_builder_add_value (builder, _sp_export_json_string_node (*reply != '\0' ? reply : NULL));
  json_builder_set_member_name (builder, "cause");
  json_builder_add_value (builder, _sp_export_json_string_node (cause));
  json_builder_set_member_name (builder, "headline");
  json_builder_add_value (builder,
                          _sp_export_json_string_node (sp_batch_result_get_headline (result)));
  json_builder_set_member_name (builder, "time_ms");
  json_builder_add_int_value (builder, sp_batch_result_get_elapsed_usec (result) / 1000);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
json_totals (const SpBatchTally *tally)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *summary = sp_diagnosis_dup_batch_summary (tally);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "targets");
  json_builder_add_int_value (builder, tally->n_targets);
  json_builder_set_member_name (builder, "accepted");
  json_builder_add_int_value (builder, tally->n_accepted);
  json_builder_set_member_name (builder, "bad_lines");
  json_builder_add_int_value (builder, tally->n_invalid);
  json_builder_set_member_name (builder, "mixed");
  json_builder_add_int_value (builder, tally->n_mixed);
  json_builder_set_member_name (builder, "outcomes");
  json_builder_begin_object (builder);
  for (guint v = 0; v < G_N_ELEMENTS (tally->by_verdict); v++)
    if (tally->by_verdict[v] > 0)
      {
        json_builder_set_member_name (builder, sp_verdict_to_string (v));
        json_builder_add_int_value (builder, tally->by_verdict[v]);
      }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "time_ms");
  json_builder_add_int_value (builder, tally->elapsed_usec / 1000);
  json_builder_set_member_name (builder, "summary");
  json_builder_add_string_value (builder, summary);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
json_tool (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, TOOL_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, APP_ID);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* A node as the exports write it, without the final line break, so that
 * it fits inside the document being written. */
static char *
json_text (JsonNode *node)
{
  char *text = _sp_export_json_generate (node);

  return g_strchomp (text);
}

/* The report */

SpBatchReport *
sp_batch_report_new (SpBatchFormat  format,
                     GOutputStream *stream)
{
  SpBatchReport *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_new0 (SpBatchReport, 1);
  self->format = format;
  self->stream = g_object_ref (stream);

  return self;
}

SpBatchReport *
sp_batch_report_new_for_path (SpBatchFormat   format,
                              const char     *path,
                              GError        **error)
{
  g_autoptr(SpExportSave) save = NULL;
  g_autoptr(GOutputStream) file = NULL;
  g_autoptr(GOutputStream) buffered = NULL;
  SpBatchReport *self;

  g_return_val_if_fail (path != NULL, NULL);

  save = _sp_export_save_begin (path, error);
  if (save == NULL)
    return NULL;

  /* The save owns the descriptor; a row costs no write of its own. */
  file = g_unix_output_stream_new (_sp_export_save_get_fd (save), FALSE);
  buffered = g_buffered_output_stream_new (file);
  self = sp_batch_report_new (format, buffered);
  self->save = g_steal_pointer (&save);

  return self;
}

static gboolean
write_text (SpBatchReport  *self,
            const char     *text,
            GError        **error)
{
  return g_output_stream_write_all (self->stream, text, strlen (text), NULL, NULL, error);
}

/* What goes before the first row: the CSV heading, the JSON opening. */
static char *
format_start (SpBatchReport *self)
{
  if (self->format == SP_BATCH_FORMAT_CSV)
    {
      GString *out = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (csv_columns); i++)
        append_csv_field (out, csv_columns[i], i + 1 == G_N_ELEMENTS (csv_columns));
      return g_string_free (out, FALSE);
    }
  if (self->format == SP_BATCH_FORMAT_JSON)
    {
      g_autoptr(JsonNode) tool = json_tool ();
      g_autofree char *text = json_text (tool);

      return g_strdup_printf ("{\n\"tool\": %s,\n\"targets\": [\n", text);
    }

  return g_strdup ("");
}

gboolean
sp_batch_report_add (SpBatchReport        *self,
                     const SpBatchResult  *result,
                     GError              **error)
{
  g_autofree char *start = NULL;
  g_autofree char *row = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  if (self->n_rows == 0)
    start = format_start (self);
  else
    start = g_strdup (self->format == SP_BATCH_FORMAT_JSON ? ",\n" : "");

  switch (self->format)
    {
    case SP_BATCH_FORMAT_CSV:
      row = format_csv_row (result);
      break;

    case SP_BATCH_FORMAT_JSON:
      {
        g_autoptr(JsonNode) node = json_row (result);

        row = json_text (node);
      }
      break;

    case SP_BATCH_FORMAT_TEXT:
    default:
      {
        g_autofree char *text = sp_batch_format_text_row (result, 0, NULL, NULL);

        row = g_strconcat (text, "\n", NULL);
      }
      break;
    }

  self->n_rows++;

  return write_text (self, start, error) && write_text (self, row, error);
}

gboolean
sp_batch_report_finish (SpBatchReport       *self,
                        const SpBatchTally  *tally,
                        GError             **error)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (tally != NULL, FALSE);

  start = self->n_rows == 0 ? format_start (self) : g_strdup ("");
  switch (self->format)
    {
    case SP_BATCH_FORMAT_CSV:
      end = g_strdup ("");
      break;

    case SP_BATCH_FORMAT_JSON:
      {
        g_autoptr(JsonNode) totals = json_totals (tally);
        g_autofree char *text = json_text (totals);

        end = g_strdup_printf ("%s],\n\"summary\": %s\n}\n", self->n_rows > 0 ? "\n" : "",
                               text);
      }
      break;

    case SP_BATCH_FORMAT_TEXT:
    default:
      {
        g_autofree char *totals = sp_batch_format_text_totals (tally, "");

        end = g_strconcat ("\n", totals, NULL);
      }
      break;
    }

  if (!write_text (self, start, error) || !write_text (self, end, error) ||
      !g_output_stream_close (self->stream, NULL, error))
    return FALSE;

  return self->save == NULL || _sp_export_save_commit (self->save, error);
}

void
sp_batch_report_free (SpBatchReport *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->stream);
  g_clear_pointer (&self->save, _sp_export_save_free);
  g_free (self);
}
