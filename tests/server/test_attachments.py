"""Attachments: chunked at an offset, resumable, verified by SHA-256, readable only by who may see the case."""

from __future__ import annotations

import hashlib
import os

from .conftest import Server
from .factories import assessment, change, household, new_id


def _case_with_ref(server: Server, data: bytes) -> tuple[str, str]:
    alice = server.device("alice")
    hid, hop = household()
    aid, aop = assessment(hid)
    sha = hashlib.sha256(data).hexdigest()
    ref_id = new_id()
    ref = change("attachment", ref_id, {}, {"id": ref_id, "assessment_id": aid, "sha256": sha, "size": len(data),
                                            "mime": "image/jpeg", "filename": "id.jpg"})
    results = alice.push(hop, aop, ref)
    assert [r["status"] for r in results] == ["applied"] * 3, results
    return sha, aid


def test_upload_resumes_from_what_the_server_holds(teams: Server) -> None:
    alice = teams.device("alice")
    data = os.urandom(300_000)
    sha, _ = _case_with_ref(teams, data)
    assert alice.get(f"/attachments/{sha}/status").json() == {"received": 0, "complete": False}
    assert alice.put(f"/attachments/{sha}?offset=0", data[:100_000]).json()["received"] == 100_000
    # the connection dropped; the device asks where to go on
    assert alice.get(f"/attachments/{sha}/status").json()["received"] == 100_000
    wrong = alice.put(f"/attachments/{sha}?offset=0", data[:100_000])
    assert wrong.status_code == 409 and wrong.json()["code"] == "attachment.bad_offset"
    assert alice.put(f"/attachments/{sha}?offset=100000", data[100_000:]).json()["received"] == len(data)
    done = alice.post(f"/attachments/{sha}/complete", {"size": len(data)})
    assert done.status_code == 200 and done.json()["complete"] is True
    assert alice.get(f"/attachments/{sha}/status").json() == {"received": len(data), "complete": True}
    assert alice.get(f"/attachments/{sha}").content == data
    assert teams.device("sam").get(f"/attachments/{sha}").content == data


def test_a_corrupt_upload_is_refused_and_starts_again(teams: Server) -> None:
    alice = teams.device("alice")
    data = os.urandom(5000)
    sha, _ = _case_with_ref(teams, data)
    alice.put(f"/attachments/{sha}?offset=0", b"x" + data[1:])
    bad = alice.post(f"/attachments/{sha}/complete", {"size": len(data)})
    assert bad.status_code == 422 and bad.json()["code"] == "attachment.hash_mismatch"
    assert alice.get(f"/attachments/{sha}/status").json() == {"received": 0, "complete": False}
    short = alice.post(f"/attachments/{sha}/complete", {"size": len(data)})
    assert short.status_code == 409
    assert alice.get(f"/attachments/{sha}").status_code == 404


def test_another_team_cannot_download(teams: Server) -> None:
    alice = teams.device("alice")
    data = b"passport scan"
    sha, _ = _case_with_ref(teams, data)
    alice.put(f"/attachments/{sha}?offset=0", data)
    alice.post(f"/attachments/{sha}/complete", {"size": len(data)})
    assert teams.device("carl").get(f"/attachments/{sha}").status_code == 404
    assert teams.device("tara").get(f"/attachments/{sha}").status_code == 404
    assert teams.device("root").get(f"/attachments/{sha}").content == data


def test_a_ref_to_another_teams_assessment_is_refused(teams: Server) -> None:
    _, aid = _case_with_ref(teams, b"abc")
    ref_id = new_id()
    op = change("attachment", ref_id, {}, {"id": ref_id, "assessment_id": aid, "sha256": "0" * 64, "size": 1})
    result = teams.device("carl").push(op)[0]
    assert result["status"] == "rejected" and result["error"]["code"] == "auth.forbidden"
