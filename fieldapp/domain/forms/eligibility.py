"""Eligibility: rules from resources/forms/eligibility.json (thresholds, weights, bilingual reasons).

Each rule has a condition over the form's values and the thresholds (`when`), a weight in points or
`disqualify: true`, and a reason template in Arabic and English, e.g.
"per-capita income {per_capita_income:money} is below the threshold of {per_capita_income_max:money}"
→ "per-capita income 450 SAR is below the threshold of 700 SAR". A family is eligible when no
disqualifying rule holds and the points reach `min_score`. Thresholds may differ by a profile field
(the city: Jeddah in SAR, Dubai in AED).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .evaluator import evaluate_expr, is_number
from .functions import round_half_up

if TYPE_CHECKING:
    from .definition import FormDefinition

PLACEHOLDER = re.compile(r"\{(\w+)(?::(\w+))?\}")


@dataclass
class Eligibility:
    eligible: bool
    score: int = 0
    reasons: list[dict[str, str]] = field(default_factory=list)    # {"rule", "ar", "en"}
    disqualified: bool = False
    currency: str = "SAR"

    def reason_texts(self, lang: str = "ar") -> list[str]:
        return [r.get(lang) or r.get("en", "") for r in self.reasons]

    def to_dict(self) -> dict[str, Any]:
        return {"eligible": self.eligible, "score": self.score, "reasons": [dict(r) for r in self.reasons],
                "disqualified": self.disqualified, "currency": self.currency}


def profile_of(rules: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Thresholds and currency for this household: the defaults overlaid with its profile (city)."""
    chosen = answers.get(str(rules.get("profile_field", ""))) if isinstance(answers, dict) else None
    profile = (rules.get("profiles") or {}).get(chosen) if isinstance(chosen, str) else None
    thresholds = dict(rules.get("thresholds") or {})
    thresholds.update((profile or {}).get("thresholds") or {})
    return {"thresholds": thresholds, "currency": (profile or {}).get("currency")}


def amount_text(minor: Any, currency: str, rules: dict[str, Any], lang: str) -> str:
    """45000 → "450 SAR" / "450 ريال": major units, decimals only when there are any."""
    value = round_half_up(minor) if is_number(minor) else 0
    whole, cents = divmod(abs(int(value)), 100)
    number = f"{whole:,}" if cents == 0 else f"{whole:,}.{cents:02d}"
    names = (rules.get("currency_names") or {}).get(currency)
    name = names.get(lang) if isinstance(names, dict) else None
    return f"{'-' if value < 0 else ''}{number} {name if isinstance(name, str) else currency}"


def number_text(value: Any) -> str:
    if not is_number(value):
        return "" if value is None else str(value)
    rounded = round_half_up(value, 2)
    return str(rounded) if isinstance(rounded, int) else f"{float(rounded):g}"


class _Formatter:
    def __init__(self, form: FormDefinition, rules: dict[str, Any], scope: Any, currency: str) -> None:
        self.form, self.rules, self.scope, self.currency = form, rules, scope, currency

    def lookup(self, name: str) -> Any:
        if name in self.scope.names:
            return self.scope.names[name]
        return self.scope.ref(name) if name in self.form.fields else None

    def text(self, key: str, lang: str, inner: str, default: str) -> str:
        """A word from the rules file (times, labels_separator), or the default when it is not text."""
        table = self.rules.get(key)
        table = table.get(lang) if isinstance(table, dict) else None
        found = table.get(inner) if isinstance(table, dict) and inner else table
        return found if isinstance(found, str) else default

    def one(self, name: str, kind: str | None, lang: str) -> str:
        value = self.lookup(name)
        if kind == "money":
            return amount_text(value, self.currency, self.rules, lang)
        if kind == "times":
            count = round_half_up(value) if is_number(value) else value
            default = f"{count} مرات" if lang == "ar" else f"{count} times"
            return self.text("times", lang, str(count), default)
        if kind == "labels" and name in self.form.fields:
            items = value if isinstance(value, list) else [value]
            separator = self.text("labels_separator", lang, "", ", ")
            return separator.join(self.form.choice_label(name, v, lang) for v in items if v is not None)
        return number_text(value)

    def fill(self, template: Any, lang: str) -> str:
        source = template.get(lang) or template.get("en", "") if isinstance(template, dict) else str(template or "")
        return PLACEHOLDER.sub(lambda m: self.one(m.group(1), m.group(2), lang), source)

    def reason(self, rule_id: str, template: Any) -> dict[str, str]:
        return {"rule": rule_id, "ar": self.fill(template, "ar"), "en": self.fill(template, "en")}


def assess(form: FormDefinition, rules: dict[str, Any] | None, scope: Any, answers: dict[str, Any],
           currency: str) -> Eligibility | None:
    """Apply the rules to one household; `scope` resolves ${field} references to evaluated values."""
    if not rules:
        return None
    profile = profile_of(rules, answers)
    currency = profile["currency"] or currency
    names: dict[str, Any] = dict(profile["thresholds"])
    names["priority_categories"] = list(rules.get("priority_categories") or [])
    names["min_score"] = int(rules.get("min_score", 0))
    scope.names = names
    fmt = _Formatter(form, rules, scope, currency)
    score, disqualified, reasons = 0, False, []
    for rule in rules.get("rules") or []:
        values = rule.get("values") if isinstance(rule.get("values"), dict) else {}
        for value_name, source in values.items():
            names[value_name] = evaluate_expr(form.compiled(source), scope)
        if not evaluate_expr(form.compiled(rule["when"]), scope):
            continue
        if rule.get("disqualify"):
            disqualified = True
        else:
            score += int(rule.get("weight", 0))
        if rule.get("reason"):
            reasons.append(fmt.reason(str(rule.get("id", "")), rule["reason"]))
    eligible = not disqualified and score >= names["min_score"]
    names["score"] = score
    if not eligible and not disqualified and rules.get("below_min_score"):
        reasons.append(fmt.reason("below_min_score", rules["below_min_score"]))
    return Eligibility(eligible, score, reasons, disqualified, currency)
