/* sp-console.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-console"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-auth.h"
#include "sp-console-private.h"
#include "sp-diagnosis.h"
#include "sp-message.h"

struct _SpConsole
{
  GObject          parent_instance;

  /* owned references */
  SpTranscript    *transcript;
  SpAttempt       *attempt;
  SpSession       *session;
  GPtrArray       *message;        /* lines of the message after 354, as typed */
  char            *auth_user;      /* of a login typed by hand, once known */
  char            *login_user;     /* LOGIN's first answer, until the password comes */
  char            *accepted_sha256;

  /* state */
  SpConsoleMode    mode;
  guint            timeout_ms;
  gboolean         implicit_tls;
  SpAuthMechanism  auth_mechanism; /* of the AUTH under way, else NONE */
  guint            auth_answers;   /* answers sent to its challenges */
  gboolean         busy;
  /* The transcript had no verdict when the console began: the console's
   * session is the whole test, and its outcome the test's verdict. After
   * a guided test ("Continue by hand") the guided verdict stays. */
  gboolean         decides;
  /* The server came from the domain's MX records, not from the person. */
  gboolean         from_dns;
};

G_DEFINE_FINAL_TYPE (SpConsole, sp_console, G_TYPE_OBJECT)

G_DEFINE_QUARK (sp-console-error-quark, sp_console_error)

static void
sp_console_dispose (GObject *object)
{
  SpConsole *self = (SpConsole *)object;

  if (self->session != NULL && !self->busy)
    sp_console_close (self);
  g_clear_object (&self->session);
  g_clear_object (&self->attempt);
  g_clear_object (&self->transcript);

  G_OBJECT_CLASS (sp_console_parent_class)->dispose (object);
}

static void
sp_console_finalize (GObject *object)
{
  SpConsole *self = (SpConsole *)object;

  g_clear_pointer (&self->message, g_ptr_array_unref);
  g_free (self->auth_user);
  sp_auth_secret_free (self->login_user);
  g_free (self->accepted_sha256);

  G_OBJECT_CLASS (sp_console_parent_class)->finalize (object);
}

static void
sp_console_class_init (SpConsoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sp_console_dispose;
  object_class->finalize = sp_console_finalize;
}

static void
sp_console_init (SpConsole *self)
{
  self->message = g_ptr_array_new_with_free_func (g_free);
  self->timeout_ms = SP_SESSION_DEFAULT_TIMEOUT * 1000;
}

SpConsole *
sp_console_new (SpTranscript *transcript)
{
  SpConsole *self;

  g_return_val_if_fail (SP_IS_TRANSCRIPT (transcript), NULL);

  self = g_object_new (SP_TYPE_CONSOLE, NULL);
  self->transcript = g_object_ref (transcript);
  sp_transcript_set_manual (transcript, TRUE);

  return self;
}

SpTranscript *
sp_console_get_transcript (SpConsole *self)
{
  g_return_val_if_fail (SP_IS_CONSOLE (self), NULL);

  return self->transcript;
}

SpAttempt *
sp_console_get_attempt (SpConsole *self)
{
  g_return_val_if_fail (SP_IS_CONSOLE (self), NULL);

  return self->attempt;
}

SpSession *
sp_console_get_session (SpConsole *self)
{
  g_return_val_if_fail (SP_IS_CONSOLE (self), NULL);

  return self->session;
}

SpConsoleMode
sp_console_get_mode (SpConsole *self)
{
  g_return_val_if_fail (SP_IS_CONSOLE (self), SP_CONSOLE_MODE_CLOSED);

  return self->mode;
}

void
sp_console_set_timeout_ms (SpConsole *self,
                           guint      milliseconds)
{
  g_return_if_fail (SP_IS_CONSOLE (self));

  self->timeout_ms = milliseconds;
}

void
sp_console_set_implicit_tls (SpConsole *self,
                             gboolean   implicit_tls)
{
  g_return_if_fail (SP_IS_CONSOLE (self));

  self->implicit_tls = !!implicit_tls;
}

