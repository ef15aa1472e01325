/* sp-scripted-server.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * The scenario language
 * =====================
 *
 * A scenario is plain text, one statement per line. Blank lines and lines
 * whose first non-blank character is “#” are ignored. Keywords are
 * case-insensitive. Example:
 *
 *   # A server that refuses one sender domain and is slow to accept DATA.
 *   hostname mx1.example.test
 *   banner delay 200 220 mx1.example.test ESMTP ready
 *   on EHLO => 250-mx1.example.test\n250-8BITMIME\n250 SIZE 10240000
 *   on MAIL FROM:<*@bad.test>* => 550 5.1.7 Invalid address
 *   on RCPT TO:<unknown@*     => 550 5.1.1 User unknown
 *   on .                      => delay 2000 250 2.0.0 Ok: queued as TEST
 *   on NOOP                   => silent
 *   on RSET                   => close
 *
 * Statements
 *
 *   hostname NAME        The name used by the built-in replies below
 *                        (default “mx.example.test”). At most once.
 *   banner ACTION        What happens when a client connects. At most once;
 *                        the default is “220 NAME ESMTP ready”.
 *   on PATTERN => ACTION What happens when a client sends a line that
 *                        PATTERN matches. The first matching rule wins, in
 *                        the order of the scenario; lines that no rule
 *                        matches fall through to the built-in rules.
 *   line-ends LF|CRLF    The line end of TEXT replies, the built-in ones
 *                        included (default CRLF). “line-ends LF” makes a
 *                        server that ends its lines with a bare LF. At
 *                        most once.
 *
 * Patterns
 *
 *   A pattern that is a single word without “*” or “?” names a command: it
 *   matches any line whose first word is that word, so “on EHLO” matches
 *   “EHLO client.example.org”. Any other pattern is a glob over the whole
 *   line (without its line end): “*” matches any run of characters, “?” a
 *   single one, so “on RCPT TO:<*@example.test>*” matches that recipient
 *   domain with or without parameters. Matching ignores case.
 *
 *   The pattern “.” is special: it matches the lone “.” that ends a
 *   message after DATA, and nothing else. At the end of a message, rules
 *   are tried against the line “.”, so “on *” sees it as well.
 *
 * Actions
 *
 *   TEXT                 Sends TEXT as the reply. “\n” separates the lines
 *                        of a multi-line reply (write the “250-” and “250 ”
 *                        prefixes yourself; the server sends them as
 *                        written, so malformed replies can be scripted
 *                        too) and “\\” is a backslash. Every line goes out
 *                        with CRLF (LF after “line-ends LF”). Leading and
 *                        trailing blanks are dropped.
 *   silent               Sends nothing; the server keeps reading, so the
 *                        next command is answered as usual.
 *   close                Closes the connection without a reply.
 *   hang                 Sends nothing and never reads from this client
 *                        again; the connection stays open until the client
 *                        closes it or the server stops (a server that
 *                        stalls, for example in a TLS handshake).
 *   delay MS ACTION      Waits MS milliseconds (at most ten minutes), then
 *                        does ACTION. Later commands the client pipelined
 *                        wait their turn.
 *
 * Actions for hostile and broken servers
 *
 *   raw TEXT             Sends TEXT exactly as written, with no line end
 *                        added. “\r”, “\n” and “\t” are CR, LF and tab,
 *                        “\xHH” is any byte (two hex digits, “\x00” too)
 *                        and “\\” a backslash. Leading and trailing blanks
 *                        are dropped: write a blank at either end as “\x20”.
 *   garbage [N]          Sends N bytes (default 64, at most 1 MiB) of
 *                        binary noise, the same for the same N, then CRLF.
 *                        The first byte is never a digit, and from 16
 *                        bytes on the noise has NUL, escape, CR, LF and
 *                        invalid UTF-8 bytes.
 *   flood N ACTION       Sends the bytes of ACTION (a TEXT reply, raw or
 *                        garbage) N times in a row, or without end for
 *                        “flood forever”, until the client goes away.
 *   drip MS ACTION       Sends the bytes of ACTION (a TEXT reply, raw,
 *                        garbage or flood) one byte every MS milliseconds
 *                        (1 to 60000).
 *   A then B             After raw, garbage, flood or drip, “then” (a word
 *                        on its own) ends the action and starts the next
 *                        one, which may be any action, another chain too.
 *                        Their text therefore cannot contain that word;
 *                        in raw text, write it as “\x74hen”.
 *
 *   Examples:
 *
 *   banner flood forever raw x             a line that never ends
 *   on EHLO => flood forever 250-spam      a reply that never ends
 *   banner drip 500 220 slow.example.test  one byte every half second
 *   banner garbage                         noise instead of a reply code
 *   on EHLO => raw 250-mx\r\n250-SI then close
 *                                          the connection closed mid-reply
 *   on DATA => raw 354 go on\r\n then delay 200 close
 *                                          closed while the message is sent
 *   on STARTTLS => raw 220 2.0.0 Ready\r\n then hang
 *                                          a TLS handshake that stalls
 *
 * Built-in behaviour
 *
 *   After any reply whose last line starts with “354”, the server reads
 *   message lines, records them as they arrive (still dot-stuffed) and
 *   answers nothing until the lone “.”. A reply to QUIT, and any reply
 *   whose last line starts with “421”, closes the connection once sent (at
 *   the end of its “then” chain), as RFC 5321 (sections 4.1.1.10 and 3.8)
 *   has servers do. A line longer than 64 KiB closes the connection. When
 *   no rule matches, the server answers like a well-behaved ESMTP server,
 *   as if these rules followed the scenario's own:
 *
 *   on EHLO => 250-NAME\n250-PIPELINING\n250-SIZE 10240000\n250-8BITMIME\n
 *              250-ENHANCEDSTATUSCODES\n250-DSN\n250 SMTPUTF8   (one line)
 *   on HELO => 250 NAME
 *   on MAIL => 250 2.1.0 Ok
 *   on RCPT => 250 2.1.5 Ok
 *   on DATA => 354 End data with <CR><LF>.<CR><LF>
 *   on .    => 250 2.0.0 Ok: queued as SCRIPTED
 *   on RSET => 250 2.0.0 Ok
 *   on NOOP => 250 2.0.0 Ok
 *   on QUIT => 221 2.0.0 Bye
 *   on *    => 500 5.5.2 Syntax error, command unrecognized
 */

