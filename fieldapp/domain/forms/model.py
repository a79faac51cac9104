"""The form definition as typed objects, built from its JSON (after `checker.check_definition`).

`FormDefinition.raw` keeps the JSON dict as published, so it can be stored, synced and shown as is.
Field ids are unique in the whole form (repeat sub-fields included), which is why `${amount}` needs
no path; `FieldDef.path` is "members/member_name" style, `FieldDef.where` the JSON location.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FIELD_TYPES = ("text", "long_text", "integer", "decimal", "money", "date", "yes_no", "select_one", "select_many",
               "phone", "national_id", "repeat", "attachment", "computed", "note")
VALUE_TYPES = ("number", "integer", "decimal", "money", "text", "date", "yes_no", "eligibility")
NUMERIC_TYPES = ("integer", "decimal", "money")


def bilingual(value: Any) -> dict[str, str]:
    """{"ar", "en"} from a label that may be a dict, a plain string or missing; each side falls back."""
    if isinstance(value, dict):
        ar, en = str(value.get("ar") or ""), str(value.get("en") or "")
        return {"ar": ar or en, "en": en or ar}
    text = "" if value is None else str(value)
    return {"ar": text, "en": text}


def pick(text: dict[str, str], lang: str) -> str:
    return text.get(lang) or text.get("en") or text.get("ar") or ""


@dataclass
class Choice:
    value: str
    label: dict[str, str]

    def text(self, lang: str) -> str:
        return pick(self.label, lang) or self.value


@dataclass
class FieldDef:
    id: str
    type: str
    label: dict[str, str]
    hint: dict[str, str]
    section_id: str
    where: str                              # JSON location: sections[2].fields[0]
    parent: str | None = None               # the repeat this field belongs to
    required: bool = False
    relevant: str | None = None
    constraint: str | None = None
    constraint_message: dict[str, str] = field(default_factory=dict)
    choices: list[Choice] = field(default_factory=list)
    choices_from: str | None = None
    min: Any = None
    max: Any = None
    min_rows: int = 0
    max_rows: int | None = None
    expression: str | None = None
    value_type: str = "number"
    decimals: int = 2
    fields: list[FieldDef] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"{self.parent}/{self.id}" if self.parent else self.id

    @property
    def kind(self) -> str:
        """The type of the value: a computed field's value_type, else the field type."""
        return self.value_type if self.type == "computed" else self.type

    def text(self, lang: str) -> str:
        return pick(self.label, lang) or self.id

    def hint_text(self, lang: str) -> str:
        return pick(self.hint, lang)

    def choice_values(self) -> list[str]:
        return [c.value for c in self.choices]

    def choice_label(self, value: Any, lang: str) -> str:
        for choice in self.choices:
            if choice.value == value:
                return choice.text(lang)
        return "" if value is None else str(value)


@dataclass
class SectionDef:
    id: str
    label: dict[str, str]
    where: str
    relevant: str | None = None
    fields: list[FieldDef] = field(default_factory=list)

    def text(self, lang: str) -> str:
        return pick(self.label, lang) or self.id


def _choices(raw: Any) -> list[Choice]:
    result = []
    for item in raw or []:
        if isinstance(item, dict):
            result.append(Choice(str(item.get("value", "")), bilingual(item.get("label", item.get("value")))))
        else:
            result.append(Choice(str(item), bilingual(item)))
    return result


def build_field(raw: dict[str, Any], section_id: str, where: str, parent: str | None = None) -> FieldDef:
    fid = str(raw.get("id", ""))
    result = FieldDef(
        id=fid, type=str(raw.get("type", "text")), label=bilingual(raw.get("label", fid)),
        hint=bilingual(raw.get("hint")), section_id=section_id, where=where, parent=parent,
        required=bool(raw.get("required", False)), relevant=raw.get("relevant"), constraint=raw.get("constraint"),
        constraint_message=bilingual(raw.get("constraint_message")) if raw.get("constraint_message") else {},
        choices=_choices(raw.get("choices")), choices_from=raw.get("choices_from"),
        min=raw.get("min"), max=raw.get("max"), min_rows=int(raw.get("min_rows", 0) or 0),
        max_rows=raw.get("max_rows"), expression=raw.get("expression"),
        value_type=str(raw.get("value_type", "number")), decimals=int(raw.get("decimals", 2)),
    )
    result.fields = [build_field(child, section_id, f"{where}.fields[{i}]", fid)
                     for i, child in enumerate(raw.get("fields") or []) if isinstance(child, dict)]
    return result


def build_sections(raw: dict[str, Any]) -> list[SectionDef]:
    sections = []
    for s_index, section in enumerate(raw.get("sections") or []):
        sid = str(section.get("id", ""))
        where = f"sections[{s_index}]"
        fields = [build_field(f, sid, f"{where}.fields[{i}]") for i, f in enumerate(section.get("fields") or [])
                  if isinstance(f, dict)]
        sections.append(SectionDef(sid, bilingual(section.get("label", sid)), where, section.get("relevant"), fields))
    return sections


def walk_fields(sections: list[SectionDef]) -> list[FieldDef]:
    """Every field in form order, repeat sub-fields right after their repeat."""
    result: list[FieldDef] = []
    for section in sections:
        for f in section.fields:
            result.append(f)
            result.extend(f.fields)
    return result
