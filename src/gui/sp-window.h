/* sp-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "sp-application.h"

G_BEGIN_DECLS

#define SP_TYPE_WINDOW (sp_window_get_type ())

G_DECLARE_FINAL_TYPE (SpWindow, sp_window, SP, WINDOW, GtkApplicationWindow)

SpWindow     *sp_window_new             (SpApplication *application);
GCancellable *sp_window_get_cancellable (SpWindow      *self);

G_END_DECLS
