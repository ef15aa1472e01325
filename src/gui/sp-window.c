/* sp-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-window.h"

struct _SpWindow
{
  GtkApplicationWindow  parent_instance;

  /* template widgets */
  GtkHeaderBar         *header_bar;
  GtkStack             *pages;
  GtkMenuButton        *primary_menu_button;

  /* owned references */
  GSettings            *settings;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (SpWindow, sp_window, GTK_TYPE_APPLICATION_WINDOW)

static void
sp_window_save_size (SpWindow *self)
{
  int width = 0;
  int height = 0;

  /* GTK keeps the default size in step with the unmaximized size, so this is what the window
   * should come back as, even when it is closed while maximized. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static void
sp_window_restore_size (SpWindow *self)
{
  int width;
  int height;

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");

  /* A broken or hand-edited value must not give a window too small to use. */
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
sp_window_close_request (GtkWindow *window)
{
  SpWindow *self = SP_WINDOW (window);

  sp_window_save_size (self);

  /* Stop running work now rather than at dispose, so nothing reports into a closing window. */
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (sp_window_parent_class)->close_request (window);
}

static void
sp_window_dispose (GObject *object)
{
  SpWindow *self = SP_WINDOW (object);

  /* No gtk_widget_dispose_template() here: GtkWindow's own dispose drops the child and the
   * titlebar, and unparenting them first makes it warn about widgets already gone. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sp_window_parent_class)->dispose (object);
}

static void
sp_window_class_init (SpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sp_window_dispose;

  window_class->close_request = sp_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/smtpprobe/SmtpProbe/sp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, primary_menu_button);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
sp_window_init (SpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);

  sp_window_restore_size (self);
}

SpWindow *
sp_window_new (SpApplication *application)
{
  g_return_val_if_fail (SP_IS_APPLICATION (application), NULL);

  return g_object_new (SP_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * sp_window_get_cancellable:
 * @self: a #SpWindow
 *
 * Gets the cancellable for work started on behalf of this window. It is cancelled when the
 * window closes.
 *
 * Returns: (transfer none): a #GCancellable
 */
GCancellable *
sp_window_get_cancellable (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);

  return self->cancellable;
}
