/* sp-message.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-message"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-address.h"
#include "sp-message.h"

/* RFC 5322 2.1.1: a line SHOULD fit in 78 characters and MUST fit in 998. */
#define HEADER_LINE_MAX   78
/* The longest body line sent as it is. RFC 5321 4.5.3.1.6 allows 998
 * octets plus CRLF, but Sendmail folds lines at 990 octets and Haraka at
 * 992, so a longer line would not be stored as it was sent. */
#define BODY_LINE_MAX     990
/* RFC 2047 2: an encoded word has at most 75 characters. */
#define ENCODED_WORD_MAX  75
#define ENCODED_WORD_HEAD "=?UTF-8?B?"
#define ENCODED_WORD_TAIL "?="
/* RFC 2045 6.7 (5): an encoded line has at most 76 characters. */
#define QP_LINE_MAX       76
/* Used when the sender's domain cannot name the Message-ID. */
#define FALLBACK_DOMAIN   "smtp-probe.invalid"

/* RFC 5322 3.3 uses English names whatever the locale, so never strftime. */
static const char * const day_names[] = {
  "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
};
static const char * const month_names[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static char *
format_date (GDateTime *date)
{
  GTimeSpan offset = g_date_time_get_utc_offset (date) / G_TIME_SPAN_MINUTE;
  char sign = offset < 0 ? '-' : '+';

  if (offset < 0)
    offset = -offset;

  return g_strdup_printf ("%s, %d %s %04d %02d:%02d:%02d %c%02d%02d",
                          day_names[g_date_time_get_day_of_week (date) - 1],
                          g_date_time_get_day_of_month (date),
                          month_names[g_date_time_get_month (date) - 1],
                          g_date_time_get_year (date),
                          g_date_time_get_hour (date),
                          g_date_time_get_minute (date),
                          g_date_time_get_second (date),
                          sign,
                          (int) (offset / 60),
                          (int) (offset % 60));
}

/* A header value must never carry a line break of its own: that would let
 * the text add headers. Turn every control character into a space. */
static char *
clean_header_value (const char *value)
{
  char *clean = g_utf8_make_valid (value, -1);
  char *p;

  for (p = clean; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        *p = ' ';
    }

  return clean;
}

/* Folds ASCII text before runs of spaces (RFC 5322 2.2.3), which unfolds
 * to the same text. Returns NULL when a single word is too long to fit. */
static char *
fold_ascii (const char *text,
            gsize       first_column)
{
  GString *out = g_string_new (NULL);
  gsize column = first_column;
  const char *p = text;

  while (*p != '\0')
    {
      const char *start = p;
      gsize seg_len;

      /* one segment: the spaces before a word, then the word */
      while (*p == ' ')
        p++;
      while (*p != '\0' && *p != ' ')
        p++;
      seg_len = (gsize) (p - start);

      if (column + seg_len > HEADER_LINE_MAX && start != text)
        {
          g_string_append (out, "\r\n");
          column = 0;
        }

      if (column + seg_len > HEADER_LINE_MAX)
        {
          g_string_free (out, TRUE);
          return NULL;
        }

      g_string_append_len (out, start, seg_len);
      column += seg_len;
    }

  return g_string_free (out, FALSE);
}

/* The most UTF-8 bytes whose encoded word fits in @room columns. */
static gsize
encoded_word_capacity (gsize room)
{
  gsize overhead = strlen (ENCODED_WORD_HEAD) + strlen (ENCODED_WORD_TAIL);

  room = MIN (room, ENCODED_WORD_MAX);
  if (room <= overhead)
    return 0;

  return (room - overhead) / 4 * 3;
}

static char *
encode_words (const char *text,
              gsize       first_column)
{
  GString *out = g_string_new (NULL);
  gsize capacity;
  const char *p = text;

  capacity = encoded_word_capacity (HEADER_LINE_MAX - MIN (first_column, HEADER_LINE_MAX));

  /* A very long header name leaves no room on the first line: let that one
   * line run longer rather than begin the value with a fold. */
  if (capacity < 4)
    capacity = encoded_word_capacity (HEADER_LINE_MAX - 1);

  while (*p != '\0')
    {
      const char *start = p;
      g_autofree char *b64 = NULL;

      /* Whole characters only: a decoder shows each word on its own. */
      while (*p != '\0')
        {
          const char *next = g_utf8_next_char (p);

          if ((gsize) (next - start) > capacity)
            break;
          p = next;
        }

      if (out->len > 0)
        g_string_append (out, "\r\n ");

      b64 = g_base64_encode ((const guchar *) start, (gsize) (p - start));
      g_string_append (out, ENCODED_WORD_HEAD);
      g_string_append (out, b64);
      g_string_append (out, ENCODED_WORD_TAIL);

      capacity = encoded_word_capacity (HEADER_LINE_MAX - 1);
    }

  return g_string_free (out, FALSE);
}

/* Returns the value only, to follow "Name: "; continuation lines start with
 * a space. Control characters become spaces and the ends are trimmed.
 * ASCII text stays as it is, folded before spaces when it is long; it is
 * encoded only when it could be mistaken for an encoded word or has a word
 * too long to fold. */
char *
sp_message_encode_header (const char *name,
                          const char *value)
{
  g_autofree char *clean = NULL;
  gsize first_column;

  g_return_val_if_fail (name != NULL, NULL);

  if (value == NULL)
    return g_strdup ("");

  clean = clean_header_value (value);
  g_strstrip (clean);
  first_column = strlen (name) + 2;

  if (g_str_is_ascii (clean) && strstr (clean, "=?") == NULL)
    {
      char *folded = fold_ascii (clean, first_column);

      if (folded != NULL)
        return folded;
    }

  return encode_words (clean, first_column);
}

static gboolean
qp_is_literal (guchar c)
{
  return (c >= 33 && c <= 60) || (c >= 62 && c <= 126);
}

char *
sp_message_encode_qp (const char *text)
{
  GString *out;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_new (NULL);
  p = text;

  while (*p != '\0')
    {
      const char *line = p;
      gsize line_len;
      gsize column = 0;
      gsize i;

      while (*p != '\0' && *p != '\r' && *p != '\n')
        p++;
      line_len = (gsize) (p - line);

      for (i = 0; i < line_len; i++)
        {
          guchar c = (guchar) line[i];
          char token[4];
          gsize token_len;
          gboolean last = i + 1 == line_len;

          /* Trailing white space would be lost in transit (RFC 2045 6.7 (3)). */
          if (qp_is_literal (c) || ((c == ' ' || c == '\t') && !last))
            {
              token[0] = (char) c;
              token_len = 1;
            }
          else
            {
              g_snprintf (token, sizeof token, "=%02X", c);
              token_len = 3;
            }

          /* Keep room for the "=" of a soft break, except on the last
           * token of the line, which needs none. */
          if (column + token_len > QP_LINE_MAX - 1 &&
              !(last && column + token_len <= QP_LINE_MAX))
            {
              g_string_append (out, "=\r\n");
              column = 0;
            }

          g_string_append_len (out, token, token_len);
          column += token_len;
        }

      if (*p == '\r')
        {
          p++;
          if (*p == '\n')
            p++;
          g_string_append (out, "\r\n");
        }
      else if (*p == '\n')
        {
          p++;
          g_string_append (out, "\r\n");
        }
    }

  return g_string_free (out, FALSE);
}

/* Any line end becomes CRLF, and a body that has text ends with one. */
static char *
normalize_body (const char *body)
{
  g_autofree char *valid = g_utf8_make_valid (body, -1);
  GString *out = g_string_sized_new (strlen (valid) + 2);
  const char *p;

  for (p = valid; *p != '\0'; p++)
    {
      if (*p == '\r')
        {
          if (p[1] == '\n')
            p++;
          g_string_append (out, "\r\n");
        }
      else if (*p == '\n')
        {
          g_string_append (out, "\r\n");
        }
      else
        {
          g_string_append_c (out, *p);
        }
    }

  if (out->len > 0 && !g_str_has_suffix (out->str, "\r\n"))
    g_string_append (out, "\r\n");

  return g_string_free (out, FALSE);
}

static gsize
longest_line (const char *text)
{
  gsize longest = 0;
  gsize current = 0;

  /* One pass: a strstr () per line would rescan the rest of a large body
   * (the sanitizers' strstr measures the whole haystack every call). */
  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '\r' && p[1] == '\n')
        {
          longest = MAX (longest, current);
          current = 0;
          p++;
        }
      else
        current++;
    }

  return MAX (longest, current);
}

