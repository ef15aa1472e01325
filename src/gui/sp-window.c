/* sp-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-batch-window.h"
#include "sp-compat.h"
#include "sp-console-view.h"
#include "sp-gui-util.h"
#include "sp-page-message.h"
#include "sp-page-result.h"
#include "sp-page-servers.h"
#include "sp-page-session.h"
#include "sp-page-target.h"
#include "sp-practice.h"
#include "sp-window.h"

struct _SpWindow
{
  GtkApplicationWindow  parent_instance;

  /* template widgets */
  GtkButton            *back_button;
  GtkHeaderBar         *header_bar;
  GtkButton            *next_button;
  GtkLabel             *next_label;
  SpPage               *page_target;
  GtkStack             *pages;
  GtkMenuButton        *primary_menu_button;
  GtkBox               *step_indicator;
  GtkLabel             *subtitle_label;

  /* owned references */
  GSettings            *settings;
  GCancellable         *cancellable;
  SpFormModel          *model;

  /* borrowed references; a page is built on its first visit (see ensure_page) */
  SpPage               *page_list[SP_WINDOW_N_PAGES];
  GtkWidget            *step_items[SP_WINDOW_N_PAGES];
  GtkLabel             *step_titles[SP_WINDOW_N_PAGES];

  /* borrowed reference: the console, built when it is first opened, and
   * shown over the wizard's pages while console_shown */
  SpConsoleView        *console_view;

  /* state */
  SpWindowPage          current;
  gboolean              applying;
  gboolean              console_shown;  /* Back returns to the page "current" */
};

G_DEFINE_FINAL_TYPE (SpWindow, sp_window, GTK_TYPE_APPLICATION_WINDOW)

#define SAFE_FILE_NAME_CHARACTERS \
  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_@"

/* The pages' classes, their names in the stack, their titles for the step indicator, which
 * shows all of them before most are built (the same titles as the pages' own; a test
 * checks), and what Next says on each: where it leads. */
static const struct {
  GType       (*get_type) (void);
  const char   *name;
  const char   *title;
  const char   *next_label;
} page_info[SP_WINDOW_N_PAGES] = {
  /* Translators: the titles of the pages of the wizard, then the label of the button that goes
   * on. */
  { sp_page_target_get_type, "target", N_("What to test"), N_("_Next") },
  { sp_page_servers_get_type, "servers", N_("Mail servers"), N_("_Next") },
  { sp_page_message_get_type, "message", N_("Message"), N_("_Start Test") },
  { sp_page_session_get_type, "session", N_("Session"), N_("_Result") },
  { sp_page_result_get_type, "result", N_("Result"), N_("_Next") },
};

