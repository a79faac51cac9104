"""The whole case lifecycle on a real server on loopback: three copies of every case stay identical.

researcher submits → supervisor returns with a flagged field → researcher fixes and resubmits → supervisor
approves → the researcher's copy is read-only and shows the approval. Every step goes through sync.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fieldapp.domain.entities import WorkflowEvent
from fieldapp.domain.errors import TransitionRefused, VaultError
from fieldapp.domain.history import first_break
from fieldapp.domain.workflow import Actor, Role
from tests.e2e.devices import Device, add_users, server_events, unique
from tests.helpers.live_server import LiveServer, drop_pg_database, fresh_pg_database


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server for the module (each test has its own team and users on it)."""
    server = LiveServer(tmp_path_factory.mktemp("lifecycle") / "server").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def team(shared_server: LiveServer, tmp_path: Path) -> Iterator[tuple[LiveServer, Device, Device]]:
    if shared_server.process is None or shared_server.process.poll() is not None:
        shared_server.start()   # a test that cut the power left it down
    yield from _team(shared_server, tmp_path)


@pytest.fixture
def team_pg(tmp_path: Path) -> Iterator[tuple[LiveServer, Device, Device]]:
    base = os.environ.get("FIELDAPP_TEST_PG_URL", "")
    if not base:
        pytest.skip("FIELDAPP_TEST_PG_URL is not set")
    url = fresh_pg_database(base)
    server = LiveServer(tmp_path / "server", database_url=url).start()
    try:
        yield from _team(server, tmp_path)
    finally:
        server.stop()
        drop_pg_database(url)


def _team(server: LiveServer, tmp_path: Path) -> Iterator[tuple[LiveServer, Device, Device]]:
    """A researcher and a supervisor of a new team, each with an enrolled device."""
    team_name, researcher, supervisor = unique("team"), unique("amal"), unique("sara")
    add_users(server, (researcher, "researcher", team_name), (supervisor, "supervisor", team_name))
    devices = [Device.enrol(tmp_path / "amal", server, researcher),
               Device.enrol(tmp_path / "sara", server, supervisor)]
    try:
        yield server, devices[0], devices[1]
    finally:
        for device in devices:
            device.close()


def assert_same_history(server: LiveServer, assessment_id: str, *devices: Device) -> list[dict]:
    on_server = server_events(server, assessment_id)
    for device in devices:
        assert device.events(assessment_id) == on_server
    assert first_break([WorkflowEvent.from_dict(e) for e in on_server]) is None
    return on_server


def test_lifecycle_return_fix_resubmit_approve(team: tuple[LiveServer, Device, Device]) -> None:
    return_fix_resubmit_approve(*team)


@pytest.mark.pg
def test_lifecycle_return_fix_resubmit_approve_on_postgresql(team_pg: tuple[LiveServer, Device, Device]) -> None:
    return_fix_resubmit_approve(*team_pg)


def return_fix_resubmit_approve(server: LiveServer, amal: Device, sara: Device) -> None:
    case = amal.new_case()
    amal.step(case.id, "submit")
    assert amal.sync().rejected == 0
    sara.sync()
    assert sara.vault.get_assessment(case.id).status == "submitted"

    sara.step(case.id, "return", comment="الإيجار لا يطابق العقد", flagged_fields=["exp_rent"])
    sara.sync()
    amal.sync()
    returned = amal.vault.get_assessment(case.id)
    assert (returned.status, returned.flagged_fields) == ("returned", ["exp_rent"])
    assert returned.review_comment == "الإيجار لا يطابق العقد"
    assert_same_history(server, case.id, amal, sara)

    amal.step(case.id, "resume")
    fixed = amal.vault.get_assessment(case.id)
    fixed.answers["exp_rent"] = 120000
    amal.vault.save_assessment(fixed)
    amal.step(case.id, "submit")
    amal.sync()
    sara.sync()
    seen = sara.vault.get_assessment(case.id)
    assert (seen.status, seen.answers["exp_rent"]) == ("submitted", 120000)

    sara.step(case.id, "approve", comment="معتمدة")
    sara.sync()
    amal.sync()
    final = amal.vault.get_assessment(case.id)
    assert final.status == "approved" and final.decided_at and final.answers["exp_rent"] == 120000
    with pytest.raises(VaultError) as refused:
        final.answers["exp_rent"] = 1
        amal.vault.save_assessment(final)
    assert refused.value.code == "vault.read_only"

    history = assert_same_history(server, case.id, amal, sara)
    r, s = amal.actor.username, sara.actor.username
    assert [(e["action"], e["actor"], e["role"]) for e in history] == [
        ("submit", r, "researcher"), ("return", s, "supervisor"), ("resume", r, "researcher"),
        ("submit", r, "researcher"), ("approve", s, "supervisor")]
    assert history[1]["flagged_fields"] == ["exp_rent"]
    assert {e["device_id"] for e in history} == {amal.vault.meta_get("profile")["device_id"],
                                                 sara.vault.meta_get("profile")["device_id"]}
    assert amal.vault.outbox_count() == sara.vault.outbox_count() == 0
    assert amal.vault.notices() == [] and sara.vault.notices() == []


