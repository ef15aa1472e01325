/* test-address.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-address"

#include "config.h"

#include <string.h>

#include "sp-address.h"

/* Error messages are full sentences, and never carry control characters
 * taken from the input. */
static void
assert_good_message (const GError *error)
{
  const char *p;

  g_assert_nonnull (error);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), >, 10);
  g_assert_true (g_str_has_suffix (error->message, "."));
  for (p = error->message; *p != '\0'; p++)
    g_assert_true ((guchar) *p >= 0x20 && *p != 0x7f);
}

static void
assert_normalizes (const char *address,
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = sp_address_normalize (address, &error);

  g_test_message ("valid: %s", address);
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, expected);
  g_assert_true (sp_address_validate (address, NULL));
  g_assert_true (sp_address_validate (normalized, NULL));
}

static void
assert_address_fails (const char     *address,
                      SpAddressError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autofree char *normalized = sp_address_normalize (address, &error);
  /* TAP output must stay valid UTF-8. */
  g_autofree char *shown = address != NULL ? g_strescape (address, NULL) : g_strdup ("(null)");

  g_test_message ("invalid: %s", shown);
  g_assert_null (normalized);
  g_assert_error (error, SP_ADDRESS_ERROR, (gint) code);
  assert_good_message (error);

  g_assert_false (sp_address_validate (address, &error2));
  g_assert_error (error2, SP_ADDRESS_ERROR, (gint) code);
  /* NULL errors are accepted everywhere */
  g_assert_false (sp_address_validate (address, NULL));
}

static char *
repeat (char  c,
        guint n)
{
  return g_strnfill (n, c);
}

/* A domain of exactly @len characters, in labels of at most 63, none of
 * them empty or all-numeric. */
static char *
make_domain (guint len)
{
  GString *out = g_string_new (NULL);
  guint remaining = len;

  while (remaining > 0)
    {
      g_autofree char *rest = NULL;
      guint label;

      if (out->len > 0)
        {
          g_string_append_c (out, '.');
          remaining--;
        }

      label = MIN (remaining, 63);
      /* a single character left over would give an empty last label */
      if (remaining - label == 1)
        label--;

      rest = repeat ('x', label - 1);
      g_string_append_c (out, 'd');
      g_string_append (out, rest);
      remaining -= label;
    }

  g_assert_cmpuint (out->len, ==, len);
  return g_string_free (out, FALSE);
}

static void
test_valid (void)
{
  assert_normalizes ("user@example.com", "user@example.com");
  assert_normalizes ("User.Name+tag@Example.COM", "User.Name+tag@example.com");
  assert_normalizes ("a@b.c", "a@b.c");
  assert_normalizes ("user@localhost", "user@localhost");
  assert_normalizes ("user@example.com.", "user@example.com");
  assert_normalizes ("!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~@example.com");
  assert_normalizes ("first.middle.last@mx-1.example.com", "first.middle.last@mx-1.example.com");
  assert_normalizes ("\"john smith\"@example.com", "\"john smith\"@example.com");
  assert_normalizes ("\"a@b\"@example.com", "\"a@b\"@example.com");
  assert_normalizes ("\"..\"@example.com", "\"..\"@example.com");
  assert_normalizes ("\"\"@example.com", "\"\"@example.com");
  assert_normalizes ("\"quote\\\"d\\\\\"@example.com", "\"quote\\\"d\\\\\"@example.com");
  assert_normalizes ("user@[192.0.2.1]", "user@[192.0.2.1]");
  assert_normalizes ("user@[255.255.255.255]", "user@[255.255.255.255]");
  assert_normalizes ("user@[IPv6:2001:db8::1]", "user@[IPv6:2001:db8::1]");
  assert_normalizes ("user@[ipv6:2001:db8::1]", "user@[IPv6:2001:db8::1]");
  assert_normalizes ("user@[IPv6:::1]", "user@[IPv6:::1]");
}

