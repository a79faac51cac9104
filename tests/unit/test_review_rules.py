"""Review rules: queue order, working-day ages, overdue, dashboard figures, duplicate alerts."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain.entities import Assessment, Household, WorkflowEvent
from fieldapp.domain.review import (
    DuplicateAlert,
    ReviewRules,
    age_in_workdays,
    answer_times,
    build_queue,
    duplicate_alerts,
    same_person,
    team_dashboard,
)

THURSDAY = date(2026, 11, 19)
SUNDAY = date(2026, 11, 22)


def submitted(day: date, researcher: str = "amal", status: str = "submitted", **kw: object) -> Assessment:
    return Assessment(household_id="h-" + day.isoformat(), form_id="household_assessment", form_version=1,
                      status=status, researcher=researcher, submitted_at=f"{day.isoformat()}T09:00:00Z", **kw)


def test_rules_from_server_settings_and_defaults() -> None:
    assert ReviewRules.from_settings(None).deadline_days == 3
    rules = ReviewRules.from_settings({"answer_deadline_days": 5, "rejection_reasons": [{"code": "x", "ar": "س",
                                                                                       "en": "X"}]},
                                      work_week="mon-fri")
    assert (rules.deadline_days, rules.work_week) == (5, "mon-fri")
    assert [r["code"] for r in rules.rejection_reasons()] == ["x"]
    assert ReviewRules.from_settings({"answer_deadline_days": "junk"}, work_week="nonsense") == ReviewRules()
    assert "other" in {r["code"] for r in ReviewRules().rejection_reasons()}


def test_weekend_does_not_age_a_submission() -> None:
    # Submitted Thursday; Friday and Saturday are the Saudi weekend, so on Sunday it is one working day old.
    assert age_in_workdays(f"{THURSDAY}T10:00:00Z", SUNDAY, "sun-thu") == 1
    # In the UAE week (Mon–Fri) Friday counts and Sunday does not.
    assert age_in_workdays(f"{THURSDAY}T10:00:00Z", SUNDAY, "mon-fri") == 1
    assert age_in_workdays(f"{THURSDAY}T10:00:00Z", THURSDAY + timedelta(days=4), "mon-fri") == 2
    assert age_in_workdays(None, SUNDAY) == 0


def test_queue_is_oldest_first_and_flags_overdue() -> None:
    today = date(2026, 11, 26)  # Thursday
    items = [submitted(date(2026, 11, 25)), submitted(date(2026, 11, 16)), submitted(date(2026, 11, 23)),
             submitted(date(2026, 11, 20), status="approved")]
    queue = build_queue(items, today=today, rules=ReviewRules(deadline_days=3))
    assert [q.submitted_at[:10] for q in queue] == ["2026-11-16", "2026-11-23", "2026-11-25"]
    assert [q.age_days for q in queue] == [8, 3, 1]
    assert [q.overdue for q in queue] == [True, False, False]
    assert queue[0].row is items[1]


@given(st.lists(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 11, 26)), max_size=30),
       st.integers(min_value=0, max_value=10), st.sampled_from(["sun-thu", "mon-fri"]))
def test_queue_order_and_overdue_rule(days: list[date], deadline: int, week: str) -> None:
    today = date(2026, 11, 26)
    rules = ReviewRules(deadline_days=deadline, work_week=week)
    queue = build_queue([submitted(d) for d in days], today=today, rules=rules)
    assert len(queue) == len(days)
    stamps = [q.submitted_at for q in queue]
    assert stamps == sorted(stamps)
    ages = [q.age_days for q in queue]
    assert ages == sorted(ages, reverse=True)  # oldest first means the largest age first
    assert all(q.overdue == (q.age_days > deadline) for q in queue)


def event(action: str, at: str) -> WorkflowEvent:
    return WorkflowEvent(assessment_id="a", household_id="h", action=action, from_status="", to_status="",
                         actor="x", role="supervisor", at=at)


def test_answer_times_count_each_submission_to_its_answer() -> None:
    history = [event("submit", "2026-11-19T08:00:00Z"), event("return", "2026-11-23T08:00:00Z"),
               event("resume", "2026-11-23T09:00:00Z"), event("submit", "2026-11-23T10:00:00Z"),
               event("approve", "2026-11-23T15:00:00Z")]
    assert answer_times(history, "sun-thu") == [2, 0]


def test_team_dashboard_figures() -> None:
    today = date(2026, 11, 26)
    a1 = submitted(date(2026, 11, 16), researcher="amal")
    a2 = submitted(date(2026, 11, 25), researcher="huda")
    a3 = submitted(date(2026, 11, 16), researcher="amal", status="approved", decided_at="2026-11-18T10:00:00Z")
    a4 = submitted(date(2026, 11, 22), researcher="huda", status="returned")
    events = {a4.id: [event("submit", "2026-11-22T08:00:00Z"), event("return", "2026-11-26T08:00:00Z")]}
    board = team_dashboard([a1, a2, a3, a4], events, today=today, rules=ReviewRules(deadline_days=3))
    assert board.by_status == {"submitted": 2, "approved": 1, "returned": 1}
    assert board.by_researcher == {"amal": {"submitted": 1, "approved": 1}, "huda": {"submitted": 1, "returned": 1}}
    assert [q.assessment_id for q in board.overdue] == [a1.id]
    assert board.waiting == 2 and board.total == 4
    assert board.answered == 2
    assert board.average_answer_days == (2 + 4) / 2


def test_dashboard_without_answers_has_no_average() -> None:
    board = team_dashboard([submitted(date(2026, 11, 25))], {}, today=date(2026, 11, 26))
    assert board.average_answer_days is None and board.answered == 0


def test_duplicate_alerts_by_id_then_name_and_phone() -> None:
    calls = []

    def find(**kw: object) -> list[str]:
        calls.append(kw)
        if kw.get("national_id"):
            return ["h2"]
        return ["h2", "h3"]

    household = Household(head_name="فاطمة أحمد", national_id="1012345672", phone="0551234567", id="h1")
    alerts = duplicate_alerts(household, find)
    assert alerts == [DuplicateAlert("h2", "national_id"), DuplicateAlert("h3", "name_phone")]
    assert all(c["exclude_household"] == "h1" for c in calls)
    assert duplicate_alerts(Household(head_name="x"), find) == []  # neither an ID nor name+phone: no search


def test_same_person_uses_arabic_normalisation() -> None:
    a = Household(head_name="فاطمة أحمد", phone="+966551234567")
    b = Household(head_name="فاطمه احمد", phone="٠٥٥١٢٣٤٥٦٧")
    assert same_person(a, b) == "name_phone"
    assert same_person(Household(head_name="a", national_id="١٠١"), Household(head_name="b",
                                                                             national_id="101")) == "national_id"
    assert same_person(a, Household(head_name="فاطمة أحمد", phone="0550000000")) is None


def test_queue_orders_by_instant_not_by_text() -> None:
    a = submitted(date(2026, 11, 19))
    b = submitted(date(2026, 11, 19))
    a.submitted_at, b.submitted_at = "2026-11-19T09:00:00.500000Z", "2026-11-19T09:00:00Z"
    missing = submitted(date(2026, 11, 1))
    missing.submitted_at = None
    queue = build_queue([a, b, missing], today=date(2026, 11, 20))
    assert [q.row for q in queue] == [b, a, missing]


def test_answer_time_window() -> None:
    from fieldapp.domain.review import answered_since

    history = [event("submit", "2026-01-04T08:00:00Z"), event("approve", "2026-01-08T08:00:00Z"),
               event("submit", "2026-11-19T08:00:00Z"), event("return", "2026-11-23T08:00:00Z")]
    assert answer_times(history, "sun-thu") == [4, 2]
    assert answer_times(history, "sun-thu", since=date(2026, 9, 1)) == [2]
    old = submitted(date(2026, 1, 4), status="approved", decided_at="2026-01-08T08:00:00Z",
                    updated_at="2026-01-08T08:00:00Z")
    assert not answered_since(old, date(2026, 9, 1)) and answered_since(old, None)
    board = team_dashboard([old], {}, today=date(2026, 11, 26), since=date(2026, 9, 1))
    assert board.answered == 0 and board.by_status == {"approved": 1}
    assert team_dashboard([old], {}, today=date(2026, 11, 26)).answered == 1
