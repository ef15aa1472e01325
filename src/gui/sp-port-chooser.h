/* sp-port-chooser.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SP_TYPE_PORT_CHOOSER (sp_port_chooser_get_type ())

/* The port to connect to: a spin button and the four ports mail uses (25,
 * 587, 465, 2525) as linked toggle buttons, beside the server choice of the
 * target and servers pages. The page's own label names it ("label-widget")
 * and a caption under it ("hint-label") says what the chosen port is for. */
G_DECLARE_FINAL_TYPE (SpPortChooser, sp_port_chooser, SP, PORT_CHOOSER, GtkWidget)

GtkWidget     *sp_port_chooser_new             (void);
guint          sp_port_chooser_get_port        (SpPortChooser *self);
void           sp_port_chooser_set_port        (SpPortChooser *self,
                                                guint          port);
GtkSpinButton *sp_port_chooser_get_spin_button (SpPortChooser *self);
void           sp_port_chooser_set_label_widget (SpPortChooser *self,
                                                 GtkWidget     *label);
void           sp_port_chooser_set_hint_label  (SpPortChooser *self,
                                                GtkLabel      *hint);

G_END_DECLS
