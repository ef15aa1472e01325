/* sp-session.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-session"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-auth.h"
#include "sp-cancellable-private.h"
#include "sp-line-reader.h"
#include "sp-session.h"
#include "sp-text-private.h"

/* RFC 4954 4: a client should keep the AUTH line within 512 octets with
 * its line end; a longer initial response goes after a 334 instead. */
#define MAX_AUTH_LINE 500

struct _SpSession
{
  GObject               parent_instance;

  /* owned references */
  SpAttempt            *attempt;
  GSocketClient        *client;
  GSocketConnection    *connection;    /* the TCP connection */
  GTlsConnection       *tls;           /* over it once encrypted, or NULL */
  SpLineReader         *reader;
  SpCapabilities       *capabilities;
  SpTlsReport          *tls_report;
  GTlsDatabase         *ca_database;   /* extra trust anchors, or NULL */
  char                 *ca_file;
  char                 *host_name;     /* the TLS identity of this connection */
  GStrv                 secrets;       /* the login's secret forms, from AUTH until the
                                        * connection ends: every later reply is
                                        * searched for them too */
  char                 *accepted_sha256; /* the certificate accepted for this test */

  /* borrowed references */
  GIOStream            *stream;        /* what commands go over: connection or tls */

  /* state */
  guint                 timeout_ms;
  guint16               port;
  GTlsCertificateFlags  handshake_errors;
  gboolean              busy;
  gboolean              authenticating;  /* a login's commands run one after another */
  gboolean              catching_up;     /* reading the replies owed to sent_ahead */
  /* Commands written together with an earlier one (RFC 2920 PIPELINING)
   * whose replies are still to come, in order: SentAhead. */
  GQueue                sent_ahead;
  gboolean              implicit_tls;
};

G_DEFINE_FINAL_TYPE (SpSession, sp_session, G_TYPE_OBJECT)

G_DEFINE_QUARK (sp-session-error-quark, sp_session_error)

typedef enum
{
  OP_INTERNAL        = 1 << 0,  /* one of a login's commands, which hold the session */
  OP_HIDE_CHALLENGE  = 1 << 1,  /* log a 334's text as "********" */
  OP_NO_SUCCESS      = 1 << 2,  /* a 235 now would come before the credentials were sent */
  OP_NO_CHALLENGE    = 1 << 3,  /* the login method has no step left for a 334 */
} OpFlags;

typedef struct
{
  SpStep  step;
  char   *line;
} SentAhead;

static void
sent_ahead_free (gpointer data)
{
  SentAhead *ahead = data;

  g_free (ahead->line);
  g_free (ahead);
}

/* One operation: a connect plus banner, a command and its reply, or a
 * message and the reply to its final dot. */
typedef struct
{
  SpStep          step;
  char           *line;             /* a command waiting for earlier replies, or NULL */
  char           *display;          /* its form for the log */
  GBytes         *payload;
  SpReplyParser  *parser;
  GCancellable   *cancellable;      /* cancelled by the caller's or by the timer */
  SpCancelLink    user;             /* the caller's cancellable cancels ours */
  guint           timeout_id;
  guint           timeout_ms;
  gboolean        timed_out;
  char           *host_name;
  char           *address;
  guint16         port;
  GStrv           secrets;          /* text to keep out of the log, wiped at the end */
  GPtrArray      *pending;          /* with secrets: the lines so far of the reply */
  OpFlags         flags;
  const char     *mechanism;        /* of the login this command belongs to, or NULL */
  gboolean        starttls;         /* a 220 reply starts the handshake */
  gboolean        handshaking;
  SpReply        *starttls_reply;
} Op;

static void
op_free (Op *op)
{
  g_clear_handle_id (&op->timeout_id, g_source_remove);
  _sp_cancel_link_clear (&op->user);
  g_clear_object (&op->cancellable);
  g_clear_pointer (&op->parser, sp_reply_parser_free);
  g_clear_pointer (&op->payload, g_bytes_unref);
  g_clear_pointer (&op->line, sp_auth_secret_free);
  g_free (op->display);
  g_free (op->host_name);
  g_free (op->address);
  g_clear_pointer (&op->secrets, sp_auth_secret_strv_free);
  g_clear_pointer (&op->pending, g_ptr_array_unref);
  g_clear_pointer (&op->starttls_reply, sp_reply_unref);
  g_free (op);
}

/* Text from this operation on its way to the log, without any secret. */
static char *
op_redact (Op         *op,
           const char *text)
{
  return sp_auth_redact (text, (const char * const *) op->secrets);
}

/* The last line received, redacted together with the lines before it in
 * the same reply: a secret may have started on one of them. */
static char *
op_redact_last_line (Op *op)
{
  g_auto(GStrv) lines = NULL;

  lines = sp_auth_redact_lines ((const char * const *) op->pending->pdata, op->pending->len,
                                TRUE, (const char * const *) op->secrets);

  return g_strdup (lines[op->pending->len - 1]);
}

/* A 334 challenge's text as the words it encodes ("VXNlcm5hbWU6" is
 * "Username:"), quoted for the log; NULL when it is not the Base64 of a
 * short printable text. The reply was redacted already; the words are
 * searched again, as they could be a secret encoded twice. */
static char *
dup_decoded_challenge (const SpReply      *reply,
                       const char * const *secrets)
{
  const char *text;
  g_autofree guchar *decoded = NULL;
  g_autofree char *shown = NULL;
  gsize len;
  gsize n_padding = 0;

  if (sp_reply_get_n_lines (reply) != 1 || strlen (sp_reply_get_lines (reply)[0]) <= 4)
    return NULL;

  text = sp_reply_get_lines (reply)[0] + 4;
  len = strlen (text);
  if (len % 4 != 0 || len > 256)
    return NULL;
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '=' && i >= len - 2)
        n_padding++;
      else if (n_padding > 0 || !(g_ascii_isalnum (text[i]) || text[i] == '+' || text[i] == '/'))
        return NULL;
    }

  decoded = g_base64_decode (text, &len);
  if (len == 0 || !g_utf8_validate_len ((const char *) decoded, len, NULL))
    return NULL;
  for (const char *p = (const char *) decoded; p < (const char *) decoded + len;
       p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        return NULL;
    }

  shown = g_strndup ((const char *) decoded, len);
  sp_auth_wipe (decoded, len);
  if (secrets != NULL)
    {
      char *redacted = sp_auth_redact (shown, secrets);

      sp_auth_secret_free (g_steal_pointer (&shown));
      shown = redacted;
    }

  return _sp_text_quote_excerpt (shown, -1);
}

/* RFC 4954 4: a login ends with 235 only once the credentials are sent,
 * and a method asks as many questions (334) as it has steps. Anything else
 * is a broken or hostile server: a 235 before the password would show a
 * login that never happened as a success, and endless 334s would never
 * end. */
static gboolean
op_check_login_reply (SpSession      *self,
                      Op             *op,
                      const SpReply  *reply,
                      GError        **error)
{
  guint code = sp_reply_get_code (reply);
  g_autofree char *prompt = NULL;

  if (code == 235 && (op->flags & OP_NO_SUCCESS) != 0)
    {
      g_set_error (error, SP_SESSION_ERROR, SP_SESSION_ERROR_PROTOCOL,
                   _("The server answered 235 (logged in) to the login with %s before the "
                     "password was sent."),
                   op->mechanism);
      return FALSE;
    }

  if (code != 334)
    return TRUE;

  if ((op->flags & OP_NO_CHALLENGE) != 0)
    {
      g_set_error (error, SP_SESSION_ERROR, SP_SESSION_ERROR_PROTOCOL,
                   _("The server asked for more login data (334) after the password was "
                     "sent, although the login method %s has no further step."),
                   op->mechanism);
      return FALSE;
    }

  /* Only what this client sends is hidden; the server's prompts are
   * shown as the words they stand for. */
  prompt = dup_decoded_challenge (reply, (const char * const *) op->secrets);
  if (prompt != NULL)
    /* Translators: the login prompt a server sent Base64-encoded, such as
     * “Username:” or “Password:”. */
    sp_attempt_add_note (self->attempt, op->step, _("The server asks for “%s”."), prompt);

  return TRUE;
}

