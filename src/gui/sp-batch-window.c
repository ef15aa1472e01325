/* sp-batch-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-batch-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-batch-item.h"
#include "sp-batch-window-private.h"
#include "sp-compat.h"
#include "sp-gui-util.h"
#include "sp-address.h"
#include "sp-page.h"
#include "sp-window.h"

/* A list is read whole before its run, so that the progress can say how
 * many targets there are. A list of domains is some 20 bytes a line: this
 * is hundreds of thousands of targets, and keeps a file chosen by mistake
 * (a disk image, a video) from being read into memory. */
#define MAX_LIST_SIZE (16 * 1024 * 1024)


G_DEFINE_FINAL_TYPE (SpBatchWindow, sp_batch_window, GTK_TYPE_APPLICATION_WINDOW)

G_DEFINE_ENUM_TYPE (SpBatchWindowState, sp_batch_window_state,
  G_DEFINE_ENUM_VALUE (SP_BATCH_WINDOW_EMPTY, "empty"),
  G_DEFINE_ENUM_VALUE (SP_BATCH_WINDOW_READING, "reading"),
  G_DEFINE_ENUM_VALUE (SP_BATCH_WINDOW_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (SP_BATCH_WINDOW_FINISHED, "finished"),
  G_DEFINE_ENUM_VALUE (SP_BATCH_WINDOW_CANCELLED, "cancelled"),
  G_DEFINE_ENUM_VALUE (SP_BATCH_WINDOW_FAILED, "failed"))

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void run_again_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter);

/* The list's name in the header and in the window's title, which the
 * window switcher shows. */
static void
sp_batch_window_show_name (SpBatchWindow *self,
                           const char    *name)
{
  /* Translators: the title of the window of a list of targets; %s is the list's file name. */
  g_autofree char *title = g_strdup_printf (_("%s — Test a List"), name);

  gtk_label_set_text (self->subtitle_label, name);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), TRUE);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* States */

static gboolean
is_busy (SpBatchWindow *self)
{
  return self->state == SP_BATCH_WINDOW_READING || self->state == SP_BATCH_WINDOW_RUNNING;
}

static void
sp_batch_window_update_actions (SpBatchWindow *self)
{
  gboolean busy = is_busy (self);
  gboolean over = self->state >= SP_BATCH_WINDOW_FINISHED;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.open", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.stop", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.run-again",
                                 over && self->file != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.export", self->has_tally);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.popup-export", self->has_tally);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), self->has_tally);
  gtk_widget_set_sensitive (GTK_WIDGET (self->options_box), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->again_button), over && self->file != NULL);
}

/* The progress line: how far the run is, then how it ended, in the
 * diagnosis's sentence for the whole run. */