void
sp_console_set_accepted_certificate (SpConsole  *self,
                                     const char *sha256)
{
  g_return_if_fail (SP_IS_CONSOLE (self));

  g_free (self->accepted_sha256);
  self->accepted_sha256 = g_strdup (sha256);
}

/* Ending the session */

static SpVerdict
verdict_of_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return SP_VERDICT_CANCELLED;
  if (g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_TIMED_OUT) ||
      g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_CONNECT_TIMED_OUT))
    return SP_VERDICT_TIMED_OUT;
  if (g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_CONNECTION_REFUSED) ||
      g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_UNREACHABLE) ||
      g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_NETWORK_UNREACHABLE) ||
      g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_CONNECT_FAILED))
    return SP_VERDICT_CONNECT_FAILED;
  if (error->domain == G_TLS_ERROR ||
      g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_TLS_FAILED) ||
      g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_TLS_INJECTION))
    return SP_VERDICT_TLS_FAILED;

  return SP_VERDICT_PROTOCOL_ERROR;
}

/* A session typed by hand decides nothing on its own: it ends as the last
 * command that mattered did. RSET, QUIT and the commands that only ask
 * (VRFY, NOOP …) change nothing about delivery, so a recipient refused
 * before RSET still tells how the session went. */
static SpStepRecord *
find_deciding_step (SpAttempt *attempt)
{
  SpStepRecord *last = NULL;

  for (guint i = 0; i < sp_attempt_get_n_steps (attempt); i++)
    {
      SpStepRecord *step = sp_attempt_get_step (attempt, i);
      SpStep kind = sp_step_record_get_step (step);

      if (sp_step_record_get_error (step) != NULL)
        last = step;
      else if (kind != SP_STEP_RSET && kind != SP_STEP_QUIT && kind != SP_STEP_OTHER &&
               sp_step_record_get_reply (step) != NULL)
        last = step;
    }

  return last;
}

static void
end_attempt (SpConsole *self)
{
  SpStepRecord *step;
  SpVerdict verdict = SP_VERDICT_ACCEPTED;
  SpStep deciding = SP_STEP_NONE;
  g_autofree char *detail = NULL;

  if (self->attempt == NULL || sp_attempt_get_state (self->attempt) == SP_ATTEMPT_STATE_DONE)
    return;

  step = find_deciding_step (self->attempt);
  if (step != NULL)
    {
      const GError *error = sp_step_record_get_error (step);
      SpReply *reply = sp_step_record_get_reply (step);

      deciding = sp_step_record_get_step (step);
      if (error != NULL)
        verdict = verdict_of_error (error);
      else if (sp_reply_get_class (reply) == SP_REPLY_CLASS_TRANSIENT)
        verdict = SP_VERDICT_TRANSIENT;
      else if (sp_reply_get_class (reply) == SP_REPLY_CLASS_PERMANENT)
        verdict = SP_VERDICT_PERMANENT;
    }

  /* A local failure says what happened in its own sentence. */
  if (step != NULL && sp_step_record_get_error (step) != NULL)
    detail = g_strdup (sp_step_record_get_error (step)->message);
  else
    detail = sp_diagnosis_dup_console_detail (self->attempt);
  sp_attempt_end (self->attempt, verdict, deciding, detail);
  if (self->decides)
    {
      sp_transcript_set_deciding_attempt (self->transcript, self->attempt);
      sp_transcript_set_verdict (self->transcript, verdict, deciding, detail);
    }
}

static void
set_mode (SpConsole     *self,
          SpConsoleMode  mode)
{
  self->mode = mode;
  if (mode != SP_CONSOLE_MODE_MESSAGE)
    g_ptr_array_set_size (self->message, 0);
  if (mode != SP_CONSOLE_MODE_AUTH)
    g_clear_pointer (&self->login_user, sp_auth_secret_free);
}

void
sp_console_close (SpConsole *self)
{
  g_return_if_fail (SP_IS_CONSOLE (self));

  if (self->session != NULL)
    sp_session_disconnect (self->session);
  set_mode (self, SP_CONSOLE_MODE_CLOSED);
  end_attempt (self);
}