static void
sp_window_save_size (SpWindow *self)
{
  int width = 0;
  int height = 0;

  /* GTK keeps the default size in step with the unmaximized size, so this is what the window
   * should come back as, even when it is closed while maximized. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static void
sp_window_restore_size (SpWindow *self)
{
  int width;
  int height;

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");

  /* A broken or hand-edited value must not give a window too small to use. */
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void  page_state_changed_cb (SpWindow   *self,
                                    GParamSpec *pspec,
                                    SpPage     *page);

static void
sp_window_setup_page (SpWindow     *self,
                      SpWindowPage  which,
                      SpPage       *page)
{
  self->page_list[which] = page;
  sp_gui_fix_mnemonic_names (GTK_WIDGET (page));
  sp_page_set_cancellable (page, self->cancellable);
  sp_page_set_model (page, self->model);
  g_signal_connect_object (page, "notify::complete", G_CALLBACK (page_state_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::busy", G_CALLBACK (page_state_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

/* Startup builds the first page only: the others, with their templates, cost time and
 * memory before the first frame for pages that a person may never reach. */
static SpPage *
ensure_page (SpWindow     *self,
             SpWindowPage  which)
{
  SpPage *page;

  g_return_val_if_fail (which < SP_WINDOW_N_PAGES, NULL);

  /* The first page comes with the template. */
  if (self->page_list[which] != NULL)
    return self->page_list[which];

  page = g_object_new (page_info[which].get_type (), NULL);
  gtk_stack_add_named (self->pages, GTK_WIDGET (page), page_info[which].name);
  sp_window_setup_page (self, which, page);

  return page;
}

static SpPageResult *
result_page (SpWindow *self)
{
  return SP_PAGE_RESULT (ensure_page (self, SP_WINDOW_PAGE_RESULT));
}

static SpPage *
current_page (SpWindow *self)
{
  return self->page_list[self->current];
}

static gboolean
session_running (SpWindow *self)
{
  SpPage *session = self->page_list[SP_WINDOW_PAGE_SESSION];

  return session != NULL && sp_page_session_is_running (SP_PAGE_SESSION (session));
}

/* Why Next cannot be pressed on the current page: the first field's problem, or NULL
 * when the page only waits (a lookup under way) or is complete. */
static char *
dup_next_blocked_reason (SpWindow *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  switch (self->current)
    {
    case SP_WINDOW_PAGE_TARGET:
      ok = sp_form_model_check_target (self->model, NULL, &error);
      break;

    case SP_WINDOW_PAGE_SERVERS:
      ok = sp_form_model_check_dns (self->model, NULL, &error);
      break;

    case SP_WINDOW_PAGE_MESSAGE:
      ok = sp_form_model_check_message (self->model, NULL, &error);
      break;

    case SP_WINDOW_PAGE_SESSION:
    case SP_WINDOW_PAGE_RESULT:
    case SP_WINDOW_N_PAGES:
    default:
      return NULL;
    }

  if (ok || error == NULL)
    return NULL;

  /* Translators: the tooltip of a Next button that cannot be pressed yet; %s says what a
   * field lacks, such as "Enter the recipient’s address, for example kate@example.com." */
  return g_strdup_printf (_("Not yet: %s"), error->message);
}

static void
sp_window_update_actions (SpWindow *self)
{
  SpPage *page = current_page (self);
  SpTranscript *transcript = sp_form_model_get_transcript (self->model);
  gboolean busy = sp_page_get_busy (page);
  gboolean complete = sp_page_get_complete (page);
  gboolean finished = transcript != NULL && !session_running (self) &&
                      sp_transcript_get_verdict (transcript) != SP_VERDICT_NONE;

  gboolean console_possible = !busy && !self->applying &&
                              (sp_form_model_get_mode (self->model) == SP_TEST_MODE_SERVER ||
                               sp_form_model_get_mode (self->model) == SP_TEST_MODE_PRACTICE);
  SpPage *session = self->page_list[SP_WINDOW_PAGE_SESSION];

  if (self->console_shown)
    {
      /* Over the console, Back leaves it for the page it was opened from. */
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", TRUE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.console", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.continue-by-hand", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.export", transcript != NULL);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.export-as",
                                     transcript != NULL);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.copy-log", transcript != NULL);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.run-again", FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->next_button), FALSE);
      return;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.console",
                                 self->current == SP_WINDOW_PAGE_TARGET && console_possible);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.continue-by-hand",
                                 self->current == SP_WINDOW_PAGE_RESULT && session != NULL &&
                                 sp_page_session_can_continue_by_hand (SP_PAGE_SESSION (session)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next",
                                 self->current < SP_WINDOW_PAGE_RESULT &&
                                 complete && !busy && !self->applying);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back",
                                 self->current > SP_WINDOW_PAGE_TARGET &&
                                 !busy && !self->applying);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.export", finished);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.export-as", finished);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.copy-log", transcript != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.run-again",
                                 finished && self->current >= SP_WINDOW_PAGE_SESSION);

  gtk_widget_set_visible (GTK_WIDGET (self->next_button), self->current < SP_WINDOW_PAGE_RESULT);
  /* The label inside, which names the button for a screen reader too. */
  gtk_label_set_text_with_mnemonic (self->next_label, _(page_info[self->current].next_label));

  /* A Next that cannot be pressed says why, to the eye and to a screen reader. */
  {
    g_autofree char *why = complete || busy ? NULL : dup_next_blocked_reason (self);

    gtk_widget_set_tooltip_text (GTK_WIDGET (self->next_button),
                                 why != NULL ? why : _("Go on to the next step (Enter)"));
    if (why != NULL)
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, why,
                                      -1);
    else
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->next_button),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  }
}

/* Practice skips the mail servers page, since the simulated servers are
 * known without a lookup. */
static gboolean
page_skipped (SpWindow     *self,
              SpWindowPage  page)
{
  return page == SP_WINDOW_PAGE_SERVERS &&
         sp_form_model_get_mode (self->model) == SP_TEST_MODE_PRACTICE;
}

