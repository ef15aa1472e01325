/* sp-application.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-application"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-application.h"
#include "sp-window.h"

#define SP_RESOURCE_PATH "/io/github/smtpprobe/SmtpProbe"

struct _SpApplication
{
  GtkApplication  parent_instance;

  /* owned references */
  GtkCssProvider *css_provider;
};

G_DEFINE_FINAL_TYPE (SpApplication, sp_application, GTK_TYPE_APPLICATION)

static void
sp_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  SpApplication *self = user_data;
  GList *windows;

  /* Close rather than destroy, so each window saves its state and cancels its work in
   * close-request; the application ends when the last one is gone. Closing a window removes
   * it from the list and may destroy its transient dialogs, so walk a referenced copy. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    g_object_ref (l->data);
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);
}

static void
sp_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  SpApplication *self = user_data;
  const char *developers[] = { _("SMTP Probe developers"), NULL };
  const char *translators;
  GtkWindow *parent;

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* Translators: replace this with your name and e-mail address, one translator per line. */
  translators = _("translator-credits");

  /* gtk_show_about_dialog() keeps one dialog per parent and presents it again if it is
   * already open. */
  gtk_show_about_dialog (parent,
                         "program-name", _("SMTP Probe"),
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Test how mail servers answer, step by step"),
                         "website", "https://github.com/smtpprobe/smtp-probe",
                         "copyright", _("© 2026 SMTP Probe developers"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", developers,
                         /* An untranslated UI has no translators to credit. */
                         "translator-credits",
                           g_strcmp0 (translators, "translator-credits") != 0 ? translators : NULL,
                         NULL);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = sp_application_quit_action },
  { .name = "about", .activate = sp_application_about_action },
};

static void
sp_application_load_css (SpApplication *self)
{
  GdkDisplay *display;

  display = gdk_display_get_default ();
  if (display == NULL)
    return;

  self->css_provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (self->css_provider, SP_RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (display,
                                              GTK_STYLE_PROVIDER (self->css_provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
sp_application_startup (GApplication *application)
{
  SpApplication *self = SP_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (sp_application_parent_class)->startup (application);

  g_set_application_name (_("SMTP Probe"));
  gtk_window_set_default_icon_name (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);

  sp_application_load_css (self);
}

static void
sp_application_activate (GApplication *application)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window == NULL)
    window = GTK_WINDOW (sp_window_new (SP_APPLICATION (application)));

  gtk_window_present (window);
}

static void
sp_application_dispose (GObject *object)
{
  SpApplication *self = SP_APPLICATION (object);

  if (self->css_provider != NULL)
    {
      GdkDisplay *display = gdk_display_get_default ();

      if (display != NULL)
        gtk_style_context_remove_provider_for_display (display,
                                                       GTK_STYLE_PROVIDER (self->css_provider));
      g_clear_object (&self->css_provider);
    }

  G_OBJECT_CLASS (sp_application_parent_class)->dispose (object);
}

static void
sp_application_class_init (SpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sp_application_dispose;

  application_class->startup = sp_application_startup;
  application_class->activate = sp_application_activate;
}

static void
sp_application_init (SpApplication *self)
{
}

SpApplication *
sp_application_new (void)
{
  return g_object_new (SP_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
