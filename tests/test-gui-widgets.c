/* test-gui-widgets.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GUI's widgets and window under Xvfb, without real mail servers: the
 * inline messages, the log's classes and its cap, the step list, the
 * labels every control needs, the shortcuts, the command line, stopping a
 * session and closing the window during work, exports that match the
 * log, the encryption and sign-in settings of the message page (with a
 * password that goes nowhere) and the certificate report on the result
 * page. The in-process scripted SMTP server stands in for a real one. */

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "sp-clamp.h"
#include "sp-compat.h"
#include "sp-diagnosis.h"
#include "sp-field-message.h"
#include "sp-log-view.h"
#include "sp-page-result.h"
#include "sp-page-servers.h"
#include "sp-sidebar-layout.h"
#include "sp-page-session.h"
#include "sp-page-target.h"
#include "sp-port-chooser.h"
#include "sp-test-transcript.h"
#include "sp-scripted-server.h"
#include "sp-session.h"
#include "sp-step-list.h"
#include "sp-test-gui.h"
#include "sp-test-util.h"

#define PASSWORD "s3cret-Passw0rd"

/* Helpers */

static GtkWidget *
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* A child of the port chooser on a page (the target or the servers page). */
static GtkWidget *
port_child (gpointer    widget,
            GType       type,
            const char *name)
{
  return child (child (widget, type, "port_chooser"), SP_TYPE_PORT_CHOOSER, name);
}

static SpPage *
page (SpWindow     *window,
      SpWindowPage  which)
{
  return sp_window_get_page (window, which);
}

static gboolean
action_enabled (SpWindow   *window,
                const char *name)
{
  /* Buttons follow their action, so a button with the action tells whether it is on. */
  GtkWidget *button = NULL;

  if (g_str_equal (name, "wizard.next"))
    button = child (window, SP_TYPE_WINDOW, "next_button");
  else if (g_str_equal (name, "wizard.back"))
    button = child (window, SP_TYPE_WINDOW, "back_button");

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

static void
activate (SpWindow   *window,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
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

static SpScriptedServer *
start_server (const char *scenario)
{
  g_autoptr(GError) error = NULL;
  SpScriptedServer *server = sp_scripted_server_new (scenario, &error);

  g_assert_no_error (error);
  g_assert_true (sp_scripted_server_start (server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);

  return server;
}

/* Fills the first page with a server and the message page with addresses, so
 * that Next from the message page starts a session against @server. */
static void
fill_for_server (SpWindow         *window,
                 SpScriptedServer *server,
                 const char       *recipient)
{
  g_autofree char *address = NULL;

  address = g_strdup_printf ("127.0.0.1:%u", sp_scripted_server_get_port (server));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (page (window, SP_WINDOW_PAGE_TARGET),
                                                        g_type_from_name ("SpPageTarget"),
                                                        "server_check")),
                               TRUE);
  gtk_editable_set_text (GTK_EDITABLE (child (page (window, SP_WINDOW_PAGE_TARGET),
                                              g_type_from_name ("SpPageTarget"),
                                              "server_entry")),
                         address);
  activate (window, "wizard.next");
  wait_for_page (window, SP_WINDOW_PAGE_SERVERS);
  g_assert_true (sp_test_gui_wait_until (page_not_busy, page (window, SP_WINDOW_PAGE_SERVERS),
                                         10000));
  g_assert_true (sp_page_get_complete (page (window, SP_WINDOW_PAGE_SERVERS)));
  activate (window, "wizard.next");
  wait_for_page (window, SP_WINDOW_PAGE_MESSAGE);

  gtk_editable_set_text (GTK_EDITABLE (child (page (window, SP_WINDOW_PAGE_MESSAGE),
                                              g_type_from_name ("SpPageMessage"),
                                              "sender_entry")),
                         "helpdesk@example.org");
  gtk_editable_set_text (GTK_EDITABLE (child (page (window, SP_WINDOW_PAGE_MESSAGE),
                                              g_type_from_name ("SpPageMessage"),
                                              "recipient_entry")),
                         recipient);
  sp_probe_request_set_timeout_ms (sp_form_model_get_request (sp_window_get_model (window)),
                                   20 * 1000);
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* SpFieldMessage */

static void
test_field_message (void)
{
  GtkWidget *entry = g_object_ref_sink (gtk_entry_new ());
  GtkWidget *message = g_object_ref_sink (sp_field_message_new ());

  sp_field_message_set_field (SP_FIELD_MESSAGE (message), entry);
  g_assert_false (gtk_widget_get_visible (message));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));

  sp_field_message_set_message (SP_FIELD_MESSAGE (message), "Enter an address.");
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_true (gtk_test_accessible_has_state (GTK_ACCESSIBLE (entry),
                                                GTK_ACCESSIBLE_STATE_INVALID));
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (entry),
                                                   GTK_ACCESSIBLE_RELATION_DESCRIBED_BY));
  g_assert_nonnull (sp_test_gui_find_widget (message, GTK_TYPE_LABEL, "Enter an address."));

  sp_field_message_set_message (SP_FIELD_MESSAGE (message), "");
  g_assert_false (gtk_widget_get_visible (message));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));

  g_assert_finalize_object (message);
  g_assert_finalize_object (entry);
}

/* SpClamp */

static void
test_clamp (void)
{
  GtkWidget *clamp = g_object_ref_sink (sp_clamp_new ());
  GtkWidget *label = gtk_label_new ("A long line that would make a form far too wide to read "
                                    "comfortably in a maximized window on a large screen.");
  int minimum;
  int natural;

  sp_clamp_set_maximum_size (SP_CLAMP (clamp), 200);
  sp_clamp_set_child (SP_CLAMP (clamp), label);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);

  gtk_widget_measure (clamp, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, <=, 200);
  g_assert_cmpint (minimum, <=, natural);

  g_assert_finalize_object (clamp);
}

/* SpSidebarLayout: the sidebar takes a quarter of the width between 250
 * and 380 pixels, and the main part the rest (issue 12: at 1920 pixels
 * the steps' labels wrapped in a fixed 250-pixel column). */
static void
test_sidebar_layout (void)
{
  static const struct { int width; int sidebar; } cases[] = {
    { 700, 250 }, { 1280, 320 }, { 1920, 380 },
  };
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0));
  GtkWidget *sidebar = gtk_label_new ("Steps");
  GtkWidget *main_part = gtk_label_new ("Log");
  int minimum;
  int natural;

  gtk_widget_set_layout_manager (box, g_object_new (SP_TYPE_SIDEBAR_LAYOUT, NULL));
  gtk_box_append (GTK_BOX (box), sidebar);
  gtk_box_append (GTK_BOX (box), main_part);

  gtk_widget_measure (box, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, >=, 250 + 12);
  g_assert_cmpint (minimum, <, 250 + 12 + 100);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gtk_widget_size_allocate (box, &(GtkAllocation) { 0, 0, cases[i].width, 400 }, -1);
      g_assert_cmpint (gtk_widget_get_width (sidebar), ==, cases[i].sidebar);
      g_assert_cmpint (gtk_widget_get_width (main_part), ==,
                       cases[i].width - cases[i].sidebar - 12);
      g_assert_cmpint (gtk_widget_get_height (sidebar), ==, 400);
    }

  g_assert_finalize_object (box);
}

/* SpLogView */

static SpReply *
reply (const char *text)
{
  g_autoptr(GError) error = NULL;
  SpReply *result = sp_reply_new_from_text (text, &error);

  g_assert_no_error (error);
  return result;
}

static void
test_log_view_classes (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(SpReply) ehlo = reply ("250-mx1.example.test\r\n250-PIPELINING\r\n250 DSN");
  g_autoptr(SpReply) data = reply ("354 End data with <CR><LF>.<CR><LF>");
  g_autoptr(SpReply) later = reply ("451 4.3.0 Try again later");
  g_autoptr(SpReply) refused = reply ("550 5.1.1 <nobody@example.test>: User unknown");
  GtkWidget *view = g_object_ref_sink (sp_log_view_new ());
  GtkTextBuffer *buffer = sp_log_view_get_buffer (SP_LOG_VIEW (view));
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  sp_transcript_add_note (transcript, SP_STEP_DNS, "Looking up the mail servers…");
  sp_log_view_set_transcript (SP_LOG_VIEW (view), transcript);
  sp_test_begin_attempt (transcript, "mx1.example.test", "127.0.0.1", 25);
  sp_attempt_add_client_line (sp_test_current_attempt (transcript), SP_STEP_EHLO,
                              "EHLO client.example.org");
  sp_attempt_add_reply (sp_test_current_attempt (transcript), SP_STEP_EHLO, ehlo);
  sp_attempt_add_reply (sp_test_current_attempt (transcript), SP_STEP_DATA, data);
  sp_attempt_add_reply (sp_test_current_attempt (transcript), SP_STEP_RCPT, later);
  sp_attempt_add_reply (sp_test_current_attempt (transcript), SP_STEP_RCPT, refused);
  sp_transcript_add_error (transcript, SP_STEP_CONNECT, "Connection refused");

  /* Lines arrive in batches, never one relayout per line. */
  g_assert_cmpuint (sp_log_view_get_n_pending (SP_LOG_VIEW (view)), ==, 9);
  sp_log_view_flush (SP_LOG_VIEW (view));
  g_assert_cmpuint (sp_log_view_get_n_pending (SP_LOG_VIEW (view)), ==, 0);

  text = buffer_text (buffer);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 10);

  /* Who said it, as text: "C:" and "S:" as in RFC 5321, "--" and "!!" for notes, as every log. */
  g_assert_nonnull (strstr (lines[0], "-- Looking up the mail servers…"));
  g_assert_nonnull (strstr (lines[1], "C: EHLO client.example.org"));
  g_assert_nonnull (strstr (lines[2], "S: 250-mx1.example.test"));
  g_assert_nonnull (strstr (lines[8], "!! Connection refused"));

  /* Each reply's class stands in words after its last line, and only there. */
  g_assert_null (strstr (lines[2], "Success"));
  g_assert_null (strstr (lines[3], "Success"));
  g_assert_true (g_str_has_suffix (lines[4], "250 DSN  ✔ Success"));
  g_assert_true (g_str_has_suffix (lines[5], "  ➜ More input needed"));
  g_assert_true (g_str_has_suffix (lines[6], "  ⚠ Temporary failure"));
  g_assert_true (g_str_has_suffix (lines[7], "User unknown  ✖ Permanent failure"));

  /* And its colour comes from its tag. */
  g_assert_true (sp_test_gui_buffer_has_tag (buffer, "Looking up", SP_LOG_TAG_NOTE));
  g_assert_true (sp_test_gui_buffer_has_tag (buffer, "EHLO client", SP_LOG_TAG_CLIENT));
  g_assert_true (sp_test_gui_buffer_has_tag (buffer, "250-PIPELINING", SP_LOG_TAG_SUCCESS));
  g_assert_true (sp_test_gui_buffer_has_tag (buffer, "354 End", SP_LOG_TAG_INTERMEDIATE));
  g_assert_true (sp_test_gui_buffer_has_tag (buffer, "451 4.3.0", SP_LOG_TAG_TRANSIENT));
  g_assert_true (sp_test_gui_buffer_has_tag (buffer, "550 5.1.1", SP_LOG_TAG_PERMANENT));
  g_assert_true (sp_test_gui_buffer_has_tag (buffer, "Permanent failure", SP_LOG_TAG_PERMANENT));
  g_assert_true (sp_test_gui_buffer_has_tag (buffer, "Permanent failure", SP_LOG_TAG_CLASS_LABEL));
  g_assert_true (sp_test_gui_buffer_has_tag (buffer, "Connection refused", SP_LOG_TAG_ERROR));
  g_assert_false (sp_test_gui_buffer_has_tag (buffer, "550 5.1.1", SP_LOG_TAG_SUCCESS));

  /* A new transcript starts a new log. */
  sp_log_view_set_transcript (SP_LOG_VIEW (view), NULL);
  g_clear_pointer (&text, g_free);
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==, "");

  g_assert_finalize_object (view);
}

static void
test_log_view_explanations (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(SpReply) banner = reply ("220 mx1.example.test ESMTP");
  g_autoptr(SpReply) mail = reply ("250 2.1.0 Ok");
  g_autoptr(SpReply) refused = reply ("550 5.1.1 <nobody@example.test>: User unknown");
  g_autoptr(SpReply) bye = reply ("221 2.0.0 Bye");
  GtkWidget *view = g_object_ref_sink (sp_log_view_new ());
  GtkTextBuffer *buffer = sp_log_view_get_buffer (SP_LOG_VIEW (view));
  g_autofree char *text = NULL;
  const char *refusal;
  const char *meaning;
  const char *quit;

  sp_log_view_set_transcript (SP_LOG_VIEW (view), transcript);
  sp_test_begin_attempt (transcript, "mx1.example.test", "127.0.0.1", 25);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_BANNER, NULL);
  sp_attempt_add_reply (sp_test_current_attempt (transcript), SP_STEP_BANNER, banner);
  sp_attempt_end_step (sp_test_current_attempt (transcript), banner, NULL);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_MAIL,
                         "MAIL FROM:<a@example.org>");
  sp_attempt_add_client_line (sp_test_current_attempt (transcript), SP_STEP_MAIL,
                              "MAIL FROM:<a@example.org>");
  sp_attempt_add_reply (sp_test_current_attempt (transcript), SP_STEP_MAIL, mail);
  sp_attempt_end_step (sp_test_current_attempt (transcript), mail, NULL);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_RCPT,
                         "RCPT TO:<nobody@example.test>");
  sp_attempt_add_client_line (sp_test_current_attempt (transcript), SP_STEP_RCPT,
                              "RCPT TO:<nobody@example.test>");
  sp_attempt_add_reply (sp_test_current_attempt (transcript), SP_STEP_RCPT, refused);
  sp_attempt_end_step (sp_test_current_attempt (transcript), refused, NULL);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_QUIT, "QUIT");
  sp_attempt_add_client_line (sp_test_current_attempt (transcript), SP_STEP_QUIT, "QUIT");
  sp_attempt_add_reply (sp_test_current_attempt (transcript), SP_STEP_QUIT, bye);
  sp_attempt_end_step (sp_test_current_attempt (transcript), bye, NULL);
  sp_log_view_flush (SP_LOG_VIEW (view));

  text = buffer_text (buffer);
  g_test_message ("%s", text);

  /* The explanation sits right under the reply that failed, before QUIT,
   * and only there: the successful steps get none. */
  refusal = strstr (text, "550 5.1.1");
  meaning = strstr (text, "What it means:");
  quit = strstr (text, "C: QUIT");
  g_assert_nonnull (refusal);
  g_assert_nonnull (meaning);
  g_assert_nonnull (quit);
  g_assert_true (refusal < meaning && meaning < quit);
  g_assert_null (strstr (meaning + 1, "What it means:"));
  g_assert_nonnull (strstr (meaning, "Likely reasons:"));
  g_assert_nonnull (strstr (meaning, "What to try:"));
  g_assert_true (sp_test_gui_buffer_has_tag (buffer, "What it means:", SP_LOG_TAG_EXPLANATION));

  g_assert_finalize_object (view);
}

