/* sp-export-common.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* What the three formats share. Only the format files call these, and
 * nothing here calls a format or sp-export.c: the calls go one way. */

#define G_LOG_DOMAIN "sp-export"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-export-private.h"

const char *
_sp_export_class_label (SpReplyClass klass)
{
  const char *label = sp_reply_class_get_label (klass);

  return label != NULL ? label : sp_reply_class_to_string (klass);
}

SpReplyClass
_sp_export_step_class (SpStepRecord *step)
{
  if (sp_step_record_get_reply (step) == NULL)
    return SP_REPLY_CLASS_LOCAL;

  return sp_reply_get_class (sp_step_record_get_reply (step));
}

char *
_sp_export_format_clock (GDateTime *wall)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (wall);
  g_autofree char *hms = g_date_time_format (local, "%H:%M:%S");

  return g_strdup_printf ("%s.%03d", hms, g_date_time_get_microsecond (local) / 1000);
}

char *
_sp_export_format_date (GDateTime *wall)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (wall);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S %:z");
}

/* RFC 3339 with the local offset spelt out ("+01:00"): the "+01" that
 * g_date_time_format_iso8601() writes trips up many readers. */
char *
_sp_export_format_iso8601 (GDateTime *wall)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (wall);
  g_autofree char *date = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *offset = g_date_time_format (local, "%:z");

  return g_strdup_printf ("%s.%06d%s", date, g_date_time_get_microsecond (local), offset);
}

/* "+1.234s", without the locale's decimal comma, so logs line up. */
char *
_sp_export_format_elapsed (gint64 usec)
{
  gint64 ms = MAX (usec, 0) / 1000;

  return g_strdup_printf ("+%" G_GINT64_FORMAT ".%03ds", ms / 1000, (int) (ms % 1000));
}

/* "12.3 ms", again without the locale's decimal comma. */
char *
_sp_export_format_ms (gint64 usec)
{
  gint64 tenths = (MAX (usec, 0) + 50) / 100;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT ".%d",
                                             tenths / 10, (int) (tenths % 10));

  /* Translators: a duration, such as “12.3 ms” */
  return g_strdup_printf (_("%s ms"), number);
}

char *
_sp_export_join_addresses (const SpMxHost *host)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; host->addresses != NULL && i < host->addresses->len; i++)
    {
      g_autofree char *text = g_inet_address_to_string (g_ptr_array_index (host->addresses, i));

      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, text);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Everything that came from the network or the user goes through this
 * before it is shown. No length limit: entries were cut already, and
 * cutting them again would add a second note. */
char *
_sp_export_safe (const char *text)
{
  return sp_transcript_escape_text (text != NULL ? text : "", -1);
}

char *
_sp_export_format_attempt_title (SpAttempt *attempt,
                                 guint                      index)
{
  g_autofree char *host = _sp_export_safe (sp_attempt_get_host (attempt));
  g_autofree char *address = _sp_export_safe (sp_attempt_get_address (attempt));

  if (sp_attempt_get_address (attempt) != NULL &&
      g_strcmp0 (sp_attempt_get_host (attempt), sp_attempt_get_address (attempt)) != 0)
    /* Translators: “Attempt 1: mx1.example.com [192.0.2.1]:25”: the number of the attempt (not a
     * count), the server's name, its address and the port. */
    return g_strdup_printf (_("Attempt %u: %s [%s]:%u"), index + 1, host, address,
                            sp_attempt_get_port (attempt));
  else
    /* Translators: “Attempt 1: mx1.example.com port 25”: the number of the attempt (not a count),
     * the server and the port. */
    return g_strdup_printf (_("Attempt %u: %s port %u"), index + 1, host,
                            sp_attempt_get_port (attempt));
}

const char *
_sp_export_describe_servers (SpTranscript *transcript)
{
  SpMxResult *mx = sp_transcript_get_mx_result (transcript);

  if (mx == NULL || mx->servers == NULL || mx->servers[0] == '\0')
    return NULL;

  return mx->servers;
}

/* The summary names the resolver in every case: without servers of its
 * own, the test asked the ones the system is set up with. */
const char *
_sp_export_describe_resolver (SpTranscript *transcript)
{
  const char *servers = _sp_export_describe_servers (transcript);

  /* A practice test asks no DNS server at all. */
  if (sp_transcript_get_simulated (transcript))
    return _("None: the mail servers are simulated");

  return servers != NULL ? servers : _("The system’s configuration");
}

const char *
_sp_export_describe_mode (SpTranscript *transcript)
{
  if (sp_transcript_get_manual (transcript))
    return _("Commands typed by hand in the console");
  if (sp_transcript_get_check_only (transcript))
    return _("Check only: the test stops before a message is sent");
  else
    return _("Send a test message");
}

const char *
_sp_export_describe_simulated (SpTranscript *transcript)
{
  if (!sp_transcript_get_simulated (transcript))
    return NULL;

  return _("Simulated: this is a practice test against a simulated mail server in the app. "
           "No real mail server was contacted and no mail was sent.");
}

