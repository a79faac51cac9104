"""What the sync client records in the vault: push results, pulled pages, conflicts, notices."""

from __future__ import annotations

from typing import Any

from fieldapp.domain.history import GENESIS, event_hash
from fieldapp.domain.workflow import Actor, Role
from fieldapp.store import Vault

from .factories import make_assessment, make_household

AMAL = Actor("amal", Role.RESEARCHER, "jeddah-1")


def _result(op: dict[str, Any], status: str, version: int, record: dict[str, Any] | None = None,
            **extra: Any) -> dict[str, Any]:
    return {"op_id": op["op_id"], "status": status, "entity": op["entity"], "entity_id": op["entity_id"],
            "version": version, "record": record, **extra}


def test_applied_results_clear_the_outbox_and_set_versions(vault: Vault) -> None:
    household = vault.save_household(make_household())
    (op,) = vault.outbox_pending()
    vault.outbox_mark_sent([op["op_id"]])
    server = {**household.to_dict(), "version": 1}
    vault.apply_push_results([_result(op, "applied", 1, server)])  # type: ignore[list-item]
    vault.apply_push_results([_result(op, "applied", 1, server)])  # type: ignore[list-item]  # retried: no-op
    assert vault.outbox_count() == 0
    assert vault.get_household(household.id).version == 1


def test_conflict_keeps_both_values_until_a_person_chooses(vault: Vault) -> None:
    household = vault.save_household(make_household())
    (op,) = vault.outbox_pending()
    server = {**household.to_dict(), "phone": "0500000001", "version": 2}
    conflict = {"field": "phone", "local": household.phone, "server": "0500000001", "base": None}
    vault.apply_push_results([_result(op, "conflict", 2, server, conflicts=[conflict])])  # type: ignore[list-item]
    assert vault.get_household(household.id).phone == "0500000001"
    (stored,) = vault.conflicts()
    assert stored["conflicts"] == [conflict]
    vault.resolve_conflict(stored["id"], "local")
    assert vault.get_household(household.id).phone == household.phone
    (again,) = vault.outbox_pending()
    assert again["changes"] == {"phone": {"old": "0500000001", "new": household.phone}}
    assert vault.conflicts() == [] and len(vault.conflicts(open_only=False)) == 1


def test_refused_event_is_undone_and_noticed(vault: Vault) -> None:
    household = vault.save_household(make_household())
    assessment = vault.save_assessment(make_assessment(household))
    vault.transition(assessment.id, AMAL, "submit")
    event_op = vault.outbox_pending()[-1]
    error = {"code": "workflow.bad_state", "message": {"ar": "…", "en": "Cannot submit"}}
    vault.apply_push_results([_result(event_op, "rejected", 0, None, error=error)])  # type: ignore[list-item]
    assert vault.get_assessment(assessment.id).status == "draft"
    assert vault.events_of(assessment.id) == []
    (notice,) = vault.notices()
    assert notice["error"] == error and notice["kind"] == "event"
    vault.dismiss_notice(notice["id"])
    assert vault.notices(unseen_only=True) == []


def test_resealed_event_replaces_the_local_copy(vault: Vault) -> None:
    household = vault.save_household(make_household())
    assessment = vault.save_assessment(make_assessment(household))
    event = vault.transition(assessment.id, AMAL, "submit")
    event_op = vault.outbox_pending()[-1]
    resealed = event.to_dict() | {"prev_hash": "ab" * 32}
    resealed["hash"] = "server-hash"
    vault.apply_push_results([_result(event_op, "applied", 3, resealed)])  # type: ignore[list-item]
    (stored,) = vault.events_of(assessment.id)
    assert stored.prev_hash == "ab" * 32 and stored.hash == "server-hash"


