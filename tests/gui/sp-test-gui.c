/* sp-test-gui.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include <string.h>

#include <glib/gstdio.h>

#include "sp-log-view.h"
#include "sp-test-gui.h"

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *done = user_data;

  *done = TRUE;

  return G_SOURCE_REMOVE;
}

void
sp_test_gui_iterate (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
sp_test_gui_wait_until (SpTestGuiPredicate predicate,
                        gpointer           user_data,
                        guint              timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!predicate (user_data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;

      /* Wake at least every 10 ms, so the clock above is read often enough. */
      sp_test_gui_iterate (10);
    }

  return TRUE;
}

static void
frame_cb (GdkFrameClock *clock,
          gboolean      *drawn)
{
  *drawn = TRUE;
}

void
sp_test_gui_wait_for_draw (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkFrameClock *clock;
  gboolean drawn = FALSE;
  gulong id;

  g_assert_nonnull (native);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (native)));

  /* Two frames: the first may still lay out what changed just before. */
  clock = gdk_surface_get_frame_clock (gtk_native_get_surface (native));
  for (guint i = 0; i < 2; i++)
    {
      drawn = FALSE;
      id = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_cb), &drawn);
      gtk_widget_queue_draw (GTK_WIDGET (native));
      while (!drawn)
        g_main_context_iteration (NULL, TRUE);
      g_signal_handler_disconnect (clock, id);
    }
}

typedef struct
{
  GtkWidget *widget;
  int        width;
  int        height;
} SizeCheck;

static gboolean
has_size (gpointer user_data)
{
  SizeCheck *check = user_data;

  return gtk_widget_get_width (check->widget) == check->width &&
         gtk_widget_get_height (check->widget) == check->height;
}

void
sp_test_gui_resize (GtkWindow *window,
                    int        width,
                    int        height)
{
  SizeCheck check = { GTK_WIDGET (window), width, height };
  int default_width = 0;
  int default_height = 0;

  /* The default size counts the client-side decorations differently from the widget's
   * own size; aim the default so that the window itself (and the PNG) gets the size. */
  gtk_window_get_default_size (window, &default_width, &default_height);
  if (gtk_widget_get_width (GTK_WIDGET (window)) > 0 && default_width > 0)
    {
      width += default_width - gtk_widget_get_width (GTK_WIDGET (window));
      height += default_height - gtk_widget_get_height (GTK_WIDGET (window));
    }

  gtk_window_set_default_size (window, width, height);
  if (!sp_test_gui_wait_until (has_size, &check, 5000))
    g_test_message ("the window is %d×%d instead of %d×%d",
                    gtk_widget_get_width (GTK_WIDGET (window)),
                    gtk_widget_get_height (GTK_WIDGET (window)), check.width, check.height);
  sp_test_gui_wait_for_draw (GTK_WIDGET (window));
}

void
sp_test_gui_set_dark (GtkWindow *window,
                      gboolean   dark)
{
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (window));

  g_object_set (settings, "gtk-application-prefer-dark-theme", dark, NULL);
  /* The theme is swapped at once; give the style and the idle work a moment. */
  sp_test_gui_iterate (50);
  sp_test_gui_wait_for_draw (GTK_WIDGET (window));
}

const char *
sp_test_gui_screenshot_dir (void)
{
  static char *dir = NULL;

  if (dir == NULL)
    {
      const char *builddir = g_getenv ("G_TEST_BUILDDIR");

      dir = g_build_filename (builddir != NULL ? builddir : ".", "screenshots", NULL);
      g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
    }

  return dir;
}

char *
sp_test_gui_save_screenshot (GtkWindow  *window,
                             const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GskRenderNode *node;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width;
  int height;

  sp_test_gui_wait_for_draw (GTK_WIDGET (window));

  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);

  file = g_strdup_printf ("%s.png", name);
  path = g_build_filename (sp_test_gui_screenshot_dir (), file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  return g_steal_pointer (&path);
}

void
sp_test_gui_scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_point_t point;

  g_assert_nonnull (scrolled);
  sp_test_gui_wait_for_draw (widget);

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_true (gtk_widget_compute_point (widget,
                                           gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (
                                             scrolled)),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  /* The viewport's coordinates move with the scrolling; the adjustment clamps a value past
   * the end to the end. */
  point.y += gtk_adjustment_get_value (adjustment);
  gtk_adjustment_set_value (adjustment, MAX (0, point.y - 12));
  sp_test_gui_wait_for_draw (widget);
  g_test_message ("scrolled to %s at %.0f: value %.0f of %.0f, page %.0f",
                  G_OBJECT_TYPE_NAME (widget), point.y, gtk_adjustment_get_value (adjustment),
                  gtk_adjustment_get_upper (adjustment),
                  gtk_adjustment_get_page_size (adjustment));
  if (point.y > 12 &&
      gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment))
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
}

