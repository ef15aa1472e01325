/* sp-page-servers.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-page-servers"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-clamp.h"
#include "sp-diagnosis.h"
#include "sp-field-message.h"
#include "sp-page-servers-private.h"
#include "sp-port-chooser.h"

struct _SpPageServers
{
  SpPage           parent_instance;

  /* template widgets */
  GtkCheckButton  *all_check;
  GtkBox          *busy_box;
  GtkLabel        *busy_label;
  GtkButton       *cancel_button;
  GtkCheckButton  *custom_dns_check;
  GtkEntry        *dns_entry;
  SpFieldMessage  *dns_message;
  GtkLabel        *description;
  GtkLabel        *heading;
  GtkBox          *list_box;
  GtkWidget       *list_hint;
  GtkWidget       *dns_box;
  GtkWidget       *port_box;
  SpPortChooser   *port_chooser;
  GtkExpander     *queries_expander;
  GtkLabel        *queries_label;
  GtkButton       *retry_button;
  GtkListBox      *servers_list;
  GtkSpinner      *spinner;
  GtkLabel        *status_advice;
  GtkLabel        *status_body;
  GtkBox          *status_box;
  GtkLabel        *status_heading;
  GtkImage        *status_icon;
  GtkCheckButton  *system_dns_check;

  /* owned references */
  SpMxResult      *result;

  /* state */
  char            *lookup_key;   /* what the shown result (or running lookup) is for */
  gboolean         lookup_is_host;
  gboolean         lookup_ok;
  gboolean         syncing;
};

G_DEFINE_FINAL_TYPE (SpPageServers, sp_page_servers, SP_TYPE_PAGE)

typedef enum
{
  STATUS_INFO,
  STATUS_WARNING,
  STATUS_ERROR,
} StatusKind;

static void sp_page_servers_update_complete (SpPageServers *self);

/* What the model asks for now, so a changed name or DNS server shows as stale. */
static char *
current_key (SpPageServers *self,
             char         **name,
             gboolean      *is_host)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  g_autofree char *lookup = NULL;
  gboolean host = FALSE;

  if (model == NULL || (lookup = sp_form_model_dup_lookup_name (model, &host)) == NULL)
    return NULL;

  if (name != NULL)
    *name = g_strdup (lookup);
  if (is_host != NULL)
    *is_host = host;

  return g_strdup_printf ("%s|%s|%s", host ? "host" : "mx", lookup,
                          sp_form_model_get_custom_dns (model)
                            ? sp_form_model_get_request (model)->dns_servers : "");
}

static void
show_status (SpPageServers *self,
             StatusKind     kind,
             const char    *heading,
             const char    *body,
             const char    *advice)
{
  static const char * const icons[] = {
    [STATUS_INFO] = "dialog-information-symbolic",
    [STATUS_WARNING] = "dialog-warning-symbolic",
    [STATUS_ERROR] = "dialog-error-symbolic",
  };
  static const char * const classes[] = {
    [STATUS_INFO] = "info",
    [STATUS_WARNING] = "warning",
    [STATUS_ERROR] = "error",
  };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_box), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_box), classes[kind]);

  gtk_image_set_from_icon_name (self->status_icon, icons[kind]);
  /* The icon is the only sign of the kind besides colour, so say it in words too. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  kind == STATUS_ERROR ? _("Problem")
                                  /* Translators: what a screen reader says before a status
                                   * message on the mail servers page: a warning or a note. */
                                  : kind == STATUS_WARNING ? _("Warning")
                                  : _("Note"),
                                  -1);
  gtk_label_set_text (self->status_heading, heading);
  gtk_label_set_text (self->status_body, body != NULL ? body : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_body), body != NULL && *body != '\0');
  if (advice != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (advice, -1);
      g_autofree char *markup = g_strdup_printf ("<b>%s</b> %s", _("What to do:"), escaped);

      gtk_label_set_markup (self->status_advice, markup);
    }
  else
    gtk_label_set_text (self->status_advice, "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_advice), advice != NULL && *advice != '\0');
  /* Asking again helps after a failure, not after a warning about an answer. */
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button),
                          kind == STATUS_ERROR || !self->lookup_ok);
  gtk_widget_set_visible (GTK_WIDGET (self->status_box), TRUE);
}

static void
hide_status (SpPageServers *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->status_box), FALSE);
}

static void
sp_page_servers_set_busy (SpPageServers *self,
                          gboolean       busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->busy_box), busy);
  if (busy)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
  sp_page_set_busy (SP_PAGE (self), busy);
}

