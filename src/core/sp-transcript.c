/* sp-transcript.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-transcript"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-enums.h"
#include "sp-transcript.h"
#include "sp-text-private.h"

struct _SpTranscript
{
  GObject      parent_instance;

  /* owned references */
  GPtrArray   *entries;          /* SpTranscriptEntry */
  GPtrArray   *attempts;         /* SpTranscriptAttempt */
  SpMxResult  *mx_result;
  GError      *dns_error;        /* why the lookup failed, for the diagnosis */
  GDateTime   *started;
  char        *recipient;
  char        *sender;
  char        *verdict_detail;

  /* state */
  gint64       started_usec;
  gint64       step_started_usec;  /* what the elapsed time of new entries counts from */
  int          current_attempt;
  guint        n_lines;            /* client and server entries, for the flood limit */
  gboolean     lines_dropped;
  gboolean     check_only;
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

/* The nick of @value in the enum @type, or the first value's nick when
 * @value is out of range. The class of a static type is never finalized,
 * so the nick outlives the reference. */
static const char *
enum_nick (GType type,
           int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  if (found == NULL)
    found = &klass->values[0];

  return found->value_nick;
}

static const char * const step_labels[] = {
  [SP_STEP_NONE] = N_("Not started"),
  [SP_STEP_DNS] = N_("Mail server lookup (DNS)"),
  [SP_STEP_CONNECT] = N_("Connection"),
  [SP_STEP_BANNER] = N_("Server greeting (banner)"),
  [SP_STEP_EHLO] = N_("Introduction (EHLO)"),
  [SP_STEP_HELO] = N_("Introduction (HELO)"),
  [SP_STEP_STARTTLS] = N_("Encryption (STARTTLS)"),
  [SP_STEP_MAIL] = N_("Sender (MAIL FROM)"),
  [SP_STEP_RCPT] = N_("Recipient (RCPT TO)"),
  [SP_STEP_DATA] = N_("Message start (DATA)"),
  [SP_STEP_MESSAGE] = N_("Message text"),
  [SP_STEP_RSET] = N_("Reset (RSET)"),
  [SP_STEP_QUIT] = N_("Goodbye (QUIT)"),
  [SP_STEP_OTHER] = N_("Command typed by hand"),
  [SP_STEP_TLS] = N_("Encryption (TLS)"),
  [SP_STEP_AUTH] = N_("Login (AUTH)"),
};

static const char * const verdict_labels[] = {
  [SP_VERDICT_NONE] = N_("Not decided yet"),
  [SP_VERDICT_ACCEPTED] = N_("Accepted"),
  [SP_VERDICT_TRANSIENT] = N_("Temporarily refused"),
  [SP_VERDICT_PERMANENT] = N_("Refused"),
  [SP_VERDICT_CONNECT_FAILED] = N_("Could not connect"),
  [SP_VERDICT_DNS_FAILED] = N_("Mail server lookup failed"),
  [SP_VERDICT_TIMED_OUT] = N_("Timed out"),
  [SP_VERDICT_PROTOCOL_ERROR] = N_("Protocol error"),
  [SP_VERDICT_CANCELLED] = N_("Cancelled"),
  [SP_VERDICT_TLS_FAILED] = N_("Encryption failed"),
  [SP_VERDICT_AUTH_FAILED] = N_("Login failed"),
  /* Translators: the verdict when the server lacks an extension the test
   * needs, such as SMTPUTF8 for an address with accented letters. */
  [SP_VERDICT_UNSUPPORTED] = N_("Not supported by the server"),
};

const char *
sp_step_to_string (SpStep step)
{
  return enum_nick (SP_TYPE_STEP, step);
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
  return enum_nick (SP_TYPE_DIRECTION, direction);
}

const char *
sp_verdict_to_string (SpVerdict verdict)
{
  return enum_nick (SP_TYPE_VERDICT, verdict);
}

