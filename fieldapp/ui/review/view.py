"""The supervisor's read-only review of one assessment: answers (flagged fields marked), eligibility with
its reasons, changes since the last approved assessment, earlier assessments, attachments, duplicate
alerts and the history timeline — with the decisions the user's role allows (approve, return, reject;
reopen for head office).

A decision is a workflow step on the db lane (vault.transition); a local refusal is shown in plain words
under the buttons, and the server's later verdict arrives by sync (notices banner, timeline).
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from ...domain.review import DUPLICATE_REASONS, age_in_workdays
from ...domain.workflow import ACTION_LABELS, STATUS_LABELS, Action, Status, allowed_actions
from ..i18n import tr
from ..qt import (
    QEvent,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    Signal,
)
from .dialogs import Decision, DecisionDialog
from .loader import ReviewData, load_review
from .render import answers_html, change_texts, eligibility_html
from .timeline import TimelineWidget, reason_label

C = "Review"
DECISIONS = (Action.APPROVE, Action.RETURN, Action.REJECT, Action.REOPEN)


class ReviewView(QWidget):
    back = Signal()
    decided = Signal(str)        # the action taken (after the vault recorded it)
    loaded = Signal()

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("reviewView")
        self.data: ReviewData | None = None
        self.dialog: DecisionDialog | None = None
        self.header = self._label("reviewHeader")
        self.duplicates = self._label("duplicateAlerts", "color:#7a4b00;background:#fff4ce;padding:4px")
        self.error = self._label("decisionError", "color:#8a1c1c")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reviewTabs")
        self.answers = self._browser("reviewAnswers")
        self.eligibility = self._browser("eligibilityResult")
        self.baseline = self._label("changesBaseline")
        self.changes = QTableWidget(0, 3)
        self.changes.setObjectName("changesTable")
        self.changes.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.changes.horizontalHeader().setStretchLastSection(True)
        changes_page = QWidget()
        changes_box = QVBoxLayout(changes_page)
        changes_box.addWidget(self.baseline)
        changes_box.addWidget(self.changes, 1)
        self.earlier = QListWidget()
        self.earlier.setObjectName("earlierAssessments")
        # Enter or double-click opens an earlier assessment here, read-only like this one.
        self.earlier.itemActivated.connect(self._open_earlier)
        self.attachments_page = QWidget()
        self.attachments_box = QVBoxLayout(self.attachments_page)
        self.attachments: Any = None
        self.timeline = TimelineWidget(session)
        for page in (self.answers, self.eligibility, changes_page, self.earlier, self.attachments_page,
                     self.timeline):
            self.tabs.addTab(page, "")
        self.buttons: dict[Action, QPushButton] = {}
        row = QHBoxLayout()
        self.back_button = QPushButton()
        self.back_button.setObjectName("reviewBack")
        self.back_button.clicked.connect(self.back.emit)
        row.addWidget(self.back_button)
        row.addStretch(1)
        for action in DECISIONS:
            button = QPushButton()
            button.setObjectName(f"{action.value}Button")
            button.clicked.connect(lambda _=False, a=action: self.ask(a))
            button.hide()
            self.buttons[action] = button
            row.addWidget(button)
        box = QVBoxLayout(self)
        box.addLayout(row)
        for widget in (self.header, self.duplicates, self.error):
            box.addWidget(widget)
        box.addWidget(self.tabs, 1)
        self.duplicates.hide()
        self.duplicates.setTextFormat(Qt.TextFormat.RichText)
        self.duplicates.linkActivated.connect(self._open_link)
        self.retranslate()

    def _label(self, name: str, style: str = "") -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        if style:
            label.setStyleSheet(style)
        return label

    def _browser(self, name: str) -> QTextBrowser:
        browser = QTextBrowser()
        browser.setObjectName(name)
        browser.setOpenLinks(False)
        return browser

    def retranslate(self) -> None:
        titles = [tr(C, "Answers"), tr(C, "Eligibility"), tr(C, "Changes since last approval"),
                  tr(C, "Earlier assessments"), tr(C, "Attachments"), tr(C, "History")]
        for n, title in enumerate(titles):
            self.tabs.setTabText(n, title)
        self.back_button.setText(tr(C, "Back to the queue"))
        self.answers.setAccessibleName(tr(C, "Answers"))
        self.eligibility.setAccessibleName(tr(C, "Eligibility"))
        self.changes.setAccessibleName(tr(C, "Changes since last approval"))
        self.earlier.setAccessibleName(tr(C, "Earlier assessments"))
        self.changes.setHorizontalHeaderLabels([tr(C, "Field"), tr(C, "Before"), tr(C, "Now")])
        for action, button in self.buttons.items():
            button.setText(ACTION_LABELS[action][self.session.lang])
        for button in (self.back_button, *self.buttons.values()):
            button.setAccessibleName(button.text())
        if self.data is not None:
            self._show(self.data)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- loading -------------------------------------------------------------------------------------
    def load(self, assessment_id: str) -> None:
        lang, week = self.session.lang, self.session.settings.work_week
        self.error.clear()
        self.session.run(lambda vault: load_review(vault, assessment_id, lang=lang, work_week=week),
                         on_done=self._show, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(self.session.message(exc))

    def _show(self, data: ReviewData) -> None:
        self.data = data
        fmt, lang = self.session.fmt, self.session.lang
        a, h = data.assessment, data.household
        status = STATUS_LABELS[Status(a.status)][lang]
        age = age_in_workdays(a.submitted_at, date.today(), data.rules.work_week)
        # The file number keeps its Latin letters and order inside Arabic text (a left-to-right isolate).
        parts = [f"<b>{escape(h.head_name or '—')}</b>", escape(f"\u2066{h.file_number}\u2069" if h.file_number
                                                              else ""), escape(status),
                 f"{escape(tr(C, 'Researcher'))}: {escape(a.researcher)}"]
        if a.submitted_at:
            parts.append(f"{escape(tr(C, 'Submitted'))}: {escape(fmt.date(a.submitted_at))}")
            if a.status == Status.SUBMITTED.value:
                overdue = age > data.rules.deadline_days
                waiting = tr(C, "%1 working days waiting").replace("%1", fmt.number(age))
                parts.append(f"<span style='color:#8a1c1c'><b>{escape(waiting)}</b></span>" if overdue
                             else escape(waiting))
        if a.reject_reason:
            reason = reason_label(a.reject_reason, lang, data.rules.rejection_reasons())
            parts.append(f"{escape(tr(C, 'Reason'))}: {escape(reason)}")
        if a.review_comment:
            parts.append(f"{escape(tr(C, 'Comment'))}: {escape(a.review_comment)}")
        self.header.setText(" · ".join(p for p in parts if p))
        self._show_duplicates(data)
        self.answers.setHtml(answers_html(a.answers or {}, data.catalogue, a.flagged_fields, fmt, lang,
                                          data.sections))
        self.eligibility.setHtml(eligibility_html(data.evaluation, fmt))
        self._show_changes(data)
        self.earlier.clear()
        for other in data.earlier:
            label = STATUS_LABELS[Status(other.status)][lang]
            item = QListWidgetItem(f"{fmt.date(other.visit_date or other.created_at)} — {label}")
            item.setData(Qt.ItemDataRole.UserRole, other.id)
            self.earlier.addItem(item)
        if not data.earlier:
            self.earlier.addItem(tr(C, "No earlier assessments of this household."))
        self._show_attachments(data)
        labels = {k: v.label.get(lang, k) for k, v in data.catalogue.items()}
        self.timeline.show_events(data.events, data.rules.rejection_reasons(), labels)
        allowed = set(allowed_actions(self.session.actor, a.status, owner=a.researcher, team=a.team))
        for action, button in self.buttons.items():
            button.setVisible(action in allowed)
        self.loaded.emit()

    def _show_duplicates(self, data: ReviewData) -> None:
        """One line per other case; its name opens that case's latest assessment here."""
        lang = self.session.lang
        lines = []
        for d in data.duplicates:
            who = escape(d.head_name or "—")
            if d.assessment_id:
                who = f"<a href='assessment:{escape(d.assessment_id)}'>{who}</a>"
            number = escape(f"\u2066{d.file_number}\u2069" if d.file_number else d.alert.household_id[:8])
            lines.append(f"⚠ {escape(DUPLICATE_REASONS[d.alert.reason][lang])}: {who} ({number})")
        self.duplicates.setText("<br>".join(lines))
        self.duplicates.setVisible(bool(lines))

    def _open_earlier(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if target:
            self.load(str(target))

    def _open_link(self, href: str) -> None:
        kind, _, target = href.partition(":")
        if kind == "assessment" and target:
            self.load(target)

    def _show_changes(self, data: ReviewData) -> None:
        fmt, lang = self.session.fmt, self.session.lang
        if data.baseline is None:
            self.baseline.setText(tr(C, "No earlier approved assessment to compare with."))
        else:
            self.baseline.setText(tr(C, "Compared with the assessment approved on %1: %2 changes")
                                  .replace("%1", fmt.date(data.baseline.decided_at or data.baseline.created_at))
                                  .replace("%2", fmt.number(len(data.changes))))
        self.changes.setRowCount(len(data.changes))
        for row, diff in enumerate(data.changes):
            for column, text in enumerate(change_texts(diff, data.catalogue, fmt, lang)):
                self.changes.setItem(row, column, QTableWidgetItem(text))

    def _show_attachments(self, data: ReviewData) -> None:
        from ..attachments import AttachmentsPanel

        if self.attachments is not None:
            self.attachments_box.removeWidget(self.attachments)
            self.attachments.deleteLater()
        self.attachments = AttachmentsPanel(self.session, data.assessment.id, read_only=True)
        self.attachments_box.addWidget(self.attachments)

    # -- decisions -----------------------------------------------------------------------------------
    def ask(self, action: Action | str) -> DecisionDialog | None:
        """Open the decision dialog (non-blocking); OK takes the step."""
        if self.data is None:
            return None
        action = Action(action)
        lang = self.session.lang
        fields = [(k, v.label.get(lang, k)) for k, v in self.data.catalogue.items()] or \
            [(k, k) for k in self.data.assessment.answers]
        self.dialog = DecisionDialog(action, lang, reasons=self.data.rules.rejection_reasons(),
                                     fields=fields if action == Action.RETURN else (), parent=self)
        self.dialog.accepted.connect(lambda d=self.dialog: self.decide(d.decision()))
        self.dialog.open()
        return self.dialog

    def decide(self, decision: Decision) -> None:
        if self.data is None:
            return
        assessment_id, actor = self.data.assessment.id, self.session.actor

        def step(vault: Any) -> str:
            vault.transition(assessment_id, actor, decision.action, comment=decision.comment,
                             reason=decision.reason, flagged_fields=decision.flagged_fields)
            return decision.action

        self.error.clear()
        self.session.run(step, on_done=self._decided, on_error=self._failed)

    def _decided(self, action: str) -> None:
        self.decided.emit(action)
        self.session.data_changed.emit()
        if self.data is not None:
            self.load(self.data.assessment.id)
