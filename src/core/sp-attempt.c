/* sp-attempt.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-attempt"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-attempt-private.h"
#include "sp-boxed-private.h"
#include "sp-enums.h"
#include "sp-text-private.h"

/* Step records */

struct _SpStepRecord
{
  GObject   parent_instance;

  /* owned references */
  char     *command;
  SpReply  *reply;
  GError   *error;

  /* state */
  SpStep    step;
  gint64    started_usec;
  gint64    elapsed_usec;
};

G_DEFINE_FINAL_TYPE (SpStepRecord, sp_step_record, G_TYPE_OBJECT)

enum {
  STEP_PROP_0,
  STEP_PROP_STEP,
  STEP_PROP_COMMAND,
  STEP_PROP_REPLY,
  STEP_PROP_ERROR,
  STEP_PROP_ELAPSED_USEC,
  STEP_PROP_RUNNING,
  N_STEP_PROPS
};

static GParamSpec *step_properties[N_STEP_PROPS];

static void
sp_step_record_finalize (GObject *object)
{
  SpStepRecord *self = (SpStepRecord *) object;

  g_free (self->command);
  g_clear_pointer (&self->reply, sp_reply_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (sp_step_record_parent_class)->finalize (object);
}

static void
sp_step_record_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SpStepRecord *self = SP_STEP_RECORD (object);

  switch (prop_id)
    {
    case STEP_PROP_STEP:
      g_value_set_enum (value, self->step);
      break;

    case STEP_PROP_COMMAND:
      g_value_set_string (value, self->command);
      break;

    case STEP_PROP_REPLY:
      g_value_set_boxed (value, self->reply);
      break;

    case STEP_PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case STEP_PROP_ELAPSED_USEC:
      g_value_set_int64 (value, self->elapsed_usec);
      break;

    case STEP_PROP_RUNNING:
      g_value_set_boolean (value, self->elapsed_usec < 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_step_record_class_init (SpStepRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sp_step_record_finalize;
  object_class->get_property = sp_step_record_get_property;

  step_properties[STEP_PROP_STEP] =
    g_param_spec_enum ("step", NULL, NULL, SP_TYPE_STEP, SP_STEP_NONE, flags);
  step_properties[STEP_PROP_COMMAND] =
    g_param_spec_string ("command", NULL, NULL, NULL, flags);
  step_properties[STEP_PROP_REPLY] =
    g_param_spec_boxed ("reply", NULL, NULL, SP_TYPE_REPLY, flags);
  step_properties[STEP_PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, flags);
  step_properties[STEP_PROP_ELAPSED_USEC] =
    g_param_spec_int64 ("elapsed-usec", NULL, NULL, -1, G_MAXINT64, -1, flags);
  step_properties[STEP_PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, TRUE, flags);

  g_object_class_install_properties (object_class, N_STEP_PROPS, step_properties);
}

static void
sp_step_record_init (SpStepRecord *self)
{
  self->elapsed_usec = -1;
}

static SpStepRecord *
step_record_new (SpStep      step,
                 const char *command,
                 gint64      now)
{
  SpStepRecord *self = g_object_new (SP_TYPE_STEP_RECORD, NULL);

  self->step = step;
  self->command = g_strdup (command);
  self->started_usec = now;

  return self;
}

/* Ends the step once; the reply and the error stay as they came. */
static void
step_record_end (SpStepRecord *self,
                 SpReply      *reply,
                 const GError *error,
                 gint64        now)
{
  g_object_freeze_notify (G_OBJECT (self));

  self->elapsed_usec = MAX (0, now - self->started_usec);
  g_object_notify_by_pspec (G_OBJECT (self), step_properties[STEP_PROP_ELAPSED_USEC]);
  g_object_notify_by_pspec (G_OBJECT (self), step_properties[STEP_PROP_RUNNING]);

  if (reply != NULL)
    {
      self->reply = sp_reply_ref (reply);
      g_object_notify_by_pspec (G_OBJECT (self), step_properties[STEP_PROP_REPLY]);
    }
  if (error != NULL)
    {
      self->error = g_error_copy (error);
      g_object_notify_by_pspec (G_OBJECT (self), step_properties[STEP_PROP_ERROR]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

SpStepRecord *
sp_step_record_new_finished (SpStep        step,
                             const char   *command,
                             SpReply      *reply,
                             const GError *error,
                             gint64        elapsed_usec)
{
  SpStepRecord *self = step_record_new (step, command, 0);

  self->elapsed_usec = MAX (0, elapsed_usec);
  if (reply != NULL)
    self->reply = sp_reply_ref (reply);
  if (error != NULL)
    self->error = g_error_copy (error);

  return self;
}

SpStep
sp_step_record_get_step (SpStepRecord *self)
{
  g_return_val_if_fail (SP_IS_STEP_RECORD (self), SP_STEP_NONE);

  return self->step;
}

const char *
sp_step_record_get_command (SpStepRecord *self)
{
  g_return_val_if_fail (SP_IS_STEP_RECORD (self), NULL);

  return self->command;
}

SpReply *
sp_step_record_get_reply (SpStepRecord *self)
{
  g_return_val_if_fail (SP_IS_STEP_RECORD (self), NULL);

  return self->reply;
}

const GError *
sp_step_record_get_error (SpStepRecord *self)
{
  g_return_val_if_fail (SP_IS_STEP_RECORD (self), NULL);

  return self->error;
}

gint64
sp_step_record_get_started_usec (SpStepRecord *self)
{
  g_return_val_if_fail (SP_IS_STEP_RECORD (self), 0);

  return self->started_usec;
}

gint64
sp_step_record_get_elapsed_usec (SpStepRecord *self)
{
  g_return_val_if_fail (SP_IS_STEP_RECORD (self), -1);

  return self->elapsed_usec;
}

gboolean
sp_step_record_get_running (SpStepRecord *self)
{
  g_return_val_if_fail (SP_IS_STEP_RECORD (self), FALSE);

  return self->elapsed_usec < 0;
}

/* Entries */

static SpTranscriptEntry *
entry_ref (SpTranscriptEntry *entry)
{
  return g_rc_box_acquire (entry);
}

static void
entry_clear (gpointer data)
{
  SpTranscriptEntry *entry = data;

  g_clear_pointer (&entry->wall, g_date_time_unref);
  g_free (entry->text);
}

static void
entry_unref (SpTranscriptEntry *entry)
{
  g_rc_box_release_full (entry, entry_clear);
}

static SpTranscriptEntry *
entry_new (SpDirection   direction,
           SpReplyClass  klass,
           SpStep        step,
           int           attempt,
           gint64        step_started_usec,
           gboolean      is_error,
           const char   *text)
{
  SpTranscriptEntry *entry = g_rc_box_new0 (SpTranscriptEntry);

  entry->mono_usec = g_get_monotonic_time ();
  entry->wall = g_date_time_new_now_utc ();
  entry->direction = direction;
  entry->klass = klass;
  entry->step = step;
  entry->attempt = attempt;
  entry->elapsed_usec = MAX (0, entry->mono_usec - step_started_usec);
  entry->is_error = is_error;
  entry->text = _sp_text_sanitize (text, -1, SP_TRANSCRIPT_MAX_TEXT_LENGTH);

  return entry;
}

/* Logs */

void
_sp_log_init (SpLog *log,
              int    attempt)
{
  log->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_unref);
  log->step_started_usec = g_get_monotonic_time ();
  log->attempt = attempt;
}

void
_sp_log_clear (SpLog *log)
{
  g_clear_pointer (&log->entries, g_ptr_array_unref);
}

void
_sp_log_append (SpLog             *log,
                SpTranscriptEntry *entry)
{
  g_ptr_array_add (log->entries, entry_ref (entry));
}

static SpTranscriptEntry *
log_add (SpLog             *log,
         SpTranscriptEntry *entry)
{
  g_ptr_array_add (log->entries, entry);

  return entry;
}

/* Lines sent and received belong to attempts only. */
static SpTranscriptEntry *
log_add_line (SpLog        *log,
              SpDirection   direction,
              SpReplyClass  klass,
              SpStep        step,
              const char   *text)
{
  return log_add (log, entry_new (direction, klass, step, log->attempt, log->step_started_usec,
                                  FALSE, text));
}

SpTranscriptEntry *
_sp_log_add_note_valist (SpLog      *log,
                         SpStep      step,
                         gboolean    is_error,
                         const char *format,
                         va_list     args)
{
  g_autofree char *text = g_strdup_vprintf (format, args);

  return log_add (log, entry_new (SP_DIRECTION_NOTE, SP_REPLY_CLASS_LOCAL, step, log->attempt,
                                  log->step_started_usec, is_error, text));
}

const SpTranscriptEntry *
_sp_log_get_entry (SpLog *log,
                   guint  index)
{
  g_return_val_if_fail (index < log->entries->len, NULL);

  return g_ptr_array_index (log->entries, index);
}

/* Attempts */

struct _SpAttempt
{
  GObject          parent_instance;

  /* owned references */
  char            *host;
  char            *address;
  GListStore      *steps;          /* SpStepRecord */
  SpLog            log;
  SpCapabilities  *capabilities;
  SpTlsReport     *tls;
  char            *detail;
  char            *auth_mechanism;
  char            *auth_user;
  SpResponderGuess *guess;

  /* state */
  guint            index;
  guint            port;           /* a guint16, stored as the property reads it */
  int              preference;
  gboolean         server_given;
  SpAttemptState   state;
  SpVerdict        verdict;
  SpStep           deciding_step;
  gboolean         authenticated;
  SpResponder      responder;
  gint64           started_usec;
  gint64           elapsed_usec;
  guint            n_lines;            /* client and server entries, for the flood limit */
  gboolean         lines_dropped;
};

G_DEFINE_FINAL_TYPE (SpAttempt, sp_attempt, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INDEX,
  PROP_HOST,
  PROP_ADDRESS,
  PROP_PORT,
  PROP_PREFERENCE,
  PROP_STATE,
  PROP_VERDICT,
  PROP_DECIDING_STEP,
  PROP_DETAIL,
  PROP_ELAPSED_USEC,
  PROP_CAPABILITIES,
  PROP_TLS_REPORT,
  PROP_AUTH_MECHANISM,
  PROP_AUTH_USER,
  PROP_AUTHENTICATED,
  PROP_RESPONDER,
  PROP_STEPS,
  N_PROPS
};

enum {
  ENTRY_ADDED,
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
sp_attempt_finalize (GObject *object)
{
  SpAttempt *self = (SpAttempt *) object;

  g_free (self->host);
  g_free (self->address);
  g_clear_object (&self->steps);
  _sp_log_clear (&self->log);
  g_clear_pointer (&self->capabilities, sp_capabilities_unref);
  g_clear_pointer (&self->tls, sp_tls_report_unref);
  g_free (self->detail);
  g_free (self->auth_mechanism);
  g_free (self->auth_user);
  g_clear_pointer (&self->guess, sp_responder_guess_free);

  G_OBJECT_CLASS (sp_attempt_parent_class)->finalize (object);
}

/* Every property mirrors one field: a string, boxed or object pointer, or
 * a number of the property's type (enumerations are stored as ints), so
 * that one getter serves them all. */
static const gsize property_fields[N_PROPS] = {
  [PROP_INDEX] = G_STRUCT_OFFSET (SpAttempt, index),
  [PROP_HOST] = G_STRUCT_OFFSET (SpAttempt, host),
  [PROP_ADDRESS] = G_STRUCT_OFFSET (SpAttempt, address),
  [PROP_PORT] = G_STRUCT_OFFSET (SpAttempt, port),
  [PROP_PREFERENCE] = G_STRUCT_OFFSET (SpAttempt, preference),
  [PROP_STATE] = G_STRUCT_OFFSET (SpAttempt, state),
  [PROP_VERDICT] = G_STRUCT_OFFSET (SpAttempt, verdict),
  [PROP_DECIDING_STEP] = G_STRUCT_OFFSET (SpAttempt, deciding_step),
  [PROP_DETAIL] = G_STRUCT_OFFSET (SpAttempt, detail),
  [PROP_ELAPSED_USEC] = G_STRUCT_OFFSET (SpAttempt, elapsed_usec),
  [PROP_CAPABILITIES] = G_STRUCT_OFFSET (SpAttempt, capabilities),
  [PROP_TLS_REPORT] = G_STRUCT_OFFSET (SpAttempt, tls),
  [PROP_AUTH_MECHANISM] = G_STRUCT_OFFSET (SpAttempt, auth_mechanism),
  [PROP_AUTH_USER] = G_STRUCT_OFFSET (SpAttempt, auth_user),
  [PROP_AUTHENTICATED] = G_STRUCT_OFFSET (SpAttempt, authenticated),
  [PROP_RESPONDER] = G_STRUCT_OFFSET (SpAttempt, responder),
  [PROP_STEPS] = G_STRUCT_OFFSET (SpAttempt, steps),
};

static void
sp_attempt_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  gpointer field;

  if (prop_id == PROP_0 || prop_id >= N_PROPS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  field = G_STRUCT_MEMBER_P (object, property_fields[prop_id]);
  switch (G_TYPE_FUNDAMENTAL (G_PARAM_SPEC_VALUE_TYPE (pspec)))
    {
    case G_TYPE_BOOLEAN:
      g_value_set_boolean (value, *(gboolean *) field);
      break;

    case G_TYPE_INT:
      g_value_set_int (value, *(int *) field);
      break;

    case G_TYPE_ENUM:
      g_value_set_enum (value, *(int *) field);
      break;

    case G_TYPE_UINT:
      g_value_set_uint (value, *(guint *) field);
      break;

    case G_TYPE_INT64:
      g_value_set_int64 (value, *(gint64 *) field);
      break;

    case G_TYPE_STRING:
      g_value_set_string (value, *(char **) field);
      break;

    case G_TYPE_BOXED:
      g_value_set_boxed (value, *(gpointer *) field);
      break;

    default:
      /* an object, or an interface such as GListModel */
      g_value_set_object (value, *(gpointer *) field);
    }
}

/* After each batch of notifications: views that redraw the whole attempt
 * listen to ::changed alone. */
static void
sp_attempt_dispatch_properties_changed (GObject     *object,
                                        guint        n_pspecs,
                                        GParamSpec **pspecs)
{
  G_OBJECT_CLASS (sp_attempt_parent_class)->dispatch_properties_changed (object, n_pspecs, pspecs);

  g_signal_emit (object, signals[CHANGED], 0);
}

static void
sp_attempt_class_init (SpAttemptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sp_attempt_finalize;
  object_class->get_property = sp_attempt_get_property;
  object_class->dispatch_properties_changed = sp_attempt_dispatch_properties_changed;

  properties[PROP_INDEX] = g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL, flags);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, flags);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0, flags);
  properties[PROP_PREFERENCE] =
    g_param_spec_int ("preference", NULL, NULL, -1, G_MAXUINT16, -1, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SP_TYPE_ATTEMPT_STATE, SP_ATTEMPT_STATE_WAITING,
                       flags);
  properties[PROP_VERDICT] =
    g_param_spec_enum ("verdict", NULL, NULL, SP_TYPE_VERDICT, SP_VERDICT_NONE, flags);
  properties[PROP_DECIDING_STEP] =
    g_param_spec_enum ("deciding-step", NULL, NULL, SP_TYPE_STEP, SP_STEP_NONE, flags);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, flags);
  properties[PROP_ELAPSED_USEC] =
    g_param_spec_int64 ("elapsed-usec", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_CAPABILITIES] =
    g_param_spec_boxed ("capabilities", NULL, NULL, SP_TYPE_CAPABILITIES, flags);
  properties[PROP_TLS_REPORT] =
    g_param_spec_boxed ("tls-report", NULL, NULL, SP_TYPE_TLS_REPORT, flags);
  properties[PROP_AUTH_MECHANISM] = g_param_spec_string ("auth-mechanism", NULL, NULL, NULL,
                                                         flags);
  properties[PROP_AUTH_USER] = g_param_spec_string ("auth-user", NULL, NULL, NULL, flags);
  properties[PROP_AUTHENTICATED] =
    g_param_spec_boolean ("authenticated", NULL, NULL, FALSE, flags);
  properties[PROP_RESPONDER] =
    g_param_spec_enum ("responder", NULL, NULL, SP_TYPE_RESPONDER, SP_RESPONDER_UNKNOWN, flags);
  properties[PROP_STEPS] = g_param_spec_object ("steps", NULL, NULL, G_TYPE_LIST_MODEL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ENTRY_ADDED] =
    g_signal_new ("entry-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
sp_attempt_init (SpAttempt *self)
{
  self->steps = g_list_store_new (SP_TYPE_STEP_RECORD);
  _sp_log_init (&self->log, -1);
  self->preference = -1;
  self->state = SP_ATTEMPT_STATE_WAITING;
  self->verdict = SP_VERDICT_NONE;
  self->deciding_step = SP_STEP_NONE;
  self->elapsed_usec = -1;
}

SpAttempt *
sp_attempt_new (guint       index,
                const char *host,
                const char *address,
                guint16     port)
{
  SpAttempt *self = g_object_new (SP_TYPE_ATTEMPT, NULL);

  self->index = index;
  self->log.attempt = (int) index;
  self->host = g_strdup (host);
  self->address = g_strdup (address);
  self->port = port;

  return self;
}

static void
notify (SpAttempt *self,
        guint      prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* For the fields stored as ints: numbers, enumerations and booleans. */
static void
set_int (SpAttempt *self,
         int       *field,
         int        value,
         guint      prop_id)
{
  if (*field == value)
    return;

  *field = value;
  notify (self, prop_id);
}

static void
set_str (SpAttempt   *self,
         char       **field,
         const char  *value,
         guint        prop_id)
{
  if (_sp_set_str (field, value))
    notify (self, prop_id);
}

guint
sp_attempt_get_index (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), 0);

  return self->index;
}

const char *
sp_attempt_get_host (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), NULL);

  return self->host;
}

const char *
sp_attempt_get_address (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), NULL);

  return self->address;
}

