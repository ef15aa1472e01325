/* sp-batch-item.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-batch-item"

#include "config.h"

#include "sp-batch-item.h"

struct _SpBatchItem
{
  GObject        parent_instance;

  /* owned references */
  SpBatchResult *result;
};

G_DEFINE_FINAL_TYPE (SpBatchItem, sp_batch_item, G_TYPE_OBJECT)

static void
sp_batch_item_finalize (GObject *object)
{
  SpBatchItem *self = (SpBatchItem *)object;

  g_clear_pointer (&self->result, sp_batch_result_unref);

  G_OBJECT_CLASS (sp_batch_item_parent_class)->finalize (object);
}

static void
sp_batch_item_class_init (SpBatchItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_batch_item_finalize;
}

static void
sp_batch_item_init (SpBatchItem *self)
{
}

SpBatchItem *
sp_batch_item_new (SpBatchResult *result)
{
  SpBatchItem *self;

  g_return_val_if_fail (result != NULL, NULL);

  self = g_object_new (SP_TYPE_BATCH_ITEM, NULL);
  self->result = sp_batch_result_ref (result);

  return self;
}

SpBatchResult *
sp_batch_item_get_result (SpBatchItem *self)
{
  g_return_val_if_fail (SP_IS_BATCH_ITEM (self), NULL);

  return self->result;
}