static void
goodbye_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SpReply *reply = sp_console_send_finish (SP_CONSOLE (object), result, NULL);

  /* Whatever the server said to QUIT, the session ends here. */
  g_clear_pointer (&reply, sp_reply_unref);
  sp_console_close (SP_CONSOLE (object));
  g_clear_object (&user_data);
}

void
sp_console_quit_in_background (SpConsole *self,
                               GObject   *keep_alive)
{
  g_return_if_fail (SP_IS_CONSOLE (self));
  g_return_if_fail (keep_alive == NULL || G_IS_OBJECT (keep_alive));

  /* In the middle of a message or a login, or while a reply is awaited,
   * QUIT would be read as part of it: the connection is closed instead. */
  if (self->session == NULL || self->busy || self->mode != SP_CONSOLE_MODE_COMMAND ||
      !sp_session_is_connected (self->session))
    {
      sp_console_close (self);
      return;
    }

  /* The operation holds the console until the reply. */
  sp_console_send_async (self, "QUIT", NULL, goodbye_cb,
                         keep_alive != NULL ? g_object_ref (keep_alive) : NULL);
}

/* After an operation: the connection may have ended under it. */
static void
check_connection (SpConsole *self)
{
  if (self->session != NULL && !sp_session_is_connected (self->session))
    sp_console_close (self);
}

/* Connecting */

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpConsole *self = g_task_get_source_object (task);
  g_autoptr(SpReply) reply = NULL;
  GError *error = NULL;

  self->busy = FALSE;
  reply = sp_session_connect_finish (SP_SESSION (object), result, &error);
  if (reply == NULL)
    {
      sp_console_close (self);
      g_task_return_error (task, error);
      return;
    }

  if (sp_reply_get_code (reply) == 220)
    set_mode (self, SP_CONSOLE_MODE_COMMAND);
  else
    sp_console_close (self);

  g_task_return_pointer (task, g_steal_pointer (&reply), (GDestroyNotify) sp_reply_unref);
}

void
sp_console_connect_async (SpConsole           *self,
                          GInetSocketAddress  *address,
                          const char          *host_name,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *ip = NULL;
  guint16 port;

  g_return_if_fail (SP_IS_CONSOLE (self));
  g_return_if_fail (G_IS_INET_SOCKET_ADDRESS (address));
  g_return_if_fail (host_name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_console_connect_async);

  if (self->attempt != NULL)
    {
      g_task_return_new_error (task, SP_CONSOLE_ERROR, SP_CONSOLE_ERROR_WRONG_MODE,
                               _("This console has had its session already."));
      return;
    }

  self->decides = sp_transcript_get_verdict (self->transcript) == SP_VERDICT_NONE;
  ip = g_inet_address_to_string (g_inet_socket_address_get_address (address));
  port = g_inet_socket_address_get_port (address);
  self->attempt = g_object_ref (sp_transcript_add_attempt (self->transcript, host_name, ip,
                                                           port));
  sp_attempt_set_server_given (self->attempt, !self->from_dns);
  self->session = sp_session_new (self->attempt);
  sp_session_set_timeout_ms (self->session, self->timeout_ms);
  sp_session_set_implicit_tls (self->session, self->implicit_tls);
  sp_session_set_accepted_certificate (self->session, self->accepted_sha256);
  self->busy = TRUE;
  sp_session_connect_async (self->session, address, host_name, cancellable, connect_cb,
                            g_steal_pointer (&task));
}

SpReply *
sp_console_connect_finish (SpConsole     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Opening: the lookup, then the connection */

typedef struct
{
  char    *name;
  gboolean is_host;
  guint16  port;
} Open;

static void
open_free (Open *open)
{
  g_free (open->name);
  g_free (open);
}

static void
open_connect_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  SpReply *reply;

  reply = sp_console_connect_finish (SP_CONSOLE (object), result, &error);
  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reply, (GDestroyNotify) sp_reply_unref);
}