static void
test_log_view_colors (void)
{
  SpWindow *window = sp_test_gui_new_window ();
  SpPage *session = page (window, SP_WINDOW_PAGE_SESSION);
  SpLogView *view = sp_page_session_get_log_view (SP_PAGE_SESSION (session));
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (sp_log_view_get_buffer (view));
  const char *tags[] = { SP_LOG_TAG_SUCCESS, SP_LOG_TAG_INTERMEDIATE, SP_LOG_TAG_TRANSIENT,
                         SP_LOG_TAG_PERMANENT };
  GdkRGBA light[G_N_ELEMENTS (tags)];
  GdkRGBA *color = NULL;

  /* The colours come from style.css through the key under the log. */
  gtk_widget_set_visible (GTK_WIDGET (page (window, SP_WINDOW_PAGE_SESSION)), TRUE);
  gtk_stack_set_visible_child (GTK_STACK (child (window, SP_TYPE_WINDOW, "pages")),
                               GTK_WIDGET (page (window, SP_WINDOW_PAGE_SESSION)));
  sp_test_gui_wait_for_draw (GTK_WIDGET (window));

  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    {
      g_object_get (gtk_text_tag_table_lookup (table, tags[i]), "foreground-rgba", &color, NULL);
      g_assert_nonnull (color);
      light[i] = *color;
      gdk_rgba_free (color);
      for (guint j = 0; j < i; j++)
        g_assert_false (gdk_rgba_equal (&light[i], &light[j]));
    }

  /* In the dark style they change with the theme. */
  sp_test_gui_set_dark (GTK_WINDOW (window), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    {
      g_object_get (gtk_text_tag_table_lookup (table, tags[i]), "foreground-rgba", &color, NULL);
      g_assert_false (gdk_rgba_equal (color, &light[i]));
      gdk_rgba_free (color);
    }
  sp_test_gui_set_dark (GTK_WINDOW (window), FALSE);

  sp_test_gui_close_window (window);
}

static gboolean
log_caught_up (gpointer user_data)
{
  return sp_log_view_get_n_pending (user_data) == 0;
}

static void
test_log_view_flood (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = sp_log_view_new ();
  GtkTextBuffer *buffer = sp_log_view_get_buffer (SP_LOG_VIEW (view));
  SpTestGuiHeartbeat *beat;
  g_autofree char *first = NULL;
  guint n_lines = 20000;
  gint64 worst;
  GtkTextIter start;
  GtkTextIter end;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  sp_test_gui_wait_for_draw (window);

  sp_log_view_set_transcript (SP_LOG_VIEW (view), transcript);
  sp_test_begin_attempt (transcript, "mx.example.test", "127.0.0.1", 25);

  /* A server that talks without end: 20,000 lines while the window is shown. The main
   * loop must keep turning (a heartbeat every 10 ms) while the log catches up. */
  beat = sp_test_gui_heartbeat_start ();
  for (guint i = 0; i < n_lines; i++)
    {
      g_autofree char *line = g_strdup_printf ("250-line %u of a very talkative server", i);

      sp_attempt_add_client_line (sp_test_current_attempt (transcript), SP_STEP_OTHER, line);
      if (i % 500 == 0)
        g_main_context_iteration (NULL, FALSE);
    }
  g_assert_true (sp_test_gui_wait_until (log_caught_up, view, 60000));
  sp_test_gui_wait_for_draw (window);
  worst = sp_test_gui_heartbeat_stop (beat);

  /* Nobody scrolled, so the newest line is in view. */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (sp_test_gui_find_widget (view,
                                                                           GTK_TYPE_TEXT_VIEW,
                                                                           NULL),
                                                   GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment;

    adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment) +
                       gtk_adjustment_get_page_size (adjustment), >=,
                       gtk_adjustment_get_upper (adjustment) - 1);
  }

  g_test_message ("longest pause of the main loop: %.0f ms", worst / 1000.0);
  g_assert_cmpint (worst, <, 1000 * 1000);

  /* The view keeps the newest lines and says at the top that there were more. */
  g_assert_cmpuint (gtk_text_buffer_get_line_count (buffer), <=, SP_LOG_VIEW_MAX_LINES + 500 + 2);
  g_assert_cmpuint (sp_log_view_get_n_dropped (SP_LOG_VIEW (view)), >, 0);
  gtk_text_buffer_get_start_iter (buffer, &start);
  end = start;
  gtk_text_iter_forward_line (&end);
  first = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_nonnull (strstr (first, "earlier lines are not shown here"));
  g_assert_true (sp_test_gui_buffer_has_tag (buffer, "line 19999 of", SP_LOG_TAG_CLIENT));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* SpStepList */

static void
test_step_list (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(SpReply) banner = reply ("220 mx1.example.test ESMTP");
  g_autoptr(SpReply) refused = reply ("550 5.1.1 User unknown");
  GtkWidget *list = g_object_ref_sink (sp_step_list_new ());
  g_autofree char *text = NULL;

  sp_transcript_set_request (transcript, "nobody@example.test", "helpdesk@example.org", TRUE);
  sp_step_list_set_transcript (SP_STEP_LIST (list), transcript);

  sp_transcript_add_note (transcript, SP_STEP_DNS, "Looking up the mail servers…");
  sp_test_begin_attempt (transcript, "mx1.example.test", "127.0.0.1", 25);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_CONNECT, NULL);
  sp_attempt_end_step (sp_test_current_attempt (transcript), NULL, NULL);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_BANNER, NULL);
  sp_step_list_update (SP_STEP_LIST (list));

  /* Running and waiting steps are listed too, so the person sees how far it got. */
  text = sp_step_list_dup_text (SP_STEP_LIST (list));
  g_test_message ("%s", text);
  /* No MX result in this transcript: the lookup ended without one. */
  g_assert_nonnull (strstr (text, "Mail server lookup (DNS) | "));
  g_assert_nonnull (strstr (text, "mx1.example.test | 127.0.0.1 port 25\n"));
  g_assert_nonnull (strstr (text, "Connection | Connected |"));
  g_assert_nonnull (strstr (text, "Server greeting (banner) | Running |"));
  g_assert_nonnull (strstr (text, "Recipient (RCPT TO) | Waiting | \n"));
  /* Checking only: no DATA to wait for. */
  g_assert_null (strstr (text, "Message start (DATA)"));
  g_clear_pointer (&text, g_free);

  sp_attempt_end_step (sp_test_current_attempt (transcript), banner, NULL);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_EHLO,
                         "EHLO client.example.org");
  sp_attempt_end_step (sp_test_current_attempt (transcript), banner, NULL);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_MAIL,
                         "MAIL FROM:<helpdesk@example.org>");
  sp_attempt_end_step (sp_test_current_attempt (transcript), banner, NULL);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_RCPT,
                         "RCPT TO:<nobody@example.test>");
  sp_attempt_end_step (sp_test_current_attempt (transcript), refused, NULL);
  sp_attempt_end (sp_test_current_attempt (transcript), SP_VERDICT_PERMANENT, SP_STEP_RCPT,
                  "User unknown");
  sp_transcript_set_verdict (transcript, SP_VERDICT_PERMANENT, SP_STEP_RCPT, "User unknown");
  sp_step_list_update (SP_STEP_LIST (list));

  text = sp_step_list_dup_text (SP_STEP_LIST (list));
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Server greeting (banner) | 220 ✔ Success |"));
  g_assert_nonnull (strstr (text, "Recipient (RCPT TO) | 550 ✖ Permanent failure |"));
  g_assert_nonnull (strstr (text, "Goodbye (QUIT) | Not reached | \n"));
  g_assert_nonnull (strstr (text, "127.0.0.1 port 25 · Refused"));

  g_assert_finalize_object (list);
}

/* The rows follow the attempts and their steps as they change: a step
 * that begins adds its row and keeps the others, without waiting for the
 * main loop; a step that ends updates its own row. */
static void
test_step_list_bound (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(SpReply) banner = reply ("220 mx1.example.test ESMTP");
  g_autoptr(SpReply) refused = reply ("502 5.5.1 EHLO not implemented");
  GtkWidget *list = g_object_ref_sink (sp_step_list_new ());
  GtkListBox *box = GTK_LIST_BOX (gtk_widget_get_first_child (list));
  SpAttempt *first;
  SpAttempt *second;
  GtkListBoxRow *heading;
  GtkListBoxRow *connect;
  GtkListBoxRow *banner_row;
  g_autofree char *text = NULL;

  sp_transcript_set_request (transcript, "someone@example.test", "helpdesk@example.org", TRUE);
  sp_step_list_set_transcript (SP_STEP_LIST (list), transcript);

  first = sp_transcript_add_attempt (transcript, "mx1.example.test", "127.0.0.1", 25);
  heading = gtk_list_box_get_row_at_index (box, 0);
  g_assert_nonnull (heading);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (heading), "attempt-heading"));

  sp_attempt_begin_step (first, SP_STEP_CONNECT, NULL);
  connect = gtk_list_box_get_row_at_index (box, 1);
  g_object_add_weak_pointer (G_OBJECT (connect), (gpointer *) &connect);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (connect), "running"));

  /* Ending the step updates the row in place. */
  sp_attempt_end_step (first, NULL, NULL);
  g_assert_true (gtk_list_box_get_row_at_index (box, 1) == connect);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (connect), "done"));

  sp_attempt_begin_step (first, SP_STEP_BANNER, NULL);
  sp_attempt_end_step (first, banner, NULL);
  banner_row = gtk_list_box_get_row_at_index (box, 2);
  g_object_add_weak_pointer (G_OBJECT (banner_row), (gpointer *) &banner_row);
  sp_attempt_begin_step (first, SP_STEP_EHLO, "EHLO client.example.org");
  sp_attempt_end_step (first, refused, NULL);

  /* HELO after a refused EHLO goes in between; the rows before it stay. */
  sp_attempt_begin_step (first, SP_STEP_HELO, "HELO client.example.org");
  g_assert_true (gtk_list_box_get_row_at_index (box, 0) == heading);
  g_assert_true (gtk_list_box_get_row_at_index (box, 1) == connect);
  g_assert_true (gtk_list_box_get_row_at_index (box, 2) == banner_row);
  text = sp_step_list_dup_text (SP_STEP_LIST (list));
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Connection | Connected |"));
  g_assert_nonnull (strstr (text, "Server greeting (banner) | 220 ✔ Success |"));
  g_assert_nonnull (strstr (text, "| 502 ✖ Permanent failure |"));
  g_assert_nonnull (strstr (text, "Sender (MAIL FROM) | Waiting | \n"));
  g_clear_pointer (&text, g_free);

  /* A second server: the first one's rows stay, and the steps it never
   * reached are no longer listed as waiting there. */
  sp_attempt_end (first, SP_VERDICT_CONNECT_FAILED, SP_STEP_HELO, "Connection closed");
  second = sp_transcript_add_attempt (transcript, "mx2.example.test", "127.0.0.2", 25);
  sp_attempt_begin_step (second, SP_STEP_CONNECT, NULL);
  g_assert_true (gtk_list_box_get_row_at_index (box, 1) == connect);
  g_assert_true (gtk_list_box_get_row_at_index (box, 2) == banner_row);
  text = sp_step_list_dup_text (SP_STEP_LIST (list));
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "mx1.example.test | 127.0.0.1 port 25 · "));
  g_assert_nonnull (strstr (text, "mx2.example.test | 127.0.0.2 port 25\n"));
  /* Only the second server still waits for MAIL. */
  g_assert_true (strstr (text, "Sender (MAIL FROM) | Waiting") >
                 strstr (text, "mx2.example.test"));

  g_assert_finalize_object (list);
  g_assert_null (connect);
  g_assert_null (banner_row);
}

/* Each page on its own, with a model and without */

static void
test_pages_new_destroy (void)
{
  const char *types[] = {
    "SpPageTarget", "SpPageServers", "SpPageMessage", "SpPageSession", "SpPageResult",
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(SpFormModel) model = sp_form_model_new ();
      GType type = g_type_from_name (types[i]);
      GtkWidget *widget;

      g_assert_true (g_type_is_a (type, SP_TYPE_PAGE));
      widget = g_object_ref_sink (g_object_new (type, NULL));
      g_assert_nonnull (sp_page_get_title (SP_PAGE (widget)));
      sp_page_set_model (SP_PAGE (widget), model);
      g_assert_true (sp_page_get_model (SP_PAGE (widget)) == model);
      g_assert_finalize_object (widget);

      widget = g_object_ref_sink (g_object_new (type, NULL));
      g_assert_finalize_object (widget);
    }
}

/* SpPage's bindings follow the model set on the page: a new model shows its
 * own values, and editing then changes it and not the one before. */
static void
test_page_bindings_follow_model (void)
{
  g_autoptr(SpFormModel) first = sp_form_model_new ();
  g_autoptr(SpFormModel) second = sp_form_model_new ();
  GtkWidget *target = g_object_ref_sink (g_object_new (g_type_from_name ("SpPageTarget"), NULL));
  GType type = G_OBJECT_TYPE (target);
  GtkEditable *recipient = GTK_EDITABLE (child (target, type, "recipient_entry"));
  GtkEditable *domain = GTK_EDITABLE (child (target, type, "domain_entry"));

  sp_probe_request_set_recipient (sp_form_model_get_request (first), "kate@example.test");
  sp_form_model_set_domain (second, "example.org");

  sp_page_set_model (SP_PAGE (target), first);
  g_assert_cmpstr (gtk_editable_get_text (recipient), ==, "kate@example.test");
  gtk_editable_set_text (recipient, "kim@example.test");
  g_assert_cmpstr (sp_form_model_get_request (first)->recipient, ==, "kim@example.test");

  sp_page_set_model (SP_PAGE (target), second);
  g_assert_cmpstr (gtk_editable_get_text (recipient), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (domain), ==, "example.org");
  gtk_editable_set_text (recipient, "lee@example.test");
  g_assert_cmpstr (sp_form_model_get_request (second)->recipient, ==, "lee@example.test");
  g_assert_cmpstr (sp_form_model_get_request (first)->recipient, ==, "kim@example.test");

  /* Without a model the page edits nothing. */
  sp_page_set_model (SP_PAGE (target), NULL);
  gtk_editable_set_text (recipient, "nobody@example.test");
  g_assert_cmpstr (sp_form_model_get_request (second)->recipient, ==, "lee@example.test");

  g_assert_finalize_object (target);
}

/* A page's work: a newer piece replaces the one before, which its callback
 * then finds is no longer the page's; cancelling the page cancels the work. */
static void
test_page_work (void)
{
  GtkWidget *result = g_object_ref_sink (g_object_new (g_type_from_name ("SpPageResult"), NULL));
  SpPage *page = SP_PAGE (result);
  g_autoptr(GCancellable) first = NULL;
  g_autoptr(GCancellable) second = NULL;

  g_assert_false (sp_page_is_working (page));
  first = g_object_ref (sp_page_begin_work (page));
  g_assert_true (sp_page_is_working (page));

  second = g_object_ref (sp_page_begin_work (page));
  g_assert_true (g_cancellable_is_cancelled (first));
  g_assert_false (sp_page_end_work (page, first));
  g_assert_true (sp_page_is_working (page));

  sp_page_cancel (page);
  g_assert_true (g_cancellable_is_cancelled (second));
  g_assert_true (sp_page_end_work (page, second));
  g_assert_false (sp_page_is_working (page));

  g_assert_finalize_object (result);
}

