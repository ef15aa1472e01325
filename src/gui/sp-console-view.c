/* sp-console-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-console-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-console-view.h"
#include "sp-diagnosis.h"
#include "sp-log-view.h"
#include "sp-page.h"

/* Enough to go back through a long session; the oldest lines go first. */
#define MAX_HISTORY 200

struct _SpConsoleView
{
  GtkWidget      parent_instance;

  /* template widgets */
  GtkBox        *box;
  GtkButton     *disconnect_button;
  GtkButton     *end_message_button;
  GtkEntry      *entry;
  GtkMenuButton *export_button;
  GtkLabel      *hint_label;
  SpLogView     *log_view;
  GtkLabel      *prompt_label;
  GtkButton     *send_button;
  GtkSpinner    *spinner;
  GtkLabel      *status_label;
  GtkLabel      *title_label;

  /* owned references */
  SpConsole     *console;
  GObject       *keep_alive;
  GCancellable  *cancellable;
  GPtrArray     *history;        /* char *, the commands sent, oldest first */
  char          *flagged;        /* the line a hint was shown for, sent when Enter comes again */
  char          *draft;          /* what was typed before Up went into the history */

  /* state */
  guint          history_pos;    /* history->len: the line being typed */
  gboolean       busy;
  gboolean       connecting;
};

G_DEFINE_FINAL_TYPE (SpConsoleView, sp_console_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_OPEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static SpConsoleMode
current_mode (SpConsoleView *self)
{
  return self->console != NULL ? sp_console_get_mode (self->console) : SP_CONSOLE_MODE_CLOSED;
}

gboolean
sp_console_view_get_open (SpConsoleView *self)
{
  g_return_val_if_fail (SP_IS_CONSOLE_VIEW (self), FALSE);

  return self->connecting || current_mode (self) != SP_CONSOLE_MODE_CLOSED;
}

gboolean
sp_console_view_get_busy (SpConsoleView *self)
{
  g_return_val_if_fail (SP_IS_CONSOLE_VIEW (self), FALSE);

  return self->busy;
}

static void
show_hint (SpConsoleView *self,
           const char    *hint)
{
  gtk_label_set_text (self->hint_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL);
  if (hint != NULL)
    /* A screen reader says the hint as the sighted person sees it appear. */
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->hint_label),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, hint,
                                    -1);
}

static char *
dup_status (SpConsoleView *self)
{
  SpAttempt *attempt = self->console != NULL ? sp_console_get_attempt (self->console) : NULL;

  if (self->connecting)
    /* Translators: the status of the console while it connects to the server. */
    return g_strdup (_("Connecting…"));
  if (self->busy)
    return g_strdup (_("Waiting for the server’s reply…"));

  switch (current_mode (self))
    {
    case SP_CONSOLE_MODE_COMMAND:
      return g_strdup (_("Type an SMTP command and press Enter. Tab completes a command; Up and "
                         "Down recall earlier ones."));

    case SP_CONSOLE_MODE_MESSAGE:
      {
        guint n = sp_console_get_n_message_lines (self->console);

        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             /* Translators: after DATA, while the message is
                                              * typed line by line. */
                                             "Type the message one line at a time; %u line so "
                                             "far. End Message (or a line with only a dot) "
                                             "sends it.",
                                             "Type the message one line at a time; %u lines so "
                                             "far. End Message (or a line with only a dot) "
                                             "sends it.", n),
                                n);
      }

    case SP_CONSOLE_MODE_AUTH:
      return g_strdup (_("Type the answer to the server’s login question, in Base64. It is hidden "
                         "here and in the log."));

    case SP_CONSOLE_MODE_CLOSED:
    default:
      if (attempt != NULL && sp_attempt_get_detail (attempt) != NULL)
        /* Translators: %s says how the session went, such as "5 commands,
         * 1 refused by the server." */
        return g_strdup_printf (_("The session has ended. %s Export the log, or go back to "
                                  "start another test."), sp_attempt_get_detail (attempt));
      return g_strdup (_("The session has ended. Export the log, or go back to start another "
                         "test."));
    }
}

