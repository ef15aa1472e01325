/* sp-page-session.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-page-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-console.h"
#include "sp-gui-util.h"
#include "sp-page-session.h"
#include "sp-practice.h"
#include "sp-scroll-follow.h"
#include "sp-sidebar-layout.h"

struct _SpPageSession
{
  SpPage         parent_instance;

  /* template widgets */
  SpLogView     *log_view;
  GtkSpinner    *spinner;
  GtkImage      *status_icon;
  GtkLabel      *status_label;
  GtkLabel      *summary_label;
  SpStepList    *step_list;
  GtkScrolledWindow *step_scroller;
  GtkButton     *stop_button;
  GtkLabel      *title_label;

  /* owned references */
  SpProbe       *probe;
  SpPractice    *practice;       /* the simulated servers of a practice run, or NULL */
  SpSession     *kept_session;   /* left open by the test to go on by hand, or NULL */
  char          *run_error;      /* why the test could not start, or NULL */

};

G_DEFINE_FINAL_TYPE (SpPageSession, sp_page_session, SP_TYPE_PAGE)

typedef struct
{
  SpPageSession *self;
  GCancellable  *cancellable;
} Run;

static void
run_free (Run *run)
{
  g_object_unref (run->self);
  g_object_unref (run->cancellable);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static void
sp_page_session_update_status (SpPageSession *self)
{
  SpTranscript *transcript = self->probe != NULL ? sp_probe_get_transcript (self->probe) : NULL;
  g_autofree char *status = NULL;
  SpAttempt *running = NULL;
  guint n_running = 0;
  SpVerdict verdict;

  if (transcript == NULL)
    {
      gtk_label_set_text (self->title_label, "");
      gtk_label_set_text (self->status_label, "");
      gtk_label_set_text (self->summary_label, "");
      return;
    }

  gtk_label_set_text (self->summary_label, sp_transcript_get_summary (transcript) != NULL
                                             ? sp_transcript_get_summary (transcript) : "");

  verdict = sp_transcript_get_verdict (transcript);
  for (guint i = 0; i < sp_transcript_get_n_attempts (transcript); i++)
    {
      SpAttempt *attempt = sp_transcript_get_attempt (transcript, i);

      if (sp_attempt_get_state (attempt) == SP_ATTEMPT_STATE_RUNNING)
        {
          running = attempt;
          n_running++;
        }
    }

  if (self->run_error != NULL)
    {
      /* Translators: %s says what was wrong, such as "The CA file holds no
       * certificate." */
      status = g_strdup_printf (_("The test could not start: %s Go back to correct it."),
                                self->run_error);
      sp_gui_show_tone (GTK_WIDGET (self->status_icon), self->status_icon, SP_TONE_FAILURE,
                        sp_verdict_get_label (SP_VERDICT_NONE));
    }
  else if (verdict != SP_VERDICT_NONE)
    {
      /* The tone is the diagnosis's, as on the result page. */
      sp_gui_show_tone (GTK_WIDGET (self->status_icon), self->status_icon,
                        sp_diagnosis_get_transcript_tone (transcript),
                        sp_verdict_get_label (verdict));
      if (sp_transcript_get_mixed (transcript))
        /* Translators: after a test of every mail server */
        status = g_strdup (_("Finished: some servers accepted and some did not. The result "
                             "explains what it means."));
      else if (verdict == SP_VERDICT_CANCELLED)
        /* Translators: %s is how the test ended, such as “Cancelled”. */
        status = g_strdup_printf (_("Finished: %s. The log so far is kept."),
                                  sp_verdict_get_label (verdict));
      else
        /* Translators: %s is how the test ended, such as “Accepted”. */
        status = g_strdup_printf (_("Finished: %s. The result explains what it means."),
                                  sp_verdict_get_label (verdict));
    }
  else if (n_running == 1)
    /* Translators: %s first is the server's name, then its IP address; %u the
     * port (not a count). */
    status = g_strdup_printf (_("Talking to %s (%s, port %u)…"),
                              sp_attempt_get_host (running), sp_attempt_get_address (running),
                              sp_attempt_get_port (running));
  else if (n_running > 1)
    /* Translators: every mail server of the domain is tested, some at once. */
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Talking to %u mail server at once…",
                                           "Talking to %u mail servers at once…", n_running),
                              n_running);
  else
    status = g_strdup (_("Looking up where to connect…"));

  gtk_label_set_text (self->status_label, status);
}

static void
sp_page_session_set_running (SpPageSession *self,
                             gboolean       running)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), running);
  if (running)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);

  sp_page_set_busy (SP_PAGE (self), running);
  sp_page_set_complete (SP_PAGE (self), !running && self->probe != NULL &&
                                        self->run_error == NULL);
}

