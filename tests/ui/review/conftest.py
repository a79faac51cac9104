"""A supervisor's real vault (cheap KDF) with submitted cases of the team, and a session with a synchronous
task runner, for the review views."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from fieldapp.domain.entities import Assessment, Household, WorkflowEvent
from fieldapp.domain.history import seal
from fieldapp.domain.workflow import Actor, Role

TEAM = "jeddah-north"
AMAL = Actor("amal", Role.RESEARCHER, TEAM)
SARA = Actor("sara", Role.SUPERVISOR, TEAM)


@dataclass
class Workspace:
    """The part of ui.workspace.Workspace the review views use."""

    session: Any


def add_case(vault: Any, name: str, *, submitted_at: str | None, researcher: Actor = AMAL,
             national_id: str = "", phone: str = "", **answers: Any) -> Assessment:
    """A case as the supervisor's device holds it after a pull: household, assessment and its submit event
    arrive as server data (no outbox ops); `submitted_at=None` makes a draft."""
    household = Household(head_name=name, national_id=national_id, phone=phone, district="النسيم",
                          categories=["widow"], researcher=researcher.username, team=researcher.team, version=1)
    assessment = Assessment(household_id=household.id, form_id="household_assessment", form_version=1,
                            answers={"head_name": name, "exp_rent": 150000, **answers},
                            researcher=researcher.username, team=researcher.team, version=1)
    changes: list[dict[str, Any]] = [
        {"seq": 0, "entity": "household", "entity_id": household.id, "version": 1, "record": household.to_dict()}]
    if submitted_at is not None:
        assessment.status, assessment.submitted_at = "submitted", submitted_at
        event = seal(WorkflowEvent(assessment_id=assessment.id, household_id=household.id, action="submit",
                                   from_status="draft", to_status="submitted", actor=researcher.username,
                                   role=researcher.role.value, device_id="dev-amal", at=submitted_at), None)
        changes.append({"seq": 0, "entity": "event", "entity_id": event.id, "version": 1,
                        "record": event.to_dict()})
    changes.append({"seq": 0, "entity": "assessment", "entity_id": assessment.id, "version": 1,
                    "record": assessment.to_dict()})
    vault.apply_pull_page(changes, vault.sync_cursor())
    return vault.get_assessment(assessment.id)


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Any]:
    from fieldapp.store import Vault

    with Vault.create(tmp_path / "profile", "test-password-1") as opened:
        opened.meta_set("profile", {"username": SARA.username, "role": SARA.role.value, "team": TEAM,
                                    "full_name": "Sara", "device_id": "dev-sara"})
        opened.meta_set("server_settings", {"answer_deadline_days": 3})
        yield opened


@pytest.fixture
def session(qapp: Any, vault: Any, tmp_path: Path) -> Iterator[Any]:
    from fieldapp.ui.session import Session
    from fieldapp.ui.settings import Settings
    from fieldapp.ui.tasks import TaskRunner

    ses = Session(tmp_path / "profile", TaskRunner(synchronous=True),
                  Settings(language="en", digits="latin", calendar="gregorian"))
    ses.attach(vault)
    yield ses
    ses.vault = None  # the vault fixture closes it


@pytest.fixture
def workspace(session: Any) -> Workspace:
    return Workspace(session)
