/* sp-page-message.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-page-message"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-clamp.h"
#include "sp-compat.h"
#include "sp-field-message.h"
#include "sp-page-message.h"

struct _SpPageMessage
{
  SpPage           parent_instance;

  /* template widgets */
  GtkExpander     *advanced_expander;
  GtkCheckButton  *allow_plaintext_check;
  GtkEntry        *auth_user_entry;
  SpFieldMessage  *auth_user_message;
  SpFieldMessage  *body_message;
  GtkTextView     *body_view;
  GtkButton       *ca_file_button;
  GtkButton       *ca_file_clear_button;
  GtkLabel        *ca_file_label;
  SpFieldMessage  *ca_file_message;
  GtkSwitch       *check_only_switch;
  GtkGrid         *content_grid;
  GtkEntry        *ehlo_entry;
  SpFieldMessage  *ehlo_message;
  GtkCheckButton  *notify_delay_check;
  GtkCheckButton  *notify_failure_check;
  SpFieldMessage  *notify_message;
  GtkCheckButton  *notify_never_check;
  GtkCheckButton  *notify_success_check;
  GtkSpinButton   *deadline_spin;
  GtkSpinButton   *max_attempts_spin;
  GtkPasswordEntry *password_entry;
  SpFieldMessage  *password_message;
  GtkCheckButton  *pipelining_check;
  GtkBox          *plaintext_warning;
  GtkEntry        *recipient_entry;
  SpFieldMessage  *recipient_message;
  GtkLabel        *recipient_hint;
  GtkEntry        *sender_entry;
  SpFieldMessage  *sender_message;
  GtkEntry        *subject_entry;
  SpFieldMessage  *subject_message;
  GtkSpinButton   *timeout_spin;
  GtkDropDown     *tls_dropdown;
  GtkLabel        *tls_hint;
  SpFieldMessage  *tls_message;

  /* owned references */
  GCancellable    *choose_cancellable;

  /* state */
  gboolean         syncing;
};

G_DEFINE_FINAL_TYPE (SpPageMessage, sp_page_message, SP_TYPE_PAGE)

typedef struct
{
  SpField      field;
  gsize        widget_offset;   /* the field's widget in SpPageMessage */
  gsize        message_offset;  /* its SpFieldMessage */
  gboolean     advanced;        /* under the Advanced expander */
} Field;

#define FIELD(f, w, m, a) \
  { f, G_STRUCT_OFFSET (SpPageMessage, w), G_STRUCT_OFFSET (SpPageMessage, m), a }

/* In the order the page shows them, as sp_form_model_check_message() checks them. */
static const Field fields[] = {
  FIELD (SP_FIELD_SENDER, sender_entry, sender_message, FALSE),
  FIELD (SP_FIELD_RECIPIENT, recipient_entry, recipient_message, FALSE),
  FIELD (SP_FIELD_EHLO_NAME, ehlo_entry, ehlo_message, FALSE),
  FIELD (SP_FIELD_NOTIFY, notify_success_check, notify_message, FALSE),
  FIELD (SP_FIELD_SUBJECT, subject_entry, subject_message, FALSE),
  FIELD (SP_FIELD_BODY, body_view, body_message, FALSE),
  FIELD (SP_FIELD_TLS, tls_dropdown, tls_message, TRUE),
  FIELD (SP_FIELD_CA_FILE, ca_file_button, ca_file_message, TRUE),
  FIELD (SP_FIELD_AUTH_USER, auth_user_entry, auth_user_message, TRUE),
  FIELD (SP_FIELD_AUTH_PASSWORD, password_entry, password_message, TRUE),
};

/* What each encryption setting does, under the choice. */
static const char * const tls_hints[] = {
  [SP_TLS_POLICY_OFF] = N_("Plain SMTP, as telnet would do it: nothing is encrypted, and the "
                           "server’s STARTTLS offer is ignored."),
  [SP_TLS_POLICY_OPPORTUNISTIC] = N_("Encrypts with STARTTLS when the server offers it, as "
                                     "sending servers do, and goes on without encryption "
                                     "when it does not."),
  [SP_TLS_POLICY_REQUIRED] = N_("Encrypts with STARTTLS, and stops with an error when the "
                                "server does not offer it or the handshake fails."),
  [SP_TLS_POLICY_IMPLICIT] = N_("Encrypts from the first byte, as servers on port 465 expect; "
                                "they say nothing to a client that does not."),
};

