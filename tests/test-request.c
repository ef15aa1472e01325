/* test-request.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one request type: its properties and their notifications, the
 * table of limits in its param specs against what validation accepts,
 * the copy, and the password that is no property. */

#define G_LOG_DOMAIN "test-request"

#include <string.h>

#include "sp-probe.h"
#include "sp-test-util.h"

#define PASSWORD "s3cret-Passw0rd"

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* A request that validates, to change one field at a time. */
static SpProbeRequest *
valid_request (void)
{
  SpProbeRequest *request = sp_probe_request_new ();

  sp_probe_request_set_recipient (request, "kate@example.test");
  sp_probe_request_set_sender (request, "helpdesk@example.org");

  return request;
}

static void
test_new_destroy (void)
{
  SpProbeRequest *request = sp_probe_request_new ();
  g_autoptr(SpProbeRequest) copy = NULL;

  g_assert_true (G_IS_OBJECT (request));
  g_assert_cmpuint (request->port, ==, SP_PROBE_DEFAULT_PORT);
  g_assert_cmpuint (request->timeout_ms, ==, SP_PROBE_DEFAULT_TIMEOUT * 1000);
  g_assert_cmpuint (request->deadline_ms, ==, SP_PROBE_DEFAULT_DEADLINE * 1000);
  g_assert_cmpuint (request->max_attempts, ==, 0);
  g_assert_cmpint (request->tls, ==, SP_TLS_POLICY_OPPORTUNISTIC);
  g_assert_cmpint (request->notify, ==, SP_NOTIFY_SUCCESS | SP_NOTIFY_FAILURE);
  g_assert_null (request->recipient);

  sp_probe_request_set_password (request, PASSWORD);
  copy = sp_probe_request_copy (request);
  g_assert_finalize_object (request);
  g_assert_finalize_object (g_steal_pointer (&copy));
}

/* A value unlike @pspec's current one, in its range. */
static void
other_value (GParamSpec   *pspec,
             const GValue *current,
             GValue       *value)
{
  g_value_init (value, G_PARAM_SPEC_VALUE_TYPE (pspec));

  if (G_IS_PARAM_SPEC_STRING (pspec))
    g_value_take_string (value, g_strconcat (g_value_get_string (current), "x", NULL));
  else if (G_IS_PARAM_SPEC_BOOLEAN (pspec))
    g_value_set_boolean (value, !g_value_get_boolean (current));
  else if (G_IS_PARAM_SPEC_UINT (pspec))
    {
      GParamSpecUInt *spec = G_PARAM_SPEC_UINT (pspec);
      guint now = g_value_get_uint (current);

      g_value_set_uint (value, now < spec->maximum ? now + 1 : spec->minimum);
    }
  else if (G_IS_PARAM_SPEC_ENUM (pspec))
    {
      GEnumClass *klass = G_PARAM_SPEC_ENUM (pspec)->enum_class;
      int now = g_value_get_enum (current);

      g_value_set_enum (value, now < klass->maximum ? now + 1 : klass->minimum);
    }
  else if (G_IS_PARAM_SPEC_FLAGS (pspec))
    g_value_set_flags (value, g_value_get_flags (current) ^ SP_NOTIFY_DELAY);
  else
    g_assert_not_reached ();
}

/* Every writable property notifies once when it changes, and not when it is
 * set to what it holds, through g_object_set () as through the setters. */