static char *
message_id_domain (const char *from)
{
  g_autofree char *domain = sp_address_dup_domain (from);
  char *ascii;

  if (domain == NULL || domain[0] == '\0')
    return g_strdup (FALLBACK_DOMAIN);

  /* "[192.0.2.1]" is a valid right-hand side too (RFC 5322 3.6.4). */
  if (domain[0] == '[')
    {
      if (sp_text_check_safe (domain, FALSE, NULL) && g_str_is_ascii (domain) &&
          strchr (domain, ' ') == NULL && g_str_has_suffix (domain, "]"))
        return g_steal_pointer (&domain);
      return g_strdup (FALLBACK_DOMAIN);
    }

  ascii = sp_domain_to_ascii (domain, NULL);

  return ascii != NULL ? ascii : g_strdup (FALLBACK_DOMAIN);
}

char *
sp_message_build (const SpMessageParams *params,
                  SpMessageTransport     transport,
                  gboolean              *uses_8bit)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *body = NULL;
  g_autofree char *encoded_body = NULL;
  const char *encoding;
  gboolean body_8bit = FALSE;
  GString *out;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (params->from != NULL, NULL);
  g_return_val_if_fail (params->to != NULL, NULL);

  date = params->date != NULL ? g_date_time_ref (params->date) : g_date_time_new_now_local ();
  date_text = format_date (date);
  from = clean_header_value (params->from);
  to = clean_header_value (params->to);

  if (params->message_id != NULL)
    {
      message_id = clean_header_value (params->message_id);
    }
  else
    {
      g_autofree char *domain = message_id_domain (params->from);

      message_id = sp_message_generate_id (domain);
    }

  body = normalize_body (params->body != NULL ? params->body : "");

  /* A long line may not travel raw under any transport, so
   * quoted-printable wraps it (see BODY_LINE_MAX). */
  if (longest_line (body) > BODY_LINE_MAX)
    {
      encoding = "quoted-printable";
      encoded_body = sp_message_encode_qp (body);
    }
  else if (g_str_is_ascii (body))
    {
      encoding = "7bit";
      encoded_body = g_steal_pointer (&body);
    }
  else if (transport == SP_MESSAGE_TRANSPORT_8BITMIME)
    {
      encoding = "8bit";
      body_8bit = TRUE;
      encoded_body = g_steal_pointer (&body);
    }
  else
    {
      encoding = "quoted-printable";
      encoded_body = sp_message_encode_qp (body);
    }

  out = g_string_new (NULL);
  g_string_append_printf (out, "Date: %s\r\n", date_text);
  g_string_append_printf (out, "From: %s\r\n", from);
  g_string_append_printf (out, "To: %s\r\n", to);

  if (params->subject != NULL && params->subject[0] != '\0')
    {
      g_autofree char *subject = sp_message_encode_header ("Subject", params->subject);

      g_string_append_printf (out, "Subject: %s\r\n", subject);
    }

  g_string_append_printf (out, "Message-ID: %s\r\n", message_id);
  g_string_append (out, "MIME-Version: 1.0\r\n");
  g_string_append (out, "Content-Type: text/plain; charset=UTF-8\r\n");
  g_string_append_printf (out, "Content-Transfer-Encoding: %s\r\n", encoding);
  g_string_append (out, "X-Mailer: SMTP Probe " PACKAGE_VERSION "\r\n");
  g_string_append (out, "\r\n");
  g_string_append (out, encoded_body);

  if (uses_8bit != NULL)
    *uses_8bit = body_8bit;

  return g_string_free (out, FALSE);
}

