#!/usr/bin/python3
# bench/reply-flood.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# An SMTP server for benchmark 7 (issue 13) that answers EHLO with a
# multi-line reply of LINES lines ("250-…" and a last "250 …"), written as
# fast as the client reads, and everything else as a plain server would
# (HELO, MAIL, RCPT, RSET, DATA, the final dot, QUIT). It shows what a
# client does with a flood of reply lines: read it all, or stop at its own
# bound, and in how much memory. One connection at a time; the client may
# hang up in the middle of the flood.
#
#   bench/reply-flood.py PORT LINES
import socket
import sys

port = int(sys.argv[1])
lines = int(sys.argv[2])
flood = b"".join(b"250-line %d of a very long EHLO reply from flood.example.test\r\n" % i
                 for i in range(1, lines)) + b"250 SIZE 10240000\r\n"

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", port))
listener.listen(16)
print(f"listening {port}", flush=True)

while True:
    conn, _ = listener.accept()
    try:
        conn.sendall(b"220 flood.example.test ESMTP\r\n")
        reader = conn.makefile("rb")
        in_data = False
        for line in reader:
            verb = line[:4].upper()
            if in_data:
                if line in (b".\r\n", b".\n"):
                    in_data = False
                    conn.sendall(b"250 2.0.0 queued\r\n")
            elif verb == b"EHLO":
                conn.sendall(flood)
            elif verb == b"DATA":
                in_data = True
                conn.sendall(b"354 go ahead\r\n")
            elif verb == b"QUIT":
                conn.sendall(b"221 2.0.0 bye\r\n")
                break
            else:
                conn.sendall(b"250 2.0.0 ok\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    finally:
        conn.close()
