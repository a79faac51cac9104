"""Checks of the eligibility rules (eligibility.json or inline): shape, expressions, reason templates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .eligibility import PLACEHOLDER
from .expr import ExprError, compile_expr
from .model import FieldDef
from .typecheck import TypeEnv, check_expr

FORMATS = {None, "money", "times", "labels"}


def _threshold_type(value: Any) -> str:
    if isinstance(value, list):
        return "list:text"
    if isinstance(value, bool):
        return "bool"
    return "number" if isinstance(value, (int, float)) else "text"


def check_rules(rules: Any, by_id: dict[str, FieldDef], problem: Callable[..., Any]) -> list[Any]:
    wants = next((f for f in by_id.values() if f.type == "computed" and f.value_type == "eligibility"), None)
    if rules is None:
        return [problem(wants.where, "form.bad_eligibility", wants.path, detail="no rules found")] if wants else []
    if not isinstance(rules, dict) or not isinstance(rules.get("rules"), list):
        return [problem("eligibility", "form.bad_eligibility", detail="a JSON object with a list of rules")]
    shape = _shape(rules)
    if shape:
        return [problem(f"eligibility.{key}", "form.bad_eligibility", detail=detail) for key, detail in shape]
    names: dict[str, str] = {}
    for source in [rules.get("thresholds") or {}] + [p.get("thresholds") or {} for p in
                                                     (rules.get("profiles") or {}).values() if isinstance(p, dict)]:
        names.update({k: _threshold_type(v) for k, v in source.items()} if isinstance(source, dict) else {})
    names.update(priority_categories="list:text", min_score="number", score="number")
    found: list[Any] = []
    if not isinstance(rules.get("min_score", 0), int):
        found.append(problem("eligibility.min_score", "form.bad_eligibility", detail="min_score is a whole number"))
    for i, rule in enumerate(rules["rules"]):
        where = f"eligibility.rules[{i}]"
        if not isinstance(rule, dict) or not isinstance(rule.get("when"), str):
            found.append(problem(where, "form.bad_eligibility", detail="each rule needs a \"when\" expression"))
            continue
        if not rule.get("disqualify") and not isinstance(rule.get("weight", 0), int):
            found.append(problem(f"{where}.weight", "form.bad_eligibility", detail="weight is a whole number"))
        values = rule.get("values", {})
        if not isinstance(values, dict):
            found.append(problem(f"{where}.values", "form.bad_eligibility", detail="values is an object"))
            values = {}
        for name, source in values.items():
            found += _expr(source, f"{where}.values.{name}", by_id, names, problem)
            names[name] = "number"
        found += _expr(rule["when"], f"{where}.when", by_id, names, problem)
        found += _templates(rule.get("reason"), f"{where}.reason", by_id, names, problem)
    return found


def _is_map(value: Any, inner: type | tuple[type, ...]) -> bool:
    return isinstance(value, dict) and all(isinstance(v, inner) for v in value.values())


def _shape(rules: dict[str, Any]) -> list[tuple[str, str]]:
    """The containers the engine walks, each of the kind it expects (values are checked further on)."""
    found = []
    if not _is_map(rules.get("thresholds", {}), (int, float, str, list)):
        found.append(("thresholds", "thresholds is an object of numbers"))
    profiles = rules.get("profiles", {})
    if not _is_map(profiles, dict) or not all(_is_map(p.get("thresholds", {}), (int, float, str, list))
                                              for p in profiles.values()):
        found.append(("profiles", "profiles is an object of {\"currency\", \"thresholds\"} objects"))
    categories = rules.get("priority_categories", [])
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        found.append(("priority_categories", "priority_categories is a list of choice values"))
    for key in ("currency_names", "times"):
        if not _is_map(rules.get(key, {}), dict):
            found.append((key, f"{key} is an object of objects"))
    for key in ("below_min_score", "labels_separator"):
        if key in rules and not _is_map(rules[key], str):
            found.append((key, f"{key} is an {{\"ar\", \"en\"}} object"))
    return found


def _expr(source: Any, where: str, by_id: dict[str, FieldDef], names: dict[str, str],
          problem: Callable[..., Any]) -> list[Any]:
    try:
        expr = compile_expr(source)
    except ExprError as exc:
        return [problem(where, exc.code, detail=exc.detail)]
    return [problem(where, code, **params) for code, params in check_expr(expr, TypeEnv(by_id, names=dict(names)))]


def _templates(reason: Any, where: str, by_id: dict[str, FieldDef], names: dict[str, str],
               problem: Callable[..., Any]) -> list[Any]:
    if reason is None:
        return []
    if not isinstance(reason, dict) or not all(isinstance(reason.get(k), str) for k in ("ar", "en")):
        return [problem(where, "form.bad_eligibility", detail="a reason has an \"ar\" and an \"en\" text")]
    found = []
    for lang in ("ar", "en"):
        for match in PLACEHOLDER.finditer(reason[lang]):
            name, kind = match.group(1), match.group(2)
            if name not in by_id and name not in names:
                found.append(problem(f"{where}.{lang}", "form.unknown_name", name=name))
            elif kind not in FORMATS:
                found.append(problem(f"{where}.{lang}", "form.bad_eligibility", detail=f"unknown format :{kind}"))
    return found