static void
sp_batch_window_update_progress (SpBatchWindow *self)
{
  const SpBatchTally *tally = self->has_tally ? &self->tally
                              : self->batch != NULL ? sp_batch_get_tally (self->batch) : NULL;
  guint64 done = tally != NULL ? tally->n_targets : 0;
  guint64 total = MAX (self->n_total, done);
  g_autofree char *text = NULL;
  g_autofree char *done_text = g_strdup_printf ("%" G_GUINT64_FORMAT, done);
  g_autofree char *total_text = g_strdup_printf ("%" G_GUINT64_FORMAT, total);
  const char *icon_name = NULL;
  const char *css_class = NULL;

  switch (self->state)
    {
    case SP_BATCH_WINDOW_EMPTY:
      text = g_strdup (_("No list open yet."));
      break;

    case SP_BATCH_WINDOW_READING:
      text = g_strdup (_("Reading the list…"));
      break;

    case SP_BATCH_WINDOW_RUNNING:
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: the progress of a list of targets,
                                            * as in "12 of 300 targets tested"; the plural
                                            * follows the second number, the whole list. */
                                           "%s of %s target tested",
                                           "%s of %s targets tested",
                                           MIN (total, G_MAXULONG)),
                              done_text, total_text);
      break;

    case SP_BATCH_WINDOW_FINISHED:
      {
        g_autofree char *summary = sp_diagnosis_dup_batch_summary (tally);

        text = g_steal_pointer (&summary);
        sp_gui_tone_style (tally->n_accepted == tally->n_targets ? SP_TONE_SUCCESS
                                                                 : SP_TONE_TEMPORARY,
                           &icon_name, &css_class);
      }
      break;

    case SP_BATCH_WINDOW_CANCELLED:
      {
        g_autofree char *summary = sp_diagnosis_dup_batch_summary (tally);

        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             /* Translators: a list of targets whose tests
                                              * were stopped: how many of the list were
                                              * reported, then the summary of those, such as
                                              * "3 targets in 1.2 s: 2 took mail, 1 did not." */
                                             "Stopped after %s of %s target. %s",
                                             "Stopped after %s of %s targets. %s",
                                             MIN (total, G_MAXULONG)),
                                done_text, total_text, summary);
        sp_gui_tone_style (SP_TONE_CANCELLED, &icon_name, &css_class);
      }
      break;

    case SP_BATCH_WINDOW_FAILED:
    default:
      /* Translators: the list of targets could not be read (further); %s says why. */
      text = g_strdup_printf (_("The list could not be read: %s"),
                              self->failure != NULL ? self->failure : "");
      sp_gui_tone_style (SP_TONE_FAILURE, &icon_name, &css_class);
      break;
    }

  gtk_label_set_text (self->progress_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label),
                          g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), is_busy (self));
  gtk_spinner_set_spinning (self->spinner, is_busy (self));
  gtk_widget_set_visible (GTK_WIDGET (self->status_image), icon_name != NULL);
  if (icon_name != NULL)
    {
      gtk_image_set_from_icon_name (self->status_image, icon_name);
      sp_gui_swap_css_class (GTK_WIDGET (self->status_image), sp_gui_tone_classes, css_class);
    }

  /* Before a list the empty page says it all; after a run, the summary. */
  gtk_widget_set_visible (GTK_WIDGET (self->status_box), self->state != SP_BATCH_WINDOW_EMPTY);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), is_busy (self) && total > 0);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0.0);
}

static void
sp_batch_window_set_state (SpBatchWindow      *self,
                           SpBatchWindowState  state)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean focus_lost;

  if (self->state == state)
    return;

  self->state = state;

  /* A list with no targets says so where the table would be. */
  gtk_label_set_text (self->empty_title, state == SP_BATCH_WINDOW_FINISHED
                                           ? _("The List Names No Targets")
                                           : _("Test a List of Targets"));
  gtk_stack_set_visible_child_name (self->content_stack,
                                    state == SP_BATCH_WINDOW_RUNNING ||
                                    g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0
                                      ? "table" : "empty");

  sp_batch_window_update_actions (self);
  sp_batch_window_update_progress (self);

  /* Stop hides once the run ends: the keyboard goes on in the table. */
  focus_lost = focus == NULL || !gtk_widget_get_mapped (focus) || !gtk_widget_is_sensitive (focus);
  if (focus_lost || focus == GTK_WIDGET (self->stop_button))
    {
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "table") == 0)
        gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->empty_open_button));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* The run */

/* A target under way has its row at once, so that the table shows what
 * the run is waiting for. The table is already in view: a run shows it
 * from its start (sp_batch_window_set_state ()). */
static void
started_cb (SpBatch       *batch,
            guint64        index,
            guint64        line,
            const char    *target,
            SpBatchWindow *self)
{
  g_autoptr(SpBatchItem) item = sp_batch_item_new_started (index, line, target);

  g_list_store_append (self->results, item);
}

/* The position of the row of the target under way at @index, looked for
 * from the end, where the rows of the latest targets are. */
static gboolean
find_started (SpBatchWindow *self,
              guint64        index,
              guint         *position)
{
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->results)); i > 0; i--)
    {
      g_autoptr(SpBatchItem) item = g_list_model_get_item (G_LIST_MODEL (self->results), i - 1);

      if (sp_batch_item_get_index (item) == index && sp_batch_item_get_result (item) == NULL)
        {
          *position = i - 1;
          return TRUE;
        }
    }

  return FALSE;
}

