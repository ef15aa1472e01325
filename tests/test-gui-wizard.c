/* test-gui-wizard.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wizard from the first page to the result, driven in-process as a
 * person would (typing into the fields, Enter to go on), against a private
 * dnsmasq for example.test and a private Postfix as its mail server: once
 * for a recipient Postfix knows, once for one it refuses. It checks the
 * log's text and classes and the verdict, and saves every page as a PNG in
 * light and dark at 800×600 and 1280×800 (tests/screenshots/ in the build
 * directory), plus the mail server page's statuses for a null MX, a domain
 * that does not exist and a domain without MX records, and a session over
 * STARTTLS with a certificate for another name, whose report the result
 * page shows. */

#include <string.h>

#include "sp-diagnosis.h"
#include "sp-log-view.h"
#include "sp-page-result.h"
#include "sp-page-session.h"
#include "sp-port-chooser.h"
#include "sp-practice.h"
#include "sp-step-list.h"
#include "sp-test-certs.h"
#include "sp-test-cli.h"
#include "sp-test-dnsmasq.h"
#include "sp-test-gui.h"
#include "sp-test-postfix.h"
#include "sp-test-util.h"

typedef struct
{
  int width;
  int height;
} Size;

static const Size sizes[] = { { 800, 600 }, { 1280, 800 } };

/* Helpers */

static GtkWidget *
child (gpointer    widget,
       const char *name)
{
  return sp_test_gui_child (widget, name);
}

static SpPage *
page (SpWindow     *window,
      SpWindowPage  which)
{
  return sp_window_get_page (window, which);
}

static void
type_into (SpPage     *on,
           const char *entry,
           const char *text)
{
  GtkWidget *widget = child (on, entry);

  /* Focus first, as a click or Tab would, then the text as typed. */
  gtk_widget_grab_focus (widget);
  gtk_editable_set_text (GTK_EDITABLE (widget), text);
  sp_test_gui_iterate (20);
}

static void
press_enter (SpWindow *window)
{
  /* What Enter in a field does: the page asks the window to go on. */
  sp_page_request_next (sp_window_get_page (window, sp_window_get_current_page (window)));
  sp_test_gui_iterate (20);
}

static void
wait_for_page (SpWindow     *window,
               SpWindowPage  which)
{
  sp_test_gui_wait_for_page (window, which, 10000);
}

static gboolean
page_not_busy (gpointer user_data)
{
  return !sp_page_get_busy (user_data);
}

/* High contrast, light and dark, as GTK's own themes for it give them. */
static void
shoot_high_contrast (SpWindow   *window,
                     const char *name)
{
  static const char * const themes[] = { "Default-hc", "Default-hc-dark" };
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (window));
  g_autofree char *previous = NULL;

  g_object_get (settings, "gtk-theme-name", &previous, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (themes); i++)
    {
      g_object_set (settings, "gtk-theme-name", themes[i], NULL);
      sp_test_gui_iterate (50);
      for (guint j = 0; j < G_N_ELEMENTS (sizes); j++)
        {
          g_autofree char *file = g_strdup_printf ("%s-%s-%dx%d", name,
                                                   i == 0 ? "hc" : "hc-dark",
                                                   sizes[j].width, sizes[j].height);

          sp_test_gui_resize (GTK_WINDOW (window), sizes[j].width, sizes[j].height);
          g_free (sp_test_gui_save_screenshot (GTK_WINDOW (window), file));
        }
    }
  g_object_set (settings, "gtk-theme-name", previous, NULL);
  sp_test_gui_resize (GTK_WINDOW (window), sizes[0].width, sizes[0].height);
  sp_test_gui_iterate (50);
}

/* Every variant of one page: light and dark, small and large, and high
 * contrast (issue 12). */
static void
shoot (SpWindow   *window,
       const char *name)
{
  for (guint dark = 0; dark < 2; dark++)
    {
      sp_test_gui_set_dark (GTK_WINDOW (window), dark);
      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        {
          g_autofree char *file = NULL;

          sp_test_gui_resize (GTK_WINDOW (window), sizes[i].width, sizes[i].height);
          g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, sizes[i].width);
          g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), ==, sizes[i].height);
          file = g_strdup_printf ("%s-%s-%dx%d", name, dark ? "dark" : "light",
                                  sizes[i].width, sizes[i].height);
          g_free (sp_test_gui_save_screenshot (GTK_WINDOW (window), file));
        }
    }

  sp_test_gui_set_dark (GTK_WINDOW (window), FALSE);
  sp_test_gui_resize (GTK_WINDOW (window), sizes[0].width, sizes[0].height);
  shoot_high_contrast (window, name);
}

/* At 900×640, where a tester saw the session's first step cut off (issue 12): a session
 * whose steps fit is shown from its first row, not scrolled by following it. */
static void
assert_steps_from_top (SpWindow *window)
{
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (child (page (window,
                                                                  SP_WINDOW_PAGE_SESSION),
                                                            "step_scroller"));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

  sp_test_gui_resize (GTK_WINDOW (window), 900, 640);
  g_free (sp_test_gui_save_screenshot (GTK_WINDOW (window), "04-session-practice-900x640"));
  g_test_message ("steps: %g of %g shown from %g", gtk_adjustment_get_page_size (adjustment),
                  gtk_adjustment_get_upper (adjustment), gtk_adjustment_get_value (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), <=,
                     gtk_adjustment_get_page_size (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  sp_test_gui_resize (GTK_WINDOW (window), sizes[0].width, sizes[0].height);
}

static char *
log_text (SpWindow *window)
{
  return sp_test_gui_log_text (sp_page_session_get_log_view (SP_PAGE_SESSION (
                                 page (window, SP_WINDOW_PAGE_SESSION))));
}

/* The tag on the first place @needle appears in the log. */
static gboolean
log_has_tag (SpWindow   *window,
             const char *needle,
             const char *tag_name)
{
  SpLogView *view = sp_page_session_get_log_view (SP_PAGE_SESSION (page (window,
                                                                         SP_WINDOW_PAGE_SESSION)));

  return sp_test_gui_buffer_has_tag (sp_log_view_get_buffer (view), needle, tag_name);
}

static gboolean
at_bottom (gpointer scrolled)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

  g_test_message ("%s: value %.0f, page %.0f, height %.0f", G_OBJECT_TYPE_NAME (
                    gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled))),
                  gtk_adjustment_get_value (adjustment),
                  gtk_adjustment_get_page_size (adjustment),
                  gtk_adjustment_get_upper (adjustment));

  return gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - 1;
}

