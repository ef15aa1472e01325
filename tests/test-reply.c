/* test-reply.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-reply"

#include "config.h"

#include <string.h>

#include "sp-reply.h"

static SpReply *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  SpReply *reply = sp_reply_new_from_text (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);

  return reply;
}

static void
assert_parse_fails (const char   *text,
                    SpReplyError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpReply) reply = sp_reply_new_from_text (text, &error);

  g_assert_error (error, SP_REPLY_ERROR, (gint) code);
  g_assert_null (reply);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

/* No byte of an error message may be a control character, whatever the
 * server sent. */
static void
assert_message_safe (const char *message)
{
  const char *p;

  g_assert_true (g_utf8_validate (message, -1, NULL));
  for (p = message; *p != '\0'; p++)
    g_assert_true ((guchar) *p >= 0x20 && *p != 0x7f);
}

static void
test_single_line (void)
{
  g_autoptr(SpReply) reply = parse_ok ("250 2.1.0 Ok\r\n");
  g_autofree char *text = NULL;

  g_assert_cmpuint (sp_reply_get_code (reply), ==, 250);
  g_assert_cmpint (sp_reply_get_class (reply), ==, SP_REPLY_CLASS_SUCCESS);
  g_assert_true (sp_reply_is_success (reply));
  g_assert_cmpuint (sp_reply_get_n_lines (reply), ==, 1);
  g_assert_cmpstr (sp_reply_get_lines (reply)[0], ==, "250 2.1.0 Ok");
  g_assert_null (sp_reply_get_lines (reply)[1]);
  g_assert_cmpstr (sp_reply_get_texts (reply)[0], ==, "Ok");
  g_assert_null (sp_reply_get_texts (reply)[1]);
  g_assert_cmpstr (sp_reply_get_enhanced_code (reply), ==, "2.1.0");
  text = sp_reply_dup_text (reply);
  g_assert_cmpstr (text, ==, "Ok");
}

static void
test_multi_line (void)
{
  g_autoptr(SpReply) reply = NULL;
  g_autofree char *text = NULL;
  const char * const *texts;

  reply = parse_ok ("550-5.1.1 The email account that you tried to reach does not exist.\r\n"
                    "550-5.1.1 Please try double-checking the recipient's email\r\n"
                    "550 5.1.1 address for typos. x1-2 - gsmtp\r\n");

  g_assert_cmpuint (sp_reply_get_code (reply), ==, 550);
  g_assert_cmpint (sp_reply_get_class (reply), ==, SP_REPLY_CLASS_PERMANENT);
  g_assert_false (sp_reply_is_success (reply));
  g_assert_cmpuint (sp_reply_get_n_lines (reply), ==, 3);
  g_assert_cmpstr (sp_reply_get_enhanced_code (reply), ==, "5.1.1");

  texts = sp_reply_get_texts (reply);
  g_assert_cmpstr (texts[0], ==, "The email account that you tried to reach does not exist.");
  g_assert_cmpstr (texts[1], ==, "Please try double-checking the recipient's email");
  g_assert_cmpstr (texts[2], ==, "address for typos. x1-2 - gsmtp");
  g_assert_null (texts[3]);
  g_assert_cmpstr (sp_reply_get_lines (reply)[1], ==,
                   "550-5.1.1 Please try double-checking the recipient's email");

  text = sp_reply_dup_text (reply);
  g_assert_cmpstr (text, ==,
                   "The email account that you tried to reach does not exist. "
                   "Please try double-checking the recipient's email "
                   "address for typos. x1-2 - gsmtp");
}

static void
test_lf_only (void)
{
  g_autoptr(SpReply) reply = parse_ok ("220-first\n220 second");

  g_assert_cmpuint (sp_reply_get_code (reply), ==, 220);
  g_assert_cmpuint (sp_reply_get_n_lines (reply), ==, 2);
  g_assert_cmpstr (sp_reply_get_lines (reply)[0], ==, "220-first");
  g_assert_cmpstr (sp_reply_get_lines (reply)[1], ==, "220 second");
  g_assert_null (sp_reply_get_enhanced_code (reply));
}

