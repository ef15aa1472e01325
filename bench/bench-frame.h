/* bench-frame.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the startup benchmark's floor program and by smtp-probe when
 * SP_BENCH_FIRST_FRAME is set: on the first frame the window paints, print
 * "first-frame <monotonic µs> <VmHWM kB>" and quit. */

#pragma once

#include <stdio.h>
#include <string.h>

#include <gtk/gtk.h>

static inline long
bench_frame_peak_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");

  return line != NULL ? strtol (line + strlen ("VmHWM:"), NULL, 10) : -1;
}

static inline void
bench_frame_after_paint_cb (GdkFrameClock *clock,
                            GtkWidget     *window)
{
  g_signal_handlers_disconnect_by_func (clock, bench_frame_after_paint_cb, window);
  printf ("first-frame %" G_GINT64_FORMAT " %ld\n", g_get_monotonic_time (),
          bench_frame_peak_kb ());
  fflush (stdout);
  gtk_window_destroy (GTK_WINDOW (window));
}

static inline void
bench_frame_realize_cb (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (bench_frame_after_paint_cb), window);
}

static inline void
bench_frame_watch (GtkWidget *window)
{
  g_signal_connect (window, "realize", G_CALLBACK (bench_frame_realize_cb), NULL);
}
