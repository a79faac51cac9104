"""The supervisor's review queue: the team's submitted assessments, oldest first, age in working days,
overdue ones highlighted; Enter or double-click opens the read-only review with the decisions."""

from __future__ import annotations

from datetime import date
from typing import Any

from ...domain.review import QueueItem, build_queue
from ...domain.workflow import STATUS_LABELS, Status
from ..i18n import tr
from ..qt import (
    QAbstractItemView,
    QComboBox,
    QEvent,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QModelIndex,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from .loader import rules_of
from .queuemodel import (
    COL_AGE,
    COL_CATEGORIES,
    COL_DISTRICT,
    COL_FILE,
    COL_NAME,
    COL_RESEARCHER,
    COL_SUBMITTED,
    ITEM_ROLE,
    ReviewQueueModel,
)
from .view import ReviewView

C = "ReviewQueue"


MAX_OTHER_ROWS = 500   # decided cases are listed newest first; search narrows them


def load_queue(vault: Any, work_week: str, today: date, status: str = Status.SUBMITTED.value,
               query: str = "") -> list[QueueItem]:
    """Runs on the db lane. Submitted cases: all of them, oldest first, with age and overdue. Another status
    (head office looking for an approved case to reopen): the newest first, no age."""
    total = vault.count_cases(status=status, query=query)
    if status == Status.SUBMITTED.value:
        rows = vault.page_cases(0, total, status=status, query=query) if total else []
        return build_queue(rows, today=today, rules=rules_of(vault, work_week))
    rows = vault.page_cases(0, min(total, MAX_OTHER_ROWS), status=status, query=query) if total else []
    return [QueueItem(str(r.assessment_id or ""), r.household_id, str(r.submitted_at or ""), r.researcher,
                      row=r) for r in rows if r.assessment_id]


class ReviewQueueView(QStackedWidget):
    def __init__(self, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.session = workspace.session
        self.setObjectName("reviewQueueView")
        self.summary = QLabel()
        self.summary.setObjectName("queueSummary")
        self.status = QComboBox()
        self.status.setObjectName("queueStatus")
        for status in (Status.SUBMITTED, Status.RETURNED, Status.APPROVED, Status.REJECTED):
            self.status.addItem(STATUS_LABELS[status][self.session.lang], status.value)
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.search = QLineEdit()
        self.search.setObjectName("queueSearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.refresh())
        self.model = ReviewQueueModel(self.session, self)
        self.table = QTableView()
        self.table.setObjectName("reviewQueue")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for column, width in ((COL_FILE, 150), (COL_RESEARCHER, 70), (COL_DISTRICT, 90), (COL_CATEGORIES, 130),
                              (COL_SUBMITTED, 235), (COL_AGE, 100)):
            header.resizeSection(column, width)   # wide enough for an ID and a Gregorian + Hijri date
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self.open_index)
        self.table.doubleClicked.connect(self.open_index)
        page = QWidget()
        box = QVBoxLayout(page)
        filters = QHBoxLayout()
        filters.addWidget(self.status)
        filters.addWidget(self.search, 1)
        box.addLayout(filters)
        box.addWidget(self.summary)
        box.addWidget(self.table, 1)
        self.review = ReviewView(self.session)
        self.review.back.connect(self.show_queue)
        self.review.decided.connect(lambda _action: self.refresh())
        self.addWidget(page)
        self.addWidget(self.review)
        self.queue_page = page
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setAccessibleName(tr(C, "Review queue"))
        self.status.setAccessibleName(tr(C, "Show cases that are"))
        self.search.setAccessibleName(tr(C, "Search by name, ID, phone or file number"))
        self.search.setPlaceholderText(tr(C, "Search by name, ID, phone or file number"))
        for row in range(self.status.count()):
            self.status.setItemText(row, STATUS_LABELS[Status(self.status.itemData(row))][self.session.lang])
        self._summarise()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        week, status, query = self.session.settings.work_week, self.status.currentData(), self.search.text()
        self.session.run(lambda vault: load_queue(vault, week, date.today(), status, query), on_done=self._loaded)

    def _loaded(self, items: list[QueueItem]) -> None:
        self.model.set_items(items)
        self._summarise()

    def _summarise(self) -> None:
        items = self.model.items
        overdue = sum(1 for item in items if item.overdue)
        fmt = self.session.fmt
        if self.status.currentData() != Status.SUBMITTED.value:
            self.summary.setText(tr(C, "%1 cases (newest first)").replace("%1", fmt.number(len(items))))
            return
        text = tr(C, "%1 waiting for review, %2 overdue (oldest first)")
        self.summary.setText(text.replace("%1", fmt.number(len(items))).replace("%2", fmt.number(overdue)))

    def open_index(self, index: QModelIndex) -> None:
        item = self.model.data(index, ITEM_ROLE)
        if item is not None:
            self.open_assessment(item.assessment_id)

    def open_assessment(self, assessment_id: str) -> None:
        self.review.load(assessment_id)
        self.setCurrentWidget(self.review)

    def show_queue(self) -> None:
        self.setCurrentWidget(self.queue_page)
        self.refresh()