static void
test_bare_code (void)
{
  g_autoptr(SpReply) reply = parse_ok ("250");
  g_autoptr(SpReply) reply2 = parse_ok ("354\r\n");
  g_autoptr(SpReply) reply3 = parse_ok ("250-mx.example.test\r\n250\r\n");
  g_autofree char *text = NULL;
  g_autofree char *text3 = NULL;

  g_assert_cmpuint (sp_reply_get_code (reply), ==, 250);
  g_assert_cmpstr (sp_reply_get_texts (reply)[0], ==, "");
  g_assert_null (sp_reply_get_enhanced_code (reply));
  text = sp_reply_dup_text (reply);
  g_assert_cmpstr (text, ==, "");

  g_assert_cmpuint (sp_reply_get_code (reply2), ==, 354);
  g_assert_cmpint (sp_reply_get_class (reply2), ==, SP_REPLY_CLASS_INTERMEDIATE);
  g_assert_false (sp_reply_is_success (reply2));

  g_assert_cmpuint (sp_reply_get_n_lines (reply3), ==, 2);
  text3 = sp_reply_dup_text (reply3);
  g_assert_cmpstr (text3, ==, "mx.example.test");
}

static void
test_classes (void)
{
  struct {
    const char   *text;
    guint         code;
    SpReplyClass  klass;
  } cases[] = {
    { "220 ready", 220, SP_REPLY_CLASS_SUCCESS },
    { "334 VXNlcm5hbWU6", 334, SP_REPLY_CLASS_INTERMEDIATE },
    { "421 4.7.0 closing", 421, SP_REPLY_CLASS_TRANSIENT },
    { "554 5.7.1 rejected", 554, SP_REPLY_CLASS_PERMANENT },
    { "559 x", 559, SP_REPLY_CLASS_PERMANENT },
    { "200", 200, SP_REPLY_CLASS_SUCCESS },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpReply) reply = parse_ok (cases[i].text);

      g_assert_cmpuint (sp_reply_get_code (reply), ==, cases[i].code);
      g_assert_cmpint (sp_reply_get_class (reply), ==, cases[i].klass);
    }

  g_assert_cmpstr (sp_reply_class_to_string (SP_REPLY_CLASS_SUCCESS), ==, "success");
  g_assert_cmpstr (sp_reply_class_to_string (SP_REPLY_CLASS_INTERMEDIATE), ==, "intermediate");
  g_assert_cmpstr (sp_reply_class_to_string (SP_REPLY_CLASS_TRANSIENT), ==, "transient");
  g_assert_cmpstr (sp_reply_class_to_string (SP_REPLY_CLASS_PERMANENT), ==, "permanent");
  g_assert_cmpstr (sp_reply_class_to_string (SP_REPLY_CLASS_LOCAL), ==, "local");

  /* LC_ALL=C.UTF-8 in the test environment: the English labels */
  g_assert_cmpstr (sp_reply_class_get_label (SP_REPLY_CLASS_SUCCESS), ==, "Success");
  g_assert_cmpstr (sp_reply_class_get_label (SP_REPLY_CLASS_INTERMEDIATE), ==,
                   "More input needed");
  g_assert_cmpstr (sp_reply_class_get_label (SP_REPLY_CLASS_TRANSIENT), ==,
                   "Temporary failure");
  g_assert_cmpstr (sp_reply_class_get_label (SP_REPLY_CLASS_PERMANENT), ==,
                   "Permanent failure");
  g_assert_cmpstr (sp_reply_class_get_label (SP_REPLY_CLASS_LOCAL), ==, "Note");
}

