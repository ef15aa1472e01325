/* test-gui-model.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wizard's model without GTK and without a display: fields, messages,
 * the checks each page relies on, the request it builds, the command-line
 * prefill and the remembered settings, the encryption and sign-in settings
 * (and that the password is kept nowhere it could leak from), and one
 * whole flow from the first page to a verdict against the in-process
 * scripted server. */

#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "sp-auth.h"
#include "sp-gui-enums.h"
#include "sp-scripted-server.h"
#include "sp-test-cli.h"
#include "sp-test-certs.h"
#include "sp-form-model.h"
#include "sp-practice.h"
#include "sp-test-util.h"

#define PASSWORD "s3cret-Passw0rd"

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_new_destroy (void)
{
  SpFormModel *model = sp_form_model_new ();
  SpProbeRequest *request;

  g_assert_cmpint (sp_form_model_get_mode (model), ==, SP_TEST_MODE_RECIPIENT);
  g_assert_cmpstr (sp_form_model_get_request (model)->recipient, ==, "");
  g_assert_cmpuint (sp_form_model_get_request (model)->port, ==, 25);
  g_assert_cmpuint ((sp_form_model_get_request (model)->timeout_ms / 1000), ==, 30);
  g_assert_cmpuint (sp_form_model_get_request (model)->notify, ==,
                    SP_NOTIFY_SUCCESS | SP_NOTIFY_FAILURE);
  g_assert_cmpstr (sp_form_model_get_request (model)->subject, !=, "");
  g_assert_null (sp_form_model_get_transcript (model));

  /* The request the model edits goes with it. */
  request = g_object_ref (sp_form_model_get_request (model));
  g_assert_finalize_object (model);
  g_assert_finalize_object (request);
}

/* The "mode" property's enum type comes from glib-mkenums: its nicks are
 * the names of the modes. */
static void
test_mode_type (void)
{
  static const char * const nicks[] = { "recipient", "domain", "server", "practice" };
  g_autoptr(GEnumClass) klass = g_type_class_ref (SP_TYPE_TEST_MODE);
  g_autoptr(SpFormModel) model = sp_form_model_new ();
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (model), "mode");

  g_assert_cmpuint (klass->n_values, ==, G_N_ELEMENTS (nicks));
  for (guint i = 0; i < G_N_ELEMENTS (nicks); i++)
    g_assert_cmpstr (g_enum_get_value (klass, i)->value_nick, ==, nicks[i]);
  g_assert_cmpstr (g_type_name (SP_TYPE_TEST_MODE), ==, "SpTestMode");
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == SP_TYPE_TEST_MODE);
}

static void
test_notify_only_on_change (void)
{
  g_autoptr(SpFormModel) model = sp_form_model_new ();
  SpProbeRequest *request = sp_form_model_get_request (model);
  g_autofree char *recipient = NULL;
  guint count = 0;

  /* The fields are the request's, and notify there; the mode is the wizard's. */
  g_signal_connect (model, "notify", G_CALLBACK (count_notify_cb), &count);
  g_signal_connect (request, "notify", G_CALLBACK (count_notify_cb), &count);

  sp_probe_request_set_recipient (request, "kate@example.com");
  sp_probe_request_set_recipient (request, "kate@example.com");
  g_assert_cmpuint (count, ==, 1);

  sp_probe_request_set_port (request, 587);
  sp_probe_request_set_port (request, 587);
  g_assert_cmpuint (count, ==, 2);

  sp_form_model_set_mode (model, SP_TEST_MODE_SERVER);
  sp_form_model_set_mode (model, SP_TEST_MODE_SERVER);
  g_assert_cmpuint (count, ==, 3);

  sp_probe_request_set_check_only (request, TRUE);
  sp_probe_request_set_check_only (request, 2);  /* still TRUE */
  g_assert_cmpuint (count, ==, 4);

  /* Through GObject too: the property is explicit-notify, so no extra signal. */
  g_object_set (request, "sender", "a@example.org", NULL);
  g_object_set (request, "sender", "a@example.org", NULL);
  g_assert_cmpuint (count, ==, 5);

  /* NULL reads as empty, so entries can be bound to the strings. */
  sp_probe_request_set_recipient (request, NULL);
  g_object_get (request, "recipient", &recipient, NULL);
  g_assert_cmpstr (recipient, ==, "");
  g_assert_cmpuint (count, ==, 6);
}

static void
assert_message (SpFormModel *model,
                SpField      field,
                const char  *needle)
{
  g_autofree char *message = sp_form_model_dup_message (model, field);

  if (needle == NULL)
    {
      g_assert_null (message);
      return;
    }

  g_assert_nonnull (message);
  if (strstr (message, needle) == NULL)
    g_error ("“%s” does not contain “%s”", message, needle);
}

static void
test_field_messages (void)
{
  g_autoptr(SpFormModel) model = sp_form_model_new ();

  assert_message (model, SP_FIELD_RECIPIENT, "Enter the recipient");
  sp_probe_request_set_recipient (sp_form_model_get_request (model), "kate");
  assert_message (model, SP_FIELD_RECIPIENT, "@");
  sp_probe_request_set_recipient (sp_form_model_get_request (model), "  kate@example.com ");
  assert_message (model, SP_FIELD_RECIPIENT, NULL);
  sp_probe_request_set_recipient (sp_form_model_get_request (model), "kate@example.com\r\nRSET");
  g_assert_false (sp_form_model_check_field (model, SP_FIELD_RECIPIENT, NULL));

  assert_message (model, SP_FIELD_DOMAIN, "Enter a domain");
  sp_form_model_set_domain (model, "kate@example.com");
  assert_message (model, SP_FIELD_DOMAIN, "looks like an address");
  sp_form_model_set_domain (model, "exa mple.com");
  g_assert_false (sp_form_model_check_field (model, SP_FIELD_DOMAIN, NULL));
  sp_form_model_set_domain (model, "example.com");
  assert_message (model, SP_FIELD_DOMAIN, NULL);

  assert_message (model, SP_FIELD_SERVER, "Enter the mail server");
  sp_probe_request_set_server (sp_form_model_get_request (model), "mail.example.com:70000");
  g_assert_false (sp_form_model_check_field (model, SP_FIELD_SERVER, NULL));
  sp_probe_request_set_server (sp_form_model_get_request (model), "mail.example.com:587");
  assert_message (model, SP_FIELD_SERVER, NULL);
  sp_probe_request_set_server (sp_form_model_get_request (model), "[::1]");
  assert_message (model, SP_FIELD_SERVER, NULL);

  /* The DNS server only matters when a custom one is chosen. */
  sp_probe_request_set_dns_servers (sp_form_model_get_request (model), "not a server");
  assert_message (model, SP_FIELD_DNS_SERVERS, NULL);
  sp_form_model_set_custom_dns (model, TRUE);
  g_assert_false (sp_form_model_check_field (model, SP_FIELD_DNS_SERVERS, NULL));
  sp_probe_request_set_dns_servers (sp_form_model_get_request (model), "");
  assert_message (model, SP_FIELD_DNS_SERVERS, "Enter the DNS server");
  sp_probe_request_set_dns_servers (sp_form_model_get_request (model), "127.0.0.1:5353");
  assert_message (model, SP_FIELD_DNS_SERVERS, NULL);

  assert_message (model, SP_FIELD_SENDER, "Enter the sender");
  sp_probe_request_set_sender (sp_form_model_get_request (model), "helpdesk@example.org");
  assert_message (model, SP_FIELD_SENDER, NULL);

  /* The EHLO name is optional, but must be a host name when given. */
  assert_message (model, SP_FIELD_EHLO_NAME, NULL);
  sp_probe_request_set_ehlo_name (sp_form_model_get_request (model), "not a host");
  g_assert_false (sp_form_model_check_field (model, SP_FIELD_EHLO_NAME, NULL));
  sp_probe_request_set_ehlo_name (sp_form_model_get_request (model), "[192.0.2.1]");
  assert_message (model, SP_FIELD_EHLO_NAME, NULL);

  sp_probe_request_set_subject (sp_form_model_get_request (model), "Hello\nBcc: x@example.com");
  g_assert_false (sp_form_model_check_field (model, SP_FIELD_SUBJECT, NULL));
  sp_probe_request_set_subject (sp_form_model_get_request (model), "Hello");
  sp_probe_request_set_body (sp_form_model_get_request (model), "line one\r\nline two\n");
  assert_message (model, SP_FIELD_BODY, NULL);
  sp_probe_request_set_body (sp_form_model_get_request (model), "nul \x01 here");
  g_assert_false (sp_form_model_check_field (model, SP_FIELD_BODY, NULL));

  sp_probe_request_set_notify (sp_form_model_get_request (model),
                               SP_NOTIFY_NEVER | SP_NOTIFY_SUCCESS);
  assert_message (model, SP_FIELD_NOTIFY, "cannot be combined");
  sp_probe_request_set_notify (sp_form_model_get_request (model), SP_NOTIFY_NEVER);
  assert_message (model, SP_FIELD_NOTIFY, NULL);
}

