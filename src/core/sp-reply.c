/* sp-reply.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-reply"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-boxed-private.h"
#include "sp-enums.h"
#include "sp-reply.h"
#include "sp-text-private.h"

/* How much of a hostile line an error message may quote. */

struct _SpReply
{
  guint             code;
  guint             n_lines;
  /* NULL-terminated; lines are the raw bytes, texts are valid UTF-8 */
  char            **lines;
  char            **texts;
  char             *enhanced_code;
};

struct _SpReplyParser
{
  GPtrArray *lines;
  gsize      n_bytes;
  guint      code;
  guint      complete : 1;
};

G_DEFINE_QUARK (sp-reply-error-quark, sp_reply_error)

/* Reply texts end up in labels, logs and terminals: escape them with the
 * rule every other piece of server text follows (sp-text.c), with tab
 * turned into a space. */
static char *
sanitize_text (const char *data,
               gsize       len)
{
  GString *out = g_string_sized_new (len);
  const char *end = data + len;

  for (const char *p = data; p < end; )
    {
      if (*p == '\t')
        {
          g_string_append_c (out, ' ');
          p++;
        }
      else
        p += _sp_text_append_char (out, p, end - p);
    }

  return g_string_free (out, FALSE);
}

/* RFC 3463: class "." subject "." detail, with the class limited to 2, 4
 * and 5, followed by a space or the end of the line. Returns the length of
 * the code, or 0 when @text does not start with one. */
static gsize
match_enhanced_code (const char *text,
                     gsize       len)
{
  gsize i = 0;
  guint part;

  if (len < 5 || (text[0] != '2' && text[0] != '4' && text[0] != '5') || text[1] != '.')
    return 0;

  i = 2;
  for (part = 0; part < 2; part++)
    {
      gsize start = i;

      while (i < len && g_ascii_isdigit (text[i]) && i - start < 4)
        i++;
      if (i == start || i - start > 3)
        return 0;
      if (part == 0)
        {
          if (i >= len || text[i] != '.')
            return 0;
          i++;
        }
    }

  if (i < len && text[i] != ' ')
    return 0;

  return i;
}

static void
sp_reply_clear (SpReply *self)
{
  g_strfreev (self->lines);
  g_strfreev (self->texts);
  g_free (self->enhanced_code);
}

SP_DEFINE_RC_BOXED_TYPE (SpReply, sp_reply, sp_reply_clear)

/* Builds the reply from lines that the parser has already checked. */
static SpReply *
sp_reply_new_from_lines (GPtrArray *lines,
                         guint      code)
{
  SpReply *self;
  const char *first_code = NULL;
  const char *last_code = NULL;
  gsize first_len = 0;
  gsize last_len = 0;
  gboolean agree = TRUE;
  guint i;

  self = g_atomic_rc_box_new0 (SpReply);
  self->code = code;
  self->n_lines = lines->len;
  self->lines = g_new0 (char *, lines->len + 1);
  self->texts = g_new0 (char *, lines->len + 1);

  for (i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      gsize len = strlen (line);
      const char *text = "";
      gsize text_len = 0;
      gsize code_len;

      self->lines[i] = g_strdup (line);

      if (len > 4)
        {
          text = line + 4;
          text_len = len - 4;
        }

      code_len = match_enhanced_code (text, text_len);
      if (code_len > 0)
        {
          if (first_code == NULL)
            {
              first_code = text;
              first_len = code_len;
            }
          else if (code_len != first_len || memcmp (text, first_code, code_len) != 0)
            {
              agree = FALSE;
            }
          last_code = text;
          last_len = code_len;

          /* Some servers pad with two spaces after the code; none of them
           * belong to the text. */
          text += code_len;
          text_len -= code_len;
          while (text_len > 0 && *text == ' ')
            {
              text++;
              text_len--;
            }
        }

      self->texts[i] = sanitize_text (text, text_len);
    }

  /* Servers often put the enhanced code on some lines only, or (rarely)
   * different codes on different lines. Lines without a code are ignored;
   * when the others agree, that code is the answer, and when they do not,
   * the last one wins, as the last line is the one that ends the reply. */
  if (first_code != NULL)
    {
      if (agree)
        self->enhanced_code = g_strndup (first_code, first_len);
      else
        self->enhanced_code = g_strndup (last_code, last_len);
    }

  return self;
}