/* The newest line of the log and the last step are in view, as they were followed: the
 * view goes to the bottom once per frame, so within a few frames of the last change. */
static void
assert_following (SpWindow *window)
{
  SpPage *session = page (window, SP_WINDOW_PAGE_SESSION);
  SpLogView *view = sp_page_session_get_log_view (SP_PAGE_SESSION (session));
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (sp_test_gui_find_widget (
                                                   GTK_WIDGET (view), GTK_TYPE_TEXT_VIEW, NULL)),
                                                 GTK_TYPE_SCROLLED_WINDOW);

  sp_test_gui_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (sp_test_gui_wait_until (at_bottom, scrolled, 2000));
  g_assert_true (sp_test_gui_wait_until (at_bottom, child (session, "step_scroller"), 2000));
}

static void
assert_log_contains (const char *log,
                     const char *needle)
{
  if (strstr (log, needle) == NULL)
    g_error ("the log has no “%s”:\n%s", needle, log);
}

/* The window, with the DNS server remembered as a person's setting would be. */
static SpWindow *
new_window (SpTestDnsmasq *dns)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.smtpprobe.SmtpProbe");
  SpWindow *window;

  g_settings_set_string (settings, "dns-server", sp_test_dnsmasq_get_server (dns));
  g_settings_set_string (settings, "last-sender", "");
  window = sp_test_gui_new_window ();
  sp_test_gui_resize (GTK_WINDOW (window), sizes[0].width, sizes[0].height);
  g_settings_reset (settings, "dns-server");

  return window;
}

/* Pages 1 to 4: returns with the session finished. */
static void
run_wizard (SpWindow      *window,
            SpTestPostfix *postfix,
            const char    *recipient,
            const char    *screenshot_prefix)
{
  SpPage *servers;
  SpPage *message;
  SpPage *session;
  GtkListBox *list;
  GtkListBoxRow *row;
  SpPortChooser *chooser;
  g_autoptr(GtkLabel) port_hint = NULL;
  g_autofree char *name = NULL;

  /* 1. What to test */
  g_assert_cmpint (sp_window_get_current_page (window), ==, SP_WINDOW_PAGE_TARGET);
  type_into (page (window, SP_WINDOW_PAGE_TARGET), "recipient_entry", recipient);
  g_assert_true (sp_page_get_complete (page (window, SP_WINDOW_PAGE_TARGET)));
  if (screenshot_prefix != NULL)
    {
      name = g_strdup_printf ("01-target%s", screenshot_prefix);
      shoot (window, name);
      g_clear_pointer (&name, g_free);
    }
  press_enter (window);

  /* 2. Mail servers: both exchangers of example.test, the preferred one selected. */
  wait_for_page (window, SP_WINDOW_PAGE_SERVERS);
  servers = page (window, SP_WINDOW_PAGE_SERVERS);
  g_assert_true (sp_test_gui_wait_until (page_not_busy, servers, 20000));
  g_assert_true (sp_page_get_complete (servers));
  list = GTK_LIST_BOX (child (servers, "servers_list"));
  row = gtk_list_box_get_row_at_index (list, 0);
  g_assert_nonnull (row);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (row), "host"), ==, "mx1.example.test");
  g_assert_true (gtk_list_box_get_selected_row (list) == row);
  row = gtk_list_box_get_row_at_index (list, 1);
  g_assert_nonnull (row);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (row), "host"), ==, "mx2.example.test");
  g_assert_null (gtk_list_box_get_row_at_index (list, 2));
  g_assert_cmpuint (sp_form_model_get_mx_result (sp_window_get_model (window))->hosts->len, ==, 2);
  if (screenshot_prefix != NULL)
    {
      gtk_expander_set_expanded (GTK_EXPANDER (child (servers, "queries_expander")), TRUE);
      name = g_strdup_printf ("02-servers%s", screenshot_prefix);
      shoot (window, name);
      g_clear_pointer (&name, g_free);
      gtk_expander_set_expanded (GTK_EXPANDER (child (servers, "queries_expander")), FALSE);
    }
  /* The port sits beside the server choice (issue 12), not three pages on: Postfix's. */
  g_assert_true (gtk_widget_get_visible (child (servers, "port_box")));
  chooser = SP_PORT_CHOOSER (child (servers, "port_chooser"));
  gtk_spin_button_set_value (sp_port_chooser_get_spin_button (chooser),
                             sp_test_postfix_get_port (postfix));
  g_assert_cmpuint (sp_form_model_get_request (sp_window_get_model (window))->port, ==,
                    sp_test_postfix_get_port (postfix));
  /* No preset is Postfix's port, so none is chosen and no caption explains it. */
  g_object_get (chooser, "hint-label", &port_hint, NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (port_hint)));
  press_enter (window);

  /* 3. Message: the sender, and a shorter time-out under Advanced. */
  wait_for_page (window, SP_WINDOW_PAGE_MESSAGE);
  message = page (window, SP_WINDOW_PAGE_MESSAGE);
  g_assert_false (sp_page_get_complete (message));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (message, "recipient_entry"))), ==,
                   recipient);
  type_into (message, "sender_entry", "helpdesk@example.org");
  gtk_expander_set_expanded (GTK_EXPANDER (child (message, "advanced_expander")), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (message, "timeout_spin")), 20);
  g_assert_true (sp_page_get_complete (message));

  /* A recipient in another domain than page 2 looked up: the page says
   * that the test looks that domain up instead (issue 12). */
  g_assert_false (gtk_widget_get_visible (child (message, "recipient_hint")));
  type_into (message, "recipient_entry", "kate@example.net");
  g_assert_true (gtk_widget_get_visible (child (message, "recipient_hint")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (message, "recipient_hint"))),
                            "This address is in example.net"));
  if (screenshot_prefix != NULL && *screenshot_prefix == '\0')
    g_free (sp_test_gui_save_screenshot (GTK_WINDOW (window), "03-message-moved-light-800x600"));
  type_into (message, "recipient_entry", recipient);
  g_assert_false (gtk_widget_get_visible (child (message, "recipient_hint")));

  if (screenshot_prefix != NULL)
    {
      name = g_strdup_printf ("03-message%s", screenshot_prefix);
      shoot (window, name);
      g_clear_pointer (&name, g_free);
    }
  press_enter (window);

  /* 4. Session */
  wait_for_page (window, SP_WINDOW_PAGE_SESSION);
  session = page (window, SP_WINDOW_PAGE_SESSION);
  g_assert_true (sp_test_gui_wait_until (page_not_busy, session, 60000));
  g_assert_true (sp_page_get_complete (session));
}

