"""One input widget per field type. Each reports `changed`, returns its value in the stored form (money as
integer halalas, dates "YYYY-MM-DD", numbers as int/float, None when empty) and shows it back."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...domain.arabic import digits_only
from ...domain.money import to_minor
from ..fmt import Formatter, to_date
from ..i18n import tr
from ..qt import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
    Signal,
)
from .spec import FieldSpec

C = "Editor"
_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.")


class FieldInput(QWidget):
    changed = Signal()

    def __init__(self, spec: FieldSpec, fmt: Formatter, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec, self.fmt, self.lang = spec, fmt, lang
        self.setObjectName(f"field_{spec.id}")
        self.problem = ""   # a parse problem the engine cannot see (e.g. letters in a number)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def focus_target(self) -> QWidget:
        return self

    def _name(self, widget: QWidget, suffix: str = "") -> None:
        widget.setObjectName(f"input_{self.spec.id}{suffix}")
        widget.setAccessibleName(self.spec.text(self.lang) + (f" {suffix}" if suffix else ""))


class LineInput(FieldInput):
    """text, phone, national id, integer, decimal, money and date all type into one line."""

    def __init__(self, spec: FieldSpec, fmt: Formatter, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(spec, fmt, lang, parent)
        self.edit = QLineEdit()
        self._name(self.edit)
        self.side = QLabel()   # the Hijri date beside a Gregorian one, or the currency
        self.side.setObjectName(f"side_{spec.id}")
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.edit, 1)
        box.addWidget(self.side)
        if spec.type == "date":
            self.edit.setPlaceholderText("YYYY-MM-DD")
        elif spec.type == "money":
            self.side.setText("ر.س" if lang == "ar" else "SAR")
        elif spec.type in ("phone", "national_id", "integer"):
            self.edit.setInputMethodHints(self.edit.inputMethodHints())
        self.edit.textEdited.connect(self._edited)

    def focus_target(self) -> QWidget:
        return self.edit

    def _edited(self, _text: str) -> None:
        if self.spec.type == "date":
            day = to_date(self.value() or "")
            self.side.setText(self.fmt.hijri(day) if day else "")
        self.changed.emit()

    def value(self) -> Any:
        text = self.edit.text().strip()
        self.problem = ""
        if not text:
            return None
        kind = self.spec.type
        try:
            if kind == "integer":
                return int(text.translate(_ASCII).replace(",", ""))
            if kind == "decimal":
                return float(Decimal(text.translate(_ASCII).replace(",", "")))
            if kind == "money":
                return to_minor(text)
        except (ValueError, ArithmeticError):
            self.problem = tr(C, "Please type a number")
            return text
        if kind == "date":
            ascii_text = text.translate(_ASCII)
            if to_date(ascii_text) is None:
                self.problem = tr(C, "Please type a date as YYYY-MM-DD")
                return ascii_text
            return ascii_text
        if kind in ("phone", "national_id"):
            return digits_only(text) if kind == "national_id" else text.translate(_ASCII)
        return text

    def set_value(self, value: Any) -> None:
        if value is None:
            text = ""
        elif self.spec.type == "money" and isinstance(value, int):
            whole, cents = divmod(value, 100)
            text = f"{whole}" if cents == 0 else f"{whole}.{cents:02d}"
        else:
            text = str(value)
        self.edit.setText(text)
        if self.spec.type == "date":
            day = to_date(text)
            self.side.setText(self.fmt.hijri(day) if day else "")


class LongTextInput(FieldInput):
    def __init__(self, spec: FieldSpec, fmt: Formatter, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(spec, fmt, lang, parent)
        self.edit = QPlainTextEdit()
        self._name(self.edit)
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(90)
        QHBoxLayout(self).addWidget(self.edit)
        self.layout().setContentsMargins(0, 0, 0, 0)
        self.edit.textChanged.connect(self.changed)

    def focus_target(self) -> QWidget:
        return self.edit

    def value(self) -> Any:
        return self.edit.toPlainText() or None

    def set_value(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))


class ChoiceInput(FieldInput):
    """select one and yes/no: a combo box with an empty first entry (not answered yet)."""

    def __init__(self, spec: FieldSpec, fmt: Formatter, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(spec, fmt, lang, parent)
        self.combo = QComboBox()
        self._name(self.combo)
        self.combo.addItem("—", None)
        if spec.type == "yes_no" and not spec.choices:
            self.combo.addItem(tr(C, "Yes"), True)
            self.combo.addItem(tr(C, "No"), False)
        for choice in spec.choices:
            self.combo.addItem(choice.label.get(lang) or choice.value, choice.value)
        QHBoxLayout(self).addWidget(self.combo)
        self.layout().setContentsMargins(0, 0, 0, 0)
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def focus_target(self) -> QWidget:
        return self.combo

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value)
        self.combo.setCurrentIndex(max(0, index))


class ManyInput(FieldInput):
    """select many: one check box per choice, in two columns."""

    def __init__(self, spec: FieldSpec, fmt: Formatter, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(spec, fmt, lang, parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for n, choice in enumerate(spec.choices):
            box = QCheckBox(choice.label.get(lang) or choice.value)
            box.setObjectName(f"input_{spec.id}_{choice.value}")
            box.setAccessibleName(f"{spec.text(lang)}: {box.text()}")
            box.toggled.connect(lambda _on: self.changed.emit())
            grid.addWidget(box, n // 2, n % 2)
            self.boxes[choice.value] = box

    def focus_target(self) -> QWidget:
        return next(iter(self.boxes.values()), self)

    def value(self) -> Any:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for code, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(code in chosen)
            box.blockSignals(False)


class ShowInput(FieldInput):
    """computed values and notes: shown, never typed."""

    def __init__(self, spec: FieldSpec, fmt: Formatter, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(spec, fmt, lang, parent)
        self.label = QLabel()
        self.label.setObjectName(f"show_{spec.id}")
        self.label.setWordWrap(True)
        QHBoxLayout(self).addWidget(self.label)
        self.layout().setContentsMargins(0, 0, 0, 0)
        self._value: Any = None
        if spec.type == "note":
            self.label.setText(spec.hint.get(lang) or spec.text(lang))

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = value
        if self.spec.type != "computed":
            return
        self.label.setText(display_computed(self.spec, value, self.fmt))


def display_computed(spec: FieldSpec, value: Any, fmt: Formatter) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return tr(C, "Yes") if value else tr(C, "No")
    if isinstance(value, dict):  # the eligibility result; its reasons are in the summary panel
        if "eligible" not in value:
            return ""
        return tr(C, "Eligible") if value["eligible"] else tr(C, "Not eligible")
    if spec.value_type == "money" and isinstance(value, int | float):
        return fmt.money(int(value))
    if isinstance(value, float):
        return fmt.digits(f"{value:.2f}")
    return fmt.digits(value)


def make_input(spec: FieldSpec, fmt: Formatter, lang: str) -> FieldInput:
    if spec.type == "long_text":
        return LongTextInput(spec, fmt, lang)
    if spec.type in ("select_one", "yes_no"):
        return ChoiceInput(spec, fmt, lang)
    if spec.type == "select_many":
        return ManyInput(spec, fmt, lang)
    if spec.type in ("computed", "note"):
        return ShowInput(spec, fmt, lang)
    return LineInput(spec, fmt, lang)