/* The page after (@direction 1) or before (-1) @page. */
static SpWindowPage
step_from (SpWindow     *self,
           SpWindowPage  page,
           int           direction)
{
  SpWindowPage to = page + direction;

  if (page_skipped (self, to))
    to += direction;

  return to;
}

static void
sp_window_update_indicator (SpWindow *self)
{
  static const char * const step_classes[] = { "current", "done", NULL };
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < SP_WINDOW_N_PAGES; i++)
    {
      GtkWidget *item = self->step_items[i];
      const char *title = _(page_info[i].title);
      g_autofree char *accessible = NULL;
      gboolean skipped = page_skipped (self, i);

      /* The current step is bold and underlined as well as coloured. */
      sp_gui_swap_css_class (item, step_classes,
                             i == self->current ? "current"
                             : i < self->current ? "done" : NULL);
      /* A page the test skips is dimmed, and said. */
      gtk_widget_set_sensitive (item, !skipped);
      /* The steps fit a narrow window (the 640 px of the store listing) in any language:
       * the others' titles shorten there, never the current one's. */
      gtk_label_set_ellipsize (self->step_titles[i], i == self->current ? PANGO_ELLIPSIZE_NONE
                                                                        : PANGO_ELLIPSIZE_END);
      if (i == self->current)
        /* Translators: what a screen reader says for a step of the wizard: its number (not a
         * count), the number of steps, its title. */
        accessible = g_strdup_printf (_("Step %u of %u: %s, the current step"),
                                      i + 1, SP_WINDOW_N_PAGES, title);
      else if (skipped)
        /* Translators: what a screen reader says for a step of the wizard: its number (not a
         * count), the number of steps, its title. */
        accessible = g_strdup_printf (_("Step %u of %u: %s, skipped in practice"),
                                      i + 1, SP_WINDOW_N_PAGES, title);
      else
        /* Translators: what a screen reader says for a step of the wizard: its number (not a
         * count), the number of steps, its title. */
        accessible = g_strdup_printf (_("Step %u of %u: %s"), i + 1, SP_WINDOW_N_PAGES, title);

      gtk_accessible_update_property (GTK_ACCESSIBLE (item),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                      -1);
    }

  /* Translators: the window's subtitle: the number of the step (not a count), the number of steps,
   * the step's title. */
  subtitle = g_strdup_printf (_("Step %u of %u · %s"), self->current + 1, SP_WINDOW_N_PAGES,
                              _(page_info[self->current].title));
  gtk_label_set_text (self->subtitle_label, subtitle);
}

/* The console */

/* Leaves the console, saying goodbye to its server; the log stays in the
 * transcript. */
static void
sp_window_hide_console (SpWindow *self)
{
  if (!self->console_shown)
    return;

  self->console_shown = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->step_indicator), TRUE);
  sp_console_view_reset (self->console_view);
}

/* Whatever a notify says changed (the model, its request, the console), the actions
 * follow. */
static void
notify_update_actions_cb (SpWindow   *self,
                          GParamSpec *pspec)
{
  sp_window_update_actions (self);
}

static SpConsoleView *
ensure_console_view (SpWindow *self)
{
  if (self->console_view == NULL)
    {
      self->console_view = g_object_new (SP_TYPE_CONSOLE_VIEW, NULL);
      sp_gui_fix_mnemonic_names (GTK_WIDGET (self->console_view));
      gtk_stack_add_named (self->pages, GTK_WIDGET (self->console_view), "console");
      g_signal_connect_object (self->console_view, "notify::busy",
                               G_CALLBACK (notify_update_actions_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->console_view, "notify::open",
                               G_CALLBACK (notify_update_actions_cb), self, G_CONNECT_SWAPPED);
    }

  return self->console_view;
}

static void
sp_window_show_console (SpWindow *self)
{
  self->console_shown = TRUE;
  gtk_stack_set_visible_child (self->pages, GTK_WIDGET (self->console_view));
  /* The console is no step of the wizard: the header says where Back goes. */
  gtk_widget_set_visible (GTK_WIDGET (self->step_indicator), FALSE);
  gtk_label_set_text (self->subtitle_label,
                      self->current == SP_WINDOW_PAGE_RESULT
                        /* Translators: the header's subtitle over the console. */
                        ? _("Console · Back returns to the result")
                        : _("Console · Back returns to the first page"));
  sp_window_update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->console_view));
}

