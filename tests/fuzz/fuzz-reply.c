/* fuzz-reply.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reply parser, three ways: a whole reply from text, lines pushed one at
 * a time with their exact bytes, and the path the session takes from the
 * socket: the bounded line reader feeding the incremental parser. */

#define G_LOG_DOMAIN "fuzz-reply"

#include "config.h"

#include <gio/gio.h>

#include "sp-line-reader.h"
#include "sp-reply.h"

#include "fuzz-common.h"

static void
check_reply (const SpReply *reply)
{
  const char * const *lines = sp_reply_get_lines (reply);
  const char * const *texts = sp_reply_get_texts (reply);
  guint code = sp_reply_get_code (reply);
  guint n = sp_reply_get_n_lines (reply);
  const char *enhanced = sp_reply_get_enhanced_code (reply);
  g_autofree char *text = sp_reply_dup_text (reply);
  SpReplyClass klass = sp_reply_get_class (reply);

  /* RFC 5321 4.2: 2yz to 5yz with y from 0 to 5. */
  FUZZ_CHECK (code >= 200 && code <= 559 && (code / 10) % 10 <= 5);
  FUZZ_CHECK (klass >= SP_REPLY_CLASS_SUCCESS && klass <= SP_REPLY_CLASS_PERMANENT);
  FUZZ_CHECK (sp_reply_class_to_string (klass) != NULL);
  FUZZ_CHECK (sp_reply_class_get_label (klass) != NULL);
  FUZZ_CHECK (sp_reply_is_success (reply) == (klass == SP_REPLY_CLASS_SUCCESS));
  FUZZ_CHECK (n >= 1 && n <= SP_REPLY_MAX_LINES);
  FUZZ_CHECK (g_strv_length ((char **) lines) == n);
  FUZZ_CHECK (g_strv_length ((char **) texts) == n);

  for (guint i = 0; i < n; i++)
    {
      FUZZ_CHECK (strlen (lines[i]) <= SP_REPLY_MAX_LINE_LENGTH);
      FUZZ_CHECK ((guint) g_ascii_digit_value (lines[i][0]) == code / 100);
      FUZZ_CHECK (g_utf8_validate (texts[i], -1, NULL));
      for (const char *p = texts[i]; *p != '\0'; p++)
        FUZZ_CHECK ((guchar) *p >= 0x20 && *p != 0x7f);
    }

  FUZZ_CHECK (g_utf8_validate (text, -1, NULL));

  if (enhanced != NULL)
    {
      /* class.subject.detail, the class matching the reply's is not
       * required by the parser, the shape is. */
      g_auto(GStrv) parts = g_strsplit (enhanced, ".", -1);

      FUZZ_CHECK (g_strv_length (parts) == 3);
      FUZZ_CHECK (strchr ("245", enhanced[0]) != NULL);
      for (guint i = 0; i < 3; i++)
        {
          gsize len = strlen (parts[i]);

          FUZZ_CHECK (len >= 1 && len <= 3);
          for (gsize j = 0; j < len; j++)
            FUZZ_CHECK (g_ascii_isdigit (parts[i][j]));
        }
    }
}

static void
fuzz_from_text (const uint8_t *data,
                size_t         size)
{
  g_autofree char *text = fuzz_dup_string (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpReply) reply = NULL;

  reply = sp_reply_new_from_text (text, &error);
  FUZZ_CHECK ((reply == NULL) == (error != NULL));
  fuzz_check_error (error);
  if (reply != NULL)
    check_reply (reply);
}

static void
fuzz_push_lines (const uint8_t *data,
                 size_t         size)
{
  g_autoptr(SpReplyParser) parser = sp_reply_parser_new ();
  const char *p = (const char *) data;
  const char *end = p + size;

  while (p < end)
    {
      g_autoptr(GError) error = NULL;
      const char *lf = memchr (p, '\n', end - p);
      gsize len = (lf != NULL ? lf : end) - p;

      if (!sp_reply_parser_push_line (parser, p, len, &error))
        {
          fuzz_check_error (error);
          /* A refused line leaves the parser as it was; start over, as a
           * caller that keeps going would. */
          sp_reply_parser_reset (parser);
        }
      else if (sp_reply_parser_is_complete (parser))
        {
          g_autoptr(SpReply) reply = sp_reply_parser_take_reply (parser);

          check_reply (reply);
          FUZZ_CHECK (!sp_reply_parser_is_complete (parser));
        }

      if (lf == NULL)
        break;
      p = lf + 1;
    }
}

typedef struct
{
  char     *line;
  GError   *error;
  gboolean  done;
} ReadResult;

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ReadResult *r = user_data;

  r->line = sp_line_reader_read_line_finish (SP_LINE_READER (object), result, &r->error);
  r->done = TRUE;
}

/* As the session reads: lines of at most SP_REPLY_MAX_LINE_LENGTH, each
 * pushed into the parser, until a line breaks the grammar or the stream
 * ends. */
static void
fuzz_line_reader (const uint8_t *data,
                  size_t         size)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(SpLineReader) reader = NULL;
  g_autoptr(SpReplyParser) parser = sp_reply_parser_new ();

  stream = g_memory_input_stream_new_from_data (g_memdup2 (data, size), size, g_free);
  reader = sp_line_reader_new (stream, SP_REPLY_MAX_LINE_LENGTH);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      ReadResult r = { 0 };

      sp_line_reader_read_line_async (reader, NULL, read_line_cb, &r);
      while (!r.done)
        g_main_context_iteration (NULL, TRUE);

      if (r.line == NULL)
        {
          FUZZ_CHECK (r.error != NULL);
          fuzz_check_error (r.error);
          g_error_free (r.error);
          break;
        }

      /* The reader bounds a line by the limit plus one read. */
      FUZZ_CHECK (strlen (r.line) <= SP_REPLY_MAX_LINE_LENGTH + 2 + 4096);
      FUZZ_CHECK (strchr (r.line, '\n') == NULL);

      if (!sp_reply_parser_push_line (parser, r.line, -1, &error))
        {
          fuzz_check_error (error);
          g_free (r.line);
          break;
        }
      if (sp_reply_parser_is_complete (parser))
        {
          g_autoptr(SpReply) reply = sp_reply_parser_take_reply (parser);

          check_reply (reply);
        }
      g_free (r.line);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_from_text (data, size);
  fuzz_push_lines (data, size);
  fuzz_line_reader (data, size);

  return 0;
}
