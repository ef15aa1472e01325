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

G_END_DECLS