static void
test_application_new_destroy (void)
{
  SpApplication *app = sp_application_new ();

  g_assert_cmpstr (g_application_get_application_id (G_APPLICATION (app)), ==,
                   "io.github.smtpprobe.SmtpProbe");
  g_assert_true (g_application_get_flags (G_APPLICATION (app)) &
                 G_APPLICATION_HANDLES_COMMAND_LINE);
  g_assert_finalize_object (app);
}

/* The window */

static void
test_window_new_destroy (void)
{
  SpWindow *window = sp_test_gui_new_window ();

  g_assert_cmpint (sp_window_get_current_page (window), ==, SP_WINDOW_PAGE_TARGET);
  g_assert_false (action_enabled (window, "wizard.back"));
  g_assert_false (action_enabled (window, "wizard.next"));
  /* The shortcuts window is built when it is first asked for, not at startup. */
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

  sp_test_gui_close_window (window);
}

static void
test_window_inline_validation (void)
{
  SpWindow *window = sp_test_gui_new_window ();
  SpPage *target = page (window, SP_WINDOW_PAGE_TARGET);
  GType type = G_OBJECT_TYPE (target);
  GtkWidget *entry = child (target, type, "recipient_entry");
  GtkWidget *message = child (target, type, "recipient_message");

  /* Enter on an empty page says what is missing, at the field, not in a dialog. */
  activate (window, "wizard.try-next");
  g_assert_cmpint (sp_window_get_current_page (window), ==, SP_WINDOW_PAGE_TARGET);
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_cmpstr (sp_field_message_get_message (SP_FIELD_MESSAGE (message)), ==,
                   "Enter the recipient’s address, for example kate@example.com.");
  g_assert_true (gtk_widget_has_focus (entry) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), entry));

  /* As the person types: wrong, then right. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "kate.example.com");
  sp_test_gui_iterate (700);
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_false (action_enabled (window, "wizard.next"));
  g_assert_cmpstr (sp_form_model_get_request (sp_window_get_model (window))->recipient, ==,
                   "kate.example.com");
  sp_test_gui_resize (GTK_WINDOW (window), 800, 600);
  g_free (sp_test_gui_save_screenshot (GTK_WINDOW (window), "01-target-invalid-light-800x600"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "kate@example.com");
  sp_test_gui_iterate (20);
  g_assert_false (gtk_widget_get_visible (message));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_assert_true (action_enabled (window, "wizard.next"));

  sp_test_gui_close_window (window);
}

static void
test_window_server_mode (void)
{
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);
  SpPage *target = page (window, SP_WINDOW_PAGE_TARGET);
  GType type = G_OBJECT_TYPE (target);

  /* A server with a port preset: the button, the spin button and the model agree. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (target, type, "server_check")), TRUE);
  g_assert_cmpint (sp_form_model_get_mode (model), ==, SP_TEST_MODE_SERVER);
  gtk_editable_set_text (GTK_EDITABLE (child (target, type, "server_entry")), "mail.example.test");
  /* Activating a button presses it for a moment, as the keyboard does, then clicks. */
  gtk_widget_activate (port_child (target, type, "port_587_button"));
  sp_test_gui_iterate (400);
  g_assert_cmpuint (sp_form_model_get_request (model)->port, ==, 587);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (port_child (target, type,
                                                                             "port_spin"))),
                   ==, 587);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (port_child (target, type,
                                                                         "port_587_button"))));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (port_child (target, type,
                                                                          "port_25_button"))));

  /* An odd port leaves no preset chosen. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (port_child (target, type, "port_spin")), 2526);
  sp_test_gui_iterate (20);
  g_assert_cmpuint (sp_form_model_get_request (model)->port, ==, 2526);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (port_child (target, type,
                                                                          "port_587_button"))));
  gtk_widget_activate (port_child (target, type, "port_25_button"));
  sp_test_gui_iterate (400);
  g_assert_cmpuint (sp_form_model_get_request (model)->port, ==, 25);
  g_assert_true (action_enabled (window, "wizard.next"));

  sp_test_gui_resize (GTK_WINDOW (window), 800, 600);
  for (guint dark = 0; dark < 2; dark++)
    {
      sp_test_gui_set_dark (GTK_WINDOW (window), dark);
      g_free (sp_test_gui_save_screenshot (GTK_WINDOW (window),
                                           dark ? "01-target-server-dark-800x600"
                                                : "01-target-server-light-800x600"));
    }
  sp_test_gui_set_dark (GTK_WINDOW (window), FALSE);

  sp_test_gui_close_window (window);
}

static gboolean
widget_is_labelled (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
      gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;

  /* Buttons are named by their text; check buttons by their label. */
  if (GTK_IS_CHECK_BUTTON (widget))
    return gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)) != NULL;
  if (GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget))
    return sp_test_gui_find_widget (widget, GTK_TYPE_LABEL, NULL) != NULL ||
           (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL) ||
           (GTK_IS_MENU_BUTTON (widget) &&
            gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) != NULL);

  return FALSE;
}

static void
check_labels (GtkWidget *root,
              guint     *n_checked)
{
  for (GtkWidget *widget = gtk_widget_get_first_child (root);
       widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    {
      gboolean control = GTK_IS_ENTRY (widget) || GTK_IS_SPIN_BUTTON (widget) ||
                         GTK_IS_SWITCH (widget) || GTK_IS_CHECK_BUTTON (widget) ||
                         GTK_IS_TEXT_VIEW (widget) || GTK_IS_BUTTON (widget) ||
                         GTK_IS_MENU_BUTTON (widget) || GTK_IS_PASSWORD_ENTRY (widget) ||
                         GTK_IS_DROP_DOWN (widget) ||
                         (GTK_IS_LIST_BOX (widget) && gtk_widget_get_focusable (widget));

      /* The entries' inner text widgets are named through their entry. */
      if (control && !GTK_IS_TEXT (widget))
        {
          (*n_checked)++;
          if (!widget_is_labelled (widget))
            g_error ("%s inside %s has no label a screen reader could announce",
                     G_OBJECT_TYPE_NAME (widget),
                     G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
        }

      if (!GTK_IS_SPIN_BUTTON (widget) && !GTK_IS_ENTRY (widget) &&
          !GTK_IS_PASSWORD_ENTRY (widget) && !GTK_IS_DROP_DOWN (widget))
        check_labels (widget, n_checked);
    }
}

static void
test_window_accessible_labels (void)
{
  SpWindow *window = sp_test_gui_new_window ();
  GtkWidget *indicator = child (window, SP_TYPE_WINDOW, "step_indicator");
  guint n_titles = 0;
  guint n_checked = 0;

  /* Only the first page is built at startup ... */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_stack_get_pages (GTK_STACK (
                      child (window, SP_TYPE_WINDOW, "pages"))))), ==, 1);

  /* ... but the step indicator names them all, as the pages name themselves. */
  for (GtkWidget *item = gtk_widget_get_first_child (indicator); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *title = sp_test_gui_find_widget (item, GTK_TYPE_LABEL, NULL);

      if (title == NULL || !gtk_widget_has_css_class (title, "step-number"))
        continue;
      title = gtk_widget_get_next_sibling (title);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (title)), ==,
                       sp_page_get_title (page (window, n_titles)));
      n_titles++;
    }
  g_assert_cmpuint (n_titles, ==, SP_WINDOW_N_PAGES);

  /* Every control on every page, whether shown now or not. */
  check_labels (GTK_WIDGET (window), &n_checked);
  g_test_message ("%u controls have labels", n_checked);
  g_assert_cmpuint (n_checked, >, 30);

  /* The pages are named groups, and busy is said, not only shown. */
  for (guint i = 0; i < SP_WINDOW_N_PAGES; i++)
    g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (page (window, i)),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL));

  sp_test_gui_close_window (window);
}

/* The mnemonics under @root, hidden ones and collapsed expanders' children included:
 * keyval → the label's text. A second label with the same key is added to @clashes. */
static void
collect_mnemonics (GtkWidget  *root,
                   GHashTable *keys,
                   GString    *clashes)
{
  /* A menu's keys work only while it is open, apart from the page's. */
  if (GTK_IS_POPOVER (root))
    return;

  /* Hidden or not: what a page hides now, it shows in another state. */
  if (GTK_IS_LABEL (root) && gtk_label_get_use_underline (GTK_LABEL (root)) &&
      gtk_label_get_mnemonic_keyval (GTK_LABEL (root)) != GDK_KEY_VoidSymbol &&
      strchr (gtk_label_get_label (GTK_LABEL (root)), '_') != NULL)
    {
      guint key = gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (root)));
      const char *text = gtk_label_get_label (GTK_LABEL (root));
      const char *other = g_hash_table_lookup (keys, GUINT_TO_POINTER (key));

      if (other != NULL)
        g_string_append_printf (clashes, "Alt+%s: “%s” and “%s”\n", gdk_keyval_name (key),
                                other, text);
      else
        g_hash_table_insert (keys, GUINT_TO_POINTER (key), (gpointer) text);
    }

  if (GTK_IS_EXPANDER (root) && !gtk_expander_get_expanded (GTK_EXPANDER (root)) &&
      gtk_expander_get_child (GTK_EXPANDER (root)) != NULL)
    collect_mnemonics (gtk_expander_get_child (GTK_EXPANDER (root)), keys, clashes);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mnemonics (child, keys, clashes);
}

/* Issue 12: on each page, with the header bar's Back and Next, one key one control. */
static void
test_window_unique_mnemonics (void)
{
  /* What Next says on each page (the window shows one page's at a time). */
  static const char * const next_labels[SP_WINDOW_N_PAGES] = {
    "_Next", "_Next", "_Start Test", "_Result", NULL,
  };
  SpWindow *window = sp_test_gui_new_window ();
  GtkLabel *next_label = GTK_LABEL (child (window, SP_TYPE_WINDOW, "next_label"));
  g_autoptr(GString) clashes = g_string_new (NULL);

  for (guint i = 0; i < SP_WINDOW_N_PAGES; i++)
    {
      g_autoptr(GHashTable) keys = g_hash_table_new (NULL, NULL);
      g_autoptr(GString) page_clashes = g_string_new (NULL);

      /* The header bar as it is on that page: Back, and Next but on the result. */
      gtk_label_set_text_with_mnemonic (next_label,
                                        next_labels[i] != NULL ? next_labels[i] : "");
      collect_mnemonics (child (window, SP_TYPE_WINDOW, "header_bar"), keys, page_clashes);
      collect_mnemonics (GTK_WIDGET (page (window, i)), keys, page_clashes);
      if (page_clashes->len > 0)
        g_string_append_printf (clashes, "%s:\n%s", sp_page_get_title (page (window, i)),
                                page_clashes->str);
    }

  g_assert_cmpstr (clashes->str, ==, "");
  sp_test_gui_close_window (window);
}

/* Controls a keyboard must reach under @root: shown, sensitive, focusable. */
static void
collect_controls (GtkWidget *root,
                  GPtrArray *controls)
{
  if (!gtk_widget_get_visible (root) || !gtk_widget_is_sensitive (root))
    return;

  /* Of a group of radio buttons, Tab reaches the chosen one, and arrows the others. */
  if (GTK_IS_CHECK_BUTTON (root) && !gtk_check_button_get_active (GTK_CHECK_BUTTON (root)) &&
      g_strcmp0 (gtk_widget_get_css_name (gtk_widget_get_first_child (root)), "radio") == 0)
    return;

  if ((GTK_IS_BUTTON (root) && !GTK_IS_TOGGLE_BUTTON (gtk_widget_get_parent (root))) ||
      GTK_IS_CHECK_BUTTON (root) || GTK_IS_EDITABLE (root) || GTK_IS_DROP_DOWN (root) ||
      GTK_IS_EXPANDER (root) || GTK_IS_MENU_BUTTON (root))
    {
      if (gtk_widget_get_focusable (root) || gtk_widget_get_focus_on_click (root) ||
          GTK_IS_DROP_DOWN (root) || GTK_IS_MENU_BUTTON (root) || GTK_IS_EXPANDER (root) ||
          GTK_IS_EDITABLE (root))
        g_ptr_array_add (controls, root);
      /* An editable's own parts (the text inside an entry) are the entry. */
      if (GTK_IS_EDITABLE (root) || GTK_IS_DROP_DOWN (root) || GTK_IS_MENU_BUTTON (root))
        return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_controls (child, controls);
}

static void
expand_all (GtkWidget *root)
{
  if (GTK_IS_EXPANDER (root))
    gtk_expander_set_expanded (GTK_EXPANDER (root), TRUE);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    expand_all (child);
}

/* Tabs through @window from its first control until the focus comes back,
 * and returns how many of @page's controls it met; @missed names the rest. */
static guint
tab_through (SpWindow         *window,
             GtkWidget        *page,
             GtkDirectionType  direction,
             GString          *missed)
{
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  g_autoptr(GHashTable) met = g_hash_table_new (NULL, NULL);
  guint n_met = 0;

  collect_controls (page, controls);
  gtk_root_set_focus (GTK_ROOT (window), NULL);
  for (guint i = 0; i < 400; i++)
    {
      GtkWidget *focus;

      /* As Tab and Shift+Tab move it: the window passes the focus on, and wraps around. */
      if (!gtk_widget_child_focus (GTK_WIDGET (window), direction))
        gtk_root_set_focus (GTK_ROOT (window), NULL);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
        g_hash_table_add (met, w);
    }

  for (guint i = 0; i < controls->len; i++)
    {
      GtkWidget *control = controls->pdata[i];

      if (g_hash_table_contains (met, control))
        n_met++;
      else
        g_string_append_printf (missed, "%s (%s) %s “%s”\n", sp_page_get_title (SP_PAGE (page)),
                                direction == GTK_DIR_TAB_FORWARD ? "Tab" : "Shift+Tab",
                                G_OBJECT_TYPE_NAME (control),
                                gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (control)) ==
                                GTK_ACCESSIBLE_ROLE_TEXT_BOX && GTK_IS_EDITABLE (control)
                                  ? gtk_editable_get_text (GTK_EDITABLE (control))
                                  : gtk_widget_get_name (control));
    }

  return n_met;
}

/* The mail servers page as a lookup leaves it: its queries in the section
 * under the list of servers. */
static void
show_queries (SpPage *servers)
{
  GtkWidget *label = child (servers, SP_TYPE_PAGE_SERVERS, "queries_label");
  GtkWidget *expander = child (servers, SP_TYPE_PAGE_SERVERS, "queries_expander");

  gtk_label_set_text (GTK_LABEL (label), "example.org MX → 127.0.0.1:53: 2 answers");
  for (GtkWidget *w = expander; w != GTK_WIDGET (servers); w = gtk_widget_get_parent (w))
    gtk_widget_set_visible (w, TRUE);
}

