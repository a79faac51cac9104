"""Open assignments (applications head office turned into visits); activating one starts its assessment."""

from __future__ import annotations

from typing import Any

from ..domain.entities import CATEGORIES
from .i18n import tr
from .qt import QEvent, QLabel, QListWidget, QListWidgetItem, Qt, QVBoxLayout, QWidget

C = "Assignments"


class AssignmentsView(QWidget):
    def __init__(self, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.session = workspace.session
        self.setObjectName("assignmentsView")
        self.title = QLabel()
        self.title.setObjectName("assignmentsTitle")
        self.list = QListWidget()
        self.list.setObjectName("assignmentList")
        self.list.itemActivated.connect(self._start)
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addWidget(self.list, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr(C, "Visits assigned to you. Press Enter or double-click to start the assessment."))
        self.list.setAccessibleName(tr(C, "Assignments"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        self.session.run(lambda v: list(v.list_assignments(status="open")), on_done=self._show)

    def _show(self, assignments: list[Any]) -> None:
        fmt, lang = self.session.fmt, self.session.lang
        self.list.clear()
        for a in sorted(assignments, key=lambda a: a.received_date or a.created_at):
            category = CATEGORIES.get(a.category, {}).get(lang, a.category)
            item = QListWidgetItem(f"{a.applicant_name} — {a.district} — {category} — {fmt.date(a.received_date)}")
            item.setData(Qt.ItemDataRole.UserRole, a)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _start(self, item: QListWidgetItem) -> None:
        self.workspace.start_from_assignment(item.data(Qt.ItemDataRole.UserRole))