def test_pull_page_applies_records_and_cursor_together(vault: Vault) -> None:
    household = make_household(version=3)
    assessment = make_assessment(household, status="submitted", version=2)
    from fieldapp.domain.entities import WorkflowEvent

    event = WorkflowEvent(assessment_id=assessment.id, household_id=household.id, action="submit",
                          from_status="draft", to_status="submitted", actor="noura", role="researcher",
                          prev_hash=GENESIS)
    event.hash = event_hash(event)
    changes = [
        {"seq": 10, "entity": "assessment", "entity_id": assessment.id, "version": 2, "record": assessment.to_dict()},
        {"seq": 11, "entity": "event", "entity_id": event.id, "version": 1, "record": event.to_dict()},
        {"seq": 12, "entity": "household", "entity_id": household.id, "version": 3, "record": household.to_dict()},
    ]
    vault.apply_pull_page(changes, 12)  # type: ignore[arg-type]
    assert vault.sync_cursor() == 12
    assert vault.outbox_count() == 0  # server data makes no ops
    (row,) = vault.page_cases(0, 10, status="submitted", query="احمد")
    assert row.assessment_id == assessment.id
    assert [e.id for e in vault.events_of(assessment.id)] == [event.id]
    # An older copy of the household does not overwrite the newer one.
    vault.apply_pull_page([{"seq": 13, "entity": "household", "entity_id": household.id, "version": 2,  # type: ignore[list-item]
                            "record": {**household.to_dict(), "district": "قديم"}}], 13)
    assert vault.get_household(household.id).district == household.district
    assert vault.sync_cursor() == 13


def test_pull_keeps_unpushed_local_edits(vault: Vault) -> None:
    household = vault.save_household(make_household())
    vault.apply_push_results([_result(vault.outbox_pending()[0], "applied", 1,  # type: ignore[list-item]
                                      {**household.to_dict(), "version": 1})])
    household.phone = "0557777777"
    vault.save_household(household)
    server = {**household.to_dict(), "phone": "0551234567", "district": "الروضة", "version": 2}
    vault.apply_pull_page([{"seq": 5, "entity": "household", "entity_id": household.id, "version": 2,  # type: ignore[list-item]
                            "record": server}], 5)
    merged = vault.get_household(household.id)
    assert merged.phone == "0557777777" and merged.district == "الروضة" and merged.version == 2
    assert vault.outbox_pending()[0]["changes"]["phone"]["new"] == "0557777777"


def test_pull_does_not_undo_a_step_not_pushed_yet(vault: Vault) -> None:
    household = vault.save_household(make_household())
    assessment = vault.save_assessment(make_assessment(household))
    for op in vault.outbox_pending():
        vault.apply_push_results([_result(op, "applied", 1, None)])  # type: ignore[list-item]
    vault.transition(assessment.id, AMAL, "submit")
    server = {**vault.get_assessment(assessment.id).to_dict(), "status": "draft", "submitted_at": None,
              "version": 2, "answers": {"rooms": 4}}
    vault.apply_pull_page([{"seq": 3, "entity": "assessment", "entity_id": assessment.id, "version": 2,  # type: ignore[list-item]
                            "record": server}], 3)
    stored = vault.get_assessment(assessment.id)
    assert stored.status == "submitted" and stored.answers == {"rooms": 4}


def test_history_follows_the_chain_not_arrival(vault: Vault) -> None:
    from fieldapp.domain.entities import WorkflowEvent
    from fieldapp.domain.history import first_break, seal

    household = vault.save_household(make_household())
    assessment = vault.save_assessment(make_assessment(household))
    first = seal(WorkflowEvent(assessment_id=assessment.id, household_id=household.id, action="submit",
                               from_status="draft", to_status="submitted", actor="amal", role="researcher"), None)
    second = seal(WorkflowEvent(assessment_id=assessment.id, household_id=household.id, action="return",
                                from_status="submitted", to_status="returned", actor="sara", role="supervisor",
                                comment="x"), first)
    vault.apply_pull_page([{"seq": 1, "entity": "event", "entity_id": second.id, "version": 1,  # type: ignore[list-item]
                            "record": second.to_dict()},
                           {"seq": 2, "entity": "event", "entity_id": first.id, "version": 1,
                            "record": first.to_dict()}], 2)
    events = vault.events_of(assessment.id)
    assert [e.id for e in events] == [first.id, second.id]
    assert first_break(events) is None
