/* test-resolver.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-resolver"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "sp-resolver.h"
#include "sp-test-dnsmasq.h"
#include "sp-test-util.h"

/* Generous: a lookup against the local dnsmasq takes milliseconds. */
#define LOOKUP_TIMEOUT_MS 10000

typedef struct
{
  guint       n_calls;
  gboolean    done;
  SpMxResult *result;
  GError     *error;
  gint64      started;
  gint64      finished;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->result, sp_mx_result_unref);
  g_clear_error (&outcome->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Outcome, outcome_clear)

static void
mx_cb (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->n_calls++;
  outcome->done = TRUE;
  outcome->finished = g_get_monotonic_time ();
  g_clear_pointer (&outcome->result, sp_mx_result_unref);
  g_clear_error (&outcome->error);
  outcome->result = sp_resolver_lookup_mx_finish (SP_RESOLVER (object), result,
                                                  &outcome->error);
}

static void
host_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->n_calls++;
  outcome->done = TRUE;
  outcome->finished = g_get_monotonic_time ();
  g_clear_pointer (&outcome->result, sp_mx_result_unref);
  g_clear_error (&outcome->error);
  outcome->result = sp_resolver_lookup_host_finish (SP_RESOLVER (object), result,
                                                    &outcome->error);
}

/* Iterates a little longer, so that a second completion would be seen. */
static void
assert_completed_once (Outcome *outcome)
{
  gboolean never = FALSE;

  g_assert_true (outcome->done);
  sp_test_iterate_until (&never, 100);
  g_assert_cmpuint (outcome->n_calls, ==, 1);
  g_assert_true ((outcome->result == NULL) != (outcome->error == NULL));
}

static void
lookup_mx (SpResolver *resolver,
           const char *domain,
           Outcome    *outcome)
{
  outcome->started = g_get_monotonic_time ();
  sp_resolver_lookup_mx_async (resolver, domain, NULL, mx_cb, outcome);
  g_assert_true (sp_test_iterate_until (&outcome->done, LOOKUP_TIMEOUT_MS));
  assert_completed_once (outcome);
}

static void
lookup_host (SpResolver *resolver,
             const char *host,
             Outcome    *outcome)
{
  outcome->started = g_get_monotonic_time ();
  sp_resolver_lookup_host_async (resolver, host, NULL, host_cb, outcome);
  g_assert_true (sp_test_iterate_until (&outcome->done, LOOKUP_TIMEOUT_MS));
  assert_completed_once (outcome);
}

static SpResolver *
resolver_for (SpTestDnsmasq *dns)
{
  g_autoptr(GError) error = NULL;
  SpResolver *resolver;

  resolver = sp_resolver_new (sp_test_dnsmasq_get_server (dns), &error);
  g_assert_no_error (error);
  g_assert_nonnull (resolver);
  g_assert_cmpstr (sp_resolver_get_servers (resolver), ==, sp_test_dnsmasq_get_server (dns));

  return resolver;
}

/* For the tests that need one answer from the test zone: starts dnsmasq
 * with @extra, looks up @domain and stops dnsmasq again. Returns FALSE
 * when dnsmasq did not start; the test then just returns. */
static gboolean
lookup_mx_in_zone (const char * const *extra,
                   const char         *domain,
                   Outcome            *outcome)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (extra);
  g_autoptr(SpResolver) resolver = NULL;

  if (dns == NULL)
    return FALSE;

  resolver = resolver_for (dns);
  lookup_mx (resolver, domain, outcome);

  return TRUE;
}

static char *
addresses_to_string (const SpMxHost *host)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < host->addresses->len; i++)
    {
      g_autofree char *text = g_inet_address_to_string (g_ptr_array_index (host->addresses, i));

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, text);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_host (const SpMxResult *result,
             guint             index,
             guint16           preference,
             const char       *name,
             const char       *addresses)
{
  const SpMxHost *host;
  g_autofree char *text = NULL;

  g_assert_cmpuint (index, <, result->hosts->len);
  host = g_ptr_array_index (result->hosts, index);
  text = addresses_to_string (host);
  g_assert_cmpuint (host->preference, ==, preference);
  g_assert_cmpstr (host->host, ==, name);
  g_assert_cmpstr (text, ==, addresses);
  if (addresses[0] != '\0')
    g_assert_no_error (host->error);
  else
    g_assert_nonnull (host->error);
}