#define G_LOG_DOMAIN "sp-scripted-server"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-scripted-server.h"
#include "sp-scripted-server-private.h"

#define MAX_LINE_LENGTH  (64 * 1024)
#define READ_CHUNK_SIZE  8192
/* A flood goes out in writes of about this size, not one write per copy. */
#define FLOOD_BLOCK_SIZE (16 * 1024)

typedef struct _Connection Connection;

struct _Connection
{
  grefcount          ref_count;

  /* borrowed references: NULL once the server let go of the connection */
  SpScriptedServer  *server;

  /* owned references */
  GSocketConnection *stream;
  GCancellable      *cancellable;
  GMainContext      *context;
  GByteArray        *inbuf;
  GSource           *delay_source;  /* a delay, or the pause between dripped bytes */
  GBytes            *outbuf;        /* what the current action sends */

  /* borrowed references: actions belong to the server's rules */
  const Action      *current;       /* the action being carried out, or NULL */

  /* state */
  gboolean           current_quit;  /* the current chain answers QUIT */
  guint64            copies_left;   /* copies of the reply still to send */
  guint              pending_copies; /* copies in the write under way */
  gsize              drip_offset;   /* the next byte to drip, in the reply */
  gboolean           in_data;
  gboolean           closed;
  gboolean           open_session;  /* counted in the server's n_open */
  guint8             chunk[READ_CHUNK_SIZE];
};

G_DEFINE_FINAL_TYPE (SpScriptedServer, sp_scripted_server, G_TYPE_OBJECT)