static void
test_enhanced_codes (void)
{
  struct {
    const char *text;
    const char *enhanced;  /* NULL: none */
    const char *first_text;
  } cases[] = {
    { "250 2.0.0 Ok: queued as 4F1C2", "2.0.0", "Ok: queued as 4F1C2" },
    { "550 5.7.1", "5.7.1", "" },
    { "451 4.3.0 ", "4.3.0", "" },
    { "550 5.123.456 odd but valid", "5.123.456", "odd but valid" },
    /* too many digits: text, not a code */
    { "550 5.1234.1 x", NULL, "5.1234.1 x" },
    { "550 5.1.1234 x", NULL, "5.1.1234 x" },
    /* class 3 does not exist in RFC 3463 */
    { "354 3.0.0 go", NULL, "3.0.0 go" },
    /* a code must be followed by a space or the end */
    { "550 5.1.1: no", NULL, "5.1.1: no" },
    { "220 5.6.7.8 ESMTP", NULL, "5.6.7.8 ESMTP" },
    { "550 5..1 x", NULL, "5..1 x" },
    { "550 5.1. x", NULL, "5.1. x" },
    { "550 .1.1 x", NULL, ".1.1 x" },
    { "220 mx.example.test ESMTP Postfix", NULL, "mx.example.test ESMTP Postfix" },
    { "250 Ok", NULL, "Ok" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpReply) reply = parse_ok (cases[i].text);

      g_test_message ("case %u: %s", i, cases[i].text);
      g_assert_cmpstr (sp_reply_get_enhanced_code (reply), ==, cases[i].enhanced);
      g_assert_cmpstr (sp_reply_get_texts (reply)[0], ==, cases[i].first_text);
      g_assert_cmpstr (sp_reply_get_lines (reply)[0], ==, cases[i].text);
    }
}

static void
test_enhanced_partial (void)
{
  g_autoptr(SpReply) first_only = NULL;
  g_autoptr(SpReply) last_only = NULL;
  g_autoptr(SpReply) mismatch = NULL;
  g_autoptr(SpReply) none = NULL;

  /* lines without a code do not count against the others */
  first_only = parse_ok ("550-5.7.1 Service unavailable; client blocked\r\n"
                         "550-see https://example.test/why\r\n"
                         "550 please contact your provider\r\n");
  g_assert_cmpstr (sp_reply_get_enhanced_code (first_only), ==, "5.7.1");
  g_assert_cmpstr (sp_reply_get_texts (first_only)[0], ==, "Service unavailable; client blocked");
  g_assert_cmpstr (sp_reply_get_texts (first_only)[1], ==, "see https://example.test/why");

  last_only = parse_ok ("451-Greylisted\r\n451 4.7.1 try again later\r\n");
  g_assert_cmpstr (sp_reply_get_enhanced_code (last_only), ==, "4.7.1");
  g_assert_cmpstr (sp_reply_get_texts (last_only)[0], ==, "Greylisted");
  g_assert_cmpstr (sp_reply_get_texts (last_only)[1], ==, "try again later");

  /* disagreeing lines: the last line's code wins, each text is stripped */
  mismatch = parse_ok ("550-5.1.1 first\r\n550-5.2.2 second\r\n550 5.7.1 third\r\n");
  g_assert_cmpstr (sp_reply_get_enhanced_code (mismatch), ==, "5.7.1");
  g_assert_cmpstr (sp_reply_get_texts (mismatch)[0], ==, "first");
  g_assert_cmpstr (sp_reply_get_texts (mismatch)[1], ==, "second");
  g_assert_cmpstr (sp_reply_get_texts (mismatch)[2], ==, "third");

  none = parse_ok ("250-a\r\n250-b\r\n250 c\r\n");
  g_assert_null (sp_reply_get_enhanced_code (none));
}

static void
test_malformed (void)
{
  const char *cases[] = {
    "",
    "hello",
    "25",
    "2500 ok",
    "250_ok",
    "250:ok",
    "abc ok",
    "25a ok",
    " 250 ok",
    "250\tok",
    "HTTP/1.1 400 Bad Request",
    "SSH-2.0-OpenSSH_9.2",
    /* incomplete: the last line is a continuation */
    "250-first\r\n250-second\r\n",
    "250-first",
    /* text after the end of the reply */
    "250 one\r\n250 two\r\n",
    "250 done\r\n\r\n",
    /* a good first line, then garbage */
    "250-first\r\nnot smtp\r\n250 end\r\n",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      assert_parse_fails (cases[i], SP_REPLY_ERROR_MALFORMED);
    }
}

static void
test_code_range (void)
{
  const char *cases[] = {
    "100 continue",
    "199 x",
    "600 x",
    "999 x",
    "000 x",
    "160 x",
    "260 too big second digit",
    "299 x",
    "590 x",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u: %s", i, cases[i]);
      assert_parse_fails (cases[i], SP_REPLY_ERROR_CODE_RANGE);
    }

  /* the edges that are in range */
  {
    g_autoptr(SpReply) low = parse_ok ("200 low");
    g_autoptr(SpReply) high = parse_ok ("559 high");

    g_assert_cmpuint (sp_reply_get_code (low), ==, 200);
    g_assert_cmpuint (sp_reply_get_code (high), ==, 559);
  }
}