const char *
sp_verdict_get_label (SpVerdict verdict)
{
  if ((guint) verdict >= G_N_ELEMENTS (verdict_labels))
    verdict = SP_VERDICT_NONE;

  return _(verdict_labels[verdict]);
}

/* Sanitizing */

/* The per-character rule lives in sp-text.c, shared with the excerpts in
 * error messages and the replies' texts; this adds the length limit and
 * its note, and keeps tabs: a log line may be a table, while one-line
 * texts escape them. */
static char *
escape_text (const char *text,
             gssize      length,
             gsize       max_length)
{
  g_autoptr(GString) out = NULL;
  const char *p;
  const char *end;

  if (text == NULL)
    return g_strdup ("");

  if (length < 0)
    length = strlen (text);

  out = g_string_sized_new (MIN ((gsize) length, max_length) + 16);
  p = text;
  end = text + length;

  while (p < end)
    {
      gsize before = out->len;
      gsize char_len;

      if (*p == '\t')
        {
          g_string_append_c (out, '\t');
          char_len = 1;
        }
      else
        char_len = _sp_text_append_char (out, p, end - p);

      if (out->len > max_length)
        {
          gsize left_out = end - p;

          g_string_truncate (out, before);
          g_string_append (out, "…");
          g_string_append_c (out, ' ');
          g_string_append_printf (out,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "[%lu more byte left out]",
                                               "[%lu more bytes left out]",
                                               left_out),
                                  (gulong) left_out);
          break;
        }

      p += char_len;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
sp_transcript_sanitize_text (const char *text,
                             gssize      length)
{
  return escape_text (text, length, SP_TRANSCRIPT_MAX_TEXT_LENGTH);
}

char *
sp_transcript_escape_text (const char *text,
                           gssize      length)
{
  return escape_text (text, length, G_MAXSIZE);
}

/* Memory */

/* g_set_str() needs GLib 2.76. */
static void
set_str (char       **field,
         const char  *value)
{
  char *copy;

  if (*field == value)
    return;

  copy = g_strdup (value);
  g_free (*field);
  *field = copy;
}

/* Details quote what the server said: keep them as they are shown, so
 * that every reader (terminal, GUI, exports) gets the escaped text. */
static void
set_escaped_str (char       **field,
                 const char  *value)
{
  char *copy = value != NULL ? _sp_text_escape (value, -1) : NULL;

  g_free (*field);
  *field = copy;
}

static void
entry_free (gpointer data)
{
  SpTranscriptEntry *entry = data;

  g_clear_pointer (&entry->wall, g_date_time_unref);
  g_free (entry->text);
  g_free (entry);
}

static void
step_free (gpointer data)
{
  SpTranscriptStep *step = data;

  g_free (step->command);
  g_clear_pointer (&step->reply, sp_reply_unref);
  g_clear_error (&step->error);
  g_free (step);
}

static void
attempt_free (gpointer data)
{
  SpTranscriptAttempt *attempt = data;

  g_free (attempt->host);
  g_free (attempt->address);
  g_clear_pointer (&attempt->steps, g_ptr_array_unref);
  g_clear_pointer (&attempt->capabilities, sp_capabilities_unref);
  g_free (attempt->detail);
  g_clear_pointer (&attempt->tls, sp_tls_report_unref);
  g_free (attempt->auth_mechanism);
  g_free (attempt->auth_user);
  g_free (attempt);
}

/* GObject */

static void
sp_transcript_finalize (GObject *object)
{
  SpTranscript *self = (SpTranscript *) object;

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->attempts, g_ptr_array_unref);
  g_clear_pointer (&self->mx_result, sp_mx_result_unref);
  g_clear_error (&self->dns_error);
  g_clear_pointer (&self->started, g_date_time_unref);
  g_clear_pointer (&self->recipient, g_free);
  g_clear_pointer (&self->sender, g_free);
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
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  signals[ATTEMPT_CHANGED] =
    g_signal_new ("attempt-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
sp_transcript_init (SpTranscript *self)
{
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->attempts = g_ptr_array_new_with_free_func (attempt_free);
  self->started = g_date_time_new_now_utc ();
  self->started_usec = g_get_monotonic_time ();
  self->step_started_usec = self->started_usec;
  self->current_attempt = -1;
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

  set_str (&self->recipient, recipient);
  set_str (&self->sender, sender);
  self->check_only = !!check_only;
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

  if (result == self->mx_result)
    return;

  if (result != NULL)
    sp_mx_result_ref (result);
  g_clear_pointer (&self->mx_result, sp_mx_result_unref);
  self->mx_result = result;
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

static void
add_entry (SpTranscript *self,
           SpDirection   direction,
           SpReplyClass  klass,
           SpStep        step,
           gboolean      is_error,
           const char   *text)
{
  SpTranscriptEntry *entry;
  gint64 now;

  /* A server that talks without end must not exhaust memory; the app's
   * own notes are few and say what happened, so they are always kept. */
  if (direction != SP_DIRECTION_NOTE)
    {
      if (self->n_lines >= SP_TRANSCRIPT_MAX_LINES)
        {
          if (!self->lines_dropped)
            {
              self->lines_dropped = TRUE;
              sp_transcript_add_error (self, step,
                                       _("The log has reached %u lines; further lines sent or "
                                         "received are left out of it."),
                                       (guint) SP_TRANSCRIPT_MAX_LINES);
            }
          return;
        }
      self->n_lines++;
    }

  now = g_get_monotonic_time ();

  entry = g_new0 (SpTranscriptEntry, 1);
  entry->index = self->entries->len;
  entry->mono_usec = now;
  entry->wall = g_date_time_new_now_utc ();
  entry->direction = direction;
  entry->klass = klass;
  entry->step = step;
  entry->attempt = self->current_attempt;
  entry->elapsed_usec = MAX (0, now - self->step_started_usec);
  entry->is_error = is_error;
  entry->text = sp_transcript_sanitize_text (text, -1);

  g_ptr_array_add (self->entries, entry);

  g_signal_emit (self, signals[ENTRY_ADDED], 0, entry->index);
}

static void G_GNUC_PRINTF (4, 0)
add_note_valist (SpTranscript *self,
                 SpStep        step,
                 gboolean      is_error,
                 const char   *format,
                 va_list       args)
{
  g_autofree char *text = g_strdup_vprintf (format, args);

  add_entry (self, SP_DIRECTION_NOTE, SP_REPLY_CLASS_LOCAL, step, is_error, text);
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
sp_transcript_add_client_line (SpTranscript *self,
                               SpStep        step,
                               const char   *line)
{
  g_return_if_fail (SP_IS_TRANSCRIPT (self));
  g_return_if_fail (line != NULL);

  add_entry (self, SP_DIRECTION_CLIENT, SP_REPLY_CLASS_LOCAL, step, FALSE, line);
}

void
sp_transcript_add_reply (SpTranscript  *self,
                         SpStep         step,
                         const SpReply *reply)
{
  const char * const *lines;
  SpReplyClass klass;
  guint n_lines;

  g_return_if_fail (SP_IS_TRANSCRIPT (self));
  g_return_if_fail (reply != NULL);

  lines = sp_reply_get_lines (reply);
  n_lines = sp_reply_get_n_lines (reply);
  klass = sp_reply_get_class (reply);

  for (guint i = 0; i < n_lines && lines[i] != NULL; i++)
    add_entry (self, SP_DIRECTION_SERVER, klass, step, FALSE, lines[i]);
}

guint
sp_transcript_get_n_entries (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), 0);

  return self->entries->len;
}

const SpTranscriptEntry *
sp_transcript_get_entry (SpTranscript *self,
                         guint         index)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);

  return g_ptr_array_index (self->entries, index);
}

