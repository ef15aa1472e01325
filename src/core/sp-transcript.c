/* sp-transcript.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-transcript"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-attempt-private.h"
#include "sp-boxed-private.h"
#include "sp-enums.h"
#include "sp-transcript.h"
#include "sp-text-private.h"

struct _SpTranscript
{
  GObject      parent_instance;

  /* owned references */
  SpLog        log;              /* the whole test's: its own notes, -1, and every attempt's */
  GListStore  *attempts;         /* SpAttempt */
  SpMxResult  *mx_result;
  SpPortCheck *port_check;
  SpAttempt   *deciding_attempt;
  GError      *dns_error;        /* why the lookup failed, for the diagnosis */
  GDateTime   *started;
  char        *recipient;
  char        *sender;
  char        *summary;
  char        *verdict_detail;

  /* state */
  gboolean     check_only;
  gboolean     simulated;
  gboolean     manual;
  SpVerdict    verdict;
  SpStep       deciding_step;
  gboolean     mixed;
};

G_DEFINE_FINAL_TYPE (SpTranscript, sp_transcript, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VERDICT,
  N_PROPS
};

enum {
  ENTRY_ADDED,
  ATTEMPT_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Enumerations */

static const char * const step_labels[] = {
  /* Translators: the name of a step of an SMTP session, shown as a heading, in a list of steps
   * and in the exports; keep the SMTP command in brackets as it is. */
  [SP_STEP_NONE] = N_("Not started"),
  /* Translators: the name of a step of an SMTP session, shown as a heading, in a list of steps
   * and in the exports; keep the SMTP command in brackets as it is. */
  [SP_STEP_DNS] = N_("Mail server lookup (DNS)"),
  /* Translators: the name of a step of an SMTP session, shown as a heading, in a list of steps
   * and in the exports; keep the SMTP command in brackets as it is. */
  [SP_STEP_CONNECT] = N_("Connection"),
  /* Translators: the name of a step of an SMTP session, shown as a heading, in a list of steps
   * and in the exports; keep the SMTP command in brackets as it is. */
  [SP_STEP_BANNER] = N_("Server greeting (banner)"),
  /* Translators: the name of a step of an SMTP session, shown as a heading, in a list of steps
   * and in the exports; keep the SMTP command in brackets as it is. */
  [SP_STEP_EHLO] = N_("Introduction (EHLO)"),
  /* Translators: the name of a step of an SMTP session, shown as a heading, in a list of steps
   * and in the exports; keep the SMTP command in brackets as it is. */
  [SP_STEP_HELO] = N_("Introduction (HELO)"),
  /* Translators: the name of a step of an SMTP session, shown as a heading, in a list of steps
   * and in the exports; keep the SMTP command in brackets as it is. */
  [SP_STEP_STARTTLS] = N_("Encryption (STARTTLS)"),
  /* Translators: the name of a step of an SMTP session, shown as a heading, in a list of steps
   * and in the exports; keep the SMTP command in brackets as it is. */
  [SP_STEP_MAIL] = N_("Sender (MAIL FROM)"),
  /* Translators: the name of a step of an SMTP session, shown as a heading, in a list of steps
   * and in the exports; keep the SMTP command in brackets as it is. */
  [SP_STEP_RCPT] = N_("Recipient (RCPT TO)"),
  /* Translators: the name of a step of an SMTP session, shown as a heading, in a list of steps
   * and in the exports; keep the SMTP command in brackets as it is. */
  [SP_STEP_DATA] = N_("Message start (DATA)"),
  /* Translators: the name of a step of an SMTP session, shown as a heading, in a list of steps
   * and in the exports; keep the SMTP command in brackets as it is. */
  [SP_STEP_MESSAGE] = N_("Message text"),
  /* Translators: the name of a step of an SMTP session, shown as a heading, in a list of steps
   * and in the exports; keep the SMTP command in brackets as it is. */
  [SP_STEP_RSET] = N_("Reset (RSET)"),
  /* Translators: the name of a step of an SMTP session, shown as a heading, in a list of steps
   * and in the exports; keep the SMTP command in brackets as it is. */
  [SP_STEP_QUIT] = N_("Goodbye (QUIT)"),
  /* Translators: the name of a step of an SMTP session, shown as a heading, in a list of steps
   * and in the exports; keep the SMTP command in brackets as it is. */
  [SP_STEP_OTHER] = N_("Command typed by hand"),
  /* Translators: the name of a step of an SMTP session, shown as a heading, in a list of steps
   * and in the exports; keep the SMTP command in brackets as it is. */
  [SP_STEP_TLS] = N_("Encryption (TLS)"),
  /* Translators: the name of a step of an SMTP session, shown as a heading, in a list of steps
   * and in the exports; keep the SMTP command in brackets as it is. */
  [SP_STEP_AUTH] = N_("Login (AUTH)"),
};

static const char * const verdict_labels[] = {
  /* Translators: how a test or one attempt ended, shown as a short status beside the server
   * and in the exports. */
  [SP_VERDICT_NONE] = N_("Not decided yet"),
  /* Translators: how a test or one attempt ended, shown as a short status beside the server
   * and in the exports. */
  [SP_VERDICT_ACCEPTED] = N_("Accepted"),
  /* Translators: how a test or one attempt ended, shown as a short status beside the server
   * and in the exports. */
  [SP_VERDICT_TRANSIENT] = N_("Temporarily refused"),
  /* Translators: how a test or one attempt ended, shown as a short status beside the server
   * and in the exports. */
  [SP_VERDICT_PERMANENT] = N_("Refused"),
  /* Translators: how a test or one attempt ended, shown as a short status beside the server
   * and in the exports. */
  [SP_VERDICT_CONNECT_FAILED] = N_("Could not connect"),
  /* Translators: how a test or one attempt ended, shown as a short status beside the server
   * and in the exports. */
  [SP_VERDICT_DNS_FAILED] = N_("Mail server lookup failed"),
  /* Translators: how a test or one attempt ended, shown as a short status beside the server
   * and in the exports. */
  [SP_VERDICT_TIMED_OUT] = N_("Timed out"),
  /* Translators: how a test or one attempt ended, shown as a short status beside the server
   * and in the exports. */
  [SP_VERDICT_PROTOCOL_ERROR] = N_("Protocol error"),
  /* Translators: how a test or one attempt ended, shown as a short status beside the server
   * and in the exports. */
  [SP_VERDICT_CANCELLED] = N_("Cancelled"),
  /* Translators: how a test or one attempt ended, shown as a short status beside the server
   * and in the exports. */
  [SP_VERDICT_TLS_FAILED] = N_("Encryption failed"),
  /* Translators: how a test or one attempt ended, shown as a short status beside the server
   * and in the exports. */
  [SP_VERDICT_AUTH_FAILED] = N_("Login failed"),
  /* Translators: the verdict when the server lacks an extension the test
   * needs, such as SMTPUTF8 for an address with accented letters. */
  [SP_VERDICT_UNSUPPORTED] = N_("Not supported by the server"),
};

const char *
sp_step_to_string (SpStep step)
{
  return _sp_enum_get_nick (SP_TYPE_STEP, step);
}

const char *
sp_step_get_label (SpStep step)
{
  if ((guint) step >= G_N_ELEMENTS (step_labels))
    step = SP_STEP_NONE;

  return _(step_labels[step]);
}

const char *
sp_direction_to_string (SpDirection direction)
{
  return _sp_enum_get_nick (SP_TYPE_DIRECTION, direction);
}

const char *
sp_verdict_to_string (SpVerdict verdict)
{
  return _sp_enum_get_nick (SP_TYPE_VERDICT, verdict);
}

const char *
sp_verdict_get_label (SpVerdict verdict)
{
  if ((guint) verdict >= G_N_ELEMENTS (verdict_labels))
    verdict = SP_VERDICT_NONE;

  return _(verdict_labels[verdict]);
}

const char *
sp_transcript_entry_get_marker (const SpTranscriptEntry *entry)
{
  g_return_val_if_fail (entry != NULL, "--");

  switch (entry->direction)
    {
    case SP_DIRECTION_CLIENT:
      return "C:";

    case SP_DIRECTION_SERVER:
      return "S:";

    case SP_DIRECTION_NOTE:
    default:
      return entry->is_error ? "!!" : "--";
    }
}

const char *
sp_transcript_describe_markers (void)
{
  /* Translators: the legend of a log. Keep “C:”, “S:”, “--” and “!!” as
   * they are: they are the marks at the start of each line of the log. */
  return _("Lines marked “C:” were sent by this app (the client), lines marked “S:” came from "
           "the server, “--” marks a note and “!!” a problem on this side.");
}

/* Sanitizing */

char *
sp_transcript_sanitize_text (const char *text,
                             gssize      length)
{
  return _sp_text_sanitize (text, length, SP_TRANSCRIPT_MAX_TEXT_LENGTH);
}

char *
sp_transcript_escape_text (const char *text,
                           gssize      length)
{
  return _sp_text_sanitize (text, length, G_MAXSIZE);
}

/* GObject */

static void
sp_transcript_finalize (GObject *object)
{
  SpTranscript *self = (SpTranscript *) object;

  _sp_log_clear (&self->log);
  g_clear_object (&self->deciding_attempt);
  g_clear_object (&self->attempts);
  g_clear_pointer (&self->mx_result, sp_mx_result_unref);
  g_clear_pointer (&self->port_check, sp_port_check_unref);
  g_clear_error (&self->dns_error);
  g_clear_pointer (&self->started, g_date_time_unref);
  g_clear_pointer (&self->recipient, g_free);
  g_clear_pointer (&self->sender, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->verdict_detail, g_free);

  G_OBJECT_CLASS (sp_transcript_parent_class)->finalize (object);
}

static void
sp_transcript_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpTranscript *self = SP_TRANSCRIPT (object);

