#!/usr/bin/python3
# dns-loop-server.py
# SPDX-License-Identifier: GPL-3.0-or-later
"""A DNS server on 127.0.0.1 that answers every question with an MX record
whose exchange name is a compression pointer to itself (a loop, RFC 1035
4.1.4 allows only pointers to earlier names). It prints its UDP port on
the first line of stdout, then serves until its stdin ends: the test
holds the other end, so the server goes away with the test, even when
the test dies of a failed assertion."""

import selectors
import socket
import struct
import sys


def answer(query: bytes) -> bytes:
    if len(query) < 12:
        return b""
    ident = query[:2]
    # The question: a name of labels, then type and class.
    end = 12
    while end < len(query) and query[end] != 0:
        end += query[end] + 1
    question = query[12:end + 5]
    # QR, AA, RD and RA set; NOERROR; one question, one answer.
    header = ident + struct.pack("!HHHHH", 0x8580, 1, 1, 0, 0)
    # The answer's owner points at the question's name (offset 12).
    answer_offset = len(header) + len(question)
    exchange_offset = answer_offset + 2 + 2 + 2 + 4 + 2 + 2
    rdata = struct.pack("!H", 10) + struct.pack("!H", 0xC000 | exchange_offset)
    record = (struct.pack("!H", 0xC00C) + struct.pack("!HHIH", 15, 1, 300, len(rdata))
              + rdata)
    return header + question + record


def main() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    print(sock.getsockname()[1], flush=True)
    selector = selectors.DefaultSelector()
    selector.register(sock, selectors.EVENT_READ)
    selector.register(sys.stdin, selectors.EVENT_READ)
    while True:
        for key, _ in selector.select():
            if key.fileobj is sys.stdin:
                if not sys.stdin.buffer.read1(4096):
                    return
                continue
            data, peer = sock.recvfrom(4096)
            reply = answer(data)
            if reply:
                sock.sendto(reply, peer)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