static void
go_to_result (SpWindow *window)
{
  press_enter (window);
  wait_for_page (window, SP_WINDOW_PAGE_RESULT);
  g_assert_true (sp_page_get_complete (page (window, SP_WINDOW_PAGE_RESULT)));
}

/* The tests */

static void
test_accepted (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpTestPostfix) postfix = NULL;
  g_autofree char *log = NULL;
  g_autofree char *steps = NULL;
  SpTranscript *transcript;
  SpWindow *window;
  SpPage *result;
  GtkWidget *chip;

  if (dns == NULL || (postfix = sp_test_postfix_start_or_skip (NULL)) == NULL)
    return;

  window = new_window (dns);
  run_wizard (window, postfix, "kate@example.test", "");

  transcript = sp_form_model_get_transcript (sp_window_get_model (window));
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);

  /* The log: what was sent, plain and bold; what Postfix answered, by class. */
  log = log_text (window);
  g_test_message ("%s", log);
  assert_log_contains (log, "S: 220 mx1.example.test ESMTP Postfix  ✔ Success");
  /* The servers page's lookup, not a second one. */
  assert_log_contains (log, "Using the mail servers (MX records) of example.test found before "
                            "the test, without looking them up again.");
  assert_log_contains (log, "MX 10 mx1.example.test: ");
  g_assert_true (sp_transcript_get_mx_result (transcript) ==
                 sp_form_model_get_mx_result (sp_window_get_model (window)));
  assert_log_contains (log, "C: EHLO example.org");
  assert_log_contains (log, "C: RCPT TO:<kate@example.test>");
  assert_log_contains (log, "S: 354 ");
  assert_log_contains (log, "  ➜ More input needed");
  assert_log_contains (log, "S: 250 2.0.0 Ok: queued as");
  /* The connection stays open for "Continue by hand" on the result page. */
  assert_log_contains (log, "The connection stays open to go on by hand.");
  g_assert_true (log_has_tag (window, "220 mx1.example.test", SP_LOG_TAG_SUCCESS));
  g_assert_true (log_has_tag (window, "RCPT TO:<kate@example.test>", SP_LOG_TAG_CLIENT));
  g_assert_true (log_has_tag (window, "354 ", SP_LOG_TAG_INTERMEDIATE));
  g_assert_true (log_has_tag (window, "Ok: queued as", SP_LOG_TAG_SUCCESS));
  g_assert_false (log_has_tag (window, "Ok: queued as", SP_LOG_TAG_PERMANENT));

  /* The steps, each with its status and time. */
  steps = sp_step_list_dup_text (sp_page_session_get_step_list (SP_PAGE_SESSION (
                                   page (window, SP_WINDOW_PAGE_SESSION))));
  g_test_message ("%s", steps);
  g_assert_nonnull (strstr (steps, "Mail server lookup (DNS) | 2 mail servers | "));
  g_assert_nonnull (strstr (steps, "Recipient (RCPT TO) | 250 ✔ Success | "));
  g_assert_nonnull (strstr (steps, "Message text | 250 ✔ Success | "));
  g_assert_nonnull (strstr (steps, "Goodbye (QUIT) | Kept open | "));
  assert_following (window);
  shoot (window, "04-session");

  /* 5. Result */
  go_to_result (window);
  result = page (window, SP_WINDOW_PAGE_RESULT);
  g_assert_cmpstr (sp_page_result_get_headline (SP_PAGE_RESULT (result)), ==,
                   "The server accepted the test message for kate@example.test");
  chip = sp_test_gui_find_widget (child (result, "capabilities_box"), GTK_TYPE_LABEL,
                                  "PIPELINING");
  g_assert_nonnull (chip);
  g_assert_true (gtk_widget_has_css_class (chip, "chip"));
  g_assert_nonnull (sp_test_gui_find_widget (child (result, "capabilities_box"), GTK_TYPE_LABEL,
                                             "SIZE 10240000"));
  g_assert_true (gtk_widget_has_css_class (child (result, "verdict_box"), "success"));
  shoot (window, "05-result");

  g_assert_true (sp_test_postfix_wait_for_log (postfix, "to=<kate@example.test>", 10000));
  sp_test_gui_close_window (window);
}

