"""The cipher's two record formats: small values sealed as plain JSON, larger ones compressed; both open."""

from __future__ import annotations

import os
import zlib
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldapp.domain import jsontext
from fieldapp.domain.errors import VaultError
from fieldapp.store.cipher import FORMAT, FORMAT_PLAIN, PLAIN_BELOW, RecordCipher, associated_data

KEY = os.urandom(32)


def _old_style(value: Any, rev: int = 1) -> bytes:
    """A blob as every earlier version wrote it: zlib-compressed JSON, whatever its size."""
    nonce = os.urandom(12)
    plain = zlib.compress(jsontext.dumps(value), 1)
    return FORMAT + nonce + AESGCM(KEY).encrypt(nonce, plain, associated_data("households#digest", "h1", rev))


@settings(max_examples=60)
@given(text=st.text(max_size=400), repeat=st.integers(0, 12))
def test_format_follows_size_and_every_blob_opens(text: str, repeat: int) -> None:
    value = {"district": text * repeat, "n": repeat}
    cipher = RecordCipher(KEY)
    blob = cipher.seal("households#digest", "h1", 1, value)
    size = len(jsontext.dumps(value))
    assert blob[:1] == (FORMAT_PLAIN if size < PLAIN_BELOW else FORMAT)
    assert cipher.open("households#digest", "h1", 1, blob) == value
    assert cipher.open("households#digest", "h1", 1, _old_style(value)) == value  # small ones compressed


def test_plain_format_hides_the_value_and_binds_the_row() -> None:
    cipher = RecordCipher(KEY)
    secret = ["حي الصفا", ["widow"], "jeddah-secret"]
    blob = cipher.seal("households#digest", "h1", 4, secret)
    assert blob[:1] == FORMAT_PLAIN
    assert b"jeddah-secret" not in blob and "الصفا".encode() not in blob
    for table, record_id, rev in (("households", "h1", 4), ("households#digest", "h2", 4),
                                  ("households#digest", "h1", 5)):
        with pytest.raises(VaultError):
            cipher.open(table, record_id, rev, blob)


@pytest.mark.parametrize("form", [b"\x00", b"\x03", b"\xff"])
def test_unknown_format_byte_is_tampering(form: bytes) -> None:
    cipher = RecordCipher(KEY)
    blob = cipher.seal("households", "h1", 1, {"a": 1})
    with pytest.raises(VaultError) as caught:
        cipher.open("households", "h1", 1, form + blob[1:])
    assert caught.value.code == "vault.tampered"


def test_a_format_byte_swapped_between_plain_and_compressed_fails() -> None:
    cipher = RecordCipher(KEY)
    small = cipher.seal("households", "h1", 1, {"a": 1})
    big = cipher.seal("households", "h1", 1, {"a": "x" * PLAIN_BELOW})
    for blob, other in ((small, FORMAT), (big, FORMAT_PLAIN)):
        with pytest.raises(VaultError):
            cipher.open("households", "h1", 1, other + blob[1:])