/* Issue 12: Tab reaches every control of the first three pages, every
 * section open, the DNS server field too (GTK 4.8 trapped the focus on a
 * collapsed expander whose child is a selectable label). */
static void
test_window_tab_order (void)
{
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);
  g_autoptr(GString) missed = g_string_new (NULL);
  SpPage *servers;

  /* Every field of the first page shows in server mode but practice's. */
  sp_form_model_set_mode (model, SP_TEST_MODE_SERVER);
  sp_form_model_set_custom_dns (model, TRUE);
  sp_test_gui_iterate (50);
  g_assert_cmpuint (tab_through (window, GTK_WIDGET (page (window, SP_WINDOW_PAGE_TARGET)),
                                 GTK_DIR_TAB_FORWARD, missed), >, 5);

  for (SpWindowPage which = SP_WINDOW_PAGE_SERVERS; which <= SP_WINDOW_PAGE_MESSAGE; which++)
    {
      GtkStack *pages = GTK_STACK (child (window, SP_TYPE_WINDOW, "pages"));

      /* Shown without entering it, so that no lookup starts. */
      gtk_stack_set_visible_child (pages, GTK_WIDGET (page (window, which)));
      expand_all (GTK_WIDGET (page (window, which)));
      sp_test_gui_iterate (50);
      g_assert_cmpuint (tab_through (window, GTK_WIDGET (page (window, which)),
                                     GTK_DIR_TAB_FORWARD, missed), >, 2);
    }

  /* The DNS queries section, closed as it opens, with the queries of a lookup in it:
   * the DNS server field after it. */
  servers = page (window, SP_WINDOW_PAGE_SERVERS);
  show_queries (servers);
  gtk_stack_set_visible_child (GTK_STACK (child (window, SP_TYPE_WINDOW, "pages")),
                               GTK_WIDGET (servers));
  gtk_expander_set_expanded (GTK_EXPANDER (child (servers, SP_TYPE_PAGE_SERVERS,
                                                  "queries_expander")), FALSE);
  sp_test_gui_iterate (50);
  tab_through (window, GTK_WIDGET (servers), GTK_DIR_TAB_FORWARD, missed);
  tab_through (window, GTK_WIDGET (servers), GTK_DIR_TAB_BACKWARD, missed);

  sp_test_gui_close_window (window);

  /* The same in a new window whose section was never opened. */
  window = sp_test_gui_new_window ();
  sp_form_model_set_custom_dns (sp_window_get_model (window), TRUE);
  servers = page (window, SP_WINDOW_PAGE_SERVERS);
  show_queries (servers);
  gtk_stack_set_visible_child (GTK_STACK (child (window, SP_TYPE_WINDOW, "pages")),
                               GTK_WIDGET (servers));
  sp_test_gui_iterate (50);
  tab_through (window, GTK_WIDGET (servers), GTK_DIR_TAB_FORWARD, missed);
  tab_through (window, GTK_WIDGET (servers), GTK_DIR_TAB_BACKWARD, missed);
  sp_test_gui_close_window (window);

  g_assert_cmpstr (missed->str, ==, "");
}

/* Issue 12: Enter on a focused check box goes on, and leaves the box as it was. */
static void
test_window_enter_on_check_box (void)
{
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);
  SpPage *target = page (window, SP_WINDOW_PAGE_TARGET);
  GtkWidget *server_check = child (target, SP_TYPE_PAGE_TARGET, "server_check");

  sp_form_model_set_mode (model, SP_TEST_MODE_SERVER);
  g_object_set (sp_form_model_get_request (model), "server", "127.0.0.1", "port", 2, NULL);
  sp_test_gui_iterate (20);
  gtk_widget_grab_focus (server_check);
  g_assert_true (sp_test_gui_press_key (GTK_WIDGET (window), GDK_KEY_Return));
  sp_test_gui_iterate (50);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (server_check)));
  g_assert_cmpint (sp_window_get_current_page (window), ==, SP_WINDOW_PAGE_SERVERS);

  /* A button takes Enter as a press, as everywhere. */
  gtk_widget_grab_focus (child (window, SP_TYPE_WINDOW, "back_button"));
  g_assert_false (sp_test_gui_press_key (GTK_WIDGET (window), GDK_KEY_Return));

  sp_test_gui_close_window (window);
}

/* Issue 12: a Next that cannot be pressed says why. */
static void
test_window_next_says_why (void)
{
  SpWindow *window = sp_test_gui_new_window ();
  GtkWidget *next = child (window, SP_TYPE_WINDOW, "next_button");
  SpFormModel *model = sp_window_get_model (window);

  sp_probe_request_set_recipient (sp_form_model_get_request (model), "");
  sp_test_gui_iterate (20);
  g_assert_false (gtk_widget_is_sensitive (next));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (next), "Not yet: Enter the recipient"));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (next),
                                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));

  sp_probe_request_set_recipient (sp_form_model_get_request (model), "kate@fabrikam");
  sp_test_gui_iterate (20);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (next), "has no dot"));

  sp_probe_request_set_recipient (sp_form_model_get_request (model), "kate@fabrikam.example");
  sp_test_gui_iterate (20);
  g_assert_true (gtk_widget_is_sensitive (next));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (next), ==, "Go on to the next step (Enter)");
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (next),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));

  sp_test_gui_close_window (window);
}

static gboolean
page_idle (gpointer user_data)
{
  return !sp_page_get_busy (user_data);
}

/* Issue 12: a server given by its address gets no MX preference help and no DNS
 * server choice, which do not apply to it. */
static void
test_servers_page_server_mode (void)
{
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);
  SpPage *servers;

  sp_form_model_set_mode (model, SP_TEST_MODE_SERVER);
  g_object_set (sp_form_model_get_request (model), "server", "127.0.0.1", "port", 2525, NULL);
  sp_window_show_page (window, SP_WINDOW_PAGE_SERVERS);
  servers = page (window, SP_WINDOW_PAGE_SERVERS);
  g_assert_true (sp_test_gui_wait_until (page_idle, servers, 10000));
  g_assert_true (gtk_widget_get_visible (child (servers, SP_TYPE_PAGE_SERVERS, "list_box")));
  g_assert_false (gtk_widget_get_visible (child (servers, SP_TYPE_PAGE_SERVERS, "list_hint")));
  g_assert_false (gtk_widget_get_visible (child (servers, SP_TYPE_PAGE_SERVERS, "dns_box")));

  sp_test_gui_close_window (window);
}

/* A settings portal of the test's own, on the test's session bus. */
static const char portal_xml[] =
  "<node><interface name='org.freedesktop.portal.Settings'>"
  "<method name='Read'><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='v' direction='out'/></method>"
  "<signal name='SettingChanged'><arg type='s'/><arg type='s'/><arg type='v'/></signal>"
  "</interface></node>";

static void
portal_method_cb (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  /* As the real portal answers Read: the value inside one more variant. */
  g_dbus_method_invocation_return_value (invocation,
                                         g_variant_new ("(v)", g_variant_new_variant (
                                                          g_variant_new_uint32 (1))));
}

static gboolean
prefers_dark (gpointer user_data)
{
  gboolean dark = FALSE;

  g_object_get (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", &dark, NULL);
  return dark == GPOINTER_TO_INT (user_data);
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
flag_set (gpointer user_data)
{
  return *(gboolean *) user_data;
}

/* Issue 12: the app follows the desktop's dark style through the settings portal. */
static void
test_follow_color_scheme (void)
{
#if GTK_CHECK_VERSION (4, 20, 0)
  g_test_skip ("GTK follows the portal's color-scheme itself");
#else
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (portal_xml, NULL);
  GDBusInterfaceVTable vtable = { portal_method_cb, NULL, NULL, { NULL } };
  gboolean acquired = FALSE;
  guint object_id;
  guint name_id;

  g_assert_nonnull (bus);
  object_id = g_dbus_connection_register_object (bus, "/org/freedesktop/portal/desktop",
                                                 info->interfaces[0], &vtable, NULL, NULL,
                                                 NULL);
  name_id = g_bus_own_name_on_connection (bus, "org.freedesktop.portal.Desktop",
                                          G_BUS_NAME_OWNER_FLAGS_NONE, name_acquired_cb, NULL,
                                          &acquired, NULL);
  g_assert_true (sp_test_gui_wait_until (flag_set, &acquired, 5000));
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", FALSE, NULL);

  /* The style the desktop has now … */
  sp_compat_follow_color_scheme (bus);
  g_assert_true (sp_test_gui_wait_until (prefers_dark, GINT_TO_POINTER (TRUE), 5000));

  /* … and when the person changes it. */
  g_dbus_connection_emit_signal (bus, NULL, "/org/freedesktop/portal/desktop",
                                 "org.freedesktop.portal.Settings", "SettingChanged",
                                 g_variant_new ("(ssv)", "org.freedesktop.appearance",
                                                "color-scheme", g_variant_new_uint32 (2)),
                                 NULL);
  g_assert_true (sp_test_gui_wait_until (prefers_dark, GINT_TO_POINTER (FALSE), 5000));

  g_bus_unown_name (name_id);
  g_dbus_connection_unregister_object (bus, object_id);
#endif
}

static void
assert_accel (const char *action,
              const char *accel)
{
  GtkApplication *app = GTK_APPLICATION (sp_test_gui_get_app ());
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, action);

  g_assert_nonnull (accels);
  g_assert_true (g_strv_contains ((const char * const *) accels, accel));
}

static void
test_window_shortcuts (void)
{
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);

  assert_accel ("app.quit", "<Control>q");
  assert_accel ("wizard.new-test", "<Control>n");
  assert_accel ("wizard.export", "<Control>e");
  assert_accel ("wizard.copy-log", "<Shift><Control>c");
  assert_accel ("wizard.back", "<Alt>Left");
  assert_accel ("win.show-help-overlay", "<Control>question");

  /* The shortcuts window opens from its action, and is worth a look. */
  {
    GtkShortcutsWindow *overlay;

    activate (window, "win.show-help-overlay");
    overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
    g_assert_nonnull (overlay);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
    g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (window));
    sp_test_gui_wait_for_draw (GTK_WIDGET (overlay));
    g_free (sp_test_gui_save_screenshot (GTK_WINDOW (overlay), "shortcuts-light"));
    gtk_window_close (GTK_WINDOW (overlay));
    sp_test_gui_iterate (50);
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));

    /* Asked for again, the same window comes back. */
    activate (window, "win.show-help-overlay");
    g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) ==
                   overlay);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
    gtk_window_close (GTK_WINDOW (overlay));
    sp_test_gui_iterate (50);
  }

  /* Enter (try-next) on a complete page goes on; Escape goes back. */
  sp_form_model_set_mode (model, SP_TEST_MODE_SERVER);
  sp_probe_request_set_server (sp_form_model_get_request (model), "127.0.0.1");
  sp_form_model_set_custom_dns (model, FALSE);
  activate (window, "wizard.try-next");
  wait_for_page (window, SP_WINDOW_PAGE_SERVERS);
  g_assert_true (sp_test_gui_wait_until (page_not_busy, page (window, SP_WINDOW_PAGE_SERVERS),
                                         10000));
  activate (window, "wizard.escape");
  wait_for_page (window, SP_WINDOW_PAGE_TARGET);

  /* Ctrl+N forgets the test but keeps the person's own settings. */
  sp_probe_request_set_sender (sp_form_model_get_request (model), "helpdesk@example.org");
  activate (window, "wizard.new-test");
  g_assert_cmpstr (sp_form_model_get_request (model)->server, ==, "");
  g_assert_cmpstr (sp_form_model_get_request (model)->sender, ==, "helpdesk@example.org");

  sp_test_gui_close_window (window);
}

typedef struct
{
  SpApplication *app;
  char     *sender;
  char     *recipient;
  char     *dns;
  guint     port;
  int       mode;
  int       tls;
  char     *ca_file;
  char     *auth_user;
} Seen;

static gboolean
inspect_and_close_cb (gpointer user_data)
{
  Seen *seen = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (seen->app));

  g_assert_nonnull (windows);
  if (windows != NULL)
    {
      SpFormModel *model = sp_window_get_model (SP_WINDOW (windows->data));

      seen->sender = g_strdup (sp_form_model_get_request (model)->sender);
      seen->recipient = g_strdup (sp_form_model_get_request (model)->recipient);
      seen->dns = g_strdup (sp_form_model_get_request (model)->dns_servers);
      seen->port = sp_form_model_get_request (model)->port;
      seen->mode = sp_form_model_get_mode (model);
      seen->tls = sp_form_model_get_tls_policy (model);
      seen->ca_file = g_strdup (sp_form_model_get_request (model)->ca_file);
      seen->auth_user = g_strdup (sp_form_model_get_request (model)->auth_user);
      gtk_window_close (GTK_WINDOW (windows->data));
    }

  return G_SOURCE_REMOVE;
}

static void
test_command_line (void)
{
  const char *argv[] = {
    "smtp-probe", "kate@example.test", "--from", "helpdesk@example.org",
    "--dns-server", "127.0.0.1:5353", "--port", "2525", "--tls", "required",
    "--ca-file", "company-ca.pem", "--auth-user", "kate", NULL
  };
  const char *bad[] = { "smtp-probe", "--port", "70000", NULL };
  const char *bad_tls[] = { "smtp-probe", "--tls", "sometimes", NULL };
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *ca_file = g_build_filename (cwd, "company-ca.pem", NULL);
  g_autoptr(SpApplication) app = NULL;
  Seen seen = { 0 };
  int status;

  /* The same option names as smtp-probe-cli prefill the wizard. A second id, as the
   * test's own application already has the object path of the real one. */
  app = g_object_new (SP_TYPE_APPLICATION,
                      "application-id", "io.github.smtpprobe.SmtpProbe.CommandLine",
                      "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE,
                      NULL);
  seen.app = app;
  g_idle_add (inspect_and_close_cb, &seen);
  status = g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, (char **) argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (seen.sender, ==, "helpdesk@example.org");
  g_assert_cmpstr (seen.recipient, ==, "kate@example.test");
  g_assert_cmpstr (seen.dns, ==, "127.0.0.1:5353");
  g_assert_cmpuint (seen.port, ==, 2525);
  g_assert_cmpint (seen.mode, ==, SP_TEST_MODE_RECIPIENT);
  g_assert_cmpint (seen.tls, ==, SP_TLS_POLICY_REQUIRED);
  /* A relative CA file is taken from where the command was typed. */
  g_assert_cmpstr (seen.ca_file, ==, ca_file);
  g_assert_cmpstr (seen.auth_user, ==, "kate");
  g_free (seen.sender);
  g_free (seen.recipient);
  g_free (seen.dns);
  g_free (seen.ca_file);
  g_free (seen.auth_user);
  g_clear_object (&app);

  /* A port out of range is refused before any window opens. */
  app = g_object_new (SP_TYPE_APPLICATION,
                      "application-id", "io.github.smtpprobe.SmtpProbe.CommandLine",
                      "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE,
                      NULL);
  status = g_application_run (G_APPLICATION (app), G_N_ELEMENTS (bad) - 1, (char **) bad);
  g_assert_cmpint (status, ==, 2);
  g_clear_object (&app);

  /* So is an encryption setting the CLI would not take. */
  app = g_object_new (SP_TYPE_APPLICATION,
                      "application-id", "io.github.smtpprobe.SmtpProbe.CommandLine",
                      "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE,
                      NULL);
  status = g_application_run (G_APPLICATION (app), G_N_ELEMENTS (bad_tls) - 1,
                              (char **) bad_tls);
  g_assert_cmpint (status, ==, 2);
}

