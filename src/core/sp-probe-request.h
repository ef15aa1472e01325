/* sp-probe-request.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sp-resolver.h"
#include "sp-tls-report.h"

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

/* The input fields, so that a front end can show an error at its field
 * (the CLI names the option, the wizard shows it under the field). */
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
  /* Not part of a request: the wizard's "a domain" mode, whose recipient
   * is postmaster@ that domain. */
  SP_FIELD_DOMAIN,
  /* Not part of one test: how many targets of a batch (sp-batch.h) are
   * tested at once. */
  SP_FIELD_JOBS,
} SpField;

/* The table of limits: the request's param specs hold these, and the
 * CLI's options, the wizard's fields, the command-line prefill and
 * sp_probe_request_validate () read them from there
 * (sp_probe_request_get_limits ()).
 *
 * Connection attempts (one address of one mail server each): without
 * all_mx the probe fails over like Postfix, which tries at most 5
 * addresses (smtp_mx_address_limit, default 5, postconf(5)); with all_mx
 * it tests up to 20, enough for 5 mail servers with an IPv4 and an IPv6
 * address each and spares. A request may set any number up to 100; 0
 * takes the default of the mode. Postfix's other limit, 2 sessions that
 * got past EHLO (smtp_mx_session_limit), needs no counterpart: the probe
 * only fails over when connecting or the greeting failed, so it holds at
 * most one. */
#define SP_PROBE_FAILOVER_ATTEMPTS   5
#define SP_PROBE_ALL_MX_ATTEMPTS     20
#define SP_PROBE_MAX_ATTEMPTS        100
/* Each step, in seconds: RFC 5321 4.5.3.2 asks a client to wait up to 10
 * minutes for the longest step (the reply to the final dot), so waiting
 * longer tells nothing more. */
#define SP_PROBE_DEFAULT_TIMEOUT     30
#define SP_PROBE_MAX_TIMEOUT         600
/* The whole test, on top of the time limit of each step: 5 minutes by
 * default, at most an hour (in seconds). */
#define SP_PROBE_DEFAULT_DEADLINE    300
#define SP_PROBE_MAX_DEADLINE        3600
#define SP_PROBE_DEFAULT_PORT        25
/* A batch (sp-batch.h) tests this many targets at once by default, and at
 * most SP_BATCH_MAX_JOBS. Each is a whole test with one connection at a
 * time (up to 8 with all_mx) and its DNS sockets: the CLI raises its soft
 * limit of open files to the hard one for that. A single test ignores it. */
#define SP_BATCH_DEFAULT_JOBS        8
#define SP_BATCH_MAX_JOBS            200

#define SP_TYPE_PROBE_REQUEST (sp_probe_request_get_type ())

/* Everything a test needs to know. Front ends fill it through the setters
 * or the properties, which notify when a value changes; the probe copies
 * it. The password is no property, so that nothing can bind, save or log
 * it: it has its own setter and is wiped whenever it is replaced or
 * dropped. */
G_DECLARE_FINAL_TYPE (SpProbeRequest, sp_probe_request, SP, PROBE_REQUEST, GObject)

/* Public so that the core reads the fields directly: read-only outside
 * sp-probe-request.c, except for tests that build a request field by
 * field (assignments bypass the notifications). */
struct _SpProbeRequest
{
  GObject          parent_instance;

  char            *recipient;    /* required: local@domain */
  char            *sender;       /* required: local@domain */
  char            *ehlo_name;    /* NULL or "": the sender's domain */
  char            *subject;      /* NULL: a default subject */
  char            *body;         /* NULL: a default body */
  SpNotifyFlags    notify;
  gboolean         check_only;   /* stop after RCPT TO: send nothing */
  gboolean         all_mx;       /* test every exchanger and address */
  /* Send MAIL FROM, RCPT TO and DATA (or RSET) in one go when the server
   * offers PIPELINING (RFC 2920); step by step otherwise. */
  gboolean         pipelining;
  char            *server;       /* NULL or "": look up the MX of the recipient's domain */
  guint16          port;
  char            *dns_servers;  /* NULL or "": the system's */
  guint            timeout_ms;   /* per step */
  SpAddressFamily  family;
  SpTlsPolicy      tls;          /* default SP_TLS_POLICY_OPPORTUNISTIC */
  char            *ca_file;      /* NULL or "": the system's trust store only */
  char            *auth_user;    /* NULL or "": no login */
  /* Never logged, never stored; wiped when replaced or freed, and the
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
  /* Targets of a batch tested at once (SP_BATCH_DEFAULT_JOBS). */
  guint            jobs;
};

SpProbeRequest *sp_probe_request_new       (void);
/* A new request with the same values, the password included. */
SpProbeRequest *sp_probe_request_copy      (const SpProbeRequest  *request);
/* The same as g_object_unref (); NULL is allowed. */
void            sp_probe_request_free      (SpProbeRequest        *request);

/* The property that holds @field (NULL for SP_FIELD_NONE, SP_FIELD_DOMAIN
 * and SP_FIELD_AUTH_PASSWORD, which is no property). */
const char     *sp_probe_request_field_property (SpField           field);
/* The range of a number field (port, timeout, deadline, max-attempts), as
 * its param spec has it; time limits in whole seconds. FALSE for a field
 * that is no number. */
gboolean        sp_probe_request_get_limits (SpField               field,
                                             guint                *min,
                                             guint                *max,
                                             guint                *default_value);
