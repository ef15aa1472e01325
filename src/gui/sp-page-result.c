/* sp-page-result.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-page-result"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-clamp.h"
#include "sp-diagnosis.h"
#include "sp-gui-util.h"
#include "sp-log-view.h"
#include "sp-page-result.h"
#include "sp-wrap-layout.h"
#include "sp-probe.h"

/* The widest the page grows with a table of servers, in pixels; without one
 * it keeps the readable column of the other pages. */
#define RESULT_WIDTH_WITH_TABLE 1000

struct _SpPageResult
{
  SpPage          parent_instance;

  /* template widgets */
  GtkLabel       *action_status;
  GtkLabel       *advice_heading;
  GtkBox         *advice_list;
  GtkLabel       *backup_label;
  GtkLabel       *responder_label;
  GtkLabel       *settings_label;
  GtkFlowBox     *capabilities_box;
  SpClamp        *clamp;
  GtkBox         *capabilities_section;
  GtkMenuButton  *export_button;
  GtkBox         *explanation_box;
  GtkLabel       *headline;
  GtkLabel       *meaning_label;
  GtkLabel       *reasons_heading;
  GtkBox         *reasons_list;
  GtkLabel       *reply_heading;
  GtkLabel       *reply_label;
  GtkBox         *reply_section;
  GtkGrid        *servers_grid;
  GtkBox         *servers_section;
  GtkLabel       *summary_label;
  GtkLabel       *capabilities_heading;
  GtkLabel       *tls_heading;
  GtkExpander    *tls_details_expander;
  GtkLabel       *tls_details_label;
  GtkLabel       *tls_impact_label;
  GtkBox         *tls_problems_box;
  GtkBox         *tls_section;
  GtkImage       *tls_status_icon;
  GtkBox         *tls_status_box;
  GtkLabel       *tls_summary_label;
  GtkBox         *trust_box;
  GtkButton      *trust_button;
  GtkButton      *trust_cancel_button;
  GtkLabel       *trust_fingerprint_label;
  GtkLabel       *trust_problem_label;
  GtkBox         *verdict_box;
  GtkImage       *verdict_icon;
  GtkLabel       *verdict_label;
};

G_DEFINE_FINAL_TYPE (SpPageResult, sp_page_result, SP_TYPE_PAGE)

/* Short descriptions of the EHLO keywords people ask about; the others are shown as they are. */
static const struct {
  const char *keyword;
  const char *description;
} capability_descriptions[] = {
  { "8BITMIME", N_("Takes messages with 8-bit text (RFC 6152)") },
  { "AUTH", N_("Lets senders sign in; listed with the methods it offers (RFC 4954)") },
  { "CHUNKING", N_("Takes messages in chunks with BDAT (RFC 3030)") },
  { "DSN", N_("Sends delivery status notifications on request (RFC 3461)") },
  { "ENHANCEDSTATUSCODES", N_("Adds detailed codes such as 5.1.1 to its replies (RFC 2034)") },
  { "PIPELINING", N_("Takes several commands at once (RFC 2920)") },
  { "SIZE", N_("Says how large a message may be (RFC 1870)") },
  { "SMTPUTF8", N_("Takes addresses with non-ASCII characters (RFC 6531)") },
  { "STARTTLS", N_("Can switch the connection to encryption (RFC 3207)") },
  { "REQUIRETLS", N_("Can insist on encryption all the way (RFC 8689)") },
};

static void
set_verdict_style (SpPageResult *self,
                   SpTranscript *transcript)
{
  SpVerdict verdict = sp_transcript_get_verdict (transcript);

  /* The tone is the diagnosis's, as in the CLI and the exports: amber
   * when mail gets through only partly. */
  sp_gui_show_tone (GTK_WIDGET (self->verdict_box), self->verdict_icon,
                    sp_diagnosis_get_transcript_tone (transcript),
                    sp_verdict_get_label (verdict));
}

