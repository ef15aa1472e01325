/* sp-export-text.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-export"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-export-private.h"

/* Text */

/* Explanations line up under the text of the log line they belong to:
 * "12:00:00.123  +0.010s  S: " is 27 characters wide. */
#define EXPLANATION_INDENT "                           "
#define TEXT_WIDTH         100

static void
text_field (GString    *out,
            const char *label,
            const char *value)
{
  glong width = g_utf8_strlen (label, -1);
  g_autofree char *value_safe = _sp_export_safe (value);

  g_string_append (out, label);
  for (glong i = width; i < 14; i++)
    g_string_append_c (out, ' ');
  g_string_append_c (out, ' ');
  g_string_append (out, value_safe);
  g_string_append_c (out, '\n');
}

static void
text_entry (GString                 *out,
            const SpTranscriptEntry *entry)
{
  g_autofree char *clock = _sp_export_format_clock (entry->wall);
  g_autofree char *elapsed = _sp_export_format_elapsed (entry->elapsed_usec);

  g_string_append_printf (out, "%s  %8s  %s %s", clock, elapsed,
                          sp_transcript_entry_get_marker (entry), entry->text);

  if (entry->direction == SP_DIRECTION_SERVER)
    g_string_append_printf (out, "  [%s]", _sp_export_class_label (entry->klass));

  g_string_append_c (out, '\n');
}

static void
text_explanation (GString             *out,
                  const SpExplanation *explanation,
                  const char          *indent)
{
  g_autofree char *text = sp_explanation_format_text (explanation, indent, TEXT_WIDTH,
                                                      NULL, NULL);

  g_string_append (out, text);
}

/* The log line a step's explanation goes under: the last server line or
 * problem note of that step, or -1. */
static int
find_step_entry (SpTranscript           *transcript,
                 guint                   attempt_index,
                 SpStepRecord *step)
{
  guint n_entries = sp_transcript_get_n_entries (transcript);
  gint64 elapsed = sp_step_record_get_elapsed_usec (step);
  gint64 end = elapsed >= 0 ? sp_step_record_get_started_usec (step) + elapsed : G_MAXINT64;
  int found = -1;

  for (guint i = 0; i < n_entries; i++)
    {
      const SpTranscriptEntry *entry = sp_transcript_get_entry (transcript, i);

      if (entry->attempt != (int) attempt_index || entry->step != sp_step_record_get_step (step))
        continue;
      if (entry->direction != SP_DIRECTION_SERVER && !entry->is_error)
        continue;
      if (entry->mono_usec < sp_step_record_get_started_usec (step) || entry->mono_usec > end)
        continue;
      found = i;
    }

  return found;
}

/* Sorts each explanation either under its log line (@by_entry: entry
 * index to a GPtrArray of explanations) or, when the log has no line for
 * it, under its attempt's result (@unplaced, one GPtrArray per attempt).
 * The step that decided the test (@deciding, may be NULL) is explained
 * once, with the verdict at the end: its log line only points there
 * (@referred_entry, -1 for none). */
static void
place_explanations (SpTranscript *transcript,
                    SpStepRecord *deciding,
                    GHashTable   *by_entry,
                    GPtrArray    *unplaced,
                    int          *referred_entry)
{
  *referred_entry = -1;

  guint n_attempts = sp_transcript_get_n_attempts (transcript);

  for (guint a = 0; a < n_attempts; a++)
    {
      SpAttempt *attempt = sp_transcript_get_attempt (transcript, a);
      GPtrArray *leftover = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_explanation_unref);

      for (guint s = 0; s < sp_attempt_get_n_steps (attempt); s++)
        {
          SpStepRecord *step = sp_attempt_get_step (attempt, s);
          SpExplanation *explanation;
          GPtrArray *list;
          int entry;

          if (step == deciding)
            {
              *referred_entry = find_step_entry (transcript, a, step);
              continue;
            }

          explanation = _sp_export_explain_step (attempt, step);
          if (explanation == NULL)
            continue;

          entry = find_step_entry (transcript, a, step);
          if (entry < 0)
            {
              g_ptr_array_add (leftover, explanation);
              continue;
            }

          list = g_hash_table_lookup (by_entry, GINT_TO_POINTER (entry));
          if (list == NULL)
            {
              list = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_explanation_unref);
              g_hash_table_insert (by_entry, GINT_TO_POINTER (entry), list);
            }
          g_ptr_array_add (list, explanation);
        }

      g_ptr_array_add (unplaced, leftover);
    }
}

