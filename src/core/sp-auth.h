/* sp-auth.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "sp-capabilities.h"
#include "sp-reply.h"

G_BEGIN_DECLS

/* What every log, export and screen shows instead of a credential. */
#define SP_AUTH_REDACTED "********"

/* The SMTP AUTH mechanisms (RFC 4954) this app can use: the "Basic"
 * login of the telnet procedure, with its Base64 done for the user. */
typedef enum
{
  SP_AUTH_MECHANISM_NONE,
  SP_AUTH_MECHANISM_PLAIN,  /* RFC 4616: one Base64 blob "\0user\0password" */
  SP_AUTH_MECHANISM_LOGIN,  /* user and password in answer to two 334 challenges */
} SpAuthMechanism;

/* "PLAIN", "LOGIN"; NULL for NONE. */
const char      *sp_auth_mechanism_to_string (SpAuthMechanism       mechanism);
/* The best mechanism @capabilities offer: PLAIN, then LOGIN; NONE when the
 * server offers neither (or no AUTH at all). */
SpAuthMechanism  sp_auth_choose_mechanism    (const SpCapabilities  *capabilities);

/* Base64 of "\0@user\0@password" (no authorization identity). Free with
 * sp_auth_secret_free(). */
char            *sp_auth_encode_plain        (const char            *user,
                                              const char            *password);
/* Base64 of @text, for LOGIN's answers. Free with sp_auth_secret_free(). */
char            *sp_auth_encode_login        (const char            *text);
/* Every form of the password that could reach the wire: itself, its
 * Base64, and the PLAIN blob. Free with sp_auth_secret_strv_free(). */
GStrv            sp_auth_dup_secret_forms    (const char            *user,
                                              const char            *password);

/* @text with every occurrence of each of @secrets replaced by
 * SP_AUTH_REDACTED. Empty secrets are ignored. */
char            *sp_auth_redact              (const char            *text,
                                              const char * const    *secrets);
gboolean         sp_auth_contains_secret     (const char            *text,
                                              const char * const    *secrets);
/* A copy of @reply fit for the log: with @hide_challenge, the text of a 334
 * challenge becomes SP_AUTH_REDACTED; any of @secrets in any line is
 * redacted too. Returns a new reference to @reply when nothing changes. */
SpReply         *sp_auth_redact_reply        (const SpReply         *reply,
                                              gboolean               hide_challenge,
                                              const char * const    *secrets);

/* Overwrites the string before freeing it, so that the secret does not
 * linger in freed memory. NULL is allowed. */
void             sp_auth_secret_free         (char                  *secret);
void             sp_auth_secret_strv_free    (GStrv                  secrets);
/* Overwrites @len bytes at @data in a way the compiler cannot drop. */
void             sp_auth_wipe                (gpointer               data,
                                              gsize                  len);

G_END_DECLS
