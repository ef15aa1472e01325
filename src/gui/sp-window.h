/* sp-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "sp-application.h"
#include "sp-export.h"
#include "sp-page.h"
#include "sp-form-model.h"

G_BEGIN_DECLS

/* The wizard's pages, in order. */
typedef enum
{
  SP_WINDOW_PAGE_TARGET,
  SP_WINDOW_PAGE_SERVERS,
  SP_WINDOW_PAGE_MESSAGE,
  SP_WINDOW_PAGE_SESSION,
  SP_WINDOW_PAGE_RESULT,
  SP_WINDOW_N_PAGES
} SpWindowPage;

#define SP_TYPE_WINDOW (sp_window_get_type ())

/* The main window: the wizard in a GtkStack with Back and Next in the header
 * bar, computed from each page's "complete" and "busy", a step indicator,
 * and the actions (prefix "wizard.") that the buttons, the menu and the
 * keyboard shortcuts use. */
G_DECLARE_FINAL_TYPE (SpWindow, sp_window, SP, WINDOW, GtkApplicationWindow)

SpWindow     *sp_window_new                  (SpApplication   *application);
GCancellable *sp_window_get_cancellable      (SpWindow        *self);
SpFormModel  *sp_window_get_model            (SpWindow        *self);
SpPage       *sp_window_get_page             (SpWindow        *self,
                                              SpWindowPage     page);
SpWindowPage  sp_window_get_current_page     (SpWindow        *self);
/* Goes to @page as Next or Back would, without applying the page shown;
 * for the actions that jump (export, run again) and for tests that look
 * at one page. */
void          sp_window_show_page            (SpWindow        *self,
                                              SpWindowPage     page);
/* Prefills the wizard from command-line options (see sp_form_model_prefill()). */
void          sp_window_prefill              (SpWindow        *self,
                                              GVariantDict    *options);
/* Saves the transcript shown in the format chosen, then says so on the
 * result page; what Export does once the file chooser has answered. */
void          sp_window_export_to_file_async (SpWindow        *self,
                                              SpExportFormat   format,
                                              GFile           *file,
                                              GCancellable    *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer         user_data);
gboolean      sp_window_export_to_file_finish (SpWindow       *self,
                                               GAsyncResult   *result,
                                               GError        **error);

G_END_DECLS
