"""The history timeline of a case: every workflow step with who, role, when, device and comment, and the
hash chain checked (domain.history.first_break); a broken chain is shown as a warning, never hidden."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ...domain.clock import parse_iso
from ...domain.entities import WorkflowEvent
from ...domain.history import first_break
from ...domain.workflow import ACTION_LABELS, Action, rejection_reasons
from ..i18n import tr
from ..qt import QColor, QEvent, QLabel, QListWidget, QListWidgetItem, Qt, QVBoxLayout, QWidget

C = "Timeline"
EVENT_ROLE = Qt.ItemDataRole.UserRole + 1


def _role(role: str) -> str:
    texts = {"researcher": tr(C, "Researcher"), "supervisor": tr(C, "Supervisor"), "admin": tr(C, "Head office")}
    return texts.get(role, role)


def reason_label(code: str, lang: str, reasons: Sequence[dict[str, str]] | None = None) -> str:
    for reason in reasons or rejection_reasons():
        if reason.get("code") == code:
            return reason.get(lang) or reason.get("en") or code
    return code


def chain_break(events: Sequence[WorkflowEvent]) -> int | None:
    """Index (in `events`) of the first event whose assessment's chain breaks there, or None.

    A case view lists the events of several assessments together; each assessment has its own chain."""
    chains: dict[str, list[int]] = {}
    for index, event in enumerate(events):
        chains.setdefault(event.assessment_id, []).append(index)
    broken = []
    for positions in chains.values():
        at = first_break([events[i] for i in positions])
        if at is not None:
            broken.append(positions[at])
    return min(broken) if broken else None


class TimelineWidget(QWidget):
    """Call `show_events(events)`; `broken_at` is the index of the first broken link (None when whole)."""

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("historyTimeline")
        self.warning = QLabel()
        self.warning.setObjectName("chainWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color:#8a1c1c;background:#fdecea;padding:4px;border-radius:3px")
        self.warning.hide()
        self.list = QListWidget()
        self.list.setObjectName("timelineList")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.warning)
        box.addWidget(self.list, 1)
        self.events: list[WorkflowEvent] = []
        self.reasons: Sequence[dict[str, str]] | None = None
        self.labels: Mapping[str, str] = {}
        self.broken_at: int | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.list.setAccessibleName(tr(C, "Decision history"))
        self.warning.setAccessibleName(tr(C, "History warning"))
        if self.events:
            self.show_events(self.events, self.reasons)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_events(self, events: Sequence[WorkflowEvent], reasons: Sequence[dict[str, str]] | None = None,
                    labels: Mapping[str, str] | None = None) -> None:
        """`reasons`: head office's rejection reasons; `labels`: field id → label for flagged fields."""
        self.events, self.reasons = list(events), reasons
        if labels is not None:
            self.labels = labels
        self.broken_at = chain_break(self.events)
        self.list.clear()
        for index, event in enumerate(self.events):
            item = QListWidgetItem(self.describe(event))
            item.setData(EVENT_ROLE, event.id)
            if self.broken_at is not None and index >= self.broken_at:
                item.setForeground(QColor("#8a1c1c"))
                item.setToolTip(tr(C, "This entry cannot be verified: the history chain is broken before it."))
            self.list.addItem(item)
        if not self.events:
            self.list.addItem(tr(C, "No decisions yet."))
        if self.broken_at is None:
            self.warning.hide()
        else:
            self.warning.setText(tr(C, "Warning: the decision history has been altered or is incomplete "
                                       "(chain broken at entry %1). Tell head office.")
                                 .replace("%1", self.session.fmt.number(self.broken_at + 1)))
            self.warning.show()

    def describe(self, event: WorkflowEvent) -> str:
        fmt, lang = self.session.fmt, self.session.lang
        try:
            action = ACTION_LABELS[Action(event.action)][lang]
        except ValueError:
            action = event.action
        try:
            moment = parse_iso(event.at)
            when = f"{fmt.date(moment)} {fmt.digits(moment.strftime('%H:%M'))} UTC"
        except ValueError:
            when = event.at
        lines = [f"{when} — {action}",
                 f"{tr(C, 'By')}: {event.actor} ({_role(event.role)})"
                 + (f" · {tr(C, 'Device')}: {event.device_id[:8]}" if event.device_id else "")]
        if event.reason:
            lines.append(f"{tr(C, 'Reason')}: {reason_label(event.reason, lang, self.reasons)}")
        if event.flagged_fields:
            lines.append(f"{tr(C, 'Flagged fields')}: {', '.join(self.labels.get(f, f) for f in event.flagged_fields)}")
        if event.comment:
            lines.append(f"{tr(C, 'Comment')}: {event.comment}")
        return "\n".join(lines)
