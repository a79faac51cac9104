"""What changed between two assessments: field by field, with the form's labels, sponsor-safe on demand."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain.changes import (
    SPONSOR_HIDDEN,
    answers_changes,
    assessment_changes,
    changes_since_approved,
    field_catalogue,
    household_changes,
    section_labels,
)
from fieldapp.domain.entities import Assessment, Household

FORM: dict[str, Any] = {
    "form_id": "household_assessment", "version": 1,
    "sections": [
        {"id": "identity", "fields": [
            {"id": "national_id", "type": "national_id", "label": {"ar": "رقم الهوية", "en": "ID number"}},
            {"id": "categories", "type": "select_many", "label": {"ar": "الفئات", "en": "Categories"}}]},
        {"id": "members", "fields": [
            {"id": "members", "type": "repeat", "label": {"ar": "أفراد الأسرة", "en": "Members"}, "fields": [
                {"id": "member_name", "type": "text", "label": {"ar": "الاسم", "en": "Name"}},
                {"id": "work", "type": "text", "label": {"ar": "العمل", "en": "Work"}},
                {"id": "member_id_number", "type": "national_id", "label": {"ar": "الهوية", "en": "ID"}}]}]},
        {"id": "expenses", "fields": [
            {"id": "exp_rent", "type": "money", "label": {"ar": "الإيجار", "en": "Rent"}}]},
    ],
}


def make(answers: dict[str, Any], **kw: Any) -> Assessment:
    return Assessment(household_id="h", form_id="household_assessment", form_version=1, answers=answers, **kw)


def test_scalar_and_select_many_changes_carry_labels_and_order() -> None:
    before = make({"exp_rent": 150000, "categories": ["widow"], "national_id": "1012345672"})
    after = make({"exp_rent": 180000, "categories": ["widow", "orphans"], "national_id": "1012345672",
                  "observations": "new"})
    diffs = assessment_changes(before, after, form=FORM)
    assert [d.path for d in diffs] == ["categories", "exp_rent", "observations"]
    categories, rent, notes = diffs
    assert categories.added == ("orphans",) and categories.removed == () and categories.kind == "changed"
    assert (rent.before, rent.after, rent.type, rent.section) == (150000, 180000, "money", "expenses")
    assert rent.text_label("ar") == "الإيجار" and rent.text_label("en") == "Rent"
    assert notes.kind == "added" and notes.text_label() == "observations"  # unknown to the form: its id


def test_repeat_rows_changed_added_removed() -> None:
    before = make({"members": [{"member_name": "علي", "work": "none"}, {"member_name": "سارة", "work": "x"}]})
    after = make({"members": [{"member_name": "علي", "work": "driver"}]})
    diffs = assessment_changes(before, after, form=FORM)
    assert [(d.path, d.kind) for d in diffs] == [("members[0].work", "changed"), ("members[1]", "removed")]
    assert diffs[0].label == {"ar": "أفراد الأسرة 1 · العمل", "en": "Members 1 · Work"}
    assert diffs[1].before == {"member_name": "سارة", "work": "x"} and diffs[1].after is None


def test_sponsor_exclusion_hides_id_numbers_everywhere() -> None:
    before = make({"national_id": "1012345672", "members": [{"member_name": "a", "member_id_number": "1"}]})
    after = make({"national_id": "1099999995", "members": [{"member_name": "a", "member_id_number": "2"},
                                                          {"member_name": "b", "member_id_number": "3"}]})
    diffs = assessment_changes(before, after, form=FORM, exclude=SPONSOR_HIDDEN)
    assert [d.path for d in diffs] == ["members[1]"]
    assert "member_id_number" not in diffs[0].after
    assert "1099999995" not in repr(diffs)


def test_empty_values_are_not_changes() -> None:
    assert answers_changes({"a": None, "b": []}, {"a": "", "c": {}}, catalogue={}) == []


def test_catalogue_from_a_form_object() -> None:
    class FormDefinition:
        definition = FORM

    catalogue = field_catalogue(FormDefinition())
    assert catalogue["members"].children["work"].label["en"] == "Work"
    assert field_catalogue(None) == {}


answer_values = st.one_of(st.none(), st.integers(-10, 10), st.text(max_size=3),
                          st.lists(st.sampled_from(["widow", "orphans", "elderly"]), max_size=3, unique=True))
answer_dicts = st.dictionaries(st.sampled_from(["exp_rent", "categories", "observations", "rooms"]),
                               answer_values, max_size=4)


@given(answer_dicts, answer_dicts)
def test_changes_are_exactly_the_differing_fields(before: dict[str, Any], after: dict[str, Any]) -> None:
    diffs = answers_changes(before, after, catalogue={})
    empty = (None, "", [], {})
    differing = {k for k in set(before) | set(after)
                 if before.get(k) != after.get(k) and not (before.get(k) in empty and after.get(k) in empty)}
    assert {d.path for d in diffs} == differing
    assert answers_changes(after, after, catalogue={}) == []
    for d in diffs:  # reversing swaps before/after and added/removed
        back = {b.path: b for b in answers_changes(after, before, catalogue={})}[d.path]
        assert (back.before, back.after, back.added, back.removed) == (d.after, d.before, d.removed, d.added)


def test_changes_since_the_last_approved_assessment() -> None:
    old = make({"exp_rent": 1}, status="approved", created_at="2024-01-01T00:00:00Z",
               decided_at="2024-01-05T00:00:00Z")
    older = make({"exp_rent": 5}, status="approved", created_at="2023-01-01T00:00:00Z",
                 decided_at="2023-01-05T00:00:00Z")
    rejected = make({"exp_rent": 9}, status="rejected", created_at="2025-01-01T00:00:00Z")
    current = make({"exp_rent": 2}, status="submitted", created_at="2026-01-01T00:00:00Z")
    baseline, diffs = changes_since_approved([older, old, rejected, current], current, form=FORM)
    assert baseline is old
    assert [(d.before, d.after) for d in diffs] == [(1, 2)]
    assert changes_since_approved([current], current) == (None, [])


def test_household_changes() -> None:
    a = Household(head_name="x", district="النسيم", categories=["widow"], phone="055")
    b = Household(head_name="x", district="الصفا", categories=["widow", "elderly"], phone="056")
    assert [d.path for d in household_changes(a, b)] == ["phone", "district", "categories"]
    assert [d.path for d in household_changes(a, b, exclude=SPONSOR_HIDDEN)] == ["district", "categories"]


def test_choice_labels_and_choices_from() -> None:
    form = {"sections": [
        {"id": "needs_section", "label": {"ar": "الاحتياجات", "en": "Needs"}, "fields": [
            {"id": "needs", "type": "select_many", "label": {"ar": "الاحتياجات", "en": "Needs"},
             "choices": [{"value": "in_kind", "label": {"ar": "مساعدات عينية", "en": "In-kind aid"}}]},
            {"id": "rec_aid_type", "type": "select_one", "label": {"ar": "نوع المساعدة", "en": "Aid"},
             "choices_from": "needs"}]}]}
    catalogue = field_catalogue(form)
    assert catalogue["needs"].choice_label("in_kind", "ar") == "مساعدات عينية"
    assert catalogue["rec_aid_type"].choice_label("in_kind", "en") == "In-kind aid"
    assert catalogue["needs"].choice_label("unknown", "en") == "unknown"
    assert section_labels(form) == {"needs_section": {"ar": "الاحتياجات", "en": "Needs"}}


def test_the_default_form_gives_labels() -> None:
    from fieldapp.domain.changes import default_catalogue

    catalogue = default_catalogue()
    assert catalogue["exp_rent"].type == "money" and catalogue["exp_rent"].label["ar"]
    assert catalogue["members"].children["relation"].choices
