/* sp-tls-report.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-tls-report"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-boxed-private.h"
#include "sp-diagnosis.h"
#include "sp-tls-report-private.h"

G_DEFINE_QUARK (sp-tls-error-quark, sp_tls_error)


/* Enumerations */

static const char * const policy_names[] = {
  [SP_TLS_POLICY_OFF] = "off",
  [SP_TLS_POLICY_OPPORTUNISTIC] = "opportunistic",
  [SP_TLS_POLICY_REQUIRED] = "required",
  [SP_TLS_POLICY_IMPLICIT] = "implicit",
};

static const char * const policy_labels[] = {
  [SP_TLS_POLICY_OFF] = N_("No encryption"),
  [SP_TLS_POLICY_OPPORTUNISTIC] = N_("STARTTLS when offered"),
  [SP_TLS_POLICY_REQUIRED] = N_("STARTTLS required"),
  [SP_TLS_POLICY_IMPLICIT] = N_("Implicit TLS (port 465)"),
};

typedef struct
{
  SpTlsProblems         problem;
  const char           *name;
  const char           *label;
  /* The flag of GLib's validation that reports it, or 0: GLib has no
   * flag for a self-signed certificate. */
  GTlsCertificateFlags  flag;
} ProblemInfo;

static const ProblemInfo problem_info[] = {
  /* Translators: a problem of a server’s certificate, shown as a short label in a list such as
   * “Expired, Name mismatch”. */
  { SP_TLS_PROBLEM_UNKNOWN_ISSUER, "unknown-issuer", N_("Unknown issuer"),
    G_TLS_CERTIFICATE_UNKNOWN_CA },
  /* Translators: a problem of a server’s certificate, shown as a short label in a list such as
   * “Expired, Name mismatch”. */
  { SP_TLS_PROBLEM_SELF_SIGNED, "self-signed", N_("Self-signed"), 0 },
  /* Translators: a problem of a server’s certificate, shown as a short label in a list such as
   * “Expired, Name mismatch”. */
  { SP_TLS_PROBLEM_NAME_MISMATCH, "name-mismatch", N_("Name mismatch"),
    G_TLS_CERTIFICATE_BAD_IDENTITY },
  /* Translators: a problem of a server’s certificate, shown as a short label in a list such as
   * “Expired, Name mismatch”. */
  { SP_TLS_PROBLEM_NOT_YET_VALID, "not-yet-valid", N_("Not yet valid"),
    G_TLS_CERTIFICATE_NOT_ACTIVATED },
  /* Translators: a problem of a server’s certificate, shown as a short label in a list such as
   * “Expired, Name mismatch”. */
  { SP_TLS_PROBLEM_EXPIRED, "expired", N_("Expired"), G_TLS_CERTIFICATE_EXPIRED },
  /* Translators: a problem of a server’s certificate, shown as a short label in a list such as
   * “Expired, Name mismatch”. */
  { SP_TLS_PROBLEM_REVOKED, "revoked", N_("Revoked"), G_TLS_CERTIFICATE_REVOKED },
  /* Translators: a problem of a server’s certificate, shown as a short label in a list such as
   * “Expired, Name mismatch”. */
  { SP_TLS_PROBLEM_INSECURE, "insecure", N_("Insecure algorithm"),
    G_TLS_CERTIFICATE_INSECURE },
  /* Translators: a problem of a server’s certificate, shown as a short label in a list such as
   * “Expired, Name mismatch”. */
  { SP_TLS_PROBLEM_OTHER, "other", N_("Other validation error"),
    G_TLS_CERTIFICATE_GENERIC_ERROR },
};

const char *
sp_tls_policy_to_string (SpTlsPolicy policy)
{
  if ((guint) policy >= G_N_ELEMENTS (policy_names))
    policy = SP_TLS_POLICY_OPPORTUNISTIC;

  return policy_names[policy];
}

const char *
sp_tls_policy_get_label (SpTlsPolicy policy)
{
  if ((guint) policy >= G_N_ELEMENTS (policy_labels))
    policy = SP_TLS_POLICY_OPPORTUNISTIC;

  return _(policy_labels[policy]);
}

