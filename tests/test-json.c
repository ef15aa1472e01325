/* test-json.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-json"

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "sp-json.h"

static GVariant *
lookup (GVariant   *object,
        const char *name)
{
  GVariant *value;

  g_assert_true (g_variant_is_of_type (object, G_VARIANT_TYPE_VARDICT));
  value = g_variant_lookup_value (object, name, NULL);
  if (value == NULL)
    g_error ("Member “%s” is missing", name);

  return value;
}

static void
test_writer_structure (void)
{
  g_autoptr(SpJsonWriter) writer = sp_json_writer_new ();
  g_autofree char *text = NULL;
  const char *expected =
    "{\n"
    "  \"name\": \"probe\",\n"
    "  \"count\": 3,\n"
    "  \"ratio\": 0.5,\n"
    "  \"flag\": true,\n"
    "  \"nothing\": null,\n"
    "  \"empty_list\": [],\n"
    "  \"empty_object\": {},\n"
    "  \"list\": [\n"
    "    1,\n"
    "    \"two\",\n"
    "    {\n"
    "      \"three\": false\n"
    "    }\n"
    "  ]\n"
    "}\n";

  sp_json_writer_begin_object (writer);
  sp_json_writer_member (writer, "name");
  sp_json_writer_string (writer, "probe");
  sp_json_writer_member (writer, "count");
  sp_json_writer_int (writer, 3);
  sp_json_writer_member (writer, "ratio");
  sp_json_writer_double (writer, 0.5);
  sp_json_writer_member (writer, "flag");
  sp_json_writer_boolean (writer, TRUE);
  sp_json_writer_member (writer, "nothing");
  sp_json_writer_string (writer, NULL);
  sp_json_writer_member (writer, "empty_list");
  sp_json_writer_begin_array (writer);
  sp_json_writer_end_array (writer);
  sp_json_writer_member (writer, "empty_object");
  sp_json_writer_begin_object (writer);
  sp_json_writer_end_object (writer);
  sp_json_writer_member (writer, "list");
  sp_json_writer_begin_array (writer);
  sp_json_writer_int (writer, 1);
  sp_json_writer_string (writer, "two");
  sp_json_writer_begin_object (writer);
  sp_json_writer_member (writer, "three");
  sp_json_writer_boolean (writer, FALSE);
  sp_json_writer_end_object (writer);
  sp_json_writer_end_array (writer);
  sp_json_writer_end_object (writer);

  text = sp_json_writer_free_to_string (g_steal_pointer (&writer));
  g_assert_cmpstr (text, ==, expected);
}

static char *
write_one_string (const char *value)
{
  SpJsonWriter *writer = sp_json_writer_new ();

  sp_json_writer_string (writer, value);

  return sp_json_writer_free_to_string (writer);
}

static void
test_writer_escaping (void)
{
  static const struct {
    const char *input;
    const char *expected;
  } cases[] = {
    { "plain", "\"plain\"\n" },
    { "quote \" backslash \\ slash /", "\"quote \\\" backslash \\\\ slash /\"\n" },
    { "line\nfeed\rreturn\ttab", "\"line\\nfeed\\rreturn\\ttab\"\n" },
    { "\x01\x08\x0c\x1b\x1f", "\"\\u0001\\u0008\\u000c\\u001b\\u001f\"\n" },
    { "del\x7f", "\"del\\u007f\"\n" },
    { "sep\xe2\x80\xa8para\xe2\x80\xa9", "\"sep\\u2028para\\u2029\"\n" },
    { "caf\xc3\xa9 \xf0\x9f\x93\xa7", "\"caf\xc3\xa9 \xf0\x9f\x93\xa7\"\n" },
    { "<script>&'", "\"<script>&'\"\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = write_one_string (cases[i].input);
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) parsed = NULL;

      g_assert_cmpstr (text, ==, cases[i].expected);

      /* What was written reads back as the same string. */
      parsed = sp_json_parse (text, -1, &error);
      g_assert_no_error (error);
      g_assert_true (g_variant_is_of_type (parsed, G_VARIANT_TYPE_STRING));
      g_assert_cmpstr (g_variant_get_string (parsed, NULL), ==, cases[i].input);
    }
}

static void
test_writer_invalid_utf8 (void)
{
  g_autofree char *text = write_one_string ("a\xff" "b\xc3" "c\xed\xa0\x80" "d");
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) parsed = NULL;
  const char *value;
  guint n_replacements = 0;

  g_assert_true (g_utf8_validate (text, -1, NULL));

  parsed = sp_json_parse (text, -1, &error);
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