static void
test_idn (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ascii = NULL;

  assert_normalizes ("user@bücher.example", "user@xn--bcher-kva.example");
  assert_normalizes ("user@Bücher.Example", "user@xn--bcher-kva.example");
  assert_normalizes ("用户@例子.测试", "用户@xn--fsqu00a.xn--0zwm56d");
  /* an ideographic full stop separates labels as well */
  assert_normalizes ("user@例子。测试", "user@xn--fsqu00a.xn--0zwm56d");
  assert_normalizes ("josé@münchen.de", "josé@xn--mnchen-3ya.de");
  /* the ASCII form passes through */
  assert_normalizes ("user@xn--bcher-kva.example", "user@xn--bcher-kva.example");

  ascii = sp_domain_to_ascii ("Bücher.Example.", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ascii, ==, "xn--bcher-kva.example");
  g_clear_pointer (&ascii, g_free);

  ascii = sp_domain_to_ascii ("EXAMPLE.COM", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ascii, ==, "example.com");
  g_clear_pointer (&ascii, g_free);

  ascii = sp_domain_to_ascii ("ドメイン名例.jp", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (ascii, "xn--"));
  g_assert_true (g_str_has_suffix (ascii, ".jp"));
}

static void
test_smtputf8 (void)
{
  g_autofree char *normalized = sp_address_normalize ("user@bücher.example", NULL);

  g_assert_false (sp_address_needs_smtputf8 ("user@example.com"));
  g_assert_true (sp_address_needs_smtputf8 ("用户@example.com"));
  g_assert_true (sp_address_needs_smtputf8 ("josé@example.com"));
  /* once normalized, an IDN domain alone needs no SMTPUTF8 */
  g_assert_nonnull (normalized);
  g_assert_false (sp_address_needs_smtputf8 (normalized));
}

static void
test_dup_domain (void)
{
  g_autofree char *a = sp_address_dup_domain ("user@example.com");
  g_autofree char *b = sp_address_dup_domain ("\"a@b\"@c.example");
  g_autofree char *c = sp_address_dup_domain ("user@");
  g_autofree char *d = sp_address_dup_domain ("user@[192.0.2.1]");

  g_assert_cmpstr (a, ==, "example.com");
  g_assert_cmpstr (b, ==, "c.example");
  g_assert_cmpstr (c, ==, "");
  g_assert_cmpstr (d, ==, "[192.0.2.1]");
  g_assert_null (sp_address_dup_domain ("no-at-sign"));
}

static void
test_empty (void)
{
  assert_address_fails ("", SP_ADDRESS_ERROR_EMPTY);
  assert_address_fails (NULL, SP_ADDRESS_ERROR_EMPTY);
}

static void
test_control_characters (void)
{
  g_autoptr(GError) error = NULL;

  assert_address_fails ("user@example.com\r\nRCPT TO:<victim@example.org>",
                        SP_ADDRESS_ERROR_CONTROL_CHARACTER);
  assert_address_fails ("us\ner@example.com", SP_ADDRESS_ERROR_CONTROL_CHARACTER);
  assert_address_fails ("user@exa\rmple.com", SP_ADDRESS_ERROR_CONTROL_CHARACTER);
  assert_address_fails ("user\t@example.com", SP_ADDRESS_ERROR_CONTROL_CHARACTER);
  assert_address_fails ("\x1b[2J@example.com", SP_ADDRESS_ERROR_CONTROL_CHARACTER);
  assert_address_fails ("user@example.com\x7f", SP_ADDRESS_ERROR_CONTROL_CHARACTER);
  assert_address_fails ("\"a\x01\"@example.com", SP_ADDRESS_ERROR_CONTROL_CHARACTER);

  /* the message names the character and the danger */
  g_assert_false (sp_address_validate ("a\r@example.com", &error));
  g_assert_nonnull (strstr (error->message, "CR"));
  g_assert_nonnull (strstr (error->message, "inject"));
  g_clear_error (&error);

  g_assert_false (sp_address_validate ("a\n@example.com", &error));
  g_assert_nonnull (strstr (error->message, "LF"));
  g_assert_nonnull (strstr (error->message, "inject"));
  g_clear_error (&error);

  g_assert_false (sp_address_validate ("a\x1b@example.com", &error));
  g_assert_nonnull (strstr (error->message, "U+001B"));
}

