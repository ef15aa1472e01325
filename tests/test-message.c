/* test-message.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-message"

#include "config.h"

#include <string.h>

#include "sp-message.h"

/* --- helpers that take a built message apart --------------------------- */

static void
split_message (const char  *message,
               char       **headers,
               char       **body)
{
  const char *sep = strstr (message, "\r\n\r\n");

  g_assert_nonnull (sep);
  *headers = g_strndup (message, sep - message + 2);
  *body = g_strdup (sep + 4);
}

/* Returns the header's value exactly as written, folds included, or NULL. */
static char *
find_header (const char *headers,
             const char *name)
{
  g_autofree char *prefix = g_strconcat (name, ": ", NULL);
  const char *p = headers;

  while (*p != '\0')
    {
      const char *end = strstr (p, "\r\n");

      g_assert_nonnull (end);
      if (g_ascii_strncasecmp (p, prefix, strlen (prefix)) == 0)
        {
          const char *value = p + strlen (prefix);

          /* continuation lines start with a space or a tab */
          while (end[2] == ' ' || end[2] == '\t')
            end = strstr (end + 2, "\r\n");
          return g_strndup (value, end - value);
        }
      p = end + 2;
    }

  return NULL;
}

static void
assert_no_bare_line_ends (const char *text)
{
  const char *p;

  for (p = text; *p != '\0'; p++)
    {
      if (*p == '\r')
        g_assert_cmpint (p[1], ==, '\n');
      if (*p == '\n')
        g_assert_true (p > text && p[-1] == '\r');
    }
}

static void
assert_lines_at_most (const char *text,
                      gsize       limit)
{
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);
  guint i;

  for (i = 0; lines[i] != NULL; i++)
    {
      if (strlen (lines[i]) > limit)
        g_error ("line %u is %zu long (limit %zu): %s", i, strlen (lines[i]), limit, lines[i]);
    }
}

static gboolean
is_ascii (const char *text)
{
  const char *p;

  for (p = text; *p != '\0'; p++)
    {
      if ((guchar) *p >= 0x80)
        return FALSE;
    }

  return TRUE;
}

/* Decodes a folded value made of "=?UTF-8?B?...?=" words (RFC 2047) and
 * checks the rules on the way: every word at most 75 characters, every
 * word valid UTF-8 on its own, whitespace only between words. */
static char *
decode_encoded_words (const char *value)
{
  GString *out = g_string_new (NULL);
  const char *p = value;

  while (*p != '\0')
    {
      const char *end;
      g_autofree char *b64 = NULL;
      g_autofree guchar *decoded = NULL;
      gsize decoded_len = 0;

      while (*p == ' ' || *p == '\r' || *p == '\n')
        p++;
      if (*p == '\0')
        break;

      g_assert_true (g_str_has_prefix (p, "=?UTF-8?B?"));
      end = strstr (p + 10, "?=");
      g_assert_nonnull (end);
      g_assert_cmpuint (end + 2 - p, <=, 75);

      b64 = g_strndup (p + 10, end - (p + 10));
      g_assert_cmpuint (strlen (b64) % 4, ==, 0);
      decoded = g_base64_decode (b64, &decoded_len);
      g_assert_cmpuint (decoded_len, >, 0);
      g_assert_true (g_utf8_validate ((const char *) decoded, decoded_len, NULL));
      g_string_append_len (out, (const char *) decoded, decoded_len);

      p = end + 2;
      g_assert_true (*p == '\0' || *p == ' ' || *p == '\r');
    }

  return g_string_free (out, FALSE);
}

