/* test-export.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-export"

#include "config.h"

#include "sp-test-transcript.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sp-diagnosis.h"
#include "sp-export.h"
#include "sp-test-util.h"

#define HOSTILE_BANNER \
  "220 mx2.example.test ESMTP <script>alert('x')</script> & \"quoted\" \x1b[31mred"
#define HOSTILE_DETAIL \
  "The server refused the recipient: <b>User unknown</b> & gone."
#define RCPT_REPLY \
  "550 5.1.1 <user@example.test>: Recipient address rejected: User unknown"

static guint count_occurrences (const char *haystack,
                                const char *needle);

/* Building a realistic session by hand */

static SpMxHost *
mx_host_new (guint16             preference,
             const char         *name,
             const char * const *addresses,
             const char         *error_message)
{
  SpMxHost *host = g_new0 (SpMxHost, 1);

  host->preference = preference;
  host->host = g_strdup (name);
  host->addresses = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; addresses != NULL && addresses[i] != NULL; i++)
    g_ptr_array_add (host->addresses, g_inet_address_new_from_string (addresses[i]));
  if (error_message != NULL)
    host->error = g_error_new_literal (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NO_ADDRESSES,
                                       error_message);

  return host;
}

static void
add_query (SpMxResult *mx,
           const char *name,
           const char *type,
           const char *status,
           gint64      elapsed_usec)
{
  SpDnsQuery *query = g_new0 (SpDnsQuery, 1);

  query->name = g_strdup (name);
  query->type = g_strdup (type);
  query->status = g_strdup (status);
  query->elapsed_usec = elapsed_usec;
  g_ptr_array_add (mx->queries, query);
}

static SpReply *
reply_new (const char *text)
{
  g_autoptr(GError) error = NULL;
  SpReply *reply = sp_reply_new_from_text (text, &error);

  g_assert_no_error (error);

  return reply;
}

static void
command_step (SpTranscript *transcript,
              SpStep        step,
              const char   *command,
              const char   *reply_text)
{
  g_autoptr(SpReply) reply = reply_new (reply_text);

  sp_attempt_begin_step (sp_test_current_attempt (transcript), step, command);
  sp_attempt_add_client_line (sp_test_current_attempt (transcript), step, command);
  sp_attempt_add_reply (sp_test_current_attempt (transcript), step, reply);
  sp_attempt_end_step (sp_test_current_attempt (transcript), reply, NULL);
}

static SpTranscript *
build_session (void)
{
  static const char * const mx1_addresses[] = { "127.0.0.2", NULL };
  static const char * const mx2_addresses[] = { "127.0.0.1", "::1", NULL };
  SpTranscript *transcript = sp_transcript_new ();
  g_autoptr(SpMxResult) mx = sp_mx_result_new ("example.test");
  g_autoptr(GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                                                   "Connection refused");
  g_autoptr(SpReply) banner = NULL;
  g_autoptr(SpReply) ehlo = NULL;
  g_autoptr(SpCapabilities) capabilities = NULL;

  sp_transcript_set_request (transcript, "user@example.test", "probe@example.org", FALSE);

  mx->servers = g_strdup ("127.0.0.1:5353");
  g_ptr_array_add (mx->hosts, mx_host_new (10, "mx1.example.test", mx1_addresses, NULL));
  g_ptr_array_add (mx->hosts, mx_host_new (20, "mx2.example.test", mx2_addresses, NULL));
  g_ptr_array_add (mx->hosts, mx_host_new (30, "mx3.example.test", NULL,
                                           "mx3.example.test has no address records."));
  add_query (mx, "example.test", "MX", "NOERROR", 1234);
  add_query (mx, "mx1.example.test", "A", "NOERROR", 800);
  add_query (mx, "mx1.example.test", "AAAA", "NODATA", 750);
  add_query (mx, "mx3.example.test", "A", "NXDOMAIN", 2000);

  sp_transcript_begin_stage (transcript, SP_STEP_DNS);
  sp_transcript_add_note (transcript, SP_STEP_DNS, "Looking up the mail servers of %s…",
                          "example.test");
  sp_transcript_set_mx_result (transcript, mx);
  sp_transcript_add_note (transcript, SP_STEP_DNS, "Found %u mail servers.", 3);

  /* Attempt 1: nobody listens. */
  sp_test_begin_attempt (transcript, "mx1.example.test", "127.0.0.2", 25);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_CONNECT, NULL);
  sp_attempt_add_note (sp_test_current_attempt (transcript), SP_STEP_CONNECT,
                       "Connecting to %s [%s] port %u…",
                          "mx1.example.test", "127.0.0.2", 25);
  g_usleep (2000);
  sp_attempt_add_error (sp_test_current_attempt (transcript), SP_STEP_CONNECT, "%s",
                        refused->message);
  sp_attempt_end_step (sp_test_current_attempt (transcript), NULL, refused);
  sp_attempt_end (sp_test_current_attempt (transcript), SP_VERDICT_CONNECT_FAILED, SP_STEP_CONNECT,
                             "mx1.example.test refused the connection.");

  /* Attempt 2: a whole session that ends with 550 5.1.1. */
  sp_test_begin_attempt (transcript, "mx2.example.test", "127.0.0.1", 25);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_CONNECT, NULL);
  sp_attempt_add_note (sp_test_current_attempt (transcript), SP_STEP_CONNECT,
                       "Connecting to %s [%s] port %u…",
                          "mx2.example.test", "127.0.0.1", 25);
  sp_attempt_end_step (sp_test_current_attempt (transcript), NULL, NULL);

  banner = reply_new (HOSTILE_BANNER);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_BANNER, NULL);
  sp_attempt_add_reply (sp_test_current_attempt (transcript), SP_STEP_BANNER, banner);
  sp_attempt_end_step (sp_test_current_attempt (transcript), banner, NULL);

  ehlo = reply_new ("250-mx2.example.test Hello\r\n"
                    "250-SIZE 10240000\r\n"
                    "250-8BITMIME\r\n"
                    "250 ENHANCEDSTATUSCODES");
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_EHLO,
                         "EHLO probe.example.org");
  sp_attempt_add_client_line (sp_test_current_attempt (transcript), SP_STEP_EHLO,
                              "EHLO probe.example.org");
  sp_attempt_add_reply (sp_test_current_attempt (transcript), SP_STEP_EHLO, ehlo);
  sp_attempt_end_step (sp_test_current_attempt (transcript), ehlo, NULL);
  capabilities = sp_capabilities_new_from_reply (ehlo);
  sp_attempt_set_capabilities (sp_test_current_attempt (transcript), capabilities);

  command_step (transcript, SP_STEP_MAIL, "MAIL FROM:<probe@example.org>", "250 2.1.0 Ok");
  command_step (transcript, SP_STEP_RCPT, "RCPT TO:<user@example.test>", RCPT_REPLY);
  command_step (transcript, SP_STEP_QUIT, "QUIT", "221 2.0.0 Bye");

  sp_attempt_end (sp_test_current_attempt (transcript), SP_VERDICT_PERMANENT, SP_STEP_RCPT,
                  HOSTILE_DETAIL);
  sp_transcript_set_verdict (transcript, SP_VERDICT_PERMANENT, SP_STEP_RCPT, HOSTILE_DETAIL);
  sp_transcript_add_note (transcript, SP_STEP_NONE, "Test finished.");

  return transcript;
}

/* Reading the JSON back */

static GVariant *
member (GVariant   *object,
        const char *name)
{
  GVariant *value;

  g_assert_true (g_variant_is_of_type (object, G_VARIANT_TYPE_VARDICT));
  value = g_variant_lookup_value (object, name, NULL);
  if (value == NULL)
    g_error ("JSON member “%s” is missing", name);

  return value;
}

static gboolean
is_null (GVariant *value)
{
  g_autoptr(GVariant) inner = NULL;

  if (!g_variant_is_of_type (value, G_VARIANT_TYPE ("mv")))
    return FALSE;
  inner = g_variant_get_maybe (value);

  return inner == NULL;
}

static void
assert_null_member (GVariant   *object,
                    const char *name)
{
  g_autoptr(GVariant) value = member (object, name);

  if (!is_null (value))
    g_error ("JSON member “%s” should be null", name);
}

static void
assert_string_member (GVariant   *object,
                      const char *name,
                      const char *expected)
{
  g_autoptr(GVariant) value = member (object, name);

  if (expected == NULL)
    {
      g_assert_true (is_null (value));
      return;
    }

  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING));
  g_assert_cmpstr (g_variant_get_string (value, NULL), ==, expected);
}

static void
assert_int_member (GVariant   *object,
                   const char *name,
                   gint64      expected)
{
  g_autoptr(GVariant) value = member (object, name);

  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64));
  g_assert_cmpint (g_variant_get_int64 (value), ==, expected);
}

static void
assert_bool_member (GVariant   *object,
                    const char *name,
                    gboolean    expected)
{
  g_autoptr(GVariant) value = member (object, name);

  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN));
  g_assert_cmpint (g_variant_get_boolean (value), ==, expected);
}

static void
assert_ms_member (GVariant   *object,
                  const char *name,
                  gint64      expected_usec)
{
  g_autoptr(GVariant) value = member (object, name);

  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE));
  g_assert_cmpfloat_with_epsilon (g_variant_get_double (value), expected_usec / 1000.0, 1e-9);
}

/* The n-th element of an "av", unwrapped. */
static GVariant *
element (GVariant *array,
         gsize     index)
{
  g_autoptr(GVariant) boxed = NULL;

  g_assert_true (g_variant_is_of_type (array, G_VARIANT_TYPE ("av")));
  g_assert_cmpuint (index, <, g_variant_n_children (array));
  boxed = g_variant_get_child_value (array, index);

  return g_variant_get_variant (boxed);
}

