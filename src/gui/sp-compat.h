/* sp-compat.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One wrapper for each GTK API that changed after 4.8 (Debian 12), so that
 * the rest of the app has one call site and no version checks. */

/* Asks for a file: where to save one (@action GTK_FILE_CHOOSER_ACTION_SAVE,
 * suggesting @initial_name), or one to read (GTK_FILE_CHOOSER_ACTION_OPEN,
 * offering @filter, which may be NULL, and all files). GtkFileChooserNative
 * on GTK 4.8 (it uses the portal inside Flatpak), GtkFileDialog from 4.10.
 * Fails with G_IO_ERROR_CANCELLED when the person closes the dialog. */
void       sp_compat_choose_file_async  (GtkWindow            *parent,
                                         const char           *title,
                                         GtkFileChooserAction  action,
                                         const char           *initial_name,
                                         GtkFileFilter        *filter,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GFile     *sp_compat_choose_file_finish (GAsyncResult         *result,
                                         GError              **error);

/* Shows a modal message with one Close button: GtkMessageDialog on 4.8,
 * GtkAlertDialog from 4.10. Completes when it is closed. */
void       sp_compat_alert_async       (GtkWindow            *parent,
                                        const char           *heading,
                                        const char           *body,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean   sp_compat_alert_finish      (GAsyncResult         *result,
                                        GError              **error);

/* The colour CSS gives @widget (its "color"): GtkStyleContext on 4.8,
 * gtk_widget_get_color() from 4.10. */
void       sp_compat_widget_get_color  (GtkWidget            *widget,
                                        GdkRGBA              *color);

/* Follows the desktop's light or dark style (the settings portal's
 * org.freedesktop.appearance color-scheme) on @session_bus, also when it
 * changes: GTK reads it itself from 4.20; before, without libadwaita, it
 * sets gtk-application-prefer-dark-theme. Without a portal nothing
 * changes. */
void       sp_compat_follow_color_scheme (GDBusConnection    *session_bus);

G_END_DECLS
