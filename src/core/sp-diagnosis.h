/* sp-diagnosis.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sp-console.h"
#include "sp-reply.h"
#include "sp-transcript.h"

G_BEGIN_DECLS

/* How bad an outcome is, in the terms a sending server would act on. */
typedef enum
{
  SP_EXPLANATION_SEVERITY_INFO,       /* not a failure: 2xx, 3xx, a cancelled test */
  SP_EXPLANATION_SEVERITY_TEMPORARY,  /* may work later without anybody changing anything */
  SP_EXPLANATION_SEVERITY_PERMANENT,  /* fails until somebody changes something */
} SpExplanationSeverity;

/* How an outcome looks. Verdicts and reply classes get their tone here
 * only; each front end maps a tone to its colour, icon or symbol, so that a
 * temporary failure looks the same in the GUI, the CLI and every export. */
typedef enum
{
  SP_TONE_NEUTRAL,       /* nothing to judge: not decided yet, a note of this app */
  SP_TONE_SUCCESS,       /* accepted; a 2xx reply */
  SP_TONE_INTERMEDIATE,  /* a 3xx reply: the server waits for more */
  SP_TONE_TEMPORARY,     /* may work later: a 4xx reply, a time-out */
  SP_TONE_FAILURE,       /* fails until somebody changes something */
  SP_TONE_CANCELLED,     /* stopped on this side before there was a result */
} SpTone;

#define SP_TYPE_EXPLANATION (sp_explanation_get_type ())

/* What a reply or a local failure means, why it probably happened at this
 * step, and what to try next, in translated sentences for helpdesk staff.
 * Immutable and reference counted. */
typedef struct _SpExplanation SpExplanation;

GType                  sp_explanation_get_type             (void) G_GNUC_CONST;
SpExplanation         *sp_explanation_ref                  (SpExplanation        *self);
void                   sp_explanation_unref                (SpExplanation        *self);
/* The rule that matched, "recipient-unknown", or a "generic-…" rule when
 * only the digits of the code could be read. Stable, for JSON and tests. */
const char            *sp_explanation_get_rule_id          (const SpExplanation  *self);
/* The cause it names, for JSON and the corpus: the rule's id, or the id
 * of the cause several rules word differently ("server-error"); "generic"
 * when only the digits of the code could be read. */
const char            *sp_explanation_get_cause            (const SpExplanation  *self);
SpExplanationSeverity  sp_explanation_get_severity         (const SpExplanation  *self);
/* "info", "temporary", "permanent": stable, for JSON. */
const char            *sp_explanation_severity_to_string   (SpExplanationSeverity severity);
SpStep                 sp_explanation_get_step             (const SpExplanation  *self);
/* TRUE when no specific rule knew the reply: the meaning comes from the
 * digits of its codes alone. */
gboolean               sp_explanation_is_generic           (const SpExplanation  *self);
/* TRUE for a failure on this side (DNS, connection, time limit) rather
 * than a reply from the server. */
gboolean               sp_explanation_is_local             (const SpExplanation  *self);
/* What it means, in plain words. Never NULL or empty. */
const char            *sp_explanation_get_meaning          (const SpExplanation  *self);
/* What the digits of the reply code and the enhanced code say (RFC 5321
 * 4.2.1, RFC 3463); NULL for a local failure. */
const char            *sp_explanation_get_code_meaning     (const SpExplanation  *self);
/* Likely causes at this step, most likely first; empty only for INFO. */
const char * const    *sp_explanation_get_reasons          (const SpExplanation  *self);
/* Concrete next actions; empty only for INFO. */
const char * const    *sp_explanation_get_advice           (const SpExplanation  *self);
/* The explanation as indented, word-wrapped plain text with the labels
 * "What it means:", "Likely reasons:" and "What to try:". @heading_start
 * and @heading_end (may be NULL) go around each label, for terminal
 * colours. @width counts characters, including @indent. */
char                  *sp_explanation_format_text          (const SpExplanation  *self,
                                                            const char           *indent,
                                                            guint                 width,
                                                            const char           *heading_start,
                                                            const char           *heading_end);

/* The tone of a test's or an attempt's verdict. */
SpTone                 sp_diagnosis_get_tone               (SpVerdict             verdict);
/* The tone of a whole test: its verdict's, except that a test in which
 * mail gets through only partly (some servers refused, or only a backup
 * accepted) is TEMPORARY, neither success nor failure. */
SpTone                 sp_diagnosis_get_transcript_tone    (SpTranscript         *transcript);
/* The tone of a reply of class @klass: SUCCESS, INTERMEDIATE, TEMPORARY or
 * FAILURE; NEUTRAL for LOCAL (a line that is no reply). */
SpTone                 sp_diagnosis_get_reply_tone         (SpReplyClass          klass);

/* Says that this process will explain many replies (a list of targets,
 * the corpus): the rules' patterns are then compiled to machine code, which
 * costs once what it saves after a few hundred replies. Only a call before
 * the first explanation counts. */
void                   sp_diagnosis_expect_many_replies    (void);
/* Explains a reply the server gave at @step. Never returns NULL: a reply
 * no rule knows still gets the meaning of its digits. */
