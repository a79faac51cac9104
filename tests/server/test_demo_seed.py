"""seed_demo on both databases: the demo cases stored as pushed and reviewed, readable through the pull."""

from __future__ import annotations

import hashlib

import pytest

from fieldapp.demo.generator import DemoGenerator
from fieldapp.domain.entities import WorkflowEvent
from fieldapp.domain.history import first_break
from fieldapp.server.blobs import BlobStore
from fieldapp.server.demo import TEAM, add_demo_users, case_records, seed_demo
from fieldapp.server.errors import ServerError

from .conftest import PASSWORD, Server


def test_demo_cases_are_pulled_with_versions_chains_and_blobs(server: Server) -> None:
    assert add_demo_users(server.db, PASSWORD) == ["amal", "sara"]
    assert add_demo_users(server.db, PASSWORD) == []  # kept, not added twice
    statuses = seed_demo(server.db, BlobStore(server.settings.attachments_dir), 7, seed=11)
    assert sum(statuses.values()) == 7
    expected = [r for case in DemoGenerator(11, username="amal", team=TEAM).cases(7) for r in case_records(case)]

    changes, _ = server.device("amal").pull_all()
    assert sorted((c["entity"], c["entity_id"], c["version"]) for c in changes) == \
        sorted((entity, str(data["id"]), version) for entity, data, version in expected)
    events: dict[str, list[WorkflowEvent]] = {}
    for change in sorted((c for c in changes if c["entity"] == "event"), key=lambda c: c["version"]):
        event = WorkflowEvent.from_dict(change["record"])
        events.setdefault(event.assessment_id, []).append(event)
    assert events and all(first_break(chain) is None for chain in events.values())
    sara = server.device("sara")
    seen = [c["record"]["status"] for c in sara.pull_all()[0] if c["entity"] == "assessment"]
    assert seen and "draft" not in seen
    for change in changes:
        if change["entity"] == "attachment":
            body = sara.get(f"/attachments/{change['record']['sha256']}").content
            assert hashlib.sha256(body).hexdigest() == change["record"]["sha256"]


def test_demo_refuses_a_server_with_cases(server: Server) -> None:
    blobs = BlobStore(server.settings.attachments_dir)
    seed_demo(server.db, blobs, 2)
    with pytest.raises(ServerError) as refused:
        seed_demo(server.db, blobs, 2)
    assert refused.value.code == "server.demo_not_empty"
