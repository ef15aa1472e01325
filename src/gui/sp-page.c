/* sp-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-page"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-page.h"

/* Messages wait until typing pauses, so a half-typed address is not called wrong. */
#define MESSAGE_DELAY_MS 600

typedef struct
{
  /* owned references */
  SpFormModel  *model;
  GBindingGroup *model_bindings;
  GBindingGroup *request_bindings;
  GCancellable *cancellable;
  GCancellable *work;         /* the page's work under way, from cancellable */
  GHashTable   *children;     /* GCancellable -> handler id on cancellable */

  /* state */
  char         *title;
  gboolean      complete;
  gboolean      busy;
  gboolean      revealed;
  guint         messages_id;
} SpPagePrivate;

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_COMPLETE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SpPage, sp_page, GTK_TYPE_WIDGET)

static void
propagate_cancel_cb (GCancellable *parent,
                     GCancellable *child)
{
  g_cancellable_cancel (child);
}

static void
model_notify_cb (SpPage     *self,
                 GParamSpec *pspec,
                 GObject    *object)
{
  SP_PAGE_GET_CLASS (self)->model_notify (self, pspec);
}

static void
sp_page_release_all (SpPage *self)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, priv->children);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (priv->cancellable != NULL)
        g_cancellable_disconnect (priv->cancellable, GPOINTER_TO_SIZE (value));
      g_hash_table_iter_remove (&iter);
    }
}

static void
sp_page_real_reveal_problems (SpPage *self)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);
  SpPageClass *klass = SP_PAGE_GET_CLASS (self);
  GtkWidget *problem = NULL;

  priv->revealed = TRUE;
  g_clear_handle_id (&priv->messages_id, g_source_remove);
  if (klass->update_messages != NULL)
    klass->update_messages (self, TRUE);

  if (klass->first_problem != NULL && (problem = klass->first_problem (self)) != NULL)
    gtk_widget_grab_focus (problem);
}

static void
sp_page_real_cancel (SpPage *self)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  /* The work's callback reports the cancellation and ends it. */
  if (priv->work != NULL)
    g_cancellable_cancel (priv->work);
}

static void
sp_page_real_apply_async (SpPage              *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_page_real_apply_async);
  g_task_return_boolean (task, TRUE);
}

static gboolean
sp_page_real_apply_finish (SpPage        *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sp_page_dispose (GObject *object)
{
  SpPage *self = SP_PAGE (object);
  SpPagePrivate *priv = sp_page_get_instance_private (self);
  GtkWidget *child;

  sp_page_cancel (self);
  sp_page_drop_work (self);
  sp_page_release_all (self);
  sp_page_set_model (self, NULL);
  g_clear_handle_id (&priv->messages_id, g_source_remove);

  /* After the page's own dispose, which may still use its widgets. */
  gtk_widget_dispose_template (GTK_WIDGET (self), G_OBJECT_TYPE (self));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&priv->cancellable);
  g_clear_object (&priv->model_bindings);
  g_clear_object (&priv->request_bindings);

  G_OBJECT_CLASS (sp_page_parent_class)->dispose (object);
}

static void
sp_page_finalize (GObject *object)
{
  SpPage *self = SP_PAGE (object);
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_clear_pointer (&priv->children, g_hash_table_unref);
  g_free (priv->title);

  G_OBJECT_CLASS (sp_page_parent_class)->finalize (object);
}

static void
sp_page_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  SpPage *self = SP_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, sp_page_get_title (self));
      break;

    case PROP_COMPLETE:
      g_value_set_boolean (value, sp_page_get_complete (self));
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, sp_page_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_page_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  SpPage *self = SP_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      sp_page_set_title (self, g_value_get_string (value));
      break;

    case PROP_COMPLETE:
      sp_page_set_complete (self, g_value_get_boolean (value));
      break;

    case PROP_BUSY:
      sp_page_set_busy (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_page_class_init (SpPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_page_dispose;
  object_class->finalize = sp_page_finalize;
  object_class->get_property = sp_page_get_property;
  object_class->set_property = sp_page_set_property;

  klass->cancel = sp_page_real_cancel;
  klass->reveal_problems = sp_page_real_reveal_problems;
  klass->apply_async = sp_page_real_apply_async;
  klass->apply_finish = sp_page_real_apply_finish;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sp_page_init (SpPage *self)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  priv->children = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  priv->model_bindings = g_binding_group_new ();
  priv->request_bindings = g_binding_group_new ();
}

const char *
sp_page_get_title (SpPage *self)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_val_if_fail (SP_IS_PAGE (self), NULL);

  return priv->title;
}

