/* sp-test-model-check.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-test-model"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-address.h"
#include "sp-test-model-private.h"

/* What the model derives from its fields: the checks each page relies on, the probe
 * request, and the command line and settings that fill it. */

gboolean
_sp_test_model_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

char *
_sp_test_model_dup_trimmed (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

/* Derived values */

static char *
dup_server_host (SpTestModel  *self,
                 GError      **error)
{
  g_autofree char *trimmed = _sp_test_model_dup_trimmed (self->server);
  char *host = NULL;
  guint16 port = self->port;

  if (!sp_server_parse (trimmed, &host, &port, error))
    return NULL;

  return host;
}

char *
sp_test_model_dup_lookup_name (SpTestModel *self,
                               gboolean    *is_host)
{
  g_return_val_if_fail (SP_IS_TEST_MODEL (self), NULL);

  if (is_host != NULL)
    *is_host = self->mode == SP_TEST_MODE_SERVER;

  switch (self->mode)
    {
    case SP_TEST_MODE_RECIPIENT:
      if (!sp_test_model_check_field (self, SP_TEST_FIELD_RECIPIENT, NULL))
        return NULL;
      else
        {
          g_autofree char *trimmed = _sp_test_model_dup_trimmed (self->recipient);

          return sp_address_dup_domain (trimmed);
        }

    case SP_TEST_MODE_DOMAIN:
      if (!sp_test_model_check_field (self, SP_TEST_FIELD_DOMAIN, NULL))
        return NULL;
      return _sp_test_model_dup_trimmed (self->domain);

    case SP_TEST_MODE_SERVER:
      if (!sp_test_model_check_field (self, SP_TEST_FIELD_SERVER, NULL))
        return NULL;
      return dup_server_host (self, NULL);

    default:
      g_return_val_if_reached (NULL);
    }
}

char *
sp_test_model_dup_default_ehlo_name (SpTestModel *self)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (SP_IS_TEST_MODEL (self), NULL);

  trimmed = _sp_test_model_dup_trimmed (self->sender);
  if (!sp_address_validate (trimmed, NULL))
    return NULL;

  return sp_address_dup_domain (trimmed);
}

/* Validation */

static gboolean
fail_empty (GError     **error,
            const char  *message)
{
  g_set_error_literal (error, SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT, message);
  return FALSE;
}

