/* sp-console.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sp-resolver.h"
#include "sp-session.h"
#include "sp-transcript.h"

G_BEGIN_DECLS

#define SP_CONSOLE_ERROR (sp_console_error_quark ())

typedef enum
{
  SP_CONSOLE_ERROR_LINE_BREAK,    /* a line holds CR or LF: it would smuggle in a command */
  SP_CONSOLE_ERROR_WRONG_MODE,    /* a command while the message is collected, or the reverse */
  SP_CONSOLE_ERROR_CLOSED,        /* the console's session has ended */
} SpConsoleError;

/* What the console expects next. */
typedef enum
{
  SP_CONSOLE_MODE_CLOSED,    /* not connected (yet, or any more) */
  SP_CONSOLE_MODE_COMMAND,   /* an SMTP command */
  SP_CONSOLE_MODE_MESSAGE,   /* DATA got 354: lines of the message, then the end */
  SP_CONSOLE_MODE_AUTH,      /* AUTH got 334: the answer to the challenge, redacted */
} SpConsoleMode;

/* What the check of a line before sending found. Only LINE_BREAK stops
 * the line; the others are hints, worded by the diagnosis
 * (sp_diagnosis_dup_console_hint ()), and the line may be sent as it is. */
typedef enum
{
  SP_CONSOLE_CHECK_OK,
  SP_CONSOLE_CHECK_EMPTY,
  SP_CONSOLE_CHECK_LINE_BREAK,         /* CR or LF inside the line */
  SP_CONSOLE_CHECK_MISSPELLED,         /* close to a command: the suggestion is the line fixed */
  SP_CONSOLE_CHECK_UNKNOWN,            /* no SMTP command looks like it */
  SP_CONSOLE_CHECK_NOT_OFFERED,        /* the server's EHLO reply does not offer it */
  SP_CONSOLE_CHECK_AUTH_NOT_ENCRYPTED, /* a password would cross the network readable */
  SP_CONSOLE_CHECK_ALREADY_ENCRYPTED,  /* STARTTLS on an encrypted connection */
} SpConsoleCheck;

#define SP_TYPE_CONSOLE (sp_console_get_type ())

/* A session typed by hand: one more attempt of @transcript, driven one
 * command line at a time over an SpSession. Every command and reply is a
 * step of that attempt, so it is coloured, explained and exported as in a
 * guided test. AUTH typed by hand is redacted as the guided login is;
 * STARTTLS starts TLS with the certificate report; after DATA's 354 the
 * message is collected line by line and ends only on an explicit call.
 * The attempt ends when the connection does (QUIT, the server closing,
 * sp_console_close ()), with the outcome of the last command that
 * mattered; the transcript's verdict repeats it when the transcript had
 * none before the console began (not after a guided test). */
G_DECLARE_FINAL_TYPE (SpConsole, sp_console, SP, CONSOLE, GObject)

GQuark              sp_console_error_quark     (void);
SpConsole          *sp_console_new             (SpTranscript        *transcript);
SpTranscript       *sp_console_get_transcript  (SpConsole           *self);
/* The console's attempt, or NULL before connecting. */
SpAttempt          *sp_console_get_attempt     (SpConsole           *self);
/* The session, NULL before connecting or adopting one. */
SpSession          *sp_console_get_session     (SpConsole           *self);
SpConsoleMode       sp_console_get_mode        (SpConsole           *self);

/* The time limit of each step of the sessions it opens, in milliseconds. */
void                sp_console_set_timeout_ms  (SpConsole           *self,
                                                guint                milliseconds);
/* For the sessions it opens: TLS from the first byte (port 465), and a
 * certificate accepted for this test although it may not validate (see
 * sp_session_set_implicit_tls (), sp_session_set_accepted_certificate ()). */
void                sp_console_set_implicit_tls (SpConsole          *self,
                                                 gboolean            implicit_tls);
void                sp_console_set_accepted_certificate (SpConsole  *self,
                                                         const char *sha256);
/* Adds the console's attempt to the transcript, and connects a new
 * session and reads the banner (sp_session_connect_async ()). */
void                sp_console_connect_async   (SpConsole           *self,
                                                GInetSocketAddress  *address,
                                                const char          *host_name,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
SpReply            *sp_console_connect_finish  (SpConsole           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* Finds where to connect and connects (sp_console_connect_async ()):
 * @name is a server's name or address (@is_host TRUE) or a domain whose
 * first mail server with an address is taken, as a guided test begins.
 * The lookup is logged; when it fails, the transcript's verdict says so
 * (SP_VERDICT_DNS_FAILED) and the task fails with the resolver's error. */
void                sp_console_open_async      (SpConsole           *self,
                                                SpResolver          *resolver,
                                                const char          *name,
                                                gboolean             is_host,
                                                guint16              port,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
SpReply            *sp_console_open_finish     (SpConsole           *self,
                                                GAsyncResult        *result,
                                                GError             **error);
/* "Continue by hand": takes over an open @session (sp_probe_take_session ())
 * whose test wrote into @from, as a new attempt of the same host, address
 * and port, with what the server offered and the certificate report. */
void                sp_console_adopt_session   (SpConsole           *self,
                                                SpSession           *session,
                                                SpAttempt           *from);

/* Looks at @line before it is sent. @suggestion (may be NULL) gets the
 * line fixed for MISSPELLED, the keyword missing for NOT_OFFERED
 * ("STARTTLS", "AUTH"), else NULL. */
SpConsoleCheck      sp_console_check_line      (SpConsole           *self,
                                                const char          *line,
                                                char               **suggestion);

/* Sends one command line (without line end), or in AUTH mode the answer
 * to the challenge, and reads the whole reply. Fails with
 * SP_CONSOLE_ERROR_LINE_BREAK for CR or LF in @line, WRONG_MODE while a
 * message is collected, and the session's errors. */
void                sp_console_send_async      (SpConsole           *self,
                                                const char          *line,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
SpReply            *sp_console_send_finish     (SpConsole           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* In MESSAGE mode: adds one line of the message as typed; the dots are
 * stuffed when it is sent. A line that is only "." is text too: the
 * message ends with sp_console_end_message_async () alone. */
gboolean            sp_console_add_message_line (SpConsole          *self,
                                                 const char         *line,
                                                 GError            **error);
guint               sp_console_get_n_message_lines (SpConsole       *self);
/* Sends the message, dot-stuffed, and the final ".", and reads the reply. */
void                sp_console_end_message_async (SpConsole         *self,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
SpReply            *sp_console_end_message_finish (SpConsole        *self,
                                                   GAsyncResult     *result,
                                                   GError          **error);

/* Closes the connection without QUIT (harmless when closed) and ends the
 * attempt. */
void                sp_console_close           (SpConsole           *self);

/* Ends the session politely in the background: QUIT when the server waits
 * for a command, then the connection is closed; otherwise it is closed at
 * once. The console and @keep_alive (or NULL) live until then. */
void                sp_console_quit_in_background (SpConsole        *self,
                                                   GObject          *keep_alive);

/* The commands whose start is @prefix (case-insensitive), as they are
 * typed: "RCPT TO:<", "EHLO ", "QUIT". Free with g_strfreev (). */
GStrv               sp_console_complete        (const char          *prefix);

G_END_DECLS