void
sp_page_set_title (SpPage     *self,
                   const char *title)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_if_fail (SP_IS_PAGE (self));

  if (g_strcmp0 (priv->title, title) == 0)
    return;

  g_free (priv->title);
  priv->title = g_strdup (title);

  /* A page is announced by its title, as a group. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
sp_page_get_complete (SpPage *self)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_val_if_fail (SP_IS_PAGE (self), FALSE);

  return priv->complete;
}

void
sp_page_set_complete (SpPage   *self,
                      gboolean  complete)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_if_fail (SP_IS_PAGE (self));

  complete = !!complete;
  if (priv->complete == complete)
    return;

  priv->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

gboolean
sp_page_get_busy (SpPage *self)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_val_if_fail (SP_IS_PAGE (self), FALSE);

  return priv->busy;
}

void
sp_page_set_busy (SpPage   *self,
                  gboolean  busy)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_if_fail (SP_IS_PAGE (self));

  busy = !!busy;
  if (priv->busy == busy)
    return;

  priv->busy = busy;
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_BUSY, busy, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

SpFormModel *
sp_page_get_model (SpPage *self)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_val_if_fail (SP_IS_PAGE (self), NULL);

  return priv->model;
}

void
sp_page_set_model (SpPage      *self,
                   SpFormModel *model)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_if_fail (SP_IS_PAGE (self));
  g_return_if_fail (!model || SP_IS_FORM_MODEL (model));

  if (priv->model == model)
    return;

  if (priv->model != NULL)
    {
      g_signal_handlers_disconnect_by_data (priv->model, self);
      g_signal_handlers_disconnect_by_data (sp_form_model_get_request (priv->model), self);
    }
  g_binding_group_set_source (priv->model_bindings, NULL);
  g_binding_group_set_source (priv->request_bindings, NULL);

  g_set_object (&priv->model, model);

  if (model != NULL)
    {
      g_binding_group_set_source (priv->model_bindings, model);
      g_binding_group_set_source (priv->request_bindings, sp_form_model_get_request (model));

      /* After the bindings, so that the page sees the values they set. */
      if (SP_PAGE_GET_CLASS (self)->model_notify != NULL)
        {
          g_signal_connect_object (model, "notify", G_CALLBACK (model_notify_cb),
                                   self, G_CONNECT_SWAPPED);
          g_signal_connect_object (sp_form_model_get_request (model), "notify",
                                   G_CALLBACK (model_notify_cb), self, G_CONNECT_SWAPPED);
        }

      if (SP_PAGE_GET_CLASS (self)->bind_model != NULL)
        SP_PAGE_GET_CLASS (self)->bind_model (self, model);
    }
}

GBindingGroup *
sp_page_get_model_bindings (SpPage *self)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_val_if_fail (SP_IS_PAGE (self), NULL);

  return priv->model_bindings;
}

GBindingGroup *
sp_page_get_request_bindings (SpPage *self)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_val_if_fail (SP_IS_PAGE (self), NULL);

  return priv->request_bindings;
}

void
sp_page_bind_request (SpPage     *self,
                      const char *property,
                      gpointer    target,
                      const char *target_property)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_if_fail (SP_IS_PAGE (self));

  g_binding_group_bind (priv->request_bindings, property, target, target_property,
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}

GCancellable *
sp_page_get_cancellable (SpPage *self)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_val_if_fail (SP_IS_PAGE (self), NULL);

  return priv->cancellable;
}

