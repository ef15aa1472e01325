/* sp-page-target.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-page-target"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-clamp.h"
#include "sp-field-message.h"
#include "sp-page-target.h"
#include "sp-port-chooser.h"
#include "sp-practice.h"

struct _SpPageTarget
{
  SpPage           parent_instance;

  /* template widgets */
  GtkCheckButton  *domain_check;
  GtkEntry        *domain_entry;
  SpFieldMessage  *domain_message;
  SpPortChooser   *port_chooser;
  GtkCheckButton  *practice_check;
  GtkDropDown     *practice_dropdown;
  GtkCheckButton  *recipient_check;
  GtkEntry        *recipient_entry;
  SpFieldMessage  *recipient_message;
  GtkCheckButton  *server_check;
  GtkEntry        *server_entry;
  SpFieldMessage  *server_message;

  /* borrowed references: each mode's choice and entry, from the template */
  struct
  {
    GtkCheckButton *check;
    GtkWidget      *entry;
  }                modes[SP_TEST_MODE_PRACTICE + 1];

  /* state */
  gboolean         syncing;
};

G_DEFINE_FINAL_TYPE (SpPageTarget, sp_page_target, SP_TYPE_PAGE)

static void
sp_page_target_sync_mode (SpPageTarget *self)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));

  if (model == NULL)
    return;

  self->syncing = TRUE;
  gtk_check_button_set_active (self->modes[sp_form_model_get_mode (model)].check, TRUE);
  self->syncing = FALSE;
}

static void
sp_page_target_sync_practice (SpPageTarget *self)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  const char *id = model != NULL ? sp_form_model_get_practice (model) : NULL;

  self->syncing = TRUE;
  for (guint i = 0; i < sp_practice_get_n_scenarios (); i++)
    if (g_strcmp0 (sp_practice_scenario_get_id (sp_practice_get_scenario (i)), id) == 0)
      gtk_drop_down_set_selected (self->practice_dropdown, i);
  self->syncing = FALSE;
}

static void
on_practice_selected (SpPageTarget *self,
                      GParamSpec   *pspec,
                      GtkDropDown  *dropdown)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->syncing || model == NULL || selected >= sp_practice_get_n_scenarios ())
    return;

  sp_form_model_set_practice (model,
                              sp_practice_scenario_get_id (sp_practice_get_scenario (selected)));
}

static GtkWidget *
field_widget (SpPageTarget *self,
              SpField       field)
{
  switch (field)
    {
    case SP_FIELD_RECIPIENT: return GTK_WIDGET (self->recipient_entry);
    case SP_FIELD_DOMAIN:    return GTK_WIDGET (self->domain_entry);
    case SP_FIELD_SERVER:    return GTK_WIDGET (self->server_entry);
    case SP_FIELD_PORT:
      return GTK_WIDGET (sp_port_chooser_get_spin_button (self->port_chooser));
    default:                      return NULL;
    }
}

static void
sp_page_target_update_messages (SpPage   *page,
                                gboolean  delayed)
{
  SpPageTarget *self = SP_PAGE_TARGET (page);

  sp_page_show_field_message (page, self->recipient_message, SP_FIELD_RECIPIENT,
                              GTK_WIDGET (self->recipient_entry), delayed);
  sp_page_show_field_message (page, self->domain_message, SP_FIELD_DOMAIN,
                              GTK_WIDGET (self->domain_entry), delayed);
  sp_page_show_field_message (page, self->server_message, SP_FIELD_SERVER,
                              GTK_WIDGET (self->server_entry), delayed);
}

static void
sp_page_target_model_notify (SpPage     *page,
                             GParamSpec *pspec)
{
  SpPageTarget *self = SP_PAGE_TARGET (page);
  SpFormModel *model = sp_page_get_model (page);
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "mode"))
    sp_page_target_sync_mode (self);
  else if (g_str_equal (name, "practice"))
    sp_page_target_sync_practice (self);

  sp_page_set_complete (page, sp_form_model_check_target (model, NULL, NULL));
  sp_page_queue_messages (page);
}

static void
on_mode_check_toggled (SpPageTarget   *self,
                       GtkCheckButton *check)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  SpTestMode mode = SP_TEST_MODE_RECIPIENT;

  if (self->syncing || model == NULL || !gtk_check_button_get_active (check))
    return;

  while (mode < SP_TEST_MODE_PRACTICE && self->modes[mode].check != check)
    mode++;

  sp_page_set_revealed (SP_PAGE (self), FALSE);
  sp_form_model_set_mode (model, mode);

  /* Choosing with the mouse should not need a second click into the field. */
  if (!gtk_widget_has_focus (GTK_WIDGET (check)))
    gtk_widget_grab_focus (self->modes[mode].entry);
}

static void
on_entry_activate (SpPageTarget *self,
                   GtkEntry     *entry)
{
  sp_page_request_next (SP_PAGE (self));
}

