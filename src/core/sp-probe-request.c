/* sp-probe-request.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-probe-request"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-address.h"
#include "sp-auth.h"
#include "sp-probe.h"
#include "sp-resolver.h"
#include "sp-session.h"
#include "sp-tls-report.h"

#define SP_PROBE_DEFAULT_TIMEOUT_MS (SP_SESSION_DEFAULT_TIMEOUT * 1000)
#define SP_PROBE_MAX_TIMEOUT_MS     (3600 * 1000)

G_DEFINE_QUARK (sp-probe-error-quark, sp_probe_error)

G_DEFINE_BOXED_TYPE (SpProbeRequest, sp_probe_request,
                     sp_probe_request_copy, sp_probe_request_free)

/* Request */

SpProbeRequest *
sp_probe_request_new (void)
{
  SpProbeRequest *request = g_new0 (SpProbeRequest, 1);

  request->notify = SP_NOTIFY_SUCCESS | SP_NOTIFY_FAILURE;
  request->port = 25;
  request->timeout_ms = SP_PROBE_DEFAULT_TIMEOUT_MS;
  request->family = SP_ADDRESS_FAMILY_ANY;
  request->tls = SP_TLS_POLICY_OPPORTUNISTIC;
  request->deadline_ms = SP_PROBE_DEFAULT_DEADLINE * 1000;

  return request;
}

SpProbeRequest *
sp_probe_request_copy (const SpProbeRequest *request)
{
  SpProbeRequest *copy;

  g_return_val_if_fail (request != NULL, NULL);

  copy = g_memdup2 (request, sizeof *request);
  copy->recipient = g_strdup (request->recipient);
  copy->sender = g_strdup (request->sender);
  copy->ehlo_name = g_strdup (request->ehlo_name);
  copy->subject = g_strdup (request->subject);
  copy->body = g_strdup (request->body);
  copy->server = g_strdup (request->server);
  copy->dns_servers = g_strdup (request->dns_servers);
  copy->ca_file = g_strdup (request->ca_file);
  copy->auth_user = g_strdup (request->auth_user);
  copy->auth_password = g_strdup (request->auth_password);
  copy->accept_certificate = g_strdup (request->accept_certificate);

  return copy;
}

void
sp_probe_request_free (SpProbeRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->recipient);
  g_free (request->sender);
  g_free (request->ehlo_name);
  g_free (request->subject);
  g_free (request->body);
  g_free (request->server);
  g_free (request->dns_servers);
  g_free (request->ca_file);
  g_free (request->auth_user);
  g_free (request->accept_certificate);
  sp_probe_request_clear_password (request);
  g_free (request);
}

guint
sp_probe_request_get_attempt_limit (const SpProbeRequest *request)
{
  g_return_val_if_fail (request != NULL, 0);

  if (request->max_attempts != 0)
    return MIN (request->max_attempts, SP_PROBE_MAX_ATTEMPTS);

  return request->all_mx ? SP_PROBE_ALL_MX_ATTEMPTS : SP_PROBE_FAILOVER_ATTEMPTS;
}

void
sp_probe_request_clear_password (SpProbeRequest *request)
{
  g_return_if_fail (request != NULL);

  g_clear_pointer (&request->auth_password, sp_auth_secret_free);
}

const char *
sp_field_to_string (SpField field)
{
  switch (field)
    {
    case SP_FIELD_RECIPIENT:   return "recipient";
    case SP_FIELD_SENDER:      return "sender";
    case SP_FIELD_EHLO_NAME:   return "ehlo";
    case SP_FIELD_SUBJECT:     return "subject";
    case SP_FIELD_BODY:        return "body";
    case SP_FIELD_NOTIFY:      return "notify";
    case SP_FIELD_SERVER:      return "server";
    case SP_FIELD_PORT:        return "port";
    case SP_FIELD_DNS_SERVERS: return "dns-server";
    case SP_FIELD_TIMEOUT:     return "timeout";
    case SP_FIELD_TLS:         return "tls";
    case SP_FIELD_CA_FILE:     return "ca-file";
    case SP_FIELD_AUTH_USER:   return "auth-user";
    case SP_FIELD_AUTH_PASSWORD: return "auth-password";
    case SP_FIELD_MAX_ATTEMPTS: return "max-attempts";
    case SP_FIELD_DEADLINE:    return "deadline";
    case SP_FIELD_ACCEPT_CERTIFICATE: return "accept-certificate";
    case SP_FIELD_NONE:
    default:                   return "none";
    }
}