static void
test_check_pages (void)
{
  g_autoptr(SpFormModel) model = sp_form_model_new ();
  g_autoptr(GError) error = NULL;
  SpField     field;

  /* Each mode checks only its own field. */
  g_assert_false (sp_form_model_check_target (model, &field, &error));
  g_assert_cmpint (field, ==, SP_FIELD_RECIPIENT);
  g_clear_error (&error);

  sp_form_model_set_mode (model, SP_TEST_MODE_DOMAIN);
  g_assert_false (sp_form_model_check_target (model, &field, NULL));
  g_assert_cmpint (field, ==, SP_FIELD_DOMAIN);
  sp_form_model_set_domain (model, "example.test");
  g_assert_true (sp_form_model_check_target (model, &field, NULL));
  g_assert_cmpint (field, ==, SP_FIELD_NONE);

  sp_form_model_set_mode (model, SP_TEST_MODE_SERVER);
  g_assert_false (sp_form_model_check_target (model, &field, NULL));
  g_assert_cmpint (field, ==, SP_FIELD_SERVER);

  g_assert_true (sp_form_model_check_dns (model, NULL, NULL));
  sp_form_model_set_custom_dns (model, TRUE);
  g_assert_false (sp_form_model_check_dns (model, &field, NULL));
  g_assert_cmpint (field, ==, SP_FIELD_DNS_SERVERS);

  /* The message page: the sender comes first. */
  g_assert_false (sp_form_model_check_message (model, &field, &error));
  g_assert_cmpint (field, ==, SP_FIELD_SENDER);
  g_assert_nonnull (error);
  g_clear_error (&error);
  sp_probe_request_set_sender (sp_form_model_get_request (model), "helpdesk@example.org");
  g_assert_false (sp_form_model_check_message (model, &field, NULL));
  g_assert_cmpint (field, ==, SP_FIELD_RECIPIENT);
  sp_probe_request_set_recipient (sp_form_model_get_request (model), "kate@example.test");
  g_assert_true (sp_form_model_check_message (model, &field, NULL));
}

static void
test_lookup_name (void)
{
  g_autoptr(SpFormModel) model = sp_form_model_new ();
  g_autofree char *name = NULL;
  g_autofree char *ehlo = NULL;
  gboolean is_host = TRUE;

  g_assert_null (sp_form_model_dup_lookup_name (model, NULL));

  sp_probe_request_set_recipient (sp_form_model_get_request (model), "Kate@Example.TEST");
  name = sp_form_model_dup_lookup_name (model, &is_host);
  g_assert_cmpstr (name, ==, "Example.TEST");
  g_assert_false (is_host);
  g_clear_pointer (&name, g_free);

  sp_form_model_set_mode (model, SP_TEST_MODE_DOMAIN);
  sp_form_model_set_domain (model, " example.org ");
  name = sp_form_model_dup_lookup_name (model, &is_host);
  g_assert_cmpstr (name, ==, "example.org");
  g_clear_pointer (&name, g_free);

  sp_form_model_set_mode (model, SP_TEST_MODE_SERVER);
  sp_probe_request_set_server (sp_form_model_get_request (model), "mail.example.org:587");
  name = sp_form_model_dup_lookup_name (model, &is_host);
  g_assert_cmpstr (name, ==, "mail.example.org");
  g_assert_true (is_host);

  g_assert_null (sp_form_model_dup_default_ehlo_name (model));
  sp_probe_request_set_sender (sp_form_model_get_request (model), "helpdesk@corp.example.net");
  ehlo = sp_form_model_dup_default_ehlo_name (model);
  g_assert_cmpstr (ehlo, ==, "corp.example.net");
}

static void
test_commit_target (void)
{
  g_autoptr(SpFormModel) model = sp_form_model_new ();

  /* An address test keeps its recipient as it is. */
  sp_probe_request_set_recipient (sp_form_model_get_request (model), "kate@example.test");
  sp_form_model_commit_target (model);
  g_assert_cmpstr (sp_form_model_get_request (model)->recipient, ==, "kate@example.test");

  /* A domain test gets the domain's postmaster ... */
  sp_form_model_set_mode (model, SP_TEST_MODE_DOMAIN);
  sp_form_model_set_domain (model, "example.org");
  sp_form_model_commit_target (model);
  g_assert_cmpstr (sp_form_model_get_request (model)->recipient, ==, "postmaster@example.org");

  /* ... unless the recipient already belongs to that domain. */
  sp_probe_request_set_recipient (sp_form_model_get_request (model), "sales@EXAMPLE.org");
  sp_form_model_commit_target (model);
  g_assert_cmpstr (sp_form_model_get_request (model)->recipient, ==, "sales@EXAMPLE.org");

  /* A server test needs no recipient yet; the message page asks for one. */
  sp_probe_request_set_recipient (sp_form_model_get_request (model), "");
  sp_form_model_set_mode (model, SP_TEST_MODE_SERVER);
  sp_form_model_commit_target (model);
  g_assert_cmpstr (sp_form_model_get_request (model)->recipient, ==, "");
}

/* Practice (issue 11): a scenario is always chosen, so the first page is
 * complete with no address; nothing is looked up; leaving the page fills
 * in the practice addresses where none were typed, and keeps typed ones. */
static void
test_practice (void)
{
  g_autoptr(SpFormModel) model = sp_form_model_new ();
  SpProbeRequest *request = sp_form_model_get_request (model);
  g_autofree char *lookup = NULL;

  g_assert_cmpstr (sp_form_model_get_practice (model), ==, "accepted");
  g_assert_false (sp_form_model_check_target (model, NULL, NULL));
  sp_form_model_set_mode (model, SP_TEST_MODE_PRACTICE);
  g_assert_true (sp_form_model_check_target (model, NULL, NULL));
  lookup = sp_form_model_dup_lookup_name (model, NULL);
  g_assert_null (lookup);

  sp_form_model_set_practice (model, "no-such-scenario");
  g_assert_false (sp_form_model_check_target (model, NULL, NULL));
  sp_form_model_set_practice (model, "greylisting");
  g_assert_true (sp_form_model_check_target (model, NULL, NULL));

  sp_probe_request_set_sender (request, "me@example.org");
  sp_form_model_commit_target (model);
  g_assert_cmpstr (request->recipient, ==, SP_PRACTICE_RECIPIENT);
  g_assert_cmpstr (request->sender, ==, "me@example.org");
  g_assert_true (sp_form_model_check_message (model, NULL, NULL));
}