#define FIELD_WIDGET(self, f)  (*(GtkWidget **) G_STRUCT_MEMBER_P (self, (f)->widget_offset))
#define FIELD_MESSAGE(self, f) (*(SpFieldMessage **) G_STRUCT_MEMBER_P (self, (f)->message_offset))

static void
sp_page_message_update_messages (SpPage   *page,
                                 gboolean  delayed)
{
  SpPageMessage *self = SP_PAGE_MESSAGE (page);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      /* A problem under a closed expander would leave Next off with no reason shown. */
      if (sp_page_show_field_message (page, FIELD_MESSAGE (self, &fields[i]), fields[i].field,
                                      FIELD_WIDGET (self, &fields[i]), delayed) &&
          fields[i].advanced)
        gtk_expander_set_expanded (self->advanced_expander, TRUE);
    }
}

static void
sp_page_message_sync_notify (SpPageMessage *self)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  SpNotifyFlags flags = model != NULL ? sp_form_model_get_request (model)->notify
                                      : SP_NOTIFY_NONE;
  gboolean never = (flags & SP_NOTIFY_NEVER) != 0;

  self->syncing = TRUE;
  gtk_check_button_set_active (self->notify_success_check, (flags & SP_NOTIFY_SUCCESS) != 0);
  gtk_check_button_set_active (self->notify_failure_check, (flags & SP_NOTIFY_FAILURE) != 0);
  gtk_check_button_set_active (self->notify_delay_check, (flags & SP_NOTIFY_DELAY) != 0);
  gtk_check_button_set_active (self->notify_never_check, never);
  self->syncing = FALSE;

  /* "Never" excludes the others (RFC 3461 4.1), so they cannot be ticked with it. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->notify_success_check), !never);
  gtk_widget_set_sensitive (GTK_WIDGET (self->notify_failure_check), !never);
  gtk_widget_set_sensitive (GTK_WIDGET (self->notify_delay_check), !never);
}

static void
sp_page_message_sync_ehlo_hint (SpPageMessage *self)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  g_autofree char *name = model != NULL ? sp_form_model_dup_default_ehlo_name (model) : NULL;

  /* Show what an empty field will send, so nobody has to guess. */
  if (name != NULL)
    gtk_entry_set_placeholder_text (self->ehlo_entry, name);
  else
    gtk_entry_set_placeholder_text (self->ehlo_entry, _("the sender’s domain"));
}

/* A recipient in another domain than the mail servers page looked up: the
 * test looks that domain up instead, so say so rather than let the
 * servers chosen there silently drop. */
static void
sp_page_message_sync_recipient_hint (SpPageMessage *self)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  g_autofree char *moved = model != NULL ? sp_form_model_dup_moved_domain (model) : NULL;
  g_autofree char *text = NULL;

  if (moved != NULL)
    /* Translators: under the "To" field. The first %s is the domain the
     * mail servers page looked up, the second the domain of the address
     * now in the field. */
    text = g_strdup_printf (_("The mail servers on the previous page are those of %s. This "
                              "address is in %s, so the test looks up that domain’s mail "
                              "servers and tests them as a sending server would."),
                            sp_form_model_get_mx_result (model)->domain, moved);
  gtk_label_set_text (self->recipient_hint, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->recipient_hint), text != NULL);
}

