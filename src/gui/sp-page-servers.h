/* sp-page-servers.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-page.h"

G_BEGIN_DECLS

#define SP_TYPE_PAGE_SERVERS (sp_page_servers_get_type ())

/* Page 2: the MX lookup (or the server's addresses), its status, the
 * exchanger to test and the DNS server to ask. */
G_DECLARE_FINAL_TYPE (SpPageServers, sp_page_servers, SP, PAGE_SERVERS, SpPage)

/* Starts the lookup again, as the "Look Up Again" button does. */
void sp_page_servers_lookup (SpPageServers *self);

G_END_DECLS