/* "MX example.test NOERROR, A mx1.example.test NOERROR, ..." */
static char *
queries_to_string (const SpMxResult *result)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < result->queries->len; i++)
    {
      const SpDnsQuery *query = g_ptr_array_index (result->queries, i);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append_printf (out, "%s %s %s", query->type, query->name, query->status);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_timings (const SpMxResult *result)
{
  for (guint i = 0; i < result->queries->len; i++)
    {
      const SpDnsQuery *query = g_ptr_array_index (result->queries, i);

      g_assert_nonnull (query->status);
      g_assert_cmpint (query->elapsed_usec, >, 0);
      g_assert_cmpint (query->elapsed_usec, <, LOOKUP_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND);
    }
}

static gboolean
query_was_sent (const SpMxResult *result,
                const char       *type,
                const char       *name,
                const char       *status)
{
  for (guint i = 0; i < result->queries->len; i++)
    {
      const SpDnsQuery *query = g_ptr_array_index (result->queries, i);

      if (g_str_equal (query->type, type) && g_str_equal (query->name, name)
          && (status == NULL || g_strcmp0 (query->status, status) == 0))
        return TRUE;
    }

  return FALSE;
}

/* Issue 9: a lookup's error says what happened; what to try is the
 * diagnosis's (the dns-* rules), so the servers page, the log and the
 * explanation do not repeat or contradict each other. */
static void
assert_fact_only (const char *message)
{
  static const char * const advice[] = {
    "Check ", "check ", "Try ", "try ", "Ask ", "ask ", "may help", "allow ", NULL
  };

  for (guint i = 0; advice[i] != NULL; i++)
    g_assert_null (strstr (message, advice[i]));
}

static void
test_new_destroy (void)
{
  g_autoptr(GError) error = NULL;
  SpResolver *resolver;

  resolver = sp_resolver_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_null (sp_resolver_get_servers (resolver));
  g_assert_finalize_object (resolver);

  resolver = sp_resolver_new ("127.0.0.1:53", &error);
  g_assert_no_error (error);
  sp_resolver_set_timeout (resolver, 500, 1);
  sp_resolver_set_family (resolver, SP_ADDRESS_FAMILY_IPV6);
  g_assert_finalize_object (resolver);

  resolver = g_object_new (SP_TYPE_RESOLVER, NULL);
  g_assert_finalize_object (resolver);
}

static void
test_servers (void)
{
  static const struct {
    const char *input;
    const char *servers;
  } valid[] = {
    { NULL, NULL },
    { "", NULL },
    { "1.1.1.1", "1.1.1.1" },
    { "1.1.1.1,8.8.8.8", "1.1.1.1,8.8.8.8" },
    { " 1.1.1.1 , 8.8.8.8 ", "1.1.1.1,8.8.8.8" },
    { "127.0.0.1:5353", "127.0.0.1:5353" },
    { "[::1]:5353", "[::1]:5353" },
    { "[::1]", "[::1]" },
    { "::1", "::1" },
    { "2001:db8::53,127.0.0.1:53", "2001:db8::53,127.0.0.1:53" },
  };
  static const char * const invalid[][2] = {
    { "127.0.0.1:abc", "127.0.0.1:abc" },
    { "dns.example.com", "dns.example.com" },
    { "1.1.1", "1.1.1" },
    { "127.0.0.1:0", "127.0.0.1:0" },
    { "127.0.0.1:65536", "127.0.0.1:65536" },
    { "127.0.0.1:", "127.0.0.1:" },
    { "[::1", "[::1" },
    { "[::1]53", "[::1]53" },
    { "[127.0.0.1]:53", "[127.0.0.1]:53" },
    { "1.1.1.1,", "" },
    { "1.1.1.1,,8.8.8.8", "" },
    { "1.1.1.1;8.8.8.8", "1.1.1.1;8.8.8.8" },
  };

  /* None of these is ever asked anything: only construction is tested. */
  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SpResolver) resolver = sp_resolver_new (valid[i].input, &error);

      g_test_message ("valid: “%s”", valid[i].input != NULL ? valid[i].input : "(null)");
      g_assert_no_error (error);
      g_assert_nonnull (resolver);
      g_assert_cmpstr (sp_resolver_get_servers (resolver), ==, valid[i].servers);
      g_assert_true (sp_resolver_check_servers (valid[i].input, NULL));
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SpResolver) resolver = sp_resolver_new (invalid[i][0], &error);
      g_autofree char *quoted = g_strdup_printf ("“%s” is not a DNS server address",
                                                 invalid[i][1]);

      g_test_message ("invalid: “%s”: %s", invalid[i][0], error != NULL ? error->message : "");
      g_assert_null (resolver);
      g_assert_error (error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_INVALID_SERVER);
      g_assert_nonnull (strstr (error->message, quoted));
      g_clear_error (&error);

      /* The check alone says the same, without starting c-ares. */
      g_assert_false (sp_resolver_check_servers (invalid[i][0], &error));
      g_assert_error (error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_INVALID_SERVER);
      g_assert_nonnull (strstr (error->message, quoted));
    }

  /* NULL is accepted for every GError. */
  g_assert_null (sp_resolver_new ("not a server", NULL));
}

