/* sp-export.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sp-transcript.h"

G_BEGIN_DECLS

typedef enum
{
  SP_EXPORT_FORMAT_TEXT,
  SP_EXPORT_FORMAT_HTML,
  SP_EXPORT_FORMAT_JSON,
} SpExportFormat;

/* From the extension: .txt/.log, .html/.htm, .json (case-insensitive). */
gboolean  sp_export_format_from_filename (const char           *filename,
                                          SpExportFormat       *format);
char     *sp_export_to_string            (SpTranscript         *transcript,
                                          SpExportFormat        format);
/* Whether a report may be saved to @file, for a check before the test
 * runs: a regular file or a new name, in a folder that exists and that
 * the user may write to; never a folder, device, pipe or socket, and never
 * through a symbolic link that belongs to another user (other than root),
 * be it the file or a folder on the way. For a file that is not local only
 * what its GIO backend tells is checked. sp_export_to_file_async() checks
 * local files again right before it writes. */
gboolean  sp_export_check_file           (GFile                *file,
                                          GError              **error);
/* Writes atomically: a reader sees the old file or the whole new one, never
 * a part, even if the disk fills or the app quits half way. On any error
 * the old file is left as it was. */
/* The table of the servers the test tried, one line per attempt with
 * aligned columns and a heading (sp_diagnosis_dup_server_cell ()), each
 * line starting with @indent; "" when the test tried no server. The CLI
 * and the text export show it. */
char     *sp_export_format_server_table  (SpTranscript         *transcript,
                                          const char           *indent);
void      sp_export_to_file_async        (SpTranscript         *transcript,
                                          SpExportFormat        format,
                                          GFile                *file,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean  sp_export_to_file_finish       (GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
