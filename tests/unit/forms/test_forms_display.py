"""Helpers for the editor and reports: labels by language, section order, value formatting."""

from __future__ import annotations

import pytest

from fieldapp.domain.forms import default_form, evaluate, format_value

from .helpers import household


def test_lookups_for_the_editor() -> None:
    form = default_form()
    assert form.section_order()[0] == "identity" and form.section_order()[-1] == "summary"
    assert form.section_of("amount") == "income" and form.fields["amount"].parent == "income_sources"
    assert form.fields["amount"].path == "income_sources/amount"
    assert form.label("has_dialysis", "en") == "Does anyone in the family need dialysis?"
    assert form.choice_label("categories", "prisoner_family", "ar") == "أسرة سجين"
    assert form.choice_label("rec_aid_type", "in_kind", "en") == "In-kind aid"
    assert form.field_type("members") == "repeat" and form.fields["total_income"].kind == "money"
    assert form.eligibility_field == "eligibility"
    assert form.title_text("ar") == "استمارة البحث الاجتماعي"


@pytest.mark.parametrize(("field_id", "value", "lang", "text"), [
    ("total_income", 180000, "en", "1,800 SAR"),
    ("rec_amount", 123450, "ar", "1,234.50 ر.س"),
    ("has_dialysis", True, "ar", "نعم"),
    ("needs_transport", False, "en", "No"),
    ("city", "dubai", "ar", "دبي"),
    ("categories", ["widow", "orphans"], "ar", "أرملة، أيتام"),
    ("categories", ["widow", "orphans"], "en", "Widow, Orphans"),
    ("dependency_ratio", 1.5, "en", "1.5"),
    ("rooms", 3, "en", "3"),
    ("head_name", "فاطمة", "en", "فاطمة"),
    ("observations", None, "ar", ""),
    ("members", [{}, {}], "en", "2"),
])
def test_format_value(field_id: str, value: object, lang: str, text: str) -> None:
    assert format_value(default_form(), field_id, value, lang) == text


def test_format_value_of_eligibility_and_currency() -> None:
    ev = evaluate(default_form(), household(city="dubai"), lang="en")
    shown = format_value(default_form(), "eligibility", ev.computed["eligibility"], "en", ev.currency)
    assert shown.startswith("Eligible: per-capita income 450 AED")
    assert format_value(default_form(), "total_income", 5000, "en", "AED") == "50 AED"


@pytest.mark.parametrize("value", [float("inf"), float("nan"), ["widow"], {"a": 1}, "text", True])
def test_format_value_shows_odd_stored_values_without_failing(value: object) -> None:
    for field_id in ("dependency_ratio", "total_income", "rooms", "categories", "city", "has_dialysis", "eligibility"):
        assert isinstance(format_value(default_form(), field_id, value, "ar"), str)