/* Practice (issue 11): the first page's "Practice with a simulated
 * server", chosen and run from the keyboard, skips the mail server lookup
 * and runs the wizard against the simulated server in the app, with the
 * practice addresses filled in; the log and the result say it was
 * simulated. Needs no DNS and no server of its own. */
static void
test_practice (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.smtpprobe.SmtpProbe");
  g_autoptr(SpExplanation) explanation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  g_autofree char *skipped = NULL;
  GtkWidget *indicator;
  GtkWidget *servers_item = NULL;
  GtkDropDown *dropdown;
  SpTranscript *transcript;
  SpWindow *window;
  SpPage *target;
  SpPage *message;
  SpPage *session;
  GtkWidget *check;
  const char *headline;

  /* A person's remembered fields, as the tests before left them, but no
   * sender (practice fills one in) and not the CA file of the certificate
   * test, which it removed. */
  g_settings_set_string (settings, "last-sender", "");
  g_settings_reset (settings, "ca-file");
  window = sp_test_gui_new_window ();
  sp_test_gui_resize (GTK_WINDOW (window), sizes[0].width, sizes[0].height);

  /* 1. What to test: the choice by its mnemonic, then the scenario. */
  target = page (window, SP_WINDOW_PAGE_TARGET);
  check = child (target, "practice_check");
  g_assert_true (gtk_widget_get_focusable (check) || gtk_widget_get_focus_on_click (check));
  g_assert_true (gtk_widget_mnemonic_activate (check, FALSE));
  sp_test_gui_iterate (20);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  dropdown = GTK_DROP_DOWN (child (target, "practice_dropdown"));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (dropdown)));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (dropdown)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         GTK_WIDGET (dropdown)));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)), ==,
                    sp_practice_get_n_scenarios ());
  for (guint i = 0; i < sp_practice_get_n_scenarios (); i++)
    if (g_strcmp0 (sp_practice_scenario_get_id (sp_practice_get_scenario (i)),
                   "unknown-user") == 0)
      gtk_drop_down_set_selected (dropdown, i);
  sp_test_gui_iterate (20);
  g_assert_cmpstr (sp_form_model_get_practice (sp_window_get_model (window)), ==, "unknown-user");
  g_assert_true (sp_page_get_complete (target));

  /* The step indicator dims the page practice skips, and says so. */
  indicator = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), SP_TYPE_WINDOW,
                                                         "step_indicator"));
  for (GtkWidget *item = gtk_widget_get_first_child (indicator); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    if (sp_test_gui_find_widget (item, GTK_TYPE_LABEL, "Mail servers") != NULL)
      servers_item = item;
  g_assert_nonnull (servers_item);
  g_assert_false (gtk_widget_get_sensitive (servers_item));
  skipped = gtk_test_accessible_check_property (GTK_ACCESSIBLE (servers_item),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                "Step 2 of 5: Mail servers, skipped in practice");
  g_assert_null (skipped);
  shoot (window, "01-target-practice");
  press_enter (window);

  /* 2. The mail server page is skipped: the simulated servers need no lookup. */
  wait_for_page (window, SP_WINDOW_PAGE_MESSAGE);
  message = page (window, SP_WINDOW_PAGE_MESSAGE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (message, "recipient_entry"))), ==,
                   SP_PRACTICE_RECIPIENT);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (message, "sender_entry"))), ==,
                   SP_PRACTICE_SENDER);
  sp_form_model_check_message (sp_window_get_model (window), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sp_page_get_complete (message));
  /* Back goes to the first page, past the skipped one, and on again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "wizard.back", NULL));
  wait_for_page (window, SP_WINDOW_PAGE_TARGET);
  press_enter (window);
  wait_for_page (window, SP_WINDOW_PAGE_MESSAGE);
  press_enter (window);

  /* 3. Session */
  wait_for_page (window, SP_WINDOW_PAGE_SESSION);
  session = page (window, SP_WINDOW_PAGE_SESSION);
  g_assert_true (sp_test_gui_wait_until (page_not_busy, session, 60000));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (session, "title_label"))), ==,
                   "Practice: sending a test message to " SP_PRACTICE_RECIPIENT
                   " on a simulated server");
  transcript = sp_form_model_get_transcript (sp_window_get_model (window));
  g_assert_true (sp_transcript_get_simulated (transcript));
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_PERMANENT);
  explanation = sp_diagnosis_explain_transcript (transcript);
  g_assert_cmpstr (sp_explanation_get_cause (explanation), ==, "recipient-unknown");
  log = log_text (window);
  g_test_message ("%s", log);
  assert_log_contains (log, "This is a practice test against a simulated mail server");
  assert_log_contains (log, "S: 550 5.1.1 User unknown");
  g_assert_true (log_has_tag (window, "550 5.1.1 User unknown", SP_LOG_TAG_PERMANENT));
  shoot (window, "04-session-practice");
  assert_steps_from_top (window);

  /* 4. Result, labelled as simulated. */
  go_to_result (window);
  headline = sp_page_result_get_headline (SP_PAGE_RESULT (page (window, SP_WINDOW_PAGE_RESULT)));
  g_assert_cmpstr (headline, ==,
                   "The server refused the recipient " SP_PRACTICE_RECIPIENT " (simulated)");
  shoot (window, "05-result-practice");

  sp_test_gui_close_window (window);
}

