/* test-line-reader.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include <string.h>

#include "sp-line-reader.h"
#include "sp-test-util.h"

typedef struct
{
  gboolean  done;
  char     *line;
  GError   *error;
} ReadResult;

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ReadResult *r = user_data;

  r->line = sp_line_reader_read_line_finish (SP_LINE_READER (object), result, &r->error);
  r->done = TRUE;
}

static char *
read_one (SpLineReader  *reader,
          GError       **error)
{
  ReadResult r = { 0 };

  sp_line_reader_read_line_async (reader, NULL, read_cb, &r);
  g_assert_true (sp_test_iterate_until (&r.done, 5000));
  if (r.error != NULL)
    g_propagate_error (error, r.error);

  return r.line;
}

static SpLineReader *
reader_for (const char *data,
            gssize      len,
            gsize       max)
{
  g_autoptr(GInputStream) stream = NULL;

  if (len < 0)
    len = strlen (data);
  stream = g_memory_input_stream_new_from_data (g_memdup2 (data, len), len, g_free);

  return sp_line_reader_new (stream, max);
}

static void
test_line_ends (void)
{
  g_autoptr(SpLineReader) reader = reader_for ("220 a\r\n250 b\n\r\n.\r\nrest", -1, 512);
  g_autoptr(GError) error = NULL;
  g_autofree char *l1 = read_one (reader, NULL);
  g_autofree char *l2 = read_one (reader, NULL);
  g_autofree char *l3 = read_one (reader, NULL);
  g_autofree char *l4 = read_one (reader, NULL);
  g_autofree char *l5 = NULL;

  g_assert_cmpstr (l1, ==, "220 a");
  g_assert_cmpstr (l2, ==, "250 b");
  g_assert_cmpstr (l3, ==, "");
  g_assert_cmpstr (l4, ==, ".");
  g_assert_cmpuint (sp_line_reader_get_buffered (reader), ==, strlen ("rest"));

  /* The rest has no line end before the stream ends. */
  l5 = read_one (reader, &error);
  g_assert_null (l5);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
}

static void
test_buffered (void)
{
  g_autoptr(SpLineReader) reader = reader_for ("220 a\r\n250 injected\r\n", -1, 512);
  g_autofree char *l1 = read_one (reader, NULL);

  g_assert_cmpstr (l1, ==, "220 a");
  /* Both lines arrive in one read: the second waits in the buffer. */
  g_assert_cmpuint (sp_line_reader_get_buffered (reader), ==, strlen ("250 injected\r\n"));
}

static void
test_too_long (void)
{
  g_autofree char *data = g_strnfill (100000, 'x');
  g_autoptr(SpLineReader) reader = reader_for (data, -1, 1000);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = read_one (reader, &error);

  g_assert_null (line);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  /* It stopped reading soon after the limit instead of buffering it all. */
  g_assert_cmpuint (sp_line_reader_get_buffered (reader), <, 1000 + 8192);
}

static void
test_nul (void)
{
  g_autoptr(SpLineReader) reader = reader_for ("250 a\0b\r\n", 9, 512);
  g_autofree char *line = read_one (reader, NULL);

  g_assert_cmpstr (line, ==, "250 a?b");
}

static void
test_closed_empty (void)
{
  g_autoptr(SpLineReader) reader = reader_for ("", 0, 512);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = read_one (reader, &error);

  g_assert_null (line);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
}

static void
test_finalize (void)
{
  SpLineReader *reader = reader_for ("x\n", -1, 16);

  g_assert_finalize_object (reader);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/line-reader/line-ends", test_line_ends);
  g_test_add_func ("/sp/line-reader/buffered", test_buffered);
  g_test_add_func ("/sp/line-reader/too-long", test_too_long);
  g_test_add_func ("/sp/line-reader/nul", test_nul);
  g_test_add_func ("/sp/line-reader/closed-empty", test_closed_empty);
  g_test_add_func ("/sp/line-reader/finalize", test_finalize);

  return g_test_run ();
}