static void
test_notify (void)
{
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs = 0;
  guint n_writable = 0;
  guint count = 0;

  g_signal_connect (request, "notify", G_CALLBACK (count_notify_cb), &count);
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (request), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) current = G_VALUE_INIT;
      g_auto(GValue) changed = G_VALUE_INIT;
      guint before;

      g_assert_true ((pspecs[i]->flags & G_PARAM_EXPLICIT_NOTIFY) != 0);
      if ((pspecs[i]->flags & G_PARAM_WRITABLE) == 0)
        continue;
      n_writable++;

      g_value_init (&current, G_PARAM_SPEC_VALUE_TYPE (pspecs[i]));
      g_object_get_property (G_OBJECT (request), pspecs[i]->name, &current);
      other_value (pspecs[i], &current, &changed);

      before = count;
      g_object_set_property (G_OBJECT (request), pspecs[i]->name, &changed);
      g_assert_cmpuint (count, ==, before + 1);
      g_object_set_property (G_OBJECT (request), pspecs[i]->name, &changed);
      g_assert_cmpuint (count, ==, before + 1);
    }
  g_assert_cmpuint (n_writable, >=, 20);

  /* The setters, the same way. */
  count = 0;
  sp_probe_request_set_deadline_ms (request, 90000);
  sp_probe_request_set_deadline_ms (request, 90000);
  sp_probe_request_set_recipient (request, "kate@example.test");
  sp_probe_request_set_recipient (request, "kate@example.test");
  sp_probe_request_set_all_mx (request, FALSE);
  sp_probe_request_set_all_mx (request, 2);
  sp_probe_request_set_all_mx (request, TRUE);
  g_assert_cmpuint (count, ==, 4);

  /* The password only tells whether there is one. */
  count = 0;
  sp_probe_request_set_password (request, PASSWORD);
  sp_probe_request_set_password (request, PASSWORD "2");
  g_assert_cmpuint (count, ==, 1);
  g_assert_true (sp_probe_request_get_has_password (request));
  sp_probe_request_clear_password (request);
  sp_probe_request_clear_password (request);
  g_assert_cmpuint (count, ==, 2);
  g_assert_false (sp_probe_request_get_has_password (request));
}

static void
assert_field_error (SpProbeRequest *request,
                    SpField         field,
                    gboolean        valid)
{
  g_autoptr(GError) error = NULL;
  SpField at = SP_FIELD_NONE;

  if (valid)
    {
      g_assert_true (sp_probe_request_validate_field (request, field, &error));
      g_assert_no_error (error);
      g_assert_true (sp_probe_request_validate (request, &at, &error));
      g_assert_no_error (error);
      return;
    }

  g_assert_false (sp_probe_request_validate_field (request, field, &error));
  g_assert_error (error, SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (sp_probe_request_validate (request, &at, &error));
  g_assert_error (error, SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT);
  g_assert_cmpint (at, ==, field);
}

/* The param specs are the table of limits: what sp_probe_request_get_limits ()
 * reads from them is what validation accepts, and one more on either side is
 * refused, with the sentence of sp_probe_request_check_limits (). */
static void
test_limits (void)
{
  static const struct
  {
    SpField     field;
    const char *property;
    guint       scale;
    guint       max;
  } numbers[] = {
    { SP_FIELD_PORT, "port", 1, G_MAXUINT16 },
    { SP_FIELD_TIMEOUT, "timeout-ms", 1000, SP_PROBE_MAX_TIMEOUT },
    { SP_FIELD_DEADLINE, "deadline-ms", 1000, SP_PROBE_MAX_DEADLINE },
    { SP_FIELD_MAX_ATTEMPTS, "max-attempts", 1, SP_PROBE_MAX_ATTEMPTS },
    { SP_FIELD_JOBS, "jobs", 1, SP_BATCH_MAX_JOBS },
  };
  g_autoptr(GTypeClass) klass = g_type_class_ref (SP_TYPE_PROBE_REQUEST);

  /* One per-step limit for every front end: the GSettings schema's 600 s. */
  g_assert_cmpuint (SP_PROBE_MAX_TIMEOUT, ==, 600);

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_CLASS (klass),
                                                        numbers[i].property);
      GParamSpecUInt *spec = G_PARAM_SPEC_UINT (pspec);
      g_autoptr(SpProbeRequest) request = valid_request ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) range_error = NULL;
      guint scale = numbers[i].scale;
      guint min = G_MAXUINT;
      guint max = 0;
      guint default_value = 0;

      g_test_message ("%s", numbers[i].property);
      g_assert_cmpstr (sp_probe_request_field_property (numbers[i].field), ==,
                       numbers[i].property);
      g_assert_true (sp_probe_request_get_limits (numbers[i].field, &min, &max,
                                                  &default_value));
      g_assert_cmpuint (max, ==, numbers[i].max);
      g_assert_cmpuint (max * scale, ==, spec->maximum);
      g_assert_cmpuint (default_value * scale, ==, spec->default_value);
      g_assert_cmpuint (min, ==, MAX ((spec->minimum + scale - 1) / scale,
                                      spec->minimum > 0 ? 1 : 0));

      /* The front ends' check, in their unit. */
      g_assert_true (sp_probe_request_check_limits (numbers[i].field, min, NULL));
      g_assert_true (sp_probe_request_check_limits (numbers[i].field, max, NULL));
      g_assert_false (sp_probe_request_check_limits (numbers[i].field, (gint64) max + 1,
                                                     &range_error));
      g_assert_error (range_error, SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT);
      if (min > 0)
        g_assert_false (sp_probe_request_check_limits (numbers[i].field, (gint64) min - 1,
                                                       NULL));

      /* Validation, in the field's unit, at both ends of the param spec. */
      g_object_set (request, numbers[i].property, spec->maximum, NULL);
      assert_field_error (request, numbers[i].field, TRUE);
      g_object_set (request, numbers[i].property, spec->minimum, NULL);
      assert_field_error (request, numbers[i].field, TRUE);
      if (numbers[i].field != SP_FIELD_PORT)
        {
          /* Past the param spec, where only a setter or the struct can go. */
          if (numbers[i].field == SP_FIELD_TIMEOUT)
            sp_probe_request_set_timeout_ms (request, spec->maximum + 1);
          else if (numbers[i].field == SP_FIELD_DEADLINE)
            sp_probe_request_set_deadline_ms (request, spec->maximum + 1);
          else if (numbers[i].field == SP_FIELD_JOBS)
            sp_probe_request_set_jobs (request, spec->maximum + 1);
          else
            sp_probe_request_set_max_attempts (request, spec->maximum + 1);
          assert_field_error (request, numbers[i].field, FALSE);
          g_assert_false (sp_probe_request_validate_field (request, numbers[i].field, &error));
          /* One sentence for the same fault, whoever found it. */
          g_assert_cmpstr (error->message, ==, range_error->message);
        }
      else
        {
          sp_probe_request_set_port (request, 0);
          assert_field_error (request, SP_FIELD_PORT, FALSE);
        }
    }

  /* No number: no limits. */
  g_assert_false (sp_probe_request_get_limits (SP_FIELD_SENDER, NULL, NULL, NULL));
}