SpReply *
sp_reply_new_from_text (const char  *text,
                        GError     **error)
{
  g_autoptr(SpReplyParser) parser = NULL;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (*text == '\0')
    {
      g_set_error_literal (error, SP_REPLY_ERROR, SP_REPLY_ERROR_MALFORMED,
                           _("The server sent an empty reply. An SMTP reply starts with a "
                             "three-digit code."));
      return NULL;
    }

  parser = sp_reply_parser_new ();
  p = text;

  while (*p != '\0')
    {
      const char *end = strchr (p, '\n');
      gsize len = end != NULL ? (gsize) (end - p) : strlen (p);

      if (sp_reply_parser_is_complete (parser))
        {
          g_autofree char *quoted = _sp_text_quote_excerpt (p, len);

          g_set_error (error, SP_REPLY_ERROR, SP_REPLY_ERROR_MALFORMED,
                       _("The server sent more text after the last line of its reply: “%s”. "
                     "The server does not follow the SMTP protocol."),
                       quoted);
          return NULL;
        }

      if (!sp_reply_parser_push_line (parser, p, len, error))
        return NULL;

      if (end == NULL)
        break;
      p = end + 1;
    }

  if (!sp_reply_parser_is_complete (parser))
    {
      const char *last = g_ptr_array_index (parser->lines, parser->lines->len - 1);
      g_autofree char *quoted = _sp_text_quote_excerpt (last, strlen (last));

      g_set_error (error, SP_REPLY_ERROR, SP_REPLY_ERROR_MALFORMED,
                   _("The server’s reply stops after the continuation line “%s”, without a "
                     "last line. The connection may have been cut."),
                   quoted);
      return NULL;
    }

  return sp_reply_parser_take_reply (parser);
}

guint
sp_reply_get_code (const SpReply *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->code;
}

SpReplyClass
sp_reply_get_class (const SpReply *self)
{
  g_return_val_if_fail (self != NULL, SP_REPLY_CLASS_LOCAL);

  return (SpReplyClass) (self->code / 100);
}

const char *
sp_reply_get_enhanced_code (const SpReply *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->enhanced_code;
}

const char * const *
sp_reply_get_lines (const SpReply *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->lines;
}

guint
sp_reply_get_n_lines (const SpReply *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_lines;
}

const char * const *
sp_reply_get_texts (const SpReply *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->texts;
}

char *
sp_reply_dup_text (const SpReply *self)
{
  GString *out;
  guint i;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);

  /* Skip empty texts so that "250-" lines do not leave double spaces. */
  for (i = 0; i < self->n_lines; i++)
    {
      if (self->texts[i][0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, self->texts[i]);
    }

  return g_string_free (out, FALSE);
}

/* Only 2yz counts: a 3yz reply asks for more and is not a completion. */
gboolean
sp_reply_is_success (const SpReply *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return sp_reply_get_class (self) == SP_REPLY_CLASS_SUCCESS;
}

const char *
sp_reply_class_to_string (SpReplyClass klass)
{
  return _sp_enum_get_nick (SP_TYPE_REPLY_CLASS, klass);
}

const char *
sp_reply_class_get_label (SpReplyClass klass)
{
  switch (klass)
    {
    case SP_REPLY_CLASS_LOCAL:
      /* Translators: the class of a line in the log: a note SMTP Probe wrote itself, not a
       * reply. */
      return _("Note");
    case SP_REPLY_CLASS_SUCCESS:
      /* Translators: the class of a reply: 2xx. */
      return _("Success");
    case SP_REPLY_CLASS_INTERMEDIATE:
      /* Translators: the class of a reply: 3xx, such as 354 after DATA. */
      return _("More input needed");
    case SP_REPLY_CLASS_TRANSIENT:
      /* Translators: the class of a reply: 4xx. */
      return _("Temporary failure");
    case SP_REPLY_CLASS_PERMANENT:
      /* Translators: the class of a reply: 5xx. */
      return _("Permanent failure");
    default:
      g_return_val_if_reached (NULL);
    }
}

SpReplyParser *
sp_reply_parser_new (void)
{
  SpReplyParser *self = g_new0 (SpReplyParser, 1);

  self->lines = g_ptr_array_new_with_free_func (g_free);

  return self;
}

void
sp_reply_parser_free (SpReplyParser *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->lines);
  g_free (self);
}

void
sp_reply_parser_reset (SpReplyParser *self)
{
  g_return_if_fail (self != NULL);

  g_ptr_array_set_size (self->lines, 0);
  self->n_bytes = 0;
  self->code = 0;
  self->complete = FALSE;
}

/* A line that breaks the grammar or a limit leaves the parser as it was
 * before the line; the caller is expected to give up on the connection or
 * call sp_reply_parser_reset(). A line pushed after a complete reply that
 * was not taken starts a new reply. */
