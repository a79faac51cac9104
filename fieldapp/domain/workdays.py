"""Working days between two dates, with the working week as a setting (Sun–Thu in Saudi Arabia,
Mon–Fri in the UAE since 2022)."""

from __future__ import annotations

from datetime import date, timedelta

# Python weekday numbers: Monday=0 … Sunday=6.
WORK_WEEKS: dict[str, frozenset[int]] = {
    "sun-thu": frozenset({6, 0, 1, 2, 3}),
    "mon-fri": frozenset({0, 1, 2, 3, 4}),
}


def working_days_between(start: date, end: date, week: str = "sun-thu") -> int:
    """Working days after `start` up to and including `end` (0 when end ≤ start)."""
    workdays = WORK_WEEKS.get(week, WORK_WEEKS["sun-thu"])
    if end <= start:
        return 0
    total_days = (end - start).days
    full_weeks, remainder = divmod(total_days, 7)
    count = full_weeks * len(workdays)
    for offset in range(1, remainder + 1):
        if (start + timedelta(days=full_weeks * 7 + offset)).weekday() in workdays:
            count += 1
    return count


def is_overdue(start: date, today: date, deadline_days: int = 3, week: str = "sun-thu") -> bool:
    return working_days_between(start, today, week) > deadline_days
