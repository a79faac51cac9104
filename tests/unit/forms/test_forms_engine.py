"""evaluate() on the default form over realistic households: skip logic, checks, totals, eligibility."""

from __future__ import annotations

import copy

import pytest

from fieldapp.domain.forms import default_form, evaluate, load_form

from .helpers import field, household, tiny_form


def test_a_complete_household_is_valid_and_complete_everywhere() -> None:
    ev = evaluate(default_form(), household(), lang="en")
    assert ev.valid, (ev.missing, ev.errors)
    assert set(ev.section_status.values()) == {"complete"}
    assert ev.section_status.keys() == set(default_form().section_order())
    assert {"members[2].member_name", "income_sources[1].amount", "dialysis_sessions_per_week"} <= ev.relevant


def test_computed_totals_per_capita_and_dependency_ratio() -> None:
    ev = evaluate(default_form(), household(), lang="en")
    assert ev.computed["total_income"] == 180000                 # 1,200 + 600 SAR in halalas
    assert ev.computed["total_expenses"] == 280000               # rent + food + utilities
    assert ev.computed["per_capita_income"] == 45000             # 1,800 SAR over 4 people (head included)
    # two children under 15 at the visit date; the head and the 21-year-old are not dependants
    assert ev.computed["dependency_ratio"] == 1


def test_per_capita_income_rounds_half_up_in_halalas() -> None:
    answers = household(income_sources=[{"source": "salary", "amount": 100001}],
                        members=household()["members"][:1] + [{"member_name": "x", "relation": "son", "sex": "male",
                                                               "birth_date": "2010-01-01"}])
    ev = evaluate(default_form(), answers)
    assert ev.computed["per_capita_income"] == 33334             # 100001 / 3 = 33333.67 → 33334


def test_dependency_ratio_is_blank_when_nobody_is_of_working_age() -> None:
    answers = household(members=[])
    answers["members"] = []
    ev = evaluate(default_form(), answers)
    assert ev.computed["dependency_ratio"] == 0                  # the head alone: no dependants
    old = household(members=[{"member_name": "x", "relation": "mother", "sex": "female", "birth_date": "1950-01-01"}])
    assert evaluate(default_form(), old).computed["dependency_ratio"] == 1


def test_skip_logic_hides_dialysis_questions_but_keeps_the_answers() -> None:
    answers = household(has_dialysis=False)
    before = copy.deepcopy(answers)
    ev = evaluate(default_form(), answers)
    assert "dialysis_sessions_per_week" not in ev.relevant and "hospital" not in ev.relevant
    assert "dialysis_sessions_per_week" not in ev.missing
    assert answers == before                                     # nothing typed is lost
    assert all(r["rule"] != "dialysis" for r in ev.eligibility.reasons)
    answers["has_dialysis"] = True
    del answers["dialysis_sessions_per_week"]
    assert "dialysis_sessions_per_week" in evaluate(default_form(), answers).missing


def test_irrelevant_rent_is_kept_but_left_out_of_the_total() -> None:
    ev = evaluate(default_form(), household(housing_type="owned"))
    assert "exp_rent" not in ev.relevant
    assert ev.computed["total_expenses"] == 130000               # food + utilities only; the rent is still stored


def test_irrelevant_repeat_cells_are_left_out_of_sums() -> None:
    form = load_form(tiny_form(
        field("rows", "repeat", fields=[field("kind", "text"), field("amount", "money", relevant="${kind} != 'gift'")]),
        field("total", "computed", expression="sum(${amount})", value_type="money"),
        field("gifts", "computed", expression="count(${rows}, ${kind} == 'gift')", value_type="integer")))
    rows = [{"kind": "salary", "amount": 500}, {"kind": "gift", "amount": 900}, {"kind": "pension", "amount": 250}]
    ev = evaluate(form, {"rows": rows})
    assert ev.computed == {"total": 750, "gifts": 1}
    assert "rows[1].amount" not in ev.relevant and "rows[0].amount" in ev.relevant


def test_constraints_fail_with_the_message_in_the_users_language() -> None:
    answers = household(debts=[{"creditor": "بقالة", "debt_amount": 10000, "monthly_installment": 50000}])
    ar = evaluate(default_form(), answers, lang="ar")
    en = evaluate(default_form(), answers, lang="en")
    assert ar.errors["debts[0].monthly_installment"] == "القسط الشهري أكبر من مبلغ الدين"
    assert en.errors["debts[0].monthly_installment"] == "The monthly instalment is larger than the debt"
    assert not en.valid and en.section_status["debts_section"] == "error"


def test_row_constraints_see_their_own_row_and_the_top_level() -> None:
    members = household()["members"]
    members[1]["birth_date"] = "2027-01-01"                       # after the visit date
    ev = evaluate(default_form(), household(members=members), lang="en")
    assert set(ev.errors) == {"members[1].birth_date"}
    assert ev.errors["members[1].birth_date"] == "The birth date is after the visit date"


