"""The figures a report states about one assessment: totals, per-capita income, eligibility and its reasons.

The forms engine (domain.forms.evaluate) is the authority for computed fields and eligibility, with the
form version the assessment was filled with. If it is not available (or fails on an old form), the money
figures are summed here from the answers and eligibility is reported as not evaluated; a report is never
refused for that.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

from ..domain.entities import Assessment, Member

EXPENSE_FIELDS = ("exp_rent", "exp_utilities", "exp_food", "exp_transport", "exp_medical", "exp_school")


CITY_CURRENCY = {"dubai": "AED", "sharjah": "AED", "abu_dhabi": "AED"}


def currency_of_city(city: str | None) -> str:
    return CITY_CURRENCY.get((city or "").lower(), "SAR")


def currency_for(household: Any, assessment: Assessment, form: Any = None) -> str:
    """The currency of a family's amounts: the form's rule (city → SAR/AED), else by the household's city."""
    answers = {**(assessment.answers or {})}
    answers.setdefault("city", getattr(household, "city", "") or "")
    rule = getattr(form, "currency_for", None)
    if callable(rule):
        with contextlib.suppress(Exception):
            return str(rule(answers))
    try:
        from ..domain.forms import default_form

        return str(default_form().currency_for(answers))
    except Exception:  # noqa: BLE001 - no forms engine: decide by the city
        return currency_of_city(answers.get("city"))


@dataclass
class Facts:
    members: int
    incomes: list[tuple[str, int]]
    expenses: list[tuple[str, int]]
    total_income: int
    total_expenses: int
    per_capita: int
    dependency_ratio: float | None = None
    eligible: bool | None = None
    reasons: list[dict[str, str]] = field(default_factory=list)
    score: float | None = None


def minor(value: Any) -> int:
    """A money answer (integer of minor units) as int; anything unreadable counts as 0."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return 0


def rows(answers: dict[str, Any], group: str) -> list[dict[str, Any]]:
    value = answers.get(group) or []
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []


def members_of(assessment: Assessment) -> list[Member]:
    """The members repeat group, skipping anything that is not a row (a damaged or foreign answer)."""
    return [Member.from_answer(row) for row in rows(assessment.answers or {}, "members")]


def facts(assessment: Assessment, form: Any = None) -> Facts:
    answers = assessment.answers or {}
    incomes = [(str(r.get("source") or ""), minor(r.get("amount"))) for r in rows(answers, "income_sources")]
    expenses = [(key, minor(answers.get(key))) for key in EXPENSE_FIELDS if answers.get(key) not in (None, "")]
    members = max(len(rows(answers, "members")), 1)
    total_income = sum(a for _, a in incomes)
    total_expenses = sum(a for _, a in expenses)
    result = Facts(members=len(rows(answers, "members")), incomes=incomes, expenses=expenses,
                   total_income=total_income, total_expenses=total_expenses,
                   per_capita=total_income // members)
    _apply_evaluation(result, assessment, form)
    return result


def _apply_evaluation(result: Facts, assessment: Assessment, form: Any) -> None:
    try:
        from ..domain import forms  # the forms engine; optional so reports work while it is absent
    except ImportError:
        return
    try:
        definition = form if form is not None else forms.default_form()
        evaluation = forms.evaluate(definition, assessment.answers or {}, lang="en")
    except Exception:  # noqa: BLE001 - a form the engine cannot read must not stop a report
        return
    computed = getattr(evaluation, "computed", {}) or {}
    for key, attr in (("total_income", "total_income"), ("total_expenses", "total_expenses"),
                      ("per_capita_income", "per_capita")):
        value = computed.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            setattr(result, attr, int(round(value)))
    ratio = computed.get("dependency_ratio")
    if isinstance(ratio, int | float) and not isinstance(ratio, bool):
        result.dependency_ratio = float(ratio)
    verdict = getattr(evaluation, "eligibility", None)
    if verdict is None:
        return
    eligible = verdict.get("eligible") if isinstance(verdict, dict) else getattr(verdict, "eligible", None)
    reasons = verdict.get("reasons") if isinstance(verdict, dict) else getattr(verdict, "reasons", None)
    score = verdict.get("score") if isinstance(verdict, dict) else getattr(verdict, "score", None)
    result.eligible = None if eligible is None else bool(eligible)
    result.reasons = [r for r in (reasons or []) if isinstance(r, dict)]
    if isinstance(score, int | float) and not isinstance(score, bool):
        with contextlib.suppress(ValueError, OverflowError):
            result.score = float(score)
