"""Record encryption: round trips, tamper detection, and ciphertext bound to its row."""

from __future__ import annotations

import json
import os
import zlib
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldapp.domain.errors import VaultError
from fieldapp.store.cipher import FORMAT, RecordCipher, associated_data

KEY = os.urandom(32)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=30)


@given(value=json_values, record_id=st.text(min_size=1, max_size=36), rev=st.integers(1, 10**6))
def test_round_trip(value: Any, record_id: str, rev: int) -> None:
    cipher = RecordCipher(KEY)
    assert cipher.open("households", record_id, rev, cipher.seal("households", record_id, rev, value)) == value


@given(value=json_values, position=st.integers(min_value=0), flip=st.integers(1, 255))
@settings(max_examples=200)
def test_any_altered_byte_is_detected(value: Any, position: int, flip: int) -> None:
    cipher = RecordCipher(KEY)
    blob = bytearray(cipher.seal("assessments", "a1", 3, value))
    blob[position % len(blob)] ^= flip
    with pytest.raises(VaultError) as caught:
        cipher.open("assessments", "a1", 3, bytes(blob))
    assert caught.value.code == "vault.tampered"
    assert caught.value.params == {"table": "assessments", "record_id": "a1"}


@given(cut=st.integers(0, 40))
def test_truncated_ciphertext_is_detected(cut: int) -> None:
    cipher = RecordCipher(KEY)
    blob = cipher.seal("meta", "profile", 1, {"username": "amal"})
    with pytest.raises(VaultError):
        cipher.open("meta", "profile", 1, blob[:cut])


@pytest.mark.parametrize(("table", "record_id", "rev"), [("assessments", "h1", 1), ("households", "h2", 1),
                                                         ("households", "h1", 2)])
def test_ciphertext_is_bound_to_table_id_and_revision(table: str, record_id: str, rev: int) -> None:
    cipher = RecordCipher(KEY)
    blob = cipher.seal("households", "h1", 1, {"head_name": "x"})
    with pytest.raises(VaultError):
        cipher.open(table, record_id, rev, blob)


def test_another_key_never_decrypts() -> None:
    blob = RecordCipher(KEY).seal("households", "h1", 1, {"a": 1})
    with pytest.raises(VaultError):
        RecordCipher(os.urandom(32)).open("households", "h1", 1, blob)


def test_fresh_nonce_per_write() -> None:
    cipher = RecordCipher(KEY)
    assert cipher.seal("households", "h1", 1, {"a": 1}) != cipher.seal("households", "h1", 1, {"a": 1})


@settings(max_examples=50)
@given(st.text(max_size=3000), st.integers(0, 20))
def test_blobs_compressed_with_zlib_defaults_still_open(text: str, repeat: int) -> None:
    """Vaults written before the small-window compressor (zlib.compress defaults) read the same."""
    key = os.urandom(32)
    value = {"observations": text * repeat, "n": repeat}
    plain = zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(), 1)
    nonce = os.urandom(12)
    old = FORMAT + nonce + AESGCM(key).encrypt(nonce, plain, associated_data("households", "h1", 2))
    cipher = RecordCipher(key)
    assert cipher.open("households", "h1", 2, old) == value
    assert cipher.open("households", "h1", 3, cipher.seal("households", "h1", 3, value)) == value
