/* sp-json.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-json"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sp-json.h"
#include "sp-text-private.h"

G_DEFINE_QUARK (sp-json-error-quark, sp_json_error)

/* Writer */

typedef struct
{
  gboolean is_object;
  guint    n_members;
  gboolean have_name;  /* an object member name waits for its value */
} Frame;

struct _SpJsonWriter
{
  GString *out;
  GArray  *frames;  /* Frame */
  gboolean done;    /* the top-level value is complete */
};

SpJsonWriter *
sp_json_writer_new (void)
{
  SpJsonWriter *self = g_new0 (SpJsonWriter, 1);

  self->out = g_string_new (NULL);
  self->frames = g_array_new (FALSE, FALSE, sizeof (Frame));

  return self;
}

void
sp_json_writer_free (SpJsonWriter *self)
{
  if (self == NULL)
    return;

  g_string_free (self->out, TRUE);
  g_array_unref (self->frames);
  g_free (self);
}

static void
append_indent (SpJsonWriter *self,
               guint         depth)
{
  g_string_append_c (self->out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (self->out, "  ");
}

static Frame *
top_frame (SpJsonWriter *self)
{
  if (self->frames->len == 0)
    return NULL;

  return &g_array_index (self->frames, Frame, self->frames->len - 1);
}

/* Writes what must come before a value (a comma, a line break) and says
 * whether a value may be written here at all. */
static gboolean
begin_value (SpJsonWriter *self)
{
  Frame *frame = top_frame (self);

  if (frame == NULL)
    {
      g_return_val_if_fail (!self->done, FALSE);
      return TRUE;
    }

  if (frame->is_object)
    {
      /* Members are written by sp_json_writer_member(), which already
       * placed the comma and the name. */
      g_return_val_if_fail (frame->have_name, FALSE);
      frame->have_name = FALSE;
      return TRUE;
    }

  if (frame->n_members > 0)
    g_string_append_c (self->out, ',');
  append_indent (self, self->frames->len);
  frame->n_members++;

  return TRUE;
}

static void
end_value (SpJsonWriter *self)
{
  if (self->frames->len == 0)
    self->done = TRUE;
}

static void
append_escaped (GString    *out,
                const char *value)
{
  g_autofree char *valid = NULL;

  /* Server text is not always UTF-8; JSON must be. */
  if (!g_utf8_validate (value, -1, NULL))
    value = valid = g_utf8_make_valid (value, -1);

  g_string_append_c (out, '"');

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;

        case '\\':
          g_string_append (out, "\\\\");
          break;

        case '\n':
          g_string_append (out, "\\n");
          break;

        case '\r':
          g_string_append (out, "\\r");
          break;

        case '\t':
          g_string_append (out, "\\t");
          break;

        default:
          /* DEL, the separators and the format characters are legal raw,
           * but they act on terminals (a report printed with cat) or
           * reorder what a reader sees: spell out every character the
           * shared rule hides. The value a parser reads is unchanged. */
          if (c > 0xffff && _sp_text_char_is_hidden (c))
            g_string_append_printf (out, "\\u%04x\\u%04x",
                                    0xd800 + ((c - 0x10000) >> 10),
                                    0xdc00 + ((c - 0x10000) & 0x3ff));
          else if (_sp_text_char_is_hidden (c))
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
          break;
        }
    }

  g_string_append_c (out, '"');
}

static void
begin_container (SpJsonWriter *self,
                 gboolean      is_object)
{
  Frame frame = { is_object, 0, FALSE };

  if (!begin_value (self))
    return;

  g_string_append_c (self->out, is_object ? '{' : '[');
  g_array_append_val (self->frames, frame);
}

static void
end_container (SpJsonWriter *self,
               gboolean      is_object)
{
  Frame *frame = top_frame (self);
  guint n_members;

  g_return_if_fail (frame != NULL);
  g_return_if_fail (frame->is_object == is_object);
  g_return_if_fail (!frame->have_name);

  n_members = frame->n_members;
  g_array_set_size (self->frames, self->frames->len - 1);

  if (n_members > 0)
    append_indent (self, self->frames->len);
  g_string_append_c (self->out, is_object ? '}' : ']');

  end_value (self);
}

void
sp_json_writer_begin_object (SpJsonWriter *self)
{
  g_return_if_fail (self != NULL);

  begin_container (self, TRUE);
}

