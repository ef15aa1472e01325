/* test-escape.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* Server text is escaped the same way everywhere: no control, format,
 * direction or separator character a server sends reaches the terminal,
 * the transcript, the verdict or an export as itself. */

#include <string.h>

#include <glib/gstdio.h>

#include "sp-diagnosis.h"
#include "sp-export-private.h"
#include "sp-mx-result-private.h"
#include "sp-scripted-server.h"
#include "sp-test-cli.h"
#include "sp-test-probe.h"
#include "sp-test-transcript.h"
#include "sp-test-util.h"
#include "sp-text-private.h"

/* What the tests call hidden, from GLib's tables, independently of the
 * code under test. */
static gboolean
is_hidden (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
      return c != '\n' && c != '\t';
    case G_UNICODE_FORMAT:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return TRUE;
    case G_UNICODE_SPACE_SEPARATOR:
      return c != ' ';
    default:
      return c == 0x3164;
    }
}

/* Fails with the place of the first hidden character in @text. */
static void
assert_nothing_hidden (const char *what,
                       const char *text)
{
  const char *end = text + strlen (text);

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        g_error ("%s: invalid UTF-8 at byte %zu: …%.40s", what, (gsize) (p - text), p);
      if (is_hidden (c))
        g_error ("%s: U+%04X at byte %zu, after “%.*s”", what, c, (gsize) (p - text),
                 (int) MIN (p - text, 60), p - MIN (p - text, 60));
    }
}

static char *
expected_escape (gunichar c)
{
  char utf8[6];

  if (c < 0x20 || c == 0x7f)
    return g_strdup_printf ("\\x%02X", c);
  if (c >= 0x80 && c <= 0x9f)
    {
      g_unichar_to_utf8 (c, utf8);
      return g_strdup_printf ("\\x%02X\\x%02X", (guchar) utf8[0], (guchar) utf8[1]);
    }
  if (c <= 0xffff)
    return g_strdup_printf ("\\u%04X", c);
  return g_strdup_printf ("\\U%08X", c);
}

/* Every Cc, Cf, Zl and Zp code point of GLib's Unicode tables, in every
 * function that shows untrusted text, and in JSON (escaped there too, but
 * as JSON, so that a parser reads the original character). */
