"""The assessment editor: sections as pages with a progress list, live skip logic, inline validation,
live totals and eligibility, autosave about a second after each change (and on page change, lock and
close), submit only when valid, and a duplicate warning."""

from __future__ import annotations

import logging
import time
from typing import Any

from ...domain.entities import Assessment, Household
from ...domain.workflow import EDITABLE, STATUS_LABELS, Status
from ..i18n import tr
from ..qt import (
    QEvent,
    QFormLayout,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QListWidget,
    QScrollArea,
    QShortcut,
    QSplitter,
    QStackedWidget,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ..session import Session
from ..widgets import push_button
from .engine import Result, evaluate, top_id
from .inputs import FieldInput, make_input
from .repeat import RepeatInput
from .spec import SectionSpec, read_sections
from .summary import SummaryPanel

log = logging.getLogger(__name__)
C = "Editor"
# The first unsaved change starts the clock and later keystrokes do not restart it, so continuous typing
# is still saved about every 0.7 s and a crash loses less than a second.
AUTOSAVE_MS = 700
HOUSEHOLD_FIELDS = ("head_name", "head_name_latin", "national_id", "phone", "city", "district", "address")
NOT_ANSWERS = ("computed", "note", "attachment")


class _LazyInputs(dict):  # type: ignore[type-arg]
    """The inputs built so far; asking for one on a page not visited yet builds that page."""

    def __init__(self, editor: AssessmentEditor) -> None:
        super().__init__()
        self.editor = editor

    def __missing__(self, field_id: str) -> FieldInput:
        return self.editor.input(field_id)


class AssessmentEditor(QWidget):
    saved = Signal()
    submitted = Signal(str)
    open_household = Signal(str)
    closed = Signal()

    def __init__(self, session: Session, form: Any, household: Household, assessment: Assessment,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentEditor")
        self.session, self.form = session, form
        self.household, self.assessment = household, assessment
        self.lang = session.lang
        self.sections: list[SectionSpec] = read_sections(form)
        self.inputs: dict[str, FieldInput] = _LazyInputs(self)
        self.rows: dict[str, tuple[QLabel, FieldInput, QLabel]] = {}
        self.result = Result()
        self.dirty = False
        self.show_missing = False
        self.read_only = Status(assessment.status) not in EDITABLE
        self._dup_key = ""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.save_now)
        self._build()
        self.reevaluate()
        from ..review.flags import apply_flags  # returned: flagged fields marked, only their sections open

        apply_flags(self)
        session.on_before_lock(self.flush)

    # -- building ------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("editorTitle")
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedLabel")
        self.duplicate = QLabel()
        self.duplicate.setObjectName("duplicateWarning")
        self.duplicate.setWordWrap(True)
        self.duplicate.setStyleSheet("background:#fff3cd;color:#664d03;padding:6px;border-radius:4px")
        self.duplicate.hide()
        self.comment = QLabel()
        self.comment.setObjectName("reviewComment")
        self.comment.setWordWrap(True)
        self.comment.setStyleSheet("background:#e7f1ff;padding:6px;border-radius:4px")
        self.comment.setVisible(bool(self.assessment.review_comment))
        self.progress = QListWidget()
        self.progress.setObjectName("sectionList")
        self.progress.setMaximumWidth(240)
        self.pages = QStackedWidget()
        self.pages.setObjectName("sectionPages")
        from ..attachments import AttachmentsPanel

        # The form's attachment field shows the panel in its own section; a form without one gets a page.
        self.attachments = AttachmentsPanel(self.session, self.assessment.id, read_only=self.read_only)
        self.attachments_page = -1
        self._built: set[int] = set()
        for section in self.sections:
            self.progress.addItem(section.text(self.lang))
            if any(f.type == "attachment" for f in section.fields):
                self.attachments_page = self.pages.count()
            # Pages are built on first visit: opening a case builds one page, not the whole form.
            scroll = QScrollArea()
            scroll.setObjectName(f"page_{section.id}")
            scroll.setWidgetResizable(True)
            self.pages.addWidget(scroll)
        if self.attachments_page < 0:
            self.attachments_page = self.pages.count()
            self.progress.addItem(tr(C, "Attachments"))
            self.pages.addWidget(self.attachments)
        self.progress.currentRowChanged.connect(self._page_changed)
        for keys, slot in (("Ctrl+S", lambda: self.save_now()), ("Ctrl+PgDown", self.next_page),
                           ("Ctrl+PgUp", self.previous_page), ("Ctrl+Return", self.submit)):
            QShortcut(QKeySequence(keys), self, slot)
        self.summary = SummaryPanel(self.session)
        self.prev_button = self._button("previousPage", self.previous_page)
        self.next_button = self._button("nextPage", self.next_page)
        self.submit_button = self._button("submitAssessment", self.submit)
        self.close_button = self._button("closeEditor", self.close_editor)
        buttons = QHBoxLayout()
        for b in (self.close_button, self.prev_button, self.next_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.saved_label)
        buttons.addWidget(self.submit_button)
        middle = QWidget()
        mid_box = QVBoxLayout(middle)
        mid_box.setContentsMargins(0, 0, 0, 0)
        mid_box.addWidget(self.pages, 1)
        mid_box.addWidget(self.summary)
        split = QSplitter()
        split.addWidget(self.progress)
        split.addWidget(middle)
        split.setStretchFactor(1, 1)
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addWidget(self.comment)
        box.addWidget(self.duplicate)
        box.addWidget(split, 1)
        box.addLayout(buttons)
        self.progress.setCurrentRow(0)
        self.retranslate()

    _button = staticmethod(push_button)

    def _ensure_page(self, row: int) -> None:
        if row in self._built or not 0 <= row < len(self.sections):
            return
        self._built.add(row)
        section = self.sections[row]
        scroll = self.pages.widget(row)
        assert isinstance(scroll, QScrollArea)
        scroll.setWidget(self._page(section))
        for spec in section.fields:
            widget = self.inputs.get(spec.id)
            if widget is not None and spec.id in self.assessment.answers:
                widget.blockSignals(True)
                widget.set_value(self.assessment.answers[spec.id])
                widget.blockSignals(False)
        self._show_result(self.result, [spec.id for spec in section.fields])

    def input(self, field_id: str) -> FieldInput:
        """The input of a field, building its page if it was not visited yet."""
        for row, section in enumerate(self.sections):
            if any(f.id == field_id for f in section.fields):
                self._ensure_page(row)
        if not dict.__contains__(self.inputs, field_id):
            raise KeyError(field_id)
        return dict.__getitem__(self.inputs, field_id)

    def _page(self, section: SectionSpec) -> QWidget:
        inner = QWidget()
        form = QFormLayout(inner)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in section.fields:
            if spec.type == "attachment":
                form.addRow(self.attachments)
                continue
            widget = RepeatInput(spec, self.session.fmt, self.lang) if spec.type == "repeat" else \
                make_input(spec, self.session.fmt, self.lang)
            widget.set_read_only(self.read_only and spec.type not in ("computed", "note"))
            widget.changed.connect(self._changed)
            label = QLabel(spec.text(self.lang) + (" *" if spec.required else ""))
            label.setObjectName(f"label_{spec.id}")
            label.setBuddy(widget.focus_target())
            label.setWordWrap(True)
            if spec.hint.get(self.lang):
                label.setToolTip(spec.hint[self.lang])
            error = QLabel()
            error.setObjectName(f"error_{spec.id}")
            error.setStyleSheet("color:#b00020")
            error.setWordWrap(True)
            error.hide()
            cell = QWidget()
            cell_box = QVBoxLayout(cell)
            cell_box.setContentsMargins(0, 0, 0, 0)
            cell_box.addWidget(widget)
            cell_box.addWidget(error)
            form.addRow(label, cell)
            self.inputs[spec.id] = widget
            self.rows[spec.id] = (label, widget, error)
        return inner

    def retranslate(self) -> None:
        status = STATUS_LABELS[Status(self.assessment.status)][self.lang]
        self.title.setText(f"<b>{self.household.head_name or tr(C, 'New household')}</b> — {status}")
        self.prev_button.setText(tr(C, "Previous"))
        self.next_button.setText(tr(C, "Next"))
        self.submit_button.setText(tr(C, "Submit for review"))
        self.close_button.setText(tr(C, "Back to the case"))
        for b in (self.prev_button, self.next_button, self.submit_button, self.close_button):
            b.setAccessibleName(b.text())
        self.progress.setAccessibleName(tr(C, "Sections"))
        if self.assessment.review_comment:
            self.comment.setText(tr(C, "Supervisor's comment:") + " " + self.assessment.review_comment)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- answers -------------------------------------------------------------------------------------
    def answers(self) -> dict[str, Any]:
        result = dict(self.assessment.answers)  # keeps answers of fields this version does not show
        for field_id, widget in self.inputs.items():
            if widget.spec.type in NOT_ANSWERS:
                continue
            value = widget.value()
            if value is None or value == "":
                result.pop(field_id, None)
            else:
                result[field_id] = value
        return result

    def _changed(self) -> None:
        if self.read_only:
            return
        self.dirty = True
        if not self.timer.isActive():
            self.timer.start(AUTOSAVE_MS)
        self.reevaluate()

    # -- evaluation ----------------------------------------------------------------------------------
    def reevaluate(self) -> None:
        try:
            self.result = evaluate(self.form, self.answers(), self.lang)
        except Exception as exc:  # a broken expression must not take the form down; typing goes on
            log.warning("form evaluation failed: %s", type(exc).__name__)
            return
        self._show_result(self.result, list(self.rows))
        res = self.result
        for row, section in enumerate(self.sections):
            state = res.section_status.get(section.id, "")
            mark = {"complete": "✓ ", "error": "⚠ ", "incomplete": "• "}.get(state, "")
            item = self.progress.item(row)
            if item is not None:
                item.setText(mark + section.text(self.lang))
        self.summary.show_result(res)
        self.submit_button.setEnabled(res.valid and not self.read_only)

    def _show_result(self, res: Result, field_ids: list[str]) -> None:
        """Skip logic, inline messages and computed values for the fields built so far."""
        errors: dict[str, str] = {}
        for path, message in res.errors.items():
            errors.setdefault(top_id(path), message)
        missing = {top_id(p) for p in res.missing}
        relevant_tops = None if res.relevant is None else {top_id(p) for p in res.relevant}
        for field_id in field_ids:
            if field_id not in self.rows:
                continue
            label, widget, error = self.rows[field_id]
            visible = relevant_tops is None or field_id in relevant_tops
            label.setVisible(visible)
            widget.parentWidget().setVisible(visible)
            text = widget.problem or errors.get(field_id, "")
            if not text and self.show_missing and field_id in missing:
                text = tr(C, "Required")
            error.setText(text)
            error.setVisible(bool(text) and visible)
            if widget.spec.type == "computed":
                widget.set_value(res.computed.get(field_id))

    # -- pages ---------------------------------------------------------------------------------------
    def _page_changed(self, row: int) -> None:
        self.save_now()
        if row >= 0:
            self._ensure_page(row)
            self.pages.setCurrentIndex(row)
        self.prev_button.setEnabled(row > 0)
        self.next_button.setEnabled(row < self.pages.count() - 1)

    def next_page(self) -> None:
        self.progress.setCurrentRow(min(self.progress.currentRow() + 1, self.pages.count() - 1))

    def previous_page(self) -> None:
        self.progress.setCurrentRow(max(self.progress.currentRow() - 1, 0))

    def focus_section_of_attachments(self) -> None:
        self.progress.setCurrentRow(self.attachments_page)

    def focus_field(self, field_id: str) -> None:
        for row, section in enumerate(self.sections):
            if any(f.id == field_id for f in section.fields):
                self.progress.setCurrentRow(row)
                self.input(field_id).focus_target().setFocus()
                return

    # -- saving --------------------------------------------------------------------------------------
    def _snapshot(self) -> tuple[Household, Assessment]:
        answers = self.answers()
        self.assessment.answers = answers
        self.assessment.visit_date = answers.get("visit_date") or self.assessment.visit_date
        for name in HOUSEHOLD_FIELDS:
            if name in answers or getattr(self.household, name):
                setattr(self.household, name, str(answers.get(name, "") or ""))
        self.household.categories = list(answers.get("categories", []) or [])
        # Copies go to the db lane, so the UI thread can keep editing the originals meanwhile.
        return Household.from_dict(self.household.to_dict()), Assessment.from_dict(self.assessment.to_dict())

    def save_now(self, wait: bool = False) -> None:
        self.timer.stop()
        if not self.dirty or self.read_only or not self.session.is_open:
            return
        self.dirty = False
        household, assessment = self._snapshot()

        def write(vault: Any) -> tuple[Household, Assessment]:
            with vault.transaction():
                vault.save_household(household)
                vault.save_assessment(assessment)
            return household, assessment

        if wait:
            vault = self.session.vault
            self._saved(self.session.runner.call(lambda: write(vault)))
        else:
            self.session.run(write, on_done=self._saved, on_error=self._save_failed)

    def _saved(self, records: tuple[Household, Assessment]) -> None:
        household, assessment = records
        self.household.version = household.version
        self.assessment.version = assessment.version
        self.saved_label.setText(tr(C, "Saved") + " " + self.session.fmt.digits(time.strftime("%H:%M:%S")))
        self.saved.emit()
        self._check_duplicates()

    def _save_failed(self, exc: BaseException) -> None:
        # Keep the answers and try again shortly (a busy or briefly locked database); the message stays
        # until a save succeeds.
        self.dirty = True
        self.saved_label.setText(self.session.message(exc))
        if self.session.is_open and not self.timer.isActive():
            self.timer.start(max(AUTOSAVE_MS, 2000))

    def flush(self) -> None:
        """Save at once and wait (lock, close, quit)."""
        self.save_now(wait=True)

    # -- duplicates ----------------------------------------------------------------------------------
    def _check_duplicates(self) -> None:
        h = self.household
        key = f"{h.national_id}|{h.head_name}|{h.phone}"
        if key == self._dup_key or not (h.national_id or (h.head_name and h.phone)):
            return
        self._dup_key = key
        hid, nid, name, phone = h.id, h.national_id, h.head_name, h.phone
        self.session.run(
            lambda v: list(v.find_duplicates(national_id=nid, name=name, phone=phone, exclude_household=hid)),
            on_done=self._show_duplicates)

    def _show_duplicates(self, ids: list[str]) -> None:
        self.duplicate_ids = ids
        if not ids:
            self.duplicate.hide()
            return
        self.duplicate.setText(tr(C, "Possible duplicate: a household with the same ID number, or the same "
                                     "name and phone, is already recorded (%1).").replace(
            "%1", self.session.fmt.number(len(ids))))
        self.duplicate.show()

    # -- submit and close ----------------------------------------------------------------------------
    def submit(self) -> None:
        self.show_missing = True
        self.reevaluate()
        if not self.result.valid or self.read_only:
            first = next(iter(self.result.missing or list(self.result.errors)), "")
            if first:
                self.focus_field(top_id(first))
            return
        self.dirty = True
        self.flush()
        actor, aid = self.session.actor, self.assessment.id
        device = str(self.session.profile_info.get("device_id", "") or "")
        self.submit_button.setEnabled(False)
        from ..review.flags import submit_step  # resumes a returned assessment first

        self.session.run(lambda v: submit_step(v, aid, actor, device),
                         on_done=self._submitted, on_error=self._submit_failed)

    def _submitted(self, _event: Any) -> None:
        self.assessment.status = Status.SUBMITTED.value
        self.read_only = True
        for widget in self.inputs.values():
            widget.set_read_only(True)
        self.attachments.set_read_only(True)
        self.retranslate()
        self.submit_button.setEnabled(False)
        self.saved_label.setText(tr(C, "Submitted for review"))
        self.session.data_changed.emit()
        self.submitted.emit(self.assessment.id)

    def _submit_failed(self, exc: BaseException) -> None:
        self.submit_button.setEnabled(True)
        self.saved_label.setText(self.session.message(exc))

    def close_editor(self) -> None:
        self.flush()
        self.session.remove_before_lock(self.flush)
        self.session.data_changed.emit()
        self.closed.emit()
