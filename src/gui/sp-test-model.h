/* sp-test-model.h
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
} SpTestMode;

/* The input fields of the wizard, so a page can show a message at each. */
typedef enum
{
  SP_TEST_FIELD_NONE,
  SP_TEST_FIELD_RECIPIENT,
  SP_TEST_FIELD_DOMAIN,
  SP_TEST_FIELD_SERVER,
  SP_TEST_FIELD_PORT,
  SP_TEST_FIELD_DNS_SERVER,
  SP_TEST_FIELD_SENDER,
  SP_TEST_FIELD_EHLO_NAME,
  SP_TEST_FIELD_SUBJECT,
  SP_TEST_FIELD_BODY,
  SP_TEST_FIELD_NOTIFY,
  SP_TEST_FIELD_TIMEOUT,
  SP_TEST_FIELD_TLS,
  SP_TEST_FIELD_CA_FILE,
  SP_TEST_FIELD_AUTH_USER,
  SP_TEST_FIELD_AUTH_PASSWORD,
  SP_TEST_FIELD_MAX_ATTEMPTS,
  SP_TEST_FIELD_DEADLINE,
} SpTestField;

#define SP_TEST_MODEL_MAX_TIMEOUT 600  /* seconds, as in the GSettings schema */

#define SP_TYPE_TEST_MODEL (sp_test_model_get_type ())

/* Everything the user enters in the wizard, plus what the wizard found out
 * (the MX result and the last transcript), with no GTK in it: the flow from
 * the first page to a probe request can be tested without a display. */
G_DECLARE_FINAL_TYPE (SpTestModel, sp_test_model, SP, TEST_MODEL, GObject)

SpTestModel    *sp_test_model_new                (void);

SpTestMode      sp_test_model_get_mode           (SpTestModel    *self);
void            sp_test_model_set_mode           (SpTestModel    *self,
                                                  SpTestMode      mode);
const char     *sp_test_model_get_recipient      (SpTestModel    *self);
void            sp_test_model_set_recipient      (SpTestModel    *self,
                                                  const char     *recipient);
const char     *sp_test_model_get_domain         (SpTestModel    *self);
void            sp_test_model_set_domain         (SpTestModel    *self,
                                                  const char     *domain);
const char     *sp_test_model_get_server         (SpTestModel    *self);
void            sp_test_model_set_server         (SpTestModel    *self,
                                                  const char     *server);
guint           sp_test_model_get_port           (SpTestModel    *self);
void            sp_test_model_set_port           (SpTestModel    *self,
                                                  guint           port);
gboolean        sp_test_model_get_custom_dns     (SpTestModel    *self);
void            sp_test_model_set_custom_dns     (SpTestModel    *self,
                                                  gboolean        custom_dns);
const char     *sp_test_model_get_dns_server     (SpTestModel    *self);
void            sp_test_model_set_dns_server     (SpTestModel    *self,
                                                  const char     *dns_server);
/* The exchanger chosen on the mail server page; "" tests them in MX order,
 * as a sending server would. */
const char     *sp_test_model_get_exchanger      (SpTestModel    *self);
void            sp_test_model_set_exchanger      (SpTestModel    *self,
                                                  const char     *exchanger);
gboolean        sp_test_model_get_all_mx         (SpTestModel    *self);
void            sp_test_model_set_all_mx         (SpTestModel    *self,
                                                  gboolean        all_mx);
const char     *sp_test_model_get_sender         (SpTestModel    *self);
void            sp_test_model_set_sender         (SpTestModel    *self,
                                                  const char     *sender);
const char     *sp_test_model_get_ehlo_name      (SpTestModel    *self);
void            sp_test_model_set_ehlo_name      (SpTestModel    *self,
                                                  const char     *ehlo_name);
const char     *sp_test_model_get_subject        (SpTestModel    *self);
void            sp_test_model_set_subject        (SpTestModel    *self,
                                                  const char     *subject);
/* "" sends the core's standard text. */
const char     *sp_test_model_get_body           (SpTestModel    *self);
void            sp_test_model_set_body           (SpTestModel    *self,
                                                  const char     *body);
SpNotifyFlags   sp_test_model_get_dsn_notify     (SpTestModel    *self);
void            sp_test_model_set_dsn_notify     (SpTestModel    *self,
                                                  SpNotifyFlags   flags);
gboolean        sp_test_model_get_check_only     (SpTestModel    *self);
void            sp_test_model_set_check_only     (SpTestModel    *self,
                                                  gboolean        check_only);
/* Seconds per step. */
guint           sp_test_model_get_timeout        (SpTestModel    *self);
void            sp_test_model_set_timeout        (SpTestModel    *self,
                                                  guint           timeout);
/* Connection attempts at most; 0 tries as many as a sending server would
 * (SpProbeRequest.max_attempts). */
guint           sp_test_model_get_max_attempts   (SpTestModel    *self);
void            sp_test_model_set_max_attempts   (SpTestModel    *self,
                                                  guint           max_attempts);
/* Seconds for the whole test, 1 to SP_PROBE_MAX_DEADLINE. */
guint           sp_test_model_get_deadline       (SpTestModel    *self);
void            sp_test_model_set_deadline       (SpTestModel    *self,
                                                  guint           deadline);
/* How the connection is encrypted. Port 465 is implicit TLS by convention
 * (RFC 8314), so sp_test_model_set_port() to 465 selects
 * SP_TLS_POLICY_IMPLICIT, and leaving 465 from implicit TLS goes back to
 * opportunistic STARTTLS, which every other port expects. */