gboolean
sp_tls_policy_parse (const char   *text,
                     SpTlsPolicy  *policy,
                     GError      **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (policy_names); i++)
    {
      if (g_ascii_strcasecmp (text, policy_names[i]) == 0)
        {
          *policy = (SpTlsPolicy) i;
          return TRUE;
        }
    }

  g_set_error_literal (error, SP_TLS_ERROR, SP_TLS_ERROR_INVALID_POLICY,
                       _("The encryption setting must be “off”, “opportunistic” (STARTTLS "
                         "when the server offers it), “required” (STARTTLS or fail) or "
                         "“implicit” (TLS from the start, as on port 465)."));
  return FALSE;
}

static const ProblemInfo *
find_problem (SpTlsProblems problem)
{
  for (guint i = 0; i < G_N_ELEMENTS (problem_info); i++)
    if (problem_info[i].problem == problem)
      return &problem_info[i];

  return NULL;
}

const char *
sp_tls_problem_to_string (SpTlsProblems problem)
{
  const ProblemInfo *info = find_problem (problem);

  return info != NULL ? info->name : "other";
}

const char *
sp_tls_problem_get_label (SpTlsProblems problem)
{
  const ProblemInfo *info = find_problem (problem);

  return _(info != NULL ? info->label : problem_info[G_N_ELEMENTS (problem_info) - 1].label);
}

/* Memory */

static void
sp_tls_report_clear (SpTlsReport *report)
{
  g_free (report->identity);
  g_free (report->protocol);
  g_free (report->cipher_suite);
  g_free (report->subject);
  g_free (report->issuer);
  g_strfreev (report->dns_names);
  g_strfreev (report->ip_addresses);
  g_clear_pointer (&report->not_before, g_date_time_unref);
  g_clear_pointer (&report->not_after, g_date_time_unref);
  g_free (report->sha256);
  g_free (report->ca_file);
}

SP_DEFINE_RC_BOXED_TYPE (SpTlsReport, sp_tls_report, sp_tls_report_clear)

/* Names */

static char *
normalize_name (const char *name)
{
  gsize len = strlen (name);

  /* "mx.example.test." and "mx.example.test" are the same host. */
  if (len > 1 && name[len - 1] == '.')
    len--;

  return g_ascii_strdown (name, len);
}

static gboolean
dns_name_matches (const char *pattern,
                  const char *host)
{
  g_autofree char *p = normalize_name (pattern);
  g_autofree char *h = normalize_name (host);

  /* RFC 6125 6.4.3: a wildcard is the whole leftmost label and stands for
   * exactly one label; "*.test" would cover a whole top-level domain. */
  if (g_str_has_prefix (p, "*."))
    {
      const char *suffix = p + 1;
      const char *dot = strchr (h, '.');

      if (strchr (suffix + 1, '.') == NULL || dot == NULL || dot == h)
        return FALSE;

      return strcmp (dot, suffix) == 0;
    }

  return strcmp (p, h) == 0;
}

/* The value of the first CN in an RFC 4514 name, without escapes. */
static char *
dup_common_name (const char *subject)
{
  const char *p = subject;

  while (p != NULL && *p != '\0')
    {
      g_autoptr(GString) value = g_string_new (NULL);
      gboolean is_cn;

      while (*p == ' ' || *p == ',' || *p == '+')
        p++;
      is_cn = g_ascii_strncasecmp (p, "CN=", 3) == 0;
      p = strchr (p, '=');
      if (p == NULL)
        break;
      p++;

      for (; *p != '\0' && *p != ',' && *p != '+'; p++)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          g_string_append_c (value, *p);
        }

      if (is_cn)
        return g_string_free (g_steal_pointer (&value), FALSE);
    }

  return NULL;
}

