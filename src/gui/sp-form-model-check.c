/* sp-form-model-check.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-form-model"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-address.h"
#include "sp-form-model-private.h"
#include "sp-practice.h"

/* What the model derives from its fields: the checks each page relies on, the probe
 * request, and the command line and settings that fill it. */

gboolean
_sp_form_model_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

char *
_sp_form_model_dup_trimmed (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

/* Derived values */

static char *
dup_server_host (SpFormModel  *self,
                 GError      **error)
{
  g_autofree char *trimmed = _sp_form_model_dup_trimmed (self->request->server);
  char *host = NULL;
  guint16 port = self->request->port;

  if (!sp_server_parse (trimmed, &host, &port, error))
    return NULL;

  return host;
}

char *
sp_form_model_dup_lookup_name (SpFormModel *self,
                               gboolean    *is_host)
{
  g_return_val_if_fail (SP_IS_FORM_MODEL (self), NULL);

  if (is_host != NULL)
    *is_host = self->mode == SP_TEST_MODE_SERVER;

  switch (self->mode)
    {
    case SP_TEST_MODE_RECIPIENT:
      if (!sp_form_model_check_field (self, SP_FIELD_RECIPIENT, NULL))
        return NULL;
      else
        {
          g_autofree char *trimmed = _sp_form_model_dup_trimmed (self->request->recipient);

          return sp_address_dup_domain (trimmed);
        }

    case SP_TEST_MODE_DOMAIN:
      if (!sp_form_model_check_field (self, SP_FIELD_DOMAIN, NULL))
        return NULL;
      return _sp_form_model_dup_trimmed (self->domain);

    case SP_TEST_MODE_SERVER:
      if (!sp_form_model_check_field (self, SP_FIELD_SERVER, NULL))
        return NULL;
      return dup_server_host (self, NULL);

    case SP_TEST_MODE_PRACTICE:
      /* The simulated servers need no lookup. */
      return NULL;

    default:
      g_return_val_if_reached (NULL);
    }
}

char *
sp_form_model_dup_moved_domain (SpFormModel *self)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *domain = NULL;

  g_return_val_if_fail (SP_IS_FORM_MODEL (self), NULL);

  if (self->mx_result == NULL || self->mx_result->domain == NULL ||
      (self->mode != SP_TEST_MODE_RECIPIENT && self->mode != SP_TEST_MODE_DOMAIN))
    return NULL;

  /* Not sp_form_model_check_field (), which builds the request with this:
   * an address that is not valid has its own message under the field. */

  trimmed = _sp_form_model_dup_trimmed (self->request->recipient);
  domain = sp_address_dup_domain (trimmed);
  if (domain == NULL || g_ascii_strcasecmp (domain, self->mx_result->domain) == 0)
    return NULL;

  return g_steal_pointer (&domain);
}

char *
sp_form_model_dup_default_ehlo_name (SpFormModel *self)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (SP_IS_FORM_MODEL (self), NULL);

  trimmed = _sp_form_model_dup_trimmed (self->request->sender);
  if (!sp_address_validate (trimmed, NULL))
    return NULL;

  return sp_address_dup_domain (trimmed);
}

/* The request to run, from the one the wizard edits: without the blanks
 * that copy and paste leave, with "" as "not given", the DNS servers only
 * when they are the user's own, and the server that the mode says. */