/* Wipes what the server sent in this reply: it may hold an echo. */
static void
wipe_line (gpointer data)
{
  sp_auth_secret_free (data);
}

/* @extra joins the *@secrets (of the session or of one operation);
 * takes over @extra. */
static void
add_secrets (GStrv *secrets,
             GStrv  extra)
{
  g_autoptr(GPtrArray) all = NULL;

  if (extra == NULL)
    return;
  if (*secrets == NULL)
    {
      *secrets = extra;
      return;
    }

  all = g_ptr_array_new ();
  for (guint i = 0; (*secrets)[i] != NULL; i++)
    g_ptr_array_add (all, (*secrets)[i]);
  for (guint i = 0; extra[i] != NULL; i++)
    g_ptr_array_add (all, extra[i]);
  g_ptr_array_add (all, NULL);

  /* The strings move; only the arrays go. */
  g_free (*secrets);
  g_free (extra);
  *secrets = (GStrv) g_ptr_array_free (g_steal_pointer (&all), FALSE);
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

  g_clear_object (&self->attempt);
  g_clear_pointer (&self->capabilities, sp_capabilities_unref);
  g_clear_pointer (&self->tls_report, sp_tls_report_unref);
  g_clear_object (&self->ca_database);
  g_free (self->ca_file);
  g_free (self->host_name);
  g_clear_pointer (&self->secrets, sp_auth_secret_strv_free);
  g_free (self->accepted_sha256);

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
  /* The test is about this network's path to the server: a desktop or
   * environment proxy would test the proxy's network instead. */
  g_socket_client_set_enable_proxy (self->client, FALSE);
}

SpSession *
sp_session_new (SpAttempt *attempt)
{
  SpSession *self;

  g_return_val_if_fail (SP_IS_ATTEMPT (attempt), NULL);

  self = g_object_new (SP_TYPE_SESSION, NULL);
  self->attempt = g_object_ref (attempt);

  return self;
}

void
sp_session_set_attempt (SpSession *self,
                        SpAttempt *attempt)
{
  g_return_if_fail (SP_IS_SESSION (self));
  g_return_if_fail (SP_IS_ATTEMPT (attempt));
  g_return_if_fail (!self->busy);

  g_set_object (&self->attempt, attempt);
}

void
sp_session_set_timeout_ms (SpSession *self,
                           guint      milliseconds)
{
  g_return_if_fail (SP_IS_SESSION (self));
  g_return_if_fail (milliseconds > 0);

  self->timeout_ms = milliseconds;
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

void
sp_session_set_implicit_tls (SpSession *self,
                             gboolean   implicit_tls)
{
  g_return_if_fail (SP_IS_SESSION (self));

  self->implicit_tls = !!implicit_tls;
}

gboolean
sp_session_get_implicit_tls (SpSession *self)
{
  g_return_val_if_fail (SP_IS_SESSION (self), FALSE);

  return self->implicit_tls;
}

void
sp_session_set_ca_database (SpSession    *self,
                            GTlsDatabase *database,
                            const char   *ca_file)
{
  g_return_if_fail (SP_IS_SESSION (self));
  g_return_if_fail (!database || G_IS_TLS_DATABASE (database));

  g_set_object (&self->ca_database, database);
  g_free (self->ca_file);
  self->ca_file = database != NULL ? g_canonicalize_filename (ca_file, NULL) : NULL;
}

void
sp_session_set_accepted_certificate (SpSession  *self,
                                     const char *sha256)
{
  g_return_if_fail (SP_IS_SESSION (self));

  g_free (self->accepted_sha256);
  self->accepted_sha256 = sha256 != NULL && *sha256 != '\0' ? g_strdup (sha256) : NULL;
}

gboolean
sp_session_is_encrypted (SpSession *self)
{
  g_return_val_if_fail (SP_IS_SESSION (self), FALSE);

  return self->tls != NULL && self->stream == G_IO_STREAM (self->tls);
}

SpTlsReport *
sp_session_get_tls_report (SpSession *self)
{
  g_return_val_if_fail (SP_IS_SESSION (self), NULL);

  return self->tls_report;
}

gboolean
sp_session_check_trusted (SpSession  *self,
                          GError    **error)
{
  g_return_val_if_fail (SP_IS_SESSION (self), FALSE);

  if (!sp_session_is_encrypted (self))
    {
      g_set_error_literal (error, SP_SESSION_ERROR, SP_SESSION_ERROR_AUTH_NOT_ENCRYPTED,
                           _("The password was not sent, because the connection is not "
                             "encrypted."));
      return FALSE;
    }

  /* Encryption without a proved identity only hides the password from
   * everybody except whoever is in the middle. */
  if (self->tls_report == NULL || !sp_tls_report_is_trusted (self->tls_report))
    {
      const char *sha256 = self->tls_report != NULL ? self->tls_report->sha256 : NULL;

      if (sha256 != NULL)
        g_set_error (error, SP_SESSION_ERROR, SP_SESSION_ERROR_AUTH_UNTRUSTED,
                     /* Translators: the second %s is a SHA-256 fingerprint, "AB:CD:…". */
                     _("The password was not sent, because the certificate of %s did not "
                       "validate; its SHA-256 fingerprint is %s."),
                     self->host_name, sha256);
      else
        g_set_error (error, SP_SESSION_ERROR, SP_SESSION_ERROR_AUTH_UNTRUSTED,
                     _("The password was not sent, because %s presented no certificate "
                       "that validates."),
                     self->host_name);
      return FALSE;
    }

  return TRUE;
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
  self->stream = NULL;
  /* Their replies can no longer come. */
  g_queue_clear_full (&self->sent_ahead, sent_ahead_free);
  /* No more replies can come that might echo the login. */
  g_clear_pointer (&self->secrets, sp_auth_secret_strv_free);

  if (self->tls != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->tls, self);
      g_clear_object (&self->tls);
    }

  /* The TCP connection is closed directly, without TLS's close_notify:
   * a peer that stopped reading must not keep the close waiting. */
  if (self->connection != NULL)
    {
      g_io_stream_close_async (G_IO_STREAM (self->connection), G_PRIORITY_DEFAULT,
                               NULL, close_cb, NULL);
      g_clear_object (&self->connection);
    }
}

static void
goodbye_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SpReply *reply = sp_session_command_finish (SP_SESSION (object), result, NULL);

  /* Whatever the server said, or failed to say, the session ends here. */
  g_clear_pointer (&reply, sp_reply_unref);
  sp_session_disconnect (SP_SESSION (object));
  g_clear_object (&user_data);
}

void
sp_session_quit_in_background (SpSession *self,
                               GObject   *keep_alive)
{
  g_return_if_fail (SP_IS_SESSION (self));
  g_return_if_fail (keep_alive == NULL || G_IS_OBJECT (keep_alive));

  if (!sp_session_is_connected (self))
    return;

  /* The operation holds the session until the reply; @keep_alive (the
   * simulated servers of practice mode) must outlive the goodbye too. */
  sp_session_command_async (self, SP_STEP_QUIT, "QUIT", NULL, goodbye_cb,
                            keep_alive != NULL ? g_object_ref (keep_alive) : NULL);
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
  if (self->secrets != NULL)
    op->secrets = g_strdupv (self->secrets);
  _sp_cancel_link_connect (&op->user, cancellable, op->cancellable);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* The caller's cancellable is watched by hand, so that a cancelled
   * operation still records what happened before it completes. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, op, (GDestroyNotify)op_free);

  return task;
}

