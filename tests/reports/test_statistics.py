"""Statistics gathered in one pass agree with a plain recount, for any population and period."""

from __future__ import annotations

from collections import Counter
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldapp.domain.workdays import working_days_between
from fieldapp.reports.sample import many
from fieldapp.reports.statistics import collect


def recount(rows, low: date, high: date, week: str):  # noqa: ANN001, ANN201
    picked = [(h, a) for h, a in rows if low.isoformat() <= a.visit_date <= high.isoformat()]
    statuses = Counter(a.status for _, a in picked)
    categories = Counter(c for h, _ in picked for c in h.categories)
    days = [working_days_between(date.fromisoformat(a.submitted_at[:10]), date.fromisoformat(a.decided_at[:10]), week)
            for _, a in picked if a.status in ("approved", "returned", "rejected")]
    money = sum(a.answers["rec_amount"] for _, a in picked if a.status != "rejected")
    return picked, statuses, categories, days, money


@settings(max_examples=25, deadline=None)
@given(count=st.integers(min_value=0, max_value=300), seed=st.integers(0, 1000),
       start=st.dates(min_value=date(2025, 12, 1), max_value=date(2026, 12, 31)),
       span=st.integers(min_value=0, max_value=400), week=st.sampled_from(["sun-thu", "mon-fri"]))
def test_one_pass_matches_a_recount(count: int, seed: int, start: date, span: int, week: str) -> None:
    rows = list(many(count, seed))
    end = date.fromordinal(start.toordinal() + span)
    stats = collect((h for h, _ in rows), (a for _, a in rows), date_from=start, date_to=end, work_week=week)
    picked, statuses, categories, days, money = recount(rows, start, end, week)
    assert stats.studied == len(picked) == stats.households
    assert stats.statuses == statuses
    assert stats.categories == categories
    assert stats.answered == len(days) and stats.answer_days == sum(days)
    assert stats.over_deadline == sum(d > 3 for d in days)
    assert sum(stats.recommended_total.values()) == stats.recommended_total["SAR"] == money  # all in Jeddah
    assert sum(p.studied for p in stats.researchers.values()) == len(picked)
    assert sum(stats.districts.values()) == len(picked)


def test_progress_is_reported_and_finishes() -> None:
    seen: list[int] = []
    rows = list(many(12000))
    collect((h for h, _ in rows), (a for _, a in rows), progress=seen.append)
    assert seen[:2] == [5000, 10000] and seen[-1] == -1


def test_unreadable_dates_are_left_out_of_answer_times() -> None:
    rows = list(many(50))
    rows[0][1].status, rows[0][1].submitted_at, rows[0][1].decided_at = "approved", "soon", "2026-13-40"
    stats = collect((h for h, _ in rows), (a for _, a in rows))
    decided = sum(1 for _, a in rows[1:] if a.status in ("approved", "returned", "rejected"))
    assert stats.answered == decided and stats.studied == 50


def test_change_sentences_name_relations_not_people_and_say_when_nothing_changed() -> None:
    from fieldapp.reports.sample import previous_of, sample_case
    from fieldapp.reports.sentences import changes

    case = sample_case()
    same = changes(case.assessment, case.assessment, "en")
    assert same == ["Nothing changed in the family's members, income, health or housing."]
    text = " ".join(changes(previous_of(case), case.assessment, "en"))
    assert "Joined the family: daughter." in text
    assert not any(m.name in text for m in case.assessment.members if m.name)
    assert changes(None, case.assessment, "ar") == ["هذه أول دراسة لحالة الأسرة."]
