/* sp-test-model.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-test-model"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-auth.h"
#include "sp-gui-enums.h"
#include "sp-test-model-private.h"

#define DEFAULT_PORT    25
#define DEFAULT_TIMEOUT 30

enum
{
  PROP_0,
  PROP_MODE,
  PROP_RECIPIENT,
  PROP_DOMAIN,
  PROP_SERVER,
  PROP_PORT,
  PROP_CUSTOM_DNS,
  PROP_DNS_SERVER,
  PROP_EXCHANGER,
  PROP_ALL_MX,
  PROP_SENDER,
  PROP_EHLO_NAME,
  PROP_SUBJECT,
  PROP_BODY,
  PROP_DSN_NOTIFY,
  PROP_CHECK_ONLY,
  PROP_TIMEOUT,
  PROP_MAX_ATTEMPTS,
  PROP_DEADLINE,
  PROP_TLS_POLICY,
  PROP_CA_FILE,
  PROP_CA_FILE_CHECKING,
  PROP_AUTH_USER,
  PROP_HAS_AUTH_PASSWORD,
  PROP_AUTH_ALLOW_PLAINTEXT,
  PROP_MX_RESULT,
  PROP_TRANSCRIPT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpTestModel, sp_test_model, G_TYPE_OBJECT)

#define NOTIFY_ALL (SP_NOTIFY_NEVER | SP_NOTIFY_SUCCESS | SP_NOTIFY_FAILURE | SP_NOTIFY_DELAY)

/* RFC 8314 3.3: submission with TLS from the first byte. */
#define IMPLICIT_TLS_PORT 465

/* Strings are never NULL, so they can be bound to entries as they are. */
static gboolean
set_string (SpTestModel *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (value == NULL)
    value = "";

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);

  return TRUE;
}

static void
sp_test_model_finalize (GObject *object)
{
  SpTestModel *self = (SpTestModel *)object;

  g_clear_pointer (&self->mx_result, sp_mx_result_unref);
  g_clear_object (&self->transcript);
  g_free (self->recipient);
  g_free (self->domain);
  g_free (self->server);
  g_free (self->dns_server);
  g_free (self->exchanger);
  g_free (self->sender);
  g_free (self->ehlo_name);
  g_free (self->subject);
  g_free (self->body);
  g_free (self->ca_file);
  g_free (self->ca_file_error);
  g_clear_object (&self->ca_file_cancellable);
  g_free (self->auth_user);
  if (self->auth_password != NULL)
    sp_auth_guard_release ();
  g_clear_pointer (&self->auth_password, sp_auth_secret_free);
  g_free (self->accepted_certificate);

  G_OBJECT_CLASS (sp_test_model_parent_class)->finalize (object);
}