gboolean
sp_test_model_check_field (SpTestModel  *self,
                           SpTestField   field,
                           GError      **error)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (SP_IS_TEST_MODEL (self), FALSE);

  switch (field)
    {
    case SP_TEST_FIELD_NONE:
      return TRUE;

    case SP_TEST_FIELD_RECIPIENT:
      if (_sp_test_model_is_blank (self->recipient))
        return fail_empty (error, _("Enter the recipient’s address, for example "
                                    "kate@example.com."));
      trimmed = _sp_test_model_dup_trimmed (self->recipient);
      return sp_address_validate (trimmed, error);

    case SP_TEST_FIELD_DOMAIN:
      if (_sp_test_model_is_blank (self->domain))
        return fail_empty (error, _("Enter a domain, for example example.com."));
      if (strchr (self->domain, '@') != NULL)
        return fail_empty (error, _("This looks like an address. Choose “An email address” "
                                    "above to test it, or enter only the part after the "
                                    "“@”."));
      trimmed = _sp_test_model_dup_trimmed (self->domain);
      return sp_domain_validate (trimmed, error);

    case SP_TEST_FIELD_SERVER:
      if (_sp_test_model_is_blank (self->server))
        return fail_empty (error, _("Enter the mail server’s name or address, for example "
                                    "mail.example.com or 192.0.2.25."));
      else
        {
          g_autofree char *host = dup_server_host (self, error);

          return host != NULL;
        }

    case SP_TEST_FIELD_PORT:
      if (self->port < 1 || self->port > G_MAXUINT16)
        return fail_empty (error, _("The port must be a number from 1 to 65535; mail servers "
                                    "listen on 25, 587, 465 or 2525."));
      return TRUE;

    case SP_TEST_FIELD_DNS_SERVER:
      if (!self->custom_dns)
        return TRUE;
      if (_sp_test_model_is_blank (self->dns_server))
        return fail_empty (error, _("Enter the DNS server’s address, for example 1.1.1.1 or "
                                    "127.0.0.1:5353, or use the system’s DNS servers."));
      trimmed = _sp_test_model_dup_trimmed (self->dns_server);

      return sp_resolver_check_servers (trimmed, error);

    case SP_TEST_FIELD_SENDER:
      if (_sp_test_model_is_blank (self->sender))
        return fail_empty (error, _("Enter the sender’s address, for example "
                                    "helpdesk@yourcompany.com. Servers check it, so use one "
                                    "of your organisation’s real addresses."));
      trimmed = _sp_test_model_dup_trimmed (self->sender);
      return sp_address_validate (trimmed, error);

    case SP_TEST_FIELD_EHLO_NAME:
      if (_sp_test_model_is_blank (self->ehlo_name))
        return TRUE;
      trimmed = _sp_test_model_dup_trimmed (self->ehlo_name);
      return sp_ehlo_name_validate (trimmed, error);

    case SP_TEST_FIELD_SUBJECT:
      return sp_text_check_safe (self->subject, TRUE, error);

    case SP_TEST_FIELD_BODY:
      {
        /* Line ends are normal in a body; only other controls would corrupt it. */
        g_autofree char *flat = g_strdelimit (g_strdup (self->body), "\r\n", ' ');

        return sp_text_check_safe (flat, TRUE, error);
      }

    case SP_TEST_FIELD_NOTIFY:
      if ((self->dsn_notify & SP_NOTIFY_NEVER) != 0 && self->dsn_notify != SP_NOTIFY_NEVER)
        return fail_empty (error, _("“Never” cannot be combined with other notifications. "
                                    "Clear it, or clear the others."));
      return TRUE;

    case SP_TEST_FIELD_TIMEOUT:
      if (self->timeout < 1 || self->timeout > SP_TEST_MODEL_MAX_TIMEOUT)
        return fail_empty (error, _("The time limit must be between 1 and 600 seconds."));
      return TRUE;

    case SP_TEST_FIELD_MAX_ATTEMPTS:
      if (self->max_attempts > SP_PROBE_MAX_ATTEMPTS)
        return fail_empty (error, _("The number of connection attempts must be at most 100."));
      return TRUE;

    case SP_TEST_FIELD_DEADLINE:
      if (self->deadline < 1 || self->deadline > SP_PROBE_MAX_DEADLINE)
        return fail_empty (error, _("The time limit for the whole test must be between 1 "
                                    "second and 1 hour."));
      return TRUE;

    case SP_TEST_FIELD_TLS:
      if (self->tls_policy > SP_TLS_POLICY_IMPLICIT)
        return fail_empty (error, _("Choose one of the encryption settings."));
      if (!_sp_test_model_is_blank (self->auth_user) &&
          self->tls_policy == SP_TLS_POLICY_OFF && !self->auth_allow_plaintext)
        return fail_empty (error, _("Signing in sends the password, so it is only sent over "
                                    "an encrypted connection. Choose STARTTLS or implicit "
                                    "TLS, or allow signing in without encryption below."));
      return TRUE;

    case SP_TEST_FIELD_CA_FILE:
      if (_sp_test_model_is_blank (self->ca_file) || self->ca_file_error == NULL)
        return TRUE;
      return fail_empty (error, self->ca_file_error);

    case SP_TEST_FIELD_AUTH_USER:
      if (_sp_test_model_is_blank (self->auth_user))
        {
          if (self->auth_password != NULL)
            return fail_empty (error, _("Enter the user name that goes with the password, or "
                                        "clear the password to test without signing in."));
          return TRUE;
        }
      trimmed = _sp_test_model_dup_trimmed (self->auth_user);
      if (!sp_text_check_safe (trimmed, FALSE, error))
        return FALSE;
      if (strlen (trimmed) > 255)
        return fail_empty (error, _("The user name is longer than 255 characters; no mail "
                                    "server takes that."));
      return TRUE;

    case SP_TEST_FIELD_AUTH_PASSWORD:
      if (_sp_test_model_is_blank (self->auth_user))
        return TRUE;
      if (self->auth_password == NULL)
        return fail_empty (error, _("Enter the password for signing in. It is used for this "
                                    "test only and never saved."));
      /* Checked here rather than with sp_text_check_safe(), whose message would quote it. */
      for (const char *p = self->auth_password; *p != '\0'; p++)
        if ((guchar) *p < 0x20 || *p == 0x7f)
          return fail_empty (error, _("The password contains a line break or another control "
                                      "character, which a sign-in cannot carry. Type it "
                                      "again."));
      return TRUE;

    default:
      g_return_val_if_reached (FALSE);
    }
}

char *
sp_test_model_dup_message (SpTestModel *self,
                           SpTestField  field)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SP_IS_TEST_MODEL (self), NULL);

  if (sp_test_model_check_field (self, field, &error))
    return NULL;

  return g_strdup (error->message);
}