static void
test_mx (void)
{
  const char *extra[] = {
    /* Listed out of order, so the sort has something to do. */
    "--mx-host=sorted.example.test,mx2.example.test,30",
    "--mx-host=sorted.example.test,mx1.example.test,5",
    "--mx-host=sorted.example.test,dead.example.test,20",
    NULL
  };
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (extra);
  g_autoptr(SpResolver) resolver = NULL;
  g_auto(Outcome) outcome = { 0 };
  g_auto(Outcome) sorted = { 0 };
  g_autofree char *queries = NULL;

  if (dns == NULL)
    return;

  resolver = resolver_for (dns);
  lookup_mx (resolver, "example.test", &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpstr (outcome.result->domain, ==, "example.test");
  g_assert_false (outcome.result->implicit);
  g_assert_cmpstr (outcome.result->servers, ==, sp_test_dnsmasq_get_server (dns));
  g_assert_cmpuint (outcome.result->hosts->len, ==, 2);
  assert_host (outcome.result, 0, 10, "mx1.example.test", "::1 127.0.0.1");
  assert_host (outcome.result, 1, 20, "mx2.example.test", "127.0.0.2");

  queries = queries_to_string (outcome.result);
  g_assert_cmpstr (queries, ==,
                   "MX example.test NOERROR, "
                   "A mx1.example.test NOERROR, AAAA mx1.example.test NOERROR, "
                   "A mx2.example.test NOERROR, AAAA mx2.example.test NODATA");
  assert_timings (outcome.result);

  lookup_mx (resolver, "sorted.example.test", &sorted);
  g_assert_no_error (sorted.error);
  g_assert_cmpuint (sorted.result->hosts->len, ==, 3);
  assert_host (sorted.result, 0, 5, "mx1.example.test", "::1 127.0.0.1");
  assert_host (sorted.result, 1, 20, "dead.example.test", "127.0.0.9");
  assert_host (sorted.result, 2, 30, "mx2.example.test", "127.0.0.2");
}

static void
test_names (void)
{
  const char *extra[] = {
    "--mx-host=xn--bcher-kva.example.test,mx2.example.test,10",
    NULL
  };
  static const char * const bad[] = {
    "exa mple.test", "", "   ", "user@example.test", "-bad.example.test",
    "example..test", "example.test..", "exa$mple.test",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.test",
  };
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (extra);
  g_autoptr(SpResolver) resolver = NULL;

  if (dns == NULL)
    return;

  resolver = resolver_for (dns);

  {
    g_auto(Outcome) outcome = { 0 };

    lookup_mx (resolver, "Example.TEST.", &outcome);
    g_assert_no_error (outcome.error);
    g_assert_cmpstr (outcome.result->domain, ==, "example.test");
    g_assert_cmpuint (outcome.result->hosts->len, ==, 2);
    g_assert_true (query_was_sent (outcome.result, "MX", "example.test", "NOERROR"));
  }

  {
    g_auto(Outcome) outcome = { 0 };

    lookup_mx (resolver, "bücher.example.test", &outcome);
    g_assert_no_error (outcome.error);
    g_assert_cmpstr (outcome.result->domain, ==, "xn--bcher-kva.example.test");
    g_assert_cmpuint (outcome.result->hosts->len, ==, 1);
    assert_host (outcome.result, 0, 10, "mx2.example.test", "127.0.0.2");
  }

  {
    g_auto(Outcome) outcome = { 0 };

    lookup_mx (resolver, " BÜCHER.Example.Test. ", &outcome);
    g_assert_no_error (outcome.error);
    g_assert_cmpstr (outcome.result->domain, ==, "xn--bcher-kva.example.test");
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(Outcome) outcome = { 0 };

      lookup_mx (resolver, bad[i], &outcome);
      g_test_message ("“%s”: %s", bad[i], outcome.error != NULL ? outcome.error->message : "");
      g_assert_error (outcome.error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_INVALID_NAME);
      assert_fact_only (outcome.error->message);
    }
}

static void
test_null_mx (void)
{
  g_auto(Outcome) outcome = { 0 };

  if (!lookup_mx_in_zone (NULL, "nullmx.example.test", &outcome))
    return;

  g_assert_error (outcome.error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NULL_MX);
  g_assert_nonnull (strstr (outcome.error->message, "“nullmx.example.test”"));
}

static void
test_implicit (void)
{
  g_auto(Outcome) outcome = { 0 };
  g_autofree char *queries = NULL;

  if (!lookup_mx_in_zone (NULL, "implicit.example.test", &outcome))
    return;

  g_assert_no_error (outcome.error);
  g_assert_true (outcome.result->implicit);
  g_assert_cmpuint (outcome.result->hosts->len, ==, 1);
  assert_host (outcome.result, 0, 0, "implicit.example.test", "127.0.0.3");

  queries = queries_to_string (outcome.result);
  g_assert_cmpstr (queries, ==,
                   "MX implicit.example.test NODATA, "
                   "A implicit.example.test NOERROR, AAAA implicit.example.test NODATA");
  assert_timings (outcome.result);
}

static void
test_no_mail_host (void)
{
  g_auto(Outcome) outcome = { 0 };

  if (!lookup_mx_in_zone (NULL, "nomail.example.test", &outcome))
    return;

  g_assert_error (outcome.error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NO_MAIL_HOST);
  assert_fact_only (outcome.error->message);
  g_assert_nonnull (strstr (outcome.error->message, "“nomail.example.test”"));
}

static void
test_nxdomain (void)
{
  g_auto(Outcome) outcome = { 0 };

  if (!lookup_mx_in_zone (NULL, "missing.example.test", &outcome))
    return;

  g_assert_error (outcome.error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NOT_FOUND);
  assert_fact_only (outcome.error->message);
  g_assert_nonnull (strstr (outcome.error->message, "“missing.example.test” does not exist"));
}

static void
test_broken_exchanger (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpResolver) resolver = NULL;
  g_auto(Outcome) outcome = { 0 };
  const SpMxHost *broken;

  if (dns == NULL)
    return;

  resolver = resolver_for (dns);
  lookup_mx (resolver, "broken.example.test", &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpuint (outcome.result->hosts->len, ==, 2);
  assert_host (outcome.result, 0, 10, "nothere.example.test", "");
  assert_host (outcome.result, 1, 20, "mx1.example.test", "::1 127.0.0.1");

  broken = g_ptr_array_index (outcome.result->hosts, 0);
  g_assert_error (broken->error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (broken->error->message, "“nothere.example.test”"));
  g_assert_true (query_was_sent (outcome.result, "A", "nothere.example.test", "NXDOMAIN"));

  /* The same, with addresses that exist but where no server listens: DNS
   * cannot know that, so both hosts resolve. */
  {
    g_auto(Outcome) failover = { 0 };

    lookup_mx (resolver, "failover.example.test", &failover);
    g_assert_no_error (failover.error);
    assert_host (failover.result, 0, 10, "dead.example.test", "127.0.0.9");
    assert_host (failover.result, 1, 20, "mx1.example.test", "::1 127.0.0.1");
  }
}

static void
test_no_addresses (void)
{
  const char *extra[] = {
    "--mx-host=unresolvable.example.test,gone1.example.test,10",
    "--mx-host=unresolvable.example.test,gone2.example.test,20",
    NULL
  };
  g_auto(Outcome) outcome = { 0 };

  if (!lookup_mx_in_zone (extra, "unresolvable.example.test", &outcome))
    return;

  g_assert_error (outcome.error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NO_ADDRESSES);
  assert_fact_only (outcome.error->message);
  g_assert_nonnull (strstr (outcome.error->message, "“unresolvable.example.test”"));
  g_assert_nonnull (strstr (outcome.error->message, "gone1.example.test"));
  g_assert_nonnull (strstr (outcome.error->message, "gone2.example.test"));
}

static void
test_duplicates (void)
{
  const char *extra[] = {
    "--mx-host=dup.example.test,mx1.example.test,10",
    "--mx-host=dup.example.test,mx2.example.test,20",
    "--mx-host=dup.example.test,MX1.example.test,30",
    NULL
  };
  g_auto(Outcome) outcome = { 0 };
  guint n_a_mx1 = 0;

  if (!lookup_mx_in_zone (extra, "dup.example.test", &outcome))
    return;

  g_assert_no_error (outcome.error);
  g_assert_cmpuint (outcome.result->hosts->len, ==, 2);
  assert_host (outcome.result, 0, 10, "mx1.example.test", "::1 127.0.0.1");
  assert_host (outcome.result, 1, 20, "mx2.example.test", "127.0.0.2");

  for (guint i = 0; i < outcome.result->queries->len; i++)
    {
      const SpDnsQuery *query = g_ptr_array_index (outcome.result->queries, i);

      if (g_str_equal (query->type, "A") && g_str_equal (query->name, "mx1.example.test"))
        n_a_mx1++;
    }
  g_assert_cmpuint (n_a_mx1, ==, 1);
}

static void
test_family (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpResolver) resolver = NULL;

  if (dns == NULL)
    return;

  resolver = resolver_for (dns);

  {
    g_auto(Outcome) outcome = { 0 };
    g_autofree char *queries = NULL;

    sp_resolver_set_family (resolver, SP_ADDRESS_FAMILY_IPV4);
    lookup_mx (resolver, "example.test", &outcome);
    g_assert_no_error (outcome.error);
    assert_host (outcome.result, 0, 10, "mx1.example.test", "127.0.0.1");
    assert_host (outcome.result, 1, 20, "mx2.example.test", "127.0.0.2");
    queries = queries_to_string (outcome.result);
    g_assert_cmpstr (queries, ==,
                     "MX example.test NOERROR, A mx1.example.test NOERROR, "
                     "A mx2.example.test NOERROR");
  }

  {
    g_auto(Outcome) outcome = { 0 };
    g_autofree char *queries = NULL;
    const SpMxHost *mx2;

    sp_resolver_set_family (resolver, SP_ADDRESS_FAMILY_IPV6);
    lookup_mx (resolver, "example.test", &outcome);
    g_assert_no_error (outcome.error);
    assert_host (outcome.result, 0, 10, "mx1.example.test", "::1");
    assert_host (outcome.result, 1, 20, "mx2.example.test", "");
    mx2 = g_ptr_array_index (outcome.result->hosts, 1);
    g_assert_error (mx2->error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NO_ADDRESSES);
    queries = queries_to_string (outcome.result);
    g_assert_cmpstr (queries, ==,
                     "MX example.test NOERROR, AAAA mx1.example.test NOERROR, "
                     "AAAA mx2.example.test NODATA");
  }

  {
    g_auto(Outcome) outcome = { 0 };

    /* implicit.example.test has only an A record. */
    lookup_mx (resolver, "implicit.example.test", &outcome);
    g_assert_error (outcome.error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NO_MAIL_HOST);
    assert_fact_only (outcome.error->message);
  }

  {
    g_auto(Outcome) outcome = { 0 };

    sp_resolver_set_family (resolver, SP_ADDRESS_FAMILY_ANY);
    lookup_mx (resolver, "example.test", &outcome);
    g_assert_no_error (outcome.error);
    assert_host (outcome.result, 0, 10, "mx1.example.test", "::1 127.0.0.1");
  }
}

