/* sp-port-chooser.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-port-chooser"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-page.h"
#include "sp-port-chooser.h"
#include "sp-probe-request.h"

struct _SpPortChooser
{
  GtkWidget        parent_instance;

  /* template widgets */
  GtkToggleButton *port_2525_button;
  GtkToggleButton *port_25_button;
  GtkToggleButton *port_465_button;
  GtkToggleButton *port_587_button;
  GtkSpinButton   *port_spin;

  /* weak references, set by the page */
  GtkWidget       *label_widget;
  GtkLabel        *hint_label;

  /* state */
  gboolean         syncing;
};

enum
{
  PROP_0,
  PROP_PORT,
  PROP_LABEL_WIDGET,
  PROP_HINT_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpPortChooser, sp_port_chooser, GTK_TYPE_WIDGET)

typedef struct
{
  guint       port;
  const char *hint;
} PortPreset;

static const PortPreset port_presets[] = {
  { 25, N_("Port 25 is where mail servers take mail from other servers. Use it to test "
           "whether a server would receive mail for its domain.") },
  { 587, N_("Port 587 (submission) is where mail programs hand mail to their provider, "
            "usually after signing in.") },
  { 465, N_("Port 465 expects encryption from the first byte (implicit TLS); a test without "
            "TLS there stops at the greeting.") },
  { 2525, N_("Port 2525 is an alternative some providers and relays offer where port 25 or "
             "587 is blocked.") },
};

static GtkToggleButton *
preset_button (SpPortChooser *self,
               guint          port)
{
  switch (port)
    {
    case 25:   return self->port_25_button;
    case 465:  return self->port_465_button;
    case 587:  return self->port_587_button;
    case 2525: return self->port_2525_button;
    default:   return NULL;
    }
}

static void
sp_port_chooser_sync (SpPortChooser *self)
{
  guint port = sp_port_chooser_get_port (self);
  const char *hint = "";

  self->syncing = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (port_presets); i++)
    {
      gboolean active = port_presets[i].port == port;

      gtk_toggle_button_set_active (preset_button (self, port_presets[i].port), active);
      if (active)
        hint = _(port_presets[i].hint);
    }
  self->syncing = FALSE;

  if (self->hint_label != NULL)
    {
      gtk_label_set_text (self->hint_label, hint);
      gtk_widget_set_visible (GTK_WIDGET (self->hint_label), *hint != '\0');
    }
}

static void
on_port_preset_clicked (SpPortChooser   *self,
                        GtkToggleButton *button)
{
  if (self->syncing)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (port_presets); i++)
    if (preset_button (self, port_presets[i].port) == button)
      sp_port_chooser_set_port (self, port_presets[i].port);

  /* Clicking the active preset again must not leave none shown as chosen. */
  sp_port_chooser_sync (self);
}