static void
console_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  SpProbeRequest *request = sp_form_model_get_request (self->model);
  g_autoptr(SpTranscript) transcript = NULL;
  g_autoptr(SpConsole) console = NULL;
  g_autoptr(SpResolver) resolver = NULL;
  g_autoptr(SpPractice) practice = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint16 port;

  if (self->current != SP_WINDOW_PAGE_TARGET || self->console_shown)
    return;

  /* The same fields as for a guided test of one server, shown where they are wrong. */
  if (!sp_form_model_check_target (self->model, NULL, NULL))
    {
      sp_page_reveal_problems (self->page_target);
      return;
    }

  transcript = sp_transcript_new ();
  if (sp_form_model_get_mode (self->model) == SP_TEST_MODE_PRACTICE)
    {
      const SpPracticeScenario *scenario =
        sp_practice_find_scenario (sp_form_model_get_practice (self->model));

      practice = scenario != NULL ? sp_practice_start (scenario, &error) : NULL;
      if (practice == NULL)
        {
          g_warning ("Not starting the practice console: %s",
                     error != NULL ? error->message : "no such scenario");
          return;
        }
      sp_transcript_set_simulated (transcript, TRUE);
      name = sp_practice_get_address (practice);
      port = sp_practice_get_port (practice);
      resolver = sp_resolver_new (NULL, &error);
    }
  else
    {
      name = request->server;
      port = request->port;
      resolver = sp_resolver_new (sp_form_model_get_custom_dns (self->model)
                                    ? request->dns_servers : NULL, &error);
    }
  if (resolver == NULL)
    {
      /* The DNS servers field says what is wrong with it. */
      g_debug ("No console: %s", error->message);
      sp_page_reveal_problems (self->page_target);
      return;
    }
  sp_resolver_set_family (resolver, request->family);

  sp_transcript_set_request (transcript,
                             request->recipient != NULL && *request->recipient != '\0'
                               ? request->recipient : NULL,
                             NULL, TRUE);
  console = sp_console_new (transcript);
  sp_console_set_timeout_ms (console, request->timeout_ms);
  sp_console_set_implicit_tls (console,
                               sp_form_model_get_tls_policy (self->model) ==
                               SP_TLS_POLICY_IMPLICIT);
  sp_form_model_set_transcript (self->model, transcript);

  sp_console_view_open (ensure_console_view (self), console, resolver, name, TRUE, port,
                        practice != NULL ? G_OBJECT (practice) : NULL);
  sp_window_show_console (self);
}

static void
continue_by_hand_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  SpPage *session = self->page_list[SP_WINDOW_PAGE_SESSION];
  g_autoptr(SpConsole) console = NULL;
  g_autoptr(GObject) keep_alive = NULL;

  if (self->current != SP_WINDOW_PAGE_RESULT || self->console_shown || session == NULL)
    return;

  console = sp_page_session_continue_by_hand (SP_PAGE_SESSION (session), &keep_alive);
  if (console == NULL)
    return;

  sp_console_view_adopt (ensure_console_view (self), console, keep_alive);
  sp_window_show_console (self);
}

static void
sp_window_go_to (SpWindow     *self,
                 SpWindowPage  page,
                 gboolean      forward)
{
  sp_window_hide_console (self);
  ensure_page (self, page);
  self->current = page;
  gtk_stack_set_visible_child (self->pages, GTK_WIDGET (self->page_list[page]));
  sp_window_update_indicator (self);
  sp_window_update_actions (self);
  sp_page_enter (self->page_list[page], forward);
  sp_window_update_actions (self);
}

static void
page_state_changed_cb (SpWindow   *self,
                       GParamSpec *pspec,
                       SpPage     *page)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  sp_window_update_actions (self);

  /* Work that ends hides its Stop button; the keyboard then goes on with Next rather
   * than landing wherever GTK puts it. */
  if (page == current_page (self) && !sp_page_get_busy (page) &&
      gtk_widget_get_sensitive (GTK_WIDGET (self->next_button)) &&
      gtk_widget_get_visible (GTK_WIDGET (self->next_button)) &&
      (focus == NULL || !gtk_widget_get_mapped (focus) || !gtk_widget_get_visible (focus) ||
       !gtk_widget_is_sensitive (focus)))
    gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
}

