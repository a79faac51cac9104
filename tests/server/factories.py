"""Ops as a device builds them (fieldapp.sync.protocol shapes)."""

from __future__ import annotations

import uuid
from typing import Any

from fieldapp.domain.clock import utc_now
from fieldapp.sync.protocol import diff


def new_id() -> str:
    return str(uuid.uuid4())


def change(entity: str, entity_id: str, before: dict[str, Any], after: dict[str, Any], base: int = 0,
           op_id: str | None = None) -> dict[str, Any]:
    return {"op_id": op_id or new_id(), "entity": entity, "entity_id": entity_id, "kind": "change",
            "base_version": base, "changes": diff(before, after), "created_at": utc_now()}


def event(assessment_id: str, action: str, *, comment: str = "", reason: str = "", op_id: str | None = None,
          flagged: list[str] | None = None) -> dict[str, Any]:
    event_id = new_id()
    return {"op_id": op_id or new_id(), "entity": "event", "entity_id": event_id, "kind": "event",
            "base_version": 0, "created_at": utc_now(),
            "event": {"id": event_id, "assessment_id": assessment_id, "action": action, "comment": comment,
                      "reason": reason, "flagged_fields": flagged or [], "at": utc_now(),
                      "actor": "whoever", "role": "admin"}}


def household(name: str = "فاطمة أحمد", national_id: str = "1000000008", **more: Any) -> tuple[str, dict[str, Any]]:
    hid = new_id()
    return hid, change("household", hid, {}, {"id": hid, "head_name": name, "national_id": national_id,
                                              "phone": "0551234567", "categories": ["widow"], **more})


def assessment(household_id: str, answers: dict[str, Any] | None = None) -> tuple[str, dict[str, Any]]:
    aid = new_id()
    record = {"id": aid, "household_id": household_id, "form_id": "household_assessment", "form_version": 1,
              "answers": answers if answers is not None else {"visit_date": "2026-11-01", "rec_amount": 150000,
                                                                "categories": ["widow"]}}
    return aid, change("assessment", aid, {}, record)
