/* sp-tls-report.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SP_TLS_ERROR (sp_tls_error_quark ())

typedef enum
{
  SP_TLS_ERROR_INVALID_POLICY,  /* not one of off, opportunistic, required, implicit */
  SP_TLS_ERROR_CA_FILE,         /* the CA file cannot be used */
  SP_TLS_ERROR_INVALID_FINGERPRINT,  /* not a SHA-256 fingerprint in hexadecimal */
} SpTlsError;

/* A CA bundle with every public authority is about 200 KB: a bigger file
 * is a mistake, and reading it whole would take as much memory. */
#define SP_TLS_CA_FILE_MAX_SIZE (4 * 1024 * 1024)

/* When a test encrypts the connection. */
typedef enum
{
  SP_TLS_POLICY_OFF,            /* never: plain SMTP only */
  SP_TLS_POLICY_OPPORTUNISTIC,  /* STARTTLS when the server offers it (the default) */
  SP_TLS_POLICY_REQUIRED,       /* STARTTLS, and fail when it is missing or fails */
  SP_TLS_POLICY_IMPLICIT,       /* TLS from the first byte, as on port 465 */
} SpTlsPolicy;

/* What is wrong with a server's certificate. Several can apply at once. */
typedef enum
{
  SP_TLS_PROBLEM_NONE           = 0,
  SP_TLS_PROBLEM_UNKNOWN_ISSUER = 1 << 0,  /* no trusted authority vouches for it */
  SP_TLS_PROBLEM_SELF_SIGNED    = 1 << 1,  /* it vouches for itself */
  SP_TLS_PROBLEM_NAME_MISMATCH  = 1 << 2,  /* it is not for the name that was checked */
  SP_TLS_PROBLEM_NOT_YET_VALID  = 1 << 3,
  SP_TLS_PROBLEM_EXPIRED        = 1 << 4,
  SP_TLS_PROBLEM_REVOKED        = 1 << 5,
  SP_TLS_PROBLEM_INSECURE       = 1 << 6,  /* signed with an algorithm considered broken */
  SP_TLS_PROBLEM_OTHER          = 1 << 7,  /* it failed validation for another reason */
} SpTlsProblems;

#define SP_TLS_PROBLEM_ALL 0xff

/* What the certificate was validated against. */
typedef enum
{
  SP_TLS_TRUST_NONE,     /* it did not validate */
  SP_TLS_TRUST_SYSTEM,   /* the system's trust store */
  SP_TLS_TRUST_CA_FILE,  /* the extra authorities of the CA file given */
} SpTlsTrust;

/* How the connection was encrypted. */
typedef enum
{
  SP_TLS_MODE_STARTTLS,
  SP_TLS_MODE_IMPLICIT,
} SpTlsMode;

#define SP_TYPE_TLS_REPORT (sp_tls_report_get_type ())

/* The facts about one encrypted connection, for the log, the result page,
 * the CLI and the exports. Plain data; read the fields directly. */
typedef struct
{
  SpTlsMode      mode;
  char          *identity;          /* the name checked: the MX host name (or the server given) */
  char          *protocol;          /* "TLS 1.3"; NULL when unknown */
  char          *cipher_suite;      /* "TLS_AES_256_GCM_SHA384"; NULL when unknown */
  gboolean       protocol_outdated; /* SSL 3, TLS 1.0 or 1.1 */
  char          *subject;           /* "CN=mx1.example.test", as the certificate says */
  char          *issuer;            /* "CN=Example CA,O=Example" */
  GStrv          dns_names;         /* subject alternative names, never NULL */
  GStrv          ip_addresses;      /* subject alternative addresses, never NULL */
  GDateTime     *not_before;        /* NULL when unknown */
  GDateTime     *not_after;
  char          *sha256;            /* fingerprint of the certificate, "AB:CD:…" */
  guint          chain_length;      /* certificates the server sent (0: none) */
  gboolean       validated;         /* valid for @identity, from a trusted authority */
  SpTlsTrust     trust;
  SpTlsProblems  problems;          /* SP_TLS_PROBLEM_NONE when validated */
  char          *ca_file;           /* the extra authorities used, or NULL */
  /* It did not validate, but its SHA-256 fingerprint is the one the user
   * accepted for this test: the session may go on as if it had. */
  gboolean       accepted;
} SpTlsReport;

GQuark         sp_tls_error_quark                (void);
GType          sp_tls_report_get_type            (void) G_GNUC_CONST;
/* An empty report (no certificate, not validated) to fill in by hand, for
 * tests and simulated servers. */
SpTlsReport   *sp_tls_report_new                 (const char            *identity);
SpTlsReport   *sp_tls_report_ref                 (SpTlsReport           *report);
void           sp_tls_report_unref               (SpTlsReport           *report);