static void
test_code_mismatch (void)
{
  assert_parse_fails ("250-first\r\n251 second\r\n", SP_REPLY_ERROR_CODE_MISMATCH);
  assert_parse_fails ("220-hello\r\n250 hi\r\n", SP_REPLY_ERROR_CODE_MISMATCH);
  assert_parse_fails ("550-a\r\n550-b\r\n450 c\r\n", SP_REPLY_ERROR_CODE_MISMATCH);
}

static void
test_cr_handling (void)
{
  g_autoptr(SpReplyParser) parser = sp_reply_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SpReply) reply = NULL;
  g_autoptr(SpReply) inner = NULL;

  /* a caller that split on LF leaves the CR on: it is not part of the line */
  g_assert_true (sp_reply_parser_push_line (parser, "250-one\r", -1, &error));
  g_assert_no_error (error);
  g_assert_true (sp_reply_parser_push_line (parser, "250\r", -1, &error));
  g_assert_no_error (error);
  g_assert_true (sp_reply_parser_is_complete (parser));
  reply = sp_reply_parser_take_reply (parser);
  g_assert_cmpstr (sp_reply_get_lines (reply)[0], ==, "250-one");
  g_assert_cmpstr (sp_reply_get_lines (reply)[1], ==, "250");
  g_assert_cmpstr (sp_reply_get_texts (reply)[0], ==, "one");

  /* a CR inside a line stays in the raw line but never in the text */
  inner = parse_ok ("250 a\rb\r\n");
  g_assert_cmpstr (sp_reply_get_lines (inner)[0], ==, "250 a\rb");
  g_assert_null (strchr (sp_reply_get_texts (inner)[0], '\r'));
  g_assert_true (g_str_has_prefix (sp_reply_get_texts (inner)[0], "a"));
  g_assert_true (g_str_has_suffix (sp_reply_get_texts (inner)[0], "b"));
}

static void
test_parser_incremental (void)
{
  g_autoptr(SpReplyParser) parser = sp_reply_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SpReply) first = NULL;
  g_autoptr(SpReply) second = NULL;
  g_autoptr(SpReply) third = NULL;
  const char *with_tail = "250 ok and some tail";

  g_assert_false (sp_reply_parser_is_complete (parser));

  g_assert_true (sp_reply_parser_push_line (parser, "250-mx.example.test", -1, &error));
  g_assert_false (sp_reply_parser_is_complete (parser));
  g_assert_true (sp_reply_parser_push_line (parser, "250-PIPELINING", -1, &error));
  g_assert_false (sp_reply_parser_is_complete (parser));
  g_assert_true (sp_reply_parser_push_line (parser, "250 8BITMIME", -1, &error));
  g_assert_no_error (error);
  g_assert_true (sp_reply_parser_is_complete (parser));

  first = sp_reply_parser_take_reply (parser);
  g_assert_cmpuint (sp_reply_get_n_lines (first), ==, 3);
  g_assert_cmpstr (sp_reply_get_texts (first)[2], ==, "8BITMIME");
  /* taking resets the parser */
  g_assert_false (sp_reply_parser_is_complete (parser));

  /* @len limits the line */
  g_assert_true (sp_reply_parser_push_line (parser, with_tail, 6, &error));
  g_assert_true (sp_reply_parser_is_complete (parser));
  second = sp_reply_parser_take_reply (parser);
  g_assert_cmpstr (sp_reply_get_lines (second)[0], ==, "250 ok");

  /* an error leaves the parser as it was; a reset clears it */
  g_assert_true (sp_reply_parser_push_line (parser, "550-one", -1, &error));
  g_assert_false (sp_reply_parser_push_line (parser, "551 two", -1, &error));
  g_assert_error (error, SP_REPLY_ERROR, SP_REPLY_ERROR_CODE_MISMATCH);
  g_clear_error (&error);
  g_assert_false (sp_reply_parser_is_complete (parser));
  g_assert_true (sp_reply_parser_push_line (parser, "550 two", -1, &error));
  g_assert_true (sp_reply_parser_is_complete (parser));

  /* a line after an untaken complete reply starts a new one */
  g_assert_true (sp_reply_parser_push_line (parser, "221 bye", -1, &error));
  third = sp_reply_parser_take_reply (parser);
  g_assert_cmpuint (sp_reply_get_code (third), ==, 221);
  g_assert_cmpuint (sp_reply_get_n_lines (third), ==, 1);

  g_assert_true (sp_reply_parser_push_line (parser, "354-x", -1, &error));
  sp_reply_parser_reset (parser);
  g_assert_true (sp_reply_parser_push_line (parser, "250 fresh", -1, &error));
  g_assert_no_error (error);
  g_assert_true (sp_reply_parser_is_complete (parser));

  /* NUL inside the given length is not an SMTP line */
  g_assert_false (sp_reply_parser_push_line (parser, "250 a\0b", 7, &error));
  g_assert_error (error, SP_REPLY_ERROR, SP_REPLY_ERROR_MALFORMED);
}