static SpProbeRequest *
build_request (SpFormModel *self)
{
  SpProbeRequest *request = sp_probe_request_copy (self->request);
  g_autofree char *moved = NULL;
  struct { void (*set) (SpProbeRequest *, const char *); const char *text; } trimmed[] = {
    { sp_probe_request_set_recipient, self->request->recipient },
    { sp_probe_request_set_sender, self->request->sender },
    { sp_probe_request_set_ehlo_name, self->request->ehlo_name },
    { sp_probe_request_set_ca_file, self->request->ca_file },
    { sp_probe_request_set_auth_user, self->request->auth_user },
    { sp_probe_request_set_dns_servers, self->custom_dns ? self->request->dns_servers : NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (trimmed); i++)
    {
      g_autofree char *text = _sp_form_model_dup_trimmed (trimmed[i].text);

      trimmed[i].set (request, *text != '\0' || i < 2 ? text : NULL);
    }
  if (_sp_form_model_is_blank (self->request->body))
    sp_probe_request_set_body (request, NULL);

  if (self->mode == SP_TEST_MODE_SERVER)
    {
      g_autofree char *server = _sp_form_model_dup_trimmed (self->request->server);

      sp_probe_request_set_server (request, server);
    }
  else if (!_sp_form_model_is_blank (self->exchanger) &&
           (moved = sp_form_model_dup_moved_domain (self)) == NULL)
    {
      /* One exchanger chosen by hand: test it alone, like nslookup then telnet would. */
      g_autofree char *exchanger = _sp_form_model_dup_trimmed (self->exchanger);

      sp_probe_request_set_server (request, exchanger);
    }
  else
    sp_probe_request_set_server (request, NULL);

  /* Without a user name there is no login, so the password is not sent anywhere. */
  if (request->auth_user == NULL)
    {
      sp_probe_request_clear_password (request);
      sp_probe_request_set_auth_allow_plaintext (request, FALSE);
    }

  return request;
}

/* Validation */

/* What only the wizard requires: the fields the request may leave empty
 * but a mode or a choice of the wizard fills. */
static const char *
find_wizard_problem (SpFormModel *self,
                     SpField      field)
{
  switch (field)
    {
    case SP_FIELD_DOMAIN:
      if (_sp_form_model_is_blank (self->domain))
        return _("Enter a domain, for example example.com.");
      if (strchr (self->domain, '@') != NULL)
        return _("This looks like an address. Choose “An email address” above to test it, or "
                 "enter only the part after the “@”.");
      return NULL;

    case SP_FIELD_SERVER:
      /* The request may leave it empty (an MX lookup); the server mode may not. */
      if (_sp_form_model_is_blank (self->request->server))
        return _("Enter the mail server’s name or address, for example mail.example.com or "
                 "192.0.2.25.");
      return NULL;

    case SP_FIELD_DNS_SERVERS:
      if (self->custom_dns && _sp_form_model_is_blank (self->request->dns_servers))
        return _("Enter the DNS server’s address, for example 1.1.1.1 or 127.0.0.1:5353, or "
                 "use the system’s DNS servers.");
      return NULL;

    case SP_FIELD_AUTH_USER:
      if (_sp_form_model_is_blank (self->request->auth_user) &&
          self->request->auth_password != NULL)
        return _("There is a password but no user name to log in with.");
      return NULL;

    case SP_FIELD_CA_FILE:
      if (!_sp_form_model_is_blank (self->request->ca_file))
        return self->ca_file_error;
      return NULL;

    default:
      return NULL;
    }
}

static gboolean
check_wizard_field (SpFormModel  *self,
                    SpField       field,
                    GError      **error)
{
  const char *problem = find_wizard_problem (self, field);

  if (problem != NULL)
    {
      g_set_error_literal (error, SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT, problem);
      return FALSE;
    }

  /* The domain is the wizard's alone, so its syntax is checked here too. */
  if (field == SP_FIELD_DOMAIN)
    {
      g_autofree char *trimmed = _sp_form_model_dup_trimmed (self->domain);

      return sp_domain_validate (trimmed, error) && sp_domain_check_complete (trimmed, error);
    }

  return TRUE;
}

gboolean
sp_form_model_check_field (SpFormModel  *self,
                           SpField       field,
                           GError      **error)
{
  g_autoptr(SpProbeRequest) request = NULL;

  g_return_val_if_fail (SP_IS_FORM_MODEL (self), FALSE);

  if (!check_wizard_field (self, field, error))
    return FALSE;

  /* The one check of the request, on the request as it will run. */
  request = build_request (self);
  /* The server field as typed, whichever mode will use it. */
  if (field == SP_FIELD_SERVER)
    {
      g_autofree char *server = _sp_form_model_dup_trimmed (self->request->server);

      sp_probe_request_set_server (request, server);
    }
  if (!sp_probe_request_validate_field (request, field, error))
    return FALSE;

  /* Whether the file holds certificates is known after the stat. */
  return field != SP_FIELD_CA_FILE || check_wizard_field (self, field, error);
}

char *
sp_form_model_dup_message (SpFormModel *self,
                           SpField      field)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SP_IS_FORM_MODEL (self), NULL);

  if (sp_form_model_check_field (self, field, &error))
    return NULL;

  return g_strdup (error->message);
}

