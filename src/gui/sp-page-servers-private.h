/* sp-page-servers-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-page-servers.h"

G_BEGIN_DECLS

/* One row of the exchanger list: preference, host and addresses, or why the
 * host has none (then the row cannot be chosen). The row keeps the host name
 * as its "host" data. @is_host: the page shows one server's addresses. */
GtkWidget *_sp_page_servers_create_row     (const SpMxHost  *host,
                                            gboolean         implicit,
                                            gboolean         is_host);
/* A short heading and what to do for a failed lookup; the error's own
 * message says what happened. */
void       _sp_page_servers_describe_error (const GError    *error,
                                            const char     **heading,
                                            const char     **advice);

G_END_DECLS