static void connection_process (Connection *conn);

static const Action *
find_action (SpScriptedServer *self,
             const char       *line,
             gboolean          end_of_data)
{
  g_autofree char *valid = g_utf8_make_valid (line, -1);
  g_autofree char *upper = g_ascii_strup (valid, -1);
  gsize verb_len = strcspn (upper, " ");

  for (guint i = 0; i < self->rules->len; i++)
    {
      const Rule *rule = &g_array_index (self->rules, Rule, i);

      /* A lone “.” outside DATA is a stray line, not the end of a message. */
      if (rule->end_of_data && !end_of_data)
        continue;

      if (rule->glob != NULL)
        {
          if (g_pattern_spec_match (rule->glob, strlen (upper), upper, NULL))
            return &rule->action;
        }
      else if (strlen (rule->pattern) == verb_len
               && strncmp (rule->pattern, upper, verb_len) == 0)
        {
          return &rule->action;
        }
    }

  /* The built-in “on *” always matches. */
  g_assert_not_reached ();
  return NULL;
}

/* Connections */

static Connection *
connection_ref (Connection *conn)
{
  g_ref_count_inc (&conn->ref_count);
  return conn;
}

static void
connection_unref (gpointer data)
{
  Connection *conn = data;

  if (!g_ref_count_dec (&conn->ref_count))
    return;

  g_assert (conn->delay_source == NULL);
  g_clear_object (&conn->stream);
  g_clear_object (&conn->cancellable);
  g_clear_pointer (&conn->context, g_main_context_unref);
  g_clear_pointer (&conn->inbuf, g_byte_array_unref);
  g_clear_pointer (&conn->outbuf, g_bytes_unref);
  g_free (conn);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Connection, connection_unref)

static Connection *
connection_new (SpScriptedServer  *server,
                GSocketConnection *stream)
{
  Connection *conn = g_new0 (Connection, 1);

  g_ref_count_init (&conn->ref_count);
  conn->server = server;
  conn->stream = g_object_ref (stream);
  conn->cancellable = g_cancellable_new ();
  conn->context = g_main_context_ref_thread_default ();
  conn->inbuf = g_byte_array_new ();

  return conn;
}

/* The session is over once the client said goodbye, though its socket
 * may stay open a moment longer. */
static void
connection_end_session (Connection *conn)
{
  if (conn->open_session && conn->server != NULL)
    conn->server->n_open--;
  conn->open_session = FALSE;
}

static void
connection_close (Connection *conn)
{
  g_autoptr(Connection) hold = NULL;

  if (conn->closed)
    return;

  hold = connection_ref (conn);
  conn->closed = TRUE;
  g_cancellable_cancel (conn->cancellable);

  if (conn->delay_source != NULL)
    {
      g_source_destroy (conn->delay_source);
      g_clear_pointer (&conn->delay_source, g_source_unref);
    }

  /* Closing the connection closes the socket even while a read is pending;
   * the cancelled read then finishes on a later main loop iteration. */
  g_io_stream_close (G_IO_STREAM (conn->stream), NULL, NULL);

  connection_end_session (conn);
  if (conn->server != NULL)
    {
      g_ptr_array_remove_fast (conn->server->connections, conn);
      conn->server = NULL;
    }
}

static void connection_write (Connection *conn);

static gboolean connection_run (Connection   *conn,
                                const Action *action,
                                gboolean      is_quit);

/* The current action is done: goes on with the next one of its chain.
 * Returns TRUE when the connection can go on with the next line at once. */
static gboolean
connection_next (Connection *conn)
{
  const Action *next = conn->current->next;

  if (next == NULL)
    {
      conn->current = NULL;
      return TRUE;
    }

  return connection_run (conn, next, conn->current_quit);
}