static gboolean
check_fields (SpFormModel    *self,
              const SpField  *fields,
              guint           n_fields,
              SpField        *field,
              GError        **error)
{
  if (field != NULL)
    *field = SP_FIELD_NONE;

  for (guint i = 0; i < n_fields; i++)
    {
      if (!sp_form_model_check_field (self, fields[i], error))
        {
          if (field != NULL)
            *field = fields[i];
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
sp_form_model_check_target (SpFormModel  *self,
                            SpField      *field,
                            GError      **error)
{
  static const SpField recipient_fields[] = { SP_FIELD_RECIPIENT };
  static const SpField domain_fields[] = { SP_FIELD_DOMAIN };
  static const SpField server_fields[] = { SP_FIELD_SERVER, SP_FIELD_PORT };

  g_return_val_if_fail (SP_IS_FORM_MODEL (self), FALSE);

  switch (self->mode)
    {
    case SP_TEST_MODE_RECIPIENT:
      return check_fields (self, recipient_fields, G_N_ELEMENTS (recipient_fields), field, error);
    case SP_TEST_MODE_DOMAIN:
      return check_fields (self, domain_fields, G_N_ELEMENTS (domain_fields), field, error);
    case SP_TEST_MODE_SERVER:
      return check_fields (self, server_fields, G_N_ELEMENTS (server_fields), field, error);
    case SP_TEST_MODE_PRACTICE:
      /* A scenario is always chosen; the addresses are optional. */
      return sp_practice_find_scenario (self->practice) != NULL;
    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
sp_form_model_check_dns (SpFormModel  *self,
                         SpField      *field,
                         GError      **error)
{
  /* The servers page's fields: the DNS server, and the port beside the server choice. */
  static const SpField fields[] = { SP_FIELD_DNS_SERVERS, SP_FIELD_PORT };

  g_return_val_if_fail (SP_IS_FORM_MODEL (self), FALSE);

  return check_fields (self, fields, G_N_ELEMENTS (fields), field, error);
}

gboolean
sp_form_model_check_message (SpFormModel  *self,
                             SpField      *field,
                             GError      **error)
{
  /* In the order the message page shows them. */
  static const SpField fields[] = {
    SP_FIELD_SENDER,
    SP_FIELD_RECIPIENT,
    SP_FIELD_EHLO_NAME,
    SP_FIELD_NOTIFY,
    SP_FIELD_SUBJECT,
    SP_FIELD_BODY,
    SP_FIELD_TIMEOUT,
    SP_FIELD_DEADLINE,
    SP_FIELD_MAX_ATTEMPTS,
    SP_FIELD_TLS,
    SP_FIELD_CA_FILE,
    SP_FIELD_AUTH_USER,
    SP_FIELD_AUTH_PASSWORD,
  };

  g_return_val_if_fail (SP_IS_FORM_MODEL (self), FALSE);

  return check_fields (self, fields, G_N_ELEMENTS (fields), field, error);
}

void
sp_form_model_commit_target (SpFormModel *self)
{
  g_autofree char *domain = NULL;
  g_autofree char *current = NULL;
  g_autofree char *recipient = NULL;

  g_return_if_fail (SP_IS_FORM_MODEL (self));

  /* Practice needs no addresses of its own: the practice ones fill in
   * what is missing, so that the message page is complete. */
  if (self->mode == SP_TEST_MODE_PRACTICE)
    {
      if (_sp_form_model_is_blank (self->request->recipient))
        sp_probe_request_set_recipient (self->request, SP_PRACTICE_RECIPIENT);
      if (_sp_form_model_is_blank (self->request->sender))
        sp_probe_request_set_sender (self->request, SP_PRACTICE_SENDER);
      return;
    }

  if (self->mode != SP_TEST_MODE_DOMAIN ||
      !sp_form_model_check_field (self, SP_FIELD_DOMAIN, NULL))
    return;

  domain = _sp_form_model_dup_trimmed (self->domain);
  if (sp_form_model_check_field (self, SP_FIELD_RECIPIENT, NULL))
    {
      g_autofree char *trimmed = _sp_form_model_dup_trimmed (self->request->recipient);

      current = sp_address_dup_domain (trimmed);
    }

  if (current != NULL && g_ascii_strcasecmp (current, domain) == 0)
    return;

  /* RFC 5321 4.5.1: every domain that takes mail must have a postmaster. */
  recipient = g_strdup_printf ("postmaster@%s", domain);
  sp_probe_request_set_recipient (self->request, recipient);
}

SpProbeRequest *
sp_form_model_to_request (SpFormModel  *self,
                          SpField      *field,
                          GError      **error)
{
  g_autoptr(SpProbeRequest) request = NULL;

  g_return_val_if_fail (SP_IS_FORM_MODEL (self), NULL);

  request = build_request (self);
  if (!sp_probe_request_validate (request, field, error))
    return NULL;

  return g_steal_pointer (&request);
}

/* Command line and settings */

void
sp_form_model_prefill (SpFormModel  *self,
                       GVariantDict *options)
{
  g_autofree const char **rest = NULL;
  SpProbeRequest *request;
  const char *text;
  gint32 port;

  g_return_if_fail (SP_IS_FORM_MODEL (self));
  g_return_if_fail (options != NULL);

  request = self->request;
  if (g_variant_dict_lookup (options, "from", "&s", &text))
    sp_probe_request_set_sender (request, text);
  if (g_variant_dict_lookup (options, "ehlo", "&s", &text))
    sp_probe_request_set_ehlo_name (request, text);
  if (g_variant_dict_lookup (options, "dns-server", "&s", &text))
    {
      sp_probe_request_set_dns_servers (request, text);
      sp_form_model_set_custom_dns (self, !_sp_form_model_is_blank (text));
    }
  if (g_variant_dict_lookup (options, "port", "i", &port) &&
      sp_probe_request_check_limits (SP_FIELD_PORT, port, NULL))
    sp_probe_request_set_port (request, port);

  if (g_variant_dict_lookup (options, "", "^a&s", &rest) && rest != NULL && rest[0] != NULL)
    {
      /* An argument with an "@" is an address; anything else is taken as a domain. */
      if (strchr (rest[0], '@') != NULL)
        {
          sp_probe_request_set_recipient (request, rest[0]);
          sp_form_model_set_mode (self, SP_TEST_MODE_RECIPIENT);
        }
      else
        {
          sp_form_model_set_domain (self, rest[0]);
          sp_form_model_set_mode (self, SP_TEST_MODE_DOMAIN);
        }
    }

  if (g_variant_dict_lookup (options, "server", "&s", &text))
    {
      sp_probe_request_set_server (request, text);
      sp_form_model_set_mode (self, SP_TEST_MODE_SERVER);
    }

  /* After the port, which picks a policy of its own when nothing was said. */
  if (g_variant_dict_lookup (options, "tls", "&s", &text))
    {
      SpTlsPolicy policy;

      if (sp_tls_policy_parse (text, &policy, NULL))
        sp_probe_request_set_tls (request, policy);
    }
  if (g_variant_dict_lookup (options, "ca-file", "&s", &text))
    sp_probe_request_set_ca_file (request, text);
  if (g_variant_dict_lookup (options, "auth-user", "&s", &text))
    sp_probe_request_set_auth_user (request, text);

  /* Last: practice wins over a recipient or a server, which it does not
   * test. A scenario that does not exist is left out like a bad number. */
  if (g_variant_dict_lookup (options, "practice", "&s", &text) &&
      sp_practice_find_scenario (text) != NULL)
    {
      sp_form_model_set_practice (self, text);
      sp_form_model_set_mode (self, SP_TEST_MODE_PRACTICE);
    }
}

void
sp_form_model_load_settings (SpFormModel *self,
                             GSettings   *settings)
{
  g_autofree char *sender = NULL;
  g_autofree char *ehlo_name = NULL;
  g_autofree char *dns_server = NULL;
  g_autofree char *ca_file = NULL;
  guint timeout;

  g_return_if_fail (SP_IS_FORM_MODEL (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  sender = g_settings_get_string (settings, "last-sender");
  ehlo_name = g_settings_get_string (settings, "last-ehlo-name");
  dns_server = g_settings_get_string (settings, "dns-server");
  timeout = g_settings_get_uint (settings, "step-timeout");
  ca_file = g_settings_get_string (settings, "ca-file");

  sp_probe_request_set_sender (self->request, sender);
  sp_probe_request_set_ehlo_name (self->request, ehlo_name);
  sp_probe_request_set_dns_servers (self->request, dns_server);
  sp_form_model_set_custom_dns (self, !_sp_form_model_is_blank (dns_server));
  if (sp_probe_request_check_limits (SP_FIELD_TIMEOUT, timeout, NULL))
    sp_probe_request_set_timeout_ms (self->request, timeout * 1000);
  sp_probe_request_set_ca_file (self->request, ca_file);
}

void
sp_form_model_save_settings (SpFormModel *self,
                             GSettings   *settings)
{
  g_autoptr(SpProbeRequest) request = NULL;
  guint timeout;

  g_return_if_fail (SP_IS_FORM_MODEL (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  /* Only what passed validation is worth offering again. The password is never among
   * these: there is no key for it, and nothing here reads it. */
  request = build_request (self);
  timeout = self->request->timeout_ms / 1000;

  g_settings_delay (settings);
  if (sp_form_model_check_field (self, SP_FIELD_SENDER, NULL))
    g_settings_set_string (settings, "last-sender", request->sender);
  if (sp_form_model_check_field (self, SP_FIELD_EHLO_NAME, NULL))
    g_settings_set_string (settings, "last-ehlo-name",
                           request->ehlo_name != NULL ? request->ehlo_name : "");
  if (!self->custom_dns || sp_form_model_check_field (self, SP_FIELD_DNS_SERVERS, NULL))
    g_settings_set_string (settings, "dns-server",
                           request->dns_servers != NULL ? request->dns_servers : "");
  if (sp_form_model_check_field (self, SP_FIELD_CA_FILE, NULL))
    g_settings_set_string (settings, "ca-file",
                           request->ca_file != NULL ? request->ca_file : "");
  if (sp_probe_request_check_limits (SP_FIELD_TIMEOUT, timeout, NULL))
    g_settings_set_uint (settings, "step-timeout", timeout);
  g_settings_apply (settings);
}
