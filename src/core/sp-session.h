/* sp-session.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sp-capabilities.h"
#include "sp-reply.h"
#include "sp-tls-report.h"
#include "sp-transcript.h"

G_BEGIN_DECLS

#define SP_SESSION_DEFAULT_TIMEOUT 30  /* seconds per step */

#define SP_SESSION_ERROR (sp_session_error_quark ())

typedef enum
{
  SP_SESSION_ERROR_CONNECTION_REFUSED,  /* nothing listens, or a firewall rejects */
  SP_SESSION_ERROR_CONNECT_TIMED_OUT,   /* no answer at all: a firewall drops packets */
  SP_SESSION_ERROR_UNREACHABLE,         /* no route to the host */
  SP_SESSION_ERROR_CONNECT_FAILED,      /* any other reason a connection could not be opened */
  SP_SESSION_ERROR_TIMED_OUT,           /* the server did not finish its reply in time */
  SP_SESSION_ERROR_CLOSED,              /* the server closed the connection */
  SP_SESSION_ERROR_PROTOCOL,            /* the server sent something that is not SMTP */
  SP_SESSION_ERROR_NOT_CONNECTED,
  SP_SESSION_ERROR_BUSY,                /* another operation is running */
  SP_SESSION_ERROR_TLS_UNAVAILABLE,     /* this system has no TLS support (glib-networking) */
  SP_SESSION_ERROR_TLS_FAILED,          /* the TLS handshake failed */
  SP_SESSION_ERROR_TLS_INJECTION,       /* data arrived before the handshake: STARTTLS injection */
  SP_SESSION_ERROR_AUTH_NOT_ENCRYPTED,  /* no login was tried: the connection is not encrypted */
  SP_SESSION_ERROR_AUTH_UNSUPPORTED,    /* the server offers no AUTH mechanism this app knows */
  /* No login was tried: the certificate did not validate and was not
   * accepted for this test, so nothing proves who would get the password. */
  SP_SESSION_ERROR_AUTH_UNTRUSTED,
  /* Implicit TLS failed because the server spoke plain text (SMTP)
   * instead of TLS: the port is not a TLS port. */
  SP_SESSION_ERROR_TLS_PLAINTEXT_PEER,
  SP_SESSION_ERROR_NETWORK_UNREACHABLE, /* no route to the host's network at all */
} SpSessionError;

#define SP_TYPE_SESSION (sp_session_get_type ())

/* One SMTP connection, driven command by command. Every line sent and
 * received, every step and its timing goes into the attempt it was given. Each
 * operation has a total time limit, so a server that drips one byte a
 * second still times out. */
G_DECLARE_FINAL_TYPE (SpSession, sp_session, SP, SESSION, GObject)

GQuark          sp_session_error_quark          (void);
SpSession      *sp_session_new                  (SpAttempt            *attempt);
/* From now on the session writes into @attempt: a connection handed over
 * after a guided test goes on as an attempt of its own. */
void            sp_session_set_attempt          (SpSession            *self,
                                                 SpAttempt            *attempt);
/* The time limit of each step, in milliseconds. */
void            sp_session_set_timeout_ms       (SpSession            *self,
                                                 guint                 milliseconds);
gboolean        sp_session_is_connected         (SpSession            *self);
/* The EHLO capabilities of the last successful EHLO, or NULL. STARTTLS
 * forgets them (RFC 3207 4.2): send EHLO again after it. */
SpCapabilities *sp_session_get_capabilities     (SpSession            *self);

/* TLS from the first byte (port 465), for the next connect: the handshake
 * is its own step (SP_STEP_TLS) between the connection and the banner. */
void            sp_session_set_implicit_tls     (SpSession            *self,
                                                 gboolean              implicit_tls);
gboolean        sp_session_get_implicit_tls     (SpSession            *self);
/* Extra trust anchors (a PEM file, for an organisation's own CA), on top of
 * the system's trust store, or NULL for none: the file loaded once
 * (sp_tls_load_ca_file_async ()), so that several sessions share one read
 * of it; @ca_file names it in the report. */
void            sp_session_set_ca_database      (SpSession            *self,
                                                 GTlsDatabase         *database,
                                                 const char           *ca_file);
/* A certificate the user accepted for this test although it may not
 * validate: its SHA-256 fingerprint in the form of SpTlsReport.sha256
 * (sp_tls_fingerprint_normalize ()), or NULL for none. A handshake that
 * presents exactly this certificate marks its report as accepted. */
void            sp_session_set_accepted_certificate (SpSession        *self,
                                                     const char       *sha256);
/* Whether the connection is encrypted now. */
gboolean        sp_session_is_encrypted         (SpSession            *self);
/* The report of the last TLS handshake of this connection, or NULL. It is
 * also in the attempt, and logged line by line. */
SpTlsReport    *sp_session_get_tls_report       (SpSession            *self);

/* Whether a password may go over this connection: it is encrypted, and
 * the server's certificate validated or is the one accepted for this test.
 * Fails with AUTH_NOT_ENCRYPTED or AUTH_UNTRUSTED otherwise; the message
 * names the certificate's fingerprint. */
gboolean        sp_session_check_trusted        (SpSession            *self,
                                                 GError              **error);

/* Begins the session's attempt, connects to @address and reads the
 * banner. @host_name is the exchanger's name, kept for the log and TLS. */