static void
test_line_length_limit (void)
{
  g_autoptr(SpReplyParser) parser = sp_reply_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *fits = NULL;
  g_autofree char *too_long = NULL;
  g_autofree char *fits_cr = NULL;
  g_autoptr(SpReply) reply = NULL;

  fits = g_strnfill (SP_REPLY_MAX_LINE_LENGTH, 'x');
  memcpy (fits, "250 ", 4);
  too_long = g_strnfill (SP_REPLY_MAX_LINE_LENGTH + 1, 'x');
  memcpy (too_long, "250 ", 4);
  fits_cr = g_strconcat (fits, "\r", NULL);

  g_assert_true (sp_reply_parser_push_line (parser, fits, -1, &error));
  g_assert_no_error (error);
  reply = sp_reply_parser_take_reply (parser);
  g_assert_cmpuint (strlen (sp_reply_get_lines (reply)[0]), ==, SP_REPLY_MAX_LINE_LENGTH);

  /* the CR is a line end, not part of the length */
  g_assert_true (sp_reply_parser_push_line (parser, fits_cr, -1, &error));
  g_assert_no_error (error);
  sp_reply_parser_reset (parser);

  g_assert_false (sp_reply_parser_push_line (parser, too_long, -1, &error));
  g_assert_error (error, SP_REPLY_ERROR, SP_REPLY_ERROR_TOO_LONG);
  g_clear_error (&error);

  assert_parse_fails (too_long, SP_REPLY_ERROR_TOO_LONG);
}

static void
test_line_count_limit (void)
{
  GString *text = g_string_new (NULL);
  g_autofree char *at_limit = NULL;
  g_autofree char *over = NULL;
  g_autoptr(SpReply) reply = NULL;
  guint i;

  for (i = 0; i < SP_REPLY_MAX_LINES - 1; i++)
    g_string_append_printf (text, "250-line %u\r\n", i);
  at_limit = g_strconcat (text->str, "250 last\r\n", NULL);
  g_string_append (text, "250-one more\r\n250 last\r\n");
  over = g_string_free (text, FALSE);

  reply = parse_ok (at_limit);
  g_assert_cmpuint (sp_reply_get_n_lines (reply), ==, SP_REPLY_MAX_LINES);

  assert_parse_fails (over, SP_REPLY_ERROR_TOO_MANY_LINES);
}

static void
test_byte_limit (void)
{
  g_autoptr(SpReplyParser) parser = sp_reply_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gsize total = 0;
  guint pushed = 0;

  /* long lines reach the byte limit before the line limit */
  line = g_strnfill (SP_REPLY_MAX_LINE_LENGTH - 2, 'y');
  memcpy (line, "250-", 4);
  g_assert_cmpuint ((SP_REPLY_MAX_BYTES / SP_REPLY_MAX_LINE_LENGTH) + 1, <, SP_REPLY_MAX_LINES);

  while (sp_reply_parser_push_line (parser, line, -1, &error))
    {
      total += strlen (line) + 2;
      pushed++;
      g_assert_cmpuint (pushed, <, SP_REPLY_MAX_LINES);
    }

  g_assert_error (error, SP_REPLY_ERROR, SP_REPLY_ERROR_TOO_MANY_LINES);
  g_assert_cmpuint (total, <=, SP_REPLY_MAX_BYTES);
  g_assert_cmpuint (total + strlen (line) + 2, >, SP_REPLY_MAX_BYTES);
  g_assert_false (sp_reply_parser_is_complete (parser));
}

