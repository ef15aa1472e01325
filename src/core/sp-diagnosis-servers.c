/* sp-diagnosis-servers.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The words of the table of servers a test tried, and what it means when
 * the preferred one failed: the result page, the CLI's summary and every
 * export show these, so a run with several servers reads the same
 * wherever it is looked at. */

#define G_LOG_DOMAIN "sp-diagnosis"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-diagnosis.h"

static const char * const column_labels[] = {
  /* Translators: a column heading of the table of mail servers tried: the
   * MX preference, lower numbers are tried first. */
  [SP_SERVER_COLUMN_PREFERENCE] = N_("Preference"),
  /* Translators: a column heading: the mail server's name. */
  [SP_SERVER_COLUMN_HOST] = N_("Server"),
  /* Translators: a column heading: the IP address and port connected to. */
  [SP_SERVER_COLUMN_ADDRESS] = N_("Address"),
  /* Translators: a column heading: "Accepted", "Refused", "Could not connect"… */
  [SP_SERVER_COLUMN_OUTCOME] = N_("Outcome"),
  /* Translators: a column heading: the server's reply, or the failure,
   * that decided the outcome. */
  [SP_SERVER_COLUMN_REPLY] = N_("Deciding reply"),
  /* Translators: a column heading: how long the test of this server took. */
  [SP_SERVER_COLUMN_TIME] = N_("Time"),
};

const char *
sp_server_column_get_label (SpServerColumn column)
{
  g_return_val_if_fail ((guint) column < SP_N_SERVER_COLUMNS, "");

  return _(column_labels[column]);
}

/* The reply of the deciding step, or the failure on this side. */
static char *
dup_deciding_reply (SpAttempt *attempt)
{
  SpReply *reply = sp_attempt_get_deciding_reply (attempt);
  SpStep deciding = sp_attempt_get_deciding_step (attempt);
  guint n;

  /* Whole, as the server wrote it: a table cell ends no sentence. */
  if (reply != NULL)
    return sp_reply_dup_one_line (reply);

  n = sp_attempt_get_n_steps (attempt);
  for (guint i = n; i > 0; i--)
    {
      SpStepRecord *step = sp_attempt_get_step (attempt, i - 1);
      const GError *error = sp_step_record_get_error (step);

      if (error != NULL && sp_step_record_get_step (step) == deciding)
        return g_strdup (error->message);
    }

  return g_strdup ("");
}

/* "0.21 s", "12 s", without the locale's decimal comma: a table that is
 * compared across tickets. */
static char *
dup_time (SpAttempt *attempt)
{
  gint64 usec = sp_attempt_get_elapsed_usec (attempt);
  g_autofree char *number = NULL;

  if (usec < 0)
    return g_strdup ("");

  if (usec < 10 * G_USEC_PER_SEC)
    number = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", usec / G_USEC_PER_SEC,
                              (int) (usec % G_USEC_PER_SEC / 10000));
  else
    number = g_strdup_printf ("%" G_GINT64_FORMAT, (usec + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC);

  /* Translators: a duration in seconds, such as “0.21 s” */
  return g_strdup_printf (_("%s s"), number);
}

static const char *
dup_outcome (SpAttempt *attempt)
{
  switch (sp_attempt_get_state (attempt))
    {
    case SP_ATTEMPT_STATE_WAITING:
      /* Translators: the outcome column of the table of mail servers, for a server not tried
       * yet. */
      return _("Waiting");
    case SP_ATTEMPT_STATE_RUNNING:
      /* Translators: the outcome of a mail server being tested now */
      return _("Testing…");
    case SP_ATTEMPT_STATE_DONE:
    default:
      return sp_verdict_get_label (sp_attempt_get_verdict (attempt));
    }
}

