/* sp-probe.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sp-probe-request.h"
#include "sp-resolver.h"
#include "sp-session.h"
#include "sp-tls-report.h"
#include "sp-transcript.h"

G_BEGIN_DECLS

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
  /* For the explanation of a test in which every server timed out on
   * port 25 (see sp_transcript_get_port_check()): some answered on another
   * mail port, so port 25 is blocked on the way; or none answered on any. */
  SP_PROBE_ERROR_PORT_25_BLOCKED,
  SP_PROBE_ERROR_NO_PORT_ANSWERS,
} SpProbeError;

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

G_END_DECLS
