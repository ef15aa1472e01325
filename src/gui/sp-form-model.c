/* sp-form-model.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-form-model"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-gui-enums.h"
#include "sp-form-model-private.h"

enum
{
  PROP_0,
  PROP_REQUEST,
  PROP_MODE,
  PROP_DOMAIN,
  PROP_PRACTICE,
  PROP_CUSTOM_DNS,
  PROP_EXCHANGER,
  PROP_CA_FILE_CHECKING,
  PROP_MX_RESULT,
  PROP_TRANSCRIPT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpFormModel, sp_form_model, G_TYPE_OBJECT)

/* RFC 8314 3.3: submission with TLS from the first byte. */
#define IMPLICIT_TLS_PORT 465

/* Strings are never NULL, so they can be bound to entries as they are. */
static gboolean
set_string (SpFormModel *self,
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

/* A server on 465 says nothing until the TLS handshake, and any other server never starts
 * one, so the port decides for the person who did not choose otherwise. */
static void
request_port_cb (SpFormModel    *self,
                 GParamSpec     *pspec,
                 SpProbeRequest *request)
{
  guint old = self->port;

  self->port = request->port;
  if (request->port == IMPLICIT_TLS_PORT)
    sp_probe_request_set_tls (request, SP_TLS_POLICY_IMPLICIT);
  else if (old == IMPLICIT_TLS_PORT && request->tls == SP_TLS_POLICY_IMPLICIT)
    sp_probe_request_set_tls (request, SP_TLS_POLICY_OPPORTUNISTIC);
}

static void
ca_file_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SpFormModel) self = user_data;
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

/* Whether the file is there, a stat tells at once (sp_probe_request_validate_field ());
 * whether it holds certificates is read once, when it is chosen, off the main loop. The
 * test reads it again when it starts, in case it changed. */
static void
request_ca_file_cb (SpFormModel    *self,
                    GParamSpec     *pspec,
                    SpProbeRequest *request)
{
  g_autofree char *trimmed = _sp_form_model_dup_trimmed (request->ca_file);
  gboolean was_checking = self->ca_file_cancellable != NULL;

  if (self->ca_file_cancellable != NULL)
    g_cancellable_cancel (self->ca_file_cancellable);
  g_clear_object (&self->ca_file_cancellable);
  g_clear_pointer (&self->ca_file_error, g_free);

  if (*trimmed != '\0' && sp_tls_check_ca_file (trimmed, NULL))
    {
      self->ca_file_cancellable = g_cancellable_new ();
      sp_tls_load_ca_file_async (trimmed, self->ca_file_cancellable, ca_file_loaded_cb,
                                 g_object_ref (self));
    }

  if (was_checking != (self->ca_file_cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CA_FILE_CHECKING]);
}

static void
sp_form_model_dispose (GObject *object)
{
  SpFormModel *self = (SpFormModel *)object;

  if (self->ca_file_cancellable != NULL)
    g_cancellable_cancel (self->ca_file_cancellable);
  if (self->request != NULL)
    g_signal_handlers_disconnect_by_data (self->request, self);

  G_OBJECT_CLASS (sp_form_model_parent_class)->dispose (object);
}

static void
sp_form_model_finalize (GObject *object)
{
  SpFormModel *self = (SpFormModel *)object;

  g_clear_object (&self->request);
  g_clear_pointer (&self->mx_result, sp_mx_result_unref);
  g_clear_object (&self->transcript);
  g_clear_object (&self->ca_file_cancellable);
  g_free (self->domain);
  g_free (self->practice);
  g_free (self->exchanger);
  g_free (self->ca_file_error);

  G_OBJECT_CLASS (sp_form_model_parent_class)->finalize (object);
}

