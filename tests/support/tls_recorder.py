# tls_recorder.py
# SPDX-License-Identifier: GPL-3.0-or-later
"""An SMTP server with TLS that writes down everything it receives, for the
tests of what may leave the machine (test-trust.c).

    /usr/bin/python3 tls_recorder.py ADDRESS CERT KEY RECORD [implicit]

It listens on ADDRESS ("127.0.0.1", "::1") on a free port and prints that
port on a line of its own once it accepts connections. With "implicit" the
connection is TLS from the first byte (port 465 style); otherwise EHLO
offers STARTTLS until the connection is encrypted.

RECORD gets one line per event, written before the server answers, so a
client that saw the reply can read the line:

    sni NAME      the server name the client sent in its TLS hello
    sni -         a TLS hello without a server name
    > LINE        every line the client sent, exactly as received (without
                  the line end), also message lines after DATA

Over TLS it offers AUTH PLAIN LOGIN and accepts any login: what matters to
the tests is whether a credential arrived at all, not whether it was right.
"""

import asyncio
import socket
import ssl
import sys


class Recorder:
    def __init__(self, path):
        self.file = open(path, "a", encoding="utf-8", errors="backslashreplace")

    def write(self, text):
        self.file.write(text + "\n")
        self.file.flush()


def make_context(cert, key, recorder):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)

    def sni_callback(ssl_object, server_name, ssl_context):
        recorder.write("sni " + (server_name if server_name is not None else "-"))
        return None

    context.sni_callback = sni_callback
    return context


async def session(reader, writer, context, recorder, implicit):
    encrypted = implicit

    async def reply(text):
        writer.write(text.encode("ascii") + b"\r\n")
        await writer.drain()

    await reply("220 recorder.example.test ESMTP ready")
    in_data = False
    while True:
        raw = await reader.readline()
        if not raw:
            break
        line = raw.rstrip(b"\r\n").decode("utf-8", "backslashreplace")
        recorder.write("> " + line)
        word = line.split(" ", 1)[0].upper()

        if in_data:
            if line == ".":
                in_data = False
                await reply("250 2.0.0 Ok: queued")
            continue

        if word in ("EHLO", "HELO"):
            lines = ["recorder.example.test", "8BITMIME"]
            if not encrypted:
                lines.append("STARTTLS")
            else:
                lines.append("AUTH PLAIN LOGIN")
            text = "\r\n".join(
                ("250-" if i < len(lines) - 1 else "250 ") + part
                for i, part in enumerate(lines))
            await reply(text)
        elif word == "STARTTLS" and not encrypted:
            await reply("220 2.0.0 Ready to start TLS")
            await writer.start_tls(context)
            encrypted = True
        elif word == "AUTH":
            parts = line.split(" ")
            mechanism = parts[1].upper() if len(parts) > 1 else ""
            if mechanism == "LOGIN":
                for prompt in ("VXNlcm5hbWU6", "UGFzc3dvcmQ6"):
                    await reply("334 " + prompt)
                    answer = await reader.readline()
                    recorder.write("> " + answer.rstrip(b"\r\n").decode("ascii", "replace"))
            elif len(parts) < 3:
                await reply("334 ")
                answer = await reader.readline()
                recorder.write("> " + answer.rstrip(b"\r\n").decode("ascii", "replace"))
            await reply("235 2.7.0 Authentication successful")
        elif word == "DATA":
            in_data = True
            await reply("354 End data with <CR><LF>.<CR><LF>")
        elif word == "QUIT":
            await reply("221 2.0.0 Bye")
            break
        else:
            await reply("250 2.0.0 Ok")

    writer.close()


async def main():
    address, cert, key, record = sys.argv[1:5]
    implicit = len(sys.argv) > 5 and sys.argv[5] == "implicit"
    recorder = Recorder(record)
    context = make_context(cert, key, recorder)

    async def handle(reader, writer):
        try:
            await session(reader, writer, context, recorder, implicit)
        except (ConnectionError, ssl.SSLError, asyncio.IncompleteReadError) as error:
            recorder.write("# " + type(error).__name__)

    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    server = await asyncio.start_server(handle, address, 0, family=family,
                                        ssl=context if implicit else None)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
