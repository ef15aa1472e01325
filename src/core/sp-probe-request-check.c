/* sp-probe-request-check.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-probe-request"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-address.h"
#include "sp-probe.h"
#include "sp-probe-request-private.h"
#include "sp-resolver.h"
#include "sp-tls-report.h"

/* What is wrong with a request: the table of limits in words, the one
 * validation of every field, and the parsing of the fields' text forms. */

/* Limits */

gboolean
sp_probe_request_get_limits (SpField  field,
                             guint   *min,
                             guint   *max,
                             guint   *default_value)
{
  guint scale = 1;
  GParamSpecUInt *spec = _sp_probe_request_find_number_spec (field, &scale);

  if (spec == NULL || field == SP_FIELD_TLS)
    return FALSE;

  /* Whole seconds that fit the range in milliseconds. */
  if (min != NULL)
    *min = MAX ((spec->minimum + scale - 1) / scale, spec->minimum > 0 ? 1 : 0);
  if (max != NULL)
    *max = spec->maximum / scale;
  if (default_value != NULL)
    *default_value = spec->default_value / scale;

  return TRUE;
}

/* The one sentence for a number out of its field's range. */
static void
set_range_error (SpField   field,
                 GError  **error)
{
  guint min = 0;
  guint max = 0;

  sp_probe_request_get_limits (field, &min, &max, NULL);
  switch (field)
    {
    case SP_FIELD_PORT:
      g_set_error (error, SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT,
                   /* Translators: the range of TCP ports, 1 and 65535; port numbers, not a
                    * count. */
                   _("The port must be a number from %u to %u."), min, max);
      break;

    case SP_FIELD_TIMEOUT:
      g_set_error (error, SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* Translators: the range in seconds, 1 to 600; the plural form
                                 * goes by the second number. */
                                "The time limit for each step must be from %u to %u second.",
                                "The time limit for each step must be from %u to %u seconds.",
                                max),
                   min, max);
      break;

    case SP_FIELD_DEADLINE:
      g_set_error (error, SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* Translators: the range in seconds, 1 to 3600; the plural
                                 * form goes by the second number. */
                                "The time limit for the whole test must be from %u to %u "
                                "second.",
                                "The time limit for the whole test must be from %u to %u "
                                "seconds.",
                                max),
                   min, max);
      break;

    case SP_FIELD_MAX_ATTEMPTS:
      g_set_error (error, SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT,
                   /* Translators: %u is the upper bound, 100, a number alone (not a count before a
                    * noun); 0 stands for the default. */
                   _("The number of connection attempts must be at most %u."), max);
      break;

    case SP_FIELD_JOBS:
      g_set_error (error, SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT,
                   /* Translators: how many tests of a list run at once, 1 to 200: numbers alone,
                    * not a count before a noun. */
                   _("The number of tests at once must be from %u to %u."), min, max);
      break;

    default:
      g_return_if_reached ();
    }
}

gboolean
sp_probe_request_check_limits (SpField   field,
                               gint64    value,
                               GError  **error)
{
  guint min;
  guint max;

  g_return_val_if_fail (sp_probe_request_get_limits (field, &min, &max, NULL), FALSE);

  if (value >= min && value <= max)
    return TRUE;

  set_range_error (field, error);
  return FALSE;
}