/* Attempts and steps */

static SpTranscriptAttempt *
get_open_attempt (SpTranscript *self)
{
  if (self->current_attempt < 0)
    return NULL;

  return g_ptr_array_index (self->attempts, self->current_attempt);
}

/* For a setter called between attempts, which is a caller's mistake but
 * harmless: says which one in the debug log. */
static SpTranscriptAttempt *
get_open_attempt_or_debug (SpTranscript *self,
                           const char   *what)
{
  SpTranscriptAttempt *attempt = get_open_attempt (self);

  if (attempt == NULL)
    g_debug ("%s while no attempt was open", what);

  return attempt;
}

static SpTranscriptStep *
get_running_step (SpTranscriptAttempt *attempt)
{
  SpTranscriptStep *step;

  if (attempt == NULL || attempt->steps->len == 0)
    return NULL;

  step = g_ptr_array_index (attempt->steps, attempt->steps->len - 1);
  if (step->elapsed_usec >= 0)
    return NULL;

  return step;
}

static void
emit_attempt_changed (SpTranscript *self,
                      guint         index)
{
  g_signal_emit (self, signals[ATTEMPT_CHANGED], 0, index);
}

/* Closes @attempt's last step if it still runs, as when the caller
 * moves on without a reply; returns whether it did. */
