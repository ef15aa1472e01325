/* sp-step-list.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "sp-transcript.h"

G_BEGIN_DECLS

#define SP_TYPE_STEP_LIST (sp_step_list_get_type ())

/* The steps of a session (DNS, then per server: connect, banner, EHLO,
 * MAIL, RCPT, DATA, QUIT), filling in with a status and the time each took
 * as the transcript records them. Steps still to come are listed greyed
 * out, so the person sees how far the test got. */
G_DECLARE_FINAL_TYPE (SpStepList, sp_step_list, SP, STEP_LIST, GtkWidget)

GtkWidget    *sp_step_list_new            (void);
SpTranscript *sp_step_list_get_transcript (SpStepList   *self);
void          sp_step_list_set_transcript (SpStepList   *self,
                                           SpTranscript *transcript);
/* Brings every row up to date now rather than at the next tick. */
/* The attempt whose connection stays open for "Continue by hand": its
 * Goodbye (QUIT) step says so instead of "Not reached". NULL for none. */
void          sp_step_list_set_kept_open  (SpStepList   *self,
                                           SpAttempt    *attempt);
void          sp_step_list_update         (SpStepList   *self);
/* One line per row, "Recipient (RCPT TO) | 550 Permanent failure | 0.01 s",
 * as a screen reader reads them. */
char         *sp_step_list_dup_text       (SpStepList   *self);

G_END_DECLS
