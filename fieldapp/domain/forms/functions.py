"""The functions an expression may call: nothing else is reachable (no builtins, no attributes).

Each takes plain values and returns a plain value or None; blanks (None) are skipped by aggregates.
`ROW_FUNCTIONS` are the aggregates that also take a per-row expression: `count(${members}, cond)`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from fractions import Fraction
from functools import lru_cache
from typing import Any

MAX_PATTERN = 200
MAX_REGEX_TEXT = 1000   # a head-office pattern that backtracks badly must not freeze the editor on a long text


def _is_num(value: Any) -> bool:
    return isinstance(value, (int, float, Fraction)) and not isinstance(value, bool)


def _numbers(args: tuple[Any, ...]) -> list[Any]:
    """The numbers of an aggregate: one list argument (a repeat column) or several scalar arguments."""
    items = args[0] if len(args) == 1 and isinstance(args[0], list) else list(args)
    return [x for x in items if _is_num(x)]


def f_sum(*args: Any) -> Any:
    return sum(_numbers(args), 0)


def f_count(*args: Any) -> int:
    if len(args) != 1:
        return sum(1 for a in args if a is not None)
    value = args[0]
    if isinstance(value, list):
        return sum(1 for x in value if x is not None)
    return 0 if value is None else 1


def f_max(*args: Any) -> Any:
    numbers = _numbers(args)
    return max(numbers) if numbers else None


def f_min(*args: Any) -> Any:
    numbers = _numbers(args)
    return min(numbers) if numbers else None


def f_avg(*args: Any) -> Any:
    numbers = _numbers(args)
    if not numbers:
        return None
    total = sum(numbers, 0)
    return Fraction(total, len(numbers)) if isinstance(total, int) else total / len(numbers)


def round_half_up(value: Any, places: int = 0) -> Any:
    """Round half away from zero, exactly for ints and fractions (money never goes through binary floats)."""
    if not _is_num(value) or (isinstance(value, float) and not math.isfinite(value)):
        return None
    exact = Fraction(value) if not isinstance(value, float) else Fraction(str(value))
    scale = 10 ** max(0, min(int(places), 12))
    scaled = abs(exact) * scale
    rounded = math.floor(scaled + Fraction(1, 2))
    result = Fraction(rounded, scale) * (1 if exact >= 0 else -1)
    return int(result) if result.denominator == 1 else result


def f_round(value: Any, places: Any = 0) -> Any:
    return round_half_up(value, places if _is_num(places) else 0)


def f_abs(value: Any) -> Any:
    return abs(value) if _is_num(value) else None


def f_selected(chosen: Any, code: Any) -> bool:
    return isinstance(chosen, list) and code in chosen


def f_any_selected(chosen: Any, codes: Any) -> bool:
    return isinstance(chosen, list) and isinstance(codes, list) and any(c in chosen for c in codes)


def f_count_selected(chosen: Any) -> int:
    return len(chosen) if isinstance(chosen, list) else 0


def parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    return _iso_date(value)


@lru_cache(maxsize=4096)
def _iso_date(value: str) -> dt.date | None:
    """Birth and visit dates repeat across every re-evaluation of a form: parse each once."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def f_age(birth: Any, on: Any) -> int | None:
    """Full years from `birth` to `on` (both "YYYY-MM-DD"): the age at the visit date."""
    start, end = parse_date(birth), parse_date(on)
    if start is None or end is None or end < start:
        return None
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def f_days_between(first: Any, second: Any) -> int | None:
    start, end = parse_date(first), parse_date(second)
    return None if start is None or end is None else (end - start).days


def f_length(text: Any) -> int:
    return len(text) if isinstance(text, str) else 0


@lru_cache(maxsize=256)
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def f_regex(text: Any, pattern: Any) -> bool:
    if not isinstance(text, str) or not isinstance(pattern, str) or len(pattern) > MAX_PATTERN:
        return False
    if len(text) > MAX_REGEX_TEXT:
        return False
    try:
        return _pattern(pattern).fullmatch(text) is not None
    except re.error:
        return False


def f_coalesce(*args: Any) -> Any:
    return next((a for a in args if a is not None and a != "" and a != []), None)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "sum": f_sum, "count": f_count, "max": f_max, "min": f_min, "avg": f_avg, "round": f_round, "abs": f_abs,
    "selected": f_selected, "any_selected": f_any_selected, "count_selected": f_count_selected,
    "age": f_age, "days_between": f_days_between, "length": f_length, "regex": f_regex, "coalesce": f_coalesce,
}


def _row_count(values: list[Any]) -> int:
    return sum(1 for v in values if v)


ROW_FUNCTIONS: dict[str, Callable[[list[Any]], Any]] = {
    "count": _row_count, "sum": f_sum, "max": f_max, "min": f_min, "avg": f_avg,
}