static void
test_window_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.smtpprobe.SmtpProbe");
  SpWindow *window;
  SpFormModel *model;

  g_settings_set_string (settings, "last-sender", "remembered@example.org");
  g_settings_set_string (settings, "last-ehlo-name", "client.example.org");
  g_settings_set_uint (settings, "step-timeout", 45);

  window = sp_test_gui_new_window ();
  model = sp_window_get_model (window);
  g_assert_cmpstr (sp_form_model_get_request (model)->sender, ==, "remembered@example.org");
  g_assert_cmpstr (sp_form_model_get_request (model)->ehlo_name, ==, "client.example.org");
  g_assert_cmpuint ((sp_form_model_get_request (model)->timeout_ms / 1000), ==, 45);

  sp_test_gui_close_window (window);

  g_settings_reset (settings, "last-sender");
  g_settings_reset (settings, "last-ehlo-name");
  g_settings_reset (settings, "step-timeout");
}

/* Cancelling and closing */

static void
test_close_during_lookup (void)
{
  g_autoptr(GSocket) silent = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *dns = NULL;
  SpWindow *window;
  SpFormModel *model;

  /* A DNS server that never answers keeps the lookup busy. */
  silent = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP,
                         &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (silent, any, TRUE, &error));
  bound = g_socket_get_local_address (silent, &error);
  dns = g_strdup_printf ("127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  window = sp_test_gui_new_window ();
  model = sp_window_get_model (window);
  sp_probe_request_set_recipient (sp_form_model_get_request (model), "kate@example.test");
  sp_form_model_set_custom_dns (model, TRUE);
  sp_probe_request_set_dns_servers (sp_form_model_get_request (model), dns);
  activate (window, "wizard.next");
  wait_for_page (window, SP_WINDOW_PAGE_SERVERS);
  g_assert_true (sp_page_get_busy (page (window, SP_WINDOW_PAGE_SERVERS)));
  g_assert_false (action_enabled (window, "wizard.back"));
  sp_test_gui_resize (GTK_WINDOW (window), 800, 600);
  g_free (sp_test_gui_save_screenshot (GTK_WINDOW (window), "02-servers-busy-light-800x600"));

  /* Escape stops the lookup at once and says so; Back is possible again. */
  activate (window, "wizard.escape");
  g_assert_true (sp_test_gui_wait_until (page_not_busy, page (window, SP_WINDOW_PAGE_SERVERS),
                                         2000));
  g_assert_cmpint (sp_window_get_current_page (window), ==, SP_WINDOW_PAGE_SERVERS);
  g_assert_true (action_enabled (window, "wizard.back"));
  g_assert_false (sp_page_get_complete (page (window, SP_WINDOW_PAGE_SERVERS)));

  /* The DNS server choice, through the page as a person makes it. */
  {
    SpPage *servers = page (window, SP_WINDOW_PAGE_SERVERS);
    GType type = G_OBJECT_TYPE (servers);
    GtkWidget *entry = child (servers, type, "dns_entry");

    gtk_check_button_set_active (GTK_CHECK_BUTTON (child (servers, type, "system_dns_check")),
                                 TRUE);
    g_assert_false (sp_form_model_get_custom_dns (model));
    gtk_check_button_set_active (GTK_CHECK_BUTTON (child (servers, type, "custom_dns_check")),
                                 TRUE);
    g_assert_true (sp_form_model_get_custom_dns (model));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, dns);

    /* A wrong address is said at the field. */
    gtk_editable_set_text (GTK_EDITABLE (entry), "not a server");
    g_assert_true (gtk_widget_get_visible (child (servers, type, "dns_message")));
    gtk_editable_set_text (GTK_EDITABLE (entry), dns);
    g_assert_false (gtk_widget_get_visible (child (servers, type, "dns_message")));

    /* Enter in the field asks that server, like nslookup's "server" command. */
    g_signal_emit_by_name (entry, "activate");
    g_assert_true (sp_page_get_busy (servers));
  }

  /* Close the window while the lookup runs: nothing may be left behind. */
  sp_test_gui_close_window (window);
}

static gboolean
transcript_has_attempt (gpointer user_data)
{
  SpFormModel *model = user_data;
  SpTranscript *transcript = sp_form_model_get_transcript (model);

  return transcript != NULL && sp_transcript_get_n_attempts (transcript) > 0;
}

static void
test_stop_keeps_log (void)
{
  g_autoptr(SpScriptedServer) server = start_server ("banner delay 20000 220 slow.example.test\n");
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);
  SpPage *session = page (window, SP_WINDOW_PAGE_SESSION);
  SpLogView *view = sp_page_session_get_log_view (SP_PAGE_SESSION (session));
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 stopped;

  fill_for_server (window, server, "kate@example.test");
  activate (window, "wizard.next");
  wait_for_page (window, SP_WINDOW_PAGE_SESSION);
  g_assert_true (sp_page_get_busy (session));
  g_assert_true (sp_test_gui_wait_until (transcript_has_attempt, model, 10000));
  sp_test_gui_iterate (300);
  sp_log_view_flush (view);
  before = buffer_text (sp_log_view_get_buffer (view));
  g_assert_nonnull (strstr (before, "127.0.0.1"));

  /* Escape stops at once, well before the 20 s the server would take. */
  stopped = g_get_monotonic_time ();
  activate (window, "wizard.escape");
  g_assert_true (sp_test_gui_wait_until (page_not_busy, session, 2000));
  g_assert_cmpint (g_get_monotonic_time () - stopped, <, G_USEC_PER_SEC);
  g_assert_cmpint (sp_transcript_get_verdict (sp_form_model_get_transcript (model)), ==,
                   SP_VERDICT_CANCELLED);

  /* The log is kept, and says the test was stopped. */
  sp_log_view_flush (view);
  after = buffer_text (sp_log_view_get_buffer (view));
  g_assert_true (g_str_has_prefix (after, before));
  g_assert_nonnull (strstr (after, "Stopped by hand"));
  sp_test_gui_resize (GTK_WINDOW (window), 800, 600);
  g_free (sp_test_gui_save_screenshot (GTK_WINDOW (window), "04-session-stopped-light-800x600"));

  activate (window, "wizard.next");
  wait_for_page (window, SP_WINDOW_PAGE_RESULT);
  g_assert_cmpstr (sp_page_result_get_headline (SP_PAGE_RESULT (page (window,
                                                                      SP_WINDOW_PAGE_RESULT))),
                   ==, "The test was stopped before it finished");

  sp_test_gui_close_window (window);
  sp_scripted_server_stop (server);
}

static void
test_close_during_session (void)
{
  g_autoptr(SpScriptedServer) server = start_server ("banner delay 20000 220 slow.example.test\n");
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);
  gpointer transcript;

  fill_for_server (window, server, "kate@example.test");
  activate (window, "wizard.next");
  wait_for_page (window, SP_WINDOW_PAGE_SESSION);
  g_assert_true (sp_test_gui_wait_until (transcript_has_attempt, model, 10000));

  /* The probe owns the transcript: once it is gone, so is the probe. */
  transcript = sp_form_model_get_transcript (model);
  g_object_add_weak_pointer (G_OBJECT (transcript), &transcript);

  sp_test_gui_close_window (window);
  g_assert_null (transcript);
  sp_scripted_server_stop (server);
}

/* Exports match the log */

static gboolean
file_exists (gpointer user_data)
{
  return g_file_test (user_data, G_FILE_TEST_EXISTS);
}

static gboolean
export_done (gpointer user_data)
{
  return *(gboolean *) user_data;
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sp_window_export_to_file_finish (SP_WINDOW (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
export_refused_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sp_window_export_to_file_finish (SP_WINDOW (object), result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  *(gboolean *) user_data = TRUE;
}

static char *
export (SpWindow       *window,
        SpExportFormat  format,
        const char     *dir,
        const char     *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  char *contents = NULL;

  sp_window_export_to_file_async (window, format, file, NULL, export_cb, &done);
  g_assert_true (sp_test_gui_wait_until (export_done, &done, 10000));
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);

  return contents;
}

static void
test_exports_match_log (void)
{
  g_autoptr(SpScriptedServer) server = start_server ("hostname mx1.example.test\n"
                                                     "on RCPT TO:<nobody@*>* => 550 5.1.1 "
                                                     "<nobody@example.test>: User unknown\n");
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);
  SpPage *session = page (window, SP_WINDOW_PAGE_SESSION);
  SpLogView *view = sp_page_session_get_log_view (SP_PAGE_SESSION (session));
  g_autofree char *dir = sp_test_make_tmpdir ("gui-export");
  g_autofree char *log = NULL;
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GVariant) document = NULL;
  g_autoptr(GVariant) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) json_texts = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = NULL;
  SpTranscript *transcript;
  GdkClipboard *clipboard;
  guint n;

  fill_for_server (window, server, "nobody@example.test");
  activate (window, "wizard.next");
  wait_for_page (window, SP_WINDOW_PAGE_SESSION);
  g_assert_true (sp_test_gui_wait_until (page_not_busy, session, 20000));
  transcript = sp_form_model_get_transcript (model);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_PERMANENT);

  sp_log_view_flush (view);
  log = buffer_text (sp_log_view_get_buffer (view));
  text = export (window, SP_EXPORT_FORMAT_TEXT, dir, "log.txt");
  html = export (window, SP_EXPORT_FORMAT_HTML, dir, "log.html");
  json = export (window, SP_EXPORT_FORMAT_JSON, dir, "log.json");

  document = sp_test_parse_json (json, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (document, "entries", "@av", &entries));
  for (gsize i = 0; i < g_variant_n_children (entries); i++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (entries, i);
      g_autoptr(GVariant) entry = g_variant_get_variant (boxed);
      const char *entry_text;

      g_assert_true (g_variant_lookup (entry, "text", "&s", &entry_text));
      g_ptr_array_add (json_texts, g_strdup (entry_text));
    }

  /* Every line the log showed is in each export, in order, as the server wrote it.
   * The log's own lines start with their time; the explanation under the
   * failing reply is indented text without one. */
  n = sp_transcript_get_n_entries (transcript);
  g_assert_cmpuint (json_texts->len, ==, n);
  {
    g_auto(GStrv) all_lines = g_strsplit (log, "\n", -1);
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_autoptr(GRegex) timed = g_regex_new ("^\\d\\d:\\d\\d:\\d\\d ", 0, 0, NULL);

    for (guint i = 0; all_lines[i] != NULL; i++)
      if (g_regex_match (timed, all_lines[i], 0, NULL))
        g_strv_builder_add (builder, all_lines[i]);
    lines = g_strv_builder_end (builder);
  }
  g_assert_cmpuint (g_strv_length (lines), ==, n);
  g_assert_nonnull (strstr (log, "What it means:"));
  for (guint i = 0; i < n; i++)
    {
      const char *entry_text = sp_transcript_get_entry (transcript, i)->text;
      g_autofree char *escaped = g_markup_escape_text (entry_text, -1);

      g_assert_nonnull (strstr (lines[i], entry_text));
      g_assert_nonnull (strstr (text, entry_text));
      g_assert_nonnull (strstr (html, escaped));
      g_assert_cmpstr (g_ptr_array_index (json_texts, i), ==, entry_text);
    }
  g_assert_nonnull (strstr (log, "550 5.1.1 <nobody@example.test>: User unknown"));
  g_assert_nonnull (strstr (html, "550 5.1.1 &lt;nobody@example.test&gt;: User unknown"));

  /* Copy puts the text export on the clipboard. */
  activate (window, "wizard.copy-log");
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  g_assert_true (gdk_clipboard_is_local (clipboard));

  /* Export as the person does it: the menu's action opens the file chooser (the
   * portal-aware GtkFileChooserNative on GTK 4.8, which falls back to a dialog here). */
  {
    g_autofree char *chosen = g_build_filename (dir, "chosen.html", NULL);
    g_autoptr(GFile) folder = g_file_new_for_path (dir);
    g_autofree char *suggested = NULL;
    GtkWidget *dialog = NULL;
    const char *status;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "wizard.export-as", "s",
                                               "html"));
    for (guint tries = 0; tries < 200 && dialog == NULL; tries++)
      {
        GListModel *toplevels = gtk_window_get_toplevels ();

        sp_test_gui_iterate (10);
        for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
          {
            g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

            if (GTK_IS_FILE_CHOOSER (toplevel))
              dialog = toplevel;
          }
      }
    g_assert_nonnull (dialog);
    g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
    suggested = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (dialog));
    g_assert_nonnull (suggested);
    g_assert_true (g_str_has_prefix (suggested, "smtp-probe-nobody@example.test-"));
    g_assert_true (g_str_has_suffix (suggested, ".html"));
    g_free (sp_test_gui_save_screenshot (GTK_WINDOW (dialog), "export-file-chooser-light"));

    g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL));
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "chosen.html");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    g_assert_true (sp_test_gui_wait_until (file_exists, chosen, 10000));

    /* The result page says where the log went. */
    sp_test_gui_iterate (100);
    status = gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (
                                   GTK_WIDGET (page (window, SP_WINDOW_PAGE_RESULT)),
                                   SP_TYPE_PAGE_RESULT, "action_status")));
    g_assert_nonnull (strstr (status, "chosen.html"));
  }

  /* The GUI's export refuses what the CLI's --output refuses: a pipe
   * stays a pipe, and the result page says why. */
  {
    g_autofree char *fifo = g_build_filename (dir, "pipe.txt", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (fifo);
    gboolean refused = FALSE;
    GStatBuf st;
    const char *status;

    g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
    sp_window_export_to_file_async (window, SP_EXPORT_FORMAT_TEXT, file, NULL,
                                    export_refused_cb, &refused);
    g_assert_true (sp_test_gui_wait_until (export_done, &refused, 10000));
    g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
    g_assert_true (S_ISFIFO (st.st_mode));
    status = gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (
                                   GTK_WIDGET (page (window, SP_WINDOW_PAGE_RESULT)),
                                   SP_TYPE_PAGE_RESULT, "action_status")));
    g_assert_nonnull (strstr (status, "regular files only"));
  }

  sp_test_gui_close_window (window);
  sp_scripted_server_stop (server);
  sp_test_rm_rf (dir);
}

/* The message page's Advanced section: encryption and sign-in */

static void
show_page (SpWindow     *window,
           SpWindowPage  which)
{
  sp_window_show_page (window, which);
  sp_test_gui_wait_for_draw (GTK_WIDGET (window));
}

static void
notify_flag_cb (SpProbeRequest *request,
                GParamSpec     *pspec,
                gboolean       *cleared)
{
  if (!sp_probe_request_get_has_password (request))
    *cleared = TRUE;
}