gboolean
sp_tls_name_matches (const char * const *dns_names,
                     const char * const *ip_addresses,
                     const char         *subject,
                     const char         *identity)
{
  g_autoptr(GInetAddress) identity_address = NULL;
  g_autofree char *bare = NULL;
  gsize len;

  g_return_val_if_fail (identity != NULL, FALSE);

  len = strlen (identity);
  if (len > 2 && identity[0] == '[' && identity[len - 1] == ']')
    bare = g_strndup (identity + 1, len - 2);
  else
    bare = g_strdup (identity);

  identity_address = g_inet_address_new_from_string (bare);
  if (identity_address != NULL)
    {
      for (guint i = 0; ip_addresses != NULL && ip_addresses[i] != NULL; i++)
        {
          g_autoptr(GInetAddress) address = g_inet_address_new_from_string (ip_addresses[i]);

          if (address != NULL && g_inet_address_equal (address, identity_address))
            return TRUE;
        }

      return FALSE;
    }

  for (guint i = 0; dns_names != NULL && dns_names[i] != NULL; i++)
    if (dns_name_matches (dns_names[i], bare))
      return TRUE;

  /* RFC 6125 6.4.4: the CN counts only when there are no alternative names. */
  if ((dns_names == NULL || dns_names[0] == NULL) &&
      (ip_addresses == NULL || ip_addresses[0] == NULL) &&
      subject != NULL)
    {
      g_autofree char *cn = dup_common_name (subject);

      return cn != NULL && dns_name_matches (cn, bare);
    }

  return FALSE;
}

static GStrv
dup_dns_names (GTlsCertificate *certificate)
{
  g_autoptr(GPtrArray) names = g_tls_certificate_get_dns_names (certificate);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      gsize size;
      const char *data = g_bytes_get_data (g_ptr_array_index (names, i), &size);
      g_autofree char *name = g_strndup (data, size);

      g_strv_builder_add (builder, name);
    }

  return g_strv_builder_end (builder);
}

static GStrv
dup_ip_addresses (GTlsCertificate *certificate)
{
  g_autoptr(GPtrArray) addresses = g_tls_certificate_get_ip_addresses (certificate);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; addresses != NULL && i < addresses->len; i++)
    {
      g_autofree char *text = g_inet_address_to_string (g_ptr_array_index (addresses, i));

      g_strv_builder_add (builder, text);
    }

  return g_strv_builder_end (builder);
}

static gboolean
is_self_issued (GTlsCertificate *certificate)
{
  g_autofree char *subject = g_tls_certificate_get_subject_name (certificate);
  g_autofree char *issuer = g_tls_certificate_get_issuer_name (certificate);

  return subject != NULL && issuer != NULL && strcmp (subject, issuer) == 0 &&
         g_tls_certificate_get_issuer (certificate) == NULL;
}

SpTlsProblems
sp_tls_check_certificate (GTlsCertificate *certificate,
                          const char      *identity,
                          GDateTime       *now)
{
  g_autoptr(GDateTime) not_before = NULL;
  g_autoptr(GDateTime) not_after = NULL;
  g_autoptr(GDateTime) owned_now = NULL;
  g_autofree char *subject = NULL;
  g_auto(GStrv) dns_names = NULL;
  g_auto(GStrv) ip_addresses = NULL;
  SpTlsProblems problems = SP_TLS_PROBLEM_NONE;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), SP_TLS_PROBLEM_OTHER);

  if (now == NULL)
    now = owned_now = g_date_time_new_now_utc ();

  not_before = g_tls_certificate_get_not_valid_before (certificate);
  not_after = g_tls_certificate_get_not_valid_after (certificate);
  if (not_before != NULL && g_date_time_compare (now, not_before) < 0)
    problems |= SP_TLS_PROBLEM_NOT_YET_VALID;
  if (not_after != NULL && g_date_time_compare (now, not_after) > 0)
    problems |= SP_TLS_PROBLEM_EXPIRED;

  if (identity != NULL)
    {
      subject = g_tls_certificate_get_subject_name (certificate);
      dns_names = dup_dns_names (certificate);
      ip_addresses = dup_ip_addresses (certificate);
      if (!sp_tls_name_matches ((const char * const *) dns_names,
                                (const char * const *) ip_addresses, subject, identity))
        problems |= SP_TLS_PROBLEM_NAME_MISMATCH;
    }

  if (is_self_issued (certificate))
    problems |= SP_TLS_PROBLEM_SELF_SIGNED;

  return problems;
}

/* Trust */

static SpTlsCaFileReadHook ca_file_read_hook;
static gpointer ca_file_read_hook_data;

void
_sp_tls_set_ca_file_read_hook (SpTlsCaFileReadHook hook,
                               gpointer            user_data)
{
  ca_file_read_hook = hook;
  ca_file_read_hook_data = user_data;
}