def test_lifecycle_offline_edit_while_supervisor_rejects(team: tuple[LiveServer, Device, Device]) -> None:
    server, amal, sara = team
    case = amal.new_case(observations="")
    amal.step(case.id, "submit")
    amal.sync()
    sara.sync()

    # Offline, the researcher adds what she forgot; meanwhile the supervisor rejects the submission.
    late = amal.vault.get_assessment(case.id)
    late.answers["observations"] = "الأسرة تسكن مع أقارب منذ شهرين"
    late.answers["exp_rent"] = 90000
    amal.vault.save_assessment(late)
    sara.step(case.id, "reject", reason="duplicate_support", comment="تتلقى كفالة من جمعية أخرى")
    sara.sync()
    summary = amal.sync()

    # The server's decision stands on every copy ...
    for device in (amal, sara):
        record = device.vault.get_assessment(case.id)
        assert (record.status, record.reject_reason) == ("rejected", "duplicate_support")
        assert record.answers["exp_rent"] == 150000
    assert summary.conflicts == 1
    # ... and what the researcher typed is kept, field by field, in a conflict record on her device.
    (conflict,) = amal.vault.conflicts()
    kept = {item["field"]: item for item in conflict["conflicts"]}
    assert kept["answers.observations"]["local"] == "الأسرة تسكن مع أقارب منذ شهرين"
    assert (kept["answers.exp_rent"]["local"], kept["answers.exp_rent"]["server"]) == (90000, 150000)
    assert conflict["entity_id"] == case.id and amal.vault.outbox_count() == 0
    # Re-applying the local values is refused (rejected is read-only), and the record is still there.
    with pytest.raises(VaultError):
        amal.vault.resolve_conflict(conflict["id"], "local")
    assert len(amal.vault.conflicts()) == 1
    assert_same_history(server, case.id, amal, sara)


def test_lifecycle_transitions_a_role_may_not_make_are_refused_by_the_server(
        team: tuple[LiveServer, Device, Device], tmp_path: Path) -> None:
    server, amal, sara = team
    case = amal.new_case()
    amal.step(case.id, "submit")
    amal.sync()

    # A tampered researcher device claims the supervisor role and approves its own case.
    forged = Device(amal.vault, Actor(amal.actor.username, Role.SUPERVISOR, amal.actor.team))
    forged.step(case.id, "approve", comment="self-approved")
    assert amal.vault.get_assessment(case.id).status == "approved"
    summary = amal.sync()

    assert summary.rejected == 1
    (notice,) = amal.vault.notices()
    assert notice["assessment_id"] == case.id and notice["error"]["code"] == "workflow.role_forbidden"
    assert "researcher" in notice["error"]["message"]["en"]
    # The refused step is undone: the copy shows the server's truth and the history has no approval.
    assert amal.vault.get_assessment(case.id).status == "submitted"
    assert [e["action"] for e in assert_same_history(server, case.id, amal)] == ["submit"]

    # A supervisor of another team cannot see the case, and cannot decide on it either.
    noura_name = unique("noura")
    add_users(server, (noura_name, "supervisor", unique("dubai")))
    noura = Device.enrol(tmp_path / "noura", server, noura_name)
    try:
        noura.sync()
        with pytest.raises(VaultError):
            noura.vault.get_assessment(case.id)
    finally:
        noura.close()

    # Two supervisors of the team answer the same submission offline: the second answer is refused.
    huda_name = unique("huda")
    add_users(server, (huda_name, "supervisor", sara.actor.team))
    huda = Device.enrol(tmp_path / "huda", server, huda_name)
    try:
        huda.sync()
        sara.sync()
        sara.step(case.id, "approve")
        huda.step(case.id, "return", comment="ينقص عقد الإيجار")
        sara.sync()
        assert huda.sync().rejected == 1
        assert huda.vault.notices()[0]["error"]["code"] == "workflow.bad_state"
        assert huda.vault.get_assessment(case.id).status == "approved"
        amal.sync()
        assert_same_history(server, case.id, amal, sara, huda)
    finally:
        huda.close()


