/* sp-application.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-application"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bench-frame.h"
#include "sp-application.h"
#include "sp-compat.h"
#include "sp-geometry-dump.h"
#include "sp-window.h"

#define SP_RESOURCE_PATH "/io/github/smtpprobe/SmtpProbe"

struct _SpApplication
{
  GtkApplication  parent_instance;

  /* owned references */
  GtkCssProvider *css_provider;

  /* state */
  char           *port_help;  /* --port's help, with the request's default and maximum */
};

G_DEFINE_FINAL_TYPE (SpApplication, sp_application, GTK_TYPE_APPLICATION)

/* The same names as the command-line tool, so a ticket system can open the
 * app ready to run with what it would pass to smtp-probe-cli. */
static const GOptionEntry option_entries[] = {
  { "server", 's', 0, G_OPTION_ARG_STRING, NULL,
    N_("Test this server instead of looking up the domain’s mail servers"), N_("HOST[:PORT]") },
  /* Its help comes from the request's table of limits (sp_application_init ()). */
  { "port", 'p', 0, G_OPTION_ARG_INT, NULL, NULL, N_("N") },
  { "from", 'f', 0, G_OPTION_ARG_STRING, NULL,
    N_("Sender address for MAIL FROM and the From header"), N_("ADDRESS") },
  { "ehlo", 'e', 0, G_OPTION_ARG_STRING, NULL,
    N_("Name to greet the server with (default: the sender’s domain)"), N_("NAME") },
  { "dns-server", 'd', 0, G_OPTION_ARG_STRING, NULL,
    N_("DNS servers to ask, such as 1.1.1.1 or 127.0.0.1:5353 (default: the system’s)"),
    N_("LIST") },
  { "tls", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Encryption: off, opportunistic (STARTTLS when offered, the default), required or "
       "implicit (TLS from the first byte, as on port 465)"),
    N_("POLICY") },
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Also trust the certificate authorities in this PEM file"), N_("FILE") },
  { "auth-user", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Sign in with this user name; the password is asked for in the window"), N_("NAME") },
  { "practice", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Practise against this simulated server (no network needed; smtp-probe-cli "
       "--practice list lists them)"), N_("SCENARIO") },
  { "version", 'V', 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, N_("[RECIPIENT]") },
  { NULL }
};

static const char * const prefill_keys[] = {
  "server", "port", "from", "ehlo", "dns-server", "tls", "ca-file", "auth-user", "practice", "",
};

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
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "wizard.new-test", { "<Control>n", NULL } },
    { "wizard.test-list", { "<Control>o", NULL } },
    { "wizard.export", { "<Control>e", NULL } },
    { "wizard.copy-log", { "<Control><Shift>c", NULL } },
    { "wizard.back", { "<Alt>Left", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (sp_application_parent_class)->startup (application);

  /* GLib allows this once per process, and tests start more than one application. */
  if (g_strcmp0 (g_get_application_name (), _("SMTP Probe")) != 0)
    g_set_application_name (_("SMTP Probe"));
  gtk_window_set_default_icon_name (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  sp_application_load_css (self);
  if (g_application_get_dbus_connection (application) != NULL)
    sp_compat_follow_color_scheme (g_application_get_dbus_connection (application));

  /* For the end-to-end test, which clicks where the controls are. */
  if (g_getenv ("SP_TEST_DUMP_GEOMETRY") != NULL)
    sp_geometry_dump_start (g_getenv ("SP_TEST_DUMP_GEOMETRY"));
}

/* For bench/run-startup: report the first frame the window draws, then quit. */
static void
sp_application_watch_first_frame (GtkWindow *window)
{
  static gboolean watched = FALSE;

  if (!watched && g_getenv ("SP_BENCH_FIRST_FRAME") != NULL)
    {
      watched = TRUE;
      bench_frame_watch (GTK_WIDGET (window));
    }
}

static void
sp_application_activate (GApplication *application)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window == NULL)
    window = GTK_WINDOW (sp_window_new (SP_APPLICATION (application)));

  sp_application_watch_first_frame (window);
  gtk_window_present (window);
}

