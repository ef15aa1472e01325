/* sp-test-certs.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Certificates for the TLS tests, made at test time by support/make-certs.py
 * (python3-cryptography) in a fresh directory under the test build dir, and
 * removed again by sp_test_certs_free(). No private key is ever committed.
 *
 * Every path is absolute (GIO's file database ignores relative ones). The
 * leaves all use key_file; all but self_signed are issued by ca_file:
 *
 *   valid          mx1.example.test and 127.0.0.1, valid now
 *   wrong_name     other.example.test
 *   expired        mx1.example.test, expired 30 days ago
 *   not_yet_valid  mx1.example.test, valid from 30 days on
 *   self_signed    mx1.example.test, signed by its own key
 *   wildcard       *.example.test
 *
 * other_ca_file is a second CA that issued none of them. Typical use:
 *
 *   g_autoptr(SpTestCerts) certs = sp_test_certs_make_or_skip ();
 *   if (certs == NULL)
 *     return;
 */
typedef struct
{
  char *dir;
  char *ca_file;
  char *other_ca_file;
  char *key_file;
  char *valid;
  char *wrong_name;
  char *expired;
  char *not_yet_valid;
  char *self_signed;
  char *wildcard;
} SpTestCerts;

/* Fails with G_IO_ERROR_NOT_SUPPORTED when python3 or its cryptography
 * module is missing. */
SpTestCerts *sp_test_certs_make          (GError      **error);
/* Like sp_test_certs_make(), but calls g_test_skip() and returns NULL when
 * the certificates cannot be made here, and fails the test on any other
 * error. */
SpTestCerts *sp_test_certs_make_or_skip  (void);
/* For a test program whose tests share one set: makes it once, in main()
 * after g_test_init(). Returns NULL, and remembers why, when this system
 * has no TLS backend or cannot make certificates; fails on any other
 * error. */
SpTestCerts *sp_test_certs_make_shared   (void);
/* TRUE when sp_test_certs_make_shared() made them; otherwise skips the
 * running test with the reason and returns FALSE. */
gboolean     sp_test_certs_have_shared   (void);
/* Frees the shared set, at the end of main(). */
void         sp_test_certs_free_shared   (void);
/* Removes the directory (unless SP_TEST_KEEP_TMPDIR is set) and frees. */
void         sp_test_certs_free          (SpTestCerts  *certs);

/* Like sp_test_wait_for_banner(), for a server with implicit TLS: the
 * banner is read after a TLS handshake that accepts any certificate. */
gboolean     sp_test_wait_for_tls_banner (GSubprocess  *process,
                                          const char   *address,
                                          guint16       port,
                                          const char   *banner_prefix,
                                          guint         timeout_ms);

/* Counts the CA files that sp_tls_load_ca_file () reads from
 * sp_test_ca_reads_start () to sp_test_ca_reads_stop (), and how many of
 * those reads ran in the thread that called start (the main loop's). */
typedef struct
{
  GMutex   lock;
  GThread *thread;
  guint    n_reads;
  guint    n_reads_in_thread;
} SpTestCaReads;

void         sp_test_ca_reads_start      (SpTestCaReads *reads);
void         sp_test_ca_reads_stop       (SpTestCaReads *reads);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpTestCerts, sp_test_certs_free)

G_END_DECLS
