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
 *                        with CRLF. Leading and trailing blanks are dropped.
 *   silent               Sends nothing; the server keeps reading, so the
 *                        next command is answered as usual.
 *   close                Closes the connection without a reply.
 *   delay MS ACTION      Waits MS milliseconds (at most ten minutes), then
 *                        does ACTION. Later commands the client pipelined
 *                        wait their turn.
 *
 * Built-in behaviour
 *
 *   After any reply whose last line starts with “354”, the server reads
 *   message lines, records them as they arrive (still dot-stuffed) and
 *   answers nothing until the lone “.”. A reply to QUIT, and any reply
 *   whose last line starts with “421”, closes the connection once sent, as
 *   RFC 5321 (sections 4.1.1.10 and 3.8) has servers do. A line longer
 *   than 64 KiB closes the connection. When no rule matches, the server
 *   answers like a well-behaved ESMTP server, as if these rules followed
 *   the scenario's own:
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

#define MAX_LINE_LENGTH  (64 * 1024)
#define MAX_DELAY_MS     (10 * 60 * 1000)
#define READ_CHUNK_SIZE  8192
#define DEFAULT_HOSTNAME "mx.example.test"

typedef enum
{
  ACTION_REPLY,
  ACTION_SILENT,
  ACTION_CLOSE,
} ActionKind;

typedef struct
{
  ActionKind  kind;
  guint       delay_ms;
  GBytes     *reply;        /* the wire form: every line ends in CRLF */
  gboolean    starts_data;  /* the last line is a 354 */
  gboolean    closes;       /* the last line is a 421 */
} Action;

typedef struct
{
  char         *pattern;    /* upper-cased */
  GPatternSpec *glob;       /* NULL when the pattern names a command */
  gboolean      end_of_data;
  Action        action;
} Rule;

typedef struct _Connection Connection;

struct _SpScriptedServer
{
  GObject         parent_instance;

  /* owned references */
  GSocketService *service;
  GArray         *rules;        /* Rule, the scenario's then the built-in ones */
  GPtrArray      *connections;  /* Connection, the open ones */
  GPtrArray      *received;     /* char *, every line from every client */

  /* state */
  Action          banner;
  guint           n_connections;
  guint16         port;
};

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
  GSource           *delay_source;
  GBytes            *outbuf;

  /* state */
  const Action      *delayed_action;
  gboolean           delayed_quit;
  gboolean           in_data;
  gboolean           close_after_write;
  gboolean           closed;
  guint8             chunk[READ_CHUNK_SIZE];
};

G_DEFINE_FINAL_TYPE (SpScriptedServer, sp_scripted_server, G_TYPE_OBJECT)

G_DEFINE_QUARK (sp-scripted-server-error-quark, sp_scripted_server_error)

static void connection_process (Connection *conn);

/* Scenario parsing */

static void
action_clear (Action *action)
{
  g_clear_pointer (&action->reply, g_bytes_unref);
}

static void
rule_clear (gpointer data)
{
  Rule *rule = data;

  g_clear_pointer (&rule->pattern, g_free);
  g_clear_pointer (&rule->glob, g_pattern_spec_free);
  action_clear (&rule->action);
}

static gboolean
has_keyword (const char  *text,
             const char  *keyword,
             const char **rest)
{
  gsize len = strlen (keyword);

  if (g_ascii_strncasecmp (text, keyword, len) != 0)
    return FALSE;
  if (text[len] != '\0' && !g_ascii_isspace (text[len]))
    return FALSE;

  *rest = text + len;
  while (g_ascii_isspace (**rest))
    (*rest)++;

  return TRUE;
}

static gboolean
parse_reply_text (const char  *text,
                  Action      *action)
{
  g_autoptr(GString) wire = g_string_new (NULL);
  gsize last_line = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] == 'n')
        {
          g_string_append (wire, "\r\n");
          last_line = wire->len;
          p++;
        }
      else if (p[0] == '\\' && p[1] == '\\')
        {
          g_string_append_c (wire, '\\');
          p++;
        }
      else
        {
          g_string_append_c (wire, *p);
        }
    }

  action->kind = ACTION_REPLY;
  action->starts_data = g_str_has_prefix (wire->str + last_line, "354");
  action->closes = g_str_has_prefix (wire->str + last_line, "421");
  g_string_append (wire, "\r\n");
  action->reply = g_string_free_to_bytes (g_steal_pointer (&wire));

  return TRUE;
}

