/* sp-batch-window-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-batch-window.h"

G_BEGIN_DECLS

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
