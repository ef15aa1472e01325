/* sp-wrap-layout.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SP_TYPE_WRAP_LAYOUT (sp_wrap_layout_get_type ())

/* Lays out its widget's children in a row, each at its natural width, and
 * goes on in a new row where the next one does not fit, like words in a
 * line of text (mirrored for right-to-left languages). A row of buttons
 * then fits a narrow window in any language instead of widening it. 12
 * pixels between children in a row, 6 between rows. */
G_DECLARE_FINAL_TYPE (SpWrapLayout, sp_wrap_layout, SP, WRAP_LAYOUT, GtkLayoutManager)

G_END_DECLS