guint16
sp_attempt_get_port (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), 0);

  return self->port;
}

int
sp_attempt_get_preference (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), -1);

  return self->preference;
}

void
sp_attempt_set_preference (SpAttempt *self,
                           int        preference)
{
  g_return_if_fail (SP_IS_ATTEMPT (self));

  set_int (self, &self->preference, CLAMP (preference, -1, G_MAXUINT16), PROP_PREFERENCE);
}

void
sp_attempt_set_server_given (SpAttempt *self,
                             gboolean   server_given)
{
  g_return_if_fail (SP_IS_ATTEMPT (self));

  self->server_given = !!server_given;
}

gboolean
sp_attempt_get_server_given (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), FALSE);

  return self->server_given;
}

SpAttemptState
sp_attempt_get_state (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), SP_ATTEMPT_STATE_WAITING);

  return self->state;
}

SpVerdict
sp_attempt_get_verdict (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), SP_VERDICT_NONE);

  return self->verdict;
}

SpStep
sp_attempt_get_deciding_step (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), SP_STEP_NONE);

  return self->deciding_step;
}

SpReply *
sp_attempt_get_deciding_reply (SpAttempt *self)
{
  guint n;

  g_return_val_if_fail (SP_IS_ATTEMPT (self), NULL);

  if (self->deciding_step == SP_STEP_NONE)
    return NULL;

  /* The last reply of that step: after a HELO fallback or a second
   * EHLO, the one that decided. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->steps));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(SpStepRecord) record = g_list_model_get_item (G_LIST_MODEL (self->steps), i - 1);

      if (record->step == self->deciding_step && record->reply != NULL)
        return record->reply;
    }

  return NULL;
}

const char *
sp_attempt_get_detail (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), NULL);

  return self->detail;
}

gint64
sp_attempt_get_elapsed_usec (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), -1);

  return self->elapsed_usec;
}

SpCapabilities *
sp_attempt_get_capabilities (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), NULL);

  return self->capabilities;
}

SpTlsReport *
sp_attempt_get_tls_report (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), NULL);

  return self->tls;
}

const char *
sp_attempt_get_auth_mechanism (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), NULL);

  return self->auth_mechanism;
}

const char *
sp_attempt_get_auth_user (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), NULL);

  return self->auth_user;
}

gboolean
sp_attempt_get_authenticated (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), FALSE);

  return self->authenticated;
}

SpResponder
sp_attempt_get_responder (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), SP_RESPONDER_UNKNOWN);

  return self->responder;
}

GListModel *
sp_attempt_get_steps (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), NULL);

  return G_LIST_MODEL (self->steps);
}

guint
sp_attempt_get_n_steps (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->steps));
}

/* The list store holds a reference for as long as the attempt lives, so
 * the borrowed pointer stays valid. */
SpStepRecord *
sp_attempt_get_step (SpAttempt *self,
                     guint      index)
{
  g_autoptr(SpStepRecord) record = NULL;

  g_return_val_if_fail (SP_IS_ATTEMPT (self), NULL);

  record = g_list_model_get_item (G_LIST_MODEL (self->steps), index);
  g_return_val_if_fail (record != NULL, NULL);

  return record;
}

SpStepRecord *
sp_attempt_get_running_step (SpAttempt *self)
{
  guint n;
  SpStepRecord *record;

  g_return_val_if_fail (SP_IS_ATTEMPT (self), NULL);

  n = sp_attempt_get_n_steps (self);
  if (n == 0)
    return NULL;

  record = sp_attempt_get_step (self, n - 1);

  return record->elapsed_usec < 0 ? record : NULL;
}

guint
sp_attempt_get_n_entries (SpAttempt *self)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), 0);

  return self->log.entries->len;
}