static void
result_cb (SpBatch       *batch,
           SpBatchResult *result,
           SpBatchWindow *self)
{
  g_autoptr(SpBatchItem) item = sp_batch_item_new (result);
  guint position;

  if (find_started (self, sp_batch_result_get_index (result), &position))
    g_list_store_splice (self->results, position, 1, (gpointer *) &item, 1);
  else
    g_list_store_append (self->results, item);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) == 1)
    gtk_stack_set_visible_child_name (self->content_stack, "table");
  sp_batch_window_update_progress (self);
}

/* Every test reports before the run ends, even a stopped one; a row still
 * under way then would say so for ever. */
static void
drop_started (SpBatchWindow *self)
{
  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->results)); i > 0; i--)
    {
      g_autoptr(SpBatchItem) item = g_list_model_get_item (G_LIST_MODEL (self->results), i - 1);

      if (sp_batch_item_get_result (item) == NULL)
        g_list_store_remove (self->results, i - 1);
    }
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(SpBatchWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  SpBatch *batch = SP_BATCH (object);
  SpBatchWindowState state = SP_BATCH_WINDOW_FINISHED;

  sp_batch_run_finish (batch, result, &error);
  if (batch != self->batch)
    return;

  /* The totals as they were at the end, for the summary and its export. */
  self->tally = *sp_batch_get_tally (batch);
  self->has_tally = TRUE;
  g_clear_object (&self->batch);
  g_clear_object (&self->run_cancellable);
  drop_started (self);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    state = SP_BATCH_WINDOW_CANCELLED;
  else if (error != NULL)
    {
      g_free (self->failure);
      self->failure = g_strdup (error->message);
      state = SP_BATCH_WINDOW_FAILED;
    }

  sp_batch_window_set_state (self, state);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SpBatchWindow) self = user_data;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (!g_cancellable_is_cancelled (self->cancellable))
            sp_batch_window_set_state (self, SP_BATCH_WINDOW_CANCELLED);
          return;
        }
      g_free (self->failure);
      self->failure = g_strdup (error->message);
      sp_batch_window_set_state (self, SP_BATCH_WINDOW_FAILED);
      return;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  self->n_total = _sp_batch_count_targets (bytes);
  input = g_memory_input_stream_new_from_bytes (bytes);

  self->batch = sp_batch_new (input, self->template);
  g_signal_connect_object (self->batch, "started", G_CALLBACK (started_cb), self, 0);
  g_signal_connect_object (self->batch, "result", G_CALLBACK (result_cb), self, 0);
  sp_batch_window_set_state (self, SP_BATCH_WINDOW_RUNNING);
  sp_batch_run_async (self->batch, self->run_cancellable, run_cb, g_object_ref (self));
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SpBatchWindow) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  goffset size;

  info = g_file_query_info_finish (G_FILE (object), result, &error);
  if (info == NULL)
    {
      /* The same message as reading would give, and the same state. */
      cancellable = self->run_cancellable;
      g_file_load_contents_async (G_FILE (object), cancellable, load_cb, g_steal_pointer (&self));
      return;
    }

  sp_batch_window_show_name (self, g_file_info_get_display_name (info));
  size = g_file_info_get_size (info);
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR && size > MAX_LIST_SIZE)
    {
      g_autofree char *size_text = g_format_size (size);

      g_free (self->failure);
      self->failure = g_strdup_printf (
        /* Translators: %s is a size, such as "2.1 GB"; %u is the limit in megabytes, 16, not a
         * count: MB is a unit symbol, which does not change with the number. */
        _("The file is %s; a list of targets can be up to %u MB."),
        size_text, MAX_LIST_SIZE / (1024 * 1024));
      sp_batch_window_set_state (self, SP_BATCH_WINDOW_FAILED);
      return;
    }

  cancellable = self->run_cancellable;
  g_file_load_contents_async (G_FILE (object), cancellable, load_cb, g_steal_pointer (&self));
}

/* Takes the sender and the number of tests at once into the template;
 * FALSE, said under the fields, when the template cannot run. */
