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
/* The summary of @results in @format, in the order of the list, made by
 * the report code of the CLI's --output (sp-batch-report.c). */
GBytes   *_sp_batch_dup_summary        (GListModel          *results,
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