/* Turns an I/O failure into the sentence the user sees, and records it. */
/* The server as the person knows it: "mx1.example.com [192.0.2.1]", or only
 * the address when that is what was given. */
static char *
dup_server_name (const char *host_name,
                 const char *address)
{
  if (host_name == NULL || g_strcmp0 (host_name, address) == 0)
    return g_strdup (address);

  return g_strdup_printf ("%s [%s]", host_name, address);
}

static GError *
op_translate_error (SpSession *self,
                    Op        *op,
                    GError    *error)
{
  g_autoptr(GError) owned = error;
  const char *label = sp_step_get_label (op->step);
  g_autofree char *server = dup_server_name (op->host_name, op->address);
  guint seconds = op->timeout_ms / 1000;
  g_autofree char *fraction = NULL;

  /* Whole sentences with the time limit in them, so that its words agree
   * with the rest: a limit with a fraction has no plural form to follow. */
  if (op->timed_out && op->timeout_ms % 1000 != 0)
    {
      /* In the user's locale: “1,5” in Polish. */
      fraction = g_strdup_printf ("%.1f", op->timeout_ms / 1000.0);

      if (op->handshaking)
        return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_TIMED_OUT,
                            /* Translators: %s first is the server's name, then a number
                             * of seconds with a fraction, such as “1.5”. */
                            _("The encryption handshake (TLS) with %s did not finish within "
                              "%s seconds."),
                            self->host_name, fraction);

      if (op->step == SP_STEP_CONNECT)
        return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_CONNECT_TIMED_OUT,
                            /* Translators: %s first is the server (“mx1.example.com
                             * [192.0.2.1]” or an address), %u the port (not a count), then
                             * a number of seconds with a fraction, such as “1.5”. */
                            _("No answer from %s on port %u within %s seconds."),
                            server, op->port, fraction);

      return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_TIMED_OUT,
                          /* Translators: %s first is a step such as “Recipient (RCPT TO)”,
                           * then a number of seconds with a fraction, such as “1.5”. */
                          _("The server did not finish its reply to the step “%s” within %s "
                            "seconds."),
                          label, fraction);
    }

  if (op->timed_out)
    {
      if (op->handshaking)
        return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_TIMED_OUT,
                            g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: %s is the server's name, %u the
                                          * time limit in seconds. */
                                         "The encryption handshake (TLS) with %s did not "
                                         "finish within %u second.",
                                         "The encryption handshake (TLS) with %s did not "
                                         "finish within %u seconds.",
                                         seconds),
                            self->host_name, seconds);

      if (op->step == SP_STEP_CONNECT)
        return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_CONNECT_TIMED_OUT,
                            g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: %s is the server
                                          * (“mx1.example.com [192.0.2.1]” or an address),
                                          * the first %u the port (not the count the plural
                                          * form follows), the second the time limit in
                                          * seconds. */
                                         "No answer from %s on port %u within %u second.",
                                         "No answer from %s on port %u within %u seconds.",
                                         seconds),
                            server, op->port, seconds);

      return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_TIMED_OUT,
                          g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: %s is a step such as “Recipient (RCPT
                                        * TO)”, %u the time limit in seconds. */
                                       "The server did not finish its reply to the step “%s” "
                                       "within %u second.",
                                       "The server did not finish its reply to the step “%s” "
                                       "within %u seconds.",
                                       seconds),
                          label, seconds);
    }

  if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      owned->domain == SP_SESSION_ERROR)
    return g_steal_pointer (&owned);

  if (op->handshaking)
    {
      g_autofree char *reason = g_strdup (owned->message);
      gsize len = strlen (reason);

      /* GnuTLS's messages end in a period of their own. */
      while (len > 0 && (reason[len - 1] == '.' || g_ascii_isspace (reason[len - 1])))
        reason[--len] = '\0';

      return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_TLS_FAILED,
                          /* Translators: %s first is the server's name, then the TLS library's own
                           * words. */
                          _("The encryption handshake (TLS) with %s failed: %s."),
                          self->host_name, reason);
    }

  if (op->step == SP_STEP_CONNECT)
    {
      if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
        return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_CONNECTION_REFUSED,
                            /* Translators: %s is the server, “mx1.example.com [192.0.2.1]” or an
                             * address; %u the port, not a count. */
                            _("Could not open a connection to %s on port %u: the connection "
                              "was refused."),
                            server, op->port);

      if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
        return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_UNREACHABLE,
                            /* Translators: %s first is the server, %u the port (not a count), then
                             * the system's own words. */
                            _("Could not open a connection to %s on port %u: there is no route "
                              "to it (%s)."),
                            server, op->port, owned->message);

      if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
        return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_NETWORK_UNREACHABLE,
                            /* Translators: %s first is the server, %u the port (not a count), then
                             * the system's own words. */
                            _("Could not open a connection to %s on port %u: this computer "
                              "has no route to that network at all (%s)."),
                            server, op->port, owned->message);

      if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_CONNECT_TIMED_OUT,
                            /* Translators: %s is the server, %u the port (not a count). */
                            _("No answer from %s on port %u."),
                            server, op->port);

      return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_CONNECT_FAILED,
                          /* Translators: %s first is the server, %u the port (not a count), then
                           * the system's own words. */
                          _("Could not open a connection to %s on port %u: %s"),
                          server, op->port, owned->message);
    }

  if (owned->domain == SP_REPLY_ERROR ||
      g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_PROTOCOL,
                        /* Translators: %s first is a step such as “Recipient (RCPT TO)”, then what
                         * is wrong with the answer. */
                        _("The server’s answer to the step “%s” is not valid SMTP: %s"),
                        label, owned->message);

  if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_CLOSED,
                        _("The server closed the connection during the step “%s”."),
                        label);

  return g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_CLOSED,
                      /* Translators: %s first is a step such as “Recipient (RCPT TO)”, then the
                       * system's own words. */
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

  /* A server could quote a credential back in an error. */
  if (op->secrets != NULL)
    {
      char *redacted = op_redact (op, translated->message);

      g_free (translated->message);
      translated->message = redacted;
    }

  /* A stop by hand is said once, by whoever stopped it (the probe's "Stopped by hand"). */
  if (!g_error_matches (translated, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    sp_attempt_add_error (self->attempt, op->step, "%s", translated->message);
  sp_attempt_end_step (self->attempt, op->starttls_reply, translated);

  /* After a failure part of a reply may still be in flight; the
   * connection can no longer be trusted to be in step. */
  sp_session_disconnect (self);
  self->busy = FALSE;

  g_task_return_error (task, translated);
}

/* Every operation of a session ends in the reply that decided it. */
static SpReply *
propagate_reply (SpSession     *self,
                 GAsyncResult  *result,
                 GError       **error)
{
  g_return_val_if_fail (SP_IS_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Reading a reply */

static void read_reply_line (GTask     *task);
static void op_start_tls    (GTask     *task,
                             SpTlsMode  mode);

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

  if (op->secrets != NULL)
    {
      if (op->pending == NULL)
        op->pending = g_ptr_array_new_with_free_func (wipe_line);
      g_ptr_array_add (op->pending, g_strdup (line));
    }

  if (!sp_reply_parser_push_line (op->parser, line, -1, &error))
    {
      g_autofree char *shown = op->secrets != NULL ? op_redact_last_line (op) : g_strdup (line);

      /* The parser's message quotes the line, cut to a length: it must
       * quote the redacted line, as a secret cut short is no longer found
       * whole. A failing line leaves the parser as it was, and the code
       * that decided the failure is kept by redaction, so the same check
       * fails again. The limits' messages quote nothing. */
      if (op->secrets != NULL &&
          !g_error_matches (error, SP_REPLY_ERROR, SP_REPLY_ERROR_TOO_LONG) &&
          !g_error_matches (error, SP_REPLY_ERROR, SP_REPLY_ERROR_TOO_MANY_LINES))
        {
          g_clear_error (&error);
          if (sp_reply_parser_push_line (op->parser, shown, -1, &error))
            g_set_error (&error, SP_REPLY_ERROR, SP_REPLY_ERROR_MALFORMED,
                         _("The server sent a line that is not an SMTP reply."));
        }

      /* Show what broke the grammar, so the log explains the failure. */
      sp_attempt_add_note (self->attempt, op->step, _("Received: %s"), shown);
      op_fail (task, g_steal_pointer (&error));
      return;
    }

  if (!sp_reply_parser_is_complete (op->parser))
    {
      read_reply_line (g_steal_pointer (&task));
      return;
    }

  reply = sp_reply_parser_take_reply (op->parser);
  if (op->pending != NULL)
    g_ptr_array_set_size (op->pending, 0);
  if (op->secrets != NULL || (op->flags & OP_HIDE_CHALLENGE) != 0)
    {
      SpReply *redacted = sp_auth_redact_reply (reply, (op->flags & OP_HIDE_CHALLENGE) != 0,
                                                (const char * const *) op->secrets);

      /* Only the redacted reply goes on, to the log and to the caller. */
      sp_reply_unref (reply);
      reply = redacted;
    }
  sp_attempt_add_reply (self->attempt, op->step, reply);

  if (op->mechanism != NULL && !op_check_login_reply (self, op, reply, &error))
    {
      op_fail (task, g_steal_pointer (&error));
      return;
    }

  if (op->starttls && sp_reply_get_code (reply) == 220)
    {
      /* RFC 3207 5 and CVE-2011-0411: anything the server sent after its
       * 220 arrived in plain text and must not be read as if it had come
       * over TLS. */
      if (sp_line_reader_get_buffered (self->reader) > 0)
        {
          op_fail (task, g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_TLS_INJECTION,
                                      g_dngettext (GETTEXT_PACKAGE,
                                                   "The server sent %zu more byte right after "
                                                   "agreeing to STARTTLS, before the "
                                                   "encryption began (STARTTLS command "
                                                   "injection), so the connection was dropped.",
                                                   "The server sent %zu more bytes right after "
                                                   "agreeing to STARTTLS, before the "
                                                   "encryption began (STARTTLS command "
                                                   "injection), so the connection was dropped.",
                                                   sp_line_reader_get_buffered (self->reader)),
                                      sp_line_reader_get_buffered (self->reader)));
          return;
        }

      op->starttls_reply = g_steal_pointer (&reply);
      op_start_tls (g_steal_pointer (&task), SP_TLS_MODE_STARTTLS);
      return;
    }

  if (op->step == SP_STEP_EHLO && sp_reply_get_code (reply) == 250)
    {
      g_clear_pointer (&self->capabilities, sp_capabilities_unref);
      self->capabilities = sp_capabilities_new_from_reply (reply);
      sp_attempt_set_capabilities (self->attempt, self->capabilities);
    }

  sp_attempt_end_step (self->attempt, reply, NULL);
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

/* TLS */

static gboolean
accept_certificate_cb (GTlsConnection       *tls,
                       GTlsCertificate      *peer,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  SpSession *self = user_data;

  /* A diagnostic tool must see the session through: the errors go into
   * the report as a whole, and the caller decides what they mean. */
  self->handshake_errors |= errors;

  return TRUE;
}

static void
log_tls_report (SpSession *self,
                SpStep     step)
{
  g_auto(GStrv) lines = sp_tls_report_format (self->tls_report);
  g_auto(GStrv) problems = sp_tls_report_dup_problems (self->tls_report);
  g_autofree char *summary = sp_tls_report_dup_summary (self->tls_report);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      gboolean is_problem = g_strv_contains ((const char * const *) problems, lines[i]) ||
                            (!sp_tls_report_is_trusted (self->tls_report) &&
                             strcmp (lines[i], summary) == 0);

      if (is_problem)
        sp_attempt_add_error (self->attempt, step, "%s", lines[i]);
      else
        sp_attempt_add_note (self->attempt, step, "%s", lines[i]);
    }
}

/* What is still waiting on the socket after a failed handshake, when it
 * is a line of plain text: a server that speaks SMTP, not TLS, greets
 * first, and the TLS library reads only the first few bytes of that
 * greeting before it gives up. NULL when there is nothing of the kind. */
static char *
dup_plain_text_waiting (SpSession *self)
{
  GSocket *socket;
  GInputVector vector;
  char buffer[256];
  int flags = G_SOCKET_MSG_PEEK;
  gssize n;

  if (self->connection == NULL)
    return NULL;

  socket = g_socket_connection_get_socket (self->connection);
  if (!g_socket_condition_check (socket, G_IO_IN))
    return NULL;

  vector.buffer = buffer;
  vector.size = sizeof buffer - 1;
  n = g_socket_receive_message (socket, NULL, &vector, 1, NULL, NULL, &flags, NULL, NULL);
  if (n <= 0)
    return NULL;
  buffer[n] = '\0';
  if (strchr (buffer, '\n') == NULL)
    return NULL;

  for (gssize i = 0; i < n; i++)
    if ((buffer[i] < 0x20 || buffer[i] > 0x7e) && buffer[i] != '\r' && buffer[i] != '\n' &&
        buffer[i] != '\t')
      return NULL;

  /* The rest of the first line is enough to recognise the greeting. */
  return _sp_text_quote_excerpt (buffer, strcspn (buffer, "\r\n"));
}

static void
handshake_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpSession *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  GTlsConnection *tls = G_TLS_CONNECTION (object);
  g_autoptr(GError) error = NULL;
  GTlsCertificateFlags errors;
  SpTlsMode mode = op->starttls ? SP_TLS_MODE_STARTTLS : SP_TLS_MODE_IMPLICIT;
  SpReply *reply;

  if (!g_tls_connection_handshake_finish (tls, result, &error))
    {
      g_autofree char *text = NULL;

      if (mode == SP_TLS_MODE_IMPLICIT && !op->timed_out &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        text = dup_plain_text_waiting (self);

      if (text != NULL)
        {
          g_clear_error (&error);
          error = g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_TLS_PLAINTEXT_PEER,
                               /* Translators: %u is a port number, not a count; %s
                                * the rest of the server's first line: the TLS
                                * library took its start. */
                               _("The server on port %u answered in plain text instead of "
                                 "TLS: “…%s”."),
                               self->port, text);
        }

      op_fail (task, g_steal_pointer (&error));
      return;
    }

  if (self->tls != tls)
    {
      op_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                          _("The connection is closed.")));
      return;
    }

  op->handshaking = FALSE;
  self->stream = G_IO_STREAM (tls);
  g_clear_object (&self->reader);
  self->reader = sp_line_reader_new (g_io_stream_get_input_stream (self->stream),
                                     SP_REPLY_MAX_LINE_LENGTH);

  errors = self->handshake_errors | g_tls_connection_get_peer_certificate_errors (tls);
  g_clear_pointer (&self->tls_report, sp_tls_report_unref);
  self->tls_report = sp_tls_report_new_for_connection (tls, mode, self->host_name, errors,
                                                       self->ca_database, self->ca_file);
  /* The leaf itself, byte for byte: a fingerprint is only ever of the
   * one certificate the user saw. */
  if (!self->tls_report->validated && self->accepted_sha256 != NULL &&
      g_strcmp0 (self->tls_report->sha256, self->accepted_sha256) == 0)
    self->tls_report->accepted = TRUE;
  sp_attempt_set_tls_report (self->attempt, self->tls_report);
  log_tls_report (self, op->step);
  if (self->accepted_sha256 != NULL && !self->tls_report->validated &&
      !self->tls_report->accepted)
    sp_attempt_add_note (self->attempt, op->step,
                            _("This is not the certificate accepted for this test (SHA-256 "
                              "%s)."),
                            self->accepted_sha256);

  /* RFC 3207 4.2: what the server said in plain text may have been
   * tampered with, so it is forgotten; the caller sends EHLO again. */
  g_clear_pointer (&self->capabilities, sp_capabilities_unref);

  if (mode == SP_TLS_MODE_STARTTLS)
    {
      reply = g_steal_pointer (&op->starttls_reply);
      sp_attempt_end_step (self->attempt, reply, NULL);
      self->busy = FALSE;
      g_task_return_pointer (task, reply, (GDestroyNotify) sp_reply_unref);
      return;
    }

  sp_attempt_end_step (self->attempt, NULL, NULL);

  /* The banner has a time limit of its own. */
  op->step = SP_STEP_BANNER;
  sp_attempt_begin_step (self->attempt, SP_STEP_BANNER, NULL);
  op_start_timer (op);
  read_reply_line (g_steal_pointer (&task));
}