/* How many labels on @root that a person can see say @text. */
static guint
count_visible_labels (GtkWidget  *root,
                      const char *text)
{
  guint n = 0;

  if (!gtk_widget_get_visible (root))
    return 0;
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_visible_labels (child, text);

  return n;
}

/* A refused connection (the practice server that nothing answers for):
 * the result page says what happened once and explains it once (issue 12). */
static void
test_practice_refused (void)
{
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);
  SpPage *result;

  sp_test_gui_resize (GTK_WINDOW (window), sizes[0].width, sizes[0].height);
  sp_form_model_set_mode (model, SP_TEST_MODE_PRACTICE);
  sp_form_model_set_practice (model, "no-server");
  sp_test_gui_iterate (20);
  press_enter (window);
  wait_for_page (window, SP_WINDOW_PAGE_MESSAGE);
  press_enter (window);
  wait_for_page (window, SP_WINDOW_PAGE_SESSION);
  g_assert_true (sp_test_gui_wait_until (page_not_busy, page (window, SP_WINDOW_PAGE_SESSION),
                                         60000));
  go_to_result (window);
  result = page (window, SP_WINDOW_PAGE_RESULT);
  g_assert_cmpint (sp_transcript_get_verdict (sp_form_model_get_transcript (model)), ==,
                   SP_VERDICT_CONNECT_FAILED);

  /* The explanation's meaning, its advice and the error sentence, once each. */
  g_assert_cmpuint (count_visible_labels (GTK_WIDGET (result),
                                          "nothing accepted a connection on this port"), ==, 1);
  g_assert_cmpuint (count_visible_labels (GTK_WIDGET (result),
                                          "Ask the server’s administrator whether the mail "
                                          "service is running"), ==, 1);
  g_assert_cmpuint (count_visible_labels (GTK_WIDGET (result),
                                          "the connection was refused"), <=, 1);
  /* Each reason is a list item: the bullet beside, the text wrapped in a
   * hanging indent of its own. */
  {
    g_autoptr(SpExplanation) explanation =
      sp_diagnosis_explain_transcript (sp_form_model_get_transcript (model));
    const char * const *reasons = sp_explanation_get_reasons (explanation);
    GtkWidget *row = gtk_widget_get_first_child (child (result, "reasons_list"));
    guint n = 0;

    for (; row != NULL; row = gtk_widget_get_next_sibling (row), n++)
      {
        GtkWidget *text = gtk_widget_get_last_child (row);

        g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (row)), ==,
                         GTK_ACCESSIBLE_ROLE_LIST_ITEM);
        g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (row))), ==,
                         "•");
        g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (text)), ==, reasons[n]);
        g_assert_true (gtk_label_get_wrap (GTK_LABEL (text)));
      }
    g_assert_cmpuint (n, ==, g_strv_length ((char **) reasons));
    g_assert_cmpuint (n, >, 1);
  }
  shoot (window, "05-result-practice-refused");
  sp_test_gui_shoot (GTK_WINDOW (window), "05-result-practice-refused-reasons", FALSE,
                     child (result, "reasons_list"));

  sp_test_gui_close_window (window);
}

/* "Test all servers": mx1 (Postfix) accepts and mx2 (nothing listens at
 * 127.0.0.2) cannot be reached; the result page lists both, with the same
 * words as the CLI and the exports. */
static void
test_all_servers (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpTestPostfix) postfix = NULL;
  g_autofree char *headline = NULL;
  SpTranscript *transcript;
  SpWindow *window;
  SpPage *result;
  GtkWidget *grid;

  if (dns == NULL || (postfix = sp_test_postfix_start_or_skip (NULL)) == NULL)
    return;

  window = new_window (dns);
  sp_probe_request_set_all_mx (sp_form_model_get_request (sp_window_get_model (window)), TRUE);
  run_wizard (window, postfix, "kate@example.test", NULL);
  /* The servers ran at once: the log names the server whenever its lines
   * take turns with another's. */
  {
    g_autofree char *log = log_text (window);

    g_test_message ("%s", log);
    g_assert_nonnull (strstr (log, "▸ mx1.example.test (127.0.0.1)"));
  }
  shoot (window, "04-session-all-servers");
  go_to_result (window);

  /* mx2 has an IPv6 address as well: three attempts. */
  transcript = sp_form_model_get_transcript (sp_window_get_model (window));
  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), >=, 2);
  g_assert_true (sp_transcript_get_mixed (transcript));

  result = page (window, SP_WINDOW_PAGE_RESULT);
  headline = sp_diagnosis_dup_headline (transcript);
  g_assert_cmpstr (sp_page_result_get_headline (SP_PAGE_RESULT (result)), ==, headline);
  /* mx1's two addresses are two attempts: the headline counts addresses. */
  g_assert_cmpstr (headline, ==,
                   "Only 1 of 3 addresses of the mail servers accepted the test message for "
                   "kate@example.test");

  /* Both servers, each with its own outcome: not only the deciding one. */
  grid = child (result, "servers_grid");
  g_assert_true (gtk_widget_get_visible (child (result, "servers_section")));
  g_assert_nonnull (sp_test_gui_find_widget (grid, GTK_TYPE_LABEL, "mx1.example.test"));
  g_assert_nonnull (sp_test_gui_find_widget (grid, GTK_TYPE_LABEL, "mx2.example.test"));
  g_assert_nonnull (sp_test_gui_find_widget (grid, GTK_TYPE_LABEL, "Accepted"));
  g_assert_nonnull (sp_test_gui_find_widget (grid, GTK_TYPE_LABEL, "Could not connect"));
  /* The verdict in a word and where: "Could not connect" needs no step after it. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (result, "verdict_label"))), ==,
                   "Some servers accepted · Could not connect · mx1.example.test");
  /* In a wide window the table takes more than a column of text's width, so
   * that the replies are not broken into many short lines. */
  sp_test_gui_resize (GTK_WINDOW (window), 1280, 800);
  g_assert_cmpint (gtk_widget_get_width (grid), >, 720);
  sp_test_gui_resize (GTK_WINDOW (window), sizes[0].width, sizes[0].height);
  shoot (window, "05-result-all-servers");

  sp_test_gui_close_window (window);
}