static void
sp_page_servers_update_heading (SpPageServers *self)
{
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *description = NULL;
  gboolean is_host = FALSE;

  key = current_key (self, &name, &is_host);
  if (key == NULL)
    {
      /* Translators: the heading of the list of mail servers of a domain. */
      gtk_label_set_text (self->heading, _("Mail servers"));
      gtk_label_set_text (self->description, "");
      return;
    }

  if (is_host)
    {
      heading = g_strdup_printf (_("The server %s"), name);
      description = g_strdup (_("SMTP Probe connects to this server directly, without "
                                "looking up MX records. These are its addresses."));
    }
  else
    {
      heading = g_strdup_printf (_("Mail servers of %s"), name);
      description = g_strdup_printf (_("The MX records of %s name the servers that take its "
                                       "mail. SMTP Probe asks DNS for them, then for each "
                                       "server’s addresses."), name);
    }

  gtk_label_set_text (self->heading, heading);
  gtk_label_set_text (self->description, description);
}

static void
clear_list (SpPageServers *self)
{
  GtkWidget *child;

  self->syncing = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->servers_list))) != NULL)
    gtk_list_box_remove (self->servers_list, child);
  self->syncing = FALSE;

  gtk_label_set_text (self->queries_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->list_box), FALSE);
  gtk_widget_set_visible (self->dns_box, TRUE);
}

static void
fill_queries (SpPageServers *self,
              SpMxResult    *result)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; result->queries != NULL && i < result->queries->len; i++)
    {
      const SpDnsQuery *query = g_ptr_array_index (result->queries, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: a DNS query: type, name, status, time; "MX example.com: NOERROR, 12 ms" */
      g_string_append_printf (text, _("%-4s %s: %s, %.0f ms"),
                              query->type, query->name, query->status,
                              query->elapsed_usec / 1000.0);
    }

  if (result->servers != NULL && *result->servers != '\0')
    /* Translators: the label before the DNS servers that were asked, such as “Asked:
     * 127.0.0.53”. */
    g_string_append_printf (text, "\n%s %s", _("Asked:"), result->servers);
  else
    g_string_append_printf (text, "\n%s", _("Asked: this computer’s DNS servers"));

  gtk_label_set_text (self->queries_label, text->str);
}

static void
select_exchanger (SpPageServers *self)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  const char *wanted = model != NULL ? sp_form_model_get_exchanger (model) : "";
  GtkListBoxRow *first = NULL;
  GtkListBoxRow *chosen = NULL;

  for (int i = 0; ; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->servers_list, i);

      if (row == NULL)
        break;
      if (!gtk_widget_get_sensitive (GTK_WIDGET (row)))
        continue;
      if (first == NULL)
        first = row;
      if (*wanted != '\0' &&
          g_ascii_strcasecmp (g_object_get_data (G_OBJECT (row), "host"), wanted) == 0)
        chosen = row;
    }

  self->syncing = TRUE;
  gtk_list_box_select_row (self->servers_list, chosen != NULL ? chosen : first);
  self->syncing = FALSE;

  /* A chosen exchanger that is no longer listed falls back to the preferred one. */
  if (chosen == NULL && model != NULL)
    sp_form_model_set_exchanger (model, "");
}

static guint
count_addresses (SpMxResult *result)
{
  guint n = 0;

  for (guint i = 0; result != NULL && i < result->hosts->len; i++)
    {
      const SpMxHost *host = g_ptr_array_index (result->hosts, i);

      if (host->addresses != NULL)
        n += host->addresses->len;
    }

  return n;
}

static void
show_result (SpPageServers *self,
             SpMxResult    *result)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  g_autofree char *note = NULL;
  g_autofree char *body = NULL;
  g_autofree char *advice = NULL;

  clear_list (self);
  for (guint i = 0; i < result->hosts->len; i++)
    {
      const SpMxHost *host = g_ptr_array_index (result->hosts, i);
      GtkWidget *row;

      row = _sp_page_servers_create_row (host, result->implicit, self->lookup_is_host);
      gtk_list_box_append (self->servers_list, row);
    }
  fill_queries (self, result);
  gtk_widget_set_visible (GTK_WIDGET (self->list_box), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->all_check), count_addresses (result) > 1);
  /* Preferences mean something only among MX records; and a server given by its address
   * needs no DNS server at all. */
  gtk_widget_set_visible (self->list_hint, !self->lookup_is_host && !result->implicit);
  /* A server test chose its port beside the host, on the first page. */
  gtk_widget_set_visible (self->port_box, !self->lookup_is_host);
  gtk_widget_set_visible (self->dns_box, !self->lookup_is_host ||
                                         !g_hostname_is_ip_address (result->domain));
  select_exchanger (self);

  /* The note's words are the diagnosis's, as the CLI prints them. */
  note = sp_diagnosis_dup_lookup_note (result, &body, &advice);
  if (note != NULL)
    show_status (self, result->implicit ? STATUS_INFO : STATUS_WARNING, note, body, advice);
  else
    hide_status (self);

  if (model != NULL)
    sp_form_model_set_mx_result (model, result);
}

