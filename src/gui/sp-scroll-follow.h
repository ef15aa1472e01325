/* sp-scroll-follow.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Keeps a scrolled window at its bottom as its content grows, like a
 * terminal, until the person scrolls up to read; scrolling back down to the
 * bottom follows again. Only the person's own scrolling (wheel, touchpad,
 * keys, scrollbar) stops following: a text view moves the adjustment by
 * itself as it lays out lines, and that must not. */
void      sp_scroll_follow_attach    (GtkScrolledWindow *scroller);
/* Follows again from now on, as for a new log. */
void      sp_scroll_follow_reset     (GtkScrolledWindow *scroller);
gboolean  sp_scroll_follow_is_active (GtkScrolledWindow *scroller);

G_END_DECLS