static gboolean
sp_batch_window_apply_options (SpBatchWindow *self)
{
  g_autofree char *sender = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->sender_entry)));
  g_autoptr(GError) error = NULL;
  SpField field = SP_FIELD_NONE;

  sp_probe_request_set_sender (self->template, g_strstrip (sender));
  sp_probe_request_set_jobs (self->template, gtk_spin_button_get_value_as_int (self->jobs_spin));

  if (sp_probe_request_validate_except (self->template, SP_FIELD_RECIPIENT, &field, &error))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->options_message), FALSE);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->sender_entry),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->sender_entry),
                                  GTK_ACCESSIBLE_STATE_INVALID);
      return TRUE;
    }

  gtk_label_set_text (self->options_message, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->options_message), TRUE);
  if (field == SP_FIELD_SENDER)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->sender_entry),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message,
                                      -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->sender_entry),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_widget_grab_focus (GTK_WIDGET (self->sender_entry));
    }

  return FALSE;
}

void
sp_batch_window_open (SpBatchWindow *self,
                      GFile         *file)
{
  g_return_if_fail (SP_IS_BATCH_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (is_busy (self))
    return;

  if (file != self->file)
    {
      g_autofree char *name = g_file_get_basename (file);

      g_set_object (&self->file, file);
      sp_batch_window_show_name (self, name);
    }

  if (!sp_batch_window_apply_options (self))
    return;

  g_list_store_remove_all (self->results);
  self->n_total = 0;
  self->has_tally = FALSE;
  g_clear_pointer (&self->failure, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->export_label), FALSE);

  g_clear_object (&self->run_cancellable);
  self->run_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->run_cancellable, G_CONNECT_SWAPPED);

  /* From EMPTY or an earlier run: the table is cleared first. */
  self->state = SP_BATCH_WINDOW_EMPTY;
  sp_batch_window_set_state (self, SP_BATCH_WINDOW_READING);
  g_file_query_info_async (file,
                           G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                           G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                           G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, self->run_cancellable,
                           query_cb, g_object_ref (self));
}

void
sp_batch_window_stop (SpBatchWindow *self)
{
  g_return_if_fail (SP_IS_BATCH_WINDOW (self));

  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
}

/* One target step by step */

/* A main window to test a target in: one that waits on its first page,
 * else a new one, so that a test under way is never overwritten. */
static SpWindow *
find_wizard (SpBatchWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (SP_IS_WINDOW (l->data) &&
        sp_window_get_current_page (l->data) == SP_WINDOW_PAGE_TARGET)
      return l->data;

  return sp_window_new (SP_APPLICATION (app));
}

/* The target of the row at @position, in the wizard, where its test shows
 * every step, the log and the explanations in full. */
static void
row_activated_cb (GtkColumnView *view,
                  guint          position,
                  SpBatchWindow *self)
{
  GListModel *rows = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_autoptr(SpBatchItem) item = g_list_model_get_item (rows, position);
  g_autoptr(GVariantDict) options = g_variant_dict_new (NULL);
  SpBatchResult *result;
  const char *recipient;
  SpWindow *wizard;

  if (item == NULL)
    return;

  /* Under way, its test is not over yet: the row has nothing to show. */
  result = sp_batch_item_get_result (item);
  if (result == NULL)
    return;
  recipient = sp_batch_result_get_recipient (result);
  switch (sp_batch_result_get_kind (result))
    {
    case SP_BATCH_TARGET_SERVER:
      {
        g_autofree char *host = NULL;
        guint16 port = SP_PROBE_DEFAULT_PORT;

        if (!sp_server_parse (sp_batch_result_get_target (result), &host, &port, NULL))
          return;
        g_variant_dict_insert (options, "server", "s", host);
        g_variant_dict_insert (options, "port", "i", (gint32) port);
      }
      break;

    case SP_BATCH_TARGET_DOMAIN:
      recipient = sp_batch_result_get_target (result);
      break;

    case SP_BATCH_TARGET_ADDRESS:
      break;

    case SP_BATCH_TARGET_INVALID:
    default:
      /* Nothing to test: the row says what is wrong with the line. */
      return;
    }

  g_variant_dict_insert_value (options, "",
                               g_variant_new_strv ((const char * const[]) { recipient }, 1));
  g_variant_dict_insert (options, "from", "s", self->template->sender);
  if (self->template->dns_servers != NULL && *self->template->dns_servers != '\0')
    g_variant_dict_insert (options, "dns-server", "s", self->template->dns_servers);

  wizard = find_wizard (self);
  sp_window_prefill (wizard, options);
  gtk_window_present (GTK_WINDOW (wizard));
}