gboolean
sp_tls_check_ca_file (const char  *path,
                      GError     **error)
{
  g_autofree char *absolute = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  absolute = g_canonicalize_filename (path, NULL);
  file = g_file_new_for_path (absolute);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);

  if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, SP_TLS_ERROR, SP_TLS_ERROR_CA_FILE,
                   _("The CA file %s does not exist or is not a file. Give the path of a PEM "
                     "file with your organisation’s certificate authority."),
                   absolute);
      return FALSE;
    }

  /* Before anything is read: the TLS library would read the file whole. */
  if (g_file_info_get_size (info) > SP_TLS_CA_FILE_MAX_SIZE)
    {
      g_autofree char *size = g_format_size_full (g_file_info_get_size (info),
                                                  G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (SP_TLS_CA_FILE_MAX_SIZE,
                                                   G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, SP_TLS_ERROR, SP_TLS_ERROR_CA_FILE,
                   /* Translators: the CA file is the value of the option or field “CA file”; %s
                    * first is its path, then its size and the limit, which read like “2.0 GiB” and
                    * “4.0 MiB”. */
                   _("The CA file %s is %s, more than the %s any file of certificate "
                     "authorities needs, so it was not read. Give the PEM file of your "
                     "organisation’s own authority."),
                   absolute, size, limit);
      return FALSE;
    }

  return TRUE;
}

GTlsDatabase *
sp_tls_load_ca_file (const char  *path,
                     GError     **error)
{
  g_autofree char *absolute = NULL;
  g_autoptr(GError) local_error = NULL;
  GList *certificates;
  GTlsDatabase *database;
  guint n;

  g_return_val_if_fail (path != NULL, NULL);

  /* GIO's file database silently loads nothing from a relative path. */
  absolute = g_canonicalize_filename (path, NULL);
  if (!sp_tls_check_ca_file (absolute, error))
    return NULL;

  if (ca_file_read_hook != NULL)
    ca_file_read_hook (absolute, ca_file_read_hook_data);

  certificates = g_tls_certificate_list_new_from_file (absolute, &local_error);
  n = g_list_length (certificates);
  g_list_free_full (certificates, g_object_unref);
  if (local_error != NULL)
    {
      g_set_error (error, SP_TLS_ERROR, SP_TLS_ERROR_CA_FILE,
                   /* Translators: %s first is the path of the CA file, then the TLS
                    * library's own words. */
                   _("The CA file %s holds no certificate that can be read: %s. It must be a "
                     "PEM file, with lines like “-----BEGIN CERTIFICATE-----”."),
                   absolute, local_error->message);
      return NULL;
    }
  if (n == 0)
    {
      g_set_error (error, SP_TLS_ERROR, SP_TLS_ERROR_CA_FILE,
                   /* Translators: %s is the path of the CA file. */
                   _("The CA file %s holds no certificate that can be read. It must be a PEM "
                     "file, with lines like “-----BEGIN CERTIFICATE-----”."),
                   absolute);
      return NULL;
    }

  database = g_tls_file_database_new (absolute, &local_error);
  if (database == NULL)
    {
      if (g_error_matches (local_error, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE))
        g_set_error (error, SP_TLS_ERROR, SP_TLS_ERROR_CA_FILE,
                     _("This system has no TLS support, so the CA file cannot be used: "
                       "install the glib-networking package."));
      else
        g_set_error (error, SP_TLS_ERROR, SP_TLS_ERROR_CA_FILE,
                     /* Translators: %s first is the path of the CA file, then the TLS library's
                      * own words. */
                     _("The CA file %s cannot be used: %s"), absolute, local_error->message);
      return NULL;
    }

  return database;
}

static void
load_ca_file_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;
  GTlsDatabase *database = sp_tls_load_ca_file (task_data, &error);

  if (database == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, database, g_object_unref);
}