  switch (prop_id)
    {
    case PROP_VERDICT:
      g_value_set_enum (value, self->verdict);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_transcript_class_init (SpTranscriptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_transcript_finalize;
  object_class->get_property = sp_transcript_get_property;

  properties[PROP_VERDICT] =
    g_param_spec_enum ("verdict", NULL, NULL,
                       SP_TYPE_VERDICT,
                       SP_VERDICT_NONE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ENTRY_ADDED] =
    g_signal_new ("entry-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);

  signals[ATTEMPT_CHANGED] =
    g_signal_new ("attempt-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SP_TYPE_ATTEMPT);
}

static void
sp_transcript_init (SpTranscript *self)
{
  _sp_log_init (&self->log, -1);
  self->attempts = g_list_store_new (SP_TYPE_ATTEMPT);
  self->started = g_date_time_new_now_utc ();
  self->verdict = SP_VERDICT_NONE;
  self->deciding_step = SP_STEP_NONE;
}

SpTranscript *
sp_transcript_new (void)
{
  return g_object_new (SP_TYPE_TRANSCRIPT, NULL);
}

/* Request */

void
sp_transcript_set_request (SpTranscript *self,
                           const char   *recipient,
                           const char   *sender,
                           gboolean      check_only)
{
  g_return_if_fail (SP_IS_TRANSCRIPT (self));

  _sp_set_str (&self->recipient, recipient);
  _sp_set_str (&self->sender, sender);
  self->check_only = !!check_only;
}

void
sp_transcript_set_summary (SpTranscript *self,
                           const char   *summary)
{
  g_return_if_fail (SP_IS_TRANSCRIPT (self));

  _sp_set_str (&self->summary, summary);
}

const char *
sp_transcript_get_summary (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), NULL);

  return self->summary;
}

void
sp_transcript_set_simulated (SpTranscript *self,
                             gboolean      simulated)
{
  g_return_if_fail (SP_IS_TRANSCRIPT (self));

  self->simulated = !!simulated;
}

void
sp_transcript_set_manual (SpTranscript *self,
                          gboolean      manual)
{
  g_return_if_fail (SP_IS_TRANSCRIPT (self));

  self->manual = !!manual;
}

gboolean
sp_transcript_get_manual (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), FALSE);

