"""Read-only HTML of an assessment for the review view: answers with the form's labels (flagged fields
marked), the eligibility result with its reasons, and the changes since the last approved assessment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from ...domain.changes import FieldDiff, FieldInfo
from ..i18n import tr
from ..richtext import row as _row
from ..richtext import table as _table

C = "Review"
FLAG_STYLE = "background:#fff4ce"
DIGIT_TYPES = frozenset({"national_id", "phone", "date", "integer", "decimal"})   # digits as the user set them


def value_text(value: Any, info: FieldInfo | None, fmt: Any) -> str:
    """One stored value as the reader expects it: money in the currency, yes/no, lists joined."""
    kind = info.type if info else ""
    if value is None or value == "" or value == []:
        return "—"
    if kind == "money" and isinstance(value, int) and not isinstance(value, bool):
        return str(fmt.money(value))
    if isinstance(value, bool):
        return tr(C, "Yes") if value else tr(C, "No")
    if isinstance(value, list) and value and isinstance(value[0], Mapping):
        return tr(C, "%1 rows").replace("%1", fmt.number(len(value)))
    if info is not None and info.choices:
        codes = value if isinstance(value, list) else [value]
        return ("، " if fmt.lang == "ar" else ", ").join(info.choice_label(c, fmt.lang) for c in codes)
    if isinstance(value, list):
        return ("، " if fmt.lang == "ar" else ", ").join(str(v) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, int | float) or kind in DIGIT_TYPES:
        return str(fmt.digits(value))
    return str(value)


def _rows_table(rows: Sequence[Mapping[str, Any]], info: FieldInfo, fmt: Any, lang: str) -> str:
    columns = list(info.children) or sorted({k for r in rows for k in r})
    rtl = lang == "ar"
    head = _row([escape(info.children[c].label[lang] if c in info.children else c) for c in columns], rtl, tag="th")
    body = "".join(_row([escape(value_text(r.get(c), info.children.get(c), fmt)) for c in columns], rtl)
                   for r in rows)
    return _table(head + body, rtl, " border='1' cellspacing='0' cellpadding='3'")


def answers_html(answers: Mapping[str, Any], catalogue: Mapping[str, FieldInfo], flagged: Sequence[str],
                 fmt: Any, lang: str, sections: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """Answers in form order under their section titles; flagged fields marked ⚑ and highlighted."""
    order = list(catalogue) + sorted(k for k in answers if k not in catalogue)
    rtl = lang == "ar"
    parts: list[str] = []
    current_section: str | None = None
    for field_id in order:
        if field_id not in answers:
            continue
        info = catalogue.get(field_id)
        section = info.section if info else ""
        if sections and section != current_section and section in sections:
            title = sections[section].get(lang) or section
            align = " align='right'" if rtl else ""
            parts.append(f"<tr><td colspan='2'{align}><h4>{escape(title)}</h4></td></tr>")
        current_section = section
        label = info.label.get(lang, field_id) if info else field_id
        value = answers[field_id]
        style = f" style='{FLAG_STYLE}'" if field_id in flagged else ""
        marker = " ⚑" if field_id in flagged else ""
        if isinstance(value, list) and value and isinstance(value[0], Mapping):
            shown = _rows_table(value, info or FieldInfo({"ar": field_id, "en": field_id}), fmt, lang)
        else:
            shown = escape(value_text(value, info, fmt))
        parts.append(_row([f"<b>{escape(label)}{marker}</b>", shown], rtl, style))
    return _table("".join(parts), rtl, " width='100%' cellspacing='0' cellpadding='3'")


def eligibility_html(evaluation: Any, fmt: Any) -> str:
    if evaluation is None:
        return f"<p>{escape(tr(C, 'The eligibility result is not available for this form.'))}</p>"
    if evaluation.eligible is None:
        verdict = tr(C, "Eligibility: not decided (answers incomplete)")
    elif evaluation.eligible:
        verdict = tr(C, "Eligible")
    else:
        verdict = tr(C, "Not eligible")
    computed = evaluation.computed or {}
    rtl = fmt.lang == "ar"
    lines = [f"<h3>{escape(verdict)}</h3>", "<ul>"]
    lines += [f"<li>{escape(str(reason))}</li>" for reason in evaluation.reasons]
    lines.append("</ul>")
    rows = []
    for key, title in (("total_income", tr(C, "Total income")), ("total_expenses", tr(C, "Total expenses")),
                       ("per_capita_income", tr(C, "Income per person"))):
        if computed.get(key) is not None:
            rows.append(_row([escape(title), escape(str(fmt.money(computed[key])))], rtl))
    if computed.get("dependency_ratio") is not None:
        ratio = fmt.digits(f"{float(computed['dependency_ratio']):.2f}")
        rows.append(_row([escape(tr(C, "Dependency ratio")), escape(str(ratio))], rtl))
    lines.append(_table("".join(rows), rtl, " cellpadding='3'"))
    return "".join(lines)


def change_texts(diff: FieldDiff, catalogue: Mapping[str, FieldInfo], fmt: Any, lang: str) -> tuple[str, str, str]:
    """(label, before, after) of one change, for the changes table."""
    if "[" in diff.path:
        group = catalogue.get(diff.path.split("[", 1)[0])
        child = group.children.get(diff.field_id) if group else None
        info = FieldInfo(diff.label, diff.type, choices=child.choices if child else {})
    else:
        info = catalogue.get(diff.field_id) or FieldInfo(diff.label, diff.type)
    if diff.type == "repeat_row":
        row = diff.after if diff.after is not None else diff.before
        text = ", ".join(str(v) for v in (row or {}).values() if v not in (None, ""))
        before, after = ("—", text) if diff.kind == "added" else (text, "—")
        return diff.text_label(lang), before, after
    return diff.text_label(lang), value_text(diff.before, info, fmt), value_text(diff.after, info, fmt)
