"""The lifecycle driven through the desktop app's own views, on a real server on loopback: the researcher
submits from the editor, the supervisor returns from the review queue with a flagged field, the researcher
corrects only that section and resubmits, the supervisor approves; the researcher's editor is read-only."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fieldapp.demo.answers import answers_for
from fieldapp.domain.entities import Household
from fieldapp.domain.forms import default_form
from fieldapp.domain.workflow import Action
from tests.e2e.devices import Device, add_users, server_events
from tests.helpers.live_server import LiveServer

MEMBER = {"member_name": "فاطمة أحمد", "relation": "mother", "sex": "female", "birth_date": "1980-01-01",
          "member_id_number": "1012345672", "education": "secondary", "work": "homemaker", "health": "healthy",
          "has_disability": False}


@pytest.fixture
def devices(tmp_path: Path) -> Iterator[tuple[LiveServer, Device, Device]]:
    server = LiveServer(tmp_path / "server").start()
    opened: list[Device] = []
    try:
        add_users(server, ("amal", "researcher", "jeddah-north"), ("sara", "supervisor", "jeddah-north"))
        opened = [Device.enrol(tmp_path / "amal", server, "amal"), Device.enrol(tmp_path / "sara", server, "sara")]
        yield server, opened[0], opened[1]
    finally:
        for device in opened:
            device.close()
        server.stop()


def app_session(device: Device, folder: Path) -> Any:
    from fieldapp.ui.session import Session
    from fieldapp.ui.settings import Settings
    from fieldapp.ui.tasks import TaskRunner

    session = Session(folder, TaskRunner(synchronous=True), Settings(language="en", digits="latin"))
    session.attach(device.vault)
    return session


def editor_for(qtbot: Any, session: Any, device: Device, assessment_id: str) -> Any:
    from fieldapp.ui.editor.editor import AssessmentEditor

    assessment = device.vault.get_assessment(assessment_id)
    editor = AssessmentEditor(session, default_form(), device.vault.get_household(assessment.household_id),
                              assessment)
    qtbot.addWidget(editor)
    return editor


def test_lifecycle_through_the_app(qtbot: Any, devices: tuple[LiveServer, Device, Device], tmp_path: Path) -> None:
    from fieldapp.ui.workspace import Workspace

    server, amal, sara = devices
    household = Household(head_name="فاطمة أحمد", national_id="1012345672", phone="0551234567", city="jeddah",
                          district="النسيم", address="شارع 5", categories=["widow"])
    answers = answers_for(random.Random(3), household, [MEMBER], date(2026, 11, 20))
    answers["exp_rent"] = 150000
    case = amal.new_case(**answers)
    amal_ui, sara_ui = app_session(amal, tmp_path / "amal"), app_session(sara, tmp_path / "sara")

    # Researcher: submit from the editor.
    editor = editor_for(qtbot, amal_ui, amal, case.id)
    assert editor.result.valid, editor.result.errors
    editor.submit()
    assert amal.vault.get_assessment(case.id).status == "submitted"
    amal.sync()

    # Supervisor: the review queue in the workspace, return with the rent flagged.
    sara.sync()
    workspace = Workspace(sara_ui)
    qtbot.addWidget(workspace)
    workspace.start()
    workspace.select("review")
    queue = workspace.views["review"]
    assert queue.model.rowCount() == 1
    queue.open_index(queue.model.index(0, 0))
    dialog = queue.review.ask(Action.RETURN)
    dialog.set_flagged(["exp_rent"])
    dialog.comment.setPlainText("الإيجار لا يطابق العقد المرفق")
    dialog.ok.click()
    sara.sync()

    # Researcher: only the flagged section reopens; fix the rent and resubmit from the editor.
    amal.sync()
    editor = editor_for(qtbot, amal_ui, amal, case.id)
    assert "الإيجار لا يطابق العقد المرفق" in editor.comment.text()
    assert not editor.input("head_name").isEnabled()
    rent = editor.input("exp_rent")
    assert rent.isEnabled() and editor.rows["exp_rent"][0].text().startswith("⚑")
    rent.edit.clear()
    qtbot.keyClicks(rent.edit, "1200")
    editor.submit()
    assert amal.vault.get_assessment(case.id).status == "submitted"
    amal.sync()

    # Supervisor: approve from the queue.
    sara.sync()
    queue.refresh()
    queue.open_index(queue.model.index(0, 0))
    assert "1,200" in queue.review.answers.toPlainText()
    dialog = queue.review.ask(Action.APPROVE)
    dialog.ok.click()
    sara.sync()
    amal.sync()

    final = amal.vault.get_assessment(case.id)
    assert (final.status, final.answers["exp_rent"]) == ("approved", 120000)
    editor = editor_for(qtbot, amal_ui, amal, case.id)
    assert editor.read_only and not editor.submit_button.isEnabled()
    assert not editor.input("exp_rent").isEnabled()
    history = server_events(server, case.id)
    assert [e["action"] for e in history] == ["submit", "return", "resume", "submit", "approve"]
    assert amal.events(case.id) == sara.events(case.id) == history
    amal_ui.vault = sara_ui.vault = None  # the fixture closes the vaults