void
sp_test_gui_shoot (GtkWindow  *window,
                   const char *name,
                   gboolean    large,
                   GtkWidget  *scroll_to)
{
  static const int sizes[][2] = { { 800, 600 }, { 1280, 800 } };

  for (guint dark = 0; dark < 2; dark++)
    {
      sp_test_gui_set_dark (window, dark);
      for (guint i = 0; i < (large ? 2 : 1); i++)
        {
          g_autofree char *file = NULL;

          sp_test_gui_resize (window, sizes[i][0], sizes[i][1]);
          if (scroll_to != NULL)
            sp_test_gui_scroll_to (scroll_to);
          file = g_strdup_printf ("%s-%s-%dx%d", name, dark ? "dark" : "light",
                                  sizes[i][0], sizes[i][1]);
          g_free (sp_test_gui_save_screenshot (window, file));
        }
    }

  sp_test_gui_set_dark (window, FALSE);
  sp_test_gui_resize (window, sizes[0][0], sizes[0][1]);
}

static const char *
widget_label (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (GTK_IS_CHECK_BUTTON (widget))
    return gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  if (GTK_IS_MENU_BUTTON (widget))
    return gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));

  return NULL;
}

GtkWidget *
sp_test_gui_find_widget (GtkWidget  *root,
                         GType       type,
                         const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (label == NULL || g_strcmp0 (widget_label (child), label) == 0))
        return child;

      found = sp_test_gui_find_widget (child, type, label);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static SpApplication *test_app = NULL;

void
sp_test_gui_init (int    *argc,
                  char ***argv)
{
  g_test_init (argc, argv, NULL);
  gtk_init ();

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* The app id gives the resource path of the help overlay and icons, so it stays. */
  test_app = g_object_new (SP_TYPE_APPLICATION,
                           "application-id", "io.github.smtpprobe.SmtpProbe",
                           "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE,
                           NULL);
  g_assert_true (g_application_register (G_APPLICATION (test_app), NULL, NULL));
}

SpApplication *
sp_test_gui_get_app (void)
{
  return test_app;
}

SpWindow *
sp_test_gui_new_window (void)
{
  SpWindow *window = sp_window_new (test_app);

  gtk_window_present (GTK_WINDOW (window));
  sp_test_gui_wait_for_draw (GTK_WIDGET (window));

  return window;
}

static gboolean
is_null (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

void
sp_test_gui_close_window (SpWindow *window)
{
  gpointer weak = window;
  gpointer model = sp_window_get_model (window);

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  g_object_add_weak_pointer (G_OBJECT (model), &model);

  gtk_window_close (GTK_WINDOW (window));

  /* Cancelled work completes from the main loop; give it the chance, then nothing of
   * the window may be left. */
  g_assert_true (sp_test_gui_wait_until (is_null, &weak, 5000));
  g_assert_true (sp_test_gui_wait_until (is_null, &model, 5000));
}

GtkWidget *
sp_test_gui_child (gpointer    widget,
                   const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), G_OBJECT_TYPE (widget),
                                                   name);

  if (object == NULL)
    g_error ("%s has no template child %s", G_OBJECT_TYPE_NAME (widget), name);
  return GTK_WIDGET (object);
}

static gboolean
page_is (gpointer user_data)
{
  gpointer *data = user_data;

  return sp_window_get_current_page (data[0]) == GPOINTER_TO_UINT (data[1]);
}

void
sp_test_gui_wait_for_page (SpWindow     *window,
                           SpWindowPage  page,
                           guint         timeout_ms)
{
  gpointer data[] = { window, GUINT_TO_POINTER (page) };

  if (!sp_test_gui_wait_until (page_is, data, timeout_ms))
    g_error ("the window is on page %u instead of %u", sp_window_get_current_page (window),
             page);
}

char *
sp_test_gui_log_text (gpointer view)
{
  GtkTextBuffer *buffer = sp_log_view_get_buffer (SP_LOG_VIEW (view));
  GtkTextIter start;
  GtkTextIter end;

  sp_log_view_flush (SP_LOG_VIEW (view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

gboolean
sp_test_gui_buffer_has_tag (GtkTextBuffer *buffer,
                            const char    *needle,
                            const char    *tag_name)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag_name);
  GtkTextIter start;
  GtkTextIter match;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_start_iter (buffer, &start);
  if (!gtk_text_iter_forward_search (&start, needle, 0, &match, NULL, NULL))
    g_error ("the log has no “%s”", needle);

  return gtk_text_iter_has_tag (&match, tag);
}

gboolean
sp_test_gui_press_key (GtkWidget *widget,
                       guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (!GTK_IS_EVENT_CONTROLLER_KEY (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE)
        continue;
      g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
      if (handled)
        return TRUE;
    }

  return FALSE;
}

struct _SpTestGuiHeartbeat
{
  guint  source;
  gint64 last;
  gint64 worst;
};

static gboolean
heartbeat_cb (gpointer user_data)
{
  SpTestGuiHeartbeat *beat = user_data;
  gint64 now = g_get_monotonic_time ();

  if (beat->last != 0)
    beat->worst = MAX (beat->worst, now - beat->last);
  beat->last = now;

  return G_SOURCE_CONTINUE;
}

SpTestGuiHeartbeat *
sp_test_gui_heartbeat_start (void)
{
  SpTestGuiHeartbeat *beat = g_new0 (SpTestGuiHeartbeat, 1);

  beat->source = g_timeout_add (10, heartbeat_cb, beat);

  return beat;
}

gint64
sp_test_gui_heartbeat_stop (SpTestGuiHeartbeat *beat)
{
  gint64 worst = beat->worst;

  g_source_remove (beat->source);
  g_free (beat);

  return worst;
}