@pytest.mark.parametrize(("answer", "path"), [
    ({"rooms": 0}, "rooms"), ({"rooms": 2.5}, "rooms"), ({"national_id": "3012345678"}, "national_id"),
    ({"national_id": "12345"}, "national_id"), ({"phone": "call me"}, "phone"), ({"city": "riyadh"}, "city"),
    ({"categories": ["widow", "rich"]}, "categories"), ({"visit_date": "2026-02-30"}, "visit_date"),
    ({"exp_food": -5}, "exp_food"), ({"exp_food": "12.50"}, "exp_food"), ({"has_dialysis": "maybe"}, "has_dialysis"),
    ({"head_name": "علي"}, "head_name"), ({"members": "three"}, "members"),
])
def test_answers_that_do_not_fit_are_errors(answer: dict[str, object], path: str) -> None:
    ev = evaluate(default_form(), household(**answer), lang="en")
    assert path in ev.errors, ev.errors
    assert not ev.valid


def test_arabic_digits_and_emirates_ids_are_accepted() -> None:
    ev = evaluate(default_form(), household(national_id="١٠١٢٣٤٥٦٧٢", phone="+966 55 123 4567", rooms="٣"))
    assert ev.valid, ev.errors
    assert evaluate(default_form(), household(city="dubai", national_id="784-1987-1234567-1")).valid


def test_missing_required_answers_and_rows() -> None:
    answers = household()
    del answers["head_name"]
    answers["members"][1].pop("sex")
    answers["income_sources"].append({"source": "salary"})
    ev = evaluate(default_form(), answers, lang="en")
    assert ev.missing == ["head_name", "members[1].sex", "income_sources[2].amount"]
    assert ev.section_status["identity"] == "incomplete" and ev.section_status["members_section"] == "incomplete"
    assert ev.section_status["housing"] == "complete"


def test_an_empty_form_is_missing_its_required_fields_only() -> None:
    ev = evaluate(default_form(), {}, lang="en")
    assert "head_name" in ev.missing and "address" not in ev.missing
    assert "dialysis_sessions_per_week" not in ev.missing         # irrelevant until dialysis is answered yes
    assert ev.errors == {}


def test_eligibility_reasons_in_both_languages() -> None:
    ev = evaluate(default_form(), household(), lang="ar")
    assert ev.eligibility is not None and ev.eligibility.eligible
    by_rule = {r["rule"]: r for r in ev.eligibility.reasons}
    assert by_rule["low_per_capita_income"]["en"] == "per-capita income 450 SAR is below the threshold of 700 SAR"
    assert by_rule["low_per_capita_income"]["ar"] == "دخل الفرد 450 ريال أقل من الحد 700 ريال"
    assert by_rule["dialysis"]["en"] == "dialysis three times a week"
    assert by_rule["dialysis"]["ar"] == "غسيل كلوي ثلاث مرات في الأسبوع"
    assert "أرملة" in by_rule["priority_category"]["ar"]
    assert ev.computed["eligibility"]["eligible"] is True
    assert ev.eligibility.score == sum(r["weight"] for r in default_form().eligibility_rules["rules"]
                                       if r["id"] in by_rule)


def test_a_family_above_the_ceiling_is_not_eligible_and_told_why() -> None:
    ev = evaluate(default_form(), household(income_sources=[{"source": "salary", "amount": 1200000}]), lang="en")
    assert ev.eligibility is not None and not ev.eligibility.eligible and ev.eligibility.disqualified
    assert "per-capita income 3,000 SAR is above the ceiling of 2,500 SAR" in ev.eligibility.reason_texts("en")


def test_a_family_between_the_thresholds_falls_short_of_the_score() -> None:
    answers = household(income_sources=[{"source": "salary", "amount": 400000}], has_dialysis=False,
                        categories=["low_income"], exp_rent=0)
    ev = evaluate(default_form(), answers, lang="en")
    assert ev.eligibility is not None and not ev.eligibility.eligible and not ev.eligibility.disqualified
    assert ev.eligibility.reason_texts("en")[-1] == "a score of 0 is below the minimum of 40"


def test_dubai_households_use_dirhams_and_their_own_thresholds() -> None:
    answers = household(city="dubai", income_sources=[{"source": "salary", "amount": 480000}])
    ev = evaluate(default_form(), answers, lang="ar")
    assert ev.currency == "AED"
    assert "دخل الفرد 1,200 درهم أقل من الحد 1,500 درهم" in ev.eligibility.reason_texts("ar")


def test_irrelevant_computed_values_are_blank() -> None:
    form = load_form(tiny_form(field("on", "yes_no"),
                               field("double", "computed", expression="${n} * 2", relevant="${on}"),
                               field("n", "integer")))
    assert evaluate(form, {"on": False, "n": 4}).computed == {"double": None}
    assert evaluate(form, {"on": True, "n": 4}).computed == {"double": 8}


def test_section_skip_logic_hides_every_field_of_the_section() -> None:
    raw = tiny_form(field("kids", "integer", required=True))
    raw["sections"].append({"id": "school", "label": {"ar": "م", "en": "s"}, "relevant": "${kids} > 0",
                            "fields": [field("school_name", "text", required=True)]})
    form = load_form(raw)
    assert "school_name" not in evaluate(form, {"kids": 0}).missing
    assert evaluate(form, {"kids": 2}).missing == ["school_name"]


