/* sp-ares-source-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include <ares.h>

G_BEGIN_DECLS

/* Wire values, so the same code asks through both the 1.18 and the 1.28+
 * query API. */
enum
{
  SP_DNS_TYPE_A = 1,
  SP_DNS_TYPE_MX = 15,
  SP_DNS_TYPE_AAAA = 28,
};

/* One c-ares channel as a GSource: the resolver's only door to c-ares for
 * sockets, timeouts and answers, and the one place that knows which c-ares
 * version it is built against. Use g_source_ref()/g_source_unref() on it. */
typedef struct _SpAresSource SpAresSource;

/* @status is a c-ares status. @mx_hosts (SpMxHost) and @addresses
 * (GInetAddress) hold the answer's records of the type asked for; they may
 * be NULL, and the callee owns them. */
typedef void (*SpAresAnswerFunc) (int        status,
                                  GPtrArray *mx_hosts,
                                  GPtrArray *addresses,
                                  gpointer   user_data);

/* Returns a c-ares status; safe to call any number of times. */
int           _sp_ares_source_init_library (void);
/* Adds its socket callback to @options and opens the channel. Returns NULL
 * and sets @status when c-ares refuses. */
SpAresSource *_sp_ares_source_new          (struct ares_options *options,
                                            int                  optmask,
                                            int                 *status);
/* Before _sp_ares_source_attach(): c-ares 1.18 refuses a new list while
 * queries are outstanding. Returns a c-ares status. */
int           _sp_ares_source_set_servers  (SpAresSource        *self,
                                            const char          *servers);
/* To the thread-default main context. */
void          _sp_ares_source_attach       (SpAresSource        *self);
/* Asks for the @type records of @name. @callback runs exactly once: from
 * the main context, or at once if the source is already shut down, or from
 * _sp_ares_source_shutdown() with ARES_EDESTRUCTION. */
void          _sp_ares_source_query        (SpAresSource        *self,
                                            const char          *name,
                                            int                  type,
                                            SpAresAnswerFunc     callback,
                                            gpointer             user_data);
/* Whether some query has not been answered yet. */
gboolean      _sp_ares_source_is_busy      (SpAresSource        *self);
/* Lets the source shut itself down once its last query is answered. */
void          _sp_ares_source_retire       (SpAresSource        *self);
gboolean      _sp_ares_source_is_shut_down (SpAresSource        *self);
/* Ends the outstanding queries and detaches the source. */
void          _sp_ares_source_shutdown     (SpAresSource        *self);

G_END_DECLS