void
sp_json_writer_end_object (SpJsonWriter *self)
{
  g_return_if_fail (self != NULL);

  end_container (self, TRUE);
}

void
sp_json_writer_begin_array (SpJsonWriter *self)
{
  g_return_if_fail (self != NULL);

  begin_container (self, FALSE);
}

void
sp_json_writer_end_array (SpJsonWriter *self)
{
  g_return_if_fail (self != NULL);

  end_container (self, FALSE);
}

void
sp_json_writer_member (SpJsonWriter *self,
                       const char   *name)
{
  Frame *frame;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  frame = top_frame (self);
  g_return_if_fail (frame != NULL && frame->is_object);
  g_return_if_fail (!frame->have_name);

  if (frame->n_members > 0)
    g_string_append_c (self->out, ',');
  append_indent (self, self->frames->len);
  append_escaped (self->out, name);
  g_string_append (self->out, ": ");

  frame->n_members++;
  frame->have_name = TRUE;
}

void
sp_json_writer_string (SpJsonWriter *self,
                       const char   *value)
{
  g_return_if_fail (self != NULL);

  if (value == NULL)
    {
      sp_json_writer_null (self);
      return;
    }

  if (!begin_value (self))
    return;
  append_escaped (self->out, value);
  end_value (self);
}

void
sp_json_writer_int (SpJsonWriter *self,
                    gint64        value)
{
  g_return_if_fail (self != NULL);

  if (!begin_value (self))
    return;
  g_string_append_printf (self->out, "%" G_GINT64_FORMAT, value);
  end_value (self);
}

void
sp_json_writer_double (SpJsonWriter *self,
                       double        value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (self != NULL);

  /* JSON has no infinities or NaN. */
  if (!isfinite (value))
    {
      sp_json_writer_null (self);
      return;
    }

  if (!begin_value (self))
    return;

  /* The shortest of these that reads back exactly: 0.1 stays "0.1"
   * instead of "0.10000000000000001". */
  for (int precision = 15; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }

  g_string_append (self->out, buffer);

  /* Keep it a floating-point number for readers that tell the two apart,
   * such as sp_json_parse(). */
  if (strpbrk (buffer, ".eE") == NULL)
    g_string_append (self->out, ".0");

  end_value (self);
}

void
sp_json_writer_boolean (SpJsonWriter *self,
                        gboolean      value)
{
  g_return_if_fail (self != NULL);

  if (!begin_value (self))
    return;
  g_string_append (self->out, value ? "true" : "false");
  end_value (self);
}

void
sp_json_writer_null (SpJsonWriter *self)
{
  g_return_if_fail (self != NULL);

  if (!begin_value (self))
    return;
  g_string_append (self->out, "null");
  end_value (self);
}

char *
sp_json_writer_free_to_string (SpJsonWriter *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->frames->len > 0)
    g_critical ("A JSON writer was finished with %u containers still open", self->frames->len);

  out = self->out;
  self->out = NULL;
  g_array_unref (self->frames);
  g_free (self);

  g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}

/* Parser */

typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  guint       depth;
} Parser;

