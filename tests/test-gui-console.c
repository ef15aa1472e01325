/* test-gui-console.c: the manual console in the window (issue 11)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A session typed by hand in the GUI against a private Postfix: opened
 * from the first page for a chosen server, and "Continue by hand" after a
 * guided test on the same connection (Postfix logs one session). Keys are
 * given to the entry's own key controller, as GTK would. */

#include "config.h"

#include <string.h>

#include "sp-console-view.h"
#include "sp-log-view.h"
#include "sp-page-session.h"
#include "sp-test-gui.h"
#include "sp-test-postfix.h"

/* The button of @page that activates @action. */
static GtkWidget *
action_button (SpWindow     *window,
               SpWindowPage  which,
               const char   *action)
{
  GtkWidget *root = GTK_WIDGET (sp_window_get_page (window, which));
  /* Depth first through the page, as sp_test_gui_find_widget () goes. */
  for (GtkWidget *widget = root; widget != NULL;)
    {
      if (GTK_IS_BUTTON (widget) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
        return widget;

      if (gtk_widget_get_first_child (widget) != NULL)
        widget = gtk_widget_get_first_child (widget);
      else
        {
          while (widget != root && gtk_widget_get_next_sibling (widget) == NULL)
            widget = gtk_widget_get_parent (widget);
          widget = widget == root ? NULL : gtk_widget_get_next_sibling (widget);
        }
    }

  g_error ("no button for %s", action);
}

static SpConsoleView *
console_view (SpWindow *window)
{
  GtkStack *pages = GTK_STACK (sp_test_gui_child (window, "pages"));
  GtkWidget *view = gtk_stack_get_child_by_name (pages, "console");

  g_assert_nonnull (view);
  g_assert_true (gtk_stack_get_visible_child (pages) == view);
  return SP_CONSOLE_VIEW (view);
}

static gboolean
console_idle (gpointer user_data)
{
  return !sp_console_view_get_busy (user_data);
}

static void
wait_for_reply (SpConsoleView *view)
{
  g_assert_true (sp_test_gui_wait_until (console_idle, view, 20000));
}

/* Types @line and presses Enter; returns the code of the reply, or 0 when
 * nothing was sent. */
static guint
type_line (SpConsoleView *view,
           const char    *line)
{
  SpAttempt *attempt = sp_console_get_attempt (sp_console_view_get_console (view));
  guint n_steps = sp_attempt_get_n_steps (attempt);
  GtkEntry *entry = sp_console_view_get_entry (view);
  SpStepRecord *step;
  SpReply *reply;

  gtk_widget_grab_focus (GTK_WIDGET (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), line);
  g_signal_emit_by_name (entry, "activate");
  wait_for_reply (view);
  sp_test_gui_iterate (20);

  if (sp_attempt_get_n_steps (attempt) == n_steps)
    return 0;
  step = sp_attempt_get_step (attempt, sp_attempt_get_n_steps (attempt) - 1);
  reply = sp_step_record_get_reply (step);
  return reply != NULL ? sp_reply_get_code (reply) : 0;
}

/* A key as the entry's controller gets it. */
static void
press_key (SpConsoleView *view,
           guint          keyval)
{
  g_assert_true (sp_test_gui_press_key (GTK_WIDGET (sp_console_view_get_entry (view)), keyval));
  sp_test_gui_iterate (20);
}

static const char *
entry_text (SpConsoleView *view)
{
  return gtk_editable_get_text (GTK_EDITABLE (sp_console_view_get_entry (view)));
}

static GtkTextBuffer *
log_buffer (SpConsoleView *view)
{
  return sp_log_view_get_buffer (SP_LOG_VIEW (sp_test_gui_child (view, "log_view")));
}

static void
set_server (SpWindow      *window,
            SpTestPostfix *postfix)
{
  SpFormModel *model = sp_window_get_model (window);

  sp_form_model_set_mode (model, SP_TEST_MODE_SERVER);
  g_object_set (sp_form_model_get_request (model),
                "server", sp_test_postfix_get_address (postfix),
                "port", (guint) sp_test_postfix_get_port (postfix),
                "timeout-ms", 20000u,
                NULL);
  sp_test_gui_iterate (20);
}

/* Acceptance 1: EHLO, MAIL FROM, two RCPT TO (one unknown), RSET, QUIT
 * typed in the GUI console, with a hint before a misspelled command,
 * completion and history; the log is coloured, explained and exportable. */
static void
test_console_typed (void)
{
  g_autoptr(SpTestPostfix) postfix = sp_test_postfix_start_or_skip (NULL);
  g_autofree char *log = NULL;
  g_autofree char *text = NULL;
  GtkWidget *hint;
  SpConsoleView *view;
  SpTranscript *transcript;
  SpWindow *window;

  if (postfix == NULL)
    return;

  window = sp_test_gui_new_window ();
  sp_test_gui_resize (GTK_WINDOW (window), 800, 600);

  /* Offered for one server, not for an address. */
  g_assert_false (gtk_widget_is_visible (action_button (window, SP_WINDOW_PAGE_TARGET,
                                                        "wizard.console")));
  set_server (window, postfix);
  g_assert_true (gtk_widget_is_visible (action_button (window, SP_WINDOW_PAGE_TARGET,
                                                       "wizard.console")));
  sp_test_gui_scroll_to (action_button (window, SP_WINDOW_PAGE_TARGET, "wizard.console"));
  g_free (sp_test_gui_save_screenshot (GTK_WINDOW (window), "01-target-console-light-800x600"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "wizard.console", NULL));
  view = console_view (window);
  wait_for_reply (view);
  g_assert_cmpint (sp_console_get_mode (sp_console_view_get_console (view)), ==,
                   SP_CONSOLE_MODE_COMMAND);
  /* The keyboard is in the entry (its text widget has the focus). */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         GTK_WIDGET (sp_console_view_get_entry (view))));
  /* Over the console there is no Next, and the step indicator is gone. */
  g_assert_false (gtk_widget_get_visible (sp_test_gui_child (window, "next_button")));
  g_assert_false (gtk_widget_get_visible (sp_test_gui_child (window, "step_indicator")));

  g_assert_cmpuint (type_line (view, "EHLO client.example.org"), ==, 250);
  g_assert_cmpuint (type_line (view, "MAIL FROM:<helpdesk@example.org>"), ==, 250);

  /* A misspelled verb is held back with a hint and the line fixed; Enter sends it. */
  hint = sp_test_gui_child (view, "hint_label");
  g_assert_cmpuint (type_line (view, "RCTP TO:<kate@example.test>"), ==, 0);
  g_assert_true (gtk_widget_get_visible (hint));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (hint)), "RCPT TO"));
  g_assert_cmpstr (entry_text (view), ==, "RCPT TO:<kate@example.test>");
  g_signal_emit_by_name (sp_console_view_get_entry (view), "activate");
  wait_for_reply (view);
  g_assert_false (gtk_widget_get_visible (hint));

  g_assert_cmpuint (type_line (view, "RCPT TO:<nobody@example.test>"), ==, 550);

  /* Tab completes the verb. */
  gtk_editable_set_text (GTK_EDITABLE (sp_console_view_get_entry (view)), "rs");
  press_key (view, GDK_KEY_Tab);
  g_assert_cmpstr (entry_text (view), ==, "RSET");
  g_assert_cmpuint (type_line (view, "RSET"), ==, 250);

  /* Up and Down go through the commands sent, back to what was being typed. */
  gtk_editable_set_text (GTK_EDITABLE (sp_console_view_get_entry (view)), "NO");
  press_key (view, GDK_KEY_Up);
  g_assert_cmpstr (entry_text (view), ==, "RSET");
  press_key (view, GDK_KEY_Up);
  g_assert_cmpstr (entry_text (view), ==, "RCPT TO:<nobody@example.test>");
  press_key (view, GDK_KEY_Down);
  press_key (view, GDK_KEY_Down);
  g_assert_cmpstr (entry_text (view), ==, "NO");

  sp_test_gui_shoot (GTK_WINDOW (window), "06-console", TRUE, NULL);
  g_assert_cmpuint (type_line (view, "QUIT"), ==, 221);
  g_assert_false (sp_console_view_get_open (view));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (sp_console_view_get_entry (view))));

  /* Coloured by the first digit and explained, as in a guided test. */
  log = sp_test_gui_log_text (sp_test_gui_child (view, "log_view"));
  g_test_message ("%s", log);
  g_assert_nonnull (strstr (log, "C: RCPT TO:<nobody@example.test>"));
  g_assert_true (sp_test_gui_buffer_has_tag (log_buffer (view), "550 5.1.1",
                                             SP_LOG_TAG_PERMANENT));
  g_assert_true (sp_test_gui_buffer_has_tag (log_buffer (view), "250 2.1.5", SP_LOG_TAG_SUCCESS));
  g_assert_nonnull (strstr (log, "does not exist"));

  /* Exportable, as commands typed by hand. */
  transcript = sp_form_model_get_transcript (sp_window_get_model (window));
  g_assert_true (transcript == sp_console_get_transcript (sp_console_view_get_console (view)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "wizard.copy-log", NULL));
  text = sp_export_to_string (transcript, SP_EXPORT_FORMAT_TEXT);
  g_assert_nonnull (strstr (text, "Commands typed by hand in the console"));
  g_assert_nonnull (strstr (text, "550 5.1.1"));

  g_assert_true (sp_test_postfix_wait_for_log (postfix, "ehlo=1 mail=1 rcpt=1/2 rset=1 quit=1",
                                               5000));

  /* Back leaves the console for the first page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "wizard.back", NULL));
  g_assert_cmpint (sp_window_get_current_page (window), ==, SP_WINDOW_PAGE_TARGET);
  g_assert_true (gtk_widget_get_visible (sp_test_gui_child (window, "step_indicator")));

  sp_test_gui_close_window (window);
}

static gboolean
session_done (gpointer user_data)
{
  return !sp_page_get_busy (user_data);
}

/* Acceptance 2: after a guided check of a recipient, "Continue by hand"
 * goes on on the same connection: Postfix sees one session with the
 * guided and the typed commands. */