static void
test_hostile_quoting (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpReply) reply = NULL;
  g_autofree char *huge = NULL;
  const char *evil = "\x1b]0;pwned\x07\x1b[2J garbage\xff\xfe";

  /* escape sequences must not reach a terminal through the message */
  reply = sp_reply_new_from_text (evil, &error);
  g_assert_null (reply);
  g_assert_error (error, SP_REPLY_ERROR, SP_REPLY_ERROR_MALFORMED);
  assert_message_safe (error->message);
  g_assert_nonnull (strstr (error->message, "\\x1B"));
  g_assert_nonnull (strstr (error->message, "garbage"));
  g_clear_error (&error);

  /* only a short excerpt of a long line is quoted */
  huge = g_strnfill (3000, 'Z');
  reply = sp_reply_new_from_text (huge, &error);
  g_assert_null (reply);
  g_assert_error (error, SP_REPLY_ERROR, SP_REPLY_ERROR_MALFORMED);
  g_assert_cmpuint (strlen (error->message), <, 400);
  g_assert_nonnull (strstr (error->message, "…"));
  g_clear_error (&error);

  reply = sp_reply_new_from_text ("250-ok\r\n999 \x1b[31mred\r\n", &error);
  g_assert_error (error, SP_REPLY_ERROR, SP_REPLY_ERROR_CODE_RANGE);
  assert_message_safe (error->message);
  g_clear_error (&error);

  reply = sp_reply_new_from_text ("250-ok\r\n550 \x1b[31mred\r\n", &error);
  g_assert_error (error, SP_REPLY_ERROR, SP_REPLY_ERROR_CODE_MISMATCH);
  assert_message_safe (error->message);
}

static void
test_hostile_texts (void)
{
  g_autoptr(SpReply) reply = NULL;
  g_autofree char *joined = NULL;
  const char *text;

  /* invalid UTF-8 and control characters never reach the texts */
  reply = parse_ok ("250-caf\xe9 \x1b[2J\r\n250 tab\there\r\n");
  g_assert_cmpstr (sp_reply_get_lines (reply)[0], ==, "250-caf\xe9 \x1b[2J");
  text = sp_reply_get_texts (reply)[0];
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_null (strchr (text, '\x1b'));
  g_assert_true (g_str_has_prefix (text, "caf"));
  g_assert_cmpstr (sp_reply_get_texts (reply)[1], ==, "tab here");

  joined = sp_reply_dup_text (reply);
  assert_message_safe (joined);
}

/* Random bits of SMTP-like text: whatever comes, the parser either gives
 * a reply whose texts are safe or an error whose message is. */
static void
test_random_input (void)
{
  static const char * const atoms[] = {
    "250", "550", "-", " ", "\r\n", "\n", "\r", "2.1.0", "5.7.1", ".", "ok", "\x1b[2J",
    "\xff", "\xc3", "ü", "日", "\t", "999", "1", "", "  ",
  };
  guint iteration;

  for (iteration = 0; iteration < 20000; iteration++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(SpReply) reply = NULL;
      gint n = g_test_rand_int_range (0, 12);
      gint i;

      for (i = 0; i < n; i++)
        g_string_append (text, atoms[g_test_rand_int_range (0, G_N_ELEMENTS (atoms))]);

      reply = sp_reply_new_from_text (text->str, &error);
      if (reply == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == SP_REPLY_ERROR);
          assert_message_safe (error->message);
          continue;
        }

      g_assert_no_error (error);
      g_assert_cmpuint (sp_reply_get_code (reply), >=, 200);
      g_assert_cmpuint (sp_reply_get_code (reply), <=, 559);
      g_assert_cmpuint (sp_reply_get_n_lines (reply), >, 0);
      for (i = 0; i < (gint) sp_reply_get_n_lines (reply); i++)
        {
          const char *t = sp_reply_get_texts (reply)[i];

          g_assert_true (g_utf8_validate (t, -1, NULL));
          assert_message_safe (t);
        }
    }
}