  return self->manual;
}

gboolean
sp_transcript_get_simulated (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), FALSE);

  return self->simulated;
}

const char *
sp_transcript_get_recipient (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), NULL);

  return self->recipient;
}

const char *
sp_transcript_get_sender (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), NULL);

  return self->sender;
}

gboolean
sp_transcript_get_check_only (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), FALSE);

  return self->check_only;
}

GDateTime *
sp_transcript_get_started (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), NULL);

  return self->started;
}

void
sp_transcript_set_mx_result (SpTranscript *self,
                             SpMxResult   *result)
{
  g_return_if_fail (SP_IS_TRANSCRIPT (self));

  _sp_set_ref ((gpointer *) &self->mx_result, result,
               (GBoxedCopyFunc) sp_mx_result_ref, (GDestroyNotify) sp_mx_result_unref);
}

SpMxResult *
sp_transcript_get_mx_result (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), NULL);

  return self->mx_result;
}

void
sp_transcript_set_dns_error (SpTranscript *self,
                             const GError *error)
{
  g_return_if_fail (SP_IS_TRANSCRIPT (self));

  if (error == self->dns_error)
    return;

  g_clear_error (&self->dns_error);
  if (error != NULL)
    self->dns_error = g_error_copy (error);
}

const GError *
sp_transcript_get_dns_error (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), NULL);

  return self->dns_error;
}

