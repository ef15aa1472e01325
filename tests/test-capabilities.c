/* test-capabilities.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-capabilities"

#include "config.h"

#include "sp-capabilities.h"

static SpCapabilities *
caps_from_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpReply) reply = sp_reply_new_from_text (text, &error);

  g_assert_no_error (error);

  return sp_capabilities_new_from_reply (reply);
}

static SpCapabilities *
caps_from_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return caps_from_text (contents);
}

static void
assert_strv (const char * const *actual,
             const char * const *expected)
{
  g_autofree char *joined_actual = g_strjoinv (",", (char **) actual);
  g_autofree char *joined_expected = g_strjoinv (",", (char **) expected);

  g_assert_cmpstr (joined_actual, ==, joined_expected);
}

static void
test_postfix (void)
{
  g_autoptr(SpCapabilities) caps = caps_from_file ("reply-ehlo-postfix.txt");
  const char * const keywords[] = {
    "PIPELINING", "SIZE", "VRFY", "ETRN", "STARTTLS", "AUTH", "ENHANCEDSTATUSCODES",
    "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING", NULL
  };
  const char * const mechs[] = { "PLAIN", "LOGIN", NULL };

  g_assert_cmpstr (sp_capabilities_get_server_name (caps), ==, "mx.example.test");
  assert_strv (sp_capabilities_get_keywords (caps), keywords);
  assert_strv (sp_capabilities_get_auth_mechanisms (caps), mechs);
  g_assert_cmpuint (sp_capabilities_get_size_limit (caps), ==, 10240000);
  g_assert_cmpstr (sp_capabilities_get_params (caps, "SIZE"), ==, "10240000");
  g_assert_cmpstr (sp_capabilities_get_params (caps, "AUTH"), ==, "PLAIN LOGIN");
  g_assert_cmpstr (sp_capabilities_get_params (caps, "STARTTLS"), ==, "");
  g_assert_null (sp_capabilities_get_params (caps, "BINARYMIME"));

  g_assert_true (sp_capabilities_has (caps, "STARTTLS"));
  g_assert_true (sp_capabilities_has (caps, "starttls"));
  g_assert_true (sp_capabilities_has (caps, "8bitmime"));
  g_assert_true (sp_capabilities_has (caps, "SmtpUtf8"));
  g_assert_false (sp_capabilities_has (caps, "BINARYMIME"));
  g_assert_false (sp_capabilities_has (caps, "AUTH=PLAIN"));
  g_assert_false (sp_capabilities_has (caps, "START"));
  g_assert_false (sp_capabilities_has (caps, ""));
}

static void
test_exchange (void)
{
  g_autoptr(SpCapabilities) caps = caps_from_file ("reply-ehlo-exchange.txt");
  const char * const keywords[] = {
    "SIZE", "PIPELINING", "DSN", "ENHANCEDSTATUSCODES", "STARTTLS", "X-ANONYMOUSTLS", "AUTH",
    "X-EXPS", "8BITMIME", "BINARYMIME", "CHUNKING", "XRDST", "XSHADOWREQUEST", NULL
  };
  const char * const mechs[] = { "NTLM", NULL };

  /* only the first word: "Hello [192.0.2.10]" is greeting text */
  g_assert_cmpstr (sp_capabilities_get_server_name (caps), ==, "EXCH01.contoso.test");
  assert_strv (sp_capabilities_get_keywords (caps), keywords);
  /* X-EXPS lists mechanisms too, but for Exchange's own use, not AUTH */
  assert_strv (sp_capabilities_get_auth_mechanisms (caps), mechs);
  g_assert_cmpstr (sp_capabilities_get_params (caps, "x-exps"), ==, "GSSAPI NTLM");
  g_assert_cmpuint (sp_capabilities_get_size_limit (caps), ==, 37748736);
  g_assert_true (sp_capabilities_has (caps, "chunking"));
  g_assert_false (sp_capabilities_has (caps, "SMTPUTF8"));
}

static void
test_auth_forms (void)
{
  g_autoptr(SpCapabilities) old_only = NULL;
  g_autoptr(SpCapabilities) both = NULL;
  g_autoptr(SpCapabilities) old_first = NULL;
  const char * const old_mechs[] = { "LOGIN", "PLAIN", NULL };
  const char * const both_mechs[] = { "PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2", NULL };
  const char * const old_first_mechs[] = { "LOGIN", "PLAIN", NULL };

  /* the old form alone still means AUTH */
  old_only = caps_from_text ("250-mx.example.test\r\n250-auth=login plain\r\n250 DSN\r\n");
  g_assert_true (sp_capabilities_has (old_only, "AUTH"));
  g_assert_cmpstr (sp_capabilities_get_params (old_only, "AUTH"), ==, "login plain");
  assert_strv (sp_capabilities_get_auth_mechanisms (old_only), old_mechs);

  /* de-duplicated across lines and case, in order of first appearance */
  both = caps_from_text ("250-mx.example.test\r\n"
                         "250-AUTH plain LOGIN  CRAM-MD5\r\n"
                         "250-AUTH=LOGIN PLAIN xoauth2\r\n"
                         "250-AUTH PLAIN\r\n"
                         "250 OK\r\n");
  assert_strv (sp_capabilities_get_auth_mechanisms (both), both_mechs);
  g_assert_cmpstr (sp_capabilities_get_params (both, "AUTH"), ==, "plain LOGIN  CRAM-MD5");

  /* the standard line's parameters win even when the old one came first */
  old_first = caps_from_text ("250-mx.example.test\r\n250-AUTH=LOGIN\r\n250 AUTH PLAIN LOGIN\r\n");
  g_assert_cmpstr (sp_capabilities_get_params (old_first, "AUTH"), ==, "PLAIN LOGIN");
  assert_strv (sp_capabilities_get_auth_mechanisms (old_first), old_first_mechs);
  g_assert_cmpuint (g_strv_length ((char **) sp_capabilities_get_keywords (old_first)), ==, 1);
}

