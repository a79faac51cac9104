"""What changed between two assessments (or two versions of a household), field by field.

Used by the supervisor's review view ("changes since the last approved assessment") and by the sponsor
report ("what changed since the last assessment"). Pure Python; labels come from the form definition.

    from fieldapp.domain.changes import assessment_changes, changes_since_approved, SPONSOR_HIDDEN

    baseline, changes = changes_since_approved(vault.assessments_of(hid), current)   # baseline may be None
    changes = assessment_changes(old, new, form=definition, exclude=SPONSOR_HIDDEN)
    for c in changes:  c.label["ar"], c.kind ("changed"|"added"|"removed"), c.before, c.after, c.type

Each FieldDiff has a `path` ("exp_rent", "categories", "members[2].work"), the form `field_id`, its `section`,
its bilingual `label` (for repeat rows: "Members 3 · Work"), the field `type` ("money", "select_many",
"repeat", ...; "" when the form does not know the field) and the values as stored (money in minor units,
codes for selects): format them for display in the caller's language; `field_catalogue(form)[field_id]
.choice_label(code, lang)` names a select's code, `section_labels(form)` names the sections. Select-many fields report the codes
`added` and `removed`. Values of privacy-sensitive fields are still returned (the review view shows them);
pass `exclude=SPONSOR_HIDDEN` for anything that leaves the organisation.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .entities import Assessment, Household
from .workflow import Status

# ID numbers, phones and exact addresses never go into a sponsor report.
SPONSOR_HIDDEN = frozenset({"national_id", "member_id_number", "phone", "address", "head_name_latin"})

HOUSEHOLD_FIELDS = ("head_name", "head_name_latin", "national_id", "phone", "city", "district", "address",
                    "categories")
_HOUSEHOLD_LABELS: dict[str, dict[str, str]] = {
    "head_name": {"ar": "اسم رب الأسرة", "en": "Head of household"},
    "head_name_latin": {"ar": "الاسم بالحروف اللاتينية", "en": "Name (Latin letters)"},
    "national_id": {"ar": "رقم الهوية", "en": "ID number"},
    "phone": {"ar": "الجوال", "en": "Phone"},
    "city": {"ar": "المدينة", "en": "City"},
    "district": {"ar": "الحي", "en": "District"},
    "address": {"ar": "العنوان", "en": "Address"},
    "categories": {"ar": "الفئات", "en": "Categories"},
}


@dataclass(frozen=True)
class FieldInfo:
    """What the form says about one field: its label, type, section and choice labels (code → {ar, en})."""

    label: dict[str, str]
    type: str = ""
    section: str = ""
    children: dict[str, FieldInfo] = field(default_factory=dict)
    choices: dict[str, dict[str, str]] = field(default_factory=dict)

    def choice_label(self, code: Any, lang: str) -> str:
        """The label of a select answer's code in `lang` (the code itself when the form does not know it)."""
        label = self.choices.get(str(code))
        return (label.get(lang) or label.get("en") or str(code)) if label else str(code)


@dataclass(frozen=True)
class FieldDiff:
    path: str
    field_id: str
    label: dict[str, str]
    kind: str                      # changed | added | removed
    before: Any = None
    after: Any = None
    type: str = ""
    section: str = ""
    added: tuple[Any, ...] = ()    # select-many: codes that appeared
    removed: tuple[Any, ...] = ()  # select-many: codes that went

    def text_label(self, lang: str = "ar") -> str:
        return self.label.get(lang) or self.label.get("en") or self.field_id


# -- labels from a form definition ------------------------------------------------------------------------
def _definition_dict(form: Any) -> dict[str, Any]:
    """The raw JSON of a form, whether given as a dict or a FormDefinition (any of its usual shapes)."""
    if form is None:
        return {}
    if isinstance(form, Mapping):
        return dict(form)
    for name in ("definition", "raw", "data", "source"):
        value = getattr(form, name, None)
        if isinstance(value, Mapping):
            return dict(value)
    to_dict = getattr(form, "to_dict", None)
    if callable(to_dict):
        value = to_dict()
        if isinstance(value, Mapping):
            return dict(value)
    return {}