static void
test_text_check_safe (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sp_text_check_safe ("", FALSE, &error));
  g_assert_true (sp_text_check_safe ("Hello, world — ünïcødé", FALSE, &error));
  g_assert_no_error (error);

  g_assert_true (sp_text_check_safe ("a\tb", TRUE, &error));
  g_assert_no_error (error);
  g_assert_false (sp_text_check_safe ("a\tb", FALSE, &error));
  g_assert_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_CONTROL_CHARACTER);
  assert_good_message (error);
  g_clear_error (&error);

  g_assert_false (sp_text_check_safe ("subject\r\nBcc: x@example.org", TRUE, &error));
  g_assert_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_CONTROL_CHARACTER);
  g_assert_nonnull (strstr (error->message, "CR"));
  g_clear_error (&error);

  g_assert_false (sp_text_check_safe ("x\ny", TRUE, &error));
  g_assert_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_CONTROL_CHARACTER);
  g_assert_nonnull (strstr (error->message, "LF"));
  g_clear_error (&error);

  g_assert_false (sp_text_check_safe ("bell\a", TRUE, &error));
  g_assert_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_CONTROL_CHARACTER);
  g_assert_nonnull (strstr (error->message, "U+0007"));
  g_clear_error (&error);

  g_assert_false (sp_text_check_safe ("del\x7f", TRUE, NULL));
}

static void
test_no_at (void)
{
  assert_address_fails ("userexample.com", SP_ADDRESS_ERROR_NO_AT);
  assert_address_fails ("user", SP_ADDRESS_ERROR_NO_AT);
  assert_address_fails ("\"quoted@inside\"", SP_ADDRESS_ERROR_NO_AT);
  assert_address_fails ("\"quoted\"example.com", SP_ADDRESS_ERROR_NO_AT);
}

static void
test_local_part (void)
{
  assert_address_fails ("@example.com", SP_ADDRESS_ERROR_LOCAL_PART);
  assert_address_fails (".user@example.com", SP_ADDRESS_ERROR_LOCAL_PART);
  assert_address_fails ("user.@example.com", SP_ADDRESS_ERROR_LOCAL_PART);
  assert_address_fails ("us..er@example.com", SP_ADDRESS_ERROR_LOCAL_PART);
  assert_address_fails ("john smith@example.com", SP_ADDRESS_ERROR_LOCAL_PART);
  assert_address_fails ("a(comment)@example.com", SP_ADDRESS_ERROR_LOCAL_PART);
  assert_address_fails ("a,b@example.com", SP_ADDRESS_ERROR_LOCAL_PART);
  assert_address_fails ("a\\b@example.com", SP_ADDRESS_ERROR_LOCAL_PART);
  assert_address_fails ("a\"b@example.com", SP_ADDRESS_ERROR_LOCAL_PART);
  assert_address_fails ("a@b@example.com", SP_ADDRESS_ERROR_LOCAL_PART);
  assert_address_fails ("\"unterminated@example.com", SP_ADDRESS_ERROR_LOCAL_PART);
  assert_address_fails ("\"quoted\"x@example.com", SP_ADDRESS_ERROR_LOCAL_PART);
  assert_address_fails ("\"bad\\\xc3\xa9\"@example.com", SP_ADDRESS_ERROR_LOCAL_PART);
  assert_address_fails ("<user@example.com>", SP_ADDRESS_ERROR_LOCAL_PART);
  assert_address_fails (" user@example.com", SP_ADDRESS_ERROR_LOCAL_PART);
  assert_address_fails ("\xff\xfe@example.com", SP_ADDRESS_ERROR_LOCAL_PART);
  assert_address_fails ("Name <user@example.com>", SP_ADDRESS_ERROR_LOCAL_PART);
}

