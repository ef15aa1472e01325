/* sp-log-view.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "sp-diagnosis.h"
#include "sp-transcript.h"

G_BEGIN_DECLS

/* The text tags of the log, one per kind of line; tests and screen reader
 * checks look for these names. */
#define SP_LOG_TAG_TIME         "time"
#define SP_LOG_TAG_NOTE         "note"
#define SP_LOG_TAG_ERROR        "error"
#define SP_LOG_TAG_CLIENT       "client"
#define SP_LOG_TAG_SUCCESS      "reply-success"
#define SP_LOG_TAG_INTERMEDIATE "reply-intermediate"
#define SP_LOG_TAG_TRANSIENT    "reply-transient"
#define SP_LOG_TAG_PERMANENT    "reply-permanent"
#define SP_LOG_TAG_CLASS_LABEL  "class-label"
/* The explanation under a failing reply: meaning, likely reasons, what to try. */
#define SP_LOG_TAG_EXPLANATION  "explanation"

/* At most this many lines stay in the view; the transcript keeps them all. */
#define SP_LOG_VIEW_MAX_LINES 5000

#define SP_TYPE_LOG_VIEW (sp_log_view_get_type ())

/* The live log of a session: every transcript entry as one line, with the
 * time, "C:" for what SMTP Probe sent, "S:" for what the server sent, and
 * each server reply coloured by its first digit with a symbol and a word
 * after its last line, so it reads without colour. Lines arrive in batches
 * so a flood of them never blocks the main loop. */
G_DECLARE_FINAL_TYPE (SpLogView, sp_log_view, SP, LOG_VIEW, GtkWidget)

GtkWidget     *sp_log_view_new               (void);
SpTranscript  *sp_log_view_get_transcript    (SpLogView    *self);
/* Shows @transcript's entries so far, then follows it. */
void           sp_log_view_set_transcript    (SpLogView    *self,
                                              SpTranscript *transcript);
GtkTextBuffer *sp_log_view_get_buffer        (SpLogView    *self);
/* Writes every entry that is still waiting for the next batch. */
void           sp_log_view_flush             (SpLogView    *self);
/* How many entries are waiting, and how many were left out at the top. */
guint          sp_log_view_get_n_pending     (SpLogView    *self);
guint          sp_log_view_get_n_dropped     (SpLogView    *self);
/* The tag for an entry's text: one of the SP_LOG_TAG_* names. */
const char    *sp_log_view_tag_for_entry     (const SpTranscriptEntry *entry);
/* The symbol that stands next to a reply class's colour. */
const char    *sp_log_view_class_symbol      (SpReplyClass  klass);
/* The GUI's colour of a tone: the SP_LOG_TAG_* text tag, which is also the
 * name of the CSS class with the tag's colour; NULL for a tone without a
 * colour (NEUTRAL, CANCELLED). */
const char    *sp_log_view_tone_tag          (SpTone        tone);

G_END_DECLS