static gboolean
close_running_step (SpTranscriptAttempt *attempt,
                    gint64               now)
{
  SpTranscriptStep *step = get_running_step (attempt);

  if (step == NULL)
    return FALSE;

  step->elapsed_usec = MAX (0, now - step->started_usec);

  return TRUE;
}

static void
close_attempt (SpTranscript *self,
               SpVerdict     result,
               SpStep        deciding_step,
               const char   *detail)
{
  SpTranscriptAttempt *attempt = get_open_attempt (self);
  guint index;

  g_assert (attempt != NULL);

  close_running_step (attempt, g_get_monotonic_time ());
  attempt->result = result;
  attempt->deciding_step = deciding_step;
  set_escaped_str (&attempt->detail, detail);

  index = self->current_attempt;
  self->current_attempt = -1;

  emit_attempt_changed (self, index);
}

guint
sp_transcript_begin_attempt (SpTranscript *self,
                             const char   *host,
                             const char   *address,
                             guint16       port)
{
  SpTranscriptAttempt *attempt;
  guint index;

  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), 0);

  /* An attempt that was never ended stays undecided. */
  if (self->current_attempt >= 0)
    close_attempt (self, SP_VERDICT_NONE, SP_STEP_NONE, NULL);

  attempt = g_new0 (SpTranscriptAttempt, 1);
  attempt->host = g_strdup (host);
  attempt->address = g_strdup (address);
  attempt->port = port;
  attempt->steps = g_ptr_array_new_with_free_func (step_free);
  attempt->result = SP_VERDICT_NONE;
  attempt->deciding_step = SP_STEP_NONE;

  index = self->attempts->len;
  g_ptr_array_add (self->attempts, attempt);
  self->current_attempt = index;
  self->step_started_usec = g_get_monotonic_time ();

  emit_attempt_changed (self, index);

  return index;
}

void
sp_transcript_begin_step (SpTranscript *self,
                          SpStep        step,
                          const char   *command)
{
  SpTranscriptAttempt *attempt;
  SpTranscriptStep *record;
  gint64 now;

  g_return_if_fail (SP_IS_TRANSCRIPT (self));

  now = g_get_monotonic_time ();
  self->step_started_usec = now;

  /* Steps before any connection (DNS) only set the clock for entries. */
  attempt = get_open_attempt (self);
  if (attempt == NULL)
    return;

  close_running_step (attempt, now);

  record = g_new0 (SpTranscriptStep, 1);
  record->step = step;
  record->command = g_strdup (command);
  record->started_usec = now;
  record->elapsed_usec = -1;
  g_ptr_array_add (attempt->steps, record);

  emit_attempt_changed (self, self->current_attempt);
}

