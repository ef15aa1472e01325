/* sp-page-target.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-page.h"

G_BEGIN_DECLS

#define SP_TYPE_PAGE_TARGET (sp_page_target_get_type ())

/* Page 1: an address, a domain or one server to test. */
G_DECLARE_FINAL_TYPE (SpPageTarget, sp_page_target, SP, PAGE_TARGET, SpPage)

G_END_DECLS