static void
assert_string_list (GVariant           *array,
                    const char * const *expected,
                    guint               n_expected)
{
  g_assert_true (g_variant_is_of_type (array, G_VARIANT_TYPE ("av")));
  g_assert_cmpuint (g_variant_n_children (array), ==, n_expected);

  for (guint i = 0; i < n_expected; i++)
    {
      g_autoptr(GVariant) item = element (array, i);

      g_assert_true (g_variant_is_of_type (item, G_VARIANT_TYPE_STRING));
      g_assert_cmpstr (g_variant_get_string (item, NULL), ==, expected[i]);
    }
}

static void
assert_same_time (GVariant   *object,
                  const char *name,
                  GDateTime  *expected)
{
  g_autoptr(GVariant) value = member (object, name);
  g_autoptr(GDateTime) parsed = NULL;

  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING));
  parsed = g_date_time_new_from_iso8601 (g_variant_get_string (value, NULL), NULL);
  g_assert_nonnull (parsed);
  g_assert_cmpint (g_date_time_difference (parsed, expected), ==, 0);
}

/* An "explanation" object: the rule, its severity, and never empty. */
static void
assert_explanation (GVariant   *object,
                    const char *rule,
                    const char *severity,
                    gboolean    local)
{
  g_autoptr(GVariant) meaning = member (object, "meaning");
  g_autoptr(GVariant) code_meaning = member (object, "code_meaning");
  g_autoptr(GVariant) reasons = member (object, "reasons");
  g_autoptr(GVariant) advice = member (object, "advice");

  assert_string_member (object, "rule", rule);
  assert_string_member (object, "severity", severity);
  assert_bool_member (object, "generic", g_str_has_prefix (rule, "generic-"));
  g_assert_true (g_variant_is_of_type (meaning, G_VARIANT_TYPE_STRING));
  g_assert_cmpuint (strlen (g_variant_get_string (meaning, NULL)), >, 10);
  g_assert_true (is_null (code_meaning) == local);
  g_assert_true (g_variant_is_of_type (reasons, G_VARIANT_TYPE ("av")));
  g_assert_true (g_variant_is_of_type (advice, G_VARIANT_TYPE ("av")));
  if (!g_str_equal (severity, "info"))
    {
      g_assert_cmpuint (g_variant_n_children (reasons), >=, 1);
      g_assert_cmpuint (g_variant_n_children (advice), >=, 1);
    }
  for (gsize i = 0; i < g_variant_n_children (reasons); i++)
    {
      g_autoptr(GVariant) reason = element (reasons, i);

      g_assert_true (g_variant_is_of_type (reason, G_VARIANT_TYPE_STRING));
    }
}

static void
check_json_step (GVariant               *object,
                 SpStepRecord *step)
{
  static const char * const classes[] = {
    [SP_REPLY_CLASS_LOCAL] = "local",
    [SP_REPLY_CLASS_SUCCESS] = "success",
    [SP_REPLY_CLASS_INTERMEDIATE] = "intermediate",
    [SP_REPLY_CLASS_TRANSIENT] = "transient",
    [SP_REPLY_CLASS_PERMANENT] = "permanent",
  };
  g_autoptr(GVariant) reply = member (object, "reply");

  assert_string_member (object, "step", sp_step_to_string (sp_step_record_get_step (step)));
  assert_string_member (object, "command", sp_step_record_get_command (step));
  assert_string_member (object, "error",
                        sp_step_record_get_error (step) != NULL
                          ? sp_step_record_get_error (step)->message : NULL);
  assert_ms_member (object, "elapsed_ms", sp_step_record_get_elapsed_usec (step));

  if (sp_step_record_get_reply (step) == NULL)
    {
      assert_null_member (object, "code");
      assert_null_member (object, "enhanced_code");
      assert_string_member (object, "class", "local");
      g_assert_cmpuint (g_variant_n_children (reply), ==, 0);
    }
  else
    {
      assert_int_member (object, "code", sp_reply_get_code (sp_step_record_get_reply (step)));
      assert_string_member (object, "enhanced_code",
                            sp_reply_get_enhanced_code (sp_step_record_get_reply (step)));
      assert_string_member (object, "class",
                            classes[sp_reply_get_class (sp_step_record_get_reply (step))]);
      assert_string_list (reply, sp_reply_get_lines (sp_step_record_get_reply (step)),
                          sp_reply_get_n_lines (sp_step_record_get_reply (step)));
    }
}

static void
test_json (void)
{
  static const char * const mx2_addresses[] = { "127.0.0.1", "::1" };
  static const char * const dns_servers[] = { "127.0.0.1:5353" };
  g_autoptr(SpTranscript) transcript = build_session ();
  g_autofree char *json = sp_export_to_string (transcript, SP_EXPORT_FORMAT_JSON);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) doc = NULL;
  g_autoptr(GVariant) tool = NULL;
  g_autoptr(GVariant) servers = NULL;
  g_autoptr(GVariant) mx = NULL;
  g_autoptr(GVariant) queries = NULL;
  g_autoptr(GVariant) attempts = NULL;
  g_autoptr(GVariant) entries = NULL;
  SpMxResult *mx_result = sp_transcript_get_mx_result (transcript);

  g_assert_nonnull (json);
  g_assert_true (g_utf8_validate (json, -1, NULL));
  doc = sp_test_parse_json (json, &error);
  g_assert_no_error (error);

  assert_string_member (doc, "verdict", "permanent-failure");
  /* The diagnosis's sentence, as the result page and the CLI show it. */
  assert_string_member (doc, "headline", "The server refused the recipient user@example.test");
  assert_string_member (doc, "verdict_detail", HOSTILE_DETAIL);
  assert_string_member (doc, "deciding_step", "rcpt");
  assert_string_member (doc, "recipient", "user@example.test");
  assert_string_member (doc, "sender", "probe@example.org");
  assert_bool_member (doc, "check_only", FALSE);
  assert_same_time (doc, "started", sp_transcript_get_started (transcript));

  tool = member (doc, "tool");
  assert_string_member (tool, "version", PACKAGE_VERSION);
  assert_string_member (tool, "name", "SMTP Probe");

  servers = member (doc, "dns_servers");
  assert_string_list (servers, dns_servers, G_N_ELEMENTS (dns_servers));

  assert_bool_member (doc, "implicit_mx", FALSE);

  mx = member (doc, "mx");
  g_assert_cmpuint (g_variant_n_children (mx), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GVariant) host = element (mx, i);
      const SpMxHost *expected = g_ptr_array_index (mx_result->hosts, i);
      g_autoptr(GVariant) addresses = member (host, "addresses");

      assert_int_member (host, "preference", expected->preference);
      assert_string_member (host, "host", expected->host);
      assert_string_member (host, "error",
                            expected->error != NULL ? expected->error->message : NULL);
      g_assert_cmpuint (g_variant_n_children (addresses), ==, expected->addresses->len);
      if (i == 1)
        assert_string_list (addresses, mx2_addresses, G_N_ELEMENTS (mx2_addresses));
    }
  {
    g_autoptr(GVariant) third = element (mx, 2);

    assert_string_member (third, "error", "mx3.example.test has no address records.");
  }

  queries = member (doc, "dns_queries");
  g_assert_cmpuint (g_variant_n_children (queries), ==, mx_result->queries->len);
  for (guint i = 0; i < mx_result->queries->len; i++)
    {
      g_autoptr(GVariant) query = element (queries, i);
      const SpDnsQuery *expected = g_ptr_array_index (mx_result->queries, i);

      assert_string_member (query, "name", expected->name);
      assert_string_member (query, "type", expected->type);
      assert_string_member (query, "status", expected->status);
      assert_ms_member (query, "elapsed_ms", expected->elapsed_usec);
    }

  attempts = member (doc, "attempts");
  g_assert_cmpuint (g_variant_n_children (attempts), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      SpAttempt *expected = sp_transcript_get_attempt (transcript, i);
      g_autoptr(GVariant) attempt = element (attempts, i);
      g_autoptr(GVariant) steps = member (attempt, "steps");
      g_autoptr(GVariant) capabilities = member (attempt, "capabilities");

      assert_string_member (attempt, "host", sp_attempt_get_host (expected));
      assert_string_member (attempt, "address", sp_attempt_get_address (expected));
      assert_int_member (attempt, "port", 25);
      assert_string_member (attempt, "result",
                            sp_verdict_to_string (sp_attempt_get_verdict (expected)));
      assert_string_member (attempt, "deciding_step",
                            sp_step_to_string (sp_attempt_get_deciding_step (expected)));
      assert_string_member (attempt, "detail", sp_attempt_get_detail (expected));

      g_assert_cmpuint (g_variant_n_children (steps), ==, sp_attempt_get_n_steps (expected));
      for (guint s = 0; s < sp_attempt_get_n_steps (expected); s++)
        {
          g_autoptr(GVariant) step = element (steps, s);

          check_json_step (step, sp_attempt_get_step (expected, s));
        }

      if (sp_attempt_get_capabilities (expected) == NULL)
        {
          g_assert_true (is_null (capabilities));
        }
      else
        {
          const char * const *keywords =
            sp_capabilities_get_keywords (sp_attempt_get_capabilities (expected));

          assert_string_list (capabilities, keywords, g_strv_length ((char **) keywords));
          g_assert_cmpuint (g_variant_n_children (capabilities), ==, 3);
        }
    }

  /* Spot checks against literal values, not only against the transcript. */
  {
    g_autoptr(GVariant) first = element (attempts, 0);
    g_autoptr(GVariant) first_steps = member (first, "steps");
    g_autoptr(GVariant) connect = element (first_steps, 0);
    g_autoptr(GVariant) second = element (attempts, 1);
    g_autoptr(GVariant) second_steps = member (second, "steps");
    g_autoptr(GVariant) rcpt = element (second_steps, 4);
    g_autoptr(GVariant) rcpt_reply = member (rcpt, "reply");
    static const char * const rcpt_lines[] = { RCPT_REPLY };

    assert_string_member (first, "result", "connect-failed");
    assert_string_member (first, "deciding_step", "connect");
    assert_string_member (connect, "step", "connect");
    assert_string_member (connect, "error", "Connection refused");
    assert_string_member (connect, "class", "local");
    assert_null_member (connect, "code");
    assert_null_member (first, "capabilities");

    assert_string_member (second, "address", "127.0.0.1");
    assert_string_member (rcpt, "step", "rcpt");
    assert_string_member (rcpt, "command", "RCPT TO:<user@example.test>");
    assert_int_member (rcpt, "code", 550);
    assert_string_member (rcpt, "enhanced_code", "5.1.1");
    assert_string_member (rcpt, "class", "permanent");
    assert_null_member (rcpt, "error");
    assert_string_list (rcpt_reply, rcpt_lines, 1);
  }

  /* Explanations: on each failing step, on the deciding one, and at the
   * top for what decided the test. */
  {
    g_autoptr(GVariant) first = element (attempts, 0);
    g_autoptr(GVariant) first_steps = member (first, "steps");
    g_autoptr(GVariant) connect = element (first_steps, 0);
    g_autoptr(GVariant) second = element (attempts, 1);
    g_autoptr(GVariant) second_steps = member (second, "steps");
    g_autoptr(GVariant) mail = element (second_steps, 3);
    g_autoptr(GVariant) rcpt = element (second_steps, 4);
    g_autoptr(GVariant) quit = element (second_steps, 5);
    g_autoptr(GVariant) connect_explanation = member (connect, "explanation");
    g_autoptr(GVariant) rcpt_explanation = member (rcpt, "explanation");
    g_autoptr(GVariant) top = member (doc, "explanation");

    assert_explanation (connect_explanation, "connect-refused", "permanent", TRUE);
    assert_explanation (rcpt_explanation, "recipient-unknown", "permanent", FALSE);
    assert_null_member (mail, "explanation");
    assert_null_member (quit, "explanation");
    assert_explanation (top, "recipient-unknown", "permanent", FALSE);
    assert_string_member (top, "meaning",
                          "The recipient’s mail server says this address does not exist.");
  }

  entries = member (doc, "entries");
  g_assert_cmpuint (g_variant_n_children (entries), ==, sp_transcript_get_n_entries (transcript));
  for (guint i = 0; i < sp_transcript_get_n_entries (transcript); i++)
    {
      const SpTranscriptEntry *expected = sp_transcript_get_entry (transcript, i);
      g_autoptr(GVariant) entry = element (entries, i);
      g_autoptr(GVariant) attempt = member (entry, "attempt");
      const char *klass = "local";

      switch (expected->klass)
        {
        case SP_REPLY_CLASS_SUCCESS: klass = "success"; break;
        case SP_REPLY_CLASS_PERMANENT: klass = "permanent"; break;
        case SP_REPLY_CLASS_LOCAL: klass = "local"; break;
        default: g_assert_not_reached ();
        }

      assert_same_time (entry, "time", expected->wall);
      assert_ms_member (entry, "elapsed_ms", expected->elapsed_usec);
      assert_string_member (entry, "direction", sp_direction_to_string (expected->direction));
      assert_string_member (entry, "class", klass);
      assert_string_member (entry, "step", sp_step_to_string (expected->step));
      assert_string_member (entry, "text", expected->text);
      if (expected->attempt < 0)
        g_assert_true (is_null (attempt));
      else
        g_assert_cmpint (g_variant_get_int64 (attempt), ==, expected->attempt);
    }
}