static void
test_continue_by_hand (void)
{
  g_autoptr(SpTestPostfix) postfix = sp_test_postfix_start_or_skip (NULL);
  g_autofree char *log = NULL;
  SpFormModel *model;
  SpTranscript *transcript;
  SpConsoleView *view;
  SpWindow *window;
  SpPage *session;

  if (postfix == NULL)
    return;

  window = sp_test_gui_new_window ();
  sp_test_gui_resize (GTK_WINDOW (window), 800, 600);
  model = sp_window_get_model (window);
  set_server (window, postfix);
  g_object_set (sp_form_model_get_request (model),
                "recipient", "kate@example.test",
                "sender", "helpdesk@example.org",
                "check-only", TRUE,
                NULL);

  sp_window_show_page (window, SP_WINDOW_PAGE_SESSION);
  session = sp_window_get_page (window, SP_WINDOW_PAGE_SESSION);
  g_assert_true (sp_test_gui_wait_until (session_done, session, 30000));
  transcript = sp_form_model_get_transcript (model);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);

  /* What the test did, said under the titles of the session and the result. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (sp_test_gui_child (session, "summary_label"))),
                   ==, sp_transcript_get_summary (transcript));
  g_assert_true (g_str_has_prefix (sp_transcript_get_summary (transcript),
                                   "Check only, nothing sent · Server 127.0.0.1 · port "));
  sp_window_show_page (window, SP_WINDOW_PAGE_RESULT);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (sp_test_gui_child (
                     sp_window_get_page (window, SP_WINDOW_PAGE_RESULT), "settings_label"))),
                   ==, sp_transcript_get_summary (transcript));
  g_assert_true (gtk_widget_is_visible (action_button (window, SP_WINDOW_PAGE_RESULT,
                                                       "wizard.continue-by-hand")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "wizard.continue-by-hand",
                                             NULL));
  view = console_view (window);
  g_assert_cmpint (sp_console_get_mode (sp_console_view_get_console (view)), ==,
                   SP_CONSOLE_MODE_COMMAND);
  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, 2);

  /* A second recipient, on the connection the guided test opened. */
  g_assert_cmpuint (type_line (view, "MAIL FROM:<helpdesk@example.org>"), ==, 250);
  g_assert_cmpuint (type_line (view, "RCPT TO:<kate@example.test>"), ==, 250);
  sp_test_gui_shoot (GTK_WINDOW (window), "07-continue", TRUE, NULL);
  g_assert_cmpuint (type_line (view, "QUIT"), ==, 221);

  if (!sp_test_postfix_wait_for_log (postfix, "mail=2 rcpt=2 rset=1 quit=1", 5000))
    {
      log = sp_test_postfix_dup_log (postfix);
      g_test_message ("%s", log);
      g_assert_not_reached ();
    }
  /* The guided verdict stays; the console's attempt is one more in the test. */
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);
  g_assert_true (sp_transcript_get_manual (transcript));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "wizard.back", NULL));
  g_assert_cmpint (sp_window_get_current_page (window), ==, SP_WINDOW_PAGE_RESULT);
  /* The connection went to the console; there is none to continue on now. */
  g_assert_false (gtk_widget_get_visible (action_button (window, SP_WINDOW_PAGE_RESULT,
                                                         "wizard.continue-by-hand")));

  sp_test_gui_close_window (window);
}

/* Practice works in the console: no network, the log says simulated. */
static void
test_console_practice (void)
{
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);
  SpConsoleView *view;
  SpTranscript *transcript;

  sp_form_model_set_mode (model, SP_TEST_MODE_PRACTICE);
  sp_form_model_set_practice (model, "accepted");
  sp_test_gui_iterate (20);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "wizard.console", NULL));
  view = console_view (window);
  wait_for_reply (view);
  g_assert_cmpint (sp_console_get_mode (sp_console_view_get_console (view)), ==,
                   SP_CONSOLE_MODE_COMMAND);
  g_assert_cmpuint (type_line (view, "EHLO client.example.org"), ==, 250);
  g_assert_cmpuint (type_line (view, "QUIT"), ==, 221);

  transcript = sp_console_get_transcript (sp_console_view_get_console (view));
  g_assert_true (sp_transcript_get_simulated (transcript));
  sp_test_gui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  sp_test_gui_init (&argc, &argv);

  g_test_add_func ("/sp/gui/console/typed", test_console_typed);
  g_test_add_func ("/sp/gui/console/continue-by-hand", test_continue_by_hand);
  g_test_add_func ("/sp/gui/console/practice", test_console_practice);

  return g_test_run ();
}
