/* sp-console-view.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "sp-console.h"

G_BEGIN_DECLS

#define SP_TYPE_CONSOLE_VIEW (sp_console_view_get_type ())

/* The manual console in the window: the live log of the console's
 * transcript, coloured and explained as in a guided test, and an entry
 * for one SMTP command at a time, with history (Up, Down), completion of
 * the verbs (Tab) and a hint before a line the server would refuse is
 * sent (sp_console_check_line ()). After DATA's 354 the entry collects
 * the message, which ends on "End Message" (or a line with only a dot);
 * during a login typed by hand the entry hides what is typed.
 *
 * Properties: "busy" (a command is on its way), "open" (the session is
 * connected or connecting). */
G_DECLARE_FINAL_TYPE (SpConsoleView, sp_console_view, SP, CONSOLE_VIEW, GtkWidget)

/* Shows @console, looks @name up and connects (sp_console_open_async ()).
 * @keep_alive (may be NULL) is held as long as the console is shown: the
 * simulated servers of a practice session. */
void        sp_console_view_open          (SpConsoleView *self,
                                           SpConsole     *console,
                                           SpResolver    *resolver,
                                           const char    *name,
                                           gboolean       is_host,
                                           guint16        port,
                                           GObject       *keep_alive);
/* Shows @console, which has adopted a session already ("Continue by
 * hand", sp_console_adopt_session ()). */
void        sp_console_view_adopt         (SpConsoleView *self,
                                           SpConsole     *console,
                                           GObject       *keep_alive);
SpConsole  *sp_console_view_get_console   (SpConsoleView *self);
gboolean    sp_console_view_get_busy      (SpConsoleView *self);
gboolean    sp_console_view_get_open      (SpConsoleView *self);
/* Ends the session: QUIT when the server waits for a command, else the
 * connection is closed. The log stays. */
void        sp_console_view_disconnect    (SpConsoleView *self);
/* Ends the session as sp_console_view_disconnect () does and forgets the
 * console (leaving the console, a new test). */
void        sp_console_view_reset         (SpConsoleView *self);
/* Opens the choice of format to export the log in (Ctrl+E). */
void        sp_console_view_popup_export  (SpConsoleView *self);
/* The entry, for the window's focus and for tests. */
GtkEntry   *sp_console_view_get_entry     (SpConsoleView *self);

G_END_DECLS