/* Next */

static void
model_mode_changed_cb (SpWindow   *self,
                       GParamSpec *pspec)
{
  sp_window_update_indicator (self);
  /* The console is offered for one server or a practice server. */
  sp_window_update_actions (self);
}

static void
apply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SpWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  SpPage *page = SP_PAGE (object);

  /* The window is closing: it goes nowhere any more. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  self->applying = FALSE;

  if (!sp_page_apply_finish (page, result, &error))
    {
      /* The page shows the problem at its field. */
      g_debug ("Staying on %s: %s", sp_page_get_title (page), error->message);
      sp_window_update_actions (self);
      return;
    }

  sp_form_model_save_settings (self->model, self->settings);

  if (page == current_page (self) && self->current < SP_WINDOW_PAGE_RESULT)
    sp_window_go_to (self, step_from (self, self->current, 1), TRUE);
  else
    sp_window_update_actions (self);
}

static void
sp_window_next (SpWindow *self)
{
  SpPage *page = current_page (self);

  if (self->current >= SP_WINDOW_PAGE_RESULT || self->applying ||
      !sp_page_get_complete (page) || sp_page_get_busy (page))
    return;

  self->applying = TRUE;
  sp_window_update_actions (self);
  sp_page_apply_async (page, self->cancellable, apply_cb, g_object_ref (self));
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sp_window_next (SP_WINDOW (widget));
}

static void
try_next_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  SpPage *page = current_page (self);

  if (self->console_shown || self->applying || sp_page_get_busy (page) ||
      self->current >= SP_WINDOW_PAGE_RESULT)
    return;

  /* Enter on an unfinished page says what is missing, at the field, instead of nothing. */
  if (sp_page_get_complete (page))
    sp_window_next (self);
  else
    sp_page_reveal_problems (page);
}

/* Enter on a check box, a drop-down or a list row goes on to the next step, as the
 * shortcuts window says, instead of ticking the box; Enter on a button presses it, and in
 * a text field it goes on through the field's own activation. */
static gboolean
enter_pressed_cb (SpWindow              *self,
                  guint                  keyval,
                  guint                  keycode,
                  GdkModifierType        state,
                  GtkEventControllerKey *controller)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return GDK_EVENT_PROPAGATE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0 || focus == NULL ||
      self->console_shown || gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL)
    return GDK_EVENT_PROPAGATE;

  if (gtk_widget_get_ancestor (focus, GTK_TYPE_CHECK_BUTTON) == NULL &&
      gtk_widget_get_ancestor (focus, GTK_TYPE_DROP_DOWN) == NULL &&
      gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) == NULL)
    return GDK_EVENT_PROPAGATE;

  gtk_widget_activate_action (GTK_WIDGET (self), "wizard.try-next", NULL);
  return GDK_EVENT_STOP;
}

/* Back, Escape, new test, run again */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);

  /* From the console, back to the page it was opened from. */
  if (self->console_shown)
    {
      sp_window_go_to (self, self->current, FALSE);
      return;
    }

  if (self->current == SP_WINDOW_PAGE_TARGET || self->applying ||
      sp_page_get_busy (current_page (self)))
    return;

  sp_window_go_to (self, step_from (self, self->current, -1), FALSE);
}

static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  SpPage *page = current_page (self);

  /* A session typed by hand ends on Disconnect or Back, never on a stray Escape. */
  if (self->console_shown)
    return;

  /* Escape first stops what runs, then goes back. */
  if (sp_page_get_busy (page))
    sp_page_cancel (page);
  else
    back_action (widget, "wizard.back", NULL);
}

static void
new_test_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);

  for (guint i = 0; i < SP_WINDOW_N_PAGES; i++)
    if (self->page_list[i] != NULL)
      sp_page_cancel (self->page_list[i]);
  for (guint i = 0; i < SP_WINDOW_N_PAGES; i++)
    if (self->page_list[i] != NULL)
      sp_page_reset (self->page_list[i]);

  sp_form_model_reset (self->model);
  self->applying = FALSE;
  sp_window_go_to (self, SP_WINDOW_PAGE_TARGET, TRUE);
}

static void
run_again_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);

  if (session_running (self))
    return;

  sp_window_go_to (self, SP_WINDOW_PAGE_SESSION, TRUE);
}