static void
show_explanation (SpPageResult *self,
                  SpTranscript *transcript)
{
  const char *detail = sp_transcript_get_verdict_detail (transcript);
  g_autoptr(SpExplanation) explanation = sp_diagnosis_explain_transcript (transcript);

  if (explanation != NULL)
    {
      guint n_reasons = sp_gui_set_bullets (self->reasons_list,
                                            sp_explanation_get_reasons (explanation));
      guint n_advice = sp_gui_set_bullets (self->advice_list,
                                           sp_explanation_get_advice (explanation));
      g_autofree char *meaning = NULL;
      const char *code_meaning = sp_explanation_get_code_meaning (explanation);

      meaning = code_meaning != NULL
                  ? g_strdup_printf ("%s\n\n%s", sp_explanation_get_meaning (explanation),
                                     code_meaning)
                  : g_strdup (sp_explanation_get_meaning (explanation));
      gtk_label_set_text (self->meaning_label, meaning);
      gtk_widget_set_visible (GTK_WIDGET (self->reasons_heading), n_reasons > 0);
      gtk_widget_set_visible (GTK_WIDGET (self->reasons_list), n_reasons > 0);
      gtk_widget_set_visible (GTK_WIDGET (self->advice_heading), n_advice > 0);
      gtk_widget_set_visible (GTK_WIDGET (self->advice_list), n_advice > 0);
      gtk_widget_set_visible (GTK_WIDGET (self->explanation_box), TRUE);
      return;
    }

  /* An accepted test needs no diagnosis: the transcript's own sentence about the
   * verdict is the explanation. */
  gtk_label_set_text (self->meaning_label, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reasons_heading), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->reasons_list), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->advice_heading), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->advice_list), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->explanation_box), detail != NULL && *detail != '\0');
}

/* Server text (replies, certificate fields), escaped line by line as
 * the log and the exports have it, so that no direction or format
 * character can reorder what the label shows. */
static char *
join_escaped (const char * const *lines)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      g_autofree char *line = sp_transcript_escape_text (lines[i], -1);

      if (i > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, line);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
show_reply (SpPageResult *self,
            SpTranscript *transcript)
{
  static const char * const reply_classes[] = {
    SP_LOG_TAG_SUCCESS, SP_LOG_TAG_INTERMEDIATE, SP_LOG_TAG_TRANSIENT, SP_LOG_TAG_PERMANENT, NULL
  };
  SpStepRecord *step = sp_diagnosis_find_deciding_step (transcript, NULL);
  g_autofree char *heading = NULL;
  g_autofree char *text = NULL;
  const char *tone_class = NULL;

  if (step == NULL || (sp_step_record_get_reply (step) == NULL
                       && sp_step_record_get_error (step) == NULL))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->reply_section), FALSE);
      return;
    }

  if (sp_step_record_get_reply (step) != NULL)
    {
      g_autofree char *lines = join_escaped (sp_reply_get_lines (sp_step_record_get_reply (step)));
      SpReplyClass klass = sp_reply_get_class (sp_step_record_get_reply (step));

      tone_class = sp_log_view_tone_tag (sp_diagnosis_get_reply_tone (klass));

      /* Translators: "The deciding reply, at the step “Recipient (RCPT TO)”", as the
       * text export says it */
      heading = g_strdup_printf (_("The deciding reply, at the step “%s”"),
                                 sp_step_get_label (sp_step_record_get_step (step)));
      /* The class in words next to its colour, as in the log. */
      text = g_strdup_printf ("%s\n%s %s", lines, sp_log_view_class_symbol (klass),
                              sp_reply_class_get_label (klass));
    }
  else
    {
      /* Translators: "What went wrong, at Connection" */
      heading = g_strdup_printf (_("What went wrong, at %s"),
                                 sp_step_get_label (sp_step_record_get_step (step)));
      /* Messages may name hosts from DNS: escaped like the log. */
      text = sp_transcript_escape_text (sp_step_record_get_error (step)->message, -1);
    }

  /* A local failure must not keep the colour of the previous run's reply. */
  sp_gui_swap_css_class (GTK_WIDGET (self->reply_label), reply_classes, tone_class);
  gtk_label_set_text (self->reply_heading, heading);
  gtk_label_set_text (self->reply_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->reply_section), TRUE);
}