/* RFC 2045 6.7 decoding, strict enough to catch encoder mistakes. */
static char *
decode_qp (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '=')
        {
          if (p[1] == '\r' && p[2] == '\n')
            {
              p += 3;
              continue;
            }
          g_assert_true (g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]));
          /* RFC 2045 asks for upper-case hex */
          g_assert_false (g_ascii_islower (p[1]) || g_ascii_islower (p[2]));
          g_string_append_c (out, (char) (g_ascii_xdigit_value (p[1]) * 16 +
                                          g_ascii_xdigit_value (p[2])));
          p += 3;
          continue;
        }

      if (*p == '\r' && p[1] == '\n')
        {
          /* no white space may end an encoded line */
          g_assert_true (p == text || (p[-1] != ' ' && p[-1] != '\t'));
          g_string_append (out, "\r\n");
          p += 2;
          continue;
        }

      g_assert_true ((*p >= 33 && *p <= 126 && *p != '=') || *p == ' ' || *p == '\t');
      g_string_append_c (out, *p);
      p++;
    }

  g_assert_true (p == text || (p[-1] != ' ' && p[-1] != '\t'));

  return g_string_free (out, FALSE);
}

static GDateTime *
make_date (int         year,
           int         month,
           int         day,
           int         hour,
           int         minute,
           int         second,
           const char *offset)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (offset);

  g_assert_nonnull (tz);

  return g_date_time_new (tz, year, month, day, hour, minute, second);
}

static char *
build (const char         *subject,
       const char         *body,
       SpMessageTransport  transport,
       gboolean           *uses_8bit)
{
  g_autoptr(GDateTime) date = make_date (2026, 11, 22, 13, 44, 24, "+00:00");
  SpMessageParams params = {
    .from = "probe@example.com",
    .to = "postmaster@example.org",
    .subject = subject,
    .body = body,
    .date = date,
    .message_id = "<test-1@example.com>",
  };

  return sp_message_build (&params, transport, uses_8bit);
}

/* --- tests ------------------------------------------------------------- */