static gboolean
drip_cb (gpointer user_data)
{
  Connection *conn = user_data;

  g_clear_pointer (&conn->delay_source, g_source_unref);

  if (!conn->closed)
    connection_write (conn);

  return G_SOURCE_REMOVE;
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Connection) conn = user_data;
  const Action *action;
  gboolean ok;

  ok = g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);

  if (conn->closed)
    return;

  if (!ok)
    {
      connection_close (conn);
      return;
    }

  action = conn->current;

  if (action->drip_ms > 0)
    {
      if (++conn->drip_offset == g_bytes_get_size (conn->outbuf))
        {
          conn->drip_offset = 0;
          if (!action->endless)
            conn->copies_left--;
        }
    }
  else if (!action->endless)
    {
      conn->copies_left -= conn->pending_copies;
    }

  if (action->endless || conn->copies_left > 0)
    {
      if (action->drip_ms == 0)
        {
          connection_write (conn);
          return;
        }

      conn->delay_source = g_timeout_source_new (action->drip_ms);
      g_source_set_callback (conn->delay_source, drip_cb, connection_ref (conn),
                             connection_unref);
      g_source_attach (conn->delay_source, conn->context);
      return;
    }

  g_clear_pointer (&conn->outbuf, g_bytes_unref);

  if (action->next == NULL && (conn->current_quit || action->closes))
    {
      connection_close (conn);
      return;
    }

  if (connection_next (conn))
    connection_process (conn);
}

/* Sends the next piece of the current action: one byte when it drips,
 * else as many copies of its reply as fit in one block. */
static void
connection_write (Connection *conn)
{
  const Action *action = conn->current;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn->stream));
  gsize size;
  const guint8 *data = g_bytes_get_data (conn->outbuf, &size);
  gsize reply_size = g_bytes_get_size (action->reply);

  if (action->drip_ms > 0)
    {
      data += conn->drip_offset;
      size = 1;
    }
  else
    {
      /* The block holds whole copies; the last write may need fewer. */
      conn->pending_copies = (guint) (size / reply_size);
      if (!action->endless && conn->pending_copies > conn->copies_left)
        conn->pending_copies = (guint) conn->copies_left;
      size = conn->pending_copies * reply_size;
    }

  g_output_stream_write_all_async (out, data, size, G_PRIORITY_DEFAULT, conn->cancellable,
                                   write_cb, connection_ref (conn));
}

/* Returns TRUE when the connection can go on with the next line at once. */
static gboolean
connection_perform (Connection *conn)
{
  const Action *action = conn->current;
  gsize reply_size;

  switch (action->kind)
    {
    case ACTION_SILENT:
      return connection_next (conn);

    case ACTION_CLOSE:
      connection_close (conn);
      return FALSE;

    case ACTION_HANG:
      /* No read is pending at this point, and none will be started. */
      return FALSE;

    case ACTION_REPLY:
    default:
      break;
    }

  conn->in_data = action->starts_data;
  conn->copies_left = action->repeat;
  conn->drip_offset = 0;
  reply_size = g_bytes_get_size (action->reply);

  if (action->drip_ms == 0 && (action->endless || action->repeat > 1) &&
      reply_size < FLOOD_BLOCK_SIZE)
    {
      guint64 n_copies = FLOOD_BLOCK_SIZE / reply_size;
      GByteArray *block;

      if (!action->endless)
        n_copies = MIN (n_copies, action->repeat);
      block = g_byte_array_sized_new (n_copies * reply_size);
      for (guint64 i = 0; i < n_copies; i++)
        g_byte_array_append (block, g_bytes_get_data (action->reply, NULL), reply_size);
      conn->outbuf = g_byte_array_free_to_bytes (block);
    }
  else
    {
      conn->outbuf = g_bytes_ref (action->reply);
    }

  connection_write (conn);

  return FALSE;
}

static gboolean
delay_cb (gpointer user_data)
{
  Connection *conn = user_data;

  g_clear_pointer (&conn->delay_source, g_source_unref);

  if (!conn->closed && connection_perform (conn))
    connection_process (conn);

  return G_SOURCE_REMOVE;
}