static void
test_to_request (void)
{
  g_autoptr(SpFormModel) model = sp_form_model_new ();
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  SpField     field = SP_FIELD_NONE;

  request = sp_form_model_to_request (model, &field, &error);
  g_assert_null (request);
  g_assert_error (error, SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT);
  g_assert_cmpint (field, ==, SP_FIELD_RECIPIENT);
  g_clear_error (&error);

  sp_probe_request_set_recipient (sp_form_model_get_request (model), " kate@example.test ");
  sp_probe_request_set_sender (sp_form_model_get_request (model), "helpdesk@example.org");
  sp_probe_request_set_body (sp_form_model_get_request (model), "");
  sp_probe_request_set_dns_servers (sp_form_model_get_request (model), "127.0.0.1:5353");
  sp_probe_request_set_timeout_ms (sp_form_model_get_request (model), 7 * 1000);
  sp_probe_request_set_port (sp_form_model_get_request (model), 2525);
  sp_probe_request_set_notify (sp_form_model_get_request (model), SP_NOTIFY_DELAY);
  sp_probe_request_set_check_only (sp_form_model_get_request (model), TRUE);

  request = sp_form_model_to_request (model, &field, &error);
  g_assert_no_error (error);
  g_assert_cmpint (field, ==, SP_FIELD_NONE);
  g_assert_cmpstr (request->recipient, ==, "kate@example.test");
  g_assert_cmpstr (request->sender, ==, "helpdesk@example.org");
  g_assert_null (request->ehlo_name);
  g_assert_null (request->body);
  g_assert_cmpstr (request->subject, ==, sp_form_model_get_request (model)->subject);
  /* A DNS server typed but not chosen is not used. */
  g_assert_null (request->dns_servers);
  g_assert_null (request->server);
  g_assert_false (request->all_mx);
  g_assert_cmpuint (request->timeout_ms, ==, 7000);
  g_assert_cmpuint (request->port, ==, 2525);
  g_assert_cmpuint (request->notify, ==, SP_NOTIFY_DELAY);
  g_assert_true (request->check_only);
  g_clear_pointer (&request, sp_probe_request_free);

  /* A chosen exchanger is tested alone; a custom DNS server is passed on. */
  sp_form_model_set_custom_dns (model, TRUE);
  sp_form_model_set_exchanger (model, "mx2.example.test");
  sp_probe_request_set_ehlo_name (sp_form_model_get_request (model), "client.example.org");
  sp_probe_request_set_body (sp_form_model_get_request (model), "Hi");
  request = sp_form_model_to_request (model, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (request->server, ==, "mx2.example.test");
  g_assert_cmpstr (request->dns_servers, ==, "127.0.0.1:5353");
  g_assert_cmpstr (request->ehlo_name, ==, "client.example.org");
  g_assert_cmpstr (request->body, ==, "Hi");
  g_clear_pointer (&request, sp_probe_request_free);

  /* The recipient changed to another domain than the one whose servers
   * were looked up: the exchanger chosen there no longer applies, and the
   * model says which domain the test looks up instead (issue 12). */
  {
    g_autoptr(SpMxResult) mx = sp_mx_result_new ("EXAMPLE.test");
    g_autofree char *moved = NULL;

    sp_form_model_set_mx_result (model, mx);
    g_assert_null (sp_form_model_dup_moved_domain (model));
    sp_probe_request_set_recipient (sp_form_model_get_request (model), "kate@example.net");
    moved = sp_form_model_dup_moved_domain (model);
    g_assert_cmpstr (moved, ==, "example.net");
    request = sp_form_model_to_request (model, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (request->server);
    g_clear_pointer (&request, sp_probe_request_free);
    sp_probe_request_set_recipient (sp_form_model_get_request (model), " kate@example.test ");
    sp_form_model_set_mx_result (model, NULL);
  }

  /* All exchangers. */
  sp_form_model_set_exchanger (model, "");
  sp_probe_request_set_all_mx (sp_form_model_get_request (model), TRUE);
  request = sp_form_model_to_request (model, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (request->server);
  g_assert_true (request->all_mx);
  g_clear_pointer (&request, sp_probe_request_free);

  /* A server test ignores the exchanger and names the server. */
  sp_form_model_set_exchanger (model, "mx2.example.test");
  sp_form_model_set_mode (model, SP_TEST_MODE_SERVER);
  sp_probe_request_set_server (sp_form_model_get_request (model), "127.0.0.1:2626");
  request = sp_form_model_to_request (model, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (request->server, ==, "127.0.0.1:2626");
  g_clear_pointer (&request, sp_probe_request_free);

  /* The core's own check reports its field in the model's terms. */
  sp_probe_request_set_ehlo_name (sp_form_model_get_request (model), "bad name");
  request = sp_form_model_to_request (model, &field, &error);
  g_assert_null (request);
  g_assert_cmpint (field, ==, SP_FIELD_EHLO_NAME);
}

static GVariantDict *
options_new (const char * const *rest)
{
  GVariantDict *options = g_variant_dict_new (NULL);

  if (rest != NULL)
    g_variant_dict_insert_value (options, "", g_variant_new_strv (rest, -1));

  return options;
}

static void
test_prefill (void)
{
  const char *recipient[] = { "kate@example.test", NULL };
  const char *domain[] = { "example.test", NULL };
  g_autoptr(SpFormModel) model = sp_form_model_new ();
  g_autoptr(GVariantDict) options = options_new (recipient);

  g_variant_dict_insert (options, "from", "s", "helpdesk@example.org");
  g_variant_dict_insert (options, "ehlo", "s", "client.example.org");
  g_variant_dict_insert (options, "dns-server", "s", "127.0.0.1:5353");
  g_variant_dict_insert (options, "port", "i", 2525);
  sp_form_model_prefill (model, options);

  g_assert_cmpint (sp_form_model_get_mode (model), ==, SP_TEST_MODE_RECIPIENT);
  g_assert_cmpstr (sp_form_model_get_request (model)->recipient, ==, "kate@example.test");
  g_assert_cmpstr (sp_form_model_get_request (model)->sender, ==, "helpdesk@example.org");
  g_assert_cmpstr (sp_form_model_get_request (model)->ehlo_name, ==, "client.example.org");
  g_assert_true (sp_form_model_get_custom_dns (model));
  g_assert_cmpstr (sp_form_model_get_request (model)->dns_servers, ==, "127.0.0.1:5353");
  g_assert_cmpuint (sp_form_model_get_request (model)->port, ==, 2525);
  g_clear_object (&model);
  g_clear_pointer (&options, g_variant_dict_unref);

  /* A bare word is a domain. */
  model = sp_form_model_new ();
  options = options_new (domain);
  sp_form_model_prefill (model, options);
  g_assert_cmpint (sp_form_model_get_mode (model), ==, SP_TEST_MODE_DOMAIN);
  g_assert_cmpstr (sp_form_model_get_domain (model), ==, "example.test");
  g_assert_cmpstr (sp_form_model_get_request (model)->recipient, ==, "");
  g_clear_object (&model);
  g_clear_pointer (&options, g_variant_dict_unref);

  /* --server wins the mode; the recipient still fills the message page. */
  model = sp_form_model_new ();
  options = options_new (recipient);
  g_variant_dict_insert (options, "server", "s", "mail.example.test:587");
  sp_form_model_prefill (model, options);
  g_assert_cmpint (sp_form_model_get_mode (model), ==, SP_TEST_MODE_SERVER);
  g_assert_cmpstr (sp_form_model_get_request (model)->server, ==, "mail.example.test:587");
  g_assert_cmpstr (sp_form_model_get_request (model)->recipient, ==, "kate@example.test");
  g_clear_object (&model);
  g_clear_pointer (&options, g_variant_dict_unref);

  /* --practice wins the mode and names the scenario; an unknown one is
   * ignored. */
  model = sp_form_model_new ();
  options = options_new (recipient);
  g_variant_dict_insert (options, "practice", "s", "mailbox-full");
  sp_form_model_prefill (model, options);
  g_assert_cmpint (sp_form_model_get_mode (model), ==, SP_TEST_MODE_PRACTICE);
  g_assert_cmpstr (sp_form_model_get_practice (model), ==, "mailbox-full");
  g_assert_cmpstr (sp_form_model_get_request (model)->recipient, ==, "kate@example.test");
  g_clear_object (&model);
  g_clear_pointer (&options, g_variant_dict_unref);
  model = sp_form_model_new ();
  options = options_new (NULL);
  g_variant_dict_insert (options, "practice", "s", "no-such-scenario");
  sp_form_model_prefill (model, options);
  g_assert_cmpint (sp_form_model_get_mode (model), ==, SP_TEST_MODE_RECIPIENT);
  g_assert_cmpstr (sp_form_model_get_practice (model), ==, "accepted");
  g_clear_object (&model);
  g_clear_pointer (&options, g_variant_dict_unref);

  /* Nothing given changes nothing; an out-of-range port is ignored. */
  model = sp_form_model_new ();
  options = options_new (NULL);
  g_variant_dict_insert (options, "port", "i", 70000);
  sp_form_model_prefill (model, options);
  g_assert_cmpint (sp_form_model_get_mode (model), ==, SP_TEST_MODE_RECIPIENT);
  g_assert_cmpuint (sp_form_model_get_request (model)->port, ==, 25);
  g_assert_false (sp_form_model_get_custom_dns (model));
}

static void
test_settings (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(SpFormModel) model = sp_form_model_new ();
  g_autoptr(SpFormModel) again = sp_form_model_new ();
  g_autofree char *sender = NULL;

  /* The test environment sets GSETTINGS_BACKEND=memory: nothing reaches dconf. */
  g_assert_cmpstr (g_getenv ("GSETTINGS_BACKEND"), ==, "memory");
  settings = g_settings_new ("io.github.smtpprobe.SmtpProbe");

  sp_probe_request_set_sender (sp_form_model_get_request (model), "helpdesk@example.org");
  sp_probe_request_set_ehlo_name (sp_form_model_get_request (model), "client.example.org");
  sp_form_model_set_custom_dns (model, TRUE);
  sp_probe_request_set_dns_servers (sp_form_model_get_request (model), "127.0.0.1:5353");
  sp_probe_request_set_timeout_ms (sp_form_model_get_request (model), 12 * 1000);
  sp_probe_request_set_port (sp_form_model_get_request (model), 587);
  sp_probe_request_set_tls (sp_form_model_get_request (model), SP_TLS_POLICY_REQUIRED);
  sp_probe_request_set_auth_user (sp_form_model_get_request (model), "kate");
  sp_form_model_save_settings (model, settings);

  sp_form_model_load_settings (again, settings);
  g_assert_cmpstr (sp_form_model_get_request (again)->sender, ==, "helpdesk@example.org");
  g_assert_cmpstr (sp_form_model_get_request (again)->ehlo_name, ==, "client.example.org");
  g_assert_true (sp_form_model_get_custom_dns (again));
  g_assert_cmpstr (sp_form_model_get_request (again)->dns_servers, ==, "127.0.0.1:5353");
  g_assert_cmpuint ((sp_form_model_get_request (again)->timeout_ms / 1000), ==, 12);
  /* The port, the encryption and the sign-in belong to one server, not to the person:
   * they are not carried over. */
  g_assert_cmpuint (sp_form_model_get_request (again)->port, ==, 25);
  g_assert_cmpint (sp_form_model_get_tls_policy (again), ==, SP_TLS_POLICY_OPPORTUNISTIC);
  g_assert_cmpstr (sp_form_model_get_request (again)->auth_user, ==, "");

  /* An invalid sender is not remembered over a good one; the system DNS is "". */
  sp_probe_request_set_sender (sp_form_model_get_request (model), "not an address");
  sp_form_model_set_custom_dns (model, FALSE);
  sp_form_model_save_settings (model, settings);
  sender = g_settings_get_string (settings, "last-sender");
  g_assert_cmpstr (sender, ==, "helpdesk@example.org");
  g_clear_object (&again);
  again = sp_form_model_new ();
  sp_form_model_load_settings (again, settings);
  g_assert_false (sp_form_model_get_custom_dns (again));
}

static void
test_reset (void)
{
  g_autoptr(SpFormModel) model = sp_form_model_new ();
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(SpMxResult) mx = sp_mx_result_new ("example.test");

  sp_probe_request_set_recipient (sp_form_model_get_request (model), "kate@example.test");
  sp_probe_request_set_sender (sp_form_model_get_request (model), "helpdesk@example.org");
  sp_form_model_set_exchanger (model, "mx2.example.test");
  sp_probe_request_set_all_mx (sp_form_model_get_request (model), TRUE);
  sp_form_model_set_mx_result (model, mx);
  sp_form_model_set_transcript (model, transcript);
  g_assert_true (sp_form_model_get_mx_result (model) == mx);

  /* Issue 12: the choices of one test do not leak into the next. */
  sp_form_model_set_mode (model, SP_TEST_MODE_SERVER);
  g_object_set (sp_form_model_get_request (model),
                "server", "127.0.0.1", "port", 2525, "check-only", TRUE,
                "tls-policy", SP_TLS_POLICY_REQUIRED, "subject", "Test 4",
                "family", SP_ADDRESS_FAMILY_IPV6, "deadline-ms", 30000u,
                "ehlo-name", "desk.example.org", "dns-servers", "127.0.0.1:5353",
                "timeout-ms", 7000u, NULL);
  sp_form_model_set_custom_dns (model, TRUE);

  sp_form_model_reset (model);
  g_assert_cmpstr (sp_form_model_get_request (model)->recipient, ==, "");
  g_assert_cmpstr (sp_form_model_get_exchanger (model), ==, "");
  g_assert_false (sp_form_model_get_request (model)->all_mx);
  g_assert_null (sp_form_model_get_mx_result (model));
  g_assert_null (sp_form_model_get_transcript (model));
  g_assert_cmpint (sp_form_model_get_mode (model), ==, SP_TEST_MODE_RECIPIENT);
  g_assert_cmpstr (sp_form_model_get_request (model)->server, ==, "");
  g_assert_cmpuint (sp_form_model_get_request (model)->port, ==, 25);
  g_assert_false (sp_form_model_get_request (model)->check_only);
  g_assert_cmpint (sp_form_model_get_tls_policy (model), ==, SP_TLS_POLICY_OPPORTUNISTIC);
  g_assert_cmpstr (sp_form_model_get_request (model)->subject, ==, "");
  g_assert_cmpint (sp_form_model_get_request (model)->family, ==, SP_ADDRESS_FAMILY_ANY);
  /* What belongs to the person testing stays. */
  g_assert_cmpstr (sp_form_model_get_request (model)->sender, ==, "helpdesk@example.org");
  g_assert_cmpstr (sp_form_model_get_request (model)->ehlo_name, ==, "desk.example.org");
  g_assert_cmpstr (sp_form_model_get_request (model)->dns_servers, ==, "127.0.0.1:5353");
  g_assert_true (sp_form_model_get_custom_dns (model));
  g_assert_cmpuint (sp_form_model_get_request (model)->timeout_ms, ==, 7000);
  g_assert_cmpuint (sp_form_model_get_request (model)->deadline_ms, ==, 30000);
}

static void
test_tls_defaults (void)
{
  g_autoptr(SpFormModel) model = sp_form_model_new ();
  guint count = 0;

  g_assert_cmpint (sp_form_model_get_tls_policy (model), ==, SP_TLS_POLICY_OPPORTUNISTIC);
  g_assert_cmpstr (sp_form_model_get_request (model)->ca_file, ==, "");
  g_assert_cmpstr (sp_form_model_get_request (model)->auth_user, ==, "");
  g_assert_false (sp_probe_request_get_has_password (sp_form_model_get_request (model)));
  g_assert_false (sp_form_model_get_request (model)->auth_allow_plaintext);

  g_signal_connect (sp_form_model_get_request (model), "notify",
                    G_CALLBACK (count_notify_cb), &count);
  sp_probe_request_set_tls (sp_form_model_get_request (model), SP_TLS_POLICY_REQUIRED);
  sp_probe_request_set_tls (sp_form_model_get_request (model), SP_TLS_POLICY_REQUIRED);
  g_assert_cmpuint (count, ==, 1);
  g_object_set (sp_form_model_get_request (model), "tls-policy", SP_TLS_POLICY_OFF, NULL);
  g_assert_cmpint (sp_form_model_get_tls_policy (model), ==, SP_TLS_POLICY_OFF);
  g_assert_cmpuint (count, ==, 2);
  sp_probe_request_set_auth_user (sp_form_model_get_request (model), "kate");
  sp_probe_request_set_auth_user (sp_form_model_get_request (model), "kate");
  g_assert_cmpuint (count, ==, 3);
  sp_probe_request_set_auth_allow_plaintext (sp_form_model_get_request (model), TRUE);
  sp_probe_request_set_auth_allow_plaintext (sp_form_model_get_request (model), 7);
  g_assert_cmpuint (count, ==, 4);

  /* The password notifies only whether there is one. */
  sp_probe_request_set_password (sp_form_model_get_request (model), PASSWORD);
  g_assert_true (sp_probe_request_get_has_password (sp_form_model_get_request (model)));
  g_assert_cmpuint (count, ==, 5);
  sp_probe_request_set_password (sp_form_model_get_request (model), PASSWORD "x");
  g_assert_cmpuint (count, ==, 5);
  sp_probe_request_set_password (sp_form_model_get_request (model), NULL);
  g_assert_false (sp_probe_request_get_has_password (sp_form_model_get_request (model)));
  g_assert_cmpuint (count, ==, 6);
  sp_probe_request_set_password (sp_form_model_get_request (model), PASSWORD);
  sp_form_model_clear_auth_password (model);
  g_assert_false (sp_probe_request_get_has_password (sp_form_model_get_request (model)));
  g_assert_cmpuint (count, ==, 8);
}

/* The 465 preset is implicit TLS, as it is on the wire; other ports speak first. */
static void
test_port_465 (void)
{
  g_autoptr(SpFormModel) model = sp_form_model_new ();
  g_autoptr(GVariantDict) options = NULL;

  sp_probe_request_set_port (sp_form_model_get_request (model), 465);
  g_assert_cmpint (sp_form_model_get_tls_policy (model), ==, SP_TLS_POLICY_IMPLICIT);
  sp_probe_request_set_port (sp_form_model_get_request (model), 587);
  g_assert_cmpint (sp_form_model_get_tls_policy (model), ==, SP_TLS_POLICY_OPPORTUNISTIC);

  /* A policy chosen by hand stays when the port changes between other ports ... */
  sp_probe_request_set_tls (sp_form_model_get_request (model), SP_TLS_POLICY_REQUIRED);
  sp_probe_request_set_port (sp_form_model_get_request (model), 2525);
  g_assert_cmpint (sp_form_model_get_tls_policy (model), ==, SP_TLS_POLICY_REQUIRED);
  /* ... and 465 overrides it, since nothing else works there. */
  sp_probe_request_set_port (sp_form_model_get_request (model), 465);
  g_assert_cmpint (sp_form_model_get_tls_policy (model), ==, SP_TLS_POLICY_IMPLICIT);
  sp_probe_request_set_tls (sp_form_model_get_request (model), SP_TLS_POLICY_OFF);
  sp_probe_request_set_port (sp_form_model_get_request (model), 25);
  g_assert_cmpint (sp_form_model_get_tls_policy (model), ==, SP_TLS_POLICY_OFF);

  /* Implicit TLS chosen on another port is left alone when that port changes. */
  sp_probe_request_set_tls (sp_form_model_get_request (model), SP_TLS_POLICY_IMPLICIT);
  sp_probe_request_set_port (sp_form_model_get_request (model), 10465);
  g_assert_cmpint (sp_form_model_get_tls_policy (model), ==, SP_TLS_POLICY_IMPLICIT);
  g_clear_object (&model);

  /* The command line: --port 465 alone means implicit TLS; --tls says otherwise. */
  model = sp_form_model_new ();
  options = g_variant_dict_new (NULL);
  g_variant_dict_insert (options, "port", "i", 465);
  sp_form_model_prefill (model, options);
  g_assert_cmpint (sp_form_model_get_tls_policy (model), ==, SP_TLS_POLICY_IMPLICIT);
  g_clear_object (&model);

  model = sp_form_model_new ();
  g_variant_dict_insert (options, "tls", "s", "required");
  g_variant_dict_insert (options, "auth-user", "s", "kate");
  sp_form_model_prefill (model, options);
  g_assert_cmpint (sp_form_model_get_tls_policy (model), ==, SP_TLS_POLICY_REQUIRED);
  g_assert_cmpstr (sp_form_model_get_request (model)->auth_user, ==, "kate");
  g_clear_object (&model);

  /* A misspelt policy changes nothing. */
  model = sp_form_model_new ();
  g_variant_dict_insert (options, "port", "i", 25);
  g_variant_dict_insert (options, "tls", "s", "sometimes");
  sp_form_model_prefill (model, options);
  g_assert_cmpint (sp_form_model_get_tls_policy (model), ==, SP_TLS_POLICY_OPPORTUNISTIC);
  g_variant_dict_unref (options);
}

static void
test_sign_in_messages (void)
{
  g_autoptr(SpFormModel) model = sp_form_model_new ();
  g_autofree char *message = NULL;
  SpField     field;

  sp_probe_request_set_sender (sp_form_model_get_request (model), "helpdesk@example.org");
  sp_probe_request_set_recipient (sp_form_model_get_request (model), "kate@example.test");
  g_assert_true (sp_form_model_check_message (model, NULL, NULL));

  /* No sign-in: nothing to say about the policy, even when it is off. */
  sp_probe_request_set_tls (sp_form_model_get_request (model), SP_TLS_POLICY_OFF);
  assert_message (model, SP_FIELD_TLS, NULL);
  assert_message (model, SP_FIELD_AUTH_USER, NULL);
  assert_message (model, SP_FIELD_AUTH_PASSWORD, NULL);

  /* A user name needs a password ... */
  sp_probe_request_set_tls (sp_form_model_get_request (model), SP_TLS_POLICY_REQUIRED);
  sp_probe_request_set_auth_user (sp_form_model_get_request (model), "kate");
  assert_message (model, SP_FIELD_AUTH_PASSWORD, "Enter the password");
  g_assert_false (sp_form_model_check_message (model, &field, NULL));
  g_assert_cmpint (field, ==, SP_FIELD_AUTH_PASSWORD);
  sp_probe_request_set_password (sp_form_model_get_request (model), PASSWORD);
  g_assert_true (sp_form_model_check_message (model, &field, NULL));

  /* ... and encryption, unless plain text is allowed by hand. */
  sp_probe_request_set_tls (sp_form_model_get_request (model), SP_TLS_POLICY_OFF);
  assert_message (model, SP_FIELD_TLS, "encrypted");
  g_assert_false (sp_form_model_check_message (model, &field, NULL));
  g_assert_cmpint (field, ==, SP_FIELD_TLS);
  sp_probe_request_set_auth_allow_plaintext (sp_form_model_get_request (model), TRUE);
  assert_message (model, SP_FIELD_TLS, NULL);
  sp_probe_request_set_tls (sp_form_model_get_request (model), SP_TLS_POLICY_OPPORTUNISTIC);

  /* A password without a user name is a half-filled form. */
  sp_probe_request_set_auth_user (sp_form_model_get_request (model), "  ");
  assert_message (model, SP_FIELD_AUTH_USER, "user name");
  sp_probe_request_set_auth_user (sp_form_model_get_request (model), "kate\r\nQUIT");
  g_assert_false (sp_form_model_check_field (model, SP_FIELD_AUTH_USER, NULL));
  sp_probe_request_set_auth_user (sp_form_model_get_request (model), "kate");

  /* A control character in the password is refused without quoting the password. */
  sp_probe_request_set_password (sp_form_model_get_request (model), PASSWORD "\n");
  message = sp_form_model_dup_message (model, SP_FIELD_AUTH_PASSWORD);
  g_assert_nonnull (message);
  g_assert_null (strstr (message, PASSWORD));
}

/* Until the model knows whether the chosen CA file holds certificates. */
static void
wait_for_ca_file (SpFormModel *model)
{
  for (guint i = 0; i < 10000 && sp_form_model_get_ca_file_checking (model); i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (sp_form_model_get_ca_file_checking (model))
        g_usleep (1000);
    }
  g_assert_false (sp_form_model_get_ca_file_checking (model));
}

static void
test_ca_file (void)
{
  g_autoptr(SpFormModel) model = sp_form_model_new ();
  g_autoptr(SpTestCerts) certs = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autofree char *dir = sp_test_make_tmpdir ("ca-file");
  g_autofree char *empty = g_build_filename (dir, "empty.pem", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.pem", NULL);
  SpField     field;

  sp_probe_request_set_sender (sp_form_model_get_request (model), "helpdesk@example.org");
  sp_probe_request_set_recipient (sp_form_model_get_request (model), "kate@example.test");

  /* A file that is not there, or that holds no certificate, is said at the field. */
  sp_probe_request_set_ca_file (sp_form_model_get_request (model), missing);
  g_assert_false (sp_form_model_get_ca_file_checking (model));
  g_assert_false (sp_form_model_check_field (model, SP_FIELD_CA_FILE, NULL));
  g_assert_false (sp_form_model_check_message (model, &field, NULL));
  g_assert_cmpint (field, ==, SP_FIELD_CA_FILE);
  g_assert_true (g_file_set_contents (empty, "not a certificate\n", -1, NULL));
  sp_probe_request_set_ca_file (sp_form_model_get_request (model), empty);
  wait_for_ca_file (model);
  g_assert_false (sp_form_model_check_field (model, SP_FIELD_CA_FILE, NULL));
  sp_probe_request_set_ca_file (sp_form_model_get_request (model), "");
  assert_message (model, SP_FIELD_CA_FILE, NULL);
  g_assert_true (sp_form_model_check_message (model, NULL, NULL));

  certs = sp_test_certs_make_or_skip ();
  if (certs != NULL)
    {
      SpTestCaReads reads;

      /* Read once when chosen, and not in the thread of the main loop. */
      sp_test_ca_reads_start (&reads);
      sp_probe_request_set_ca_file (sp_form_model_get_request (model), certs->ca_file);
      g_assert_true (sp_form_model_get_ca_file_checking (model));
      wait_for_ca_file (model);
      sp_test_ca_reads_stop (&reads);
      g_assert_cmpuint (reads.n_reads, ==, 1);
      g_assert_cmpuint (reads.n_reads_in_thread, ==, 0);
      assert_message (model, SP_FIELD_CA_FILE, NULL);
      request = sp_form_model_to_request (model, NULL, NULL);
      g_assert_nonnull (request);
      g_assert_cmpstr (request->ca_file, ==, certs->ca_file);

      /* An organisation's CA is the person's setting: it is remembered, but only when
       * it could be used. */
      {
        g_autoptr(GSettings) settings = g_settings_new ("io.github.smtpprobe.SmtpProbe");
        g_autoptr(SpFormModel) again = sp_form_model_new ();
        g_autofree char *saved = NULL;

        sp_form_model_save_settings (model, settings);
        sp_form_model_load_settings (again, settings);
        g_assert_cmpstr (sp_form_model_get_request (again)->ca_file, ==, certs->ca_file);
        sp_probe_request_set_ca_file (sp_form_model_get_request (model), missing);
        sp_form_model_save_settings (model, settings);
        saved = g_settings_get_string (settings, "ca-file");
        g_assert_cmpstr (saved, ==, certs->ca_file);
        g_settings_reset (settings, "ca-file");
        g_settings_reset (settings, "last-sender");
      }
    }

  g_unlink (empty);
  sp_test_rm_rf (dir);
}

static void
test_sign_in_request (void)
{
  g_autoptr(SpFormModel) model = sp_form_model_new ();
  g_autoptr(SpProbeRequest) request = NULL;

  sp_probe_request_set_sender (sp_form_model_get_request (model), "helpdesk@example.org");
  sp_probe_request_set_recipient (sp_form_model_get_request (model), "kate@example.test");

  /* No user name: no sign-in, whatever else is set. */
  sp_probe_request_set_tls (sp_form_model_get_request (model), SP_TLS_POLICY_REQUIRED);
  sp_probe_request_set_auth_allow_plaintext (sp_form_model_get_request (model), TRUE);
  request = sp_form_model_to_request (model, NULL, NULL);
  g_assert_nonnull (request);
  g_assert_cmpint (request->tls, ==, SP_TLS_POLICY_REQUIRED);
  g_assert_null (request->ca_file);
  g_assert_null (request->auth_user);
  g_assert_null (request->auth_password);
  g_assert_false (request->auth_allow_plaintext);
  g_clear_pointer (&request, sp_probe_request_free);

  sp_probe_request_set_auth_user (sp_form_model_get_request (model), " kate ");
  sp_probe_request_set_password (sp_form_model_get_request (model), " " PASSWORD " ");
  sp_probe_request_set_port (sp_form_model_get_request (model), 465);
  request = sp_form_model_to_request (model, NULL, NULL);
  g_assert_nonnull (request);
  g_assert_cmpint (request->tls, ==, SP_TLS_POLICY_IMPLICIT);
  g_assert_cmpuint (request->port, ==, 465);
  g_assert_cmpstr (request->auth_user, ==, "kate");
  /* Blanks may be part of a password: it goes as typed. */
  g_assert_cmpstr (request->auth_password, ==, " " PASSWORD " ");
  g_assert_true (request->auth_allow_plaintext);
  g_clear_pointer (&request, sp_probe_request_free);

  /* The model keeps the password for "Run again" until it is cleared. */
  g_assert_true (sp_probe_request_get_has_password (sp_form_model_get_request (model)));
  sp_form_model_clear_auth_password (model);
  g_assert_null (sp_form_model_to_request (model, NULL, NULL));
}

static gboolean
contains_secret (const char         *text,
                 const char * const *secrets)
{
  return text != NULL && sp_auth_contains_secret (text, secrets);
}

/* While the model holds a password the process cannot dump core; once it
 * is cleared (or the model goes), it can again. */
static void
test_password_not_dumpable (void)
{
  g_autoptr(SpFormModel) model = sp_form_model_new ();

  g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 1);
  sp_probe_request_set_password (sp_form_model_get_request (model), PASSWORD);
  g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 0);
  sp_probe_request_set_password (sp_form_model_get_request (model), "another-" PASSWORD);
  g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 0);
  sp_form_model_clear_auth_password (model);
  g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 1);

  sp_probe_request_set_password (sp_form_model_get_request (model), PASSWORD);
  g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&model));
  g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 1);
}

