/* sp-clamp.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SP_TYPE_CLAMP (sp_clamp_get_type ())
/* The widest the child grows unless set, in pixels. */
#define SP_CLAMP_DEFAULT_MAXIMUM_SIZE 720

/* Holds one child (its <child> in a .ui file) no wider than the maximum
 * size, 720 pixels unless set, centred, so a form stays a readable column
 * in a wide window and still shrinks in a narrow one. */
G_DECLARE_FINAL_TYPE (SpClamp, sp_clamp, SP, CLAMP, GtkWidget)

GtkWidget *sp_clamp_new              (void);
void       sp_clamp_set_child        (SpClamp   *self,
                                      GtkWidget *child);
void       sp_clamp_set_maximum_size (SpClamp   *self,
                                      int        maximum_size);

G_END_DECLS
