/* sp-page-result.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-page.h"

G_BEGIN_DECLS

#define SP_TYPE_PAGE_RESULT (sp_page_result_get_type ())

/* Page 5: the verdict in plain words, the deciding reply and what it means,
 * the server's capabilities, and what to do next (export, copy, run again,
 * new test). */
G_DECLARE_FINAL_TYPE (SpPageResult, sp_page_result, SP, PAGE_RESULT, SpPage)

/* The headline shown: sp_diagnosis_dup_headline() of the model's
 * transcript, or "" before a result. */
const char *sp_page_result_get_headline   (SpPageResult *self);
/* Shows the outcome of an action (saved, copied) under the buttons. */
void        sp_page_result_set_status     (SpPageResult *self,
                                           const char   *status);
/* Opens the export menu, as Ctrl+E does. */
void        sp_page_result_popup_export   (SpPageResult *self);

G_END_DECLS
