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


def save_assessment_report(session: Session, assessment_id: str, parent: QWidget,
                           done: Any = None) -> None:
    path, _ = QFileDialog.getSaveFileName(parent, tr(C, "Save the assessment report"), "report.pdf",
                                          tr(C, "PDF files (*.pdf)"))
    if not path:
        return
    lang = session.lang
    digits = "arabic" if session.settings.digits == "arabic" and lang == "ar" else "latin"

    def built(data: dict[str, Any]) -> None:
        session.runner.run(lambda: Path(path).write_bytes(build_pdf(data, lang, digits)), lane="net",
                           on_done=done, on_error=session.runner.failed.emit)

    session.run(lambda v: gather(v, assessment_id), on_done=built)
