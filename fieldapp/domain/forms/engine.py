"""evaluate(form, answers, lang) → what is relevant, missing, wrong and computed, and the eligibility.

Values are worked out lazily and memoised per (field, row), so computed fields, skip logic and
eligibility may refer to each other in any order the checker accepts (it refuses cycles). A field
that is not relevant has the value None for every expression: its answer stays in `answers` (nothing
typed is lost) but counts in no total and no required check.
Paths: "head_name", "members" (the repeat), "members[0].member_name" (a field of a row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import TransitionRefused
from .definition import FormDefinition
from .eligibility import Eligibility, assess
from .evaluator import Rows, evaluate_expr, is_number
from .functions import round_half_up
from .messages import text
from .model import FieldDef
from .values import is_blank, read_answer

Key = tuple[str, int | None]


@dataclass
class Evaluation:
    relevant: set[str] = field(default_factory=set)
    missing: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    computed: dict[str, Any] = field(default_factory=dict)
    eligibility: Eligibility | None = None
    section_status: dict[str, str] = field(default_factory=dict)
    currency: str = "SAR"

    @property
    def valid(self) -> bool:
        return not self.missing and not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {"valid": self.valid, "relevant": sorted(self.relevant), "missing": list(self.missing),
                "errors": dict(self.errors), "computed": dict(self.computed),
                "eligibility": self.eligibility.to_dict() if self.eligibility else None,
                "section_status": dict(self.section_status), "currency": self.currency}


def row_path(repeat_id: str, index: int, field_id: str) -> str:
    return f"{repeat_id}[{index}].{field_id}"


def plain(f: FieldDef, value: Any) -> Any:
    """A computed value as JSON: money and integers whole (half up), decimals rounded, fractions gone."""
    if value is None:
        return None
    kind = f.value_type
    if kind in ("money", "integer"):
        return round_half_up(value) if is_number(value) else None
    if kind in ("decimal", "number"):
        if not is_number(value):
            return None
        rounded = round_half_up(value, f.decimals)
        try:
            return rounded if isinstance(rounded, int) else float(rounded)
        except OverflowError:
            return None
    if kind == "yes_no":
        return bool(value)
    return value if isinstance(value, (str, bool, int, float, dict, list)) else str(value)


class _TopScope:
    def __init__(self, run: _Run, names: dict[str, Any] | None = None) -> None:
        self.run, self.names = run, names or {}

    def ref(self, field_id: str) -> Any:
        f = self.run.form.fields.get(field_id)
        if f is None:
            return None
        if f.parent is None:
            if f.type == "repeat":
                live = self.run.is_relevant(f.id, None)
                return Rows(_RowScope(self.run, f.id, i, self.names) for i in range(len(self.run.rows(f.id))) if live)
            return self.run.value(f.id, None)
        if not self.run.is_relevant(f.parent, None):
            return []
        column = (self.run.value(f.id, i) for i in range(len(self.run.rows(f.parent))))
        return [v for v in column if v is not None]

    def name(self, name: str) -> Any:
        return self.names.get(name)


class _RowScope(_TopScope):
    def __init__(self, run: _Run, repeat_id: str, index: int, names: dict[str, Any] | None = None) -> None:
        super().__init__(run, names)
        self.repeat_id, self.index = repeat_id, index

    def ref(self, field_id: str) -> Any:
        f = self.run.form.fields.get(field_id)
        if f is not None and f.parent == self.repeat_id:
            return self.run.value(field_id, self.index)
        return super().ref(field_id)


class _Run:
    def __init__(self, form: FormDefinition, answers: dict[str, Any], lang: str) -> None:
        self.form, self.answers, self.lang = form, answers if isinstance(answers, dict) else {}, lang
        self._values: dict[Key, Any] = {}
        self._relevance: dict[Key, bool] = {}
        self._sections: dict[str, bool] = {}
        self._busy: set[Key] = set()          # values being worked out (a cycle guard)
        self._deciding: set[Key] = set()      # relevance being worked out
        self._rows: dict[str, list[Any]] = {}
        self._read: dict[Key, tuple[Any, str | None]] = {}
        self.currency = form.currency_for(self.answers)
        self.eligibility: Eligibility | None = None

    def rows(self, repeat_id: str) -> list[Any]:
        if repeat_id not in self._rows:
            raw = self.answers.get(repeat_id)
            self._rows[repeat_id] = raw if isinstance(raw, list) else []
        return self._rows[repeat_id]

    def raw(self, field_id: str, index: int | None) -> Any:
        f = self.form.fields[field_id]
        if f.parent is None:
            return self.answers.get(field_id)
        rows = self.rows(f.parent)
        row = rows[index] if index is not None and index < len(rows) else None
        return row.get(field_id) if isinstance(row, dict) else None

    def read(self, f: FieldDef, index: int | None) -> tuple[Any, str | None]:
        """The typed answer and its error code, read once per evaluation."""
        key = (f.id, index)
        if key not in self._read:
            self._read[key] = read_answer(f, self.raw(f.id, index))
        return self._read[key]

    def scope(self, f: FieldDef, index: int | None) -> _TopScope:
        return _RowScope(self, f.parent, index or 0) if f.parent else _TopScope(self)

    def section_relevant(self, section_id: str) -> bool:
        if section_id not in self._sections:
            self._sections[section_id] = True   # a section's own skip logic may not depend on itself
            section = self.form.section(section_id)
            if section.relevant:
                result = evaluate_expr(self.form.compiled(section.relevant), _TopScope(self))
                self._sections[section_id] = bool(result)
        return self._sections[section_id]

    def is_relevant(self, field_id: str, index: int | None) -> bool:
        key = (field_id, index)
        if key in self._relevance:
            return self._relevance[key]
        if key in self._deciding:
            return False
        self._deciding.add(key)
        f = self.form.fields[field_id]
        result = self.section_relevant(f.section_id)
        if result and f.parent:
            result = self.is_relevant(f.parent, None)
        if result and f.relevant:
            result = bool(evaluate_expr(self.form.compiled(f.relevant), self.scope(f, index)))
        self._deciding.discard(key)
        self._relevance[key] = result
        return result

    def value(self, field_id: str, index: int | None) -> Any:
        key = (field_id, index)
        if key in self._values:
            return self._values[key]
        if key in self._busy:
            return None   # a cycle the checker would refuse: no value rather than endless recursion
        self._busy.add(key)
        f = self.form.fields[field_id]
        result: Any = None
        if self.is_relevant(field_id, index):
            if f.type == "computed" and f.value_type == "eligibility":
                self.eligibility = assess(self.form, self.form.eligibility_rules, _TopScope(self), self.answers,
                                          self.currency)
                result = self.eligibility.to_dict() if self.eligibility else None
            elif f.type == "computed" and f.expression:
                # typed as declared (money in whole halalas) so every later use agrees with what is shown
                result = plain(f, evaluate_expr(self.form.compiled(f.expression), self.scope(f, index)))
            else:
                result = self.read(f, index)[0]
        self._busy.discard(key)
        self._values[key] = result
        return result


def _check_value(run: _Run, f: FieldDef, index: int | None, path: str, out: Evaluation) -> None:
    """Required, type, range and constraint checks of one relevant field (row field when index is set)."""
    value, error = run.read(f, index)
    if error:
        out.errors[path] = text(error, run.lang)
        return
    if f.type == "repeat":
        count = len(value)
        need = max(f.min_rows, 1 if f.required else 0)
        if count < need and count == 0:
            out.missing.append(path)
        elif count < need:
            out.errors[path] = text("form.value.min_rows", run.lang, min=need)
        elif f.max_rows is not None and count > f.max_rows:
            out.errors[path] = text("form.value.max_rows", run.lang, max=f.max_rows)
        elif count and f.constraint and not evaluate_expr(run.form.compiled(f.constraint), run.scope(f, index), count):
            # a repeat's constraint sees `value` as its number of rows (and the rows through ${repeat})
            out.errors[path] = (f.constraint_message or {}).get(run.lang) or text("form.value.constraint", run.lang)
        return
    if value is None or is_blank(value):
        if f.required and f.type not in ("computed", "note"):
            out.missing.append(path)
        return
    message = f.constraint_message.get(run.lang) if f.constraint_message else None
    if is_number(value) and f.min is not None and value < f.min:
        out.errors[path] = message or text("form.value.min", run.lang, min=f.min)
    elif is_number(value) and f.max is not None and value > f.max:
        out.errors[path] = message or text("form.value.max", run.lang, max=f.max)
    elif f.constraint and not evaluate_expr(run.form.compiled(f.constraint), run.scope(f, index), value):
        out.errors[path] = message or text("form.value.constraint", run.lang)


def _visit(run: _Run, f: FieldDef, index: int | None, path: str, out: Evaluation) -> None:
    if not run.is_relevant(f.id, index):
        if f.type == "computed":
            out.computed[path] = None
        return
    out.relevant.add(path)
    if f.type == "computed":
        out.computed[path] = run.value(f.id, index)
        return
    if f.type != "note":
        _check_value(run, f, index, path, out)
    if f.type == "repeat":
        for i in range(len(run.rows(f.id))):
            for child in f.fields:
                _visit(run, child, i, row_path(f.id, i, child.id), out)


def evaluate(form: FormDefinition | dict[str, Any], answers: dict[str, Any], lang: str = "ar") -> Evaluation:
    """Relevance, missing required answers, failed checks (messages in `lang`), computed values, eligibility."""
    if not isinstance(form, FormDefinition):
        from .loading import load_form
        form = load_form(form)
    lang = lang if lang in ("ar", "en") else "ar"
    run = _Run(form, answers, lang)
    out = Evaluation(currency=run.currency)
    for section in form.sections:
        for f in section.fields:
            _visit(run, f, None, f.id, out)
    out.eligibility = run.eligibility
    for section in form.sections:
        out.section_status[section.id] = _status(section.fields, out)
    return out


def ensure_submittable(form: FormDefinition, answers: dict[str, Any]) -> Evaluation:
    """The evaluation of answers about to be submitted; TransitionRefused("workflow.invalid_form") if not valid."""
    result = evaluate(form, answers, lang="en")
    if not result.valid:
        raise TransitionRefused("workflow.invalid_form", count=len(result.missing) + len(result.errors))
    return result


def _status(fields: list[FieldDef], out: Evaluation) -> str:
    ids = {f.id for f in fields}

    def mine(path: str) -> bool:
        return path.split("[", 1)[0].split(".", 1)[0] in ids

    if any(mine(p) for p in out.errors):
        return "error"
    if any(mine(p) for p in out.missing):
        return "incomplete"
    return "complete"
