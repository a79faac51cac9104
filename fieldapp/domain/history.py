"""The hash chain of workflow events: each event's hash covers its content and the previous hash,
so a removed, reordered or edited event shows as a break at that index."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from .entities import WorkflowEvent

GENESIS = "0" * 64
_HASHED = ("id", "assessment_id", "household_id", "action", "from_status", "to_status", "actor", "role",
           "device_id", "comment", "reason", "flagged_fields", "at", "prev_hash")


def canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def event_hash(event: WorkflowEvent) -> str:
    body = {name: getattr(event, name) for name in _HASHED}
    return hashlib.sha256(canonical(body)).hexdigest()


def seal(event: WorkflowEvent, previous: WorkflowEvent | None) -> WorkflowEvent:
    """Link `event` after `previous` (None for the first event) and set its hash."""
    event.prev_hash = previous.hash if previous else GENESIS
    event.hash = event_hash(event)
    return event


def first_break(events: Sequence[WorkflowEvent]) -> int | None:
    """Index of the first event whose link or hash does not hold, or None if the chain is whole."""
    expected_prev = GENESIS
    for index, event in enumerate(events):
        if event.prev_hash != expected_prev or event.hash != event_hash(event):
            return index
        expected_prev = event.hash
    return None
