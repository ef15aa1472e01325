/* sp-clamp.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SP_TYPE_CLAMP (sp_clamp_get_type ())

/* Holds one child no wider than "maximum-size", centred, so a form stays a
 * readable column in a wide window and still shrinks in a narrow one. */
G_DECLARE_FINAL_TYPE (SpClamp, sp_clamp, SP, CLAMP, GtkWidget)

GtkWidget *sp_clamp_new              (void);
GtkWidget *sp_clamp_get_child        (SpClamp   *self);
void       sp_clamp_set_child        (SpClamp   *self,
                                      GtkWidget *child);
int        sp_clamp_get_maximum_size (SpClamp   *self);
void       sp_clamp_set_maximum_size (SpClamp   *self,
                                      int        maximum_size);

G_END_DECLS
