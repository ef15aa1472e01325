/* sp-test-gui.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "sp-application.h"
#include "sp-window.h"

G_BEGIN_DECLS

/* Helpers for tests that drive real windows under Xvfb. */

typedef gboolean (*SpTestGuiPredicate) (gpointer user_data);

/* Iterates the default main context for @ms milliseconds. */
void        sp_test_gui_iterate           (guint               ms);
/* Iterates until @predicate returns TRUE; FALSE after @timeout_ms. */
gboolean    sp_test_gui_wait_until        (SpTestGuiPredicate  predicate,
                                           gpointer            user_data,
                                           guint               timeout_ms);
/* Until the toplevel of @widget has been drawn with its current size. */
void        sp_test_gui_wait_for_draw     (GtkWidget          *widget);
/* Resizes @window (default size) and waits until it has that size. */
void        sp_test_gui_resize            (GtkWindow          *window,
                                           int                 width,
                                           int                 height);
/* Switches the dark style on or off and waits for the theme to change. */
void        sp_test_gui_set_dark          (GtkWindow          *window,
                                           gboolean            dark);
/* $G_TEST_BUILDDIR/screenshots, created if needed. */
const char *sp_test_gui_screenshot_dir    (void);
/* Renders @window as it is on screen into screenshots/@name.png and
 * returns the path. */
char       *sp_test_gui_save_screenshot   (GtkWindow          *window,
                                           const char         *name);
/* Scrolls the scrolled window around @widget so that @widget is at its top
 * (or the end is in view), and waits for the drawing. */
void        sp_test_gui_scroll_to         (GtkWidget          *widget);
/* Saves @window as screenshots/@name-{light,dark}-WxH.png at 800×600 and,
 * with @large, at 1280×800 too, each scrolled to @scroll_to (may be NULL)
 * once it has its size; ends at 800×600 in the light style. */
void        sp_test_gui_shoot             (GtkWindow          *window,
                                           const char         *name,
                                           gboolean            large,
                                           GtkWidget          *scroll_to);
/* Finds the first descendant of @root of @type whose accessible or visible
 * label (for buttons and labels) is @label; NULL for any label. */
GtkWidget  *sp_test_gui_find_widget       (GtkWidget          *root,
                                           GType               type,
                                           const char         *label);

/* g_test_init() and gtk_init(), no animations (screenshots show the end
 * state), and the application, registered without claiming its bus name so
 * several tests can run at once. */
void        sp_test_gui_init              (int                *argc,
                                           char             ***argv);
SpApplication *sp_test_gui_get_app        (void);
/* A new, presented and drawn main window. */
SpWindow   *sp_test_gui_new_window        (void);
/* Waits up to @timeout_ms for @window to be on @page; fails the test if it
 * is not by then, saying which page it is on. */
void        sp_test_gui_wait_for_page     (SpWindow           *window,
                                           SpWindowPage        page,
                                           guint               timeout_ms);
/* Closes @window as the person would, lets pending work finish and checks
 * that the window and everything it owned is gone. */
void        sp_test_gui_close_window      (SpWindow           *window);

/* The template child @name of @widget (bound in its class); fails the
 * test when there is none. */
GtkWidget  *sp_test_gui_child             (gpointer            widget,
                                           const char         *name);
/* The text of @view's buffer, after writing what waits for the next batch. */
char       *sp_test_gui_log_text          (gpointer            view);
/* Whether the first place @needle appears in @buffer (a log) has the tag
 * @tag_name; fails the test when @needle is not there. */
gboolean    sp_test_gui_buffer_has_tag    (GtkTextBuffer      *buffer,
                                           const char         *needle,
                                           const char         *tag_name);

/* Measures how long the main loop is kept busy: a timeout every 10 ms
 * notes the longest time between two of its calls. */
typedef struct _SpTestGuiHeartbeat SpTestGuiHeartbeat;

SpTestGuiHeartbeat *sp_test_gui_heartbeat_start (void);
/* Stops and frees @beat; returns the longest pause, in microseconds. */
gint64      sp_test_gui_heartbeat_stop    (SpTestGuiHeartbeat *beat);

/* Gives @keyval (no modifiers) to @widget's capture-phase key controllers,
 * as GTK would before the widget itself; TRUE when one of them took it. */
gboolean    sp_test_gui_press_key         (GtkWidget          *widget,
                                           guint               keyval);

G_END_DECLS
