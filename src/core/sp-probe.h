/* sp-probe.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sp-resolver.h"
#include "sp-session.h"
#include "sp-tls-report.h"
#include "sp-transcript.h"

G_BEGIN_DECLS

/* RFC 3461 NOTIFY parameter of RCPT TO. NONE leaves the parameter out. */
typedef enum
{
  SP_NOTIFY_NONE    = 0,
  SP_NOTIFY_NEVER   = 1 << 0,
  SP_NOTIFY_SUCCESS = 1 << 1,
  SP_NOTIFY_FAILURE = 1 << 2,
  SP_NOTIFY_DELAY   = 1 << 3,
} SpNotifyFlags;

/* The input fields, so that a front end can show an error at its field. */
typedef enum
{
  SP_FIELD_NONE,
  SP_FIELD_RECIPIENT,
  SP_FIELD_SENDER,
  SP_FIELD_EHLO_NAME,
  SP_FIELD_SUBJECT,
  SP_FIELD_BODY,
  SP_FIELD_NOTIFY,
  SP_FIELD_SERVER,
  SP_FIELD_PORT,
  SP_FIELD_DNS_SERVERS,
  SP_FIELD_TIMEOUT,
  SP_FIELD_TLS,
  SP_FIELD_CA_FILE,
  SP_FIELD_AUTH_USER,
  SP_FIELD_AUTH_PASSWORD,
  SP_FIELD_MAX_ATTEMPTS,
  SP_FIELD_DEADLINE,
  SP_FIELD_ACCEPT_CERTIFICATE,
} SpField;

#define SP_PROBE_ERROR (sp_probe_error_quark ())

typedef enum
{
  SP_PROBE_ERROR_INVALID_INPUT,    /* the message names the field */
  SP_PROBE_ERROR_BUSY,
  /* Recorded as the STARTTLS step's error, for the diagnosis: encryption
   * was required, but the server does not offer STARTTLS. */
  SP_PROBE_ERROR_TLS_NOT_OFFERED,
  SP_PROBE_ERROR_SMTPUTF8_NOT_OFFERED,  /* a non-ASCII address, and no SMTPUTF8 */
  /* Recorded as the error of the step under way when the whole test ran
   * out of time (SpProbeRequest.deadline_ms). */
  SP_PROBE_ERROR_DEADLINE,
  /* Recorded as the STARTTLS step's error: encryption was required, and
   * the certificate did not validate and was not accepted for this test. */
  SP_PROBE_ERROR_CERTIFICATE_UNTRUSTED,
  /* Recorded as the STARTTLS step's error: the server answered STARTTLS
   * with a success other than 220, so nothing was encrypted. */
  SP_PROBE_ERROR_STARTTLS_UNEXPECTED,
} SpProbeError;

/* The limits of one test, whatever DNS and the servers say; the CLI's
 * --help, the app's Advanced options and the README state the same.
 *
 * Connection attempts (one address of one mail server each): without
 * all_mx the probe fails over like Postfix, which tries at most 5
 * addresses (smtp_mx_address_limit, default 5, postconf(5)); with all_mx
 * it tests up to 20, enough for 5 mail servers with an IPv4 and an IPv6
 * address each and spares. A request may set any number up to 100.
 * Postfix's other limit, 2 sessions that got past EHLO
 * (smtp_mx_session_limit), needs no counterpart: the probe only fails
 * over when connecting or the greeting failed, so it holds at most one. */
#define SP_PROBE_FAILOVER_ATTEMPTS   5
#define SP_PROBE_ALL_MX_ATTEMPTS     20
#define SP_PROBE_MAX_ATTEMPTS        100
/* The whole test, on top of the time limit of each step: 5 minutes by
 * default, at most an hour (in seconds). */
#define SP_PROBE_DEFAULT_DEADLINE    300
#define SP_PROBE_MAX_DEADLINE        3600

/* Everything a test needs to know; plain data, copied by the probe. */
typedef struct
{
  char            *recipient;    /* required: local@domain */
  char            *sender;       /* required: local@domain */
  char            *ehlo_name;    /* NULL: the sender's domain */
  char            *subject;      /* NULL: a default subject */
  char            *body;         /* NULL: a default body */
  SpNotifyFlags    notify;
  gboolean         check_only;   /* stop after RCPT TO: send nothing */
  gboolean         all_mx;       /* test every exchanger and address */
  char            *server;       /* NULL: look up the MX of the recipient's domain */
  guint16          port;
  char            *dns_servers;  /* NULL or "": the system's */
  guint            timeout_ms;   /* per step */
  SpAddressFamily  family;
  SpTlsPolicy      tls;          /* default SP_TLS_POLICY_OPPORTUNISTIC */
  char            *ca_file;      /* NULL or "": the system's trust store only */
  char            *auth_user;    /* NULL or "": no login */
  /* Never logged, never stored; copies are wiped when freed, and the
   * probe wipes its own copy once the test ends. */
  char            *auth_password;
  /* Log in even without encryption (a warning is logged). */
  gboolean         auth_allow_plaintext;
  /* Connection attempts at most; 0: SP_PROBE_FAILOVER_ATTEMPTS, or
   * SP_PROBE_ALL_MX_ATTEMPTS with all_mx. At most SP_PROBE_MAX_ATTEMPTS. */
  guint            max_attempts;
  /* The whole test, in milliseconds; default SP_PROBE_DEFAULT_DEADLINE
   * seconds, at most SP_PROBE_MAX_DEADLINE. */
  guint            deadline_ms;
  /* NULL or "": none. The SHA-256 fingerprint of a certificate that counts
   * as trusted for this test although it does not validate, as the user
   * copied it from a certificate report (sp_tls_fingerprint_normalize ()). */
  char            *accept_certificate;
} SpProbeRequest;