/* What the log says under the line of entry @index. */
static void
text_explanations (GString    *out,
                   GHashTable *by_entry,
                   int         referred_entry,
                   guint       index)
{
  GPtrArray *explanations = g_hash_table_lookup (by_entry, GINT_TO_POINTER (index));

  for (guint i = 0; explanations != NULL && i < explanations->len; i++)
    text_explanation (out, g_ptr_array_index (explanations, i), EXPLANATION_INDENT);

  if (referred_entry >= 0 && (guint) referred_entry == index)
    g_string_append_printf (out, "%s%s\n", EXPLANATION_INDENT,
                            _("This reply decided the test: what it means and what to try "
                              "follow the verdict at the end."));
}

static void
text_attempt_heading (GString                   *out,
                      SpAttempt *attempt,
                      guint                      index)
{
  g_autofree char *title = _sp_export_format_attempt_title (attempt, index);

  g_string_append_printf (out, "\n%s\n", title);
}

/* The certificate report of an encrypted attempt, as the log has it, and
 * what a certificate that did not validate means for delivery. */
static void
text_tls (GString           *out,
          const SpTlsReport *report)
{
  g_autofree char *heading = _sp_export_format_tls_heading (report);
  g_auto(GStrv) lines = sp_tls_report_format (report);
  g_autoptr(SpExplanation) explanation = sp_diagnosis_explain_certificate (report);

  g_string_append_printf (out, "\n%s:\n", heading);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = _sp_export_safe (lines[i]);

      g_string_append_printf (out, "  %s\n", line);
    }

  if (explanation != NULL)
    text_explanation (out, explanation, "  ");
}

/* @alone: the only attempt, whose result is the verdict at the end. */
static void
text_attempt_result (GString                   *out,
                     SpAttempt *attempt,
                     GPtrArray                 *unplaced,
                     gboolean                   alone)
{
  g_autofree char *detail = _sp_export_safe (sp_attempt_get_detail (attempt));
  g_autofree char *auth = _sp_export_format_auth (attempt);

  if (unplaced != NULL)
    for (guint i = 0; i < unplaced->len; i++)
      text_explanation (out, g_ptr_array_index (unplaced, i), "  ");

  if (sp_attempt_get_tls_report (attempt) != NULL)
    text_tls (out, sp_attempt_get_tls_report (attempt));
  if (auth != NULL)
    g_string_append_printf (out, "%s\n", auth);

  if (sp_attempt_get_verdict (attempt) == SP_VERDICT_NONE || alone)
    return;

  if (sp_attempt_get_deciding_step (attempt) != SP_STEP_NONE)
    /* Translators: "Result: Refused, at the step “Recipient (RCPT TO)”" */
    g_string_append_printf (out, _("Result: %s, at the step “%s”"),
                            sp_verdict_get_label (sp_attempt_get_verdict (attempt)),
                            sp_step_get_label (sp_attempt_get_deciding_step (attempt)));
  else
    g_string_append_printf (out, _("Result: %s"),
                            sp_verdict_get_label (sp_attempt_get_verdict (attempt)));
  g_string_append_c (out, '\n');

  if (sp_attempt_get_detail (attempt) != NULL)
    g_string_append_printf (out, "%s\n", detail);
}

/* One attempt: its heading, its own lines with their explanations, and
 * its result. */
