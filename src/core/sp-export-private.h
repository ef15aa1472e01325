/* sp-export-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>

#include "sp-diagnosis.h"
#include "sp-export.h"

G_BEGIN_DECLS

#define TOOL_NAME "SMTP Probe"

/* The index in @extensions (".txt", … ending in NULL; lower case) of the
 * extension of @filename's last component, case-insensitively; -1 when
 * it has none of them (sp-export.c). */
int            _sp_export_find_extension       (const char                *filename,
                                                const char * const        *extensions);

/* Saving a local file atomically (sp-export.c): the file is written to a
 * temporary file beside it, which _sp_export_save_commit () syncs and
 * renames over it; freed without a commit, the old file stays as it was.
 * _sp_export_save_begin () checks the path as sp_export_check_file () does
 * and keeps the permissions of the user's own old file. */
typedef struct _SpExportSave SpExportSave;

SpExportSave  *_sp_export_save_begin           (const char                *path,
                                                GError                   **error);
/* The temporary file, open for writing; it stays the save's. */
int            _sp_export_save_get_fd          (SpExportSave              *save);
gboolean       _sp_export_save_commit          (SpExportSave              *save,
                                                GError                   **error);
void           _sp_export_save_free            (SpExportSave              *save);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpExportSave, _sp_export_save_free)

/* Shared by the three formats (sp-export-common.c) */
const char    *_sp_export_class_label          (SpReplyClass               klass);
SpReplyClass   _sp_export_step_class           (SpStepRecord    *step);
char          *_sp_export_format_clock         (GDateTime                 *wall);
char          *_sp_export_format_date          (GDateTime                 *wall);
char          *_sp_export_format_iso8601       (GDateTime                 *wall);
char          *_sp_export_format_elapsed       (gint64                     usec);
char          *_sp_export_format_ms            (gint64                     usec);
char          *_sp_export_join_addresses       (const SpMxHost            *host);
char          *_sp_export_safe                 (const char                *text);
char          *_sp_export_format_attempt_title (SpAttempt *attempt,
                                                guint                      index);
const char    *_sp_export_describe_servers     (SpTranscript              *transcript);
const char    *_sp_export_describe_resolver    (SpTranscript              *transcript);
const char    *_sp_export_describe_mode        (SpTranscript              *transcript);
/* The sentence that labels a practice test, or NULL for a real one. */
const char    *_sp_export_describe_simulated   (SpTranscript              *transcript);
const char    *_sp_export_describe_sender      (SpTranscript              *transcript);
/* "Certificate (STARTTLS) for mx1.example.test", the heading of a report. */
char          *_sp_export_format_tls_heading   (const SpTlsReport         *report);
/* A certificate date in UTC, ISO 8601 ("2025-03-01T12:00:00Z"), or NULL. */
char          *_sp_export_format_utc           (GDateTime                 *date);
/* "Login: PLAIN as kate@example.org, accepted.", "Login as kate@example.org:
 * not tried." or NULL when the attempt wanted no login. Never mentions the
 * password. */
char          *_sp_export_format_auth          (SpAttempt *attempt);
/* The explanation to show next to @step of @attempt, or NULL: every
 * failing step and the step that decided the attempt get one. */
SpExplanation *_sp_export_explain_step         (SpAttempt *attempt,
                                                SpStepRecord    *step);

/* JSON (sp-export-json.c): a string node, made valid UTF-8, or a null
 * node for NULL (transfer full). */
JsonNode      *_sp_export_json_string_node     (const char                *value);
/* The document, pretty-printed and ending in a line break, with every
 * character that _sp_text_char_is_hidden() flags written as a \u escape. */
char          *_sp_export_json_generate        (JsonNode                  *root);

/* One file per format, called by sp-export.c only */
char          *_sp_export_text                 (SpTranscript              *transcript);
char          *_sp_export_html                 (SpTranscript              *transcript);
char          *_sp_export_json                 (SpTranscript              *transcript);

G_END_DECLS
