"""Conflicts from sync: the same field changed here and at head office. Show both values side by side and
let the person choose; nothing is dropped silently."""

from __future__ import annotations

import json
from typing import Any

from .i18n import tr
from .qt import (
    QAbstractItemView,
    QEvent,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

C = "Conflicts"


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class ConflictsView(QWidget):
    def __init__(self, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = workspace.session
        self.setObjectName("conflictsView")
        self.title = QLabel()
        self.title.setObjectName("conflictsTitle")
        self.title.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("conflictTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column in (0, 1, 2):  # the case, the field and this device's value read whole
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.keep_mine = QPushButton()
        self.keep_mine.setObjectName("keepLocal")
        self.keep_mine.clicked.connect(lambda: self._resolve("local"))
        self.keep_server = QPushButton()
        self.keep_server.setObjectName("keepServer")
        self.keep_server.clicked.connect(lambda: self._resolve("server"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_mine)
        buttons.addWidget(self.keep_server)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addWidget(self.table, 1)
        box.addLayout(buttons)
        self.conflicts: list[dict[str, Any]] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr(C, "These fields were changed on this device and at head office. Choose which "
                                 "value to keep for each case."))
        self.table.setHorizontalHeaderLabels([tr(C, "Record"), tr(C, "Field"), tr(C, "This device"),
                                              tr(C, "Head office")])
        self.table.setAccessibleName(tr(C, "Conflicts"))
        self.keep_mine.setText(tr(C, "Keep this device's values"))
        self.keep_server.setText(tr(C, "Keep head office's values"))
        for b in (self.keep_mine, self.keep_server):
            b.setAccessibleName(b.text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        self.session.run(_read_conflicts, on_done=self._fill)

    def record_label(self, conflict: dict[str, Any], case: tuple[str, str] | None) -> str:
        """Which family the conflict is about, as researchers name cases: file number and head of household."""
        kind = {"household": tr(C, "Household"), "assessment": tr(C, "Assessment")}.get(
            str(conflict.get("entity", "")), str(conflict.get("entity", "")))
        if case is None:
            return f"{kind} {str(conflict.get('entity_id', ''))[:8]}"
        return f"{kind}: {' — '.join(part for part in case if part)}"

    def field_label(self, path: str) -> str:
        """"answers.exp_rent" → the form's label in the user's language; other fields as they are."""
        if not hasattr(self, "_labels"):
            from .editor.spec import read_sections
            from .forms import default_form

            try:
                sections = read_sections(default_form())
            except Exception:  # no form engine: raw field names still say what differs
                sections = []
            self._labels = {f.id: f for s in sections for f in s.fields}
        name = path.removeprefix("answers.").split(".", 1)[0].split("[", 1)[0]
        spec = self._labels.get(name)
        return spec.text(self.session.lang) if spec is not None else path

    def _fill(self, found: list[tuple[dict[str, Any], tuple[str, str] | None]]) -> None:
        self.conflicts = [c for c, _case in found]
        rows = [(c, case, item) for c, case in found for item in c.get("conflicts", [])]
        self.table.setRowCount(len(rows))
        self._row_conflict: list[str] = []
        for n, (c, case, item) in enumerate(rows):
            values = (self.record_label(c, case), self.field_label(item.get("field", "")),
                      _show(item.get("local")), _show(item.get("server")))
            for col, text in enumerate(values):
                self.table.setItem(n, col, QTableWidgetItem(text))
            self._row_conflict.append(c["id"])

    def _resolve(self, choice: str) -> None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self._row_conflict):
            return
        conflict_id = self._row_conflict[row]
        self.session.run(lambda v: v.resolve_conflict(conflict_id, choice),
                         on_done=lambda _r: (self.refresh(), self.session.data_changed.emit()),
                         on_error=lambda e: self.title.setText(self.session.message(e)))


def _read_conflicts(vault: Any) -> list[tuple[dict[str, Any], tuple[str, str] | None]]:
    """The open conflicts, each with its case's (file number, head of household) when the case is here."""
    from ..domain.errors import FieldappError

    found = []
    for conflict in vault.conflicts(open_only=True):
        entity, entity_id = conflict.get("entity"), str(conflict.get("entity_id", ""))
        case = None
        try:
            if entity == "assessment":
                entity, entity_id = "household", vault.get_assessment(entity_id).household_id
            if entity == "household":
                household = vault.get_household(entity_id)
                case = (household.file_number, household.head_name)
        except FieldappError:  # not (or no longer) on this device: the record's kind and id still say which
            case = None
        found.append((conflict, case))
    return found