static void
position_of (Parser     *parser,
             const char *at,
             guint      *line,
             guint      *column)
{
  *line = 1;
  *column = 1;

  /* The input was checked to be UTF-8 before parsing starts, so columns
   * count characters, as an editor shows them. */
  for (const char *p = parser->start; p < at; p = g_utf8_next_char (p))
    {
      if (*p == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else
        {
          (*column)++;
        }
    }
}

static void
set_error_at (Parser      *parser,
              const char  *at,
              GError     **error,
              SpJsonError  code,
              const char  *message)
{
  guint line, column;

  position_of (parser, at, &line, &column);

  /* Translators: the first two are numbers, the last is a sentence that
   * says what is wrong, such as “Expected “:” after a member name.” */
  g_set_error (error, SP_JSON_ERROR, code, _("Line %u, column %u: %s"), line, column, message);
}

static void
skip_whitespace (Parser *parser)
{
  while (parser->p < parser->end &&
         (*parser->p == ' ' || *parser->p == '\t' || *parser->p == '\n' || *parser->p == '\r'))
    parser->p++;
}

static GVariant *parse_value (Parser *parser, GError **error);

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
parse_hex4 (Parser   *parser,
            gunichar *out)
{
  gunichar value = 0;

  if (parser->end - parser->p < 4)
    return FALSE;

  for (int i = 0; i < 4; i++)
    {
      int digit = hex_value (parser->p[i]);

      if (digit < 0)
        return FALSE;
      value = (value << 4) | (gunichar) digit;
    }

  parser->p += 4;
  *out = value;

  return TRUE;
}

/* Parses a string whose opening quote is at parser->p; returns it in UTF-8. */
static char *
parse_string (Parser  *parser,
              GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *opening = parser->p;

  g_assert (*parser->p == '"');
  parser->p++;

  while (TRUE)
    {
      const char *at = parser->p;
      unsigned char c;

      if (parser->p >= parser->end)
        {
          set_error_at (parser, opening, error, SP_JSON_ERROR_SYNTAX,
                        _("This string has no closing quote."));
          return NULL;
        }

      c = (unsigned char) *parser->p;

      if (c == '"')
        {
          parser->p++;
          break;
        }

      if (c < 0x20)
        {
          set_error_at (parser, at, error, SP_JSON_ERROR_SYNTAX,
                        _("A control character must be written as an escape such as “\\n” "
                          "inside a string."));
          return NULL;
        }

      if (c != '\\')
        {
          g_string_append_c (out, (char) c);
          parser->p++;
          continue;
        }

      parser->p++;
      if (parser->p >= parser->end)
        {
          set_error_at (parser, opening, error, SP_JSON_ERROR_SYNTAX,
                        _("This string has no closing quote."));
          return NULL;
        }

      switch (*parser->p++)
        {
        case '"':  g_string_append_c (out, '"');  break;
        case '\\': g_string_append_c (out, '\\'); break;
        case '/':  g_string_append_c (out, '/');  break;
        case 'b':  g_string_append_c (out, '\b'); break;
        case 'f':  g_string_append_c (out, '\f'); break;
        case 'n':  g_string_append_c (out, '\n'); break;
        case 'r':  g_string_append_c (out, '\r'); break;
        case 't':  g_string_append_c (out, '\t'); break;

        case 'u':
          {
            gunichar unit;

            if (!parse_hex4 (parser, &unit))
              {
                set_error_at (parser, at, error, SP_JSON_ERROR_SYNTAX,
                              _("“\\u” must be followed by four hexadecimal digits."));
                return NULL;
              }

            if (unit >= 0xdc00 && unit <= 0xdfff)
              {
                set_error_at (parser, at, error, SP_JSON_ERROR_SYNTAX,
                              _("This escape is the second half of a UTF-16 surrogate pair "
                                "without the first half."));
                return NULL;
              }

            if (unit >= 0xd800 && unit <= 0xdbff)
              {
                gunichar low;

                if (parser->end - parser->p < 2 || parser->p[0] != '\\' || parser->p[1] != 'u')
                  {
                    set_error_at (parser, at, error, SP_JSON_ERROR_SYNTAX,
                                  _("This escape is the first half of a UTF-16 surrogate pair, "
                                    "but the second half does not follow."));
                    return NULL;
                  }

                parser->p += 2;
                if (!parse_hex4 (parser, &low) || low < 0xdc00 || low > 0xdfff)
                  {
                    set_error_at (parser, at, error, SP_JSON_ERROR_SYNTAX,
                                  _("This escape is the first half of a UTF-16 surrogate pair, "
                                    "but the second half does not follow."));
                    return NULL;
                  }

                unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
              }

            if (unit == 0)
              {
                set_error_at (parser, at, error, SP_JSON_ERROR_UNSUPPORTED,
                              _("Strings with a NUL character (“\\u0000”) are not supported."));
                return NULL;
              }

            g_string_append_unichar (out, unit);
          }
          break;

        default:
          set_error_at (parser, at, error, SP_JSON_ERROR_SYNTAX,
                        _("Unknown escape sequence; a backslash may only be followed by "
                          "one of \" \\ / b f n r t u."));
          return NULL;
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GVariant *
parse_number (Parser  *parser,
              GError **error)
{
  const char *start = parser->p;
  const char *p = parser->p;
  gboolean is_integer = TRUE;
  g_autofree char *text = NULL;

  /* RFC 8259 6: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
  if (p < parser->end && *p == '-')
    p++;

  if (p < parser->end && *p == '0')
    {
      p++;
    }
  else if (p < parser->end && *p >= '1' && *p <= '9')
    {
      while (p < parser->end && g_ascii_isdigit (*p))
        p++;
    }
  else
    {
      set_error_at (parser, start, error, SP_JSON_ERROR_SYNTAX,
                    _("A number must start with a digit."));
      return NULL;
    }

  if (p < parser->end && *p == '.')
    {
      is_integer = FALSE;
      p++;
      if (p >= parser->end || !g_ascii_isdigit (*p))
        {
          set_error_at (parser, p, error, SP_JSON_ERROR_SYNTAX,
                        _("A decimal point must be followed by a digit."));
          return NULL;
        }
      while (p < parser->end && g_ascii_isdigit (*p))
        p++;
    }

  if (p < parser->end && (*p == 'e' || *p == 'E'))
    {
      is_integer = FALSE;
      p++;
      if (p < parser->end && (*p == '+' || *p == '-'))
        p++;
      if (p >= parser->end || !g_ascii_isdigit (*p))
        {
          set_error_at (parser, p, error, SP_JSON_ERROR_SYNTAX,
                        _("An exponent must have at least one digit."));
          return NULL;
        }
      while (p < parser->end && g_ascii_isdigit (*p))
        p++;
    }

  /* Leading zeros such as "012" are not JSON. */
  if (p < parser->end && g_ascii_isdigit (*p))
    {
      set_error_at (parser, start, error, SP_JSON_ERROR_SYNTAX,
                    _("A number may not start with a zero followed by more digits."));
      return NULL;
    }

  text = g_strndup (start, p - start);
  parser->p = p;

  if (is_integer)
    {
      char *end = NULL;
      gint64 value;

      errno = 0;
      value = g_ascii_strtoll (text, &end, 10);
      if (errno == 0 && end != NULL && *end == '\0')
        return g_variant_new_int64 (value);
      /* Too large for 64 bits: keep it as a double, as most readers do. */
    }

  {
    double value = g_ascii_strtod (text, NULL);

    if (!isfinite (value))
      {
        set_error_at (parser, start, error, SP_JSON_ERROR_UNSUPPORTED,
                      _("This number is too large to be represented."));
        return NULL;
      }

    return g_variant_new_double (value);
  }
}

static gboolean
parse_literal (Parser     *parser,
               const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (parser->end - parser->p) < len || memcmp (parser->p, word, len) != 0)
    return FALSE;

  parser->p += len;

  return TRUE;
}

/* Consumes @c if it comes next. */
static gboolean
accept_char (Parser *parser,
             char    c)
{
  if (parser->p >= parser->end || *parser->p != c)
    return FALSE;

  parser->p++;

  return TRUE;
}

static gboolean
enter (Parser  *parser,
       GError **error)
{
  if (parser->depth >= SP_JSON_MAX_DEPTH)
    {
      g_autofree char *message =
        g_strdup_printf (_("The document is nested more than %u levels deep."),
                         (guint) SP_JSON_MAX_DEPTH);

      set_error_at (parser, parser->p, error, SP_JSON_ERROR_TOO_DEEP, message);
      return FALSE;
    }

  parser->depth++;
  parser->p++;

  return TRUE;
}

static GVariant *
parse_array (Parser  *parser,
             GError **error)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("av"));

  if (!enter (parser, error))
    return NULL;

  skip_whitespace (parser);
  if (accept_char (parser, ']'))
    {
      parser->depth--;
      return g_variant_builder_end (&builder);
    }

  while (TRUE)
    {
      GVariant *element;

      element = parse_value (parser, error);
      if (element == NULL)
        return NULL;
      g_variant_builder_add (&builder, "v", element);

      skip_whitespace (parser);
      if (accept_char (parser, ','))
        continue;
      if (accept_char (parser, ']'))
        break;

      set_error_at (parser, parser->p, error, SP_JSON_ERROR_SYNTAX,
                    _("Expected “,” or “]” after an array element."));
      return NULL;
    }

  parser->depth--;

  return g_variant_builder_end (&builder);
}

static GVariant *
parse_object (Parser  *parser,
              GError **error)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!enter (parser, error))
    return NULL;

  skip_whitespace (parser);
  if (accept_char (parser, '}'))
    {
      parser->depth--;
      return g_variant_builder_end (&builder);
    }

  while (TRUE)
    {
      g_autofree char *name = NULL;
      const char *name_at;
      GVariant *value;

      skip_whitespace (parser);
      name_at = parser->p;
      if (parser->p >= parser->end || *parser->p != '"')
        {
          set_error_at (parser, parser->p, error, SP_JSON_ERROR_SYNTAX,
                        _("Expected a member name in double quotes."));
          return NULL;
        }

      name = parse_string (parser, error);
      if (name == NULL)
        return NULL;

      /* A dictionary with two values for one key would make lookups depend
       * on which one comes first; refuse such documents. */
      if (g_hash_table_contains (seen, name))
        {
          g_autofree char *message =
            g_strdup_printf (_("The member “%s” appears twice in one object."), name);

          set_error_at (parser, name_at, error, SP_JSON_ERROR_UNSUPPORTED, message);
          return NULL;
        }
      g_hash_table_add (seen, g_strdup (name));

      skip_whitespace (parser);
      if (parser->p >= parser->end || *parser->p != ':')
        {
          set_error_at (parser, parser->p, error, SP_JSON_ERROR_SYNTAX,
                        _("Expected “:” after a member name."));
          return NULL;
        }
      parser->p++;

      value = parse_value (parser, error);
      if (value == NULL)
        return NULL;
      g_variant_builder_add (&builder, "{sv}", name, value);

      skip_whitespace (parser);
      if (accept_char (parser, ','))
        continue;
      if (accept_char (parser, '}'))
        break;

      set_error_at (parser, parser->p, error, SP_JSON_ERROR_SYNTAX,
                    _("Expected “,” or “}” after an object member."));
      return NULL;
    }

  parser->depth--;

  return g_variant_builder_end (&builder);
}