/* Builds the report for a server's certificate. @system_errors is what the
 * validation against the system trust store for @identity found (0 when
 * it validated); with @extra_anchors the chain is validated against those
 * as well, so a certificate from an organisation's own CA counts as valid.
 * @now (NULL: now) is the time the dates are checked at. Every problem is
 * checked on its own where possible, because GLib only guarantees that at
 * least one flag is set when validation fails. */
SpTlsReport   *sp_tls_report_new_for_certificate (GTlsCertificate       *certificate,
                                                  const char            *identity,
                                                  GTlsCertificateFlags   system_errors,
                                                  GTlsDatabase          *extra_anchors,
                                                  const char            *ca_file,
                                                  GDateTime             *now);
/* The same for a connection after its handshake: adds the protocol
 * version and the cipher suite. */
SpTlsReport   *sp_tls_report_new_for_connection  (GTlsConnection        *connection,
                                                  SpTlsMode              mode,
                                                  const char            *identity,
                                                  GTlsCertificateFlags   system_errors,
                                                  GTlsDatabase          *extra_anchors,
                                                  const char            *ca_file);

/* The checks this module makes itself, without any trust store: the
 * dates at @now, whether @identity is one of the certificate's names, and
 * whether it is self-signed (SP_TLS_PROBLEM_SELF_SIGNED here means only
 * "issued by itself"). */
SpTlsProblems  sp_tls_check_certificate          (GTlsCertificate       *certificate,
                                                  const char            *identity,
                                                  GDateTime             *now);
/* Whether @identity (a host name or an IP address) is covered by
 * @dns_names (with "*." wildcards for one label) or @ip_addresses; when
 * the certificate has neither, by the CN of @subject. */
gboolean       sp_tls_name_matches               (const char * const    *dns_names,
                                                  const char * const    *ip_addresses,
                                                  const char            *subject,
                                                  const char            *identity);

/* Whether the server proved who it is: the certificate validated, or it
 * is the one the user accepted for this test. Only then may a password go
 * over the connection. */
gboolean       sp_tls_report_is_trusted          (const SpTlsReport     *report);

/* Reads a SHA-256 fingerprint as a user copies it: 64 hexadecimal digits,
 * with or without a colon between each pair, in either case. Returns the
 * form of SpTlsReport.sha256 ("AB:CD:…"), or NULL with a sentence. */
char          *sp_tls_fingerprint_normalize      (const char            *text,
                                                  GError               **error);

/* Loads extra trust anchors from a PEM file. Fails with a sentence for the
 * user when the file is missing, unreadable, larger than
 * SP_TLS_CA_FILE_MAX_SIZE (checked before anything is read) or holds no
 * certificate. */
GTlsDatabase  *sp_tls_load_ca_file               (const char            *path,
                                                  GError               **error);
/* What can be told of a CA file without reading it (one stat): that it is
 * a file, and no larger than SP_TLS_CA_FILE_MAX_SIZE. Fails with the same
 * sentences as sp_tls_load_ca_file (). */
gboolean       sp_tls_check_ca_file              (const char            *path,
                                                  GError               **error);
/* sp_tls_load_ca_file () in a worker thread, so that reading and parsing
 * the file never holds up the main loop. Cancelling completes at once. */
void           sp_tls_load_ca_file_async         (const char            *path,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
GTlsDatabase  *sp_tls_load_ca_file_finish        (GAsyncResult          *result,
                                                  GError               **error);

/* One sentence per problem, in the order of the flags, translated: what
 * is wrong, with the names and dates of this certificate. */
GStrv          sp_tls_report_dup_problems        (const SpTlsReport     *report);
/* A sentence on the validation result as a whole. */
char          *sp_tls_report_dup_summary         (const SpTlsReport     *report);
/* The whole report as lines of text, translated: protocol and cipher,
 * subject, issuer, names, dates, fingerprint, the summary, each problem,
 * and last what it means for delivery, in the diagnosis's words
 * (sp_diagnosis_dup_tls_delivery_impact()). The session logs these
 * lines; a front end or an export may show them as they are. */
GStrv          sp_tls_report_format              (const SpTlsReport     *report);

/* "off", "opportunistic", "required", "implicit": stable, for the CLI and
 * JSON. */
const char    *sp_tls_policy_to_string           (SpTlsPolicy            policy);
const char    *sp_tls_policy_get_label           (SpTlsPolicy            policy);
gboolean       sp_tls_policy_parse               (const char            *text,
                                                  SpTlsPolicy           *policy,
                                                  GError               **error);
/* For one flag: "unknown-issuer", "self-signed", "name-mismatch",
 * "not-yet-valid", "expired", "revoked", "insecure", "other" (JSON). */
const char    *sp_tls_problem_to_string          (SpTlsProblems          problem);
/* For one flag: a short translated label, "Name mismatch". */
const char    *sp_tls_problem_get_label          (SpTlsProblems          problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpTlsReport, sp_tls_report_unref)

G_END_DECLS
