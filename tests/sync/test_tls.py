"""TLS on loopback with a head-office certificate authority: refused by default, trusted with the CA bundle."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from fieldapp.domain.errors import SyncError
from fieldapp.sync.transport import RetryPolicy, Transport

from .scripted_server import Answer, ScriptedServer


def _cert(subject: str, key: ec.EllipticCurvePrivateKey, issuer: x509.Name | None = None,
          signer: ec.EllipticCurvePrivateKey | None = None, ca: bool = False) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    now = datetime.datetime.now(datetime.UTC)
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(issuer or name)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
            key_encipherment=False, data_encipherment=False, key_agreement=False, encipher_only=False,
            decipher_only=False), critical=True)
    else:
        builder = builder.add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    return builder.sign(signer or key, hashes.SHA256())


@pytest.fixture()
def head_office_tls(tmp_path: Path):
    ca_key, server_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = _cert("Head office test CA", ca_key, ca=True)
    leaf = _cert("127.0.0.1", server_key, issuer=ca.subject, signer=ca_key)
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "server.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "server.key").write_bytes(server_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "server.pem", tmp_path / "server.key")
    with ScriptedServer() as server:
        server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
        server.default = Answer(200, {"ok": True})
        yield server.url.replace("http://", "https://"), str(tmp_path / "ca.pem")


def test_unknown_certificate_is_refused_with_a_plain_message(head_office_tls: tuple[str, str]) -> None:
    url, _ = head_office_tls
    with Transport(url, retry=RetryPolicy(attempts=1)) as transport, pytest.raises(SyncError) as err:
        transport.get_json("/me")
    assert err.value.code == "sync.tls"
    assert "certificate" in err.value.message("en")


def test_head_office_ca_bundle_is_trusted(head_office_tls: tuple[str, str]) -> None:
    url, ca_bundle = head_office_tls
    with Transport(url, ca_bundle=ca_bundle, retry=RetryPolicy(attempts=1)) as transport:
        assert transport.get_json("/me") == {"ok": True}