/* Export and copy */

static gboolean
format_from_string (const char     *text,
                    SpExportFormat *format)
{
  if (g_strcmp0 (text, "text") == 0)
    *format = SP_EXPORT_FORMAT_TEXT;
  else if (g_strcmp0 (text, "html") == 0)
    *format = SP_EXPORT_FORMAT_HTML;
  else if (g_strcmp0 (text, "json") == 0)
    *format = SP_EXPORT_FORMAT_JSON;
  else
    return FALSE;

  return TRUE;
}

static char *
suggest_file_name (SpTranscript   *transcript,
                   SpExportFormat  format)
{
  static const char * const extensions[] = {
    [SP_EXPORT_FORMAT_TEXT] = "txt",
    [SP_EXPORT_FORMAT_HTML] = "html",
    [SP_EXPORT_FORMAT_JSON] = "json",
  };
  g_autoptr(GDateTime) started = NULL;
  g_autofree char *recipient = g_strdup (sp_transcript_get_recipient (transcript));
  g_autofree char *when = NULL;

  started = sp_transcript_get_started (transcript) != NULL
              ? g_date_time_to_local (sp_transcript_get_started (transcript))
              : g_date_time_new_now_local ();
  when = g_date_time_format (started, "%Y-%m-%d-%H%M%S");

  /* Keep the name safe on every file system a ticket attachment may pass through. */
  if (recipient == NULL || *recipient == '\0')
    recipient = g_strdup ("test");
  g_strcanon (recipient, SAFE_FILE_NAME_CHARACTERS, '_');

  return g_strdup_printf ("smtp-probe-%s-%s.%s", recipient, when, extensions[format]);
}

static void
alert_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  sp_compat_alert_finish (result, NULL);
}

static void
export_to_file_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpWindow *self = g_task_get_source_object (task);
  GFile *file = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *where = g_file_get_parse_name (file);
  g_autofree char *status = NULL;

  if (!sp_export_to_file_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *heading = g_strdup_printf (_("Could not save the log to %s"), where);

          status = g_strdup_printf ("%s: %s", heading, error->message);
          sp_page_result_set_status (result_page (self), status);
          sp_compat_alert_async (GTK_WINDOW (self), heading, error->message, self->cancellable,
                                 alert_cb, NULL);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = g_strdup_printf (_("Saved the log to %s"), where);
  sp_page_result_set_status (result_page (self), status);
  g_task_return_boolean (task, TRUE);
}

void
sp_window_export_to_file_async (SpWindow            *self,
                                SpExportFormat       format,
                                GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  SpTranscript *transcript;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SP_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_window_export_to_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);

  transcript = sp_form_model_get_transcript (self->model);
  if (transcript == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("There is no log to save yet. Run a test first."));
      return;
    }

  sp_export_to_file_async (transcript, format, file, cancellable, export_to_file_cb,
                           g_steal_pointer (&task));
}

gboolean
sp_window_export_to_file_finish (SpWindow      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  SpWindow       *self;
  SpExportFormat  format;
} ExportChoice;

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  /* The result page already says how it went. */
  sp_window_export_to_file_finish (SP_WINDOW (object), result, NULL);
}

static void
save_file_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ExportChoice *choice = user_data;
  g_autoptr(SpWindow) self = choice->self;
  SpExportFormat format = choice->format;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_free (choice);

  file = sp_compat_choose_file_finish (result, &error);
  if (file == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  sp_window_export_to_file_async (self, format, file, self->cancellable, export_done_cb, NULL);
}

static void
export_as_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  SpTranscript *transcript = sp_form_model_get_transcript (self->model);
  g_autofree char *name = NULL;
  ExportChoice *choice;
  SpExportFormat format;

  if (transcript == NULL || !format_from_string (g_variant_get_string (parameter, NULL), &format))
    return;

  name = suggest_file_name (transcript, format);
  choice = g_new0 (ExportChoice, 1);
  choice->self = g_object_ref (self);
  choice->format = format;
  sp_compat_choose_file_async (GTK_WINDOW (self), _("Export Log"), GTK_FILE_CHOOSER_ACTION_SAVE,
                               name, NULL, self->cancellable, save_file_cb, choice);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);

  if (self->console_shown)
    {
      sp_console_view_popup_export (self->console_view);
      return;
    }

  /* Ctrl+E from the finished session goes to the result, where the choice of format is. */
  if (self->current != SP_WINDOW_PAGE_RESULT)
    sp_window_go_to (self, SP_WINDOW_PAGE_RESULT, TRUE);

  sp_page_result_popup_export (result_page (self));
}