void
sp_page_set_cancellable (SpPage       *self,
                         GCancellable *cancellable)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_if_fail (SP_IS_PAGE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (priv->cancellable == cancellable)
    return;

  sp_page_release_all (self);
  g_set_object (&priv->cancellable, cancellable);
}

void
sp_page_enter (SpPage   *self,
               gboolean  forward)
{
  g_return_if_fail (SP_IS_PAGE (self));

  if (SP_PAGE_GET_CLASS (self)->enter != NULL)
    SP_PAGE_GET_CLASS (self)->enter (self, forward);
}

void
sp_page_reveal_problems (SpPage *self)
{
  g_return_if_fail (SP_IS_PAGE (self));

  if (SP_PAGE_GET_CLASS (self)->reveal_problems != NULL)
    SP_PAGE_GET_CLASS (self)->reveal_problems (self);
}

void
sp_page_cancel (SpPage *self)
{
  g_return_if_fail (SP_IS_PAGE (self));

  if (SP_PAGE_GET_CLASS (self)->cancel != NULL)
    SP_PAGE_GET_CLASS (self)->cancel (self);
}

void
sp_page_reset (SpPage *self)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_if_fail (SP_IS_PAGE (self));

  priv->revealed = FALSE;
  g_clear_handle_id (&priv->messages_id, g_source_remove);
  if (SP_PAGE_GET_CLASS (self)->update_messages != NULL)
    SP_PAGE_GET_CLASS (self)->update_messages (self, FALSE);

  if (SP_PAGE_GET_CLASS (self)->reset != NULL)
    SP_PAGE_GET_CLASS (self)->reset (self);
}

void
sp_page_apply_async (SpPage              *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_return_if_fail (SP_IS_PAGE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  SP_PAGE_GET_CLASS (self)->apply_async (self, cancellable, callback, user_data);
}

gboolean
sp_page_apply_finish (SpPage        *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (SP_IS_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return SP_PAGE_GET_CLASS (self)->apply_finish (self, result, error);
}

GCancellable *
sp_page_new_cancellable (SpPage *self)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);
  GCancellable *cancellable;
  gulong handler = 0;

  g_return_val_if_fail (SP_IS_PAGE (self), NULL);

  cancellable = g_cancellable_new ();

  /* g_cancellable_connect() runs the callback at once when the window's cancellable
   * is already cancelled, so work started while the window closes stops too. */
  if (priv->cancellable != NULL)
    handler = g_cancellable_connect (priv->cancellable, G_CALLBACK (propagate_cancel_cb),
                                     g_object_ref (cancellable), g_object_unref);

  g_hash_table_insert (priv->children, g_object_ref (cancellable), GSIZE_TO_POINTER (handler));

  return cancellable;
}

void
sp_page_release_cancellable (SpPage       *self,
                             GCancellable *cancellable)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);
  gpointer handler;

  g_return_if_fail (SP_IS_PAGE (self));

  if (cancellable == NULL ||
      !g_hash_table_lookup_extended (priv->children, cancellable, NULL, &handler))
    return;

  if (priv->cancellable != NULL)
    g_cancellable_disconnect (priv->cancellable, GPOINTER_TO_SIZE (handler));
  g_hash_table_remove (priv->children, cancellable);
}

void
sp_page_drop_cancellable (SpPage        *self,
                          GCancellable **cancellable)
{
  g_autoptr(GCancellable) old = NULL;

  g_return_if_fail (SP_IS_PAGE (self));
  g_return_if_fail (cancellable != NULL);

  /* Taken first: a callback that completes at once sees its work dropped. */
  old = g_steal_pointer (cancellable);
  if (old == NULL)
    return;

  g_cancellable_cancel (old);
  sp_page_release_cancellable (self, old);
}

GCancellable *
sp_page_begin_work (SpPage *self)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_val_if_fail (SP_IS_PAGE (self), NULL);

  sp_page_drop_work (self);
  priv->work = sp_page_new_cancellable (self);

  return priv->work;
}