static void
test_local_too_long (void)
{
  g_autofree char *local64 = repeat ('a', 64);
  g_autofree char *local70 = repeat ('a', 70);
  g_autofree char *ok = g_strconcat (local64, "@example.com", NULL);
  g_autofree char *bad = g_strconcat (local70, "@example.com", NULL);
  g_autofree char *quoted = g_strconcat ("\"", local64, "\"@example.com", NULL);
  g_autoptr(GError) error = NULL;

  assert_normalizes (ok, ok);
  assert_address_fails (bad, SP_ADDRESS_ERROR_LOCAL_TOO_LONG);
  /* the quotes count: RFC 5321 limits the local part as written */
  assert_address_fails (quoted, SP_ADDRESS_ERROR_LOCAL_TOO_LONG);

  g_assert_false (sp_address_validate (bad, &error));
  g_assert_cmpstr (error->message, ==,
                   "The part before “@” is 70 characters long; the limit is 64.");
}

static void
test_domain (void)
{
  g_autofree char *label63 = repeat ('a', 63);
  g_autofree char *label64 = repeat ('a', 64);
  g_autofree char *ok = g_strconcat ("user@", label63, ".example", NULL);
  g_autofree char *bad = g_strconcat ("user@", label64, ".example", NULL);
  g_autoptr(GError) error = NULL;

  assert_normalizes (ok, ok);
  assert_address_fails (bad, SP_ADDRESS_ERROR_DOMAIN);

  assert_address_fails ("user@", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@-example.com", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@example-.com", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@exa_mple.com", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@exa mple.com", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@example.com ", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@example..com", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@.example.com", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@example.com..", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@.", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@exam!ple.com", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@example.123", SP_ADDRESS_ERROR_DOMAIN);
  /* a full-width low line turns into "_" under IDNA mapping */
  assert_address_fails ("user@a\xef\xbc\xbf" "b.example", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@\xe2\x98\x83\xe2\x80\x8b.example\xff", SP_ADDRESS_ERROR_LOCAL_PART);

  /* address literals */
  assert_address_fails ("user@192.0.2.1", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@[192.0.2.256]", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@[192.0.2]", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@[192.0.2.1.5]", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@[0001.2.3.4]", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@[1.2.3.4 ]", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@[192.0.2.1", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@[2001:db8::1]", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@[IPv6:2001:db8::zz]", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@[IPv6:192.0.2.1]", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@[IPv6:fe80::1%eth0]", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@[tag:content]", SP_ADDRESS_ERROR_DOMAIN);
  assert_address_fails ("user@[]", SP_ADDRESS_ERROR_DOMAIN);

  /* the fix is in the message */
  g_assert_false (sp_address_validate ("user@192.0.2.1", &error));
  g_assert_nonnull (strstr (error->message, "[192.0.2.1]"));
  g_clear_error (&error);
  g_assert_false (sp_address_validate ("user@exa_mple.com", &error));
  g_assert_nonnull (strstr (error->message, "“_”"));
  g_clear_error (&error);
  g_assert_false (sp_address_validate (bad, &error));
  g_assert_nonnull (strstr (error->message, "64"));
  g_assert_nonnull (strstr (error->message, "63"));
}

static void
test_domain_to_ascii_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_idn_label = NULL;
  g_autofree char *long_idn = NULL;
  GString *s = g_string_new (NULL);
  guint i;

  g_assert_null (sp_domain_to_ascii ("", &error));
  g_assert_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_null (sp_domain_to_ascii (NULL, &error));
  g_assert_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_EMPTY);
  g_clear_error (&error);

  g_assert_false (sp_domain_validate ("a_b.example", &error));
  g_assert_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN);
  assert_good_message (error);
  g_clear_error (&error);

  g_assert_false (sp_domain_validate ("example.com\r\n", &error));
  g_assert_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_CONTROL_CHARACTER);
  g_clear_error (&error);

  g_assert_false (sp_domain_validate ("192.0.2.1", &error));
  g_assert_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN);
  g_clear_error (&error);

  /* 70 "ü" make a label that punycode cannot fit in 63 characters */
  for (i = 0; i < 70; i++)
    g_string_append (s, "ü");
  long_idn_label = g_string_free (s, FALSE);
  long_idn = g_strconcat (long_idn_label, ".example", NULL);
  g_assert_false (sp_domain_validate (long_idn, &error));
  g_assert_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN);
  assert_good_message (error);
  g_clear_error (&error);

  g_assert_true (sp_domain_validate ("localhost", NULL));
  g_assert_true (sp_domain_validate ("mx.example.test.", NULL));
  g_assert_true (sp_domain_validate ("1password.example", NULL));
  g_assert_true (sp_domain_validate ("xn--bcher-kva.example", NULL));
}

