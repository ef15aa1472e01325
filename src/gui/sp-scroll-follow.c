/* sp-scroll-follow.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-scroll-follow"

#include "config.h"

#include "sp-scroll-follow.h"

typedef struct
{
  GtkScrolledWindow *scroller;    /* borrowed: the state lives as long as it */
  GtkAdjustment     *adjustment;  /* owned */
  gulong             upper_id;
  gulong             value_id;
  gboolean           follow;
  guint              check_id;
  guint              tick_id;
} Follow;

#define FOLLOW_KEY "sp-scroll-follow"

static gboolean
is_at_bottom (GtkAdjustment *adjustment)
{
  return gtk_adjustment_get_value (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 4;
}

static void
follow_free (Follow *follow)
{
  /* The scroller is being finalized: its tick callbacks went with it. */
  follow->tick_id = 0;
  g_clear_handle_id (&follow->check_id, g_source_remove);
  g_clear_signal_handler (&follow->upper_id, follow->adjustment);
  g_clear_signal_handler (&follow->value_id, follow->adjustment);
  g_clear_object (&follow->adjustment);
  g_free (follow);
}

static gboolean
follow_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  Follow *follow = user_data;

  follow->tick_id = 0;
  if (follow->follow)
    gtk_adjustment_set_value (follow->adjustment,
                              gtk_adjustment_get_upper (follow->adjustment) -
                              gtk_adjustment_get_page_size (follow->adjustment));

  return G_SOURCE_REMOVE;
}

/* Goes to the bottom once, before the next frame is laid out, however many
 * times the height changed since: a text view that takes a thousand lines
 * changes it with every line and with every chunk it lays out, and going to
 * the bottom each time made it lay the new lines out there and then, in
 * one long frame. */
static void
queue_follow (Follow *follow)
{
  if (follow->tick_id == 0)
    follow->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (follow->scroller),
                                                    follow_tick_cb, follow, NULL);
}

/* After any change of the height or the page size, not only of the height: a viewport
 * may set the page size after the height. */
static void
changed_cb (GtkAdjustment *adjustment,
            Follow        *follow)
{
  if (follow->follow)
    queue_follow (follow);
}

static void
value_changed_cb (GtkAdjustment *adjustment,
                  Follow        *follow)
{
  /* Reaching the bottom by any means (a kinetic scroll that ends there) follows again;
   * anything but the person that moves away from it (a text view keeping its first
   * line in place, a viewport scrolling to a focused row) is undone. */
  if (is_at_bottom (adjustment))
    follow->follow = TRUE;
  else if (follow->follow)
    queue_follow (follow);
}

static gboolean
check_cb (gpointer user_data)
{
  Follow *follow = user_data;

  follow->check_id = 0;
  follow->follow = is_at_bottom (follow->adjustment);

  return G_SOURCE_REMOVE;
}

/* The person scrolled or is about to: let it happen, then follow only if it ended at
 * the bottom. */
static void
user_scrolled (Follow *follow)
{
  follow->follow = FALSE;
  g_clear_handle_id (&follow->check_id, g_source_remove);
  follow->check_id = g_idle_add (check_cb, follow);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           Follow                   *follow)
{
  user_scrolled (follow);

  return FALSE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                Follow                *follow)
{
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      user_scrolled (follow);
      break;

    default:
      break;
    }

  return FALSE;
}

static void
scrollbar_released_cb (GtkGestureClick *gesture,
                       int              n_press,
                       double           x,
                       double           y,
                       Follow          *follow)
{
  user_scrolled (follow);
}

static void
scrollbar_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      Follow          *follow)
{
  /* While the scrollbar is held, new lines must not pull it away from the hand. */
  follow->follow = FALSE;
  g_clear_handle_id (&follow->check_id, g_source_remove);
}

void
sp_scroll_follow_attach (GtkScrolledWindow *scroller)
{
  GtkEventController *controller;
  GtkGesture *gesture;
  Follow *follow;

  g_return_if_fail (GTK_IS_SCROLLED_WINDOW (scroller));
  g_return_if_fail (g_object_get_data (G_OBJECT (scroller), FOLLOW_KEY) == NULL);

  follow = g_new0 (Follow, 1);
  follow->scroller = scroller;
  follow->adjustment = g_object_ref (gtk_scrolled_window_get_vadjustment (scroller));
  follow->follow = TRUE;
  g_object_set_data_full (G_OBJECT (scroller), FOLLOW_KEY, follow, (GDestroyNotify) follow_free);

  follow->upper_id = g_signal_connect (follow->adjustment, "changed",
                                       G_CALLBACK (changed_cb), follow);
  follow->value_id = g_signal_connect (follow->adjustment, "value-changed",
                                       G_CALLBACK (value_changed_cb), follow);

  /* Capture phase: seen before the child (a text view) scrolls or moves its cursor. */
  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                                GTK_EVENT_CONTROLLER_SCROLL_KINETIC);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), follow);
  gtk_widget_add_controller (GTK_WIDGET (scroller), controller);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), follow);
  gtk_widget_add_controller (GTK_WIDGET (scroller), controller);

  gesture = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (scrollbar_pressed_cb), follow);
  g_signal_connect (gesture, "released", G_CALLBACK (scrollbar_released_cb), follow);
  gtk_widget_add_controller (gtk_scrolled_window_get_vscrollbar (scroller),
                             GTK_EVENT_CONTROLLER (gesture));
}

void
sp_scroll_follow_reset (GtkScrolledWindow *scroller)
{
  Follow *follow;

  g_return_if_fail (GTK_IS_SCROLLED_WINDOW (scroller));

  follow = g_object_get_data (G_OBJECT (scroller), FOLLOW_KEY);
  g_return_if_fail (follow != NULL);

  g_clear_handle_id (&follow->check_id, g_source_remove);
  follow->follow = TRUE;
  gtk_adjustment_set_value (follow->adjustment, gtk_adjustment_get_upper (follow->adjustment));
}

gboolean
sp_scroll_follow_is_active (GtkScrolledWindow *scroller)
{
  Follow *follow;

  g_return_val_if_fail (GTK_IS_SCROLLED_WINDOW (scroller), FALSE);

  follow = g_object_get_data (G_OBJECT (scroller), FOLLOW_KEY);

  return follow != NULL && follow->follow;
}