/* Takes over @task. */
static void
op_start_tls (GTask     *task,
              SpTlsMode  mode)
{
  SpSession *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GInetAddress) literal = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bare = NULL;
  gsize len = strlen (self->host_name);

  /* The exchanger's name, not the address c-ares found: it is what the
   * certificate must name, and what SNI tells the server. A server given
   * as an address is checked against that address, but RFC 6066 3 allows
   * only host names in SNI, and GIO sends the name of a GNetworkAddress
   * even when it is an address; as a GInetSocketAddress it sends none. */
  if (len > 2 && self->host_name[0] == '[' && self->host_name[len - 1] == ']')
    bare = g_strndup (self->host_name + 1, len - 2);
  else
    bare = g_strdup (self->host_name);
  literal = g_inet_address_new_from_string (bare);
  if (literal != NULL)
    identity = G_SOCKET_CONNECTABLE (g_inet_socket_address_new (literal, self->port));
  else
    identity = g_network_address_new (self->host_name, self->port);
  tls = g_tls_client_connection_new (G_IO_STREAM (self->connection), identity, &error);
  if (tls == NULL)
    {
      if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE) ||
          !g_tls_backend_supports_tls (g_tls_backend_get_default ()))
        op_fail (task, g_error_new_literal (SP_SESSION_ERROR, SP_SESSION_ERROR_TLS_UNAVAILABLE,
                                            _("This system cannot encrypt connections: GLib’s "
                                              "TLS support (the glib-networking package) is "
                                              "not installed.")));
      else
        op_fail (task, g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_TLS_FAILED,
                                    /* Translators: %s first is the server's name, then the TLS
                                     * library's own words. */
                                    _("Could not start the encryption (TLS) with %s: %s"),
                                    self->host_name, error->message));
      g_object_unref (task);
      return;
    }

  self->tls = G_TLS_CONNECTION (g_steal_pointer (&tls));
  self->handshake_errors = 0;
  g_signal_connect (self->tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), self);

  op->handshaking = TRUE;
  if (mode == SP_TLS_MODE_IMPLICIT)
    sp_attempt_add_note (self->attempt, op->step,
                            _("Starting TLS right away (implicit TLS); the certificate must "
                              "be valid for %s…"),
                            self->host_name);
  else
    sp_attempt_add_note (self->attempt, op->step,
                            _("Starting the TLS handshake; the certificate must be valid for "
                              "%s…"),
                            self->host_name);

  g_tls_connection_handshake_async (self->tls, G_PRIORITY_DEFAULT, op->cancellable,
                                    handshake_cb, task);
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
  SpStepRecord *step;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL)
    {
      op_fail (task, g_steal_pointer (&error));
      return;
    }

  self->connection = g_steal_pointer (&connection);
  self->stream = G_IO_STREAM (self->connection);
  self->reader = sp_line_reader_new (g_io_stream_get_input_stream (self->stream),
                                     SP_REPLY_MAX_LINE_LENGTH);

  step = sp_attempt_get_running_step (self->attempt);
  if (step != NULL)
    sp_attempt_add_note (self->attempt, SP_STEP_CONNECT, _("Connected in %.1f ms."),
                         (g_get_monotonic_time () - sp_step_record_get_started_usec (step))
                         / 1000.0);
  sp_attempt_end_step (self->attempt, NULL, NULL);

  /* Implicit TLS wraps the connection before the server says anything;
   * the handshake has a time limit of its own. */
  if (self->implicit_tls)
    {
      op->step = SP_STEP_TLS;
      sp_attempt_begin_step (self->attempt, SP_STEP_TLS, NULL);
      op_start_timer (op);
      op_start_tls (g_steal_pointer (&task), SP_TLS_MODE_IMPLICIT);
      return;
    }

  /* The banner has a time limit of its own. */
  op->step = SP_STEP_BANNER;
  sp_attempt_begin_step (self->attempt, SP_STEP_BANNER, NULL);
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
  g_clear_pointer (&self->tls_report, sp_tls_report_unref);
  g_free (self->host_name);
  self->host_name = g_strdup (op->host_name);
  self->port = op->port;
  self->busy = TRUE;

  sp_attempt_begin_step (self->attempt, SP_STEP_CONNECT, NULL);
  if (g_strcmp0 (op->host_name, op->address) == 0)
    /* Translators: %s is an IP address, %u the port (not a count). */
    sp_attempt_add_note (self->attempt, SP_STEP_CONNECT, _("Connecting to %s port %u…"),
                            op->address, op->port);
  else
    sp_attempt_add_note (self->attempt, SP_STEP_CONNECT,
                            /* Translators: %s first is the server's name, then its IP address; %u
                             * is the port (not a count). */
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
  return propagate_reply (self, result, error);
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

/* Ends @task: the session is in the middle of something. Returns FALSE. */
static gboolean
op_return_busy (GTask *task)
{
  g_task_return_new_error (task, SP_SESSION_ERROR, SP_SESSION_ERROR_BUSY,
                           _("Another command is still waiting for its reply."));
  return FALSE;
}

/* @internal: one of the commands of a login, which holds the session. */
static gboolean
op_check_ready (SpSession *self,
                GTask     *task,
                gboolean   internal)
{
  if (self->busy || ((self->authenticating || self->catching_up) && !internal))
    return op_return_busy (task);

  if (self->connection == NULL)
    {
      g_task_return_new_error (task, SP_SESSION_ERROR, SP_SESSION_ERROR_NOT_CONNECTED,
                               _("There is no open connection to send the command on."));
      return FALSE;
    }

  return TRUE;
}

/* Fails @task when @line cannot go out: a line end inside a command
 * would smuggle in a second command. */
static gboolean
check_line (GTask      *task,
            const char *line)
{
  if (strpbrk (line, "\r\n") == NULL)
    return TRUE;

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A command cannot contain a line break."));
  return FALSE;
}

/* For an operation that cannot read the replies still owed to commands
 * sent ahead: only a command can (see command_internal ()). */
static gboolean
op_check_nothing_owed (SpSession *self,
                       GTask     *task)
{
  return g_queue_is_empty (&self->sent_ahead) || op_return_busy (task);
}

/* Marks the session busy; FALSE when the operation was cancelled before
 * it began, which then ends @task and takes it over. */
static gboolean
op_begin_io (SpSession *self,
             GTask     *task)
{
  self->busy = TRUE;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      op_fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled.")));
      g_object_unref (task);
      return FALSE;
    }

  return TRUE;
}