const SpTranscriptEntry *
sp_attempt_get_entry (SpAttempt *self,
                      guint      index)
{
  g_return_val_if_fail (SP_IS_ATTEMPT (self), NULL);

  return _sp_log_get_entry (&self->log, index);
}

/* Writing */

static void
entry_added (SpAttempt         *self,
             SpTranscriptEntry *entry)
{
  g_signal_emit (self, signals[ENTRY_ADDED], 0, entry);
}

/* A line sent or received. */
static void
add_line (SpAttempt    *self,
          SpDirection   direction,
          SpReplyClass  klass,
          SpStep        step,
          const char   *text)
{
  /* A server that talks without end must not exhaust memory; the app's
   * own notes are few and say what happened, so they are always kept. */
  if (self->n_lines >= SP_TRANSCRIPT_MAX_LINES)
    {
      if (!self->lines_dropped)
        {
          self->lines_dropped = TRUE;
          sp_attempt_add_error (self, step,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "The log has reached %u line; further lines sent "
                                             "or received are left out of it.",
                                             "The log has reached %u lines; further lines sent "
                                             "or received are left out of it.",
                                             SP_TRANSCRIPT_MAX_LINES),
                                (guint) SP_TRANSCRIPT_MAX_LINES);
        }
      return;
    }
  self->n_lines++;

  entry_added (self, log_add_line (&self->log, direction, klass, step, text));
}

