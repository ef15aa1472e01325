/* sp-compat.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-compat"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-compat.h"

/* Choosing a file */

#if GTK_CHECK_VERSION (4, 10, 0)

/* The task's data is the GtkFileChooserAction, saying which finish to call. */
static void
file_dialog_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GFile *file;

  if (GPOINTER_TO_INT (g_task_get_task_data (task)) == GTK_FILE_CHOOSER_ACTION_SAVE)
    file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, &error);
  else
    file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (object), result, &error);

  if (file == NULL)
    {
      /* Closing the dialog is a choice, not a failure: report it as cancellation. */
      if (g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) ||
          g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, file, g_object_unref);
}

#else

static void
file_chooser_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;
  GFile *file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);

  if (file == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("No file was chosen."));
  else
    g_task_return_pointer (task, file, g_object_unref);
}

static void
file_chooser_cancelled_cb (GCancellable    *cancellable,
                           GtkNativeDialog *dialog)
{
  /* Hiding aborts the dialog without a response, so give the one that completes the task;
   * that handler drops the dialog, hence the reference held across it. */
  g_object_ref (dialog);
  gtk_native_dialog_hide (dialog);
  g_signal_emit_by_name (dialog, "response", GTK_RESPONSE_CANCEL);
  g_object_unref (dialog);
}

#endif

static GtkFileFilter *
all_files_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  /* Translators: the name of a filter in the file chooser. */
  gtk_file_filter_set_name (filter, _("All files"));
  gtk_file_filter_add_pattern (filter, "*");

  return filter;
}

/* Saving and opening differ in the action, the button and what is
 * offered: a name to save under, or @filter and all files to open. */
void
sp_compat_choose_file_async (GtkWindow            *parent,
                             const char           *title,
                             GtkFileChooserAction  action,
                             const char           *initial_name,
                             GtkFileFilter        *filter,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  gboolean save = action == GTK_FILE_CHOOSER_ACTION_SAVE;
  g_autoptr(GtkFileFilter) all = save ? NULL : all_files_filter ();
  GTask *task;

  g_return_if_fail (!parent || GTK_IS_WINDOW (parent));
  g_return_if_fail (save || action == GTK_FILE_CHOOSER_ACTION_OPEN);
  g_return_if_fail (!filter || GTK_IS_FILE_FILTER (filter));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_compat_choose_file_async);
  g_task_set_task_data (task, GINT_TO_POINTER (action), NULL);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, title);
    gtk_file_dialog_set_modal (dialog, TRUE);
    if (save)
      {
        if (initial_name != NULL)
          gtk_file_dialog_set_initial_name (dialog, initial_name);
        gtk_file_dialog_save (dialog, parent, cancellable, file_dialog_cb, task);
      }
    else
      {
        g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

        if (filter != NULL)
          g_list_store_append (filters, filter);
        g_list_store_append (filters, all);
        gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
        if (filter != NULL)
          gtk_file_dialog_set_default_filter (dialog, filter);
        gtk_file_dialog_open (dialog, parent, cancellable, file_dialog_cb, task);
      }
  }
#else
  {
    GtkFileChooserNative *dialog;

    dialog = gtk_file_chooser_native_new (title, parent, action,
                                          save ? _("_Save") : _("_Open"), _("_Cancel"));
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
    if (initial_name != NULL)
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), initial_name);
    if (filter != NULL)
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
    if (all != NULL)
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
    if (cancellable != NULL)
      g_signal_connect_object (cancellable, "cancelled",
                               G_CALLBACK (file_chooser_cancelled_cb), dialog, 0);
    g_signal_connect (dialog, "response", G_CALLBACK (file_chooser_response_cb), task);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
  }
#endif
}

GFile *
sp_compat_choose_file_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Alerts */

#if GTK_CHECK_VERSION (4, 10, 0)

static void
alert_choose_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* Any way of closing the alert is fine: it only informs. */
  gtk_alert_dialog_choose_finish (GTK_ALERT_DIALOG (object), result, &error);
  g_task_return_boolean (task, TRUE);
}

#else

static void
message_dialog_response_cb (GtkDialog *dialog,
                            int        response,
                            gpointer   user_data)
{
  g_autoptr(GTask) task = user_data;

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_task_return_boolean (task, TRUE);
}

