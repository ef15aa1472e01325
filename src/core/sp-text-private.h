/* sp-text-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A short excerpt of untrusted text for an error message: valid UTF-8, at
 * most 80 characters then "…", with backslashes and control characters
 * escaped, so that nothing can reach a terminal through a message. Text
 * that may hold a secret must be redacted (sp_auth_redact ()) before it is
 * quoted, never after: the cut and the escapes can leave a piece of the
 * secret that no longer matches. */
char *_sp_text_quote_excerpt (const char *data,
                              gssize      len);

G_END_DECLS
