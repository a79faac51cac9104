"""The supervisor's team dashboard: counts by status and researcher, overdue submissions and the average
answer time in working days (domain.review.team_dashboard over the vault's assessments and histories)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from ...domain.review import Dashboard, answered_since, team_dashboard
from ...domain.workflow import STATUS_LABELS, Status
from ..i18n import tr
from ..qt import QAbstractItemView, QEvent, QGridLayout, QLabel, QTableWidget, QTableWidgetItem, QWidget
from .loader import rules_of

C = "Dashboard"
STATUSES = [s.value for s in Status]


CHUNK = 500   # histories per db-lane task: other vault work interleaves while a big team's board loads
ANSWER_WINDOW_DAYS = 90   # the average answer time covers this recent period (histories older are not read)


def window_start(today: date) -> date:
    return today - timedelta(days=ANSWER_WINDOW_DAYS)


def load_facts(vault: Any, since: date | None) -> tuple[list[Any], list[str]]:
    """Runs on the db lane: what the board counts of every assessment (the vault's statistics digests, not
    whole records), and the ids whose history may hold an answer since `since`."""
    facts = list(vault.statistics_facts())
    return facts, [f.id for f in facts if answered_since(f, since)]


def load_events(vault: Any, ids: list[str]) -> dict[str, list[Any]]:
    """Runs on the db lane: the histories of one chunk of assessments."""
    return {assessment_id: vault.events_of(assessment_id) for assessment_id in ids}


def finish_board(vault: Any, facts: list[Any], events: dict[str, list[Any]], rules: Any, today: date) -> Dashboard:
    """Runs on the db lane: the board, its few overdue items shown with their whole assessment (the name)."""
    board = team_dashboard(facts, events, today=today, rules=rules, since=window_start(today))
    board.overdue = [replace(item, row=vault.get_assessment(item.assessment_id)) for item in board.overdue]
    return board


def load_dashboard(vault: Any, work_week: str, today: date) -> Dashboard:
    """Runs on the db lane, in one go (headless callers and benchmarks)."""
    facts, ids = load_facts(vault, window_start(today))
    return finish_board(vault, facts, load_events(vault, ids), rules_of(vault, work_week), today)


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
        self._facts: list[Any] = []
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
        """Load what the board counts, then the recent histories CHUNK at a time, then show the board."""
        self._generation += 1
        generation, today = self._generation, date.today()
        self.session.run(lambda vault: load_facts(vault, window_start(today)),
                         on_done=lambda result: self._facts_loaded(generation, today, *result))

    def _facts_loaded(self, generation: int, today: date, facts: list[Any], ids: list[str]) -> None:
        if generation != self._generation:   # a newer refresh started meanwhile
            return
        self._facts, self._events = facts, {}
        self._next_chunk(generation, today, ids, 0)

    def _next_chunk(self, generation: int, today: date, ids: list[str], offset: int) -> None:
        if offset >= len(ids):
            week = self.session.settings.work_week
            self.session.run(lambda vault: finish_board(vault, self._facts, self._events, rules_of(vault, week),
                                                        today),
                             on_done=lambda board: self._finish(generation, board))
            return
        part = ids[offset:offset + CHUNK]
        self.session.run(lambda vault: load_events(vault, part),
                         on_done=lambda events: self._chunk_loaded(generation, today, ids, offset, events))

    def _chunk_loaded(self, generation: int, today: date, ids: list[str], offset: int,
                      events: dict[str, list[Any]]) -> None:
        if generation != self._generation:
            return
        self._events.update(events)
        self._next_chunk(generation, today, ids, offset + CHUNK)

    def _finish(self, generation: int, board: Dashboard) -> None:
        if generation == self._generation:
            self.show_board(board)

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
            self.by_researcher.setItem(row, 0, QTableWidgetItem(self.session.person(name)))
            for column, status in enumerate(STATUSES, start=1):
                self.by_researcher.setItem(row, column, QTableWidgetItem(fmt.number(counts.get(status, 0))))
        self.overdue.setColumnCount(4)
        self.overdue.setHorizontalHeaderLabels([tr(C, "Head of household"), tr(C, "Researcher"),
                                                tr(C, "Submitted"), tr(C, "Working days")])
        self.overdue.setRowCount(len(board.overdue))
        for row, item in enumerate(board.overdue):
            name = str((item.row.answers or {}).get("head_name", "")) if item.row is not None else ""
            for column, text in enumerate((name, self.session.person(item.researcher), fmt.date(item.submitted_at),
                                           fmt.number(item.age_days))):
                self.overdue.setItem(row, column, QTableWidgetItem(text))
        for table in (self.by_status, self.by_researcher, self.overdue):
            table.resizeColumnsToContents()