# A 1×1 PNG, enough for a thumbnail.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a2f1e0a30000000049454e44ae426082")


def ui_session(device: Device, folder: Path) -> Any:
    """The desktop app's session on a device's open vault (synchronous runner, English)."""
    from fieldapp.ui.session import Session
    from fieldapp.ui.settings import Settings
    from fieldapp.ui.tasks import TaskRunner

    session = Session(folder, TaskRunner(synchronous=True), Settings(language="en", digits="latin"))
    session.attach(device.vault)
    return session


def test_lifecycle_ui_shows_the_servers_refusal_and_the_approval(
        qtbot: Any, team: tuple[LiveServer, Device, Device], tmp_path: Path) -> None:
    from fieldapp.domain.workflow import Action
    from fieldapp.ui.review.view import ReviewView
    from fieldapp.ui.workspace import Workspace

    server, amal, sara = team
    case = amal.new_case()
    amal.vault.add_attachment(case.id, PNG, "lease.png", "image/png")
    amal.step(case.id, "submit")
    Device(amal.vault, Actor(amal.actor.username, Role.SUPERVISOR, amal.actor.team)).step(case.id, "approve")
    amal.sync()

    amal_ui = ui_session(amal, tmp_path / "amal")
    workspace = Workspace(amal_ui)
    qtbot.addWidget(workspace)
    workspace.show()
    workspace.start()
    assert workspace.notices.isVisible()
    assert "Your role (researcher) may not approve" in workspace.notices.text.text()
    assert "فاطمة أحمد" in workspace.notices.text.text()               # which case it was
    assert "review" not in {entry.key for entry in workspace.entries}   # no review queue for researchers
    workspace.notices.dismiss_button.click()
    assert not workspace.notices.isVisible()

    # The supervisor reviews in the app (the photo came down with the sync) and approves in the dialog.
    sara.sync()
    sara_ui = ui_session(sara, tmp_path / "sara")
    review = ReviewView(sara_ui)
    qtbot.addWidget(review)
    review.load(case.id)
    assert review.attachments.list.count() == 1
    dialog = review.ask(Action.APPROVE)
    dialog.comment.setPlainText("معتمدة")
    dialog.ok.click()
    assert sara.sync().applied == 1
    amal.sync()

    # The researcher's copy shows the approval and offers nothing to do.
    view = ReviewView(amal_ui)
    qtbot.addWidget(view)
    view.load(case.id)
    assert "Approved" in view.header.text() and "معتمدة" in view.header.text()
    assert all(button.isHidden() for button in view.buttons.values())
    assert [view.timeline.list.item(i).text().split("\n")[0].split(" — ")[1] for i in range(2)] == \
        ["Submit", "Approve"]
    assert view.timeline.broken_at is None
    assert_same_history(server, case.id, amal, sara)
    amal_ui.vault = sara_ui.vault = None  # the fixture closes the vaults