#define SP_TYPE_PROBE_REQUEST (sp_probe_request_get_type ())

GType           sp_probe_request_get_type  (void) G_GNUC_CONST;
SpProbeRequest *sp_probe_request_new       (void);
SpProbeRequest *sp_probe_request_copy      (const SpProbeRequest  *request);
void            sp_probe_request_free      (SpProbeRequest        *request);
/* Checks every field before any traffic. On failure @field names the
 * first field at fault and @error says what is wrong with it. The CA file
 * only as far as a stat tells (sp_tls_check_ca_file ()): the test reads
 * it when it starts. */
gboolean        sp_probe_request_validate  (const SpProbeRequest  *request,
                                            SpField               *field,
                                            GError               **error);
/* The number of connection attempts the request allows, its default
 * resolved for the mode. */
guint           sp_probe_request_get_attempt_limit (const SpProbeRequest *request);
/* Overwrites and frees the password, as soon as it is no longer needed. */
void            sp_probe_request_clear_password (SpProbeRequest   *request);
/* "success,failure", "never", "" (none); FALSE for anything else. */
gboolean        sp_notify_parse            (const char            *text,
                                            SpNotifyFlags         *flags,
                                            GError               **error);
/* The NOTIFY= value, or NULL for SP_NOTIFY_NONE. */
char           *sp_notify_to_string        (SpNotifyFlags          flags);
const char     *sp_field_to_string         (SpField                field);

#define SP_TYPE_PROBE (sp_probe_get_type ())

/* Runs a whole test: finds the mail servers, then talks to them in turn
 * (failing over as a sending server would), writing everything into one
 * transcript. */
G_DECLARE_FINAL_TYPE (SpProbe, sp_probe, SP, PROBE, GObject)

GQuark          sp_probe_error_quark       (void);
SpProbe        *sp_probe_new               (const SpProbeRequest  *request);
const SpProbeRequest *sp_probe_get_request (SpProbe               *self);
SpTranscript   *sp_probe_get_transcript    (SpProbe               *self);
/* The resolver to look the mail servers up with, instead of one for the
 * request's DNS servers: for a test, or a front end that has one. The
 * probe sets the request's address family on it. Call before
 * sp_probe_run_async (). */
void            sp_probe_set_resolver      (SpProbe               *self,
                                            SpResolver            *resolver);
/* What a front end already looked up for this test: the MX records of the
 * recipient's domain, or the addresses of the server given. The test uses
 * it instead of asking DNS again when it answers the same question (the
 * same name, DNS servers and address family), and ignores it otherwise.
 * Call before sp_probe_run_async (). */
void            sp_probe_set_mx_result     (SpProbe               *self,
                                            SpMxResult            *result);
/* Keeps the connection of the test open when it ends, instead of saying
 * goodbye (QUIT), so that a person can go on typing commands on it: after
 * RSET when the test stopped after RCPT TO, after the final "." or the
 * refusal otherwise. Only when the test fails over as a sending server
 * would (not with all_mx), and only for the attempt that decided it. Call
 * before sp_probe_run_async (). */
void            sp_probe_set_keep_session  (SpProbe               *self,
                                            gboolean               keep_session);
/* The session kept open by sp_probe_set_keep_session (), once the test
 * has ended, or NULL (none was kept, or the server closed it). Transfer
 * full: the caller says goodbye. It still writes into the attempt that
 * decided the test until given another (sp_session_set_attempt ()). */
SpSession      *sp_probe_take_session      (SpProbe               *self);
/* Completes with the overall verdict (also in the transcript). Fails only
 * for invalid input (SP_PROBE_ERROR_INVALID_INPUT, or SP_TLS_ERROR_CA_FILE
 * when the CA file, read at the start, holds no usable certificate; nothing
 * is sent then) or cancellation; every network outcome is a verdict. */
void            sp_probe_run_async         (SpProbe               *self,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
SpVerdict       sp_probe_run_finish        (SpProbe               *self,
                                            GAsyncResult          *result,
                                            GError               **error);
/* The certificate that decided @transcript's outcome because it did not
 * validate (no password was sent, or encryption was required), for a
 * front end to offer accepting it; NULL otherwise. */
const SpTlsReport *sp_probe_find_untrusted_certificate (SpTranscript *transcript);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpProbeRequest, sp_probe_request_free)

G_END_DECLS
