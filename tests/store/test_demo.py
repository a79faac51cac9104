"""The demo data is realistic, complete and deterministic."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fieldapp.demo import DemoGenerator
from fieldapp.domain.entities import CATEGORIES
from fieldapp.domain.history import first_break
from fieldapp.domain.ids import is_emirates_id, is_saudi_id, is_valid_id
from fieldapp.domain.workflow import Status

CASES = list(DemoGenerator(11).cases(300))


def test_same_seed_same_data() -> None:
    again = list(DemoGenerator(11).cases(30))
    assert [c.household.to_dict() for c in again] == [c.household.to_dict() for c in CASES[:30]]
    other = list(DemoGenerator(12).cases(30))
    assert [c.household.id for c in other] != [c.household.id for c in CASES[:30]]


def test_people_are_plausible() -> None:
    for case in CASES:
        household = case.household
        assert re.fullmatch(r"05\d{8}", household.phone)
        assert re.search("[\u0600-\u06ff]", household.head_name) and re.fullmatch(r"[A-Za-z \-]+",
                                                                                   household.head_name_latin)
        assert is_emirates_id(household.national_id) if household.city == "dubai" \
            else is_saudi_id(household.national_id)
        for member in case.assessments[-1].members:
            assert is_valid_id(member.id_number)
    assert {c.household.city for c in CASES} == {"jeddah", "dubai"}


def test_every_category_and_status_and_restudies() -> None:
    assert set().union(*(c.household.categories for c in CASES)) == set(CATEGORIES)
    latest = Counter(c.assessments[-1].status for c in CASES)
    assert set(latest) == {s.value for s in Status}
    assert sum(len(c.assessments) > 1 for c in CASES) >= 20


def test_events_follow_the_workflow_and_chain() -> None:
    for case in CASES:
        for assessment in case.assessments:
            events = [e for e in case.events if e.assessment_id == assessment.id]
            assert first_break(events) is None
            status = "draft"
            for event in events:
                assert event.from_status == status
                status = event.to_status
            assert status == assessment.status
            if assessment.status == "rejected":
                assert assessment.reject_reason


def test_supervisor_devices_hold_no_drafts() -> None:
    cases = list(DemoGenerator(5, role="supervisor", username="sara").cases(100))
    assert all(c.assessments[-1].status != "draft" for c in cases)
    assert len({c.household.researcher for c in cases}) > 1


def test_demo_answers_fit_the_default_form() -> None:
    forms = pytest.importorskip("fieldapp.domain.forms")
    form = forms.default_form()
    for case in CASES[:120]:
        for assessment in case.assessments:
            evaluation = forms.evaluate(form, assessment.answers, lang="en")
            assert evaluation.valid, (evaluation.missing, evaluation.errors)
