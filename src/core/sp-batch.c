/* sp-batch.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-batch"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-address.h"
#include "sp-batch.h"
#include "sp-diagnosis.h"
#include "sp-probe.h"

#define READ_CHUNK 4096

/* Result */

struct _SpBatchResult
{
  gatomicrefcount    ref_count;
  guint64            index;
  guint64            line;
  char              *target;
  SpBatchTargetKind  kind;
  char              *recipient;
  SpVerdict          verdict;
  gboolean           mixed;
  SpStep             deciding_step;
  char              *reply;
  char              *cause;
  char              *headline;
  SpTone             tone;
  gint64             elapsed_usec;
};

G_DEFINE_BOXED_TYPE (SpBatchResult, sp_batch_result, sp_batch_result_ref, sp_batch_result_unref)

static SpBatchResult *
result_new (guint64     index,
            guint64     line,
            const char *text)
{
  SpBatchResult *self = g_new0 (SpBatchResult, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->index = index;
  self->line = line;
  self->target = sp_transcript_sanitize_text (text, -1);
  self->reply = g_strdup ("");
  /* Until a test says otherwise: a line that is no target. */
  self->tone = SP_TONE_FAILURE;

  return self;
}

SpBatchResult *
sp_batch_result_ref (SpBatchResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sp_batch_result_unref (SpBatchResult *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->target);
  g_free (self->recipient);
  g_free (self->reply);
  g_free (self->cause);
  g_free (self->headline);
  g_free (self);
}

guint64
sp_batch_result_get_index (const SpBatchResult *self)
{
  return self->index;
}

guint64
sp_batch_result_get_line (const SpBatchResult *self)
{
  return self->line;
}

const char *
sp_batch_result_get_target (const SpBatchResult *self)
{
  return self->target;
}

SpBatchTargetKind
sp_batch_result_get_kind (const SpBatchResult *self)
{
  return self->kind;
}

const char *
sp_batch_result_get_recipient (const SpBatchResult *self)
{
  return self->recipient;
}

SpVerdict
sp_batch_result_get_verdict (const SpBatchResult *self)
{
  return self->verdict;
}

gboolean
sp_batch_result_get_mixed (const SpBatchResult *self)
{
  return self->mixed;
}

gboolean
sp_batch_result_get_accepted (const SpBatchResult *self)
{
  return self->kind != SP_BATCH_TARGET_INVALID && self->verdict == SP_VERDICT_ACCEPTED &&
         !self->mixed;
}

SpStep
sp_batch_result_get_deciding_step (const SpBatchResult *self)
{
  return self->deciding_step;
}

const char *
sp_batch_result_get_reply (const SpBatchResult *self)
{
  return self->reply;
}

const char *
sp_batch_result_get_cause (const SpBatchResult *self)
{
  return self->cause;
}

const char *
sp_batch_result_get_headline (const SpBatchResult *self)
{
  return self->headline;
}

SpTone
sp_batch_result_get_tone (const SpBatchResult *self)
{
  return self->tone;
}

gint64
sp_batch_result_get_elapsed_usec (const SpBatchResult *self)
{
  return self->elapsed_usec;
}

/* Batch */

/* One target under test. */
typedef struct
{
  SpBatch       *batch;   /* borrowed: the batch waits for every target */
  SpProbe       *probe;
  SpBatchResult *result;
  gint64         started;
} Target;

struct _SpBatch
{
  GObject          parent_instance;

  /* owned references */
  GInputStream    *input;
  SpProbeRequest  *template;
  GTask           *task;
  GCancellable    *cancellable;  /* the tests', cancelled with the run's */
  GByteArray      *buffer;       /* read but not yet split into lines */
  GHashTable      *finished;     /* index → SpBatchResult, waiting for their turn */
  GError          *read_error;

  /* state */
  gulong           cancelled_id;
  GCancellable    *run_cancellable;  /* borrowed from the task */
  guint64          n_lines;
  guint64          n_started;     /* targets so far, bad lines included */
  guint64          next_report;   /* in order: the index reported next */
  guint            n_running;
  guint            max_running;
  gint64           started;
  gboolean         in_order;
  gboolean         reading;
  gboolean         at_end;
  gboolean         skipping;      /* the rest of a line that was too long */
  guint64          skipped_line;
  SpBatchTally     tally;
  guint8           chunk[READ_CHUNK];
};

G_DEFINE_FINAL_TYPE (SpBatch, sp_batch, G_TYPE_OBJECT)

enum
{
  SIGNAL_STARTED,
  SIGNAL_RESULT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void pump (SpBatch *self);

static void
sp_batch_dispose (GObject *object)
{
  SpBatch *self = (SpBatch *)object;

  /* Tests and reads hold a reference: nothing runs by now, but a batch
   * disposed by hand stops what it would start. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->input);
  g_clear_object (&self->template);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sp_batch_parent_class)->dispose (object);
}

static void
sp_batch_finalize (GObject *object)
{
  SpBatch *self = (SpBatch *)object;

  g_clear_pointer (&self->buffer, g_byte_array_unref);
  g_clear_pointer (&self->finished, g_hash_table_unref);
  g_clear_error (&self->read_error);

  G_OBJECT_CLASS (sp_batch_parent_class)->finalize (object);
}

static void
sp_batch_class_init (SpBatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sp_batch_dispose;
  object_class->finalize = sp_batch_finalize;

  signals[SIGNAL_STARTED] =
    g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT64, G_TYPE_UINT64,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_RESULT] =
    g_signal_new ("result", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SP_TYPE_BATCH_RESULT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
sp_batch_init (SpBatch *self)
{
  self->buffer = g_byte_array_new ();
  self->cancellable = g_cancellable_new ();
  self->finished = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                          (GDestroyNotify) sp_batch_result_unref);
}

SpBatch *
sp_batch_new (GInputStream         *input,
              const SpProbeRequest *template)
{
  SpBatch *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (input), NULL);
  g_return_val_if_fail (SP_IS_PROBE_REQUEST ((SpProbeRequest *) template), NULL);

  self = g_object_new (SP_TYPE_BATCH, NULL);
  self->input = g_object_ref (input);
  self->template = sp_probe_request_copy (template);

  return self;
}

void
sp_batch_set_in_order (SpBatch  *self,
                       gboolean  in_order)
{
  g_return_if_fail (SP_IS_BATCH (self));
  g_return_if_fail (self->task == NULL);

  self->in_order = !!in_order;
}

const SpBatchTally *
sp_batch_get_tally (SpBatch *self)
{
  g_return_val_if_fail (SP_IS_BATCH (self), NULL);

  /* Once the run is over, the time it took stays as it was. */
  if (self->started != 0 && self->task != NULL)
    self->tally.elapsed_usec = g_get_monotonic_time () - self->started;

  return &self->tally;
}

guint
sp_batch_get_max_running (SpBatch *self)
{
  g_return_val_if_fail (SP_IS_BATCH (self), 0);

  return self->max_running;
}

/* Reporting */

static void
count (SpBatch             *self,
       const SpBatchResult *result)
{
  self->tally.n_targets++;
  if (result->kind == SP_BATCH_TARGET_INVALID)
    self->tally.n_invalid++;
  else if ((guint) result->verdict < G_N_ELEMENTS (self->tally.by_verdict))
    self->tally.by_verdict[result->verdict]++;
  if (sp_batch_result_get_accepted (result))
    self->tally.n_accepted++;
  if (result->mixed)
    self->tally.n_mixed++;
}

static void
emit (SpBatch       *self,
      SpBatchResult *result)
{
  count (self, result);
  g_signal_emit (self, signals[SIGNAL_RESULT], 0, result);
}

/* Takes @result; reports it, and in order every result it held up. */
static void
report (SpBatch       *self,
        SpBatchResult *result)
{
  if (!self->in_order)
    {
      emit (self, result);
      sp_batch_result_unref (result);
      return;
    }

  g_hash_table_insert (self->finished, g_memdup2 (&result->index, sizeof result->index), result);
  for (;;)
    {
      SpBatchResult *next = g_hash_table_lookup (self->finished, &self->next_report);
      guint64 key = self->next_report;

      if (next == NULL)
        break;
      self->next_report++;
      emit (self, next);
      g_hash_table_remove (self->finished, &key);
    }
}

/* Targets */

/* The recipient for a server line: the template's, or postmaster@ the
 * host (an address literal for an IP address, RFC 5321 4.1.3). */
static char *
server_recipient (SpBatch    *self,
                  const char *host)
{
  if (self->template->recipient != NULL && *self->template->recipient != '\0')
    return g_strdup (self->template->recipient);
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("postmaster@[IPv6:%s]", host);
  if (g_hostname_is_ip_address (host))
    return g_strdup_printf ("postmaster@[%s]", host);

  return g_strdup_printf ("postmaster@%s", host);
}

/* What a line names, as a request of its own; NULL with @error for a line
 * that is no target, in the words of the request's own validation. */
static SpProbeRequest *
request_for_line (SpBatch            *self,
                  const char         *line,
                  SpBatchTargetKind  *kind,
                  GError            **error)
{
  g_autoptr(SpProbeRequest) request = sp_probe_request_copy (self->template);
  g_autofree char *recipient = NULL;

  *kind = SP_BATCH_TARGET_INVALID;

  if (strchr (line, '@') != NULL)
    {
      *kind = SP_BATCH_TARGET_ADDRESS;
      recipient = g_strdup (line);
    }
  else if (strchr (line, ':') != NULL || line[0] == '[' || g_hostname_is_ip_address (line))
    {
      g_autofree char *host = NULL;
      guint16 port = request->port;

      if (!sp_server_parse (line, &host, &port, error))
        return NULL;
      *kind = SP_BATCH_TARGET_SERVER;
      recipient = server_recipient (self, host);
      sp_probe_request_set_server (request, line);
    }
  else
    {
      *kind = SP_BATCH_TARGET_DOMAIN;
      recipient = g_strdup_printf ("postmaster@%s", line);
    }

  sp_probe_request_set_recipient (request, recipient);
  if (!sp_probe_request_validate (request, NULL, error))
    {
      *kind = SP_BATCH_TARGET_INVALID;
      return NULL;
    }

  return g_steal_pointer (&request);
}

static void
target_free (Target *target)
{
  g_clear_object (&target->probe);
  g_clear_pointer (&target->result, sp_batch_result_unref);
  g_free (target);
}

/* What is kept of a test once it is over: the facts and the diagnosis's
 * words, not the log. */
static void
fill_result (SpBatchResult *result,
             SpTranscript  *transcript)
{
  SpAttempt *deciding = sp_transcript_get_deciding_attempt (transcript);
  g_autoptr(SpExplanation) explanation = sp_diagnosis_explain_transcript (transcript);
  g_autofree char *headline = NULL;

  result->verdict = sp_transcript_get_verdict (transcript);
  result->mixed = sp_transcript_get_mixed (transcript);
  result->deciding_step = sp_transcript_get_deciding_step (transcript);
  result->tone = sp_diagnosis_get_transcript_tone (transcript);
  if (deciding != NULL)
    {
      g_free (result->reply);
      result->reply = sp_diagnosis_dup_server_cell (deciding, SP_SERVER_COLUMN_REPLY);
    }
  if (explanation != NULL)
    result->cause = g_strdup (sp_explanation_get_cause (explanation));
  /* The headline quotes the recipient and the server as they are. */
  headline = sp_diagnosis_dup_headline (transcript);
  result->headline = sp_transcript_escape_text (headline, -1);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *res,
          gpointer      user_data)
{
  Target *target = user_data;
  SpBatch *self = target->batch;
  SpBatchResult *result = target->result;
  g_autoptr(GError) error = NULL;

  sp_probe_run_finish (SP_PROBE (object), res, &error);
  result->elapsed_usec = g_get_monotonic_time () - target->started;
  fill_result (result, sp_probe_get_transcript (target->probe));
  /* A CA file that holds no certificate stops every test before any
   * traffic: its message says so. */
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_free (result->headline);
      result->headline = sp_transcript_sanitize_text (error->message, -1);
    }

  target->result = NULL;
  target_free (target);
  self->n_running--;
  report (self, result);
  pump (self);
  g_object_unref (self);
}

static void
start_line (SpBatch    *self,
            const char *text)
{
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  SpBatchResult *result;
  SpBatchTargetKind kind;
  Target *target;

  result = result_new (self->n_started++, self->n_lines, text);
  request = request_for_line (self, text, &kind, &error);
  result->kind = kind;
  if (request == NULL)
    {
      /* The message quotes the line. */
      result->headline = sp_transcript_sanitize_text (error->message, -1);
      report (self, result);
      return;
    }

  result->recipient = g_strdup (request->recipient);
  target = g_new0 (Target, 1);
  target->batch = g_object_ref (self);
  target->result = result;
  target->probe = sp_probe_new (request);
  target->started = g_get_monotonic_time ();
  self->n_running++;
  self->max_running = MAX (self->max_running, self->n_running);
  g_signal_emit (self, signals[SIGNAL_STARTED], 0, result->index, result->line, result->target);
  sp_probe_run_async (target->probe, self->cancellable, probe_cb, target);
}

/* A line that is too long is no target: it is reported without being
 * kept, from its first bytes. */
static void
report_long_line (SpBatch *self)
{
  g_autofree char *start = g_strndup ((const char *) self->buffer->data, 64);
  SpBatchResult *result = result_new (self->n_started++, self->n_lines, start);

  result->headline = g_strdup_printf (
    g_dngettext (GETTEXT_PACKAGE,
                 /* Translators: a line of a list of targets; %u is its limit, 1024. */
                 "The line is longer than %u character, which no address, domain or server is.",
                 "The line is longer than %u characters, which no address, domain or server is.",
                 SP_BATCH_MAX_LINE_LENGTH),
    SP_BATCH_MAX_LINE_LENGTH);
  report (self, result);
}

/* Splits one line off the buffer; FALSE when no whole line is there. */
static gboolean
take_line (SpBatch  *self,
           char    **line)
{
  const guint8 *nl = NULL;
  gsize line_len;
  gsize len;

  *line = NULL;
  if (self->buffer->len > 0)
    nl = memchr (self->buffer->data, '\n', self->buffer->len);
  if (nl == NULL && !self->at_end)
    {
      if (self->buffer->len > SP_BATCH_MAX_LINE_LENGTH)
        {
          if (!self->skipping)
            {
              self->n_lines++;
              report_long_line (self);
              self->skipping = TRUE;
            }
          g_byte_array_set_size (self->buffer, 0);
        }
      return FALSE;
    }
  if (nl == NULL && self->buffer->len == 0)
    return FALSE;

  len = nl != NULL ? (gsize) (nl - self->buffer->data) : self->buffer->len;
  line_len = len;
  if (self->skipping)
    {
      self->skipping = FALSE;
      g_byte_array_remove_range (self->buffer, 0, MIN (len + 1, self->buffer->len));
      *line = g_strdup ("");
      return TRUE;
    }

  self->n_lines++;
  if (len > SP_BATCH_MAX_LINE_LENGTH)
    {
      report_long_line (self);
      *line = g_strdup ("");
    }
  else
    {
      const guint8 *start = self->buffer->data;

      /* Lists saved by Windows editors start with a byte order mark. */
      if (self->n_lines == 1 && len >= 3 && memcmp (start, "\xef\xbb\xbf", 3) == 0)
        {
          start += 3;
          len -= 3;
        }
      *line = g_malloc (len + 1);
      memcpy (*line, start, len);
      (*line)[len] = '\0';
      /* An embedded NUL would cut the line short unseen: make it a
       * character that no target has. */
      for (gsize i = 0; i < len; i++)
        if ((*line)[i] == '\0')
          (*line)[i] = '?';
    }
  g_byte_array_remove_range (self->buffer, 0, MIN (line_len + 1, self->buffer->len));

  return TRUE;
}

static void read_more (SpBatch *self);

static gboolean
may_start (SpBatch *self)
{
  guint jobs = MAX (self->template->jobs, 1);

  if (self->n_running >= jobs || g_cancellable_is_cancelled (self->cancellable))
    return FALSE;
  /* In order, the results held for their turn stay within a window. */
  return !self->in_order || self->n_started - self->next_report < (guint64) jobs *
                                                                     SP_BATCH_ORDER_WINDOW;
}

static void
complete (SpBatch *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_cancellable_disconnect (self->run_cancellable, self->cancelled_id);
  self->cancelled_id = 0;
  self->tally.elapsed_usec = g_get_monotonic_time () - self->started;

  if (self->read_error != NULL)
    g_task_return_error (task, g_steal_pointer (&self->read_error));
  else if (g_cancellable_is_cancelled (self->cancellable))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The tests were stopped."));
  else
    g_task_return_boolean (task, TRUE);
}

/* Starts tests while there are free places and lines to read; ends the
 * run once the list is over and every test ended. */
static void
pump (SpBatch *self)
{
  if (self->task == NULL)
    return;

  while (may_start (self))
    {
      g_autofree char *line = NULL;
      char *text;

      if (!take_line (self, &line))
        {
          if (!self->at_end)
            read_more (self);
          break;
        }

      text = g_strstrip (line);
      if (*text == '\0' || *text == '#')
        continue;
      start_line (self, text);
    }

  if (self->n_running == 0 && !self->reading &&
      (self->at_end || g_cancellable_is_cancelled (self->cancellable)) &&
      (self->buffer->len == 0 || g_cancellable_is_cancelled (self->cancellable)))
    complete (self);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SpBatch) self = user_data;
  g_autoptr(GError) error = NULL;
  gssize n;

  self->reading = FALSE;
  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        self->read_error = g_steal_pointer (&error);
      self->at_end = TRUE;
      g_byte_array_set_size (self->buffer, 0);
    }
  else if (n == 0)
    self->at_end = TRUE;
  else
    g_byte_array_append (self->buffer, self->chunk, n);

  pump (self);
}

static void
read_more (SpBatch *self)
{
  if (self->reading || self->at_end)
    return;

  self->reading = TRUE;
  g_input_stream_read_async (self->input, self->chunk, sizeof self->chunk, G_PRIORITY_DEFAULT,
                             self->cancellable, read_cb, g_object_ref (self));
}

static void
run_cancelled_cb (GCancellable *cancellable,
                  SpBatch      *self)
{
  g_cancellable_cancel (self->cancellable);
}

void
sp_batch_run_async (SpBatch             *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_return_if_fail (SP_IS_BATCH (self));
  g_return_if_fail (self->task == NULL && self->started == 0);

  self->task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (self->task, sp_batch_run_async);
  self->started = g_get_monotonic_time ();
  sp_diagnosis_expect_many_replies ();

  if (cancellable != NULL)
    {
      self->run_cancellable = cancellable;
      self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (run_cancelled_cb),
                                                  self, NULL);
    }

  pump (self);
}

gboolean
sp_batch_run_finish (SpBatch       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (SP_IS_BATCH (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