static void
copy_log_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  SpTranscript *transcript = sp_form_model_get_transcript (self->model);
  g_autofree char *text = NULL;
  g_autofree char *status = NULL;
  guint n;

  if (transcript == NULL)
    return;

  text = sp_export_to_string (transcript, SP_EXPORT_FORMAT_TEXT);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);

  n = sp_transcript_get_n_entries (transcript);
  status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Copied the log (%u line) to the clipboard",
                                         "Copied the log (%u lines) to the clipboard", n),
                            n);
  sp_page_result_set_status (result_page (self), status);
}

/* A list of targets, in a window of its own, so that single tests go on here meanwhile. */

static void
test_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  g_autoptr(SpProbeRequest) template = sp_batch_window_dup_template (self->model);
  SpBatchWindow *window;

  window = sp_batch_window_new (gtk_window_get_application (GTK_WINDOW (self)), template);
  gtk_window_present (GTK_WINDOW (window));
  sp_batch_window_choose_list (window);
}

/* The shortcuts window, built the first time it is asked for */

static void
show_help_overlay_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  SpWindow *self = user_data;
  GtkShortcutsWindow *overlay;

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self));
  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = NULL;

      builder = gtk_builder_new_from_resource (SP_RESOURCE_PREFIX "/sp-shortcuts-window.ui");
      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      /* It keeps this action, which is already there, and hides on close. */
      gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self), overlay);
    }

  gtk_window_present (GTK_WINDOW (overlay));
}

/* The window */

