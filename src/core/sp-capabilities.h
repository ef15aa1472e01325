/* sp-capabilities.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-reply.h"

G_BEGIN_DECLS

#define SP_TYPE_CAPABILITIES (sp_capabilities_get_type ())

/* The service extensions a server lists in its EHLO reply (RFC 5321 4.1.1.1). */
typedef struct _SpCapabilities SpCapabilities;

GType               sp_capabilities_get_type            (void) G_GNUC_CONST;
/* Reads the keywords from every line but the first of an EHLO reply.
 * A reply that is not a 250 gives an empty set. */
SpCapabilities     *sp_capabilities_new_from_reply      (const SpReply         *ehlo_reply);
SpCapabilities     *sp_capabilities_ref                 (SpCapabilities        *self);
void                sp_capabilities_unref               (SpCapabilities        *self);
/* The domain the server named on the first line, or NULL. */
const char         *sp_capabilities_get_server_name     (const SpCapabilities  *self);
/* Keyword lookup is case-insensitive: "dsn" finds "DSN". */
gboolean            sp_capabilities_has                 (const SpCapabilities  *self,
                                                         const char            *keyword);
/* The parameters after the keyword ("10240000" for SIZE), "" when there are
 * none, NULL when the keyword is absent. */
const char         *sp_capabilities_get_params          (const SpCapabilities  *self,
                                                         const char            *keyword);
/* SIZE's limit in octets; 0 when absent or unlimited. */
guint64             sp_capabilities_get_size_limit      (const SpCapabilities  *self);
/* AUTH mechanisms, upper case, including those of the old "AUTH=" form. */
const char * const *sp_capabilities_get_auth_mechanisms (const SpCapabilities  *self);
/* Upper-case keywords in the order the server listed them. */
const char * const *sp_capabilities_get_keywords        (const SpCapabilities  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpCapabilities, sp_capabilities_unref)

G_END_DECLS
