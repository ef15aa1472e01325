/* sp-wrap-layout.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-wrap-layout"

#include "config.h"

#include "sp-wrap-layout.h"

#define SPACING     12
#define ROW_SPACING 6

struct _SpWrapLayout
{
  GtkLayoutManager parent_instance;
};

G_DEFINE_FINAL_TYPE (SpWrapLayout, sp_wrap_layout, GTK_TYPE_LAYOUT_MANAGER)

/* A child's width in a row @width wide: its natural width, or all there is. */
static int
child_width (GtkWidget *child,
             int        width)
{
  int minimum = 0;
  int natural = 0;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);

  return MAX (minimum, MIN (natural, width));
}

static int
child_height (GtkWidget *child,
              int        width,
              gboolean   natural)
{
  int minimum = 0;
  int nat = 0;

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &minimum, &nat, NULL, NULL);

  return natural ? nat : minimum;
}

/* Places the children in rows @width wide; allocates them when @allocate, and
 * returns the height the rows take. */
static int
flow (GtkWidget *widget,
      int        width,
      gboolean   natural,
      gboolean   allocate)
{
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  GtkWidget *row_start = NULL;
  int x = 0;
  int y = 0;
  int row_height = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); ; )
    {
      gboolean row_ends;

      while (child != NULL && !gtk_widget_should_layout (child))
        child = gtk_widget_get_next_sibling (child);

      /* The row ends before a child that does not fit, or after the last one. */
      row_ends = child == NULL ||
                 (row_start != NULL && x + SPACING + child_width (child, width) > width);

      if (row_ends && row_start != NULL)
        {
          int cx = 0;

          if (allocate)
            for (GtkWidget *c = row_start; c != child; c = gtk_widget_get_next_sibling (c))
              {
                int w;

                if (!gtk_widget_should_layout (c))
                  continue;
                w = child_width (c, width);
                gtk_widget_size_allocate (c, &(GtkAllocation) { rtl ? width - cx - w : cx, y,
                                                                 w, row_height },
                                          -1);
                cx += w + SPACING;
              }
          y += row_height + ROW_SPACING;
          row_start = NULL;
          x = 0;
          row_height = 0;
        }

      if (child == NULL)
        break;

      if (row_start == NULL)
        row_start = child;
      else
        x += SPACING;
      x += child_width (child, width);
      row_height = MAX (row_height, child_height (child, child_width (child, width), natural));
      child = gtk_widget_get_next_sibling (child);
    }

  return MAX (0, y - ROW_SPACING);
}

static GtkSizeRequestMode
sp_wrap_layout_get_request_mode (GtkLayoutManager *layout,
                                 GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sp_wrap_layout_measure (GtkLayoutManager *layout,
                        GtkWidget        *widget,
                        GtkOrientation    orientation,
                        int               for_size,
                        int              *minimum,
                        int              *natural,
                        int              *minimum_baseline,
                        int              *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int min = 0;
      int nat = 0;
      guint n = 0;

      /* At least the widest child; naturally, all of them in one row. */
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_min = 0;
          int child_nat = 0;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat,
                              NULL, NULL);
          min = MAX (min, child_min);
          nat += child_nat + (n++ > 0 ? SPACING : 0);
        }
      *minimum = min;
      *natural = nat;
    }
  else
    {
      int width = for_size;
      int unused = 0;

      /* No width given: as narrow as it can be, every child on a row of its own. */
      if (width < 0)
        sp_wrap_layout_measure (layout, widget, GTK_ORIENTATION_HORIZONTAL, -1, &width, &unused,
                                NULL, NULL);
      *minimum = flow (widget, width, FALSE, FALSE);
      *natural = flow (widget, width, TRUE, FALSE);
    }
}

static void
sp_wrap_layout_allocate (GtkLayoutManager *layout,
                         GtkWidget        *widget,
                         int               width,
                         int               height,
                         int               baseline)
{
  flow (widget, width, TRUE, TRUE);
}

static void
sp_wrap_layout_class_init (SpWrapLayoutClass *klass)
{
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  layout_class->get_request_mode = sp_wrap_layout_get_request_mode;
  layout_class->measure = sp_wrap_layout_measure;
  layout_class->allocate = sp_wrap_layout_allocate;
}

static void
sp_wrap_layout_init (SpWrapLayout *self)
{
}
