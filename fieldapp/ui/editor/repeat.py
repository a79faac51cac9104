"""Repeat groups (household members, income sources, debts) as editable tables: a row per entry, a
column per sub-field; choices are combo boxes in their cells, amounts are typed in riyals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...domain.money import to_minor
from ..fmt import Formatter
from ..i18n import tr
from ..qt import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from .inputs import _ASCII, FieldInput
from .spec import FieldSpec

C = "Editor"
CHOICE_TYPES = ("select_one", "yes_no")


class RepeatInput(FieldInput):
    def __init__(self, spec: FieldSpec, fmt: Formatter, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(spec, fmt, lang, parent)
        self.columns = [c for c in spec.children if c.type not in ("note", "computed", "attachment")]
        self.table = QTableWidget(0, len(self.columns))
        self._name(self.table)
        self.table.setHorizontalHeaderLabels([c.text(lang) for c in self.columns])
        triggers = QAbstractItemView.EditTrigger
        self.table.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed
                                   | triggers.SelectedClicked)
        self.table.setMinimumHeight(160)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemChanged.connect(lambda _item: self._emit())
        self.add_button = QPushButton(tr(C, "Add row"))
        self.add_button.setObjectName(f"add_{spec.id}")
        self.add_button.setAccessibleName(f"{tr(C, 'Add row')}: {spec.text(lang)}")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton(tr(C, "Remove row"))
        self.remove_button.setObjectName(f"remove_{spec.id}")
        self.remove_button.setAccessibleName(f"{tr(C, 'Remove row')}: {spec.text(lang)}")
        self.remove_button.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.table)
        box.addLayout(buttons)
        self._loading = False

    def focus_target(self) -> QWidget:
        return self.table

    def _emit(self) -> None:
        if not self._loading:
            self.changed.emit()

    def add_row(self) -> int:
        row = self.table.rowCount()
        self._loading = True
        self.table.insertRow(row)
        for col, child in enumerate(self.columns):
            if child.type in CHOICE_TYPES:
                combo = QComboBox()
                combo.setObjectName(f"cell_{self.spec.id}_{row}_{child.id}")
                combo.setAccessibleName(child.text(self.lang))
                combo.addItem("—", None)
                if child.type == "yes_no" and not child.choices:
                    combo.addItem(tr(C, "Yes"), True)
                    combo.addItem(tr(C, "No"), False)
                for choice in child.choices:
                    combo.addItem(choice.label.get(self.lang) or choice.value, choice.value)
                combo.currentIndexChanged.connect(lambda _i: self._emit())
                self.table.setCellWidget(row, col, combo)
            else:
                self.table.setItem(row, col, QTableWidgetItem(""))
        self._loading = False
        self.table.setCurrentCell(row, 0)
        self._emit()
        return row

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self._emit()

    def set_cell(self, row: int, field_id: str, value: Any) -> None:
        col = next(i for i, c in enumerate(self.columns) if c.id == field_id)
        child = self.columns[col]
        if child.type in CHOICE_TYPES:
            combo = self.table.cellWidget(row, col)
            assert isinstance(combo, QComboBox)
            combo.setCurrentIndex(max(0, combo.findData(value)))
        else:
            item = self.table.item(row, col)
            assert item is not None
            item.setText(self._show(child, value))

    def _show(self, child: FieldSpec, value: Any) -> str:
        if value is None:
            return ""
        if child.type == "money" and isinstance(value, int):
            whole, cents = divmod(value, 100)
            return f"{whole}" if cents == 0 else f"{whole}.{cents:02d}"
        return str(value)

    def _parse(self, child: FieldSpec, text: str) -> Any:
        text = text.strip()
        if not text:
            return None
        try:
            if child.type == "money":
                return to_minor(text)
            if child.type == "integer":
                return int(text.translate(_ASCII))
            if child.type == "decimal":
                return float(Decimal(text.translate(_ASCII)))
        except (ValueError, ArithmeticError):
            self.problem = tr(C, "Please type a number")
            return text
        if child.type == "date":
            return text.translate(_ASCII)
        return text

    def value(self) -> Any:
        self.problem = ""
        rows = []
        for row in range(self.table.rowCount()):
            entry: dict[str, Any] = {}
            for col, child in enumerate(self.columns):
                widget = self.table.cellWidget(row, col)
                if isinstance(widget, QComboBox):
                    entry[child.id] = widget.currentData()
                else:
                    item = self.table.item(row, col)
                    entry[child.id] = self._parse(child, item.text() if item else "")
            rows.append(entry)
        return rows

    def set_value(self, value: Any) -> None:
        self._loading = True
        self.table.setRowCount(0)
        self._loading = False
        for entry in value or []:
            row = self.add_row()
            self._loading = True
            for child in self.columns:
                if isinstance(entry, dict) and child.id in entry:
                    self.set_cell(row, child.id, entry[child.id])
            self._loading = False