gboolean
sp_notify_parse (const char     *text,
                 SpNotifyFlags  *flags,
                 GError        **error)
{
  g_auto(GStrv) words = NULL;
  SpNotifyFlags result = SP_NOTIFY_NONE;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (flags != NULL, FALSE);

  words = g_strsplit (text, ",", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *word = g_strstrip (words[i]);

      if (*word == '\0')
        continue;
      else if (g_ascii_strcasecmp (word, "never") == 0)
        result |= SP_NOTIFY_NEVER;
      else if (g_ascii_strcasecmp (word, "success") == 0)
        result |= SP_NOTIFY_SUCCESS;
      else if (g_ascii_strcasecmp (word, "failure") == 0)
        result |= SP_NOTIFY_FAILURE;
      else if (g_ascii_strcasecmp (word, "delay") == 0)
        result |= SP_NOTIFY_DELAY;
      else
        {
          g_set_error (error, SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT,
                       _("“%s” is not a delivery notification. Use “never”, or any of "
                         "“success”, “failure” and “delay” separated by commas."),
                       word);
          return FALSE;
        }
    }

  /* RFC 3461 4.1: NEVER must stand alone. */
  if ((result & SP_NOTIFY_NEVER) != 0 && result != SP_NOTIFY_NEVER)
    {
      g_set_error_literal (error, SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT,
                           _("“never” cannot be combined with other notifications."));
      return FALSE;
    }

  *flags = result;
  return TRUE;
}

char *
sp_notify_to_string (SpNotifyFlags flags)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new ();

  if (flags == SP_NOTIFY_NONE)
    return NULL;
  if ((flags & SP_NOTIFY_NEVER) != 0)
    return g_strdup ("NEVER");

  if ((flags & SP_NOTIFY_SUCCESS) != 0)
    g_ptr_array_add (words, (gpointer)"SUCCESS");
  if ((flags & SP_NOTIFY_FAILURE) != 0)
    g_ptr_array_add (words, (gpointer)"FAILURE");
  if ((flags & SP_NOTIFY_DELAY) != 0)
    g_ptr_array_add (words, (gpointer)"DELAY");
  g_ptr_array_add (words, NULL);

  return g_strjoinv (",", (char **)words->pdata);
}

static gboolean
field_error (SpField     *field_out,
             SpField      field,
             GError     **error,
             GError      *cause)
{
  if (field_out != NULL)
    *field_out = field;

  if (error != NULL)
    *error = g_error_new_literal (SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT, cause->message);
  g_error_free (cause);

  return FALSE;
}

