/* sp-batch-window-export.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The summary of a list, saved as text, CSV or JSON from the list window
 * (sp-batch-window.c) with the report code of smtp-probe-cli --output. */

#define G_LOG_DOMAIN "sp-batch-window"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-batch-window-private.h"
#include "sp-compat.h"

static void
replace_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* What a summary is made of, for the worker thread that writes it. */
typedef struct
{
  GPtrArray     *rows;
  SpBatchTally   tally;
  SpBatchFormat  format;
  char          *path;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_free (job->path);
  g_free (job);
}

/* As smtp-probe-cli --batch --output writes it: a temporary file beside
 * the chosen one, renamed over it once whole, refused where the CLI
 * refuses (a folder, a pipe, a link of another user). */
static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(SpBatchReport) report = NULL;
  GError *error = NULL;

  report = sp_batch_report_new_for_path (job->format, job->path, &error);
  if (report == NULL || !_sp_batch_write_summary (report, job->rows, &job->tally, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
sp_batch_window_export_async (SpBatchWindow       *self,
                              SpBatchFormat        format,
                              GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  ExportJob *job;
  GError *error = NULL;

  g_return_if_fail (SP_IS_BATCH_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_batch_window_export_async);

  if (!self->has_tally)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("There is no summary to save yet. Test a list first."));
      return;
    }

  job = g_new0 (ExportJob, 1);
  job->rows = _sp_batch_dup_rows (G_LIST_MODEL (self->results));
  job->tally = self->tally;
  job->format = format;
  job->path = g_file_get_path (file);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);

  if (job->path != NULL)
    {
      g_task_run_in_thread (task, export_thread);
      return;
    }

  /* A file that is not local (a portal's document, a remote folder) gets
   * the same summary through GIO. */
  bytes = _sp_batch_dup_summary (job->rows, &job->tally, format, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, cancellable,
                                       replace_cb, g_steal_pointer (&task));
}

gboolean
sp_batch_window_export_finish (SpBatchWindow  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (SP_IS_BATCH_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
alert_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  sp_compat_alert_finish (result, NULL);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SpBatchWindow *self = SP_BATCH_WINDOW (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *where = g_file_get_parse_name (file);
  g_autofree char *status = NULL;

  if (!sp_batch_window_export_finish (self, result, &error))
    {
      g_autofree char *heading = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s is the file the summary of a list was to be saved to. */
      heading = g_strdup_printf (_("Could not save the summary to %s"), where);
      status = g_strdup_printf ("%s: %s", heading, error->message);
      sp_compat_alert_async (GTK_WINDOW (self), heading, error->message, self->cancellable,
                             alert_cb, NULL);
    }
  else
    /* Translators: %s is the file the summary of a list was saved to. */
    status = g_strdup_printf (_("Saved the summary to %s"), where);

  gtk_label_set_text (self->export_label, status);
  gtk_widget_set_visible (GTK_WIDGET (self->export_label), TRUE);
}

typedef struct
{
  SpBatchWindow *self;
  SpBatchFormat  format;
} ExportChoice;

static void
save_file_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ExportChoice *choice = user_data;
  g_autoptr(SpBatchWindow) self = choice->self;
  SpBatchFormat format = choice->format;
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;

  g_free (choice);

  file = sp_compat_choose_file_finish (result, NULL);
  if (file == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  /* A name with another known extension gets that format, as with the CLI's --output. */
  name = g_file_get_basename (file);
  sp_batch_format_from_filename (name, &format);
  sp_batch_window_export_async (self, format, file, self->cancellable, export_done_cb,
                                g_object_ref (file));
}

void
_sp_batch_window_export_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  SpBatchWindow *self = SP_BATCH_WINDOW (widget);
  g_autofree char *name = NULL;
  ExportChoice *choice;
  SpBatchFormat format;

  if (!self->has_tally ||
      !_sp_batch_format_from_string (g_variant_get_string (parameter, NULL), &format))
    return;

  name = _sp_batch_suggest_file_name (self->file, format);
  choice = g_new0 (ExportChoice, 1);
  choice->self = g_object_ref (self);
  choice->format = format;
  sp_compat_choose_file_async (GTK_WINDOW (self), _("Export Summary"),
                               GTK_FILE_CHOOSER_ACTION_SAVE, name, NULL, self->cancellable,
                               save_file_cb, choice);
}

void
_sp_batch_window_popup_export_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  SpBatchWindow *self = SP_BATCH_WINDOW (widget);

  if (self->has_tally)
    gtk_menu_button_popup (self->export_button);
}