/* Opening a list */

/* A list dropped from the file manager is opened as from Open List…. */
static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         SpBatchWindow *self)
{
  GFile *file = g_value_get_object (value);

  if (file == NULL || is_busy (self))
    return FALSE;

  sp_batch_window_open (self, file);
  return TRUE;
}

static void
open_file_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SpBatchWindow) self = user_data;
  g_autoptr(GFile) file = sp_compat_choose_file_finish (result, NULL);

  if (file == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  sp_batch_window_open (self, file);
}

void
sp_batch_window_choose_list (SpBatchWindow *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_return_if_fail (SP_IS_BATCH_WINDOW (self));

  if (is_busy (self))
    return;

  /* Translators: the file filter for lists of targets in the file chooser. */
  gtk_file_filter_set_name (filter, _("Text files"));
  gtk_file_filter_add_mime_type (filter, "text/plain");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  sp_compat_choose_file_async (GTK_WINDOW (self), _("Open a List of Targets"),
                               GTK_FILE_CHOOSER_ACTION_OPEN, NULL, filter, self->cancellable,
                               open_file_cb, g_object_ref (self));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sp_batch_window_choose_list (SP_BATCH_WINDOW (widget));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sp_batch_window_stop (SP_BATCH_WINDOW (widget));
}

static void
run_again_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SpBatchWindow *self = SP_BATCH_WINDOW (widget);

  if (self->file != NULL && !is_busy (self))
    sp_batch_window_open (self, self->file);
}

/* The window */

static gboolean
sp_batch_window_close_request (GtkWindow *window)
{
  SpBatchWindow *self = SP_BATCH_WINDOW (window);

  /* The tests end now rather than at dispose, so nothing reports into a closed window. */
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (sp_batch_window_parent_class)->close_request (window);
}

static void
sp_batch_window_dispose (GObject *object)
{
  SpBatchWindow *self = SP_BATCH_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->batch != NULL)
    g_signal_handlers_disconnect_by_data (self->batch, self);
  g_clear_object (&self->batch);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sp_batch_window_parent_class)->dispose (object);
}

static void
sp_batch_window_finalize (GObject *object)
{
  SpBatchWindow *self = SP_BATCH_WINDOW (object);

  g_clear_object (&self->template);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->file);
  g_clear_object (&self->results);
  g_clear_pointer (&self->failure, g_free);

  G_OBJECT_CLASS (sp_batch_window_parent_class)->finalize (object);
}

