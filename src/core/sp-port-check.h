/* sp-port-check.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How one address answered a bare connection attempt on one port. */
typedef enum
{
  SP_PORT_REACH_OPEN,         /* a connection was opened */
  SP_PORT_REACH_REFUSED,      /* the host answered, refusing: it is reachable */
  SP_PORT_REACH_TIMED_OUT,    /* no answer at all within the time limit */
  SP_PORT_REACH_NO_ROUTE,     /* no route to the host */
  SP_PORT_REACH_NO_NETWORK,   /* no route to its network at all */
  SP_PORT_REACH_FAILED,       /* some other failure */
} SpPortReach;

#define SP_TYPE_PORT_CHECK (sp_port_check_get_type ())

/* When every mail server timed out on port 25, a sender cannot tell a
 * dead server from a network that blocks outgoing port 25. A quick check
 * of the same addresses on other ports tells them apart: a host that
 * answers on 587 or 465 (even with a refusal) is up, so port 25 is what
 * is blocked on the way. Immutable and reference counted. */
typedef struct _SpPortCheck SpPortCheck;

GType         sp_port_check_get_type        (void) G_GNUC_CONST;
SpPortCheck  *sp_port_check_ref             (SpPortCheck          *self);
void          sp_port_check_unref           (SpPortCheck          *self);

/* Tries every address of @addresses (GInetAddress) on every port of
 * @ports at once, each for at most @timeout_ms, and opens nothing more
 * than a TCP connection, closed at once. */
void          sp_port_check_run_async       (GPtrArray            *addresses,
                                             const guint16        *ports,
                                             guint                 n_ports,
                                             guint                 timeout_ms,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
SpPortCheck  *sp_port_check_run_finish      (GAsyncResult         *result,
                                             GError              **error);

guint         sp_port_check_get_n_results   (const SpPortCheck    *self);
/* The @index-th address and port tried, and how it answered. */
GInetSocketAddress *
              sp_port_check_get_address     (const SpPortCheck    *self,
                                             guint                 index);
SpPortReach   sp_port_check_get_reach       (const SpPortCheck    *self,
                                             guint                 index);
/* TRUE when some address answered on some port (opened or refused). */
gboolean      sp_port_check_any_answered    (const SpPortCheck    *self);
/* The first port on which some address opened a connection, else the
 * first on which one refused, else 0. */
guint16       sp_port_check_get_answering_port (const SpPortCheck *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpPortCheck, sp_port_check_unref)

G_END_DECLS
