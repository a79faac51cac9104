"""USB sync bundles: one file, gzip JSON sealed to a public key (domain.sealed).

Outgoing (device → head office), sealed to the organisation's recovery public key:
    {"kind": "push", "protocol": 1, "device_id", "device_token", "ops": [Op...],
     "attachments": {sha256: base64 of the plaintext bytes}, "after": pull cursor,
     "reply_key": PEM of an X25519 public key whose private half the device keeps in its vault}
Return (head office → device), sealed to that reply_key:
    {"kind": "return", "protocol": 1, "device_id", "results": [OpResult...],
     "changes": [Change...], "next_after": cursor, "attachments": {sha256: base64}}
The server applies a push bundle with the same op-id idempotency as POST /sync/push.
"""

from __future__ import annotations

import gzip
import json
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from ...domain.sealed import SealedBoxError, open_sealed, seal
from . import PROTOCOL_VERSION

CONTEXT_PUSH = b"fieldapp-bundle-push"
CONTEXT_RETURN = b"fieldapp-bundle-return"


class BundleError(ValueError):
    pass


def write_bundle(payload: dict[str, Any], recipient: X25519PublicKey, context: bytes) -> bytes:
    body = gzip.compress(json.dumps({**payload, "protocol": PROTOCOL_VERSION}, ensure_ascii=False).encode())
    return seal(recipient, body, context)


def read_bundle(data: bytes, private: X25519PrivateKey, context: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(gzip.decompress(open_sealed(private, data, context)))
    except (SealedBoxError, OSError, ValueError) as exc:
        raise BundleError("not a bundle for this key") from exc
    if payload.get("protocol") != PROTOCOL_VERSION:
        raise BundleError("bundle from another protocol version")
    return payload