static void
show_capabilities (SpPageResult *self,
                   SpTranscript *transcript)
{
  const SpCapabilities *capabilities = NULL;
  const char * const *keywords;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->capabilities_box))) != NULL)
    gtk_flow_box_remove (self->capabilities_box, child);

  /* The deciding server's, as the heading says (name_sections ()). */
  if (sp_transcript_get_deciding_attempt (transcript) != NULL)
    capabilities = sp_attempt_get_capabilities (sp_transcript_get_deciding_attempt (transcript));

  if (capabilities == NULL || (keywords = sp_capabilities_get_keywords (capabilities)) == NULL ||
      keywords[0] == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->capabilities_section), FALSE);
      return;
    }

  for (guint i = 0; keywords[i] != NULL; i++)
    {
      const char *params = sp_capabilities_get_params (capabilities, keywords[i]);
      g_autofree char *text = NULL;
      GtkWidget *chip;

      text = params != NULL && *params != '\0' ? g_strdup_printf ("%s %s", keywords[i], params)
                                               : g_strdup (keywords[i]);
      chip = gtk_label_new (text);
      gtk_widget_add_css_class (chip, "chip");
      for (guint j = 0; j < G_N_ELEMENTS (capability_descriptions); j++)
        if (g_ascii_strcasecmp (keywords[i], capability_descriptions[j].keyword) == 0)
          gtk_widget_set_tooltip_text (chip, _(capability_descriptions[j].description));

      gtk_flow_box_append (self->capabilities_box, chip);
      /* Chips are read, not visited: keep them out of the Tab order. */
      gtk_widget_set_focusable (gtk_widget_get_parent (chip), FALSE);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->capabilities_section), TRUE);
}

static void
set_tls_status (SpPageResult *self,
                const char   *icon,
                const char   *css,
                const char   *label,
                const char   *text)
{
  sp_gui_swap_css_class (GTK_WIDGET (self->tls_status_box), sp_gui_tone_classes, css);
  sp_gui_set_icon (self->tls_status_icon, icon, label);
  gtk_label_set_text (self->tls_summary_label, text);
}

static void
add_tls_problem (SpPageResult *self,
                 const char   *text)
{
  GtkWidget *row;
  GtkWidget *icon;
  GtkWidget *label;

  /* The icon and the word "Problem" for those who cannot see its colour. */
  row = g_object_new (GTK_TYPE_BOX,
                      "spacing", 8,
                      "accessible-role", GTK_ACCESSIBLE_ROLE_LIST_ITEM,
                      NULL);
  gtk_widget_add_css_class (row, "tls-problem");

  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problem"),
                                  -1);
  gtk_box_append (GTK_BOX (row), icon);

  label = g_object_new (GTK_TYPE_LABEL,
                        "label", text,
                        "wrap", TRUE,
                        "wrap-mode", PANGO_WRAP_WORD_CHAR,
                        "xalign", 0.0f,
                        "hexpand", TRUE,
                        "selectable", TRUE,
                        NULL);
  gtk_box_append (GTK_BOX (row), label);

  gtk_box_append (self->tls_problems_box, row);
}