/* A copy is a new request with every value, the password included; the
 * password is no property, so nothing that reads properties sees it. */
static void
test_copy_and_password (void)
{
  g_autoptr(SpProbeRequest) request = valid_request ();
  g_autoptr(SpProbeRequest) copy = NULL;
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs = 0;
  GObjectClass *klass = G_OBJECT_GET_CLASS (request);

  sp_probe_request_set_ehlo_name (request, "client.example.org");
  sp_probe_request_set_port (request, 587);
  sp_probe_request_set_timeout_ms (request, 12000);
  sp_probe_request_set_tls (request, SP_TLS_POLICY_REQUIRED);
  sp_probe_request_set_family (request, SP_ADDRESS_FAMILY_IPV6);
  sp_probe_request_set_auth_user (request, "kate");
  sp_probe_request_set_password (request, PASSWORD);
  sp_probe_request_set_notify (request, SP_NOTIFY_NEVER);
  sp_probe_request_set_all_mx (request, TRUE);
  sp_probe_request_set_accept_certificate (request, "AB:CD");

  g_assert_null (g_object_class_find_property (klass, "password"));
  g_assert_null (g_object_class_find_property (klass, "auth-password"));

  copy = sp_probe_request_copy (request);
  g_assert_true (copy != request);
  g_assert_cmpstr (copy->auth_password, ==, PASSWORD);
  g_assert_true (copy->auth_password != request->auth_password);

  pspecs = g_object_class_list_properties (klass, &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) original = G_VALUE_INIT;
      g_auto(GValue) copied = G_VALUE_INIT;
      g_auto(GValue) text = G_VALUE_INIT;

      g_value_init (&original, G_PARAM_SPEC_VALUE_TYPE (pspecs[i]));
      g_value_init (&copied, G_PARAM_SPEC_VALUE_TYPE (pspecs[i]));
      g_object_get_property (G_OBJECT (request), pspecs[i]->name, &original);
      g_object_get_property (G_OBJECT (copy), pspecs[i]->name, &copied);
      g_assert_cmpint (g_param_values_cmp (pspecs[i], &original, &copied), ==, 0);

      /* No property holds the password, in any form; one says whether there is one. */
      g_assert_true (strstr (pspecs[i]->name, "password") == NULL ||
                     g_str_equal (pspecs[i]->name, "has-auth-password"));
      g_value_init (&text, G_TYPE_STRING);
      if (g_value_transform (&original, &text) && g_value_get_string (&text) != NULL)
        g_assert_null (strstr (g_value_get_string (&text), PASSWORD));
    }

  /* Changing one leaves the other as it was. */
  sp_probe_request_set_port (copy, 25);
  sp_probe_request_clear_password (copy);
  g_assert_cmpuint (request->port, ==, 587);
  g_assert_cmpstr (request->auth_password, ==, PASSWORD);
}