static void G_GNUC_PRINTF (4, 0)
add_note_valist (SpAttempt  *self,
                 SpStep      step,
                 gboolean    is_error,
                 const char *format,
                 va_list     args)
{
  entry_added (self, _sp_log_add_note_valist (&self->log, step, is_error, format, args));
}

void
sp_attempt_add_note (SpAttempt  *self,
                     SpStep      step,
                     const char *format,
                     ...)
{
  va_list args;

  g_return_if_fail (SP_IS_ATTEMPT (self));
  g_return_if_fail (format != NULL);

  va_start (args, format);
  add_note_valist (self, step, FALSE, format, args);
  va_end (args);
}

void
sp_attempt_add_error (SpAttempt  *self,
                      SpStep      step,
                      const char *format,
                      ...)
{
  va_list args;

  g_return_if_fail (SP_IS_ATTEMPT (self));
  g_return_if_fail (format != NULL);

  va_start (args, format);
  add_note_valist (self, step, TRUE, format, args);
  va_end (args);
}

void
sp_attempt_add_client_line (SpAttempt  *self,
                            SpStep      step,
                            const char *line)
{
  g_return_if_fail (SP_IS_ATTEMPT (self));
  g_return_if_fail (line != NULL);

  add_line (self, SP_DIRECTION_CLIENT, SP_REPLY_CLASS_LOCAL, step, line);
}

