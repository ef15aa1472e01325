# aiosmtpd_saver.py
# SPDX-License-Identifier: GPL-3.0-or-later
"""An aiosmtpd handler that saves every message it accepts, for tests.

Run it through aiosmtpd's own command line, with this directory on
PYTHONPATH (sp-test-aiosmtpd.c does exactly this):

    /usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:PORT --no-requiretls \\
        -c aiosmtpd_saver.Saver DIR [HOSTNAME] [OPTION...]

The options, after the positional words:

    auth-file=PATH   accept AUTH (PLAIN and LOGIN) for exactly the user on
                     the first line of PATH and the password on the second;
                     every other login gets 535
    auth-plaintext   offer and accept AUTH without TLS too (aiosmtpd's
                     auth_require_tls = False)
    auth-exclude=M   do not offer the AUTH mechanism M (PLAIN, LOGIN)
    implicit-tls     the listener is wrapped in TLS (--smtpscert); aiosmtpd
                     does not count that as TLS for AUTH, so AUTH is allowed
                     without STARTTLS

Each accepted message becomes two files in DIR:

    0001.eml       the DATA content exactly as it arrived (CRLF line ends,
                   dot-stuffing undone by aiosmtpd)
    0001.envelope  one "key value" line per item, in the order received:
                       helo client.example.org
                       mail_from a@example.org
                       mail_param RET=HDRS
                       rcpt kate@example.test
                       rcpt_param NOTIFY=SUCCESS,FAILURE
                       auth_login kate
                   (a rcpt_param belongs to the rcpt line before it; the
                   parameters are recorded as the client wrote them;
                   auth_login only after a successful AUTH)

The .envelope file is renamed into place last, so once it exists the
message is complete.

aiosmtpd 1.4.3 does not advertise DSN and answers 555 to any RCPT parameter
and to MAIL parameters other than SIZE, BODY and SMTPUTF8. The server class
below takes the DSN parameters of RFC 3461 (MAIL RET/ENVID, RCPT
NOTIFY/ORCPT) off the command before aiosmtpd checks it, and the handler
advertises DSN in its EHLO reply, so a test can see which DSN parameters a
client sent. The banner and EHLO name come from HOSTNAME, so aiosmtpd never
asks DNS for the machine's name.
"""

import os

import aiosmtpd.main
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

DEFAULT_HOSTNAME = "aiosmtpd.example.test"
DSN_MAIL_PARAMS = frozenset({"RET", "ENVID"})
DSN_RCPT_PARAMS = frozenset({"NOTIFY", "ORCPT"})


class DsnSMTP(SMTP):
    """aiosmtpd's SMTP server, letting the DSN parameters through."""

    hostname_override = DEFAULT_HOSTNAME
    # aiosmtpd takes every attribute named auth_* for a mechanism, hence
    # the sp_ prefix.
    sp_authenticator = None
    sp_require_tls_for_auth = True
    sp_excluded_mechanisms = []

    def __init__(self, handler, *args, **kwargs):
        kwargs["hostname"] = self.hostname_override
        if DsnSMTP.sp_authenticator is not None:
            kwargs["authenticator"] = DsnSMTP.sp_authenticator
        kwargs["auth_require_tls"] = DsnSMTP.sp_require_tls_for_auth
        kwargs["auth_exclude_mechanism"] = DsnSMTP.sp_excluded_mechanisms
        super().__init__(handler, *args, **kwargs)
        self.sent_params = []

    def _take_dsn_params(self, keyword, arg, names):
        """Returns the argument without the DSN parameters in names."""
        self.sent_params = []
        if arg is None or not self.session.extended_smtp:
            return arg
        stripped = self._strip_command_keyword(keyword, arg)
        if stripped is None:
            return arg
        address, rest = self._getaddr(stripped)
        if not address:
            # Leave the error reply to aiosmtpd.
            return arg
        address_text = stripped[: len(stripped) - len(rest)].strip()
        self.sent_params = rest.split()
        kept = [p for p in self.sent_params if p.partition("=")[0].upper() not in names]
        return " ".join([keyword + address_text] + kept)

    async def smtp_MAIL(self, arg):
        await super().smtp_MAIL(self._take_dsn_params("FROM:", arg, DSN_MAIL_PARAMS))

    async def smtp_RCPT(self, arg):
        await super().smtp_RCPT(self._take_dsn_params("TO:", arg, DSN_RCPT_PARAMS))