static gboolean
check_fields (SpTestModel        *self,
              const SpTestField  *fields,
              guint               n_fields,
              SpTestField        *field,
              GError            **error)
{
  if (field != NULL)
    *field = SP_TEST_FIELD_NONE;

  for (guint i = 0; i < n_fields; i++)
    {
      if (!sp_test_model_check_field (self, fields[i], error))
        {
          if (field != NULL)
            *field = fields[i];
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
sp_test_model_check_target (SpTestModel  *self,
                            SpTestField  *field,
                            GError      **error)
{
  static const SpTestField recipient_fields[] = { SP_TEST_FIELD_RECIPIENT };
  static const SpTestField domain_fields[] = { SP_TEST_FIELD_DOMAIN };
  static const SpTestField server_fields[] = { SP_TEST_FIELD_SERVER, SP_TEST_FIELD_PORT };

  g_return_val_if_fail (SP_IS_TEST_MODEL (self), FALSE);

  switch (self->mode)
    {
    case SP_TEST_MODE_RECIPIENT:
      return check_fields (self, recipient_fields, G_N_ELEMENTS (recipient_fields), field, error);
    case SP_TEST_MODE_DOMAIN:
      return check_fields (self, domain_fields, G_N_ELEMENTS (domain_fields), field, error);
    case SP_TEST_MODE_SERVER:
      return check_fields (self, server_fields, G_N_ELEMENTS (server_fields), field, error);
    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
sp_test_model_check_dns (SpTestModel  *self,
                         SpTestField  *field,
                         GError      **error)
{
  static const SpTestField fields[] = { SP_TEST_FIELD_DNS_SERVER };

  g_return_val_if_fail (SP_IS_TEST_MODEL (self), FALSE);

  return check_fields (self, fields, G_N_ELEMENTS (fields), field, error);
}

gboolean
sp_test_model_check_message (SpTestModel  *self,
                             SpTestField  *field,
                             GError      **error)
{
  /* In the order the message page shows them. */
  static const SpTestField fields[] = {
    SP_TEST_FIELD_SENDER,
    SP_TEST_FIELD_RECIPIENT,
    SP_TEST_FIELD_EHLO_NAME,
    SP_TEST_FIELD_NOTIFY,
    SP_TEST_FIELD_SUBJECT,
    SP_TEST_FIELD_BODY,
    SP_TEST_FIELD_PORT,
    SP_TEST_FIELD_TIMEOUT,
    SP_TEST_FIELD_DEADLINE,
    SP_TEST_FIELD_MAX_ATTEMPTS,
    SP_TEST_FIELD_TLS,
    SP_TEST_FIELD_CA_FILE,
    SP_TEST_FIELD_AUTH_USER,
    SP_TEST_FIELD_AUTH_PASSWORD,
  };

  g_return_val_if_fail (SP_IS_TEST_MODEL (self), FALSE);

  return check_fields (self, fields, G_N_ELEMENTS (fields), field, error);
}

void
sp_test_model_commit_target (SpTestModel *self)
{
  g_autofree char *domain = NULL;
  g_autofree char *current = NULL;
  g_autofree char *recipient = NULL;

  g_return_if_fail (SP_IS_TEST_MODEL (self));

  if (self->mode != SP_TEST_MODE_DOMAIN ||
      !sp_test_model_check_field (self, SP_TEST_FIELD_DOMAIN, NULL))
    return;

  domain = _sp_test_model_dup_trimmed (self->domain);
  if (sp_test_model_check_field (self, SP_TEST_FIELD_RECIPIENT, NULL))
    {
      g_autofree char *trimmed = _sp_test_model_dup_trimmed (self->recipient);

      current = sp_address_dup_domain (trimmed);
    }

  if (current != NULL && g_ascii_strcasecmp (current, domain) == 0)
    return;

  /* RFC 5321 4.5.1: every domain that takes mail must have a postmaster. */
  recipient = g_strdup_printf ("postmaster@%s", domain);
  sp_test_model_set_recipient (self, recipient);
}

static SpTestField
field_from_core (SpField field)
{
  switch (field)
    {
    case SP_FIELD_RECIPIENT:   return SP_TEST_FIELD_RECIPIENT;
    case SP_FIELD_SENDER:      return SP_TEST_FIELD_SENDER;
    case SP_FIELD_EHLO_NAME:   return SP_TEST_FIELD_EHLO_NAME;
    case SP_FIELD_SUBJECT:     return SP_TEST_FIELD_SUBJECT;
    case SP_FIELD_BODY:        return SP_TEST_FIELD_BODY;
    case SP_FIELD_NOTIFY:      return SP_TEST_FIELD_NOTIFY;
    case SP_FIELD_SERVER:      return SP_TEST_FIELD_SERVER;
    case SP_FIELD_PORT:        return SP_TEST_FIELD_PORT;
    case SP_FIELD_DNS_SERVERS: return SP_TEST_FIELD_DNS_SERVER;
    case SP_FIELD_TIMEOUT:     return SP_TEST_FIELD_TIMEOUT;
    case SP_FIELD_TLS:         return SP_TEST_FIELD_TLS;
    case SP_FIELD_CA_FILE:     return SP_TEST_FIELD_CA_FILE;
    case SP_FIELD_AUTH_USER:   return SP_TEST_FIELD_AUTH_USER;
    case SP_FIELD_AUTH_PASSWORD: return SP_TEST_FIELD_AUTH_PASSWORD;
    case SP_FIELD_MAX_ATTEMPTS: return SP_TEST_FIELD_MAX_ATTEMPTS;
    case SP_FIELD_DEADLINE:    return SP_TEST_FIELD_DEADLINE;
    case SP_FIELD_NONE:
    default:                   return SP_TEST_FIELD_NONE;
    }
}

SpProbeRequest *
sp_test_model_to_request (SpTestModel  *self,
                          SpTestField  *field,
                          GError      **error)
{
  g_autoptr(SpProbeRequest) request = NULL;
  SpField core_field = SP_FIELD_NONE;

  g_return_val_if_fail (SP_IS_TEST_MODEL (self), NULL);

  if (field != NULL)
    *field = SP_TEST_FIELD_NONE;

  request = sp_probe_request_new ();
  request->recipient = _sp_test_model_dup_trimmed (self->recipient);
  request->sender = _sp_test_model_dup_trimmed (self->sender);
  if (!_sp_test_model_is_blank (self->ehlo_name))
    request->ehlo_name = _sp_test_model_dup_trimmed (self->ehlo_name);
  request->subject = g_strdup (self->subject);
  if (!_sp_test_model_is_blank (self->body))
    request->body = g_strdup (self->body);
  request->notify = self->dsn_notify;
  request->check_only = self->check_only;
  request->port = self->port;
  request->timeout_ms = self->timeout * 1000;
  request->max_attempts = self->max_attempts;
  request->deadline_ms = self->deadline * 1000;
  if (self->custom_dns && !_sp_test_model_is_blank (self->dns_server))
    request->dns_servers = _sp_test_model_dup_trimmed (self->dns_server);
  request->tls = self->tls_policy;
  request->accept_certificate = g_strdup (self->accepted_certificate);
  if (!_sp_test_model_is_blank (self->ca_file))
    request->ca_file = _sp_test_model_dup_trimmed (self->ca_file);
  if (!_sp_test_model_is_blank (self->auth_user))
    {
      request->auth_user = _sp_test_model_dup_trimmed (self->auth_user);
      /* The request wipes its copy when it is freed; the probe wipes its own. */
      request->auth_password = g_strdup (self->auth_password);
      request->auth_allow_plaintext = self->auth_allow_plaintext;
    }

  if (self->mode == SP_TEST_MODE_SERVER)
    {
      request->server = _sp_test_model_dup_trimmed (self->server);
      request->all_mx = self->all_mx;
    }
  else if (!_sp_test_model_is_blank (self->exchanger))
    {
      /* One exchanger chosen by hand: test it alone, like nslookup then telnet would. */
      request->server = _sp_test_model_dup_trimmed (self->exchanger);
      request->all_mx = self->all_mx;
    }
  else
    request->all_mx = self->all_mx;

  if (!sp_probe_request_validate (request, &core_field, error))
    {
      if (field != NULL)
        *field = field_from_core (core_field);
      return NULL;
    }

  return g_steal_pointer (&request);
}

/* Command line and settings */

void
sp_test_model_prefill (SpTestModel  *self,
                       GVariantDict *options)
{
  g_autofree const char **rest = NULL;
  const char *text;
  gint32 port;

  g_return_if_fail (SP_IS_TEST_MODEL (self));
  g_return_if_fail (options != NULL);

  if (g_variant_dict_lookup (options, "from", "&s", &text))
    sp_test_model_set_sender (self, text);
  if (g_variant_dict_lookup (options, "ehlo", "&s", &text))
    sp_test_model_set_ehlo_name (self, text);
  if (g_variant_dict_lookup (options, "dns-server", "&s", &text))
    {
      sp_test_model_set_dns_server (self, text);
      sp_test_model_set_custom_dns (self, !_sp_test_model_is_blank (text));
    }
  if (g_variant_dict_lookup (options, "port", "i", &port) && port >= 1 && port <= G_MAXUINT16)
    sp_test_model_set_port (self, port);

  if (g_variant_dict_lookup (options, "", "^a&s", &rest) && rest != NULL && rest[0] != NULL)
    {
      /* An argument with an "@" is an address; anything else is taken as a domain. */
      if (strchr (rest[0], '@') != NULL)
        {
          sp_test_model_set_recipient (self, rest[0]);
          sp_test_model_set_mode (self, SP_TEST_MODE_RECIPIENT);
        }
      else
        {
          sp_test_model_set_domain (self, rest[0]);
          sp_test_model_set_mode (self, SP_TEST_MODE_DOMAIN);
        }
    }

  if (g_variant_dict_lookup (options, "server", "&s", &text))
    {
      sp_test_model_set_server (self, text);
      sp_test_model_set_mode (self, SP_TEST_MODE_SERVER);
    }

  /* After the port, which picks a policy of its own when nothing was said. */
  if (g_variant_dict_lookup (options, "tls", "&s", &text))
    {
      SpTlsPolicy policy;

      if (sp_tls_policy_parse (text, &policy, NULL))
        sp_test_model_set_tls_policy (self, policy);
    }
  if (g_variant_dict_lookup (options, "ca-file", "&s", &text))
    sp_test_model_set_ca_file (self, text);
  if (g_variant_dict_lookup (options, "auth-user", "&s", &text))
    sp_test_model_set_auth_user (self, text);
}

void
sp_test_model_load_settings (SpTestModel *self,
                             GSettings   *settings)
{
  g_autofree char *sender = NULL;
  g_autofree char *ehlo_name = NULL;
  g_autofree char *dns_server = NULL;
  g_autofree char *ca_file = NULL;
  guint timeout;

  g_return_if_fail (SP_IS_TEST_MODEL (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  sender = g_settings_get_string (settings, "last-sender");
  ehlo_name = g_settings_get_string (settings, "last-ehlo-name");
  dns_server = g_settings_get_string (settings, "dns-server");
  timeout = g_settings_get_uint (settings, "step-timeout");
  ca_file = g_settings_get_string (settings, "ca-file");

  sp_test_model_set_sender (self, sender);
  sp_test_model_set_ehlo_name (self, ehlo_name);
  sp_test_model_set_dns_server (self, dns_server);
  sp_test_model_set_custom_dns (self, !_sp_test_model_is_blank (dns_server));
  if (timeout >= 1 && timeout <= SP_TEST_MODEL_MAX_TIMEOUT)
    sp_test_model_set_timeout (self, timeout);
  sp_test_model_set_ca_file (self, ca_file);
}

void
sp_test_model_save_settings (SpTestModel *self,
                             GSettings   *settings)
{
  g_autofree char *sender = NULL;
  g_autofree char *ehlo_name = NULL;
  g_autofree char *dns_server = NULL;
  g_autofree char *ca_file = NULL;

  g_return_if_fail (SP_IS_TEST_MODEL (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  /* Only what passed validation is worth offering again. The password is never among
   * these: there is no key for it, and nothing here reads it. */
  sender = sp_test_model_check_field (self, SP_TEST_FIELD_SENDER, NULL)
             ? _sp_test_model_dup_trimmed (self->sender) : NULL;
  ehlo_name = sp_test_model_check_field (self, SP_TEST_FIELD_EHLO_NAME, NULL)
                ? _sp_test_model_dup_trimmed (self->ehlo_name) : NULL;
  if (!self->custom_dns)
    dns_server = g_strdup ("");
  else if (sp_test_model_check_field (self, SP_TEST_FIELD_DNS_SERVER, NULL))
    dns_server = _sp_test_model_dup_trimmed (self->dns_server);

  if (sp_test_model_check_field (self, SP_TEST_FIELD_CA_FILE, NULL))
    ca_file = _sp_test_model_dup_trimmed (self->ca_file);

  g_settings_delay (settings);
  if (sender != NULL)
    g_settings_set_string (settings, "last-sender", sender);
  if (ehlo_name != NULL)
    g_settings_set_string (settings, "last-ehlo-name", ehlo_name);
  if (dns_server != NULL)
    g_settings_set_string (settings, "dns-server", dns_server);
  if (ca_file != NULL)
    g_settings_set_string (settings, "ca-file", ca_file);
  g_settings_set_uint (settings, "step-timeout", self->timeout);
  g_settings_apply (settings);
}

