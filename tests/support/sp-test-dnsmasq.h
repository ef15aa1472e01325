/* sp-test-dnsmasq.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A private dnsmasq on 127.0.0.1 and a free UDP port, serving a test zone.
 *
 * Typical use:
 *
 *   g_autoptr(SpTestDnsmasq) dns = sp_test_dnsmasq_start (NULL);
 *   if (dns == NULL)
 *     return;    (skipped or failed; the reason is already reported)
 *   resolver = sp_resolver_new (sp_test_dnsmasq_get_server (dns), &error);
 *
 * The default zone (dnsmasq is authoritative for example.test: names that
 * are not listed answer NXDOMAIN):
 *
 *   example.test           MX 10 mx1.example.test, MX 20 mx2.example.test,
 *                          TXT "v=spf1 -all"
 *   mx1.example.test       A 127.0.0.1, AAAA ::1
 *   mx2.example.test       A 127.0.0.2 (no AAAA)
 *   nullmx.example.test    MX 0 .  (RFC 7505 null MX)
 *   implicit.example.test  no MX, A 127.0.0.3
 *   nomail.example.test    only TXT (no MX, no A, no AAAA)
 *   broken.example.test    MX 10 nothere.example.test (NXDOMAIN),
 *                          MX 20 mx1.example.test
 *   failover.example.test  MX 10 dead.example.test (A 127.0.0.9, where
 *                          nothing listens), MX 20 mx1.example.test
 *
 * @extra_args (NULL-terminated, may be NULL) are appended to the command
 * line to add records, for example to put an SMTP server on its own
 * loopback address:
 *
 *   const char *records[] = {
 *     "--host-record=smtp.example.test,127.0.0.21",
 *     "--mx-host=route.example.test,smtp.example.test,10",
 *     NULL
 *   };
 *
 * Names outside example.test need their own "--local=/other.test/" too,
 * or dnsmasq refuses to answer for them. Records given twice for a name
 * add up; the default ones cannot be removed.
 *
 * Returns NULL after g_test_skip() when dnsmasq is not installed or the
 * test does not run as root, and NULL after g_test_fail() when dnsmasq
 * would not start; the caller then just returns.
 *
 * dnsmasq is killed when the test process dies (PR_SET_PDEATHSIG), so a
 * failed assertion does not leave it behind. Starting and stopping iterate
 * the thread-default main context for a moment (GSubprocess reaps the
 * child there; do not waitpid() it yourself). */
typedef struct _SpTestDnsmasq SpTestDnsmasq;

SpTestDnsmasq *sp_test_dnsmasq_start       (const char * const *extra_args);
/* "127.0.0.1:PORT", the server string for sp_resolver_new(). */
const char    *sp_test_dnsmasq_get_server  (SpTestDnsmasq      *self);
guint16        sp_test_dnsmasq_get_port    (SpTestDnsmasq      *self);
GPid           sp_test_dnsmasq_get_pid     (SpTestDnsmasq      *self);
/* dnsmasq's log so far (it logs every query), to print when a test fails. */
char          *sp_test_dnsmasq_dup_log     (SpTestDnsmasq      *self);
/* Stops dnsmasq by its PID (SIGTERM, then SIGKILL), removes its files and
 * frees @self. NULL is ignored. */
void           sp_test_dnsmasq_stop        (SpTestDnsmasq      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpTestDnsmasq, sp_test_dnsmasq_stop)

G_END_DECLS