void
sp_tls_load_ca_file_async (const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_tls_load_ca_file_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  /* The worker holds nothing of the caller's: it may finish on its own. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_ca_file_thread);
}

GTlsDatabase *
sp_tls_load_ca_file_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sp_tls_load_ca_file_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
sp_tls_report_is_trusted (const SpTlsReport *report)
{
  g_return_val_if_fail (report != NULL, FALSE);

  return report->validated || report->accepted;
}

char *
sp_tls_fingerprint_normalize (const char  *text,
                              GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GString) result = NULL;
  gsize len;
  gboolean colons;

  g_return_val_if_fail (text != NULL, NULL);

  /* Copied text often brings a space or a line end along. */
  trimmed = g_strstrip (g_strdup (text));
  len = strlen (trimmed);
  /* 32 bytes: 64 digits, or 32 pairs and 31 colons. */
  colons = len == 95;

  if (len == 64 || colons)
    {
      result = g_string_sized_new (95);
      for (gsize i = 0; i < len; i++)
        {
          gboolean colon_here = colons && i % 3 == 2;

          if (colon_here ? trimmed[i] != ':' : !g_ascii_isxdigit (trimmed[i]))
            break;
          if (!colons && i > 0 && i % 2 == 0)
            g_string_append_c (result, ':');
          g_string_append_c (result, g_ascii_toupper (trimmed[i]));
        }
      if (result->len == 95)
        return g_string_free (g_steal_pointer (&result), FALSE);
    }

  g_set_error_literal (error, SP_TLS_ERROR, SP_TLS_ERROR_INVALID_FINGERPRINT,
                       _("A certificate is accepted by its SHA-256 fingerprint: 64 "
                         "hexadecimal digits, with or without a colon between each pair, "
                         "as the certificate report of the test shows it."));
  return NULL;
}

static SpTlsProblems
problems_from_flags (GTlsCertificateFlags flags)
{
  SpTlsProblems problems = SP_TLS_PROBLEM_NONE;

  /* Each flag GLib sets is a problem it found; a flag it leaves out proves
   * nothing, so this only ever adds to what the own checks find. */
  for (guint i = 0; i < G_N_ELEMENTS (problem_info); i++)
    if (flags & problem_info[i].flag)
      problems |= problem_info[i].problem;

  return problems;
}

static char *
dup_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  g_autoptr(GString) text = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, der->data, der->len);
  g_checksum_get_digest (checksum, digest, &digest_len);

  text = g_string_new (NULL);
  for (gsize i = 0; i < digest_len; i++)
    g_string_append_printf (text, "%s%02X", i > 0 ? ":" : "", digest[i]);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static SpTlsReport *
report_new (const char *identity,
            const char *ca_file)
{
  SpTlsReport *report = g_atomic_rc_box_new0 (SpTlsReport);

  report->identity = g_strdup (identity);
  report->ca_file = g_strdup (ca_file);
  report->trust = SP_TLS_TRUST_NONE;

  return report;
}

SpTlsReport *
sp_tls_report_new (const char *identity)
{
  SpTlsReport *report;

  g_return_val_if_fail (identity != NULL, NULL);

  report = report_new (identity, NULL);
  report->dns_names = g_new0 (char *, 1);
  report->ip_addresses = g_new0 (char *, 1);

  return report;
}

