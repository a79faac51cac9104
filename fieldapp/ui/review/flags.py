"""The researcher's side of a return: the supervisor's flagged fields are marked in the editor and only
their sections reopen (the rest stays read-only); resubmitting a returned assessment resumes it first.

    apply_flags(editor)                          after the AssessmentEditor is built
    submit_step(vault, assessment_id, actor, device_id)   on the db lane: resume if returned, then submit
"""

from __future__ import annotations

from typing import Any

from ...domain.workflow import EDITABLE, Action, Actor, Status
from ..i18n import tr
from ..qt import QColor

C = "Review"
FLAG_STYLE = "background:#fff4ce;font-weight:bold"
LOCKED_COLOUR = QColor("#8c959f")


def flagged_top_fields(flagged: list[str]) -> set[str]:
    """"members[0].work" / "answers.exp_rent" → the form's top-level field ids."""
    found = set()
    for path in flagged:
        path = path.removeprefix("answers.")
        for sep in ("[", "."):
            path = path.split(sep, 1)[0]
        if path:
            found.add(path)
    return found


def reopened_sections(sections: list[Any], flagged: list[str]) -> set[str]:
    """Section ids that hold a flagged field (all of them when nothing was flagged)."""
    tops = flagged_top_fields(flagged)
    if not tops:
        return {s.id for s in sections}
    return {s.id for s in sections if any(f.id in tops for f in s.fields)}


def apply_flags(editor: Any) -> None:
    """Mark flagged fields and keep the other sections read-only (a returned, editable assessment only).

    The editor builds a section's page when it is first shown, so the marks are applied to pages built
    already and, through a wrapper of the editor's page builder, to each page built later.
    """
    assessment = editor.assessment
    if Status(assessment.status) not in EDITABLE or not assessment.flagged_fields:
        return
    tops = flagged_top_fields(list(assessment.flagged_fields))
    open_ids = reopened_sections(editor.sections, list(assessment.flagged_fields))
    editor.flag_sections = open_ids

    def mark(section: Any) -> None:
        for spec in section.fields:
            if spec.id not in editor.rows:
                continue
            label, widget, _error = editor.rows[spec.id]
            if spec.id in tops:
                label.setText("⚑ " + label.text())
                label.setStyleSheet(FLAG_STYLE)
                label.setToolTip(tr(C, "The supervisor asked you to correct this field."))
            if section.id not in open_ids and spec.type not in ("computed", "note"):
                widget.set_read_only(True)

    build_page = editor._page

    def page_with_flags(section: Any) -> Any:
        page = build_page(section)
        mark(section)
        return page

    editor._page = page_with_flags
    for row, section in enumerate(editor.sections):
        if row in getattr(editor, "_built", ()):
            mark(section)
        if section.id in open_ids:
            continue
        if any(spec.type == "attachment" for spec in section.fields):
            editor.attachments.set_read_only(True)
        item = editor.progress.item(row)
        if item is not None:
            item.setForeground(LOCKED_COLOUR)
            item.setToolTip(tr(C, "Not reopened: the supervisor flagged other sections."))


def submit_step(vault: Any, assessment_id: str, actor: Actor, device_id: str = "") -> Any:
    """Submit; a returned assessment is first resumed (returned → draft → submitted), in one transaction."""
    with vault.transaction():
        if vault.get_assessment(assessment_id).status == Status.RETURNED.value:
            vault.transition(assessment_id, actor, Action.RESUME.value, device_id=device_id)
        return vault.transition(assessment_id, actor, Action.SUBMIT.value, device_id=device_id)
