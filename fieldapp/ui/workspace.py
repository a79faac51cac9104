"""The unlocked workspace: navigation with counts on one side, the current view on the other
(case list, a registered view, a case, or the assessment editor)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..domain.entities import CATEGORIES, Assessment, Assignment, Household
from ..domain.workflow import Status
from . import navigation
from .caselist import CaseListView
from .caseview import CaseView
from .i18n import tr
from .qt import (
    QEvent,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from .session import Session

C = "Workspace"


class Workspace(QSplitter):
    editor_opened = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("workspace")
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(260)
        self.nav.currentRowChanged.connect(self._nav_changed)
        self.stack = QStackedWidget()
        self.stack.setObjectName("content")
        self.cases = CaseListView(session)
        self.cases.open_case.connect(self.open_case)
        self.cases.new_household.connect(self.new_household)
        self.case_view = CaseView(session)
        self.case_view.back.connect(self.show_current_entry)
        self.case_view.open_assessment.connect(self.open_assessment)
        self.case_view.new_assessment.connect(self.new_assessment)
        self.stack.addWidget(self.cases)
        self.stack.addWidget(self.case_view)
        self.addWidget(self.nav)
        # What head office refused at sync (a workflow step this role may not take) shows above every view.
        from .review.notices import NoticesBanner

        self.notices = NoticesBanner(session)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.notices)
        column.addWidget(self.stack, 1)
        self.addWidget(right)
        self.setStretchFactor(1, 1)
        self.views: dict[str, QWidget] = {}
        self.entries: list[navigation.NavEntry] = []
        self.counts: dict[str, int] = {}
        self.editor: Any = None
        session.data_changed.connect(self.refresh)

    # -- navigation ----------------------------------------------------------------------------------
    def start(self) -> None:
        """Called after unlock: build navigation for this user's role, show the first entry."""
        self.entries = navigation.entries_for(self.session.actor.role)
        self.nav.blockSignals(True)
        self.nav.clear()
        for entry in self.entries:
            item = QListWidgetItem(entry.title())
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            self.nav.addItem(item)
        self.nav.blockSignals(False)
        self.nav.setAccessibleName(tr(C, "Navigation"))
        first = next((n for n, e in enumerate(self.entries) if e.key == "drafts"), 0)
        self.nav.setCurrentRow(first)
        self._nav_changed(first)
        self.refresh_counts()
        self.notices.refresh()

    def entry(self) -> navigation.NavEntry | None:
        row = self.nav.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def select(self, key: str) -> None:
        for n, entry in enumerate(self.entries):
            if entry.key == key:
                self.nav.setCurrentRow(n)
                return

    def _nav_changed(self, row: int) -> None:
        if self.editor is not None:
            self.close_editor()
        self.show_current_entry()

    def show_current_entry(self) -> None:
        entry = self.entry()
        if entry is None:
            return
        if entry.make_view is None:
            self.cases.show_status(entry.status)
            self.stack.setCurrentWidget(self.cases)
            return
        view = self.views.get(entry.key)
        if view is None:
            view = entry.make_view(self)
            self.views[entry.key] = view
            self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        if hasattr(view, "refresh"):
            view.refresh()

    def refresh(self) -> None:
        self.refresh_counts()
        self.notices.refresh()
        current = self.stack.currentWidget()
        if current is self.cases:
            self.cases.refresh()
        elif current is not self.case_view and current is not self.editor and hasattr(current, "refresh"):
            current.refresh()

    def refresh_counts(self) -> None:
        entries = [(e.key, e.count) for e in self.entries if e.count is not None]

        def count(vault: Any) -> dict[str, int]:
            result = {}
            for key, fn in entries:
                try:
                    result[key] = fn(vault)
                except Exception:  # a view whose data this vault lacks shows no count
                    continue
            return result

        self.session.run(count, on_done=self._show_counts)

    def _show_counts(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self.retranslate()

    def retranslate(self) -> None:
        for n, entry in enumerate(self.entries):
            item = self.nav.item(n)
            if item is None:
                continue
            count = self.counts.get(entry.key)
            text = entry.title() if count is None else f"{entry.title()} ({self.session.fmt.number(count)})"
            item.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- cases and assessments -----------------------------------------------------------------------
    def open_case(self, household_id: str) -> None:
        self.case_view.load(household_id)
        self.stack.setCurrentWidget(self.case_view)

    def open_assessment(self, household_id: str, assessment_id: str) -> None:
        from .forms import form_for

        def load(vault: Any) -> tuple[Any, Household, Assessment]:
            assessment = vault.get_assessment(assessment_id)
            return form_for(vault, assessment.form_id, assessment.form_version), \
                vault.get_household(household_id), assessment

        self.session.run(load, on_done=lambda r: self.show_editor(*r), on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.session.runner.failed.emit(exc)

    def _create(self, household: Household, answers: dict[str, Any],
                assignment: Assignment | None = None) -> None:
        from .forms import default_form

        form = default_form()
        actor = self.session.actor
        household.researcher, household.team = actor.username, actor.team
        assessment = Assessment(household_id=household.id, form_id=str(getattr(form, "form_id", "household_assessment")),
                                form_version=int(getattr(form, "version", 1)), answers=answers,
                                researcher=actor.username, team=actor.team, visit_date=answers.get("visit_date"))

        def create(vault: Any) -> tuple[Any, Household, Assessment]:
            with vault.transaction():
                vault.save_household(household)
                vault.save_assessment(assessment)
                if assignment is not None:
                    assignment.status, assignment.household_id = "in_progress", household.id
                    vault.save_assignment(assignment)
            return form, household, assessment

        self.session.run(create, on_done=lambda r: (self.show_editor(*r), self.refresh_counts()),
                         on_error=self._failed)

    def new_household(self) -> None:
        today = date.today().isoformat()
        self._create(Household(head_name=""), {"visit_date": today})

    def new_assessment(self, household_id: str) -> None:
        """A re-study: a new draft for the same household, starting from the last answers."""
        def load(vault: Any) -> tuple[Household, dict[str, Any]]:
            household = vault.get_household(household_id)
            previous = sorted(vault.assessments_of(household_id), key=lambda a: a.created_at)
            answers = dict(previous[-1].answers) if previous else {}
            answers["visit_date"] = date.today().isoformat()
            return household, answers

        self.session.run(load, on_done=lambda r: self._create(r[0], r[1]), on_error=self._failed)

    def start_from_assignment(self, assignment: Assignment) -> None:
        if assignment.household_id:
            self.open_case(assignment.household_id)
            return
        answers: dict[str, Any] = {"head_name": assignment.applicant_name, "visit_date": date.today().isoformat()}
        for name in ("national_id", "phone", "district"):
            if getattr(assignment, name):
                answers[name] = getattr(assignment, name)
        if assignment.category in CATEGORIES:
            answers["categories"] = [assignment.category]
        household = Household(head_name=assignment.applicant_name, national_id=assignment.national_id,
                              phone=assignment.phone, district=assignment.district,
                              categories=list(answers.get("categories", [])), assignment_id=assignment.id)
        self._create(household, answers, assignment)

    def show_editor(self, form: Any, household: Household, assessment: Assessment) -> None:
        from .editor.editor import AssessmentEditor

        if self.editor is not None:
            self.close_editor()
        self.editor = AssessmentEditor(self.session, form, household, assessment)
        self.editor.closed.connect(self._editor_closed)
        self.stack.addWidget(self.editor)
        self.stack.setCurrentWidget(self.editor)
        self.editor_opened.emit(self.editor)
        if Status(assessment.status) in (Status.DRAFT, Status.RETURNED):
            self.editor.progress.setFocus()

    def close_editor(self) -> None:
        if self.editor is not None:
            self.editor.close_editor()

    def _editor_closed(self) -> None:
        editor, self.editor = self.editor, None
        if editor is None:
            return
        household_id = editor.household.id
        self.stack.removeWidget(editor)
        editor.deleteLater()
        self.open_case(household_id)