static void
test_every_hidden_char (void)
{
  guint n_checked = 0;

  for (gunichar c = 0; c <= 0x10ffff; c++)
    {
      GUnicodeType type = g_unichar_type (c);
      g_autofree char *input = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *form = NULL;
      g_autofree char *escaped = NULL;
      g_autofree char *sanitized = NULL;
      g_autofree char *excerpt = NULL;
      g_autofree char *twice = NULL;
      g_autofree char *json = NULL;
      g_autoptr(GVariant) parsed = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = NULL;
      char utf8[7] = { 0 };
      gsize len;

      if (c >= 0xd800 && c <= 0xdfff)
        continue;
      if (c == '\t' || (type != G_UNICODE_CONTROL && type != G_UNICODE_FORMAT &&
                        type != G_UNICODE_LINE_SEPARATOR &&
                        type != G_UNICODE_PARAGRAPH_SEPARATOR))
        continue;

      /* "a", the character (a NUL too), "b" */
      len = g_unichar_to_utf8 (c, utf8);
      input = g_malloc0 (len + 3);
      input[0] = 'a';
      memcpy (input + 1, utf8, len);
      input[len + 1] = 'b';
      len += 2;
      form = expected_escape (c);
      expected = g_strdup_printf ("a%sb", form);

      escaped = sp_transcript_escape_text (input, len);
      g_assert_cmpstr (escaped, ==, expected);
      sanitized = sp_transcript_sanitize_text (input, len);
      g_assert_cmpstr (sanitized, ==, expected);
      excerpt = _sp_text_quote_excerpt (input, len);
      g_assert_cmpstr (excerpt, ==, expected);
      /* Escaping twice changes nothing, so layers can each apply it. */
      twice = sp_transcript_escape_text (escaped, -1);
      g_assert_cmpstr (twice, ==, expected);

      if (c != 0)
        {
          /* The way the JSON export writes every string. */
          root = _sp_export_json_string_node (input);
          json = _sp_export_json_generate (root);
          assert_nothing_hidden ("JSON", json);
          parsed = sp_test_parse_json (json, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (g_variant_get_string (parsed, NULL), ==, input);
        }

      n_checked++;
    }

  /* Unicode 15 has 65 Cc, about 170 Cf and one each of Zl and Zp. */
  g_assert_cmpuint (n_checked, >, 200);
}

/* The characters the issue names, in case GLib's tables ever disagree
 * with Unicode about them, and the invisible ones that are not Cf. */
static void
test_named_chars (void)
{
  static const gunichar named[] = {
    0x061c, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
    0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff, 0xfff9,
    0xfffa, 0xfffb, 0xe0001, 0xe0020, 0xe0041, 0xe007f, 0x180e, 0x00ad, 0x2028, 0x2029,
    /* Other spaces, fillers that draw nothing, unassigned and
     * noncharacters. */
    0x00a0, 0x2007, 0x3000, 0x3164, 0x115f, 0xffa0, 0x034f, 0xfffe, 0x10ffff,
  };
  static const char * const visible[] = {
    "héllo wörld", "日本語のテキスト", "back\\slash", "emoji 😀 ✓", "עברית",
  };

  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    {
      char utf8[7] = { 0 };
      g_autofree char *escaped = NULL;

      g_unichar_to_utf8 (named[i], utf8);
      g_assert_true (_sp_text_char_is_hidden (named[i]));
      escaped = sp_transcript_escape_text (utf8, -1);
      g_assert_true (g_str_is_ascii (escaped));
      g_assert_true (escaped[0] == '\\');
    }

  /* A log line keeps its tabs; a one-line text (an excerpt in an error
   * message) does not. */
  {
    g_autofree char *escaped = sp_transcript_escape_text ("a\tb", -1);
    g_autofree char *excerpt = _sp_text_quote_excerpt ("a\tb", -1);

    g_assert_cmpstr (escaped, ==, "a\tb");
    g_assert_cmpstr (excerpt, ==, "a\\x09b");
  }

  for (guint i = 0; i < G_N_ELEMENTS (visible); i++)
    {
      g_autofree char *escaped = sp_transcript_escape_text (visible[i], -1);
      g_autofree char *excerpt = _sp_text_quote_excerpt (visible[i], -1);

      g_assert_cmpstr (escaped, ==, visible[i]);
      g_assert_cmpstr (excerpt, ==, visible[i]);
    }
}

/* The verdict and the attempts' details quote the server: they are kept
 * escaped, whoever reads them. */
static void
test_details_stored_escaped (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  SpAttempt *attempt;

  sp_test_begin_attempt (transcript, "mx\u202e.example.test", "127.0.0.1", 25);
  sp_attempt_end (sp_test_current_attempt (transcript), SP_VERDICT_PERMANENT, SP_STEP_RCPT,
                             "Refused: 550 \u2066evil\u2069 \u2028text");
  sp_transcript_set_verdict (transcript, SP_VERDICT_PERMANENT, SP_STEP_RCPT,
                             "Refused: 550 \u202eevil\ufeff\u061c");

  attempt = sp_transcript_get_attempt (transcript, 0);
  g_assert_cmpstr (sp_attempt_get_detail (attempt), ==,
                   "Refused: 550 \\u2066evil\\u2069 \\u2028text");
  g_assert_cmpstr (sp_transcript_get_verdict_detail (transcript), ==,
                   "Refused: 550 \\u202Eevil\\uFEFF\\u061C");
}

/* Names from DNS and certificate fields are no more trusted than replies:
 * the exports, the log lines the session makes of a certificate report
 * and its explanation show them escaped. */
static void
test_report_fields (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(SpMxResult) mx = sp_mx_result_new ("example.test");
  g_autoptr(SpTlsReport) report = sp_tls_report_new ("mx\u202e.example.test");
  g_autoptr(SpExplanation) explanation = NULL;
  g_auto(GStrv) lines = NULL;
  static const char * const names[] = { "mx\u2066.example.test", "evil\ufeff.test", NULL };
  static const SpExportFormat formats[] = {
    SP_EXPORT_FORMAT_TEXT, SP_EXPORT_FORMAT_HTML, SP_EXPORT_FORMAT_JSON,
  };

  sp_transcript_set_request (transcript, "kate@example.test", "helpdesk@example.org", FALSE);
  g_ptr_array_add (mx->hosts, _sp_mx_host_new (10, "mx\u202e.example.test"));
  g_ptr_array_add (mx->hosts, _sp_mx_host_new (20, "mx\u2028two.example.test"));
  sp_transcript_set_mx_result (transcript, mx);

  report->subject = g_strdup ("CN=mx\u202e.example.test,O=\u2067Evil\u2069");
  report->issuer = g_strdup ("CN=\u061cEvil CA\u200b");
  g_strfreev (report->dns_names);
  report->dns_names = g_strdupv ((char **) names);
  report->problems = SP_TLS_PROBLEM_NAME_MISMATCH | SP_TLS_PROBLEM_UNKNOWN_ISSUER;

  sp_test_begin_attempt (transcript, "mx\u202e.example.test", "127.0.0.1", 25);
  sp_attempt_set_tls_report (sp_test_current_attempt (transcript), report);
  /* As the session logs a report. */
  lines = sp_tls_report_format (report);
  for (guint i = 0; lines[i] != NULL; i++)
    sp_attempt_add_note (sp_test_current_attempt (transcript), SP_STEP_STARTTLS, "%s", lines[i]);
  sp_attempt_end (sp_test_current_attempt (transcript), SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE,
                  "Accepted.");
  sp_transcript_set_verdict (transcript, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE, "Accepted.");

  for (guint i = 0; i < sp_transcript_get_n_entries (transcript); i++)
    assert_nothing_hidden ("entry", sp_transcript_get_entry (transcript, i)->text);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *text = sp_export_to_string (transcript, formats[i]);

      assert_nothing_hidden ("export", text);
      g_assert_nonnull (strstr (text, "202E"));
      g_assert_nonnull (strstr (text, "2066"));
    }

  explanation = sp_diagnosis_explain_certificate (report);
  g_assert_nonnull (explanation);
  {
    g_autofree char *text = sp_explanation_format_text (explanation, "", 80, NULL, NULL);

    assert_nothing_hidden ("explanation", text);
  }
}

