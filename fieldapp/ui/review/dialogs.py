"""Decision dialogs: approve (optional comment), return for correction (comment required, optionally
flagged fields), reject (a reason from head office's list plus a comment), reopen (admin, reason required).

The dialog only collects the decision; the review view takes the step on the db lane (vault.transition),
and the server validates it again at sync. OK stays disabled until the decision is complete, with a hint.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ...domain.workflow import ACTION_LABELS, Action
from ..i18n import tr
from ..qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    Qt,
    QVBoxLayout,
    QWidget,
)

C = "Decision"


@dataclass
class Decision:
    action: str
    comment: str = ""
    reason: str = ""
    flagged_fields: list[str] = field(default_factory=list)


class DecisionDialog(QDialog):
    """One dialog for the four decisions; the parts an action does not use stay hidden."""

    def __init__(self, action: Action | str, lang: str, *, reasons: Sequence[dict[str, str]] = (),
                 fields: Sequence[tuple[str, str]] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.action = Action(action)
        self.setObjectName(f"{self.action.value}Dialog")
        self.setWindowTitle(ACTION_LABELS[self.action][lang])
        self.intro = QLabel()
        self.intro.setObjectName("decisionIntro")
        self.intro.setWordWrap(True)
        self.reason = QComboBox()
        self.reason.setObjectName("rejectReason")
        self.reason.addItem(tr(C, "Choose a reason…"), "")
        for item in reasons:
            self.reason.addItem(item.get(lang) or item.get("en") or item["code"], item["code"])
        self.fields = QListWidget()
        self.fields.setObjectName("flaggedFields")
        for field_id, label in fields:
            entry = QListWidgetItem(label)
            entry.setData(Qt.ItemDataRole.UserRole, field_id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            self.fields.addItem(entry)
        self.fields_label = QLabel(tr(C, "Fields to correct (optional):"))
        self.fields_label.setObjectName("flaggedFieldsLabel")
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("decisionComment")
        self.hint = QLabel()
        self.hint.setObjectName("decisionHint")
        self.hint.setStyleSheet("color:#8a1c1c")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName("decisionButtons")
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setObjectName("decisionOk")
        self.ok.setText(ACTION_LABELS[self.action][lang])
        self.cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel.setObjectName("decisionCancel")
        self.cancel.setAccessibleName(tr(C, "Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        for widget in (self.intro, self.reason, self.fields_label, self.fields, QLabel(self._comment_title()),
                       self.comment, self.hint, self.buttons):
            box.addWidget(widget)
        self.reason.setVisible(self.action == Action.REJECT)
        self.fields.setVisible(self.action == Action.RETURN and bool(fields))
        self.fields_label.setVisible(self.fields.isVisible())
        self.intro.setText(self._intro())
        self.reason.setAccessibleName(tr(C, "Rejection reason"))
        self.fields.setAccessibleName(tr(C, "Fields to correct"))
        self.comment.setAccessibleName(self._comment_title())
        self.ok.setAccessibleName(self.ok.text())
        self.comment.textChanged.connect(self._check)
        self.reason.currentIndexChanged.connect(self._check)
        self._check()

    def _intro(self) -> str:
        return {
            Action.APPROVE: tr(C, "Approve this assessment. It becomes read-only on every device."),
            Action.RETURN: tr(C, "Return the assessment to the researcher for correction. Say what to fix; "
                                 "flagged fields are shown to the researcher."),
            Action.REJECT: tr(C, "Reject the application. Choose the reason from head office's list and "
                                 "explain it for the family's file."),
            Action.REOPEN: tr(C, "Reopen this approved assessment for correction (head office). "
                                 "The reason is kept in the history."),
        }.get(self.action, "")

    def _comment_title(self) -> str:
        if self.action == Action.APPROVE:
            return tr(C, "Comment (optional)")
        if self.action == Action.REOPEN:
            return tr(C, "Reason for reopening")
        return tr(C, "Comment")

    def problem(self) -> str:
        """Why the decision cannot be taken yet ("" when it can)."""
        text = self.comment.toPlainText().strip()
        if self.action == Action.RETURN and not text:
            return tr(C, "A comment is required when returning for correction.")
        if self.action == Action.REJECT and not self.reason.currentData():
            return tr(C, "Choose a rejection reason from the list.")
        if self.action == Action.REOPEN and not text:
            return tr(C, "A reason is required to reopen.")
        return ""

    def _check(self) -> None:
        problem = self.problem()
        self.hint.setText(problem)
        self.ok.setEnabled(not problem)

    def flagged(self) -> list[str]:
        found = []
        for row in range(self.fields.count()):
            item = self.fields.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                found.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return found

    def set_flagged(self, field_ids: Sequence[str]) -> None:
        for row in range(self.fields.count()):
            item = self.fields.item(row)
            wanted = item.data(Qt.ItemDataRole.UserRole) in field_ids
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def decision(self) -> Decision:
        comment = self.comment.toPlainText().strip()
        if self.action == Action.REOPEN:
            return Decision(self.action.value, comment=comment)
        return Decision(self.action.value, comment=comment, reason=str(self.reason.currentData() or ""),
                        flagged_fields=self.flagged() if self.action == Action.RETURN else [])
