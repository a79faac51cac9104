"""The live summary under the form: totals, per-capita income, dependency ratio and eligibility."""

from __future__ import annotations

from ..i18n import tr
from ..qt import QLabel, QVBoxLayout, QWidget
from ..session import Session
from .engine import Result

C = "Editor"


class SummaryPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("summaryPanel")
        self.totals = QLabel()
        self.totals.setObjectName("totalsLabel")
        self.eligibility = QLabel()
        self.eligibility.setObjectName("eligibilityLabel")
        self.eligibility.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.totals)
        box.addWidget(self.eligibility)
        self.setStyleSheet("#summaryPanel{background:#f4f6f8;border:1px solid #d0d7de;border-radius:4px}")

    def show_result(self, res: Result) -> None:
        fmt, c = self.session.fmt, res.computed
        parts = [
            f"{tr(C, 'Total income')}: {fmt.money(c.get('total_income'))}",
            f"{tr(C, 'Total expenses')}: {fmt.money(c.get('total_expenses'))}",
            f"{tr(C, 'Income per person')}: {fmt.money(c.get('per_capita_income'))}",
        ]
        ratio = c.get("dependency_ratio")
        if ratio is not None:
            parts.append(f"{tr(C, 'Dependency ratio')}: {fmt.digits(f'{float(ratio):.2f}')}")
        self.totals.setText("   |   ".join(parts))
        if res.eligible is None:
            text = tr(C, "Eligibility: not decided yet")
            colour = "#57606a"
        elif res.eligible:
            text = tr(C, "Eligible")
            colour = "#1a7f37"
        else:
            text = tr(C, "Not eligible")
            colour = "#b00020"
        if res.reasons:
            text += ": " + "؛ ".join(res.reasons) if self.session.lang == "ar" else ": " + "; ".join(res.reasons)
        self.eligibility.setText(text)
        self.eligibility.setStyleSheet(f"color:{colour};font-weight:bold")
