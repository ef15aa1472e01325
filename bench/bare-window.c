/* bare-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The floor for the startup benchmark: a GtkApplication whose window shows
 * one label. Like smtp-probe under SP_BENCH_FIRST_FRAME, it prints the
 * monotonic time of its first drawn frame and its peak memory, then quits. */

#define G_LOG_DOMAIN "bare-window"

#include <gtk/gtk.h>

#include "bench-frame.h"

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window = gtk_application_window_new (app);

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

  app = gtk_application_new ("io.github.smtpprobe.BareWindow", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
