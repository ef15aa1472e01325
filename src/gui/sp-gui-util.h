/* sp-gui-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void sp_gui_swap_css_class (GtkWidget          *widget,
                            const char * const *group,
                            const char         *css_class);
void sp_gui_set_icon       (GtkImage           *image,
                            const char         *icon_name,
                            const char         *label);

G_END_DECLS
