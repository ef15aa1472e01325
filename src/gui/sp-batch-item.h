/* sp-batch-item.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sp-batch.h"

G_BEGIN_DECLS

#define SP_TYPE_BATCH_ITEM (sp_batch_item_get_type ())

/* One row of the table of a list of targets: an SpBatchResult (boxed)
 * as the GObject that a GListModel holds. Immutable. */
G_DECLARE_FINAL_TYPE (SpBatchItem, sp_batch_item, SP, BATCH_ITEM, GObject)

SpBatchItem   *sp_batch_item_new        (SpBatchResult *result);
SpBatchResult *sp_batch_item_get_result (SpBatchItem   *self);

G_END_DECLS