char *
sp_diagnosis_dup_server_cell (SpAttempt      *attempt,
                              SpServerColumn  column)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (SP_IS_ATTEMPT (attempt), NULL);

  switch (column)
    {
    case SP_SERVER_COLUMN_PREFERENCE:
      if (sp_attempt_get_preference (attempt) < 0)
        /* Translators: no MX preference: a server given, or a domain
         * without MX records */
        return g_strdup (C_("MX preference", "—"));
      return g_strdup_printf ("%d", sp_attempt_get_preference (attempt));

    case SP_SERVER_COLUMN_HOST:
      text = g_strdup (sp_attempt_get_host (attempt));
      break;

    case SP_SERVER_COLUMN_ADDRESS:
      /* Translators: an IP address and a port, “192.0.2.1 port 25”; the port is a number, not a
       * count. */
      return g_strdup_printf (_("%s port %u"), sp_attempt_get_address (attempt),
                              sp_attempt_get_port (attempt));

    case SP_SERVER_COLUMN_OUTCOME:
      return g_strdup (dup_outcome (attempt));

    case SP_SERVER_COLUMN_REPLY:
      text = dup_deciding_reply (attempt);
      break;

    case SP_SERVER_COLUMN_TIME:
      return dup_time (attempt);

    case SP_N_SERVER_COLUMNS:
    default:
      g_return_val_if_reached (g_strdup (""));
    }

  /* Names from DNS and replies from servers are as untrusted as any
   * server text. */
  return sp_transcript_escape_text (text, -1);
}

SpTone
sp_diagnosis_get_attempt_tone (SpAttempt *attempt)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (attempt), SP_TONE_NEUTRAL);

  if (sp_attempt_get_state (attempt) != SP_ATTEMPT_STATE_DONE)
    return SP_TONE_NEUTRAL;

  return sp_diagnosis_get_tone (sp_attempt_get_verdict (attempt));
}

static gboolean
attempt_failed (SpAttempt *attempt)
{
  SpVerdict verdict = sp_attempt_get_verdict (attempt);

  return sp_attempt_get_state (attempt) == SP_ATTEMPT_STATE_DONE &&
         verdict != SP_VERDICT_ACCEPTED && verdict != SP_VERDICT_CANCELLED &&
         verdict != SP_VERDICT_NONE;
}

char *
sp_diagnosis_dup_backup_warning (SpTranscript *transcript)
{
  SpAttempt *accepted = NULL;
  SpAttempt *failed = NULL;
  g_autofree char *failed_host = NULL;
  g_autofree char *backup_host = NULL;
  guint n;

  g_return_val_if_fail (SP_IS_TRANSCRIPT (transcript), NULL);

  /* The most preferred server that accepted, and a server preferred over
   * it that failed: a sending server tries that one first, and only then
   * the backup. */
  n = sp_transcript_get_n_attempts (transcript);
  for (guint i = 0; i < n; i++)
    {
      SpAttempt *attempt = sp_transcript_get_attempt (transcript, i);

      if (sp_attempt_get_verdict (attempt) == SP_VERDICT_ACCEPTED &&
          sp_attempt_get_preference (attempt) >= 0 &&
          (accepted == NULL ||
           sp_attempt_get_preference (attempt) < sp_attempt_get_preference (accepted)))
        accepted = attempt;
    }

  if (accepted == NULL)
    return NULL;

  for (guint i = 0; i < n && failed == NULL; i++)
    {
      SpAttempt *attempt = sp_transcript_get_attempt (transcript, i);

      if (attempt_failed (attempt) && sp_attempt_get_preference (attempt) >= 0 &&
          sp_attempt_get_preference (attempt) < sp_attempt_get_preference (accepted))
        failed = attempt;
    }

  if (failed == NULL)
    return NULL;

  failed_host = sp_transcript_escape_text (sp_attempt_get_host (failed), -1);
  backup_host = sp_transcript_escape_text (sp_attempt_get_host (accepted), -1);

  /* Translators: the first %s is the preferred mail server's name, %d its MX preference (not a
   * count), the second %s the backup's name and %d its preference; the last %s is the preferred
   * server's name again. */
  return g_strdup_printf (_("The preferred mail server %s (preference %d) failed, and the backup "
                            "%s (preference %d) accepted. Sending servers try the preferred "
                            "one first and then the backup, so mail arrives late, and only if "
                            "the backup can pass it on. Fix %s first."),
                          failed_host, sp_attempt_get_preference (failed), backup_host,
                          sp_attempt_get_preference (accepted), failed_host);
}
