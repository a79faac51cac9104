"""Answers and computed values as text for the editor, summaries and reports."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..money import CURRENCIES, format_minor
from .definition import FormDefinition
from .functions import round_half_up

YES_NO = {True: {"ar": "نعم", "en": "Yes"}, False: {"ar": "لا", "en": "No"}}
ELIGIBLE = {True: {"ar": "مستحق", "en": "Eligible"}, False: {"ar": "غير مستحق", "en": "Not eligible"}}
SEPARATOR = {"ar": "، ", "en": ", "}


def _number(value: Any, decimals: int = 2) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)):
        return str(value)
    rounded = round_half_up(value, decimals)
    if rounded is None:
        return str(value)
    return f"{rounded:,}" if isinstance(rounded, int) else f"{float(rounded):,.{decimals}f}".rstrip("0").rstrip(".")


def format_value(form: FormDefinition, field_id: str, value: Any, lang: str = "ar", currency: str = "SAR") -> str:
    """One value of a field as a person reads it: labels of choices, money with its currency, yes/no."""
    lang = lang if lang in ("ar", "en") else "ar"
    if value is None or value == "" or value == []:
        return ""
    f = form.fields.get(field_id)
    if f is None:
        return str(value)
    kind = f.kind
    if kind == "money" and isinstance(value, int) and not isinstance(value, bool):
        return format_minor(value, currency if currency in CURRENCIES else "SAR", lang)
    if kind in ("integer", "decimal", "number"):
        return _number(value, f.decimals if kind != "integer" else 0)
    if kind == "yes_no":
        return YES_NO[bool(value)][lang] if isinstance(value, bool) else str(value)
    if kind == "select_one":
        return f.choice_label(value, lang)
    if kind == "select_many":
        items = value if isinstance(value, list) else [value]
        return SEPARATOR[lang].join(f.choice_label(v, lang) for v in items)
    if kind == "eligibility" and isinstance(value, dict):
        verdict = ELIGIBLE[bool(value.get("eligible"))][lang]
        reasons = [r.get(lang) or r.get("en", "") for r in value.get("reasons") or [] if isinstance(r, dict)]
        return verdict + (": " + SEPARATOR[lang].join(reasons) if reasons else "")
    if kind == "repeat" and isinstance(value, list):
        return str(len(value))
    if kind == "attachment" and isinstance(value, list):
        return str(len(value))
    return str(value)
