/* sp-attempt-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-attempt.h"

G_BEGIN_DECLS

/* Entries are reference counted: the attempt that wrote one and the
 * transcript's log of the whole test share it. */
SpTranscriptEntry *_sp_transcript_entry_ref   (SpTranscriptEntry *entry);
void               _sp_transcript_entry_unref (SpTranscriptEntry *entry);

/* The log lines one writer keeps: an attempt its own, the transcript
 * those of the whole test (its own notes and every attempt's). The
 * elapsed time of a new entry counts from the start of the step under
 * way. */
typedef struct
{
  GPtrArray  *entries;            /* SpTranscriptEntry */
  gint64      step_started_usec;
  int         attempt;            /* what new entries carry: an attempt's index, or -1 */
} SpLog;

void               _sp_log_init            (SpLog             *log,
                                            int                attempt);
void               _sp_log_clear           (SpLog             *log);
/* Keeps a reference to @entry, written by another log. */
void               _sp_log_append          (SpLog             *log,
                                            SpTranscriptEntry *entry);
/* These make an entry, append it and return it (owned by the log). */
SpTranscriptEntry *_sp_log_add_line        (SpLog             *log,
                                            SpDirection        direction,
                                            SpReplyClass       klass,
                                            SpStep             step,
                                            const char        *text);
SpTranscriptEntry *_sp_log_add_note_valist (SpLog             *log,
                                            SpStep             step,
                                            gboolean           is_error,
                                            const char        *format,
                                            va_list            args)
                                            G_GNUC_PRINTF (4, 0);
const SpTranscriptEntry *_sp_log_get_entry (SpLog             *log,
                                            guint              index);

G_END_DECLS
