"""Sealed boxes to an X25519 public key: anyone with the public key can seal, only the private key opens.

Used for the organisation's recovery wrap of a vault's data key and for USB sync bundles.
Layout: b"FSB1" | ephemeral public key (32) | nonce (12) | AES-256-GCM ciphertext+tag.
The AES key is HKDF-SHA256 over the X25519 shared secret, bound to both public keys.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"FSB1"


class SealedBoxError(ValueError):
    pass


def _key(shared: bytes, eph_pub: bytes, recipient_pub: bytes, context: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=eph_pub + recipient_pub, info=b"fieldapp-sealed|" + context).derive(shared)


def raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def seal(recipient: X25519PublicKey, plaintext: bytes, context: bytes = b"") -> bytes:
    ephemeral = X25519PrivateKey.generate()
    eph_pub = raw_public(ephemeral.public_key())
    key = _key(ephemeral.exchange(recipient), eph_pub, raw_public(recipient), context)
    nonce = os.urandom(12)
    return MAGIC + eph_pub + nonce + AESGCM(key).encrypt(nonce, plaintext, context)


def open_sealed(private: X25519PrivateKey, box: bytes, context: bytes = b"") -> bytes:
    if len(box) < 4 + 32 + 12 + 16 or box[:4] != MAGIC:
        raise SealedBoxError("not a sealed box")
    eph_pub, nonce, body = box[4:36], box[36:48], box[48:]
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(eph_pub))
        key = _key(shared, eph_pub, raw_public(private.public_key()), context)
        return AESGCM(key).decrypt(nonce, body, context)
    except (InvalidTag, ValueError) as exc:
        raise SealedBoxError("sealed box does not open with this key") from exc


def public_key_to_pem(key: X25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def public_key_from_pem(pem: str) -> X25519PublicKey:
    key = serialization.load_pem_public_key(pem.encode())
    if not isinstance(key, X25519PublicKey):
        raise SealedBoxError("not an X25519 public key")
    return key


def private_key_to_pem(key: X25519PrivateKey, passphrase: str) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.BestAvailableEncryption(passphrase.encode())).decode()


def private_key_from_pem(pem: str, passphrase: str) -> X25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem.encode(), passphrase.encode())
    except (ValueError, TypeError) as exc:
        raise SealedBoxError("wrong passphrase for the recovery key") from exc
    if not isinstance(key, X25519PrivateKey):
        raise SealedBoxError("not an X25519 private key")
    return key