def make_authenticator(user, password):
    """An aiosmtpd authenticator that knows one user."""
    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == user and auth_data.password == password)
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)
    return authenticator


OPTION_PREFIXES = ("auth-file=", "auth-plaintext", "auth-exclude=", "implicit-tls")


class Saver:
    """The handler: saves messages, advertises DSN."""

    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        os.makedirs(directory, exist_ok=True)

    @classmethod
    def from_cli(cls, parser, *all_args):
        args = [a for a in all_args if not a.startswith(OPTION_PREFIXES)]
        options = [a for a in all_args if a.startswith(OPTION_PREFIXES)]
        if len(args) not in (1, 2):
            parser.error("Saver takes the directory to save messages in, "
                         "and optionally the server's host name")
        if len(args) == 2:
            DsnSMTP.hostname_override = args[1]
        for option in options:
            if option.startswith("auth-file="):
                with open(option[len("auth-file="):], "rb") as f:
                    lines = f.read().split(b"\n")
                if len(lines) < 2:
                    parser.error("the auth file needs a user line and a password line")
                DsnSMTP.sp_authenticator = make_authenticator(lines[0], lines[1])
            elif option.startswith("auth-exclude="):
                DsnSMTP.sp_excluded_mechanisms.append(option[len("auth-exclude="):])
            elif option in ("auth-plaintext", "implicit-tls"):
                DsnSMTP.sp_require_tls_for_auth = False
        # aiosmtpd.main builds its server from its module-level SMTP name
        # after it has made the handler, so this is where to swap it.
        if not hasattr(aiosmtpd.main, "SMTP"):
            parser.error("this aiosmtpd has no aiosmtpd.main.SMTP to replace")
        aiosmtpd.main.SMTP = DsnSMTP
        return cls(args[0])

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        # The last line is "250 HELP"; DSN goes just before it.
        responses.insert(len(responses) - 1, "250-DSN")
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        envelope.sp_mail_params = list(getattr(server, "sent_params", mail_options))
        envelope.sp_rcpt_params = []
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        if not hasattr(envelope, "sp_rcpt_params"):
            envelope.sp_rcpt_params = []
        envelope.sp_rcpt_params.append(list(getattr(server, "sent_params", rcpt_options)))
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = "%04d" % self.count
        lines = ["helo %s" % (session.host_name or ""),
                 "mail_from %s" % envelope.mail_from]
        lines += ["mail_param %s" % p for p in getattr(envelope, "sp_mail_params", [])]
        if session.authenticated and isinstance(session.auth_data, LoginPassword):
            lines.append("auth_login %s" % session.auth_data.login.decode("utf-8", "replace"))
        rcpt_params = getattr(envelope, "sp_rcpt_params", [])
        for i, rcpt in enumerate(envelope.rcpt_tos):
            lines.append("rcpt %s" % rcpt)
            if i < len(rcpt_params):
                lines += ["rcpt_param %s" % p for p in rcpt_params[i]]

        with open(os.path.join(self.directory, name + ".eml"), "wb") as f:
            f.write(envelope.original_content)
        partial = os.path.join(self.directory, name + ".envelope.part")
        with open(partial, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write("\n".join(lines) + "\n")
        os.replace(partial, os.path.join(self.directory, name + ".envelope"))

        return "250 2.0.0 Ok: saved as %s" % name
