/* sp-probe-request.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-probe-request"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-address.h"
#include "sp-auth.h"
#include "sp-probe.h"
#include "sp-probe-request-private.h"
#include "sp-resolver.h"
#include "sp-text-private.h"
#include "sp-tls-report.h"

#include "sp-enums.h"

G_DEFINE_QUARK (sp-probe-error-quark, sp_probe_error)

typedef struct
{
  /* Holds the core dump guard while the password set through
   * sp_probe_request_set_password () is in memory. */
  gboolean  guarding;
} SpProbeRequestPrivate;

G_DEFINE_FINAL_TYPE_WITH_PRIVATE (SpProbeRequest, sp_probe_request, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_RECIPIENT,
  PROP_SENDER,
  PROP_EHLO_NAME,
  PROP_SUBJECT,
  PROP_BODY,
  PROP_DSN_NOTIFY,
  PROP_CHECK_ONLY,
  PROP_ALL_MX,
  PROP_PIPELINING,
  PROP_SERVER,
  PROP_PORT,
  PROP_DNS_SERVERS,
  PROP_TIMEOUT_MS,
  PROP_FAMILY,
  PROP_TLS_POLICY,
  PROP_CA_FILE,
  PROP_AUTH_USER,
  PROP_AUTH_ALLOW_PLAINTEXT,
  PROP_MAX_ATTEMPTS,
  PROP_DEADLINE_MS,
  PROP_ACCEPT_CERTIFICATE,
  PROP_JOBS,
  PROP_HAS_AUTH_PASSWORD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How a property is stored in the instance struct. */
typedef enum
{
  KIND_STRING,
  KIND_UINT,     /* guint, or an enumeration or flags type stored like one */
  KIND_UINT16,
  KIND_BOOLEAN,
} Kind;

/* One row per property, in the order of the enumeration above, so that
 * the properties share one getter and one setter. */
static const struct
{
  SpField  field;
  gsize    offset;
  Kind     kind;
  guint    scale;  /* the front ends' unit, in the field's: 1000 for seconds in ms */
} columns[N_PROPS] = {
  [PROP_RECIPIENT] = { SP_FIELD_RECIPIENT, G_STRUCT_OFFSET (SpProbeRequest, recipient),
                       KIND_STRING, 1 },
  [PROP_SENDER] = { SP_FIELD_SENDER, G_STRUCT_OFFSET (SpProbeRequest, sender), KIND_STRING, 1 },
  [PROP_EHLO_NAME] = { SP_FIELD_EHLO_NAME, G_STRUCT_OFFSET (SpProbeRequest, ehlo_name),
                       KIND_STRING, 1 },
  [PROP_SUBJECT] = { SP_FIELD_SUBJECT, G_STRUCT_OFFSET (SpProbeRequest, subject),
                     KIND_STRING, 1 },
  [PROP_BODY] = { SP_FIELD_BODY, G_STRUCT_OFFSET (SpProbeRequest, body), KIND_STRING, 1 },
  [PROP_DSN_NOTIFY] = { SP_FIELD_NOTIFY, G_STRUCT_OFFSET (SpProbeRequest, notify), KIND_UINT, 1 },
  [PROP_CHECK_ONLY] = { SP_FIELD_NONE, G_STRUCT_OFFSET (SpProbeRequest, check_only),
                        KIND_BOOLEAN, 1 },
  [PROP_ALL_MX] = { SP_FIELD_NONE, G_STRUCT_OFFSET (SpProbeRequest, all_mx), KIND_BOOLEAN, 1 },
  [PROP_PIPELINING] = { SP_FIELD_NONE, G_STRUCT_OFFSET (SpProbeRequest, pipelining),
                        KIND_BOOLEAN, 1 },
  [PROP_SERVER] = { SP_FIELD_SERVER, G_STRUCT_OFFSET (SpProbeRequest, server), KIND_STRING, 1 },
  [PROP_PORT] = { SP_FIELD_PORT, G_STRUCT_OFFSET (SpProbeRequest, port), KIND_UINT16, 1 },
  [PROP_DNS_SERVERS] = { SP_FIELD_DNS_SERVERS, G_STRUCT_OFFSET (SpProbeRequest, dns_servers),
                         KIND_STRING, 1 },
  [PROP_TIMEOUT_MS] = { SP_FIELD_TIMEOUT, G_STRUCT_OFFSET (SpProbeRequest, timeout_ms),
                        KIND_UINT, 1000 },
  [PROP_FAMILY] = { SP_FIELD_NONE, G_STRUCT_OFFSET (SpProbeRequest, family), KIND_UINT, 1 },
  [PROP_TLS_POLICY] = { SP_FIELD_TLS, G_STRUCT_OFFSET (SpProbeRequest, tls), KIND_UINT, 1 },
  [PROP_CA_FILE] = { SP_FIELD_CA_FILE, G_STRUCT_OFFSET (SpProbeRequest, ca_file),
                     KIND_STRING, 1 },
  [PROP_AUTH_USER] = { SP_FIELD_AUTH_USER, G_STRUCT_OFFSET (SpProbeRequest, auth_user),
                       KIND_STRING, 1 },
  [PROP_AUTH_ALLOW_PLAINTEXT] = { SP_FIELD_NONE,
                                  G_STRUCT_OFFSET (SpProbeRequest, auth_allow_plaintext),
                                  KIND_BOOLEAN, 1 },
  [PROP_MAX_ATTEMPTS] = { SP_FIELD_MAX_ATTEMPTS, G_STRUCT_OFFSET (SpProbeRequest, max_attempts),
                          KIND_UINT, 1 },
  [PROP_DEADLINE_MS] = { SP_FIELD_DEADLINE, G_STRUCT_OFFSET (SpProbeRequest, deadline_ms),
                         KIND_UINT, 1000 },
  [PROP_ACCEPT_CERTIFICATE] = { SP_FIELD_ACCEPT_CERTIFICATE,
                                G_STRUCT_OFFSET (SpProbeRequest, accept_certificate),
                                KIND_STRING, 1 },
  [PROP_JOBS] = { SP_FIELD_JOBS, G_STRUCT_OFFSET (SpProbeRequest, jobs), KIND_UINT, 1 },
};

static guint
get_number (const SpProbeRequest *self,
            guint                 prop_id)
{
  gconstpointer field = G_STRUCT_MEMBER_P (self, columns[prop_id].offset);

  switch (columns[prop_id].kind)
    {
    case KIND_UINT16:
      return *(const guint16 *) field;
    case KIND_BOOLEAN:
      return *(const gboolean *) field;
    case KIND_UINT:
    case KIND_STRING:
    default:
      return *(const guint *) field;
    }
}

static void
set_number (SpProbeRequest *self,
            guint           prop_id,
            guint           value)
{
  gpointer field = G_STRUCT_MEMBER_P (self, columns[prop_id].offset);

  g_assert (columns[prop_id].kind != KIND_STRING);

  if (columns[prop_id].kind == KIND_BOOLEAN)
    value = !!value;
  if (get_number (self, prop_id) == value)
    return;

  if (columns[prop_id].kind == KIND_UINT16)
    *(guint16 *) field = value;
  else if (columns[prop_id].kind == KIND_BOOLEAN)
    *(gboolean *) field = value;
  else
    *(guint *) field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_string (SpProbeRequest *self,
            guint           prop_id,
            const char     *value)
{
  char **field = G_STRUCT_MEMBER_P (self, columns[prop_id].offset);

  g_assert (columns[prop_id].kind == KIND_STRING);

  if (_sp_set_str (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
sp_probe_request_finalize (GObject *object)
{
  SpProbeRequest *self = (SpProbeRequest *)object;
  SpProbeRequestPrivate *priv = sp_probe_request_get_instance_private (self);

  /* Not through sp_probe_request_clear_password (): nothing notifies from
   * finalize. */
  g_clear_pointer (&self->auth_password, sp_auth_secret_free);
  if (priv->guarding)
    sp_auth_guard_release ();
  for (guint i = PROP_0 + 1; i < PROP_HAS_AUTH_PASSWORD; i++)
    if (columns[i].kind == KIND_STRING)
      g_free (*(char **) G_STRUCT_MEMBER_P (self, columns[i].offset));

  G_OBJECT_CLASS (sp_probe_request_parent_class)->finalize (object);
}

static void
sp_probe_request_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SpProbeRequest *self = SP_PROBE_REQUEST (object);
  guint number;

  if (prop_id == PROP_HAS_AUTH_PASSWORD)
    {
      g_value_set_boolean (value, self->auth_password != NULL);
      return;
    }
  if (prop_id == PROP_0 || prop_id >= PROP_HAS_AUTH_PASSWORD)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (columns[prop_id].kind == KIND_STRING)
    {
      const char *text = *(char **) G_STRUCT_MEMBER_P (self, columns[prop_id].offset);

      /* NULL reads as "", so that the properties bind to entries. */
      g_value_set_string (value, text != NULL ? text : "");
      return;
    }

  number = get_number (self, prop_id);
  if (G_VALUE_HOLDS_BOOLEAN (value))
    g_value_set_boolean (value, number);
  else if (G_VALUE_HOLDS_ENUM (value))
    g_value_set_enum (value, number);
  else if (G_VALUE_HOLDS_FLAGS (value))
    g_value_set_flags (value, number);
  else
    g_value_set_uint (value, number);
}

static void
sp_probe_request_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SpProbeRequest *self = SP_PROBE_REQUEST (object);

  if (prop_id == PROP_0 || prop_id >= PROP_HAS_AUTH_PASSWORD)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  else if (columns[prop_id].kind == KIND_STRING)
    set_string (self, prop_id, g_value_get_string (value));
  else if (G_VALUE_HOLDS_BOOLEAN (value))
    set_number (self, prop_id, g_value_get_boolean (value));
  else if (G_VALUE_HOLDS_ENUM (value))
    set_number (self, prop_id, g_value_get_enum (value));
  else if (G_VALUE_HOLDS_FLAGS (value))
    set_number (self, prop_id, g_value_get_flags (value));
  else
    set_number (self, prop_id, g_value_get_uint (value));
}

static void
sp_probe_request_class_init (SpProbeRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sp_probe_request_finalize;
  object_class->get_property = sp_probe_request_get_property;
  object_class->set_property = sp_probe_request_set_property;

  properties[PROP_RECIPIENT] = g_param_spec_string ("recipient", NULL, NULL, "", flags);
  properties[PROP_SENDER] = g_param_spec_string ("sender", NULL, NULL, "", flags);
  properties[PROP_EHLO_NAME] = g_param_spec_string ("ehlo-name", NULL, NULL, "", flags);
  properties[PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, "", flags);
  properties[PROP_BODY] = g_param_spec_string ("body", NULL, NULL, "", flags);
  properties[PROP_DSN_NOTIFY] =
    g_param_spec_flags ("dsn-notify", NULL, NULL, SP_TYPE_NOTIFY_FLAGS,
                        SP_NOTIFY_SUCCESS | SP_NOTIFY_FAILURE, flags);
  properties[PROP_CHECK_ONLY] = g_param_spec_boolean ("check-only", NULL, NULL, FALSE, flags);
  properties[PROP_ALL_MX] = g_param_spec_boolean ("all-mx", NULL, NULL, FALSE, flags);
  properties[PROP_PIPELINING] = g_param_spec_boolean ("pipelining", NULL, NULL, FALSE, flags);
  properties[PROP_SERVER] = g_param_spec_string ("server", NULL, NULL, "", flags);
  properties[PROP_DNS_SERVERS] = g_param_spec_string ("dns-servers", NULL, NULL, "", flags);
  properties[PROP_FAMILY] =
    g_param_spec_enum ("family", NULL, NULL, SP_TYPE_ADDRESS_FAMILY, SP_ADDRESS_FAMILY_ANY,
                       flags);
  /* An unsigned number rather than SP_TYPE_TLS_POLICY: GtkDropDown's
   * "selected" binds to it as it is. */
  properties[PROP_TLS_POLICY] =
    g_param_spec_uint ("tls-policy", NULL, NULL, SP_TLS_POLICY_OFF, SP_TLS_POLICY_IMPLICIT,
                       SP_TLS_POLICY_OPPORTUNISTIC, flags);
  properties[PROP_CA_FILE] = g_param_spec_string ("ca-file", NULL, NULL, "", flags);
  properties[PROP_AUTH_USER] = g_param_spec_string ("auth-user", NULL, NULL, "", flags);
  properties[PROP_AUTH_ALLOW_PLAINTEXT] =
    g_param_spec_boolean ("auth-allow-plaintext", NULL, NULL, FALSE, flags);
  properties[PROP_ACCEPT_CERTIFICATE] =
    g_param_spec_string ("accept-certificate", NULL, NULL, "", flags);
  properties[PROP_HAS_AUTH_PASSWORD] =
    g_param_spec_boolean ("has-auth-password", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* The table of limits: every front end and sp_probe_request_validate ()
   * read the ranges from these. Times in milliseconds, as the core uses
   * them; sp_probe_request_get_limits () gives them in seconds. */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 1, G_MAXUINT16, SP_PROBE_DEFAULT_PORT, flags);
  properties[PROP_TIMEOUT_MS] =
    g_param_spec_uint ("timeout-ms", NULL, NULL, 1, SP_PROBE_MAX_TIMEOUT * 1000,
                       SP_PROBE_DEFAULT_TIMEOUT * 1000, flags);
  properties[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", NULL, NULL, 0, SP_PROBE_MAX_ATTEMPTS, 0, flags);
  properties[PROP_DEADLINE_MS] =
    g_param_spec_uint ("deadline-ms", NULL, NULL, 1000, SP_PROBE_MAX_DEADLINE * 1000,
                       SP_PROBE_DEFAULT_DEADLINE * 1000, flags);
  properties[PROP_JOBS] =
    g_param_spec_uint ("jobs", NULL, NULL, 1, SP_BATCH_MAX_JOBS, SP_BATCH_DEFAULT_JOBS, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_probe_request_init (SpProbeRequest *self)
{
  /* The defaults are the param specs'. */
  for (guint i = PROP_0 + 1; i < PROP_HAS_AUTH_PASSWORD; i++)
    {
      GParamSpec *pspec = properties[i];

      if (columns[i].kind == KIND_STRING)
        continue;
      else if (G_IS_PARAM_SPEC_UINT (pspec))
        set_number (self, i, G_PARAM_SPEC_UINT (pspec)->default_value);
      else if (G_IS_PARAM_SPEC_ENUM (pspec))
        set_number (self, i, G_PARAM_SPEC_ENUM (pspec)->default_value);
      else if (G_IS_PARAM_SPEC_FLAGS (pspec))
        set_number (self, i, G_PARAM_SPEC_FLAGS (pspec)->default_value);
    }
}

/* Request */

SpProbeRequest *
sp_probe_request_new (void)
{
  return g_object_new (SP_TYPE_PROBE_REQUEST, NULL);
}

SpProbeRequest *
sp_probe_request_copy (const SpProbeRequest *request)
{
  SpProbeRequest *copy;

  g_return_val_if_fail (SP_IS_PROBE_REQUEST ((SpProbeRequest *) request), NULL);

  copy = sp_probe_request_new ();
  for (guint i = PROP_0 + 1; i < PROP_HAS_AUTH_PASSWORD; i++)
    {
      if (columns[i].kind == KIND_STRING)
        set_string (copy, i, *(char **) G_STRUCT_MEMBER_P (request, columns[i].offset));
      else
        set_number (copy, i, get_number (request, i));
    }
  sp_probe_request_set_password (copy, request->auth_password);

  return copy;
}

void
sp_probe_request_free (SpProbeRequest *request)
{
  if (request != NULL)
    g_object_unref (request);
}

const char *
sp_probe_request_field_property (SpField field)
{
  for (guint i = PROP_0 + 1; i < PROP_HAS_AUTH_PASSWORD; i++)
    if (field != SP_FIELD_NONE && columns[i].field == field)
      return properties[i] != NULL ? properties[i]->name : NULL;

  return NULL;
}

GParamSpecUInt *
_sp_probe_request_find_number_spec (SpField  field,
                                    guint   *scale)
{
  /* The specs are made with the class; a static type keeps its class. */
  g_type_class_unref (g_type_class_ref (SP_TYPE_PROBE_REQUEST));

  for (guint i = PROP_0 + 1; i < PROP_HAS_AUTH_PASSWORD; i++)
    if (field != SP_FIELD_NONE && columns[i].field == field &&
        G_IS_PARAM_SPEC_UINT (properties[i]))
      {
        *scale = columns[i].scale;
        return G_PARAM_SPEC_UINT (properties[i]);
      }

  return NULL;
}

guint
sp_probe_request_get_attempt_limit (const SpProbeRequest *request)
{
  g_return_val_if_fail (request != NULL, 0);

  if (request->max_attempts != 0)
    return MIN (request->max_attempts, SP_PROBE_MAX_ATTEMPTS);

  return request->all_mx ? SP_PROBE_ALL_MX_ATTEMPTS : SP_PROBE_FAILOVER_ATTEMPTS;
}

/* Setters */

#define RETURN_IF_NOT_REQUEST(self) g_return_if_fail (SP_IS_PROBE_REQUEST (self))

void
sp_probe_request_set_recipient (SpProbeRequest *self,
                                const char     *recipient)
{
  RETURN_IF_NOT_REQUEST (self);
  set_string (self, PROP_RECIPIENT, recipient);
}

void
sp_probe_request_set_sender (SpProbeRequest *self,
                             const char     *sender)
{
  RETURN_IF_NOT_REQUEST (self);
  set_string (self, PROP_SENDER, sender);
}

void
sp_probe_request_set_ehlo_name (SpProbeRequest *self,
                                const char     *ehlo_name)
{
  RETURN_IF_NOT_REQUEST (self);
  set_string (self, PROP_EHLO_NAME, ehlo_name);
}

void
sp_probe_request_set_subject (SpProbeRequest *self,
                              const char     *subject)
{
  RETURN_IF_NOT_REQUEST (self);
  set_string (self, PROP_SUBJECT, subject);
}

void
sp_probe_request_set_body (SpProbeRequest *self,
                           const char     *body)
{
  RETURN_IF_NOT_REQUEST (self);
  set_string (self, PROP_BODY, body);
}

void
sp_probe_request_set_notify (SpProbeRequest *self,
                             SpNotifyFlags   notify)
{
  RETURN_IF_NOT_REQUEST (self);
  set_number (self, PROP_DSN_NOTIFY, notify);
}

void
sp_probe_request_set_check_only (SpProbeRequest *self,
                                 gboolean        check_only)
{
  RETURN_IF_NOT_REQUEST (self);
  set_number (self, PROP_CHECK_ONLY, check_only);
}

void
sp_probe_request_set_all_mx (SpProbeRequest *self,
                             gboolean        all_mx)
{
  RETURN_IF_NOT_REQUEST (self);
  set_number (self, PROP_ALL_MX, all_mx);
}

void
sp_probe_request_set_pipelining (SpProbeRequest *self,
                                 gboolean        pipelining)
{
  RETURN_IF_NOT_REQUEST (self);
  set_number (self, PROP_PIPELINING, pipelining);
}

void
sp_probe_request_set_server (SpProbeRequest *self,
                             const char     *server)
{
  RETURN_IF_NOT_REQUEST (self);
  set_string (self, PROP_SERVER, server);
}

void
sp_probe_request_set_port (SpProbeRequest *self,
                           guint           port)
{
  RETURN_IF_NOT_REQUEST (self);
  /* The field holds no more; sp_probe_request_check_limits () says so in words. */
  g_return_if_fail (port <= G_MAXUINT16);
  set_number (self, PROP_PORT, port);
}

void
sp_probe_request_set_dns_servers (SpProbeRequest *self,
                                  const char     *dns_servers)
{
  RETURN_IF_NOT_REQUEST (self);
  set_string (self, PROP_DNS_SERVERS, dns_servers);
}

void
sp_probe_request_set_timeout_ms (SpProbeRequest *self,
                                 guint           timeout_ms)
{
  RETURN_IF_NOT_REQUEST (self);
  set_number (self, PROP_TIMEOUT_MS, timeout_ms);
}

void
sp_probe_request_set_family (SpProbeRequest  *self,
                             SpAddressFamily  family)
{
  RETURN_IF_NOT_REQUEST (self);
  set_number (self, PROP_FAMILY, family);
}

void
sp_probe_request_set_tls (SpProbeRequest *self,
                          SpTlsPolicy     tls)
{
  RETURN_IF_NOT_REQUEST (self);
  set_number (self, PROP_TLS_POLICY, tls);
}

void
sp_probe_request_set_ca_file (SpProbeRequest *self,
                              const char     *ca_file)
{
  RETURN_IF_NOT_REQUEST (self);
  set_string (self, PROP_CA_FILE, ca_file);
}

void
sp_probe_request_set_auth_user (SpProbeRequest *self,
                                const char     *auth_user)
{
  RETURN_IF_NOT_REQUEST (self);
  set_string (self, PROP_AUTH_USER, auth_user);
}

void
sp_probe_request_set_auth_allow_plaintext (SpProbeRequest *self,
                                           gboolean        allow)
{
  RETURN_IF_NOT_REQUEST (self);
  set_number (self, PROP_AUTH_ALLOW_PLAINTEXT, allow);
}

void
sp_probe_request_set_max_attempts (SpProbeRequest *self,
                                   guint           max_attempts)
{
  RETURN_IF_NOT_REQUEST (self);
  set_number (self, PROP_MAX_ATTEMPTS, max_attempts);
}

void
sp_probe_request_set_deadline_ms (SpProbeRequest *self,
                                  guint           deadline_ms)
{
  RETURN_IF_NOT_REQUEST (self);
  set_number (self, PROP_DEADLINE_MS, deadline_ms);
}

void
sp_probe_request_set_accept_certificate (SpProbeRequest *self,
                                         const char     *sha256)
{
  RETURN_IF_NOT_REQUEST (self);
  set_string (self, PROP_ACCEPT_CERTIFICATE, sha256);
}

void
sp_probe_request_set_jobs (SpProbeRequest *self,
                           guint           jobs)
{
  RETURN_IF_NOT_REQUEST (self);
  set_number (self, PROP_JOBS, jobs);
}

/* The password */

void
sp_probe_request_take_password (SpProbeRequest *self,
                                char           *password)
{
  SpProbeRequestPrivate *priv;
  gboolean had;
  char *old;

  RETURN_IF_NOT_REQUEST (self);

  priv = sp_probe_request_get_instance_private (self);
  had = self->auth_password != NULL;
  /* No core file may hold the password while the request has it. */
  if (password != NULL && !priv->guarding)
    {
      sp_auth_guard_hold ();
      priv->guarding = TRUE;
    }

  old = g_steal_pointer (&self->auth_password);
  self->auth_password = password;
  sp_auth_secret_free (old);

  if (password == NULL && priv->guarding)
    {
      sp_auth_guard_release ();
      priv->guarding = FALSE;
    }

  if (had != (password != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_AUTH_PASSWORD]);
}

void
sp_probe_request_set_password (SpProbeRequest *self,
                               const char     *password)
{
  RETURN_IF_NOT_REQUEST (self);

  /* The same password again: nothing to copy, nothing to notify. */
  if (g_strcmp0 (self->auth_password, password) == 0)
    return;

  sp_probe_request_take_password (self, g_strdup (password));
}

void
sp_probe_request_clear_password (SpProbeRequest *request)
{
  RETURN_IF_NOT_REQUEST (request);

  sp_probe_request_take_password (request, NULL);
}

gboolean
sp_probe_request_get_has_password (SpProbeRequest *self)
{
  g_return_val_if_fail (SP_IS_PROBE_REQUEST (self), FALSE);

  return self->auth_password != NULL;
}

char *
sp_probe_request_dup_summary (SpProbeRequest *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (SP_IS_PROBE_REQUEST (self), NULL);

  g_ptr_array_add (parts, g_strdup (self->check_only
                                      /* Translators: the parts of the one-line summary
                                       * of a test, shown under the title of the session
                                       * and the result. */
                                      ? _("Check only, nothing sent")
                                      : _("Sends a test message")));
  if (self->all_mx)
    g_ptr_array_add (parts, g_strdup (_("Every mail server")));
  if (self->pipelining)
    /* Translators: RFC 2920 PIPELINING, the fast path that sends MAIL
     * FROM, RCPT TO and DATA in one go. */
    g_ptr_array_add (parts, g_strdup (_("Commands pipelined")));
  if (self->server != NULL && *self->server != '\0')
    /* Translators: %s is a mail server's name or address. */
    g_ptr_array_add (parts, g_strdup_printf (_("Server %s"), self->server));
  if (self->port != SP_PROBE_DEFAULT_PORT)
    /* Translators: a TCP port number, not a count; “port” in lower case, mid-sentence. */
    g_ptr_array_add (parts, g_strdup_printf (_("port %u"), self->port));

  switch (self->tls)
    {
    case SP_TLS_POLICY_OFF:
      g_ptr_array_add (parts, g_strdup (_("No encryption")));
      break;

    case SP_TLS_POLICY_REQUIRED:
      g_ptr_array_add (parts, g_strdup (_("STARTTLS required")));
      break;

    case SP_TLS_POLICY_IMPLICIT:
      g_ptr_array_add (parts, g_strdup (_("TLS from the first byte")));
      break;

    case SP_TLS_POLICY_OPPORTUNISTIC:
    default:
      break;
    }

  if (self->auth_user != NULL && *self->auth_user != '\0')
    /* Translators: %s is the user name a test signs in with. */
    g_ptr_array_add (parts, g_strdup_printf (_("Signs in as %s"), self->auth_user));
  if (self->family == SP_ADDRESS_FAMILY_IPV4)
    g_ptr_array_add (parts, g_strdup (_("IPv4 only")));
  else if (self->family == SP_ADDRESS_FAMILY_IPV6)
    g_ptr_array_add (parts, g_strdup (_("IPv6 only")));
  if (self->dns_servers != NULL && *self->dns_servers != '\0')
    /* Translators: %s lists the DNS servers the test asks, "192.0.2.53:53". */
    g_ptr_array_add (parts, g_strdup_printf (_("DNS %s"), self->dns_servers));

  g_ptr_array_add (parts, NULL);

  /* Translators: what separates the parts of the summary of a test. */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}