SpExplanation         *sp_diagnosis_explain                (SpStep                step,
                                                            const SpReply        *reply);
/* Explains a local failure at @step: an error of SP_RESOLVER_ERROR,
 * SP_SESSION_ERROR, G_TLS_ERROR or G_IO_ERROR. Never returns NULL. */
SpExplanation         *sp_diagnosis_explain_error          (SpStep                step,
                                                            const GError         *error);
/* What a certificate that did not validate means for mail delivery, for
 * a test that went on past it (the meaning says what is wrong and what
 * senders that check certificates would do). Several problems: the one
 * that matters most is explained; the report lists them all. NULL when
 * the certificate validated. The step is STARTTLS or TLS, by the mode. */
SpExplanation         *sp_diagnosis_explain_certificate    (const SpTlsReport    *report);
/* The step's error if it has one, else its reply; NULL when it has
 * neither (a step still running, or a connect that succeeded). */
SpExplanation         *sp_diagnosis_explain_step           (SpStepRecord *step);
/* TRUE when the step failed: a local failure (but not a cancellation), a
 * 4xx or 5xx reply, or a reply the step did not expect (DATA that got no
 * 354, a greeting other than 220). */
/* sp_diagnosis_explain_step () for a step of @attempt: without the advice
 * to test the domain's own mail servers when they are what was tested. */
SpExplanation         *sp_diagnosis_explain_attempt_step   (SpAttempt            *attempt,
                                                            SpStepRecord         *step);
gboolean               sp_diagnosis_step_failed            (SpStepRecord *step);
/* The step that decided @attempt (the last one of its deciding step that
 * has a reply or an error), or NULL. */
SpStepRecord *sp_diagnosis_find_attempt_deciding_step
                                                           (SpAttempt *attempt);
/* What the result page, the log and the exports explain: every failed step
 * except RSET and QUIT (which change nothing), and the deciding step of
 * the attempt, even when it was accepted. */
gboolean               sp_diagnosis_step_needs_explanation (SpAttempt *attempt,
                                                            SpStepRecord    *step);
/* The step of the attempt that decided the verdict, or NULL (no attempt,
 * as after a failed DNS lookup). @attempt_index may be NULL. */
SpStepRecord *sp_diagnosis_find_deciding_step    (SpTranscript         *transcript,
                                                            int                  *attempt_index);
/* The explanation of what decided the test, or NULL when the test was
 * accepted, stopped by hand or is not decided. Without a deciding step (a
 * DNS failure), the lookup's error (sp_transcript_get_dns_error()) is
 * explained, or else the verdict alone. */
SpExplanation         *sp_diagnosis_explain_transcript     (SpTranscript         *transcript);
/* The verdict of @transcript in one translated sentence, such as "The
 * server refused the recipient kate@example.org": the headline of the
 * result page, the CLI's summary and every export. Never NULL. The
 * sentence may quote the recipient, the sender or the domain as they
 * are: escape it like any other text before showing it. */
char                  *sp_diagnosis_dup_headline           (SpTranscript         *transcript);
/* The sentence that goes under the headline when a server's certificate
 * did not validate, though the test may have passed; NULL when every
 * certificate validated. The CLI and every export show it as it is. */
char                  *sp_diagnosis_dup_certificate_warning (SpTranscript        *transcript);

/* What a test did not get to: @n_addresses more addresses of @host and
 * @n_servers more mail servers. */
typedef struct
{
  guint       n_addresses;
  const char *host;
  guint       n_servers;
} SpUntried;

/* The sentences that say how an attempt or a test ended
 * (sp-diagnosis-verdict.c); the probe records them as the details of the
 * attempts and of the verdict. */
/* Whether @reply refuses a step until the connection is encrypted
 * ("530 5.7.0 Must issue a STARTTLS command first"). */
gboolean               sp_diagnosis_wants_encryption       (SpStep                step,
                                                            const SpReply        *reply);
char                  *sp_diagnosis_dup_refusal_detail     (SpStep                step,
                                                            const SpReply        *reply);
char                  *sp_diagnosis_dup_encryption_wanted_detail (SpStep          step,
                                                            const SpReply        *reply);
/* @step: SP_STEP_RCPT when the test stopped there, else SP_STEP_MESSAGE. */
char                  *sp_diagnosis_dup_accepted_detail    (SpStep                step,
                                                            const SpReply        *reply,
                                                            const char           *recipient);
char                  *sp_diagnosis_dup_data_not_354_detail (const SpReply       *reply);
char                  *sp_diagnosis_dup_login_refused_detail (const char         *user,
                                                            const SpReply        *reply);
char                  *sp_diagnosis_dup_starttls_refused_detail (const SpReply   *reply);
/* @so_far: the attempt's sentence, which these add to. */
char                  *sp_diagnosis_dup_untrusted_certificate_detail (const char *so_far,
                                                            const SpTlsReport    *report);
char                  *sp_diagnosis_dup_mx_names_address_detail (const char      *so_far,
                                                            const char           *address);
