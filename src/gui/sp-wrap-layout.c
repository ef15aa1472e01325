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

typedef struct
{
  GtkWidget *child;
  int        width;
  int        height;
} Item;

/* Places the children in rows @width wide, each measured once; allocates them
 * when @allocate, and returns the height the rows take. */
static int
flow (GtkWidget *widget,
      int        width,
      gboolean   natural,
      gboolean   allocate)
{
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (Item));
  int y = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Item item = { child, 0, 0 };

      if (!gtk_widget_should_layout (child))
        continue;
      item.width = child_width (child, width);
      item.height = child_height (child, item.width, natural);
      g_array_append_val (items, item);
    }

  for (guint start = 0; start < items->len; )
    {
      const Item *first = &g_array_index (items, Item, start);
      int row_width = first->width;
      int row_height = first->height;
      guint end = start + 1;

      /* The row takes the next child while it fits; the first always goes in. */
      for (; end < items->len; end++)
        {
          const Item *item = &g_array_index (items, Item, end);

          if (row_width + SPACING + item->width > width)
            break;
          row_width += SPACING + item->width;
          row_height = MAX (row_height, item->height);
        }

      for (guint i = start, x = 0; allocate && i < end; i++)
        {
          const Item *item = &g_array_index (items, Item, i);
          int left = rtl ? width - (int) x - item->width : (int) x;

          gtk_widget_size_allocate (item->child,
                                    &(GtkAllocation) { left, y, item->width, row_height }, -1);
          x += item->width + SPACING;
        }

      y += row_height + ROW_SPACING;
      start = end;
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