static void
test_headers (void)
{
  gboolean uses_8bit = TRUE;
  g_autofree char *message = build ("Test message", "Hello.\n", SP_MESSAGE_TRANSPORT_7BIT,
                                    &uses_8bit);
  g_autofree char *headers = NULL;
  g_autofree char *body = NULL;
  g_autofree char *x_mailer = NULL;
  const char *order[] = {
    "Date: ", "From: ", "To: ", "Subject: ", "Message-ID: ", "MIME-Version: ",
    "Content-Type: ", "Content-Transfer-Encoding: ", "X-Mailer: ",
  };
  const char *last = NULL;
  guint i;

  g_assert_false (uses_8bit);
  assert_no_bare_line_ends (message);
  split_message (message, &headers, &body);

  g_assert_true (g_str_has_prefix (headers, "Date: Sun, 22 Nov 2026 13:44:24 +0000\r\n"));
  g_assert_nonnull (strstr (headers, "\r\nFrom: probe@example.com\r\n"));
  g_assert_nonnull (strstr (headers, "\r\nTo: postmaster@example.org\r\n"));
  g_assert_nonnull (strstr (headers, "\r\nSubject: Test message\r\n"));
  g_assert_nonnull (strstr (headers, "\r\nMessage-ID: <test-1@example.com>\r\n"));
  g_assert_nonnull (strstr (headers, "\r\nMIME-Version: 1.0\r\n"));
  g_assert_nonnull (strstr (headers, "\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
  g_assert_nonnull (strstr (headers, "\r\nContent-Transfer-Encoding: 7bit\r\n"));

  x_mailer = find_header (headers, "X-Mailer");
  g_assert_cmpstr (x_mailer, ==, "SMTP Probe " PACKAGE_VERSION);

  /* each header once, in a stable order */
  for (i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autofree char *needle = g_strconcat ("\n", order[i], NULL);
      const char *found = i == 0 ? headers : strstr (headers, needle);

      g_assert_nonnull (found);
      g_assert_true (found >= (last != NULL ? last : headers));
      if (i > 0)
        g_assert_null (strstr (found + 1, needle));
      last = found;
    }

  g_assert_cmpstr (body, ==, "Hello.\r\n");
}

static void
test_date (void)
{
  struct {
    int         year, month, day, hour, minute, second;
    const char *offset;
    const char *expected;
  } cases[] = {
    { 2026, 11, 22, 13, 44, 24, "+00:00", "Sun, 22 Nov 2026 13:44:24 +0000" },
    { 2024, 2, 29, 23, 59, 59, "-05:30", "Thu, 29 Feb 2024 23:59:59 -0530" },
    { 2025, 1, 5, 0, 0, 0, "+01:00", "Sun, 5 Jan 2025 00:00:00 +0100" },
    { 2023, 12, 31, 9, 5, 7, "+14:00", "Sun, 31 Dec 2023 09:05:07 +1400" },
    { 2027, 6, 14, 12, 0, 0, "-10:00", "Mon, 14 Jun 2027 12:00:00 -1000" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) date = make_date (cases[i].year, cases[i].month, cases[i].day,
                                             cases[i].hour, cases[i].minute, cases[i].second,
                                             cases[i].offset);
      SpMessageParams params = {
        .from = "a@example.com",
        .to = "b@example.com",
        .date = date,
      };
      g_autofree char *message = sp_message_build (&params, SP_MESSAGE_TRANSPORT_7BIT, NULL);
      g_autofree char *headers = NULL;
      g_autofree char *body = NULL;
      g_autofree char *value = NULL;

      split_message (message, &headers, &body);
      value = find_header (headers, "Date");
      g_assert_cmpstr (value, ==, cases[i].expected);
    }
}

static void
test_date_now (void)
{
  SpMessageParams params = {
    .from = "a@example.com",
    .to = "b@example.com",
  };
  g_autofree char *message = sp_message_build (&params, SP_MESSAGE_TRANSPORT_7BIT, NULL);
  g_autofree char *headers = NULL;
  g_autofree char *body = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GRegex) regex = NULL;

  split_message (message, &headers, &body);
  value = find_header (headers, "Date");
  regex = g_regex_new ("^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{1,2} "
                       "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} "
                       "[0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}$", 0, 0, NULL);
  g_assert_true (g_regex_match (regex, value, 0, NULL));

  /* no subject given: no Subject header; no body: nothing after the blank line */
  g_assert_null (find_header (headers, "Subject"));
  g_assert_cmpstr (body, ==, "");
  g_assert_true (g_str_has_suffix (message, "\r\n\r\n"));
}

static void
test_message_id (void)
{
  g_autoptr(GRegex) regex = NULL;
  struct {
    const char *from;
    const char *domain;
  } cases[] = {
    { "probe@Example.COM", "example.com" },
    { "probe@bücher.example", "xn--bcher-kva.example" },
    { "probe@[192.0.2.1]", "[192.0.2.1]" },
  };
  guint i;

  regex = g_regex_new ("^<([0-9a-f-]{36})@(.+)>$", 0, 0, NULL);

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SpMessageParams params = {
        .from = cases[i].from,
        .to = "b@example.com",
      };
      g_autofree char *message = sp_message_build (&params, SP_MESSAGE_TRANSPORT_7BIT, NULL);
      g_autofree char *headers = NULL;
      g_autofree char *body = NULL;
      g_autofree char *value = NULL;
      g_autofree char *uuid = NULL;
      g_autofree char *domain = NULL;
      g_autoptr(GMatchInfo) match = NULL;

      split_message (message, &headers, &body);
      value = find_header (headers, "Message-ID");
      g_assert_true (g_regex_match (regex, value, 0, &match));
      uuid = g_match_info_fetch (match, 1);
      domain = g_match_info_fetch (match, 2);
      g_assert_true (g_uuid_string_is_valid (uuid));
      g_assert_cmpstr (domain, ==, cases[i].domain);
    }
}

static void
test_generate_id (void)
{
  g_autofree char *a = sp_message_generate_id ("example.com");
  g_autofree char *b = sp_message_generate_id ("example.com");
  g_autofree char *uuid = NULL;

  g_assert_true (g_str_has_prefix (a, "<"));
  g_assert_true (g_str_has_suffix (a, "@example.com>"));
  g_assert_cmpstr (a, !=, b);
  uuid = g_strndup (a + 1, strlen (a) - strlen ("@example.com>") - 1);
  g_assert_true (g_uuid_string_is_valid (uuid));
}