/* Entries */

/* Every entry of the test gets its place in this log. */
static void
entry_added (SpTranscript      *self,
             SpTranscriptEntry *entry)
{
  entry->index = self->log.entries->len - 1;

  g_signal_emit (self, signals[ENTRY_ADDED], 0, entry);
}

static void G_GNUC_PRINTF (4, 0)
add_note_valist (SpTranscript *self,
                 SpStep        step,
                 gboolean      is_error,
                 const char   *format,
                 va_list       args)
{
  entry_added (self, _sp_log_add_note_valist (&self->log, step, is_error, format, args));
}

void
sp_transcript_add_note (SpTranscript *self,
                        SpStep        step,
                        const char   *format,
                        ...)
{
  va_list args;

  g_return_if_fail (SP_IS_TRANSCRIPT (self));
  g_return_if_fail (format != NULL);

  va_start (args, format);
  add_note_valist (self, step, FALSE, format, args);
  va_end (args);
}

void
sp_transcript_add_error (SpTranscript *self,
                         SpStep        step,
                         const char   *format,
                         ...)
{
  va_list args;

  g_return_if_fail (SP_IS_TRANSCRIPT (self));
  g_return_if_fail (format != NULL);

  va_start (args, format);
  add_note_valist (self, step, TRUE, format, args);
  va_end (args);
}

void
sp_transcript_begin_stage (SpTranscript *self,
                           SpStep        step)
{
  g_return_if_fail (SP_IS_TRANSCRIPT (self));

  self->log.step_started_usec = g_get_monotonic_time ();
}

guint
sp_transcript_get_n_entries (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), 0);

  return self->log.entries->len;
}

const SpTranscriptEntry *
sp_transcript_get_entry (SpTranscript *self,
                         guint         index)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), NULL);

  return _sp_log_get_entry (&self->log, index);
}

/* Attempts */

static void
attempt_entry_added_cb (SpAttempt         *attempt,
                        SpTranscriptEntry *entry,
                        SpTranscript      *self)
{
  _sp_log_append (&self->log, entry);
  entry_added (self, entry);
}

static void
attempt_changed_cb (SpAttempt    *attempt,
                    SpTranscript *self)
{
  g_signal_emit (self, signals[ATTEMPT_CHANGED], 0, attempt);
}

SpAttempt *
sp_transcript_add_attempt (SpTranscript *self,
                           const char   *host,
                           const char   *address,
                           guint16       port)
{
  g_autoptr(SpAttempt) attempt = NULL;
  guint index;

  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), NULL);

  index = g_list_model_get_n_items (G_LIST_MODEL (self->attempts));
  attempt = sp_attempt_new (index, host, address, port);

  /* The transcript outlives no attempt it holds, and an attempt may
   * outlive the transcript: the handlers go with the transcript. */
  g_signal_connect_object (attempt, "entry-added", G_CALLBACK (attempt_entry_added_cb),
                           self, G_CONNECT_DEFAULT);
  g_signal_connect_object (attempt, "changed", G_CALLBACK (attempt_changed_cb),
                           self, G_CONNECT_DEFAULT);

  g_list_store_append (self->attempts, attempt);
  g_signal_emit (self, signals[ATTEMPT_CHANGED], 0, attempt);

  return attempt;
}

