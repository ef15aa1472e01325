/* sp-field-message.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-field-message"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-field-message.h"

struct _SpFieldMessage
{
  GtkWidget   parent_instance;

  /* owned widgets */
  GtkWidget  *icon;
  GtkWidget  *label;

  /* borrowed references */
  GtkWidget  *field;

  /* state */
  char       *message;
};

enum
{
  PROP_0,
  PROP_FIELD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpFieldMessage, sp_field_message, GTK_TYPE_WIDGET)

static void
sp_field_message_sync (SpFieldMessage *self)
{
  gboolean invalid = self->message != NULL && *self->message != '\0';

  gtk_label_set_text (GTK_LABEL (self->label), invalid ? self->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self), invalid);

  if (self->field == NULL)
    return;

  if (invalid)
    gtk_widget_add_css_class (self->field, "error");
  else
    gtk_widget_remove_css_class (self->field, "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (self->field),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               invalid ? GTK_ACCESSIBLE_INVALID_TRUE
                                       : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
field_weak_notify (gpointer  data,
                   GObject  *where_the_object_was)
{
  SpFieldMessage *self = data;

  self->field = NULL;
}

static void
sp_field_message_dispose (GObject *object)
{
  SpFieldMessage *self = SP_FIELD_MESSAGE (object);

  if (self->field != NULL)
    {
      g_object_weak_unref (G_OBJECT (self->field), field_weak_notify, self);
      self->field = NULL;
    }

  g_clear_pointer (&self->icon, gtk_widget_unparent);
  g_clear_pointer (&self->label, gtk_widget_unparent);

  G_OBJECT_CLASS (sp_field_message_parent_class)->dispose (object);
}

static void
sp_field_message_finalize (GObject *object)
{
  SpFieldMessage *self = SP_FIELD_MESSAGE (object);

  g_free (self->message);

  G_OBJECT_CLASS (sp_field_message_parent_class)->finalize (object);
}

static void
sp_field_message_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SpFieldMessage *self = SP_FIELD_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      g_value_set_object (value, self->field);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_field_message_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SpFieldMessage *self = SP_FIELD_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_FIELD:
      sp_field_message_set_field (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_field_message_class_init (SpFieldMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_field_message_dispose;
  object_class->finalize = sp_field_message_finalize;
  object_class->get_property = sp_field_message_get_property;
  object_class->set_property = sp_field_message_set_property;

  properties[PROP_FIELD] =
    g_param_spec_object ("field", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "fieldmessage");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
sp_field_message_init (SpFieldMessage *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self), "error");

  /* The icon says "problem" to those who do not see the colour. */
  self->icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
  gtk_widget_set_valign (self->icon, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon),
                                  /* Translators: what a screen reader says before the message
                                   * under a field that is not filled in right. */
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problem:"),
                                  -1);
  gtk_widget_set_parent (self->icon, GTK_WIDGET (self));

  self->label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0.0f);
  gtk_label_set_selectable (GTK_LABEL (self->label), FALSE);
  gtk_widget_set_hexpand (self->label, TRUE);
  gtk_widget_set_parent (self->label, GTK_WIDGET (self));

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
sp_field_message_new (void)
{
  return g_object_new (SP_TYPE_FIELD_MESSAGE, NULL);
}

GtkWidget *
sp_field_message_get_field (SpFieldMessage *self)
{
  g_return_val_if_fail (SP_IS_FIELD_MESSAGE (self), NULL);

  return self->field;
}

void
sp_field_message_set_field (SpFieldMessage *self,
                            GtkWidget      *field)
{
  g_return_if_fail (SP_IS_FIELD_MESSAGE (self));
  g_return_if_fail (!field || GTK_IS_WIDGET (field));

  if (self->field == field)
    return;

  /* Weak: the field and its message are siblings in one page. */
  if (self->field != NULL)
    g_object_weak_unref (G_OBJECT (self->field), field_weak_notify, self);
  self->field = field;
  if (field != NULL)
    {
      g_object_weak_ref (G_OBJECT (field), field_weak_notify, self);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (field),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->label, NULL,
                                      -1);
    }

  sp_field_message_sync (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELD]);
}

const char *
sp_field_message_get_message (SpFieldMessage *self)
{
  g_return_val_if_fail (SP_IS_FIELD_MESSAGE (self), NULL);

  return self->message;
}

void
sp_field_message_set_message (SpFieldMessage *self,
                              const char     *message)
{
  g_return_if_fail (SP_IS_FIELD_MESSAGE (self));

  if (message != NULL && *message == '\0')
    message = NULL;

  if (g_strcmp0 (self->message, message) == 0)
    return;

  g_free (self->message);
  self->message = g_strdup (message);

  sp_field_message_sync (self);
}