static void
test_size (void)
{
  struct {
    const char *line;
    guint64     limit;
  } cases[] = {
    { "250 SIZE 52428800", 52428800 },
    { "250 SIZE", 0 },
    { "250 SIZE 0", 0 },
    { "250 SIZE   1000   ", 1000 },
    { "250 SIZE abc", 0 },
    { "250 SIZE -5", 0 },
    { "250 SIZE 12x", 0 },
    { "250 SIZE 18446744073709551615", G_MAXUINT64 },
    { "250 SIZE 99999999999999999999999", 0 },
    { "250 DSN", 0 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strconcat ("250-mx.example.test\r\n", cases[i].line, NULL);
      g_autoptr(SpCapabilities) caps = caps_from_text (text);

      g_test_message ("case %u: %s", i, cases[i].line);
      g_assert_cmpuint (sp_capabilities_get_size_limit (caps), ==, cases[i].limit);
    }

  {
    g_autoptr(SpCapabilities) twice = NULL;

    twice = caps_from_text ("250-mx.example.test\r\n250-SIZE 100\r\n250 SIZE 200\r\n");
    g_assert_cmpuint (sp_capabilities_get_size_limit (twice), ==, 100);
    g_assert_cmpstr (sp_capabilities_get_params (twice, "SIZE"), ==, "100");
  }
}

static void
test_not_250 (void)
{
  const char *cases[] = {
    "502 5.5.2 Error: command not recognized\r\n",
    "554-mx.example.test\r\n554 SIZE 100\r\n",
    "421 4.3.2 Service shutting down\r\n",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpCapabilities) caps = caps_from_text (cases[i]);

      g_assert_null (sp_capabilities_get_server_name (caps));
      g_assert_null (sp_capabilities_get_keywords (caps)[0]);
      g_assert_null (sp_capabilities_get_auth_mechanisms (caps)[0]);
      g_assert_false (sp_capabilities_has (caps, "SIZE"));
      g_assert_cmpuint (sp_capabilities_get_size_limit (caps), ==, 0);
    }
}

static void
test_single_line (void)
{
  g_autoptr(SpCapabilities) caps = caps_from_text ("250 mx.example.test at your service\r\n");
  g_autoptr(SpCapabilities) bare = caps_from_text ("250\r\n");

  g_assert_cmpstr (sp_capabilities_get_server_name (caps), ==, "mx.example.test");
  g_assert_null (sp_capabilities_get_keywords (caps)[0]);
  g_assert_false (sp_capabilities_has (caps, "at"));

  g_assert_null (sp_capabilities_get_server_name (bare));
  g_assert_null (sp_capabilities_get_keywords (bare)[0]);
}

static void
test_odd_lines (void)
{
  g_autoptr(SpCapabilities) caps = NULL;
  const char * const keywords[] = { "PIPELINING", "X-LINK2STATE", "8BITMIME", "DSN", NULL };

  caps = caps_from_text ("250-mx.example.test\r\n"
                         "250-\r\n"
                         "250-   \r\n"
                         "250-pipelining\r\n"
                         "250-PIPELINING\r\n"
                         "250-X-LINK2STATE\r\n"
                         "250-$$$ bad keyword\r\n"
                         "250--DASH\r\n"
                         "250-FOO=BAR\r\n"
                         "250-\x1b[2J\r\n"
                         "250-8BITMIME \r\n"
                         "250 dsn\r\n");

  assert_strv (sp_capabilities_get_keywords (caps), keywords);
  g_assert_cmpstr (sp_capabilities_get_params (caps, "8BITMIME"), ==, "");
  g_assert_false (sp_capabilities_has (caps, "FOO"));
  g_assert_false (sp_capabilities_has (caps, "$$$"));
}

static void
test_boxed (void)
{
  g_autoptr(SpCapabilities) caps = caps_from_text ("250-mx.example.test\r\n250 DSN\r\n");
  SpCapabilities *copy;

  g_assert_true (G_TYPE_IS_BOXED (SP_TYPE_CAPABILITIES));
  copy = g_boxed_copy (SP_TYPE_CAPABILITIES, caps);
  g_assert_true (copy == caps);
  g_boxed_free (SP_TYPE_CAPABILITIES, copy);
  sp_capabilities_unref (sp_capabilities_ref (caps));
  g_assert_true (sp_capabilities_has (caps, "DSN"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/capabilities/postfix", test_postfix);
  g_test_add_func ("/sp/capabilities/exchange", test_exchange);
  g_test_add_func ("/sp/capabilities/auth-forms", test_auth_forms);
  g_test_add_func ("/sp/capabilities/size", test_size);
  g_test_add_func ("/sp/capabilities/not-250", test_not_250);
  g_test_add_func ("/sp/capabilities/single-line", test_single_line);
  g_test_add_func ("/sp/capabilities/odd-lines", test_odd_lines);
  g_test_add_func ("/sp/capabilities/boxed", test_boxed);

  return g_test_run ();
}
