/* sp-batch-item.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sp-batch.h"

G_BEGIN_DECLS

#define SP_TYPE_BATCH_ITEM (sp_batch_item_get_type ())

/* One row of the table of a list of targets: an SpBatchResult (boxed)
 * as the GObject that a GListModel holds, or a target whose test is under
 * way, which has no result yet. Immutable: when the test ends, the window
 * puts an item with the result in its place. */
G_DECLARE_FINAL_TYPE (SpBatchItem, sp_batch_item, SP, BATCH_ITEM, GObject)

SpBatchItem   *sp_batch_item_new         (SpBatchResult *result);
/* A target under way, as SpBatch::started tells it. */
SpBatchItem   *sp_batch_item_new_started (guint64        index,
                                          guint64        line,
                                          const char    *target);
/* NULL while the test is under way. */
SpBatchResult *sp_batch_item_get_result  (SpBatchItem   *self);
/* As sp_batch_result_get_index (), _get_line () and _get_target (), for
 * either kind of item. */
guint64        sp_batch_item_get_index   (SpBatchItem   *self);
guint64        sp_batch_item_get_line    (SpBatchItem   *self);
const char    *sp_batch_item_get_target  (SpBatchItem   *self);

G_END_DECLS
