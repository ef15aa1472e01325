/* sp-page-servers-rows.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-page-servers"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-diagnosis.h"
#include "sp-gui-util.h"
#include "sp-page-servers-private.h"

/* What the mail server page shows for each exchanger and each kind of
 * failure, apart from the page's behaviour. The explanations are the
 * diagnosis's (sp-diagnosis-dns.c). */

GtkWidget *
_sp_page_servers_create_row (const SpMxHost *host,
                             gboolean        implicit,
                             gboolean        is_host)
{
  g_autofree char *addresses = sp_mx_host_dup_address_list (host);
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

  sp_gui_append_label (GTK_BOX (texts), name, "heading");

  if (host->error != NULL)
    {
      g_autofree char *text = g_strdup_printf ("⚠ %s", host->error->message);

      /* The sign says "warning" without the colour, and reads as text. */
      sp_gui_append_label (GTK_BOX (texts), text, "reply-transient");
      /* A server without an address cannot be tested. */
      gtk_widget_set_sensitive (row, FALSE);
    }
  else
    {
      label = sp_gui_append_label (GTK_BOX (texts), addresses, "dim-label");
      gtk_widget_add_css_class (label, "monospace");
    }

  if (is_host)
    /* Translators: what a screen reader says for a mail server: its name, then its IP addresses
     * separated by commas. */
    accessible = g_strdup_printf (_("%s, addresses %s"), name, addresses);
  else if (host->error != NULL)
    /* Translators: what a screen reader says for a mail server: its MX preference (10, not a
     * count), its name, then why it has no address. */
    accessible = g_strdup_printf (_("Preference %u, %s: %s"),
                                  host->preference, name, host->error->message);
  else
    /* Translators: what a screen reader says for a mail server: its MX preference (10, not a
     * count), its name, then its IP addresses separated by commas. */
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
  g_autofree char *advice = sp_diagnosis_dup_lookup_advice (error);

  /* The words are the diagnosis's, so that the CLI and the result page
   * give the same advice. The page borrows them: there are a dozen texts
   * at most, so keeping each for the life of the process costs little. */
  *heading_out = sp_diagnosis_get_lookup_heading (error);
  *advice_out = g_intern_string (advice);
}
