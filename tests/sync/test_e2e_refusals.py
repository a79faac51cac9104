"""What the server refuses reaches the device: a stale workflow step comes back as a notice, and edits
to an assessment approved meanwhile come back as conflicts, so nothing typed is lost."""

from __future__ import annotations

from pathlib import Path

from fieldapp.domain.workflow import Actor, Role
from tests.helpers.live_server import LiveServer

from .world import TEAM, new_assessment, new_device, new_household

AMAL = Actor("amal", Role.RESEARCHER, TEAM)


def test_refused_step_becomes_a_notice_and_edits_after_approval_become_conflicts(server: LiveServer,
                                                                                tmp_path: Path) -> None:
    laptop = new_device(server, tmp_path / "laptop", "amal")
    spare = new_device(server, tmp_path / "spare", "amal")
    sara = new_device(server, tmp_path / "sara", "sara")
    assessment = new_assessment(laptop, new_household(laptop), {"exp_rent": 100000})
    laptop.sync()
    spare.sync()

    laptop.vault.transition(assessment.id, AMAL, "submit", device_id=laptop.device_id)
    laptop.sync()
    sara.sync()
    sara.vault.transition(assessment.id, Actor("sara", Role.SUPERVISOR, TEAM), "approve", device_id=sara.device_id)
    sara.sync()

    # The spare laptop never heard of the submission: it edits the draft and submits it again.
    stale = spare.vault.get_assessment(assessment.id)
    stale.answers["exp_rent"] = 175000
    spare.vault.save_assessment(stale)
    spare.vault.transition(assessment.id, AMAL, "submit", device_id=spare.device_id)
    summary = spare.sync()

    assert summary.rejected == 1 and summary.conflicts == 1
    [notice] = spare.vault.notices()
    assert notice["kind"] == "event" and notice["error"]["code"] == "workflow.bad_state"
    assert notice["error"]["message"]["ar"] and notice["error"]["message"]["en"]
    [conflict] = spare.vault.conflicts()
    assert {"field": "answers.exp_rent", "local": 175000, "server": 100000, "base": 100000} in conflict["conflicts"]
    after = spare.vault.get_assessment(assessment.id)
    assert after.status == "approved" and after.answers["exp_rent"] == 100000  # the server's truth
    assert after.to_dict() == sara.vault.get_assessment(assessment.id).to_dict()
    assert spare.vault.outbox_count() == 0
    for device in (laptop, spare, sara):
        device.close()