static void
message_dialog_cancelled_cb (GCancellable *cancellable,
                             GtkDialog    *dialog)
{
  gtk_dialog_response (dialog, GTK_RESPONSE_CANCEL);
}

#endif

void
sp_compat_alert_async (GtkWindow           *parent,
                       const char          *heading,
                       const char          *body,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (!parent || GTK_IS_WINDOW (parent));
  g_return_if_fail (heading != NULL);

  task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_compat_alert_async);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkAlertDialog) dialog = gtk_alert_dialog_new ("%s", heading);

    if (body != NULL)
      gtk_alert_dialog_set_detail (dialog, body);
    gtk_alert_dialog_set_modal (dialog, TRUE);
    gtk_alert_dialog_choose (dialog, parent, cancellable, alert_choose_cb,
                             g_steal_pointer (&task));
  }
#else
  {
    GtkWidget *dialog;

    dialog = gtk_message_dialog_new (parent,
                                     GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                     "%s", heading);
    if (body != NULL)
      gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", body);
    if (cancellable != NULL)
      g_signal_connect_object (cancellable, "cancelled",
                               G_CALLBACK (message_dialog_cancelled_cb), dialog, 0);
    g_signal_connect (dialog, "response", G_CALLBACK (message_dialog_response_cb),
                      g_steal_pointer (&task));
    gtk_window_present (GTK_WINDOW (dialog));
  }
#endif
}

gboolean
sp_compat_alert_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Colours */

void
sp_compat_widget_get_color (GtkWidget *widget,
                            GdkRGBA   *color)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (color != NULL);

#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
#endif
}

/* The desktop's style */

#if !GTK_CHECK_VERSION (4, 20, 0)
#define PORTAL_NAME      "org.freedesktop.portal.Desktop"
#define PORTAL_PATH      "/org/freedesktop/portal/desktop"
#define PORTAL_SETTINGS  "org.freedesktop.portal.Settings"
#define APPEARANCE       "org.freedesktop.appearance"

/* 1 is "prefer dark", 2 "prefer light", 0 no preference. */
static void
apply_color_scheme (GVariant *value)
{
  guint32 scheme = 0;

  if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    scheme = g_variant_get_uint32 (value);

  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", scheme == 1,
                NULL);
}

static void
setting_changed_cb (GDBusConnection *connection,
                    const char      *sender_name,
                    const char      *object_path,
                    const char      *interface_name,
                    const char      *signal_name,
                    GVariant        *parameters,
                    gpointer         user_data)
{
  const char *namespace;
  const char *key;
  g_autoptr(GVariant) value = NULL;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ssv)")))
    return;

  g_variant_get (parameters, "(&s&sv)", &namespace, &key, &value);
  if (g_strcmp0 (namespace, APPEARANCE) == 0 && g_strcmp0 (key, "color-scheme") == 0)
    apply_color_scheme (value);
}

static void
read_color_scheme_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) outer = NULL;
  g_autoptr(GVariant) inner = NULL;

  /* No portal: GTK's own setting stays. */
  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, NULL);
  if (reply == NULL)
    return;

  /* Read wraps the value in one more variant than the signal does. */
  g_variant_get (reply, "(v)", &outer);
  inner = g_variant_is_of_type (outer, G_VARIANT_TYPE_VARIANT) ? g_variant_get_variant (outer)
                                                                 : g_variant_ref (outer);
  apply_color_scheme (inner);
}
#endif

void
sp_compat_follow_color_scheme (GDBusConnection *session_bus)
{
  g_return_if_fail (G_IS_DBUS_CONNECTION (session_bus));

#if !GTK_CHECK_VERSION (4, 20, 0)
  g_dbus_connection_signal_subscribe (session_bus, PORTAL_NAME, PORTAL_SETTINGS,
                                      "SettingChanged", PORTAL_PATH, APPEARANCE,
                                      G_DBUS_SIGNAL_FLAGS_NONE, setting_changed_cb, NULL, NULL);
  /* Never started for this: a desktop without a running portal keeps GTK's setting. */
  g_dbus_connection_call (session_bus, PORTAL_NAME, PORTAL_PATH, PORTAL_SETTINGS, "Read",
                          g_variant_new ("(ss)", APPEARANCE, "color-scheme"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL,
                          read_color_scheme_cb, NULL);
#endif
}