static void
sp_page_message_sync_check_only (SpPageMessage *self)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  gboolean check_only = model != NULL && sp_form_model_get_request (model)->check_only;

  /* Without DATA there is no message, so its fields do not apply. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->content_grid), !check_only);
}

static void
sp_page_message_sync_body (SpPageMessage *self)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  g_autofree char *text = NULL;
  const char *body;
  GtkTextIter start;
  GtkTextIter end;

  if (model == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  body = sp_form_model_get_request (model)->body;
  if (g_strcmp0 (text, body) == 0)
    return;

  self->syncing = TRUE;
  gtk_text_buffer_set_text (buffer, body, -1);
  self->syncing = FALSE;
}

static void
sp_page_message_sync_tls (SpPageMessage *self)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  SpTlsPolicy policy = model != NULL ? sp_form_model_get_tls_policy (model)
                                     : SP_TLS_POLICY_OPPORTUNISTIC;

  gtk_label_set_text (self->tls_hint, _(tls_hints[policy]));
}

static void
sp_page_message_sync_ca_file (SpPageMessage *self)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  const char *path = model != NULL ? sp_form_model_get_request (model)->ca_file : "";
  g_autofree char *accessible = NULL;
  g_autofree char *name = NULL;
  gboolean none = path == NULL || *path == '\0';

  if (none)
    name = g_strdup (_("None: the system’s trust store only"));
  else
    name = g_path_get_basename (path);

  gtk_label_set_text (self->ca_file_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->ca_file_button),
                               none ? _("Choose a PEM file of certificate authorities to trust")
                                    : path);
  gtk_widget_set_visible (GTK_WIDGET (self->ca_file_clear_button), !none);

  /* The button's text is the choice; the accessible name says what it is for as well. */
  accessible = g_strdup_printf (_("Trusted CA file: %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->ca_file_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
sp_page_message_sync_sign_in (SpPageMessage *self)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  SpProbeRequest *request = model != NULL ? sp_form_model_get_request (model) : NULL;
  const char *user = request != NULL ? request->auth_user : "";
  gboolean allow = request != NULL && request->auth_allow_plaintext;
  gboolean has_user = user != NULL && *user != '\0';

  /* The permission only means something for a sign-in; its warning shows with it. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->allow_plaintext_check), has_user || allow);
  gtk_widget_set_visible (GTK_WIDGET (self->plaintext_warning), allow);
}

static void
sp_page_message_sync_password (SpPageMessage *self)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));

  /* The model forgot the password (a new test, or the window closing): so does the field. */
  if ((model == NULL || !sp_probe_request_get_has_password (sp_form_model_get_request (model))) &&
      *gtk_editable_get_text (GTK_EDITABLE (self->password_entry)) != '\0')
    {
      self->syncing = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
      self->syncing = FALSE;
    }
}

static void
sp_page_message_check (SpPageMessage *self)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));

  if (model == NULL)
    return;

  sp_page_set_complete (SP_PAGE (self), sp_form_model_check_message (model, NULL, NULL));
  sp_page_queue_messages (SP_PAGE (self));
}

static void
sp_page_message_model_notify (SpPage     *page,
                              GParamSpec *pspec)
{
  SpPageMessage *self = SP_PAGE_MESSAGE (page);
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "dsn-notify"))
    sp_page_message_sync_notify (self);
  else if (g_str_equal (name, "sender"))
    sp_page_message_sync_ehlo_hint (self);
  else if (g_str_equal (name, "recipient") || g_str_equal (name, "mx-result") ||
           g_str_equal (name, "mode"))
    sp_page_message_sync_recipient_hint (self);
  else if (g_str_equal (name, "check-only"))
    sp_page_message_sync_check_only (self);
  else if (g_str_equal (name, "body"))
    sp_page_message_sync_body (self);
  else if (g_str_equal (name, "tls-policy"))
    sp_page_message_sync_tls (self);
  else if (g_str_equal (name, "ca-file"))
    sp_page_message_sync_ca_file (self);
  else if (g_str_equal (name, "auth-user") || g_str_equal (name, "auth-allow-plaintext"))
    sp_page_message_sync_sign_in (self);
  else if (g_str_equal (name, "has-auth-password"))
    sp_page_message_sync_password (self);
  else if (g_str_equal (name, "mx-result") || g_str_equal (name, "transcript"))
    return;

  sp_page_message_check (self);
}

static void
on_password_changed (SpPageMessage *self,
                     GtkEditable   *editable)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  const char *text;

  if (self->syncing || model == NULL)
    return;

  text = gtk_editable_get_text (editable);
  /* An empty field is no password: the login then asks for one. */
  sp_probe_request_set_password (sp_form_model_get_request (model), *text != '\0' ? text : NULL);
  /* A different password notifies nothing when there was one before, yet may fix the
   * page or break it. */
  sp_page_message_check (self);
}

