/* sp-geometry-dump.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A test aid, off unless SP_TEST_DUMP_GEOMETRY names a file: the
 * end-to-end test drives the real app with X11 mouse clicks, and needs to
 * know where the controls are. While it runs, the file holds one line per
 * shown control of every window and popover, rewritten whenever it
 * changes:
 *
 *   page N                     the wizard page shown (SpWindowPage)
 *   widget XID X Y W H FLAGS TYPE ID LABEL
 *
 * XID is the X window of the control's surface and X Y W H its place in
 * it, in pixels; FLAGS has "s" when it is sensitive and "f" when it has
 * the keyboard focus ("-" for neither); ID is its id in the .ui file and
 * LABEL its text ("-" for none; blanks become "_"). */
void  sp_geometry_dump_start  (const char *path);

G_END_DECLS
