"""What a pull tells devices about head office's catalog (forms_rev), and the completeness check on submit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.server import accounts, catalog
from fieldapp.server.formcheck import check_submit
from fieldapp.server.sync import push

from .conftest import Server
from .factories import assessment, complete_answers, event, household


def _rev(server: Server) -> str:
    page = server.device("alice").get("/sync/pull").json()
    assert isinstance(page["forms_rev"], str) and page["forms_rev"]
    return page["forms_rev"]


def test_forms_rev_changes_with_forms_settings_and_people_and_only_then(teams: Server) -> None:
    first = _rev(teams)
    alice = teams.device("alice")
    alice.push(household()[1])                                 # case work is not catalog work
    assert _rev(teams) == first
    definition = json.loads(catalog.default_form_path().read_text(encoding="utf-8")) | {"version": 2}
    with teams.db.write() as conn:
        catalog.publish_form(conn, definition)
    after_form = _rev(teams)
    assert after_form != first
    with teams.db.write() as conn:
        catalog.update_settings(conn, {"answer_deadline_days": 5})
    after_settings = _rev(teams)
    assert after_settings != after_form
    teams.add_user("dana", "researcher", "t1")                 # alice's team list changes
    after_user = _rev(teams)
    assert after_user != after_settings
    with teams.db.write() as conn:
        accounts.set_disabled(conn, "dana")
    assert _rev(teams) != after_user


def _draft(teams: Server, answers: dict) -> tuple[str, list[dict]]:
    hid, hop = household()
    aid, aop = assessment(hid, answers)
    return aid, [hop, aop]


def test_a_complete_assessment_is_submitted(teams: Server) -> None:
    aid, ops = _draft(teams, complete_answers())
    results = teams.device("alice").push(*ops, event(aid, "submit"))
    assert results[-1]["status"] == "applied", results[-1]
    assert results[-1]["assessment"]["status"] == "submitted"


def test_an_incomplete_assessment_is_refused_with_a_reason_and_stays_a_draft(teams: Server) -> None:
    answers = complete_answers()
    del answers["marital_status"], answers["rec_aid_type"]
    aid, ops = _draft(teams, answers)
    alice = teams.device("alice")
    result = alice.push(*ops, event(aid, "submit"))[-1]
    assert result["status"] == "rejected" and result["error"]["code"] == "workflow.invalid_form"
    assert "2" in result["error"]["message"]["en"] and result["error"]["message"]["ar"]
    assert result["assessment"]["status"] == "draft"
    record = alice.get(f"/records/assessment/{aid}").json()["record"]
    assert record["status"] == "draft" and "submitted_at" not in record
    queue = teams.device("sam").get("/sync/pull").json()["changes"]
    assert [c for c in queue if c["entity"] == "assessment"] == []          # nothing in the supervisor's queue


def test_answers_completed_in_the_same_batch_count(teams: Server) -> None:
    answers = complete_answers()
    missing = answers.pop("marital_status")
    aid, ops = _draft(teams, answers)
    alice = teams.device("alice")
    assert alice.push(*ops)[-1]["status"] == "applied"
    fix = {"op_id": f"fix-{aid}", "entity": "assessment", "entity_id": aid, "kind": "change", "base_version": 1,
           "changes": {"answers.marital_status": {"old": None, "new": missing}}, "created_at": ""}
    results = alice.push(fix, event(aid, "submit"))
    assert [r["status"] for r in results] == ["applied", "applied"], results


def test_a_form_the_server_has_not_published_is_refused_not_a_500(teams: Server) -> None:
    hid, hop = household()
    aid, aop = assessment(hid, complete_answers())
    aop["changes"]["form_version"]["new"] = 99
    result = teams.device("alice").push(hop, aop, event(aid, "submit"))[-1]
    assert result["status"] == "rejected" and result["error"]["code"] == "workflow.form_unavailable"


def test_the_check_can_be_turned_off(teams: Server) -> None:
    hid, hop = household()
    aid, aop = assessment(hid, {"visit_date": "2026-11-01"})
    with teams.db.read() as conn:
        alice = accounts.principal_for_token(conn, teams.device("alice").token)
    results = push(teams.db, alice, [hop, aop, event(aid, "submit")], check_submit=False)
    assert results[-1]["status"] == "applied"


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(answers=st.dictionaries(st.sampled_from(sorted(complete_answers())),
                               st.one_of(st.none(), st.integers(), st.text(max_size=5), st.lists(st.integers()),
                                         st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))))
def test_any_answers_are_either_submittable_or_refused_never_an_error(tmp_path_factory: pytest.TempPathFactory,
                                                                       answers: dict) -> None:
    from fieldapp.domain.errors import TransitionRefused
    from fieldapp.server.db import Database, migrate

    folder: Path = tmp_path_factory.mktemp("forms")
    db = Database(f"sqlite:///{folder / 'server.db'}")
    try:
        migrate(db)
        with db.write() as conn:
            catalog.publish_form(conn, json.loads(catalog.default_form_path().read_text(encoding="utf-8")))
            try:
                check_submit(conn, {"form_id": "household_assessment", "form_version": 1,
                                    "answers": complete_answers() | answers})
            except TransitionRefused as exc:
                assert exc.code == "workflow.invalid_form" and exc.params["count"] >= 1
    finally:
        db.dispose()
