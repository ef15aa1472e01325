/* sp-test-firewall.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Packet filter rules for one test, with nftables, only inside a private
 * network namespace (build-aux/netns): a test drops TCP to some ports of
 * an address of its own in 127.0.0.0/8, the way a network that blocks
 * outgoing port 25 does, and removes its table when it ends. */
typedef struct _SpTestFirewall SpTestFirewall;

/* NULL with G_IO_ERROR_NOT_SUPPORTED when this is not a private network
 * namespace, nft is missing or the rules cannot be set (not root); pass
 * the result to sp_test_peer_or_skip(). */
SpTestFirewall *sp_test_firewall_new         (GError           **error);
/* Drops every TCP packet to @address (IPv4) on @port. */
void            sp_test_firewall_drop        (SpTestFirewall    *self,
                                              const char        *address,
                                              guint16            port);
void            sp_test_firewall_free        (SpTestFirewall    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpTestFirewall, sp_test_firewall_free)

G_END_DECLS
