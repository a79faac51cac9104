"""Keys of a vault: the random data key (DEK), its wraps, and the keys derived from it.

    password ──Argon2id(params)──▶ KEK ──AES-GCM──▶ wrapped DEK   (keyring row "password")
    recovery X25519 public key ──sealed box──▶ wrapped DEK        (keyring row "recovery")
    DEK ──HKDF──▶ search key (blind index), blob-name key (attachment file names)

The Argon2id parameters are stored in plaintext beside the wrap, so they can be raised later and an
old vault still opens. A wrong password fails the GCM tag of the wrap: we never decrypt with a wrong key.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..domain.errors import VaultError

DEK_BYTES = 32
_WRAP_AD = b"fieldapp-vault|dek-wrap|v1"
PRODUCTION_MEMORY_KIB = 64 * 1024
TARGET_SECONDS = 0.45


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters; stored as JSON beside the wrap."""

    salt: str  # hex
    iterations: int
    lanes: int
    memory_kib: int
    algorithm: str = "argon2id"

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> KdfParams:
        data = json.loads(text)
        return cls(salt=data["salt"], iterations=int(data["iterations"]), lanes=int(data["lanes"]),
                   memory_kib=int(data["memory_kib"]), algorithm=data.get("algorithm", "argon2id"))


def fast_kdf_requested() -> bool:
    """Tests ask for a cheap KDF (tests/conftest.py); never set in real use."""
    return os.environ.get("FIELDAPP_TEST_FAST_KDF") == "1"


def derive_kek(password: str, params: KdfParams) -> bytes:
    if params.algorithm != "argon2id":
        raise VaultError("vault.too_new")
    kdf = Argon2id(salt=bytes.fromhex(params.salt), length=32, iterations=params.iterations,
                   lanes=params.lanes, memory_cost=params.memory_kib)
    return kdf.derive(password.encode("utf-8"))


def tuned_params(*, target_seconds: float = TARGET_SECONDS) -> KdfParams:
    """Argon2id at 64 MiB with as many passes as fit in about `target_seconds` on this machine."""
    salt = os.urandom(16).hex()
    if fast_kdf_requested():
        return KdfParams(salt=salt, iterations=1, lanes=1, memory_kib=8 * 1024)
    probe = KdfParams(salt=salt, iterations=1, lanes=4, memory_kib=PRODUCTION_MEMORY_KIB)
    start = time.perf_counter()
    derive_kek("probe", probe)
    one_pass = max(time.perf_counter() - start, 0.01)
    # A pass costs less than the first call (allocation is paid once); 0.8 is a safe estimate.
    iterations = max(3, min(20, int(target_seconds / (one_pass * 0.8))))
    return KdfParams(salt=salt, iterations=iterations, lanes=4, memory_kib=PRODUCTION_MEMORY_KIB)


def wrap_dek(dek: bytes, kek: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(kek).encrypt(nonce, dek, _WRAP_AD)


def unwrap_dek(wrapped: bytes, kek: bytes) -> bytes:
    try:
        return AESGCM(kek).decrypt(wrapped[:12], wrapped[12:], _WRAP_AD)
    except (InvalidTag, ValueError):
        raise VaultError("vault.wrong_password") from None


def new_dek() -> bytes:
    return os.urandom(DEK_BYTES)


def derive_subkey(dek: bytes, purpose: str) -> bytes:
    """A key for one purpose ("search", "blob-name"), independent of the record key."""
    return HKDF(hashes.SHA256(), 32, salt=None, info=b"fieldapp-vault|" + purpose.encode()).derive(dek)


RECOVERY_CONTEXT = b"fieldapp-vault|recovery-wrap|v1"