static void
sp_form_model_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpFormModel *self = SP_FORM_MODEL (object);

  switch (prop_id)
    {
    case PROP_REQUEST:
      g_value_set_object (value, self->request);
      break;

    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;

    case PROP_DOMAIN:
      g_value_set_string (value, self->domain);
      break;

    case PROP_PRACTICE:
      g_value_set_string (value, self->practice);
      break;

    case PROP_CUSTOM_DNS:
      g_value_set_boolean (value, self->custom_dns);
      break;

    case PROP_EXCHANGER:
      g_value_set_string (value, self->exchanger);
      break;

    case PROP_CA_FILE_CHECKING:
      g_value_set_boolean (value, self->ca_file_cancellable != NULL);
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
sp_form_model_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SpFormModel *self = SP_FORM_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODE:
      sp_form_model_set_mode (self, g_value_get_enum (value));
      break;

    case PROP_DOMAIN:
      sp_form_model_set_domain (self, g_value_get_string (value));
      break;

    case PROP_PRACTICE:
      sp_form_model_set_practice (self, g_value_get_string (value));
      break;

    case PROP_CUSTOM_DNS:
      sp_form_model_set_custom_dns (self, g_value_get_boolean (value));
      break;

    case PROP_EXCHANGER:
      sp_form_model_set_exchanger (self, g_value_get_string (value));
      break;

    case PROP_MX_RESULT:
      sp_form_model_set_mx_result (self, g_value_get_boxed (value));
      break;

    case PROP_TRANSCRIPT:
      sp_form_model_set_transcript (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_form_model_class_init (SpFormModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = sp_form_model_dispose;
  object_class->finalize = sp_form_model_finalize;
  object_class->get_property = sp_form_model_get_property;
  object_class->set_property = sp_form_model_set_property;

  properties[PROP_REQUEST] =
    g_param_spec_object ("request", NULL, NULL, SP_TYPE_PROBE_REQUEST, read_only);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL,
                       SP_TYPE_TEST_MODE, SP_TEST_MODE_RECIPIENT, flags);
  properties[PROP_DOMAIN] = g_param_spec_string ("domain", NULL, NULL, "", flags);
  properties[PROP_PRACTICE] = g_param_spec_string ("practice", NULL, NULL, "accepted", flags);
  properties[PROP_CUSTOM_DNS] = g_param_spec_boolean ("custom-dns", NULL, NULL, FALSE, flags);
  properties[PROP_EXCHANGER] = g_param_spec_string ("exchanger", NULL, NULL, "", flags);
  properties[PROP_CA_FILE_CHECKING] =
    g_param_spec_boolean ("ca-file-checking", NULL, NULL, FALSE, read_only);
  properties[PROP_MX_RESULT] =
    g_param_spec_boxed ("mx-result", NULL, NULL, SP_TYPE_MX_RESULT, flags);
  properties[PROP_TRANSCRIPT] =
    g_param_spec_object ("transcript", NULL, NULL, SP_TYPE_TRANSCRIPT, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_form_model_init (SpFormModel *self)
{
  SpProbeRequest *request = sp_probe_request_new ();

  self->request = request;
  self->mode = SP_TEST_MODE_RECIPIENT;
  self->domain = g_strdup ("");
  self->practice = g_strdup ("accepted");
  self->exchanger = g_strdup ("");
  self->port = request->port;

  /* Never NULL, so that the strings bind to entries as they are. */
  sp_probe_request_set_recipient (request, "");
  sp_probe_request_set_sender (request, "");
  sp_probe_request_set_ehlo_name (request, "");
  /* The same subject the core would use, shown so that people can see and change it. */
  sp_probe_request_set_subject (request, _("SMTP Probe test message"));
  sp_probe_request_set_body (request, "");
  sp_probe_request_set_server (request, "");
  sp_probe_request_set_dns_servers (request, "");
  sp_probe_request_set_ca_file (request, "");
  sp_probe_request_set_auth_user (request, "");

  g_signal_connect_object (request, "notify::port", G_CALLBACK (request_port_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (request, "notify::ca-file", G_CALLBACK (request_ca_file_cb), self,
                           G_CONNECT_SWAPPED);
}

SpFormModel *
sp_form_model_new (void)
{
  return g_object_new (SP_TYPE_FORM_MODEL, NULL);
}

/* Accessors */

SpProbeRequest *
sp_form_model_get_request (SpFormModel *self)
{
  g_return_val_if_fail (SP_IS_FORM_MODEL (self), NULL);

  return self->request;
}

SpTestMode
sp_form_model_get_mode (SpFormModel *self)
{
  g_return_val_if_fail (SP_IS_FORM_MODEL (self), SP_TEST_MODE_RECIPIENT);

  return self->mode;
}

void
sp_form_model_set_mode (SpFormModel *self,
                        SpTestMode   mode)
{
  g_return_if_fail (SP_IS_FORM_MODEL (self));
  g_return_if_fail (mode <= SP_TEST_MODE_PRACTICE);

  if (self->mode == mode)
    return;

  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

const char *
sp_form_model_get_domain (SpFormModel *self)
{
  g_return_val_if_fail (SP_IS_FORM_MODEL (self), NULL);

  return self->domain;
}

void
sp_form_model_set_domain (SpFormModel *self,
                          const char  *domain)
{
  g_return_if_fail (SP_IS_FORM_MODEL (self));

  set_string (self, &self->domain, domain, PROP_DOMAIN);
}

const char *
sp_form_model_get_practice (SpFormModel *self)
{
  g_return_val_if_fail (SP_IS_FORM_MODEL (self), NULL);

  return self->practice;
}

void
sp_form_model_set_practice (SpFormModel *self,
                            const char  *practice)
{
  g_return_if_fail (SP_IS_FORM_MODEL (self));

  set_string (self, &self->practice, practice, PROP_PRACTICE);
}

gboolean
sp_form_model_get_custom_dns (SpFormModel *self)
{
  g_return_val_if_fail (SP_IS_FORM_MODEL (self), FALSE);

  return self->custom_dns;
}

void
sp_form_model_set_custom_dns (SpFormModel *self,
                              gboolean     custom_dns)
{
  g_return_if_fail (SP_IS_FORM_MODEL (self));

  custom_dns = !!custom_dns;
  if (self->custom_dns == custom_dns)
    return;

  self->custom_dns = custom_dns;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOM_DNS]);
}

const char *
sp_form_model_get_exchanger (SpFormModel *self)
{
  g_return_val_if_fail (SP_IS_FORM_MODEL (self), NULL);

  return self->exchanger;
}

void
sp_form_model_set_exchanger (SpFormModel *self,
                             const char  *exchanger)
{
  g_return_if_fail (SP_IS_FORM_MODEL (self));

  set_string (self, &self->exchanger, exchanger, PROP_EXCHANGER);
}

gboolean
sp_form_model_get_ca_file_checking (SpFormModel *self)
{
  g_return_val_if_fail (SP_IS_FORM_MODEL (self), FALSE);

  return self->ca_file_cancellable != NULL;
}

SpTlsPolicy
sp_form_model_get_tls_policy (SpFormModel *self)
{
  g_return_val_if_fail (SP_IS_FORM_MODEL (self), SP_TLS_POLICY_OPPORTUNISTIC);

  return self->request->tls;
}

void
sp_form_model_clear_auth_password (SpFormModel *self)
{
  g_return_if_fail (SP_IS_FORM_MODEL (self));

  sp_probe_request_clear_password (self->request);
}

SpMxResult *
sp_form_model_get_mx_result (SpFormModel *self)
{
  g_return_val_if_fail (SP_IS_FORM_MODEL (self), NULL);

  return self->mx_result;
}

void
sp_form_model_set_mx_result (SpFormModel *self,
                             SpMxResult  *result)
{
  g_return_if_fail (SP_IS_FORM_MODEL (self));

  if (self->mx_result == result)
    return;

  if (result != NULL)
    sp_mx_result_ref (result);
  g_clear_pointer (&self->mx_result, sp_mx_result_unref);
  self->mx_result = result;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MX_RESULT]);
}

SpTranscript *
sp_form_model_get_transcript (SpFormModel *self)
{
  g_return_val_if_fail (SP_IS_FORM_MODEL (self), NULL);

  return self->transcript;
}

void
sp_form_model_set_transcript (SpFormModel  *self,
                              SpTranscript *transcript)
{
  g_return_if_fail (SP_IS_FORM_MODEL (self));
  g_return_if_fail (transcript == NULL || SP_IS_TRANSCRIPT (transcript));

  if (g_set_object (&self->transcript, transcript))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRANSCRIPT]);
}