static void
sp_test_model_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpTestModel *self = SP_TEST_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;

    case PROP_RECIPIENT:
      g_value_set_string (value, self->recipient);
      break;

    case PROP_DOMAIN:
      g_value_set_string (value, self->domain);
      break;

    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    case PROP_CUSTOM_DNS:
      g_value_set_boolean (value, self->custom_dns);
      break;

    case PROP_DNS_SERVER:
      g_value_set_string (value, self->dns_server);
      break;

    case PROP_EXCHANGER:
      g_value_set_string (value, self->exchanger);
      break;

    case PROP_ALL_MX:
      g_value_set_boolean (value, self->all_mx);
      break;

    case PROP_SENDER:
      g_value_set_string (value, self->sender);
      break;

    case PROP_EHLO_NAME:
      g_value_set_string (value, self->ehlo_name);
      break;

    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;

    case PROP_BODY:
      g_value_set_string (value, self->body);
      break;

    case PROP_DSN_NOTIFY:
      g_value_set_uint (value, self->dsn_notify);
      break;

    case PROP_CHECK_ONLY:
      g_value_set_boolean (value, self->check_only);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_MAX_ATTEMPTS:
      g_value_set_uint (value, self->max_attempts);
      break;

    case PROP_DEADLINE:
      g_value_set_uint (value, self->deadline);
      break;

    case PROP_TLS_POLICY:
      g_value_set_uint (value, self->tls_policy);
      break;

    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;

    case PROP_CA_FILE_CHECKING:
      g_value_set_boolean (value, self->ca_file_cancellable != NULL);
      break;

    case PROP_AUTH_USER:
      g_value_set_string (value, self->auth_user);
      break;

    case PROP_HAS_AUTH_PASSWORD:
      g_value_set_boolean (value, self->auth_password != NULL);
      break;

    case PROP_AUTH_ALLOW_PLAINTEXT:
      g_value_set_boolean (value, self->auth_allow_plaintext);
      break;

    case PROP_MX_RESULT:
      g_value_set_boxed (value, self->mx_result);
      break;

    case PROP_TRANSCRIPT:
      g_value_set_object (value, self->transcript);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_test_model_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SpTestModel *self = SP_TEST_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODE:
      sp_test_model_set_mode (self, g_value_get_enum (value));
      break;

    case PROP_RECIPIENT:
      sp_test_model_set_recipient (self, g_value_get_string (value));
      break;

    case PROP_DOMAIN:
      sp_test_model_set_domain (self, g_value_get_string (value));
      break;

    case PROP_SERVER:
      sp_test_model_set_server (self, g_value_get_string (value));
      break;

    case PROP_PORT:
      sp_test_model_set_port (self, g_value_get_uint (value));
      break;

    case PROP_CUSTOM_DNS:
      sp_test_model_set_custom_dns (self, g_value_get_boolean (value));
      break;

    case PROP_DNS_SERVER:
      sp_test_model_set_dns_server (self, g_value_get_string (value));
      break;

    case PROP_EXCHANGER:
      sp_test_model_set_exchanger (self, g_value_get_string (value));
      break;

    case PROP_ALL_MX:
      sp_test_model_set_all_mx (self, g_value_get_boolean (value));
      break;

    case PROP_SENDER:
      sp_test_model_set_sender (self, g_value_get_string (value));
      break;

    case PROP_EHLO_NAME:
      sp_test_model_set_ehlo_name (self, g_value_get_string (value));
      break;

    case PROP_SUBJECT:
      sp_test_model_set_subject (self, g_value_get_string (value));
      break;

    case PROP_BODY:
      sp_test_model_set_body (self, g_value_get_string (value));
      break;

    case PROP_DSN_NOTIFY:
      sp_test_model_set_dsn_notify (self, g_value_get_uint (value));
      break;

    case PROP_CHECK_ONLY:
      sp_test_model_set_check_only (self, g_value_get_boolean (value));
      break;

    case PROP_TIMEOUT:
      sp_test_model_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_MAX_ATTEMPTS:
      sp_test_model_set_max_attempts (self, g_value_get_uint (value));
      break;

    case PROP_DEADLINE:
      sp_test_model_set_deadline (self, g_value_get_uint (value));
      break;

    case PROP_TLS_POLICY:
      sp_test_model_set_tls_policy (self, g_value_get_uint (value));
      break;

    case PROP_CA_FILE:
      sp_test_model_set_ca_file (self, g_value_get_string (value));
      break;

    case PROP_AUTH_USER:
      sp_test_model_set_auth_user (self, g_value_get_string (value));
      break;

    case PROP_AUTH_ALLOW_PLAINTEXT:
      sp_test_model_set_auth_allow_plaintext (self, g_value_get_boolean (value));
      break;

    case PROP_MX_RESULT:
      sp_test_model_set_mx_result (self, g_value_get_boxed (value));
      break;

    case PROP_TRANSCRIPT:
      sp_test_model_set_transcript (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_test_model_class_init (SpTestModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sp_test_model_finalize;
  object_class->get_property = sp_test_model_get_property;
  object_class->set_property = sp_test_model_set_property;

  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL,
                       SP_TYPE_TEST_MODE, SP_TEST_MODE_RECIPIENT, flags);
  properties[PROP_RECIPIENT] = g_param_spec_string ("recipient", NULL, NULL, "", flags);
  properties[PROP_DOMAIN] = g_param_spec_string ("domain", NULL, NULL, "", flags);
  properties[PROP_SERVER] = g_param_spec_string ("server", NULL, NULL, "", flags);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 1, G_MAXUINT16, DEFAULT_PORT, flags);
  properties[PROP_CUSTOM_DNS] = g_param_spec_boolean ("custom-dns", NULL, NULL, FALSE, flags);
  properties[PROP_DNS_SERVER] = g_param_spec_string ("dns-server", NULL, NULL, "", flags);
  properties[PROP_EXCHANGER] = g_param_spec_string ("exchanger", NULL, NULL, "", flags);
  properties[PROP_ALL_MX] = g_param_spec_boolean ("all-mx", NULL, NULL, FALSE, flags);
  properties[PROP_SENDER] = g_param_spec_string ("sender", NULL, NULL, "", flags);
  properties[PROP_EHLO_NAME] = g_param_spec_string ("ehlo-name", NULL, NULL, "", flags);
  properties[PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, "", flags);
  properties[PROP_BODY] = g_param_spec_string ("body", NULL, NULL, "", flags);
  properties[PROP_DSN_NOTIFY] =
    g_param_spec_uint ("dsn-notify", NULL, NULL, 0, NOTIFY_ALL,
                       SP_NOTIFY_SUCCESS | SP_NOTIFY_FAILURE, flags);
  properties[PROP_CHECK_ONLY] = g_param_spec_boolean ("check-only", NULL, NULL, FALSE, flags);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, SP_TEST_MODEL_MAX_TIMEOUT, DEFAULT_TIMEOUT,
                       flags);
  /* The request's table of limits (sp-probe.h). */
  properties[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", NULL, NULL, 0, SP_PROBE_MAX_ATTEMPTS, 0, flags);
  properties[PROP_DEADLINE] =
    g_param_spec_uint ("deadline", NULL, NULL, 1, SP_PROBE_MAX_DEADLINE,
                       SP_PROBE_DEFAULT_DEADLINE, flags);
  /* An unsigned number rather than an enum: the core registers no type for SpTlsPolicy,
   * and GtkDropDown's "selected" binds to it as it is. */
  properties[PROP_TLS_POLICY] =
    g_param_spec_uint ("tls-policy", NULL, NULL, SP_TLS_POLICY_OFF, SP_TLS_POLICY_IMPLICIT,
                       SP_TLS_POLICY_OPPORTUNISTIC, flags);
  properties[PROP_CA_FILE] = g_param_spec_string ("ca-file", NULL, NULL, "", flags);
  properties[PROP_CA_FILE_CHECKING] =
    g_param_spec_boolean ("ca-file-checking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTH_USER] = g_param_spec_string ("auth-user", NULL, NULL, "", flags);
  properties[PROP_HAS_AUTH_PASSWORD] =
    g_param_spec_boolean ("has-auth-password", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTH_ALLOW_PLAINTEXT] =
    g_param_spec_boolean ("auth-allow-plaintext", NULL, NULL, FALSE, flags);
  properties[PROP_MX_RESULT] =
    g_param_spec_boxed ("mx-result", NULL, NULL, SP_TYPE_MX_RESULT, flags);
  properties[PROP_TRANSCRIPT] =
    g_param_spec_object ("transcript", NULL, NULL, SP_TYPE_TRANSCRIPT, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_test_model_init (SpTestModel *self)
{
  self->mode = SP_TEST_MODE_RECIPIENT;
  self->recipient = g_strdup ("");
  self->domain = g_strdup ("");
  self->server = g_strdup ("");
  self->port = DEFAULT_PORT;
  self->dns_server = g_strdup ("");
  self->exchanger = g_strdup ("");
  self->sender = g_strdup ("");
  self->ehlo_name = g_strdup ("");
  /* The same subject the core would use, shown so that people can see and change it. */
  self->subject = g_strdup (_("SMTP Probe test message"));
  self->body = g_strdup ("");
  self->dsn_notify = SP_NOTIFY_SUCCESS | SP_NOTIFY_FAILURE;
  self->timeout = DEFAULT_TIMEOUT;
  self->deadline = SP_PROBE_DEFAULT_DEADLINE;
  self->tls_policy = SP_TLS_POLICY_OPPORTUNISTIC;
  self->ca_file = g_strdup ("");
  self->auth_user = g_strdup ("");
}

SpTestModel *
sp_test_model_new (void)
{
  return g_object_new (SP_TYPE_TEST_MODEL, NULL);
}

/* Accessors */

SpTestMode
sp_test_model_get_mode (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), SP_TEST_MODE_RECIPIENT);

  return self->mode;
}

void
sp_test_model_set_mode (SpTestModel *self,
                        SpTestMode   mode)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));
  g_return_if_fail (mode <= SP_TEST_MODE_SERVER);

  if (self->mode == mode)
    return;

  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

