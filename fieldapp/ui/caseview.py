"""One household: summary, assessments over time, decision history and attachments."""

from __future__ import annotations

from html import escape
from typing import Any

from ..domain.entities import CATEGORIES, Assessment, Household
from ..domain.workflow import STATUS_LABELS, Status
from .i18n import tr
from .qt import (
    QEvent,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from .richtext import row, table
from .session import Session
from .widgets import push_button

C = "CaseView"


class CaseView(QWidget):
    open_assessment = Signal(str, str)      # household id, assessment id
    new_assessment = Signal(str)            # household id (a re-study)
    back = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("caseView")
        self.household: Household | None = None
        self.summary = QLabel()
        self.summary.setObjectName("householdSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.assessments = QListWidget()
        self.assessments.setObjectName("assessmentList")
        self.assessments.itemActivated.connect(self._open_item)
        from .review.timeline import TimelineWidget  # who, role, when, device, comment; chain verified

        self.history = TimelineWidget(session)
        self.history.setObjectName("decisionHistory")
        self.files = QListWidget()
        self.files.setObjectName("caseAttachments")
        self.labels = [QLabel(), QLabel(), QLabel()]
        for label, name in zip(self.labels, ("assessmentsTitle", "historyTitle", "attachmentsTitle"), strict=True):
            label.setObjectName(name)
        self.back_button = self._button("backToList", self.back.emit)
        self.open_button = self._button("openAssessment", self._open_current)
        self.new_button = self._button("newAssessment", self._new)
        self.report_button = self._button("assessmentReport", self._report)
        self.sponsor_button = self._button("sponsorReport", self._sponsor_report)
        buttons = QHBoxLayout()
        for b in (self.back_button, self.open_button, self.new_button, self.report_button, self.sponsor_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        columns = QHBoxLayout()
        for label, widget in zip(self.labels, (self.assessments, self.history, self.files), strict=True):
            col = QVBoxLayout()
            col.addWidget(label)
            col.addWidget(widget, 1)
            columns.addLayout(col, 1)
        box = QVBoxLayout(self)
        box.addLayout(buttons)
        box.addWidget(self.summary)
        box.addLayout(columns, 1)
        self.retranslate()

    _button = staticmethod(push_button)

    def retranslate(self) -> None:
        self.back_button.setText(tr(C, "Back to the list"))
        self.open_button.setText(tr(C, "Open assessment"))
        self.new_button.setText(tr(C, "New assessment (re-study)"))
        self.report_button.setText(tr(C, "Assessment report (PDF)…"))
        self.sponsor_button.setText(tr(C, "Sponsor report (PDF)…"))
        for b in (self.back_button, self.open_button, self.new_button, self.report_button, self.sponsor_button):
            b.setAccessibleName(b.text())
        self.labels[0].setText(tr(C, "Assessments over time"))
        self.labels[1].setText(tr(C, "Decision history"))
        self.labels[2].setText(tr(C, "Attachments"))
        self.assessments.setAccessibleName(tr(C, "Assessments over time"))
        self.history.setAccessibleName(tr(C, "Decision history"))
        self.files.setAccessibleName(tr(C, "Attachments"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def load(self, household_id: str) -> None:
        def fetch(vault: Any) -> tuple[Household, list[Assessment], list[Any], list[Any]]:
            household = vault.get_household(household_id)
            assessments = sorted(vault.assessments_of(household_id), key=lambda a: a.created_at)
            events, files = [], []
            for a in assessments:
                events.extend(vault.events_of(a.id))
                files.extend(vault.attachments_of(a.id))
            return household, assessments, events, files

        self.session.run(fetch, on_done=self._show, on_error=lambda e: self.summary.setText(self.session.message(e)))

    def _show(self, data: tuple[Household, list[Assessment], list[Any], list[Any]]) -> None:
        household, assessments, events, files = data
        self.household = household
        fmt, lang = self.session.fmt, self.session.lang
        cats = ("، " if lang == "ar" else ", ").join(CATEGORIES.get(c, {}).get(lang, c) for c in household.categories)
        rows = [
            (tr(C, "Head of household"), household.head_name),
            (tr(C, "File number"), "\u2066" + household.file_number + "\u2069"),
            (tr(C, "ID number"), fmt.digits(household.national_id)),
            (tr(C, "Phone"), fmt.digits(household.phone)),
            (tr(C, "District"), household.district),
            (tr(C, "Categories"), cats),
        ]
        rtl = lang == "ar"
        self.summary.setText(table("".join(row([f"<b>{escape(k)}</b>&nbsp;&nbsp;", escape(v or "—")], rtl)
                                           for k, v in rows), rtl))
        self.assessments.clear()
        for a in reversed(assessments):
            status = STATUS_LABELS[Status(a.status)][lang]
            item = QListWidgetItem(f"{fmt.date(a.visit_date or a.created_at)} — {status}")
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            if a.review_comment:
                item.setToolTip(a.review_comment)
            self.assessments.addItem(item)
        self.assessments.setCurrentRow(0)
        self.history.show_events(sorted(events, key=lambda ev: ev.at))
        self.files.clear()
        for f in files:
            # A Latin file name and size isolated left to right, else an Arabic layout turns it to "(KB 1) a.png".
            self.files.addItem(f"\u2068{f.filename}\u2069 \u2066({fmt.number(max(1, f.size // 1024))} KB)\u2069")

    def _open_item(self, item: QListWidgetItem) -> None:
        if self.household is not None:
            self.open_assessment.emit(self.household.id, str(item.data(Qt.ItemDataRole.UserRole)))

    def _open_current(self) -> None:
        item = self.assessments.currentItem()
        if item is not None:
            self._open_item(item)

    def _report(self) -> None:
        from .reports import save_assessment_report

        item = self.assessments.currentItem()
        if item is not None:
            save_assessment_report(self.session, str(item.data(Qt.ItemDataRole.UserRole)), self)

    def _sponsor_report(self) -> None:
        from .reports import save_sponsor_report

        item = self.assessments.currentItem()
        if item is not None:
            save_sponsor_report(self.session, str(item.data(Qt.ItemDataRole.UserRole)), self)

    def _new(self) -> None:
        if self.household is not None:
            self.new_assessment.emit(self.household.id)