gboolean
sp_probe_request_validate (const SpProbeRequest  *request,
                           SpField               *field,
                           GError               **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (request != NULL, FALSE);

  if (field != NULL)
    *field = SP_FIELD_NONE;

  if (request->recipient == NULL || *request->recipient == '\0')
    return field_error (field, SP_FIELD_RECIPIENT, error,
                        g_error_new_literal (SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT,
                                             _("Enter the recipient’s address, for example "
                                               "kate@example.com.")));
  if (!sp_address_validate (request->recipient, &local_error))
    return field_error (field, SP_FIELD_RECIPIENT, error, local_error);

  if (request->sender == NULL || *request->sender == '\0')
    return field_error (field, SP_FIELD_SENDER, error,
                        g_error_new_literal (SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT,
                                             _("Enter the sender’s address, for example "
                                               "helpdesk@yourcompany.com. Servers check it, "
                                               "so use one of your organisation’s real "
                                               "addresses.")));
  if (!sp_address_validate (request->sender, &local_error))
    return field_error (field, SP_FIELD_SENDER, error, local_error);

  if (request->ehlo_name != NULL && *request->ehlo_name != '\0' &&
      !sp_ehlo_name_validate (request->ehlo_name, &local_error))
    return field_error (field, SP_FIELD_EHLO_NAME, error, local_error);

  if (request->subject != NULL && !sp_text_check_safe (request->subject, TRUE, &local_error))
    return field_error (field, SP_FIELD_SUBJECT, error, local_error);

  /* The body is sent as a message, where line ends are normal; only NUL
   * and other controls would corrupt it. */
  if (request->body != NULL)
    {
      g_autofree char *flat = g_strdelimit (g_strdup (request->body), "\r\n", ' ');

      if (!sp_text_check_safe (flat, TRUE, &local_error))
        return field_error (field, SP_FIELD_BODY, error, local_error);
    }

  if (request->server != NULL && *request->server != '\0')
    {
      g_autofree char *host = NULL;
      guint16 port = request->port;

      if (!sp_server_parse (request->server, &host, &port, &local_error))
        return field_error (field, SP_FIELD_SERVER, error, local_error);
    }

  if (request->port == 0)
    return field_error (field, SP_FIELD_PORT, error,
                        g_error_new_literal (SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT,
                                             _("The port must be a number from 1 to 65535; "
                                               "mail servers listen on 25, 587, 465 or "
                                               "2525.")));

  if (request->timeout_ms == 0 || request->timeout_ms > SP_PROBE_MAX_TIMEOUT_MS)
    return field_error (field, SP_FIELD_TIMEOUT, error,
                        g_error_new_literal (SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT,
                                             _("The time limit must be between 1 second and "
                                               "1 hour.")));

  if (request->max_attempts > SP_PROBE_MAX_ATTEMPTS)
    return field_error (field, SP_FIELD_MAX_ATTEMPTS, error,
                        g_error_new (SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT,
                                     /* Translators: %u is the upper bound, 100. */
                                     _("The number of connection attempts must be at most "
                                       "%u."),
                                     SP_PROBE_MAX_ATTEMPTS));

  if (request->deadline_ms < 1000 || request->deadline_ms > SP_PROBE_MAX_DEADLINE * 1000)
    return field_error (field, SP_FIELD_DEADLINE, error,
                        g_error_new_literal (SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT,
                                             _("The time limit for the whole test must be "
                                               "between 1 second and 1 hour.")));

  if (!sp_resolver_check_servers (request->dns_servers, &local_error))
    return field_error (field, SP_FIELD_DNS_SERVERS, error, local_error);

  if ((guint) request->tls > SP_TLS_POLICY_IMPLICIT)
    return field_error (field, SP_FIELD_TLS, error,
                        g_error_new_literal (SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT,
                                             _("Choose one of the encryption settings: off, "
                                               "opportunistic, required or implicit.")));

  /* Only what a stat can tell: the test reads the file, in a worker
   * thread, and fails before any traffic if it holds no certificate. */
  if (request->ca_file != NULL && *request->ca_file != '\0' &&
      !sp_tls_check_ca_file (request->ca_file, &local_error))
    return field_error (field, SP_FIELD_CA_FILE, error, local_error);

  if (request->accept_certificate != NULL && *request->accept_certificate != '\0')
    {
      g_autofree char *sha256 = sp_tls_fingerprint_normalize (request->accept_certificate,
                                                              &local_error);

      if (sha256 == NULL)
        return field_error (field, SP_FIELD_ACCEPT_CERTIFICATE, error, local_error);
    }

  if (request->auth_user != NULL && *request->auth_user != '\0')
    {
      if (!sp_text_check_safe (request->auth_user, FALSE, &local_error))
        return field_error (field, SP_FIELD_AUTH_USER, error, local_error);
      if (strlen (request->auth_user) > 255)
        return field_error (field, SP_FIELD_AUTH_USER, error,
                            g_error_new_literal (SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT,
                                                 _("The user name is longer than 255 "
                                                   "characters; no mail server takes that.")));

      if (request->auth_password == NULL)
        return field_error (field, SP_FIELD_AUTH_PASSWORD, error,
                            g_error_new_literal (SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT,
                                                 _("Enter the password for the login.")));
      /* The message must not quote the password, so it is checked here
       * rather than with sp_text_check_safe(). */
      for (const char *p = request->auth_password; *p != '\0'; p++)
        if ((guchar) *p < 0x20 || *p == 0x7f)
          return field_error (field, SP_FIELD_AUTH_PASSWORD, error,
                              g_error_new_literal (SP_PROBE_ERROR,
                                                   SP_PROBE_ERROR_INVALID_INPUT,
                                                   _("The password contains a line break or "
                                                     "another control character, which a "
                                                     "login cannot carry. Type it again.")));

      if (request->tls == SP_TLS_POLICY_OFF && !request->auth_allow_plaintext)
        return field_error (field, SP_FIELD_TLS, error,
                            g_error_new_literal (SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT,
                                                 _("Logging in sends the password, so it is "
                                                   "only sent over an encrypted connection. "
                                                   "Choose STARTTLS or implicit TLS, or "
                                                   "explicitly allow logging in without "
                                                   "encryption.")));
    }

  return TRUE;
}
