/* sp-attempt-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-attempt.h"

G_BEGIN_DECLS

/* Entries are reference counted: the attempt that wrote one and the
 * transcript's log of the whole test share it. */
SpTranscriptEntry *_sp_transcript_entry_new   (SpDirection        direction,
                                               SpReplyClass       klass,
                                               SpStep             step,
                                               int                attempt,
                                               gint64             step_started_usec,
                                               gboolean           is_error,
                                               const char        *text);
/* A note of the app's own; @attempt is -1 for a note about the whole test. */
SpTranscriptEntry *_sp_transcript_entry_new_note (SpStep             step,
                                                  int                attempt,
                                                  gint64             step_started_usec,
                                                  gboolean           is_error,
                                                  const char        *format,
                                                  va_list            args)
                                                  G_GNUC_PRINTF (5, 0);
SpTranscriptEntry *_sp_transcript_entry_ref   (SpTranscriptEntry *entry);
void               _sp_transcript_entry_unref (SpTranscriptEntry *entry);

G_END_DECLS