static void
test_ascii_body (void)
{
  gboolean uses_8bit = TRUE;
  g_autofree char *message = build ("Plain", "Line one\nLine two\n",
                                    SP_MESSAGE_TRANSPORT_8BITMIME, &uses_8bit);
  g_autofree char *headers = NULL;
  g_autofree char *body = NULL;
  g_autofree char *cte = NULL;

  /* ASCII is 7bit even when the server could take 8bit */
  g_assert_false (uses_8bit);
  split_message (message, &headers, &body);
  cte = find_header (headers, "Content-Transfer-Encoding");
  g_assert_cmpstr (cte, ==, "7bit");
  g_assert_cmpstr (body, ==, "Line one\r\nLine two\r\n");
}

static void
test_qp_on_7bit (void)
{
  const char *text = "Grüße aus München — ok?\nZweite Zeile: 日本語 🎉\n";
  gboolean uses_8bit = TRUE;
  g_autofree char *message = build ("x", text, SP_MESSAGE_TRANSPORT_7BIT, &uses_8bit);
  g_autofree char *headers = NULL;
  g_autofree char *body = NULL;
  g_autofree char *cte = NULL;
  g_autofree char *decoded = NULL;

  g_assert_false (uses_8bit);
  g_assert_true (is_ascii (message));
  assert_no_bare_line_ends (message);
  split_message (message, &headers, &body);
  cte = find_header (headers, "Content-Transfer-Encoding");
  g_assert_cmpstr (cte, ==, "quoted-printable");
  g_assert_nonnull (strstr (body, "Gr=C3=BC=C3=9Fe aus M=C3=BCnchen"));
  assert_lines_at_most (body, 76);

  decoded = decode_qp (body);
  g_assert_cmpstr (decoded, ==, "Grüße aus München — ok?\r\nZweite Zeile: 日本語 🎉\r\n");
}

static void
test_8bit_on_8bitmime (void)
{
  const char *text = "Grüße aus München\r\n日本語\r\n";
  gboolean uses_8bit = FALSE;
  g_autofree char *message = build ("x", text, SP_MESSAGE_TRANSPORT_8BITMIME, &uses_8bit);
  g_autofree char *headers = NULL;
  g_autofree char *body = NULL;
  g_autofree char *cte = NULL;

  g_assert_true (uses_8bit);
  split_message (message, &headers, &body);
  cte = find_header (headers, "Content-Transfer-Encoding");
  g_assert_cmpstr (cte, ==, "8bit");
  g_assert_cmpstr (body, ==, text);
  /* the headers stay ASCII */
  g_assert_true (is_ascii (headers));

  /* uses_8bit may be NULL */
  g_clear_pointer (&message, g_free);
  message = build ("x", text, SP_MESSAGE_TRANSPORT_8BITMIME, NULL);
  g_assert_nonnull (message);
}

static void
test_long_lines (void)
{
  g_autofree char *long_ascii = g_strnfill (2000, 'a');
  g_autofree char *at_limit = g_strnfill (990, 'b');
  GString *long_utf8 = g_string_new (NULL);
  g_autofree char *long_utf8_text = NULL;
  guint i;

  for (i = 0; i < 600; i++)
    g_string_append (long_utf8, "ü");
  long_utf8_text = g_string_free (long_utf8, FALSE);

  for (i = 0; i < 2; i++)
    {
      SpMessageTransport transport = i == 0 ? SP_MESSAGE_TRANSPORT_7BIT
                                            : SP_MESSAGE_TRANSPORT_8BITMIME;
      const char *bodies[] = { long_ascii, long_utf8_text };
      guint j;

      for (j = 0; j < G_N_ELEMENTS (bodies); j++)
        {
          gboolean uses_8bit = TRUE;
          g_autofree char *message = build ("x", bodies[j], transport, &uses_8bit);
          g_autofree char *headers = NULL;
          g_autofree char *body = NULL;
          g_autofree char *cte = NULL;
          g_autofree char *decoded = NULL;
          g_autofree char *expected = g_strconcat (bodies[j], "\r\n", NULL);

          /* over 998 octets: quoted-printable on every transport */
          g_assert_false (uses_8bit);
          split_message (message, &headers, &body);
          cte = find_header (headers, "Content-Transfer-Encoding");
          g_assert_cmpstr (cte, ==, "quoted-printable");
          assert_lines_at_most (body, 76);
          decoded = decode_qp (body);
          g_assert_cmpstr (decoded, ==, expected);
        }
    }

  /* exactly 990 octets may still travel as it is */
  {
    g_autofree char *message = build ("x", at_limit, SP_MESSAGE_TRANSPORT_7BIT, NULL);
    g_autofree char *headers = NULL;
    g_autofree char *body = NULL;
    g_autofree char *cte = NULL;

    split_message (message, &headers, &body);
    cte = find_header (headers, "Content-Transfer-Encoding");
    g_assert_cmpstr (cte, ==, "7bit");
    assert_lines_at_most (body, 990);
  }
}