const char *
sp_test_model_get_recipient (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), NULL);

  return self->recipient;
}

void
sp_test_model_set_recipient (SpTestModel *self,
                             const char  *recipient)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));

  set_string (self, &self->recipient, recipient, PROP_RECIPIENT);
}

const char *
sp_test_model_get_domain (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), NULL);

  return self->domain;
}

void
sp_test_model_set_domain (SpTestModel *self,
                          const char  *domain)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));

  set_string (self, &self->domain, domain, PROP_DOMAIN);
}

const char *
sp_test_model_get_server (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), NULL);

  return self->server;
}

void
sp_test_model_set_server (SpTestModel *self,
                          const char  *server)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));

  set_string (self, &self->server, server, PROP_SERVER);
}

guint
sp_test_model_get_port (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), DEFAULT_PORT);

  return self->port;
}

void
sp_test_model_set_port (SpTestModel *self,
                        guint        port)
{
  guint old;

  g_return_if_fail (SP_IS_TEST_MODEL (self));
  g_return_if_fail (port >= 1 && port <= G_MAXUINT16);

  if (self->port == port)
    return;

  old = self->port;
  self->port = port;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);

  /* A server on 465 says nothing until the TLS handshake, and any other server never
   * starts one, so the port decides for the person who did not choose otherwise. */
  if (port == IMPLICIT_TLS_PORT)
    sp_test_model_set_tls_policy (self, SP_TLS_POLICY_IMPLICIT);
  else if (old == IMPLICIT_TLS_PORT && self->tls_policy == SP_TLS_POLICY_IMPLICIT)
    sp_test_model_set_tls_policy (self, SP_TLS_POLICY_OPPORTUNISTIC);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
