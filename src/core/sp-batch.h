/* sp-batch.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sp-diagnosis.h"
#include "sp-probe-request.h"
#include "sp-transcript.h"

G_BEGIN_DECLS

/* A list of targets is read at most this long a line: an address is at
 * most 256 characters (RFC 5321 4.5.3.1.3), so anything longer is no
 * target, and is reported as a bad line without being kept. */
#define SP_BATCH_MAX_LINE_LENGTH 1024
/* In input order, a target that finished may wait for those before it:
 * at most this many times the number of tests at once are started but not
 * yet reported, so that one slow server cannot make the run hold the
 * results of the whole list. */
#define SP_BATCH_ORDER_WINDOW    4

/* What a line of the list names. */
typedef enum
{
  SP_BATCH_TARGET_INVALID,  /* a line that is none of the others */
  SP_BATCH_TARGET_ADDRESS,  /* kate@example.com: the mail servers of its domain */
  SP_BATCH_TARGET_DOMAIN,   /* example.com: postmaster@example.com */
  SP_BATCH_TARGET_SERVER,   /* mx1.example.com:25, 192.0.2.1, [2001:db8::1]:2525 */
} SpBatchTargetKind;

#define SP_TYPE_BATCH_RESULT (sp_batch_result_get_type ())

/* How one target of a batch ended, kept once its test is over (the test
 * itself is dropped, so that memory stays flat however long the list is).
 * Immutable and reference counted. */
typedef struct _SpBatchResult SpBatchResult;

GType              sp_batch_result_get_type          (void) G_GNUC_CONST;
SpBatchResult     *sp_batch_result_ref               (SpBatchResult *self);
void               sp_batch_result_unref             (SpBatchResult *self);
/* The place of the target among the targets of the list, from 0 (blank
 * lines and comments are no targets), and its line, from 1. */
guint64            sp_batch_result_get_index         (const SpBatchResult *self);
guint64            sp_batch_result_get_line          (const SpBatchResult *self);
/* The line as written, without the blanks around it, escaped like any
 * text from outside (sp_transcript_sanitize_text ()). */
const char        *sp_batch_result_get_target        (const SpBatchResult *self);
SpBatchTargetKind  sp_batch_result_get_kind          (const SpBatchResult *self);
/* The recipient the test used: the address, postmaster@ the domain or
 * the server's, or the template's; NULL for a bad line. */
const char        *sp_batch_result_get_recipient     (const SpBatchResult *self);
/* SP_VERDICT_NONE for a bad line. */
SpVerdict          sp_batch_result_get_verdict       (const SpBatchResult *self);
/* With every mail server tested: some accepted and some did not. */
gboolean           sp_batch_result_get_mixed         (const SpBatchResult *self);
/* Whether the target took mail (or the recipient, when nothing is sent):
 * accepted by every server tested. */
gboolean           sp_batch_result_get_accepted      (const SpBatchResult *self);
SpStep             sp_batch_result_get_deciding_step (const SpBatchResult *self);
/* The reply or the failure that decided, as the table of servers has it
 * ("550 5.1.1 User unknown"); "" when there was none (a failed lookup, a
 * bad line). */
const char        *sp_batch_result_get_reply         (const SpBatchResult *self);
/* The cause the explanation names (sp_explanation_get_cause ()), or
 * NULL when there is no explanation (an acceptance, a bad line). */
const char        *sp_batch_result_get_cause         (const SpBatchResult *self);
/* The verdict in one sentence (sp_diagnosis_dup_headline ()); for a bad
 * line, what is wrong with it. Never NULL; escaped like the target. */
const char        *sp_batch_result_get_headline      (const SpBatchResult *self);
/* How the outcome looks (sp_diagnosis_get_transcript_tone ()): a target
 * that took mail only partly is TEMPORARY; a bad line is FAILURE. */
SpTone             sp_batch_result_get_tone          (const SpBatchResult *self);
/* From the start of its test to its end; 0 for a bad line. */
gint64             sp_batch_result_get_elapsed_usec  (const SpBatchResult *self);

/* How the targets of a batch ended so far. */
typedef struct
{
  guint64  n_targets;                           /* every result, bad lines included */
  guint64  n_accepted;                          /* sp_batch_result_get_accepted () */
  guint64  n_invalid;                           /* bad lines */
  guint64  n_mixed;                             /* some servers accepted, some not */
  guint64  by_verdict[SP_VERDICT_UNSUPPORTED + 1];  /* tested targets, by verdict */
  gint64   elapsed_usec;                        /* the whole run so far */
} SpBatchTally;

#define SP_TYPE_BATCH (sp_batch_get_type ())