static void
test_host (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  g_autoptr(SpResolver) resolver = NULL;

  if (dns == NULL)
    return;

  resolver = resolver_for (dns);

  {
    g_auto(Outcome) outcome = { 0 };
    g_autofree char *queries = NULL;

    lookup_host (resolver, "MX1.example.test.", &outcome);
    g_assert_no_error (outcome.error);
    g_assert_false (outcome.result->implicit);
    g_assert_cmpstr (outcome.result->domain, ==, "mx1.example.test");
    g_assert_cmpuint (outcome.result->hosts->len, ==, 1);
    assert_host (outcome.result, 0, 0, "mx1.example.test", "::1 127.0.0.1");
    queries = queries_to_string (outcome.result);
    g_assert_cmpstr (queries, ==, "A mx1.example.test NOERROR, AAAA mx1.example.test NOERROR");
    assert_timings (outcome.result);
  }

  {
    g_auto(Outcome) outcome = { 0 };

    lookup_host (resolver, "127.0.0.5", &outcome);
    g_assert_no_error (outcome.error);
    g_assert_cmpuint (outcome.result->hosts->len, ==, 1);
    assert_host (outcome.result, 0, 0, "127.0.0.5", "127.0.0.5");
    g_assert_cmpuint (outcome.result->queries->len, ==, 0);
  }

  {
    g_auto(Outcome) outcome = { 0 };

    lookup_host (resolver, "[::1]", &outcome);
    g_assert_no_error (outcome.error);
    assert_host (outcome.result, 0, 0, "::1", "::1");
    g_assert_cmpuint (outcome.result->queries->len, ==, 0);
  }

  {
    g_auto(Outcome) outcome = { 0 };

    lookup_host (resolver, "nothing.example.test", &outcome);
    g_assert_error (outcome.error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NOT_FOUND);
    assert_fact_only (outcome.error->message);
    g_assert_nonnull (strstr (outcome.error->message, "“nothing.example.test”"));
  }

  {
    g_auto(Outcome) outcome = { 0 };

    lookup_host (resolver, "nomail.example.test", &outcome);
    g_assert_error (outcome.error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NO_ADDRESSES);
    assert_fact_only (outcome.error->message);
  }

  {
    g_auto(Outcome) outcome = { 0 };

    sp_resolver_set_family (resolver, SP_ADDRESS_FAMILY_IPV4);
    lookup_host (resolver, "::1", &outcome);
    g_assert_error (outcome.error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NO_ADDRESSES);
    assert_fact_only (outcome.error->message);
  }

  {
    g_auto(Outcome) outcome = { 0 };

    sp_resolver_set_family (resolver, SP_ADDRESS_FAMILY_IPV6);
    lookup_host (resolver, "mx2.example.test", &outcome);
    g_assert_error (outcome.error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NO_ADDRESSES);
    assert_fact_only (outcome.error->message);
    g_assert_nonnull (strstr (outcome.error->message, "IPv6"));
  }

  {
    g_auto(Outcome) outcome = { 0 };

    lookup_host (resolver, "not a host", &outcome);
    g_assert_error (outcome.error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_INVALID_NAME);
    assert_fact_only (outcome.error->message);
  }
}