static void
text_attempt_block (GString      *out,
                    SpTranscript *transcript,
                    guint         index,
                    GHashTable   *by_entry,
                    int           referred_entry,
                    GPtrArray    *unplaced)
{
  SpAttempt *attempt = sp_transcript_get_attempt (transcript, index);

  text_attempt_heading (out, attempt, index);
  for (guint j = 0; j < sp_attempt_get_n_entries (attempt); j++)
    {
      const SpTranscriptEntry *entry = sp_attempt_get_entry (attempt, j);

      text_entry (out, entry);
      text_explanations (out, by_entry, referred_entry, entry->index);
    }
  text_attempt_result (out, attempt, g_ptr_array_index (unplaced, index),
                       sp_transcript_get_n_attempts (transcript) == 1);
}

char *
_sp_export_text (SpTranscript *transcript)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *started = _sp_export_format_date (sp_transcript_get_started (transcript));
  SpMxResult *mx = sp_transcript_get_mx_result (transcript);
  guint n_entries = sp_transcript_get_n_entries (transcript);
  guint n_attempts = sp_transcript_get_n_attempts (transcript);
  SpVerdict verdict = sp_transcript_get_verdict (transcript);
  SpStep deciding = sp_transcript_get_deciding_step (transcript);
  const char *detail = sp_transcript_get_verdict_detail (transcript);
  g_autoptr(GHashTable) by_entry = NULL;
  g_autoptr(GPtrArray) unplaced = NULL;
  g_autoptr(SpExplanation) verdict_explanation = NULL;
  g_autofree char *headline = sp_diagnosis_dup_headline (transcript);
  g_autofree char *headline_safe = _sp_export_safe (headline);
  g_autofree char *warning = sp_diagnosis_dup_certificate_warning (transcript);
  g_autofree char *backup = sp_diagnosis_dup_backup_warning (transcript);
  g_autofree char *responder = sp_diagnosis_dup_responder_note (transcript);
  g_autofree char *table = sp_export_format_server_table (transcript, "  ");
  SpStepRecord *deciding_record = NULL;
  int referred_entry;
  gboolean after_block = FALSE;
  int shown = -1;

  by_entry = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  unplaced = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  /* The summary a ticket needs: what decided the test, and what to do. */
  verdict_explanation = sp_diagnosis_explain_transcript (transcript);
  if (verdict_explanation != NULL)
    deciding_record = sp_diagnosis_find_deciding_step (transcript, NULL);
  place_explanations (transcript, deciding_record, by_entry, unplaced, &referred_entry);

  /* Translators: the first is the app's name, the second its version */
  g_string_append_printf (out, _("%s %s: mail delivery test"), TOOL_NAME, PACKAGE_VERSION);
  g_string_append (out, "\n\n");
  if (_sp_export_describe_simulated (transcript) != NULL)
    g_string_append_printf (out, "%s\n\n", _sp_export_describe_simulated (transcript));

  /* Commands typed by hand may have none. */
  if (sp_transcript_get_recipient (transcript) != NULL &&
      *sp_transcript_get_recipient (transcript) != '\0')
    /* Translators: field labels at the top of the text report; keep the colon. */
    text_field (out, _("Recipient:"), sp_transcript_get_recipient (transcript));
  text_field (out, _("Sender:"), _sp_export_describe_sender (transcript));
  text_field (out, _("Started:"), started);
  text_field (out, _("DNS servers:"), _sp_export_describe_resolver (transcript));
  text_field (out, _("Mode:"), _sp_export_describe_mode (transcript));

  if (mx != NULL)
    {
      g_autofree char *domain = _sp_export_safe (mx->domain);

      g_string_append_c (out, '\n');
      g_string_append_printf (out, _("Mail servers (MX) for %s:"), domain);
      g_string_append_c (out, '\n');

      if (mx->implicit)
        g_string_append_printf (out, "  %s\n",
                                _("The domain has no MX record, so mail goes to the domain’s own "
                                  "address (implicit MX)."));
      if (mx->hosts == NULL || mx->hosts->len == 0)
        g_string_append_printf (out, "  %s\n", _("No mail servers were found."));

      for (guint i = 0; mx->hosts != NULL && i < mx->hosts->len; i++)
        {
          const SpMxHost *host = g_ptr_array_index (mx->hosts, i);
          g_autofree char *name = _sp_export_safe (host->host);
          g_autofree char *addresses = _sp_export_join_addresses (host);

          g_string_append_printf (out, "  %5u  %s  ", host->preference, name);
          if (addresses[0] != '\0')
            g_string_append (out, addresses);
          else if (host->error != NULL)
            {
              g_autofree char *message = _sp_export_safe (host->error->message);

              g_string_append_printf (out, _("(no addresses: %s)"), message);
            }
          else
            /* Translators: in the text report, after a mail server that has no IP address. */
            g_string_append (out, _("(no addresses)"));
          g_string_append_c (out, '\n');
        }

      if (mx->queries != NULL && mx->queries->len > 0)
        {
          g_string_append_c (out, '\n');
          g_string_append (out, _("DNS queries:"));
          g_string_append_c (out, '\n');

          for (guint i = 0; i < mx->queries->len; i++)
            {
              const SpDnsQuery *query = g_ptr_array_index (mx->queries, i);
              g_autofree char *name = _sp_export_safe (query->name);
              g_autofree char *type = _sp_export_safe (query->type);
              g_autofree char *status = _sp_export_safe (query->status);
              g_autofree char *elapsed = _sp_export_format_ms (query->elapsed_usec);

              g_string_append_printf (out, "  %-5s %-32s %-9s %s\n", type, name, status, elapsed);
            }
        }
    }

  g_string_append_c (out, '\n');
  g_string_append (out, sp_transcript_describe_markers ());
  g_string_append_c (out, '\n');

  /* The test's own notes in time order, and each attempt's lines as one
   * block where its first line falls: attempts that ran at once do not
   * interleave. */
  for (guint i = 0; i < n_entries; i++)
    {
      const SpTranscriptEntry *entry = sp_transcript_get_entry (transcript, i);

      if (entry->attempt < 0 || (guint) entry->attempt >= n_attempts)
        {
          if (after_block)
            g_string_append_c (out, '\n');
          after_block = FALSE;
          text_entry (out, entry);
          text_explanations (out, by_entry, referred_entry, i);
          continue;
        }

      /* Attempts that logged nothing still get their block. */
      for (int a = shown + 1; a <= entry->attempt; a++)
        text_attempt_block (out, transcript, a, by_entry, referred_entry, unplaced);
      shown = MAX (shown, entry->attempt);
      after_block = TRUE;
    }

  for (guint a = shown + 1; a < n_attempts; a++)
    text_attempt_block (out, transcript, a, by_entry, referred_entry, unplaced);

  g_string_append_c (out, '\n');
  g_string_append_printf (out, _("Verdict: %s"), sp_verdict_get_label (verdict));
  g_string_append_c (out, '\n');
  if (deciding != SP_STEP_NONE)
    {
      g_string_append_printf (out, _("Decided at: %s"), sp_step_get_label (deciding));
      g_string_append_c (out, '\n');
    }
  /* The verdict in one sentence, as the result page and the CLI say it. */
  g_string_append_printf (out, "%s\n", headline_safe);
  if (detail != NULL)
    {
      g_autofree char *detail_safe = _sp_export_safe (detail);

      g_string_append_printf (out, "%s\n", detail_safe);
    }
  if (backup != NULL)
    g_string_append_printf (out, "%s\n", backup);
  if (warning != NULL)
    g_string_append_printf (out, "%s\n", warning);
  if (responder != NULL)
    g_string_append_printf (out, "%s\n", responder);

  /* Every server's outcome, when there was more than one. */
  if (n_attempts > 1)
    {
      g_string_append_c (out, '\n');
      g_string_append (out, _("Mail servers tried:"));
      g_string_append_c (out, '\n');
      g_string_append (out, table);
    }

  if (verdict_explanation != NULL)
    {
      g_string_append_c (out, '\n');
      text_explanation (out, verdict_explanation, "");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
