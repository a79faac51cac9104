"""What the review view shows, read from the vault in one go on the db lane (no Qt here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...domain.changes import (
    FieldDiff,
    FieldInfo,
    answers_changes,
    default_catalogue,
    field_catalogue,
    last_approved_before,
    section_labels,
)
from ...domain.entities import Assessment, AttachmentRef, Household, WorkflowEvent
from ...domain.review import DuplicateAlert, ReviewRules, duplicate_alerts


@dataclass
class DuplicateCase:
    alert: DuplicateAlert
    head_name: str = ""
    file_number: str = ""
    status: str = ""
    assessment_id: str = ""        # its latest assessment, to open from the alert


@dataclass
class ReviewData:
    assessment: Assessment
    household: Household
    earlier: list[Assessment] = field(default_factory=list)   # the household's other assessments, newest first
    baseline: Assessment | None = None                        # the last approved one before this
    changes: list[FieldDiff] = field(default_factory=list)
    events: list[WorkflowEvent] = field(default_factory=list)
    attachments: list[AttachmentRef] = field(default_factory=list)
    duplicates: list[DuplicateCase] = field(default_factory=list)
    catalogue: dict[str, FieldInfo] = field(default_factory=dict)
    evaluation: Any = None                                    # ui.editor.engine.Result, None if no engine
    rules: ReviewRules = field(default_factory=ReviewRules)
    form: Any = None
    sections: dict[str, dict[str, str]] = field(default_factory=dict)   # section id → label


def server_settings(vault: Any) -> dict[str, Any]:
    """Head office's settings as delivered at enrolment/sync (the contract's "settings", the sync client's
    "server_settings")."""
    for key in ("settings", "server_settings"):
        value = vault.meta_get(key, None)
        if isinstance(value, dict) and value:
            return value
    return {}


def rules_of(vault: Any, work_week: str) -> ReviewRules:
    return ReviewRules.from_settings(server_settings(vault), work_week=work_week)


def _form_and_evaluation(vault: Any, assessment: Assessment, lang: str) -> tuple[Any, Any]:
    try:
        from ..editor.engine import evaluate
        from ..forms import form_for

        form = form_for(vault, assessment.form_id, assessment.form_version)
    except Exception:  # noqa: BLE001 - no forms engine or no definition: show the answers without it
        return None, None
    try:
        return form, evaluate(form, assessment.answers, lang)
    except Exception:  # noqa: BLE001 - a form the engine cannot evaluate still shows its answers
        return form, None


def load_review(vault: Any, assessment_id: str, *, lang: str, work_week: str) -> ReviewData:
    assessment = vault.get_assessment(assessment_id)
    household = vault.get_household(assessment.household_id)
    others = vault.assessments_of(household.id)
    form, evaluation = _form_and_evaluation(vault, assessment, lang)
    catalogue = field_catalogue(form) if form is not None else default_catalogue()
    baseline = last_approved_before(others, assessment)
    changes = [] if baseline is None else answers_changes(baseline.answers or {}, assessment.answers or {},
                                                          catalogue=catalogue)
    duplicates = []
    for alert in duplicate_alerts(household, vault.find_duplicates):
        try:
            other = vault.get_household(alert.household_id)
        except Exception:  # noqa: BLE001 - a duplicate we cannot read still warns
            duplicates.append(DuplicateCase(alert))
            continue
        rows = vault.assessments_of(other.id)
        duplicates.append(DuplicateCase(alert, other.head_name, other.file_number,
                                        rows[-1].status if rows else "", rows[-1].id if rows else ""))
    return ReviewData(
        assessment=assessment, household=household,
        earlier=sorted((a for a in others if a.id != assessment.id), key=lambda a: a.created_at, reverse=True),
        baseline=baseline, changes=changes, events=vault.events_of(assessment_id),
        attachments=vault.attachments_of(assessment_id), duplicates=duplicates, catalogue=catalogue,
        evaluation=evaluation, rules=rules_of(vault, work_week), form=form,
        sections=section_labels(form) if form is not None else {})