static void
test_json_empty (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autofree char *json = sp_export_to_string (transcript, SP_EXPORT_FORMAT_JSON);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) doc = sp_test_parse_json (json, &error);
  g_autoptr(GVariant) mx = NULL;
  g_autoptr(GVariant) attempts = NULL;
  g_autoptr(GVariant) entries = NULL;

  g_assert_no_error (error);
  assert_string_member (doc, "verdict", "none");
  assert_string_member (doc, "headline", "The test has not finished");
  assert_null_member (doc, "verdict_detail");
  assert_string_member (doc, "deciding_step", "none");
  assert_null_member (doc, "recipient");
  assert_null_member (doc, "sender");
  assert_null_member (doc, "dns_servers");
  assert_bool_member (doc, "implicit_mx", FALSE);
  mx = member (doc, "mx");
  g_assert_cmpuint (g_variant_n_children (mx), ==, 0);
  attempts = member (doc, "attempts");
  g_assert_cmpuint (g_variant_n_children (attempts), ==, 0);
  entries = member (doc, "entries");
  g_assert_cmpuint (g_variant_n_children (entries), ==, 0);
  assert_null_member (doc, "explanation");
}

/* HTML */

static char *
row_containing (const char *html,
                const char *needle)
{
  const char *at = strstr (html, needle);
  const char *start;
  const char *end;

  g_assert_nonnull (at);
  start = g_strrstr_len (html, at - html, "<tr");
  end = strstr (at, "</tr>");
  g_assert_nonnull (start);
  g_assert_nonnull (end);

  return g_strndup (start, end - start);
}

