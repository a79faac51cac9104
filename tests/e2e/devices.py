"""Devices for end-to-end tests: a real vault per user, enrolled with a live server, synced with SyncEngine.

    server = LiveServer(...).start()
    amal = Device.enrol(tmp_path / "amal", server, "amal")        # the user must exist on the server
    amal.sync()
    server_events(server, assessment_id)                           # the server's copy of the history
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fieldapp.domain.entities import Assessment, Household, WorkflowEvent
from fieldapp.domain.workflow import Actor, Role
from fieldapp.store import Vault
from fieldapp.sync.engine import SyncEngine, SyncSummary
from fieldapp.sync.enrolment import enroll
from fieldapp.sync.transport import RetryPolicy
from tests.helpers.live_server import LiveServer

VAULT_PASSWORD = "vault-password-1"
SERVER_PASSWORD = "secret-pass"


@dataclass
class Device:
    vault: Any
    actor: Actor

    @classmethod
    def enrol(cls, folder: Path, server: LiveServer, username: str) -> Device:
        vault = Vault.create(folder, VAULT_PASSWORD)
        profile = enroll(vault, server.url, username, SERVER_PASSWORD, device_name=f"{username}-laptop")
        return cls(vault, Actor(profile["username"], Role(profile["role"]), profile.get("team")))

    def sync(self, retry: RetryPolicy | None = None) -> SyncSummary:
        return SyncEngine(self.vault, retry=retry).run()

    def new_case(self, **answers: Any) -> Assessment:
        """A household and its draft assessment, as the researcher's editor would save them."""
        household = Household(head_name="فاطمة أحمد", national_id="1012345672", phone="0551234567",
                              city="jeddah", district="النسيم", categories=["widow"],
                              researcher=self.actor.username, team=self.actor.team)
        self.vault.save_household(household)
        assessment = Assessment(household_id=household.id, form_id="household_assessment", form_version=1,
                                answers={"head_name": household.head_name, "exp_rent": 150000, **answers},
                                researcher=self.actor.username, team=self.actor.team)
        return self.vault.save_assessment(assessment)

    def step(self, assessment_id: str, action: str, **kw: Any) -> WorkflowEvent:
        return self.vault.transition(assessment_id, self.actor, action, **kw)

    def events(self, assessment_id: str) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self.vault.events_of(assessment_id)]

    def close(self) -> None:
        self.vault.close()


def add_users(server: LiveServer, *users: tuple[str, str, str | None]) -> None:
    """Add (name, role, team) users straight into the server's database — what `fieldapp-server user add`
    does, without a process per user (the CLI path has its own tests in tests/server)."""
    from fieldapp.server import accounts
    from fieldapp.server.db import Database

    db = Database(server.database_url or f"sqlite:///{server.data_dir / 'server.db'}")
    try:
        with db.write() as conn:
            for name, role, team in users:
                accounts.add_user(conn, name, role, team, SERVER_PASSWORD)
    finally:
        db.dispose()


def unique(prefix: str) -> str:
    """A user or team name no other test on a shared server uses."""
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def server_events(server: LiveServer, assessment_id: str) -> list[dict[str, Any]]:
    """The server's stored events of an assessment, in chain order (read from its database, SQLite or
    PostgreSQL)."""
    from sqlalchemy import create_engine, text

    url = server.database_url or f"sqlite:///{server.data_dir / 'server.db'}"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT data FROM records WHERE entity='event' AND assessment_id=:a"),
                                {"a": assessment_id}).fetchall()
    finally:
        engine.dispose()
    events = [WorkflowEvent.from_dict(json.loads(data)) for (data,) in rows]
    # Order by the chain itself (each event names the hash before it), not by storage order.
    by_prev = {e.prev_hash: e for e in events}
    ordered: list[WorkflowEvent] = []
    current = by_prev.get("0" * 64)
    while current is not None:
        ordered.append(current)
        current = by_prev.get(current.hash)
    assert len(ordered) == len(events), "the server's chain has a gap"
    return [e.to_dict() for e in ordered]