static void
test_refused (void)
{
  g_auto(Outcome) outcome = { 0 };

  /* dnsmasq has no upstream: it refuses names outside its own zone. */
  if (!lookup_mx_in_zone (NULL, "elsewhere.invalid", &outcome))
    return;

  g_assert_error (outcome.error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_REFUSED);
  assert_fact_only (outcome.error->message);
  g_assert_nonnull (strstr (outcome.error->message, "“elsewhere.invalid”"));
}

/* A DNS server that answers every question with the same error rcode. */
typedef struct
{
  GSocket *socket;
  GSource *source;
  guint8   rcode;
  guint    n_queries;
} FakeDns;

static gboolean
fake_dns_cb (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  FakeDns *fake = user_data;
  g_autoptr(GSocketAddress) from = NULL;
  guint8 buf[512];
  gssize n;
  gsize end = 12;

  n = g_socket_receive_from (socket, &from, (char *) buf, sizeof buf, NULL, NULL);
  if (n < 12)
    return G_SOURCE_CONTINUE;

  /* Keep the header and the question (name, type, class), drop the rest. */
  while (end < (gsize) n && buf[end] != 0)
    end += buf[end] + 1;
  end += 5;
  if (end > (gsize) n)
    return G_SOURCE_CONTINUE;

  fake->n_queries++;
  buf[2] = 0x80 | (buf[2] & 0x01);   /* QR, RD as asked */
  buf[3] = 0x80 | fake->rcode;       /* RA */
  buf[6] = buf[7] = 0;
  buf[8] = buf[9] = 0;
  buf[10] = buf[11] = 0;
  g_socket_send_to (socket, from, (const char *) buf, end, NULL, NULL);

  return G_SOURCE_CONTINUE;
}

