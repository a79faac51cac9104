"""Workflow transitions: domain.workflow.decide, the hash-chained event, the status change and the
outbox op — all in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..domain.clock import new_id
from ..domain.entities import WorkflowEvent
from ..domain.history import GENESIS, seal
from ..domain.workflow import Action, Actor, Status, decide
from .records import RecordsMixin
from .records_dict import record_dict


class EventsMixin(RecordsMixin):
    def events_of(self, assessment_id: str) -> list[WorkflowEvent]:
        """The history in chain order (an event re-sealed by the server may arrive after later ones)."""
        rows = self._q("SELECT id, rev, data FROM events WHERE assessment_id=? ORDER BY seq",
                       [assessment_id]).fetchall()
        return chain_order([WorkflowEvent.from_dict(self.cipher.open("events", i, r, d)) for i, r, d in rows])

    def _rejection_codes(self) -> set[str] | None:
        # Head office's settings arrive from sync as "server_settings"; "settings" is the older local key.
        settings = self.meta_get("server_settings", None) or self.meta_get("settings", None) or {}
        reasons = settings.get("rejection_reasons")
        return {r["code"] for r in reasons} if reasons else None

    def transition(self, assessment_id: str, actor: Actor, action: Action | str, *, comment: str = "",
                   reason: str = "", flagged_fields: Iterable[str] = (), device_id: str = "") -> WorkflowEvent:
        """Take a workflow step; raises TransitionRefused (nothing written) when it is not allowed."""
        with self.transaction():
            assessment = self.get_assessment(assessment_id)
            target = decide(actor, action, assessment.status, owner=assessment.researcher, team=assessment.team,
                            comment=comment, reason=reason, valid_reasons=self._rejection_codes())
            if not device_id:
                device_id = str((self.meta_get("profile", None) or {}).get("device_id", ""))
            events = self.events_of(assessment_id)
            event = seal(WorkflowEvent(
                assessment_id=assessment_id, household_id=assessment.household_id, action=Action(action).value,
                from_status=assessment.status, to_status=target.value, actor=actor.username,
                role=actor.role.value, device_id=device_id, comment=comment, reason=reason,
                flagged_fields=list(flagged_fields)), events[-1] if events else None)
            self._insert_event(event)
            apply_event_effects(assessment.__dict__, event)
            self._write_assessment(assessment, exists=True)
            # Edits typed before the step travel before it; later edits start a new op after the event.
            self._close_ops("assessment", assessment_id)
            self._close_ops("household", assessment.household_id)
            self._insert_op({"op_id": new_id(), "entity": "event", "entity_id": event.id, "kind": "event",
                             "base_version": assessment.version, "event": record_dict(event),
                             "created_at": event.at})
        return event

    def _insert_event(self, event: WorkflowEvent) -> None:
        row = self._q("SELECT seq, rev FROM events WHERE id=?", [event.id]).fetchone()
        if row is not None:  # the server re-sealed our event: replace it in place
            rev = row[1] + 1
            self._q("UPDATE events SET at=?, rev=?, data=? WHERE id=?",
                    [event.at, rev, self.cipher.seal("events", event.id, rev, record_dict(event)), event.id])
            return
        seq = self._q("SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE assessment_id=?",
                      [event.assessment_id]).fetchone()[0]
        self._q("INSERT INTO events (id, assessment_id, seq, at, rev, data) VALUES (?, ?, ?, ?, 1, ?)",
                [event.id, event.assessment_id, seq, event.at, self.cipher.seal("events", event.id, 1, record_dict(event))])


def chain_order(events: list[WorkflowEvent]) -> list[WorkflowEvent]:
    """Follow prev_hash links from the genesis; events that do not link keep their stored order, after."""
    by_prev = {event.prev_hash: event for event in events}
    ordered: list[WorkflowEvent] = []
    link = GENESIS
    while link in by_prev and len(ordered) < len(events):
        ordered.append(by_prev[link])
        link = by_prev[link].hash
    placed = {event.id for event in ordered}
    return ordered + [event for event in events if event.id not in placed]


def apply_event_effects(record: dict[str, Any], event: WorkflowEvent) -> None:
    """What a step does to the assessment (the server applies the same effects to its copy)."""
    record["status"] = event.to_status
    record["updated_at"] = event.at
    action = Action(event.action)
    if action == Action.SUBMIT:
        record["submitted_at"] = event.at
    if event.to_status in (Status.APPROVED.value, Status.REJECTED.value):
        record["decided_at"] = event.at
    if action == Action.RETURN:
        record["flagged_fields"] = list(event.flagged_fields)
        record["review_comment"] = event.comment
    if action == Action.REJECT:
        record["reject_reason"] = event.reason
        record["review_comment"] = event.comment
    if action == Action.APPROVE:
        record["review_comment"] = event.comment
    if action == Action.REOPEN:  # as the server does: reopened whole, an earlier return's flags gone
        record["decided_at"] = None
        record["review_comment"] = event.comment or event.reason
        record["flagged_fields"] = []
