/* sp-boxed-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Defines the boxed GType of a reference-counted struct, and its _ref ()
 * and _unref (), for a struct allocated with g_atomic_rc_box_new0 (): the
 * count lives in the box, so every such type counts the same way. @clear
 * frees what the struct holds (not the struct itself) when the last
 * reference goes. */
#define SP_DEFINE_RC_BOXED_TYPE(TypeName, type_name, clear)                          \
  G_DEFINE_BOXED_TYPE (TypeName, type_name, type_name##_ref, type_name##_unref)      \
                                                                                     \
  TypeName *                                                                         \
  type_name##_ref (TypeName *self)                                                   \
  {                                                                                  \
    g_return_val_if_fail (self != NULL, NULL);                                       \
                                                                                     \
    return g_atomic_rc_box_acquire (self);                                           \
  }                                                                                  \
                                                                                     \
  void                                                                               \
  type_name##_unref (TypeName *self)                                                 \
  {                                                                                  \
    g_return_if_fail (self != NULL);                                                 \
                                                                                     \
    g_atomic_rc_box_release_full (self, (GDestroyNotify) (void (*) (TypeName *)) clear); \
  }

/* g_set_object () for a reference-counted struct: *@slot takes a
 * reference to @value (which may be NULL) and drops the one it held.
 * FALSE, and nothing changes, when @value is there already. */
static inline gboolean
_sp_set_ref (gpointer       *slot,
             gpointer        value,
             GBoxedCopyFunc  ref,
             GDestroyNotify  unref)
{
  if (*slot == value)
    return FALSE;

  if (value != NULL)
    ref (value);
  g_clear_pointer (slot, unref);
  *slot = value;

  return TRUE;
}

G_END_DECLS
