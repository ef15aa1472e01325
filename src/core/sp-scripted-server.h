/* sp-scripted-server.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SP_SCRIPTED_SERVER_ERROR (sp_scripted_server_error_quark ())

typedef enum
{
  /* the scenario text has an error; the message names the line */
  SP_SCRIPTED_SERVER_ERROR_SYNTAX,
} SpScriptedServerError;

#define SP_TYPE_SCRIPTED_SERVER (sp_scripted_server_get_type ())

/* An SMTP server that answers from a scenario, in-process and on the
 * caller's main loop. The tests use it for replies that real servers will
 * not give on demand; the practice mode uses it as its simulated servers.
 * The scenario language is described in sp-scripted-server.c. */
G_DECLARE_FINAL_TYPE (SpScriptedServer, sp_scripted_server, SP, SCRIPTED_SERVER, GObject)

GQuark            sp_scripted_server_error_quark     (void);
SpScriptedServer *sp_scripted_server_new             (const char        *scenario,
                                                      GError           **error);
/* Listens on @address ("127.0.0.1", "::1") and @port (0: any free port). */
gboolean          sp_scripted_server_start           (SpScriptedServer  *self,
                                                      const char        *address,
                                                      guint16            port,
                                                      GError           **error);
guint16           sp_scripted_server_get_port        (SpScriptedServer  *self);
void              sp_scripted_server_stop            (SpScriptedServer  *self);
/* How many connections were accepted so far. */
guint             sp_scripted_server_get_n_connections (SpScriptedServer *self);
/* The most sessions that were open at once so far: a session counts from
 * its connection until the client sends QUIT or the connection closes,
 * whichever comes first (a client that said goodbye may keep its socket
 * a moment longer). */
guint             sp_scripted_server_get_max_open    (SpScriptedServer  *self);
/* Every line the clients sent, in order, without line ends; message lines
 * after DATA are included as received (still dot-stuffed). */
GPtrArray        *sp_scripted_server_get_received    (SpScriptedServer  *self);
/* Every read from the clients' sockets, in order, as GBytes: how the
 * commands arrived, so that a test sees which came in one go (PIPELINING)
 * before any reply to them could be sent. */
GPtrArray        *sp_scripted_server_get_reads       (SpScriptedServer  *self);

G_END_DECLS
