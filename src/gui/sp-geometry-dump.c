/* sp-geometry-dump.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-geometry-dump"

#include "config.h"

#include <gtk/gtk.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "sp-geometry-dump.h"
#include "sp-window.h"

/* Often enough that a test waits no longer than a person would notice. */
#define DUMP_INTERVAL_MS 50

typedef struct
{
  char *path;
  char *last;
} Dump;

static void
append_word (GString    *line,
             const char *text,
             gboolean    is_label)
{
  gsize start = line->len;

  g_string_append_c (line, ' ');
  if (text == NULL || *text == '\0')
    {
      g_string_append_c (line, '-');
      return;
    }

  /* One word per field: in labels, mnemonic underlines go and blanks become underscores. */
  for (const char *p = text; *p != '\0'; p++)
    {
      if (is_label && *p == '_')
        continue;
      g_string_append_c (line, g_ascii_isspace (*p) ? '_' : *p);
    }
  if (line->len == start + 1)
    g_string_append_c (line, '-');
}

static GtkWidget *
first_label (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child))
        return child;
      if ((found = first_label (child)) != NULL)
        return found;
    }

  return NULL;
}

static char *
dup_widget_text (GtkWidget *widget)
{
  GParamSpec *pspec;
  GtkWidget *label;

  /* Never what was typed: a password entry is an editable too. */
  if (GTK_IS_EDITABLE (widget))
    return NULL;
  if (GTK_IS_CHECK_BUTTON (widget))
    return g_strdup (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)));
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) != NULL)
    return g_strdup (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)));

  /* The items of a popover menu are private buttons with a "text". */
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (widget), "text");
  if (pspec != NULL && pspec->value_type == G_TYPE_STRING && (pspec->flags & G_PARAM_READABLE))
    {
      char *text = NULL;

      g_object_get (widget, "text", &text, NULL);
      return text;
    }

  /* A button's words are those of the label in it; a container's are not its own. */
  if (GTK_IS_BUTTON (widget) && (label = first_label (widget)) != NULL)
    return g_strdup (gtk_label_get_text (GTK_LABEL (label)));

  return NULL;
}

static gboolean
is_control (GtkWidget *widget)
{
  return gtk_widget_get_focusable (widget) || GTK_IS_BUTTON (widget) ||
         GTK_IS_MENU_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) ||
         GTK_IS_EDITABLE (widget) || GTK_IS_DROP_DOWN (widget) ||
         g_object_class_find_property (G_OBJECT_GET_CLASS (widget), "text") != NULL;
}

static void
dump_widget (GString   *text,
             GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  /* Pages that slide in and out are not where they will stay: say nothing of them yet. */
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return;

  if (is_control (widget))
    {
      GtkNative *native = gtk_widget_get_native (widget);
      GdkSurface *surface = native != NULL ? gtk_native_get_surface (native) : NULL;
      g_autofree char *label = dup_widget_text (widget);
      graphene_rect_t bounds;
      gboolean focus;
      gulong xid = 0;
      double sx = 0;
      double sy = 0;

#ifdef GDK_WINDOWING_X11
      if (surface != NULL && GDK_IS_X11_SURFACE (surface))
        xid = gdk_x11_surface_get_xid (surface);
#endif

      /* An entry's focus is on the text widget inside it, a menu button's on its button. */
      focus = gtk_widget_has_focus (widget) ||
              (GTK_IS_EDITABLE (widget) &&
               gtk_editable_get_delegate (GTK_EDITABLE (widget)) != NULL &&
               gtk_widget_has_focus (GTK_WIDGET (gtk_editable_get_delegate (
                                       GTK_EDITABLE (widget))))) ||
              (GTK_IS_MENU_BUTTON (widget) && gtk_widget_get_focus_child (widget) != NULL &&
               gtk_widget_has_focus (gtk_widget_get_focus_child (widget)));

      if (native != NULL && gtk_widget_compute_bounds (widget, GTK_WIDGET (native), &bounds))
        {
          gtk_native_get_surface_transform (native, &sx, &sy);
          g_string_append_printf (text, "widget %lu %d %d %d %d %s%s%s", xid,
                                  (int) (bounds.origin.x + sx), (int) (bounds.origin.y + sy),
                                  (int) bounds.size.width, (int) bounds.size.height,
                                  gtk_widget_is_sensitive (widget) ? "s" : "",
                                  focus ? "f" : "",
                                  !gtk_widget_is_sensitive (widget) && !focus ? "-" : "");
          append_word (text, G_OBJECT_TYPE_NAME (widget), FALSE);
          append_word (text, gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), FALSE);
          append_word (text, label, TRUE);
          g_string_append_c (text, '\n');
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    dump_widget (text, child);
}

static gboolean
dump_cb (gpointer user_data)
{
  Dump *dump = user_data;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  g_autoptr(GError) error = NULL;

  for (const GList *l = toplevels; l != NULL; l = l->next)
    if (SP_IS_WINDOW (l->data) && gtk_widget_get_mapped (l->data))
      {
        g_string_append_printf (text, "page %u\n", sp_window_get_current_page (l->data));
        break;
      }

  for (const GList *l = toplevels; l != NULL; l = l->next)
    dump_widget (text, l->data);

  if (g_strcmp0 (text->str, dump->last) == 0)
    return G_SOURCE_CONTINUE;

  /* Written whole and renamed into place, so the test never reads half a file. */
  if (!g_file_set_contents (dump->path, text->str, text->len, &error))
    g_warning ("Could not write the geometry to %s: %s", dump->path, error->message);

  g_free (dump->last);
  dump->last = g_string_free (g_steal_pointer (&text), FALSE);

  return G_SOURCE_CONTINUE;
}

void
sp_geometry_dump_start (const char *path)
{
  Dump *dump;

  g_return_if_fail (path != NULL);

  /* Lives as long as the process: the test ends the app, not the dump. */
  dump = g_new0 (Dump, 1);
  dump->path = g_strdup (path);
  g_timeout_add (DUMP_INTERVAL_MS, dump_cb, dump);
}
