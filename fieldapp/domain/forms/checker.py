"""check_definition: every problem of a form definition, each with where it is.

`Problem.path` is the JSON location ("sections[3].fields[2].constraint"), `Problem.field` the field
("members/member_name"). Checked: the JSON Schema (resources/forms/form.schema.json), duplicate ids
and choice values, select fields without choices, min > max, nested repeats, every expression (syntax,
unknown fields and names, repeat fields used outside their repeat without an aggregate, types, choice
values compared against), cycles among computed values and skip logic, and the eligibility rules.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...paths import resource_path
from .expr import ExprError, compile_expr
from .graph import MAX_CHAIN, find_cycles, longest_chain
from .loading import eligibility_rules
from .messages import text
from .model import FieldDef, SectionDef, build_sections, walk_fields
from .rulescheck import check_rules
from .typecheck import TypeEnv, check_expr

SELECTS = ("select_one", "select_many")
RESULT_TYPES = {"number": ("number",), "integer": ("number",), "decimal": ("number",), "money": ("number",),
                "text": ("text", "date"), "date": ("text", "date"), "yes_no": ("bool",)}


@dataclass(frozen=True)
class Problem:
    path: str
    code: str
    message: str
    field: str = ""
    params: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: str = "en") -> str:
        return text(self.code, lang, **dict(self.params))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def problem(path: str, code: str, field: str = "", **params: Any) -> Problem:
    return Problem(path, code, text(code, "en", **params), field, tuple(sorted(params.items())))


@lru_cache(maxsize=1)
def form_schema() -> dict[str, Any]:
    return json.loads(resource_path("forms", "form.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(form_schema())


def json_path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "$"


def schema_problems(raw: Any) -> list[Problem]:
    try:
        validator = _validator()
    except ImportError:   # a desktop build without jsonschema: the semantic checks below still run in full
        return []
    errors = sorted(validator.iter_errors(raw), key=lambda e: [str(p) for p in e.absolute_path])
    return [problem(json_path(e.absolute_path), "form.schema", detail=e.message[:160]) for e in errors[:50]]


def check_definition(raw: Any, *, rules: dict[str, Any] | None = None) -> list[Problem]:
    """All problems of a definition (an empty list means it may be used).

    `rules` are the eligibility rules when the caller has read them (a file beside the form); by default
    they are the inline ones or the bundled file the form names.
    """
    problems = schema_problems(raw)
    if not isinstance(raw, dict) or not isinstance(raw.get("sections"), list):
        return problems
    try:
        sections = build_sections(raw)
    except (TypeError, ValueError, AttributeError):
        return problems
    fields = walk_fields(sections)
    by_id: dict[str, FieldDef] = {}
    problems += _structure(sections, fields, by_id)
    for f in fields:   # compare against the choices a `choices_from` field will really offer
        if f.choices_from and not f.choices and f.choices_from in by_id:
            f.choices = list(by_id[f.choices_from].choices)
    problems += _expressions(sections, fields, by_id)
    problems += _result_types(fields, by_id)
    problems += _currency_by(raw.get("currency_by"), by_id)
    if rules is None:   # inline rules, or a file name looked up among the bundled resources
        rules = eligibility_rules(raw.get("eligibility"), None)
    problems += check_rules(rules, by_id, problem)
    problems += [problem(where, "form.cycle", owner, cycle=" → ".join(ids))
                 for where, owner, ids in find_cycles(sections, by_id, rules)]
    head, length = longest_chain(sections, by_id, rules)
    if length > MAX_CHAIN:
        problems.append(problem(by_id[head].where, "form.too_deep", by_id[head].path, count=length, max=MAX_CHAIN))
    return problems


def _structure(sections: list[SectionDef], fields: list[FieldDef], by_id: dict[str, FieldDef]) -> list[Problem]:
    found: list[Problem] = []
    seen_sections: dict[str, str] = {}
    for s in sections:
        if s.id in seen_sections:
            found.append(problem(f"{s.where}.id", "form.duplicate_id", id=s.id, other=seen_sections[s.id]))
        seen_sections.setdefault(s.id, s.where)
    for f in fields:
        if f.id in by_id:
            found.append(problem(f"{f.where}.id", "form.duplicate_id", f.path, id=f.id, other=by_id[f.id].where))
            continue
        by_id[f.id] = f
    for f in fields:
        found += _field_shape(f, by_id)
    return found


def _field_shape(f: FieldDef, by_id: dict[str, FieldDef]) -> list[Problem]:
    found: list[Problem] = []
    values: set[str] = set()
    for k, choice in enumerate(f.choices):
        if choice.value in values:
            found.append(problem(f"{f.where}.choices[{k}].value", "form.duplicate_choice", f.path, value=choice.value))
        values.add(choice.value)
    if f.type in SELECTS and not f.choices:
        target = by_id.get(f.choices_from or "")
        if f.choices_from and target is None:
            found.append(problem(f"{f.where}.choices_from", "form.unknown_field", f.path, id=f.choices_from))
        elif f.choices_from and (target is None or target.type not in SELECTS):
            found.append(problem(f"{f.where}.choices_from", "form.type_error", f.path,
                                 detail=f"{f.choices_from} is not a select field"))
        elif not f.choices_from:
            found.append(problem(f"{f.where}.choices", "form.no_choices", f.path))
    if _is_num(f.min) and _is_num(f.max) and f.min > f.max:
        found.append(problem(f"{f.where}.min", "form.bad_range", f.path))
    if f.type == "repeat" and f.parent is not None:
        found.append(problem(f.where, "form.nested_repeat", f.path))
    if f.type == "computed" and f.value_type != "eligibility" and not f.expression:
        found.append(problem(f"{f.where}.expression", "form.missing_expression", f.path))
    return found


def _currency_by(rule: Any, by_id: dict[str, FieldDef]) -> list[Problem]:
    """`currency_by` must name a select field, and map only values that field offers."""
    if not isinstance(rule, dict) or not isinstance(rule.get("field"), str):
        return []
    target = by_id.get(rule["field"])
    if target is None:
        return [problem("currency_by.field", "form.unknown_field", id=rule["field"])]
    mapping = rule.get("map") if isinstance(rule.get("map"), dict) else {}
    return [problem(f"currency_by.map.{value}", "form.bad_choice", target.path, value=value, id=target.id)
            for value in mapping if target.choices and value not in target.choice_values()]


def _is_num(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _sources(sections: list[SectionDef], fields: list[FieldDef]) -> list[tuple[str, str, FieldDef | None, str]]:
    """(expression, JSON path, field, property) of every expression in the form."""
    found = [(s.relevant, f"{s.where}.relevant", None, "relevant") for s in sections if s.relevant]
    for f in fields:
        for prop in ("relevant", "constraint", "expression"):
            source = getattr(f, prop)
            if source:
                found.append((source, f"{f.where}.{prop}", f, prop))
    return found


def _expressions(sections: list[SectionDef], fields: list[FieldDef], by_id: dict[str, FieldDef]) -> list[Problem]:
    found: list[Problem] = []
    for source, where, f, prop in _sources(sections, fields):
        owner = f.path if f else ""
        if not isinstance(source, str):
            continue   # the schema already said so
        try:
            expr = compile_expr(source)
        except ExprError as exc:
            found.append(problem(where, exc.code, owner, detail=exc.detail))
            continue
        env = TypeEnv(by_id, repeat=f.parent if f else None, self_field=f if prop == "constraint" else None)
        found += [problem(where, code, owner, **params) for code, params in check_expr(expr, env)]
    return found


def _result_types(fields: list[FieldDef], by_id: dict[str, FieldDef]) -> list[Problem]:
    """A computed field's expression must give its declared value type (money from numbers, and so on)."""
    from .typecheck import Checker

    found: list[Problem] = []
    for f in fields:
        wanted = RESULT_TYPES.get(f.value_type) if f.type == "computed" else None
        if not wanted or not isinstance(f.expression, str):
            continue
        try:
            expr = compile_expr(f.expression)
        except ExprError:
            continue
        checker = Checker(expr, TypeEnv(by_id, repeat=f.parent))
        result = checker.infer(expr.tree.body, f.parent)
        if result not in wanted + ("any", "none"):
            found.append(problem(f"{f.where}.expression", "form.type_error", f.path,
                                 detail=f"gives {result}, but the field is {f.value_type}"))
    return found