void
sp_transcript_end_step (SpTranscript *self,
                        SpReply      *reply,
                        const GError *error)
{
  SpTranscriptStep *step;

  g_return_if_fail (SP_IS_TRANSCRIPT (self));

  step = get_running_step (get_open_attempt (self));
  if (step == NULL)
    {
      g_debug ("A step was ended while none was running");
      return;
    }

  step->elapsed_usec = MAX (0, g_get_monotonic_time () - step->started_usec);
  if (reply != NULL)
    step->reply = sp_reply_ref (reply);
  if (error != NULL)
    step->error = g_error_copy (error);

  emit_attempt_changed (self, self->current_attempt);
}

/* Swaps a reference-counted member of the open attempt, telling the
 * views only when it really changed. */
static void
replace_attempt_ref (SpTranscript   *self,
                     gpointer       *slot,
                     gpointer        value,
                     GBoxedCopyFunc  ref,
                     GDestroyNotify  unref)
{
  if (*slot == value)
    return;

  if (value != NULL)
    ref (value);
  g_clear_pointer (slot, unref);
  *slot = value;

  emit_attempt_changed (self, self->current_attempt);
}

void
sp_transcript_set_capabilities (SpTranscript   *self,
                                SpCapabilities *capabilities)
{
  SpTranscriptAttempt *attempt;

  g_return_if_fail (SP_IS_TRANSCRIPT (self));

  attempt = get_open_attempt_or_debug (self, "Capabilities were set");
  if (attempt == NULL)
    return;

  replace_attempt_ref (self, (gpointer *) &attempt->capabilities, capabilities,
                       (GBoxedCopyFunc) sp_capabilities_ref,
                       (GDestroyNotify) sp_capabilities_unref);
}

void
sp_transcript_set_tls_report (SpTranscript *self,
                              SpTlsReport  *report)
{
  SpTranscriptAttempt *attempt;

  g_return_if_fail (SP_IS_TRANSCRIPT (self));

  attempt = get_open_attempt_or_debug (self, "A TLS report was set");
  if (attempt == NULL)
    return;

  replace_attempt_ref (self, (gpointer *) &attempt->tls, report,
                       (GBoxedCopyFunc) sp_tls_report_ref,
                       (GDestroyNotify) sp_tls_report_unref);
}

void
sp_transcript_set_auth (SpTranscript *self,
                        const char   *mechanism,
                        const char   *user,
                        gboolean      authenticated)
{
  SpTranscriptAttempt *attempt;

  g_return_if_fail (SP_IS_TRANSCRIPT (self));

  attempt = get_open_attempt_or_debug (self, "A login was recorded");
  if (attempt == NULL)
    return;

  set_str (&attempt->auth_mechanism, mechanism);
  set_str (&attempt->auth_user, user);
  attempt->authenticated = !!authenticated;

  emit_attempt_changed (self, self->current_attempt);
}

gboolean
sp_transcript_has_tls_problems (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), FALSE);

  for (guint i = 0; i < self->attempts->len; i++)
    {
      const SpTranscriptAttempt *attempt = g_ptr_array_index (self->attempts, i);

      if (attempt->tls != NULL && !attempt->tls->validated)
        return TRUE;
    }

  return FALSE;
}

void
sp_transcript_end_attempt (SpTranscript *self,
                           SpVerdict     result,
                           SpStep        deciding_step,
                           const char   *detail)
{
  g_return_if_fail (SP_IS_TRANSCRIPT (self));

  if (self->current_attempt < 0)
    {
      g_debug ("An attempt was ended while none was open");
      return;
    }

  close_attempt (self, result, deciding_step, detail);
}

guint
sp_transcript_get_n_attempts (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), 0);

  return self->attempts->len;
}

const SpTranscriptAttempt *
sp_transcript_get_attempt (SpTranscript *self,
                           guint         index)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), NULL);
  g_return_val_if_fail (index < self->attempts->len, NULL);

  return g_ptr_array_index (self->attempts, index);
}

int
sp_transcript_get_current_attempt (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), -1);

  return self->current_attempt;
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
  set_escaped_str (&self->verdict_detail, detail);

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

gboolean
sp_transcript_get_mixed (SpTranscript *self)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (self), FALSE);

  return self->mixed;
}
