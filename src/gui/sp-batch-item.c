/* sp-batch-item.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-batch-item"

#include "config.h"

#include "sp-batch-item.h"

struct _SpBatchItem
{
  GObject        parent_instance;

  /* owned references */
  SpBatchResult *result;     /* NULL while under way */
  char          *target;     /* only while under way */

  guint64        index;
  guint64        line;
};

G_DEFINE_FINAL_TYPE (SpBatchItem, sp_batch_item, G_TYPE_OBJECT)

static void
sp_batch_item_finalize (GObject *object)
{
  SpBatchItem *self = (SpBatchItem *)object;

  g_clear_pointer (&self->result, sp_batch_result_unref);
  g_clear_pointer (&self->target, g_free);

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
  self->index = sp_batch_result_get_index (result);
  self->line = sp_batch_result_get_line (result);

  return self;
}

SpBatchItem *
sp_batch_item_new_started (guint64     index,
                           guint64     line,
                           const char *target)
{
  SpBatchItem *self;

  g_return_val_if_fail (target != NULL, NULL);

  self = g_object_new (SP_TYPE_BATCH_ITEM, NULL);
  self->index = index;
  self->line = line;
  self->target = g_strdup (target);

  return self;
}

SpBatchResult *
sp_batch_item_get_result (SpBatchItem *self)
{
  g_return_val_if_fail (SP_IS_BATCH_ITEM (self), NULL);

  return self->result;
}

guint64
sp_batch_item_get_index (SpBatchItem *self)
{
  g_return_val_if_fail (SP_IS_BATCH_ITEM (self), 0);

  return self->index;
}

guint64
sp_batch_item_get_line (SpBatchItem *self)
{
  g_return_val_if_fail (SP_IS_BATCH_ITEM (self), 0);

  return self->line;
}

const char *
sp_batch_item_get_target (SpBatchItem *self)
{
  g_return_val_if_fail (SP_IS_BATCH_ITEM (self), NULL);

  return self->result != NULL ? sp_batch_result_get_target (self->result) : self->target;
}