static GVariant *
parse_value (Parser  *parser,
             GError **error)
{
  skip_whitespace (parser);

  if (parser->p >= parser->end)
    {
      set_error_at (parser, parser->p, error, SP_JSON_ERROR_SYNTAX,
                    _("The document ends where a value was expected."));
      return NULL;
    }

  switch (*parser->p)
    {
    case '{':
      return parse_object (parser, error);

    case '[':
      return parse_array (parser, error);

    case '"':
      {
        char *text = parse_string (parser, error);

        if (text == NULL)
          return NULL;
        return g_variant_new_take_string (text);
      }

    case 't':
      if (parse_literal (parser, "true"))
        return g_variant_new_boolean (TRUE);
      break;

    case 'f':
      if (parse_literal (parser, "false"))
        return g_variant_new_boolean (FALSE);
      break;

    case 'n':
      if (parse_literal (parser, "null"))
        return g_variant_new_maybe (G_VARIANT_TYPE_VARIANT, NULL);
      break;

    default:
      if (*parser->p == '-' || g_ascii_isdigit (*parser->p))
        return parse_number (parser, error);
      break;
    }

  set_error_at (parser, parser->p, error, SP_JSON_ERROR_SYNTAX,
                _("Expected a value: an object, an array, a string, a number, "
                  "true, false or null."));
  return NULL;
}