SpTlsReport *
sp_tls_report_new_for_certificate (GTlsCertificate      *certificate,
                                   const char           *identity,
                                   GTlsCertificateFlags  system_errors,
                                   GTlsDatabase         *extra_anchors,
                                   const char           *ca_file,
                                   GDateTime            *now)
{
  SpTlsReport *report;
  GTlsCertificateFlags extra_errors = G_TLS_CERTIFICATE_VALIDATE_ALL;
  SpTlsProblems own;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);
  g_return_val_if_fail (identity != NULL, NULL);
  g_return_val_if_fail (!extra_anchors || G_IS_TLS_DATABASE (extra_anchors), NULL);

  report = report_new (identity, extra_anchors != NULL ? ca_file : NULL);
  report->subject = g_tls_certificate_get_subject_name (certificate);
  report->issuer = g_tls_certificate_get_issuer_name (certificate);
  report->dns_names = dup_dns_names (certificate);
  report->ip_addresses = dup_ip_addresses (certificate);
  report->not_before = g_tls_certificate_get_not_valid_before (certificate);
  report->not_after = g_tls_certificate_get_not_valid_after (certificate);
  report->sha256 = dup_fingerprint (certificate);
  for (GTlsCertificate *c = certificate; c != NULL; c = g_tls_certificate_get_issuer (c))
    report->chain_length++;

  if (system_errors != 0 && extra_anchors != NULL)
    {
      g_autoptr(GSocketConnectable) connectable = g_network_address_new (identity, 0);
      g_autoptr(GError) error = NULL;

      extra_errors = g_tls_database_verify_chain (extra_anchors, certificate,
                                                  G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                                  connectable, NULL,
                                                  G_TLS_DATABASE_VERIFY_NONE, NULL, &error);
      if (error != NULL)
        {
          g_debug ("Validation against %s failed: %s", ca_file, error->message);
          extra_errors |= G_TLS_CERTIFICATE_GENERIC_ERROR;
        }
    }

  /* The decision takes GLib's answer as a whole: valid means no flag at
   * all, against either set of authorities. */
  if (system_errors == 0)
    {
      report->validated = TRUE;
      report->trust = SP_TLS_TRUST_SYSTEM;
      return report;
    }
  if (extra_anchors != NULL && extra_errors == 0)
    {
      report->validated = TRUE;
      report->trust = SP_TLS_TRUST_CA_FILE;
      return report;
    }

  /* It failed: explain every problem that can be found. The issuer is
   * unknown only if neither set of authorities knows it. */
  if (extra_anchors != NULL)
    {
      GTlsCertificateFlags unknown = system_errors & extra_errors & G_TLS_CERTIFICATE_UNKNOWN_CA;

      report->problems = problems_from_flags (((system_errors | extra_errors) &
                                               ~G_TLS_CERTIFICATE_UNKNOWN_CA) | unknown);
    }
  else
    report->problems = problems_from_flags (system_errors);

  own = sp_tls_check_certificate (certificate, identity, now);
  report->problems |= own & ~SP_TLS_PROBLEM_SELF_SIGNED;

  /* For a certificate that signed itself, "self-signed" says more than
   * "unknown issuer". */
  if ((own & SP_TLS_PROBLEM_SELF_SIGNED) && (report->problems & SP_TLS_PROBLEM_UNKNOWN_ISSUER))
    report->problems = (report->problems & ~SP_TLS_PROBLEM_UNKNOWN_ISSUER) |
                       SP_TLS_PROBLEM_SELF_SIGNED;

  if (report->problems == SP_TLS_PROBLEM_NONE)
    report->problems = SP_TLS_PROBLEM_OTHER;

  return report;
}

static char *
protocol_name (GTlsProtocolVersion version,
               gboolean           *outdated)
{
  *outdated = FALSE;

  switch (version)
    {
    case G_TLS_PROTOCOL_VERSION_SSL_3_0:
      *outdated = TRUE;
      return g_strdup ("SSL 3.0");
    case G_TLS_PROTOCOL_VERSION_TLS_1_0:
      *outdated = TRUE;
      return g_strdup ("TLS 1.0");
    case G_TLS_PROTOCOL_VERSION_TLS_1_1:
      *outdated = TRUE;
      return g_strdup ("TLS 1.1");
    case G_TLS_PROTOCOL_VERSION_TLS_1_2:
      return g_strdup ("TLS 1.2");
    case G_TLS_PROTOCOL_VERSION_TLS_1_3:
      return g_strdup ("TLS 1.3");
    case G_TLS_PROTOCOL_VERSION_DTLS_1_0:
      *outdated = TRUE;
      return g_strdup ("DTLS 1.0");
    case G_TLS_PROTOCOL_VERSION_DTLS_1_2:
      return g_strdup ("DTLS 1.2");
    case G_TLS_PROTOCOL_VERSION_UNKNOWN:
    default:
      return NULL;
    }
}

