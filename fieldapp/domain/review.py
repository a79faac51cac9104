"""The supervisor's review rules: queue order, age in working days, overdue, team dashboard, duplicates.

Pure Python over domain objects; the UI and the tests feed it what the vault returns.

    rules = ReviewRules.from_settings(vault.meta_get("settings") or vault.meta_get("server_settings"),
                                      work_week=settings.work_week)
    queue = build_queue(items, today=date.today(), rules=rules)          # oldest first, age, overdue
    board = team_dashboard(assessments, events_by_id, today=..., rules=rules)

Age and answer time are counted in working days (domain.workdays, the working week is a setting); an
item is overdue when its age is past the answer deadline (head office's setting "answer_deadline_days",
default 3, the Dubai CDA promise).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .arabic import digits_only, normalise, phone_key
from .clock import parse_iso
from .entities import Assessment, Household, WorkflowEvent
from .workdays import WORK_WEEKS, working_days_between
from .workflow import Action, Status, rejection_reasons

DEFAULT_DEADLINE_DAYS = 3
ANSWERS = frozenset({Action.APPROVE.value, Action.RETURN.value, Action.REJECT.value})


@dataclass(frozen=True)
class ReviewRules:
    deadline_days: int = DEFAULT_DEADLINE_DAYS
    work_week: str = "sun-thu"
    reasons: tuple[dict[str, str], ...] = ()

    @classmethod
    def from_settings(cls, server: Mapping[str, Any] | None, *, work_week: str = "sun-thu") -> ReviewRules:
        """Rules from the server's settings (vault meta) and the device's working-week setting."""
        server = server or {}
        try:
            deadline = int(server.get("answer_deadline_days", DEFAULT_DEADLINE_DAYS))
        except (TypeError, ValueError):
            deadline = DEFAULT_DEADLINE_DAYS
        week = work_week if work_week in WORK_WEEKS else "sun-thu"
        reasons = server.get("rejection_reasons") or []
        valid = tuple(dict(r) for r in reasons if isinstance(r, Mapping) and r.get("code"))
        return cls(max(0, deadline), week, valid)

    def rejection_reasons(self) -> list[dict[str, str]]:
        """Head office's list: the server's when it sent one, else the bundled list."""
        return [dict(r) for r in self.reasons] if self.reasons else rejection_reasons()


def to_day(value: str | date | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if len(value) == 10 else parse_iso(value).date()
    except ValueError:
        return None


def age_in_workdays(submitted_at: str | date | None, today: date, work_week: str = "sun-thu") -> int:
    start = to_day(submitted_at)
    return 0 if start is None else working_days_between(start, today, work_week)


# -- the queue -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class QueueItem:
    assessment_id: str
    household_id: str
    submitted_at: str
    researcher: str = ""
    age_days: int = 0
    overdue: bool = False
    row: Any = None        # what the caller passed (a CaseRow or an Assessment), for display


def _field(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


def build_queue(items: Iterable[Any], *, today: date, rules: ReviewRules = ReviewRules()) -> list[QueueItem]:
    """Submitted items (CaseRow, Assessment or dicts with the same names), oldest submission first."""
    queue = []
    for item in items:
        if _field(item, "status") not in (None, Status.SUBMITTED.value):
            continue
        assessment_id = _field(item, "assessment_id") or _field(item, "id") or ""
        submitted = str(_field(item, "submitted_at") or "")
        age = age_in_workdays(submitted, today, rules.work_week)
        queue.append(QueueItem(str(assessment_id), str(_field(item, "household_id") or ""), submitted,
                               str(_field(item, "researcher") or ""), age, age > rules.deadline_days, item))
    # Oldest first by the instant (not the text: "…00.5Z" is later than "…00Z"); an item without a
    # submission time (should not happen) goes last; ties by id, so the order is stable.
    queue.sort(key=lambda q: (_instant(q.submitted_at), q.assessment_id))
    return queue


def _instant(stamp: str) -> tuple[int, float]:
    try:
        return 0, parse_iso(stamp if len(stamp) > 10 else f"{stamp}T00:00:00Z").timestamp()
    except ValueError:
        return 1, 0.0


# -- answer times and the dashboard ---------------------------------------------------------------------
def answer_times(events: Sequence[WorkflowEvent], work_week: str = "sun-thu",
                 since: date | None = None) -> list[int]:
    """Working days from each submission to the supervisor's answer (approve, return or reject),
    for answers given on or after `since` (all when None)."""
    times = []
    submitted: str | None = None
    for event in events:
        if event.action == Action.SUBMIT.value:
            submitted = event.at
        elif event.action in ANSWERS and submitted is not None:
            start, end = to_day(submitted), to_day(event.at)
            if start and end and (since is None or end >= since):
                times.append(working_days_between(start, end, work_week))
            submitted = None
    return times


def answered_since(assessment: Assessment, since: date | None) -> bool:
    """Whether the assessment may hold an answer on or after `since` (so its history is worth reading):
    every step changes updated_at, so one untouched since then has none."""
    if since is None:
        return True
    changed = to_day(assessment.updated_at)
    return changed is None or changed >= since


@dataclass
class Dashboard:
    by_status: dict[str, int] = field(default_factory=dict)
    by_researcher: dict[str, dict[str, int]] = field(default_factory=dict)
    overdue: list[QueueItem] = field(default_factory=list)
    waiting: int = 0
    answered: int = 0
    average_answer_days: float | None = None
    deadline_days: int = DEFAULT_DEADLINE_DAYS
    since: date | None = None          # the answer time covers answers from this day on

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def team_dashboard(assessments: Iterable[Assessment], events: Mapping[str, Sequence[WorkflowEvent]], *,
                   today: date, rules: ReviewRules = ReviewRules(), since: date | None = None) -> Dashboard:
    """Counts by status and researcher, overdue submissions and the average answer time (working days)
    of the answers given on or after `since` (all when None).

    `events` maps assessment id → its history (callers may leave out those `answered_since` rules out);
    an assessment without events counts its answer from submitted_at to decided_at when both are known.
    """
    by_status: Counter[str] = Counter()
    by_researcher: dict[str, Counter[str]] = defaultdict(Counter)
    submitted: list[Assessment] = []
    times: list[int] = []
    for assessment in assessments:
        by_status[assessment.status] += 1
        by_researcher[assessment.researcher or "-"][assessment.status] += 1
        if assessment.status == Status.SUBMITTED.value:
            submitted.append(assessment)
        history = events.get(assessment.id)
        if history:
            times.extend(answer_times(history, rules.work_week, since))
        elif assessment.submitted_at and assessment.decided_at:
            decided = to_day(assessment.decided_at) or today
            if since is None or decided >= since:
                times.append(age_in_workdays(assessment.submitted_at, decided, rules.work_week))
    queue = build_queue(submitted, today=today, rules=rules)
    return Dashboard(
        by_status=dict(by_status),
        by_researcher={name: dict(counts) for name, counts in sorted(by_researcher.items())},
        overdue=[q for q in queue if q.overdue], waiting=len(queue), answered=len(times),
        average_answer_days=(sum(times) / len(times)) if times else None, deadline_days=rules.deadline_days,
        since=since)


# -- duplicate alerts -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class DuplicateAlert:
    household_id: str
    reason: str            # "national_id" | "name_phone"


DUPLICATE_REASONS: dict[str, dict[str, str]] = {
    "national_id": {"ar": "رقم الهوية نفسه مسجل في حالة أخرى", "en": "The same ID number is in another case"},
    "name_phone": {"ar": "الاسم ورقم الجوال نفسهما في حالة أخرى",
                   "en": "The same name and phone are in another case"},
}

Finder = Callable[..., list[str]]


def duplicate_alerts(household: Household, find: Finder) -> list[DuplicateAlert]:
    """Other households with the same ID number, or the same normalised name and phone.

    `find` is Vault.find_duplicates (national_id=, name=, phone=, exclude_household=) → household ids.
    A household found both ways is reported once, by ID number (the stronger match).
    """
    alerts: dict[str, DuplicateAlert] = {}
    if digits_only(household.national_id):
        for other in find(national_id=household.national_id, exclude_household=household.id):
            alerts.setdefault(other, DuplicateAlert(other, "national_id"))
    if normalise(household.head_name) and phone_key(household.phone):
        for other in find(name=household.head_name, phone=household.phone, exclude_household=household.id):
            alerts.setdefault(other, DuplicateAlert(other, "name_phone"))
    return list(alerts.values())


def same_person(a: Household, b: Household) -> str | None:
    """Why two households are the same family ("national_id", "name_phone") or None — for checks and tests."""
    if digits_only(a.national_id) and digits_only(a.national_id) == digits_only(b.national_id):
        return "national_id"
    if (normalise(a.head_name) and phone_key(a.phone) and normalise(a.head_name) == normalise(b.head_name)
            and phone_key(a.phone) == phone_key(b.phone)):
        return "name_phone"
    return None
