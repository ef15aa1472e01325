/* sp-form-model.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sp-probe.h"

G_BEGIN_DECLS

/* What the first page of the wizard tests. */
typedef enum
{
  SP_TEST_MODE_RECIPIENT,  /* an address: the domain is taken from it */
  SP_TEST_MODE_DOMAIN,     /* a domain: postmaster@domain is the recipient */
  SP_TEST_MODE_SERVER,     /* one server, without an MX lookup */
  SP_TEST_MODE_PRACTICE,   /* a simulated server in the app (sp-practice.h) */
} SpTestMode;

#define SP_TYPE_FORM_MODEL (sp_form_model_get_type ())

/* The wizard's state around the request it edits: what the first page
 * tests (the mode, the domain), the exchanger chosen on the mail server
 * page, whether the DNS servers are the user's own, what the wizard found
 * out (the MX result, the last transcript) and whether the chosen CA file
 * holds certificates, with no GTK in it: the flow from the first page to a
 * probe request can be tested without a display.
 *
 * Every field of the request itself (addresses, message, port, limits,
 * encryption, login) lives in the SpProbeRequest of "request": pages bind
 * to its properties, and its param specs are the limits of the fields. */
G_DECLARE_FINAL_TYPE (SpFormModel, sp_form_model, SP, FORM_MODEL, GObject)

SpFormModel    *sp_form_model_new                (void);

/* The request the wizard edits, as typed: sp_form_model_to_request ()
 * makes the one to run from it. Strings are never NULL, so that they bind
 * to entries as they are. Setting its port to 465 selects
 * SP_TLS_POLICY_IMPLICIT (RFC 8314), and leaving 465 from implicit TLS
 * goes back to opportunistic STARTTLS, which every other port expects. */
SpProbeRequest *sp_form_model_get_request        (SpFormModel    *self);

SpTestMode      sp_form_model_get_mode           (SpFormModel    *self);
void            sp_form_model_set_mode           (SpFormModel    *self,
                                                  SpTestMode      mode);
const char     *sp_form_model_get_domain         (SpFormModel    *self);
void            sp_form_model_set_domain         (SpFormModel    *self,
                                                  const char     *domain);
/* The id of the practice scenario the practice mode runs
 * (sp_practice_find_scenario ()); "accepted" by default. */
const char     *sp_form_model_get_practice       (SpFormModel    *self);
void            sp_form_model_set_practice       (SpFormModel    *self,
                                                  const char     *practice);
/* Whether the request's "dns-servers" are used; otherwise the system's. */
gboolean        sp_form_model_get_custom_dns     (SpFormModel    *self);
void            sp_form_model_set_custom_dns     (SpFormModel    *self,
                                                  gboolean        custom_dns);
/* The exchanger chosen on the mail server page; "" tests them in MX order,
 * as a sending server would. */
const char     *sp_form_model_get_exchanger      (SpFormModel    *self);
void            sp_form_model_set_exchanger      (SpFormModel    *self,
                                                  const char     *exchanger);
/* TRUE while the chosen CA file is read in a worker thread, to tell at its
 * field whether it holds certificates; "ca-file-checking" notifies when
 * that is known. */
gboolean        sp_form_model_get_ca_file_checking (SpFormModel  *self);
/* The request's encryption, for pages that only read it. */
SpTlsPolicy     sp_form_model_get_tls_policy     (SpFormModel    *self);
/* Forgets the request's password (wiped). */
void            sp_form_model_clear_auth_password (SpFormModel   *self);

/* The SHA-256 fingerprint of a certificate the user chose to trust
 * although it does not validate, for the next run of the test only: the
 * run takes it (sp_form_model_take_accepted_certificate ()), and nothing
 * saves it. NULL for none. It is the request's "accept-certificate". */
void            sp_form_model_set_accepted_certificate  (SpFormModel *self,
                                                         const char  *sha256);
const char     *sp_form_model_get_accepted_certificate  (SpFormModel *self);
/* Returns it and forgets it, so that the run it is for is the only one. */
char           *sp_form_model_take_accepted_certificate (SpFormModel *self);