static void
test_writer_numbers (void)
{
  static const double doubles[] = { 0.1, 3.0, -0.5, 1e300, 123.456, 2.5e-8, 1.0 / 3.0 };
  static const gint64 ints[] = { 0, -1, 42, G_MAXINT64, G_MININT64 };
  g_autoptr(SpJsonWriter) writer = sp_json_writer_new ();
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) parsed = NULL;
  guint n = 0;

  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < G_N_ELEMENTS (doubles); i++)
    sp_json_writer_double (writer, doubles[i]);
  for (guint i = 0; i < G_N_ELEMENTS (ints); i++)
    sp_json_writer_int (writer, ints[i]);
  sp_json_writer_double (writer, NAN);
  sp_json_writer_double (writer, INFINITY);
  sp_json_writer_end_array (writer);
  text = sp_json_writer_free_to_string (g_steal_pointer (&writer));

  /* Short forms, and doubles stay recognisable as doubles. */
  g_assert_nonnull (strstr (text, "\n  0.1,\n"));
  g_assert_nonnull (strstr (text, "\n  3.0,\n"));
  g_assert_nonnull (strstr (text, "\n  -0.5,\n"));
  g_assert_nonnull (strstr (text, "\n  9223372036854775807,\n"));
  g_assert_nonnull (strstr (text, "\n  -9223372036854775808,\n"));
  g_assert_nonnull (strstr (text, "\n  null,\n  null\n"));

  parsed = sp_json_parse (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_variant_n_children (parsed),
                    ==, G_N_ELEMENTS (doubles) + G_N_ELEMENTS (ints) + 2);

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

  for (guint i = 0; i < 2; i++, n++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (parsed, n);
      g_autoptr(GVariant) inner = g_variant_get_variant (child);

      g_assert_true (g_variant_is_of_type (inner, G_VARIANT_TYPE ("mv")));
      g_assert_null (g_variant_get_maybe (inner));
    }
}

static void
test_parse_values (void)
{
  const char *text =
    " \t\r\n{ \"s\": \"text\", \"i\": -17, \"big\": 9223372036854775808, \"d\": 1.5e2,\n"
    "  \"t\": true, \"f\": false, \"n\": null, \"a\": [1, [], {}], \"o\": { \"k\": \"v\" },\n"
    "  \"esc\": \"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\" } \n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) doc = sp_json_parse (text, -1, &error);
  g_autoptr(GVariant) s = NULL, i = NULL, big = NULL, d = NULL, t = NULL, f = NULL, n = NULL;
  g_autoptr(GVariant) a = NULL, o = NULL, k = NULL, esc = NULL, first = NULL, second = NULL;
  g_autoptr(GVariant) maybe = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_false (g_variant_is_floating (doc));
  g_assert_true (g_variant_is_of_type (doc, G_VARIANT_TYPE ("a{sv}")));
  g_assert_cmpuint (g_variant_n_children (doc), ==, 10);

  s = lookup (doc, "s");
  g_assert_cmpstr (g_variant_get_string (s, NULL), ==, "text");

  i = lookup (doc, "i");
  g_assert_true (g_variant_is_of_type (i, G_VARIANT_TYPE_INT64));
  g_assert_cmpint (g_variant_get_int64 (i), ==, -17);

  /* One past G_MAXINT64 no longer fits: it becomes a double. */
  big = lookup (doc, "big");
  g_assert_true (g_variant_is_of_type (big, G_VARIANT_TYPE_DOUBLE));
  g_assert_cmpfloat (g_variant_get_double (big), ==, 9223372036854775808.0);

  d = lookup (doc, "d");
  g_assert_true (g_variant_is_of_type (d, G_VARIANT_TYPE_DOUBLE));
  g_assert_cmpfloat (g_variant_get_double (d), ==, 150.0);

  t = lookup (doc, "t");
  g_assert_true (g_variant_get_boolean (t));
  f = lookup (doc, "f");
  g_assert_false (g_variant_get_boolean (f));

  n = lookup (doc, "n");
  g_assert_true (g_variant_is_of_type (n, G_VARIANT_TYPE ("mv")));
  maybe = g_variant_get_maybe (n);
  g_assert_null (maybe);

  a = lookup (doc, "a");
  g_assert_true (g_variant_is_of_type (a, G_VARIANT_TYPE ("av")));
  g_assert_cmpuint (g_variant_n_children (a), ==, 3);
  first = g_variant_get_child_value (a, 1);
  second = g_variant_get_variant (first);
  g_assert_true (g_variant_is_of_type (second, G_VARIANT_TYPE ("av")));
  g_assert_cmpuint (g_variant_n_children (second), ==, 0);

  o = lookup (doc, "o");
  k = lookup (o, "k");
  g_assert_cmpstr (g_variant_get_string (k, NULL), ==, "v");

  esc = lookup (doc, "esc");
  g_assert_cmpstr (g_variant_get_string (esc, NULL), ==,
                   "\"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80");
}