static gboolean
parse_action (const char  *text,
              guint        line_no,
              Action      *action,
              GError     **error)
{
  const char *rest;

  memset (action, 0, sizeof *action);

  if (*text == '\0')
    {
      g_set_error (error, SP_SCRIPTED_SERVER_ERROR, SP_SCRIPTED_SERVER_ERROR_SYNTAX,
                   _("Line %u: the reply is missing. Write a reply such as “250 OK”, "
                     "or “silent”, “close” or “delay 500 250 OK”."),
                   line_no);
      return FALSE;
    }

  if (has_keyword (text, "delay", &rest))
    {
      g_autofree char *number = NULL;
      const char *end = rest;
      guint64 delay_ms;

      while (*end != '\0' && !g_ascii_isspace (*end))
        end++;
      number = g_strndup (rest, end - rest);
      while (g_ascii_isspace (*end))
        end++;

      if (!g_ascii_string_to_unsigned (number, 10, 0, MAX_DELAY_MS, &delay_ms, NULL))
        {
          g_set_error (error, SP_SCRIPTED_SERVER_ERROR, SP_SCRIPTED_SERVER_ERROR_SYNTAX,
                       _("Line %u: “%s” is not a delay. Give the delay in milliseconds, "
                         "from 0 to %u, for example “delay 500 250 OK”."),
                       line_no, number, (guint) MAX_DELAY_MS);
          return FALSE;
        }

      if (*end == '\0')
        {
          g_set_error (error, SP_SCRIPTED_SERVER_ERROR, SP_SCRIPTED_SERVER_ERROR_SYNTAX,
                       _("Line %u: the delay has no reply after it. Write what to do "
                         "once the time is up, for example “delay 500 250 OK”."),
                       line_no);
          return FALSE;
        }

      if (has_keyword (end, "delay", &rest))
        {
          g_set_error (error, SP_SCRIPTED_SERVER_ERROR, SP_SCRIPTED_SERVER_ERROR_SYNTAX,
                       _("Line %u: a reply can only have one delay. Add the two "
                         "delays up into one."),
                       line_no);
          return FALSE;
        }

      if (!parse_action (end, line_no, action, error))
        return FALSE;
      action->delay_ms = (guint) delay_ms;

      return TRUE;
    }

  if (g_ascii_strcasecmp (text, "silent") == 0)
    {
      action->kind = ACTION_SILENT;
      return TRUE;
    }

  if (g_ascii_strcasecmp (text, "close") == 0)
    {
      action->kind = ACTION_CLOSE;
      return TRUE;
    }

  return parse_reply_text (text, action);
}

static gboolean
parse_rule (SpScriptedServer  *self,
            const char        *text,
            guint              line_no,
            GError           **error)
{
  g_autofree char *pattern = NULL;
  const char *arrow = strstr (text, "=>");
  Rule rule = { 0 };

  if (arrow == NULL)
    {
      g_set_error (error, SP_SCRIPTED_SERVER_ERROR, SP_SCRIPTED_SERVER_ERROR_SYNTAX,
                   _("Line %u: a rule needs “=>” between the command and the reply, "
                     "for example “on EHLO => 250 OK”."),
                   line_no);
      return FALSE;
    }

  pattern = g_strstrip (g_strndup (text, arrow - text));
  if (*pattern == '\0')
    {
      g_set_error (error, SP_SCRIPTED_SERVER_ERROR, SP_SCRIPTED_SERVER_ERROR_SYNTAX,
                   _("Line %u: the rule does not say which command it answers. "
                     "Write a command or a pattern after “on”, for example “on RCPT*”."),
                   line_no);
      return FALSE;
    }

  arrow += 2;
  while (g_ascii_isspace (*arrow))
    arrow++;
  if (!parse_action (arrow, line_no, &rule.action, error))
    return FALSE;

  rule.pattern = g_ascii_strup (pattern, -1);
  rule.end_of_data = strcmp (rule.pattern, ".") == 0;
  if (strpbrk (rule.pattern, " \t*?") != NULL)
    rule.glob = g_pattern_spec_new (rule.pattern);
  g_array_append_val (self->rules, rule);

  return TRUE;
}

static gboolean
parse_scenario (SpScriptedServer  *self,
                const char        *scenario,
                gboolean           builtin,
                char             **hostname,
                GError           **error)
{
  g_auto(GStrv) lines = g_strsplit (scenario, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint line_no = i + 1;
      char *line = g_strstrip (lines[i]);
      const char *rest;

      if (*line == '\0' || *line == '#')
        continue;

      if (has_keyword (line, "on", &rest))
        {
          if (!parse_rule (self, rest, line_no, error))
            return FALSE;
        }
      else if (!builtin && has_keyword (line, "banner", &rest))
        {
          if (self->banner.reply != NULL || self->banner.kind != ACTION_REPLY)
            {
              g_set_error (error, SP_SCRIPTED_SERVER_ERROR, SP_SCRIPTED_SERVER_ERROR_SYNTAX,
                           _("Line %u: the banner was already given. Keep only one "
                             "“banner” line."),
                           line_no);
              return FALSE;
            }
          if (!parse_action (rest, line_no, &self->banner, error))
            return FALSE;
        }
      else if (!builtin && has_keyword (line, "hostname", &rest))
        {
          if (*hostname != NULL)
            {
              g_set_error (error, SP_SCRIPTED_SERVER_ERROR, SP_SCRIPTED_SERVER_ERROR_SYNTAX,
                           _("Line %u: the host name was already given. Keep only one "
                             "“hostname” line."),
                           line_no);
              return FALSE;
            }
          if (*rest == '\0' || strpbrk (rest, " \t\\") != NULL)
            {
              g_set_error (error, SP_SCRIPTED_SERVER_ERROR, SP_SCRIPTED_SERVER_ERROR_SYNTAX,
                           _("Line %u: “%s” is not a host name. Write one name without "
                             "blanks, for example “hostname mx1.example.test”."),
                           line_no, rest);
              return FALSE;
            }
          *hostname = g_strdup (rest);
        }
      else
        {
          g_autofree char *word = g_strndup (line, strcspn (line, " \t"));

          g_set_error (error, SP_SCRIPTED_SERVER_ERROR, SP_SCRIPTED_SERVER_ERROR_SYNTAX,
                       _("Line %u: “%s” is not a statement. A line starts with “on”, "
                         "“banner”, “hostname” or “#” (a comment)."),
                       line_no, word);
          return FALSE;
        }
    }

  return TRUE;
}