SpTlsReport *
sp_tls_report_new_for_connection (GTlsConnection       *connection,
                                  SpTlsMode             mode,
                                  const char           *identity,
                                  GTlsCertificateFlags  system_errors,
                                  GTlsDatabase         *extra_anchors,
                                  const char           *ca_file)
{
  GTlsCertificate *peer;
  SpTlsReport *report;

  g_return_val_if_fail (G_IS_TLS_CONNECTION (connection), NULL);
  g_return_val_if_fail (identity != NULL, NULL);

  peer = g_tls_connection_get_peer_certificate (connection);
  if (peer != NULL)
    report = sp_tls_report_new_for_certificate (peer, identity, system_errors,
                                                extra_anchors, ca_file, NULL);
  else
    {
      report = sp_tls_report_new (identity);
      report->ca_file = g_strdup (extra_anchors != NULL ? ca_file : NULL);
      report->problems = SP_TLS_PROBLEM_OTHER;
    }

  report->mode = mode;
  report->protocol = protocol_name (g_tls_connection_get_protocol_version (connection),
                                    &report->protocol_outdated);
  report->cipher_suite = g_tls_connection_get_ciphersuite_name (connection);

  return report;
}

/* Words */

static char *
format_date (GDateTime *date)
{
  g_autoptr(GDateTime) utc = NULL;

  if (date == NULL)
    /* Translators: shown in place of a certificate date that could not be read. */
    return g_strdup (_("unknown"));

  utc = g_date_time_to_utc (date);

  return g_date_time_format (utc, "%Y-%m-%d %H:%M:%S UTC");
}

static char *
dup_names (const SpTlsReport *report)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; report->dns_names != NULL && report->dns_names[i] != NULL; i++)
    g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", report->dns_names[i]);
  for (guint i = 0; report->ip_addresses != NULL && report->ip_addresses[i] != NULL; i++)
    g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "",
                            report->ip_addresses[i]);

  if (names->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static char *
describe_problem (const SpTlsReport *report,
                  SpTlsProblems      problem)
{
  g_autofree char *date = NULL;
  g_autofree char *names = NULL;

  switch (problem)
    {
    case SP_TLS_PROBLEM_UNKNOWN_ISSUER:
      if (report->ca_file != NULL)
        /* Translators: %s first is the issuer's name, then the path of the CA file. */
        return g_strdup_printf (_("Unknown issuer: the certificate is issued by “%s”, an "
                                  "authority that neither this system nor the CA file %s "
                                  "trusts."),
                                report->issuer != NULL ? report->issuer : "?",
                                report->ca_file);
      return g_strdup_printf (_("Unknown issuer: the certificate is issued by “%s”, an "
                                "authority this system does not trust."),
                              report->issuer != NULL ? report->issuer : "?");

    case SP_TLS_PROBLEM_SELF_SIGNED:
      return g_strdup (_("Self-signed: the certificate vouches for itself."));

    case SP_TLS_PROBLEM_NAME_MISMATCH:
      names = dup_names (report);
      if (names == NULL)
        /* Translators: %s first is the certificate's subject, then the host name
         * that was wanted. */
        return g_strdup_printf (_("Name mismatch: the certificate names no host (subject "
                                  "“%s”), so it is not valid for %s."),
                                report->subject != NULL ? report->subject : "?",
                                report->identity);
      /* Translators: %s first is the list of names in the certificate, then the host name that was
       * wanted. */
      return g_strdup_printf (_("Name mismatch: the certificate is for %s, not for %s."),
                              names, report->identity);

    case SP_TLS_PROBLEM_NOT_YET_VALID:
      date = format_date (report->not_before);
      return g_strdup_printf (_("Not yet valid: the certificate only becomes valid on %s."),
                              date);

    case SP_TLS_PROBLEM_EXPIRED:
      date = format_date (report->not_after);
      return g_strdup_printf (_("Expired: the certificate expired on %s."),
                              date);

    case SP_TLS_PROBLEM_REVOKED:
      return g_strdup (_("Revoked: the issuer has withdrawn this certificate."));

    case SP_TLS_PROBLEM_INSECURE:
      return g_strdup (_("Insecure: the certificate is signed with an algorithm that is no "
                         "longer considered safe."));

    case SP_TLS_PROBLEM_OTHER:
    case SP_TLS_PROBLEM_NONE:
    default:
      return g_strdup (_("The certificate did not pass validation, for a reason the TLS "
                         "library does not name."));
    }
}

GStrv
sp_tls_report_dup_problems (const SpTlsReport *report)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (report != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (problem_info); i++)
    {
      if (report->problems & problem_info[i].problem)
        {
          g_autofree char *sentence = describe_problem (report, problem_info[i].problem);

          g_strv_builder_add (builder, sentence);
        }
    }

  return g_strv_builder_end (builder);
}