static void
sp_window_build_indicator (SpWindow *self)
{
  for (guint i = 0; i < SP_WINDOW_N_PAGES; i++)
    {
      GtkWidget *item;
      GtkWidget *number;
      GtkWidget *title;
      g_autofree char *digits = g_strdup_printf ("%u", i + 1);

      if (i > 0)
        {
          GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

          gtk_widget_add_css_class (arrow, "step-arrow");
          gtk_accessible_update_property (GTK_ACCESSIBLE (arrow),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, "",
                                          -1);
          g_object_set (arrow, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
          gtk_box_append (self->step_indicator, arrow);
        }

      item = g_object_new (GTK_TYPE_BOX,
                           "orientation", GTK_ORIENTATION_HORIZONTAL,
                           "spacing", 6,
                           "accessible-role", GTK_ACCESSIBLE_ROLE_LIST_ITEM,
                           NULL);
      gtk_widget_add_css_class (item, "step");

      number = gtk_label_new (digits);
      gtk_widget_add_css_class (number, "step-number");
      gtk_widget_add_css_class (number, "numeric");
      gtk_box_append (GTK_BOX (item), number);

      title = gtk_label_new (_(page_info[i].title));
      gtk_widget_add_css_class (title, "step-title");
      gtk_box_append (GTK_BOX (item), title);

      gtk_box_append (self->step_indicator, item);
      self->step_items[i] = item;
      self->step_titles[i] = GTK_LABEL (title);
    }
}

static gboolean
sp_window_close_request (GtkWindow *window)
{
  SpWindow *self = SP_WINDOW (window);

  sp_window_save_size (self);

  /* Stop running work now rather than at dispose, so nothing reports into a closing window. */
  g_cancellable_cancel (self->cancellable);

  /* The password lives no longer than the window it was typed into. */
  sp_form_model_clear_auth_password (self->model);

  return GTK_WINDOW_CLASS (sp_window_parent_class)->close_request (window);
}

static void
sp_window_dispose (GObject *object)
{
  SpWindow *self = SP_WINDOW (object);

  /* No gtk_widget_dispose_template() here: GtkWindow's own dispose drops the child and the
   * titlebar, and unparenting them first makes it warn about widgets already gone. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sp_window_parent_class)->dispose (object);
}

static void
sp_window_finalize (GObject *object)
{
  SpWindow *self = SP_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (sp_window_parent_class)->finalize (object);
}

static void
sp_window_class_init (SpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sp_window_dispose;
  object_class->finalize = sp_window_finalize;

  window_class->close_request = sp_window_close_request;

  for (guint i = 0; i < SP_WINDOW_N_PAGES; i++)
    g_type_ensure (page_info[i].get_type ());

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/smtpprobe/SmtpProbe/sp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, next_label);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, page_target);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, step_indicator);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, subtitle_label);

  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.console", NULL, console_action);
  gtk_widget_class_install_action (widget_class, "wizard.continue-by-hand", NULL,
                                   continue_by_hand_action);
  gtk_widget_class_install_action (widget_class, "wizard.copy-log", NULL, copy_log_action);
  gtk_widget_class_install_action (widget_class, "wizard.escape", NULL, escape_action);
  gtk_widget_class_install_action (widget_class, "wizard.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "wizard.export-as", "s", export_as_action);
  gtk_widget_class_install_action (widget_class, "wizard.new-test", NULL, new_test_action);
  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.run-again", NULL, run_again_action);
  gtk_widget_class_install_action (widget_class, "wizard.test-list", NULL, test_list_action);
  gtk_widget_class_install_action (widget_class, "wizard.try-next", NULL, try_next_action);

  /* Bubble-phase bindings: a text view keeps Enter for new lines, a popover its Escape. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0,
                                       "wizard.try-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0,
                                       "wizard.try-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Enter, 0,
                                       "wizard.try-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "wizard.escape", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
sp_window_init (SpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    /* Before the focused check box, which would take Enter as a click. */
    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect_object (keys, "key-pressed", G_CALLBACK (enter_pressed_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  self->model = sp_form_model_new ();
  sp_form_model_load_settings (self->model, self->settings);

  sp_window_setup_page (self, SP_WINDOW_PAGE_TARGET, self->page_target);
  sp_gui_fix_mnemonic_names (GTK_WIDGET (self->header_bar));

  {
    g_autoptr(GSimpleAction) action = g_simple_action_new ("show-help-overlay", NULL);

    g_signal_connect_object (action, "activate", G_CALLBACK (show_help_overlay_cb), self, 0);
    g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
  }

  g_signal_connect_object (self->model, "notify::mode",
                           G_CALLBACK (model_mode_changed_cb), self, G_CONNECT_SWAPPED);
  /* The actions follow the transcript, and what Next says when it cannot be pressed
   * follows every field. */
  g_signal_connect_object (self->model, "notify",
                           G_CALLBACK (notify_update_actions_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sp_form_model_get_request (self->model), "notify",
                           G_CALLBACK (notify_update_actions_cb), self, G_CONNECT_SWAPPED);

  sp_window_build_indicator (self);
  sp_window_restore_size (self);
  sp_window_go_to (self, SP_WINDOW_PAGE_TARGET, TRUE);
}

SpWindow *
sp_window_new (SpApplication *application)
{
  g_return_val_if_fail (SP_IS_APPLICATION (application), NULL);

  return g_object_new (SP_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * sp_window_get_cancellable:
 * @self: a #SpWindow
 *
 * Gets the cancellable for work started on behalf of this window. It is cancelled when the
 * window closes.
 *
 * Returns: (transfer none): a #GCancellable
 */
GCancellable *
sp_window_get_cancellable (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);

  return self->cancellable;
}

SpFormModel *
sp_window_get_model (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);

  return self->model;
}

SpPage *
sp_window_get_page (SpWindow     *self,
                    SpWindowPage  page)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);
  g_return_val_if_fail (page < SP_WINDOW_N_PAGES, NULL);

  return ensure_page (self, page);
}

SpWindowPage
sp_window_get_current_page (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), SP_WINDOW_PAGE_TARGET);

  return self->current;
}

void
sp_window_show_page (SpWindow     *self,
                     SpWindowPage  page)
{
  g_return_if_fail (SP_IS_WINDOW (self));
  g_return_if_fail (page < SP_WINDOW_N_PAGES);

  sp_window_go_to (self, page, page >= self->current);
}

void
sp_window_prefill (SpWindow     *self,
                   GVariantDict *options)
{
  g_return_if_fail (SP_IS_WINDOW (self));
  g_return_if_fail (options != NULL);

  sp_form_model_prefill (self->model, options);

  /* Start where the input is; with it complete, Enter moves on at once. */
  if (self->current == SP_WINDOW_PAGE_TARGET)
    sp_page_enter (self->page_target, TRUE);
}