static void
transcript_changed_cb (SpPageSession *self)
{
  sp_page_session_update_status (self);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(Run) run = user_data;
  SpPageSession *self = run->self;
  g_autoptr(GError) error = NULL;

  sp_probe_run_finish (SP_PROBE (object), result, &error);

  /* A newer run replaced this one, or the page went away. */
  if (!sp_page_end_work (SP_PAGE (self), run->cancellable))
    return;

  /* The probe logs a cancellation itself. Anything else it refused (input
   * the message page should have caught, a CA file without certificates)
   * is no outcome of the test: the page says it, and the model stays as
   * the probe left it. */
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->run_error = g_strdup (error->message);
  self->kept_session = sp_probe_take_session (SP_PROBE (object));
  if (self->kept_session != NULL)
    sp_step_list_set_kept_open (self->step_list,
                                sp_transcript_get_deciding_attempt (
                                  sp_probe_get_transcript (SP_PROBE (object))));

  sp_page_session_set_running (self, FALSE);
  sp_page_session_update_status (self);
  sp_step_list_update (self->step_list);
}

/* The connection kept for "Continue by hand", when nobody took it: goodbye
 * (QUIT) in the background, the simulated servers kept alive until then. */
static void
release_kept_session (SpPageSession *self)
{
  SpSession *session = g_steal_pointer (&self->kept_session);

  if (session == NULL)
    return;

  sp_session_quit_in_background (session, G_OBJECT (self->practice));
  g_object_unref (session);
}

/* Forgets the run under way or done: its cancellable goes back to the
 * page, cancelled, and the probe's transcript no longer reaches the page. */
static void
drop_run (SpPageSession *self)
{
  sp_page_drop_work (SP_PAGE (self));
  release_kept_session (self);

  if (self->probe != NULL)
    {
      g_signal_handlers_disconnect_by_data (sp_probe_get_transcript (self->probe), self);
      g_clear_object (&self->probe);
    }
  g_clear_object (&self->practice);
}