static void
test_message_encryption (void)
{
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);
  SpPage *target = page (window, SP_WINDOW_PAGE_TARGET);
  SpPage *message = page (window, SP_WINDOW_PAGE_MESSAGE);
  SpPage *servers = page (window, SP_WINDOW_PAGE_SERVERS);
  GType target_type = G_OBJECT_TYPE (target);
  GType servers_type = G_OBJECT_TYPE (servers);
  GType type = G_OBJECT_TYPE (message);
  GtkDropDown *tls = GTK_DROP_DOWN (child (message, type, "tls_dropdown"));
  GtkLabel *hint = GTK_LABEL (child (message, type, "tls_hint"));
  g_autoptr(GtkLabel) port_hint = NULL;
  GListModel *items = gtk_drop_down_get_model (tls);

  /* The four policies in the core's words, in the order of SpTlsPolicy. */
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 4);
  for (SpTlsPolicy policy = SP_TLS_POLICY_OFF; policy <= SP_TLS_POLICY_IMPLICIT; policy++)
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (items), policy), ==,
                     sp_tls_policy_get_label (policy));
  g_assert_cmpuint (gtk_drop_down_get_selected (tls), ==, SP_TLS_POLICY_OPPORTUNISTIC);
  g_assert_nonnull (strstr (gtk_label_get_text (hint), "when it does not"));

  gtk_drop_down_set_selected (tls, SP_TLS_POLICY_REQUIRED);
  g_assert_cmpint (sp_form_model_get_tls_policy (model), ==, SP_TLS_POLICY_REQUIRED);
  g_assert_nonnull (strstr (gtk_label_get_text (hint), "stops with an error"));

  /* The 465 preset on the first page (for a server test) selects implicit TLS; the port
   * chooser on the servers page (for a test of the domain's servers) follows. */
  sp_form_model_set_mode (model, SP_TEST_MODE_SERVER);
  sp_test_gui_iterate (20);
  /* Activating a button presses it for a moment, as the keyboard does, then clicks. */
  gtk_widget_activate (port_child (target, target_type, "port_465_button"));
  sp_test_gui_iterate (400);
  g_assert_cmpuint (sp_form_model_get_request (model)->port, ==, 465);
  g_assert_cmpuint (gtk_drop_down_get_selected (tls), ==, SP_TLS_POLICY_IMPLICIT);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (port_child (servers,
                                                                                  servers_type,
                                                                                  "port_spin"))),
                   ==, 465);
  g_assert_true (gtk_toggle_button_get_active (
                   GTK_TOGGLE_BUTTON (port_child (servers, servers_type, "port_465_button"))));
  g_assert_nonnull (strstr (gtk_label_get_text (hint), "first byte"));
  gtk_widget_activate (port_child (target, target_type, "port_25_button"));
  sp_test_gui_iterate (400);
  g_assert_cmpuint (gtk_drop_down_get_selected (tls), ==, SP_TLS_POLICY_OPPORTUNISTIC);

  /* The servers page's chooser does the same, and says what its port is for. */
  sp_form_model_set_mode (model, SP_TEST_MODE_DOMAIN);
  /* Not shown yet, so not realized: a click, as a press would end in. */
  g_signal_emit_by_name (port_child (servers, servers_type, "port_465_button"), "clicked");
  g_assert_cmpint (sp_form_model_get_tls_policy (model), ==, SP_TLS_POLICY_IMPLICIT);
  g_object_get (child (servers, servers_type, "port_chooser"), "hint-label", &port_hint, NULL);
  g_assert_nonnull (strstr (gtk_label_get_text (port_hint), "first byte"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (port_hint)));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (port_child (servers, servers_type, "port_spin")),
                             25);
  g_assert_cmpint (sp_form_model_get_tls_policy (model), ==, SP_TLS_POLICY_OPPORTUNISTIC);

  sp_test_gui_close_window (window);
}

/* The limits of the whole test, under Advanced: bound to the model, with
 * "Automatic" for the attempts a sending server would make. */
static void
test_message_limits (void)
{
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);
  SpPage *message = page (window, SP_WINDOW_PAGE_MESSAGE);
  GType type = G_OBJECT_TYPE (message);
  GtkWidget *deadline = child (message, type, "deadline_spin");
  GtkWidget *attempts = child (message, type, "max_attempts_spin");
  GtkExpander *expander = GTK_EXPANDER (child (message, type, "advanced_expander"));

  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (deadline),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (attempts),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (deadline)), ==,
                     SP_PROBE_DEFAULT_DEADLINE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (attempts)), ==, "Automatic");

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (attempts), 12);
  g_assert_cmpuint (sp_form_model_get_request (model)->max_attempts, ==, 12);
  sp_probe_request_set_deadline_ms (sp_form_model_get_request (model), 120 * 1000);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (deadline)), ==, 120);
  sp_probe_request_set_max_attempts (sp_form_model_get_request (model), 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (attempts)), ==, "Automatic");

  gtk_expander_set_expanded (expander, TRUE);
  show_page (window, SP_WINDOW_PAGE_MESSAGE);
  sp_test_gui_shoot (GTK_WINDOW (window), "03-message-advanced-limits", FALSE, attempts);

  sp_test_gui_close_window (window);
}

/* The PIPELINING fast path, under Advanced: off by default (step by step
 * is the diagnostic way), bound to the model both ways, explained. */
static void
test_message_pipelining (void)
{
  SpWindow *window = sp_test_gui_new_window ();
  SpProbeRequest *request = sp_form_model_get_request (sp_window_get_model (window));
  SpPage *message = page (window, SP_WINDOW_PAGE_MESSAGE);
  GType type = G_OBJECT_TYPE (message);
  GtkWidget *check = child (message, type, "pipelining_check");

  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (check),
                                                   GTK_ACCESSIBLE_RELATION_DESCRIBED_BY));
  g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), ==,
                   "Send the co_mmands in one go");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_false (request->pipelining);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (request->pipelining);
  sp_probe_request_set_pipelining (request, FALSE);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));

  sp_test_gui_close_window (window);
}

static void
test_message_sign_in (void)
{
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);
  SpPage *message = page (window, SP_WINDOW_PAGE_MESSAGE);
  GType type = G_OBJECT_TYPE (message);
  GtkWidget *user = child (message, type, "auth_user_entry");
  GtkWidget *password = child (message, type, "password_entry");
  GtkWidget *allow = child (message, type, "allow_plaintext_check");
  GtkWidget *warning = child (message, type, "plaintext_warning");
  GtkExpander *expander = GTK_EXPANDER (child (message, type, "advanced_expander"));
  gboolean cleared = FALSE;

  g_assert_true (GTK_IS_PASSWORD_ENTRY (password));
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (password),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));

  /* Plain text is only a question once there is a sign-in, and it comes with a warning. */
  g_assert_false (gtk_widget_get_sensitive (allow));
  g_assert_false (gtk_widget_get_visible (warning));
  gtk_editable_set_text (GTK_EDITABLE (user), "kate");
  g_assert_cmpstr (sp_form_model_get_request (model)->auth_user, ==, "kate");
  g_assert_true (gtk_widget_get_sensitive (allow));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (allow), TRUE);
  g_assert_true (sp_form_model_get_request (model)->auth_allow_plaintext);
  g_assert_true (gtk_widget_get_visible (warning));
  g_assert_nonnull (sp_test_gui_find_widget (warning, GTK_TYPE_IMAGE, NULL));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (allow), FALSE);
  g_assert_false (gtk_widget_get_visible (warning));

  /* A user name without a password: Enter opens Advanced and says so at the field. */
  sp_probe_request_set_sender (sp_form_model_get_request (model), "helpdesk@example.org");
  sp_probe_request_set_recipient (sp_form_model_get_request (model), "kate@example.test");
  gtk_expander_set_expanded (expander, FALSE);
  g_assert_false (sp_page_get_complete (message));
  sp_page_reveal_problems (message);
  g_assert_true (gtk_expander_get_expanded (expander));
  g_assert_true (gtk_widget_get_visible (child (message, type, "password_message")));
  g_assert_nonnull (strstr (sp_field_message_get_message (SP_FIELD_MESSAGE (
                              child (message, type, "password_message"))), "password"));

  /* Typing the password completes the page; the model has it, no property shows it. */
  gtk_editable_set_text (GTK_EDITABLE (password), PASSWORD);
  g_assert_true (sp_probe_request_get_has_password (sp_form_model_get_request (model)));
  g_assert_true (sp_page_get_complete (message));
  {
    g_autoptr(SpProbeRequest) request = sp_form_model_to_request (model, NULL, NULL);

    g_assert_nonnull (request);
    g_assert_cmpstr (request->auth_user, ==, "kate");
    g_assert_cmpstr (request->auth_password, ==, PASSWORD);
  }

  /* With encryption off, signing in needs the explicit permission. */
  sp_probe_request_set_tls (sp_form_model_get_request (model), SP_TLS_POLICY_OFF);
  g_assert_false (sp_page_get_complete (message));
  sp_page_reveal_problems (message);
  g_assert_true (gtk_widget_get_visible (child (message, type, "tls_message")));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (allow), TRUE);
  g_assert_true (sp_page_get_complete (message));

  /* The Advanced section as people see it, filled in and with the warning. */
  show_page (window, SP_WINDOW_PAGE_MESSAGE);
  sp_test_gui_shoot (GTK_WINDOW (window), "03-message-advanced-plaintext", FALSE,
                     child (message, type, "auth_user_entry"));
  sp_probe_request_set_tls (sp_form_model_get_request (model), SP_TLS_POLICY_OPPORTUNISTIC);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (allow), FALSE);
  sp_test_gui_shoot (GTK_WINDOW (window), "03-message-advanced", TRUE, GTK_WIDGET (expander));

  /* A new test forgets the sign-in, and the field shows it. */
  activate (window, "wizard.new-test");
  g_assert_false (sp_probe_request_get_has_password (sp_form_model_get_request (model)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password)), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (user)), ==, "");

  /* Closing the window forgets the password before anything else goes. */
  gtk_editable_set_text (GTK_EDITABLE (password), PASSWORD);
  g_assert_true (sp_probe_request_get_has_password (sp_form_model_get_request (model)));
  g_signal_connect (sp_form_model_get_request (model), "notify::has-auth-password",
                    G_CALLBACK (notify_flag_cb), &cleared);
  sp_test_gui_close_window (window);
  g_assert_true (cleared);

  /* Nothing of it reached the settings. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.smtpprobe.SmtpProbe");
    g_autoptr(GSettingsSchema) schema = NULL;
    g_auto(GStrv) keys = NULL;

    g_object_get (settings, "settings-schema", &schema, NULL);
    keys = g_settings_schema_list_keys (schema);
    for (guint i = 0; keys[i] != NULL; i++)
      {
        g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
        g_autofree char *text = g_variant_print (value, FALSE);

        g_assert_null (strstr (text, PASSWORD));
      }
    g_settings_reset (settings, "last-sender");
  }
}

static void
test_message_ca_file (void)
{
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);
  SpPage *message = page (window, SP_WINDOW_PAGE_MESSAGE);
  GType type = G_OBJECT_TYPE (message);
  GtkWidget *button = child (message, type, "ca_file_button");
  GtkWidget *clear = child (message, type, "ca_file_clear_button");
  GtkLabel *label = GTK_LABEL (child (message, type, "ca_file_label"));
  g_autofree char *dir = sp_test_make_tmpdir ("gui-ca-file");
  g_autofree char *path = g_build_filename (dir, "company-ca.pem", NULL);
  GtkWidget *dialog = NULL;

  g_assert_false (gtk_widget_get_visible (clear));
  g_assert_nonnull (strstr (gtk_label_get_text (label), "None"));

  /* The button opens the file chooser; what is chosen there is used. */
  g_assert_true (g_file_set_contents (path, "not a certificate\n", -1, NULL));
  show_page (window, SP_WINDOW_PAGE_MESSAGE);
  gtk_expander_set_expanded (GTK_EXPANDER (child (message, type, "advanced_expander")), TRUE);
  sp_test_gui_wait_for_draw (button);
  gtk_widget_activate (button);
  for (guint tries = 0; tries < 300 && dialog == NULL; tries++)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      sp_test_gui_iterate (10);
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

          if (GTK_IS_FILE_CHOOSER (toplevel))
            dialog = toplevel;
        }
    }
  g_assert_nonnull (dialog);
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog)), ==,
                   GTK_FILE_CHOOSER_ACTION_OPEN);
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFile) selected = NULL;

    /* The chooser selects the file once it has read its folder. */
    g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), file, NULL));
    for (guint tries = 0; tries < 500 && selected == NULL; tries++)
      {
        sp_test_gui_iterate (10);
        selected = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      }
    g_assert_nonnull (selected);
    g_assert_true (g_file_equal (selected, file));
  }
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  sp_test_gui_iterate (100);
  g_assert_cmpstr (sp_form_model_get_request (model)->ca_file, ==, path);
  g_assert_cmpstr (gtk_label_get_text (label), ==, "company-ca.pem");
  g_assert_true (gtk_widget_get_visible (clear));

  /* It holds no certificate: the field says so. */
  sp_page_reveal_problems (message);
  g_assert_true (gtk_widget_get_visible (child (message, type, "ca_file_message")));
  sp_test_gui_shoot (GTK_WINDOW (window), "03-message-advanced-ca-file", FALSE,
                     child (message, type, "tls_dropdown"));

  /* Forgetting it goes back to the system's trust store. */
  gtk_widget_activate (clear);
  sp_test_gui_iterate (400);
  g_assert_cmpstr (sp_form_model_get_request (model)->ca_file, ==, "");
  g_assert_false (gtk_widget_get_visible (clear));
  g_assert_false (gtk_widget_get_visible (child (message, type, "ca_file_message")));

  sp_test_gui_close_window (window);
  sp_test_rm_rf (dir);
}

/* The result page's certificate report */

static SpTlsReport *
bad_report (void)
{
  SpTlsReport *report = sp_tls_report_new ("mx1.example.test");

  report->protocol = g_strdup ("TLS 1.3");
  report->cipher_suite = g_strdup ("TLS_AES_256_GCM_SHA384");
  report->subject = g_strdup ("CN=other.example.test");
  report->issuer = g_strdup ("CN=Example Test CA");
  g_strfreev (report->dns_names);
  report->dns_names = g_strsplit ("other.example.test", ",", -1);
  report->not_before = g_date_time_new_utc (2024, 1, 1, 0, 0, 0);
  report->not_after = g_date_time_new_utc (2025, 1, 1, 0, 0, 0);
  report->sha256 = g_strdup ("AB:CD:EF");
  report->chain_length = 1;
  report->validated = FALSE;
  report->trust = SP_TLS_TRUST_NONE;
  report->problems = SP_TLS_PROBLEM_NAME_MISMATCH | SP_TLS_PROBLEM_EXPIRED;

  return report;
}

