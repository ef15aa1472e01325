/* sp-session.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sp-capabilities.h"
#include "sp-reply.h"
#include "sp-transcript.h"

G_BEGIN_DECLS

#define SP_SESSION_DEFAULT_TIMEOUT 30  /* seconds per step */

#define SP_SESSION_ERROR (sp_session_error_quark ())

typedef enum
{
  SP_SESSION_ERROR_CONNECTION_REFUSED,  /* nothing listens, or a firewall rejects */
  SP_SESSION_ERROR_CONNECT_TIMED_OUT,   /* no answer at all: a firewall drops packets */
  SP_SESSION_ERROR_UNREACHABLE,         /* no route to the host or network */
  SP_SESSION_ERROR_CONNECT_FAILED,      /* any other reason a connection could not be opened */
  SP_SESSION_ERROR_TIMED_OUT,           /* the server did not finish its reply in time */
  SP_SESSION_ERROR_CLOSED,              /* the server closed the connection */
  SP_SESSION_ERROR_PROTOCOL,            /* the server sent something that is not SMTP */
  SP_SESSION_ERROR_NOT_CONNECTED,
  SP_SESSION_ERROR_BUSY,                /* another operation is running */
} SpSessionError;

#define SP_TYPE_SESSION (sp_session_get_type ())

/* One SMTP connection, driven command by command. Every line sent and
 * received, every step and its timing goes into the transcript. Each
 * operation has a total time limit, so a server that drips one byte a
 * second still times out. */
G_DECLARE_FINAL_TYPE (SpSession, sp_session, SP, SESSION, GObject)

GQuark          sp_session_error_quark          (void);
SpSession      *sp_session_new                  (SpTranscript         *transcript);
SpTranscript   *sp_session_get_transcript       (SpSession            *self);
void            sp_session_set_timeout          (SpSession            *self,
                                                 guint                 seconds);
guint           sp_session_get_timeout          (SpSession            *self);
/* The same in milliseconds, for tests and fine-grained settings. */
void            sp_session_set_timeout_ms       (SpSession            *self,
                                                 guint                 milliseconds);
gboolean        sp_session_is_connected         (SpSession            *self);
/* The EHLO capabilities of the last successful EHLO, or NULL. */
SpCapabilities *sp_session_get_capabilities     (SpSession            *self);

/* Opens an attempt in the transcript, connects to @address and reads the
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
 * EHLO with a 250 reply updates the capabilities. */
void            sp_session_command_async        (SpSession            *self,
                                                 SpStep                step,
                                                 const char           *line,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
SpReply        *sp_session_command_finish       (SpSession            *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Sends a dot-stuffed message ending in CRLF "." CRLF, after DATA got 354,
 * and reads the reply to the final ".". */
void            sp_session_send_message_async   (SpSession            *self,
                                                 GBytes               *stuffed,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
SpReply        *sp_session_send_message_finish  (SpSession            *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Closes the connection without QUIT; harmless when not connected. */
void            sp_session_disconnect           (SpSession            *self);

G_END_DECLS
