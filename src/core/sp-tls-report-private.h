/* sp-tls-report-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-tls-report.h"

G_BEGIN_DECLS

/* Called with the absolute path each time sp_tls_load_ca_file () starts
 * reading a CA file's certificates, in the thread that reads it: for the
 * tests, which count the reads and see where they happen. NULL: none. */
typedef void (*SpTlsCaFileReadHook) (const char *path,
                                     gpointer    user_data);

void _sp_tls_set_ca_file_read_hook (SpTlsCaFileReadHook hook,
                                    gpointer            user_data);

G_END_DECLS
