/* sp-sidebar-layout.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SP_TYPE_SIDEBAR_LAYOUT (sp_sidebar_layout_get_type ())

/* Lays out two children side by side at full height: the first, a
 * sidebar, takes a quarter of the width but no less than 250 and no more
 * than 380 pixels (never less than its own minimum), with 12 pixels to
 * the second, which takes the rest. A fixed sidebar is too narrow on a
 * wide window, where its labels wrap while the log has room to spare. */
G_DECLARE_FINAL_TYPE (SpSidebarLayout, sp_sidebar_layout, SP, SIDEBAR_LAYOUT, GtkLayoutManager)

G_END_DECLS