gboolean
sp_reply_parser_push_line (SpReplyParser  *self,
                           const char     *line,
                           gssize          len,
                           GError        **error)
{
  gsize ulen;
  guint code;
  gboolean last;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (line != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->complete)
    sp_reply_parser_reset (self);

  ulen = len < 0 ? strlen (line) : (gsize) len;

  /* Callers that split on LF alone leave the CR of CRLF behind. */
  if (ulen > 0 && line[ulen - 1] == '\r')
    ulen--;

  if (ulen > SP_REPLY_MAX_LINE_LENGTH)
    {
      g_set_error (error, SP_REPLY_ERROR, SP_REPLY_ERROR_TOO_LONG,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* Translators: %zu is the length of the line, %d the limit,
                                 * 4096. */
                                "The server sent a reply line of %zu byte; SMTP Probe accepts "
                                "at most %d. The server is probably not an SMTP server.",
                                "The server sent a reply line of %zu bytes; SMTP Probe accepts "
                                "at most %d. The server is probably not an SMTP server.",
                                ulen),
                   ulen, SP_REPLY_MAX_LINE_LENGTH);
      return FALSE;
    }

  if (self->lines->len + 1 > SP_REPLY_MAX_LINES)
    {
      g_set_error (error, SP_REPLY_ERROR, SP_REPLY_ERROR_TOO_MANY_LINES,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The server sent a reply of more than %d line, which SMTP "
                                "Probe does not accept. The server is probably misbehaving.",
                                "The server sent a reply of more than %d lines, which SMTP "
                                "Probe does not accept. The server is probably misbehaving.",
                                SP_REPLY_MAX_LINES),
                   SP_REPLY_MAX_LINES);
      return FALSE;
    }

  if (self->n_bytes + ulen + 2 > SP_REPLY_MAX_BYTES)
    {
      g_set_error (error, SP_REPLY_ERROR, SP_REPLY_ERROR_TOO_MANY_LINES,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The server sent a reply of more than %d byte, which SMTP "
                                "Probe does not accept. The server is probably misbehaving.",
                                "The server sent a reply of more than %d bytes, which SMTP "
                                "Probe does not accept. The server is probably misbehaving.",
                                SP_REPLY_MAX_BYTES),
                   SP_REPLY_MAX_BYTES);
      return FALSE;
    }

  if (ulen < 3 ||
      !g_ascii_isdigit (line[0]) || !g_ascii_isdigit (line[1]) || !g_ascii_isdigit (line[2]) ||
      (ulen > 3 && line[3] != ' ' && line[3] != '-') ||
      memchr (line, '\0', ulen) != NULL)
    {
      g_autofree char *quoted = _sp_text_quote_excerpt (line, ulen);

      g_set_error (error, SP_REPLY_ERROR, SP_REPLY_ERROR_MALFORMED,
                   _("The server sent a line that is not an SMTP reply: “%s”. "
                     "Check that the port belongs to an SMTP server."),
                   quoted);
      return FALSE;
    }

  /* RFC 5321 4.2: the first digit is 2 to 5, the second 0 to 5. */
  if (line[0] < '2' || line[0] > '5' || line[1] > '5')
    {
      g_autofree char *quoted = _sp_text_quote_excerpt (line, ulen);

      g_set_error (error, SP_REPLY_ERROR, SP_REPLY_ERROR_CODE_RANGE,
                   /* Translators: %.3s is the reply code such as 650, the other %s
                    * the whole line. */
                   _("The server sent the reply code %.3s, which SMTP does not define, in the "
                     "line “%s”. Check that the port belongs to an SMTP server."),
                   line, quoted);
      return FALSE;
    }

  code = (guint) (line[0] - '0') * 100 + (guint) (line[1] - '0') * 10 + (guint) (line[2] - '0');

  if (self->lines->len > 0 && code != self->code)
    {
      g_autofree char *quoted = _sp_text_quote_excerpt (line, ulen);

      g_set_error (error, SP_REPLY_ERROR, SP_REPLY_ERROR_CODE_MISMATCH,
                   /* Translators: both %u are reply codes such as 250, not a count; %s is the
                    * line. */
                   _("The server started a reply with code %u but continued it with code %u "
                     "in the line “%s”. The server does not follow the SMTP protocol."),
                   self->code, code, quoted);
      return FALSE;
    }

  last = ulen == 3 || line[3] == ' ';

  g_ptr_array_add (self->lines, g_strndup (line, ulen));
  self->n_bytes += ulen + 2;
  self->code = code;
  self->complete = last;

  return TRUE;
}

gboolean
sp_reply_parser_is_complete (SpReplyParser *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->complete;
}

SpReply *
sp_reply_parser_take_reply (SpReplyParser *self)
{
  SpReply *reply;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->complete, NULL);

  reply = sp_reply_new_from_lines (self->lines, self->code);
  sp_reply_parser_reset (self);

  return reply;
}

char *
sp_reply_trim_final_stop (char *text)
{
  gsize len;

  g_return_val_if_fail (text != NULL, NULL);

  /* One full stop, not an ellipsis: "errors." ends, "wait..." trails off. */
  len = strlen (text);
  if (len >= 2 && text[len - 1] == '.' && text[len - 2] != '.')
    text[len - 1] = '\0';

  return text;
}

char *
sp_reply_dup_one_line (const SpReply *self)
{
  g_autofree char *text = NULL;
  const char *enhanced;

  g_return_val_if_fail (self != NULL, NULL);

  text = sp_reply_dup_text (self);
  enhanced = sp_reply_get_enhanced_code (self);
  if (enhanced == NULL)
    return g_strdup_printf ("%u %s", sp_reply_get_code (self), text);

  return g_strdup_printf ("%u %s %s", sp_reply_get_code (self), enhanced, text);
}

char *
sp_reply_dup_quote (const SpReply *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return sp_reply_trim_final_stop (sp_reply_dup_one_line (self));
}