static void
sp_console_view_update (SpConsoleView *self)
{
  SpConsoleMode mode = current_mode (self);
  SpAttempt *attempt = self->console != NULL ? sp_console_get_attempt (self->console) : NULL;
  g_autofree char *status = dup_status (self);
  g_autofree char *title = NULL;
  gboolean can_type = !self->busy && mode != SP_CONSOLE_MODE_CLOSED;
  const char *entry_name;

  if (attempt != NULL &&
      g_strcmp0 (sp_attempt_get_host (attempt), sp_attempt_get_address (attempt)) == 0)
    /* Translators: the console's title: a server's address and port (not a count). */
    title = g_strdup_printf (_("Typing by hand to %s, port %u"),
                             sp_attempt_get_address (attempt), sp_attempt_get_port (attempt));
  else if (attempt != NULL)
    /* Translators: the console's title: a server's name, its address and port (not a count). */
    title = g_strdup_printf (_("Typing by hand to %s (%s, port %u)"),
                             sp_attempt_get_host (attempt), sp_attempt_get_address (attempt),
                             sp_attempt_get_port (attempt));
  else
    title = g_strdup (_("Typing SMTP commands by hand"));
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->status_label, status);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  if (self->busy)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);

  /* The entry keeps what is typed while a reply is awaited; only sending waits. Once the
   * session ends it stays in place, read-only, so the keyboard focus is never lost. */
  gtk_editable_set_editable (GTK_EDITABLE (self->entry), mode != SP_CONSOLE_MODE_CLOSED);
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), can_type);
  gtk_widget_set_visible (GTK_WIDGET (self->end_message_button),
                          mode == SP_CONSOLE_MODE_MESSAGE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->end_message_button), can_type);
  gtk_widget_set_sensitive (GTK_WIDGET (self->disconnect_button),
                            !self->connecting && mode != SP_CONSOLE_MODE_CLOSED);

  /* An answer to a login question is a secret: it is not shown as it is typed. */
  gtk_entry_set_visibility (self->entry, mode != SP_CONSOLE_MODE_AUTH);
  gtk_label_set_text (self->prompt_label, mode == SP_CONSOLE_MODE_MESSAGE ? "…" : "C:");
  switch (mode)
    {
    case SP_CONSOLE_MODE_MESSAGE:
      entry_name = _("Line of the message");
      break;

    case SP_CONSOLE_MODE_AUTH:
      entry_name = _("Answer to the login question");
      break;

    case SP_CONSOLE_MODE_COMMAND:
    case SP_CONSOLE_MODE_CLOSED:
    default:
      /* Translators: what a screen reader says for the field where SMTP commands are typed. */
      entry_name = _("SMTP command");
      break;
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, entry_name,
                                  -1);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN]);
}

static void
set_busy (SpConsoleView *self,
          gboolean       busy)
{
  self->busy = busy;
  sp_console_view_update (self);
}

/* Replies */