/* A command that went out earlier, with the one before it (PIPELINING):
 * its step begins now, as if it had been sent now, so that the log and the
 * steps read as in a test step by step, and the step's time limit counts
 * from here. Takes over @task. */
static void
op_receive (SpSession  *self,
            GTask      *task,
            const char *display)
{
  Op *op = g_task_get_task_data (task);

  sp_attempt_begin_step (self->attempt, op->step, display);
  sp_attempt_add_client_line (self->attempt, op->step, display);

  if (!op_begin_io (self, task))
    return;

  op_start_timer (op);
  read_reply_line (task);
}

/* Takes over @task. */
static void
op_send (SpSession *self,
         GTask     *task,
         GBytes    *data)
{
  Op *op = g_task_get_task_data (task);
  GOutputStream *output;
  gsize size;
  gconstpointer bytes;

  if (!op_begin_io (self, task))
    return;

  op->payload = g_bytes_ref (data);
  bytes = g_bytes_get_data (op->payload, &size);
  output = g_io_stream_get_output_stream (self->stream);
  op_start_timer (op);
  g_output_stream_write_all_async (output, bytes, size, G_PRIORITY_DEFAULT,
                                   op->cancellable, write_cb, task);
}

/* Takes over @task. Only @display reaches the transcript. */
static void
op_send_line (SpSession  *self,
              GTask      *task,
              const char *line,
              const char *display)
{
  Op *op = g_task_get_task_data (task);
  g_autoptr(GBytes) data = NULL;
  char *wire;

  sp_attempt_begin_step (self->attempt, op->step, display);
  sp_attempt_add_client_line (self->attempt, op->step, display);

  /* The wire form may hold a credential: wiped when the bytes go. */
  wire = g_strconcat (line, "\r\n", NULL);
  data = g_bytes_new_with_free_func (wire, strlen (wire),
                                     (GDestroyNotify) sp_auth_secret_free, wire);
  op_send (self, task, data);
}