/* A certificate trusted for one run: in the request of that run, then gone; in no setting. */
static void
test_accepted_certificate (void)
{
  const char *sha256 = "97:6E:81:E8:EB:B3:9C:00:79:4A:A3:C1:5C:B0:9B:A2:"
                       "30:83:4A:96:CA:41:D7:8A:8B:69:F8:F7:D8:08:6B:3B";
  g_autoptr(SpFormModel) model = sp_form_model_new ();
  g_autoptr(GSettings) settings = g_settings_new ("io.github.smtpprobe.SmtpProbe");
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *taken = NULL;
  g_auto(GStrv) keys = NULL;

  sp_probe_request_set_sender (sp_form_model_get_request (model), "helpdesk@example.org");
  sp_probe_request_set_recipient (sp_form_model_get_request (model), "kate@example.test");
  g_assert_null (sp_form_model_get_accepted_certificate (model));
  sp_form_model_set_accepted_certificate (model, sha256);
  request = sp_form_model_to_request (model, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (request->accept_certificate, ==, sha256);

  sp_form_model_save_settings (model, settings);
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, "97:6E"));
    }

  /* The run takes it: the next request has none. */
  taken = sp_form_model_take_accepted_certificate (model);
  g_assert_cmpstr (taken, ==, sha256);
  g_assert_null (sp_form_model_get_accepted_certificate (model));
  g_clear_pointer (&request, sp_probe_request_free);
  request = sp_form_model_to_request (model, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (request->accept_certificate);

  /* A new test forgets it too. */
  sp_form_model_set_accepted_certificate (model, sha256);
  sp_form_model_reset (model);
  g_assert_null (sp_form_model_get_accepted_certificate (model));
}

