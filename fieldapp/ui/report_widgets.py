"""The widgets of report jobs (fieldapp.ui.report_jobs): the small non-modal progress window, and the
dashboard's statistics bar (period presets, from/to dates, the button)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from .i18n import tr
from .qt import (
    QCheckBox,
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QEvent,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Slot,
)

C = "ReportJobs"
PRESETS = ("this_month", "last_3_months", "last_6_months", "this_year", "last_year")
DEFAULT_PRESET = "last_6_months"


def period(preset: str, today: date) -> tuple[date, date]:
    """A preset period as (first day, last day); periods that are still running end today."""
    if preset == "this_month":
        return today.replace(day=1), today
    if preset in ("last_3_months", "last_6_months"):
        months = 3 if preset == "last_3_months" else 6
        year, month = divmod(today.year * 12 + today.month - 1 - (months - 1), 12)
        return date(year, month + 1, 1), today
    if preset == "this_year":
        return date(today.year, 1, 1), today
    if preset == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    raise ValueError(preset)


def _preset_label(preset: str) -> str:
    return {"this_month": tr(C, "This month"), "last_3_months": tr(C, "The last 3 months"),
            "last_6_months": tr(C, "The last 6 months"), "this_year": tr(C, "This year"),
            "last_year": tr(C, "Last year")}[preset]


class ReportProgress(QDialog):
    """Non-modal: the app stays usable while the report is built. Shows the phase, a bar, "open when
    ready", and Cancel (which becomes Close when the job failed and shows why)."""

    def __init__(self, job: Any, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job, self.session = job, session
        self.setObjectName("reportProgress")
        self.setModal(False)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.phase = QLabel()
        self.phase.setObjectName("reportPhase")
        self.phase.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setObjectName("reportProgressBar")
        self.bar.setRange(0, 100)
        self.open_box = QCheckBox()
        self.open_box.setObjectName("openReportWhenReady")
        self.open_box.setChecked(bool(session.settings.open_reports))
        self.open_box.toggled.connect(job.set_open_reports)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelReport")
        self.cancel_button.clicked.connect(self._cancel_or_close)
        self.error = ""
        box = QVBoxLayout(self)
        box.addWidget(self.phase)
        box.addWidget(self.bar)
        box.addWidget(self.open_box)
        box.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignRight)
        job.progressed.connect(self.show_progress)
        job.failed.connect(self.show_error)
        self._phase_key = "read"
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr(C, "Report"))
        self.open_box.setText(tr(C, "Open the report when it is ready"))
        self.cancel_button.setText(tr(C, "Close") if self.error else tr(C, "Cancel"))
        self.bar.setAccessibleName(tr(C, "Report progress"))
        self.phase.setText(self.error or self._phase_text(self._phase_key))
        for widget in (self.open_box, self.cancel_button):
            widget.setAccessibleName(widget.text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @staticmethod
    def _phase_text(phase: str) -> str:
        return {"read": tr(C, "Reading the cases…"), "build": tr(C, "Building the PDF…"),
                "write": tr(C, "Saving the file…")}.get(phase, "")

    @Slot(int, str)
    def show_progress(self, percent: int, phase: str) -> None:
        self._phase_key = phase
        self.bar.setValue(percent)
        if not self.error:
            self.phase.setText(self._phase_text(phase))

    def show_error(self, message: str) -> None:
        self.error = tr(C, "The report was not saved.") + " " + message
        self.bar.hide()
        self.open_box.hide()
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)   # kept only until the user has read it
        self.retranslate()
        self.show()

    def _cancel_or_close(self) -> None:
        if self.error:
            self.close()
        else:
            self.job.cancel()


class StatisticsBar(QWidget):
    """On the team dashboard: a period (preset or own dates) and the statistics report button."""

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("statisticsReportBar")
        self.job: Any = None
        self.title = QLabel()
        self.title.setObjectName("statisticsPeriodTitle")
        self.preset = QComboBox()
        self.preset.setObjectName("statisticsPeriod")
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for edit, name in ((self.date_from, "statisticsFrom"), (self.date_to, "statisticsTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.hijri_span = QLabel()   # the period in Umm al-Qura too, when the calendar setting shows Hijri
        self.hijri_span.setObjectName("statisticsPeriodHijri")
        self.button = QPushButton()
        self.button.setObjectName("statisticsReport")
        self.button.clicked.connect(self.save)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.title, self.preset, self.date_from, self.date_to, self.hijri_span, self.button):
            row.addWidget(widget)
        row.addStretch(1)
        self.retranslate()
        self.preset.setCurrentIndex(PRESETS.index(DEFAULT_PRESET))
        self.apply_preset()
        self.preset.currentIndexChanged.connect(self.apply_preset)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.show_hijri)
        self.show_hijri()   # the preset's dates were set before the signal was connected

    def retranslate(self) -> None:
        index = self.preset.currentIndex()
        self.preset.blockSignals(True)
        self.preset.clear()
        for preset in PRESETS:
            self.preset.addItem(_preset_label(preset), preset)
        self.preset.setCurrentIndex(max(0, index))
        self.preset.blockSignals(False)
        self.title.setText(tr(C, "Statistics over"))
        self.preset.setAccessibleName(tr(C, "Period of the statistics report"))
        self.date_from.setAccessibleName(tr(C, "From"))
        self.date_to.setAccessibleName(tr(C, "To"))
        self.button.setText(tr(C, "Statistics report (PDF)…"))
        self.button.setAccessibleName(self.button.text())
        self.show_hijri()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def apply_preset(self, *_args: Any) -> None:
        start, end = period(str(self.preset.currentData() or DEFAULT_PRESET), date.today())
        self.date_from.setDate(QDate(start.year, start.month, start.day))
        self.date_to.setDate(QDate(end.year, end.month, end.day))

    def show_hijri(self, *_args: Any) -> None:
        fmt = self.session.fmt
        start, end = self.chosen_period()
        first, last = fmt.hijri(start), fmt.hijri(end)
        shown = fmt.calendar != "gregorian" and bool(first and last)
        self.hijri_span.setText(tr(C, "(%1 to %2)").replace("%1", first).replace("%2", last) if shown else "")
        self.hijri_span.setVisible(shown)

    def chosen_period(self) -> tuple[date, date]:
        start, end = self.date_from.date().toPython(), self.date_to.date().toPython()
        return (start, end) if start <= end else (end, start)   # dates typed the wrong way round

    def save(self) -> None:
        from .report_jobs import start_statistics_report

        start, end = self.chosen_period()
        name = f"statistics-{start.isoformat()}-{end.isoformat()}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, tr(C, "Save the statistics report"), name,
                                              tr(C, "PDF files (*.pdf)"))
        if path:
            self.job = start_statistics_report(self.session, Path(path), start, end, self)
