"""A supervisor's real vault (cheap KDF) with submitted cases of the team, and a session with a synchronous
task runner, for the review views."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from fieldapp.domain.entities import Assessment, Household
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
    household = Household(head_name=name, national_id=national_id, phone=phone, district="النسيم",
                          categories=["widow"], researcher=researcher.username, team=researcher.team)
    vault.save_household(household)
    assessment = Assessment(household_id=household.id, form_id="household_assessment", form_version=1,
                            answers={"head_name": name, "exp_rent": 150000, **answers},
                            researcher=researcher.username, team=researcher.team)
    vault.save_assessment(assessment)
    if submitted_at is not None:
        vault.transition(assessment.id, researcher, "submit", device_id="dev-amal")
        # Back-date the submission through the same path a pull would take (server data, no outbox op).
        record = vault.get_assessment(assessment.id).to_dict()
        record["submitted_at"] = submitted_at
        vault.apply_pull_page([{"seq": 0, "entity": "assessment", "entity_id": assessment.id,
                                "version": int(record["version"]) + 1, "record": record}], vault.sync_cursor())
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