/* Every reply adds to what tells who answers: the greeting and the EHLO
 * reply most, a refusal's wording sometimes. */
static void
note_responder (SpAttempt     *self,
                SpStep         step,
                const SpReply *reply)
{
  SpResponderPart part;

  if (step == SP_STEP_BANNER)
    part = SP_RESPONDER_PART_BANNER;
  else if (step == SP_STEP_EHLO || step == SP_STEP_HELO)
    part = SP_RESPONDER_PART_EHLO;
  else
    part = SP_RESPONDER_PART_REPLY;

  if (self->guess == NULL)
    self->guess = sp_responder_guess_new ();
  sp_responder_guess_add_reply (self->guess, part, reply);

  set_int (self, (int *) &self->responder, sp_responder_guess_get_responder (self->guess),
           PROP_RESPONDER);
}

void
sp_attempt_add_reply (SpAttempt     *self,
                      SpStep         step,
                      const SpReply *reply)
{
  const char * const *lines;
  SpReplyClass klass;
  guint n_lines;

  g_return_if_fail (SP_IS_ATTEMPT (self));
  g_return_if_fail (reply != NULL);

  lines = sp_reply_get_lines (reply);
  n_lines = sp_reply_get_n_lines (reply);
  klass = sp_reply_get_class (reply);

  for (guint i = 0; i < n_lines && lines[i] != NULL; i++)
    add_line (self, SP_DIRECTION_SERVER, klass, step, lines[i]);

  note_responder (self, step, reply);
}