sp_test_model_get_custom_dns (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), FALSE);

  return self->custom_dns;
}

void
sp_test_model_set_custom_dns (SpTestModel *self,
                              gboolean     custom_dns)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));

  custom_dns = !!custom_dns;
  if (self->custom_dns == custom_dns)
    return;

  self->custom_dns = custom_dns;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOM_DNS]);
}

const char *
sp_test_model_get_dns_server (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), NULL);

  return self->dns_server;
}

void
sp_test_model_set_dns_server (SpTestModel *self,
                              const char  *dns_server)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));

  set_string (self, &self->dns_server, dns_server, PROP_DNS_SERVER);
}

const char *
sp_test_model_get_exchanger (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), NULL);

  return self->exchanger;
}

void
sp_test_model_set_exchanger (SpTestModel *self,
                             const char  *exchanger)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));

  set_string (self, &self->exchanger, exchanger, PROP_EXCHANGER);
}

gboolean
sp_test_model_get_all_mx (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), FALSE);

  return self->all_mx;
}

void
sp_test_model_set_all_mx (SpTestModel *self,
                          gboolean     all_mx)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));

  all_mx = !!all_mx;
  if (self->all_mx == all_mx)
    return;

  self->all_mx = all_mx;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALL_MX]);
}

const char *
sp_test_model_get_sender (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), NULL);

  return self->sender;
}

void
sp_test_model_set_sender (SpTestModel *self,
                          const char  *sender)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));

  set_string (self, &self->sender, sender, PROP_SENDER);
}

const char *
sp_test_model_get_ehlo_name (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), NULL);

  return self->ehlo_name;
}

void
sp_test_model_set_ehlo_name (SpTestModel *self,
                             const char  *ehlo_name)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));

  set_string (self, &self->ehlo_name, ehlo_name, PROP_EHLO_NAME);
}

const char *
sp_test_model_get_subject (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), NULL);

  return self->subject;
}

void
sp_test_model_set_subject (SpTestModel *self,
                           const char  *subject)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));

  set_string (self, &self->subject, subject, PROP_SUBJECT);
}

const char *
sp_test_model_get_body (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), NULL);

  return self->body;
}