static FakeDns *
fake_dns_new (guint8 rcode)
{
  FakeDns *fake = g_new0 (FakeDns, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);

  fake->rcode = rcode;
  fake->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                               G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_socket_bind (fake->socket, address, FALSE, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (fake->socket, FALSE);
  fake->source = g_socket_create_source (fake->socket, G_IO_IN, NULL);
  g_source_set_callback (fake->source, G_SOURCE_FUNC (fake_dns_cb), fake, NULL);
  g_source_attach (fake->source, NULL);

  return fake;
}

static char *
fake_dns_get_server (FakeDns *fake)
{
  g_autoptr(GSocketAddress) bound = g_socket_get_local_address (fake->socket, NULL);

  return g_strdup_printf ("127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

static void
fake_dns_free (FakeDns *fake)
{
  g_source_destroy (fake->source);
  g_source_unref (fake->source);
  g_object_unref (fake->socket);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeDns, fake_dns_free)

static void
test_servfail (void)
{
  g_autoptr(FakeDns) fake = fake_dns_new (2);
  g_autofree char *server = fake_dns_get_server (fake);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpResolver) resolver = sp_resolver_new (server, &error);
  g_auto(Outcome) outcome = { 0 };
  g_auto(Outcome) host = { 0 };

  g_assert_no_error (error);
  lookup_mx (resolver, "servfail.test", &outcome);
  g_assert_error (outcome.error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_SERVER_FAILURE);
  assert_fact_only (outcome.error->message);
  g_assert_nonnull (strstr (outcome.error->message, "“servfail.test”"));
  g_assert_cmpuint (fake->n_queries, ==, 1);

  lookup_host (resolver, "mx.servfail.test", &host);
  g_assert_error (host.error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_SERVER_FAILURE);
}

static void
test_refused_fake (void)
{
  g_autoptr(FakeDns) fake = fake_dns_new (5);
  g_autofree char *server = fake_dns_get_server (fake);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpResolver) resolver = sp_resolver_new (server, &error);
  g_auto(Outcome) outcome = { 0 };

  g_assert_no_error (error);
  lookup_mx (resolver, "refused.test", &outcome);
  g_assert_error (outcome.error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_REFUSED);
  assert_fact_only (outcome.error->message);
}

/* A UDP socket that is bound but never read: queries to it time out. */
static GSocket *
silent_socket (guint16 *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  return g_steal_pointer (&socket);
}

static SpResolver *
silent_resolver (GSocket **socket)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  SpResolver *resolver;
  guint16 port;

  *socket = silent_socket (&port);
  server = g_strdup_printf ("127.0.0.1:%u", port);
  resolver = sp_resolver_new (server, &error);
  g_assert_no_error (error);

  return resolver;
}

