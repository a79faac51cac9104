"""The default form and the checker: schema, field ids of the contract, every kind of definition error."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from fieldapp.domain.errors import FormError
from fieldapp.domain.forms import check_definition, default_form, load_form
from fieldapp.domain.forms.checker import form_schema
from fieldapp.paths import resource_path

from .helpers import field, label, tiny_form

CONTRACT_IDS = {
    "head_name", "head_name_latin", "national_id", "phone", "city", "district", "address", "nationality",
    "marital_status", "visit_date", "categories", "members", "member_name", "relation", "sex", "birth_date",
    "member_id_number", "education", "work", "health", "has_disability", "income_sources", "source", "amount",
    "exp_rent", "exp_utilities", "exp_food", "exp_transport", "exp_medical", "exp_school", "housing_type",
    "housing_condition", "rooms", "has_dialysis", "dialysis_sessions_per_week", "hospital", "needs_transport",
    "chronic_conditions", "debts", "creditor", "debt_amount", "monthly_installment", "needs", "observations",
    "rec_aid_type", "rec_amount", "rec_duration_months", "attachments", "total_income", "total_expenses",
    "per_capita_income", "dependency_ratio", "eligibility",
}


def raw_default() -> dict[str, Any]:
    return json.loads(resource_path("forms", "household_assessment.json").read_text(encoding="utf-8"))


def test_default_form_matches_the_schema_and_the_checker() -> None:
    raw = raw_default()
    Draft202012Validator.check_schema(form_schema())
    assert list(Draft202012Validator(form_schema()).iter_errors(raw)) == []
    assert check_definition(raw, rules=default_form().eligibility_rules) == []


def test_default_form_has_exactly_the_contract_fields() -> None:
    form = default_form()
    assert form.form_id == "household_assessment" and form.version == 1
    assert set(form.fields) == CONTRACT_IDS
    assert [f.id for f in form.subfields("income_sources")] == ["source", "amount"]
    assert form.choices("city") == [("jeddah", "جدة", "Jeddah"), ("dubai", "دبي", "Dubai")]
    assert {c[0] for c in form.choices("categories")} == {"widow", "divorced", "prisoner_family", "kidney_patient",
                                                          "low_income", "orphans", "elderly", "disability",
                                                          "domestic_violence"}
    assert [c[0] for c in form.choices("rec_aid_type")] == [c[0] for c in form.choices("needs")]


def test_every_label_hint_and_message_is_bilingual() -> None:
    form = default_form()
    for f in form.fields.values():
        assert f.label["ar"] != f.label["en"], f.id
        assert any("\u0600" <= ch <= "\u06ff" for ch in f.label["ar"]), f.id
        for choice in f.choices:
            assert choice.label["ar"] and choice.label["en"], (f.id, choice.value)
        if f.constraint_message:
            assert f.constraint_message["ar"] != f.constraint_message["en"]


def test_the_resolved_definition_fills_choices_from_for_renderers() -> None:
    form = default_form()
    rec = next(f for s in form.definition["sections"] for f in s["fields"] if f["id"] == "rec_aid_type")
    assert [c["value"] for c in rec["choices"]] == [c[0] for c in form.choices("needs")]
    published = next(f for s in form.raw["sections"] for f in s["fields"] if f["id"] == "rec_aid_type")
    assert "choices" not in published  # the published JSON stays as written


def fld(d: dict[str, Any], section: int, index: int) -> dict[str, Any]:
    return d["sections"][section]["fields"][index]


def problems_after(change: Callable[[dict[str, Any]], Any]) -> list[tuple[str, str, str]]:
    raw = raw_default()
    change(raw)
    return [(p.path, p.code, p.field) for p in check_definition(raw, rules=default_form().eligibility_rules)]


# (change, expected path, expected code, expected field)
CASES: list[tuple[str, Callable[[dict[str, Any]], Any], str, str, str]] = [
    ("duplicate id", lambda d: fld(d, 0, 1).update(id="head_name"), "sections[0].fields[1].id", "form.duplicate_id",
     "head_name"),
    ("duplicate id in a repeat", lambda d: fld(d, 2, 0)["fields"][1].update(id="phone"),
     "sections[2].fields[0].fields[1].id", "form.duplicate_id", "members/phone"),
    ("unknown field", lambda d: fld(d, 5, 2).update(relevant="${nope} > 1"), "sections[5].fields[2].relevant",
     "form.unknown_field", "rooms"),
    ("unknown field in a repeat constraint", lambda d: fld(d, 2, 0)["fields"][1].update(constraint="${relat} != 'son'"),
     "sections[2].fields[0].fields[1].constraint", "form.unknown_field", "members/relation"),
    ("cycle between computed fields", lambda d: fld(d, 3, 1).update(expression="${per_capita_income} * 2"),
     "sections[3].fields[1].expression", "form.cycle", "total_income"),
    ("self-referencing skip logic", lambda d: fld(d, 5, 2).update(relevant="${rooms} > 1"),
     "sections[5].fields[2].relevant", "form.cycle", "rooms"),
    ("text plus number", lambda d: fld(d, 5, 2).update(relevant="${head_name} + 1 > 2"),
     "sections[5].fields[2].relevant", "form.type_error", "rooms"),
    ("yes/no compared with text", lambda d: fld(d, 6, 1).update(relevant="${has_dialysis} == 'yes'"),
     "sections[6].fields[1].relevant", "form.type_error", "dialysis_sessions_per_week"),
    ("computed money from text", lambda d: fld(d, 3, 1).update(expression="${head_name}"),
     "sections[3].fields[1].expression", "form.type_error", "total_income"),
    ("bad choice in skip logic", lambda d: fld(d, 5, 2).update(relevant="${city} == 'riyadh'"),
     "sections[5].fields[2].relevant", "form.bad_choice", "rooms"),
    ("bad choice in a list", lambda d: fld(d, 10, 1).update(relevant="${rec_aid_type} not in ['training', 'x']"),
     "sections[10].fields[1].relevant", "form.bad_choice", "rec_amount"),
    ("bad choice in selected()", lambda d: fld(d, 5, 2).update(relevant="selected(${categories}, 'widows')"),
     "sections[5].fields[2].relevant", "form.bad_choice", "rooms"),
    ("bad choice against value", lambda d: fld(d, 2, 0)["fields"][1].update(constraint="value != 'sonn'"),
     "sections[2].fields[0].fields[1].constraint", "form.bad_choice", "members/relation"),
    ("duplicate choice", lambda d: fld(d, 0, 4)["choices"].append({"value": "dubai", "label": label("x")}),
     "sections[0].fields[4].choices[2].value", "form.duplicate_choice", "city"),
    ("repeat field outside its repeat", lambda d: fld(d, 3, 1).update(expression="${amount} * 2"),
     "sections[3].fields[1].expression", "form.needs_aggregate", "total_income"),
    ("syntax error", lambda d: fld(d, 2, 0)["fields"][3].update(constraint="value <= "),
     "sections[2].fields[0].fields[3].constraint", "form.expr.syntax", "members/birth_date"),
    ("unknown function", lambda d: fld(d, 5, 2).update(relevant="open('x')"), "sections[5].fields[2].relevant",
     "form.unknown_function", "rooms"),
    ("attribute access", lambda d: fld(d, 5, 2).update(relevant="${city}.upper()"), "sections[5].fields[2].relevant",
     "form.expr.forbidden", "rooms"),
    ("min above max", lambda d: fld(d, 5, 2).update(min=10, max=1), "sections[5].fields[2].min", "form.bad_range",
     "rooms"),
    ("select without choices", lambda d: fld(d, 1, 0).pop("choices"), "sections[1].fields[0].choices",
     "form.no_choices", "categories"),
    ("nested repeat", lambda d: fld(d, 2, 0)["fields"].append(
        {"id": "inner", "type": "repeat", "label": label("x"), "fields": [{"id": "z", "type": "text", "label": label("z")}]}),
     "sections[2].fields[0].fields[9]", "form.nested_repeat", "members/inner"),
    ("unknown type", lambda d: fld(d, 0, 0).update(type="bogus"), "sections[0].fields[0].type", "form.schema", ""),
    ("label without Arabic", lambda d: fld(d, 0, 0).update(label={"en": "Name"}), "sections[0].fields[0].label",
     "form.schema", ""),
    ("no version", lambda d: d.pop("version"), "$", "form.schema", ""),
]


@pytest.mark.parametrize(("name", "change", "path", "code", "owner"), CASES, ids=[c[0] for c in CASES])
def test_each_definition_error_is_reported_with_its_path(name: str, change: Callable[[dict[str, Any]], Any],
                                                         path: str, code: str, owner: str) -> None:
    found = problems_after(change)
    assert (path, code, owner) in found, found


def test_problems_have_messages_in_both_languages() -> None:
    raw = raw_default()
    fld(raw, 5, 2)["relevant"] = "${city} == 'riyadh'"
    (found,) = check_definition(raw, rules=default_form().eligibility_rules)
    assert "riyadh" in found.text("en") and "riyadh" in found.text("ar")
    assert found.text("ar") != found.text("en")
    assert str(found).startswith("sections[5].fields[2].relevant: ")


def test_load_form_refuses_a_broken_definition_in_one_line() -> None:
    raw = raw_default()
    fld(raw, 0, 1)["id"] = "head_name"
    with pytest.raises(FormError) as caught:
        load_form(raw)
    assert caught.value.code == "form.invalid"
    assert "sections[0].fields[1].id" in caught.value.message("en")
    assert "\n" not in caught.value.message("en")


def test_eligibility_rules_are_checked() -> None:
    rules = copy.deepcopy(default_form().eligibility_rules)
    rules["rules"][0]["when"] = "${per_capita_incme} < per_capita_income_max"
    rules["rules"][1]["when"] = "${has_dialysis} and ${dialysis_sessions_per_week} >= dialysis_min"
    rules["rules"][2]["reason"]["en"] = "priority {nothing_here}"
    found = {(p.path, p.code) for p in check_definition(raw_default(), rules=rules)}
    assert ("eligibility.rules[0].when", "form.unknown_field") in found
    assert ("eligibility.rules[1].when", "form.unknown_name") in found
    assert ("eligibility.rules[2].reason.en", "form.unknown_name") in found


def test_an_eligibility_field_without_rules_is_a_problem() -> None:
    raw = raw_default()
    raw.pop("eligibility")
    assert any(p.code == "form.bad_eligibility" for p in check_definition(raw))


def test_small_valid_forms_pass_and_every_field_type_is_accepted() -> None:
    kinds = [field("t", "text"), field("lt", "long_text"), field("i", "integer", min=0, max=5),
             field("d", "decimal"), field("m", "money"), field("dt", "date"), field("yn", "yes_no"),
             field("s1", "select_one", choices=[{"value": "a", "label": label("a")}]),
             field("sm", "select_many", choices_from="s1"), field("p", "phone"), field("n", "national_id"),
             field("r", "repeat", fields=[field("x", "integer")]), field("att", "attachment"),
             field("c", "computed", expression="sum(${x}) + ${i}", value_type="integer"), field("note1", "note")]
    assert check_definition(tiny_form(*kinds)) == []
    form = load_form(tiny_form(*kinds))
    assert form.field_type("note1") == "note" and form.choices("sm") == [("a", "a", "a")]


def test_a_published_definition_alone_finds_the_bundled_rules() -> None:
    assert check_definition(raw_default()) == []                 # what the server checks on `forms publish`


def test_a_repeat_path_must_name_the_right_repeat() -> None:
    raw = raw_default()
    fld(raw, 3, 1)["expression"] = "sum(${income_sources/amount})"
    assert check_definition(raw) == []
    fld(raw, 3, 1)["expression"] = "sum(${members/amount})"
    assert [(p.path, p.code) for p in check_definition(raw)] == [("sections[3].fields[1].expression",
                                                                  "form.unknown_field")]


def test_loading_the_same_content_twice_reuses_the_checked_form() -> None:
    assert load_form(raw_default()) is load_form(raw_default())
    changed = raw_default()
    changed["version"] = 2
    assert load_form(changed).version == 2


def test_currency_by_names_a_real_field_and_its_choices() -> None:
    raw = raw_default()
    raw["currency_by"] = {"field": "city", "map": {"jeddah": "SAR", "abu_dhabi": "AED"}}
    assert [(p.path, p.code) for p in check_definition(raw)] == [("currency_by.map.abu_dhabi", "form.bad_choice")]
    raw["currency_by"] = {"field": "town", "map": {}}
    assert [(p.path, p.code) for p in check_definition(raw)] == [("currency_by.field", "form.unknown_field")]


def test_long_dependency_chains_are_refused_before_they_exhaust_the_stack() -> None:
    def chain(n: int) -> dict[str, Any]:
        fields = [field("f0", "integer")] + [field(f"f{i}", "computed", expression=f"${{f{i - 1}}} + 1",
                                                   value_type="integer") for i in range(1, n)]
        return tiny_form(*reversed(fields))

    assert check_definition(chain(50)) == []
    assert [(p.path, p.code) for p in check_definition(chain(51))] == [("sections[0].fields[0]", "form.too_deep")]
    from fieldapp.domain.forms import evaluate

    assert evaluate(load_form(chain(50)), {"f0": 1}).computed["f49"] == 50


def test_a_loaded_form_does_not_change_when_the_callers_dict_does() -> None:
    raw = raw_default()
    form = load_form(raw)
    raw["sections"][0]["fields"][0]["label"]["en"] = "changed"
    assert form.label("head_name", "en") == "Head of household's name"
    assert form.raw["sections"][0]["fields"][0]["label"]["en"] == "Head of household's name"


@pytest.mark.parametrize(("key", "junk"), [("profiles", []), ("profiles", {"dubai": 3}), ("thresholds", [1]),
                                           ("priority_categories", "widow"), ("times", {"ar": 1}),
                                           ("below_min_score", "x")])
def test_damaged_eligibility_files_are_reported_not_crashing(key: str, junk: Any) -> None:
    rules = copy.deepcopy(default_form().eligibility_rules)
    rules[key] = junk
    found = [(p.path, p.code) for p in check_definition(raw_default(), rules=rules)]
    assert (f"eligibility.{key}", "form.bad_eligibility") in found


def test_rule_values_must_be_an_object() -> None:
    rules = copy.deepcopy(default_form().eligibility_rules)
    rules["rules"][6]["values"] = ["sum(${monthly_installment})"]
    found = [(p.path, p.code) for p in check_definition(raw_default(), rules=rules)]
    assert ("eligibility.rules[6].values", "form.bad_eligibility") in found