void
sp_attempt_begin (SpAttempt *self)
{
  g_return_if_fail (SP_IS_ATTEMPT (self));

  if (self->state != SP_ATTEMPT_STATE_WAITING)
    {
      g_debug ("Attempt %u was begun twice", self->index);
      return;
    }

  self->started_usec = g_get_monotonic_time ();
  self->log.step_started_usec = self->started_usec;
  set_int (self, (int *) &self->state, SP_ATTEMPT_STATE_RUNNING, PROP_STATE);
}

/* Closes the step under way, as when the caller moves on without a reply. */
static void
close_running_step (SpAttempt *self,
                    gint64     now)
{
  SpStepRecord *record = sp_attempt_get_running_step (self);

  if (record != NULL)
    step_record_end (record, NULL, NULL, now);
}

void
sp_attempt_begin_step (SpAttempt  *self,
                       SpStep      step,
                       const char *command)
{
  g_autoptr(SpStepRecord) record = NULL;
  gint64 now;

  g_return_if_fail (SP_IS_ATTEMPT (self));

  if (self->state == SP_ATTEMPT_STATE_WAITING)
    sp_attempt_begin (self);
  else if (self->state == SP_ATTEMPT_STATE_DONE)
    {
      g_debug ("A step began after attempt %u ended", self->index);
      return;
    }

  now = g_get_monotonic_time ();
  self->log.step_started_usec = now;
  close_running_step (self, now);

  record = step_record_new (step, command, now);
  g_list_store_append (self->steps, record);

  g_signal_emit (self, signals[CHANGED], 0);
}

