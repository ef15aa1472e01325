/* sp-page-message.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-page.h"

G_BEGIN_DECLS

#define SP_TYPE_PAGE_MESSAGE (sp_page_message_get_type ())

/* Page 3: sender, recipient, EHLO name, NOTIFY, the message and limits. */
G_DECLARE_FINAL_TYPE (SpPageMessage, sp_page_message, SP, PAGE_MESSAGE, SpPage)

G_END_DECLS
