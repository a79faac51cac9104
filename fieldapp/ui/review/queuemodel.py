"""The review queue as a table model: the team's submitted assessments, oldest first, with age in working
days; overdue rows (past head office's answer deadline) are highlighted and carry OVERDUE_ROLE."""

from __future__ import annotations

from typing import Any

from ...domain.entities import CATEGORIES
from ...domain.review import QueueItem
from ...domain.workflow import Status
from ..i18n import tr
from ..qt import QAbstractTableModel, QColor, QFont, QModelIndex, QPersistentModelIndex, Qt

C = "ReviewQueue"
COL_FILE, COL_NAME, COL_RESEARCHER, COL_DISTRICT, COL_CATEGORIES, COL_SUBMITTED, COL_AGE = range(7)
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1        # the QueueItem
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 2     # bool
OVERDUE_BACKGROUND = QColor("#fde2e1")

Index = QModelIndex | QPersistentModelIndex


class ReviewQueueModel(QAbstractTableModel):
    def __init__(self, session: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.items: list[QueueItem] = []

    def set_items(self, items: list[QueueItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = [tr(C, "File no."), tr(C, "Head of household"), tr(C, "Researcher"), tr(C, "District"),
                  tr(C, "Categories"), tr(C, "Submitted"), tr(C, "Age (working days)")]
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == ITEM_ROLE:
            return item
        if role == OVERDUE_ROLE:
            return item.overdue
        if role == Qt.ItemDataRole.BackgroundRole and item.overdue:
            return OVERDUE_BACKGROUND
        if role == Qt.ItemDataRole.FontRole and item.overdue:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and item.overdue:
            return tr(C, "Overdue: past the answer deadline")
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, index.column())
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self._text(item, index.column())
            return f"{text} ({tr(C, 'overdue')})" if item.overdue and index.column() == COL_AGE else text
        return None

    def _text(self, item: QueueItem, column: int) -> str:
        row, fmt, lang = item.row, self.session.fmt, self.session.lang
        if column == COL_FILE:
            # An identifier, as the case list shows it: Latin digits, isolated left to right ("JED-2026-000038").
            return "\u2066" + str(getattr(row, "file_number", "") or "") + "\u2069"
        if column == COL_NAME:
            return str(getattr(row, "head_name", "") or "")
        if column == COL_RESEARCHER:
            return self.session.person(item.researcher)
        if column == COL_DISTRICT:
            return str(getattr(row, "district", "") or "")
        if column == COL_CATEGORIES:
            codes = getattr(row, "categories", []) or []
            return ("، " if lang == "ar" else ", ").join(CATEGORIES.get(c, {}).get(lang, c) for c in codes)
        if column == COL_SUBMITTED:
            return fmt.date(item.submitted_at)
        if column == COL_AGE:
            waiting = getattr(row, "status", Status.SUBMITTED.value) == Status.SUBMITTED.value
            return fmt.number(item.age_days) if waiting else ""
        return ""