/* Tests every target of a list, one per line, a bounded number at once
 * (the template's "jobs"), each as a whole test of its own with the
 * template's options: no result is shared between targets. The list is
 * read as the tests need more targets, so that only a window of it is in
 * memory.
 *
 * A line is a recipient address, a domain (tested as postmaster@ that
 * domain) or a server: a host with a port ("mx1.example.com:25",
 * "[2001:db8::1]:2525") or an IP address, tested with the template's
 * recipient, or else postmaster@ that host. Blank lines and lines whose
 * first non-blank character is "#" are skipped.
 *
 * Signals:
 *  ::started (guint64 index, guint64 line, const char *target)
 *                                    the test of a target began: its place
 *                                    among the targets, its line and its
 *                                    text as sp_batch_result_get_target ()
 *                                    will have it; a line that is no target
 *                                    has no test and no ::started
 *  ::result (SpBatchResult *result)  a target ended, or a line was no target;
 *                                    in input order with "in-order" */
G_DECLARE_FINAL_TYPE (SpBatch, sp_batch, SP, BATCH, GObject)

/* @template: the options of every test, which is copied; its recipient,
 * if any, is the one for server lines. */
SpBatch            *sp_batch_new            (GInputStream          *input,
                                             const SpProbeRequest  *template);
/* Reports the results in the order of the list rather than as they end.
 * Call before sp_batch_run_async (). */
void                sp_batch_set_in_order   (SpBatch               *self,
                                             gboolean               in_order);
/* Completes once every target of the list was reported. Fails when the
 * list cannot be read further (the results so far were reported) or
 * with G_IO_ERROR_CANCELLED: the tests under way are stopped and
 * reported as cancelled first. */
void                sp_batch_run_async      (SpBatch               *self,
                                             GCancellable          *cancellable,
                                             GAsyncReadyCallback    callback,
                                             gpointer               user_data);
gboolean            sp_batch_run_finish     (SpBatch               *self,
                                             GAsyncResult          *result,
                                             GError               **error);
const SpBatchTally *sp_batch_get_tally      (SpBatch               *self);
/* The most tests that ran at once so far. */
guint               sp_batch_get_max_running (SpBatch              *self);

/* The words of a batch, from the diagnosis (sp-diagnosis-batch.c), the
 * same for the CLI and every summary file. */
/* The outcome of a target in a few words: the verdict's label, or that
 * the line is no target. */
const char         *sp_diagnosis_get_batch_outcome (SpBatchTargetKind    kind,
                                                    SpVerdict            verdict);
/* The outcome of a target whose test began (SpBatch::started) and has no
 * result yet. */
const char         *sp_diagnosis_get_batch_outcome_under_way (void);
/* The whole run in one sentence: how many targets, in how long, how many
 * took mail and how many did not. */
char               *sp_diagnosis_dup_batch_summary (const SpBatchTally  *tally);

/* Summaries of a batch (sp-batch-report.c): one row per target, written
 * as the targets are reported, then the totals. */
typedef enum
{
  SP_BATCH_FORMAT_TEXT,
  SP_BATCH_FORMAT_CSV,
  SP_BATCH_FORMAT_JSON,
} SpBatchFormat;

/* From the extension: .txt/.log, .csv, .json (case-insensitive). */
gboolean            sp_batch_format_from_filename (const char          *filename,
                                                   SpBatchFormat       *format);
/* A stable id for the outcome, for CSV and JSON: the verdict's
 * (sp_verdict_to_string ()), or "bad-line". */
const char         *sp_batch_result_get_outcome_id (const SpBatchResult *result);

typedef struct _SpBatchReport SpBatchReport;

/* Writes to @stream, which it closes in sp_batch_report_finish (). */
SpBatchReport      *sp_batch_report_new           (SpBatchFormat        format,
                                                   GOutputStream       *stream);
/* Writes to a temporary file beside @path, which sp_batch_report_finish ()
 * renames over it (sp_export_check_file ()'s rules): a reader never sees
 * half a summary, and an earlier file stays as it was until then. */
SpBatchReport      *sp_batch_report_new_for_path  (SpBatchFormat        format,
                                                   const char          *path,
                                                   GError             **error);
/* The row of one target (for text, the line the CLI prints). */
gboolean            sp_batch_report_add           (SpBatchReport       *self,
                                                   const SpBatchResult *result,
                                                   GError             **error);
/* The totals, then closes the stream (and replaces the file). */
gboolean            sp_batch_report_finish        (SpBatchReport       *self,
                                                   const SpBatchTally  *tally,
                                                   GError             **error);
void                sp_batch_report_free          (SpBatchReport       *self);
/* The text row of @result, without a line end: target, outcome, deciding
 * reply and headline, the target padded to @width characters.
 * @outcome_start and @outcome_end (may be NULL) go around the outcome, for
 * terminal colours. */
char               *sp_batch_format_text_row      (const SpBatchResult *result,
                                                   guint                width,
                                                   const char          *outcome_start,
                                                   const char          *outcome_end);
/* The totals as text: the sentence of sp_diagnosis_dup_batch_summary (),
 * then one line per outcome with its count, each starting with @indent. */
char               *sp_batch_format_text_totals   (const SpBatchTally  *tally,
                                                   const char          *indent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpBatchResult, sp_batch_result_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpBatchReport, sp_batch_report_free)

G_END_DECLS