static void
show_error (SpPageServers *self,
            const GError  *error)
{
  const char *heading;
  const char *advice;

  _sp_page_servers_describe_error (error, &heading, &advice);
  show_status (self, STATUS_ERROR, heading, error->message, advice);
}

typedef struct
{
  SpPageServers *self;
  GCancellable  *cancellable;
  gboolean       is_host;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_object_unref (lookup->self);
  g_object_unref (lookup->cancellable);
  g_free (lookup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Lookup, lookup_free)

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Lookup) lookup = user_data;
  SpPageServers *self = lookup->self;
  g_autoptr(SpMxResult) mx = NULL;
  g_autoptr(GError) error = NULL;

  if (lookup->is_host)
    mx = sp_resolver_lookup_host_finish (SP_RESOLVER (object), result, &error);
  else
    mx = sp_resolver_lookup_mx_finish (SP_RESOLVER (object), result, &error);

  /* A newer lookup replaced this one, or the page went away: nothing to show. */
  if (!sp_page_end_work (SP_PAGE (self), lookup->cancellable))
    return;

  sp_page_servers_set_busy (self, FALSE);

  if (mx == NULL)
    {
      self->lookup_ok = FALSE;
      g_clear_pointer (&self->result, sp_mx_result_unref);
      clear_list (self);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_status (self, STATUS_INFO, _("The lookup was cancelled"), NULL,
                     _("Look up again when you are ready, or go back and change what to test."));
      else
        show_error (self, error);
    }
  else
    {
      self->lookup_ok = count_addresses (mx) > 0;
      g_clear_pointer (&self->result, sp_mx_result_unref);
      self->result = sp_mx_result_ref (mx);
      show_result (self, mx);
      if (!self->lookup_ok)
        show_status (self, STATUS_ERROR, _("None of the mail servers has an address"), NULL,
                     _("The domain’s DNS needs fixing before mail can arrive."));
    }

  sp_page_servers_update_complete (self);

  /* Keyboard users land on the list, where Enter tests the selected server. */
  if (self->lookup_ok && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (self->servers_list);

      if (row != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

void
sp_page_servers_lookup (SpPageServers *self)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  g_autoptr(SpResolver) resolver = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  g_autofree char *busy = NULL;
  gboolean is_host = FALSE;
  Lookup *lookup;

  g_return_if_fail (SP_IS_PAGE_SERVERS (self));

  sp_page_drop_work (SP_PAGE (self));

  self->lookup_ok = FALSE;
  g_clear_pointer (&self->result, sp_mx_result_unref);
  if (model != NULL)
    sp_form_model_set_mx_result (model, NULL);
  clear_list (self);
  sp_page_servers_update_heading (self);

  key = current_key (self, &name, &is_host);
  g_free (self->lookup_key);
  self->lookup_key = g_strdup (key);
  self->lookup_is_host = is_host;

  if (key == NULL)
    {
      show_status (self, STATUS_ERROR, _("Nothing to look up"), NULL,
                   _("Go back and enter an address, a domain or a server."));
      sp_page_servers_update_complete (self);
      return;
    }

  if (!sp_form_model_check_dns (model, NULL, &error))
    {
      sp_page_set_revealed (SP_PAGE (self), TRUE);
      sp_field_message_set_message (self->dns_message, error->message);
      show_status (self, STATUS_ERROR, _("The DNS server address is not valid"), NULL,
                   _("Correct the DNS server below, or use this computer’s DNS servers."));
      sp_page_servers_update_complete (self);
      return;
    }

  resolver = sp_resolver_new (sp_form_model_get_custom_dns (model)
                                ? sp_form_model_get_request (model)->dns_servers : NULL,
                              &error);
  if (resolver == NULL)
    {
      show_error (self, error);
      sp_page_servers_update_complete (self);
      return;
    }

  /* The time limit per step covers the lookup too: two tries that share it. */
  sp_resolver_set_timeout (resolver, MAX (sp_form_model_get_request (model)->timeout_ms / 2, 500),
                           2);

  hide_status (self);
  busy = is_host ? g_strdup_printf (_("Looking up the addresses of %s…"), name)
                 : g_strdup_printf (_("Looking up the mail servers of %s…"), name);
  gtk_label_set_text (self->busy_label, busy);
  sp_page_servers_set_busy (self, TRUE);
  sp_page_servers_update_complete (self);

  lookup = g_new0 (Lookup, 1);
  lookup->self = g_object_ref (self);
  lookup->cancellable = g_object_ref (sp_page_begin_work (SP_PAGE (self)));
  lookup->is_host = is_host;
  if (is_host)
    sp_resolver_lookup_host_async (resolver, name, lookup->cancellable, lookup_cb, lookup);
  else
    sp_resolver_lookup_mx_async (resolver, name, lookup->cancellable, lookup_cb, lookup);
}

static void
sp_page_servers_update_complete (SpPageServers *self)
{
  g_autofree char *key = current_key (self, NULL, NULL);

  sp_page_set_complete (SP_PAGE (self),
                        self->lookup_ok && !sp_page_is_working (SP_PAGE (self)) &&
                        g_strcmp0 (key, self->lookup_key) == 0);
}

static void
sp_page_servers_update_dns (SpPageServers *self)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  g_autofree char *message = NULL;
  gboolean custom;

  if (model == NULL)
    return;

  custom = sp_form_model_get_custom_dns (model);
  self->syncing = TRUE;
  gtk_check_button_set_active (custom ? self->custom_dns_check : self->system_dns_check, TRUE);
  self->syncing = FALSE;

  message = sp_form_model_dup_message (model, SP_FIELD_DNS_SERVERS);
  /* An empty server is only an error once a lookup was asked for. */
  if (message != NULL && *sp_form_model_get_request (model)->dns_servers == '\0' &&
      !sp_page_get_revealed (SP_PAGE (self)))
    g_clear_pointer (&message, g_free);
  sp_field_message_set_message (self->dns_message, message);
}