/* @error: the SP_PROBE_ERROR_DEADLINE of the test. */
char                  *sp_diagnosis_dup_deadline_detail    (const GError         *error,
                                                            const SpUntried      *untried);
char                  *sp_diagnosis_dup_attempt_limit_note (const SpUntried      *untried,
                                                            guint                 limit);
char                  *sp_diagnosis_dup_all_accepted_detail (guint               n_attempts,
                                                            gboolean              tls_problems);
char                  *sp_diagnosis_dup_mixed_detail       (guint                 n_accepted,
                                                            guint                 n_attempts,
                                                            const char           *first_failure);
char                  *sp_diagnosis_dup_failover_detail    (guint                 n_attempts,
                                                            const char           *last);
/* When every server timed out on port 25: the log's note on how the same
 * addresses answered on other ports, one sentence per address and port,
 * telling an answer, a refusal, silence and no route apart. */
char                  *sp_diagnosis_dup_port_check_note   (const SpPortCheck    *check);
/* @so_far, the verdict's sentence, and what the check of other ports
 * means for it. */
char                  *sp_diagnosis_dup_port_check_detail (const char           *so_far,
                                                           const SpPortCheck    *check);
/* @whole_test: the verdict's sentence; else an attempt's. */
char                  *sp_diagnosis_dup_cancelled_detail   (gboolean              whole_test);

/* The columns of the table of the servers a test tried: one row per
 * attempt, in the order a sending server would try them. */
typedef enum
{
  SP_SERVER_COLUMN_PREFERENCE,
  SP_SERVER_COLUMN_HOST,
  SP_SERVER_COLUMN_ADDRESS,
  SP_SERVER_COLUMN_OUTCOME,
  SP_SERVER_COLUMN_REPLY,   /* the reply or the failure that decided */
  SP_SERVER_COLUMN_TIME,
  SP_N_SERVER_COLUMNS,
} SpServerColumn;

/* The translated heading of @column: "Preference", "Server" … */
const char            *sp_server_column_get_label          (SpServerColumn        column);
/* The text of one cell, the same in the result page, the CLI and every
 * export: "10", "mx1.example.test", "192.0.2.1 port 25", "Refused",
 * "550 5.1.1 User unknown", "0.21 s"; "" when there is nothing to say.
 * Server text is escaped. */
char                  *sp_diagnosis_dup_server_cell        (SpAttempt            *attempt,
                                                            SpServerColumn        column);
SpTone                 sp_diagnosis_get_attempt_tone       (SpAttempt            *attempt);
/* When a more preferred mail server failed and a less preferred one (a
 * backup) accepted, the sentence that says what that means for the mail;
 * else NULL. */
char                  *sp_diagnosis_dup_backup_warning     (SpTranscript         *transcript);
/* Who answered the test, "You are talking to Microsoft 365 …", from the
 * attempt that decided it (or the first that tells); NULL when no
 * greeting, EHLO reply or reply told. */
char                  *sp_diagnosis_dup_responder_note     (SpTranscript         *transcript);
/* The responder of the attempt that decided the test, else of the first
 * attempt that tells; SP_RESPONDER_UNKNOWN when none does. */
SpResponder            sp_diagnosis_get_responder          (SpTranscript         *transcript);
/* What the certificate of @report means for mail delivery: which sending
 * servers would deliver to the server (sp-diagnosis-tls.c). The last line
 * of sp_tls_report_format(); the result page and the exports show it as
 * well. Never NULL. */
char                  *sp_diagnosis_dup_tls_delivery_impact (const SpTlsReport   *report);

/* A lookup of a domain's mail servers, as the mail servers page and the
 * CLI both show it (sp-diagnosis-dns.c). A failed lookup gets a short
 * heading, such as "The domain does not exist", over the error's own
 * message (which says what happened), and what to do: the advice of
 * sp_diagnosis_explain_error() at SP_STEP_DNS in one paragraph, the same
 * sentences the result page and the CLI list under "What to try". The
 * advice is NULL when there is none. */
const char            *sp_diagnosis_get_lookup_heading     (const GError         *error);
char                  *sp_diagnosis_dup_lookup_advice      (const GError         *error);
/* A lookup that found mail servers, but is worth a note: the domain has
 * no MX records (mail goes to its own address), or some mail servers have
 * no address. Returns the note's heading, or NULL when there is nothing
 * to say; @body and @advice (either may be NULL) get the rest, NULL when
 * the note has none. */
char                  *sp_diagnosis_dup_lookup_note        (const SpMxResult     *result,
                                                            char                **body,
                                                            char                **advice);

/* The console (sp-diagnosis-console.c). The hint shown before sending a
 * line the check flagged (sp_console_check_line ()): @line as typed, and
 * the check's @suggestion. NULL for OK and EMPTY. */
char                  *sp_diagnosis_dup_console_hint       (SpConsoleCheck        check,
                                                            const char           *line,
                                                            const char           *suggestion);
/* How a session typed by hand went, for its attempt and the verdict: how
 * many commands, and how many the server refused. */
char                  *sp_diagnosis_dup_console_detail     (SpAttempt            *attempt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpExplanation, sp_explanation_unref)

G_END_DECLS