static void
reply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SpConsoleView) self = user_data;
  g_autoptr(SpReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  SpConsole *console = SP_CONSOLE (object);

  if (g_task_get_source_tag (G_TASK (result)) == sp_console_end_message_async)
    reply = sp_console_end_message_finish (console, result, &error);
  else if (g_task_get_source_tag (G_TASK (result)) == sp_console_open_async)
    reply = sp_console_open_finish (console, result, &error);
  else
    reply = sp_console_send_finish (console, result, &error);

  /* Another console took this one's place, or the view went away. */
  if (console != self->console || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* What went wrong is in the log, with its explanation; a refused line
   * (a line break, the wrong mode) never reached the server. */
  if (error != NULL && error->domain == SP_CONSOLE_ERROR)
    show_hint (self, error->message);

  self->connecting = FALSE;
  set_busy (self, FALSE);
  if (current_mode (self) != SP_CONSOLE_MODE_CLOSED &&
      gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

/* Sending */

static void
add_history (SpConsoleView *self,
             const char    *line)
{
  if (self->history->len > 0 &&
      g_strcmp0 (g_ptr_array_index (self->history, self->history->len - 1), line) == 0)
    return;

  if (self->history->len >= MAX_HISTORY)
    g_ptr_array_remove_index (self->history, 0);
  g_ptr_array_add (self->history, g_strdup (line));
}

static void
set_text (SpConsoleView *self,
          const char    *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
}

static void
end_message (SpConsoleView *self)
{
  if (self->busy || current_mode (self) != SP_CONSOLE_MODE_MESSAGE)
    return;

  show_hint (self, NULL);
  set_busy (self, TRUE);
  sp_console_end_message_async (self->console, self->cancellable, reply_cb,
                                g_object_ref (self));
}

static void
submit (SpConsoleView *self)
{
  g_autofree char *line = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  g_autofree char *suggestion = NULL;
  g_autofree char *hint = NULL;
  SpConsoleMode mode = current_mode (self);
  SpConsoleCheck check;

  if (self->busy || mode == SP_CONSOLE_MODE_CLOSED)
    return;

  if (mode == SP_CONSOLE_MODE_MESSAGE)
    {
      g_autoptr(GError) error = NULL;

      /* As in telnet, a line with only a dot ends the message: an explicit end. */
      if (strcmp (line, ".") == 0)
        {
          set_text (self, "");
          end_message (self);
          return;
        }
      if (!sp_console_add_message_line (self->console, line, &error))
        {
          show_hint (self, error->message);
          return;
        }
      show_hint (self, NULL);
      set_text (self, "");
      sp_console_view_update (self);
      return;
    }

  check = sp_console_check_line (self->console, line, &suggestion);
  if (check == SP_CONSOLE_CHECK_EMPTY)
    return;

  hint = sp_diagnosis_dup_console_hint (check, line, suggestion);
  if (hint != NULL && check != SP_CONSOLE_CHECK_LINE_BREAK &&
      g_strcmp0 (self->flagged, line) != 0)
    {
      g_autofree char *again = NULL;

      /* The line waits, fixed when the fix is known, until Enter comes once more on it: the
       * server's own answer to it stays one key away. */
      g_free (self->flagged);
      self->flagged = g_strdup (check == SP_CONSOLE_CHECK_MISSPELLED ? suggestion : line);
      if (check == SP_CONSOLE_CHECK_MISSPELLED)
        set_text (self, suggestion);
      /* Translators: %s is a hint such as "Did you mean RCPT TO?". */
      again = g_strdup_printf (_("%s Press Enter to send the line as it stands, or edit it."),
                               hint);
      show_hint (self, again);
      return;
    }
  if (check == SP_CONSOLE_CHECK_LINE_BREAK)
    {
      /* Nothing that holds a line break is ever sent. */
      show_hint (self, hint);
      return;
    }

  g_clear_pointer (&self->flagged, g_free);
  show_hint (self, NULL);
  if (mode == SP_CONSOLE_MODE_COMMAND)
    add_history (self, line);
  self->history_pos = self->history->len;
  g_clear_pointer (&self->draft, g_free);
  set_text (self, "");

  set_busy (self, TRUE);
  sp_console_send_async (self->console, line, self->cancellable, reply_cb, g_object_ref (self));
}

static void
on_entry_activate (SpConsoleView *self,
                   GtkEntry      *entry)
{
  submit (self);
}

static void
on_send_clicked (SpConsoleView *self,
                 GtkButton     *button)
{
  submit (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
on_end_message_clicked (SpConsoleView *self,
                        GtkButton     *button)
{
  end_message (self);
}

static void
on_disconnect_clicked (SpConsoleView *self,
                       GtkButton     *button)
{
  sp_console_view_disconnect (self);
}

static void
on_entry_changed (SpConsoleView *self,
                  GtkEditable   *editable)
{
  /* A hint speaks of the line it was shown for; once that is edited away it goes. */
  if (self->flagged != NULL &&
      g_strcmp0 (gtk_editable_get_text (editable), self->flagged) != 0)
    {
      g_clear_pointer (&self->flagged, g_free);
      show_hint (self, NULL);
    }
}

/* History and completion */

static void
history_move (SpConsoleView *self,
              int            direction)
{
  guint to;

  if (direction < 0 && self->history_pos == 0)
    return;
  if (direction > 0 && self->history_pos >= self->history->len)
    return;

  if (self->history_pos == self->history->len)
    {
      g_free (self->draft);
      self->draft = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
    }

  to = self->history_pos + direction;
  self->history_pos = to;
  set_text (self, to < self->history->len ? g_ptr_array_index (self->history, to)
                                          : self->draft != NULL ? self->draft : "");
}

static gboolean
complete (SpConsoleView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_auto(GStrv) matches = NULL;
  g_autofree char *list = NULL;
  guint n;

  if (*text == '\0' || strchr (text, ' ') != NULL || strchr (text, ':') != NULL)
    return FALSE;

  matches = sp_console_complete (text);
  n = matches != NULL ? g_strv_length (matches) : 0;
  if (n == 0)
    return FALSE;
  if (n == 1)
    {
      set_text (self, matches[0]);
      show_hint (self, NULL);
      return TRUE;
    }

  list = g_strjoinv (", ", matches);
  {
    /* Translators: %s lists commands, such as "EHLO , EXPN , ETRN ". */
    g_autofree char *hint = g_strdup_printf (_("Commands that start so: %s."), list);

    show_hint (self, hint);
  }

  return TRUE;
}

static gboolean
on_key_pressed (SpConsoleView         *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  SpConsoleMode mode = current_mode (self);

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (mode != SP_CONSOLE_MODE_COMMAND)
        return GDK_EVENT_PROPAGATE;
      history_move (self, -1);
      return GDK_EVENT_STOP;

    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (mode != SP_CONSOLE_MODE_COMMAND)
        return GDK_EVENT_PROPAGATE;
      history_move (self, 1);
      return GDK_EVENT_STOP;

    case GDK_KEY_Tab:
      /* Tab completes a verb being typed; otherwise it moves the focus as always. */
      if (mode == SP_CONSOLE_MODE_COMMAND && complete (self))
        return GDK_EVENT_STOP;
      return GDK_EVENT_PROPAGATE;

    default:
      return GDK_EVENT_PROPAGATE;
    }
}

/* Opening and closing */

static void
drop_console (SpConsoleView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->console != NULL)
    sp_console_close (self->console);
  g_clear_object (&self->console);
  g_clear_object (&self->keep_alive);
  g_clear_pointer (&self->flagged, g_free);
  g_clear_pointer (&self->draft, g_free);
  self->history_pos = self->history->len;
  self->busy = FALSE;
  self->connecting = FALSE;
}

static void
take_console (SpConsoleView *self,
              SpConsole     *console,
              GObject       *keep_alive)
{
  drop_console (self);
  self->console = g_object_ref (console);
  g_set_object (&self->keep_alive, keep_alive);
  self->cancellable = g_cancellable_new ();
  sp_log_view_set_transcript (self->log_view, sp_console_get_transcript (console));
  show_hint (self, NULL);
  set_text (self, "");
}

void
sp_console_view_open (SpConsoleView *self,
                      SpConsole     *console,
                      SpResolver    *resolver,
                      const char    *name,
                      gboolean       is_host,
                      guint16        port,
                      GObject       *keep_alive)
{
  g_return_if_fail (SP_IS_CONSOLE_VIEW (self));
  g_return_if_fail (SP_IS_CONSOLE (console));
  g_return_if_fail (SP_IS_RESOLVER (resolver));
  g_return_if_fail (name != NULL);

  take_console (self, console, keep_alive);
  self->connecting = TRUE;
  set_busy (self, TRUE);
  sp_console_open_async (console, resolver, name, is_host, port, self->cancellable, reply_cb,
                         g_object_ref (self));
}

void
sp_console_view_adopt (SpConsoleView *self,
                       SpConsole     *console,
                       GObject       *keep_alive)
{
  g_return_if_fail (SP_IS_CONSOLE_VIEW (self));
  g_return_if_fail (SP_IS_CONSOLE (console));

  take_console (self, console, keep_alive);
  sp_console_view_update (self);
}

SpConsole *
sp_console_view_get_console (SpConsoleView *self)
{
  g_return_val_if_fail (SP_IS_CONSOLE_VIEW (self), NULL);

  return self->console;
}

void
sp_console_view_popup_export (SpConsoleView *self)
{
  g_return_if_fail (SP_IS_CONSOLE_VIEW (self));

  gtk_menu_button_popup (self->export_button);
}

GtkEntry *
sp_console_view_get_entry (SpConsoleView *self)
{
  g_return_val_if_fail (SP_IS_CONSOLE_VIEW (self), NULL);

  return self->entry;
}

void
sp_console_view_disconnect (SpConsoleView *self)
{
  g_return_if_fail (SP_IS_CONSOLE_VIEW (self));

  if (self->console == NULL)
    return;

  /* A server waiting for a command gets a goodbye; in the middle of a message or a login,
   * or while a reply is awaited, QUIT would be read as part of it, so the connection is
   * closed instead. */
  if (!self->busy && current_mode (self) == SP_CONSOLE_MODE_COMMAND)
    {
      set_busy (self, TRUE);
      sp_console_send_async (self->console, "QUIT", self->cancellable, reply_cb,
                             g_object_ref (self));
      return;
    }

  g_cancellable_cancel (self->cancellable);
  sp_console_close (self->console);
  self->connecting = FALSE;
  set_busy (self, FALSE);
}

void
sp_console_view_reset (SpConsoleView *self)
{
  g_return_if_fail (SP_IS_CONSOLE_VIEW (self));

  /* Leaving: goodbye in the background, with what keeps the server alive. */
  if (self->console != NULL)
    {
      sp_console_quit_in_background (self->console, self->keep_alive);
      g_clear_object (&self->console);
    }

  drop_console (self);
  sp_log_view_set_transcript (self->log_view, NULL);
  show_hint (self, NULL);
  sp_console_view_update (self);
}

/* GObject */

static void
sp_console_view_dispose (GObject *object)
{
  SpConsoleView *self = SP_CONSOLE_VIEW (object);

  drop_console (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_CONSOLE_VIEW);

  G_OBJECT_CLASS (sp_console_view_parent_class)->dispose (object);
}

static void
sp_console_view_finalize (GObject *object)
{
  SpConsoleView *self = SP_CONSOLE_VIEW (object);

  g_ptr_array_unref (self->history);

  G_OBJECT_CLASS (sp_console_view_parent_class)->finalize (object);
}

static void
sp_console_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SpConsoleView *self = SP_CONSOLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_OPEN:
      g_value_set_boolean (value, sp_console_view_get_open (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
sp_console_view_grab_focus (GtkWidget *widget)
{
  SpConsoleView *self = SP_CONSOLE_VIEW (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
sp_console_view_class_init (SpConsoleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_console_view_dispose;
  object_class->finalize = sp_console_view_finalize;
  object_class->get_property = sp_console_view_get_property;

  widget_class->grab_focus = sp_console_view_grab_focus;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPEN] =
    g_param_spec_boolean ("open", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SP_TYPE_LOG_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               SP_RESOURCE_PREFIX "/sp-console-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SpConsoleView, box);
  gtk_widget_class_bind_template_child (widget_class, SpConsoleView, disconnect_button);
  gtk_widget_class_bind_template_child (widget_class, SpConsoleView, end_message_button);
  gtk_widget_class_bind_template_child (widget_class, SpConsoleView, entry);
  gtk_widget_class_bind_template_child (widget_class, SpConsoleView, export_button);
  gtk_widget_class_bind_template_child (widget_class, SpConsoleView, hint_label);
  gtk_widget_class_bind_template_child (widget_class, SpConsoleView, log_view);
  gtk_widget_class_bind_template_child (widget_class, SpConsoleView, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, SpConsoleView, send_button);
  gtk_widget_class_bind_template_child (widget_class, SpConsoleView, spinner);
  gtk_widget_class_bind_template_child (widget_class, SpConsoleView, status_label);
  gtk_widget_class_bind_template_child (widget_class, SpConsoleView, title_label);
  gtk_widget_class_bind_template_callback (widget_class, on_disconnect_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_end_message_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_send_clicked);
}

static void
sp_console_view_init (SpConsoleView *self)
{
  GtkEventController *keys;

  self->history = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Before the entry's own handling, so that Up, Down and Tab reach the history and the
   * completion. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);

  sp_console_view_update (self);
}
