/* sp-batch-window-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-batch-window.h"

G_BEGIN_DECLS

/* The window's own files (sp-batch-window.c, sp-batch-window-export.c)
 * share its struct. */
struct _SpBatchWindow
{
  GtkApplicationWindow  parent_instance;

  /* template widgets */
  GtkButton            *again_button;
  GtkColumnView        *column_view;
  GtkStack             *content_stack;
  GtkButton            *empty_open_button;
  GtkLabel             *empty_title;
  GtkMenuButton        *export_button;
  GtkLabel             *export_label;
  GtkLabel             *hint_label;
  GtkSpinButton        *jobs_spin;
  GtkButton            *open_button;
  GtkBox               *options_box;
  GtkLabel             *options_message;
  GtkProgressBar       *progress_bar;
  GtkLabel             *progress_label;
  GtkEntry             *sender_entry;
  GtkBox               *status_box;
  GtkSpinner           *spinner;
  GtkImage             *status_image;
  GtkButton            *stop_button;
  GtkLabel             *subtitle_label;

  /* owned references */
  SpProbeRequest       *template;
  GCancellable         *cancellable;      /* the window's: cancelled on close */
  GSettings            *settings;         /* remembers "Tests at once" */
  GCancellable         *run_cancellable;  /* the run's: Stop */
  SpBatch              *batch;
  GFile                *file;
  GListStore           *results;
  char                 *failure;          /* why the list could not be read */

  /* state */
  SpBatchWindowState    state;
  guint64               n_total;          /* targets in the list, counted as read */
  SpBatchTally          tally;
  gboolean              has_tally;
};

/* Export (sp-batch-window-export.c): the actions "batch.export" (the
 * format, "text", "csv" or "json") and "batch.popup-export" (Ctrl+E). */
void      _sp_batch_window_export_action       (GtkWidget          *widget,
                                                const char         *action_name,
                                                GVariant           *parameter);
void      _sp_batch_window_popup_export_action (GtkWidget          *widget,
                                                const char         *action_name,
                                                GVariant           *parameter);

/* The targets of a list, counted as SpBatch reads them: every line that is
 * not blank and does not start with "#", and every line too long to be a
 * target (reported as a bad line). */
guint64   _sp_batch_count_targets      (GBytes              *bytes);
/* The columns of the table of @results (SpBatchItem), sortable, in the
 * order of the list until a heading is clicked. */
void      _sp_batch_table_setup        (GtkColumnView       *view,
                                        GListModel          *results);
/* The results (SpBatchResult, referenced) of @results (SpBatchItem) in
 * the order of the list, for a summary. */
GPtrArray *_sp_batch_dup_rows          (GListModel          *results);
/* Writes @rows and the totals with the report code of the CLI's --output
 * (sp-batch-report.c), and finishes @report. Safe in a worker thread: the
 * results are immutable. */
gboolean  _sp_batch_write_summary      (SpBatchReport       *report,
                                        GPtrArray           *rows,
                                        const SpBatchTally  *tally,
                                        GError             **error);
/* The summary of @rows in @format, in memory. */
GBytes   *_sp_batch_dup_summary        (GPtrArray           *rows,
                                        const SpBatchTally  *tally,
                                        SpBatchFormat        format,
                                        GError             **error);
/* "text", "csv", "json", as the export action's parameter. */
gboolean  _sp_batch_format_from_string (const char          *text,
                                        SpBatchFormat       *format);
/* "customers-results.csv" for the list "customers.txt". */
char     *_sp_batch_suggest_file_name  (GFile               *list,
                                        SpBatchFormat        format);

G_END_DECLS
