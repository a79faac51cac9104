from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain import arabic, ids, money, workdays
from fieldapp.domain.entities import Assessment, Household, WorkflowEvent
from fieldapp.domain.errors import TransitionRefused
from fieldapp.domain.history import first_break, seal
from fieldapp.domain.workflow import Action, Actor, Role, Status, allowed_actions, decide

RESEARCHER = Actor("amal", Role.RESEARCHER, "jeddah-1")
SUPERVISOR = Actor("huda", Role.SUPERVISOR, "jeddah-1")
OTHER_SUPERVISOR = Actor("salma", Role.SUPERVISOR, "dubai-1")
ADMIN = Actor("root", Role.ADMIN, None)


@pytest.mark.parametrize(("typed", "stored"), [("احمد", "أحمد"), ("ابراهيم", "إبراهيم"), ("مي", "مى"),
                                               ("فاطمه", "فاطمة"), ("محمد", "مُحَمَّد"), ("عبدالله", "عبـــدالله"),
                                               ("123", "١٢٣"), ("مسوول", "مسؤول"), ("قاري", "قارئ")])
def test_normalise_folds_spelling_variants(typed: str, stored: str) -> None:
    assert arabic.normalise(typed) == arabic.normalise(stored)


@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    once = arabic.normalise(text)
    assert arabic.normalise(once) == once


def test_phone_key_unifies_country_prefix() -> None:
    assert arabic.phone_key("+966 55 123 4567") == arabic.phone_key("0551234567") == "0551234567"
    assert arabic.phone_key("٠٥٥١٢٣٤٥٦٧") == "0551234567"


@given(st.from_regex(r"[12][0-9]{8}", fullmatch=True))
def test_saudi_id_with_its_check_digit_is_valid_and_any_other_digit_is_not(body: str) -> None:
    good = body + ids.luhn_check_digit(body)
    assert ids.is_saudi_id(good)
    wrong = body + str((int(good[-1]) + 1) % 10)
    assert not ids.is_saudi_id(wrong)


def test_id_rules() -> None:
    assert not ids.is_saudi_id("3" + "0" * 9)
    assert not ids.is_saudi_id("123")
    emirates = "78419851234567" + ids.luhn_check_digit("78419851234567")
    assert ids.is_emirates_id(emirates) and ids.id_kind(emirates) == "emirates"
    assert ids.is_emirates_id(f"{emirates[:3]}-{emirates[3:7]}-{emirates[7:14]}-{emirates[14]}")


def test_money_is_integer_minor_units() -> None:
    assert money.to_minor("1,250.5") == 125050
    assert money.to_minor("١٢٥٠") == 125000
    assert money.format_minor(125050, "SAR", "en") == "1,250.50 SAR"
    with pytest.raises(ValueError):
        money.to_minor("abc")
    with pytest.raises(TypeError):
        money.Money(1.5)  # type: ignore[arg-type]


def test_workflow_happy_path_and_refusals() -> None:
    assert decide(RESEARCHER, "submit", "draft", owner="amal", team="jeddah-1") == Status.SUBMITTED
    assert decide(SUPERVISOR, "return", "submitted", owner="amal", team="jeddah-1", comment="ID copy") == Status.RETURNED
    assert decide(RESEARCHER, Action.RESUME, Status.RETURNED, owner="amal", team="jeddah-1") == Status.DRAFT
    assert decide(SUPERVISOR, "approve", "submitted", owner="amal", team="jeddah-1") == Status.APPROVED
    assert decide(ADMIN, "reopen", "approved", owner="amal", team="jeddah-1", comment="audit") == Status.RETURNED
    refusals = [
        (RESEARCHER, "approve", "submitted", {}, "workflow.role_forbidden"),
        (SUPERVISOR, "approve", "draft", {}, "workflow.bad_state"),
        (OTHER_SUPERVISOR, "approve", "submitted", {}, "workflow.not_team"),
        (Actor("nora", Role.RESEARCHER, "jeddah-1"), "submit", "draft", {}, "workflow.not_owner"),
        (SUPERVISOR, "return", "submitted", {"comment": "  "}, "workflow.comment_required"),
        (SUPERVISOR, "reject", "submitted", {"reason": "made-up"}, "workflow.reason_required"),
        (SUPERVISOR, "reopen", "approved", {"comment": "x"}, "workflow.role_forbidden"),
        (SUPERVISOR, "fly", "approved", {}, "workflow.unknown_action"),
    ]
    for actor, action, status, extra, code in refusals:
        with pytest.raises(TransitionRefused) as caught:
            decide(actor, action, status, owner="amal", team="jeddah-1", **extra)
        assert caught.value.code == code
        assert caught.value.message("ar") and caught.value.message("en") != code
    assert decide(SUPERVISOR, "reject", "submitted", owner="amal", team="jeddah-1",
                  reason="income_above_threshold") == Status.REJECTED
    assert allowed_actions(SUPERVISOR, "submitted", owner="amal", team="jeddah-1") == [
        Action.APPROVE, Action.RETURN, Action.REJECT]


def test_hash_chain_detects_edit_and_removal() -> None:
    events = []
    previous = None
    for action, source, target in [("submit", "draft", "submitted"), ("return", "submitted", "returned"),
                                   ("resume", "returned", "draft")]:
        previous = seal(WorkflowEvent("a1", "h1", action, source, target, "amal", "researcher"), previous)
        events.append(previous)
    assert first_break(events) is None
    events[1].comment = "changed later"
    assert first_break(events) == 1
    events[1].comment = ""
    assert first_break(events) is None
    assert first_break([events[0], events[2]]) == 1


def test_entities_round_trip_and_keep_unknown_keys() -> None:
    household = Household("أحمد", categories=["widow"])
    data = household.to_dict() | {"future_field": 1}
    again = Household.from_dict(data)
    assert again.to_dict() == data
    assessment = Assessment(household.id, "household_assessment", 1,
                            answers={"members": [{"member_name": "سارة", "relation": "daughter"}]})
    assert Assessment.from_dict(assessment.to_dict()).members[0].name == "سارة"


def test_working_days_follow_the_week_setting() -> None:
    thursday, sunday = date(2026, 11, 19), date(2026, 11, 22)
    assert workdays.working_days_between(thursday, sunday, "sun-thu") == 1
    assert workdays.working_days_between(thursday, sunday, "mon-fri") == 1  # Friday
    assert workdays.working_days_between(date(2026, 11, 1), date(2026, 11, 29), "sun-thu") == 20
    assert workdays.is_overdue(date(2026, 11, 15), date(2026, 11, 19), 3, "sun-thu")


def test_refusals_read_as_words_in_both_languages() -> None:
    with pytest.raises(TransitionRefused) as caught:
        decide(RESEARCHER, "approve", "submitted", owner="amal", team="jeddah-1")
    assert caught.value.message("en") == "Your role (researcher) may not approve"
    arabic_text = caught.value.message("ar")
    assert "باحث اجتماعي" in arabic_text and "اعتماد" in arabic_text
    assert "researcher" not in arabic_text and "approve" not in arabic_text
    with pytest.raises(TransitionRefused) as caught:
        decide(SUPERVISOR, "approve", "draft", owner="amal", team="jeddah-1")
    assert "مسودة" in caught.value.message("ar") and "draft" not in caught.value.message("ar")
