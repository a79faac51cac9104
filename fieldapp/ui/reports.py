"""PDF reports from the app: data read on the db lane, the PDF built and written on the net lane (never on
the UI thread). The file goes only where the user chose."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .i18n import tr
from .qt import QFileDialog, QWidget
from .session import Session

C = "Reports"


def gather(vault: Any, assessment_id: str) -> dict[str, Any]:
    """Everything the assessment report needs (db lane)."""
    assessment = vault.get_assessment(assessment_id)
    refs = vault.attachments_of(assessment_id)
    images = {ref.id: vault.read_attachment(ref.id) for ref in refs if str(ref.mime).startswith("image/")}
    return {"household": vault.get_household(assessment.household_id), "assessment": assessment,
            "events": vault.events_of(assessment_id), "attachments": refs, "images": images}


def build_pdf(data: dict[str, Any], lang: str, digits: str = "latin") -> bytes:
    from ..reports import build_assessment_report

    return build_assessment_report(data["household"], data["assessment"], events=data["events"],
                                   attachments=data["attachments"], images=data["images"], lang=lang,
                                   digits=digits)


def write_assessment_report(vault: Any, assessment_id: str, path: Path, lang: str) -> None:
    """Synchronous form for the smoke run and tests."""
    Path(path).write_bytes(build_pdf(gather(vault, assessment_id), lang))


def gather_sponsor(vault: Any, assessment_id: str) -> dict[str, Any]:
    """The assessment and the one before it for the same household (db lane)."""
    assessment = vault.get_assessment(assessment_id)
    earlier = sorted((a for a in vault.assessments_of(assessment.household_id)
                      if a.created_at < assessment.created_at), key=lambda a: a.created_at)
    return {"household": vault.get_household(assessment.household_id), "assessment": assessment,
            "previous": earlier[-1] if earlier else None}


def build_sponsor_pdf(data: dict[str, Any], lang: str, digits: str = "latin") -> bytes:
    from ..reports import build_sponsor_report

    return build_sponsor_report(data["household"], data["assessment"], data["previous"], lang=lang,
                                digits=digits)


def save_assessment_report(session: Session, assessment_id: str, parent: QWidget,
                           done: Any = None) -> None:
    path, _ = QFileDialog.getSaveFileName(parent, tr(C, "Save the assessment report"), "report.pdf",
                                          tr(C, "PDF files (*.pdf)"))
    if path:
        _start(session, "assessment", assessment_id, Path(path), parent, done)


def save_sponsor_report(session: Session, assessment_id: str, parent: QWidget, done: Any = None) -> None:
    path, _ = QFileDialog.getSaveFileName(parent, tr(C, "Save the sponsor report"), "sponsor.pdf",
                                          tr(C, "PDF files (*.pdf)"))
    if path:
        _start(session, "sponsor", assessment_id, Path(path), parent, done)


def _start(session: Session, kind: str, assessment_id: str, path: Path, parent: QWidget, done: Any) -> None:
    """Read on the db lane, build and write on the net lane, with progress; then open the PDF."""
    from .report_jobs import start_case_report

    start_case_report(session, kind, assessment_id, path, parent, done=done)
