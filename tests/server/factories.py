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


def complete_answers(**overrides: Any) -> dict[str, Any]:
    """Answers that satisfy the default form (the server refuses to submit less)."""
    answers: dict[str, Any] = {
        "head_name": "فاطمة أحمد", "national_id": "1000000008", "phone": "0551234567", "city": "jeddah",
        "district": "الصفا", "nationality": "saudi", "marital_status": "widowed", "visit_date": "2026-11-01",
        "categories": ["widow"],
        "members": [{"member_name": "محمد", "relation": "son", "sex": "male", "birth_date": "2015-05-01"}],
        "income_sources": [{"source": "social_security", "amount": 120000}],
        "exp_rent": 150000, "exp_food": 90000, "exp_utilities": 40000,
        "housing_type": "rented", "housing_condition": "fair", "rooms": 2, "has_dialysis": False,
        "needs": ["monthly_sponsorship"], "observations": "المنزل بحاجة إلى صيانة",
        "rec_aid_type": "monthly_sponsorship", "rec_amount": 150000, "rec_duration_months": 12,
    }
    answers.update(overrides)
    return answers


def assessment(household_id: str, answers: dict[str, Any] | None = None) -> tuple[str, dict[str, Any]]:
    aid = new_id()
    record = {"id": aid, "household_id": household_id, "form_id": "household_assessment", "form_version": 1,
              "answers": answers if answers is not None else complete_answers()}
    return aid, change("assessment", aid, {}, record)
