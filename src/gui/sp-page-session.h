/* sp-page-session.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-console.h"
#include "sp-log-view.h"
#include "sp-page.h"
#include "sp-step-list.h"

G_BEGIN_DECLS

#define SP_TYPE_PAGE_SESSION (sp_page_session_get_type ())

/* Page 4: runs the probe with the live log and the step list. Reached with
 * Next it starts a new run; Stop (or Escape) ends it at once, keeping the
 * log. */
G_DECLARE_FINAL_TYPE (SpPageSession, sp_page_session, SP, PAGE_SESSION, SpPage)

/* Starts a new run from the model, as Next from the message page does. */
void        sp_page_session_run          (SpPageSession *self);
gboolean    sp_page_session_is_running   (SpPageSession *self);
/* Whether the last test kept its connection open for "Continue by hand". */
gboolean    sp_page_session_can_continue_by_hand (SpPageSession  *self);
/* A console that took over that connection, as a new attempt of the
 * test's transcript; NULL when there is none. @keep_alive gets what must
 * live as long as the console (the simulated servers of practice), or
 * NULL. */
SpConsole  *sp_page_session_continue_by_hand (SpPageSession  *self,
                                              GObject       **keep_alive);
SpLogView  *sp_page_session_get_log_view (SpPageSession *self);
SpStepList *sp_page_session_get_step_list (SpPageSession *self);

G_END_DECLS
