"""The case list model: pages rows from the vault (count_cases/page_cases), never loads them all.

Only the row count and a few pages of CaseRow live in memory. A page not yet loaded shows "…" while the
db lane fetches it, then dataChanged repaints those rows. Filters (status, search text) coalesce: while a
count is in flight only the newest request is kept, so fast typing never queues stale searches.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from typing import Any

from ..domain.entities import CATEGORIES
from ..domain.workdays import working_days_between
from ..domain.workflow import STATUS_LABELS, Status
from .fmt import to_date
from .i18n import tr
from .qt import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from .session import Session

C = "CaseList"
COL_FILE, COL_HEAD, COL_CATEGORIES, COL_DISTRICT, COL_STATUS, COL_VISIT, COL_AGE = range(7)
HEADERS = ("File number", "Head of household", "Categories", "District", "Status", "Last visit",
           "Age (working days)")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ROW_ROLE})


def _header(column: int) -> str:
    # Literal calls so the translation tool finds every header.
    return [tr(C, "File number"), tr(C, "Head of household"), tr(C, "Categories"), tr(C, "District"),
            tr(C, "Status"), tr(C, "Last visit"), tr(C, "Age (working days)")][column]


class CaseTableModel(QAbstractTableModel):
    updated = Signal()                # the first page of a new filter is shown
    reloaded = Signal(int)            # the full count is known (for the "N cases" label)

    def __init__(self, session: Session, page_size: int = 60, max_pages: int = 40) -> None:
        super().__init__()
        self.session = session
        self.page_size = page_size
        self.max_pages = max_pages
        self.status: str | None = None
        self.query = ""
        self._count = 0
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._pending_pages: set[int] = set()
        self._generation = 0
        self._counting = False
        self._queued: tuple[str | None, str] | None = None
        self.today = date.today()
        self.exact = True             # False while only the first page's rows are counted
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(250)
        self._count_timer.timeout.connect(self._start_count)

    # -- filters -------------------------------------------------------------------------------------
    def set_filter(self, status: str | None, query: str) -> None:
        """Show the first page of the new filter as soon as it is read; count the rest afterwards.

        Counting every match of a one-letter prefix costs as much as reading the first page, so the list
        updates first (with as many rows as the first page) and grows to the full count when the typing
        pauses; a newer keystroke makes the pending count moot.
        """
        if self._counting:
            self._queued = (status, query)
            return
        self.status, self.query = status, query
        self._generation += 1
        generation = self._generation
        self._counting = True
        self._count_timer.stop()
        limit = self.page_size
        self.session.run(lambda v: list(v.page_cases(0, limit, status=status, query=query)),
                         on_done=lambda rows: self._first_page(generation, rows), on_error=self._count_failed)

    def refresh(self) -> None:
        self.set_filter(self.status, self.query)

    def _first_page(self, generation: int, first: list[Any]) -> None:
        self._counting = False
        if generation == self._generation and self._queued is None:
            self.beginResetModel()
            self._count = len(first)
            self.exact = len(first) < self.page_size
            self._pages.clear()
            self._pending_pages.clear()
            self._pages[0] = first
            self.today = date.today()
            self.endResetModel()
            self.updated.emit()
            if self.exact:
                self.reloaded.emit(self._count)
            elif self.session.runner.synchronous:
                self._start_count()
            else:
                self._count_timer.start()
        self._run_queued()

    def _start_count(self) -> None:
        generation, status, query = self._generation, self.status, self.query
        if self._counting or self._queued is not None:
            return
        self.session.run(lambda v: int(v.count_cases(status=status, query=query)),
                         on_done=lambda total: self._counted(generation, total),
                         on_error=self._count_failed)

    def _counted(self, generation: int, total: int) -> None:
        if generation != self._generation or self.exact:
            return
        self.exact = True
        if total > self._count:
            self.beginInsertRows(QModelIndex(), self._count, total - 1)
            self._count = total
            self.endInsertRows()
        self.reloaded.emit(self._count)

    def _count_failed(self, exc: BaseException) -> None:
        self._counting = False
        self.session.runner.failed.emit(exc)
        self._run_queued()

    def _run_queued(self) -> None:
        if self._queued is not None:
            status, query = self._queued
            self._queued = None
            self.set_filter(status, query)

    def clear(self) -> None:
        self.beginResetModel()
        self._count = 0
        self._pages.clear()
        self.endResetModel()

    # -- rows ----------------------------------------------------------------------------------------
    def row_at(self, row: int) -> Any | None:
        page, offset = divmod(row, self.page_size)
        rows = self._pages.get(page)
        if rows is None:
            self._request(page)
            rows = self._pages.get(page)  # a synchronous runner fills it at once
            if rows is None:
                return None
        self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    def _request(self, page: int) -> None:
        if page in self._pending_pages:
            return
        self._pending_pages.add(page)
        generation, status, query = self._generation, self.status, self.query
        offset, limit = page * self.page_size, self.page_size
        self.session.run(lambda v: list(v.page_cases(offset, limit, status=status, query=query)),
                         on_done=lambda rows: self._page_loaded(generation, page, rows),
                         on_error=lambda exc: self._pending_pages.discard(page))

    def _page_loaded(self, generation: int, page: int, rows: list[Any]) -> None:
        self._pending_pages.discard(page)
        if generation != self._generation:
            return
        self._pages[page] = rows
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)
        first = page * self.page_size
        last = min(self._count, first + self.page_size) - 1
        if last >= first and not self.session.runner.synchronous:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADERS) - 1))

    # -- Qt model API --------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return _header(section)
        if orientation == Qt.Orientation.Vertical:
            return self.session.fmt.digits(section + 1)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks for a dozen roles per cell on every paint; answer the unused ones first and cheaply.
        if role not in _ROLES or not index.isValid() or index.row() >= self._count:
            return None
        row = self.row_at(index.row())
        if role == ROW_ROLE:
            return row
        if row is None:
            return "…"
        return self.cell(row, index.column())

    def cell(self, row: Any, column: int) -> str:
        fmt, lang = self.session.fmt, self.session.lang
        if column == COL_FILE:
            # An identifier, not a number: Latin as issued, isolated so RTL does not reorder its parts.
            return "\u2066" + str(getattr(row, "file_number", "") or "") + "\u2069"
        if column == COL_HEAD:
            return str(getattr(row, "head_name", "") or "")
        if column == COL_CATEGORIES:
            codes = getattr(row, "categories", None) or []
            return "، ".join(CATEGORIES.get(c, {}).get(lang, c) for c in codes) if lang == "ar" else \
                ", ".join(CATEGORIES.get(c, {}).get(lang, c) for c in codes)
        if column == COL_DISTRICT:
            return str(getattr(row, "district", "") or "")
        if column == COL_STATUS:
            status = getattr(row, "status", "") or ""
            try:
                return STATUS_LABELS[Status(status)][lang]
            except ValueError:
                return str(status)
        if column == COL_VISIT:
            return fmt.date(getattr(row, "last_visit", None))
        if column == COL_AGE:
            start = to_date(getattr(row, "submitted_at", None) or getattr(row, "updated_at", None))
            if start is None:
                return ""
            return fmt.digits(working_days_between(start, self.today, self.session.settings.work_week))
        return ""