static void
show_tls (SpPageResult *self,
          SpTranscript *transcript)
{
  SpAttempt *attempt = sp_transcript_get_deciding_attempt (transcript);
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  SpTlsReport *report = attempt != NULL ? sp_attempt_get_tls_report (attempt) : NULL;
  g_auto(GStrv) problems = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *impact = NULL;
  g_autofree char *details = NULL;
  SpTlsPolicy policy;
  const char *why;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tls_problems_box))) != NULL)
    gtk_box_remove (self->tls_problems_box, child);

  if (report == NULL)
    {
      /* Only a conversation that got as far as EHLO could have been encrypted. */
      if (attempt == NULL || sp_attempt_get_capabilities (attempt) == NULL)
        {
          gtk_widget_set_visible (GTK_WIDGET (self->tls_section), FALSE);
          return;
        }

      policy = model != NULL ? sp_form_model_get_tls_policy (model)
                             : SP_TLS_POLICY_OPPORTUNISTIC;
      if (policy == SP_TLS_POLICY_OFF)
        why = _("Not encrypted: encryption was off for this test (see Advanced on the message "
                "page).");
      else if (sp_capabilities_has (sp_attempt_get_capabilities (attempt), "STARTTLS"))
        why = _("Not encrypted: the server offers STARTTLS, but encryption could not be set "
                "up. The log says why.");
      else if (policy == SP_TLS_POLICY_REQUIRED)
        why = _("Not encrypted: the server does not offer STARTTLS, and encryption was "
                "required, so the test stopped there.");
      else
        why = _("Not encrypted: the server does not offer STARTTLS, so the test went on in "
                "plain text, as a sending server would.");
      /* Translators: the encryption status of the session on the result page. */
      set_tls_status (self, "channel-insecure-symbolic", "info", _("Not encrypted"), why);
      gtk_widget_set_visible (GTK_WIDGET (self->tls_problems_box), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->tls_impact_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->tls_details_expander), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->tls_section), TRUE);
      return;
    }

  summary = sp_tls_report_dup_summary (report);
  if (report->validated)
    /* Translators: the encryption status of the session on the result page. */
    set_tls_status (self, "channel-secure-symbolic", "success", _("Certificate valid"), summary);
  else
    set_tls_status (self, "dialog-warning-symbolic", "warning", _("Certificate not valid"),
                    summary);

  problems = sp_tls_report_dup_problems (report);
  for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
    {
      /* The sentences quote the certificate's names. */
      g_autofree char *problem = sp_transcript_escape_text (problems[i], -1);

      add_tls_problem (self, problem);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->tls_problems_box),
                          problems != NULL && problems[0] != NULL);

  impact = sp_diagnosis_dup_tls_delivery_impact (report);
  gtk_label_set_text (self->tls_impact_label, impact != NULL ? impact : "");
  gtk_widget_set_visible (GTK_WIDGET (self->tls_impact_label), impact != NULL && *impact != '\0');

  /* The whole report, as the log and the exports have it. */
  lines = sp_tls_report_format (report);
  details = join_escaped ((const char * const *) lines);
  gtk_label_set_text (self->tls_details_label, details);
  gtk_widget_set_visible (GTK_WIDGET (self->tls_details_expander), TRUE);

  gtk_widget_set_visible (GTK_WIDGET (self->tls_section), TRUE);
}

/* Offers to trust the certificate for one run, with what is wrong with it
 * and its fingerprint to compare. */
static void
show_trust (SpPageResult *self,
            SpTranscript *transcript)
{
  const SpTlsReport *report = sp_probe_find_untrusted_certificate (transcript);
  g_auto(GStrv) problems = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->trust_box), report != NULL);
  if (report == NULL)
    return;

  summary = sp_tls_report_dup_summary (report);
  problems = sp_tls_report_dup_problems (report);
  lines = g_strjoinv ("\n", problems);
  text = g_strdup_printf ("%s\n%s", summary, lines);
  g_strstrip (text);
  gtk_label_set_text (self->trust_problem_label, text);
  gtk_label_set_text (self->trust_fingerprint_label, report->sha256);
}

static void
on_trust_cancel_clicked (SpPageResult *self,
                         GtkButton    *button)
{
  gtk_widget_set_visible (GTK_WIDGET (self->trust_box), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->export_button));
}

static void
on_trust_clicked (SpPageResult *self,
                  GtkButton    *button)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  SpTranscript *transcript = model != NULL ? sp_form_model_get_transcript (model) : NULL;
  const SpTlsReport *report = NULL;

  if (transcript != NULL)
    report = sp_probe_find_untrusted_certificate (transcript);

  if (report == NULL)
    return;

  /* Only the exact certificate shown, and only for the run that follows. */
  sp_form_model_set_accepted_certificate (model, report->sha256);
  gtk_widget_set_visible (GTK_WIDGET (self->trust_box), FALSE);
  gtk_widget_activate_action (GTK_WIDGET (self), "wizard.run-again", NULL);
}

static GtkWidget *
server_cell (const char *text,
             gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  if (heading)
    gtk_widget_add_css_class (label, "heading");

  return label;
}

/* Every server's outcome, in the order a sending server tries them, with
 * the same words as the CLI's table and the exports'. The address goes
 * under the server's name, to leave the reply room. */
