/* sp-session.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-session"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-line-reader.h"
#include "sp-session.h"

struct _SpSession
{
  GObject             parent_instance;

  /* owned references */
  SpTranscript       *transcript;
  GSocketClient      *client;
  GSocketConnection  *connection;
  SpLineReader       *reader;
  SpCapabilities     *capabilities;

  /* state */
  guint               timeout_ms;
  gboolean            busy;
};

G_DEFINE_FINAL_TYPE (SpSession, sp_session, G_TYPE_OBJECT)

G_DEFINE_QUARK (sp-session-error-quark, sp_session_error)

/* One operation: a connect plus banner, a command and its reply, or a
 * message and the reply to its final dot. */
typedef struct
{
  SpStep          step;
  char           *line;
  GBytes         *payload;
  SpReplyParser  *parser;
  GCancellable   *cancellable;      /* cancelled by the caller's or by the timer */
  GCancellable   *user_cancellable;
  gulong          cancelled_id;
  guint           timeout_id;
  guint           timeout_ms;
  gboolean        timed_out;
  char           *host_name;
  char           *address;
  guint16         port;
} Op;

static void
op_free (Op *op)
{
  g_clear_handle_id (&op->timeout_id, g_source_remove);
  if (op->cancelled_id != 0)
    g_cancellable_disconnect (op->user_cancellable, op->cancelled_id);
  g_clear_object (&op->user_cancellable);
  g_clear_object (&op->cancellable);
  g_clear_pointer (&op->parser, sp_reply_parser_free);
  g_clear_pointer (&op->payload, g_bytes_unref);
  g_free (op->line);
  g_free (op->host_name);
  g_free (op->address);
  g_free (op);
}

static void
sp_session_dispose (GObject *object)
{
  SpSession *self = (SpSession *)object;

  sp_session_disconnect (self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (sp_session_parent_class)->dispose (object);
}

static void
sp_session_finalize (GObject *object)
{
  SpSession *self = (SpSession *)object;

  g_clear_object (&self->transcript);
  g_clear_pointer (&self->capabilities, sp_capabilities_unref);

  G_OBJECT_CLASS (sp_session_parent_class)->finalize (object);
}

static void
sp_session_class_init (SpSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sp_session_dispose;
  object_class->finalize = sp_session_finalize;
}

static void
sp_session_init (SpSession *self)
{
  self->timeout_ms = SP_SESSION_DEFAULT_TIMEOUT * 1000;
  self->client = g_socket_client_new ();
  /* Our own timer bounds each step as a whole; GSocketClient's would only
   * bound each system call. */
  g_socket_client_set_timeout (self->client, 0);
}

SpSession *
sp_session_new (SpTranscript *transcript)
{
  SpSession *self;

  g_return_val_if_fail (SP_IS_TRANSCRIPT (transcript), NULL);

  self = g_object_new (SP_TYPE_SESSION, NULL);
  self->transcript = g_object_ref (transcript);

  return self;
}

SpTranscript *
sp_session_get_transcript (SpSession *self)
{
  g_return_val_if_fail (SP_IS_SESSION (self), NULL);

  return self->transcript;
}

void
sp_session_set_timeout (SpSession *self,
                        guint      seconds)
{
  g_return_if_fail (SP_IS_SESSION (self));

  sp_session_set_timeout_ms (self, seconds * 1000);
}

void
sp_session_set_timeout_ms (SpSession *self,
                           guint      milliseconds)
{
  g_return_if_fail (SP_IS_SESSION (self));
  g_return_if_fail (milliseconds > 0);

  self->timeout_ms = milliseconds;
}

guint
sp_session_get_timeout (SpSession *self)
{
  g_return_val_if_fail (SP_IS_SESSION (self), 0);

  return (self->timeout_ms + 999) / 1000;
}

gboolean
sp_session_is_connected (SpSession *self)
{
  g_return_val_if_fail (SP_IS_SESSION (self), FALSE);

  return self->connection != NULL;
}

SpCapabilities *
sp_session_get_capabilities (SpSession *self)
{
  g_return_val_if_fail (SP_IS_SESSION (self), NULL);

  return self->capabilities;
}

static void
close_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  /* Nothing to report: the connection is being dropped anyway. */
  g_io_stream_close_finish (G_IO_STREAM (object), result, NULL);
}

