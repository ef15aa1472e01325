/* sp-attempt-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-attempt.h"

G_BEGIN_DECLS

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
/* Keeps a reference to @entry, written by another log: entries are
 * reference counted, so the attempt that wrote one and the transcript's
 * log of the whole test share it. */
void               _sp_log_append          (SpLog             *log,
                                            SpTranscriptEntry *entry);
/* Makes a note, appends it and returns it (owned by the log). */
SpTranscriptEntry *_sp_log_add_note_valist (SpLog             *log,
                                            SpStep             step,
                                            gboolean           is_error,
                                            const char        *format,
                                            va_list            args)
                                            G_GNUC_PRINTF (4, 0);
const SpTranscriptEntry *_sp_log_get_entry (SpLog             *log,
                                            guint              index);

G_END_DECLS