def test_evaluate_accepts_the_json_definition_and_an_answers_mess() -> None:
    ev = evaluate(default_form().raw, {"members": [1, 2], "income_sources": [{"amount": "x"}], "rooms": None})
    assert "members" in ev.errors and ev.computed["total_income"] == 0


@pytest.mark.parametrize("amount", [10**15, "9" * 30, "1" * 5000, 1e300])
def test_absurd_numbers_are_errors_not_crashes(amount: object) -> None:
    ev = evaluate(default_form(), household(income_sources=[{"source": "salary", "amount": amount}]), lang="en")
    assert "income_sources[0].amount" in ev.errors and ev.computed["total_income"] == 0


def test_decimal_results_that_overflow_a_float_are_blank() -> None:
    form = load_form(tiny_form(field("n", "decimal"), field("third", "computed", expression="${n} / 3 * ${n} * ${n}",
                                                            value_type="decimal")))
    assert evaluate(form, {"n": 10**14}).computed["third"] is not None
    assert evaluate(form, {"n": "99999999999999.5"}).computed["third"] is not None


@pytest.mark.parametrize(("answer", "value", "error"), [
    (2.5, 2.5, None), ("٢٫٥".replace("٫", "."), 2.5, None), (float("inf"), None, "form.value.decimal"),
    (float("nan"), None, "form.value.decimal"), (1e16, None, "form.value.too_large"), ("x", None, "form.value.decimal"),
])
def test_decimal_answers(answer: object, value: object, error: str | None) -> None:
    from fieldapp.domain.forms.values import read_answer

    got, code = read_answer(load_form(tiny_form(field("d", "decimal"))).fields["d"], answer)
    assert (got, code) == (value, error)


def test_computed_fields_inside_rows_and_row_aggregates() -> None:
    form = load_form(tiny_form(
        field("debts", "repeat", fields=[field("owed", "money"), field("months", "integer", min=1),
                                         field("monthly", "computed", expression="${owed} / ${months}",
                                               value_type="money")]),
        field("monthly_total", "computed", expression="sum(${monthly})", value_type="money"),
        field("biggest", "computed", expression="max(${debts}, ${owed} - ${monthly})", value_type="money"),
        field("long_ones", "computed", expression="count(${debts}, ${months} >= 12)", value_type="integer")))
    ev = evaluate(form, {"debts": [{"owed": 120000, "months": 12}, {"owed": 1000, "months": 3},
                                   {"owed": 5000}]})
    assert ev.computed["debts[0].monthly"] == 10000 and ev.computed["debts[1].monthly"] == 333
    assert ev.computed["debts[2].monthly"] is None                 # no months: division by blank is blank
    assert ev.computed["monthly_total"] == 10333 and ev.computed["biggest"] == 110000
    assert ev.computed["long_ones"] == 1


def test_only_complete_valid_answers_are_submittable() -> None:
    from fieldapp.domain.errors import TransitionRefused
    from fieldapp.domain.forms import ensure_submittable

    assert ensure_submittable(default_form(), household()).valid
    answers = household(rooms=0)
    del answers["phone"]
    with pytest.raises(TransitionRefused) as caught:
        ensure_submittable(default_form(), answers)
    assert caught.value.code == "workflow.invalid_form" and caught.value.params == {"count": 2}


def test_totals_add_up_what_each_row_shows() -> None:
    form = load_form(tiny_form(
        field("rows", "repeat", fields=[field("half", "computed", expression="1 / 2", value_type="money")]),
        field("total", "computed", expression="sum(${half})", value_type="money")))
    ev = evaluate(form, {"rows": [{}, {}, {}]})
    assert [ev.computed[f"rows[{i}].half"] for i in range(3)] == [1, 1, 1]
    assert ev.computed["total"] == 3                               # not round(1.5): the rows as shown


def test_two_argument_aggregates_over_plain_values() -> None:
    form = load_form(tiny_form(
        field("a", "money"), field("b", "money"),
        field("bigger", "computed", expression="max(${a}, ${b})", value_type="money"),
        field("both", "computed", expression="sum(${a}, ${b})", value_type="money"),
        field("answered", "computed", expression="count(${a}, ${b})", value_type="integer")))
    assert evaluate(form, {"a": 500, "b": 700}).computed == {"bigger": 700, "both": 1200, "answered": 2}
    assert evaluate(form, {"a": 500}).computed == {"bigger": 500, "both": 500, "answered": 1}


def test_a_repeat_constraint_sees_its_rows() -> None:
    form = load_form(tiny_form(
        field("kids", "integer"),
        field("rows", "repeat", fields=[field("rel", "text")],
              constraint="value == ${kids} and count(${rows}, ${rel} == 'son') <= value",
              constraint_message={"ar": "عدد الصفوف لا يطابق عدد الأبناء", "en": "Rows do not match the children"})))
    assert evaluate(form, {"kids": 2, "rows": [{"rel": "son"}, {"rel": "daughter"}]}).errors == {}
    assert evaluate(form, {"kids": 3, "rows": [{"rel": "son"}]}, lang="en").errors == {
        "rows": "Rows do not match the children"}