/* A finished session that got to RCPT TO over STARTTLS with @report. */
static SpTranscript *
tls_transcript (SpTlsReport *report)
{
  SpTranscript *transcript = sp_transcript_new ();
  g_autoptr(SpReply) banner = reply ("220 mx1.example.test ESMTP");
  g_autoptr(SpReply) ehlo = reply (report != NULL
                                   ? "250-mx1.example.test\r\n250-STARTTLS\r\n250 PIPELINING"
                                   : "250-mx1.example.test\r\n250 PIPELINING");
  g_autoptr(SpReply) ready = reply ("220 2.0.0 Ready to start TLS");
  g_autoptr(SpReply) ok = reply ("250 2.1.5 Ok");
  g_autoptr(SpCapabilities) capabilities = sp_capabilities_new_from_reply (ehlo);

  sp_transcript_set_request (transcript, "kate@example.test", "helpdesk@example.org", TRUE);
  sp_test_begin_attempt (transcript, "mx1.example.test", "127.0.0.1", 25);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_CONNECT, NULL);
  sp_attempt_end_step (sp_test_current_attempt (transcript), NULL, NULL);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_BANNER, NULL);
  sp_attempt_end_step (sp_test_current_attempt (transcript), banner, NULL);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_EHLO, "EHLO example.org");
  sp_attempt_end_step (sp_test_current_attempt (transcript), ehlo, NULL);
  sp_attempt_set_capabilities (sp_test_current_attempt (transcript), capabilities);
  if (report != NULL)
    {
      sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_STARTTLS, "STARTTLS");
      sp_attempt_end_step (sp_test_current_attempt (transcript), ready, NULL);
      sp_attempt_set_tls_report (sp_test_current_attempt (transcript), report);
    }
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_RCPT,
                         "RCPT TO:<kate@example.test>");
  sp_attempt_end_step (sp_test_current_attempt (transcript), ok, NULL);
  sp_attempt_end (sp_test_current_attempt (transcript), SP_VERDICT_ACCEPTED, SP_STEP_RCPT,
                  "Accepted");
  sp_transcript_set_verdict (transcript, SP_VERDICT_ACCEPTED, SP_STEP_RCPT, "Accepted");

  return transcript;
}

static void
test_result_certificate (void)
{
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);
  SpPage *result = page (window, SP_WINDOW_PAGE_RESULT);
  GType type = G_OBJECT_TYPE (result);
  g_autoptr(SpTlsReport) report = bad_report ();
  g_autoptr(SpTranscript) transcript = tls_transcript (report);
  g_auto(GStrv) problems = sp_tls_report_dup_problems (report);
  g_autofree char *summary = sp_tls_report_dup_summary (report);
  GtkWidget *problems_box = child (result, type, "tls_problems_box");
  GtkWidget *row;
  guint n = 0;

  sp_form_model_set_transcript (model, transcript);
  sp_page_enter (result, TRUE);

  g_assert_true (gtk_widget_get_visible (child (result, type, "tls_section")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (result, type, "tls_summary_label"))), ==,
                   summary);
  g_assert_true (gtk_widget_has_css_class (child (result, type, "tls_status_box"), "warning"));

  /* Every problem with its icon and its sentence: not a colour alone. */
  g_assert_cmpuint (g_strv_length (problems), ==, 2);
  for (row = gtk_widget_get_first_child (problems_box); row != NULL;
       row = gtk_widget_get_next_sibling (row), n++)
    {
      GtkWidget *icon = sp_test_gui_find_widget (row, GTK_TYPE_IMAGE, NULL);

      g_assert_nonnull (icon);
      g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), ==, "dialog-warning-symbolic");
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (icon),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL));
      g_assert_nonnull (sp_test_gui_find_widget (row, GTK_TYPE_LABEL, problems[n]));
    }
  g_assert_cmpuint (n, ==, 2);

  /* What it means for delivery, and the whole report as the log has it. */
  {
    g_autofree char *impact = sp_diagnosis_dup_tls_delivery_impact (report);
    const char *details;

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (result, type, "tls_impact_label"))),
                     ==, impact);
    details = gtk_label_get_text (GTK_LABEL (child (result, type, "tls_details_label")));
    g_assert_nonnull (strstr (details, "CN=other.example.test"));
    g_assert_nonnull (strstr (details, "TLS_AES_256_GCM_SHA384"));
  }

  /* The verdict says the test went on past the certificate. */
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (result, type, "verdict_label"))),
                            "Certificate problems"));

  show_page (window, SP_WINDOW_PAGE_RESULT);
  gtk_expander_set_expanded (GTK_EXPANDER (child (result, type, "tls_details_expander")), TRUE);
  sp_test_gui_shoot (GTK_WINDOW (window), "05-result-certificate", TRUE,
                     child (result, type, "tls_section"));

  /* A certificate that validates: no problems, and a verdict without the remark. */
  {
    g_autoptr(SpTlsReport) good = bad_report ();
    g_autoptr(SpTranscript) valid = NULL;

    good->validated = TRUE;
    good->trust = SP_TLS_TRUST_SYSTEM;
    good->problems = SP_TLS_PROBLEM_NONE;
    valid = tls_transcript (good);
    sp_form_model_set_transcript (model, valid);
    sp_page_enter (result, TRUE);
    g_assert_true (gtk_widget_has_css_class (child (result, type, "tls_status_box"), "success"));
    g_assert_false (gtk_widget_get_visible (problems_box));
    g_assert_null (gtk_widget_get_first_child (problems_box));
    g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (child (result, type,
                                                                 "verdict_label"))),
                           "Certificate"));
  }

  /* No encryption at all is said too. */
  {
    g_autoptr(SpTranscript) plain = tls_transcript (NULL);

    sp_form_model_set_transcript (model, plain);
    sp_page_enter (result, TRUE);
    g_assert_true (gtk_widget_get_visible (child (result, type, "tls_section")));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (result, type,
                                                                    "tls_summary_label"))),
                              "Not encrypted: the server does not offer STARTTLS"));
    g_assert_false (gtk_widget_get_visible (child (result, type, "tls_details_expander")));
  }

  sp_form_model_set_transcript (model, NULL);
  sp_test_gui_close_window (window);
}

/* Issue 8: headlines that named the wrong thing. A transcript decided at
 * @step by @reply (or by a local failure when @reply is NULL). */
static SpTranscript *
decided_transcript (SpVerdict   verdict,
                    SpStep      step,
                    const char *reply_text)
{
  SpTranscript *transcript = sp_transcript_new ();
  g_autoptr(SpReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  sp_transcript_set_request (transcript, "kate@example.test", "helpdesk@example.org", FALSE);
  if (step == SP_STEP_DNS)
    {
      g_autoptr(SpMxResult) mx = sp_mx_result_new ("example.test");

      sp_transcript_set_mx_result (transcript, mx);
    }
  sp_test_begin_attempt (transcript, "mx.example.test", "127.0.0.1", 25);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), step, "COMMAND");
  if (reply_text != NULL)
    {
      reply = sp_reply_new_from_text (reply_text, &error);
      g_assert_no_error (error);
    }
  else if (step == SP_STEP_DNS)
    error = g_error_new_literal (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_MX_NAMES_ADDRESS, "No.");
  else
    error = g_error_new_literal (SP_PROBE_ERROR, SP_PROBE_ERROR_SMTPUTF8_NOT_OFFERED, "No.");
  sp_attempt_end_step (sp_test_current_attempt (transcript), reply, reply != NULL ? NULL : error);
  sp_attempt_end (sp_test_current_attempt (transcript), verdict, step, "Decided.");
  sp_transcript_set_verdict (transcript, verdict, step, "Decided.");

  return transcript;
}

/* The result page's offer to trust a certificate for one run */

#define TRUST_SHA256 "97:6E:81:E8:EB:B3:9C:00:79:4A:A3:C1:5C:B0:9B:A2:" \
                     "30:83:4A:96:CA:41:D7:8A:8B:69:F8:F7:D8:08:6B:3B"

/* A session stopped at AUTH because @report did not validate. */
static SpTranscript *
untrusted_transcript (SpTlsReport *report)
{
  SpTranscript *transcript = sp_transcript_new ();
  g_autoptr(SpReply) banner = reply ("220 mx1.example.test ESMTP");
  g_autoptr(SpReply) ehlo = reply ("250-mx1.example.test\r\n250-STARTTLS\r\n250 PIPELINING");
  g_autoptr(SpReply) ready = reply ("220 2.0.0 Ready to start TLS");
  g_autoptr(SpReply) ehlo_tls = reply ("250-mx1.example.test\r\n250 AUTH PLAIN LOGIN");
  g_autoptr(SpCapabilities) capabilities = sp_capabilities_new_from_reply (ehlo_tls);
  g_autoptr(GError) error = NULL;

  error = g_error_new (SP_SESSION_ERROR, SP_SESSION_ERROR_AUTH_UNTRUSTED,
                       "The password was not sent, because the certificate of "
                       "mx1.example.test did not validate; its SHA-256 fingerprint is %s.",
                       report->sha256);
  sp_transcript_set_request (transcript, "kate@example.test", "helpdesk@example.org", FALSE);
  sp_test_begin_attempt (transcript, "mx1.example.test", "127.0.0.1", 587);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_CONNECT, NULL);
  sp_attempt_end_step (sp_test_current_attempt (transcript), NULL, NULL);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_BANNER, NULL);
  sp_attempt_end_step (sp_test_current_attempt (transcript), banner, NULL);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_EHLO, "EHLO example.org");
  sp_attempt_end_step (sp_test_current_attempt (transcript), ehlo, NULL);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_STARTTLS, "STARTTLS");
  sp_attempt_end_step (sp_test_current_attempt (transcript), ready, NULL);
  sp_attempt_set_tls_report (sp_test_current_attempt (transcript), report);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_EHLO, "EHLO example.org");
  sp_attempt_end_step (sp_test_current_attempt (transcript), ehlo_tls, NULL);
  sp_attempt_set_capabilities (sp_test_current_attempt (transcript), capabilities);
  sp_attempt_add_error (sp_test_current_attempt (transcript), SP_STEP_AUTH, "%s", error->message);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_AUTH, NULL);
  sp_attempt_end_step (sp_test_current_attempt (transcript), NULL, error);
  sp_attempt_end (sp_test_current_attempt (transcript), SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH,
                  error->message);
  sp_transcript_set_verdict (transcript, SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH, error->message);

  return transcript;
}

/* The page shows the diagnosis's headline (pinned in test-diagnosis.c),
 * the same sentence as the CLI and the exports. */
static void
test_result_headlines (void)
{
  static const struct
  {
    SpVerdict   verdict;
    SpStep      step;
    const char *reply;
    const char *headline;
  } cases[] = {
    { SP_VERDICT_PERMANENT, SP_STEP_MAIL, "552 5.3.4 Message size exceeds fixed limit",
      "The message is too large for the server" },
    { SP_VERDICT_PERMANENT, SP_STEP_MAIL, "550 5.1.7 Invalid address",
      "The server refused the sender helpdesk@example.org" },
    { SP_VERDICT_TLS_FAILED, SP_STEP_AUTH, "530 5.7.0 Must issue a STARTTLS command first",
      "The server wants an encrypted connection (STARTTLS) first" },
    { SP_VERDICT_PROTOCOL_ERROR, SP_STEP_DATA, "250 2.0.0 Ok",
      "The server did not ask for the message text after DATA" },
    { SP_VERDICT_UNSUPPORTED, SP_STEP_MAIL, NULL,
      "The server cannot take an address with non-ASCII characters" },
    { SP_VERDICT_DNS_FAILED, SP_STEP_DNS, NULL,
      "The MX record names an IP address instead of a mail server’s name" },
  };
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);
  SpPage *result = page (window, SP_WINDOW_PAGE_RESULT);
  GtkWidget *label = child (result, G_OBJECT_TYPE (result), "headline");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpTranscript) transcript = decided_transcript (cases[i].verdict, cases[i].step,
                                                               cases[i].reply);
      g_autofree char *headline = sp_diagnosis_dup_headline (transcript);

      sp_form_model_set_transcript (model, transcript);
      sp_page_enter (result, TRUE);
      g_assert_cmpstr (headline, ==, cases[i].headline);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, headline);
      g_assert_cmpstr (sp_page_result_get_headline (SP_PAGE_RESULT (result)), ==, headline);
    }

  /* A password kept back for a certificate is not "could not sign in". */
  {
    g_autoptr(SpTlsReport) report = bad_report ();
    g_autoptr(SpTranscript) transcript = untrusted_transcript (report);

    sp_form_model_set_transcript (model, transcript);
    show_page (window, SP_WINDOW_PAGE_RESULT);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==,
                     "The password was not sent: the server’s certificate did not validate");
    /* The error is no reply: no reply's colour from the case before. */
    g_assert_false (gtk_widget_has_css_class (child (result, G_OBJECT_TYPE (result),
                                                     "reply_label"), SP_LOG_TAG_SUCCESS));
    sp_test_gui_shoot (GTK_WINDOW (window), "05-result-headline-untrusted", TRUE, NULL);
  }

  sp_form_model_set_transcript (model, NULL);
  sp_test_gui_close_window (window);
}

/* The probe refuses to start (a CA file that holds no certificate, read
 * when the test starts): the page says why and writes nothing into the
 * test's model, which only the probe writes. */
static void
test_session_cannot_start (void)
{
  g_autoptr(SpScriptedServer) server = start_server ("");
  g_autofree char *dir = sp_test_make_tmpdir ("ca");
  g_autofree char *ca_file = g_build_filename (dir, "empty.pem", NULL);
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);
  SpPage *session = page (window, SP_WINDOW_PAGE_SESSION);
  SpTranscript *transcript;
  const char *status;

  g_assert_true (g_file_set_contents (ca_file, "not a certificate\n", -1, NULL));
  fill_for_server (window, server, "kate@example.test");
  sp_probe_request_set_ca_file (sp_form_model_get_request (model), ca_file);
  show_page (window, SP_WINDOW_PAGE_SESSION);
  sp_page_session_run (SP_PAGE_SESSION (session));
  g_assert_true (sp_test_gui_wait_until (page_not_busy, session, 10000));

  transcript = sp_form_model_get_transcript (model);
  g_assert_nonnull (transcript);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_NONE);
  g_assert_cmpuint (sp_transcript_get_n_entries (transcript), ==, 0);
  status = gtk_label_get_text (GTK_LABEL (child (session, G_OBJECT_TYPE (session),
                                                 "status_label")));
  g_assert_true (g_str_has_prefix (status, "The test could not start: "));
  g_assert_false (sp_page_get_complete (session));
  g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 0);

  sp_test_gui_close_window (window);
  sp_test_rm_rf (dir);
}

/* The text of a cell of the table of servers: a label, or the label
 * after an outcome's icon. */
static const char *
grid_cell_text (GtkWidget *grid,
                guint      column,
                guint      row)
{
  GtkWidget *cell = gtk_grid_get_child_at (GTK_GRID (grid), column, row);

  g_assert_nonnull (cell);
  /* An outcome: its icon, then its word; a server: its name, then its
   * address. */
  if (GTK_IS_BOX (cell) && GTK_IS_IMAGE (gtk_widget_get_first_child (cell)))
    cell = gtk_widget_get_last_child (cell);
  else if (GTK_IS_BOX (cell))
    cell = gtk_widget_get_first_child (cell);
  g_assert_true (GTK_IS_LABEL (cell));

  return gtk_label_get_text (GTK_LABEL (cell));
}