static void
choose_ca_file_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SpPageMessage) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SpFormModel *model;

  file = sp_compat_choose_file_finish (result, &error);
  if (self->choose_cancellable != NULL)
    {
      sp_page_release_cancellable (SP_PAGE (self), self->choose_cancellable);
      g_clear_object (&self->choose_cancellable);
    }

  model = sp_page_get_model (SP_PAGE (self));
  if (file == NULL || model == NULL)
    return;

  /* A file only a portal can reach has no path that the TLS backend could read. */
  path = g_file_get_path (file);
  sp_probe_request_set_ca_file (sp_form_model_get_request (model), path != NULL ? path : "");
  gtk_widget_grab_focus (GTK_WIDGET (self->ca_file_button));
}

static void
on_ca_file_button_clicked (SpPageMessage *self,
                           GtkButton     *button)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->choose_cancellable != NULL)
    return;

  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");

  self->choose_cancellable = sp_page_new_cancellable (SP_PAGE (self));
  sp_compat_choose_file_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                               _("Choose a CA File"), GTK_FILE_CHOOSER_ACTION_OPEN, NULL, filter,
                               self->choose_cancellable, choose_ca_file_cb, g_object_ref (self));
}

static void
on_ca_file_clear_clicked (SpPageMessage *self,
                          GtkButton     *button)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));

  if (model != NULL)
    sp_probe_request_set_ca_file (sp_form_model_get_request (model), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->ca_file_button));
}

static void
on_body_changed (SpPageMessage *self,
                 GtkTextBuffer *buffer)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  g_autofree char *text = NULL;
  GtkTextIter start;
  GtkTextIter end;

  if (self->syncing || model == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  sp_probe_request_set_body (sp_form_model_get_request (model), text);
}

static void
on_entry_activate (SpPageMessage *self,
                   GtkEntry      *entry)
{
  sp_page_request_next (SP_PAGE (self));
}

static void
on_notify_check_toggled (SpPageMessage  *self,
                         GtkCheckButton *check)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  SpNotifyFlags flags = SP_NOTIFY_NONE;

  if (self->syncing || model == NULL)
    return;

  if (gtk_check_button_get_active (self->notify_never_check))
    flags = SP_NOTIFY_NEVER;
  else
    {
      if (gtk_check_button_get_active (self->notify_success_check))
        flags |= SP_NOTIFY_SUCCESS;
      if (gtk_check_button_get_active (self->notify_failure_check))
        flags |= SP_NOTIFY_FAILURE;
      if (gtk_check_button_get_active (self->notify_delay_check))
        flags |= SP_NOTIFY_DELAY;
    }

  sp_probe_request_set_notify (sp_form_model_get_request (model), flags);
  sp_page_message_sync_notify (self);
}

/* The request keeps time limits in milliseconds; the spin buttons show seconds. */
static gboolean
ms_to_seconds (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  g_value_set_double (to, g_value_get_uint (from) / 1000);
  return TRUE;
}

static gboolean
seconds_to_ms (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  g_value_set_uint (to, (guint) g_value_get_double (from) * 1000);
  return TRUE;
}

static void
bind_seconds (SpPageMessage *self,
              const char    *property,
              GtkSpinButton *spin)
{
  g_binding_group_bind_full (sp_page_get_request_bindings (SP_PAGE (self)), property,
                             gtk_spin_button_get_adjustment (spin), "value",
                             G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                             ms_to_seconds, seconds_to_ms, NULL, NULL);
}

static void
sp_page_message_bind_model (SpPage      *page,
                            SpFormModel *model)
{
  SpPageMessage *self = SP_PAGE_MESSAGE (page);

  sp_page_message_sync_body (self);
  sp_page_message_sync_notify (self);
  sp_page_message_sync_ehlo_hint (self);
  sp_page_message_sync_recipient_hint (self);
  sp_page_message_sync_check_only (self);
  sp_page_message_sync_tls (self);
  sp_page_message_sync_ca_file (self);
  sp_page_message_sync_sign_in (self);
  sp_page_message_sync_password (self);
  sp_page_set_complete (page, sp_form_model_check_message (model, NULL, NULL));
  sp_page_message_update_messages (page, TRUE);
}