static void
test_lengths (void)
{
  g_autofree char *domain252 = make_domain (252);
  g_autofree char *domain253 = make_domain (253);
  g_autofree char *domain255 = make_domain (255);
  g_autofree char *domain256 = make_domain (256);
  g_autofree char *local64 = repeat ('l', 64);
  g_autofree char *domain189 = make_domain (189);
  g_autofree char *domain190 = make_domain (190);
  g_autofree char *a254 = g_strconcat ("a@", domain252, NULL);
  g_autofree char *a255 = g_strconcat ("a@", domain253, NULL);
  g_autofree char *b254 = g_strconcat (local64, "@", domain189, NULL);
  g_autofree char *b255 = g_strconcat (local64, "@", domain190, NULL);
  g_autofree char *c = g_strconcat ("a@", domain256, NULL);
  g_autoptr(GError) error = NULL;

  /* a path is the address plus "<>", at most 256 octets */
  assert_normalizes (a254, a254);
  assert_address_fails (a255, SP_ADDRESS_ERROR_PATH_TOO_LONG);
  assert_normalizes (b254, b254);
  assert_address_fails (b255, SP_ADDRESS_ERROR_PATH_TOO_LONG);
  assert_address_fails (c, SP_ADDRESS_ERROR_DOMAIN_TOO_LONG);

  g_assert_true (sp_domain_validate (domain255, NULL));
  g_assert_false (sp_domain_validate (domain256, &error));
  g_assert_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "256"));
  g_assert_nonnull (strstr (error->message, "255"));
  g_clear_error (&error);

  g_assert_false (sp_address_validate (a255, &error));
  g_assert_nonnull (strstr (error->message, "255"));
  g_assert_nonnull (strstr (error->message, "254"));
}

static void
test_hostile (void)
{
  g_autofree char *huge = repeat ('x', 100000);
  g_autofree char *huge_domain = g_strconcat ("user@", huge, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (sp_address_validate (huge, &error));
  g_assert_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_NO_AT);
  /* only an excerpt is quoted */
  g_assert_cmpuint (strlen (error->message), <, 400);
  g_clear_error (&error);

  g_assert_false (sp_address_validate (huge_domain, &error));
  g_assert_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN_TOO_LONG);
  g_assert_cmpuint (strlen (error->message), <, 400);
}

static void
assert_ehlo_fails (const char     *name,
                   SpAddressError  code)
{
  g_autoptr(GError) error = NULL;

  g_test_message ("EHLO: %s", name != NULL ? name : "(null)");
  g_assert_false (sp_ehlo_name_validate (name, &error));
  g_assert_error (error, SP_ADDRESS_ERROR, (gint) code);
  assert_good_message (error);
}