/* A number in the field's own unit, against its param spec. */
static gboolean
check_number (const SpProbeRequest  *self,
              SpField                field,
              guint                  value,
              GError               **error)
{
  guint scale = 1;
  GParamSpecUInt *spec = _sp_probe_request_find_number_spec (field, &scale);

  if (value >= spec->minimum && value <= spec->maximum)
    return TRUE;

  set_range_error (field, error);
  return FALSE;
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
    case SP_FIELD_DOMAIN:      return "domain";
    case SP_FIELD_JOBS:        return "jobs";
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


/* Validation */

static gboolean
is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

static gboolean
fail (GError     **error,
      const char  *message)
{
  g_set_error_literal (error, SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT, message);
  return FALSE;
}

static gboolean
check_address (const char  *address,
               const char  *empty_message,
               GError     **error)
{
  if (!is_set (address))
    return fail (error, empty_message);

  return sp_address_validate (address, error);
}

static gboolean
check_password (const SpProbeRequest  *self,
                GError               **error)
{
  if (!is_set (self->auth_user))
    return TRUE;
  if (self->auth_password == NULL)
    return fail (error, _("Enter the password for the login."));

  /* The message must not quote the password, so it is checked here
   * rather than with sp_text_check_safe (). */
  for (const char *p = self->auth_password; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return fail (error, _("The password contains a line break or another control "
                            "character, which a login cannot carry."));

  return TRUE;
}

static gboolean
check_auth_user (const SpProbeRequest  *self,
                 GError               **error)
{
  /* A password without a user name is not used: no login. */
  if (!is_set (self->auth_user))
    return TRUE;

  if (!sp_text_check_safe (self->auth_user, FALSE, error))
    return FALSE;
  if (strlen (self->auth_user) > 255)
    return fail (error, _("The user name is longer than 255 characters; no mail server "
                          "takes that."));

  return TRUE;
}

static gboolean
check_tls (const SpProbeRequest  *self,
           GError               **error)
{
  if ((guint) self->tls > SP_TLS_POLICY_IMPLICIT)
    return fail (error, _("The encryption setting is none of off, opportunistic, required "
                          "and implicit."));

  if (is_set (self->auth_user) && self->tls == SP_TLS_POLICY_OFF && !self->auth_allow_plaintext)
    return fail (error, _("Logging in would send the password over a connection that is "
                          "not encrypted, and logging in without encryption is not allowed."));

  return TRUE;
}

static gboolean
check_field (const SpProbeRequest  *request,
             SpField                field,
             GError               **error)
{
  switch (field)
    {
    case SP_FIELD_RECIPIENT:
      if (!check_address (request->recipient,
                          _("Enter the recipient’s address, for example kate@example.com."),
                          error))
        return FALSE;
      /* Its domain is looked up, unless a server is given (kate@localhost on a test server). */
      if (!is_set (request->server))
        {
          g_autofree char *domain = sp_address_dup_domain (request->recipient);

          return domain == NULL || sp_domain_check_complete (domain, error);
        }
      return TRUE;

    case SP_FIELD_SENDER:
      return check_address (request->sender,
                            _("Enter the sender’s address, for example "
                              "helpdesk@yourcompany.com. Servers check it, so use one of your "
                              "organisation’s real addresses."),
                            error);

    case SP_FIELD_EHLO_NAME:
      return !is_set (request->ehlo_name) || sp_ehlo_name_validate (request->ehlo_name, error);

    case SP_FIELD_SUBJECT:
      return request->subject == NULL || sp_text_check_safe (request->subject, TRUE, error);

    case SP_FIELD_BODY:
      {
        /* The body is sent as a message, where line ends are normal; only
         * NUL and other controls would corrupt it. */
        g_autofree char *flat = NULL;

        if (request->body == NULL)
          return TRUE;
        flat = g_strdelimit (g_strdup (request->body), "\r\n", ' ');
        return sp_text_check_safe (flat, TRUE, error);
      }

    case SP_FIELD_NOTIFY:
      {
        guint all = SP_NOTIFY_NEVER | SP_NOTIFY_SUCCESS | SP_NOTIFY_FAILURE | SP_NOTIFY_DELAY;

        /* RFC 3461 4.1: NEVER must stand alone. */
        if ((request->notify & ~all) != 0 ||
            ((request->notify & SP_NOTIFY_NEVER) != 0 && request->notify != SP_NOTIFY_NEVER))
          return fail (error, _("“never” cannot be combined with other notifications."));
        return TRUE;
      }

    case SP_FIELD_SERVER:
      {
        g_autofree char *host = NULL;
        guint16 port = request->port;

        return !is_set (request->server) ||
               sp_server_parse (request->server, &host, &port, error);
      }

    case SP_FIELD_PORT:
      return check_number (request, field, request->port, error);
    case SP_FIELD_TIMEOUT:
      return check_number (request, field, request->timeout_ms, error);
    case SP_FIELD_MAX_ATTEMPTS:
      return check_number (request, field, request->max_attempts, error);
    case SP_FIELD_DEADLINE:
      return check_number (request, field, request->deadline_ms, error);
    case SP_FIELD_JOBS:
      return check_number (request, field, request->jobs, error);

    case SP_FIELD_DNS_SERVERS:
      return sp_resolver_check_servers (request->dns_servers, error);

    case SP_FIELD_TLS:
      return check_tls (request, error);

    case SP_FIELD_CA_FILE:
      /* Only what a stat can tell: the test reads the file, in a worker
       * thread, and fails before any traffic if it holds no certificate. */
      return !is_set (request->ca_file) || sp_tls_check_ca_file (request->ca_file, error);

    case SP_FIELD_ACCEPT_CERTIFICATE:
      {
        g_autofree char *sha256 = NULL;

        if (!is_set (request->accept_certificate))
          return TRUE;
        sha256 = sp_tls_fingerprint_normalize (request->accept_certificate, error);
        return sha256 != NULL;
      }

    case SP_FIELD_AUTH_USER:
      return check_auth_user (request, error);
    case SP_FIELD_AUTH_PASSWORD:
      return check_password (request, error);

    case SP_FIELD_NONE:
    case SP_FIELD_DOMAIN:
      return TRUE;

    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
sp_probe_request_validate_field (const SpProbeRequest  *request,
                                 SpField                field,
                                 GError               **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (request != NULL, FALSE);

  if (check_field (request, field, &local_error))
    return TRUE;

  /* One domain for every bad value, whichever module found it. */
  if (local_error->domain == SP_PROBE_ERROR)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error_literal (error, SP_PROBE_ERROR, SP_PROBE_ERROR_INVALID_INPUT,
                         local_error->message);

  return FALSE;
}

gboolean
sp_probe_request_validate (const SpProbeRequest  *request,
                           SpField               *field,
                           GError               **error)
{
  return sp_probe_request_validate_except (request, SP_FIELD_NONE, field, error);
}

gboolean
sp_probe_request_validate_except (const SpProbeRequest  *request,
                                  SpField                skip,
                                  SpField               *field,
                                  GError               **error)
{
  /* The password last, so that a front end can check everything else
   * before it asks for one (the CLI does). */
  static const SpField order[] = {
    SP_FIELD_RECIPIENT, SP_FIELD_SENDER, SP_FIELD_EHLO_NAME, SP_FIELD_NOTIFY,
    SP_FIELD_SUBJECT, SP_FIELD_BODY, SP_FIELD_SERVER, SP_FIELD_PORT, SP_FIELD_TIMEOUT,
    SP_FIELD_MAX_ATTEMPTS, SP_FIELD_DEADLINE, SP_FIELD_DNS_SERVERS, SP_FIELD_CA_FILE,
    SP_FIELD_ACCEPT_CERTIFICATE, SP_FIELD_JOBS, SP_FIELD_AUTH_USER, SP_FIELD_TLS,
    SP_FIELD_AUTH_PASSWORD,
  };

  g_return_val_if_fail (request != NULL, FALSE);

  if (field != NULL)
    *field = SP_FIELD_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (order[i] != skip && !sp_probe_request_validate_field (request, order[i], error))
      {
        if (field != NULL)
          *field = order[i];
        return FALSE;
      }

  return TRUE;
}