static void
sp_batch_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SpBatchWindow *self = SP_BATCH_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_batch_window_class_init (SpBatchWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sp_batch_window_dispose;
  object_class->finalize = sp_batch_window_finalize;
  object_class->get_property = sp_batch_window_get_property;

  window_class->close_request = sp_batch_window_close_request;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SP_TYPE_BATCH_WINDOW_STATE,
                       SP_BATCH_WINDOW_EMPTY,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               SP_RESOURCE_PREFIX "/sp-batch-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, again_button);
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, empty_open_button);
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, empty_title);
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, export_label);
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, hint_label);
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, jobs_spin);
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, options_box);
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, options_message);
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, sender_entry);
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, status_box);
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, status_image);
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SpBatchWindow, subtitle_label);

  gtk_widget_class_install_action (widget_class, "batch.export", "s",
                                   _sp_batch_window_export_action);
  gtk_widget_class_install_action (widget_class, "batch.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "batch.popup-export", NULL,
                                   _sp_batch_window_popup_export_action);
  gtk_widget_class_install_action (widget_class, "batch.run-again", NULL, run_again_action);
  gtk_widget_class_install_action (widget_class, "batch.stop", NULL, stop_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "batch.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "batch.popup-export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "batch.run-again", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "batch.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
sp_batch_window_init (SpBatchWindow *self)
{
  guint min = 1;
  guint max = SP_BATCH_MAX_JOBS;
  guint jobs = SP_BATCH_DEFAULT_JOBS;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->results = g_list_store_new (SP_TYPE_BATCH_ITEM);
  self->template = sp_probe_request_new ();

  /* The CLI's --jobs: its default and its limits, from the request's table. */
  sp_probe_request_get_limits (SP_FIELD_JOBS, &min, &max, &jobs);
  gtk_spin_button_set_range (self->jobs_spin, min, max);
  gtk_spin_button_set_increments (self->jobs_spin, 1, 10);
  gtk_spin_button_set_value (self->jobs_spin, jobs);
  /* How many at once suits this network is found once and kept. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "batch-jobs", self->jobs_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);

  _sp_batch_table_setup (self->column_view, G_LIST_MODEL (self->results));
  g_signal_connect_object (self->column_view, "activate", G_CALLBACK (row_activated_cb), self, 0);

  {
    GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);

    g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }
  sp_gui_fix_mnemonic_names (GTK_WIDGET (self));

  gtk_label_set_text (self->empty_title, _("Test a List of Targets"));
  self->state = SP_BATCH_WINDOW_EMPTY;
  sp_batch_window_update_actions (self);
  sp_batch_window_update_progress (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->empty_open_button));
}

SpBatchWindow *
sp_batch_window_new (GtkApplication       *application,
                     const SpProbeRequest *template)
{
  SpBatchWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (SP_IS_PROBE_REQUEST ((SpProbeRequest *) template), NULL);

  self = g_object_new (SP_TYPE_BATCH_WINDOW, "application", application, NULL);
  g_clear_object (&self->template);
  self->template = sp_probe_request_copy (template);
  /* A list is checked, never mailed: hundreds of test messages to postmasters help nobody. */
  sp_probe_request_set_check_only (self->template, TRUE);
  sp_probe_request_set_recipient (self->template, NULL);
  sp_probe_request_set_server (self->template, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->sender_entry),
                         self->template->sender != NULL ? self->template->sender : "");

  return self;
}

SpProbeRequest *
sp_batch_window_dup_template (SpFormModel *model)
{
  SpProbeRequest *from;
  SpProbeRequest *template;

  g_return_val_if_fail (SP_IS_FORM_MODEL (model), NULL);

  from = sp_form_model_get_request (model);
  template = sp_probe_request_new ();
  sp_probe_request_set_sender (template, from->sender);
  sp_probe_request_set_ehlo_name (template, from->ehlo_name);
  if (sp_form_model_get_custom_dns (model))
    sp_probe_request_set_dns_servers (template, from->dns_servers);
  sp_probe_request_set_timeout_ms (template, from->timeout_ms);
  sp_probe_request_set_deadline_ms (template, from->deadline_ms);
  sp_probe_request_set_max_attempts (template, from->max_attempts);
  sp_probe_request_set_ca_file (template, from->ca_file);
  sp_probe_request_set_check_only (template, TRUE);

  return template;
}

SpBatchWindowState
sp_batch_window_get_state (SpBatchWindow *self)
{
  g_return_val_if_fail (SP_IS_BATCH_WINDOW (self), SP_BATCH_WINDOW_EMPTY);

  return self->state;
}

GListModel *
sp_batch_window_get_results (SpBatchWindow *self)
{
  g_return_val_if_fail (SP_IS_BATCH_WINDOW (self), NULL);

  return G_LIST_MODEL (self->results);
}

const SpBatchTally *
sp_batch_window_get_tally (SpBatchWindow *self)
{
  g_return_val_if_fail (SP_IS_BATCH_WINDOW (self), NULL);

  return self->has_tally ? &self->tally : NULL;
}