def test_lifecycle_head_office_reopens_an_approved_assessment(
        team: tuple[LiveServer, Device, Device], tmp_path: Path) -> None:
    server, amal, sara = team
    hq_name = unique("hq")
    add_users(server, (hq_name, "admin", None))
    hq = Device.enrol(tmp_path / "hq", server, hq_name)
    try:
        case = amal.new_case()
        amal.step(case.id, "submit")
        amal.sync()
        sara.sync()
        sara.step(case.id, "return", comment="الإيجار", flagged_fields=["exp_rent"])
        sara.sync()
        amal.sync()
        amal.step(case.id, "resume")
        amal.step(case.id, "submit")
        amal.sync()
        sara.sync()
        sara.step(case.id, "approve")
        sara.sync()
        hq.sync()
        assert hq.vault.get_assessment(case.id).status == "approved"
        # A supervisor may not reopen; the server would refuse it as well, so the device refuses first.
        with pytest.raises(TransitionRefused):
            sara.step(case.id, "reopen", comment="x")
        hq.step(case.id, "reopen", comment="المبلغ الموصى به يتجاوز السقف")
        assert hq.sync().rejected == 0
        amal.sync()
        sara.sync()
        reopened = amal.vault.get_assessment(case.id)
        assert reopened.status == "returned" and reopened.review_comment == "المبلغ الموصى به يتجاوز السقف"
        assert reopened.flagged_fields == [] and reopened.decided_at is None   # the whole form reopens
        assert hq.vault.get_assessment(case.id).to_dict() == reopened.to_dict()
        reopened.answers["exp_rent"] = 100000
        amal.vault.save_assessment(reopened)         # editable again on the researcher's device
        history = assert_same_history(server, case.id, amal, sara, hq)
        assert [(e["action"], e["role"]) for e in history][-1] == ("reopen", "admin")
    finally:
        hq.close()


def test_lifecycle_decision_survives_a_server_power_cut(team: tuple[LiveServer, Device, Device]) -> None:
    from fieldapp.domain.errors import SyncError
    from fieldapp.sync.transport import RetryPolicy

    server, amal, sara = team
    case = amal.new_case()
    amal.step(case.id, "submit")
    amal.sync()
    sara.sync()
    sara.step(case.id, "return", comment="ينقص تقرير طبي", flagged_fields=["chronic_conditions"])
    server.kill()                                   # head office loses power before the decision arrives
    with pytest.raises(SyncError):
        sara.sync(retry=RetryPolicy(attempts=2, base_delay=0.05))
    assert sara.vault.outbox_count() == 1           # the decision waits in the outbox, nothing lost
    assert sara.vault.get_assessment(case.id).status == "returned"
    server.start()
    assert sara.sync().applied == 1
    assert sara.sync().pushed == 0                  # applied once, not again
    amal.sync()
    assert amal.vault.get_assessment(case.id).flagged_fields == ["chronic_conditions"]
    assert [e["action"] for e in assert_same_history(server, case.id, amal, sara)] == ["submit", "return"]


def test_lifecycle_answer_deadline_comes_from_head_office(shared_server: LiveServer, tmp_path: Path) -> None:
    from datetime import date, timedelta

    from fieldapp.ui.review.queue import load_queue

    if shared_server.process is None or shared_server.process.poll() is not None:
        shared_server.start()
    shared_server.cli("settings", "set", "answer_deadline_days", "7")
    pair = _team(shared_server, tmp_path)          # enrolled after the change: the setting comes with it
    try:
        _server, amal, sara = next(pair)
        case = amal.new_case()
        amal.step(case.id, "submit")
        amal.sync()
        sara.sync()
        assert sara.vault.meta_get("server_settings")["answer_deadline_days"] == 7
        day = date.fromisoformat(sara.vault.get_assessment(case.id).submitted_at[:10])
        while load_queue(sara.vault, "sun-thu", day)[0].age_days < 5:
            day += timedelta(days=1)
        (item,) = load_queue(sara.vault, "sun-thu", day)
        assert item.age_days == 5 and not item.overdue          # 5 working days: within head office's 7
        sara.vault.meta_set("server_settings", {})              # without the setting: the default 3 days
        assert load_queue(sara.vault, "sun-thu", day)[0].overdue
    finally:
        pair.close()
        shared_server.cli("settings", "set", "answer_deadline_days", "3")
