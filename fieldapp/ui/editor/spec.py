"""What the editor needs to know about a form, read from the forms engine's FormDefinition.

The engine owns the definition; this module only reads it into small, typed records for widgets, and
accepts the JSON shape as well as attribute-style objects so the editor does not depend on the
engine's internal classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TYPE_ALIASES = {
    "long_text": "long_text", "longtext": "long_text", "textarea": "long_text", "long": "long_text",
    "int": "integer", "integer": "integer", "number": "decimal", "decimal": "decimal", "money": "money",
    "date": "date", "yes_no": "yes_no", "yesno": "yes_no", "boolean": "yes_no", "bool": "yes_no",
    "select_one": "select_one", "select1": "select_one", "select": "select_one", "choice": "select_one",
    "select_many": "select_many", "multi": "select_many", "select_multiple": "select_many",
    "phone": "phone", "national_id": "national_id", "nationalid": "national_id", "id_number": "national_id",
    "repeat": "repeat", "group_repeat": "repeat", "attachment": "attachment", "photo": "attachment",
    "computed": "computed", "calculate": "computed", "note": "note", "text": "text",
}


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _label(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {"ar": str(value.get("ar") or value.get("en") or ""), "en": str(value.get("en") or value.get("ar") or "")}
    if value is None:
        return {"ar": "", "en": ""}
    if not isinstance(value, str) and (hasattr(value, "ar") or hasattr(value, "en")):
        return _label({"ar": getattr(value, "ar", ""), "en": getattr(value, "en", "")})
    return {"ar": str(value), "en": str(value)}


@dataclass
class Choice:
    value: str
    label: dict[str, str]


@dataclass
class FieldSpec:
    id: str
    type: str
    label: dict[str, str]
    hint: dict[str, str]
    required: bool = False
    choices: list[Choice] = field(default_factory=list)
    children: list[FieldSpec] = field(default_factory=list)
    minimum: Any = None
    maximum: Any = None
    value_type: str = ""          # computed fields: money | decimal | integer | eligibility …
    choices_from: str = ""        # a select whose choices are another field's (the recommended aid)

    def text(self, lang: str) -> str:
        return self.label.get(lang) or self.id

    def choice_label(self, value: Any, lang: str) -> str:
        for choice in self.choices:
            if choice.value == value:
                return choice.label.get(lang) or choice.value
        return "" if value is None else str(value)


@dataclass
class SectionSpec:
    id: str
    label: dict[str, str]
    fields: list[FieldSpec]

    def text(self, lang: str) -> str:
        return self.label.get(lang) or self.id


def _choices(raw: Any) -> list[Choice]:
    result = []
    for item in raw or []:
        if isinstance(item, str):
            result.append(Choice(item, {"ar": item, "en": item}))
            continue
        value = _get(item, "value", None) or _get(item, "code", None) or _get(item, "id", "")
        result.append(Choice(str(value), _label(_get(item, "label", value))))
    return result


def read_field(raw: Any) -> FieldSpec:
    kind = str(_get(raw, "type", "text") or "text").lower().replace("-", "_").replace(" ", "_")
    children_raw = _get(raw, "fields", None) or _get(raw, "children", None) or []
    return FieldSpec(
        id=str(_get(raw, "id", "") or _get(raw, "name", "")),
        type=TYPE_ALIASES.get(kind, "text"),
        label=_label(_get(raw, "label", _get(raw, "id", ""))),
        hint=_label(_get(raw, "hint", None)),
        required=bool(_get(raw, "required", False)),
        choices=_choices(_get(raw, "choices", None)),
        children=[read_field(child) for child in children_raw],
        minimum=_get(raw, "min", None),
        maximum=_get(raw, "max", None),
        value_type=str(_get(raw, "value_type", "") or ""),
        choices_from=str(_get(raw, "choices_from", "") or ""),
    )


def read_sections(form: Any) -> list[SectionSpec]:
    """The sections of a FormDefinition (or its JSON dict), with their fields in order."""
    raw = form
    for attr in ("definition", "raw", "data"):
        inner = getattr(form, attr, None)
        if isinstance(inner, dict) and "sections" in inner:
            raw = inner
            break
    sections = []
    for section in _get(raw, "sections", None) or []:
        sections.append(SectionSpec(
            id=str(_get(section, "id", "")),
            label=_label(_get(section, "label", _get(section, "title", _get(section, "id", "")))),
            fields=[read_field(f) for f in (_get(section, "fields", None) or [])],
        ))
    by_id = {f.id: f for section in sections for f in section.fields}
    for spec in by_id.values():
        if spec.choices_from and not spec.choices and spec.choices_from in by_id:
            spec.choices = list(by_id[spec.choices_from].choices)
    return sections


def form_identity(form: Any) -> tuple[str, int]:
    raw = form if isinstance(form, dict) else None
    form_id = _get(raw if raw is not None else form, "form_id", None) or _get(form, "id", "household_assessment")
    version = _get(raw if raw is not None else form, "version", 1)
    return str(form_id), int(version or 1)