static void
test_parse_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) doc = sp_json_parse ("{\"z\":1,\"a\":2,\"m\":3}", -1, &error);
  const char *names[] = { "z", "a", "m" };

  g_assert_no_error (error);

  /* Members keep the order of the document. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *name = NULL;
      g_autoptr(GVariant) value = NULL;

      g_variant_get_child (doc, i, "{&sv}", &name, &value);
      g_assert_cmpstr (name, ==, names[i]);
      g_assert_cmpint (g_variant_get_int64 (value), ==, i + 1);
    }
}

static void
test_parse_length (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) doc = NULL;

  /* Only @length bytes count; what follows is not read. */
  doc = sp_json_parse ("[1,2]garbage", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_variant_n_children (doc), ==, 2);
}

typedef struct
{
  const char  *input;
  gssize       length;
  SpJsonError  code;
  const char  *position;   /* "Line L, column C" */
} ErrorCase;

static void
test_parse_errors (void)
{
  static const ErrorCase cases[] = {
    { "", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 1" },
    { "  \n ", -1, SP_JSON_ERROR_SYNTAX, "Line 2, column 2" },
    { "{} x", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 4" },
    { "[1]\n]", -1, SP_JSON_ERROR_SYNTAX, "Line 2, column 1" },
    { "1 2", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 3" },
    { "[1,]", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 4" },
    { "[1 2]", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 4" },
    { "{\"a\" 1}", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 6" },
    { "{a: 1}", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 2" },
    { "{\"a\": 1,}", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 9" },
    { "[", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 2" },
    { "{\"a\": 1", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 8" },
    { "\"open", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 1" },
    { "\"bad \\x escape\"", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 6" },
    { "\"\\u12\"", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 2" },
    { "\"\\uZZZZ\"", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 2" },
    { "\"\\ud800\"", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 2" },
    { "\"\\ud800\\u0041\"", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 2" },
    { "\"\\udc00\"", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 2" },
    { "\"\\u0000\"", -1, SP_JSON_ERROR_UNSUPPORTED, "Line 1, column 2" },
    { "\"tab\there\"", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 5" },
    { "\"new\nline\"", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 5" },
    { "01", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 1" },
    { "1.", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 3" },
    { ".5", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 1" },
    { "-", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 1" },
    { "+1", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 1" },
    { "1e", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 3" },
    { "1e999", -1, SP_JSON_ERROR_UNSUPPORTED, "Line 1, column 1" },
    { "tru", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 1" },
    { "nulls", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 5" },
    { "True", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 1" },
    { "'single'", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 1" },
    { "{\"k\": 1, \"k\": 2}", -1, SP_JSON_ERROR_UNSUPPORTED, "Line 1, column 10" },
    { "\xef\xbb\xbf{}", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 1" },
    { "[\"ok\",\n \"\xff\"]", -1, SP_JSON_ERROR_INVALID_ENCODING, "Line 2, column 3" },
    { "\"\xc3\"", -1, SP_JSON_ERROR_INVALID_ENCODING, "Line 1, column 2" },
    { "\"\xed\xa0\x80\"", -1, SP_JSON_ERROR_INVALID_ENCODING, "Line 1, column 2" },
    { "[1,\0 2]", 7, SP_JSON_ERROR_INVALID_ENCODING, "Line 1, column 4" },
    /* Columns count characters, not bytes. */
    { "[\"\xc3\xa9\xc3\xa9\" x]", -1, SP_JSON_ERROR_SYNTAX, "Line 1, column 7" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) doc = NULL;
      g_autofree char *shown = g_strescape (cases[i].input, NULL);

      g_test_message ("case %u: %s", i, shown);
      doc = sp_json_parse (cases[i].input, cases[i].length, &error);
      g_assert_null (doc);
      g_assert_error (error, SP_JSON_ERROR, (int) cases[i].code);
      g_test_message ("  -> %s", error->message);
      g_assert_true (g_str_has_prefix (error->message, cases[i].position));
      /* A sentence follows the position. */
      g_assert_cmpuint (strlen (error->message), >, strlen (cases[i].position) + 10);
    }

  /* Every GError ** may be NULL. */
  g_assert_null (sp_json_parse ("[1,", -1, NULL));
}

static char *
nested_arrays (guint depth)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (out, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (out, ']');

  return g_string_free (out, FALSE);
}

static void
test_parse_depth (void)
{
  g_autofree char *ok = nested_arrays (SP_JSON_MAX_DEPTH);
  g_autofree char *too_deep = nested_arrays (SP_JSON_MAX_DEPTH + 1);
  g_autofree char *hostile = nested_arrays (100000);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) doc = NULL;
  g_autoptr(GVariant) nested_objects = NULL;
  GString *objects = g_string_new (NULL);

  doc = sp_json_parse (ok, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_clear_pointer (&doc, g_variant_unref);

  doc = sp_json_parse (too_deep, -1, &error);
  g_assert_null (doc);
  g_assert_error (error, SP_JSON_ERROR, SP_JSON_ERROR_TOO_DEEP);
  g_assert_true (g_str_has_prefix (error->message, "Line 1, column 65"));
  g_clear_error (&error);

  /* Deep enough to overflow the stack without the limit. */
  doc = sp_json_parse (hostile, -1, &error);
  g_assert_null (doc);
  g_assert_error (error, SP_JSON_ERROR, SP_JSON_ERROR_TOO_DEEP);
  g_clear_error (&error);

  /* Objects count too, mixed with arrays. */
  for (guint i = 0; i < SP_JSON_MAX_DEPTH / 2 + 1; i++)
    g_string_append (objects, "{\"a\":[");
  nested_objects = sp_json_parse (objects->str, -1, &error);
  g_assert_null (nested_objects);
  g_assert_error (error, SP_JSON_ERROR, SP_JSON_ERROR_TOO_DEEP);
  g_string_free (objects, TRUE);
}

static void
test_round_trip (void)
{
  g_autoptr(SpJsonWriter) writer = sp_json_writer_new ();
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GVariant) doc = NULL;
  g_autoptr(GError) error = NULL;
  GVariantIter iter;
  const char *name;
  GVariant *value;

  sp_json_writer_begin_object (writer);
  sp_json_writer_member (writer, "reply");
  sp_json_writer_begin_array (writer);
  sp_json_writer_string (writer, "550-5.1.1 <user@example.test>: \"no\" such \\ user");
  sp_json_writer_string (writer, "550 5.1.1 \x1b[31mred\x1b[0m\ttab");
  sp_json_writer_end_array (writer);
  sp_json_writer_member (writer, "code");
  sp_json_writer_int (writer, 550);
  sp_json_writer_member (writer, "elapsed_ms");
  sp_json_writer_double (writer, 12.345);
  sp_json_writer_member (writer, "error");
  sp_json_writer_null (writer);
  sp_json_writer_end_object (writer);
  first = sp_json_writer_free_to_string (g_steal_pointer (&writer));

  doc = sp_json_parse (first, -1, &error);
  g_assert_no_error (error);

  /* Writing the parsed value again gives the same document. */
  writer = sp_json_writer_new ();
  sp_json_writer_begin_object (writer);
  g_variant_iter_init (&iter, doc);
  while (g_variant_iter_loop (&iter, "{&sv}", &name, &value))
    {
      sp_json_writer_member (writer, name);
      if (g_variant_is_of_type (value, G_VARIANT_TYPE ("av")))
        {
          sp_json_writer_begin_array (writer);
          for (gsize i = 0; i < g_variant_n_children (value); i++)
            {
              g_autoptr(GVariant) child = g_variant_get_child_value (value, i);
              g_autoptr(GVariant) inner = g_variant_get_variant (child);

              sp_json_writer_string (writer, g_variant_get_string (inner, NULL));
            }
          sp_json_writer_end_array (writer);
        }
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
        sp_json_writer_int (writer, g_variant_get_int64 (value));
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
        sp_json_writer_double (writer, g_variant_get_double (value));
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE ("mv")))
        sp_json_writer_null (writer);
      else
        g_assert_not_reached ();
    }
  sp_json_writer_end_object (writer);
  second = sp_json_writer_free_to_string (g_steal_pointer (&writer));

  g_assert_cmpstr (first, ==, second);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/json/writer/structure", test_writer_structure);
  g_test_add_func ("/sp/json/writer/escaping", test_writer_escaping);
  g_test_add_func ("/sp/json/writer/invalid-utf8", test_writer_invalid_utf8);
  g_test_add_func ("/sp/json/writer/numbers", test_writer_numbers);
  g_test_add_func ("/sp/json/parse/values", test_parse_values);
  g_test_add_func ("/sp/json/parse/order", test_parse_order);
  g_test_add_func ("/sp/json/parse/length", test_parse_length);
  g_test_add_func ("/sp/json/parse/errors", test_parse_errors);
  g_test_add_func ("/sp/json/parse/depth", test_parse_depth);
  g_test_add_func ("/sp/json/round-trip", test_round_trip);

  return g_test_run ();
}
