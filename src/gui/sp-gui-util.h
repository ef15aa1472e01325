/* sp-gui-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "sp-diagnosis.h"

G_BEGIN_DECLS

/* The style classes of the tones in style.css, NULL-terminated. */
extern const char * const sp_gui_tone_classes[];

void sp_gui_swap_css_class (GtkWidget          *widget,
                            const char * const *group,
                            const char         *css_class);
void sp_gui_set_icon       (GtkImage           *image,
                            const char         *icon_name,
                            const char         *label);
void sp_gui_tone_style     (SpTone              tone,
                            const char        **icon_name,
                            const char        **css_class);
void sp_gui_show_tone      (GtkWidget          *widget,
                            GtkImage           *image,
                            SpTone              tone,
                            const char         *label);

GtkWidget *sp_gui_append_label (GtkBox     *box,
                                const char *text,
                                const char *css_class);

/* Replaces the children of @list (a vertical box, accessible role "list")
 * with one row per item: a bullet, and the item's text wrapped in a
 * hanging indent, so a wrapped line starts under the text and not under
 * the bullet. Returns the number of items. */
guint sp_gui_set_bullets (GtkBox             *list,
                          const char * const *items);

/* Gives every button and check button below @root (and @root itself) whose
 * label has a mnemonic the name a person would say. GTK 4.8 names such a
 * button by its raw label ("_Next") and again by the label inside it, and
 * a check button by its raw label; this leaves one name, without the
 * underscore. Harmless where GTK already does so. Call again after a
 * button's label changes. */
void sp_gui_fix_mnemonic_names (GtkWidget *root);

G_END_DECLS
