# echo_tls_server.py
# SPDX-License-Identifier: GPL-3.0-or-later
"""A one-connection SMTP server with STARTTLS that echoes the AUTH blob.

    /usr/bin/python3 echo_tls_server.py PORT CERT KEY

It listens on 127.0.0.1:PORT, offers STARTTLS, and after it AUTH PLAIN.
To "AUTH PLAIN BLOB" it answers 535 with the blob quoted back the way a
careless server does: without its "=" padding, and split over the two lines
of the reply. Every other command gets the reply a plain server would give.
It serves one client, then exits. test-secrets uses it to check that the
client hides the echo over TLS as well.
"""

import socket
import ssl
import sys


def serve(port, cert, key):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(1)
    # The test waits for this line before it starts the client.
    print("listening", flush=True)

    conn, _ = listener.accept()
    conn.settimeout(30)
    stream = conn.makefile("rwb", buffering=0)
    encrypted = False

    def send(text):
        stream.write(text.encode() + b"\r\n")

    send("220 echo.example.test ESMTP")
    while True:
        line = stream.readline()
        if not line:
            break
        command = line.decode(errors="replace").rstrip("\r\n")
        verb = command.split(" ")[0].upper()
        if verb == "EHLO":
            send("250-echo.example.test")
            send("250-AUTH PLAIN" if encrypted else "250-STARTTLS")
            send("250 8BITMIME")
        elif verb == "STARTTLS" and not encrypted:
            send("220 2.0.0 Ready to start TLS")
            stream.close()
            conn = context.wrap_socket(conn, server_side=True)
            stream = conn.makefile("rwb", buffering=0)
            encrypted = True
        elif verb == "AUTH":
            blob = command.split(" ")[2].rstrip("=") if command.count(" ") >= 2 else ""
            # Both parts hold a piece of the password (the first starts with
            # the user name's part).
            half = len(blob) * 3 // 4
            send("535-5.7.8 Authentication failed for " + blob[:half])
            send("535 5.7.8 " + blob[half:] + " (check your password)")
        elif verb == "QUIT":
            send("221 2.0.0 Bye")
            break
        else:
            send("250 2.0.0 Ok")

    conn.close()
    listener.close()


if __name__ == "__main__":
    serve(int(sys.argv[1]), sys.argv[2], sys.argv[3])
