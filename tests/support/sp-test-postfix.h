/* sp-test-postfix.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A private Postfix instance for integration tests.
 *
 * It runs from its own configuration and queue directories under a fresh
 * test tmpdir, listens on one loopback address and port only, makes no DNS
 * lookups, and behaves as the mail server of example.test:
 *
 * - banner “220 mx1.example.test ESMTP Postfix”, EHLO with Postfix's usual
 *   keywords (PIPELINING, SIZE 10240000, ENHANCEDSTATUSCODES, 8BITMIME, DSN,
 *   SMTPUTF8, CHUNKING; STARTTLS only when a certificate is given);
 * - local domains example.test, mx1.example.test and localhost; the known
 *   users are kate and postmaster (or the ones given in the options, plus
 *   postmaster). RCPT TO a known user gets 250, any other local address
 *   Postfix's real “550 5.1.1 <x@example.test>: Recipient address rejected:
 *   User unknown in local recipient table”;
 * - any other domain gets “554 5.7.1 <x@other.org>: Relay access denied”;
 * - accepted mail is delivered to discard:, so the queue stays empty;
 * - its log goes to maillog in its directory (see wait_for_log and dup_log).
 *
 * A start takes about 0.35 s and a stop about 15 ms on the reference
 * machine; the measured start time is printed as a test message. Postfix
 * needs root; without root or without Postfix installed the start fails
 * with G_IO_ERROR_NOT_SUPPORTED, which sp_test_postfix_start_or_skip()
 * turns into g_test_skip().
 *
 * The instance is stopped by sp_test_postfix_stop() (also via g_autoptr),
 * and, should the test process die first (a failed assertion aborts), by a
 * small watchdog shell that runs “postfix stop” once the test's end of a pipe
 * closes. Typical use:
 *
 *   g_autoptr(SpTestPostfix) postfix = sp_test_postfix_start_or_skip (NULL);
 *
 *   if (postfix == NULL)
 *     return;
 *   ... connect to sp_test_postfix_get_address (postfix) and
 *       sp_test_postfix_get_port (postfix) ...
 */
typedef struct _SpTestPostfix SpTestPostfix;

typedef struct
{
  /* A loopback address: "127.0.0.1" (NULL), "127.0.0.2", "::1". */
  const char         *address;
  /* 0 picks a free port (and retries on a clash). */
  guint16             port;
  /* The server's name; NULL is "mx1.example.test". */
  const char         *hostname;
  /* Local parts of the known users of example.test; NULL means { "kate" }.
   * postmaster is always known. */
  const char * const *local_users;
  /* PEM files for STARTTLS (smtpd_tls_security_level = may); both NULL
   * means no TLS at all. Absolute paths. */
  const char         *tls_cert_file;
  const char         *tls_key_file;
  /* With a certificate: TLS from the first byte (smtpd_tls_wrappermode,
   * port 465 style) instead of STARTTLS. */
  gboolean            implicit_tls;
  /* Extra main.cf lines, added last so that they override the defaults,
   * for example "smtpd_relay_restrictions = permit_mynetworks,
   * reject_unauth_destination\nmessage_size_limit = 1000000". The start
   * waits for a banner that begins “220 HOSTNAME ESMTP”, so keep that in a
   * custom smtpd_banner. */
  const char         *extra_main_cf;
} SpTestPostfixOptions;

/* Starts an instance; @options may be NULL for the defaults. */
SpTestPostfix *sp_test_postfix_start          (const SpTestPostfixOptions  *options,
                                               GError                     **error);
/* Like sp_test_postfix_start(), but calls g_test_skip() and returns NULL
 * when Postfix cannot run here, and fails the test on any other error. */
SpTestPostfix *sp_test_postfix_start_or_skip  (const SpTestPostfixOptions  *options);
/* Stops the instance (SIGTERM to its process group, then “postfix stop”),
 * removes its directory and frees @self. NULL is allowed. */
void           sp_test_postfix_stop           (SpTestPostfix               *self);

const char    *sp_test_postfix_get_address    (SpTestPostfix               *self);
guint16        sp_test_postfix_get_port       (SpTestPostfix               *self);
/* The instance's directory: etc/ (main.cf, master.cf), spool/, data/,
 * maillog and postfix.out (what start-fg printed). */
const char    *sp_test_postfix_get_dir        (SpTestPostfix               *self);
/* How long the start took, in milliseconds. */
guint          sp_test_postfix_get_start_ms   (SpTestPostfix               *self);
/* The log so far (Postfix writes it a moment after the event). */
char          *sp_test_postfix_dup_log        (SpTestPostfix               *self);
/* Polls the log until it contains @needle; FALSE after @timeout_ms. */
gboolean       sp_test_postfix_wait_for_log   (SpTestPostfix               *self,
                                               const char                  *needle,
                                               guint                        timeout_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpTestPostfix, sp_test_postfix_stop)

G_END_DECLS