static GtkWidget *
sp_page_message_first_problem (SpPage *page)
{
  SpPageMessage *self = SP_PAGE_MESSAGE (page);
  SpFormModel *model = sp_page_get_model (page);
  SpField     field = SP_FIELD_NONE;

  if (model == NULL || sp_form_model_check_message (model, &field, NULL))
    return NULL;

  if (field == SP_FIELD_TIMEOUT || field == SP_FIELD_DEADLINE ||
      field == SP_FIELD_MAX_ATTEMPTS)
    {
      gtk_expander_set_expanded (self->advanced_expander, TRUE);
      switch (field)
        {
        case SP_FIELD_TIMEOUT:  return GTK_WIDGET (self->timeout_spin);
        case SP_FIELD_DEADLINE: return GTK_WIDGET (self->deadline_spin);
        default:                return GTK_WIDGET (self->max_attempts_spin);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].field == field)
      {
        if (fields[i].advanced)
          gtk_expander_set_expanded (self->advanced_expander, TRUE);
        return FIELD_WIDGET (self, &fields[i]);
      }

  return NULL;
}

static void
sp_page_message_enter (SpPage   *page,
                       gboolean  forward)
{
  SpPageMessage *self = SP_PAGE_MESSAGE (page);
  GtkWidget *problem = sp_page_message_first_problem (page);

  /* Start where something is missing; with everything filled in, Enter runs the test. */
  if (problem != NULL)
    gtk_widget_grab_focus (problem);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->sender_entry));
}

static void
sp_page_message_apply_async (SpPage              *page,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  SpFormModel *model = sp_page_get_model (page);
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  task = g_task_new (page, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_page_message_apply_async);

  /* The core's own check has the last word before anything goes on the wire. */
  request = sp_form_model_to_request (model, NULL, &error);
  if (request == NULL)
    {
      sp_page_reveal_problems (page);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
sp_page_message_dispose (GObject *object)
{
  SpPageMessage *self = SP_PAGE_MESSAGE (object);

  sp_page_drop_cancellable (SP_PAGE (self), &self->choose_cancellable);

  G_OBJECT_CLASS (sp_page_message_parent_class)->dispose (object);
}

static void
sp_page_message_class_init (SpPageMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SpPageClass *page_class = SP_PAGE_CLASS (klass);

  object_class->dispose = sp_page_message_dispose;

  page_class->bind_model = sp_page_message_bind_model;
  page_class->model_notify = sp_page_message_model_notify;
  page_class->enter = sp_page_message_enter;
  page_class->update_messages = sp_page_message_update_messages;
  page_class->first_problem = sp_page_message_first_problem;
  page_class->apply_async = sp_page_message_apply_async;

  g_type_ensure (SP_TYPE_FIELD_MESSAGE);

  g_type_ensure (SP_TYPE_CLAMP);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SP_RESOURCE_PREFIX "/sp-page-message.ui");
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, advanced_expander);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, allow_plaintext_check);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, auth_user_entry);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, auth_user_message);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, body_message);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, body_view);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, ca_file_button);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, ca_file_clear_button);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, ca_file_label);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, ca_file_message);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, check_only_switch);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, content_grid);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, ehlo_entry);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, ehlo_message);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, notify_delay_check);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, notify_failure_check);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, notify_message);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, notify_never_check);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, notify_success_check);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, deadline_spin);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, max_attempts_spin);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, password_entry);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, password_message);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, pipelining_check);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, plaintext_warning);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, recipient_entry);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, recipient_message);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, recipient_hint);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, sender_entry);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, sender_message);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, subject_entry);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, subject_message);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, tls_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, tls_hint);
  gtk_widget_class_bind_template_child (widget_class, SpPageMessage, tls_message);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_file_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_ca_file_clear_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_notify_check_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_password_changed);
}

