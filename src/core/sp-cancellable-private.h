/* sp-cancellable-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* An operation that must stop on its own (at a time limit) works with a
 * cancellable of its own, never cancelling the caller's; this link
 * cancels it as well when the caller's is cancelled. */
typedef struct
{
  GCancellable *caller;    /* held while linked */
  gulong        handler;
} SpCancelLink;

/* Cancels @own once @caller is cancelled, at once if it is already, from
 * whichever thread cancels it. @caller may be NULL: then nothing is linked. */
void  _sp_cancel_link_connect  (SpCancelLink *link,
                                GCancellable *caller,
                                GCancellable *own);
/* Undoes the link and drops the caller's cancellable; safe to call on a
 * link that was never connected (all zeros). */
void  _sp_cancel_link_clear    (SpCancelLink *link);

G_END_DECLS