static void
add_builtin_rules (SpScriptedServer *self,
                   const char       *hostname)
{
  g_autofree char *builtin = NULL;
  gboolean ok;

  builtin = g_strdup_printf ("on EHLO => 250-%s\\n250-PIPELINING\\n250-SIZE 10240000\\n"
                             "250-8BITMIME\\n250-ENHANCEDSTATUSCODES\\n250-DSN\\n250 SMTPUTF8\n"
                             "on HELO => 250 %s\n"
                             "on MAIL => 250 2.1.0 Ok\n"
                             "on RCPT => 250 2.1.5 Ok\n"
                             "on DATA => 354 End data with <CR><LF>.<CR><LF>\n"
                             "on . => 250 2.0.0 Ok: queued as SCRIPTED\n"
                             "on RSET => 250 2.0.0 Ok\n"
                             "on NOOP => 250 2.0.0 Ok\n"
                             "on QUIT => 221 2.0.0 Bye\n"
                             "on * => 500 5.5.2 Syntax error, command unrecognized\n",
                             hostname, hostname);
  ok = parse_scenario (self, builtin, TRUE, NULL, NULL);
  g_assert (ok);

  if (self->banner.reply == NULL && self->banner.kind == ACTION_REPLY)
    {
      g_autofree char *banner = g_strdup_printf ("220 %s ESMTP ready", hostname);

      parse_reply_text (banner, &self->banner);
    }
}

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

  if (conn->server != NULL)
    {
      g_ptr_array_remove_fast (conn->server->connections, conn);
      conn->server = NULL;
    }
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Connection) conn = user_data;
  gboolean ok;

  ok = g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  g_clear_pointer (&conn->outbuf, g_bytes_unref);

  if (conn->closed)
    return;

  if (!ok || conn->close_after_write)
    connection_close (conn);
  else
    connection_process (conn);
}

/* Returns TRUE when the connection can go on with the next line at once. */
static gboolean
connection_perform (Connection   *conn,
                    const Action *action,
                    gboolean      is_quit)
{
  GOutputStream *out;

  switch (action->kind)
    {
    case ACTION_SILENT:
      return TRUE;

    case ACTION_CLOSE:
      connection_close (conn);
      return FALSE;

    case ACTION_REPLY:
    default:
      break;
    }

  conn->in_data = action->starts_data;
  conn->close_after_write = is_quit || action->closes;
  conn->outbuf = g_bytes_ref (action->reply);
  out = g_io_stream_get_output_stream (G_IO_STREAM (conn->stream));
  g_output_stream_write_all_async (out,
                                   g_bytes_get_data (conn->outbuf, NULL),
                                   g_bytes_get_size (conn->outbuf),
                                   G_PRIORITY_DEFAULT,
                                   conn->cancellable,
                                   write_cb,
                                   connection_ref (conn));

  return FALSE;
}

static gboolean
delay_cb (gpointer user_data)
{
  Connection *conn = user_data;

  g_clear_pointer (&conn->delay_source, g_source_unref);

  if (!conn->closed && connection_perform (conn, conn->delayed_action, conn->delayed_quit))
    connection_process (conn);

  return G_SOURCE_REMOVE;
}

static gboolean
connection_run (Connection   *conn,
                const Action *action,
                gboolean      is_quit)
{
  if (action->delay_ms == 0)
    return connection_perform (conn, action, is_quit);

  conn->delayed_action = action;
  conn->delayed_quit = is_quit;
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
  action_clear (&self->banner);

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
  g_array_set_clear_func (self->rules, rule_clear);
  self->connections = g_ptr_array_new_with_free_func (connection_unref);
  self->received = g_ptr_array_new_with_free_func (g_free);
}

SpScriptedServer *
sp_scripted_server_new (const char  *scenario,
                        GError     **error)
{
  g_autoptr(SpScriptedServer) self = NULL;
  g_autofree char *hostname = NULL;

  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (SP_TYPE_SCRIPTED_SERVER, NULL);

  if (!parse_scenario (self, scenario, FALSE, &hostname, error))
    return NULL;
  add_builtin_rules (self, hostname != NULL ? hostname : DEFAULT_HOSTNAME);

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

GPtrArray *
sp_scripted_server_get_received (SpScriptedServer *self)
{
  g_return_val_if_fail (SP_IS_SCRIPTED_SERVER (self), NULL);

  return self->received;
}
