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
/* Writes atomically: a reader sees the old file or the whole new one, never
 * a part, even if the disk fills or the app quits half way. */
void      sp_export_to_file_async        (SpTranscript         *transcript,
                                          SpExportFormat        format,
                                          GFile                *file,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean  sp_export_to_file_finish       (GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