static gboolean
connection_run (Connection   *conn,
                const Action *action,
                gboolean      is_quit)
{
  conn->current = action;
  conn->current_quit = is_quit;

  if (action->delay_ms == 0)
    return connection_perform (conn);

  conn->delay_source = g_timeout_source_new (action->delay_ms);
  g_source_set_callback (conn->delay_source, delay_cb, connection_ref (conn), connection_unref);
  g_source_attach (conn->delay_source, conn->context);

  return FALSE;
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Connection) conn = user_data;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (conn->closed)
    return;

  if (n <= 0)
    {
      connection_close (conn);
      return;
    }

  g_byte_array_append (conn->inbuf, conn->chunk, n);
  if (conn->server != NULL)
    g_ptr_array_add (conn->server->reads, g_bytes_new (conn->chunk, n));
  connection_process (conn);
}

static gboolean
is_quit (const char *line)
{
  return g_ascii_strncasecmp (line, "QUIT", 4) == 0 && (line[4] == '\0' || line[4] == ' ');
}

/* Handles the buffered lines until one needs to wait (for a reply to be
 * written or a delay to pass), then reads more when none is left. */
static void
connection_process (Connection *conn)
{
  while (!conn->closed && conn->server != NULL)
    {
      g_autofree char *line = NULL;
      const guint8 *lf;
      const Action *action;
      gsize len;

      /* An empty GByteArray has no data pointer to search. */
      lf = conn->inbuf->len > 0 ? memchr (conn->inbuf->data, '\n', conn->inbuf->len) : NULL;
      if (lf == NULL)
        {
          /* +1 leaves room for the CR of a line at the limit. */
          if (conn->inbuf->len > MAX_LINE_LENGTH + 1)
            {
              g_debug ("Closing a connection that sent a line longer than %d bytes",
                       MAX_LINE_LENGTH);
              connection_close (conn);
              return;
            }

          g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (conn->stream)),
                                     conn->chunk, sizeof conn->chunk,
                                     G_PRIORITY_DEFAULT, conn->cancellable,
                                     read_cb, connection_ref (conn));
          return;
        }

      len = lf - conn->inbuf->data;
      if (len > 0 && conn->inbuf->data[len - 1] == '\r')
        len--;
      if (len > MAX_LINE_LENGTH)
        {
          connection_close (conn);
          return;
        }

      line = g_strndup ((const char *) conn->inbuf->data, len);
      g_byte_array_remove_range (conn->inbuf, 0, (lf - conn->inbuf->data) + 1);
      g_ptr_array_add (conn->server->received, g_strdup (line));

      if (conn->in_data)
        {
          if (strcmp (line, ".") != 0)
            continue;

          conn->in_data = FALSE;
          action = find_action (conn->server, line, TRUE);
        }
      else
        {
          action = find_action (conn->server, line, FALSE);
          if (is_quit (line))
            connection_end_session (conn);
        }

      if (!connection_run (conn, action, is_quit (line)))
        return;
    }
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *stream,
             GObject           *source_object,
             gpointer           user_data)
{
  SpScriptedServer *self = user_data;
  Connection *conn = connection_new (self, stream);

  self->n_connections++;
  g_ptr_array_add (self->connections, conn);
  conn->open_session = TRUE;
  self->n_open++;
  self->max_open = MAX (self->max_open, self->n_open);

  if (connection_run (conn, &self->banner, FALSE))
    connection_process (conn);

  return TRUE;
}

/* The server object */

static void
sp_scripted_server_dispose (GObject *object)
{
  SpScriptedServer *self = (SpScriptedServer *) object;

  sp_scripted_server_stop (self);

  G_OBJECT_CLASS (sp_scripted_server_parent_class)->dispose (object);
}

static void
sp_scripted_server_finalize (GObject *object)
{
  SpScriptedServer *self = (SpScriptedServer *) object;

  g_clear_pointer (&self->rules, g_array_unref);
  g_clear_pointer (&self->connections, g_ptr_array_unref);
  g_clear_pointer (&self->received, g_ptr_array_unref);
  g_clear_pointer (&self->reads, g_ptr_array_unref);
  _sp_scripted_server_action_clear (&self->banner);

  G_OBJECT_CLASS (sp_scripted_server_parent_class)->finalize (object);
}