/* Sendmail folds body lines at 990 octets and Haraka at 992, although RFC
 * 5321 4.5.3.1.6 allows 998: a line between those limits would not be
 * stored as it was sent, so it is encoded too, and decodes back exactly. */
static void
test_lines_servers_fold (void)
{
  static const gsize lengths[] = { 991, 992, 993, 998 };

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    for (guint t = 0; t < 2; t++)
      {
        SpMessageTransport transport = t == 0 ? SP_MESSAGE_TRANSPORT_7BIT
                                              : SP_MESSAGE_TRANSPORT_8BITMIME;
        g_autofree char *line = g_strnfill (lengths[i], 'c');
        g_autofree char *text = g_strconcat ("Short first line\n", line, "\nlast", NULL);
        g_autofree char *expected = g_strconcat ("Short first line\r\n", line, "\r\nlast\r\n",
                                                 NULL);
        gboolean uses_8bit = TRUE;
        g_autofree char *message = build ("x", text, transport, &uses_8bit);
        g_autofree char *headers = NULL;
        g_autofree char *body = NULL;
        g_autofree char *cte = NULL;
        g_autofree char *decoded = NULL;

        g_test_message ("A line of %zu octets", lengths[i]);
        g_assert_false (uses_8bit);
        split_message (message, &headers, &body);
        cte = find_header (headers, "Content-Transfer-Encoding");
        g_assert_cmpstr (cte, ==, "quoted-printable");
        assert_lines_at_most (body, 76);
        assert_lines_at_most (message, 990);
        decoded = decode_qp (body);
        g_assert_cmpstr (decoded, ==, expected);
      }
}

static void
test_crlf_normalisation (void)
{
  struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "a\nb\r\nc\rd", "a\r\nb\r\nc\r\nd\r\n" },
    { "no end", "no end\r\n" },
    { "\n", "\r\n" },
    { "\r\r\n\n", "\r\n\r\n\r\n" },
    { "x\n\n\ny\n", "x\r\n\r\n\r\ny\r\n" },
    { "", "" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = build ("x", cases[i].in, SP_MESSAGE_TRANSPORT_7BIT, NULL);
      g_autofree char *headers = NULL;
      g_autofree char *body = NULL;

      assert_no_bare_line_ends (message);
      split_message (message, &headers, &body);
      g_assert_cmpstr (body, ==, cases[i].out);
    }

  /* the same for quoted-printable: hard line ends are CRLF */
  {
    g_autofree char *message = build ("x", "é\né\ré", SP_MESSAGE_TRANSPORT_7BIT, NULL);
    g_autofree char *headers = NULL;
    g_autofree char *body = NULL;

    assert_no_bare_line_ends (message);
    split_message (message, &headers, &body);
    g_assert_cmpstr (body, ==, "=C3=A9\r\n=C3=A9\r\n=C3=A9\r\n");
  }
}