static void
adjustment_value_changed_cb (SpPortChooser *self,
                             GtkAdjustment *adjustment)
{
  sp_port_chooser_sync (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

static void
label_weak_notify (gpointer  data,
                   GObject  *where_the_object_was)
{
  SpPortChooser *self = data;

  if ((GObject *) self->label_widget == where_the_object_was)
    self->label_widget = NULL;
  if ((GObject *) self->hint_label == where_the_object_was)
    self->hint_label = NULL;
}

static void
set_weak (SpPortChooser  *self,
          GtkWidget     **slot,
          GtkWidget      *widget)
{
  if (*slot == widget)
    return;

  if (*slot != NULL)
    g_object_weak_unref (G_OBJECT (*slot), label_weak_notify, self);
  *slot = widget;
  if (widget != NULL)
    g_object_weak_ref (G_OBJECT (widget), label_weak_notify, self);
}

static void
sp_port_chooser_dispose (GObject *object)
{
  SpPortChooser *self = SP_PORT_CHOOSER (object);
  GtkWidget *child;

  set_weak (self, &self->label_widget, NULL);
  set_weak (self, (GtkWidget **) &self->hint_label, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_PORT_CHOOSER);
  /* The presets' box has no field of its own, so the template leaves it parented. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sp_port_chooser_parent_class)->dispose (object);
}

static void
sp_port_chooser_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SpPortChooser *self = SP_PORT_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_PORT:
      g_value_set_uint (value, sp_port_chooser_get_port (self));
      break;

    case PROP_LABEL_WIDGET:
      g_value_set_object (value, self->label_widget);
      break;

    case PROP_HINT_LABEL:
      g_value_set_object (value, self->hint_label);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_port_chooser_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SpPortChooser *self = SP_PORT_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_PORT:
      sp_port_chooser_set_port (self, g_value_get_uint (value));
      break;

    case PROP_LABEL_WIDGET:
      sp_port_chooser_set_label_widget (self, g_value_get_object (value));
      break;

    case PROP_HINT_LABEL:
      sp_port_chooser_set_hint_label (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_port_chooser_class_init (SpPortChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  guint min = 1;
  guint max = G_MAXUINT16;
  guint default_port = SP_PROBE_DEFAULT_PORT;

  object_class->dispose = sp_port_chooser_dispose;
  object_class->get_property = sp_port_chooser_get_property;
  object_class->set_property = sp_port_chooser_set_property;

  /* The range is the request's, from its table of limits. */
  sp_probe_request_get_limits (SP_FIELD_PORT, &min, &max, &default_port);

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, min, max, default_port,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL_WIDGET] =
    g_param_spec_object ("label-widget", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HINT_LABEL] =
    g_param_spec_object ("hint-label", NULL, NULL, GTK_TYPE_LABEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "portchooser");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               SP_RESOURCE_PREFIX "/sp-port-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, SpPortChooser, port_2525_button);
  gtk_widget_class_bind_template_child (widget_class, SpPortChooser, port_25_button);
  gtk_widget_class_bind_template_child (widget_class, SpPortChooser, port_465_button);
  gtk_widget_class_bind_template_child (widget_class, SpPortChooser, port_587_button);
  gtk_widget_class_bind_template_child (widget_class, SpPortChooser, port_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_port_preset_clicked);
}

static void
sp_port_chooser_init (SpPortChooser *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  guint min = 1;
  guint max = G_MAXUINT16;
  guint default_port = SP_PROBE_DEFAULT_PORT;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);

  sp_probe_request_get_limits (SP_FIELD_PORT, &min, &max, &default_port);
  gtk_spin_button_set_range (self->port_spin, min, max);
  gtk_spin_button_set_value (self->port_spin, default_port);
  g_signal_connect_object (gtk_spin_button_get_adjustment (self->port_spin), "value-changed",
                           G_CALLBACK (adjustment_value_changed_cb), self, G_CONNECT_SWAPPED);
  sp_port_chooser_sync (self);
}

GtkWidget *
sp_port_chooser_new (void)
{
  return g_object_new (SP_TYPE_PORT_CHOOSER, NULL);
}

guint
sp_port_chooser_get_port (SpPortChooser *self)
{
  g_return_val_if_fail (SP_IS_PORT_CHOOSER (self), SP_PROBE_DEFAULT_PORT);

  return (guint) gtk_spin_button_get_value_as_int (self->port_spin);
}

void
sp_port_chooser_set_port (SpPortChooser *self,
                          guint          port)
{
  g_return_if_fail (SP_IS_PORT_CHOOSER (self));

  /* The adjustment's value-changed says it, once, if the value changed. */
  gtk_spin_button_set_value (self->port_spin, port);
}

GtkSpinButton *
sp_port_chooser_get_spin_button (SpPortChooser *self)
{
  g_return_val_if_fail (SP_IS_PORT_CHOOSER (self), NULL);

  return self->port_spin;
}

void
sp_port_chooser_set_label_widget (SpPortChooser *self,
                                  GtkWidget     *label)
{
  g_return_if_fail (SP_IS_PORT_CHOOSER (self));
  g_return_if_fail (label == NULL || GTK_IS_WIDGET (label));

  if (self->label_widget == label)
    return;

  set_weak (self, &self->label_widget, label);
  if (label != NULL)
    {
      if (GTK_IS_LABEL (label))
        gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->port_spin));
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self->port_spin),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                      -1);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL_WIDGET]);
}

void
sp_port_chooser_set_hint_label (SpPortChooser *self,
                                GtkLabel      *hint)
{
  g_return_if_fail (SP_IS_PORT_CHOOSER (self));
  g_return_if_fail (hint == NULL || GTK_IS_LABEL (hint));

  if (self->hint_label == hint)
    return;

  set_weak (self, (GtkWidget **) &self->hint_label, GTK_WIDGET (hint));
  if (hint != NULL)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (self->port_spin),
                                    GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, hint, NULL,
                                    -1);
  sp_port_chooser_sync (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HINT_LABEL]);
}