/* One validation, in the order of the fields, the password last so that a
 * front end can check everything else before it asks for one. */
static void
test_validate (void)
{
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(GError) error = NULL;
  SpField field = SP_FIELD_NONE;

  g_assert_false (sp_probe_request_validate (request, &field, &error));
  g_assert_cmpint (field, ==, SP_FIELD_RECIPIENT);
  g_clear_error (&error);

  sp_probe_request_set_recipient (request, "kate@example.test");
  sp_probe_request_set_sender (request, "helpdesk@example.org");
  sp_probe_request_set_auth_user (request, "kate");
  sp_probe_request_set_tls (request, SP_TLS_POLICY_OFF);
  g_assert_false (sp_probe_request_validate (request, &field, &error));
  g_assert_cmpint (field, ==, SP_FIELD_TLS);
  g_assert_nonnull (strstr (error->message, "Logging in"));
  g_clear_error (&error);

  sp_probe_request_set_auth_allow_plaintext (request, TRUE);
  g_assert_false (sp_probe_request_validate (request, &field, &error));
  g_assert_cmpint (field, ==, SP_FIELD_AUTH_PASSWORD);
  g_clear_error (&error);

  sp_probe_request_set_password (request, PASSWORD);
  g_assert_true (sp_probe_request_validate (request, &field, &error));
  g_assert_no_error (error);

  /* NEVER stands alone (RFC 3461 4.1), through the property too. */
  g_object_set (request, "dsn-notify", SP_NOTIFY_NEVER | SP_NOTIFY_DELAY, NULL);
  g_assert_false (sp_probe_request_validate (request, &field, &error));
  g_assert_cmpint (field, ==, SP_FIELD_NOTIFY);
}

/* Issue 12: kate@fabrikam says the domain is incomplete before any DNS
 * server is asked; on a server given by hand, user@localhost stays fine. */
static void
test_incomplete_domain (void)
{
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(GError) error = NULL;

  g_object_set (request, "recipient", "kate@fabrikam", NULL);
  g_assert_false (sp_probe_request_validate_field (request, SP_FIELD_RECIPIENT, &error));
  g_assert_nonnull (strstr (error->message, "“fabrikam” has no dot"));
  g_assert_nonnull (strstr (error->message, "fabrikam.com"));
  g_clear_error (&error);

  g_object_set (request, "recipient", "kate@fabrikam.", NULL);
  g_assert_false (sp_probe_request_validate_field (request, SP_FIELD_RECIPIENT, NULL));
  g_object_set (request, "recipient", "kate@fabrikam.com", NULL);
  g_assert_true (sp_probe_request_validate_field (request, SP_FIELD_RECIPIENT, NULL));
  g_object_set (request, "recipient", "kate@[192.0.2.1]", NULL);
  g_assert_true (sp_probe_request_validate_field (request, SP_FIELD_RECIPIENT, NULL));
  g_object_set (request, "recipient", "user@localhost", "server", "127.0.0.1", NULL);
  g_assert_true (sp_probe_request_validate_field (request, SP_FIELD_RECIPIENT, NULL));
}

/* Issue 12: one line says what a test does, defaults left out. */
static void
test_summary (void)
{
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autofree char *plain = NULL;
  g_autofree char *full = NULL;

  plain = sp_probe_request_dup_summary (request);
  g_assert_cmpstr (plain, ==, "Sends a test message");

  g_object_set (request, "check-only", TRUE, "tls-policy", SP_TLS_POLICY_REQUIRED,
                "port", 2950, "dns-servers", "127.0.0.1:15700", "auth-user", "kate",
                "family", SP_ADDRESS_FAMILY_IPV4, NULL);
  full = sp_probe_request_dup_summary (request);
  g_assert_cmpstr (full, ==, "Check only, nothing sent · port 2950 · STARTTLS required · "
                             "Signs in as kate · IPv4 only · DNS 127.0.0.1:15700");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/request/new-destroy", test_new_destroy);
  g_test_add_func ("/sp/request/notify", test_notify);
  g_test_add_func ("/sp/request/limits", test_limits);
  g_test_add_func ("/sp/request/copy-and-password", test_copy_and_password);
  g_test_add_func ("/sp/request/validate", test_validate);
  g_test_add_func ("/sp/request/summary", test_summary);
  g_test_add_func ("/sp/request/incomplete-domain", test_incomplete_domain);

  return g_test_run ();
}