static void
test_refused (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpTestPostfix) postfix = NULL;
  g_autofree char *log = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *reply = NULL;
  SpTranscript *transcript;
  SpWindow *window;
  SpPage *result;
  const char *meaning;

  if (dns == NULL || (postfix = sp_test_postfix_start_or_skip (NULL)) == NULL)
    return;

  window = new_window (dns);
  run_wizard (window, postfix, "nobody@example.test", NULL);

  transcript = sp_form_model_get_transcript (sp_window_get_model (window));
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_PERMANENT);
  g_assert_cmpint (sp_transcript_get_deciding_step (transcript), ==, SP_STEP_RCPT);

  log = log_text (window);
  g_test_message ("%s", log);
  assert_log_contains (log, "C: RCPT TO:<nobody@example.test>");
  assert_log_contains (log, "S: 550 5.1.1 <nobody@example.test>: Recipient address rejected: "
                            "User unknown in local recipient table  ✖ Permanent failure");
  g_assert_true (log_has_tag (window, "550 5.1.1", SP_LOG_TAG_PERMANENT));
  g_assert_true (log_has_tag (window, "Permanent failure", SP_LOG_TAG_CLASS_LABEL));
  g_assert_null (strstr (log, "C: DATA"));

  steps = sp_step_list_dup_text (sp_page_session_get_step_list (SP_PAGE_SESSION (
                                   page (window, SP_WINDOW_PAGE_SESSION))));
  g_test_message ("%s", steps);
  g_assert_nonnull (strstr (steps, "Recipient (RCPT TO) | 550 ✖ Permanent failure | "));
  g_assert_nonnull (strstr (steps, "Message start (DATA) | Not reached | \n"));
  assert_following (window);
  shoot (window, "04-session-refused");

  go_to_result (window);
  result = page (window, SP_WINDOW_PAGE_RESULT);
  g_assert_cmpstr (sp_page_result_get_headline (SP_PAGE_RESULT (result)), ==,
                   "The server refused the recipient nobody@example.test");
  g_assert_true (gtk_widget_has_css_class (child (result, "verdict_box"), "error"));

  /* The deciding reply as the server wrote it, with its class in words. */
  reply = g_strdup (gtk_label_get_text (GTK_LABEL (child (result, "reply_label"))));
  g_assert_nonnull (strstr (reply, "550 5.1.1 <nobody@example.test>"));
  g_assert_nonnull (strstr (reply, "Permanent failure"));
  meaning = gtk_label_get_text (GTK_LABEL (child (result, "meaning_label")));
  g_test_message ("explanation: %s", meaning);
  g_assert_cmpstr (meaning, !=, "");
  shoot (window, "05-result-refused");

  sp_test_gui_close_window (window);
}

/* Postfix with the test certificate at @cert_offset into SpTestCerts, and
 * a window that trusts the test CA and ran the wizard against it for
 * kate@example.test. NULL (the test skipped) when a peer cannot run. */
static SpWindow *
run_tls_wizard (SpTestDnsmasq  *dns,
                gsize           cert_offset,
                SpTestCerts   **certs,
                SpTestPostfix **postfix)
{
  SpTestPostfixOptions options = { 0 };
  SpWindow *window;

  if (dns == NULL || (*certs = sp_test_certs_make_or_skip ()) == NULL)
    return NULL;
  options.tls_cert_file = G_STRUCT_MEMBER (const char *, *certs, cert_offset);
  options.tls_key_file = (*certs)->key_file;
  if ((*postfix = sp_test_postfix_start_or_skip (&options)) == NULL)
    return NULL;

  window = new_window (dns);
  sp_probe_request_set_ca_file (sp_form_model_get_request (sp_window_get_model (window)),
                                (*certs)->ca_file);
  run_wizard (window, *postfix, "kate@example.test", NULL);

  return window;
}

/* STARTTLS to a server whose certificate names another host: the test goes on, and the
 * result shows the certificate report with its problem marked. */
