/* header-bar-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A reference for the startup benchmark, not its floor: the floor window
 * (one label) plus what the issue requires of every wizard window, a header
 * bar with Back and Next. It shows what a header bar alone costs, which
 * matters with software GL, where each new kind of drawing (the window's
 * shadow and border, rounded buttons, symbolic icons) compiles a shader on
 * first use. Prints the same line as bare-window. */

#define G_LOG_DOMAIN "header-bar-window"

#include <gtk/gtk.h>

#include "bench-frame.h"

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window = gtk_application_window_new (app);
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *back = gtk_button_new_with_mnemonic ("_Back");
  GtkWidget *next = gtk_button_new_with_mnemonic ("_Next");

  gtk_widget_add_css_class (next, "suggested-action");
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), back);
  gtk_header_bar_pack_end (GTK_HEADER_BAR (header), next);
  gtk_window_set_titlebar (GTK_WINDOW (window), header);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("SMTP Probe"));
  bench_frame_watch (window);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) app = NULL;

  app = gtk_application_new ("io.github.smtpprobe.HeaderBarWindow", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