static void
show_servers (SpPageResult *self,
              SpTranscript *transcript)
{
  static const SpServerColumn columns[] = {
    SP_SERVER_COLUMN_PREFERENCE,
    SP_SERVER_COLUMN_HOST,
    SP_SERVER_COLUMN_OUTCOME,
    SP_SERVER_COLUMN_REPLY,
    SP_SERVER_COLUMN_TIME,
  };
  guint n_attempts = sp_transcript_get_n_attempts (transcript);
  g_autofree char *backup = sp_diagnosis_dup_backup_warning (transcript);
  g_autofree char *responder = sp_diagnosis_dup_responder_note (transcript);
  GtkWidget *child;

  if (backup != NULL)
    {
      /* Translators: a warning sign before the sentence about the backup
       * server, so that it does not read as colour alone */
      g_autofree char *text = g_strdup_printf (_("⚠ %s"), backup);

      gtk_label_set_text (self->backup_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->backup_label), backup != NULL);

  gtk_label_set_text (self->settings_label, sp_transcript_get_summary (transcript) != NULL
                                              ? sp_transcript_get_summary (transcript) : "");
  gtk_widget_set_visible (GTK_WIDGET (self->settings_label),
                          sp_transcript_get_summary (transcript) != NULL);
  gtk_label_set_text (self->responder_label, responder != NULL ? responder : "");
  gtk_widget_set_visible (GTK_WIDGET (self->responder_label), responder != NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->servers_grid))) != NULL)
    gtk_grid_remove (self->servers_grid, child);

  gtk_widget_set_visible (GTK_WIDGET (self->servers_section), n_attempts > 1);
  /* The table of servers needs more room than a column of text: in a wide
   * window the replies then fit on a line or two. */
  sp_clamp_set_maximum_size (self->clamp, n_attempts > 1 ? RESULT_WIDTH_WITH_TABLE
                                                         : SP_CLAMP_DEFAULT_MAXIMUM_SIZE);
  if (n_attempts < 2)
    return;

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    gtk_grid_attach (self->servers_grid,
                     server_cell (sp_server_column_get_label (columns[c]), TRUE), c, 0, 1, 1);

  for (guint r = 0; r < n_attempts; r++)
    {
      SpAttempt *attempt = sp_transcript_get_attempt (transcript, r);

      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          g_autofree char *text = sp_diagnosis_dup_server_cell (attempt, columns[c]);
          GtkWidget *cell = server_cell (text, FALSE);

          if (columns[c] == SP_SERVER_COLUMN_HOST)
            {
              g_autofree char *address =
                sp_diagnosis_dup_server_cell (attempt, SP_SERVER_COLUMN_ADDRESS);
              GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
              GtkWidget *second = server_cell (address, FALSE);

              gtk_widget_add_css_class (second, "dim-label");
              gtk_box_append (GTK_BOX (box), cell);
              gtk_box_append (GTK_BOX (box), second);
              cell = box;
            }
          else if (columns[c] == SP_SERVER_COLUMN_OUTCOME)
            {
              GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
              GtkWidget *icon;
              const char *icon_name;
              const char *css;

              sp_gui_tone_style (sp_diagnosis_get_attempt_tone (attempt), &icon_name, &css);
              icon = gtk_image_new_from_icon_name (icon_name);
              gtk_widget_set_valign (icon, GTK_ALIGN_START);
              /* The word says it; the icon is for the eye. */
              gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN,
                                           TRUE, -1);
              gtk_widget_add_css_class (box, css);
              gtk_widget_add_css_class (box, "server-outcome");
              gtk_box_append (GTK_BOX (box), icon);
              gtk_box_append (GTK_BOX (box), cell);
              cell = box;
            }
          else if (columns[c] == SP_SERVER_COLUMN_REPLY)
            {
              gtk_label_set_wrap (GTK_LABEL (cell), TRUE);
              gtk_label_set_wrap_mode (GTK_LABEL (cell), PANGO_WRAP_WORD);
              gtk_label_set_width_chars (GTK_LABEL (cell), 20);
              gtk_label_set_max_width_chars (GTK_LABEL (cell), 48);
              gtk_widget_set_hexpand (cell, TRUE);
              gtk_widget_add_css_class (cell, "monospace");
            }
          else if (columns[c] == SP_SERVER_COLUMN_PREFERENCE ||
                   columns[c] == SP_SERVER_COLUMN_TIME)
            gtk_widget_add_css_class (cell, "numeric");

          gtk_grid_attach (self->servers_grid, cell, c, r + 1, 1, 1);
        }
    }
}

