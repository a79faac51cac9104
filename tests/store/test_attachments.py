"""Encrypted, content-addressed attachment blobs."""

from __future__ import annotations

import hashlib

import pytest

from fieldapp.domain.errors import VaultError
from fieldapp.store import Vault

from .factories import make_assessment, make_household

DOC = "صورة الهوية: أحمد محمد الغامدي 1012345672".encode()


def test_round_trip_dedup_and_opaque_names(vault: Vault) -> None:
    household = vault.save_household(make_household())
    assessment = vault.save_assessment(make_assessment(household))
    first = vault.add_attachment(assessment.id, DOC, "id.txt", "text/plain")
    second = vault.add_attachment(assessment.id, DOC, "id-copy.txt", "text/plain")
    assert vault.read_attachment(first.id) == DOC
    assert first.sha256 == hashlib.sha256(DOC).hexdigest() and first.size == len(DOC)
    assert [a.id for a in vault.attachments_of(assessment.id)] == [first.id, second.id]
    blobs = list((vault.folder / "attachments").iterdir())
    assert len(blobs) == 1  # one blob per content
    assert first.sha256 not in blobs[0].name
    raw = blobs[0].read_bytes()
    assert DOC not in raw and b"1012345672" not in raw
    assert {op["entity"] for op in vault.outbox_pending()} >= {"attachment"}


def test_remove_keeps_shared_blob_until_last_reference(vault: Vault) -> None:
    household = vault.save_household(make_household())
    assessment = vault.save_assessment(make_assessment(household))
    first = vault.add_attachment(assessment.id, DOC, "a.txt", "text/plain")
    second = vault.add_attachment(assessment.id, DOC, "b.txt", "text/plain")
    vault.remove_attachment(first.id)
    assert vault.read_attachment(second.id) == DOC
    vault.remove_attachment(second.id)
    assert list((vault.folder / "attachments").iterdir()) == []
    with pytest.raises(VaultError):
        vault.read_attachment(second.id)


def test_tampered_blob_is_detected(vault: Vault) -> None:
    household = vault.save_household(make_household())
    assessment = vault.save_assessment(make_assessment(household))
    ref = vault.add_attachment(assessment.id, DOC, "a.txt", "text/plain")
    (blob,) = (vault.folder / "attachments").iterdir()
    data = bytearray(blob.read_bytes())
    data[-1] ^= 0x40
    blob.write_bytes(bytes(data))
    with pytest.raises(VaultError) as caught:
        vault.read_attachment(ref.id)
    assert caught.value.code == "vault.tampered"


def test_blobs_for_pulled_refs(vault: Vault) -> None:
    data = b"\x89PNG photo"
    sha = hashlib.sha256(data).hexdigest()
    vault.apply_pull_page([{"seq": 1, "entity": "attachment", "entity_id": "att-1", "version": 1,
                            "record": {"id": "att-1", "assessment_id": "a-1", "sha256": sha, "size": len(data)}}], 1)
    assert vault.missing_blobs() == [sha]
    with pytest.raises(VaultError):
        vault.store_blob(sha, b"other bytes")
    vault.store_blob(sha, data)
    assert vault.missing_blobs() == []
    assert vault.read_attachment("att-1") == data


def test_removal_of_an_unsynced_attachment_leaves_no_op(vault: Vault) -> None:
    household = vault.save_household(make_household())
    assessment = vault.save_assessment(make_assessment(household))
    before = vault.outbox_count()
    ref = vault.add_attachment(assessment.id, DOC, "a.txt", "text/plain")
    vault.remove_attachment(ref.id)
    assert vault.outbox_count() == before
    synced = vault.add_attachment(assessment.id, DOC, "b.txt", "text/plain")
    vault.outbox_mark_sent([op["op_id"] for op in vault.outbox_pending()])
    vault.remove_attachment(synced.id)
    assert vault.outbox_pending()[-1]["changes"] == {"deleted": {"old": None, "new": True}}