/* 0 is the request's "as a sending server would": say so in words. */
static const char *
automatic_label (void)
{
  /* Translators: the number of connection attempts when none is chosen. */
  return C_("attempts", "Automatic");
}

static gboolean
on_max_attempts_output (GtkSpinButton *spin)
{
  if (gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin)) != 0)
    return FALSE;

  gtk_editable_set_text (GTK_EDITABLE (spin), automatic_label ());
  return TRUE;
}

static int
on_max_attempts_input (GtkSpinButton *spin,
                       double        *value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  guint64 number;

  if (g_utf8_collate (text, automatic_label ()) == 0 || *text == '\0')
    *value = 0;
  else if (g_ascii_string_to_unsigned (text, 10, 0, gtk_adjustment_get_upper (
             gtk_spin_button_get_adjustment (spin)), &number, NULL))
    *value = number;
  else
    return GTK_INPUT_ERROR;

  return TRUE;
}

static void
sp_page_message_init (SpPageMessage *self)
{
  g_autoptr(GtkStringList) policies = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  sp_page_bind_request (SP_PAGE (self), "sender", self->sender_entry, "text");
  sp_page_bind_request (SP_PAGE (self), "recipient", self->recipient_entry, "text");
  sp_page_bind_request (SP_PAGE (self), "ehlo-name", self->ehlo_entry, "text");
  sp_page_bind_request (SP_PAGE (self), "subject", self->subject_entry, "text");
  sp_page_bind_request (SP_PAGE (self), "check-only", self->check_only_switch, "active");
  sp_page_bind_request (SP_PAGE (self), "pipelining", self->pipelining_check, "active");
  bind_seconds (self, "timeout-ms", self->timeout_spin);
  bind_seconds (self, "deadline-ms", self->deadline_spin);
  sp_page_bind_request (SP_PAGE (self), "max-attempts",
                        gtk_spin_button_get_adjustment (self->max_attempts_spin), "value");
  sp_page_bind_request (SP_PAGE (self), "tls-policy", self->tls_dropdown, "selected");
  sp_page_bind_request (SP_PAGE (self), "auth-user", self->auth_user_entry, "text");
  sp_page_bind_request (SP_PAGE (self), "auth-allow-plaintext", self->allow_plaintext_check,
                        "active");

  /* In the order of SpTlsPolicy, so that "selected" is the policy; the words are the
   * core's, as the CLI and the exports use them. */
  for (SpTlsPolicy policy = SP_TLS_POLICY_OFF; policy <= SP_TLS_POLICY_IMPLICIT; policy++)
    gtk_string_list_append (policies, sp_tls_policy_get_label (policy));
  gtk_drop_down_set_model (self->tls_dropdown, G_LIST_MODEL (policies));
  gtk_drop_down_set_selected (self->tls_dropdown, SP_TLS_POLICY_OPPORTUNISTIC);
  sp_page_message_sync_tls (self);
  sp_page_message_sync_ca_file (self);
  sp_page_message_sync_sign_in (self);

  {
    const struct { GtkSpinButton *spin; SpField field; } spins[] = {
      { self->timeout_spin, SP_FIELD_TIMEOUT },
      { self->deadline_spin, SP_FIELD_DEADLINE },
      { self->max_attempts_spin, SP_FIELD_MAX_ATTEMPTS },
    };

    /* The ranges are the request's, from its table of limits. */
    for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
      {
        guint min = 0;
        guint max = 0;

        sp_probe_request_get_limits (spins[i].field, &min, &max, NULL);
        gtk_spin_button_set_range (spins[i].spin, min, max);
        sp_page_add_spin_button (SP_PAGE (self), spins[i].spin);
      }
  }
  g_signal_connect (self->max_attempts_spin, "output", G_CALLBACK (on_max_attempts_output), NULL);
  g_signal_connect (self->max_attempts_spin, "input", G_CALLBACK (on_max_attempts_input), NULL);
  /* The template set the value before the handler was there. */
  on_max_attempts_output (self->max_attempts_spin);
  g_signal_connect_object (gtk_text_view_get_buffer (self->body_view), "changed",
                           G_CALLBACK (on_body_changed), self, G_CONNECT_SWAPPED);
}
