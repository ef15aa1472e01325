/* sp-cancellable.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-cancellable"

#include "config.h"

#include "sp-cancellable-private.h"

/* May run in another thread: GCancellable is thread-safe. */
static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *own)
{
  g_cancellable_cancel (own);
}

void
_sp_cancel_link_connect (SpCancelLink *link,
                         GCancellable *caller,
                         GCancellable *own)
{
  g_return_if_fail (link->caller == NULL);
  g_return_if_fail (G_IS_CANCELLABLE (own));

  if (caller == NULL)
    return;

  link->caller = g_object_ref (caller);
  link->handler = g_cancellable_connect (caller, G_CALLBACK (caller_cancelled_cb),
                                         g_object_ref (own), g_object_unref);
}

void
_sp_cancel_link_clear (SpCancelLink *link)
{
  if (link->handler != 0)
    g_cancellable_disconnect (link->caller, link->handler);
  link->handler = 0;
  g_clear_object (&link->caller);
}