/* The sections about one server name it: with several servers tried,
 * what they show is the deciding server's. */
static void
name_sections (SpPageResult *self,
               SpTranscript *transcript)
{
  SpAttempt *attempt = sp_transcript_get_deciding_attempt (transcript);
  g_autofree char *host = NULL;
  g_autofree char *capabilities = NULL;
  g_autofree char *tls = NULL;

  if (attempt == NULL || sp_transcript_get_n_attempts (transcript) < 2)
    {
      gtk_label_set_text (self->capabilities_heading, _("What the server supports"));
      gtk_label_set_text (self->tls_heading, _("Encryption and certificate"));
      return;
    }

  host = sp_transcript_escape_text (sp_attempt_get_host (attempt), -1);
  /* Translators: %s is a mail server's name */
  capabilities = g_strdup_printf (_("What %s supports"), host);
  /* Translators: %s is a mail server's name */
  tls = g_strdup_printf (_("Encryption and certificate of %s"), host);
  gtk_label_set_text (self->capabilities_heading, capabilities);
  gtk_label_set_text (self->tls_heading, tls);
}

static void
show_summary (SpPageResult *self,
              SpTranscript *transcript)
{
  SpAttempt *attempt = sp_transcript_get_deciding_attempt (transcript);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_attempts = sp_transcript_get_n_attempts (transcript);
  guint n_entries = sp_transcript_get_n_entries (transcript);

  if (attempt != NULL)
    {
      g_autofree char *host = sp_transcript_escape_text (sp_attempt_get_host (attempt), -1);

      /* Translators: %s first is the server's name, then its IP address; %u the port (not a
       * count). */
      g_string_append_printf (text, _("Tested %s (%s) on port %u."),
                              host, sp_attempt_get_address (attempt),
                              sp_attempt_get_port (attempt));
      if (n_attempts > 1)
        {
          g_autofree char *count = NULL;

          count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u connection in all.",
                                                "%u connections in all.", n_attempts),
                                   n_attempts);
          g_string_append_printf (text, " %s", count);
        }
    }

  if (attempt != NULL && sp_attempt_get_auth_mechanism (attempt) != NULL)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      if (sp_attempt_get_authenticated (attempt))
        /* Translators: "Signed in as kate with PLAIN." */
        g_string_append_printf (text, _("Signed in as %s with %s."),
                                sp_attempt_get_auth_user (attempt),
                                sp_attempt_get_auth_mechanism (attempt));
      else
        g_string_append_printf (text, _("The sign-in as %s was not accepted."),
                                sp_attempt_get_auth_user (attempt));
    }

  if (n_entries > 1)
    {
      const SpTranscriptEntry *first = sp_transcript_get_entry (transcript, 0);
      const SpTranscriptEntry *last = sp_transcript_get_entry (transcript, n_entries - 1);
      double seconds = (last->mono_usec - first->mono_usec) / (double) G_USEC_PER_SEC;

      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, _("The test took %.2f seconds."), seconds);
    }

  gtk_label_set_text (self->summary_label, text->str);
}