char *
sp_tls_report_dup_summary (const SpTlsReport *report)
{
  g_autoptr(GString) labels = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  if (report->validated && report->trust == SP_TLS_TRUST_CA_FILE)
    /* Translators: %s first is the host name, then the path of the CA file. */
    return g_strdup_printf (_("The certificate is valid for %s: it is issued by an authority "
                              "from the CA file %s (not from this system’s trust store)."),
                            report->identity, report->ca_file);
  if (report->validated)
    return g_strdup_printf (_("The certificate is valid for %s: it is issued by an authority "
                              "this system trusts."),
                            report->identity);

  if (report->chain_length == 0)
    return g_strdup_printf (_("The server sent no certificate for %s."),
                            report->identity);

  labels = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (problem_info); i++)
    if (report->problems & problem_info[i].problem)
      g_string_append_printf (labels, "%s%s", labels->len > 0 ? ", " : "",
                              _(problem_info[i].label));

  if (report->accepted)
    /* TRANSLATORS: the second %s is a list of problems: "Expired, Name
     * mismatch"; the third the certificate's SHA-256 fingerprint. */
    return g_strdup_printf (_("The certificate does not validate for %s (%s), but it was "
                              "accepted for this test by its SHA-256 fingerprint %s."),
                            report->identity, labels->str, report->sha256);

  /* TRANSLATORS: the second %s is a list of problems: "Expired, Name mismatch". */
  return g_strdup_printf (_("The certificate does not validate for %s: %s."),
                          report->identity, labels->str);
}

/* Adds @line to @builder and frees it (g_strv_builder_take () is
 * GLib 2.80). */
static void
take_line (GStrvBuilder *builder,
           char         *line)
{
  g_strv_builder_add (builder, line);
  g_free (line);
}

GStrv
sp_tls_report_format (const SpTlsReport *report)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) problems = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *impact = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  if (report->protocol != NULL && report->cipher_suite != NULL)
    /* Translators: %s first is the TLS version such as “TLS 1.3”, then a cipher suite such as
     * “TLS_AES_256_GCM_SHA384”. */
    take_line (builder, g_strdup_printf (_("Encryption: %s, cipher suite %s."),
                                         report->protocol, report->cipher_suite));
  else if (report->protocol != NULL)
    take_line (builder, g_strdup_printf (_("Encryption: %s."), report->protocol));

  if (report->protocol_outdated)
    take_line (builder, g_strdup_printf (_("Outdated protocol: %s is older than TLS 1.2."),
                                         report->protocol));

  if (report->chain_length > 0)
    {
      g_autofree char *names = dup_names (report);
      g_autofree char *from = format_date (report->not_before);
      g_autofree char *until = format_date (report->not_after);

      take_line (builder, g_strdup_printf (_("Certificate subject: %s"),
                                           report->subject != NULL ? report->subject : ""));
      take_line (builder, g_strdup_printf (_("Issuer: %s"),
                                           report->issuer != NULL ? report->issuer : ""));
      take_line (builder, g_strdup_printf (_("Alternative names: %s"),
                                           /* Translators: after “Alternative names:” when a
                                            * certificate lists none. */
                                           names != NULL ? names : _("none")));
      /* Translators: the first and the last day of the certificate's validity, such as
       * “2026-01-31”. */
      take_line (builder, g_strdup_printf (_("Valid from %s until %s."), from, until));
      if (report->sha256 != NULL)
        take_line (builder, g_strdup_printf (_("SHA-256 fingerprint: %s"), report->sha256));
    }

  summary = sp_tls_report_dup_summary (report);
  g_strv_builder_add (builder, summary);

  problems = sp_tls_report_dup_problems (report);
  for (guint i = 0; problems[i] != NULL; i++)
    g_strv_builder_add (builder, problems[i]);

  /* What it means is the diagnosis's to say; the log ends the report
   * with it, so that a reader of the log alone learns it too. */
  impact = sp_diagnosis_dup_tls_delivery_impact (report);
  take_line (builder, g_strdup_printf (_("For mail delivery: %s"), impact));

  return g_strv_builder_end (builder);
}