void
sp_session_disconnect (SpSession *self)
{
  g_return_if_fail (SP_IS_SESSION (self));

  g_clear_object (&self->reader);

  if (self->connection != NULL)
    {
      g_io_stream_close_async (G_IO_STREAM (self->connection), G_PRIORITY_DEFAULT,
                               NULL, close_cb, NULL);
      g_clear_object (&self->connection);
    }
}

/* Timer and cancellation */

static gboolean
op_timeout_cb (gpointer user_data)
{
  Op *op = user_data;

  op->timeout_id = 0;
  op->timed_out = TRUE;
  g_cancellable_cancel (op->cancellable);

  return G_SOURCE_REMOVE;
}

static void
user_cancelled_cb (GCancellable *user_cancellable,
                   GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
op_start_timer (Op *op)
{
  g_clear_handle_id (&op->timeout_id, g_source_remove);
  op->timeout_id = g_timeout_add (op->timeout_ms, op_timeout_cb, op);
}

static GTask *
op_task_new (SpSession           *self,
             SpStep               step,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             source_tag)
{
  GTask *task;
  Op *op;

  op = g_new0 (Op, 1);
  op->step = step;
  op->timeout_ms = self->timeout_ms;
  op->parser = sp_reply_parser_new ();
  op->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      op->user_cancellable = g_object_ref (cancellable);
      op->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (user_cancelled_cb),
                                                g_object_ref (op->cancellable), g_object_unref);
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* The caller's cancellable is watched by hand, so that a cancelled
   * operation still records what happened before it completes. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, op, (GDestroyNotify)op_free);

  return task;
}

/* Turns an I/O failure into the sentence the user sees, and records it. */
static GError *
op_translate_error (SpSession *self,
                    Op        *op,
                    GError    *error)
{
  g_autoptr(GError) owned = error;
  const char *label = sp_step_get_label (op->step);
  double seconds = op->timeout_ms / 1000.0;

  if (op->timed_out)
    {
      if (op->step == SP_STEP_CONNECT)
        return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_CONNECT_TIMED_OUT,
                            _("No answer from %s [%s] on port %u within %g seconds. A firewall "
                              "at either end may be dropping the connection: many internet "
                              "providers and company networks block outgoing port 25. Try "
                              "port 587, or test from another network."),
                            op->host_name, op->address, op->port, seconds);

      return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_TIMED_OUT,
                          _("The server did not finish its reply to the step “%s” within %g "
                            "seconds. It may be overloaded or deliberately slow; run the test "
                            "again later or with a longer time limit."),
                          label, seconds);
    }

  if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_steal_pointer (&owned);

  if (op->step == SP_STEP_CONNECT)
    {
      if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
        return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_CONNECTION_REFUSED,
                            _("Could not open a connection to %s [%s] on port %u: the "
                              "connection was refused. The mail service may be down, a "
                              "firewall may be rejecting connections, or the host name or "
                              "port may be wrong."),
                            op->host_name, op->address, op->port);

      if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
          g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
        return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_UNREACHABLE,
                            _("Could not open a connection to %s [%s] on port %u: there is no "
                              "route to it (%s). Check this computer’s network connection, or "
                              "whether it can use IPv6 if the address is IPv6."),
                            op->host_name, op->address, op->port, owned->message);

      if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_CONNECT_TIMED_OUT,
                            _("No answer from %s [%s] on port %u. A firewall at either end may "
                              "be dropping the connection: many internet providers and company "
                              "networks block outgoing port 25. Try port 587, or test from "
                              "another network."),
                            op->host_name, op->address, op->port);

      return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_CONNECT_FAILED,
                          _("Could not open a connection to %s [%s] on port %u: %s"),
                          op->host_name, op->address, op->port, owned->message);
    }

  if (owned->domain == SP_REPLY_ERROR ||
      g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_PROTOCOL,
                        _("The server’s answer to the step “%s” is not valid SMTP: %s"),
                        label, owned->message);

  if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_CLOSED,
                        _("The server closed the connection during the step “%s”. It may "
                          "have dropped this client on purpose (for example a blocklisted "
                          "address), or it may have crashed; run the test again to see "
                          "whether it happens every time."),
                        label);

  return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_CLOSED,
                      _("The connection failed during the step “%s”: %s"),
                      label, owned->message);
}