void
sp_test_model_set_body (SpTestModel *self,
                        const char  *body)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));

  set_string (self, &self->body, body, PROP_BODY);
}

SpNotifyFlags
sp_test_model_get_dsn_notify (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), SP_NOTIFY_NONE);

  return self->dsn_notify;
}

void
sp_test_model_set_dsn_notify (SpTestModel   *self,
                              SpNotifyFlags  flags)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));
  g_return_if_fail ((flags & ~NOTIFY_ALL) == 0);

  if (self->dsn_notify == flags)
    return;

  self->dsn_notify = flags;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DSN_NOTIFY]);
}

gboolean
sp_test_model_get_check_only (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), FALSE);

  return self->check_only;
}

void
sp_test_model_set_check_only (SpTestModel *self,
                              gboolean     check_only)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));

  check_only = !!check_only;
  if (self->check_only == check_only)
    return;

  self->check_only = check_only;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECK_ONLY]);
}

guint
sp_test_model_get_timeout (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), DEFAULT_TIMEOUT);

  return self->timeout;
}

void
sp_test_model_set_timeout (SpTestModel *self,
                           guint        timeout)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));
  g_return_if_fail (timeout >= 1 && timeout <= SP_TEST_MODEL_MAX_TIMEOUT);

  if (self->timeout == timeout)
    return;

  self->timeout = timeout;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
sp_test_model_get_max_attempts (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), 0);

  return self->max_attempts;
}

void
sp_test_model_set_max_attempts (SpTestModel *self,
                                guint        max_attempts)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));
  g_return_if_fail (max_attempts <= SP_PROBE_MAX_ATTEMPTS);

  if (self->max_attempts == max_attempts)
    return;

  self->max_attempts = max_attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ATTEMPTS]);
}

guint
sp_test_model_get_deadline (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), SP_PROBE_DEFAULT_DEADLINE);

  return self->deadline;
}

void
sp_test_model_set_deadline (SpTestModel *self,
                            guint        deadline)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));
  g_return_if_fail (deadline >= 1 && deadline <= SP_PROBE_MAX_DEADLINE);

  if (self->deadline == deadline)
    return;

  self->deadline = deadline;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEADLINE]);
}

SpTlsPolicy
sp_test_model_get_tls_policy (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), SP_TLS_POLICY_OPPORTUNISTIC);

  return self->tls_policy;
}

void
sp_test_model_set_tls_policy (SpTestModel *self,
                              SpTlsPolicy  policy)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));
  g_return_if_fail ((guint) policy <= SP_TLS_POLICY_IMPLICIT);

  if (self->tls_policy == policy)
    return;

  self->tls_policy = policy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_POLICY]);
}

const char *
sp_test_model_get_ca_file (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), NULL);

  return self->ca_file;
}

static void
ca_file_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SpTestModel) self = user_data;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  database = sp_tls_load_ca_file_finish (result, &error);
  /* Another file was chosen since. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->ca_file_cancellable);
  if (database == NULL)
    self->ca_file_error = g_strdup (error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CA_FILE_CHECKING]);
}

void
sp_test_model_set_ca_file (SpTestModel *self,
                           const char  *ca_file)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_checking;

  g_return_if_fail (SP_IS_TEST_MODEL (self));

  was_checking = self->ca_file_cancellable != NULL;
  g_object_freeze_notify (G_OBJECT (self));
  if (!set_string (self, &self->ca_file, ca_file, PROP_CA_FILE))
    {
      g_object_thaw_notify (G_OBJECT (self));
      return;
    }

  if (self->ca_file_cancellable != NULL)
    g_cancellable_cancel (self->ca_file_cancellable);
  g_clear_object (&self->ca_file_cancellable);
  g_clear_pointer (&self->ca_file_error, g_free);

  /* A stat tells at once whether the file is there; whether it holds
   * certificates is read once, when it is chosen, off the main loop. The
   * test reads it again when it starts, in case it changed. */
  trimmed = _sp_test_model_dup_trimmed (self->ca_file);
  if (*trimmed != '\0' && !sp_tls_check_ca_file (trimmed, &error))
    self->ca_file_error = g_strdup (error->message);
  else if (*trimmed != '\0')
    {
      self->ca_file_cancellable = g_cancellable_new ();
      sp_tls_load_ca_file_async (trimmed, self->ca_file_cancellable, ca_file_loaded_cb,
                                 g_object_ref (self));
    }

  if (was_checking != (self->ca_file_cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CA_FILE_CHECKING]);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