static void
test_ehlo (void)
{
  g_autoptr(GError) error = NULL;
  const char *valid[] = {
    "mail.example.com",
    "mail.example.com.",
    "MAIL.Example.COM",
    "localhost",
    "host-1",
    "[192.0.2.1]",
    "[127.0.0.1]",
    "[IPv6:2001:db8::1]",
    "[IPv6:::1]",
    "[ipv6:::1]",
    "xn--bcher-kva.example",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_test_message ("EHLO: %s", valid[i]);
      g_assert_true (sp_ehlo_name_validate (valid[i], &error));
      g_assert_no_error (error);
    }

  assert_ehlo_fails ("", SP_ADDRESS_ERROR_EMPTY);
  assert_ehlo_fails (NULL, SP_ADDRESS_ERROR_EMPTY);
  assert_ehlo_fails ("mail.example.com\r\nMAIL FROM:<x@example.org>",
                     SP_ADDRESS_ERROR_CONTROL_CHARACTER);
  assert_ehlo_fails ("my_host", SP_ADDRESS_ERROR_DOMAIN);
  assert_ehlo_fails ("my host", SP_ADDRESS_ERROR_DOMAIN);
  assert_ehlo_fails ("-host", SP_ADDRESS_ERROR_DOMAIN);
  assert_ehlo_fails ("host..example", SP_ADDRESS_ERROR_DOMAIN);
  assert_ehlo_fails ("192.0.2.1", SP_ADDRESS_ERROR_DOMAIN);
  assert_ehlo_fails ("::1", SP_ADDRESS_ERROR_DOMAIN);
  assert_ehlo_fails ("[192.0.2]", SP_ADDRESS_ERROR_DOMAIN);
  assert_ehlo_fails ("[2001:db8::1]", SP_ADDRESS_ERROR_DOMAIN);
  assert_ehlo_fails ("[mail.example.com]", SP_ADDRESS_ERROR_DOMAIN);
  assert_ehlo_fails ("[192.0.2.1", SP_ADDRESS_ERROR_DOMAIN);
  assert_ehlo_fails ("user@example.com", SP_ADDRESS_ERROR_DOMAIN);
  assert_ehlo_fails ("bücher.example", SP_ADDRESS_ERROR_DOMAIN);

  /* the messages carry the fix */
  g_assert_false (sp_ehlo_name_validate ("bücher.example", &error));
  g_assert_nonnull (strstr (error->message, "xn--bcher-kva.example"));
  g_clear_error (&error);
  g_assert_false (sp_ehlo_name_validate ("192.0.2.1", &error));
  g_assert_nonnull (strstr (error->message, "[192.0.2.1]"));
  g_clear_error (&error);
  g_assert_false (sp_ehlo_name_validate ("[2001:db8::1]", &error));
  g_assert_nonnull (strstr (error->message, "[IPv6:2001:db8::1]"));
}