static int
sp_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  g_autofree const char **rest = NULL;
  g_autoptr(GError) error = NULL;
  const char *policy_text;
  SpTlsPolicy policy;
  gint32 port;

  /* Here, in the process where it was typed: no window, no display and no D-Bus. */
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("smtp-probe %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* Mistakes in the options are reported where they were typed, before any window,
   * in the request's words and against its limits. */
  if (g_variant_dict_lookup (options, "port", "i", &port) &&
      !sp_probe_request_check_limits (SP_FIELD_PORT, port, &error))
    {
      g_printerr ("smtp-probe: --port: %s\n", error->message);
      return 2;
    }

  if (g_variant_dict_lookup (options, "", "^a&s", &rest) && rest != NULL &&
      rest[0] != NULL && rest[1] != NULL)
    {
      g_printerr ("smtp-probe: %s\n", _("Give one recipient address or domain at a time."));
      return 2;
    }

  if (g_variant_dict_lookup (options, "tls", "&s", &policy_text) &&
      !sp_tls_policy_parse (policy_text, &policy, &error))
    {
      g_printerr ("smtp-probe: --tls: %s\n", error->message);
      return 2;
    }

  return G_APPLICATION_CLASS (sp_application_parent_class)->handle_local_options (application,
                                                                                  options);
}

static int
sp_application_command_line (GApplication            *application,
                             GApplicationCommandLine *command_line)
{
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  GtkWindow *window;
  gboolean prefill = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (prefill_keys); i++)
    prefill |= g_variant_dict_contains (options, prefill_keys[i]);

  /* The CA file is named relative to where the command was typed, which need not be where
   * this (primary) instance runs; the model wants it as an absolute path in UTF-8. */
  {
    const char *ca_file = NULL;

    if (g_variant_dict_lookup (options, "ca-file", "^&ay", &ca_file) && ca_file != NULL)
      {
        g_autofree char *absolute = NULL;
        g_autofree char *utf8 = NULL;

        absolute = g_canonicalize_filename (ca_file,
                                            g_application_command_line_get_cwd (command_line));
        utf8 = g_filename_to_utf8 (absolute, -1, NULL, NULL, NULL);
        g_variant_dict_remove (options, "ca-file");
        if (utf8 != NULL)
          g_variant_dict_insert (options, "ca-file", "s", utf8);
      }
  }

  /* A running app opens a new window for a new ticket rather than overwrite the test
   * someone is looking at. */
  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window == NULL || prefill)
    window = GTK_WINDOW (sp_window_new (SP_APPLICATION (application)));

  if (prefill)
    sp_window_prefill (SP_WINDOW (window), options);

  sp_application_watch_first_frame (window);
  gtk_window_present (window);

  return 0;
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
sp_application_finalize (GObject *object)
{
  SpApplication *self = (SpApplication *)object;

  g_free (self->port_help);

  G_OBJECT_CLASS (sp_application_parent_class)->finalize (object);
}

static void
sp_application_class_init (SpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sp_application_dispose;
  object_class->finalize = sp_application_finalize;

  application_class->startup = sp_application_startup;
  application_class->activate = sp_application_activate;
  application_class->handle_local_options = sp_application_handle_local_options;
  application_class->command_line = sp_application_command_line;
}

static void
sp_application_init (SpApplication *self)
{
  GOptionEntry entries[G_N_ELEMENTS (option_entries)];
  guint max = 0;
  guint default_port = 0;

  sp_probe_request_get_limits (SP_FIELD_PORT, NULL, &max, &default_port);
  /* Translators: --help text; the default port (25), then the highest (65535): port numbers, not a
   * count. */
  self->port_help = g_strdup_printf (_("Port to connect to (default %u; 587 for submission, "
                                       "2525; at most %u)"), default_port, max);
  memcpy (entries, option_entries, sizeof entries);
  for (guint i = 0; entries[i].long_name != NULL; i++)
    if (g_str_equal (entries[i].long_name, "port"))
      entries[i].description = self->port_help;

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  /* GOption puts the name of the remaining argument, [RECIPIENT], before this. */
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("— test mail delivery"));
  g_application_set_option_context_summary (G_APPLICATION (self),
    _("Opens the SMTP Probe wizard, filled in with the options given, ready to run. "
      "RECIPIENT is an address (kate@example.com) or a domain (example.com)."));
}

SpApplication *
sp_application_new (void)
{
  return g_object_new (SP_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       NULL);
}