/* The password is in no property, no setting and no message, and a new test forgets it. */
static void
test_password_kept_nowhere (void)
{
  g_autoptr(SpFormModel) model = sp_form_model_new ();
  g_autoptr(GSettings) settings = g_settings_new ("io.github.smtpprobe.SmtpProbe");
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;
  g_auto(GStrv) secrets = sp_auth_dup_secret_forms ("kate", PASSWORD);
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  sp_probe_request_set_sender (sp_form_model_get_request (model), "helpdesk@example.org");
  sp_probe_request_set_recipient (sp_form_model_get_request (model), "kate@example.test");
  sp_probe_request_set_auth_user (sp_form_model_get_request (model), "kate");
  sp_probe_request_set_password (sp_form_model_get_request (model), PASSWORD);
  sp_probe_request_set_tls (sp_form_model_get_request (model), SP_TLS_POLICY_OFF);
  sp_form_model_save_settings (model, settings);

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (model), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *text = NULL;

      g_value_init (&value, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (model), pspecs[i]->name, &value);
      text = g_strdup_value_contents (&value);
      g_assert_false (contains_secret (text, (const char * const *) secrets));
    }

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_false (contains_secret (text, (const char * const *) secrets));
    }

  for (SpField     field = SP_FIELD_NONE; field <= SP_FIELD_AUTH_PASSWORD; field++)
    {
      g_autofree char *message = sp_form_model_dup_message (model, field);

      g_assert_false (contains_secret (message, (const char * const *) secrets));
    }

  /* A new test starts without the sign-in of the last one. */
  sp_probe_request_set_auth_allow_plaintext (sp_form_model_get_request (model), TRUE);
  sp_form_model_reset (model);
  g_assert_false (sp_probe_request_get_has_password (sp_form_model_get_request (model)));
  g_assert_cmpstr (sp_form_model_get_request (model)->auth_user, ==, "");
  g_assert_false (sp_form_model_get_request (model)->auth_allow_plaintext);
  /* Encryption is one test's choice too (issue 12). */
  g_assert_cmpint (sp_form_model_get_tls_policy (model), ==, SP_TLS_POLICY_OPPORTUNISTIC);

  g_settings_reset (settings, "last-sender");
}