GVariant *
sp_json_parse (const char  *text,
               gssize       length,
               GError     **error)
{
  Parser parser = { 0 };
  const char *invalid = NULL;
  g_autoptr(GVariant) value = NULL;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (text);

  parser.start = text;
  parser.p = text;
  parser.end = text + length;

  if (!g_utf8_validate_len (text, length, &invalid))
    {
      /* Report the position of the bad byte, counted in the valid part. */
      parser.end = invalid;
      if (*invalid == '\0')
        set_error_at (&parser, invalid, error, SP_JSON_ERROR_INVALID_ENCODING,
                      _("The document contains a NUL byte."));
      else
        set_error_at (&parser, invalid, error, SP_JSON_ERROR_INVALID_ENCODING,
                      _("The document is not valid UTF-8."));
      return NULL;
    }

  skip_whitespace (&parser);
  if (parser.p >= parser.end)
    {
      set_error_at (&parser, parser.p, error, SP_JSON_ERROR_SYNTAX,
                    _("The document is empty."));
      return NULL;
    }

  value = parse_value (&parser, error);
  if (value == NULL)
    return NULL;
  g_variant_ref_sink (value);

  skip_whitespace (&parser);
  if (parser.p < parser.end)
    {
      set_error_at (&parser, parser.p, error, SP_JSON_ERROR_SYNTAX,
                    _("Unexpected text after the end of the document."));
      return NULL;
    }

  return g_steal_pointer (&value);
}
