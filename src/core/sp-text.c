/* sp-text.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-text"

#include "config.h"

#include "sp-text-private.h"

#define QUOTE_MAX_CHARS 80

char *
_sp_text_quote_excerpt (const char *data,
                        gssize      len)
{
  g_autofree char *valid = g_utf8_make_valid (data, len);
  GString *out = g_string_new (NULL);
  guint n_chars = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n_chars == QUOTE_MAX_CHARS)
        {
          g_string_append (out, "…");
          break;
        }

      if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
      n_chars++;
    }

  return g_string_free (out, FALSE);
}