static void
test_html (void)
{
  static const char * const allowed_tags[] = {
    "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "header", "main", "footer",
    "section", "h1", "h2", "h3", "p", "span", "strong", "br", "table", "thead", "tbody", "tr",
    "th", "td", "div", "ul", "li", "abbr", NULL
  };
  g_autoptr(SpTranscript) transcript = build_session ();
  g_autofree char *html = sp_export_to_string (transcript, SP_EXPORT_FORMAT_HTML);
  g_autofree char *rcpt_row = NULL;
  g_autofree char *mail_row = NULL;
  g_autofree char *step_row = NULL;
  g_autofree char *attempt_title = NULL;
  g_autoptr(GRegex) tag_regex = g_regex_new ("<\\/?([A-Za-z0-9!]+)", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  const char *legend;
  const char *legend_end;
  g_autofree char *legend_text = NULL;
  static const SpReplyClass classes[] = {
    SP_REPLY_CLASS_SUCCESS, SP_REPLY_CLASS_INTERMEDIATE,
    SP_REPLY_CLASS_TRANSIENT, SP_REPLY_CLASS_PERMANENT,
  };
  static const char * const codes[] = { "2xx", "3xx", "4xx", "5xx" };

  g_assert_nonnull (html);
  g_assert_true (g_utf8_validate (html, -1, NULL));

  /* A self-contained page. */
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"en\">"));
  g_assert_nonnull (strstr (html, "<meta charset=\"utf-8\">"));
  g_assert_nonnull (strstr (html, "<title>Mail delivery test for user@example.test</title>"));
  g_assert_nonnull (strstr (html, "<p class=\"headline\">The server refused the recipient "
                                  "user@example.test</p>"));
  g_assert_nonnull (strstr (html, "@media print"));
  g_assert_true (g_str_has_suffix (html, "</html>\n"));
  g_assert_null (strstr (html, "http:"));
  g_assert_null (strstr (html, "https:"));
  g_assert_null (strstr (html, "src="));
  g_assert_null (strstr (html, "url("));
  g_assert_null (strstr (html, "@import"));

  /* Nothing from the server became markup: only our own tags are there. */
  g_regex_match (tag_regex, html, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *tag = g_match_info_fetch (match, 1);

      if (!g_strv_contains (allowed_tags, tag))
        g_error ("Unexpected tag <%s> in the HTML report", tag);
      g_match_info_next (match, NULL);
    }

  g_assert_nonnull (strstr (html, "ESMTP &lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; "
                                  "&amp; &quot;quoted&quot; \\x1B[31mred"));
  g_assert_nonnull (strstr (html, "The server refused the recipient: &lt;b&gt;User unknown"
                                  "&lt;/b&gt; &amp; gone."));
  g_assert_null (strchr (html, '\x1b'));

  /* Each server line is coloured by class and labelled in words. */
  rcpt_row = row_containing (html, "<td class=\"text\">550 5.1.1 &lt;user@example.test&gt;");
  g_assert_true (g_str_has_prefix (rcpt_row, "<tr class=\"c5\">"));
  g_assert_nonnull (strstr (rcpt_row, sp_reply_class_get_label (SP_REPLY_CLASS_PERMANENT)));
  g_assert_nonnull (strstr (rcpt_row, "✗"));

  mail_row = row_containing (html, "<td class=\"text\">250 2.1.0 Ok");
  g_assert_true (g_str_has_prefix (mail_row, "<tr class=\"c2\">"));
  g_assert_nonnull (strstr (mail_row, sp_reply_class_get_label (SP_REPLY_CLASS_SUCCESS)));
  /* The same marks as every other log, spelled out for a screen reader. */
  g_assert_nonnull (strstr (mail_row, "<abbr title=\"Received\">S:</abbr>"));
  g_assert_nonnull (strstr (html, "<abbr title=\"Sent\">C:</abbr>"));

  /* The legend explains every class with words next to the colour. */
  legend = strstr (html, "<section class=\"legend\">");
  g_assert_nonnull (legend);
  legend_end = strstr (legend, "</section>");
  legend_text = g_strndup (legend, legend_end - legend);
  g_assert_nonnull (strstr (legend_text, "<h2>Legend</h2>"));
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      g_autofree char *row_class = g_strdup_printf ("<tr class=\"c%d\">", (int) classes[i]);

      g_assert_nonnull (strstr (legend_text, row_class));
      g_assert_nonnull (strstr (legend_text, sp_reply_class_get_label (classes[i])));
      g_assert_nonnull (strstr (legend_text, codes[i]));
    }

  /* The MX table. */
  g_assert_nonnull (strstr (html, "<td class=\"num\">10</td><td class=\"mono\">mx1.example.test"
                                  "</td><td class=\"mono\">127.0.0.2</td>"));
  g_assert_nonnull (strstr (html, "<td class=\"mono\">127.0.0.1, ::1</td>"));
  g_assert_nonnull (strstr (html, "mx3.example.test has no address records."));
  g_assert_nonnull (strstr (html, "127.0.0.1:5353"));

  /* Attempts with their step tables. */
  attempt_title = g_strdup_printf ("<h2>Attempt 1: mx1.example.test [127.0.0.2]:25</h2>");
  g_assert_nonnull (strstr (html, attempt_title));
  g_assert_nonnull (strstr (html, "<h2>Attempt 2: mx2.example.test [127.0.0.1]:25</h2>"));
  step_row = row_containing (html, "<td class=\"mono\">RCPT TO:&lt;user@example.test&gt;</td>");
  g_assert_true (g_str_has_prefix (step_row, "<tr class=\"c5\">"));
  g_assert_nonnull (strstr (step_row, sp_step_get_label (SP_STEP_RCPT)));
  g_assert_nonnull (strstr (step_row, "550 5.1.1"));
  g_assert_nonnull (strstr (html, "SIZE 8BITMIME ENHANCEDSTATUSCODES"));

  /* The explanation sits right under the reply that caused it; the reply
   * that decided the test is explained once, with the verdict at the top,
   * and its row points there. */
  {
    const char *step_at = strstr (html,
                                  "<td class=\"mono\">RCPT TO:&lt;user@example.test&gt;</td>");
    const char *row_end = strstr (step_at, "</tr>\n");
    const char *refused_at = strstr (html, "<td class=\"mono\">Connection refused</td>");
    g_autofree char *explanation_row = NULL;

    g_assert_nonnull (row_end);
    g_assert_true (g_str_has_prefix (row_end + 6,
                                     "<tr class=\"explanation\"><td colspan=\"5\">"));
    explanation_row = row_containing (row_end + 6, "This reply decided the test");
    g_assert_null (strstr (explanation_row, "What it means:"));
    g_clear_pointer (&explanation_row, g_free);
    {
      const char *verdict_at = strstr (html, "<section class=\"verdict");

      explanation_row = g_strndup (verdict_at, strstr (verdict_at, "</section>") - verdict_at);
    }
    g_assert_nonnull (strstr (explanation_row, "says this address does not exist"));
    g_assert_nonnull (strstr (explanation_row, "<strong>Likely reasons:</strong>"));
    g_assert_nonnull (strstr (explanation_row, "<strong>What to try:</strong>"));
    g_assert_nonnull (strstr (explanation_row, "<li>Check the spelling of the part before the "
                                               "“@”.</li>"));
    g_assert_nonnull (strstr (explanation_row, "5.1.1 is a permanent failure about an address"));

    /* The refused connection of the first attempt has its own. */
    g_assert_nonnull (refused_at);
    row_end = strstr (refused_at, "</tr>\n");
    g_assert_true (g_str_has_prefix (row_end + 6, "<tr class=\"explanation\">"));
    g_assert_nonnull (strstr (row_end, "nothing accepted a connection on this port"));

    /* Successful steps are not explained. */
    g_assert_cmpuint (count_occurrences (html, "<tr class=\"explanation\">"), ==, 2);
  }

  /* The verdict. */
  g_assert_nonnull (strstr (html, sp_verdict_get_label (SP_VERDICT_PERMANENT)));
  g_assert_nonnull (strstr (html, "<section class=\"verdict bad\">"));
  {
    const char *verdict = strstr (html, "<section class=\"verdict bad\">");
    const char *verdict_end = strstr (verdict, "</section>");
    g_autofree char *section = g_strndup (verdict, verdict_end - verdict);

    g_assert_nonnull (strstr (section, "<div class=\"explanation\">"));
    g_assert_nonnull (strstr (section, "says this address does not exist"));
  }
  g_assert_nonnull (strstr (html, PACKAGE_VERSION));
}

/* Text */

static void
test_text (void)
{
  g_autoptr(SpTranscript) transcript = build_session ();
  g_autofree char *text = sp_export_to_string (transcript, SP_EXPORT_FORMAT_TEXT);
  g_autofree char *header = g_strdup_printf ("SMTP Probe %s", PACKAGE_VERSION);
  GDateTime *started_utc = sp_transcript_get_started (transcript);
  g_autoptr(GDateTime) started_local = g_date_time_to_local (started_utc);
  g_autofree char *started = g_date_time_format (started_local, "%Y-%m-%d %H:%M:%S %:z");
  g_autoptr(GRegex) line_regex = g_regex_new ("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  +"
                                              "\\+\\d+\\.\\d{3}s  (--|!!|C:|S:) ",
                                              0, 0, NULL);
  g_auto(GStrv) lines = NULL;
  guint line = 0;
  guint n_lines;
  const char *attempt1 = "Attempt 1: mx1.example.test [127.0.0.2]:25";
  const char *attempt2 = "Attempt 2: mx2.example.test [127.0.0.1]:25";
  g_autofree char *verdict = g_strdup_printf ("Verdict: %s",
                                              sp_verdict_get_label (SP_VERDICT_PERMANENT));
  g_autoptr(SpTranscript) check_only = NULL;
  g_autofree char *check_only_text = NULL;

  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p++)
    g_assert_true ((guchar) *p >= 0x20 || *p == '\n' || *p == '\t');

  g_assert_true (g_str_has_prefix (text, header));
  g_assert_nonnull (strstr (text, "\nThe server refused the recipient user@example.test\n"));
  g_assert_nonnull (strstr (text, "user@example.test"));
  g_assert_nonnull (strstr (text, "probe@example.org"));
  g_assert_nonnull (strstr (text, started));
  g_assert_nonnull (strstr (text, "127.0.0.1:5353"));

  /* The mode line tells sending from checking. */
  check_only = sp_transcript_new ();
  sp_transcript_set_request (check_only, "user@example.test", "probe@example.org", TRUE);
  check_only_text = sp_export_to_string (check_only, SP_EXPORT_FORMAT_TEXT);
  {
    const char *mode = strstr (text, "Mode:");
    const char *other_mode = strstr (check_only_text, "Mode:");
    g_autofree char *mode_line = NULL;
    g_autofree char *other_mode_line = NULL;

    g_assert_nonnull (mode);
    g_assert_nonnull (other_mode);
    mode_line = g_strndup (mode, strchr (mode, '\n') - mode);
    other_mode_line = g_strndup (other_mode, strchr (other_mode, '\n') - other_mode);
    g_assert_cmpstr (mode_line, !=, other_mode_line);
  }

  lines = g_strsplit (text, "\n", -1);
  n_lines = g_strv_length (lines);

  /* The MX list and the DNS timings. */
  {
    g_autoptr(GRegex) mx1 = g_regex_new ("^ +10  mx1\\.example\\.test  127\\.0\\.0\\.2$",
                                         0, 0, NULL);
    g_autoptr(GRegex) mx2 = g_regex_new ("^ +20  mx2\\.example\\.test  127\\.0\\.0\\.1, ::1$",
                                         0, 0, NULL);
    g_autoptr(GRegex) mx3 = g_regex_new ("^ +30  mx3\\.example\\.test  .*no address records",
                                         0, 0, NULL);
    g_autoptr(GRegex) query = g_regex_new ("^ +MX +example\\.test +NOERROR +1\\.2 ms$",
                                           0, 0, NULL);
    gboolean found[4] = { FALSE, };

    for (guint i = 0; i < n_lines; i++)
      {
        found[0] |= g_regex_match (mx1, lines[i], 0, NULL);
        found[1] |= g_regex_match (mx2, lines[i], 0, NULL);
        found[2] |= g_regex_match (mx3, lines[i], 0, NULL);
        found[3] |= g_regex_match (query, lines[i], 0, NULL);
      }
    for (guint i = 0; i < G_N_ELEMENTS (found); i++)
      g_assert_true (found[i]);
  }

  /* Every entry, in order, each after the heading of its attempt. */
  for (guint i = 0; i < sp_transcript_get_n_entries (transcript); i++)
    {
      const SpTranscriptEntry *entry = sp_transcript_get_entry (transcript, i);
      g_autoptr(GDateTime) local = g_date_time_to_local (entry->wall);
      g_autofree char *hms = g_date_time_format (local, "%H:%M:%S");
      g_autofree char *clock = g_strdup_printf ("%s.%03d", hms,
                                                g_date_time_get_microsecond (local) / 1000);
      g_autofree char *ending = NULL;
      const char *marker;

      if (i > 0 && entry->attempt != sp_transcript_get_entry (transcript, i - 1)->attempt &&
          entry->attempt >= 0)
        {
          const char *heading = entry->attempt == 0 ? attempt1 : attempt2;

          while (line < n_lines && g_strcmp0 (lines[line], heading) != 0)
            line++;
          g_assert_cmpuint (line, <, n_lines);
        }

      switch (entry->direction)
        {
        case SP_DIRECTION_CLIENT: marker = "C:"; break;
        case SP_DIRECTION_SERVER: marker = "S:"; break;
        case SP_DIRECTION_NOTE:
        default: marker = entry->is_error ? "!!" : "--"; break;
        }

      if (entry->direction == SP_DIRECTION_SERVER)
        ending = g_strdup_printf ("  %s %s  [%s]", marker, entry->text,
                                  sp_reply_class_get_label (entry->klass));
      else
        ending = g_strdup_printf ("  %s %s", marker, entry->text);

      while (line < n_lines &&
             !(g_str_has_prefix (lines[line], clock) && g_str_has_suffix (lines[line], ending)))
        line++;
      if (line >= n_lines)
        g_error ("Entry %u (“%s”) is missing from the text report:\n%s", i, ending, text);
      g_assert_true (g_regex_match (line_regex, lines[line], 0, NULL));
      line++;
    }

  /* Hostile text is escaped, not passed through. */
  g_assert_nonnull (strstr (text, "\\x1B[31mred  ["));
  g_assert_nonnull (strstr (text, attempt1));
  g_assert_nonnull (strstr (text, attempt2));
  g_assert_nonnull (strstr (text, "mx1.example.test refused the connection."));

  /* Finally the verdict and its sentence. */
  {
    const char *at = strstr (text, verdict);

    g_assert_nonnull (at);
    g_assert_nonnull (strstr (at, HOSTILE_DETAIL));
    g_assert_nonnull (strstr (at, sp_step_get_label (SP_STEP_RCPT)));
    g_assert_null (strstr (at, "Attempt "));
    /* With what it means and what to do. */
    g_assert_nonnull (strstr (at, "\nWhat it means: The recipient’s mail server says this "
                                  "address does not exist.\n"));
    g_assert_nonnull (strstr (at, "\nWhat to try:\n  • Check the spelling"));
  }

  /* The explanation follows the reply that caused it, indented under its
   * text, and only failing or deciding replies get one. The reply that
   * decided the test is explained once, with the verdict: its line points
   * there. */
  {
    guint rcpt_line = 0;
    guint refused_line = 0;

    for (guint i = 0; i < n_lines; i++)
      {
        if (rcpt_line == 0 && strstr (lines[i], "S: " RCPT_REPLY) != NULL)
          rcpt_line = i;
        if (refused_line == 0 && strstr (lines[i], "!! Connection refused") != NULL)
          refused_line = i;
      }

    g_assert_cmpuint (rcpt_line, >, 0);
    g_assert_cmpuint (rcpt_line + 1, <, n_lines);
    g_assert_true (g_str_has_prefix (lines[rcpt_line + 1],
                                     "                           This reply decided the test: "));
    g_assert_cmpuint (refused_line, >, 0);
    g_assert_true (g_str_has_prefix (lines[refused_line + 1],
                                     "                           What it means: The server’s"));
    g_assert_cmpuint (count_occurrences (text, "What it means:"), ==, 2);
    g_assert_cmpuint (count_occurrences (text, "What it means: The recipient"), ==, 1);
    for (guint i = 0; i < n_lines; i++)
      g_assert_cmpuint (g_utf8_strlen (lines[i], -1), <=, 100 + strlen (HOSTILE_BANNER) + 60);
  }
}