def _label_of(spec: Mapping[str, Any], fallback: str) -> dict[str, str]:
    label = spec.get("label")
    if isinstance(label, Mapping):
        return {"ar": str(label.get("ar") or label.get("en") or fallback),
                "en": str(label.get("en") or label.get("ar") or fallback)}
    if isinstance(label, str) and label:
        return {"ar": label, "en": label}
    return {"ar": fallback, "en": fallback}


def _choices_of(spec: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    found = {}
    for choice in spec.get("choices") or []:
        if isinstance(choice, Mapping):
            code = str(choice.get("value", choice.get("code", "")))
            found[code] = _label_of(choice, code)
    return found


def _fields_of(specs: Iterable[Mapping[str, Any]], section: str) -> dict[str, FieldInfo]:
    found: dict[str, FieldInfo] = {}
    for spec in specs:
        field_id = str(spec.get("id") or spec.get("name") or "")
        if not field_id:
            continue
        children = _fields_of(spec.get("fields") or [], section) if spec.get("fields") else {}
        found[field_id] = FieldInfo(_label_of(spec, field_id), str(spec.get("type") or ""), section, children,
                                    _choices_of(spec))
    return found


def field_catalogue(form: Any) -> dict[str, FieldInfo]:
    """field_id → FieldInfo for every field of a form (sections → fields; repeat groups keep children;
    `choices_from` borrows another field's choices, as the recommended aid type borrows the needs)."""
    definition = _definition_dict(form)
    catalogue: dict[str, FieldInfo] = {}
    borrowed: dict[str, str] = {}
    for section in definition.get("sections") or []:
        catalogue.update(_fields_of(section.get("fields") or [], str(section.get("id") or "")))
        borrowed.update({str(f.get("id")): str(f["choices_from"]) for f in section.get("fields") or []
                         if isinstance(f, Mapping) and f.get("choices_from")})
    for field_id, source in borrowed.items():
        if field_id in catalogue and source in catalogue and not catalogue[field_id].choices:
            info = catalogue[field_id]
            catalogue[field_id] = FieldInfo(info.label, info.type, info.section, info.children,
                                            catalogue[source].choices)
    return catalogue


def section_labels(form: Any) -> dict[str, dict[str, str]]:
    """section id → its bilingual label, in form order."""
    return {str(s.get("id") or ""): _label_of(s, str(s.get("id") or ""))
            for s in _definition_dict(form).get("sections") or []}


def default_catalogue() -> dict[str, FieldInfo]:
    """Labels of the default form, if the forms engine and its resource are there (else empty)."""
    try:
        from .forms import default_form  # the forms engine; imported late so changes work without it
        return field_catalogue(default_form())
    except (ImportError, OSError, ValueError, KeyError):
        return {}


# -- comparing ----------------------------------------------------------------------------------------------
def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _same(a: Any, b: Any) -> bool:
    if _empty(a) and _empty(b):
        return True
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def _kind(before: Any, after: Any) -> str:
    if _empty(before):
        return "added"
    if _empty(after):
        return "removed"
    return "changed"


def _scalar_diff(path: str, field_id: str, info: FieldInfo, before: Any, after: Any) -> FieldDiff:
    added: tuple[Any, ...] = ()
    removed: tuple[Any, ...] = ()
    if isinstance(before, list) or isinstance(after, list):
        old, new = _as_list(before), _as_list(after)
        added = tuple(v for v in new if v not in old)
        removed = tuple(v for v in old if v not in new)
    return FieldDiff(path, field_id, info.label, _kind(before, after), before, after, info.type, info.section,
                     added, removed)


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [] if _empty(value) else [value]


def _row_label(group: FieldInfo, index: int, child: FieldInfo | None, child_id: str) -> dict[str, str]:
    child_label = child.label if child else {"ar": child_id, "en": child_id}
    return {lang: f"{group.label[lang]} {index + 1} · {child_label[lang]}" for lang in ("ar", "en")}


def _repeat_diffs(field_id: str, info: FieldInfo, before: Any, after: Any,
                  exclude: frozenset[str]) -> list[FieldDiff]:
    """Rows compared by position: a changed cell, or a whole row added or removed."""
    old_rows = [r for r in (before or []) if isinstance(r, Mapping)]
    new_rows = [r for r in (after or []) if isinstance(r, Mapping)]
    diffs: list[FieldDiff] = []
    for index in range(max(len(old_rows), len(new_rows))):
        old = old_rows[index] if index < len(old_rows) else None
        new = new_rows[index] if index < len(new_rows) else None
        row_path = f"{field_id}[{index}]"
        if old is None or new is None:
            row = {k: v for k, v in (new or old or {}).items() if k not in exclude}
            label = {lang: f"{info.label[lang]} {index + 1}" for lang in ("ar", "en")}
            diffs.append(FieldDiff(row_path, field_id, label, "added" if old is None else "removed",
                                   None if old is None else row, row if old is None else None, "repeat_row",
                                   info.section))
            continue
        for child_id in sorted(set(old) | set(new), key=_child_order(info)):
            if child_id in exclude or _same(old.get(child_id), new.get(child_id)):
                continue
            child = info.children.get(child_id)
            child_info = FieldInfo(_row_label(info, index, child, child_id), child.type if child else "",
                                   info.section, choices=child.choices if child else {})
            diffs.append(_scalar_diff(f"{row_path}.{child_id}", child_id, child_info, old.get(child_id),
                                      new.get(child_id)))
    return diffs


def _child_order(info: FieldInfo) -> Any:
    order = {name: n for n, name in enumerate(info.children)}
    return lambda child_id: (order.get(child_id, len(order)), child_id)


def answers_changes(before: Mapping[str, Any], after: Mapping[str, Any], *,
                    catalogue: Mapping[str, FieldInfo] | None = None,
                    exclude: Iterable[str] = ()) -> list[FieldDiff]:
    """Field-by-field changes between two answer dicts, in form order (unknown fields last)."""
    catalogue = default_catalogue() if catalogue is None else catalogue
    hidden = frozenset(exclude)
    order = {field_id: n for n, field_id in enumerate(catalogue)}
    keys = sorted(set(before) | set(after), key=lambda k: (order.get(k, len(order)), k))
    diffs: list[FieldDiff] = []
    for key in keys:
        if key in hidden or _same(before.get(key), after.get(key)):
            continue
        info = catalogue.get(key) or FieldInfo({"ar": key, "en": key})
        old, new = before.get(key), after.get(key)
        is_rows = info.type == "repeat" or any(isinstance(v, list) and v and isinstance(v[0], Mapping)
                                               for v in (old, new))
        if is_rows:
            diffs.extend(_repeat_diffs(key, info, old, new, hidden))
        else:
            diffs.append(_scalar_diff(key, key, info, old, new))
    return diffs


def assessment_changes(before: Assessment, after: Assessment, *, form: Any = None,
                       exclude: Iterable[str] = ()) -> list[FieldDiff]:
    """What changed in the answers from `before` to `after` (labels from `form`, else the default form)."""
    catalogue = field_catalogue(form) if form is not None else None
    return answers_changes(before.answers or {}, after.answers or {}, catalogue=catalogue, exclude=exclude)


def household_changes(before: Household, after: Household, *, exclude: Iterable[str] = ()) -> list[FieldDiff]:
    hidden = frozenset(exclude)
    old, new = before.to_dict(), after.to_dict()
    diffs = []
    for name in HOUSEHOLD_FIELDS:
        if name in hidden or _same(old.get(name), new.get(name)):
            continue
        info = FieldInfo(_HOUSEHOLD_LABELS[name], "select_many" if name == "categories" else "text", "identity")
        diffs.append(_scalar_diff(name, name, info, old.get(name), new.get(name)))
    return diffs


def last_approved_before(assessments: Sequence[Assessment], current: Assessment) -> Assessment | None:
    """The household's most recent approved assessment other than `current`, made before it."""
    earlier = [a for a in assessments if a.id != current.id and a.status == Status.APPROVED.value
               and (a.created_at, a.id) <= (current.created_at, current.id)]
    if not earlier:
        return None
    return max(earlier, key=lambda a: (a.decided_at or a.created_at, a.created_at))


def changes_since_approved(assessments: Sequence[Assessment], current: Assessment, *, form: Any = None,
                           exclude: Iterable[str] = ()) -> tuple[Assessment | None, list[FieldDiff]]:
    """(the last approved assessment before `current` or None, the changes from it to `current`)."""
    baseline = last_approved_before(assessments, current)
    if baseline is None:
        return None, []
    return baseline, assessment_changes(baseline, current, form=form, exclude=exclude)