static void
sp_page_servers_model_notify (SpPage     *page,
                              GParamSpec *pspec)
{
  SpPageServers *self = SP_PAGE_SERVERS (page);
  SpFormModel *model = sp_page_get_model (page);
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "custom-dns") || g_str_equal (name, "dns-servers"))
    sp_page_servers_update_dns (self);
  else if (g_str_equal (name, "all-mx"))
    gtk_widget_set_sensitive (GTK_WIDGET (self->servers_list),
                              !sp_form_model_get_request (model)->all_mx);

  if (g_str_equal (name, "mx-result") || g_str_equal (name, "transcript"))
    return;

  sp_page_servers_update_complete (self);
}

static void
on_custom_dns_check_toggled (SpPageServers  *self,
                             GtkCheckButton *check)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));

  if (self->syncing || model == NULL)
    return;

  sp_form_model_set_custom_dns (model, gtk_check_button_get_active (self->custom_dns_check));
  if (gtk_check_button_get_active (self->custom_dns_check) &&
      !gtk_widget_has_focus (GTK_WIDGET (self->custom_dns_check)))
    gtk_widget_grab_focus (GTK_WIDGET (self->dns_entry));
}

static void
on_cancel_button_clicked (SpPageServers *self,
                          GtkButton     *button)
{
  sp_page_cancel (SP_PAGE (self));
}

static void
on_retry_button_clicked (SpPageServers *self,
                         GtkButton     *button)
{
  sp_page_servers_lookup (self);
}

static void
on_dns_entry_activate (SpPageServers *self,
                       GtkEntry      *entry)
{
  /* Enter in the DNS server field asks that server, as nslookup's "server" does. */
  sp_page_servers_lookup (self);
}

static void
on_servers_list_row_selected (SpPageServers *self,
                              GtkListBoxRow *row,
                              GtkListBox    *list)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));

  if (self->syncing || model == NULL || row == NULL || self->lookup_is_host)
    return;

  /* The first server that can be tested is tested as a sending server would: in MX
   * order, with failover. Any other one is tested alone. */
  for (int i = 0; ; i++)
    {
      GtkListBoxRow *first = gtk_list_box_get_row_at_index (list, i);

      if (first == NULL || gtk_widget_get_sensitive (GTK_WIDGET (first)))
        {
          const char *host = g_object_get_data (G_OBJECT (row), "host");

          sp_form_model_set_exchanger (model, first == row ? "" : host);
          break;
        }
    }
}