static void
test_certificate (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpTestCerts) certs = NULL;
  g_autoptr(SpTestPostfix) postfix = NULL;
  g_autofree char *log = NULL;
  g_autofree char *steps = NULL;
  SpTranscript *transcript;
  SpAttempt *attempt;
  SpWindow *window;
  SpPage *result;
  GtkWidget *problems;
  GtkWidget *icon;

  /* The organisation's CA, so the name is the only problem. */
  window = run_tls_wizard (dns, G_STRUCT_OFFSET (SpTestCerts, wrong_name), &certs, &postfix);
  if (window == NULL)
    return;

  transcript = sp_form_model_get_transcript (sp_window_get_model (window));
  log = log_text (window);
  g_test_message ("%s", log);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);
  g_assert_true (sp_transcript_has_tls_problems (transcript));
  /* The last attempt: mx1's IPv6 address, where Postfix does not listen, comes first. */
  attempt = sp_transcript_get_attempt (transcript, sp_transcript_get_n_attempts (transcript) - 1);
  g_assert_nonnull (sp_attempt_get_tls_report (attempt));
  g_assert_cmpuint (sp_attempt_get_tls_report (attempt)->problems, ==,
                    SP_TLS_PROBLEM_NAME_MISMATCH);

  assert_log_contains (log, "C: STARTTLS");
  assert_log_contains (log, "other.example.test");
  steps = sp_step_list_dup_text (sp_page_session_get_step_list (SP_PAGE_SESSION (
                                   page (window, SP_WINDOW_PAGE_SESSION))));
  g_test_message ("%s", steps);
  g_assert_nonnull (strstr (steps, "Encryption (STARTTLS) | 220 ✔ Success · ⚠ Certificate not "
                                   "valid | "));
  shoot (window, "04-session-certificate");

  go_to_result (window);
  result = page (window, SP_WINDOW_PAGE_RESULT);
  g_assert_true (gtk_widget_get_visible (child (result, "tls_section")));
  g_assert_true (gtk_widget_has_css_class (child (result, "tls_status_box"), "warning"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (result, "verdict_label"))),
                            "Certificate problems"));
  problems = child (result, "tls_problems_box");
  g_assert_nonnull (gtk_widget_get_first_child (problems));
  g_assert_null (gtk_widget_get_next_sibling (gtk_widget_get_first_child (problems)));
  icon = sp_test_gui_find_widget (problems, GTK_TYPE_IMAGE, NULL);
  g_assert_nonnull (icon);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (sp_test_gui_find_widget (
                                                  problems, GTK_TYPE_LABEL, NULL))),
                            "other.example.test"));
  shoot (window, "05-result-certificate-postfix");
  gtk_expander_set_expanded (GTK_EXPANDER (child (result, "tls_details_expander")), TRUE);
  sp_test_gui_shoot (GTK_WINDOW (window), "05-result-certificate-postfix-report", FALSE,
                     child (result, "tls_section"));

  sp_test_gui_close_window (window);
}

/* A new test for postmaster@DOMAIN up to the mail server page, with its
 * lookup finished; returns that page. */
static SpPage *
look_up_servers (SpWindow   *window,
                 const char *domain)
{
  g_autofree char *address = g_strdup_printf ("postmaster@%s", domain);
  SpPage *servers = page (window, SP_WINDOW_PAGE_SERVERS);

  gtk_widget_activate_action (GTK_WIDGET (window), "wizard.new-test", NULL);
  wait_for_page (window, SP_WINDOW_PAGE_TARGET);
  type_into (page (window, SP_WINDOW_PAGE_TARGET), "recipient_entry", address);
  press_enter (window);
  wait_for_page (window, SP_WINDOW_PAGE_SERVERS);
  g_assert_true (sp_test_gui_wait_until (page_not_busy, servers, 20000));

  return servers;
}

/* The mail server page's statuses, with what to do about each. */
static void
test_server_statuses (void)
{
  static const struct {
    const char *domain;
    const char *name;
    const char *heading;
    gboolean    complete;
  } cases[] = {
    { "nullmx.example.test", "02-servers-null-mx", "This domain accepts no email", FALSE },
    { "nothere.example.test", "02-servers-nxdomain", "The domain does not exist", FALSE },
    { "implicit.example.test", "02-servers-implicit-mx",
      "No MX records: mail goes to the domain itself", TRUE },
    { "broken.example.test", "02-servers-no-address", "One mail server has no address", TRUE },
  };
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  SpWindow *window;

  if (dns == NULL)
    return;

  window = new_window (dns);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SpPage *servers = look_up_servers (window, cases[i].domain);
      GtkWidget *status;

      status = child (servers, "status_box");
      g_assert_true (gtk_widget_get_visible (status));
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (servers, "status_heading"))), ==,
                       cases[i].heading);
      g_assert_cmpint (sp_page_get_complete (servers), ==, cases[i].complete);

      for (guint dark = 0; dark < 2; dark++)
        {
          g_autofree char *file = g_strdup_printf ("%s-%s-800x600", cases[i].name,
                                                   dark ? "dark" : "light");

          sp_test_gui_set_dark (GTK_WINDOW (window), dark);
          g_free (sp_test_gui_save_screenshot (GTK_WINDOW (window), file));
        }
      sp_test_gui_set_dark (GTK_WINDOW (window), FALSE);
    }

  sp_test_gui_close_window (window);
}

/* Runs of white space as one space: the CLI wraps its explanations to the
 * terminal's width, the page wraps its labels to the window's. */
static char *
squeeze_spaces (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \n", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", words[i]);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

typedef struct
{
  const char *domain;
  const char *heading;
  int         error;    /* the SP_RESOLVER_ERROR of a failed lookup, or -1 */
} DnsAdviceCase;

static const DnsAdviceCase dns_advice_cases[] = {
  { "nothere.example.test", "The domain does not exist", SP_RESOLVER_ERROR_NOT_FOUND },
  { "nullmx.example.test", "This domain accepts no email", SP_RESOLVER_ERROR_NULL_MX },
  { "implicit.example.test", "No MX records: mail goes to the domain itself", -1 },
  { "broken.example.test", "One mail server has no address", -1 },
};

/* The mail server page and the CLI say the same about the same lookup:
 * the page's heading and its "What to do" text stand in the CLI's output
 * word for word; a failed lookup's advice is the sentences of its
 * explanation, which the CLI (and the result page) list under "What to
 * try". */
