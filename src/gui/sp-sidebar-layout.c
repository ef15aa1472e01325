/* sp-sidebar-layout.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-sidebar-layout"

#include "config.h"

#include "sp-sidebar-layout.h"

#define SIDEBAR_SHARE_DIVISOR 4
#define SIDEBAR_MIN_WIDTH     250
#define SIDEBAR_MAX_WIDTH     380
#define SPACING               12

struct _SpSidebarLayout
{
  GtkLayoutManager parent_instance;
};

G_DEFINE_FINAL_TYPE (SpSidebarLayout, sp_sidebar_layout, GTK_TYPE_LAYOUT_MANAGER)

/* The first two visible children: the sidebar and the main part. */
static void
get_children (GtkWidget  *widget,
              GtkWidget **sidebar,
              GtkWidget **main_part)
{
  *sidebar = NULL;
  *main_part = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_should_layout (child))
        continue;
      if (*sidebar == NULL)
        *sidebar = child;
      else if (*main_part == NULL)
        *main_part = child;
    }
}

static int
measure_width (GtkWidget *child,
               gboolean   natural)
{
  int minimum = 0;
  int nat = 0;

  if (child != NULL)
    gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &nat, NULL, NULL);

  return natural ? nat : minimum;
}

/* How wide the sidebar is when the whole is @width wide. */
static int
sidebar_width (GtkWidget *sidebar,
               GtkWidget *main_part,
               int        width)
{
  int own_min = measure_width (sidebar, FALSE);
  int floor = MAX (SIDEBAR_MIN_WIDTH, own_min);
  int share = CLAMP (width / SIDEBAR_SHARE_DIVISOR, floor, MAX (SIDEBAR_MAX_WIDTH, floor));
  int room = width - (main_part != NULL ? SPACING + measure_width (main_part, FALSE) : 0);

  /* The main part's minimum comes first, down to the sidebar's own. */
  return MAX (own_min, MIN (share, room));
}

static void
sp_sidebar_layout_measure (GtkLayoutManager *manager,
                           GtkWidget        *widget,
                           GtkOrientation    orientation,
                           int               for_size,
                           int              *minimum,
                           int              *natural,
                           int              *minimum_baseline,
                           int              *natural_baseline)
{
  GtkWidget *sidebar;
  GtkWidget *main_part;

  get_children (widget, &sidebar, &main_part);
  *minimum = 0;
  *natural = 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int side_min = MAX (SIDEBAR_MIN_WIDTH, measure_width (sidebar, FALSE));

      if (sidebar != NULL)
        {
          *minimum = side_min;
          *natural = side_min;
        }
      if (main_part != NULL)
        {
          *minimum += (sidebar != NULL ? SPACING : 0) + measure_width (main_part, FALSE);
          *natural += (sidebar != NULL ? SPACING : 0) + measure_width (main_part, TRUE);
        }
    }
  else
    {
      int side = sidebar != NULL && for_size >= 0
                   ? sidebar_width (sidebar, main_part, for_size) : -1;
      int rest = main_part != NULL && for_size >= 0
                   ? MAX (0, for_size - (sidebar != NULL ? side + SPACING : 0)) : -1;
      GtkWidget *children[] = { sidebar, main_part };
      int sizes[] = { side, rest };

      for (guint i = 0; i < G_N_ELEMENTS (children); i++)
        {
          int child_min = 0;
          int child_nat = 0;

          if (children[i] == NULL)
            continue;
          gtk_widget_measure (children[i], orientation, sizes[i], &child_min, &child_nat,
                              NULL, NULL);
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
    }

  *minimum_baseline = -1;
  *natural_baseline = -1;
}

static void
sp_sidebar_layout_allocate (GtkLayoutManager *manager,
                            GtkWidget        *widget,
                            int               width,
                            int               height,
                            int               baseline)
{
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  GtkWidget *sidebar;
  GtkWidget *main_part;
  int side = 0;

  get_children (widget, &sidebar, &main_part);

  if (sidebar != NULL)
    {
      side = main_part != NULL ? sidebar_width (sidebar, main_part, width) : width;
      gtk_widget_size_allocate (sidebar,
                                &(GtkAllocation) { rtl ? width - side : 0, 0, side, height },
                                -1);
    }
  if (main_part != NULL)
    {
      int start = sidebar != NULL ? side + SPACING : 0;
      int rest = MAX (0, width - start);

      gtk_widget_size_allocate (main_part,
                                &(GtkAllocation) { rtl ? 0 : start, 0, rest, height }, -1);
    }
}

static void
sp_sidebar_layout_class_init (SpSidebarLayoutClass *klass)
{
  GtkLayoutManagerClass *manager_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  manager_class->measure = sp_sidebar_layout_measure;
  manager_class->allocate = sp_sidebar_layout_allocate;
}

static void
sp_sidebar_layout_init (SpSidebarLayout *self)
{
}
