/* sp-mx-result-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-resolver.h"

G_BEGIN_DECLS

/* A host with an empty address list: the c-ares source makes one per MX
 * record, the resolver adds the addresses it finds. */
SpMxHost *_sp_mx_host_new (guint16     preference,
                           const char *host);

G_END_DECLS