static void
test_dns_advice (gconstpointer data)
{
  const DnsAdviceCase *c = data;
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_auto(SpTestCliResult) r = { 0 };
  g_autofree char *recipient = NULL;
  g_autofree char *cli_text = NULL;
  g_autofree char *advice = NULL;
  const char *args[9] = { "--dns-server", NULL, "--from", "helpdesk@example.org",
                          "--timeout=2", "--no-send", NULL, NULL };
  SpWindow *window;
  SpPage *servers;

  if (dns == NULL)
    return;

  window = new_window (dns);
  servers = look_up_servers (window, c->domain);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (servers, "status_heading"))), ==,
                   c->heading);
  advice = squeeze_spaces (gtk_label_get_text (GTK_LABEL (child (servers, "status_advice"))));
  sp_test_gui_close_window (window);

  recipient = g_strdup_printf ("postmaster@%s", c->domain);
  args[1] = sp_test_dnsmasq_get_server (dns);
  args[6] = recipient;
  sp_test_cli_run (args, NULL, &r);
  g_test_message ("%s", r.out);
  cli_text = squeeze_spaces (r.out);
  g_assert_nonnull (strstr (r.out, c->heading));

  if (c->error < 0)
    /* A note on an answer: the CLI prints it under the lookup's lines. */
    g_assert_nonnull (strstr (cli_text, advice));
  else
    {
      g_autoptr(GError) error = g_error_new_literal (SP_RESOLVER_ERROR, c->error, "");
      g_autoptr(SpExplanation) explanation = sp_diagnosis_explain_error (SP_STEP_DNS, error);
      const char * const *items = sp_explanation_get_advice (explanation);
      g_autofree char *joined = g_strjoinv (" ", (char **) items);
      g_autofree char *expected = g_strdup_printf ("What to do: %s", joined);

      g_assert_cmpstr (advice, ==, expected);
      g_assert_nonnull (strstr (cli_text, "What to try:"));
      for (guint i = 0; items[i] != NULL; i++)
        g_assert_nonnull (strstr (cli_text, items[i]));
    }
}

typedef struct
{
  gsize    cert_offset;   /* into SpTestCerts */
  gboolean validated;
} TlsImpactCase;

static const TlsImpactCase tls_impact_cases[] = {
  { G_STRUCT_OFFSET (SpTestCerts, wrong_name), FALSE },
  { G_STRUCT_OFFSET (SpTestCerts, valid), TRUE },
};

/* What a certificate means for delivery: the result page and the CLI show
 * the diagnosis's sentence for the same server, word for word. */
static void
test_tls_impact (gconstpointer data)
{
  const TlsImpactCase *c = data;
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpTestCerts) certs = NULL;
  g_autoptr(SpTestPostfix) postfix = NULL;
  g_auto(SpTestCliResult) r = { 0 };
  g_autofree char *expected = NULL;
  g_autofree char *impact = NULL;
  g_autofree char *line = NULL;
  g_autofree char *port = NULL;
  const char *args[] = { "--dns-server", NULL, "--from", "helpdesk@example.org",
                         "--ca-file", NULL, "--port", NULL, "--no-send", "kate@example.test",
                         NULL };
  SpAttempt *attempt;
  SpTranscript *transcript;
  SpWindow *window;

  window = run_tls_wizard (dns, c->cert_offset, &certs, &postfix);
  if (window == NULL)
    return;
  transcript = sp_form_model_get_transcript (sp_window_get_model (window));
  attempt = sp_transcript_get_attempt (transcript, sp_transcript_get_n_attempts (transcript) - 1);
  g_assert_nonnull (sp_attempt_get_tls_report (attempt));
  g_assert_cmpint (sp_attempt_get_tls_report (attempt)->validated, ==, c->validated);
  expected = sp_diagnosis_dup_tls_delivery_impact (sp_attempt_get_tls_report (attempt));
  go_to_result (window);
  impact = g_strdup (gtk_label_get_text (GTK_LABEL (child (page (window, SP_WINDOW_PAGE_RESULT),
                                                           "tls_impact_label"))));
  sp_test_gui_close_window (window);
  g_assert_cmpstr (impact, ==, expected);

  args[1] = sp_test_dnsmasq_get_server (dns);
  args[5] = certs->ca_file;
  port = g_strdup_printf ("%u", sp_test_postfix_get_port (postfix));
  args[7] = port;
  sp_test_cli_run (args, NULL, &r);
  g_test_message ("%s", r.out);
  line = g_strdup_printf (" -- For mail delivery: %s\n", impact);
  g_assert_nonnull (strstr (r.out, line));
}

int
main (int   argc,
      char *argv[])
{
  sp_test_gui_init (&argc, &argv);

  g_test_add_func ("/sp/gui/wizard/accepted", test_accepted);
  g_test_add_func ("/sp/gui/wizard/refused", test_refused);
  g_test_add_func ("/sp/gui/wizard/all-servers", test_all_servers);
  g_test_add_func ("/sp/gui/wizard/server-statuses", test_server_statuses);
  g_test_add_func ("/sp/gui/wizard/certificate", test_certificate);
  g_test_add_func ("/sp/gui/wizard/practice", test_practice);
  g_test_add_func ("/sp/gui/wizard/practice-refused", test_practice_refused);
  g_test_add_data_func ("/sp/diagnosis/tls-impact/name-mismatch", &tls_impact_cases[0],
                        test_tls_impact);
  g_test_add_data_func ("/sp/diagnosis/tls-impact/validated", &tls_impact_cases[1],
                        test_tls_impact);
  g_test_add_data_func ("/sp/diagnosis/dns-advice/nxdomain", &dns_advice_cases[0],
                        test_dns_advice);
  g_test_add_data_func ("/sp/diagnosis/dns-advice/null-mx", &dns_advice_cases[1],
                        test_dns_advice);
  g_test_add_data_func ("/sp/diagnosis/dns-advice/implicit-mx", &dns_advice_cases[2],
                        test_dns_advice);
  g_test_add_data_func ("/sp/diagnosis/dns-advice/no-address", &dns_advice_cases[3],
                        test_dns_advice);

  return g_test_run ();
}