static void catch_up (SpSession *self,
                      GTask     *waiting);

/* TRUE when the command of @op, @line, went out already with an earlier
 * one: it is no longer owed, only its reply is to be read. */
static gboolean
take_sent_ahead (SpSession  *self,
                 Op         *op,
                 const char *line)
{
  SentAhead *next = g_queue_peek_head (&self->sent_ahead);

  if (next == NULL || line == NULL || next->step != op->step || strcmp (next->line, line) != 0 ||
      op->secrets != NULL)
    return FALSE;

  sent_ahead_free (g_queue_pop_head (&self->sent_ahead));

  return TRUE;
}

/* Ends the command that waited for the replies owed, with a failure of
 * one of them: that was logged at its own step. */
static void
catch_up_fail (SpSession *self,
               GTask     *waiting,
               GError    *error)
{
  self->catching_up = FALSE;
  g_task_return_error (waiting, error);
  g_object_unref (waiting);
}

static void
catch_up_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SpSession *self = SP_SESSION (object);
  GTask *waiting = user_data;
  Op *op = g_task_get_task_data (waiting);
  Op *done = g_task_get_task_data (G_TASK (result));
  g_autoptr(SpReply) reply = NULL;
  GError *error = NULL;

  reply = g_task_propagate_pointer (G_TASK (result), &error);
  if (reply == NULL)
    {
      catch_up_fail (self, waiting, error);
      return;
    }

  /* RFC 2920 3.1: a DATA accepted although the transaction was refused
   * before it (a server should answer 503 or 554) is ended with a message
   * of no lines; nothing of the test message goes out. */
  if (done->step == SP_STEP_DATA && sp_reply_get_code (reply) == 354)
    {
      g_autoptr(GTask) dot = NULL;
      g_autoptr(GBytes) dot_line = g_bytes_new_static (".\r\n", 3);

      dot = op_task_new (self, SP_STEP_MESSAGE, g_task_get_cancellable (waiting),
                         catch_up_cb, waiting, catch_up_cb);
      sp_attempt_begin_step (self->attempt, SP_STEP_MESSAGE, ".");
      sp_attempt_add_note (self->attempt, SP_STEP_MESSAGE,
                           /* Translators: DATA is the SMTP command; RFC 2920 is
                            * PIPELINING. */
                           _("The server accepted DATA for a transaction it had refused "
                             "before; an empty message ends it, as RFC 2920 asks."));
      sp_attempt_add_client_line (self->attempt, SP_STEP_MESSAGE, ".");
      op_send (self, g_steal_pointer (&dot), dot_line);
      return;
    }

  if (take_sent_ahead (self, op, op->line))
    {
      self->catching_up = FALSE;
      op_receive (self, waiting, op->display);
      return;
    }

  if (!g_queue_is_empty (&self->sent_ahead))
    {
      catch_up (self, waiting);
      return;
    }

  self->catching_up = FALSE;

  /* sp_session_read_owed_async (): nothing to send. */
  if (op->line == NULL)
    {
      g_task_return_boolean (waiting, TRUE);
      g_object_unref (waiting);
      return;
    }

  if (!op_check_ready (self, waiting, (op->flags & OP_INTERNAL) != 0))
    {
      g_object_unref (waiting);
      return;
    }

  op_send_line (self, waiting, op->line, op->display);
}

/* The replies owed to commands sent ahead come first, each read into the
 * step of its own command, until the command of @waiting is the next one
 * owed, or else none is and it goes out. Takes over @waiting. */
static void
catch_up (SpSession *self,
          GTask     *waiting)
{
  g_autoptr(GTask) task = NULL;
  SentAhead *next = g_queue_pop_head (&self->sent_ahead);

  self->catching_up = TRUE;
  task = op_task_new (self, next->step, g_task_get_cancellable (waiting), catch_up_cb, waiting,
                      catch_up);
  op_receive (self, g_steal_pointer (&task), next->line);
  sent_ahead_free (next);
}

/* Takes over @secrets, which join the session's own. @mechanism: the
 * login this command is a part of, or NULL. */
static void
command_internal (SpSession           *self,
                  SpStep               step,
                  const char          *line,
                  const char          *display,
                  GStrv                secrets,
                  OpFlags              flags,
                  const char          *mechanism,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Op *op;

  task = op_task_new (self, step, cancellable, callback, user_data, sp_session_command_async);
  op = g_task_get_task_data (task);
  add_secrets (&op->secrets, secrets);
  op->flags = flags;
  op->mechanism = mechanism;

  if (!op_check_ready (self, task, (flags & OP_INTERNAL) != 0))
    return;

  if (!check_line (task, line) || !check_line (task, display))
    return;

  if (take_sent_ahead (self, op, line))
    {
      op_receive (self, g_steal_pointer (&task), display);
      return;
    }

  if (!g_queue_is_empty (&self->sent_ahead))
    {
      op->line = g_strdup (line);
      op->display = g_strdup (display);
      catch_up (self, g_steal_pointer (&task));
      return;
    }

  op_send_line (self, g_steal_pointer (&task), line, display);
}

