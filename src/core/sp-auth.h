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
/* Every form of the password worth hiding: itself, its Base64 (the LOGIN
 * answer), the PLAIN blob from where the password starts in it, and the
 * Base64 of the password at each of the three positions it can have in a
 * longer blob (only the characters made of the password's bits alone).
 * Free with sp_auth_secret_strv_free(). */
GStrv            sp_auth_dup_secret_forms    (const char            *user,
                                              const char            *password);

/* The shortest piece of a secret form that redaction hides; see
 * mark_secrets() in sp-auth.c for why. */
#define SP_AUTH_MIN_FRAGMENT 8

/* @text with every piece of @secrets replaced by SP_AUTH_REDACTED: every
 * run of SP_AUTH_MIN_FRAGMENT or more characters that appears in a secret
 * (a secret shorter than that where it appears whole), widened to the
 * whole run of Base64 characters around it. Empty secrets are ignored. */
char            *sp_auth_redact              (const char            *text,
                                              const char * const    *secrets);
/* The same for lines that belong together, such as the lines of a reply:
 * their texts are searched as one, so a secret split across two lines is
 * found too. With @keep_codes, a leading reply code and its separator
 * ("250-") stay as they are. Free with g_strfreev(). */
GStrv            sp_auth_redact_lines        (const char * const    *lines,
                                              guint                  n_lines,
                                              gboolean               keep_codes,
                                              const char * const    *secrets);
/* Whether sp_auth_redact() would hide anything in @text. */
gboolean         sp_auth_contains_secret     (const char            *text,
                                              const char * const    *secrets);
/* A copy of @reply fit for the log, with its lines redacted together as by
 * sp_auth_redact_lines(); with @hide_challenge, the text of a 334
 * challenge becomes SP_AUTH_REDACTED as well. Returns a new reference to
 * @reply when nothing changes. */
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

/* While a password is in memory, the process must not leave it in a core
 * file: between a hold and its release the process is not dumpable (Linux
 * PR_SET_DUMPABLE 0, which also keeps other processes of the same user from
 * reading its memory through ptrace or /proc/PID/mem). Holds nest; the
 * last release restores what was there before. Call hold before the
 * password is read, release after every copy is wiped. */
void             sp_auth_guard_hold          (void);
void             sp_auth_guard_release       (void);

G_END_DECLS