static void
op_fail (GTask  *task,
         GError *error)
{
  SpSession *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  GError *translated;

  translated = op_translate_error (self, op, error);

  if (g_error_matches (translated, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    sp_transcript_add_error (self->transcript, op->step, "%s", _("Cancelled."));
  else
    sp_transcript_add_error (self->transcript, op->step, "%s", translated->message);
  sp_transcript_end_step (self->transcript, NULL, translated);

  /* After a failure part of a reply may still be in flight; the
   * connection can no longer be trusted to be in step. */
  sp_session_disconnect (self);
  self->busy = FALSE;

  g_task_return_error (task, translated);
}

/* Reading a reply */

static void read_reply_line (GTask *task);

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpSession *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autoptr(SpReply) reply = NULL;

  line = sp_line_reader_read_line_finish (SP_LINE_READER (object), result, &error);
  if (line == NULL)
    {
      op_fail (task, g_steal_pointer (&error));
      return;
    }

  if (!sp_reply_parser_push_line (op->parser, line, -1, &error))
    {
      /* Show what broke the grammar, so the log explains the failure. */
      sp_transcript_add_note (self->transcript, op->step, _("Received: %s"), line);
      op_fail (task, g_steal_pointer (&error));
      return;
    }

  if (!sp_reply_parser_is_complete (op->parser))
    {
      read_reply_line (g_steal_pointer (&task));
      return;
    }

  reply = sp_reply_parser_take_reply (op->parser);
  sp_transcript_add_reply (self->transcript, op->step, reply);

  if (op->step == SP_STEP_EHLO && sp_reply_get_code (reply) == 250)
    {
      g_clear_pointer (&self->capabilities, sp_capabilities_unref);
      self->capabilities = sp_capabilities_new_from_reply (reply);
      sp_transcript_set_capabilities (self->transcript, self->capabilities);
    }

  sp_transcript_end_step (self->transcript, reply, NULL);
  self->busy = FALSE;

  /* The server ends the session after 221 and after 421 (RFC 5321 3.8). */
  if (sp_reply_get_code (reply) == 221 || sp_reply_get_code (reply) == 421)
    sp_session_disconnect (self);

  g_task_return_pointer (task, g_steal_pointer (&reply), (GDestroyNotify)sp_reply_unref);
}

static void
read_reply_line (GTask *task)
{
  SpSession *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);

  if (self->reader == NULL)
    {
      op_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                          _("The connection is closed.")));
      g_object_unref (task);
      return;
    }

  sp_line_reader_read_line_async (self->reader, op->cancellable, read_line_cb, task);
}

/* Connect */

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpSession *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  const SpTranscriptAttempt *attempt;
  const SpTranscriptStep *step;
  int index;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL)
    {
      op_fail (task, g_steal_pointer (&error));
      return;
    }

  self->connection = g_steal_pointer (&connection);
  self->reader = sp_line_reader_new (g_io_stream_get_input_stream (G_IO_STREAM (self->connection)),
                                     SP_REPLY_MAX_LINE_LENGTH);

  index = sp_transcript_get_current_attempt (self->transcript);
  attempt = sp_transcript_get_attempt (self->transcript, index);
  step = g_ptr_array_index (attempt->steps, attempt->steps->len - 1);
  sp_transcript_add_note (self->transcript, SP_STEP_CONNECT, _("Connected in %.1f ms."),
                          (g_get_monotonic_time () - step->started_usec) / 1000.0);
  sp_transcript_end_step (self->transcript, NULL, NULL);

  /* The banner has a time limit of its own. */
  op->step = SP_STEP_BANNER;
  sp_transcript_begin_step (self->transcript, SP_STEP_BANNER, NULL);
  op_start_timer (op);
  read_reply_line (g_steal_pointer (&task));
}

void
sp_session_connect_async (SpSession           *self,
                          GInetSocketAddress  *address,
                          const char          *host_name,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *address_string = NULL;
  Op *op;

  g_return_if_fail (SP_IS_SESSION (self));
  g_return_if_fail (G_IS_INET_SOCKET_ADDRESS (address));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = op_task_new (self, SP_STEP_CONNECT, cancellable, callback, user_data,
                      sp_session_connect_async);

  if (self->busy || self->connection != NULL)
    {
      g_task_return_new_error (task, SP_SESSION_ERROR, SP_SESSION_ERROR_BUSY,
                               _("This session is already connected."));
      return;
    }

  op = g_task_get_task_data (task);
  address_string = g_inet_address_to_string (g_inet_socket_address_get_address (address));
  op->address = g_strdup (address_string);
  op->port = g_inet_socket_address_get_port (address);
  op->host_name = g_strdup (host_name != NULL ? host_name : address_string);

  g_clear_pointer (&self->capabilities, sp_capabilities_unref);
  self->busy = TRUE;

  sp_transcript_begin_attempt (self->transcript, op->host_name, op->address, op->port);
  sp_transcript_begin_step (self->transcript, SP_STEP_CONNECT, NULL);
  if (g_strcmp0 (op->host_name, op->address) == 0)
    sp_transcript_add_note (self->transcript, SP_STEP_CONNECT, _("Connecting to %s port %u…"),
                            op->address, op->port);
  else
    sp_transcript_add_note (self->transcript, SP_STEP_CONNECT,
                            _("Connecting to %s [%s] port %u…"),
                            op->host_name, op->address, op->port);

  if (g_cancellable_is_cancelled (cancellable))
    {
      op_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled.")));
      return;
    }

  op_start_timer (op);
  g_socket_client_connect_async (self->client,
                                 G_SOCKET_CONNECTABLE (address),
                                 op->cancellable,
                                 connect_cb,
                                 g_steal_pointer (&task));
}