/* An accepted test: nothing to explain at the top, but the deciding reply
 * still says what it means. */
static void
test_explanation_accepted (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  g_autoptr(GVariant) doc = NULL;
  g_autoptr(GVariant) attempts = NULL;
  g_autoptr(GVariant) attempt = NULL;
  g_autoptr(GVariant) steps = NULL;
  g_autoptr(GVariant) rcpt = NULL;
  g_autoptr(GVariant) explanation = NULL;
  g_autoptr(GError) error = NULL;

  sp_transcript_set_request (transcript, "kate@example.test", "probe@example.org", TRUE);
  sp_test_begin_attempt (transcript, "mx.example.test", "127.0.0.1", 25);
  command_step (transcript, SP_STEP_MAIL, "MAIL FROM:<probe@example.org>", "250 2.1.0 Ok");
  command_step (transcript, SP_STEP_RCPT, "RCPT TO:<kate@example.test>", "250 2.1.5 Ok");
  command_step (transcript, SP_STEP_QUIT, "QUIT", "221 2.0.0 Bye");
  sp_attempt_end (sp_test_current_attempt (transcript), SP_VERDICT_ACCEPTED, SP_STEP_RCPT,
                  "Accepted.");
  sp_transcript_set_verdict (transcript, SP_VERDICT_ACCEPTED, SP_STEP_RCPT, "Accepted.");

  json = sp_export_to_string (transcript, SP_EXPORT_FORMAT_JSON);
  doc = sp_test_parse_json (json, &error);
  g_assert_no_error (error);
  assert_null_member (doc, "explanation");
  attempts = member (doc, "attempts");
  attempt = element (attempts, 0);
  steps = member (attempt, "steps");
  rcpt = element (steps, 1);
  explanation = member (rcpt, "explanation");
  assert_explanation (explanation, "generic-success", "info", FALSE);
  {
    g_autoptr(GVariant) mail = element (steps, 0);

    assert_null_member (mail, "explanation");
  }

  text = sp_export_to_string (transcript, SP_EXPORT_FORMAT_TEXT);
  g_assert_cmpuint (count_occurrences (text, "What it means: 250 means success"), ==, 1);
  g_assert_null (strstr (text, "Likely reasons:"));
  /* One server: its result is the verdict, said once. */
  g_assert_null (strstr (text, "Result: "));
  g_assert_cmpuint (count_occurrences (text, "Verdict: Accepted"), ==, 1);

  html = sp_export_to_string (transcript, SP_EXPORT_FORMAT_HTML);
  g_assert_cmpuint (count_occurrences (html, "<tr class=\"explanation\">"), ==, 1);
  g_assert_null (strstr (html, "<div class=\"explanation\">"));
}

/* A failed DNS lookup has no reply: the verdict carries the explanation. */
static void
test_explanation_dns (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  g_autoptr(GVariant) doc = NULL;
  g_autoptr(GVariant) explanation = NULL;
  g_autoptr(GError) error = NULL;

  sp_transcript_set_request (transcript, "kate@example.test", "probe@example.org", FALSE);
  sp_transcript_add_error (transcript, SP_STEP_DNS, "No DNS server answered.");
  sp_transcript_set_verdict (transcript, SP_VERDICT_DNS_FAILED, SP_STEP_DNS,
                             "No DNS server answered.");

  json = sp_export_to_string (transcript, SP_EXPORT_FORMAT_JSON);
  doc = sp_test_parse_json (json, &error);
  g_assert_no_error (error);
  explanation = member (doc, "explanation");
  assert_explanation (explanation, "dns-failed", "temporary", TRUE);

  text = sp_export_to_string (transcript, SP_EXPORT_FORMAT_TEXT);
  g_assert_nonnull (strstr (text, "\nWhat it means: Looking up the mail servers"));

  html = sp_export_to_string (transcript, SP_EXPORT_FORMAT_HTML);
  g_assert_nonnull (strstr (html, "<div class=\"explanation\">\n<p><strong>What it means:"
                                  "</strong> Looking up the mail servers"));
}

/* The lookup's own error decides the explanation, not only the verdict. */
static void
test_explanation_dns_error (void)
{
  static const struct
  {
    SpResolverError  code;
    const char      *rule;
    const char      *severity;
    const char      *meaning;
  } cases[] = {
    { SP_RESOLVER_ERROR_NOT_FOUND, "dns-nxdomain", "permanent", "does not exist" },
    { SP_RESOLVER_ERROR_NULL_MX, "dns-null-mx", "permanent", "null MX" },
    { SP_RESOLVER_ERROR_NO_MAIL_HOST, "dns-no-mail-host", "permanent", "names no mail server" },
    { SP_RESOLVER_ERROR_TIMED_OUT, "dns-timeout", "temporary", "No DNS server answered" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpTranscript) transcript = sp_transcript_new ();
      g_autoptr(GError) lookup_error = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) doc = NULL;
      g_autoptr(GVariant) explanation = NULL;
      g_autoptr(GVariant) meaning = NULL;
      g_autofree char *json = NULL;
      g_autofree char *text = NULL;
      g_autofree char *html = NULL;

      lookup_error = g_error_new_literal (SP_RESOLVER_ERROR, cases[i].code, "The lookup failed.");
      sp_transcript_set_request (transcript, "kate@example.test", "probe@example.org", FALSE);
      sp_transcript_add_error (transcript, SP_STEP_DNS, "%s", lookup_error->message);
      sp_transcript_set_dns_error (transcript, lookup_error);
      sp_transcript_set_verdict (transcript, SP_VERDICT_DNS_FAILED, SP_STEP_DNS,
                                 lookup_error->message);
      g_assert_error (sp_transcript_get_dns_error (transcript), SP_RESOLVER_ERROR,
                      (int) cases[i].code);

      json = sp_export_to_string (transcript, SP_EXPORT_FORMAT_JSON);
      doc = sp_test_parse_json (json, &error);
      g_assert_no_error (error);
      explanation = member (doc, "explanation");
      assert_explanation (explanation, cases[i].rule, cases[i].severity, TRUE);
      meaning = member (explanation, "meaning");
      g_assert_nonnull (strstr (g_variant_get_string (meaning, NULL), cases[i].meaning));

      text = sp_export_to_string (transcript, SP_EXPORT_FORMAT_TEXT);
      /* Word-wrapped there: compare with the blanks squashed. */
      {
        g_autoptr(GRegex) blanks = g_regex_new ("\\s+", 0, 0, NULL);
        g_autofree char *flat = g_regex_replace_literal (blanks, text, -1, 0, " ", 0, NULL);

        g_assert_nonnull (strstr (flat, g_variant_get_string (meaning, NULL)));
      }
      html = sp_export_to_string (transcript, SP_EXPORT_FORMAT_HTML);
      g_assert_nonnull (strstr (html, cases[i].meaning));
    }
}

