/* sp-text.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-text"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-text-private.h"

#define QUOTE_MAX_CHARS 80

gboolean
_sp_text_char_is_hidden (gunichar c)
{
  switch (g_unichar_type (c))
    {
    /* Controls move the cursor or talk to the terminal; format
     * characters reorder (U+202E, U+2066..2069, U+061C) or hide text
     * (U+200B, U+2060, U+FEFF, tags); separators break one line into
     * several; unassigned code points may be tomorrow's format
     * characters; other spaces pass for U+0020 where they must not. */
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_SURROGATE:
      return TRUE;

    case G_UNICODE_SPACE_SEPARATOR:
      return c != ' ';

    default:
      break;
    }

  /* Letters and marks that Unicode lists as default ignorable: they draw
   * nothing, so "pay\u3164pal" would look like "paypal". */
  switch (c)
    {
    case 0x034f:  /* COMBINING GRAPHEME JOINER */
    case 0x115f:  /* HANGUL CHOSEONG FILLER */
    case 0x1160:  /* HANGUL JUNGSEONG FILLER */
    case 0x17b4:  /* KHMER VOWEL INHERENT AQ */
    case 0x17b5:  /* KHMER VOWEL INHERENT AA */
    case 0x3164:  /* HANGUL FILLER */
    case 0xffa0:  /* HALFWIDTH HANGUL FILLER */
      return TRUE;
    default:
      return FALSE;
    }
}

gsize
_sp_text_append_char (GString    *out,
                      const char *p,
                      gsize       avail)
{
  gunichar c;
  gsize len;

  g_return_val_if_fail (avail > 0, 0);

  /* Most server text is printable ASCII: no table lookup for it. */
  if ((guchar) *p >= 0x20 && (guchar) *p < 0x7f)
    {
      g_string_append_c (out, *p);
      return 1;
    }

  c = g_utf8_get_char_validated (p, avail);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      /* Not UTF-8: show the byte itself. */
      g_string_append_printf (out, "\\x%02X", (guint) (guchar) *p);
      return 1;
    }

  len = g_utf8_next_char (p) - p;

  /* A backslash stays as it is, so that text that was escaped once comes
   * out the same when escaped again: several layers (reply, transcript,
   * verdict, export) each apply this rule. */
  if (!_sp_text_char_is_hidden (c))
    g_string_append_len (out, p, len);
  else if (c < 0x20 || c == 0x7f)
    g_string_append_printf (out, "\\x%02X", c);
  else if (c >= 0x80 && c <= 0x9f)
    g_string_append_printf (out, "\\x%02X\\x%02X", (guint) (guchar) p[0], (guint) (guchar) p[1]);
  else if (c <= 0xffff)
    g_string_append_printf (out, "\\u%04X", c);
  else
    g_string_append_printf (out, "\\U%08X", c);

  return len;
}

char *
_sp_text_escape (const char *data,
                 gssize      len)
{
  GString *out;
  const char *end;

  if (data == NULL)
    return g_strdup ("");
  if (len < 0)
    len = strlen (data);

  out = g_string_sized_new (len);
  end = data + len;
  for (const char *p = data; p < end; )
    p += _sp_text_append_char (out, p, end - p);

  return g_string_free (out, FALSE);
}

char *
_sp_text_quote_excerpt (const char *data,
                        gssize      len)
{
  GString *out = g_string_new (NULL);
  guint n_chars = 0;
  const char *end;

  if (len < 0)
    len = strlen (data);
  end = data + len;

  for (const char *p = data; p < end; n_chars++)
    {
      if (n_chars == QUOTE_MAX_CHARS)
        {
          g_string_append (out, "…");
          break;
        }

      p += _sp_text_append_char (out, p, end - p);
    }

  return g_string_free (out, FALSE);
}

/* Log lines: the per-character rule above, plus the length limit and its
 * note; tabs are kept, as a log line may be a table, while one-line texts
 * escape them. */
char *
_sp_text_sanitize (const char *text,
                   gssize      length,
                   gsize       max_length)
{
  g_autoptr(GString) out = NULL;
  const char *p;
  const char *end;

  if (text == NULL)
    return g_strdup ("");

  if (length < 0)
    length = strlen (text);

  out = g_string_sized_new (MIN ((gsize) length, max_length) + 16);
  p = text;
  end = text + length;

  while (p < end)
    {
      gsize before = out->len;
      gsize char_len;

      if (*p == '\t')
        {
          g_string_append_c (out, '\t');
          char_len = 1;
        }
      else
        char_len = _sp_text_append_char (out, p, end - p);

      if (out->len > max_length)
        {
          gsize left_out = end - p;

          g_string_truncate (out, before);
          g_string_append (out, "…");
          g_string_append_c (out, ' ');
          g_string_append_printf (out,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "[%lu more byte left out]",
                                               "[%lu more bytes left out]",
                                               left_out),
                                  (gulong) left_out);
          break;
        }

      p += char_len;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The class of a static type is never finalized, so the nick outlives
 * the reference. */
const char *
_sp_enum_get_nick (GType type,
                   int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  if (found == NULL)
    found = &klass->values[0];

  return found->value_nick;
}

gboolean
_sp_set_str (char       **field,
             const char  *value)
{
  char *copy;

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  /* Copy first: @value may be part of *@field. */
  copy = g_strdup (value);
  g_free (*field);
  *field = copy;

  return TRUE;
}

gboolean
_sp_set_escaped_str (char       **field,
                     const char  *value)
{
  g_autofree char *escaped = value != NULL ? _sp_text_escape (value, -1) : NULL;

  return _sp_set_str (field, escaped);
}

GRegex *
_sp_regex_compiled_once (gsize      *regex,
                         const char *pattern)
{
  if (g_once_init_enter (regex))
    g_once_init_leave (regex, GPOINTER_TO_SIZE (g_regex_new (pattern, G_REGEX_CASELESS, 0,
                                                             NULL)));

  return GSIZE_TO_POINTER (*regex);
}
