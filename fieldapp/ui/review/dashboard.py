"""The supervisor's team dashboard: counts by status and researcher, overdue submissions and the average
answer time in working days (domain.review.team_dashboard over the vault's assessments and histories)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ...domain.entities import Assessment
from ...domain.review import Dashboard, answered_since, team_dashboard
from ...domain.workflow import STATUS_LABELS, Status
from ..i18n import tr
from ..qt import QAbstractItemView, QEvent, QGridLayout, QLabel, QTableWidget, QTableWidgetItem, QWidget
from .loader import rules_of

C = "Dashboard"
STATUSES = [s.value for s in Status]


CHUNK = 200   # households per db-lane task: other vault work interleaves while a big team's board loads
ANSWER_WINDOW_DAYS = 90   # the average answer time covers this recent period (histories older are not read)


def window_start(today: date) -> date:
    return today - timedelta(days=ANSWER_WINDOW_DAYS)


def load_dashboard(vault: Any, work_week: str, today: date) -> Dashboard:
    """Runs on the db lane, in one go (headless callers and benchmarks)."""
    since = window_start(today)
    assessments = list(vault.iter_assessments())
    events = {a.id: vault.events_of(a.id) for a in assessments if answered_since(a, since)}
    return team_dashboard(assessments, events, today=today, rules=rules_of(vault, work_week), since=since)


def load_chunk(vault: Any, offset: int, limit: int,
               since: date | None = None) -> tuple[list[Assessment], dict[str, list[Any]], int]:
    """Runs on the db lane: the assessments of one page of households, and the histories that may hold an
    answer since `since`."""
    rows = vault.page_cases(offset, limit)
    assessments: list[Assessment] = []
    for row in rows:
        assessments.extend(vault.assessments_of(row.household_id))
    events = {a.id: vault.events_of(a.id) for a in assessments if answered_since(a, since)}
    return assessments, events, len(rows)


def _table(name: str) -> QTableWidget:
    table = QTableWidget(0, 0)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class DashboardView(QWidget):
    def __init__(self, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.session = workspace.session
        self.setObjectName("teamDashboard")
        self.headline = QLabel()
        self.headline.setObjectName("dashboardHeadline")
        self.headline.setWordWrap(True)
        self.by_status = _table("countsByStatus")
        self.by_researcher = _table("countsByResearcher")
        self.overdue = _table("overdueItems")
        self.titles = [QLabel(), QLabel(), QLabel()]
        grid = QGridLayout(self)
        grid.addWidget(self.headline, 0, 0, 1, 2)
        grid.addWidget(self.titles[0], 1, 0)
        grid.addWidget(self.titles[1], 1, 1)
        grid.addWidget(self.by_status, 2, 0)
        grid.addWidget(self.by_researcher, 2, 1)
        grid.addWidget(self.titles[2], 3, 0, 1, 2)
        grid.addWidget(self.overdue, 4, 0, 1, 2)
        from ..report_widgets import StatisticsBar  # the statistics report over a period (a PDF job)

        self.statistics = StatisticsBar(self.session)
        grid.addWidget(self.statistics, 5, 0, 1, 2)
        self.board: Dashboard | None = None
        self._generation = 0
        self._assessments: list[Assessment] = []
        self._events: dict[str, list[Any]] = {}
        self.retranslate()

    def retranslate(self) -> None:
        texts = [tr(C, "By status"), tr(C, "By researcher"), tr(C, "Overdue (past the answer deadline)")]
        for label, text in zip(self.titles, texts, strict=True):
            label.setText(text)
        for table, text in zip((self.by_status, self.by_researcher, self.overdue), texts, strict=True):
            table.setAccessibleName(text)
        if self.board is not None:
            self.show_board(self.board)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        """Load page by page (CHUNK households per task), then compute and show the board."""
        self._generation += 1
        self._assessments, self._events = [], {}
        self._next_chunk(self._generation, 0)

    def _next_chunk(self, generation: int, offset: int) -> None:
        since = window_start(date.today())
        self.session.run(lambda vault: load_chunk(vault, offset, CHUNK, since),
                         on_done=lambda result: self._chunk_loaded(generation, offset, result))

    def _chunk_loaded(self, generation: int, offset: int,
                      result: tuple[list[Assessment], dict[str, list[Any]], int]) -> None:
        if generation != self._generation:   # a newer refresh started meanwhile
            return
        assessments, events, households = result
        self._assessments.extend(assessments)
        self._events.update(events)
        if households == CHUNK:
            self._next_chunk(generation, offset + CHUNK)
            return
        week = self.session.settings.work_week
        self.session.run(lambda vault: rules_of(vault, week), on_done=lambda rules: self._finish(generation, rules))

    def _finish(self, generation: int, rules: Any) -> None:
        if generation != self._generation:
            return
        seen: dict[str, Assessment] = {a.id: a for a in self._assessments}   # a page shift may repeat one
        today = date.today()
        self.show_board(team_dashboard(seen.values(), self._events, today=today, rules=rules,
                                       since=window_start(today)))

    def show_board(self, board: Dashboard) -> None:
        self.board = board
        fmt, lang = self.session.fmt, self.session.lang
        average = (tr(C, "no answers yet") if board.average_answer_days is None
                   else fmt.digits(f"{board.average_answer_days:.1f}"))
        self.headline.setText(
            tr(C, "%1 assessments · %2 waiting · %3 overdue · average answer time: %4 working days "
                  "(deadline %5; answers of the last %6 days)")
            .replace("%1", fmt.number(board.total)).replace("%2", fmt.number(board.waiting))
            .replace("%3", fmt.number(len(board.overdue))).replace("%4", average)
            .replace("%5", fmt.number(board.deadline_days)).replace("%6", fmt.number(ANSWER_WINDOW_DAYS)))
        labels = [STATUS_LABELS[Status(s)][lang] for s in STATUSES]
        self.by_status.setColumnCount(2)
        self.by_status.setHorizontalHeaderLabels([tr(C, "Status"), tr(C, "Count")])
        self.by_status.setRowCount(len(STATUSES))
        for row, (status, label) in enumerate(zip(STATUSES, labels, strict=True)):
            self.by_status.setItem(row, 0, QTableWidgetItem(label))
            self.by_status.setItem(row, 1, QTableWidgetItem(fmt.number(board.by_status.get(status, 0))))
        self.by_researcher.setColumnCount(len(STATUSES) + 1)
        self.by_researcher.setHorizontalHeaderLabels([tr(C, "Researcher"), *labels])
        self.by_researcher.setRowCount(len(board.by_researcher))
        for row, (name, counts) in enumerate(board.by_researcher.items()):
            self.by_researcher.setItem(row, 0, QTableWidgetItem(name))
            for column, status in enumerate(STATUSES, start=1):
                self.by_researcher.setItem(row, column, QTableWidgetItem(fmt.number(counts.get(status, 0))))
        self.overdue.setColumnCount(4)
        self.overdue.setHorizontalHeaderLabels([tr(C, "Head of household"), tr(C, "Researcher"),
                                                tr(C, "Submitted"), tr(C, "Working days")])
        self.overdue.setRowCount(len(board.overdue))
        for row, item in enumerate(board.overdue):
            name = str((item.row.answers or {}).get("head_name", "")) if item.row is not None else ""
            for column, text in enumerate((name, item.researcher, fmt.date(item.submitted_at),
                                           fmt.number(item.age_days))):
                self.overdue.setItem(row, column, QTableWidgetItem(text))
        for table in (self.by_status, self.by_researcher, self.overdue):
            table.resizeColumnsToContents()