typedef struct
{
  gboolean  done;
  SpVerdict verdict;
  GError   *error;
} RunResult;

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  RunResult *r = user_data;

  r->verdict = sp_probe_run_finish (SP_PROBE (object), result, &r->error);
  r->done = TRUE;
}

/* The whole wizard flow as data: page 1 (a server), page 3 (the message),
 * then the request runs, against a scripted server that refuses one
 * recipient. */
static void
test_flow_to_verdict (void)
{
  static const char *scenario =
    "hostname mx1.example.test\n"
    "on RCPT TO:<nobody@*>* => 550 5.1.1 User unknown\n";
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(SpFormModel) model = sp_form_model_new ();
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  const char *recipients[] = { "kate@example.test", "nobody@example.test" };
  const SpVerdict verdicts[] = { SP_VERDICT_ACCEPTED, SP_VERDICT_PERMANENT };

  server = sp_scripted_server_new (scenario, &error);
  g_assert_no_error (error);
  g_assert_true (sp_scripted_server_start (server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);

  address = g_strdup_printf ("127.0.0.1:%u", sp_scripted_server_get_port (server));

  for (guint i = 0; i < G_N_ELEMENTS (recipients); i++)
    {
      RunResult r = { 0 };

      /* Page 1 */
      sp_form_model_set_mode (model, SP_TEST_MODE_SERVER);
      sp_probe_request_set_server (sp_form_model_get_request (model), address);
      g_assert_true (sp_form_model_check_target (model, NULL, NULL));
      sp_form_model_commit_target (model);

      /* Page 3 */
      g_assert_false (sp_form_model_check_message (model, NULL, NULL));
      sp_probe_request_set_sender (sp_form_model_get_request (model), "helpdesk@example.org");
      sp_probe_request_set_recipient (sp_form_model_get_request (model), recipients[i]);
      sp_probe_request_set_timeout_ms (sp_form_model_get_request (model), 5 * 1000);
      g_assert_true (sp_form_model_check_message (model, NULL, NULL));

      /* Page 4 */
      request = sp_form_model_to_request (model, NULL, &error);
      g_assert_no_error (error);
      probe = sp_probe_new (request);
      sp_form_model_set_transcript (model, sp_probe_get_transcript (probe));
      sp_probe_run_async (probe, NULL, run_cb, &r);
      g_assert_true (sp_test_iterate_until (&r.done, 30000));
      g_assert_no_error (r.error);

      /* Page 5 reads the verdict from the model's transcript. */
      g_assert_cmpint (r.verdict, ==, verdicts[i]);
      g_assert_cmpint (sp_transcript_get_verdict (sp_form_model_get_transcript (model)), ==,
                       verdicts[i]);

      sp_form_model_reset (model);
      g_clear_object (&probe);
      g_clear_pointer (&request, sp_probe_request_free);
    }

  sp_scripted_server_stop (server);
}

/* The Advanced limits are properties that reach the request as they are,
 * with the request's defaults. */
static void
test_limits (void)
{
  g_autoptr(SpFormModel) model = sp_form_model_new ();
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  SpField     field = SP_FIELD_NONE;
  guint max_attempts = 1;
  guint deadline = 0;

  g_object_get (sp_form_model_get_request (model),
                "max-attempts", &max_attempts, "deadline-ms", &deadline, NULL);
  g_assert_cmpuint (max_attempts, ==, 0);
  g_assert_cmpuint (deadline, ==, SP_PROBE_DEFAULT_DEADLINE * 1000);

  sp_probe_request_set_recipient (sp_form_model_get_request (model), "kate@example.test");
  sp_probe_request_set_sender (sp_form_model_get_request (model), "helpdesk@example.org");
  request = sp_form_model_to_request (model, &field, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (request->max_attempts, ==, 0);
  g_assert_cmpuint (sp_probe_request_get_attempt_limit (request), ==, SP_PROBE_FAILOVER_ATTEMPTS);
  g_assert_cmpuint (request->deadline_ms, ==, SP_PROBE_DEFAULT_DEADLINE * 1000);
  g_clear_pointer (&request, sp_probe_request_free);

  g_object_set (sp_form_model_get_request (model), "max-attempts", 40, "deadline-ms", 90000, NULL);
  g_assert_cmpuint (sp_form_model_get_request (model)->max_attempts, ==, 40);
  g_assert_cmpuint ((sp_form_model_get_request (model)->deadline_ms / 1000), ==, 90);
  g_assert_true (sp_form_model_check_message (model, &field, &error));
  request = sp_form_model_to_request (model, &field, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (request->max_attempts, ==, 40);
  g_assert_cmpuint (request->deadline_ms, ==, 90000);

  /* Kept for the next test, like the time limit per step. */
  sp_form_model_reset (model);
  g_assert_cmpuint (sp_form_model_get_request (model)->max_attempts, ==, 40);
  g_assert_cmpuint ((sp_form_model_get_request (model)->deadline_ms / 1000), ==, 90);
}

/* The wizard and the CLI check a value with the same function, so the same bad value
 * gets the same sentence: a time limit above the table's maximum. */
static void
test_same_sentence_as_cli (void)
{
  static const struct
  {
    SpField     field;
    const char *option;
    guint       seconds;
  } cases[] = {
    { SP_FIELD_TIMEOUT, "--timeout", SP_PROBE_MAX_TIMEOUT + 1 },
    { SP_FIELD_DEADLINE, "--deadline", SP_PROBE_MAX_DEADLINE + 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpFormModel) model = sp_form_model_new ();
      SpProbeRequest *request = sp_form_model_get_request (model);
      g_auto(SpTestCliResult) r = { 0 };
      g_autofree char *seconds = g_strdup_printf ("%u", cases[i].seconds);
      g_autofree char *message = NULL;
      g_autofree char *expected = NULL;
      const char *args[] = { "--from", "helpdesk@example.org", cases[i].option, seconds,
                             "kate@example.test", NULL };
      SpField field = SP_FIELD_NONE;

      sp_probe_request_set_recipient (request, "kate@example.test");
      sp_probe_request_set_sender (request, "helpdesk@example.org");
      if (cases[i].field == SP_FIELD_TIMEOUT)
        sp_probe_request_set_timeout_ms (request, cases[i].seconds * 1000);
      else
        sp_probe_request_set_deadline_ms (request, cases[i].seconds * 1000);

      message = sp_form_model_dup_message (model, cases[i].field);
      g_assert_nonnull (message);
      g_assert_false (sp_form_model_check_message (model, &field, NULL));
      g_assert_cmpint (field, ==, cases[i].field);

      sp_test_cli_run (args, NULL, &r);
      g_assert_cmpint (r.status, ==, 2);
      expected = g_strdup_printf ("smtp-probe-cli: %s: %s\n", cases[i].option, message);
      if (!g_str_has_prefix (r.err, expected))
        g_error ("the CLI said “%s”, the wizard “%s”", r.err, message);
    }
}

/* The remembered time limit per step and number of tests at once have the
 * ranges and defaults of the request's table. */
static void
test_schema_limits (void)
{
  static const struct
  {
    const char *key;
    SpField     field;
  } cases[] = {
    { "step-timeout", SP_FIELD_TIMEOUT },
    { "batch-jobs", SP_FIELD_JOBS },
  };
  g_autoptr(GSettings) settings = g_settings_new ("io.github.smtpprobe.SmtpProbe");
  g_autoptr(GSettingsSchema) schema = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, cases[i].key);
      g_autoptr(GVariant) range = g_settings_schema_key_get_range (key);
      g_autoptr(GVariant) bounds = NULL;
      const char *type = NULL;
      guint schema_min = 0;
      guint schema_max = 0;
      guint min = 0;
      guint max = 0;
      guint default_value = 0;

      g_variant_get (range, "(&sv)", &type, &bounds);
      g_assert_cmpstr (type, ==, "range");
      g_variant_get (bounds, "(uu)", &schema_min, &schema_max);

      g_assert_true (sp_probe_request_get_limits (cases[i].field, &min, &max, &default_value));
      g_assert_cmpuint (schema_min, ==, min);
      g_assert_cmpuint (schema_max, ==, max);
      g_assert_cmpuint (g_settings_get_uint (settings, cases[i].key), ==, default_value);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/form-model/new-destroy", test_new_destroy);
  g_test_add_func ("/sp/form-model/mode-type", test_mode_type);
  g_test_add_func ("/sp/form-model/notify-only-on-change", test_notify_only_on_change);
  g_test_add_func ("/sp/form-model/field-messages", test_field_messages);
  g_test_add_func ("/sp/form-model/check-pages", test_check_pages);
  g_test_add_func ("/sp/form-model/lookup-name", test_lookup_name);
  g_test_add_func ("/sp/form-model/commit-target", test_commit_target);
  g_test_add_func ("/sp/form-model/practice", test_practice);
  g_test_add_func ("/sp/form-model/to-request", test_to_request);
  g_test_add_func ("/sp/form-model/prefill", test_prefill);
  g_test_add_func ("/sp/form-model/settings", test_settings);
  g_test_add_func ("/sp/form-model/accepted-certificate", test_accepted_certificate);
  g_test_add_func ("/sp/form-model/reset", test_reset);
  g_test_add_func ("/sp/form-model/tls-defaults", test_tls_defaults);
  g_test_add_func ("/sp/form-model/port-465", test_port_465);
  g_test_add_func ("/sp/form-model/sign-in-messages", test_sign_in_messages);
  g_test_add_func ("/sp/form-model/ca-file", test_ca_file);
  g_test_add_func ("/sp/form-model/sign-in-request", test_sign_in_request);
  g_test_add_func ("/sp/form-model/password-kept-nowhere", test_password_kept_nowhere);
  g_test_add_func ("/sp/form-model/password-not-dumpable", test_password_not_dumpable);
  g_test_add_func ("/sp/form-model/flow-to-verdict", test_flow_to_verdict);
  g_test_add_func ("/sp/form-model/limits", test_limits);
  g_test_add_func ("/sp/form-model/same-sentence-as-cli", test_same_sentence_as_cli);
  g_test_add_func ("/sp/form-model/schema-limits", test_schema_limits);

  return g_test_run ();
}