void
sp_page_session_run (SpPageSession *self)
{
  SpFormModel *model = sp_page_get_model (SP_PAGE (self));
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  SpTranscript *transcript;
  Run *run;

  g_return_if_fail (SP_IS_PAGE_SESSION (self));
  g_return_if_fail (model != NULL);

  sp_page_cancel (SP_PAGE (self));
  drop_run (self);
  g_clear_pointer (&self->run_error, g_free);

  request = sp_form_model_to_request (model, NULL, &error);
  if (request == NULL)
    {
      /* The message page checks the same; this only guards against a model changed since. */
      g_warning ("Not starting a test: %s", error->message);
      return;
    }

  if (sp_form_model_get_mode (model) == SP_TEST_MODE_PRACTICE)
    {
      const SpPracticeScenario *scenario =
        sp_practice_find_scenario (sp_form_model_get_practice (model));

      /* The first page only offers scenarios that exist; the servers are
       * in this process and listen on loopback. */
      self->practice = scenario != NULL ? sp_practice_start (scenario, &error) : NULL;
      if (self->practice == NULL)
        {
          g_warning ("Not starting the practice test: %s",
                     error != NULL ? error->message : "no such scenario");
          return;
        }
      self->probe = sp_practice_create_probe (self->practice, request);
    }
  else
    {
      self->probe = sp_probe_new (request);
      /* What the servers page found: the probe uses it when it answers the same question. */
      sp_probe_set_mx_result (self->probe, sp_form_model_get_mx_result (model));
    }
  /* The result page offers to go on by hand on the same connection. */
  sp_probe_set_keep_session (self->probe, TRUE);
  /* A certificate trusted for one run is trusted for this one only. */
  g_free (sp_form_model_take_accepted_certificate (model));
  transcript = sp_probe_get_transcript (self->probe);
  sp_form_model_set_transcript (model, transcript);

  g_signal_connect_object (transcript, "attempt-changed",
                           G_CALLBACK (transcript_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (transcript, "notify::verdict",
                           G_CALLBACK (transcript_changed_cb), self, G_CONNECT_SWAPPED);

  sp_log_view_set_transcript (self->log_view, transcript);
  sp_step_list_set_transcript (self->step_list, transcript);
  sp_scroll_follow_reset (self->step_scroller);

  if (self->practice != NULL && request->check_only)
    /* Translators: the titles of a practice test against a simulated server (the first page's
     * "Practice with a simulated server"); %s is the recipient. */
    title = g_strdup_printf (_("Practice: checking whether a simulated server accepts %s"),
                             sp_probe_get_request (self->probe)->recipient);
  else if (self->practice != NULL)
    title = g_strdup_printf (_("Practice: sending a test message to %s on a simulated server"),
                             sp_probe_get_request (self->probe)->recipient);
  else if (request->check_only)
    title = g_strdup_printf (_("Checking whether %s is accepted"), request->recipient);
  else
    title = g_strdup_printf (_("Sending a test message to %s"), request->recipient);
  gtk_label_set_text (self->title_label, title);

  sp_page_session_set_running (self, TRUE);
  sp_page_session_update_status (self);

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->cancellable = g_object_ref (sp_page_begin_work (SP_PAGE (self)));
  sp_probe_run_async (self->probe, run->cancellable, run_cb, run);

  /* Stop is the one thing to do while it runs. */
  gtk_widget_grab_focus (GTK_WIDGET (self->stop_button));
}

gboolean
sp_page_session_is_running (SpPageSession *self)
{
  g_return_val_if_fail (SP_IS_PAGE_SESSION (self), FALSE);

  return sp_page_is_working (SP_PAGE (self));
}

gboolean
sp_page_session_can_continue_by_hand (SpPageSession *self)
{
  g_return_val_if_fail (SP_IS_PAGE_SESSION (self), FALSE);

  return self->kept_session != NULL && sp_session_is_connected (self->kept_session) &&
         !sp_page_session_is_running (self);
}

SpConsole *
sp_page_session_continue_by_hand (SpPageSession  *self,
                                  GObject       **keep_alive)
{
  g_autoptr(SpSession) session = NULL;
  SpTranscript *transcript;
  SpAttempt *from;
  SpConsole *console;

  g_return_val_if_fail (SP_IS_PAGE_SESSION (self), NULL);
  g_return_val_if_fail (keep_alive != NULL && *keep_alive == NULL, NULL);

  if (!sp_page_session_can_continue_by_hand (self))
    return NULL;

  session = g_steal_pointer (&self->kept_session);
  sp_step_list_set_kept_open (self->step_list, NULL);
  transcript = sp_probe_get_transcript (self->probe);
  from = sp_transcript_get_deciding_attempt (transcript);
  console = sp_console_new (transcript);
  sp_console_set_timeout_ms (console, sp_probe_get_request (self->probe)->timeout_ms);
  sp_console_adopt_session (console, session, from);
  if (self->practice != NULL)
    *keep_alive = g_object_ref (G_OBJECT (self->practice));

  return console;
}

SpLogView *
sp_page_session_get_log_view (SpPageSession *self)
{
  g_return_val_if_fail (SP_IS_PAGE_SESSION (self), NULL);

  return self->log_view;
}

SpStepList *
sp_page_session_get_step_list (SpPageSession *self)
{
  g_return_val_if_fail (SP_IS_PAGE_SESSION (self), NULL);

  return self->step_list;
}

static void
on_stop_button_clicked (SpPageSession *self,
                        GtkButton     *button)
{
  sp_page_cancel (SP_PAGE (self));
}

static void
sp_page_session_enter (SpPage   *page,
                       gboolean  forward)
{
  SpPageSession *self = SP_PAGE_SESSION (page);

  /* Next from the message page starts a test; Back from the result shows the last one. */
  if (forward || self->probe == NULL)
    sp_page_session_run (self);
}

static void
sp_page_session_reset (SpPage *page)
{
  SpPageSession *self = SP_PAGE_SESSION (page);

  drop_run (self);
  g_clear_pointer (&self->run_error, g_free);

  sp_log_view_set_transcript (self->log_view, NULL);
  sp_step_list_set_transcript (self->step_list, NULL);
  sp_page_session_set_running (self, FALSE);
  sp_page_session_update_status (self);
}

static void
sp_page_session_dispose (GObject *object)
{
  SpPageSession *self = SP_PAGE_SESSION (object);

  drop_run (self);
  g_clear_pointer (&self->run_error, g_free);

  G_OBJECT_CLASS (sp_page_session_parent_class)->dispose (object);
}

static void
sp_page_session_class_init (SpPageSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SpPageClass *page_class = SP_PAGE_CLASS (klass);

  object_class->dispose = sp_page_session_dispose;

  page_class->enter = sp_page_session_enter;
  page_class->reset = sp_page_session_reset;

  g_type_ensure (SP_TYPE_LOG_VIEW);
  g_type_ensure (SP_TYPE_STEP_LIST);
  g_type_ensure (SP_TYPE_SIDEBAR_LAYOUT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SP_RESOURCE_PREFIX "/sp-page-session.ui");
  gtk_widget_class_bind_template_child (widget_class, SpPageSession, log_view);
  gtk_widget_class_bind_template_child (widget_class, SpPageSession, spinner);
  gtk_widget_class_bind_template_child (widget_class, SpPageSession, status_icon);
  gtk_widget_class_bind_template_child (widget_class, SpPageSession, status_label);
  gtk_widget_class_bind_template_child (widget_class, SpPageSession, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SpPageSession, step_list);
  gtk_widget_class_bind_template_child (widget_class, SpPageSession, step_scroller);
  gtk_widget_class_bind_template_child (widget_class, SpPageSession, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SpPageSession, title_label);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_button_clicked);
}

static void
sp_page_session_init (SpPageSession *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The step list keeps the server tried now in view, as the log its newest line. */
  sp_scroll_follow_attach (self->step_scroller);

  sp_page_session_set_running (self, FALSE);
}