/* Every hidden character a server could use, as the "\xHH" escapes of
 * the scenario language: ESC, C1 NEL and CSI, NBSP, soft hyphen, Arabic
 * letter mark, Mongolian vowel separator, zero width space, LRM and RLM,
 * LRO and RLO, LRI, RLI, FSI and PDI, line and paragraph separators,
 * word joiner, Hangul filler, BOM and a tag character. */
#define HIDDEN \
  "\\x1b\\xc2\\x85\\xc2\\x9b\\xc2\\xa0\\xc2\\xad\\xd8\\x9c\\xe1\\xa0\\x8e" \
  "\\xe2\\x80\\x8b\\xe2\\x80\\x8e\\xe2\\x80\\x8f\\xe2\\x80\\xad\\xe2\\x80\\xae" \
  "\\xe2\\x81\\xa6\\xe2\\x81\\xa7\\xe2\\x81\\xa8\\xe2\\x81\\xa9" \
  "\\xe2\\x80\\xa8\\xe2\\x80\\xa9\\xe2\\x81\\xa0\\xe3\\x85\\xa4\\xef\\xbb\\xbf" \
  "\\xf3\\xa0\\x81\\x81"

#define HOSTILE_GREETING \
  "banner raw 220 mx.example.test " HIDDEN " ESMTP\\r\\n\n" \
  "on EHLO => raw 250-mx.example.test " HIDDEN "\\r\\n250-X" HIDDEN "KEY\\r\\n" \
  "250-8BITMIME\\r\\n250 SIZE" HIDDEN "1000\\r\\n\n"

typedef struct
{
  const char *path;
  const char *scenario;
  int         status;
  SpVerdict   verdict;
} HostileCase;

static const HostileCase hostile_cases[] = {
  { "/sp/escape/server/rcpt-refused",
    HOSTILE_GREETING "on RCPT => raw 550 5.1.1 " HIDDEN " no such user\\r\\n\n",
    8, SP_VERDICT_PERMANENT },
  { "/sp/escape/server/final-reply",
    HOSTILE_GREETING "on . => raw 250 2.0.0 " HIDDEN " queued as " HIDDEN "\\r\\n\n",
    0, SP_VERDICT_ACCEPTED },
};