gboolean
sp_page_end_work (SpPage       *self,
                  GCancellable *cancellable)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_val_if_fail (SP_IS_PAGE (self), FALSE);

  /* A newer piece of work replaced this one, or the page went away. */
  if (cancellable == NULL || cancellable != priv->work)
    return FALSE;

  sp_page_release_cancellable (self, priv->work);
  g_clear_object (&priv->work);

  return TRUE;
}

void
sp_page_drop_work (SpPage *self)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_if_fail (SP_IS_PAGE (self));

  sp_page_drop_cancellable (self, &priv->work);
}

gboolean
sp_page_is_working (SpPage *self)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_val_if_fail (SP_IS_PAGE (self), FALSE);

  return priv->work != NULL;
}

gboolean
sp_page_get_revealed (SpPage *self)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_val_if_fail (SP_IS_PAGE (self), FALSE);

  return priv->revealed;
}

void
sp_page_set_revealed (SpPage   *self,
                      gboolean  revealed)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_if_fail (SP_IS_PAGE (self));

  priv->revealed = !!revealed;
}

static gboolean
messages_timeout_cb (gpointer user_data)
{
  SpPage *self = user_data;
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  priv->messages_id = 0;
  SP_PAGE_GET_CLASS (self)->update_messages (self, TRUE);

  return G_SOURCE_REMOVE;
}

void
sp_page_queue_messages (SpPage *self)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);

  g_return_if_fail (SP_IS_PAGE (self));
  g_return_if_fail (SP_PAGE_GET_CLASS (self)->update_messages != NULL);

  SP_PAGE_GET_CLASS (self)->update_messages (self, FALSE);
  g_clear_handle_id (&priv->messages_id, g_source_remove);
  priv->messages_id = g_timeout_add (MESSAGE_DELAY_MS, messages_timeout_cb, self);
}

static gboolean
field_is_empty (GtkWidget *widget)
{
  if (GTK_IS_EDITABLE (widget))
    return *gtk_editable_get_text (GTK_EDITABLE (widget)) == '\0';
  if (GTK_IS_TEXT_VIEW (widget))
    return gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget))) == 0;

  return FALSE;
}

gboolean
sp_page_show_field_message (SpPage         *self,
                            SpFieldMessage *message,
                            SpField         field,
                            GtkWidget      *widget,
                            gboolean        delayed)
{
  SpPagePrivate *priv = sp_page_get_instance_private (self);
  g_autofree char *text = NULL;

  g_return_val_if_fail (SP_IS_PAGE (self), FALSE);
  g_return_val_if_fail (SP_IS_FIELD_MESSAGE (message), FALSE);

  if (priv->model == NULL)
    return FALSE;

  text = sp_form_model_dup_message (priv->model, field);

  /* An empty field is only an error once Next was asked for. Until typing
   * pauses, a message already shown follows the text, and a fixed field
   * clears at once. */
  if (text == NULL || (field_is_empty (widget) && !priv->revealed))
    sp_field_message_set_message (message, NULL);
  else if (delayed || priv->revealed || sp_field_message_get_message (message) != NULL)
    sp_field_message_set_message (message, text);

  return sp_field_message_get_message (message) != NULL;
}

void
sp_page_request_next (SpPage *self)
{
  g_return_if_fail (SP_IS_PAGE (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "wizard.try-next", NULL);
}

static gboolean
spin_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     SpPage                *self)
{
  GtkWidget *spin_button = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;

  gtk_spin_button_update (GTK_SPIN_BUTTON (spin_button));
  sp_page_request_next (self);

  return TRUE;
}

void
sp_page_add_spin_button (SpPage        *self,
                         GtkSpinButton *spin_button)
{
  GtkEventController *controller;

  g_return_if_fail (SP_IS_PAGE (self));
  g_return_if_fail (GTK_IS_SPIN_BUTTON (spin_button));

  /* Capture phase: before the spin button's text swallows the key. */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (spin_key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (spin_button), controller);
}
