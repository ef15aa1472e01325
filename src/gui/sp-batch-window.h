/* sp-batch-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "sp-batch.h"
#include "sp-form-model.h"

G_BEGIN_DECLS

/* Where a run of a list stands. */
typedef enum
{
  SP_BATCH_WINDOW_EMPTY,      /* no list opened yet */
  SP_BATCH_WINDOW_READING,    /* the file is read */
  SP_BATCH_WINDOW_RUNNING,
  SP_BATCH_WINDOW_FINISHED,   /* every target of the list was reported */
  SP_BATCH_WINDOW_CANCELLED,  /* stopped: the targets reported so far stay */
  SP_BATCH_WINDOW_FAILED,     /* the file could not be read (further) */
} SpBatchWindowState;

#define SP_TYPE_BATCH_WINDOW_STATE (sp_batch_window_state_get_type ())
GType sp_batch_window_state_get_type (void) G_GNUC_CONST;

#define SP_TYPE_BATCH_WINDOW (sp_batch_window_get_type ())

/* A list of targets tested in one run (SpBatch, as smtp-probe-cli --batch
 * does) and its table, filled in as the targets end: target, outcome, the
 * deciding reply, the diagnosis's sentence and the time, with the progress,
 * Stop, how many tests run at once, and the summary exported as text, CSV
 * or JSON by the same code as the CLI's (sp-batch-report.c). Every word
 * about a target is the diagnosis's; the window only shows them.
 *
 * A list opens from Open List… (Ctrl+O) or by dropping its file on the
 * window; Enter on a row tests that target step by step in the wizard.
 *
 * Each target is only checked up to the recipient (no message is sent),
 * with the options of the template: the sender and what belongs to the
 * person testing rather than to one server.
 *
 * Properties: "state" (SpBatchWindowState, read-only). */
G_DECLARE_FINAL_TYPE (SpBatchWindow, sp_batch_window, SP, BATCH_WINDOW, GtkApplicationWindow)

/* @template: copied; its recipient and server are not used. */
SpBatchWindow      *sp_batch_window_new          (GtkApplication       *application,
                                                  const SpProbeRequest *template);
/* A template from the wizard's fields that belong to the person testing
 * (sp_form_model_reset () keeps them): the sender, the EHLO name, the DNS
 * servers when they are the user's own, the time limits, the most
 * connection attempts and the CA file. */
SpProbeRequest     *sp_batch_window_dup_template (SpFormModel          *model);
/* Asks for a list file, then tests it (Open List…). */
void                sp_batch_window_choose_list  (SpBatchWindow        *self);
/* Reads @file asynchronously and tests every target in it; ignored while
 * a run is under way. */
void                sp_batch_window_open         (SpBatchWindow        *self,
                                                  GFile                *file);
/* Stops the run: the tests under way end as cancelled. */
void                sp_batch_window_stop         (SpBatchWindow        *self);
SpBatchWindowState  sp_batch_window_get_state    (SpBatchWindow        *self);
/* The rows (SpBatchItem) in the order the targets ended. */
GListModel         *sp_batch_window_get_results  (SpBatchWindow        *self);
/* The totals of the last run, once it is over (NULL before). */
const SpBatchTally *sp_batch_window_get_tally    (SpBatchWindow        *self);
/* Writes the summary of the last run in @format to @file, replacing it,
 * asynchronously; the window says where it went, or why not. */
void                sp_batch_window_export_async (SpBatchWindow        *self,
                                                  SpBatchFormat         format,
                                                  GFile                *file,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean            sp_batch_window_export_finish (SpBatchWindow       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