void
sp_attempt_end_step (SpAttempt    *self,
                     SpReply      *reply,
                     const GError *error)
{
  SpStepRecord *record;

  g_return_if_fail (SP_IS_ATTEMPT (self));

  record = sp_attempt_get_running_step (self);
  if (record == NULL)
    {
      g_debug ("A step was ended while none was running");
      return;
    }

  step_record_end (record, reply, error, g_get_monotonic_time ());

  g_signal_emit (self, signals[CHANGED], 0);
}

void
sp_attempt_set_capabilities (SpAttempt      *self,
                             SpCapabilities *capabilities)
{
  g_return_if_fail (SP_IS_ATTEMPT (self));

  if (_sp_set_ref ((gpointer *) &self->capabilities, capabilities,
                   (GBoxedCopyFunc) sp_capabilities_ref, (GDestroyNotify) sp_capabilities_unref))
    notify (self, PROP_CAPABILITIES);
}

void
sp_attempt_set_tls_report (SpAttempt   *self,
                           SpTlsReport *report)
{
  g_return_if_fail (SP_IS_ATTEMPT (self));

  if (_sp_set_ref ((gpointer *) &self->tls, report,
                   (GBoxedCopyFunc) sp_tls_report_ref, (GDestroyNotify) sp_tls_report_unref))
    notify (self, PROP_TLS_REPORT);
}