static void
test_header_injection (void)
{
  SpMessageParams params = {
    .from = "a@example.com\r\nBcc: victim@example.org",
    .to = "b@example.com\nX-Evil: 1",
    .subject = "hi\r\nBcc: victim@example.org\r\n\r\nfake body",
    .message_id = "<id@example.com>\rX-Evil: 2",
  };
  g_autofree char *message = sp_message_build (&params, SP_MESSAGE_TRANSPORT_7BIT, NULL);
  g_autofree char *headers = NULL;
  g_autofree char *body = NULL;

  assert_no_bare_line_ends (message);
  split_message (message, &headers, &body);
  g_assert_null (strstr (headers, "\nBcc:"));
  g_assert_null (strstr (headers, "\nX-Evil:"));
  g_assert_cmpstr (body, ==, "");
}

static void
test_subject_ascii (void)
{
  const char *long_subject =
    "This is a rather long subject line that goes on and on, well past the seventy-eight "
    "columns that RFC 5322 recommends for a header line, so it has to be folded";
  g_autofree char *short_value = sp_message_encode_header ("Subject", "Hello world");
  g_autofree char *long_value = sp_message_encode_header ("Subject", long_subject);
  g_autofree char *line = g_strconcat ("Subject: ", long_value, NULL);
  g_autofree char *unfolded = NULL;
  g_autofree char *empty = sp_message_encode_header ("Subject", "");
  g_auto(GStrv) pieces = NULL;

  g_assert_cmpstr (short_value, ==, "Hello world");
  g_assert_cmpstr (empty, ==, "");

  /* folded only at spaces, so unfolding gives the text back */
  g_assert_nonnull (strstr (long_value, "\r\n "));
  g_assert_null (strstr (long_value, "=?"));
  assert_lines_at_most (line, 78);
  pieces = g_strsplit (long_value, "\r\n", -1);
  unfolded = g_strjoinv ("", pieces);
  g_assert_cmpstr (unfolded, ==, long_subject);
}

static void
assert_subject_round_trip (const char *name,
                           const char *subject)
{
  g_autofree char *value = sp_message_encode_header (name, subject);
  g_autofree char *line = g_strconcat (name, ": ", value, NULL);
  g_autofree char *decoded = NULL;

  g_assert_true (is_ascii (value));
  assert_lines_at_most (line, 78);
  decoded = decode_encoded_words (value);
  g_assert_cmpstr (decoded, ==, subject);
}

static void
test_subject_encoded (void)
{
  const char *units[] = { "é", "日", "🎉", "a", " ü", "—" };
  guint u;
  guint n;

  assert_subject_round_trip ("Subject", "Grüße");
  assert_subject_round_trip ("Subject", "Test ✓ from SMTP Probe");
  assert_subject_round_trip ("Subject",
                             "日本語の件名はとても長くなることがあり、折り返しが必要になります。"
                             "さらに続く文章でエンコードされた単語の長さの制限を確認します。");

  /* every length from 1 to 120 units, for characters of 1 to 4 bytes, so
   * that a split inside a character would show up somewhere */
  for (u = 0; u < G_N_ELEMENTS (units); u++)
    {
      GString *s = g_string_new ("x");

      for (n = 1; n <= 120; n++)
        {
          g_string_append (s, units[u]);
          if (!is_ascii (s->str))
            assert_subject_round_trip ("Subject", s->str);
        }
      g_string_free (s, TRUE);
    }

  /* a long header name leaves less room on the first line */
  assert_subject_round_trip ("X-A-Rather-Long-Header-Name-For-Testing", "Ünïcödé tëxt");
}

static void
test_subject_lookalike (void)
{
  /* ASCII that a reader would decode must be encoded itself */
  const char *tricky = "=?UTF-8?B?SGk=?= is not what it seems";
  g_autofree char *value = sp_message_encode_header ("Subject", tricky);
  g_autofree char *decoded = decode_encoded_words (value);
  g_autofree char *long_word = g_strnfill (120, 'w');
  g_autofree char *long_value = sp_message_encode_header ("Subject", long_word);
  g_autofree char *long_line = g_strconcat ("Subject: ", long_value, NULL);
  g_autofree char *long_decoded = decode_encoded_words (long_value);

  g_assert_cmpstr (decoded, ==, tricky);

  /* a word too long to fold goes into encoded words instead */
  assert_lines_at_most (long_line, 78);
  g_assert_cmpstr (long_decoded, ==, long_word);
}

