"""Two researchers and a supervisor on three profiles: record, sync, review, sync back; all copies equal."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fieldapp.domain.entities import Assessment, Household
from fieldapp.domain.workflow import Actor, Role
from tests.helpers.live_server import LiveServer

from .world import TEAM, Device, fieldapp_cli, new_assessment, new_device, new_household, server_rows

SUPERVISOR = Actor("sara", Role.SUPERVISOR, TEAM)


def same(device: Device, other: Device, assessment_id: str) -> None:
    """Every field of the assessment, its household, events and attachment refs equal on both devices."""
    a, b = device.vault.get_assessment(assessment_id), other.vault.get_assessment(assessment_id)
    assert a.to_dict() == b.to_dict()
    assert device.vault.get_household(a.household_id).to_dict() == other.vault.get_household(a.household_id).to_dict()
    assert [e.to_dict() for e in device.vault.events_of(assessment_id)] == \
        [e.to_dict() for e in other.vault.events_of(assessment_id)]
    assert [r.to_dict() for r in device.vault.attachments_of(assessment_id)] == \
        [r.to_dict() for r in other.vault.attachments_of(assessment_id)]


def matches_server(device: Device, server: LiveServer, assessment_id: str) -> None:
    assessment = device.vault.get_assessment(assessment_id).to_dict()
    version, raw = server_rows(server, "assessment")[assessment_id]
    record = Assessment.from_dict(raw).to_dict()  # the server leaves out empty defaults
    assert assessment["version"] == version
    assert {k: v for k, v in assessment.items() if k != "version"} == \
        {k: v for k, v in record.items() if k != "version"}
    _, raw_household = server_rows(server, "household")[assessment["household_id"]]
    household = Household.from_dict(raw_household).to_dict()
    assert device.vault.get_household(assessment["household_id"]).to_dict() == household


def test_record_sync_review_sync_back_every_field_equal(server: LiveServer, tmp_path: Path) -> None:
    amal = new_device(server, tmp_path / "amal", "amal")
    huda = new_device(server, tmp_path / "huda", "huda")
    sara = new_device(server, tmp_path / "sara", "sara")
    photo = os.urandom(300_000)
    answers: dict[str, Any] = {"exp_rent": 180000, "exp_food": 90000, "has_dialysis": True,
                               "dialysis_sessions_per_week": 3, "observations": "الأسرة تسكن في شقة صغيرة",
                               "members": [{"member_name": "سارة", "relation": "daughter", "sex": "f"}]}
    h1 = new_household(amal, head_name="فاطمة أحمد", national_id="1000000008", categories=["widow"])
    a1 = new_assessment(amal, h1, answers)
    amal.vault.add_attachment(a1.id, photo, "id-card.jpg", "image/jpeg")
    amal.vault.transition(a1.id, Actor("amal", Role.RESEARCHER, TEAM), "submit", device_id=amal.device_id)
    h2 = new_household(huda, head_name="نورة سالم", categories=["divorced", "low_income"])
    a2 = new_assessment(huda, h2)
    huda.vault.transition(a2.id, Actor("huda", Role.RESEARCHER, TEAM), "submit", device_id=huda.device_id)
    draft = new_assessment(huda, new_household(huda, head_name="مسودة"))

    for device in (amal, huda, sara):
        summary = device.sync()
        assert summary.rejected == 0 and summary.conflicts == 0 and summary.pending_left == 0
    assert sara.vault.read_attachment(sara.vault.attachments_of(a1.id)[0].id) == photo
    # The supervisor's queue holds submitted work only; the draft reached head office all the same.
    queue = {row.assessment_id for row in sara.vault.page_cases(0, 100)}
    assert {a1.id, a2.id} <= queue and draft.id not in queue
    assert draft.id in server_rows(server, "assessment")

    sara.vault.transition(a1.id, SUPERVISOR, "approve", device_id=sara.device_id)
    sara.vault.transition(a2.id, SUPERVISOR, "return", comment="أرفقي صورة عقد الإيجار",
                          flagged_fields=("exp_rent",), device_id=sara.device_id)
    for device in (sara, amal, huda):
        device.sync()
    assert amal.vault.get_assessment(a1.id).status == "approved"
    returned = huda.vault.get_assessment(a2.id)
    assert returned.status == "returned" and returned.review_comment == "أرفقي صورة عقد الإيجار"

    huda.vault.transition(a2.id, Actor("huda", Role.RESEARCHER, TEAM), "resume", device_id=huda.device_id)
    returned = huda.vault.get_assessment(a2.id)
    returned.answers["exp_rent"] = 200000
    huda.vault.save_assessment(returned)
    huda.vault.transition(a2.id, Actor("huda", Role.RESEARCHER, TEAM), "submit", device_id=huda.device_id)
    huda.sync()
    sara.sync()
    sara.vault.transition(a2.id, SUPERVISOR, "approve", device_id=sara.device_id)
    for device in (sara, amal, huda):
        device.sync()

    same(amal, sara, a1.id)
    same(huda, sara, a2.id)
    for device, assessment_id in ((amal, a1.id), (huda, a2.id), (sara, a1.id), (sara, a2.id)):
        matches_server(device, server, assessment_id)
        assert device.vault.get_assessment(assessment_id).status == "approved"
    assert [e.action for e in huda.vault.events_of(a2.id)] == ["submit", "return", "resume", "submit", "approve"]
    assert sara.vault.get_assessment(a2.id).answers["exp_rent"] == 200000
    for device in (amal, huda, sara):
        assert device.vault.outbox_count() == 0 and device.vault.conflicts() == []
        device.close()


def test_cli_enroll_and_sync_headless(server: LiveServer, tmp_path: Path) -> None:
    folder = tmp_path / "cli-profile"
    enrolled = fieldapp_cli("enroll", str(folder), "--server", server.url, "--user", "amal", "--device-name", "t")
    assert enrolled.returncode == 0, enrolled.stderr
    first = fieldapp_cli("sync", str(folder))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("sync done") and first.stderr == ""
    again = fieldapp_cli("sync", str(folder))
    assert "pushed 0" in again.stdout and "1 requests" in again.stdout  # nothing to do: one round trip
    wrong = fieldapp_cli("enroll", str(folder), "--server", server.url, "--user", "huda")
    assert wrong.returncode != 0 and "belongs to user amal" in wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1 and "Traceback" not in wrong.stderr