static void
open_lookup_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpConsole *self = g_task_get_source_object (task);
  Open *open = g_task_get_task_data (task);
  g_autoptr(SpMxResult) mx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  SpMxHost *host = NULL;

  if (open->is_host)
    mx = sp_resolver_lookup_host_finish (SP_RESOLVER (object), result, &error);
  else
    mx = sp_resolver_lookup_mx_finish (SP_RESOLVER (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (mx != NULL)
    {
      sp_transcript_set_mx_result (self->transcript, mx);
      /* The first mail server with an address, as the guided test begins. */
      for (guint i = 0; i < mx->hosts->len && host == NULL; i++)
        if (((SpMxHost *) mx->hosts->pdata[i])->addresses->len > 0)
          host = mx->hosts->pdata[i];
    }

  if (host == NULL)
    {
      if (error == NULL)
        error = g_error_new (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NO_ADDRESSES,
                             _("No mail server of %s has an address."), mx->domain);
      sp_transcript_set_dns_error (self->transcript, error);
      sp_transcript_add_error (self->transcript, SP_STEP_DNS, "%s", error->message);
      sp_transcript_set_verdict (self->transcript, SP_VERDICT_DNS_FAILED, SP_STEP_DNS,
                                 sp_diagnosis_get_lookup_heading (error));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!open->is_host)
    sp_transcript_add_note (self->transcript, SP_STEP_DNS,
                            /* Translators: the first %s is a domain, the second a mail
                             * server's name, %u its MX preference (10), not a count. */
                            _("The first mail server of %s is %s (preference %u)."),
                            mx->domain, host->host, host->preference);

  address = g_inet_socket_address_new (host->addresses->pdata[0], open->port);
  sp_console_connect_async (self, G_INET_SOCKET_ADDRESS (address), host->host,
                            g_task_get_cancellable (task), open_connect_cb,
                            g_object_ref (task));
}

void
sp_console_open_async (SpConsole           *self,
                       SpResolver          *resolver,
                       const char          *name,
                       gboolean             is_host,
                       guint16              port,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Open *open;

  g_return_if_fail (SP_IS_CONSOLE (self));
  g_return_if_fail (SP_IS_RESOLVER (resolver));
  g_return_if_fail (name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_console_open_async);
  open = g_new0 (Open, 1);
  open->name = g_strdup (name);
  open->is_host = is_host;
  open->port = port;
  g_task_set_task_data (task, open, (GDestroyNotify) open_free);

  sp_transcript_begin_stage (self->transcript, SP_STEP_DNS);
  self->from_dns = !is_host;
  if (is_host)
    sp_resolver_lookup_host_async (resolver, name, cancellable, open_lookup_cb,
                                   g_steal_pointer (&task));
  else
    sp_resolver_lookup_mx_async (resolver, name, cancellable, open_lookup_cb,
                                 g_steal_pointer (&task));
}

SpReply *
sp_console_open_finish (SpConsole     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sp_console_adopt_session (SpConsole *self,
                          SpSession *session,
                          SpAttempt *from)
{
  g_return_if_fail (SP_IS_CONSOLE (self));
  g_return_if_fail (SP_IS_SESSION (session));
  g_return_if_fail (SP_IS_ATTEMPT (from));
  g_return_if_fail (self->attempt == NULL);

  self->attempt = g_object_ref (sp_transcript_add_attempt (self->transcript,
                                                           sp_attempt_get_host (from),
                                                           sp_attempt_get_address (from),
                                                           sp_attempt_get_port (from)));
  sp_attempt_set_server_given (self->attempt, sp_attempt_get_server_given (from));
  self->session = g_object_ref (session);
  self->decides = sp_transcript_get_verdict (self->transcript) == SP_VERDICT_NONE;
  sp_attempt_begin (self->attempt);
  sp_attempt_set_capabilities (self->attempt, sp_session_get_capabilities (session));
  sp_attempt_set_tls_report (self->attempt, sp_session_get_tls_report (session));
  sp_session_set_attempt (session, self->attempt);
  sp_attempt_add_note (self->attempt, SP_STEP_OTHER,
                       _("Continuing by hand on the same connection."));
  set_mode (self, sp_session_is_connected (session) ? SP_CONSOLE_MODE_COMMAND
                                                    : SP_CONSOLE_MODE_CLOSED);
  if (self->mode == SP_CONSOLE_MODE_CLOSED)
    end_attempt (self);
}

/* Sending */

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpConsole *self = g_task_get_source_object (task);
  SpStep step = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(SpReply) reply = NULL;
  GError *error = NULL;
  guint code;

  self->busy = FALSE;
  if (step == SP_STEP_STARTTLS)
    reply = sp_session_starttls_finish (SP_SESSION (object), result, &error);
  else if (step == SP_STEP_MESSAGE)
    reply = sp_session_send_message_finish (SP_SESSION (object), result, &error);
  else
    reply = sp_session_command_finish (SP_SESSION (object), result, &error);

  if (reply == NULL)
    {
      if (self->auth_mechanism != SP_AUTH_MECHANISM_NONE)
        sp_attempt_set_auth (self->attempt, sp_auth_mechanism_to_string (self->auth_mechanism),
                             self->auth_user, FALSE);
      self->auth_mechanism = SP_AUTH_MECHANISM_NONE;
      if (self->mode != SP_CONSOLE_MODE_CLOSED)
        set_mode (self, SP_CONSOLE_MODE_COMMAND);
      check_connection (self);
      g_task_return_error (task, error);
      return;
    }

  code = sp_reply_get_code (reply);
  if (step == SP_STEP_DATA && code == 354)
    set_mode (self, SP_CONSOLE_MODE_MESSAGE);
  else if (step == SP_STEP_AUTH && code == 334)
    set_mode (self, SP_CONSOLE_MODE_AUTH);
  else
    {
      if (step == SP_STEP_AUTH && self->auth_mechanism != SP_AUTH_MECHANISM_NONE &&
          self->auth_user != NULL)
        {
          sp_attempt_set_auth (self->attempt,
                               sp_auth_mechanism_to_string (self->auth_mechanism),
                               self->auth_user, code == 235);
          if (code == 235)
            sp_attempt_add_note (self->attempt, SP_STEP_AUTH, _("Logged in as %s."),
                                 self->auth_user);
        }
      if (step == SP_STEP_AUTH)
        self->auth_mechanism = SP_AUTH_MECHANISM_NONE;
      set_mode (self, SP_CONSOLE_MODE_COMMAND);
    }

  /* After QUIT, or a 421 that closes the session, nothing more can come. */
  if (step == SP_STEP_QUIT || code == 421)
    sp_console_close (self);
  else
    check_connection (self);

  g_task_return_pointer (task, g_steal_pointer (&reply), (GDestroyNotify) sp_reply_unref);
}

/* Base64 @text decoded, or NULL; free with sp_auth_secret_free (). */
static char *
dup_decoded (const char *text)
{
  g_autofree guchar *decoded = NULL;
  gsize len = 0;
  char *result;

  if (*text == '\0' || strspn (text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                     "0123456789+/=") != strlen (text))
    return NULL;

  decoded = g_base64_decode (text, &len);
  result = g_malloc (len + 1);
  memcpy (result, decoded, len);
  result[len] = '\0';
  sp_auth_wipe (decoded, len);

  return result;
}

/* A PLAIN blob ("authzid\0user\0password"): its user and password join
 * the session's secrets, so that no later reply shows them. */
static void
remember_plain (SpConsole  *self,
                const char *blob)
{
  g_autofree guchar *decoded = NULL;
  gsize len = 0;
  const char *user;
  const char *password;
  gsize user_len;

  if (strspn (blob, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
      != strlen (blob))
    return;

  decoded = g_base64_decode (blob, &len);
  /* Guarantee a terminator after the last field. */
  decoded = g_realloc (decoded, len + 1);
  decoded[len] = '\0';

  user = memchr (decoded, '\0', len);
  if (user != NULL)
    {
      user++;
      user_len = strnlen (user, len - (user - (const char *) decoded));
      password = user + user_len + 1;
      if (password <= (const char *) decoded + len)
        {
          g_free (self->auth_user);
          self->auth_user = g_strndup (user, user_len);
          sp_session_add_login_secrets (self->session, self->auth_user, password);
        }
    }
  sp_auth_wipe (decoded, len);
}

/* What goes to the log instead of @line when it carries a credential,
 * or NULL when it does not. Remembers the credential's forms. */
static char *
dup_display_line (SpConsole  *self,
                  const char *line,
                  SpStep      step)
{
  g_auto(GStrv) words = NULL;
  SpAuthMechanism mechanism = SP_AUTH_MECHANISM_NONE;

  if (self->mode == SP_CONSOLE_MODE_AUTH)
    {
      g_autofree char *decoded = NULL;

      /* "*" cancels the login (RFC 4954 4) and hides nothing. */
      if (strcmp (line, "*") == 0)
        return NULL;

      self->auth_answers++;
      if (self->auth_mechanism == SP_AUTH_MECHANISM_PLAIN)
        remember_plain (self, line);
      else if (self->auth_mechanism == SP_AUTH_MECHANISM_LOGIN &&
               (decoded = dup_decoded (line)) != NULL)
        {
          if (self->login_user == NULL && self->auth_user == NULL)
            {
              self->auth_user = g_strdup (decoded);
              self->login_user = g_strdup (decoded);
            }
          else
            sp_session_add_login_secrets (self->session,
                                          self->auth_user != NULL ? self->auth_user : "",
                                          decoded);
          sp_auth_wipe (decoded, strlen (decoded));
        }
      return g_strdup (SP_AUTH_REDACTED);
    }

  if (step != SP_STEP_AUTH)
    return NULL;

  words = g_strsplit (line, " ", 3);
  g_clear_pointer (&self->auth_user, g_free);
  self->auth_answers = 0;
  if (words[1] != NULL && g_ascii_strcasecmp (words[1], "PLAIN") == 0)
    mechanism = SP_AUTH_MECHANISM_PLAIN;
  else if (words[1] != NULL && g_ascii_strcasecmp (words[1], "LOGIN") == 0)
    mechanism = SP_AUTH_MECHANISM_LOGIN;
  self->auth_mechanism = mechanism;

  if (words[1] == NULL || words[2] == NULL || *words[2] == '\0')
    return NULL;

  /* An initial response: PLAIN's blob, or LOGIN's user name. */
  if (mechanism == SP_AUTH_MECHANISM_PLAIN)
    remember_plain (self, words[2]);
  else if (mechanism == SP_AUTH_MECHANISM_LOGIN)
    {
      self->auth_user = dup_decoded (words[2]);
      if (self->auth_user != NULL)
        self->login_user = g_strdup (self->auth_user);
    }

  for (guint i = 0; words[i] != NULL; i++)
    if (i >= 2)
      sp_auth_wipe (words[i], strlen (words[i]));

  return g_strdup_printf ("%s %s %s", words[0], words[1], SP_AUTH_REDACTED);
}

void
sp_console_send_async (SpConsole           *self,
                       const char          *line,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *display = NULL;
  SpStep step;

  g_return_if_fail (SP_IS_CONSOLE (self));
  g_return_if_fail (line != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_console_send_async);

  if (strpbrk (line, "\r\n") != NULL)
    {
      g_task_return_new_error (task, SP_CONSOLE_ERROR, SP_CONSOLE_ERROR_LINE_BREAK,
                               _("A command cannot contain a line break."));
      return;
    }
  if (self->mode == SP_CONSOLE_MODE_CLOSED || self->session == NULL)
    {
      g_task_return_new_error (task, SP_CONSOLE_ERROR, SP_CONSOLE_ERROR_CLOSED,
                               _("The connection is closed."));
      return;
    }
  if (self->mode == SP_CONSOLE_MODE_MESSAGE)
    {
      g_task_return_new_error (task, SP_CONSOLE_ERROR, SP_CONSOLE_ERROR_WRONG_MODE,
                               _("The server is waiting for the message; end it first."));
      return;
    }

  step = self->mode == SP_CONSOLE_MODE_AUTH ? SP_STEP_AUTH : _sp_console_step_of_line (line);
  g_task_set_task_data (task, GINT_TO_POINTER (step), NULL);
  self->busy = TRUE;

  /* STARTTLS alone starts TLS when the server says 220; with anything
   * after it, it is only a command, and the server will refuse it. */
  if (step == SP_STEP_STARTTLS && g_ascii_strcasecmp (line, "STARTTLS") == 0)
    {
      sp_session_starttls_async (self->session, cancellable, send_cb, g_steal_pointer (&task));
      return;
    }
  if (step == SP_STEP_STARTTLS)
    step = SP_STEP_OTHER;

  display = dup_display_line (self, line, step);
  if (display != NULL)
    sp_session_command_redacted_async (self->session, step, line, display, cancellable,
                                       send_cb, g_steal_pointer (&task));
  else
    sp_session_command_async (self->session, step, line, cancellable, send_cb,
                              g_steal_pointer (&task));
}

SpReply *
sp_console_send_finish (SpConsole     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The message */

gboolean
sp_console_add_message_line (SpConsole   *self,
                             const char  *line,
                             GError     **error)
{
  g_return_val_if_fail (SP_IS_CONSOLE (self), FALSE);
  g_return_val_if_fail (line != NULL, FALSE);

  if (self->mode != SP_CONSOLE_MODE_MESSAGE)
    {
      g_set_error_literal (error, SP_CONSOLE_ERROR, SP_CONSOLE_ERROR_WRONG_MODE,
                           _("The server is not waiting for a message: send DATA first."));
      return FALSE;
    }
  if (strpbrk (line, "\r\n") != NULL)
    {
      g_set_error_literal (error, SP_CONSOLE_ERROR, SP_CONSOLE_ERROR_LINE_BREAK,
                           _("A line of the message cannot contain a line break."));
      return FALSE;
    }

  g_ptr_array_add (self->message, g_strdup (line));

  return TRUE;
}

guint
sp_console_get_n_message_lines (SpConsole *self)
{
  g_return_val_if_fail (SP_IS_CONSOLE (self), 0);

  return self->message->len;
}

void
sp_console_end_message_async (SpConsole           *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GBytes) stuffed = NULL;

  g_return_if_fail (SP_IS_CONSOLE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_console_end_message_async);
  g_task_set_task_data (task, GINT_TO_POINTER (SP_STEP_MESSAGE), NULL);

  if (self->mode != SP_CONSOLE_MODE_MESSAGE)
    {
      g_task_return_new_error (task, SP_CONSOLE_ERROR, SP_CONSOLE_ERROR_WRONG_MODE,
                               _("The server is not waiting for a message: send DATA first."));
      return;
    }

  text = g_string_new (NULL);
  for (guint i = 0; i < self->message->len; i++)
    g_string_append_printf (text, "%s\r\n", (const char *) self->message->pdata[i]);
  stuffed = sp_message_dot_stuff (text->str);

  self->busy = TRUE;
  sp_session_send_message_async (self->session, stuffed, cancellable, send_cb,
                                 g_steal_pointer (&task));
}

SpReply *
sp_console_end_message_finish (SpConsole     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

SpConsoleCheck
sp_console_check_line (SpConsole   *self,
                       const char  *line,
                       char       **suggestion)
{
  g_return_val_if_fail (SP_IS_CONSOLE (self), SP_CONSOLE_CHECK_OK);
  g_return_val_if_fail (line != NULL, SP_CONSOLE_CHECK_OK);

  return _sp_console_check_line_in (sp_console_get_mode (self), sp_console_get_session (self),
                                    line, suggestion);
}