static void
sp_scripted_server_class_init (SpScriptedServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sp_scripted_server_dispose;
  object_class->finalize = sp_scripted_server_finalize;
}

static void
sp_scripted_server_init (SpScriptedServer *self)
{
  self->rules = g_array_new (FALSE, TRUE, sizeof (Rule));
  g_array_set_clear_func (self->rules, _sp_scripted_server_rule_clear);
  self->connections = g_ptr_array_new_with_free_func (connection_unref);
  self->received = g_ptr_array_new_with_free_func (g_free);
  self->reads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
}

SpScriptedServer *
sp_scripted_server_new (const char  *scenario,
                        GError     **error)
{
  g_autoptr(SpScriptedServer) self = NULL;

  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (SP_TYPE_SCRIPTED_SERVER, NULL);

  if (!_sp_scripted_server_load_scenario (self, scenario, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
sp_scripted_server_start (SpScriptedServer  *self,
                          const char        *address,
                          guint16            port,
                          GError           **error)
{
  g_autoptr(GInetAddress) inet_address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GSocketService) service = NULL;

  g_return_val_if_fail (SP_IS_SCRIPTED_SERVER (self), FALSE);
  g_return_val_if_fail (self->service == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (address == NULL)
    address = "127.0.0.1";

  inet_address = g_inet_address_new_from_string (address);
  /* A scripted server says whatever it is told to; it must never face a
   * network, so only loopback addresses are allowed. */
  if (inet_address == NULL || !g_inet_address_get_is_loopback (inet_address))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The practice server can only listen on a loopback address such as "
                     "127.0.0.1 or ::1, not on “%s”."),
                   address);
      return FALSE;
    }

  service = g_socket_service_new ();
  socket_address = g_inet_socket_address_new (inet_address, port);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), socket_address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &effective, error))
    return FALSE;

  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  self->service = g_steal_pointer (&service);
  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (self->service);

  return TRUE;
}

guint16
sp_scripted_server_get_port (SpScriptedServer *self)
{
  g_return_val_if_fail (SP_IS_SCRIPTED_SERVER (self), 0);

  return self->port;
}

void
sp_scripted_server_stop (SpScriptedServer *self)
{
  g_autoptr(GPtrArray) connections = NULL;

  g_return_if_fail (SP_IS_SCRIPTED_SERVER (self));

  if (self->service != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->service, incoming_cb, self);
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_clear_object (&self->service);
    }
  self->port = 0;

  if (self->connections == NULL)
    return;

  /* connection_close() removes from self->connections, so walk a copy. */
  connections = g_ptr_array_new_with_free_func (connection_unref);
  for (guint i = 0; i < self->connections->len; i++)
    g_ptr_array_add (connections, connection_ref (g_ptr_array_index (self->connections, i)));
  for (guint i = 0; i < connections->len; i++)
    connection_close (g_ptr_array_index (connections, i));
}

guint
sp_scripted_server_get_n_connections (SpScriptedServer *self)
{
  g_return_val_if_fail (SP_IS_SCRIPTED_SERVER (self), 0);

  return self->n_connections;
}

guint
sp_scripted_server_get_max_open (SpScriptedServer *self)
{
  g_return_val_if_fail (SP_IS_SCRIPTED_SERVER (self), 0);

  return self->max_open;
}

GPtrArray *
sp_scripted_server_get_received (SpScriptedServer *self)
{
  g_return_val_if_fail (SP_IS_SCRIPTED_SERVER (self), NULL);

  return self->received;
}

GPtrArray *
sp_scripted_server_get_reads (SpScriptedServer *self)
{
  g_return_val_if_fail (SP_IS_SCRIPTED_SERVER (self), NULL);

  return self->reads;
}