SpReply *
sp_session_connect_finish (SpSession     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (SP_IS_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Commands and the message */

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      op_fail (task, g_steal_pointer (&error));
      return;
    }

  read_reply_line (g_steal_pointer (&task));
}

static gboolean
op_check_ready (SpSession *self,
                GTask     *task)
{
  if (self->busy)
    {
      g_task_return_new_error (task, SP_SESSION_ERROR, SP_SESSION_ERROR_BUSY,
                               _("Another command is still waiting for its reply."));
      return FALSE;
    }

  if (self->connection == NULL)
    {
      g_task_return_new_error (task, SP_SESSION_ERROR, SP_SESSION_ERROR_NOT_CONNECTED,
                               _("There is no open connection to send the command on."));
      return FALSE;
    }

  return TRUE;
}

static void
op_send (SpSession *self,
         GTask     *task,
         GBytes    *data)
{
  Op *op = g_task_get_task_data (task);
  GOutputStream *output;
  gsize size;
  gconstpointer bytes;

  self->busy = TRUE;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      op_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled.")));
      g_object_unref (task);
      return;
    }

  op->payload = g_bytes_ref (data);
  bytes = g_bytes_get_data (op->payload, &size);
  output = g_io_stream_get_output_stream (G_IO_STREAM (self->connection));
  op_start_timer (op);
  g_output_stream_write_all_async (output, bytes, size, G_PRIORITY_DEFAULT,
                                   op->cancellable, write_cb, task);
}

void
sp_session_command_async (SpSession           *self,
                          SpStep               step,
                          const char          *line,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autofree char *wire = NULL;

  g_return_if_fail (SP_IS_SESSION (self));
  g_return_if_fail (line != NULL);

  task = op_task_new (self, step, cancellable, callback, user_data, sp_session_command_async);

  if (!op_check_ready (self, task))
    return;

  /* A line end inside a command would smuggle in a second command. */
  if (strpbrk (line, "\r\n") != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("A command cannot contain a line break."));
      return;
    }

  sp_transcript_begin_step (self->transcript, step, line);
  sp_transcript_add_client_line (self->transcript, step, line);

  wire = g_strconcat (line, "\r\n", NULL);
  data = g_bytes_new_take (g_steal_pointer (&wire), strlen (line) + 2);
  op_send (self, g_steal_pointer (&task), data);
}

SpReply *
sp_session_command_finish (SpSession     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (SP_IS_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
log_message_lines (SpSession *self,
                   GBytes    *stuffed)
{
  gsize size;
  const char *data = g_bytes_get_data (stuffed, &size);
  const char *end = data + size;
  const char *p = data;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      gsize len = (nl != NULL ? nl : end) - p;
      g_autofree char *line = NULL;

      if (len > 0 && p[len - 1] == '\r')
        len--;
      line = g_strndup (p, len);
      sp_transcript_add_client_line (self->transcript, SP_STEP_MESSAGE, line);

      if (nl == NULL)
        break;
      p = nl + 1;
    }
}

void
sp_session_send_message_async (SpSession           *self,
                               GBytes              *stuffed,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SP_IS_SESSION (self));
  g_return_if_fail (stuffed != NULL);

  task = op_task_new (self, SP_STEP_MESSAGE, cancellable, callback, user_data,
                      sp_session_send_message_async);

  if (!op_check_ready (self, task))
    return;

  sp_transcript_begin_step (self->transcript, SP_STEP_MESSAGE, ".");
  log_message_lines (self, stuffed);
  op_send (self, g_steal_pointer (&task), stuffed);
}

SpReply *
sp_session_send_message_finish (SpSession     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (SP_IS_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