static void
assert_server (const char *text,
               const char *expected_host,
               guint16     expected_port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  guint16 port = 25;

  g_test_message ("server: %s", text);
  g_assert_true (sp_server_parse (text, &host, &port, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (host, ==, expected_host);
  g_assert_cmpuint (port, ==, expected_port);
}

static void
assert_server_fails (const char     *text,
                     SpAddressError  code)
{
  g_autoptr(GError) error = NULL;
  char *host = NULL;
  guint16 port = 587;

  g_test_message ("server: %s", text != NULL ? text : "(null)");
  g_assert_false (sp_server_parse (text, &host, &port, &error));
  g_assert_error (error, SP_ADDRESS_ERROR, (gint) code);
  assert_good_message (error);
  /* outputs are untouched on failure */
  g_assert_null (host);
  g_assert_cmpuint (port, ==, 587);
}

/* "::1:2722" is also the address ::0.1.39.34: whoever typed it meant
 * port 2722 on ::1, so it is refused with the bracketed form to use. */
static void
test_server_ambiguous_ipv6 (void)
{
  static const struct { const char *text; const char *hint; } ambiguous[] = {
    { "::1:2722", "[::1]:2722" },
    { "fe80::1:25", "[fe80::1]:25" },
    { "2001:db8::1:587", "[2001:db8::1]:587" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ambiguous); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *host = NULL;
      guint16 port = 25;

      g_test_message ("server: %s", ambiguous[i].text);
      g_assert_false (sp_server_parse (ambiguous[i].text, &host, &port, &error));
      g_assert_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_DOMAIN);
      g_assert_nonnull (strstr (error->message, ambiguous[i].hint));
      g_assert_nonnull (strstr (error->message, "ambiguous"));
      g_assert_null (host);
      g_assert_cmpuint (port, ==, 25);
    }

  /* Nothing to mistake: the address without its last group is none. */
  assert_server ("::1", "::1", 25);
  assert_server ("2001:db8::25", "2001:db8::25", 25);
  assert_server ("2001:db8:0:0:0:0:0:1", "2001:db8:0:0:0:0:0:1", 25);
  assert_server ("::1:abcd", "::1:abcd", 25);
  assert_server ("[::1]:2722", "::1", 2722);
  assert_server ("[::1:2722]", "::1:2722", 25);
}

static void
test_server_parse (void)
{
  guint16 port = 2525;
  g_autofree char *host = NULL;

  /* port 25 is preset by assert_server: a text without port keeps it */
  assert_server ("mx.example.test", "mx.example.test", 25);
  assert_server ("mx.example.test:2525", "mx.example.test", 2525);
  assert_server ("mx.example.test.:587", "mx.example.test", 587);
  assert_server ("MX.Example.Test", "mx.example.test", 25);
  assert_server ("  mx.example.test:465  ", "mx.example.test", 465);
  assert_server ("127.0.0.1:25", "127.0.0.1", 25);
  assert_server ("127.0.0.1:10025", "127.0.0.1", 10025);
  assert_server ("127.0.0.1", "127.0.0.1", 25);
  assert_server ("[::1]:2526", "::1", 2526);
  assert_server ("[::1]", "::1", 25);
  assert_server ("::1", "::1", 25);
  assert_server ("2001:db8::25", "2001:db8::25", 25);
  assert_server ("[2001:db8::1]:65535", "2001:db8::1", 65535);
  assert_server ("[IPv6:::1]:26", "::1", 26);
  assert_server ("[127.0.0.1]:26", "127.0.0.1", 26);
  assert_server ("localhost:1", "localhost", 1);
  assert_server ("bücher.example:25", "xn--bcher-kva.example", 25);

  /* host and port may be NULL */
  g_assert_true (sp_server_parse ("mx.example.test:26", NULL, &port, NULL));
  g_assert_cmpuint (port, ==, 26);
  g_assert_true (sp_server_parse ("mx.example.test:27", &host, NULL, NULL));
  g_assert_cmpstr (host, ==, "mx.example.test");

  assert_server_fails (NULL, SP_ADDRESS_ERROR_EMPTY);
  assert_server_fails ("", SP_ADDRESS_ERROR_EMPTY);
  assert_server_fails ("   ", SP_ADDRESS_ERROR_EMPTY);
  assert_server_fails ("x:99999", SP_ADDRESS_ERROR_PORT);
  assert_server_fails ("x:65536", SP_ADDRESS_ERROR_PORT);
  assert_server_fails ("x:0", SP_ADDRESS_ERROR_PORT);
  assert_server_fails ("x:abc", SP_ADDRESS_ERROR_PORT);
  assert_server_fails ("x:", SP_ADDRESS_ERROR_PORT);
  assert_server_fails ("x:-1", SP_ADDRESS_ERROR_PORT);
  assert_server_fails ("x: 25", SP_ADDRESS_ERROR_PORT);
  assert_server_fails ("[::1]:abc", SP_ADDRESS_ERROR_PORT);
  assert_server_fails ("[::1]:", SP_ADDRESS_ERROR_PORT);
  assert_server_fails (":25", SP_ADDRESS_ERROR_DOMAIN);
  assert_server_fails ("[::1", SP_ADDRESS_ERROR_DOMAIN);
  assert_server_fails ("[::1]x", SP_ADDRESS_ERROR_DOMAIN);
  assert_server_fails ("[::1]25", SP_ADDRESS_ERROR_DOMAIN);
  assert_server_fails ("[mx.example.test]:25", SP_ADDRESS_ERROR_DOMAIN);
  assert_server_fails ("[fe80::1%eth0]:25", SP_ADDRESS_ERROR_DOMAIN);
  assert_server_fails ("[]", SP_ADDRESS_ERROR_DOMAIN);
  assert_server_fails ("a:b:c", SP_ADDRESS_ERROR_DOMAIN);
  assert_server_fails ("mx_1.example.test:25", SP_ADDRESS_ERROR_DOMAIN);
  assert_server_fails ("mx example.test", SP_ADDRESS_ERROR_DOMAIN);
  assert_server_fails ("1.2.3.256", SP_ADDRESS_ERROR_DOMAIN);
  assert_server_fails ("user@mx.example.test", SP_ADDRESS_ERROR_DOMAIN);
  assert_server_fails ("mx.example.test\r\nQUIT", SP_ADDRESS_ERROR_CONTROL_CHARACTER);
}

static void
test_port_parse (void)
{
  struct {
    const char *text;
    guint16     port;  /* 0: invalid */
  } cases[] = {
    { "25", 25 },
    { "1", 1 },
    { "587", 587 },
    { "65535", 65535 },
    { "025", 25 },
    { "0", 0 },
    { "00000", 0 },
    { "65536", 0 },
    { "99999999999999999999999", 0 },
    { "-1", 0 },
    { "+25", 0 },
    { " 25", 0 },
    { "25 ", 0 },
    { "2 5", 0 },
    { "0x19", 0 },
    { "25.0", 0 },
    { "", 0 },
    { "smtp", 0 },
    { "２５", 0 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint16 port = 7;
      gboolean ok;

      g_test_message ("port: “%s”", cases[i].text);
      ok = sp_port_parse (cases[i].text, &port, &error);
      if (cases[i].port != 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpuint (port, ==, cases[i].port);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_PORT);
          assert_good_message (error);
          g_assert_cmpuint (port, ==, 7);
        }
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (sp_port_parse (NULL, NULL, &error));
    g_assert_error (error, SP_ADDRESS_ERROR, SP_ADDRESS_ERROR_PORT);
    g_assert_true (sp_port_parse ("25", NULL, NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/address/valid", test_valid);
  g_test_add_func ("/sp/address/idn", test_idn);
  g_test_add_func ("/sp/address/smtputf8", test_smtputf8);
  g_test_add_func ("/sp/address/dup-domain", test_dup_domain);
  g_test_add_func ("/sp/address/empty", test_empty);
  g_test_add_func ("/sp/address/control-characters", test_control_characters);
  g_test_add_func ("/sp/address/text-check-safe", test_text_check_safe);
  g_test_add_func ("/sp/address/no-at", test_no_at);
  g_test_add_func ("/sp/address/local-part", test_local_part);
  g_test_add_func ("/sp/address/local-too-long", test_local_too_long);
  g_test_add_func ("/sp/address/domain", test_domain);
  g_test_add_func ("/sp/address/domain-to-ascii-errors", test_domain_to_ascii_errors);
  g_test_add_func ("/sp/address/lengths", test_lengths);
  g_test_add_func ("/sp/address/hostile", test_hostile);
  g_test_add_func ("/sp/address/ehlo", test_ehlo);
  g_test_add_func ("/sp/address/server-parse", test_server_parse);
  g_test_add_func ("/sp/address/server-ambiguous-ipv6", test_server_ambiguous_ipv6);
  g_test_add_func ("/sp/address/port-parse", test_port_parse);

  return g_test_run ();
}
