/* sp-page-servers-rows.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-page-servers"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-page-servers-private.h"

/* What the mail server page shows for each exchanger and each kind of failure:
 * the words, apart from the page's behaviour. */

static char *
join_addresses (const SpMxHost *host)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; host->addresses != NULL && i < host->addresses->len; i++)
    {
      g_autofree char *address = g_inet_address_to_string (g_ptr_array_index (host->addresses, i));

      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, address);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

GtkWidget *
_sp_page_servers_create_row (const SpMxHost *host,
                             gboolean        implicit,
                             gboolean        is_host)
{
  g_autofree char *addresses = join_addresses (host);
  g_autofree char *preference = NULL;
  g_autofree char *accessible = NULL;
  /* The name comes from DNS, which is as untrusted as any server. */
  g_autofree char *name = sp_transcript_escape_text (host->host, -1);
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *texts;
  GtkWidget *label;

  row = gtk_list_box_row_new ();
  g_object_set_data_full (G_OBJECT (row), "host", g_strdup (host->host), g_free);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (box, "server-row");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  if (is_host)
    preference = g_strdup ("");
  else if (implicit)
    preference = g_strdup (C_("MX preference of a domain without MX records", "—"));
  else
    preference = g_strdup_printf ("%u", host->preference);

  label = gtk_label_new (preference);
  gtk_label_set_width_chars (GTK_LABEL (label), 4);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "preference");
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_tooltip_text (label, _("Preference: sending servers try lower numbers first"));
  gtk_widget_set_visible (label, !is_host);
  gtk_box_append (GTK_BOX (box), label);

  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (box), texts);

  label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (texts), label);

  if (host->error != NULL)
    {
      g_autofree char *text = g_strdup_printf ("⚠ %s", host->error->message);

      /* The sign says "warning" without the colour, and reads as text. */
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (label, "reply-transient");
      gtk_box_append (GTK_BOX (texts), label);
      /* A server without an address cannot be tested. */
      gtk_widget_set_sensitive (row, FALSE);
    }
  else
    {
      label = gtk_label_new (addresses);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "monospace");
      gtk_box_append (GTK_BOX (texts), label);
    }

  if (is_host)
    accessible = g_strdup_printf (_("%s, addresses %s"), name, addresses);
  else if (host->error != NULL)
    accessible = g_strdup_printf (_("Preference %u, %s: %s"),
                                  host->preference, name, host->error->message);
  else
    accessible = g_strdup_printf (_("Preference %u, %s, addresses %s"),
                                  host->preference, name, addresses);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return row;
}

void
_sp_page_servers_describe_error (const GError  *error,
                                 const char   **heading_out,
                                 const char   **advice_out)
{
  const char *heading = _("The lookup failed");
  const char *advice = NULL;

  if (error->domain == SP_RESOLVER_ERROR)
    {
      switch ((SpResolverError) error->code)
        {
        case SP_RESOLVER_ERROR_NULL_MX:
          heading = _("This domain accepts no email");
          advice = _("Check the address for typing mistakes. If it is right, the "
                     "recipient’s organisation has chosen not to receive email at this "
                     "domain; ask them for another address.");
          break;

        case SP_RESOLVER_ERROR_NOT_FOUND:
          heading = _("The domain does not exist");
          advice = _("Check the spelling. If you ask a DNS server of your own below, make "
                     "sure it knows the domain.");
          break;

        case SP_RESOLVER_ERROR_NO_MAIL_HOST:
          heading = _("The domain has no mail server");
          advice = _("The domain’s owner has to publish an MX record. Until then, mail to it "
                     "cannot be delivered.");
          break;

        case SP_RESOLVER_ERROR_NO_ADDRESSES:
          heading = _("The mail servers have no addresses");
          advice = _("The MX records name hosts without A or AAAA records. The domain’s DNS "
                     "needs fixing before mail can arrive.");
          break;

        case SP_RESOLVER_ERROR_TIMED_OUT:
          heading = _("DNS did not answer in time");
          advice = _("Look up again, or ask another DNS server below, such as 1.1.1.1 or "
                     "your organisation’s own.");
          break;

        case SP_RESOLVER_ERROR_SERVER_FAILURE:
          heading = _("DNS could not find an answer");
          advice = _("Look up again later, or ask another DNS server below. If it keeps "
                     "failing, tell the domain’s owner.");
          break;

        case SP_RESOLVER_ERROR_REFUSED:
          heading = _("The DNS server refused to answer");
          advice = _("Ask another DNS server below.");
          break;

        case SP_RESOLVER_ERROR_CONNECTION:
          heading = _("The DNS server cannot be reached");
          advice = _("Check the network connection and the DNS server’s address below.");
          break;

        case SP_RESOLVER_ERROR_INVALID_NAME:
          heading = _("This name cannot be looked up");
          advice = _("Go back and check what you entered.");
          break;

        case SP_RESOLVER_ERROR_INVALID_SERVER:
          heading = _("The DNS server address is not valid");
          advice = _("Correct the DNS server below.");
          break;

        case SP_RESOLVER_ERROR_FAILED:
        default:
          break;
        }
    }

  *heading_out = heading;
  *advice_out = advice;
}