static void
sp_page_result_show (SpPageResult *self)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  SpTranscript *transcript = model != NULL ? sp_form_model_get_transcript (model) : NULL;
  g_autofree char *headline = NULL;
  g_autofree char *verdict = NULL;
  g_autoptr(GString) parts = NULL;
  SpAttempt *attempt;
  SpVerdict value;
  SpStep step;

  sp_page_result_set_status (self, NULL);

  if (transcript == NULL)
    {
      sp_page_set_complete (SP_PAGE (self), FALSE);
      return;
    }

  value = sp_transcript_get_verdict (transcript);
  step = sp_transcript_get_deciding_step (transcript);
  attempt = sp_transcript_get_deciding_attempt (transcript);

  /* The diagnosis's sentence, as the CLI and the exports have it. */
  headline = sp_diagnosis_dup_headline (transcript);
  gtk_label_set_text (self->headline, headline);

  /* The verdict in a word, where it was decided and by whom; "Could not
   * connect" already says where. */
  parts = g_string_new (sp_verdict_get_label (value));
  if (step != SP_STEP_NONE && value != SP_VERDICT_CONNECT_FAILED)
    g_string_append_printf (parts, " · %s", sp_step_get_label (step));
  if (step != SP_STEP_NONE && attempt != NULL)
    {
      g_autofree char *host = sp_transcript_escape_text (sp_attempt_get_host (attempt), -1);

      g_string_append_printf (parts, " · %s", host);
    }
  verdict = g_string_free (g_steal_pointer (&parts), FALSE);

  /* With every mail server tested, the verdict is the first failure's: say
   * that others accepted. */
  if (sp_transcript_get_mixed (transcript))
    {
      g_autofree char *plain = g_steal_pointer (&verdict);

      /* Translators: "Some servers accepted · Refused · Recipient (RCPT TO) ·
       * mx2.example.com", after a test of every mail server. */
      verdict = g_strdup_printf (_("Some servers accepted · %s"), plain);
    }

  /* The test went on past a bad certificate, as diagnosing needs; the verdict says so. */
  if (sp_transcript_has_tls_problems (transcript))
    {
      g_autofree char *plain = g_steal_pointer (&verdict);

      /* Translators: "Accepted · Recipient (RCPT TO) · mx1.example.com · ⚠ Certificate
       * problems" */
      verdict = g_strdup_printf (_("%s · ⚠ Certificate problems"), plain);
    }
  gtk_label_set_text (self->verdict_label, verdict);

  set_verdict_style (self, transcript);
  show_reply (self, transcript);
  show_explanation (self, transcript);
  show_tls (self, transcript);
  show_trust (self, transcript);
  show_capabilities (self, transcript);
  show_servers (self, transcript);
  name_sections (self, transcript);
  show_summary (self, transcript);

  sp_page_set_complete (SP_PAGE (self), TRUE);
}

static void
sp_page_result_enter (SpPage   *page,
                      gboolean  forward)
{
  SpPageResult *self = SP_PAGE_RESULT (page);

  sp_page_result_show (self);

  /* The headline is what to read first; Tab goes on to the actions. */
  gtk_widget_grab_focus (GTK_WIDGET (self->export_button));
}

static void
sp_page_result_reset (SpPage *page)
{
  SpPageResult *self = SP_PAGE_RESULT (page);

  gtk_label_set_text (self->headline, "");
  sp_page_result_set_status (self, NULL);
  sp_page_set_complete (page, FALSE);
}

static void
sp_page_result_class_init (SpPageResultClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SpPageClass *page_class = SP_PAGE_CLASS (klass);

  page_class->enter = sp_page_result_enter;
  page_class->reset = sp_page_result_reset;

  g_type_ensure (SP_TYPE_CLAMP);
  g_type_ensure (SP_TYPE_WRAP_LAYOUT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SP_RESOURCE_PREFIX "/sp-page-result.ui");
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, action_status);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, advice_heading);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, advice_list);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, backup_label);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, responder_label);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, settings_label);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, capabilities_heading);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, capabilities_box);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, clamp);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, capabilities_section);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, explanation_box);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, export_button);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, headline);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, meaning_label);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, reasons_heading);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, reasons_list);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, reply_heading);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, reply_label);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, reply_section);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, servers_grid);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, servers_section);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, tls_details_expander);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, tls_details_label);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, tls_heading);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, tls_impact_label);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, tls_problems_box);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, tls_section);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, tls_status_box);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, tls_status_icon);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, tls_summary_label);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, trust_box);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, trust_button);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, trust_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, trust_fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, trust_problem_label);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, verdict_box);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, SpPageResult, verdict_label);

  gtk_widget_class_bind_template_callback (widget_class, on_trust_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_trust_clicked);
}

static void
sp_page_result_init (SpPageResult *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

const char *
sp_page_result_get_headline (SpPageResult *self)
{
  g_return_val_if_fail (SP_IS_PAGE_RESULT (self), NULL);

  return gtk_label_get_text (self->headline);
}

void
sp_page_result_set_status (SpPageResult *self,
                           const char   *status)
{
  g_return_if_fail (SP_IS_PAGE_RESULT (self));

  gtk_label_set_text (self->action_status, status != NULL ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->action_status), status != NULL && *status != '\0');
}

void
sp_page_result_popup_export (SpPageResult *self)
{
  g_return_if_fail (SP_IS_PAGE_RESULT (self));

  gtk_menu_button_popup (self->export_button);
}