void            sp_session_connect_async        (SpSession            *self,
                                                 GInetSocketAddress   *address,
                                                 const char           *host_name,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
SpReply        *sp_session_connect_finish       (SpSession            *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Sends one command line (without line end) and reads the whole reply. An
 * EHLO with a 250 reply updates the capabilities. After
 * sp_session_pipeline_async (), a command already sent is not sent again:
 * only its reply is read. */
void            sp_session_command_async        (SpSession            *self,
                                                 SpStep                step,
                                                 const char           *line,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
SpReply        *sp_session_command_finish       (SpSession            *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Like sp_session_command_async(), but everything that is kept or shown
 * (the log entry, the step's command) reads @display_line instead. Words of
 * @line that @display_line leaves out count as secrets: the server's
 * replies in this step are searched for them, and a 334 challenge shows
 * as "334 ********". Finish with sp_session_command_finish(); the reply it
 * returns is the redacted one. */
void            sp_session_command_redacted_async (SpSession          *self,
                                                   SpStep              step,
                                                   const char         *line,
                                                   const char         *display_line,
                                                   GCancellable       *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer            user_data);

/* One command of a group sent in one go: sp_session_pipeline_async (). */
typedef struct
{
  SpStep      step;
  const char *line;     /* without line end; nothing secret: it is logged as it is */
} SpSessionCommand;

/* RFC 2920 PIPELINING, for a server that offers it: writes @commands in
 * one go and reads the reply to the first; finish with
 * sp_session_command_finish (). The replies to the others are read when
 * the same commands are sent next with sp_session_command_async (), which
 * then writes nothing, so each reply goes into its own command's step and
 * the log reads as in a test step by step, with one note. A command that
 * is not the next one owed first reads the replies owed before it, each
 * into its own step (a DATA answered 354 there gets an empty message, as
 * RFC 2920 3.1 asks), then is read if it was sent, or goes out. Only for
 * commands whose replies do not change the session (MAIL, RCPT, RSET;
 * DATA or QUIT last). */
void            sp_session_pipeline_async       (SpSession              *self,
                                                 const SpSessionCommand *commands,
                                                 guint                   n_commands,
                                                 GCancellable           *cancellable,
                                                 GAsyncReadyCallback     callback,
                                                 gpointer                user_data);

/* Sends STARTTLS. On 220 it checks that the server sent nothing more
 * (STARTTLS response injection), makes the TLS handshake with the host name
 * given to connect as the identity, records the certificate report, and
 * forgets the capabilities: send EHLO again. Certificate problems do not
 * fail it; they are in the report. Any other reply is returned as it is,
 * with the connection still in plain text. The handshake counts toward
 * the step's time limit. */
void            sp_session_starttls_async       (SpSession            *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
SpReply        *sp_session_starttls_finish      (SpSession            *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Logs in with AUTH PLAIN, or LOGIN when the server offers only that,
 * after EHLO. Only over an encrypted connection, unless @allow_plaintext
 * (a warning is logged); over an encrypted one, only when the server's
 * certificate validated or was accepted for this test, whatever
 * @allow_plaintext says (sp_session_check_trusted ()). The log shows
 * "AUTH PLAIN ********" and LOGIN's answers as "********"; the server's
 * LOGIN prompts are shown, with a note that decodes them. From here until
 * the connection ends, every reply is redacted with sp_auth_redact_reply()
 * against every form of @password (sp_auth_dup_secret_forms()), before
 * anything quotes or cuts it; nothing derived from @password is kept in
 * the log. Fails with AUTH_NOT_ENCRYPTED, AUTH_UNTRUSTED or
 * AUTH_UNSUPPORTED before sending anything (the connection stays usable),
 * and with PROTOCOL (and a dropped connection) when the server answers 235
 * before the password was sent or asks more questions (334) than the
 * method has; otherwise returns the server's last reply: 235 means logged
 * in, anything else is the refusal. */
void            sp_session_authenticate_async   (SpSession            *self,
                                                 const char           *user,
                                                 const char           *password,
                                                 gboolean              allow_plaintext,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
SpReply        *sp_session_authenticate_finish  (SpSession            *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* For a login typed by hand (the console): from now until the connection
 * ends, every reply is redacted against every form of @password
 * (sp_auth_dup_secret_forms ()), as after sp_session_authenticate_async ().
 * Call before sending the command that carries the credentials. */
void            sp_session_add_login_secrets    (SpSession            *self,
                                                 const char           *user,
                                                 const char           *password);

/* Sends a dot-stuffed message ending in CRLF "." CRLF, after DATA got 354,
 * and reads the reply to the final ".". */
void            sp_session_send_message_async   (SpSession            *self,
                                                 GBytes               *stuffed,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
/* Whether replies are owed to commands sent ahead (PIPELINING). */
gboolean        sp_session_owes_replies         (SpSession            *self);
/* Reads every reply owed to commands sent ahead, each into its own step,
 * and sends nothing else; TRUE at once when none is owed. For a
 * connection handed over to go on by hand. */
void            sp_session_read_owed_async      (SpSession            *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        sp_session_read_owed_finish     (SpSession            *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* The same, with @then (RFC 2920 PIPELINING: QUIT) in the same write; their
 * replies are read as after sp_session_pipeline_async (). Finish with
 * sp_session_send_message_finish (). */
void            sp_session_send_message_then_async (SpSession              *self,
                                                    GBytes                 *stuffed,
                                                    const SpSessionCommand *then,
                                                    guint                   n_then,
                                                    GCancellable           *cancellable,
                                                    GAsyncReadyCallback     callback,
                                                    gpointer                user_data);
SpReply        *sp_session_send_message_finish  (SpSession            *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Closes the connection without QUIT; harmless when not connected. */
void            sp_session_disconnect           (SpSession            *self);

/* Says goodbye (QUIT) and then closes the connection, in the background; the
 * session and @keep_alive (or NULL) live until then. Harmless when not
 * connected. Only for a session that waits for a command. */
void            sp_session_quit_in_background   (SpSession            *self,
                                                 GObject              *keep_alive);

G_END_DECLS