sp_test_model_get_ca_file_checking (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), FALSE);

  return self->ca_file_cancellable != NULL;
}

const char *
sp_test_model_get_auth_user (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), NULL);

  return self->auth_user;
}

void
sp_test_model_set_auth_user (SpTestModel *self,
                             const char  *auth_user)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));

  set_string (self, &self->auth_user, auth_user, PROP_AUTH_USER);
}

gboolean
sp_test_model_get_has_auth_password (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), FALSE);

  return self->auth_password != NULL;
}

void
sp_test_model_set_auth_password (SpTestModel *self,
                                 const char  *password)
{
  gboolean had;
  char *old;

  g_return_if_fail (SP_IS_TEST_MODEL (self));

  if (password != NULL && *password == '\0')
    password = NULL;
  if (g_strcmp0 (self->auth_password, password) == 0)
    return;

  had = self->auth_password != NULL;
  /* No core file may hold the password while the model has it. */
  if (!had)
    sp_auth_guard_hold ();
  old = g_steal_pointer (&self->auth_password);
  self->auth_password = g_strdup (password);
  sp_auth_secret_free (old);
  if (had && self->auth_password == NULL)
    sp_auth_guard_release ();

  if (had != (self->auth_password != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_AUTH_PASSWORD]);
}

void
sp_test_model_clear_auth_password (SpTestModel *self)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));

  sp_test_model_set_auth_password (self, NULL);
}

gboolean
sp_test_model_get_auth_allow_plaintext (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), FALSE);

  return self->auth_allow_plaintext;
}

void
sp_test_model_set_auth_allow_plaintext (SpTestModel *self,
                                        gboolean     allow)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));

  allow = !!allow;
  if (self->auth_allow_plaintext == allow)
    return;

  self->auth_allow_plaintext = allow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTH_ALLOW_PLAINTEXT]);
}

SpMxResult *
sp_test_model_get_mx_result (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), NULL);

  return self->mx_result;
}

void
sp_test_model_set_mx_result (SpTestModel *self,
                             SpMxResult  *result)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));

  if (self->mx_result == result)
    return;

  if (result != NULL)
    sp_mx_result_ref (result);
  g_clear_pointer (&self->mx_result, sp_mx_result_unref);
  self->mx_result = result;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MX_RESULT]);
}

SpTranscript *
sp_test_model_get_transcript (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), NULL);

  return self->transcript;
}

void
sp_test_model_set_transcript (SpTestModel  *self,
                              SpTranscript *transcript)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));
  g_return_if_fail (transcript == NULL || SP_IS_TRANSCRIPT (transcript));

  if (g_set_object (&self->transcript, transcript))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSCRIPT]);
}

void
sp_test_model_reset (SpTestModel *self)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));

  g_object_freeze_notify (G_OBJECT (self));
  sp_test_model_set_recipient (self, "");
  sp_test_model_set_domain (self, "");
  sp_test_model_set_server (self, "");
  sp_test_model_set_exchanger (self, "");
  sp_test_model_set_all_mx (self, FALSE);
  sp_test_model_set_mx_result (self, NULL);
  sp_test_model_set_transcript (self, NULL);
  sp_test_model_set_auth_user (self, "");
  sp_test_model_clear_auth_password (self);
  sp_test_model_set_auth_allow_plaintext (self, FALSE);
  sp_test_model_set_accepted_certificate (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

void
sp_test_model_set_accepted_certificate (SpTestModel *self,
                                        const char  *sha256)
{
  g_return_if_fail (SP_IS_TEST_MODEL (self));

  g_free (self->accepted_certificate);
  self->accepted_certificate = g_strdup (sha256);
}

const char *
sp_test_model_get_accepted_certificate (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), NULL);

  return self->accepted_certificate;
}

char *
sp_test_model_take_accepted_certificate (SpTestModel *self)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), NULL);

  return g_steal_pointer (&self->accepted_certificate);
}
