/* sp-line-reader.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SP_TYPE_LINE_READER (sp_line_reader_get_type ())

/* Reads CRLF- or LF-terminated lines from a stream with a bound on the line
 * length, unlike GDataInputStream, which buffers a line without end forever. */
G_DECLARE_FINAL_TYPE (SpLineReader, sp_line_reader, SP, LINE_READER, GObject)

SpLineReader *sp_line_reader_new              (GInputStream         *stream,
                                               gsize                 max_line_length);
/* Returns the line without its line end. Fails with G_IO_ERROR_MESSAGE_TOO_LARGE
 * for a longer line, G_IO_ERROR_CONNECTION_CLOSED at the end of the stream. */
void          sp_line_reader_read_line_async  (SpLineReader         *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
char         *sp_line_reader_read_line_finish (SpLineReader         *self,
                                               GAsyncResult         *result,
                                               GError              **error);
/* Bytes received but not yet returned as lines (a STARTTLS injection check). */
gsize         sp_line_reader_get_buffered     (SpLineReader         *self);

G_END_DECLS