static void
test_timeout (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(SpResolver) resolver = silent_resolver (&socket);
  g_auto(Outcome) outcome = { 0 };
  g_auto(Outcome) host = { 0 };

  sp_resolver_set_timeout (resolver, 300, 1);
  lookup_mx (resolver, "example.test", &outcome);
  g_assert_error (outcome.error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_TIMED_OUT);
  assert_fact_only (outcome.error->message);
  g_assert_nonnull (strstr (outcome.error->message, "“example.test”"));
  g_assert_cmpint (outcome.finished - outcome.started, >=, 250 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (outcome.finished - outcome.started, <, 5 * G_TIME_SPAN_SECOND);

  lookup_host (resolver, "mx1.example.test", &host);
  g_assert_error (host.error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_TIMED_OUT);
  g_assert_cmpint (host.finished - host.started, <, 5 * G_TIME_SPAN_SECOND);

}

static void
test_connection_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpResolver) resolver = NULL;
  g_autofree char *server = NULL;
  g_auto(Outcome) outcome = { 0 };

  /* Nothing listens there: the kernel answers "port unreachable". */
  server = g_strdup_printf ("127.0.0.1:%u", sp_test_free_port (TRUE));
  resolver = sp_resolver_new (server, &error);
  g_assert_no_error (error);
  sp_resolver_set_timeout (resolver, 2000, 1);

  lookup_mx (resolver, "example.test", &outcome);
  g_assert_error (outcome.error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_CONNECTION);
  assert_fact_only (outcome.error->message);
  g_assert_nonnull (strstr (outcome.error->message, "“example.test”"));
  g_assert_cmpint (outcome.finished - outcome.started, <, 2 * G_TIME_SPAN_SECOND);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);

  return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
  g_autoptr(GSocket) socket = NULL;
  SpResolver *resolver = silent_resolver (&socket);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(Outcome) outcome = { 0 };
  g_auto(Outcome) before = { 0 };
  g_auto(Outcome) host = { 0 };
  gint64 cancelled_at;

  /* Long enough that only the cancellation can end the lookup. */
  sp_resolver_set_timeout (resolver, 10000, 2);

  outcome.started = g_get_monotonic_time ();
  sp_resolver_lookup_mx_async (resolver, "example.test", cancellable, mx_cb, &outcome);
  g_timeout_add (100, cancel_cb, cancellable);
  g_assert_true (sp_test_iterate_until (&outcome.done, LOOKUP_TIMEOUT_MS));
  cancelled_at = outcome.started + 100 * G_TIME_SPAN_MILLISECOND;
  assert_completed_once (&outcome);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (outcome.finished - cancelled_at, <, G_TIME_SPAN_SECOND);

  /* Already cancelled before the start. */
  sp_resolver_lookup_mx_async (resolver, "example.test", cancellable, mx_cb, &before);
  g_assert_true (sp_test_iterate_until (&before.done, LOOKUP_TIMEOUT_MS));
  assert_completed_once (&before);
  g_assert_error (before.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* The same for a host lookup, whose queries are then still in flight
   * when the resolver goes away: their late callbacks must be harmless. */
  g_cancellable_reset (cancellable);
  host.started = g_get_monotonic_time ();
  sp_resolver_lookup_host_async (resolver, "mx1.example.test", cancellable, host_cb, &host);
  g_timeout_add (50, cancel_cb, cancellable);
  g_assert_true (sp_test_iterate_until (&host.done, LOOKUP_TIMEOUT_MS));
  assert_completed_once (&host);
  g_assert_error (host.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_finalize_object (resolver);
}

static void
test_dispose_in_flight (void)
{
  g_autoptr(GSocket) socket = NULL;
  SpResolver *resolver = silent_resolver (&socket);
  g_auto(Outcome) outcome = { 0 };
  g_auto(Outcome) host = { 0 };
  g_auto(Outcome) after = { 0 };
  gboolean never = FALSE;

  sp_resolver_set_timeout (resolver, 10000, 2);
  sp_resolver_lookup_mx_async (resolver, "example.test", NULL, mx_cb, &outcome);
  sp_resolver_lookup_host_async (resolver, "mx1.example.test", NULL, host_cb, &host);
  sp_test_iterate_until (&never, 50);
  g_assert_false (outcome.done);
  g_assert_false (host.done);

  g_object_run_dispose (G_OBJECT (resolver));
  g_assert_true (sp_test_iterate_until (&outcome.done, 1000));
  g_assert_true (sp_test_iterate_until (&host.done, 1000));
  assert_completed_once (&outcome);
  assert_completed_once (&host);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_error (host.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* A disposed resolver says so instead of crashing. */
  sp_resolver_lookup_mx_async (resolver, "example.test", NULL, mx_cb, &after);
  g_assert_true (sp_test_iterate_until (&after.done, 1000));
  assert_completed_once (&after);
  g_assert_error (after.error, G_IO_ERROR, G_IO_ERROR_CLOSED);

  g_assert_finalize_object (resolver);
}

static void
test_concurrent (void)
{
  g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
  SpResolver *resolver = NULL;
  g_auto(Outcome) first = { 0 };
  g_auto(Outcome) second = { 0 };
  g_auto(Outcome) third = { 0 };
  g_auto(Outcome) fourth = { 0 };

  if (dns == NULL)
    return;

  resolver = resolver_for (dns);
  sp_resolver_lookup_mx_async (resolver, "example.test", NULL, mx_cb, &first);
  sp_resolver_lookup_mx_async (resolver, "implicit.example.test", NULL, mx_cb, &second);
  sp_resolver_lookup_host_async (resolver, "mx2.example.test", NULL, host_cb, &third);

  /* A new timeout gives a new channel; the lookups running on the old one
   * must still finish. */
  sp_resolver_set_timeout (resolver, 2000, 1);
  sp_resolver_lookup_mx_async (resolver, "broken.example.test", NULL, mx_cb, &fourth);

  g_assert_true (sp_test_iterate_until (&first.done, LOOKUP_TIMEOUT_MS));
  g_assert_true (sp_test_iterate_until (&second.done, LOOKUP_TIMEOUT_MS));
  g_assert_true (sp_test_iterate_until (&third.done, LOOKUP_TIMEOUT_MS));
  g_assert_true (sp_test_iterate_until (&fourth.done, LOOKUP_TIMEOUT_MS));
  assert_completed_once (&first);
  assert_completed_once (&second);
  assert_completed_once (&third);
  assert_completed_once (&fourth);

  g_assert_no_error (first.error);
  assert_host (first.result, 1, 20, "mx2.example.test", "127.0.0.2");
  g_assert_no_error (second.error);
  g_assert_true (second.result->implicit);
  g_assert_no_error (third.error);
  assert_host (third.result, 0, 0, "mx2.example.test", "127.0.0.2");
  g_assert_no_error (fourth.error);
  g_assert_cmpuint (fourth.result->hosts->len, ==, 2);

  g_assert_finalize_object (resolver);
}

static void
test_boxed (void)
{
  g_autoptr(SpMxResult) result = sp_mx_result_new ("example.test");
  g_autoptr(SpMxHost) copy = NULL;
  g_autoptr(SpDnsQuery) query_copy = NULL;
  SpMxHost *host = g_new0 (SpMxHost, 1);
  SpDnsQuery *query = g_new0 (SpDnsQuery, 1);
  SpMxResult *boxed;

  host->preference = 7;
  host->host = g_strdup ("mx.example.test");
  host->addresses = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (host->addresses, g_inet_address_new_from_string ("192.0.2.1"));
  host->error = g_error_new_literal (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_FAILED, "x");
  g_ptr_array_add (result->hosts, host);

  query->name = g_strdup ("example.test");
  query->type = g_strdup ("MX");
  query->status = g_strdup ("NOERROR");
  query->elapsed_usec = 42;
  g_ptr_array_add (result->queries, query);

  copy = sp_mx_host_copy (host);
  g_assert_cmpuint (copy->preference, ==, 7);
  g_assert_cmpstr (copy->host, ==, "mx.example.test");
  g_assert_cmpuint (copy->addresses->len, ==, 1);
  g_assert_true (g_inet_address_equal (g_ptr_array_index (copy->addresses, 0),
                                       g_ptr_array_index (host->addresses, 0)));
  g_assert_error (copy->error, SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_FAILED);
  g_assert_true (copy->error != host->error);

  query_copy = sp_dns_query_copy (query);
  g_assert_cmpstr (query_copy->name, ==, "example.test");
  g_assert_cmpstr (query_copy->type, ==, "MX");
  g_assert_cmpstr (query_copy->status, ==, "NOERROR");
  g_assert_cmpint (query_copy->elapsed_usec, ==, 42);

  boxed = g_boxed_copy (SP_TYPE_MX_RESULT, result);
  g_assert_true (boxed == result);
  g_assert_cmpint (result->ref_count, ==, 2);
  g_boxed_free (SP_TYPE_MX_RESULT, boxed);
  g_assert_cmpint (result->ref_count, ==, 1);

  g_assert_true (G_TYPE_IS_BOXED (SP_TYPE_MX_HOST));
  g_assert_true (G_TYPE_IS_BOXED (SP_TYPE_DNS_QUERY));
  sp_mx_host_free (NULL);
  sp_dns_query_free (NULL);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/resolver/new-destroy", test_new_destroy);
  g_test_add_func ("/sp/resolver/boxed", test_boxed);
  g_test_add_func ("/sp/resolver/servers", test_servers);
  g_test_add_func ("/sp/resolver/mx", test_mx);
  g_test_add_func ("/sp/resolver/names", test_names);
  g_test_add_func ("/sp/resolver/null-mx", test_null_mx);
  g_test_add_func ("/sp/resolver/implicit", test_implicit);
  g_test_add_func ("/sp/resolver/no-mail-host", test_no_mail_host);
  g_test_add_func ("/sp/resolver/nxdomain", test_nxdomain);
  g_test_add_func ("/sp/resolver/broken-exchanger", test_broken_exchanger);
  g_test_add_func ("/sp/resolver/no-addresses", test_no_addresses);
  g_test_add_func ("/sp/resolver/duplicates", test_duplicates);
  g_test_add_func ("/sp/resolver/family", test_family);
  g_test_add_func ("/sp/resolver/host", test_host);
  g_test_add_func ("/sp/resolver/refused", test_refused);
  g_test_add_func ("/sp/resolver/servfail", test_servfail);
  g_test_add_func ("/sp/resolver/refused-fake", test_refused_fake);
  g_test_add_func ("/sp/resolver/timeout", test_timeout);
  g_test_add_func ("/sp/resolver/connection-refused", test_connection_refused);
  g_test_add_func ("/sp/resolver/cancel", test_cancel);
  g_test_add_func ("/sp/resolver/dispose-in-flight", test_dispose_in_flight);
  g_test_add_func ("/sp/resolver/concurrent", test_concurrent);

  return g_test_run ();
}
