"""Record encryption: JSON → zlib → AES-256-GCM, a fresh 96-bit nonce per write.

The associated data binds table, record id and the row's local revision, so a ciphertext copied onto
another row (or another table, or replayed from an older revision) fails to decrypt.
Layout: b"\\x01" | nonce (12) | ciphertext+tag.
"""

from __future__ import annotations

import json
import os
import zlib
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..domain.errors import VaultError

FORMAT = b"\x01"
_COMPRESS_LEVEL = 1  # fast; JSON of a record still shrinks about 3x
# An 8 KiB window and a small hash table (~48 KiB of state): zlib's defaults need ~256 KiB per call, which
# malloc maps and the kernel faults in afresh each time, 4-8x the cost of compressing a record of a few KiB;
# records compress the same. Any zlib stream decompresses with the defaults: old and new blobs read alike.
_WBITS, _MEM_LEVEL = 13, 5


def _compress(data: bytes) -> bytes:
    packer = zlib.compressobj(_COMPRESS_LEVEL, zlib.DEFLATED, _WBITS, _MEM_LEVEL)
    return packer.compress(data) + packer.flush()


def associated_data(table: str, record_id: str, rev: int) -> bytes:
    return f"{table}|{record_id}|{rev}".encode()


class RecordCipher:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, table: str, record_id: str, rev: int, value: Any) -> bytes:
        plain = _compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())
        nonce = os.urandom(12)
        return FORMAT + nonce + self._aead.encrypt(nonce, plain, associated_data(table, record_id, rev))

    def open(self, table: str, record_id: str, rev: int, blob: bytes) -> Any:
        try:
            if blob[:1] != FORMAT or len(blob) < 29:
                raise ValueError("unknown record format")
            plain = self._aead.decrypt(blob[1:13], blob[13:], associated_data(table, record_id, rev))
            return json.loads(zlib.decompress(plain).decode())  # str: json skips guessing the encoding
        except (InvalidTag, ValueError, TypeError, zlib.error):
            raise VaultError("vault.tampered", table=table, record_id=record_id) from None

    def seal_bytes(self, context: bytes, data: bytes) -> bytes:
        nonce = os.urandom(12)
        return FORMAT + nonce + self._aead.encrypt(nonce, data, context)

    def open_bytes(self, context: bytes, blob: bytes, *, table: str, record_id: str) -> bytes:
        try:
            if blob[:1] != FORMAT:
                raise ValueError("unknown blob format")
            return self._aead.decrypt(blob[1:13], blob[13:], context)
        except (InvalidTag, ValueError):
            raise VaultError("vault.tampered", table=table, record_id=record_id) from None