static void
test_boxed (void)
{
  g_autoptr(SpReply) reply = parse_ok ("250 ok");
  SpReply *copy;
  SpReply *ref;

  g_assert_true (G_TYPE_IS_BOXED (SP_TYPE_REPLY));
  g_assert_cmpstr (g_type_name (SP_TYPE_REPLY), ==, "SpReply");

  copy = g_boxed_copy (SP_TYPE_REPLY, reply);
  g_assert_true (copy == reply);
  ref = sp_reply_ref (reply);
  g_assert_true (ref == reply);
  sp_reply_unref (ref);
  g_boxed_free (SP_TYPE_REPLY, copy);

  g_assert_cmpuint (sp_reply_get_code (reply), ==, 250);
}

static void
test_data_file (void)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpReply) reply = NULL;

  path = g_test_build_filename (G_TEST_DIST, "data", "reply-gmail-550.txt", NULL);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  reply = parse_ok (contents);
  g_assert_cmpuint (sp_reply_get_code (reply), ==, 550);
  g_assert_cmpuint (sp_reply_get_n_lines (reply), ==, 5);
  g_assert_cmpstr (sp_reply_get_enhanced_code (reply), ==, "5.1.1");
  g_assert_cmpstr (sp_reply_get_texts (reply)[4], ==,
                   "https://support.example.test/mail/?p=NoSuchUser a1-20020 - gsmtp");
}

/* A table shows a reply whole; a sentence quotes it without its own
 * final full stop, since the sentence ends with one. */
static void
test_quote (void)
{
  g_autoptr(SpReply) stop = parse_ok ("550-5.1.1 The mailbox\r\n550 5.1.1 does not exist.\r\n");
  g_autoptr(SpReply) ellipsis = parse_ok ("451 Please wait...\r\n");
  g_autoptr(SpReply) plain = parse_ok ("250 OK\r\n");
  g_autofree char *stop_line = sp_reply_dup_one_line (stop);
  g_autofree char *stop_quote = sp_reply_dup_quote (stop);
  g_autofree char *ellipsis_quote = sp_reply_dup_quote (ellipsis);
  g_autofree char *plain_quote = sp_reply_dup_quote (plain);

  g_assert_cmpstr (stop_line, ==, "550 5.1.1 The mailbox does not exist.");
  g_assert_cmpstr (stop_quote, ==, "550 5.1.1 The mailbox does not exist");
  g_assert_cmpstr (ellipsis_quote, ==, "451 Please wait...");
  g_assert_cmpstr (plain_quote, ==, "250 OK");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/reply/single-line", test_single_line);
  g_test_add_func ("/sp/reply/multi-line", test_multi_line);
  g_test_add_func ("/sp/reply/lf-only", test_lf_only);
  g_test_add_func ("/sp/reply/bare-code", test_bare_code);
  g_test_add_func ("/sp/reply/classes", test_classes);
  g_test_add_func ("/sp/reply/enhanced-codes", test_enhanced_codes);
  g_test_add_func ("/sp/reply/enhanced-partial", test_enhanced_partial);
  g_test_add_func ("/sp/reply/malformed", test_malformed);
  g_test_add_func ("/sp/reply/code-range", test_code_range);
  g_test_add_func ("/sp/reply/code-mismatch", test_code_mismatch);
  g_test_add_func ("/sp/reply/cr-handling", test_cr_handling);
  g_test_add_func ("/sp/reply/parser-incremental", test_parser_incremental);
  g_test_add_func ("/sp/reply/line-length-limit", test_line_length_limit);
  g_test_add_func ("/sp/reply/line-count-limit", test_line_count_limit);
  g_test_add_func ("/sp/reply/byte-limit", test_byte_limit);
  g_test_add_func ("/sp/reply/hostile-quoting", test_hostile_quoting);
  g_test_add_func ("/sp/reply/hostile-texts", test_hostile_texts);
  g_test_add_func ("/sp/reply/random-input", test_random_input);
  g_test_add_func ("/sp/reply/boxed", test_boxed);
  g_test_add_func ("/sp/reply/quote", test_quote);
  g_test_add_func ("/sp/reply/data-file", test_data_file);

  return g_test_run ();
}
