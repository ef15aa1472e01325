/* sp-clamp.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-clamp"

#include "config.h"

#include "sp-clamp.h"

struct _SpClamp
{
  GtkWidget  parent_instance;

  /* owned widgets */
  GtkWidget *child;

  /* state */
  int        maximum_size;
};

static void sp_clamp_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SpClamp, sp_clamp, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, sp_clamp_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

static void
sp_clamp_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  SpClamp *self = SP_CLAMP (widget);
  int child_min = 0;
  int child_nat = 0;

  if (self->child == NULL || !gtk_widget_should_layout (self->child))
    {
      *minimum = *natural = 0;
      return;
    }

  if (orientation == GTK_ORIENTATION_VERTICAL && for_size >= 0)
    for_size = MIN (for_size, MAX (self->maximum_size, 0));

  gtk_widget_measure (self->child, orientation, for_size, &child_min, &child_nat, NULL, NULL);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = child_min;
      *natural = MAX (child_min, MIN (child_nat, self->maximum_size));
    }
  else
    {
      *minimum = child_min;
      *natural = child_nat;
    }
}

static void
sp_clamp_size_allocate (GtkWidget *widget,
                        int        width,
                        int        height,
                        int        baseline)
{
  SpClamp *self = SP_CLAMP (widget);
  graphene_point_t offset;
  int child_min = 0;
  int child_width;

  if (self->child == NULL || !gtk_widget_should_layout (self->child))
    return;

  gtk_widget_measure (self->child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, NULL, NULL, NULL);
  child_width = MAX (child_min, MIN (width, self->maximum_size));

  offset = GRAPHENE_POINT_INIT ((width - child_width) / 2, 0);
  gtk_widget_allocate (self->child, child_width, height, baseline,
                       gsk_transform_translate (NULL, &offset));
}

static GtkSizeRequestMode
sp_clamp_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sp_clamp_buildable_add_child (GtkBuildable *buildable,
                              GtkBuilder   *builder,
                              GObject      *child,
                              const char   *type)
{
  if (GTK_IS_WIDGET (child))
    sp_clamp_set_child (SP_CLAMP (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
sp_clamp_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = sp_clamp_buildable_add_child;
}

static void
sp_clamp_dispose (GObject *object)
{
  SpClamp *self = SP_CLAMP (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (sp_clamp_parent_class)->dispose (object);
}

static void
sp_clamp_class_init (SpClampClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_clamp_dispose;

  widget_class->measure = sp_clamp_measure;
  widget_class->size_allocate = sp_clamp_size_allocate;
  widget_class->get_request_mode = sp_clamp_get_request_mode;

  gtk_widget_class_set_css_name (widget_class, "clamp");
}

static void
sp_clamp_init (SpClamp *self)
{
  self->maximum_size = SP_CLAMP_DEFAULT_MAXIMUM_SIZE;
}

GtkWidget *
sp_clamp_new (void)
{
  return g_object_new (SP_TYPE_CLAMP, NULL);
}

void
sp_clamp_set_child (SpClamp   *self,
                    GtkWidget *child)
{
  g_return_if_fail (SP_IS_CLAMP (self));
  g_return_if_fail (!child || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;

  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }
}

void
sp_clamp_set_maximum_size (SpClamp *self,
                           int      maximum_size)
{
  g_return_if_fail (SP_IS_CLAMP (self));

  if (self->maximum_size == maximum_size)
    return;

  self->maximum_size = maximum_size;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}
