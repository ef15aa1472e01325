/* sp-transcript.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sp-attempt.h"
#include "sp-port-check.h"
#include "sp-resolver.h"

G_BEGIN_DECLS

/* The names are the nicks of the enum types (SP_TYPE_STEP … in
 * "sp-enums.h"); out of range, the nick of the first value. */
const char *sp_step_to_string      (SpStep     step);   /* "rcpt": stable, for JSON */
const char *sp_step_get_label      (SpStep     step);   /* translated: "Recipient (RCPT TO)" */
const char *sp_direction_to_string (SpDirection direction);
const char *sp_verdict_to_string   (SpVerdict  verdict); /* "accepted": stable, for JSON */
const char *sp_verdict_get_label   (SpVerdict  verdict); /* translated: "Accepted" */
/* What every log (the app's, the CLI's, the exports) puts before the
 * entry's text, in RFC 5321's own notation: "C:" a line the client sent,
 * "S:" a line the server sent, "!!" a note of a failure, "--" any other
 * note. sp_transcript_describe_markers() says so in one sentence. */
const char *sp_transcript_entry_get_marker (const SpTranscriptEntry *entry);
const char *sp_transcript_describe_markers (void);

/* Makes text from a server safe to show: valid UTF-8, with controls
 * other than tab, format and direction characters, separators and other invisible
 * characters escaped (the rule of _sp_text_char_is_hidden(): "\xNN",
 * "\uNNNN"), and at most SP_TRANSCRIPT_MAX_TEXT_LENGTH bytes (then "…"
 * and a note). @length may be -1. Entries, attempt details and the
 * verdict detail are stored like this already. */
char       *sp_transcript_sanitize_text (const char *text,
                                         gssize      length);
/* The same escaping without the length limit, for text that was already
 * cut (entries) or that is short by construction. */
char       *sp_transcript_escape_text   (const char *text,
                                         gssize      length);

#define SP_TYPE_TRANSCRIPT (sp_transcript_get_type ())

G_DECLARE_FINAL_TYPE (SpTranscript, sp_transcript, SP, TRANSCRIPT, GObject)

/* Signals:
 *  ::entry-added (gpointer entry)        a const SpTranscriptEntry *, after it was
 *                                        added to the log (entry->index is its place)
 *  ::attempt-changed (SpAttempt *attempt) when an attempt is added, or it or its steps
 *                                        change (its ::changed, for every attempt)
 * Properties: verdict (notify when it changes). */
SpTranscript              *sp_transcript_new                (void);

/* What was tested, for the exports. */
void                       sp_transcript_set_request        (SpTranscript        *self,
                                                             const char          *recipient,
                                                             const char          *sender,
                                                             gboolean             check_only);
/* What the test does, in one line (sp_probe_request_dup_summary ()); NULL
 * for a console session opened on its own. */
void                       sp_transcript_set_summary        (SpTranscript        *self,
                                                             const char          *summary);
const char                *sp_transcript_get_summary        (SpTranscript        *self);
const char                *sp_transcript_get_recipient      (SpTranscript        *self);
const char                *sp_transcript_get_sender         (SpTranscript        *self);
gboolean                   sp_transcript_get_check_only     (SpTranscript        *self);
GDateTime                 *sp_transcript_get_started        (SpTranscript        *self);
/* A practice test against a simulated server (sp-practice.h): the result
 * and every export say so. */
void                       sp_transcript_set_simulated      (SpTranscript        *self,
                                                             gboolean             simulated);
gboolean                   sp_transcript_get_simulated      (SpTranscript        *self);
/* Commands were typed by hand in the console (sp-console.h), after a
 * guided test or on their own. */
void                       sp_transcript_set_manual         (SpTranscript        *self,
                                                             gboolean             manual);
gboolean                   sp_transcript_get_manual         (SpTranscript        *self);
void                       sp_transcript_set_mx_result      (SpTranscript        *self,
                                                             SpMxResult          *result);
SpMxResult                *sp_transcript_get_mx_result      (SpTranscript        *self);
/* The error of a failed lookup (SP_RESOLVER_ERROR), kept so that the
 * diagnosis can tell NXDOMAIN from a time-out; NULL when the lookup
 * worked. A failed lookup has no attempt, so no step holds it. */
void                       sp_transcript_set_dns_error      (SpTranscript        *self,
                                                             const GError        *error);
const GError              *sp_transcript_get_dns_error      (SpTranscript        *self);

/* The test's own notes, outside any attempt (the DNS lookup, what the
 * probe decided between attempts). */
void                       sp_transcript_add_note           (SpTranscript        *self,
                                                             SpStep               step,
                                                             const char          *format,
                                                             ...) G_GNUC_PRINTF (3, 4);
void                       sp_transcript_add_error          (SpTranscript        *self,
                                                             SpStep               step,
                                                             const char          *format,
                                                             ...) G_GNUC_PRINTF (3, 4);
/* Elapsed times of the test's own notes count from here. */
void                       sp_transcript_begin_stage        (SpTranscript        *self,
                                                             SpStep               step);

/* Adds a waiting attempt at the end of the attempts; the transcript keeps
 * it (the pointer is borrowed) and copies its entries into the log. */
SpAttempt                 *sp_transcript_add_attempt        (SpTranscript        *self,
                                                             const char          *host,
                                                             const char          *address,
                                                             guint16              port);
/* SpAttempt, in the order a sending server would try them */
GListModel                *sp_transcript_get_attempts       (SpTranscript        *self);

void                       sp_transcript_set_verdict        (SpTranscript        *self,
                                                             SpVerdict            verdict,
                                                             SpStep               deciding_step,
                                                             const char          *detail);
SpVerdict                  sp_transcript_get_verdict        (SpTranscript        *self);
/* The attempt whose outcome the verdict repeats: the last one when failing
 * over, the first failure (or the last acceptance) with every server
 * tested; NULL without attempts. The probe sets it with the verdict;
 * without that, the last attempt that ended as the test did, or the last
 * one. */
void                       sp_transcript_set_deciding_attempt (SpTranscript      *self,
                                                               SpAttempt         *attempt);
SpAttempt                 *sp_transcript_get_deciding_attempt (SpTranscript      *self);
SpStep                     sp_transcript_get_deciding_step  (SpTranscript        *self);
const char                *sp_transcript_get_verdict_detail (SpTranscript        *self);
/* With every mail server tested (--all-mx): some accepted and some did not.
 * The verdict is then the first failure's; set before the verdict. */
void                       sp_transcript_set_mixed          (SpTranscript        *self,
                                                             gboolean             mixed);
gboolean                   sp_transcript_get_mixed          (SpTranscript        *self);
/* When every server timed out on port 25: how the same addresses answered
 * on other mail ports (see SpPortCheck); NULL when that was not checked. */
void                       sp_transcript_set_port_check     (SpTranscript        *self,
                                                             SpPortCheck         *check);
SpPortCheck               *sp_transcript_get_port_check     (SpTranscript        *self);

guint                      sp_transcript_get_n_entries      (SpTranscript        *self);
const SpTranscriptEntry   *sp_transcript_get_entry          (SpTranscript        *self,
                                                             guint                index);
guint                      sp_transcript_get_n_attempts     (SpTranscript        *self);
SpAttempt                 *sp_transcript_get_attempt        (SpTranscript        *self,
                                                             guint                index);
/* Whether any attempt was encrypted with a certificate that did not
 * validate: the test went on, but the result must say so. */
gboolean                   sp_transcript_has_tls_problems   (SpTranscript        *self);

G_END_DECLS