const char *
_sp_export_describe_sender (SpTranscript *transcript)
{
  const char *sender = sp_transcript_get_sender (transcript);

  /* The empty reverse path is how bounces are sent (RFC 5321 4.5.5). */
  if (sender != NULL && sender[0] == '\0')
    return "<>";

  return sender;
}

char *
_sp_export_format_tls_heading (const SpTlsReport *report)
{
  g_autofree char *identity = _sp_export_safe (report->identity);

  if (report->mode == SP_TLS_MODE_IMPLICIT)
    /* Translators: the heading of a certificate report; %s is a host name */
    return g_strdup_printf (_("Certificate (implicit TLS) for %s"), identity);
  else
    /* Translators: the heading of a certificate report; %s is a host name */
    return g_strdup_printf (_("Certificate (STARTTLS) for %s"), identity);
}

char *
_sp_export_format_utc (GDateTime *date)
{
  g_autoptr(GDateTime) utc = NULL;

  if (date == NULL)
    return NULL;

  utc = g_date_time_to_utc (date);

  return g_date_time_format_iso8601 (utc);
}

char *
_sp_export_format_auth (SpAttempt *attempt)
{
  g_autofree char *user = NULL;
  g_autofree char *mechanism = NULL;

  if (sp_attempt_get_auth_mechanism (attempt) == NULL
      && sp_attempt_get_auth_user (attempt) == NULL)
    return NULL;

  user = _sp_export_safe (sp_attempt_get_auth_user (attempt));
  mechanism = _sp_export_safe (sp_attempt_get_auth_mechanism (attempt));

  if (sp_attempt_get_auth_mechanism (attempt) == NULL)
    /* Translators: "Login as kate@example.org: not tried." (refused before
     * anything was sent, for example without encryption) */
    return g_strdup_printf (_("Login as %s: not tried."), user);
  if (sp_attempt_get_authenticated (attempt))
    /* Translators: "Login: PLAIN as kate@example.org, accepted." */
    return g_strdup_printf (_("Login: %s as %s, accepted."), mechanism, user);
  else
    /* Translators: "Login: PLAIN as kate@example.org, refused." */
    return g_strdup_printf (_("Login: %s as %s, refused."), mechanism, user);
}

SpExplanation *
_sp_export_explain_step (SpAttempt *attempt,
                         SpStepRecord    *step)
{
  if (!sp_diagnosis_step_needs_explanation (attempt, step))
    return NULL;

  return sp_diagnosis_explain_attempt_step (attempt, step);
}

/* The table of servers */

/* Text columns in the order a reader scans them; the reply, which can be
 * long, goes last and is not padded. */
static const SpServerColumn text_columns[] = {
  SP_SERVER_COLUMN_PREFERENCE,
  SP_SERVER_COLUMN_HOST,
  SP_SERVER_COLUMN_ADDRESS,
  SP_SERVER_COLUMN_OUTCOME,
  SP_SERVER_COLUMN_TIME,
  SP_SERVER_COLUMN_REPLY,
};

static void
append_padded (GString    *out,
               const char *text,
               glong       width)
{
  g_string_append (out, text);
  for (glong i = g_utf8_strlen (text, -1); i < width; i++)
    g_string_append_c (out, ' ');
}

char *
sp_export_format_server_table (SpTranscript *transcript,
                               const char   *indent)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  glong widths[G_N_ELEMENTS (text_columns)] = { 0 };
  guint n_columns = G_N_ELEMENTS (text_columns);
  guint n_rows;

  g_return_val_if_fail (SP_IS_TRANSCRIPT (transcript), NULL);

  if (indent == NULL)
    indent = "";

  n_rows = sp_transcript_get_n_attempts (transcript);
  if (n_rows == 0)
    return g_strdup ("");

  for (guint c = 0; c < n_columns; c++)
    g_ptr_array_add (cells, g_strdup (sp_server_column_get_label (text_columns[c])));
  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < n_columns; c++)
      g_ptr_array_add (cells,
                       sp_diagnosis_dup_server_cell (sp_transcript_get_attempt (transcript, r),
                                                     text_columns[c]));

  for (guint i = 0; i < cells->len; i++)
    widths[i % n_columns] = MAX (widths[i % n_columns],
                                 g_utf8_strlen (g_ptr_array_index (cells, i), -1));

  for (guint r = 0; r <= n_rows; r++)
    {
      g_string_append (out, indent);
      for (guint c = 0; c + 1 < n_columns; c++)
        {
          append_padded (out, g_ptr_array_index (cells, r * n_columns + c), widths[c]);
          g_string_append (out, "  ");
        }
      g_string_append (out, g_ptr_array_index (cells, r * n_columns + n_columns - 1));
      /* No trailing blanks when the last cell is empty. */
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