static void
test_subject_in_message (void)
{
  const char *subject = "Prüfung der Zustellung über SMTP Probe mit einem längeren Betreff";
  g_autofree char *message = build (subject, "x", SP_MESSAGE_TRANSPORT_8BITMIME, NULL);
  g_autofree char *headers = NULL;
  g_autofree char *body = NULL;
  g_autofree char *value = NULL;
  g_autofree char *decoded = NULL;

  split_message (message, &headers, &body);
  g_assert_true (is_ascii (headers));
  assert_lines_at_most (headers, 78);
  value = find_header (headers, "Subject");
  decoded = decode_encoded_words (value);
  g_assert_cmpstr (decoded, ==, subject);
}

static void
test_encode_qp (void)
{
  struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "", "" },
    { "plain text", "plain text" },
    { "a=b", "a=3Db" },
    { "trailing space ", "trailing space=20" },
    { "trailing tab\t", "trailing tab=09" },
    { "space \r\nnext", "space=20\r\nnext" },
    { "inner \t spaces", "inner \t spaces" },
    { "é", "=C3=A9" },
    { "line\nbreaks\r\n", "line\r\nbreaks\r\n" },
    { ".dot", ".dot" },
    { "\x01\x7f", "=01=7F" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *encoded = sp_message_encode_qp (cases[i].in);

      g_assert_cmpstr (encoded, ==, cases[i].out);
    }
}

static void
test_encode_qp_soft_breaks (void)
{
  guint len;

  /* lengths around the 76 limit, with a multi-byte character at every spot */
  for (len = 60; len < 240; len++)
    {
      guint pos;

      for (pos = 0; pos < len; pos += 7)
        {
          GString *s = g_string_new (NULL);
          g_autofree char *encoded = NULL;
          g_autofree char *decoded = NULL;
          guint k;

          for (k = 0; k < len; k++)
            {
              if (k == pos)
                g_string_append (s, "€");
              else if (k % 13 == 0)
                g_string_append_c (s, ' ');
              else if (k % 17 == 0)
                g_string_append_c (s, '=');
              else
                g_string_append_c (s, 'a' + (k % 26));
            }
          g_string_append_c (s, ' ');

          encoded = sp_message_encode_qp (s->str);
          assert_lines_at_most (encoded, 76);
          g_assert_true (is_ascii (encoded));
          decoded = decode_qp (encoded);
          g_assert_cmpstr (decoded, ==, s->str);
          g_string_free (s, TRUE);
        }
    }
}

static void
assert_stuffed (const char *in,
                const char *expected)
{
  g_autoptr(GBytes) bytes = sp_message_dot_stuff (in);
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *out = g_strndup (data, size);
  const char *first_end;

  g_assert_cmpstr (out, ==, expected);
  /* the terminator appears exactly once, at the very end */
  g_assert_true (g_str_has_suffix (out, ".\r\n"));
  g_assert_true (size == 3 || g_str_has_suffix (out, "\r\n.\r\n"));
  first_end = strstr (out, "\r\n.\r\n");
  g_assert_true (size == 3 || first_end == out + size - 5);
  g_assert_false (g_str_has_prefix (out, ".\r\n") && size > 3);
}