static void
sp_page_target_bind_model (SpPage      *page,
                           SpFormModel *model)
{
  SpPageTarget *self = SP_PAGE_TARGET (page);

  sp_page_target_sync_mode (self);
  sp_page_target_sync_practice (self);
  sp_page_set_complete (page, sp_form_model_check_target (model, NULL, NULL));
  sp_page_target_update_messages (page, TRUE);
}

static void
sp_page_target_enter (SpPage   *page,
                      gboolean  forward)
{
  SpPageTarget *self = SP_PAGE_TARGET (page);
  SpFormModel *model = sp_page_get_model (page);
  SpTestMode mode = model != NULL ? sp_form_model_get_mode (model) : SP_TEST_MODE_RECIPIENT;

  gtk_widget_grab_focus (self->modes[mode].entry);
}

static GtkWidget *
sp_page_target_first_problem (SpPage *page)
{
  SpFormModel *model = sp_page_get_model (page);
  SpField field = SP_FIELD_NONE;

  if (model == NULL || sp_form_model_check_target (model, &field, NULL))
    return NULL;

  return field_widget (SP_PAGE_TARGET (page), field);
}

static void
sp_page_target_apply_async (SpPage              *page,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  SpFormModel *model = sp_page_get_model (page);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  task = g_task_new (page, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_page_target_apply_async);

  if (!sp_form_model_check_target (model, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sp_form_model_commit_target (model);
  g_task_return_boolean (task, TRUE);
}

static void
sp_page_target_class_init (SpPageTargetClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SpPageClass *page_class = SP_PAGE_CLASS (klass);

  page_class->bind_model = sp_page_target_bind_model;
  page_class->model_notify = sp_page_target_model_notify;
  page_class->enter = sp_page_target_enter;
  page_class->update_messages = sp_page_target_update_messages;
  page_class->first_problem = sp_page_target_first_problem;
  page_class->apply_async = sp_page_target_apply_async;

  g_type_ensure (SP_TYPE_FIELD_MESSAGE);

  g_type_ensure (SP_TYPE_CLAMP);
  g_type_ensure (SP_TYPE_PORT_CHOOSER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SP_RESOURCE_PREFIX "/sp-page-target.ui");
  gtk_widget_class_bind_template_child (widget_class, SpPageTarget, domain_check);
  gtk_widget_class_bind_template_child (widget_class, SpPageTarget, domain_entry);
  gtk_widget_class_bind_template_child (widget_class, SpPageTarget, domain_message);
  gtk_widget_class_bind_template_child (widget_class, SpPageTarget, port_chooser);
  gtk_widget_class_bind_template_child (widget_class, SpPageTarget, practice_check);
  gtk_widget_class_bind_template_child (widget_class, SpPageTarget, practice_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpPageTarget, recipient_check);
  gtk_widget_class_bind_template_child (widget_class, SpPageTarget, recipient_entry);
  gtk_widget_class_bind_template_child (widget_class, SpPageTarget, recipient_message);
  gtk_widget_class_bind_template_child (widget_class, SpPageTarget, server_check);
  gtk_widget_class_bind_template_child (widget_class, SpPageTarget, server_entry);
  gtk_widget_class_bind_template_child (widget_class, SpPageTarget, server_message);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_check_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_practice_selected);
}

static void
sp_page_target_init (SpPageTarget *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->modes[SP_TEST_MODE_RECIPIENT].check = self->recipient_check;
  self->modes[SP_TEST_MODE_RECIPIENT].entry = GTK_WIDGET (self->recipient_entry);
  self->modes[SP_TEST_MODE_DOMAIN].check = self->domain_check;
  self->modes[SP_TEST_MODE_DOMAIN].entry = GTK_WIDGET (self->domain_entry);
  self->modes[SP_TEST_MODE_SERVER].check = self->server_check;
  self->modes[SP_TEST_MODE_SERVER].entry = GTK_WIDGET (self->server_entry);
  self->modes[SP_TEST_MODE_PRACTICE].check = self->practice_check;
  self->modes[SP_TEST_MODE_PRACTICE].entry = GTK_WIDGET (self->practice_dropdown);

  /* The scenarios' descriptions, in the order of the core's list. */
  {
    g_autoptr(GtkStringList) scenarios = gtk_string_list_new (NULL);

    for (guint i = 0; i < sp_practice_get_n_scenarios (); i++)
      gtk_string_list_append (scenarios,
                              sp_practice_scenario_get_description (sp_practice_get_scenario (i)));
    gtk_drop_down_set_model (self->practice_dropdown, G_LIST_MODEL (scenarios));
  }

  sp_page_bind_request (SP_PAGE (self), "recipient", self->recipient_entry, "text");
  g_binding_group_bind (sp_page_get_model_bindings (SP_PAGE (self)), "domain",
                        self->domain_entry, "text",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  sp_page_bind_request (SP_PAGE (self), "server", self->server_entry, "text");
  sp_page_bind_request (SP_PAGE (self), "port", self->port_chooser, "port");
  sp_page_add_spin_button (SP_PAGE (self), sp_port_chooser_get_spin_button (self->port_chooser));
}
