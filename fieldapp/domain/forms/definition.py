"""FormDefinition: a checked form with the lookups the engine, the editor and the reports need."""

from __future__ import annotations

import json
from functools import cached_property
from typing import Any

from .expr import Expr, compile_expr
from .model import FieldDef, SectionDef, bilingual, build_sections, pick, walk_fields


def _resolved(raw: dict[str, Any], fields: dict[str, FieldDef]) -> dict[str, Any]:
    """A copy of the JSON with `choices_from` filled in, for readers that only look at the JSON shape."""
    copy = json.loads(json.dumps(raw))

    def fill(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, dict):
                target = fields.get(str(item.get("choices_from", "")))
                if target is not None and "choices" not in item:
                    item["choices"] = [{"value": c.value, "label": dict(c.label)} for c in target.choices]
                fill(item.get("fields") or [])

    for section in copy.get("sections") or []:
        fill(section.get("fields") or [])
    return copy


class FormDefinition:
    """A form version: sections in order, fields by id, compiled expressions, eligibility rules.

    Build it with `load_form` (which checks the definition first); `raw` is the JSON as published,
    `definition` the same with `choices_from` resolved (what a form renderer reads).
    """

    def __init__(self, raw: dict[str, Any], eligibility: dict[str, Any] | None = None) -> None:
        self.raw = raw
        self.form_id = str(raw.get("form_id", ""))
        self.version = int(raw.get("version", 1))
        self.title = bilingual(raw.get("title", self.form_id))
        self.sections: list[SectionDef] = build_sections(raw)
        self.fields: dict[str, FieldDef] = {f.id: f for f in walk_fields(self.sections)}
        self.eligibility_rules = eligibility
        self._exprs: dict[str, Expr] = {}
        for f in self.fields.values():   # "choices_from": the recommended aid is one of the needs' codes
            if f.choices_from and not f.choices and f.choices_from in self.fields:
                f.choices = list(self.fields[f.choices_from].choices)
        self.definition = _resolved(raw, self.fields)


    # --- expressions -------------------------------------------------------------------------------
    def compiled(self, source: str) -> Expr:
        expr = self._exprs.get(source)
        if expr is None:
            expr = self._exprs[source] = compile_expr(source)
        return expr

    # --- lookups for the editor, reports and summaries ---------------------------------------------
    def field(self, field_id: str) -> FieldDef:
        return self.fields[field_id]

    def section_order(self) -> list[str]:
        return [s.id for s in self.sections]

    def section(self, section_id: str) -> SectionDef:
        return next(s for s in self.sections if s.id == section_id)

    def section_of(self, field_id: str) -> str:
        return self.fields[field_id].section_id

    def field_type(self, field_id: str) -> str:
        return self.fields[field_id].type

    def subfields(self, repeat_id: str) -> list[FieldDef]:
        return list(self.fields[repeat_id].fields)

    @cached_property
    def computed_ids(self) -> list[str]:
        return [f.id for f in self.fields.values() if f.type == "computed"]

    @cached_property
    def eligibility_field(self) -> str | None:
        return next((f.id for f in self.fields.values() if f.type == "computed" and f.value_type == "eligibility"),
                    None)

    def label(self, field_id: str, lang: str = "ar") -> str:
        return self.fields[field_id].text(lang)

    def hint(self, field_id: str, lang: str = "ar") -> str:
        return self.fields[field_id].hint_text(lang)

    def choices(self, field_id: str) -> list[tuple[str, str, str]]:
        """(value, Arabic label, English label) of a select field, in order."""
        return [(c.value, c.label["ar"], c.label["en"]) for c in self.fields[field_id].choices]

    def choice_label(self, field_id: str, value: Any, lang: str = "ar") -> str:
        return self.fields[field_id].choice_label(value, lang)

    def title_text(self, lang: str = "ar") -> str:
        return pick(self.title, lang)

    def currency_for(self, answers: dict[str, Any]) -> str:
        """The currency of money answers: by a field (city → SAR/AED) when the form says so, else its default."""
        rule = self.raw.get("currency_by") or {}
        chosen = answers.get(rule.get("field", "")) if isinstance(rule, dict) else None
        mapping = rule.get("map", {}) if isinstance(rule, dict) else {}
        found = mapping.get(chosen) if isinstance(chosen, str) else None
        return str(found or self.raw.get("currency") or "SAR")

    def __repr__(self) -> str:
        return f"FormDefinition({self.form_id!r}, version={self.version}, fields={len(self.fields)})"