/* kate@brokenmx.test: the preferred MX refused the connection and the
 * backup accepted. The page shows every server's outcome and the warning
 * in the diagnosis's words, the same as the CLI and the exports. */
static void
test_result_servers (void)
{
  static const SpServerColumn columns[] = {
    SP_SERVER_COLUMN_PREFERENCE, SP_SERVER_COLUMN_HOST, SP_SERVER_COLUMN_OUTCOME,
    SP_SERVER_COLUMN_REPLY, SP_SERVER_COLUMN_TIME,
  };
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);
  SpPage *result = page (window, SP_WINDOW_PAGE_RESULT);
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(GError) refused = g_error_new_literal (SP_SESSION_ERROR,
                                                   SP_SESSION_ERROR_CONNECTION_REFUSED,
                                                   "Could not open a connection to "
                                                   "dead.brokenmx.test: refused.");
  g_autoptr(SpReply) queued = reply ("250 2.0.0 Ok: queued as 4F1A2B");
  g_autoptr(SpCapabilities) capabilities = NULL;
  g_autoptr(SpReply) ehlo = reply ("250-mail1.brokenmx.test\r\n250 PIPELINING");
  g_autofree char *backup = NULL;
  GtkWidget *grid = child (result, G_OBJECT_TYPE (result), "servers_grid");
  GtkWidget *backup_label = child (result, G_OBJECT_TYPE (result), "backup_label");
  GtkWidget *heading = child (result, G_OBJECT_TYPE (result), "capabilities_heading");
  SpAttempt *dead;
  SpAttempt *mail1;

  sp_transcript_set_request (transcript, "kate@brokenmx.test", "helpdesk@example.org", FALSE);
  dead = sp_transcript_add_attempt (transcript, "dead.brokenmx.test", "127.0.0.9", 25);
  sp_attempt_set_preference (dead, 10);
  sp_attempt_begin_step (dead, SP_STEP_CONNECT, NULL);
  sp_attempt_end_step (dead, NULL, refused);
  sp_attempt_end (dead, SP_VERDICT_CONNECT_FAILED, SP_STEP_CONNECT, refused->message);
  mail1 = sp_transcript_add_attempt (transcript, "mail1.brokenmx.test", "127.0.0.51", 25);
  sp_attempt_set_preference (mail1, 20);
  sp_attempt_begin_step (mail1, SP_STEP_EHLO, "EHLO example.org");
  sp_attempt_end_step (mail1, ehlo, NULL);
  capabilities = sp_capabilities_new_from_reply (ehlo);
  sp_attempt_set_capabilities (mail1, capabilities);
  sp_attempt_begin_step (mail1, SP_STEP_MESSAGE, ".");
  sp_attempt_end_step (mail1, queued, NULL);
  sp_attempt_end (mail1, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE, "Accepted.");
  sp_transcript_set_deciding_attempt (transcript, mail1);
  sp_transcript_set_verdict (transcript, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE, "Accepted.");

  sp_form_model_set_transcript (model, transcript);
  show_page (window, SP_WINDOW_PAGE_RESULT);

  backup = sp_diagnosis_dup_backup_warning (transcript);
  g_assert_nonnull (backup);
  g_assert_true (gtk_widget_get_visible (backup_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (backup_label)), backup));
  /* Accepted only through the backup: amber, as in the CLI and the exports. */
  g_assert_true (gtk_widget_has_css_class (child (result, G_OBJECT_TYPE (result), "verdict_box"),
                                           "warning"));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (grid)));

  /* A heading row, then one row per server, cell for cell the diagnosis's. */
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      g_assert_cmpstr (grid_cell_text (grid, c, 0), ==, sp_server_column_get_label (columns[c]));
      for (guint r = 0; r < 2; r++)
        {
          g_autofree char *expected =
            sp_diagnosis_dup_server_cell (sp_transcript_get_attempt (transcript, r), columns[c]);

          g_assert_cmpstr (grid_cell_text (grid, c, r + 1), ==, expected);
        }
    }
  g_assert_null (gtk_grid_get_child_at (GTK_GRID (grid), 0, 3));
  g_assert_cmpstr (grid_cell_text (grid, 2, 1), ==, "Could not connect");
  g_assert_cmpstr (grid_cell_text (grid, 2, 2), ==, "Accepted");
  {
    GtkWidget *server = gtk_grid_get_child_at (GTK_GRID (grid), 1, 1);
    g_autofree char *address = sp_diagnosis_dup_server_cell (dead, SP_SERVER_COLUMN_ADDRESS);

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_last_child (server))), ==,
                     address);
  }

  /* What the server offers is the backup's, and says so. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (heading)), ==,
                   "What mail1.brokenmx.test supports");
  sp_test_gui_shoot (GTK_WINDOW (window), "05-result-servers", TRUE, NULL);

  /* One server: no table, no warning. */
  {
    g_autoptr(SpTranscript) single = decided_transcript (SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE,
                                                         "250 2.0.0 Ok");

    sp_form_model_set_transcript (model, single);
    sp_page_enter (result, TRUE);
    g_assert_false (gtk_widget_get_visible (backup_label));
    g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (grid)));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (heading)), ==, "What the server supports");
  }

  sp_form_model_set_transcript (model, NULL);
  sp_test_gui_close_window (window);
}

/* Issue 9: the verdict and the deciding reply take their colour from the
 * diagnosis's tone, as in the CLI and the exports: a temporary refusal and a
 * time-out are amber ("warning"), never red. */
static void
test_result_tone (void)
{
  static const struct
  {
    SpVerdict   verdict;
    const char *reply;
    const char *css;        /* of the verdict */
    const char *reply_css;  /* of the deciding reply, when there is one */
  } cases[] = {
    { SP_VERDICT_TRANSIENT, "450 4.2.0 Greylisted, try again later", "warning",
      SP_LOG_TAG_TRANSIENT },
    { SP_VERDICT_TIMED_OUT, NULL, "warning", NULL },
    { SP_VERDICT_PERMANENT, "550 5.1.1 User unknown", "error", SP_LOG_TAG_PERMANENT },
    { SP_VERDICT_ACCEPTED, "250 2.1.5 Ok", "success", SP_LOG_TAG_SUCCESS },
    { SP_VERDICT_CANCELLED, NULL, "info", NULL },
  };
  static const char * const verdict_classes[] = { "success", "warning", "error", "info" };
  static const char * const reply_classes[] = {
    SP_LOG_TAG_SUCCESS, SP_LOG_TAG_INTERMEDIATE, SP_LOG_TAG_TRANSIENT, SP_LOG_TAG_PERMANENT,
  };
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);
  SpPage *result = page (window, SP_WINDOW_PAGE_RESULT);
  GType type = G_OBJECT_TYPE (result);
  GtkWidget *box = child (result, type, "verdict_box");
  GtkWidget *reply_label = child (result, type, "reply_label");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpTranscript) transcript = decided_transcript (cases[i].verdict, SP_STEP_RCPT,
                                                               cases[i].reply);

      g_test_message ("verdict %s", sp_verdict_to_string (cases[i].verdict));
      sp_form_model_set_transcript (model, transcript);
      sp_page_enter (result, TRUE);
      for (guint j = 0; j < G_N_ELEMENTS (verdict_classes); j++)
        g_assert_true (gtk_widget_has_css_class (box, verdict_classes[j]) ==
                       g_str_equal (verdict_classes[j], cases[i].css));
      if (cases[i].reply_css == NULL)
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (reply_classes); j++)
        g_assert_true (gtk_widget_has_css_class (reply_label, reply_classes[j]) ==
                       g_str_equal (reply_classes[j], cases[i].reply_css));
    }

  sp_form_model_set_transcript (model, NULL);
  sp_test_gui_close_window (window);
}

static gboolean
transcript_is_new (gpointer user_data)
{
  gpointer *data = user_data;

  return sp_form_model_get_transcript (data[0]) != data[1];
}

static void
test_result_trust (void)
{
  g_autoptr(SpScriptedServer) server = start_server ("");
  SpWindow *window = sp_test_gui_new_window ();
  SpFormModel *model = sp_window_get_model (window);
  SpPage *result = page (window, SP_WINDOW_PAGE_RESULT);
  SpPage *session = page (window, SP_WINDOW_PAGE_SESSION);
  GType type = G_OBJECT_TYPE (result);
  g_autoptr(SpTlsReport) report = bad_report ();
  g_autoptr(SpTranscript) transcript = NULL;
  g_autofree char *summary = NULL;
  GtkWidget *box = child (result, type, "trust_box");
  gpointer data[2];

  g_free (report->sha256);
  report->sha256 = g_strdup (TRUST_SHA256);
  summary = sp_tls_report_dup_summary (report);
  transcript = untrusted_transcript (report);

  /* A test ready to run again, then the result it ended with. */
  fill_for_server (window, server, "kate@example.test");
  sp_form_model_set_transcript (model, transcript);
  show_page (window, SP_WINDOW_PAGE_RESULT);

  /* The problem in words, and the fingerprint to compare. */
  g_assert_true (gtk_widget_get_visible (box));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (result, type,
                                                                  "trust_problem_label"))),
                            summary));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (result, type,
                                                         "trust_fingerprint_label"))),
                   ==, TRUST_SHA256);
  g_assert_nonnull (sp_test_gui_find_widget (box, GTK_TYPE_BUTTON, "C_ancel"));
  sp_test_gui_shoot (GTK_WINDOW (window), "05-result-trust", TRUE, box);

  /* Cancel: nothing is trusted. */
  g_signal_emit_by_name (child (result, type, "trust_cancel_button"), "clicked");
  g_assert_false (gtk_widget_get_visible (box));
  g_assert_null (sp_form_model_get_accepted_certificate (model));

  /* Trust: the same test runs again with this certificate accepted, and
   * only that run has it. */
  sp_page_enter (result, TRUE);
  g_assert_true (gtk_widget_get_visible (box));
  data[0] = model;
  data[1] = transcript;
  g_signal_emit_by_name (child (result, type, "trust_button"), "clicked");
  g_assert_true (sp_test_gui_wait_until (transcript_is_new, data, 5000));
  g_assert_null (sp_form_model_get_accepted_certificate (model));
  g_assert_true (sp_test_gui_wait_until (page_not_busy, session, 10000));
  {
    SpTranscript *rerun = sp_form_model_get_transcript (model);
    gboolean noted = FALSE;

    for (guint i = 0; i < sp_transcript_get_n_entries (rerun); i++)
      if (strstr (sp_transcript_get_entry (rerun, i)->text, TRUST_SHA256) != NULL)
        noted = TRUE;
    g_assert_true (noted);
  }

  sp_test_gui_close_window (window);
  sp_scripted_server_stop (server);
}

/* The store listing promises the display the window needs: its minimum
 * width is the metainfo's display_length (issue 12). */
static void
test_display_length (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 "io.github.smtpprobe.SmtpProbe.metainfo.xml.in",
                                                 NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("<display_length compare=\"ge\">(\\d+)<", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *number = NULL;
  SpWindow *window = sp_test_gui_new_window ();
  int width = -1;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_regex_match (regex, contents, 0, &match));
  number = g_match_info_fetch (match, 1);
  gtk_widget_get_size_request (GTK_WIDGET (window), &width, NULL);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (width, ==, g_ascii_strtoll (number, NULL, 10));
  /* Touch is not claimed without a test that drives the app by touch. */
  g_assert_null (strstr (contents, "<control>touch</control>"));

  sp_test_gui_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  sp_test_gui_init (&argc, &argv);

  g_test_add_func ("/sp/gui/field-message", test_field_message);
  g_test_add_func ("/sp/gui/clamp", test_clamp);
  g_test_add_func ("/sp/gui/sidebar-layout", test_sidebar_layout);
  g_test_add_func ("/sp/gui/display-length", test_display_length);
  g_test_add_func ("/sp/gui/result/headlines", test_result_headlines);
  g_test_add_func ("/sp/gui/result/tone", test_result_tone);
  g_test_add_func ("/sp/gui/result/servers", test_result_servers);
  g_test_add_func ("/sp/gui/session/cannot-start", test_session_cannot_start);
  g_test_add_func ("/sp/gui/log-view/classes", test_log_view_classes);
  g_test_add_func ("/sp/gui/log-view/explanations", test_log_view_explanations);
  g_test_add_func ("/sp/gui/log-view/colors", test_log_view_colors);
  g_test_add_func ("/sp/gui/log-view/flood", test_log_view_flood);
  g_test_add_func ("/sp/gui/step-list", test_step_list);
  g_test_add_func ("/sp/gui/step-list/bound", test_step_list_bound);
  g_test_add_func ("/sp/gui/page/bindings-follow-model", test_page_bindings_follow_model);
  g_test_add_func ("/sp/gui/message/pipelining", test_message_pipelining);
  g_test_add_func ("/sp/gui/page/work", test_page_work);
  g_test_add_func ("/sp/gui/pages/new-destroy", test_pages_new_destroy);
  g_test_add_func ("/sp/gui/application/new-destroy", test_application_new_destroy);
  g_test_add_func ("/sp/gui/window/new-destroy", test_window_new_destroy);
  g_test_add_func ("/sp/gui/window/inline-validation", test_window_inline_validation);
  g_test_add_func ("/sp/gui/window/server-mode", test_window_server_mode);
  g_test_add_func ("/sp/gui/window/accessible-labels", test_window_accessible_labels);
  g_test_add_func ("/sp/gui/window/shortcuts", test_window_shortcuts);
  g_test_add_func ("/sp/gui/window/unique-mnemonics", test_window_unique_mnemonics);
  g_test_add_func ("/sp/gui/window/tab-order", test_window_tab_order);
  g_test_add_func ("/sp/gui/follow-color-scheme", test_follow_color_scheme);
  g_test_add_func ("/sp/gui/servers/server-mode", test_servers_page_server_mode);
  g_test_add_func ("/sp/gui/window/next-says-why", test_window_next_says_why);
  g_test_add_func ("/sp/gui/window/enter-on-check-box", test_window_enter_on_check_box);
  g_test_add_func ("/sp/gui/window/settings", test_window_settings);
  g_test_add_func ("/sp/gui/window/close-during-lookup", test_close_during_lookup);
  g_test_add_func ("/sp/gui/window/stop-keeps-log", test_stop_keeps_log);
  g_test_add_func ("/sp/gui/window/close-during-session", test_close_during_session);
  g_test_add_func ("/sp/gui/window/exports-match-log", test_exports_match_log);
  g_test_add_func ("/sp/gui/command-line", test_command_line);
  g_test_add_func ("/sp/gui/message/encryption", test_message_encryption);
  g_test_add_func ("/sp/gui/message/sign-in", test_message_sign_in);
  g_test_add_func ("/sp/gui/message/limits", test_message_limits);
  g_test_add_func ("/sp/gui/message/ca-file", test_message_ca_file);
  g_test_add_func ("/sp/gui/result/certificate", test_result_certificate);
  g_test_add_func ("/sp/gui/result/trust", test_result_trust);

  return g_test_run ();
}