SpTlsPolicy     sp_test_model_get_tls_policy     (SpTestModel    *self);
void            sp_test_model_set_tls_policy     (SpTestModel    *self,
                                                  SpTlsPolicy     policy);
/* Extra trust anchors (a PEM file, absolute path); "" uses only the
 * system's trust store. */
const char     *sp_test_model_get_ca_file        (SpTestModel    *self);
void            sp_test_model_set_ca_file        (SpTestModel    *self,
                                                  const char     *ca_file);
/* TRUE while the chosen CA file is read in a worker thread, to tell at its
 * field whether it holds certificates; "ca-file-checking" notifies when
 * that is known. */
gboolean        sp_test_model_get_ca_file_checking (SpTestModel  *self);
/* The user name to sign in with; "" signs in not at all. */
const char     *sp_test_model_get_auth_user      (SpTestModel    *self);
void            sp_test_model_set_auth_user      (SpTestModel    *self,
                                                  const char     *auth_user);
/* The password is kept in memory only, for the request: it is no property
 * (so nothing can bind, copy or save it), it is overwritten when replaced
 * or cleared, and "has-auth-password" tells whether there is one. */
gboolean        sp_test_model_get_has_auth_password (SpTestModel *self);
void            sp_test_model_set_auth_password  (SpTestModel    *self,
                                                  const char     *password);
void            sp_test_model_clear_auth_password (SpTestModel   *self);
/* Sign in even when the connection is not encrypted. */
gboolean        sp_test_model_get_auth_allow_plaintext (SpTestModel *self);
void            sp_test_model_set_auth_allow_plaintext (SpTestModel *self,
                                                        gboolean     allow);

/* The SHA-256 fingerprint of a certificate the user chose to trust
 * although it does not validate, for the next run of the test only: the
 * run takes it (sp_test_model_take_accepted_certificate ()), and nothing
 * saves it. NULL for none. */
void            sp_test_model_set_accepted_certificate  (SpTestModel *self,
                                                         const char  *sha256);
const char     *sp_test_model_get_accepted_certificate  (SpTestModel *self);
/* Returns it and forgets it, so that the run it is for is the only one. */
char           *sp_test_model_take_accepted_certificate (SpTestModel *self);

/* What the wizard found out. */
SpMxResult     *sp_test_model_get_mx_result      (SpTestModel    *self);
void            sp_test_model_set_mx_result      (SpTestModel    *self,
                                                  SpMxResult     *result);
SpTranscript   *sp_test_model_get_transcript     (SpTestModel    *self);
void            sp_test_model_set_transcript     (SpTestModel    *self,
                                                  SpTranscript   *transcript);

/* The name the mail server page looks up: the recipient's domain, the
 * domain, or the server's host; NULL when the field is not valid yet.
 * @is_host tells a host name (address lookup) from a domain (MX lookup). */
char           *sp_test_model_dup_lookup_name    (SpTestModel    *self,
                                                  gboolean       *is_host);
/* The EHLO name used when the field is empty: the sender's domain. */
char           *sp_test_model_dup_default_ehlo_name (SpTestModel *self);

/* Checks one field as it is now; the message says what is wrong and how to
 * fix it. Empty required fields fail too, so a page can tell complete from
 * incomplete; it decides whether to show that message yet. */
gboolean        sp_test_model_check_field        (SpTestModel    *self,
                                                  SpTestField     field,
                                                  GError        **error);
/* NULL when the field is valid. */
char           *sp_test_model_dup_message        (SpTestModel    *self,
                                                  SpTestField     field);
/* The fields of each page, in the order they appear there; on failure
 * @field names the first at fault. */
gboolean        sp_test_model_check_target       (SpTestModel    *self,
                                                  SpTestField    *field,
                                                  GError        **error);
gboolean        sp_test_model_check_dns          (SpTestModel    *self,
                                                  SpTestField    *field,
                                                  GError        **error);
gboolean        sp_test_model_check_message      (SpTestModel    *self,
                                                  SpTestField    *field,
                                                  GError        **error);
/* Leaving the first page: a domain test gets postmaster@domain as its
 * recipient unless the recipient already belongs to that domain. */
void            sp_test_model_commit_target      (SpTestModel    *self);

/* The request for SpProbe, checked by sp_probe_request_validate(). */
SpProbeRequest *sp_test_model_to_request         (SpTestModel    *self,
                                                  SpTestField    *field,
                                                  GError        **error);

/* Prefills from command-line options: "server", "port", "from", "ehlo",
 * "dns-server", "tls" (as the CLI spells it), "ca-file", "auth-user" and
 * the remaining arguments (key "", an "as") whose first is a recipient
 * address or a domain. Never a password. */
void            sp_test_model_prefill            (SpTestModel    *self,
                                                  GVariantDict   *options);
/* The remembered fields: last-sender, last-ehlo-name, dns-server,
 * step-timeout and ca-file. Never any secret; not the port, the
 * encryption or the sign-in either, which belong to one server rather
 * than to the person testing. */
void            sp_test_model_load_settings      (SpTestModel    *self,
                                                  GSettings      *settings);
void            sp_test_model_save_settings      (SpTestModel    *self,
                                                  GSettings      *settings);
/* Forgets what was tested and found, and the sign-in (user name, password
 * and the permission to sign in without encryption), keeping the sender,
 * EHLO name, DNS server, message, encryption and limits for the next test. */
void            sp_test_model_reset              (SpTestModel    *self);

G_END_DECLS