static void
on_servers_list_row_activated (SpPageServers *self,
                               GtkListBoxRow *row,
                               GtkListBox    *list)
{
  sp_page_request_next (SP_PAGE (self));
}

static void
sp_page_servers_bind_model (SpPage      *page,
                            SpFormModel *model)
{
  SpPageServers *self = SP_PAGE_SERVERS (page);

  sp_page_servers_update_dns (self);
  sp_page_servers_update_heading (self);
  sp_page_servers_update_complete (self);
}

static void
sp_page_servers_enter (SpPage   *page,
                       gboolean  forward)
{
  SpPageServers *self = SP_PAGE_SERVERS (page);
  g_autofree char *key = current_key (self, NULL, NULL);

  sp_page_servers_update_heading (self);

  /* Coming back from a later page keeps what was found, unless the question changed. */
  if (!sp_page_is_working (page) &&
      (g_strcmp0 (key, self->lookup_key) != 0 || (forward && !self->lookup_ok)))
    sp_page_servers_lookup (self);
  else if (self->lookup_ok)
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (self->servers_list);

      if (row != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

static void
sp_page_servers_reveal_problems (SpPage *page)
{
  SpPageServers *self = SP_PAGE_SERVERS (page);

  if (sp_page_is_working (page))
    return;

  sp_page_set_revealed (page, TRUE);
  sp_page_servers_update_dns (self);

  /* Enter on a stale or failed result asks again, with what is entered now. */
  sp_page_servers_lookup (self);
}

static void
sp_page_servers_reset (SpPage *page)
{
  SpPageServers *self = SP_PAGE_SERVERS (page);

  sp_page_drop_work (page);

  sp_page_servers_set_busy (self, FALSE);
  self->lookup_ok = FALSE;
  g_clear_pointer (&self->lookup_key, g_free);
  g_clear_pointer (&self->result, sp_mx_result_unref);
  clear_list (self);
  hide_status (self);
  sp_page_servers_update_complete (self);
}

static void
sp_page_servers_dispose (GObject *object)
{
  SpPageServers *self = SP_PAGE_SERVERS (object);

  g_clear_pointer (&self->result, sp_mx_result_unref);

  G_OBJECT_CLASS (sp_page_servers_parent_class)->dispose (object);
}

static void
sp_page_servers_finalize (GObject *object)
{
  SpPageServers *self = SP_PAGE_SERVERS (object);

  g_free (self->lookup_key);

  G_OBJECT_CLASS (sp_page_servers_parent_class)->finalize (object);
}

static void
sp_page_servers_class_init (SpPageServersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SpPageClass *page_class = SP_PAGE_CLASS (klass);

  object_class->dispose = sp_page_servers_dispose;
  object_class->finalize = sp_page_servers_finalize;

  page_class->bind_model = sp_page_servers_bind_model;
  page_class->model_notify = sp_page_servers_model_notify;
  page_class->enter = sp_page_servers_enter;
  page_class->reveal_problems = sp_page_servers_reveal_problems;
  page_class->reset = sp_page_servers_reset;

  g_type_ensure (SP_TYPE_FIELD_MESSAGE);

  g_type_ensure (SP_TYPE_CLAMP);
  g_type_ensure (SP_TYPE_PORT_CHOOSER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SP_RESOURCE_PREFIX "/sp-page-servers.ui");
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, all_check);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, busy_box);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, busy_label);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, custom_dns_check);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, description);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, dns_entry);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, dns_message);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, heading);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, list_box);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, queries_expander);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, queries_label);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, list_hint);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, dns_box);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, port_box);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, port_chooser);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, retry_button);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, servers_list);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, spinner);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, status_advice);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, status_body);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, status_box);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, status_heading);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, status_icon);
  gtk_widget_class_bind_template_child (widget_class, SpPageServers, system_dns_check);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_custom_dns_check_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_dns_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_button_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_servers_list_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_servers_list_row_selected);
}

static void
sp_page_servers_init (SpPageServers *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  sp_page_bind_request (SP_PAGE (self), "dns-servers", self->dns_entry, "text");
  sp_page_bind_request (SP_PAGE (self), "all-mx", self->all_check, "active");
  sp_page_bind_request (SP_PAGE (self), "port", self->port_chooser, "port");
  sp_page_add_spin_button (SP_PAGE (self), sp_port_chooser_get_spin_button (self->port_chooser));
}