void
sp_attempt_set_auth (SpAttempt  *self,
                     const char *mechanism,
                     const char *user,
                     gboolean    authenticated)
{
  g_return_if_fail (SP_IS_ATTEMPT (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_str (self, &self->auth_mechanism, mechanism, PROP_AUTH_MECHANISM);
  set_str (self, &self->auth_user, user, PROP_AUTH_USER);
  set_int (self, &self->authenticated, !!authenticated, PROP_AUTHENTICATED);
  g_object_thaw_notify (G_OBJECT (self));
}

void
sp_attempt_end (SpAttempt  *self,
                SpVerdict   verdict,
                SpStep      deciding_step,
                const char *detail)
{
  gint64 now;

  g_return_if_fail (SP_IS_ATTEMPT (self));

  if (self->state == SP_ATTEMPT_STATE_DONE)
    {
      g_debug ("Attempt %u was ended twice", self->index);
      return;
    }

  now = g_get_monotonic_time ();
  if (self->state == SP_ATTEMPT_STATE_WAITING)
    self->started_usec = now;
  close_running_step (self, now);

  g_object_freeze_notify (G_OBJECT (self));
  set_int (self, (int *) &self->verdict, verdict, PROP_VERDICT);
  set_int (self, (int *) &self->deciding_step, deciding_step, PROP_DECIDING_STEP);
  if (_sp_set_escaped_str (&self->detail, detail))
    notify (self, PROP_DETAIL);
  self->elapsed_usec = MAX (0, now - self->started_usec);
  notify (self, PROP_ELAPSED_USEC);
  set_int (self, (int *) &self->state, SP_ATTEMPT_STATE_DONE, PROP_STATE);
  g_object_thaw_notify (G_OBJECT (self));
}