static void
assert_file_safe (const char *dir,
                  const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  assert_nothing_hidden (name, contents);
  /* The server's text is there, escaped, not dropped. */
  g_assert_nonnull (strstr (contents, "202E"));
}

static void
test_hostile_server (gconstpointer data)
{
  const HostileCase *c = data;
  g_autoptr(SpScriptedServer) server = sp_test_scripted_start (c->scenario);
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpExplanation) explanation = NULL;
  g_autofree char *dir = sp_test_make_tmpdir ("escape");
  g_autofree char *server_text = NULL;
  SpTranscript *transcript;
  static const char * const outputs[][2] = {
    { "report.txt", "--color=never" },
    { "report.html", "--color=always" },
    { "report.json", "--json" },
  };

  server_text = g_strdup_printf ("127.0.0.1:%u", sp_scripted_server_get_port (server));

  /* The CLI, with each export; colour on once, since its escape
   * sequences must not let a server's through either. */
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_auto(SpTestCliResult) run = { 0 };
      const char *args[] = { "--server", server_text, "--from", "helpdesk@example.org",
                             "--output", outputs[i][0], outputs[i][1], "kate@example.test",
                             NULL };
      g_autofree char *out = NULL;

      sp_test_cli_run (args, dir, &run);
      g_assert_cmpint (run.status, ==, c->status);

      out = g_strconcat (run.out, run.err, NULL);
      if (g_str_equal (outputs[i][1], "--color=always"))
        {
          /* Our own colours are the only escape sequences allowed. */
          g_auto(GStrv) parts = g_strsplit (out, "\033[", -1);

          for (guint p = 1; parts[p] != NULL; p++)
            g_assert_true (g_regex_match_simple ("^[0-9;]*m", parts[p], 0, 0));
          g_clear_pointer (&out, g_free);
          out = g_strjoinv ("", parts);
        }
      assert_nothing_hidden ("CLI output", out);
      g_assert_nonnull (strstr (out, "202E"));
      assert_file_safe (dir, outputs[i][0]);
    }

  /* The transcript, the verdict and the explanation, in process. */
  request->recipient = g_strdup ("kate@example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->server = g_strdup ("127.0.0.1");
  request->port = sp_scripted_server_get_port (server);
  probe = sp_test_probe_run (request);
  transcript = sp_probe_get_transcript (probe);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, c->verdict);

  for (guint i = 0; i < sp_transcript_get_n_entries (transcript); i++)
    assert_nothing_hidden ("entry", sp_transcript_get_entry (transcript, i)->text);
  for (guint i = 0; i < sp_transcript_get_n_attempts (transcript); i++)
    {
      SpAttempt *attempt = sp_transcript_get_attempt (transcript, i);

      assert_nothing_hidden ("attempt detail",
                             sp_attempt_get_detail (attempt) != NULL
                               ? sp_attempt_get_detail (attempt) : "");
      for (guint s = 0; s < sp_attempt_get_n_steps (attempt); s++)
        {
          SpStepRecord *step = sp_attempt_get_step (attempt, s);

          if (sp_step_record_get_error (step) != NULL)
            assert_nothing_hidden ("step error", sp_step_record_get_error (step)->message);
        }
    }
  assert_nothing_hidden ("verdict detail", sp_transcript_get_verdict_detail (transcript));

  explanation = sp_diagnosis_explain_transcript (transcript);
  if (explanation != NULL)
    {
      g_autofree char *text = sp_explanation_format_text (explanation, "", 80, NULL, NULL);

      assert_nothing_hidden ("explanation", text);
    }

  sp_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/escape/every-hidden-char", test_every_hidden_char);
  g_test_add_func ("/sp/escape/named-chars", test_named_chars);
  g_test_add_func ("/sp/escape/details-stored-escaped", test_details_stored_escaped);
  g_test_add_func ("/sp/escape/report-fields", test_report_fields);
  for (guint i = 0; i < G_N_ELEMENTS (hostile_cases); i++)
    g_test_add_data_func (hostile_cases[i].path, &hostile_cases[i], test_hostile_server);

  return g_test_run ();
}
