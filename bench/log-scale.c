/* log-scale.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* Benchmark 7, GUI half (issue 13): the live log under a flood. A window
 * with an SpLogView follows a transcript into which LINES server lines
 * arrive as fast as the main loop lets them (BATCH lines per iteration,
 * as replies of 100 lines, in attempts of at most
 * SP_TRANSCRIPT_MAX_LINES lines, the transcript's own bound), then the
 * view is scrolled from top to bottom over 120 frames. A tick callback
 * keeps the frame clock running, so the gap between two frames is the
 * time the main loop was busy; the goal is no frame longer than 50 ms
 * and memory growth under 100 MB.
 *
 *   bench/log-scale [LINES] [BATCH]
 *
 * Prints one line of "key value" pairs. */

#define G_LOG_DOMAIN "bench-log-scale"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sp-log-view.h"

#define REPLY_LINES   100
#define SCROLL_FRAMES 120
/* The goal: no frame longer than this while the lines arrive. */
#define LONG_FRAME_MS 50

typedef struct
{
  GtkWidget    *window;
  GtkWidget    *view;
  SpTranscript *transcript;
  SpAttempt    *attempt;
  SpReply      *reply;
  guint         lines;
  guint         batch;
  guint         fed;
  guint         attempt_lines;
  gint64        last_frame;
  gint64        feed_started;
  gint64        feed_done;
  gint64        shown;
  double        longest_feed_frame;
  double        longest_scroll_frame;
  guint         n_feed_frames;
  guint         n_long_feed_frames;  /* over LONG_FRAME_MS */
  double        longest_feed;        /* the longest feed_cb: the "server" side, not the view */
  guint         scroll_frame;
  long          rss_start;
  gboolean      feeding;
  gboolean      scrolling;
  gboolean      done;
} Bench;

static long
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);

  return line != NULL ? strtol (line + strlen (field), NULL, 10) : -1;
}

static GtkWidget *
find_scroller (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_scroller (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static SpReply *
make_reply (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  SpReply *reply;

  for (guint i = 0; i < REPLY_LINES; i++)
    g_string_append_printf (text, "250%cline %u of a long reply from mx1.example.test\r\n",
                            i + 1 < REPLY_LINES ? '-' : ' ', i + 1);
  reply = sp_reply_new_from_text (text->str, &error);
  if (reply == NULL)
    g_error ("%s", error->message);

  return reply;
}

static gboolean
feed_cb (gpointer user_data)
{
  Bench *bench = user_data;
  gint64 started = g_get_monotonic_time ();

  for (guint i = 0; i < bench->batch && bench->fed < bench->lines; i += REPLY_LINES)
    {
      if (bench->attempt == NULL || bench->attempt_lines + REPLY_LINES > SP_TRANSCRIPT_MAX_LINES)
        {
          bench->attempt = sp_transcript_add_attempt (bench->transcript, "mx1.example.test",
                                                      "127.0.0.1", 25);
          sp_attempt_begin_step (bench->attempt, SP_STEP_EHLO, "EHLO client.example.test");
          /* The command is a line of the attempt's log too. */
          bench->attempt_lines = 1;
        }
      sp_attempt_add_reply (bench->attempt, SP_STEP_EHLO, bench->reply);
      bench->attempt_lines += REPLY_LINES;
      bench->fed += REPLY_LINES;
    }
  bench->longest_feed = MAX (bench->longest_feed, (g_get_monotonic_time () - started) / 1000.0);

  if (bench->fed < bench->lines)
    return G_SOURCE_CONTINUE;

  return G_SOURCE_REMOVE;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Bench *bench = user_data;
  gint64 now = g_get_monotonic_time ();
  double gap = bench->last_frame != 0 ? (now - bench->last_frame) / 1000.0 : 0;

  bench->last_frame = now;

  if (bench->feeding)
    {
      bench->longest_feed_frame = MAX (bench->longest_feed_frame, gap);
      bench->n_feed_frames++;
      if (gap > LONG_FRAME_MS)
        bench->n_long_feed_frames++;
      if (bench->fed >= bench->lines && sp_log_view_get_n_pending (SP_LOG_VIEW (bench->view)) == 0)
        {
          bench->feeding = FALSE;
          bench->feed_done = now;
          bench->scrolling = TRUE;
        }
      return G_SOURCE_CONTINUE;
    }

  if (bench->scrolling)
    {
      GtkWidget *scroller = find_scroller (bench->view);
      GtkAdjustment *adjustment;

      if (scroller == NULL)
        g_error ("The log view has no scrolled window.");
      adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

      if (bench->scroll_frame > 0)
        bench->longest_scroll_frame = MAX (bench->longest_scroll_frame, gap);
      gtk_adjustment_set_value (adjustment,
                                (gtk_adjustment_get_upper (adjustment)
                                 - gtk_adjustment_get_page_size (adjustment))
                                * bench->scroll_frame / SCROLL_FRAMES);
      if (bench->scroll_frame++ == SCROLL_FRAMES)
        {
          bench->scrolling = FALSE;
          bench->done = TRUE;
          return G_SOURCE_REMOVE;
        }
      return G_SOURCE_CONTINUE;
    }

  /* The first frame: the window is up; the flood starts. */
  if (bench->rss_start == 0)
    {
      bench->rss_start = status_kb ("VmRSS:");
      bench->shown = now;
      bench->feeding = TRUE;
      bench->feed_started = now;
      bench->last_frame = now;
      g_idle_add (feed_cb, bench);
    }

  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  Bench bench = { 0 };
  long rss_end;
  long peak;

  bench.lines = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  bench.batch = argc > 2 ? (guint) atoi (argv[2]) : 1000;
  if (bench.lines == 0 || bench.batch < REPLY_LINES)
    {
      g_printerr ("Usage: log-scale [LINES] [BATCH of at least %u]\n", REPLY_LINES);
      return 2;
    }

  gtk_init ();
  bench.reply = make_reply ();
  bench.transcript = sp_transcript_new ();
  bench.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (bench.window), 900, 600);
  bench.view = sp_log_view_new ();
  sp_log_view_set_transcript (SP_LOG_VIEW (bench.view), bench.transcript);
  gtk_window_set_child (GTK_WINDOW (bench.window), bench.view);
  gtk_widget_add_tick_callback (bench.view, tick_cb, &bench, NULL);
  gtk_window_present (GTK_WINDOW (bench.window));

  while (!bench.done)
    g_main_context_iteration (NULL, TRUE);

  rss_end = status_kb ("VmRSS:");
  peak = status_kb ("VmHWM:");
  g_print ("lines %u batch %u frames %u append-ms %.0f longest-frame-ms %.1f long-frames %u longest-feed-ms %.1f "
           "longest-scroll-frame-ms %.1f rss-start-kb %ld rss-end-kb %ld peak-kb %ld "
           "growth-kb %ld view-lines %d dropped %u\n",
           bench.fed, bench.batch, bench.n_feed_frames,
           (bench.feed_done - bench.feed_started) / 1000.0, bench.longest_feed_frame,
           bench.n_long_feed_frames, bench.longest_feed,
           bench.longest_scroll_frame, bench.rss_start, rss_end, peak, peak - bench.rss_start,
           gtk_text_buffer_get_line_count (sp_log_view_get_buffer (SP_LOG_VIEW (bench.view))),
           sp_log_view_get_n_dropped (SP_LOG_VIEW (bench.view)));

  gtk_window_destroy (GTK_WINDOW (bench.window));
  g_object_unref (bench.transcript);
  sp_reply_unref (bench.reply);

  return 0;
}