/* What the wizard found out. */
SpMxResult     *sp_form_model_get_mx_result      (SpFormModel    *self);
void            sp_form_model_set_mx_result      (SpFormModel    *self,
                                                  SpMxResult     *result);
SpTranscript   *sp_form_model_get_transcript     (SpFormModel    *self);
void            sp_form_model_set_transcript     (SpFormModel    *self,
                                                  SpTranscript   *transcript);

/* The name the mail server page looks up: the recipient's domain, the
 * domain, or the server's host; NULL when the field is not valid yet.
 * @is_host tells a host name (address lookup) from a domain (MX lookup). */
char           *sp_form_model_dup_lookup_name    (SpFormModel    *self,
                                                  gboolean       *is_host);
/* The recipient's domain when the mail servers page found the servers of
 * another domain (the recipient was changed on the message page since),
 * else NULL: the test then looks the new domain up, and a server chosen
 * on that page no longer applies. */
char           *sp_form_model_dup_moved_domain   (SpFormModel    *self);
/* The EHLO name used when the field is empty: the sender's domain. */
char           *sp_form_model_dup_default_ehlo_name (SpFormModel *self);

/* Checks one field as it is now, with sp_probe_request_validate_field ()
 * on the request as it will run, plus what only the wizard requires (a
 * domain or a server in those modes, the DNS servers when they are the
 * user's own, a user name for a password, a CA file that holds
 * certificates). Empty required fields fail too, so a page can tell
 * complete from incomplete; it decides whether to show that message yet. */
gboolean        sp_form_model_check_field        (SpFormModel    *self,
                                                  SpField         field,
                                                  GError        **error);
/* NULL when the field is valid. */
char           *sp_form_model_dup_message        (SpFormModel    *self,
                                                  SpField         field);
/* The fields of each page, in the order they appear there; on failure
 * @field names the first at fault. */
gboolean        sp_form_model_check_target       (SpFormModel    *self,
                                                  SpField        *field,
                                                  GError        **error);
gboolean        sp_form_model_check_dns          (SpFormModel    *self,
                                                  SpField        *field,
                                                  GError        **error);
gboolean        sp_form_model_check_message      (SpFormModel    *self,
                                                  SpField        *field,
                                                  GError        **error);
/* Leaving the first page: a domain test gets postmaster@domain as its
 * recipient unless the recipient already belongs to that domain. */
void            sp_form_model_commit_target      (SpFormModel    *self);

/* The request for SpProbe, checked by sp_probe_request_validate(). */
SpProbeRequest *sp_form_model_to_request         (SpFormModel    *self,
                                                  SpField        *field,
                                                  GError        **error);

/* Prefills from command-line options: "server", "port", "from", "ehlo",
 * "dns-server", "tls" (as the CLI spells it), "ca-file", "auth-user",
 * "practice" (a scenario id, which selects the practice mode) and
 * the remaining arguments (key "", an "as") whose first is a recipient
 * address or a domain. Never a password. A number outside the request's
 * limits is left out. */
void            sp_form_model_prefill            (SpFormModel    *self,
                                                  GVariantDict   *options);
/* The remembered fields: last-sender, last-ehlo-name, dns-server,
 * step-timeout and ca-file. Never any secret; not the port, the
 * encryption or the sign-in either, which belong to one server rather
 * than to the person testing. */
void            sp_form_model_load_settings      (SpFormModel    *self,
                                                  GSettings      *settings);
void            sp_form_model_save_settings      (SpFormModel    *self,
                                                  GSettings      *settings);
/* New Test: forgets what was tested and found, and puts every choice of
 * one test back to its default: what to test (an address), the port (25),
 * "check the recipient without sending", encryption (STARTTLS when
 * offered), the sign-in, the subject and body, NOTIFY, the address family
 * and every server. Kept, as they belong to the person testing (some are
 * remembered too, see sp_form_model_load_settings ()): the sender, the
 * EHLO name, the DNS server and whether it is used, the time limits, the
 * most connection attempts and the CA file. */
void            sp_form_model_reset              (SpFormModel    *self);

G_END_DECLS