/* Encryption and logging in */

#define HOSTILE_SUBJECT "CN=<script>x</script> & \"mx2\"\x1b[31m"

/* A session over STARTTLS with a certificate that expired and names
 * another host, and a login that was refused. */
static SpTranscript *
build_tls_session (SpTlsReport **report_out)
{
  static const char * const dns_names[] = { "other.example.test", "*.other.example.test", NULL };
  static const char * const ip_addresses[] = { "192.0.2.25", NULL };
  SpTranscript *transcript = sp_transcript_new ();
  g_autoptr(SpTlsReport) report = sp_tls_report_new ("mx2.example.test");
  g_autoptr(SpTlsReport) good = sp_tls_report_new ("mx1.example.test");

  report->mode = SP_TLS_MODE_STARTTLS;
  report->protocol = g_strdup ("TLS 1.2");
  report->cipher_suite = g_strdup ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  report->subject = g_strdup (HOSTILE_SUBJECT);
  report->issuer = g_strdup ("CN=Example CA,O=Example");
  g_strfreev (report->dns_names);
  report->dns_names = g_strdupv ((char **) dns_names);
  g_strfreev (report->ip_addresses);
  report->ip_addresses = g_strdupv ((char **) ip_addresses);
  report->not_before = g_date_time_new_utc (2023, 1, 2, 3, 4, 5);
  report->not_after = g_date_time_new_utc (2024, 1, 2, 3, 4, 5);
  report->sha256 = g_strdup ("AB:CD:EF:01");
  report->chain_length = 2;
  report->validated = FALSE;
  report->trust = SP_TLS_TRUST_NONE;
  report->problems = SP_TLS_PROBLEM_EXPIRED | SP_TLS_PROBLEM_NAME_MISMATCH;

  good->mode = SP_TLS_MODE_IMPLICIT;
  good->protocol = g_strdup ("TLS 1.3");
  good->subject = g_strdup ("CN=mx1.example.test");
  good->chain_length = 1;
  good->validated = TRUE;
  good->trust = SP_TLS_TRUST_CA_FILE;
  good->ca_file = g_strdup ("/etc/ssl/our-ca.pem");

  sp_transcript_set_request (transcript, "kate@example.test", "probe@example.org", FALSE);

  /* Attempt 1: implicit TLS with a valid certificate, then 421. */
  sp_test_begin_attempt (transcript, "mx1.example.test", "127.0.0.2", 465);
  sp_attempt_set_tls_report (sp_test_current_attempt (transcript), good);
  command_step (transcript, SP_STEP_EHLO, "EHLO probe.example.org", "421 4.3.2 Busy");
  sp_attempt_end (sp_test_current_attempt (transcript), SP_VERDICT_TRANSIENT, SP_STEP_EHLO,
                  "Busy.");

  /* Attempt 2: STARTTLS past a bad certificate, then a refused login. */
  sp_test_begin_attempt (transcript, "mx2.example.test", "127.0.0.1", 587);
  command_step (transcript, SP_STEP_STARTTLS, "STARTTLS", "220 2.0.0 Ready to start TLS");
  sp_attempt_set_tls_report (sp_test_current_attempt (transcript), report);
  sp_attempt_set_auth (sp_test_current_attempt (transcript), "PLAIN", "kate@example.org", FALSE);
  command_step (transcript, SP_STEP_AUTH, "AUTH PLAIN ********",
                "535 5.7.8 Authentication credentials invalid");
  command_step (transcript, SP_STEP_QUIT, "QUIT", "221 2.0.0 Bye");
  sp_attempt_end (sp_test_current_attempt (transcript), SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH,
                  "Refused.");
  sp_transcript_set_verdict (transcript, SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH, "Refused.");

  if (report_out != NULL)
    *report_out = sp_tls_report_ref (report);

  return transcript;
}

static void
test_tls_json (void)
{
  static const char * const dns_names[] = { "other.example.test", "*.other.example.test" };
  static const char * const ip_addresses[] = { "192.0.2.25" };
  static const char * const problems[] = { "name-mismatch", "expired" };
  g_autoptr(SpTlsReport) report = NULL;
  g_autoptr(SpTranscript) transcript = build_tls_session (&report);
  g_autofree char *json = sp_export_to_string (transcript, SP_EXPORT_FORMAT_JSON);
  g_auto(GStrv) sentences = sp_tls_report_dup_problems (report);
  g_autofree char *summary = sp_tls_report_dup_summary (report);
  g_autofree char *impact = sp_diagnosis_dup_tls_delivery_impact (report);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) doc = NULL;
  g_autoptr(GVariant) attempts = NULL;
  g_autoptr(GVariant) first = NULL;
  g_autoptr(GVariant) second = NULL;
  g_autoptr(GVariant) tls = NULL;
  g_autoptr(GVariant) good_tls = NULL;
  g_autoptr(GVariant) auth = NULL;
  g_autoptr(GVariant) list = NULL;
  g_autoptr(GVariant) explanation = NULL;
  g_autoptr(GVariant) top = NULL;

  doc = sp_test_parse_json (json, &error);
  g_assert_no_error (error);
  assert_string_member (doc, "verdict", "auth-failed");
  assert_bool_member (doc, "tls_problems", TRUE);
  top = member (doc, "explanation");
  assert_explanation (top, "auth-failed", "permanent", FALSE);

  attempts = member (doc, "attempts");
  first = element (attempts, 0);
  second = element (attempts, 1);

  /* A certificate that validated. */
  good_tls = member (first, "tls");
  assert_string_member (good_tls, "mode", "implicit");
  assert_bool_member (good_tls, "validated", TRUE);
  assert_string_member (good_tls, "trust", "ca-file");
  assert_string_member (good_tls, "ca_file", "/etc/ssl/our-ca.pem");
  assert_null_member (good_tls, "not_before");
  assert_null_member (good_tls, "explanation");
  list = member (good_tls, "problems");
  g_assert_cmpuint (g_variant_n_children (list), ==, 0);
  g_clear_pointer (&list, g_variant_unref);
  assert_null_member (first, "auth");

  /* One that did not. */
  tls = member (second, "tls");
  assert_string_member (tls, "mode", "starttls");
  assert_string_member (tls, "identity", "mx2.example.test");
  assert_string_member (tls, "protocol", "TLS 1.2");
  assert_string_member (tls, "cipher_suite", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  assert_bool_member (tls, "protocol_outdated", FALSE);
  assert_string_member (tls, "subject", HOSTILE_SUBJECT);
  assert_string_member (tls, "issuer", "CN=Example CA,O=Example");
  list = member (tls, "dns_names");
  assert_string_list (list, dns_names, G_N_ELEMENTS (dns_names));
  g_clear_pointer (&list, g_variant_unref);
  list = member (tls, "ip_addresses");
  assert_string_list (list, ip_addresses, G_N_ELEMENTS (ip_addresses));
  g_clear_pointer (&list, g_variant_unref);
  assert_string_member (tls, "not_before", "2023-01-02T03:04:05Z");
  assert_same_time (tls, "not_after", report->not_after);
  assert_string_member (tls, "sha256", "AB:CD:EF:01");
  assert_int_member (tls, "chain_length", 2);
  assert_bool_member (tls, "validated", FALSE);
  assert_string_member (tls, "trust", "none");
  assert_null_member (tls, "ca_file");
  list = member (tls, "problems");
  assert_string_list (list, problems, G_N_ELEMENTS (problems));
  g_clear_pointer (&list, g_variant_unref);
  list = member (tls, "problem_sentences");
  assert_string_list (list, (const char * const *) sentences, g_strv_length (sentences));
  g_assert_cmpuint (g_strv_length (sentences), ==, 2);
  assert_string_member (tls, "summary", summary);
  assert_string_member (tls, "delivery_impact", impact);
  /* The main problem, explained for delivery: the date comes first. */
  explanation = member (tls, "explanation");
  assert_explanation (explanation, "certificate-expired", "permanent", TRUE);

  auth = member (second, "auth");
  assert_string_member (auth, "mechanism", "PLAIN");
  assert_string_member (auth, "user", "kate@example.org");
  assert_bool_member (auth, "authenticated", FALSE);
  g_assert_false (g_variant_lookup (auth, "password", "*", NULL));

  /* A test without encryption has no problems to report. */
  {
    g_autoptr(SpTranscript) plain = build_session ();
    g_autofree char *plain_json = sp_export_to_string (plain, SP_EXPORT_FORMAT_JSON);
    g_autoptr(GVariant) plain_doc = sp_test_parse_json (plain_json, NULL);
    g_autoptr(GVariant) plain_attempts = member (plain_doc, "attempts");
    g_autoptr(GVariant) plain_attempt = element (plain_attempts, 1);

    assert_bool_member (plain_doc, "tls_problems", FALSE);
    assert_null_member (plain_attempt, "tls");
    assert_null_member (plain_attempt, "auth");
  }
}

