/* sp-line-reader.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-line-reader"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-line-reader.h"

#define READ_CHUNK 4096

struct _SpLineReader
{
  GObject       parent_instance;

  /* owned references */
  GInputStream *stream;
  GByteArray   *buffer;

  /* state */
  gsize         max_line_length;
  gsize         scanned;     /* bytes of buffer already searched for "\n" */
  gboolean      reading;
  guint8        chunk[READ_CHUNK];
};

G_DEFINE_FINAL_TYPE (SpLineReader, sp_line_reader, G_TYPE_OBJECT)

static void read_chunk (SpLineReader *self,
                        GTask        *task);

static void
sp_line_reader_finalize (GObject *object)
{
  SpLineReader *self = (SpLineReader *)object;

  g_clear_object (&self->stream);
  g_clear_pointer (&self->buffer, g_byte_array_unref);

  G_OBJECT_CLASS (sp_line_reader_parent_class)->finalize (object);
}

static void
sp_line_reader_class_init (SpLineReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_line_reader_finalize;
}

static void
sp_line_reader_init (SpLineReader *self)
{
  self->buffer = g_byte_array_new ();
}

SpLineReader *
sp_line_reader_new (GInputStream *stream,
                    gsize         max_line_length)
{
  SpLineReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (max_line_length > 0, NULL);

  self = g_object_new (SP_TYPE_LINE_READER, NULL);
  self->stream = g_object_ref (stream);
  self->max_line_length = max_line_length;

  return self;
}

gsize
sp_line_reader_get_buffered (SpLineReader *self)
{
  g_return_val_if_fail (SP_IS_LINE_READER (self), 0);

  return self->buffer->len;
}

/* Takes one line out of the buffer if a whole one is there. */
static char *
take_line (SpLineReader *self)
{
  const guint8 *nl;
  gsize len;
  char *line;

  /* An empty GByteArray has no data pointer to search. */
  if (self->scanned >= self->buffer->len)
    return NULL;

  nl = memchr (self->buffer->data + self->scanned, '\n', self->buffer->len - self->scanned);
  if (nl == NULL)
    {
      self->scanned = self->buffer->len;
      return NULL;
    }

  len = nl - self->buffer->data;
  /* Not g_strndup (): it would stop at an embedded NUL. */
  line = g_malloc (len + 1);
  memcpy (line, self->buffer->data, len);
  line[len] = '\0';
  /* A NUL inside a line would silently cut it short further on. */
  for (gsize i = 0; i < len; i++)
    if (line[i] == '\0')
      line[i] = '?';
  if (len > 0 && line[len - 1] == '\r')
    line[len - 1] = '\0';

  g_byte_array_remove_range (self->buffer, 0, len + 1);
  self->scanned = 0;

  return line;
}

static gboolean
check_length (SpLineReader  *self,
              GError       **error)
{
  /* Allow for the CR LF that is not part of the line. */
  if (self->scanned > self->max_line_length + 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The server sent a line longer than %zu character without a "
                                "line end.",
                                "The server sent a line longer than %zu characters without a "
                                "line end.",
                                self->max_line_length),
                   self->max_line_length);
      return FALSE;
    }

  return TRUE;
}

static void
read_chunk_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpLineReader *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  char *line;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (n < 0)
    {
      self->reading = FALSE;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (n == 0)
    {
      self->reading = FALSE;
      if (self->buffer->len > 0)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                 _("The server closed the connection in the middle of a line."));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                 _("The server closed the connection."));
      return;
    }

  g_byte_array_append (self->buffer, self->chunk, n);

  if ((line = take_line (self)) != NULL)
    {
      self->reading = FALSE;
      g_task_return_pointer (task, line, g_free);
      return;
    }

  if (!check_length (self, &error))
    {
      self->reading = FALSE;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  read_chunk (self, g_steal_pointer (&task));
}

static void
read_chunk (SpLineReader *self,
            GTask        *task)
{
  g_input_stream_read_async (self->stream,
                             self->chunk,
                             sizeof self->chunk,
                             G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task),
                             read_chunk_cb,
                             task);
}

void
sp_line_reader_read_line_async (SpLineReader        *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  char *line;

  g_return_if_fail (SP_IS_LINE_READER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_line_reader_read_line_async);

  if (self->reading)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "A line is already being read");
      return;
    }

  if ((line = take_line (self)) != NULL)
    {
      g_task_return_pointer (task, line, g_free);
      return;
    }

  self->reading = TRUE;
  read_chunk (self, g_steal_pointer (&task));
}

char *
sp_line_reader_read_line_finish (SpLineReader  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (SP_IS_LINE_READER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
