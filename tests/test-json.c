/* test-json.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* How the JSON export writes a document with json-glib: the layout, the
 * escapes it adds to what json-glib writes, and that a parser reads back
 * what went in. */

#define G_LOG_DOMAIN "test-json"

#include "config.h"

#include <string.h>

#include "sp-export-private.h"
#include "sp-test-util.h"

/* One string, written the way the export writes every string. */
static char *
write_one_string (const char *value)
{
  g_autoptr(JsonNode) root = _sp_export_json_string_node (value);

  return _sp_export_json_generate (root);
}

static void
test_structure (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GVariant) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *name = NULL;
  gint64 count = 0;
  gboolean flag = FALSE;
  const char *expected =
    "{\n"
    "  \"name\" : \"probe\",\n"
    "  \"count\" : 3,\n"
    "  \"elapsed_ms\" : 12.3,\n"
    "  \"flag\" : true,\n"
    "  \"nothing\" : null,\n"
    "  \"list\" : [\n"
    "    1,\n"
    "    \"two\"\n"
    "  ]\n"
    "}\n";

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_value (builder, _sp_export_json_string_node ("probe"));
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, 3);
  json_builder_set_member_name (builder, "elapsed_ms");
  json_builder_add_double_value (builder, 12300 / 1000.0);
  json_builder_set_member_name (builder, "flag");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "nothing");
  json_builder_add_value (builder, _sp_export_json_string_node (NULL));
  json_builder_set_member_name (builder, "list");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, 1);
  json_builder_add_value (builder, _sp_export_json_string_node ("two"));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  /* Pretty-printed with two spaces, ending in a line break. */
  text = _sp_export_json_generate (root);
  g_assert_cmpstr (text, ==, expected);

  parsed = sp_test_parse_json (text, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (parsed, "name", "&s", &name));
  g_assert_cmpstr (name, ==, "probe");
  g_assert_true (g_variant_lookup (parsed, "count", "x", &count));
  g_assert_cmpint (count, ==, 3);
  g_assert_true (g_variant_lookup (parsed, "flag", "b", &flag));
  g_assert_true (flag);
}

static void
test_escaping (void)
{
  static const struct {
    const char *input;
    const char *expected;
  } cases[] = {
    { "plain", "\"plain\"\n" },
    { "quote \" backslash \\", "\"quote \\\" backslash \\\\\"\n" },
    { "line\nfeed\rreturn\ttab", "\"line\\nfeed\\rreturn\\ttab\"\n" },
    /* json-glib 1.6 writes U+001F raw; the export must not. */
    { "\x01\x1b\x1f", "\"\\u0001\\u001b\\u001f\"\n" },
    { "del\x7f", "\"del\\u007f\"\n" },
    { "c1\xc2\x85", "\"c1\\u0085\"\n" },
    { "sep\xe2\x80\xa8para\xe2\x80\xa9", "\"sep\\u2028para\\u2029\"\n" },
    { "rlo\xe2\x80\xaeolr", "\"rlo\\u202eolr\"\n" },
    { "bom\xef\xbb\xbf", "\"bom\\ufeff\"\n" },
    /* U+E0041 TAG LATIN CAPITAL LETTER A, as a surrogate pair. */
    { "tag\xf3\xa0\x81\x81", "\"tag\\udb40\\udc41\"\n" },
    { "caf\xc3\xa9 \xf0\x9f\x93\xa7", "\"caf\xc3\xa9 \xf0\x9f\x93\xa7\"\n" },
    /* Numbers inside strings are left as they are. */
    { "\"12.300000000000001\" 0.10 1e5", "\"\\\"12.300000000000001\\\" 0.10 1e5\"\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = write_one_string (cases[i].input);
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) parsed = NULL;

      g_assert_cmpstr (text, ==, cases[i].expected);

      /* What was written reads back as the same string. */
      parsed = sp_test_parse_json (text, &error);
      g_assert_no_error (error);
      g_assert_true (g_variant_is_of_type (parsed, G_VARIANT_TYPE_STRING));
      g_assert_cmpstr (g_variant_get_string (parsed, NULL), ==, cases[i].input);
    }
}

static void
test_invalid_utf8 (void)
{
  g_autofree char *text = write_one_string ("a\xff" "b\xc3" "c\xed\xa0\x80" "d");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) parsed = NULL;
  const char *value;
  guint n_replacements = 0;

  g_assert_true (g_utf8_validate (text, -1, NULL));

  parsed = sp_test_parse_json (text, &error);
  g_assert_no_error (error);
  value = g_variant_get_string (parsed, NULL);

  /* The good characters stay, in order, and each bad part became U+FFFD. */
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    if (g_utf8_get_char (p) == 0xfffd)
      n_replacements++;
  g_assert_cmpuint (n_replacements, >=, 3);
  g_assert_true (g_str_has_prefix (value, "a\xef\xbf\xbd"));
  g_assert_true (g_str_has_suffix (value, "\xef\xbf\xbd" "d"));
  g_assert_nonnull (strstr (value, "b\xef\xbf\xbd" "c"));
}

/* Times in milliseconds are doubles: written short, they read back
 * exactly, and as doubles even when whole. */
static void
test_numbers (void)
{
  static const double doubles[] = { 0.1, 3.0, -0.5, 12.3, 123.456, 2.5e-8, 1.0 / 3.0 };
  static const gint64 ints[] = { 0, -1, 42, G_MAXINT64, G_MININT64 };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) parsed = NULL;
  guint n = 0;

  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (doubles); i++)
    json_builder_add_double_value (builder, doubles[i]);
  for (guint i = 0; i < G_N_ELEMENTS (ints); i++)
    json_builder_add_int_value (builder, ints[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  text = _sp_export_json_generate (root);

  /* Short forms, and doubles stay recognisable as doubles. */
  g_assert_nonnull (strstr (text, "\n  0.1,\n"));
  g_assert_nonnull (strstr (text, "\n  3.0,\n"));
  g_assert_nonnull (strstr (text, "\n  -0.5,\n"));
  g_assert_nonnull (strstr (text, "\n  12.3,\n"));
  g_assert_nonnull (strstr (text, "\n  9223372036854775807,\n"));
  g_assert_nonnull (strstr (text, "\n  -9223372036854775808\n"));

  parsed = sp_test_parse_json (text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_variant_n_children (parsed), ==,
                    G_N_ELEMENTS (doubles) + G_N_ELEMENTS (ints));

  for (guint i = 0; i < G_N_ELEMENTS (doubles); i++, n++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (parsed, n);
      g_autoptr(GVariant) inner = g_variant_get_variant (child);

      g_assert_true (g_variant_is_of_type (inner, G_VARIANT_TYPE_DOUBLE));
      g_assert_cmpfloat (g_variant_get_double (inner), ==, doubles[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (ints); i++, n++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (parsed, n);
      g_autoptr(GVariant) inner = g_variant_get_variant (child);

      g_assert_true (g_variant_is_of_type (inner, G_VARIANT_TYPE_INT64));
      g_assert_cmpint (g_variant_get_int64 (inner), ==, ints[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/export/json/structure", test_structure);
  g_test_add_func ("/sp/export/json/escaping", test_escaping);
  g_test_add_func ("/sp/export/json/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/sp/export/json/numbers", test_numbers);

  return g_test_run ();
}