/* Bare CR and bare LF become CRLF as well: a server that takes either as a
 * line end would otherwise see a "." line we did not stuff (the SMTP
 * smuggling trick). */
GBytes *
sp_message_dot_stuff (const char *message)
{
  GString *out;
  gboolean line_start = TRUE;
  const char *p;

  g_return_val_if_fail (message != NULL, NULL);

  out = g_string_sized_new (strlen (message) + 16);

  for (p = message; *p != '\0'; p++)
    {
      if (*p == '\r' || *p == '\n')
        {
          if (*p == '\r' && p[1] == '\n')
            p++;
          g_string_append (out, "\r\n");
          line_start = TRUE;
          continue;
        }

      if (line_start && *p == '.')
        g_string_append_c (out, '.');

      g_string_append_c (out, *p);
      line_start = FALSE;
    }

  /* The terminator is CRLF "." CRLF; a last line that ends in CRLF already
   * provides the first CRLF. */
  if (out->len > 0 && !line_start)
    g_string_append (out, "\r\n");
  g_string_append (out, ".\r\n");

  return g_string_free_to_bytes (out);
}

char *
sp_message_generate_id (const char *domain)
{
  g_autofree char *uuid = g_uuid_string_random ();

  if (domain == NULL || domain[0] == '\0')
    domain = FALLBACK_DOMAIN;

  return g_strdup_printf ("<%s@%s>", uuid, domain);
}
