"""USB bundles on a real vault: sealed to head office, reply only this vault can open, idempotent apply."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from fieldapp.domain.entities import Assessment, Household
from fieldapp.domain.errors import SyncError
from fieldapp.domain.sealed import public_key_from_pem, public_key_to_pem
from fieldapp.store import Vault
from fieldapp.sync.protocol.bundle import CONTEXT_PUSH, CONTEXT_RETURN, BundleError, read_bundle, write_bundle
from fieldapp.sync.usb import apply_return_bundle, write_push_bundle

PASSWORD = "correct horse battery"


@pytest.fixture()
def org_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


@pytest.fixture()
def vault(tmp_path: Path, org_key: X25519PrivateKey):
    folder = tmp_path / "profile"
    with Vault.create(folder, PASSWORD) as v:
        pem = public_key_to_pem(org_key.public_key())
        v.meta_set("profile", {"username": "amal", "role": "researcher", "team": "t1", "full_name": "",
                               "device_id": "dev-1", "server_url": "http://127.0.0.1:9"})
        v.meta_set("device_token", "secret-token")
        v.meta_set("recovery_public_key", pem)
        v.set_recovery_key(pem)
        yield v


def fill(vault: Vault) -> tuple[Household, Assessment, bytes]:
    household = vault.save_household(Household(head_name="فاطمة علي", national_id="1000000008", city="jeddah"))
    assessment = vault.save_assessment(Assessment(household_id=household.id, form_id="household_assessment",
                                                  form_version=1, answers={"exp_rent": 150000},
                                                  researcher="amal", team="t1"))
    photo = os.urandom(4000)
    vault.add_attachment(assessment.id, photo, "id.jpg", "image/jpeg")
    return household, assessment, photo


def test_push_bundle_is_sealed_to_head_office_and_carries_ops_and_blobs(vault: Vault, org_key, tmp_path) -> None:
    household, _, photo = fill(vault)
    target = tmp_path / "push.bin"
    counts = write_push_bundle(vault, target)
    raw = target.read_bytes()
    assert "فاطمة".encode() not in raw and b"1000000008" not in raw  # nothing in clear on the stick
    payload = read_bundle(raw, org_key, CONTEXT_PUSH)
    assert counts["ops"] == len(payload["ops"]) == vault.outbox_count() == 3
    assert payload["device_token"] == "secret-token" and payload["device_id"] == "dev-1"
    assert [base64.b64decode(b) for b in payload["attachments"].values()] == [photo]
    assert any(op["entity_id"] == household.id for op in payload["ops"])
    with pytest.raises(BundleError):
        read_bundle(raw, X25519PrivateKey.generate(), CONTEXT_PUSH)


def test_return_bundle_applies_results_and_changes_once(vault: Vault, org_key, tmp_path) -> None:
    household, assessment, _ = fill(vault)
    write_push_bundle(vault, tmp_path / "push.bin")
    push = read_bundle((tmp_path / "push.bin").read_bytes(), org_key, CONTEXT_PUSH)
    results = [{"op_id": op["op_id"], "status": "applied", "entity": op["entity"], "entity_id": op["entity_id"],
                "version": 1} for op in push["ops"]]
    newcomer = Household(head_name="نورة", city="jeddah", researcher="amal", team="t1", version=1)
    changes = [{"seq": 7, "entity": "household", "entity_id": newcomer.id, "version": 1,
                "record": newcomer.to_dict()}]
    reply = write_bundle({"kind": "return", "device_id": "dev-1", "results": results, "changes": changes,
                          "next_after": 7, "attachments": {}}, public_key_from_pem(push["reply_key"]), CONTEXT_RETURN)
    (tmp_path / "return.bin").write_bytes(reply)

    counts = apply_return_bundle(vault, tmp_path / "return.bin")
    assert counts == {"results": 3, "changes": 1, "attachments": 0}
    assert vault.outbox_count() == 0
    assert vault.sync_cursor() == 7
    assert vault.get_household(household.id).version == 1
    assert vault.get_household(newcomer.id).head_name == "نورة"
    # The same stick plugged in twice changes nothing.
    again = apply_return_bundle(vault, tmp_path / "return.bin")
    assert again["changes"] == 0 and vault.outbox_count() == 0 and vault.sync_cursor() == 7


def test_edits_after_writing_a_bundle_travel_in_new_ops(vault: Vault, org_key, tmp_path) -> None:
    household, _, _ = fill(vault)
    write_push_bundle(vault, tmp_path / "push.bin")
    first = {op["op_id"] for op in read_bundle((tmp_path / "push.bin").read_bytes(), org_key, CONTEXT_PUSH)["ops"]}
    household.district = "الصفا"
    vault.save_household(household)
    later = {op["op_id"] for op in vault.outbox_pending(100)}
    assert first < later  # the bundled ops are frozen; the new edit is a new op


def test_a_bundle_for_another_device_or_key_is_refused(vault: Vault, org_key, tmp_path) -> None:
    fill(vault)
    write_push_bundle(vault, tmp_path / "push.bin")
    push = read_bundle((tmp_path / "push.bin").read_bytes(), org_key, CONTEXT_PUSH)
    other = write_bundle({"kind": "return", "device_id": "dev-2", "results": [], "changes": [], "next_after": 0},
                         public_key_from_pem(push["reply_key"]), CONTEXT_RETURN)
    (tmp_path / "other.bin").write_bytes(other)
    with pytest.raises(SyncError) as err:
        apply_return_bundle(vault, tmp_path / "other.bin")
    assert err.value.code == "bundle.other_device"
    stranger = write_bundle({"kind": "return", "device_id": "dev-1"},
                            X25519PrivateKey.generate().public_key(), CONTEXT_RETURN)
    (tmp_path / "stranger.bin").write_bytes(stranger)
    with pytest.raises(SyncError) as err:
        apply_return_bundle(vault, tmp_path / "stranger.bin")
    assert err.value.code == "bundle.unreadable"
    assert vault.outbox_count() == 3  # nothing was touched


def test_no_bundle_without_enrolment(tmp_path) -> None:
    with Vault.create(tmp_path / "p", PASSWORD) as v, pytest.raises(SyncError) as err:
        write_push_bundle(v, tmp_path / "x.bin")
    assert err.value.code == "bundle.no_key"