static void
test_dot_stuff (void)
{
  assert_stuffed ("", ".\r\n");
  assert_stuffed ("hello\r\n", "hello\r\n.\r\n");
  assert_stuffed ("hello", "hello\r\n.\r\n");
  assert_stuffed (".\r\n", "..\r\n.\r\n");
  assert_stuffed ("..\r\n", "...\r\n.\r\n");
  assert_stuffed (".x\r\n", "..x\r\n.\r\n");
  assert_stuffed ("a\r\n.\r\nb\r\n", "a\r\n..\r\nb\r\n.\r\n");
  assert_stuffed ("a\r\n..\r\n.x\r\nx.\r\n", "a\r\n...\r\n..x\r\nx.\r\n.\r\n");
  /* first line and last line, with and without the final CRLF */
  assert_stuffed (".first\r\nmiddle\r\n.last", "..first\r\nmiddle\r\n..last\r\n.\r\n");
  assert_stuffed (".first\r\nmiddle\r\n.", "..first\r\nmiddle\r\n..\r\n.\r\n");
  assert_stuffed ("a. b .c\r\n", "a. b .c\r\n.\r\n");
  assert_stuffed ("\r\n\r\n", "\r\n\r\n.\r\n");
  /* bare line ends are normalised, so a lone "." cannot sneak through
   * on a server that accepts them (SMTP smuggling) */
  assert_stuffed ("a\n.\nb", "a\r\n..\r\nb\r\n.\r\n");
  assert_stuffed ("a\r.\rb\r\n", "a\r\n..\r\nb\r\n.\r\n");
  assert_stuffed ("a\r\n.\n", "a\r\n..\r\n.\r\n");
}

static void
test_dot_stuff_message (void)
{
  g_autofree char *message = build ("x", ".\n..\n.x\nend\n.", SP_MESSAGE_TRANSPORT_7BIT, NULL);
  g_autoptr(GBytes) bytes = sp_message_dot_stuff (message);
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *out = g_strndup (data, size);
  const char *body = strstr (out, "\r\n\r\n");

  g_assert_nonnull (body);
  g_assert_cmpstr (body + 4, ==, "..\r\n...\r\n..x\r\nend\r\n..\r\n.\r\n");
}

static void
test_data_file_body (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "message-body-utf8.txt",
                                                 NULL);
  g_autofree char *contents = NULL;
  g_autofree char *message = NULL;
  g_autofree char *headers = NULL;
  g_autofree char *body = NULL;
  g_autofree char *decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *expected = NULL;
  gboolean uses_8bit = TRUE;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  message = build ("x", contents, SP_MESSAGE_TRANSPORT_7BIT, &uses_8bit);
  g_assert_false (uses_8bit);
  split_message (message, &headers, &body);
  assert_lines_at_most (body, 76);
  decoded = decode_qp (body);

  /* the file uses LF line ends */
  lines = g_strsplit (contents, "\n", -1);
  expected = g_strjoinv ("\r\n", lines);
  g_assert_cmpstr (decoded, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/message/headers", test_headers);
  g_test_add_func ("/sp/message/date", test_date);
  g_test_add_func ("/sp/message/date-now", test_date_now);
  g_test_add_func ("/sp/message/message-id", test_message_id);
  g_test_add_func ("/sp/message/generate-id", test_generate_id);
  g_test_add_func ("/sp/message/ascii-body", test_ascii_body);
  g_test_add_func ("/sp/message/qp-on-7bit", test_qp_on_7bit);
  g_test_add_func ("/sp/message/8bit-on-8bitmime", test_8bit_on_8bitmime);
  g_test_add_func ("/sp/message/long-lines", test_long_lines);
  g_test_add_func ("/sp/message/lines-servers-fold", test_lines_servers_fold);
  g_test_add_func ("/sp/message/crlf-normalisation", test_crlf_normalisation);
  g_test_add_func ("/sp/message/header-injection", test_header_injection);
  g_test_add_func ("/sp/message/subject-ascii", test_subject_ascii);
  g_test_add_func ("/sp/message/subject-encoded", test_subject_encoded);
  g_test_add_func ("/sp/message/subject-lookalike", test_subject_lookalike);
  g_test_add_func ("/sp/message/subject-in-message", test_subject_in_message);
  g_test_add_func ("/sp/message/encode-qp", test_encode_qp);
  g_test_add_func ("/sp/message/encode-qp-soft-breaks", test_encode_qp_soft_breaks);
  g_test_add_func ("/sp/message/dot-stuff", test_dot_stuff);
  g_test_add_func ("/sp/message/dot-stuff-message", test_dot_stuff_message);
  g_test_add_func ("/sp/message/data-file-body", test_data_file_body);

  return g_test_run ();
}
