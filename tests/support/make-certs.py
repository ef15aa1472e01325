# make-certs.py
# SPDX-License-Identifier: GPL-3.0-or-later
"""Makes the certificates the TLS tests need, in a directory given.

    /usr/bin/python3 make-certs.py DIR

Run at test time (sp-test-certs.c does); nothing here is ever committed.
It writes PEM files:

    ca.pem, ca.key            a private CA, "SMTP Probe Test CA"
    leaf.key                  the key of every leaf below
    valid.pem                 mx1.example.test (SAN: that name and 127.0.0.1),
                              issued by the CA, valid now
    wrong-name.pem            other.example.test, issued by the CA
    expired.pem               mx1.example.test, issued by the CA, expired
                              30 days ago
    not-yet-valid.pem         mx1.example.test, issued by the CA, valid from
                              30 days on
    self-signed.pem           mx1.example.test, signed by its own key
    wildcard.pem              *.example.test, issued by the CA
    other-ca.pem              a second CA that issued nothing here

It needs python3-cryptography (Debian). Exit status 77 means it is missing,
so the caller can skip.
"""

import datetime
import ipaddress
import os
import sys

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
except ImportError:
    sys.stderr.write("python3-cryptography is not installed\n")
    sys.exit(77)

ONE_DAY = datetime.timedelta(days=1)


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def name(common_name, organisation="SMTP Probe tests"):
    return x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def make_ca(common_name, now):
    key = new_key()
    subject = name(common_name)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - ONE_DAY)
        .not_valid_after(now + 3650 * ONE_DAY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False),
                       critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def make_leaf(common_name, dns_names, ips, key, issuer_cert, issuer_key, not_before,
              not_after):
    subject = name(common_name)
    alt_names = [x509.DNSName(n) for n in dns_names]
    alt_names += [x509.IPAddress(ipaddress.ip_address(a)) for a in ips]
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_cert.subject if issuer_cert is not None else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                       critical=False)
    )
    if alt_names:
        builder = builder.add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
    if issuer_cert is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_cert.public_key()),
            critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def write(directory, filename, data):
    path = os.path.join(directory, filename)
    with open(path, "wb") as f:
        f.write(data)
    # The test Postfix reads these as its own user.
    os.chmod(path, 0o644)


def pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key):
    return key.private_bytes(serialization.Encoding.PEM,
                             serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption())


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: make-certs.py DIR\n")
        return 2

    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)

    ca, ca_key = make_ca("SMTP Probe Test CA", now)
    other_ca, _ = make_ca("SMTP Probe Other CA", now)
    leaf_key = new_key()
    mx = "mx1.example.test"
    valid_from = now - ONE_DAY
    valid_until = now + 365 * ONE_DAY

    leaves = {
        "valid.pem": make_leaf(mx, [mx], ["127.0.0.1"], leaf_key, ca, ca_key,
                               valid_from, valid_until),
        "wrong-name.pem": make_leaf("other.example.test", ["other.example.test"], [],
                                    leaf_key, ca, ca_key, valid_from, valid_until),
        "expired.pem": make_leaf(mx, [mx], [], leaf_key, ca, ca_key,
                                 now - 400 * ONE_DAY, now - 30 * ONE_DAY),
        "not-yet-valid.pem": make_leaf(mx, [mx], [], leaf_key, ca, ca_key,
                                       now + 30 * ONE_DAY, now + 400 * ONE_DAY),
        "self-signed.pem": make_leaf(mx, [mx], [], leaf_key, None, leaf_key,
                                     valid_from, valid_until),
        "wildcard.pem": make_leaf("*.example.test", ["*.example.test"], [], leaf_key, ca,
                                  ca_key, valid_from, valid_until),
    }

    write(directory, "ca.pem", pem(ca))
    write(directory, "ca.key", key_pem(ca_key))
    write(directory, "other-ca.pem", pem(other_ca))
    write(directory, "leaf.key", key_pem(leaf_key))
    for filename, cert in leaves.items():
        write(directory, filename, pem(cert))

    return 0


if __name__ == "__main__":
    sys.exit(main())