GListModel *
sp_transcript_get_attempts (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), NULL);

  return G_LIST_MODEL (self->attempts);
}

gboolean
sp_transcript_has_tls_problems (SpTranscript *self)
{
  guint n;

  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), FALSE);

  n = sp_transcript_get_n_attempts (self);
  for (guint i = 0; i < n; i++)
    {
      SpTlsReport *report = sp_attempt_get_tls_report (sp_transcript_get_attempt (self, i));

      if (report != NULL && !report->validated)
        return TRUE;
    }

  return FALSE;
}

guint
sp_transcript_get_n_attempts (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->attempts));
}

/* The store holds a reference as long as the transcript lives. */
SpAttempt *
sp_transcript_get_attempt (SpTranscript *self,
                           guint         index)
{
  g_autoptr(SpAttempt) attempt = NULL;

  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), NULL);

  attempt = g_list_model_get_item (G_LIST_MODEL (self->attempts), index);
  g_return_val_if_fail (attempt != NULL, NULL);

  return attempt;
}

/* Verdict */

void
sp_transcript_set_verdict (SpTranscript *self,
                           SpVerdict     verdict,
                           SpStep        deciding_step,
                           const char   *detail)
{
  g_return_if_fail (SP_IS_TRANSCRIPT (self));

  self->deciding_step = deciding_step;
  _sp_set_escaped_str (&self->verdict_detail, detail);

  if (self->verdict != verdict)
    {
      self->verdict = verdict;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT]);
    }
}

SpVerdict
sp_transcript_get_verdict (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), SP_VERDICT_NONE);

  return self->verdict;
}

void
sp_transcript_set_deciding_attempt (SpTranscript *self,
                                    SpAttempt    *attempt)
{
  g_return_if_fail (SP_IS_TRANSCRIPT (self));
  g_return_if_fail (attempt == NULL || SP_IS_ATTEMPT (attempt));

  g_set_object (&self->deciding_attempt, attempt);
}

SpAttempt *
sp_transcript_get_deciding_attempt (SpTranscript *self)
{
  guint n;

  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), NULL);

  if (self->deciding_attempt != NULL)
    return self->deciding_attempt;

  /* A transcript written otherwise (a test, an old export): the last
   * attempt that ended the way the whole test did has its explanation. */
  n = sp_transcript_get_n_attempts (self);
  for (guint i = n; i > 0; i--)
    {
      SpAttempt *attempt = sp_transcript_get_attempt (self, i - 1);

      if (sp_attempt_get_verdict (attempt) == self->verdict &&
          sp_attempt_get_deciding_step (attempt) == self->deciding_step)
        return attempt;
    }

  return n > 0 ? sp_transcript_get_attempt (self, n - 1) : NULL;
}

SpStep
sp_transcript_get_deciding_step (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), SP_STEP_NONE);

  return self->deciding_step;
}

const char *
sp_transcript_get_verdict_detail (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), NULL);

  return self->verdict_detail;
}

void
sp_transcript_set_mixed (SpTranscript *self,
                         gboolean      mixed)
{
  g_return_if_fail (SP_IS_TRANSCRIPT (self));

  self->mixed = !!mixed;
}

void
sp_transcript_set_port_check (SpTranscript *self,
                              SpPortCheck  *check)
{
  g_return_if_fail (SP_IS_TRANSCRIPT (self));

  _sp_set_ref ((gpointer *) &self->port_check, check,
               (GBoxedCopyFunc) sp_port_check_ref, (GDestroyNotify) sp_port_check_unref);
}

SpPortCheck *
sp_transcript_get_port_check (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), NULL);

  return self->port_check;
}

gboolean
sp_transcript_get_mixed (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), FALSE);

  return self->mixed;
}
