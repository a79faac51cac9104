"""Every function and operator of docs/FORMS.md, through the checker and the evaluator, on one small form."""

from __future__ import annotations

from typing import Any

import pytest

from fieldapp.domain.forms import check_definition, evaluate, load_form

from .helpers import field, label, tiny_form

CHOICES = [{"value": v, "label": label(v)} for v in ("widow", "orphans", "elderly")]
FIELDS = [
    field("a", "money"), field("b", "money"), field("n", "integer"), field("name", "text"),
    field("born", "date"), field("visit", "date"), field("sick", "yes_no"),
    field("kind", "select_one", choices=CHOICES), field("cats", "select_many", choices=CHOICES),
    field("rows", "repeat", fields=[field("amount", "money"), field("age", "integer"), field("rel", "text")]),
]
ANSWERS: dict[str, Any] = {
    "a": 500, "b": 700, "n": 7, "name": "فاطمة", "born": "2010-05-20", "visit": "2026-03-10", "sick": True,
    "kind": "widow", "cats": ["widow", "orphans"],
    "rows": [{"amount": 100, "age": 10, "rel": "son"}, {"amount": 250, "age": 70, "rel": "mother"}, {"age": 30}],
}

CASES: list[tuple[str, str, Any]] = [
    ("${a} + ${b} * 2", "number", 1900),
    ("(${a} + ${b}) / 3", "decimal", 400),
    ("${n} // 2 + ${n} % 2", "integer", 4),
    ("-${a} + +${b}", "integer", 200),
    ("${a} + ${missing_one}", "integer", 500),
    ("${a} / 0", "decimal", None),
    ("sum(${amount})", "money", 350),
    ("max(${amount})", "money", 250),
    ("min(${amount})", "money", 100),
    ("avg(${amount})", "money", 175),
    ("count(${rows})", "integer", 3),
    ("count(${amount})", "integer", 2),
    ("count(${rows}, ${age} >= 65 or ${age} < 15)", "integer", 2),
    ("sum(${rows}, ${amount} * 2)", "money", 700),
    ("max(${rows}, ${age})", "integer", 70),
    ("max(${a}, ${b})", "money", 700),
    ("min(${a}, ${b}, ${n})", "integer", 7),
    ("sum(${a}, ${b})", "money", 1200),
    ("round(${a} / 3)", "integer", 167),
    ("round(${b} / 3, 1)", "decimal", 233.3),
    ("abs(${a} - ${b})", "integer", 200),
    ("selected(${cats}, 'orphans')", "yes_no", True),
    ("any_selected(${cats}, ['elderly'])", "yes_no", False),
    ("count_selected(${cats})", "integer", 2),
    ("age(${born}, ${visit})", "integer", 15),
    ("days_between('2026-03-01', ${visit})", "integer", 9),
    ("length(${name})", "integer", 5),
    ("regex(${name}, '^[\u0600-\u06ff]+$')", "yes_no", True),
    ("coalesce(${missing_one}, ${b})", "integer", 700),
    ("${kind} in ['widow', 'orphans']", "yes_no", True),
    ("${kind} not in ['widow']", "yes_no", False),
    ("${sick} and not ${missing_one}", "yes_no", True),
    ("${missing_one} == null", "yes_no", True),
    ("'big' if ${a} > 100 else 'small'", "text", "big"),
    ("${born} < ${visit}", "yes_no", True),
    ("${name} + ' ' + 'x'", "text", "فاطمة x"),
]


def form_with(expression: str, value_type: str) -> dict[str, Any]:
    fields = [dict(f) for f in FIELDS]
    if "${missing_one}" in expression:
        fields.append(field("missing_one", "integer"))
    fields.append(field("result", "computed", expression=expression, value_type=value_type))
    return tiny_form(*fields)


@pytest.mark.parametrize(("expression", "value_type", "expected"), CASES, ids=[c[0] for c in CASES])
def test_documented_functions_check_and_evaluate(expression: str, value_type: str, expected: Any) -> None:
    raw = form_with(expression, value_type)
    assert check_definition(raw) == []
    assert evaluate(load_form(raw), ANSWERS).computed["result"] == expected


@pytest.mark.parametrize("expression", [
    "sum(${cats})", "count(${a}) + ${name}", "selected(${a}, 'x')", "age(${a}, ${visit})", "round(${name})",
    "regex(${name}, ${name})", "sum(${rows}, ${rel})", "length(${a})", "${sick} > 1", "${kind} == 'nobody'",
    "${amount} + 1", "any_selected(${cats}, ['widow', 'nobody'])", "abs(1, 2)",
])
def test_misuse_is_reported(expression: str) -> None:
    problems = check_definition(form_with(expression, "number"))
    assert problems and all(p.path == "sections[0].fields[10].expression" for p in problems), problems


@pytest.mark.parametrize(("expression", "code"), [
    ("$a + 1", "form.expr.bad_reference"), ("${a + 1", "form.expr.bad_reference"), ("${} + 1", "form.expr.bad_reference"),
    ("${a} +", "form.expr.syntax"), ("", "form.schema"),
])
def test_malformed_expressions(expression: str, code: str) -> None:
    assert code in {p.code for p in check_definition(form_with(expression, "number"))}
