"""Statistics over a period, gathered in one streaming pass (100k households in a few seconds).

`collect` reads the households once into a small id → (district, categories) map, then streams the
assessments, keeping only counters: nothing of a family is held beyond its district and categories.
An assessment belongs to the period by its visit date (else the day it was created). Answer time is the
working days from submission to the supervisor's decision (domain.workdays, the work week a setting).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ..domain.entities import Assessment, Household
from ..domain.workdays import working_days_between
from .summary import minor

DECIDED = ("approved", "returned", "rejected")
DEADLINE_DAYS = 3


@dataclass
class PersonStats:
    studied: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    answer_days: int = 0
    answered: int = 0

    @property
    def average_answer(self) -> float | None:
        return self.answer_days / self.answered if self.answered else None


@dataclass
class Statistics:
    date_from: date | None
    date_to: date | None
    studied: int = 0
    households: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    categories_approved: Counter[str] = field(default_factory=Counter)
    districts: Counter[str] = field(default_factory=Counter)
    districts_approved: Counter[str] = field(default_factory=Counter)
    researchers: dict[str, PersonStats] = field(default_factory=lambda: defaultdict(PersonStats))
    recommended_total: int = 0
    recommended_count: int = 0
    recommended_by_aid: Counter[str] = field(default_factory=Counter)
    recommended_by_aid_count: Counter[str] = field(default_factory=Counter)
    answer_days: int = 0
    answered: int = 0
    over_deadline: int = 0
    work_week: str = "sun-thu"

    @property
    def average_answer(self) -> float | None:
        return self.answer_days / self.answered if self.answered else None

    @property
    def recommended_average(self) -> int:
        return self.recommended_total // self.recommended_count if self.recommended_count else 0


@lru_cache(maxsize=65536)
def _workdays(start: str, end: str, week: str) -> int:
    return working_days_between(date.fromisoformat(start), date.fromisoformat(end), week)


def day_of(assessment: Assessment) -> str:
    """The assessment's day as "YYYY-MM-DD" (visit date, else creation)."""
    visit = assessment.visit_date or (assessment.answers or {}).get("visit_date") or ""
    return str(visit)[:10] if visit else (assessment.created_at or "")[:10]


def collect(households: Iterable[Household], assessments: Iterable[Assessment], *, date_from: date | None = None,
            date_to: date | None = None, work_week: str = "sun-thu",
            progress: Callable[[int], None] | None = None) -> Statistics:
    places: dict[str, tuple[str, tuple[str, ...]]] = {
        h.id: (h.district or "", tuple(h.categories or ())) for h in households}
    stats = Statistics(date_from, date_to, work_week=work_week)
    low = date_from.isoformat() if date_from else ""
    high = date_to.isoformat() if date_to else "9999-12-31"
    seen: set[str] = set()
    for count, a in enumerate(assessments, start=1):
        if progress is not None and count % 5000 == 0:
            progress(count)
        day = day_of(a)
        if not (low <= day <= high):
            continue
        _add(stats, a, places.get(a.household_id, ("", ())), seen)
    stats.households = len(seen)
    if progress is not None:
        progress(-1)  # done
    return stats


def _add(stats: Statistics, a: Assessment, place: tuple[str, tuple[str, ...]], seen: set[str]) -> None:
    status = a.status
    approved = status == "approved"
    district, categories = place
    seen.add(a.household_id)
    stats.studied += 1
    stats.statuses[status] += 1
    stats.districts[district] += 1
    for category in categories:
        stats.categories[category] += 1
    if approved:
        stats.districts_approved[district] += 1
        for category in categories:
            stats.categories_approved[category] += 1
    person = stats.researchers[a.researcher or ""]
    person.studied += 1
    person.statuses[status] += 1
    if status in DECIDED and a.submitted_at and a.decided_at:
        days = _workdays(a.submitted_at[:10], a.decided_at[:10], stats.work_week)
        stats.answer_days += days
        stats.answered += 1
        stats.over_deadline += days > DEADLINE_DAYS
        person.answer_days += days
        person.answered += 1
    answers = a.answers or {}
    amount = minor(answers.get("rec_amount"))
    if amount and status not in ("rejected",):
        aid = str(answers.get("rec_aid_type") or "")
        stats.recommended_total += amount
        stats.recommended_count += 1
        stats.recommended_by_aid[aid] += amount
        stats.recommended_by_aid_count[aid] += 1