static void
test_tls_text (void)
{
  g_autoptr(SpTlsReport) report = NULL;
  g_autoptr(SpTranscript) transcript = build_tls_session (&report);
  g_autofree char *text = sp_export_to_string (transcript, SP_EXPORT_FORMAT_TEXT);
  g_auto(GStrv) lines = sp_tls_report_format (report);
  const char *section;
  const char *result;

  g_test_message ("%s", text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_null (strchr (text, '\x1b'));

  section = strstr (text, "\nCertificate (STARTTLS) for mx2.example.test:\n");
  g_assert_nonnull (section);
  g_assert_nonnull (strstr (text, "\nCertificate (implicit TLS) for mx1.example.test:\n"));
  /* Every line of the report, indented, in order, with the server's
   * text made safe. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *safe = sp_transcript_escape_text (lines[i], -1);
      g_autofree char *indented = g_strdup_printf ("\n  %s\n", safe);
      const char *at = strstr (section, indented);

      g_assert_nonnull (at);
      section = at + 1;
    }
  g_assert_nonnull (strstr (text, "\\x1B[31m"));
  /* What the main problem means for delivery, then the login. */
  g_assert_nonnull (strstr (section, "  What it means: The server’s certificate has expired."));
  result = strstr (section, "\nLogin: PLAIN as kate@example.org, refused.\n");
  g_assert_nonnull (result);
  g_assert_nonnull (strstr (result, "Result: Login failed"));
  /* And the verdict warns. */
  g_assert_nonnull (strstr (text, "\nWarning: a server’s certificate does not validate"));
}

static void
test_tls_html (void)
{
  g_autoptr(SpTlsReport) report = NULL;
  g_autoptr(SpTranscript) transcript = build_tls_session (&report);
  g_autofree char *html = sp_export_to_string (transcript, SP_EXPORT_FORMAT_HTML);
  g_auto(GStrv) problems = sp_tls_report_dup_problems (report);
  g_autofree char *impact = sp_diagnosis_dup_tls_delivery_impact (report);
  const char *section;
  const char *section_end;
  const char *bad;
  g_autofree char *tls = NULL;

  g_assert_null (strstr (html, "<script>"));
  g_assert_null (strchr (html, '\x1b'));
  g_assert_nonnull (strstr (html, "CN=&lt;script&gt;x&lt;/script&gt; &amp; &quot;mx2&quot;"));

  section = strstr (html, "<h3>Certificate (STARTTLS) for mx2.example.test</h3>");
  g_assert_nonnull (section);
  section_end = strstr (section, "</section>");
  tls = g_strndup (section, section_end - section);

  /* The problems first, in the bad tone, each with an icon. */
  bad = strstr (tls, "<ul class=\"bad\">");
  g_assert_nonnull (bad);
  for (guint i = 0; problems[i] != NULL; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (problems[i], -1);

      g_assert_nonnull (strstr (bad, escaped));
    }
  g_assert_cmpuint (count_occurrences (bad, "<li><span class=\"icon\" aria-hidden=\"true\">✗"),
                    ==, g_strv_length (problems));
  /* Then the summary and what it means for delivery. */
  g_assert_nonnull (strstr (tls, "<p class=\"bad\"><span class=\"icon\" aria-hidden=\"true\">✗"
                                 "</span> The certificate does not validate for "
                                 "mx2.example.test"));
  g_assert_nonnull (strstr (tls, impact));
  g_assert_true (strstr (tls, impact) > bad);
  g_assert_nonnull (strstr (tls, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
  g_assert_nonnull (strstr (tls, "2024-01-02T03:04:05Z"));
  g_assert_nonnull (strstr (tls, "<div class=\"explanation\">"));
  g_assert_nonnull (strstr (tls, "has expired"));

  /* The valid one reads as good, with no problem list. */
  section = strstr (html, "<h3>Certificate (implicit TLS) for mx1.example.test</h3>");
  g_assert_nonnull (section);
  section_end = strstr (section, "</section>");
  g_clear_pointer (&tls, g_free);
  tls = g_strndup (section, section_end - section);
  g_assert_null (strstr (tls, "class=\"bad\""));
  g_assert_nonnull (strstr (tls, "<p class=\"good\">"));
  g_assert_nonnull (strstr (tls, "/etc/ssl/our-ca.pem"));

  g_assert_nonnull (strstr (html, "Login: PLAIN as kate@example.org, refused."));
  g_assert_nonnull (strstr (html, "<p class=\"tls-warning\">"));
}

/* Failed encryption and a failed login read as failures. */
static void
test_verdict_tone (void)
{
  static const SpVerdict verdicts[] = { SP_VERDICT_TLS_FAILED, SP_VERDICT_AUTH_FAILED };

  for (guint i = 0; i < G_N_ELEMENTS (verdicts); i++)
    {
      g_autoptr(SpTranscript) transcript = sp_transcript_new ();
      g_autofree char *html = NULL;
      g_autofree char *json = NULL;
      g_autoptr(GVariant) doc = NULL;
      SpStep step = verdicts[i] == SP_VERDICT_TLS_FAILED ? SP_STEP_STARTTLS : SP_STEP_AUTH;

      sp_transcript_set_request (transcript, "kate@example.test", "probe@example.org", FALSE);
      sp_transcript_set_verdict (transcript, verdicts[i], step, "It failed.");

      html = sp_export_to_string (transcript, SP_EXPORT_FORMAT_HTML);
      g_assert_nonnull (strstr (html, "<section class=\"verdict bad\">\n<p><span class=\"label\">"
                                      "<span class=\"icon\" aria-hidden=\"true\">✗</span>"));
      g_assert_nonnull (strstr (html, sp_verdict_get_label (verdicts[i])));
      g_assert_null (strstr (html, "tls-warning"));

      json = sp_export_to_string (transcript, SP_EXPORT_FORMAT_JSON);
      doc = sp_test_parse_json (json, NULL);
      g_assert_nonnull (doc);
      assert_string_member (doc, "verdict", sp_verdict_to_string (verdicts[i]));
      assert_bool_member (doc, "tls_problems", FALSE);
    }
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;

  return n;
}

static void
test_long_line (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autofree char *line = g_strnfill (20000, 'x');
  g_autofree char *note = g_strdup_printf ("[%u more bytes left out]",
                                           20000 - SP_TRANSCRIPT_MAX_TEXT_LENGTH);

  sp_test_begin_attempt (transcript, "mx.example.test", "127.0.0.1", 25);
  sp_attempt_add_client_line (sp_test_current_attempt (transcript), SP_STEP_OTHER, line);

  /* The entry was cut once; no export cuts it again. */
  for (SpExportFormat format = SP_EXPORT_FORMAT_TEXT; format <= SP_EXPORT_FORMAT_JSON; format++)
    {
      g_autofree char *report = sp_export_to_string (transcript, format);

      g_assert_cmpuint (count_occurrences (report, note), ==, 1);
      g_assert_cmpuint (count_occurrences (report, "more bytes left out"), ==, 1);
    }
}

static void
test_format_from_filename (void)
{
  static const struct {
    const char     *name;
    gboolean        known;
    SpExportFormat  format;
  } cases[] = {
    { "report.txt", TRUE, SP_EXPORT_FORMAT_TEXT },
    { "report.LOG", TRUE, SP_EXPORT_FORMAT_TEXT },
    { "/tmp/dir.d/report.html", TRUE, SP_EXPORT_FORMAT_HTML },
    { "Report.HtM", TRUE, SP_EXPORT_FORMAT_HTML },
    { "a.b.json", TRUE, SP_EXPORT_FORMAT_JSON },
    { "report.Json", TRUE, SP_EXPORT_FORMAT_JSON },
    { "report", FALSE, 0 },
    { "report.pdf", FALSE, 0 },
    { "report.json.bak", FALSE, 0 },
    { "reports.json/today", FALSE, 0 },
    { ".json", FALSE, 0 },
    { "", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SpExportFormat format = 99;

      g_assert_cmpint (sp_export_format_from_filename (cases[i].name, &format), ==,
                       cases[i].known);
      if (cases[i].known)
        g_assert_cmpint (format, ==, cases[i].format);
      else
        g_assert_cmpint (format, ==, 99);
    }

  g_assert_true (sp_export_format_from_filename ("x.txt", NULL));
}

/* Files */

typedef struct
{
  guint     n_calls;
  gboolean  done;
  gboolean  ok;
  GError   *error;
} SaveResult;

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SaveResult *save = user_data;

  save->n_calls++;
  save->done = TRUE;
  save->ok = sp_export_to_file_finish (result, &save->error);
}

static gboolean
flag_later_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
save_and_wait (SpTranscript   *transcript,
               SpExportFormat  format,
               GFile          *file,
               GCancellable   *cancellable,
               SaveResult     *save)
{
  gboolean later = FALSE;

  memset (save, 0, sizeof *save);
  sp_export_to_file_async (transcript, format, file, cancellable, save_cb, save);
  /* Never synchronously. */
  g_assert_cmpuint (save->n_calls, ==, 0);

  g_assert_true (sp_test_iterate_until (&save->done, 10000));

  /* Exactly once: nothing arrives after the first answer. */
  g_timeout_add (50, flag_later_cb, &later);
  sp_test_iterate_until (&later, 1000);
  g_assert_cmpuint (save->n_calls, ==, 1);
  g_assert_true (save->ok == (save->error == NULL));
}

static void
test_file (void)
{
  g_autoptr(SpTranscript) transcript = build_session ();
  g_autofree char *dir = sp_test_make_tmpdir ("export");
  g_autofree char *path = g_build_filename (dir, "report.json", NULL);
  g_autofree char *html_path = g_build_filename (dir, "report.html", NULL);
  g_autofree char *json = sp_export_to_string (transcript, SP_EXPORT_FORMAT_JSON);
  g_autofree char *html = sp_export_to_string (transcript, SP_EXPORT_FORMAT_HTML);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) html_file = g_file_new_for_path (html_path);
  SaveResult save;
  GStatBuf st;

  /* A new file. */
  save_and_wait (transcript, SP_EXPORT_FORMAT_JSON, file, NULL, &save);
  g_assert_no_error (save.error);
  g_assert_true (save.ok);
  sp_test_assert_file_contents (path, json);

  save_and_wait (transcript, SP_EXPORT_FORMAT_HTML, html_file, NULL, &save);
  g_assert_no_error (save.error);
  sp_test_assert_file_contents (html_path, html);

  /* Replacing an existing file keeps its permissions. */
  g_assert_true (g_file_set_contents (path, "old report\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  save_and_wait (transcript, SP_EXPORT_FORMAT_JSON, file, NULL, &save);
  g_assert_no_error (save.error);
  sp_test_assert_file_contents (path, json);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);

  sp_test_assert_no_temp_files (dir);
  sp_test_rm_rf (dir);
}

static void
test_file_symlink (void)
{
  g_autoptr(SpTranscript) transcript = build_session ();
  g_autofree char *dir = sp_test_make_tmpdir ("export-link");
  g_autofree char *target = g_build_filename (dir, "real.txt", NULL);
  g_autofree char *link = g_build_filename (dir, "link.txt", NULL);
  g_autofree char *text = sp_export_to_string (transcript, SP_EXPORT_FORMAT_TEXT);
  g_autoptr(GFile) file = g_file_new_for_path (link);
  SaveResult save;

  g_assert_true (g_file_set_contents (target, "old\n", -1, NULL));
  g_assert_cmpint (symlink ("real.txt", link), ==, 0);

  /* The link stays a link; the file it points to gets the report. */
  save_and_wait (transcript, SP_EXPORT_FORMAT_TEXT, file, NULL, &save);
  g_assert_no_error (save.error);
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  sp_test_assert_file_contents (target, text);

  sp_test_assert_no_temp_files (dir);
  sp_test_rm_rf (dir);
}

static void
test_file_errors (void)
{
  g_autoptr(SpTranscript) transcript = build_session ();
  g_autofree char *dir = sp_test_make_tmpdir ("export-errors");
  g_autofree char *existing = g_build_filename (dir, "report.json", NULL);
  g_autofree char *missing_dir = g_build_filename (dir, "no-such-folder", "report.json", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder.json", NULL);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing_dir);
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  g_autoptr(GFile) existing_file = g_file_new_for_path (existing);
  g_autoptr(GFile) resource = g_file_new_for_uri ("resource:///io/github/smtpprobe/report.json");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  SaveResult save;

  g_assert_true (g_file_set_contents (existing, "old report\n", -1, NULL));

  /* A folder that does not exist. */
  save_and_wait (transcript, SP_EXPORT_FORMAT_JSON, missing_file, NULL, &save);
  g_assert_false (save.ok);
  g_assert_error (save.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("%s", save.error->message);
  g_assert_nonnull (strstr (save.error->message, "no-such-folder"));
  g_clear_error (&save.error);
  g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));
  sp_test_assert_file_contents (existing, "old report\n");

  /* A name that is a folder. */
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  save_and_wait (transcript, SP_EXPORT_FORMAT_JSON, folder_file, NULL, &save);
  g_assert_error (save.error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_clear_error (&save.error);
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));

  /* Cancelled before it began: nothing is written. */
  g_cancellable_cancel (cancellable);
  save_and_wait (transcript, SP_EXPORT_FORMAT_JSON, existing_file, cancellable, &save);
  g_assert_error (save.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&save.error);
  sp_test_assert_file_contents (existing, "old report\n");

  /* A GIO location that cannot be written still answers once. */
  save_and_wait (transcript, SP_EXPORT_FORMAT_JSON, resource, NULL, &save);
  g_assert_false (save.ok);
  g_assert_nonnull (save.error);
  g_clear_error (&save.error);

  sp_test_assert_no_temp_files (dir);
  sp_test_rm_rf (dir);
}

static void
test_file_disk_full (void)
{
  g_autoptr(SpTranscript) transcript = build_session ();
  g_autofree char *dir = sp_test_make_tmpdir ("export-full");
  g_autofree char *existing = g_build_filename (dir, "report.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (existing);
  struct rlimit old_limit;
  struct rlimit limit;
  void (*old_handler) (int);
  SaveResult save;

  g_assert_true (g_file_set_contents (existing, "old report\n", -1, NULL));

  /* A file size limit makes write() fail half way, as a full disk
   * would; the report is several KiB. */
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  limit = old_limit;
  limit.rlim_cur = 512;
  old_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  save_and_wait (transcript, SP_EXPORT_FORMAT_JSON, file, NULL, &save);

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  signal (SIGXFSZ, old_handler);

  g_assert_false (save.ok);
  g_assert_nonnull (save.error);
  g_assert_true (save.error->domain == G_IO_ERROR);
  g_test_message ("%s", save.error->message);
  g_clear_error (&save.error);

  /* The old report is whole, and no partial file is left. */
  sp_test_assert_file_contents (existing, "old report\n");
  sp_test_assert_no_temp_files (dir);
  sp_test_rm_rf (dir);
}


/* Issue 9: the HTML colours the verdict and the reply rows by the
 * diagnosis's tone, as the GUI and the CLI do: a temporary refusal and a
 * time-out are amber ("warn", "c4"), never red. */
static void
test_html_tone (void)
{
  static const struct
  {
    SpVerdict   verdict;
    const char *reply;
    const char *section;  /* the verdict's */
    const char *row;      /* the reply's row in the log (the legend has every class) */
  } cases[] = {
    { SP_VERDICT_TRANSIENT, "450 4.2.0 Greylisted",
      "<section class=\"verdict warn\">\n<p><span class=\"label\">"
      "<span class=\"icon\" aria-hidden=\"true\">⚠</span>",
      "<tr class=\"c4\"><td class=\"num\">" },
    { SP_VERDICT_TIMED_OUT, "250 2.1.0 Ok", "<section class=\"verdict warn\">",
      "<tr class=\"c2\"><td class=\"num\">" },
    { SP_VERDICT_PERMANENT, "550 5.1.1 User unknown", "<section class=\"verdict bad\">",
      "<tr class=\"c5\"><td class=\"num\">" },
    { SP_VERDICT_ACCEPTED, "250 2.1.5 Ok", "<section class=\"verdict good\">",
      "<tr class=\"c2\"><td class=\"num\">" },
    { SP_VERDICT_CANCELLED, "354 Go ahead", "<section class=\"verdict neutral\">",
      "<tr class=\"c3\"><td class=\"num\">" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpTranscript) transcript = sp_transcript_new ();
      g_autofree char *html = NULL;

      sp_transcript_set_request (transcript, "kate@example.test", "probe@example.org", FALSE);
      sp_test_begin_attempt (transcript, "mx.example.test", "127.0.0.1", 25);
      command_step (transcript, SP_STEP_RCPT, "RCPT TO:<kate@example.test>", cases[i].reply);
      sp_attempt_end (sp_test_current_attempt (transcript), cases[i].verdict, SP_STEP_RCPT,
                      "Decided.");
      sp_transcript_set_verdict (transcript, cases[i].verdict, SP_STEP_RCPT, "Decided.");
      html = sp_export_to_string (transcript, SP_EXPORT_FORMAT_HTML);
      g_test_message ("verdict %s", sp_verdict_to_string (cases[i].verdict));
      g_assert_nonnull (strstr (html, cases[i].section));
      g_assert_nonnull (strstr (html, cases[i].row));
    }
}

/* Issue 14: the JSON export is for programs, so a locale that writes
 * numbers with a decimal comma (Polish, Portuguese…) must not change it. */
static void
test_json_locale (void)
{
  g_autoptr(SpTranscript) transcript = build_session ();
  g_autofree char *expected = sp_export_to_string (transcript, SP_EXPORT_FORMAT_JSON);
  g_autofree char *json = NULL;
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *comma = NULL;
  const char *name = sp_test_find_decimal_comma_locale ();

  /* The fractions of milliseconds are there to be written. */
  g_assert_true (g_regex_match_simple ("_ms\" ?: ?[0-9]+\\.[0-9]+", expected, 0, 0));

  if (name == NULL)
    {
      g_test_skip ("No locale with a decimal comma is installed (see locale -a)");
      return;
    }

  g_assert_nonnull (setlocale (LC_ALL, name));
  comma = g_strdup_printf ("%.1f", 1.5);
  g_assert_cmpstr (comma, ==, "1,5");
  json = sp_export_to_string (transcript, SP_EXPORT_FORMAT_JSON);
  setlocale (LC_ALL, saved);

  g_assert_cmpstr (json, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/export/json", test_json);
  g_test_add_func ("/sp/export/json-empty", test_json_empty);
  g_test_add_func ("/sp/export/html", test_html);
  g_test_add_func ("/sp/export/text", test_text);
  g_test_add_func ("/sp/export/long-line", test_long_line);
  g_test_add_func ("/sp/export/explanation-accepted", test_explanation_accepted);
  g_test_add_func ("/sp/export/explanation-dns", test_explanation_dns);
  g_test_add_func ("/sp/export/explanation-dns-error", test_explanation_dns_error);
  g_test_add_func ("/sp/export/tls/json", test_tls_json);
  g_test_add_func ("/sp/export/tls/text", test_tls_text);
  g_test_add_func ("/sp/export/tls/html", test_tls_html);
  g_test_add_func ("/sp/export/verdict-tone", test_verdict_tone);
  g_test_add_func ("/sp/export/format-from-filename", test_format_from_filename);
  g_test_add_func ("/sp/export/file", test_file);
  g_test_add_func ("/sp/export/file-symlink", test_file_symlink);
  g_test_add_func ("/sp/export/file-errors", test_file_errors);
  g_test_add_func ("/sp/export/file-disk-full", test_file_disk_full);
  g_test_add_func ("/sp/export/html-tone", test_html_tone);
  g_test_add_func ("/sp/export/json-locale", test_json_locale);

  return g_test_run ();
}
