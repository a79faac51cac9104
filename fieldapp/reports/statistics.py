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
from typing import Any, Protocol

from ..domain.workdays import working_days_between
from .summary import currency_of_city, minor

DECIDED = ("approved", "returned", "rejected")


class PlaceLike(Protocol):
    """What is read of a household: a Household, or the vault's digest (store.digest.Place)."""
    id: str
    district: str
    categories: list[str]
    city: str


class FactsLike(Protocol):
    """What is read of an assessment: an Assessment, or the vault's digest (store.digest.Facts)."""
    household_id: str
    status: str
    researcher: str
    submitted_at: str | None
    decided_at: str | None
    visit_date: str | None
    created_at: str
    answers: dict[str, Any]
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
    # Amounts are kept per currency (a head office may hold Jeddah and Dubai families): never summed across.
    recommended_total: Counter[str] = field(default_factory=Counter)
    recommended_count: Counter[str] = field(default_factory=Counter)
    recommended_by_aid: Counter[tuple[str, str]] = field(default_factory=Counter)
    recommended_by_aid_count: Counter[tuple[str, str]] = field(default_factory=Counter)
    answer_days: int = 0
    answered: int = 0
    over_deadline: int = 0
    work_week: str = "sun-thu"

    @property
    def average_answer(self) -> float | None:
        return self.answer_days / self.answered if self.answered else None

    @property
    def recommended_average(self) -> dict[str, int]:
        return {cur: total // self.recommended_count[cur] for cur, total in self.recommended_total.items()
                if self.recommended_count[cur]}


@lru_cache(maxsize=65536)
def _workdays(start: str, end: str, week: str) -> int:
    """Working days between two "YYYY-MM-DD" days; -1 (not counted) when either is unreadable."""
    try:
        return working_days_between(date.fromisoformat(start), date.fromisoformat(end), week)
    except ValueError:
        return -1


def day_of(assessment: FactsLike) -> str:
    """The assessment's day as "YYYY-MM-DD" (visit date, else creation)."""
    visit = assessment.visit_date or (assessment.answers or {}).get("visit_date") or ""
    return str(visit)[:10] if visit else (assessment.created_at or "")[:10]


def collect(households: Iterable[PlaceLike], assessments: Iterable[FactsLike], *, date_from: date | None = None,
            date_to: date | None = None, work_week: str = "sun-thu",
            progress: Callable[[int], None] | None = None) -> Statistics:
    # Each household's place (district, categories) is numbered once; assessments are then tallied by a
    # small key (status, place, researcher, aid type, answer days) with one dict update each, and the
    # groups are expanded into the report's counters at the end. That keeps 100k rows near a second.
    place_ids: dict[tuple[str, tuple[str, ...], str], int] = {}
    place_of: dict[str, int] = {}
    for h in households:
        place = (h.district or "", tuple(h.categories or ()), currency_of_city(h.city))
        place_of[h.id] = place_ids.setdefault(place, len(place_ids))
    unknown = place_ids.setdefault(("", (), "SAR"), len(place_ids))
    low = date_from.isoformat() if date_from else ""
    high = date_to.isoformat() if date_to else "9999-12-31"
    groups: dict[tuple[str, int, str, str, int], list[int]] = {}
    seen: set[str] = set()
    for count, a in enumerate(assessments, start=1):
        if progress is not None and count % 5000 == 0:
            progress(count)
        day = day_of(a)
        if not (low <= day <= high):
            continue
        seen.add(a.household_id)
        status = a.status
        days = -1
        if status in DECIDED and a.submitted_at and a.decided_at:
            days = _workdays(str(a.submitted_at)[:10], str(a.decided_at)[:10], work_week)
        answers = a.answers or {}
        amount = minor(answers.get("rec_amount")) if status != "rejected" else 0
        aid = str(answers.get("rec_aid_type") or "") if amount else ""
        key = (status, place_of.get(a.household_id, unknown), a.researcher or "", aid, days)
        tally = groups.get(key)
        if tally is None:
            groups[key] = [1, amount, 1 if amount else 0]
        else:
            tally[0] += 1
            tally[1] += amount
            tally[2] += 1 if amount else 0
    stats = _expand(groups, {v: k for k, v in place_ids.items()}, Statistics(date_from, date_to, work_week=work_week))
    stats.households = len(seen)
    if progress is not None:
        progress(-1)  # done
    return stats


def _expand(groups: dict[tuple[str, int, str, str, int], list[int]],
            places: dict[int, tuple[str, tuple[str, ...], str]], stats: Statistics) -> Statistics:
    for (status, place_id, researcher, aid, days), (n, amount, priced) in groups.items():
        district, categories, currency = places[place_id]
        stats.studied += n
        stats.statuses[status] += n
        stats.districts[district] += n
        for category in categories:
            stats.categories[category] += n
        if status == "approved":
            stats.districts_approved[district] += n
            for category in categories:
                stats.categories_approved[category] += n
        person = stats.researchers[researcher]
        person.studied += n
        person.statuses[status] += n
        if days >= 0:
            stats.answer_days += days * n
            stats.answered += n
            stats.over_deadline += n if days > DEADLINE_DAYS else 0
            person.answer_days += days * n
            person.answered += n
        if priced:
            stats.recommended_total[currency] += amount
            stats.recommended_count[currency] += priced
            stats.recommended_by_aid[aid, currency] += amount
            stats.recommended_by_aid_count[aid, currency] += priced
    return stats