/* Whether @value is in the range of the number field @field, with the
 * same message as sp_probe_request_validate (); time limits in seconds.
 * For a front end to check an option before it fits the field's type. */
gboolean        sp_probe_request_check_limits (SpField             field,
                                               gint64              value,
                                               GError            **error);

/* Checks every field before any traffic, in the order of
 * sp_probe_request_validate_field (). On failure @field names the first
 * field at fault and @error says what is wrong with it. The CA file only
 * as far as a stat tells (sp_tls_check_ca_file ()): the test reads it when
 * it starts. This and sp_probe_request_validate_field () are the only
 * checks of a request's values; every front end uses them. */
gboolean        sp_probe_request_validate  (const SpProbeRequest  *request,
                                            SpField               *field,
                                            GError               **error);
/* sp_probe_request_validate () without the field @skip: a batch's
 * template has no recipient of its own, each line gives one. */
gboolean        sp_probe_request_validate_except (const SpProbeRequest *request,
                                                  SpField               skip,
                                                  SpField              *field,
                                                  GError              **error);
/* Checks one field, as sp_probe_request_validate () does. */
gboolean        sp_probe_request_validate_field (const SpProbeRequest *request,
                                                 SpField               field,
                                                 GError              **error);
/* The number of connection attempts the request allows, its default
 * resolved for the mode. */
guint           sp_probe_request_get_attempt_limit (const SpProbeRequest *request);

/* Setters: each notifies its property when the value changes. Strings are
 * copied as they are (NULL stays NULL); the properties read NULL as "",
 * so that they bind to entries. */
void            sp_probe_request_set_recipient  (SpProbeRequest *self,
                                                 const char     *recipient);
void            sp_probe_request_set_sender     (SpProbeRequest *self,
                                                 const char     *sender);
void            sp_probe_request_set_ehlo_name  (SpProbeRequest *self,
                                                 const char     *ehlo_name);
void            sp_probe_request_set_subject    (SpProbeRequest *self,
                                                 const char     *subject);
void            sp_probe_request_set_body       (SpProbeRequest *self,
                                                 const char     *body);
void            sp_probe_request_set_notify     (SpProbeRequest *self,
                                                 SpNotifyFlags   notify);
void            sp_probe_request_set_check_only (SpProbeRequest *self,
                                                 gboolean        check_only);
void            sp_probe_request_set_all_mx     (SpProbeRequest *self,
                                                 gboolean        all_mx);
void            sp_probe_request_set_pipelining (SpProbeRequest *self,
                                                 gboolean        pipelining);
void            sp_probe_request_set_server     (SpProbeRequest *self,
                                                 const char     *server);
void            sp_probe_request_set_port       (SpProbeRequest *self,
                                                 guint           port);
void            sp_probe_request_set_dns_servers (SpProbeRequest *self,
                                                  const char     *dns_servers);
void            sp_probe_request_set_timeout_ms (SpProbeRequest *self,
                                                 guint           timeout_ms);
void            sp_probe_request_set_family     (SpProbeRequest *self,
                                                 SpAddressFamily family);
void            sp_probe_request_set_tls        (SpProbeRequest *self,
                                                 SpTlsPolicy     tls);
void            sp_probe_request_set_ca_file    (SpProbeRequest *self,
                                                 const char     *ca_file);
void            sp_probe_request_set_auth_user  (SpProbeRequest *self,
                                                 const char     *auth_user);
void            sp_probe_request_set_auth_allow_plaintext (SpProbeRequest *self,
                                                           gboolean        allow);
void            sp_probe_request_set_max_attempts (SpProbeRequest *self,
                                                   guint           max_attempts);
void            sp_probe_request_set_deadline_ms (SpProbeRequest *self,
                                                  guint           deadline_ms);
void            sp_probe_request_set_accept_certificate (SpProbeRequest *self,
                                                         const char     *sha256);
void            sp_probe_request_set_jobs       (SpProbeRequest *self,
                                                 guint           jobs);
/* Replaces the password (NULL or "" for none), wiping the old one;
 * "has-auth-password" tells whether there is one. While a request holds a
 * password the process is kept from dumping core (sp_auth_guard_hold ()). */
void            sp_probe_request_set_password   (SpProbeRequest *self,
                                                 const char     *password);
/* Takes @password (a string from g_malloc) without copying it. */
void            sp_probe_request_take_password  (SpProbeRequest *self,
                                                 char           *password);
/* Overwrites and frees the password, as soon as it is no longer needed. */
void            sp_probe_request_clear_password (SpProbeRequest *request);
gboolean        sp_probe_request_get_has_password (SpProbeRequest *self);

/* "success,failure", "never", "" (none); FALSE for anything else. */
gboolean        sp_notify_parse            (const char            *text,
                                            SpNotifyFlags         *flags,
                                            GError               **error);
/* The NOTIFY= value, or NULL for SP_NOTIFY_NONE. */
char           *sp_notify_to_string        (SpNotifyFlags          flags);
const char     *sp_field_to_string         (SpField                field);

/* One line that says what this test does, for the headers of the session
 * and the result: whether it sends a message, then whatever differs from
 * the defaults ("Check only, nothing sent · STARTTLS required · port 2525 ·
 * DNS 127.0.0.1:5353"). */
char           *sp_probe_request_dup_summary    (SpProbeRequest *self);

G_END_DECLS