void
sp_form_model_reset (SpFormModel *self)
{
  g_return_if_fail (SP_IS_FORM_MODEL (self));

  /* What belongs to the person testing rather than to one test; the rest of the request
   * goes back to its defaults. */
  static const char * const kept[] = {
    "sender", "ehlo-name", "dns-servers", "timeout-ms", "max-attempts", "deadline-ms", "ca-file",
    NULL,
  };
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_freeze_notify (G_OBJECT (self->request));

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (self->request), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      GParamSpec *pspec = pspecs[i];

      if ((pspec->flags & G_PARAM_WRITABLE) == 0 || (pspec->flags & G_PARAM_CONSTRUCT_ONLY) != 0 ||
          g_strv_contains (kept, pspec->name))
        continue;

      /* Strings stay "", so that they bind to entries as they are. */
      if (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_STRING &&
          g_value_get_string (g_param_spec_get_default_value (pspec)) == NULL)
        g_object_set (self->request, pspec->name, "", NULL);
      else
        g_object_set_property (G_OBJECT (self->request), pspec->name,
                               g_param_spec_get_default_value (pspec));
    }
  sp_probe_request_clear_password (self->request);
  /* The certificate trusted for one run is none at all. */
  sp_probe_request_set_accept_certificate (self->request, NULL);

  sp_form_model_set_mode (self, SP_TEST_MODE_RECIPIENT);
  sp_form_model_set_domain (self, "");
  sp_form_model_set_practice (self, "accepted");
  sp_form_model_set_exchanger (self, "");
  sp_form_model_set_mx_result (self, NULL);
  sp_form_model_set_transcript (self, NULL);
  g_object_thaw_notify (G_OBJECT (self->request));
  g_object_thaw_notify (G_OBJECT (self));
}

void
sp_form_model_set_accepted_certificate (SpFormModel *self,
                                        const char  *sha256)
{
  g_return_if_fail (SP_IS_FORM_MODEL (self));

  sp_probe_request_set_accept_certificate (self->request, sha256);
}

const char *
sp_form_model_get_accepted_certificate (SpFormModel *self)
{
  g_return_val_if_fail (SP_IS_FORM_MODEL (self), NULL);

  return self->request->accept_certificate;
}

char *
sp_form_model_take_accepted_certificate (SpFormModel *self)
{
  char *sha256;

  g_return_val_if_fail (SP_IS_FORM_MODEL (self), NULL);

  sha256 = g_strdup (self->request->accept_certificate);
  sp_probe_request_set_accept_certificate (self->request, NULL);

  return sha256;
}
