"""The case list: search-as-you-type over the paged model, a count, and a button for a new household."""

from __future__ import annotations

from typing import Any

from .casemodel import ROW_ROLE, CaseTableModel
from .i18n import tr
from .qt import (
    QAbstractItemView,
    QEvent,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QModelIndex,
    QPushButton,
    QShortcut,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)
from .session import Session

C = "CaseList"


class CaseListView(QWidget):
    open_case = Signal(str)        # household id
    new_household = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("caseListView")
        self.model = CaseTableModel(session)
        self.search = QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.new_button = QPushButton()
        self.new_button.setObjectName("newHousehold")
        self.new_button.clicked.connect(self.new_household)
        self.total = QLabel()
        self.total.setObjectName("caseCount")
        self.table = QTableView()
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # Fixed row heights and no row-number header: the view then never measures 100k rows.
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, width in enumerate((135, 200, 150, 100, 115, 250, 80)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.search.setFocus)
        self.model.reloaded.connect(self._show_total)
        self.model.updated.connect(lambda: None if self.model.exact else self._show_total(self.model.rowCount(), True))
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.total)
        box.addWidget(self.table, 1)
        self.status: str | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(tr(C, "Search by name, ID number, phone or file number"))
        self.search.setAccessibleName(tr(C, "Search cases"))
        self.new_button.setText(tr(C, "New household"))
        self.new_button.setAccessibleName(tr(C, "New household"))
        self.table.setAccessibleName(tr(C, "Cases"))
        self._show_total(self.model.rowCount())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_status(self, status: str | None) -> None:
        self.status = status
        self.model.set_filter(status, self.search.text())

    def refresh(self) -> None:
        self.model.refresh()

    def _search_changed(self, text: str) -> None:
        self.model.set_filter(self.status, text)

    def _show_total(self, total: int, at_least: bool = False) -> None:
        number = self.session.fmt.number(total) + ("+" if at_least else "")
        self.total.setText(tr(C, "Cases: %1").replace("%1", number))

    def _activated(self, index: QModelIndex) -> None:
        row: Any = self.model.data(index, ROW_ROLE)
        if row is not None:
            self.open_case.emit(str(row.household_id))