void
sp_session_command_async (SpSession           *self,
                          SpStep               step,
                          const char          *line,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (SP_IS_SESSION (self));
  g_return_if_fail (line != NULL);

  command_internal (self, step, line, line, NULL, 0, NULL, cancellable, callback, user_data);
}

void
sp_session_command_redacted_async (SpSession           *self,
                                   SpStep               step,
                                   const char          *line,
                                   const char          *display_line,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_auto(GStrv) words = NULL;
  g_auto(GStrv) shown = NULL;
  GPtrArray *secrets;

  g_return_if_fail (SP_IS_SESSION (self));
  g_return_if_fail (line != NULL);
  g_return_if_fail (display_line != NULL);

  /* Every word the display form leaves out is a secret. */
  secrets = g_ptr_array_new ();
  words = g_strsplit (line, " ", -1);
  shown = g_strsplit (display_line, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0' && !g_strv_contains ((const char * const *) shown, words[i]))
      g_ptr_array_add (secrets, g_strdup (words[i]));
  g_ptr_array_add (secrets, NULL);
  for (guint i = 0; words[i] != NULL; i++)
    sp_auth_wipe (words[i], strlen (words[i]));

  command_internal (self, step, line, display_line,
                    (GStrv) g_ptr_array_free (secrets, FALSE), OP_HIDE_CHALLENGE, NULL,
                    cancellable, callback, user_data);
}

SpReply *
sp_session_command_finish (SpSession     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return propagate_reply (self, result, error);
}

/* PIPELINING */

gboolean
sp_session_owes_replies (SpSession *self)
{
  g_return_val_if_fail (SP_IS_SESSION (self), FALSE);

  return !g_queue_is_empty (&self->sent_ahead);
}

void
sp_session_read_owed_async (SpSession           *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SP_IS_SESSION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = op_task_new (self, SP_STEP_NONE, cancellable, callback, user_data,
                      sp_session_read_owed_async);

  if (!op_check_ready (self, task, FALSE))
    return;

  if (g_queue_is_empty (&self->sent_ahead))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  catch_up (self, g_steal_pointer (&task));
}

gboolean
sp_session_read_owed_finish (SpSession     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (SP_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Fails @task when one of @commands cannot go out. */
static gboolean
check_commands (GTask                  *task,
                const SpSessionCommand *commands,
                guint                   n_commands)
{
  for (guint i = 0; i < n_commands; i++)
    if (!check_line (task, commands[i].line))
      return FALSE;

  return TRUE;
}

/* Adds @commands to @wire and to the commands owed a reply, and says in
 * the log of @step, whose command goes first, that they go with it. */
static void
send_ahead (SpSession              *self,
            SpStep                  step,
            const SpSessionCommand *commands,
            guint                   n_commands,
            GString                *wire)
{
  for (guint i = 0; i < n_commands; i++)
    {
      SentAhead *ahead = g_new0 (SentAhead, 1);

      ahead->step = commands[i].step;
      ahead->line = g_strdup (commands[i].line);
      g_queue_push_tail (&self->sent_ahead, ahead);
      g_string_append (wire, commands[i].line);
      g_string_append (wire, "\r\n");
    }

  /* One command gets a sentence of its own rather than the singular form:
   * a language that uses that form for 21 as well needs the number. */
  if (n_commands == 1)
    sp_attempt_add_note (self->attempt, step,
                         /* Translators: RFC 2920 PIPELINING; the command after this one
                          * shows under its own step. */
                         _("Sent in one go with the next command, as the server offers "
                           "PIPELINING; each reply is shown with its own command."));
  else if (n_commands > 1)
    sp_attempt_add_note (self->attempt, step,
                         g_dngettext (GETTEXT_PACKAGE,
                                      /* Translators: RFC 2920 PIPELINING; the commands
                                       * after this one show under their own steps. */
                                      "Sent in one go with the next %u command, as the "
                                      "server offers PIPELINING; each reply is shown with its "
                                      "own command.",
                                      "Sent in one go with the next %u commands, as the "
                                      "server offers PIPELINING; each reply is shown with its "
                                      "own command.",
                                      n_commands),
                         n_commands);
}

void
sp_session_pipeline_async (SpSession              *self,
                           const SpSessionCommand *commands,
                           guint                   n_commands,
                           GCancellable           *cancellable,
                           GAsyncReadyCallback     callback,
                           gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) wire = NULL;
  g_autoptr(GBytes) data = NULL;

  g_return_if_fail (SP_IS_SESSION (self));
  g_return_if_fail (commands != NULL);
  g_return_if_fail (n_commands > 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = op_task_new (self, commands[0].step, cancellable, callback, user_data,
                      sp_session_command_async);

  if (!op_check_ready (self, task, FALSE) || !op_check_nothing_owed (self, task) ||
      !check_commands (task, commands, n_commands))
    return;

  wire = g_string_new (commands[0].line);
  g_string_append (wire, "\r\n");
  sp_attempt_begin_step (self->attempt, commands[0].step, commands[0].line);
  sp_attempt_add_client_line (self->attempt, commands[0].step, commands[0].line);
  send_ahead (self, commands[0].step, commands + 1, n_commands - 1, wire);

  data = g_string_free_to_bytes (g_steal_pointer (&wire));
  op_send (self, g_steal_pointer (&task), data);
}

/* STARTTLS */

void
sp_session_starttls_async (SpSession           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Op *op;

  g_return_if_fail (SP_IS_SESSION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = op_task_new (self, SP_STEP_STARTTLS, cancellable, callback, user_data,
                      sp_session_starttls_async);
  op = g_task_get_task_data (task);
  op->starttls = TRUE;

  if (!op_check_ready (self, task, FALSE) || !op_check_nothing_owed (self, task))
    return;

  if (self->tls != NULL)
    {
      g_task_return_new_error (task, SP_SESSION_ERROR, SP_SESSION_ERROR_TLS_FAILED,
                               _("The connection is already encrypted."));
      return;
    }

  op_send_line (self, g_steal_pointer (&task), "STARTTLS", "STARTTLS");
}

SpReply *
sp_session_starttls_finish (SpSession     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return propagate_reply (self, result, error);
}

/* AUTH */

typedef struct
{
  char            *user;
  SpAuthMechanism  mechanism;
  GStrv            answers;      /* Base64, sent one per 334 challenge */
  guint            next_answer;
} Auth;

static void
auth_free (Auth *auth)
{
  g_free (auth->user);
  g_clear_pointer (&auth->answers, sp_auth_secret_strv_free);
  g_free (auth);
}

/* What the reply to the command that sends the answers up to
 * @next_answer may be: a 334 while answers are left, else a 235. */
static OpFlags
auth_flags (Auth *auth)
{
  if (auth->answers != NULL && auth->answers[auth->next_answer] != NULL)
    return OP_INTERNAL | OP_NO_SUCCESS;

  return OP_INTERNAL | OP_NO_CHALLENGE;
}

static void
auth_step_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpSession *self = SP_SESSION (object);
  Auth *auth = g_task_get_task_data (task);
  const char *mechanism = sp_auth_mechanism_to_string (auth->mechanism);
  g_autoptr(SpReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean success;

  reply = sp_session_command_finish (self, result, &error);
  if (reply == NULL)
    {
      self->authenticating = FALSE;
      sp_attempt_set_auth (self->attempt, mechanism, auth->user, FALSE);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The command's checks let a 334 through only while an answer is left
   * (see op_check_login_reply ()). */
  if (sp_reply_get_code (reply) == 334)
    {
      const char *answer = auth->answers[auth->next_answer++];

      command_internal (self, SP_STEP_AUTH, answer, SP_AUTH_REDACTED, NULL, auth_flags (auth),
                        mechanism, g_task_get_cancellable (task), auth_step_cb,
                        g_object_ref (task));
      return;
    }

  self->authenticating = FALSE;
  success = sp_reply_get_code (reply) == 235;
  sp_attempt_set_auth (self->attempt, mechanism, auth->user, success);
  if (success)
    sp_attempt_add_note (self->attempt, SP_STEP_AUTH, _("Logged in as %s."), auth->user);

  g_task_return_pointer (task, g_steal_pointer (&reply), (GDestroyNotify) sp_reply_unref);
}

static char *
dup_offered_mechanisms (SpCapabilities *capabilities)
{
  const char * const *mechanisms = NULL;

  if (capabilities != NULL)
    mechanisms = sp_capabilities_get_auth_mechanisms (capabilities);
  if (mechanisms == NULL || mechanisms[0] == NULL)
    return NULL;

  return g_strjoinv (", ", (char **) mechanisms);
}

void
sp_session_authenticate_async (SpSession           *self,
                               const char          *user,
                               const char          *password,
                               gboolean             allow_plaintext,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *offered = NULL;
  g_autofree char *first = NULL;
  g_autofree char *display = NULL;
  const char *mechanism_name;
  Auth *auth;
  GError *error = NULL;

  g_return_if_fail (SP_IS_SESSION (self));
  g_return_if_fail (user != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_session_authenticate_async);
  g_task_set_check_cancellable (task, FALSE);

  if (!op_check_ready (self, task, FALSE) || !op_check_nothing_owed (self, task))
    return;

  auth = g_new0 (Auth, 1);
  auth->user = g_strdup (user);
  auth->mechanism = sp_auth_choose_mechanism (self->capabilities);
  g_task_set_task_data (task, auth, (GDestroyNotify) auth_free);
  mechanism_name = sp_auth_mechanism_to_string (auth->mechanism);
  offered = dup_offered_mechanisms (self->capabilities);

  /* Refusals that need no traffic leave the connection as it was. The
   * certificate comes first: allowing a plain-text login is a choice about
   * eavesdroppers, not about handing the password to whoever answers. */
  if (sp_session_is_encrypted (self) && !sp_session_check_trusted (self, &error))
    {
      sp_attempt_add_error (self->attempt, SP_STEP_AUTH, "%s", error->message);
      g_task_return_error (task, error);
      return;
    }

  if (offered == NULL)
    error = g_error_new_literal (SP_SESSION_ERROR, SP_SESSION_ERROR_AUTH_UNSUPPORTED,
                                 _("The server does not offer logging in (AUTH) on this "
                                   "connection. Submission servers offer it on port 587 or "
                                   "465, often only after STARTTLS; servers on port 25 "
                                   "usually do not."));
  else if (auth->mechanism == SP_AUTH_MECHANISM_NONE)
    error = g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_AUTH_UNSUPPORTED,
                         _("The server offers only login methods this app does not support "
                           "(%s). SMTP Probe can log in with PLAIN or LOGIN."),
                         offered);
  else if (!sp_session_is_encrypted (self) && !allow_plaintext)
    error = g_error_new_literal (SP_SESSION_ERROR, SP_SESSION_ERROR_AUTH_NOT_ENCRYPTED,
                                 _("The password was not sent, because the connection is not "
                                   "encrypted."));

  if (error != NULL)
    {
      sp_attempt_add_error (self->attempt, SP_STEP_AUTH, "%s", error->message);
      g_task_return_error (task, error);
      return;
    }

  if (!sp_session_is_encrypted (self))
    sp_attempt_add_note (self->attempt, SP_STEP_AUTH,
                            _("Warning: logging in without encryption, as allowed. The "
                              "password crosses the network in a form anyone on the way can "
                              "read (Base64 is not encryption)."));
  /* Translators: %s first is the user name, then the login method such as “PLAIN”. */
  sp_attempt_add_note (self->attempt, SP_STEP_AUTH, _("Logging in as %s with AUTH %s…"),
                          user, mechanism_name);

  display = g_strdup_printf ("AUTH %s %s", mechanism_name, SP_AUTH_REDACTED);
  if (auth->mechanism == SP_AUTH_MECHANISM_PLAIN)
    {
      char *blob = sp_auth_encode_plain (user, password);

      if (strlen ("AUTH PLAIN ") + strlen (blob) <= MAX_AUTH_LINE)
        {
          first = g_strconcat ("AUTH PLAIN ", blob, NULL);
          sp_auth_secret_free (blob);
        }
      else
        {
          /* Too long for one line: the blob answers the 334 instead. */
          first = g_strdup ("AUTH PLAIN");
          g_clear_pointer (&display, g_free);
          display = g_strdup (first);
          auth->answers = g_new0 (char *, 2);
          auth->answers[0] = blob;
        }
    }
  else
    {
      first = g_strdup ("AUTH LOGIN");
      g_clear_pointer (&display, g_free);
      display = g_strdup (first);
      auth->answers = g_new0 (char *, 3);
      auth->answers[0] = sp_auth_encode_login (user);
      auth->answers[1] = sp_auth_encode_login (password);
    }

  /* From here on, until the connection ends, every reply is searched for
   * the password: a server may echo it at any later step too. */
  g_clear_pointer (&self->secrets, sp_auth_secret_strv_free);
  self->secrets = sp_auth_dup_secret_forms (user, password);

  self->authenticating = TRUE;
  command_internal (self, SP_STEP_AUTH, first, display, NULL, auth_flags (auth),
                    mechanism_name, cancellable, auth_step_cb, g_steal_pointer (&task));
  sp_auth_wipe (first, strlen (first));
}

SpReply *
sp_session_authenticate_finish (SpSession     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return propagate_reply (self, result, error);
}

void
sp_session_add_login_secrets (SpSession  *self,
                              const char *user,
                              const char *password)
{
  g_return_if_fail (SP_IS_SESSION (self));
  g_return_if_fail (user != NULL);
  g_return_if_fail (password != NULL);

  add_secrets (&self->secrets, sp_auth_dup_secret_forms (user, password));
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
      sp_attempt_add_client_line (self->attempt, SP_STEP_MESSAGE, line);

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
  sp_session_send_message_then_async (self, stuffed, NULL, 0, cancellable, callback, user_data);
}

void
sp_session_send_message_then_async (SpSession              *self,
                                    GBytes                 *stuffed,
                                    const SpSessionCommand *then,
                                    guint                   n_then,
                                    GCancellable           *cancellable,
                                    GAsyncReadyCallback     callback,
                                    gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) wire = NULL;
  g_autoptr(GBytes) data = NULL;

  g_return_if_fail (SP_IS_SESSION (self));
  g_return_if_fail (stuffed != NULL);
  g_return_if_fail (then != NULL || n_then == 0);

  task = op_task_new (self, SP_STEP_MESSAGE, cancellable, callback, user_data,
                      sp_session_send_message_async);

  if (!op_check_ready (self, task, FALSE) || !op_check_nothing_owed (self, task) ||
      !check_commands (task, then, n_then))
    return;

  sp_attempt_begin_step (self->attempt, SP_STEP_MESSAGE, ".");
  log_message_lines (self, stuffed);
  if (n_then == 0)
    {
      op_send (self, g_steal_pointer (&task), stuffed);
      return;
    }

  wire = g_string_new_len (g_bytes_get_data (stuffed, NULL), g_bytes_get_size (stuffed));
  send_ahead (self, SP_STEP_MESSAGE, then, n_then, wire);
  data = g_string_free_to_bytes (g_steal_pointer (&wire));
  op_send (self, g_steal_pointer (&task), data);
}

SpReply *
sp_session_send_message_finish (SpSession     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return propagate_reply (self, result, error);
}
