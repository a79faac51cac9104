"""USB bundles: head office opens a device's push bundle with the recovery key, applies it with the same
idempotency as a push, and writes a return bundle only that device can open."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from fieldapp.domain.sealed import public_key_from_pem, public_key_to_pem
from fieldapp.server import accounts
from fieldapp.server.bundles import import_bundle_file, return_path
from fieldapp.server.errors import ServerError
from fieldapp.sync.protocol.bundle import CONTEXT_PUSH, CONTEXT_RETURN, read_bundle, write_bundle
from tests.helpers.live_server import RECOVERY_PASSPHRASE

from .conftest import Server
from .factories import assessment, change, event, household, new_id


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDAPP_RECOVERY_PASSPHRASE", RECOVERY_PASSPHRASE)


def _bundle(server: Server, tmp_path: Path, token: str, ops: list, blobs: dict[str, bytes]) -> tuple[Path, X25519PrivateKey]:
    reply = X25519PrivateKey.generate()
    org = public_key_from_pem(server.settings.public_key_path.read_text())
    payload = {"kind": "push", "device_id": "", "device_token": token, "ops": ops, "after": 0,
               "attachments": {sha: base64.b64encode(data).decode() for sha, data in blobs.items()},
               "reply_key": public_key_to_pem(reply.public_key())}
    path = tmp_path / "alice.fab"
    path.write_bytes(write_bundle(payload, org, CONTEXT_PUSH))
    return path, reply


def test_a_bundle_is_applied_once_and_answered(teams: Server, tmp_path: Path) -> None:
    alice = teams.device("alice")
    photo = b"\x89PNG fake photo"
    sha = hashlib.sha256(photo).hexdigest()
    hid, hop = household()
    aid, aop = assessment(hid)
    ref_id = new_id()
    ref = change("attachment", ref_id, {}, {"id": ref_id, "assessment_id": aid, "sha256": sha, "size": len(photo)})
    source, reply = _bundle(teams, tmp_path, alice.token, [hop, aop, ref, event(aid, "submit")], {sha: photo})
    out, summary = import_bundle_file(teams.db, teams.settings, source)
    assert out == return_path(source) and out.exists()
    assert summary["applied"] == 4 and summary["rejected"] == 0
    answer = read_bundle(out.read_bytes(), reply, CONTEXT_RETURN)
    assert answer["kind"] == "return" and answer["device_id"] == alice.device_id
    assert [r["status"] for r in answer["results"]] == ["applied"] * 4
    assert {c["entity"] for c in answer["changes"]} == {"household", "assessment", "attachment", "event"}
    assert alice.get(f"/attachments/{sha}").content == photo
    # the same stick brought twice: nothing doubles, the same answers come back
    out2, summary2 = import_bundle_file(teams.db, teams.settings, source, tmp_path / "again.fab")
    again = read_bundle(out2.read_bytes(), reply, CONTEXT_RETURN)
    assert again["results"] == answer["results"]
    assert len(teams.device("root").pull_all()[0]) == 4
    with pytest.raises(ValueError):
        read_bundle(out.read_bytes(), X25519PrivateKey.generate(), CONTEXT_RETURN)   # only that device opens it


def test_a_bundle_from_a_revoked_device_or_for_another_key_is_refused(teams: Server, tmp_path: Path) -> None:
    alice = teams.device("alice")
    source, _ = _bundle(teams, tmp_path, alice.token, [household()[1]], {})
    with teams.db.write() as conn:
        accounts.revoke_device(conn, alice.device_id)
    with pytest.raises(ServerError) as info:
        import_bundle_file(teams.db, teams.settings, source)
    assert info.value.code == "auth.device_revoked"
    junk = tmp_path / "junk.fab"
    junk.write_bytes(b"FSB1" + bytes(100))
    with pytest.raises(ServerError) as info:
        import_bundle_file(teams.db, teams.settings, junk)
    assert info.value.code == "server.bad_bundle"
