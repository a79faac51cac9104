"""Record encryption: JSON → (zlib) → AES-256-GCM, a fresh 96-bit nonce per write.

The associated data binds table, record id and the row's local revision, so a ciphertext copied onto
another row (or another table, or replayed from an older revision) fails to decrypt.
Layout: format (1) | nonce (12) | ciphertext+tag. Formats of a record: b"\\x01" zlib-compressed JSON,
b"\\x02" JSON as is (small values: statistics digests, short records), whose associated data also names
the format, so a changed format byte fails like any other alteration. Format 1 blobs (every blob written
before format 2 existed) keep their associated data and open as they always did.
"""

from __future__ import annotations

import os
import zlib
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..domain import jsontext
from ..domain.errors import VaultError

FORMAT = b"\x01"          # zlib-compressed JSON (records); also the one format of seal_bytes
FORMAT_PLAIN = b"\x02"    # uncompressed JSON
# Below this many bytes of JSON a value goes as it is. Deflate costs ~10 µs for a 1 KB assessment (a sixth
# of all a pulled record costs the device) and ~3 µs for a 46-byte digest, which it even grows to 55. The
# price: a typical assessment takes ~1.1 KB on disk instead of ~0.5 KB (+6 MB per 10k); larger records
# (long notes, many members), where compression saves the most, are still compressed.
PLAIN_BELOW = 2048
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
        plain = jsontext.dumps(value)
        context = associated_data(table, record_id, rev)
        if len(plain) < PLAIN_BELOW:
            form, context = FORMAT_PLAIN, context + FORMAT_PLAIN
        else:
            form, plain = FORMAT, _compress(plain)
        nonce = os.urandom(12)
        return form + nonce + self._aead.encrypt(nonce, plain, context)

    def open(self, table: str, record_id: str, rev: int, blob: bytes) -> Any:
        try:
            form = blob[:1]
            if form not in (FORMAT, FORMAT_PLAIN) or len(blob) < 29:
                raise ValueError("unknown record format")
            context = associated_data(table, record_id, rev)
            if form == FORMAT:
                return jsontext.loads(zlib.decompress(self._aead.decrypt(blob[1:13], blob[13:], context)))
            return jsontext.loads(self._aead.decrypt(blob[1:13], blob[13:], context + FORMAT_PLAIN))
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
