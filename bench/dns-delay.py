#!/usr/bin/python3
# bench/dns-delay.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A DNS server for benchmark 4 (issue 13) that holds every answer back by
# DELAY milliseconds, each on its own timer, so that questions asked at
# once are answered at once and questions asked one after the other pay
# the delay each time. dnsmasq cannot delay; this is UDP only and knows
# one zone:
#
#   ZONE          MX 10 mx1.ZONE, MX 20 mx2.ZONE, … (HOSTS exchangers)
#   mxN.ZONE      A 127.0.0.(10+N), AAAA ::1
#
# Anything else gets NXDOMAIN. Each question is logged to standard output
# as "<milliseconds since start> <type> <name>", so the caller can see
# which questions overlapped.
#
#   bench/dns-delay.py PORT [DELAY_MS] [HOSTS] [ZONE]
import asyncio
import struct
import sys
import time

port = int(sys.argv[1])
delay = (int(sys.argv[2]) if len(sys.argv) > 2 else 100) / 1000.0
hosts = int(sys.argv[3]) if len(sys.argv) > 3 else 4
zone = (sys.argv[4] if len(sys.argv) > 4 else "dns.bench.test").lower().rstrip(".")
started = time.monotonic()

TYPE_A, TYPE_MX, TYPE_AAAA = 1, 15, 28
TYPE_NAMES = {TYPE_A: "A", TYPE_MX: "MX", TYPE_AAAA: "AAAA"}


def encode_name(name):
    out = b""
    for label in name.split("."):
        out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\0"


def parse_question(packet):
    """The ID, the question's wire bytes, its name (lower case) and type."""
    (ident,) = struct.unpack("!H", packet[:2])
    offset, labels = 12, []
    while packet[offset] != 0:
        length = packet[offset]
        labels.append(packet[offset + 1:offset + 1 + length].decode("ascii", "replace"))
        offset += 1 + length
    offset += 1
    qtype, _ = struct.unpack("!HH", packet[offset:offset + 4])
    return ident, packet[12:offset + 4], ".".join(labels).lower(), qtype


def answer(packet):
    ident, question, name, qtype = parse_question(packet)
    records = []
    exchangers = {f"mx{i}.{zone}": i for i in range(1, hosts + 1)}
    if name == zone:
        if qtype == TYPE_MX:
            for i in range(1, hosts + 1):
                rdata = struct.pack("!H", 10 * i) + encode_name(f"mx{i}.{zone}")
                records.append((TYPE_MX, rdata))
        rcode = 0
    elif name in exchangers:
        if qtype == TYPE_A:
            records.append((TYPE_A, bytes([127, 0, 0, 10 + exchangers[name]])))
        elif qtype == TYPE_AAAA:
            records.append((TYPE_AAAA, bytes(15) + b"\1"))
        rcode = 0
    else:
        rcode = 3
    # QR, AA, RD copied from the question, RA; no additional records.
    flags = 0x8400 | (struct.unpack("!H", packet[2:4])[0] & 0x0100) | 0x0080 | rcode
    out = struct.pack("!HHHHHH", ident, flags, 1, len(records), 0, 0) + question
    for rtype, rdata in records:
        # The owner is the question's name (a pointer to offset 12).
        out += struct.pack("!HHHIH", 0xC00C, rtype, 1, 300, len(rdata)) + rdata
    return out, name, qtype


class Server(asyncio.DatagramProtocol):
    def connection_made(self, transport):
        self.transport = transport
        print(f"listening {port}", flush=True)

    def datagram_received(self, data, peer):
        try:
            reply, name, qtype = answer(data)
        except (IndexError, struct.error):
            return
        print(f"{(time.monotonic() - started) * 1000:.1f} {TYPE_NAMES.get(qtype, qtype)} {name}",
              flush=True)
        asyncio.get_running_loop().call_later(delay, self.transport.sendto, reply, peer)


async def main():
    loop = asyncio.get_running_loop()
    await loop.create_datagram_endpoint(Server, local_addr=("127.0.0.1", port))
    await asyncio.Event().wait()


asyncio.run(main())
