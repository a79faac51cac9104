"""Households, assessments, transitions and the outbox written with them."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.domain.entities import Assessment
from fieldapp.domain.errors import TransitionRefused, VaultError
from fieldapp.domain.history import first_break
from fieldapp.domain.workflow import Actor, Role
from fieldapp.store import Vault

from .factories import make_assessment, make_household

AMAL = Actor("amal", Role.RESEARCHER, "jeddah-1")
SARA = Actor("sara", Role.SUPERVISOR, "jeddah-1")


def test_household_and_assessment_round_trip(vault: Vault) -> None:
    household = vault.save_household(make_household())
    assessment = vault.save_assessment(make_assessment(household, answers={"members": [{"member_name": "x"}]}))
    assert vault.get_household(household.id).to_dict() == household.to_dict()
    assert vault.get_assessment(assessment.id).answers == {"members": [{"member_name": "x"}]}
    assert [a.id for a in vault.assessments_of(household.id)] == [assessment.id]
    with pytest.raises(VaultError) as caught:
        vault.get_household("nope")
    assert caught.value.code == "vault.not_found"


def test_every_change_writes_one_coalesced_outbox_op(vault: Vault) -> None:
    household = vault.save_household(make_household())
    assessment = vault.save_assessment(make_assessment(household))
    assert vault.outbox_count() == 2
    assessment.answers["rooms"] = 4
    vault.save_assessment(assessment)
    assessment.answers["rooms"] = 5
    vault.save_assessment(assessment)
    vault.save_assessment(assessment)  # nothing changed: nothing written
    ops = vault.outbox_pending()
    assert len(ops) == 2
    changes = ops[1]["changes"]
    assert changes["answers.rooms"] == {"old": None, "new": 5}  # new record: old is None


def test_changes_after_sending_start_a_new_op(vault: Vault) -> None:
    household = vault.save_household(make_household())
    vault.outbox_mark_sent([op["op_id"] for op in vault.outbox_pending()])
    household.phone = "0559999999"
    vault.save_household(household)
    ops = vault.outbox_pending()
    assert len(ops) == 2
    assert ops[1]["changes"] == {"phone": {"old": "0551234567", "new": "0559999999"}}


def test_failed_write_rolls_back_with_its_outbox_op(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    household = make_household()

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(vault, "_queue_change", boom)
    with pytest.raises(RuntimeError):
        vault.save_household(household)
    assert vault.count_cases() == 0
    assert vault.db.conn.execute("SELECT COUNT(*) FROM households").fetchone()[0] == 0


def test_transitions_chain_events_and_queue_them(vault: Vault) -> None:
    household = vault.save_household(make_household())
    assessment = vault.save_assessment(make_assessment(household))
    vault.transition(assessment.id, AMAL, "submit")
    vault.transition(assessment.id, SARA, "return", comment="أرفق عقد الإيجار", flagged_fields=["exp_rent"])
    vault.transition(assessment.id, AMAL, "resume")
    vault.transition(assessment.id, AMAL, "submit")
    event = vault.transition(assessment.id, SARA, "approve")
    events = vault.events_of(assessment.id)
    assert [e.action for e in events] == ["submit", "return", "resume", "submit", "approve"]
    assert first_break(events) is None
    assert events[-1].id == event.id
    stored = vault.get_assessment(assessment.id)
    assert stored.status == "approved" and stored.decided_at == event.at
    assert stored.flagged_fields == ["exp_rent"]
    assert [op["kind"] for op in vault.outbox_pending()].count("event") == 5
    assert vault.page_cases(0, 10, status="approved")[0].assessment_id == assessment.id


def test_refused_transition_writes_nothing(vault: Vault) -> None:
    household = vault.save_household(make_household())
    assessment = vault.save_assessment(make_assessment(household))
    count = vault.outbox_count()
    with pytest.raises(TransitionRefused):
        vault.transition(assessment.id, SARA, "approve")
    with pytest.raises(TransitionRefused):
        vault.transition(assessment.id, Actor("noura", Role.RESEARCHER, "jeddah-1"), "submit")
    vault.transition(assessment.id, AMAL, "submit")
    with pytest.raises(TransitionRefused):
        vault.transition(assessment.id, SARA, "return", comment="  ")
    with pytest.raises(TransitionRefused):
        vault.transition(assessment.id, SARA, "reject", reason="not-a-reason")
    assert vault.get_assessment(assessment.id).status == "submitted"
    assert len(vault.events_of(assessment.id)) == 1
    assert vault.outbox_count() == count + 1


def test_approved_and_rejected_are_read_only(vault: Vault) -> None:
    household = vault.save_household(make_household())
    assessment = vault.save_assessment(make_assessment(household))
    vault.transition(assessment.id, AMAL, "submit")
    vault.transition(assessment.id, SARA, "reject", reason="no_contact", comment="لا يرد")
    changed = vault.get_assessment(assessment.id)
    changed.answers["rooms"] = 9
    with pytest.raises(VaultError) as caught:
        vault.save_assessment(changed)
    assert caught.value.code == "vault.read_only"
    with pytest.raises(VaultError):
        vault.add_attachment(assessment.id, b"x", "x.txt", "text/plain")
    assert vault.get_assessment(assessment.id).answers["rooms"] == 3


def test_save_keeps_server_owned_fields(vault: Vault) -> None:
    household = vault.save_household(make_household())
    assessment = vault.save_assessment(make_assessment(household))
    vault.transition(assessment.id, AMAL, "submit")
    stale = Assessment.from_dict({**assessment.to_dict(), "status": "draft"})
    stale.answers["rooms"] = 7
    vault.save_assessment(stale)
    assert vault.get_assessment(assessment.id).status == "submitted"


def test_iterators_stream_everything_and_report_damage(vault: Vault) -> None:
    households = [vault.save_household(make_household(national_id=f"10000000{i:02d}")) for i in range(5)]
    for household in households:
        vault.save_assessment(make_assessment(household))
    with vault.transaction():
        vault.db.conn.execute("UPDATE households SET rev=rev+7 WHERE id=?", [households[2].id])
    errors: list[VaultError] = []
    found = [h.id for h in vault.iter_households(errors)]
    assert found == [h.id for i, h in enumerate(households) if i != 2]
    assert [e.params["record_id"] for e in errors] == [households[2].id]
    assert len(list(vault.iter_assessments())) == 5
    with pytest.raises(VaultError):
        list(vault.iter_households())


def test_meta_values(vault: Vault) -> None:
    assert vault.meta_get("missing", 42) == 42
    vault.meta_set("settings", {"rejection_reasons": [{"code": "x"}]})
    vault.meta_set("settings", {"rejection_reasons": [{"code": "y"}]})
    assert vault.meta_get("settings") == {"rejection_reasons": [{"code": "y"}]}


text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=text, national_id=text, phone=text, answers=st.dictionaries(
    st.sampled_from(["rooms", "observations", "needs", "exp_rent"]),
    st.one_of(st.integers(-10**12, 10**12), text, st.lists(text, max_size=3), st.none())))
def test_any_household_and_answers_round_trip(vault: Vault, name: str, national_id: str, phone: str,
                                              answers: dict[str, object]) -> None:
    household = vault.save_household(make_household(head_name=name, national_id=national_id, phone=phone))
    assessment = vault.save_assessment(make_assessment(household, answers=answers))
    assert vault.get_household(household.id).to_dict() == household.to_dict()
    assert vault.get_assessment(assessment.id).answers == answers
    if name.strip():
        assert household.id in {r.household_id for r in vault.page_cases(0, 1000, query=name)} or \
            not any(ch.isalnum() for ch in name)
