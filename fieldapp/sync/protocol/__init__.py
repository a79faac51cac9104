"""The sync wire protocol, shared by the client engine and the server. JSON over HTTPS.

Every request carries `X-Fieldapp-Protocol: <PROTOCOL_VERSION>`; a server that does not speak it answers
426 {"code": "protocol.version", "message": ...} and the client tells the user to update the app.
Device requests carry `Authorization: Bearer <device token>`.

Endpoints (all JSON unless stated; errors are 4xx {"code", "message"}):
    POST /api/v1/devices/enroll        EnrollRequest → EnrollResponse
    GET  /api/v1/me                    → {"user": UserInfo, "team": ..., "device_id": ...}
    GET  /api/v1/forms                 → {"forms": [{"form_id", "version", "definition"}]}
    POST /api/v1/sync/push             PushRequest → PushResponse   (ops applied in order, idempotent by op_id)
    GET  /api/v1/sync/pull?after=N&limit=M  → PullResponse          (changes with seq > N, oldest first)
    GET  /api/v1/attachments/{sha256}/status       → {"received": bytes held, "complete": bool}
    PUT  /api/v1/attachments/{sha256}?offset=N     body: raw bytes (application/octet-stream) → {"received"}
    POST /api/v1/attachments/{sha256}/complete     {"size": n} → {"complete": true} after the SHA-256 checks
    GET  /api/v1/attachments/{sha256}              → raw bytes (for supervisors reviewing)

Records travel as the dicts of domain.entities (Household.to_dict(), ...). A change op carries field-level
changes {field: {"old": value the device last saw, "new": value now}}; for assessments the answers are
flattened to "answers.<field_id>" so a three-way merge works per form field. The server applies a field
when its current value equals "old" (or already equals "new"); otherwise the field is a conflict: the
server keeps its value and reports both. Edits to an approved/rejected assessment all come back as
conflicts, so nothing typed is lost.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

PROTOCOL_VERSION = 1
PROTOCOL_HEADER = "X-Fieldapp-Protocol"
API_PREFIX = "/api/v1"
MAX_PUSH_OPS = 500
MAX_PULL_LIMIT = 1000
DEFAULT_PULL_LIMIT = 500
CHUNK_SIZE = 1 << 20  # 1 MiB attachment chunks

Entity = Literal["household", "assessment", "event", "attachment", "assignment"]
OpKind = Literal["change", "event"]
OpStatus = Literal["applied", "conflict", "rejected"]


class FieldChange(TypedDict):
    old: Any
    new: Any


class Op(TypedDict):
    op_id: str                      # UUID made on the device; the server remembers it forever
    entity: Entity                  # "household" | "assessment" | "attachment" for kind "change"
    entity_id: str
    kind: OpKind
    base_version: int               # the server version the device last saw (0 = new record)
    changes: NotRequired[dict[str, FieldChange]]   # kind "change"
    event: NotRequired[dict[str, Any]]             # kind "event": WorkflowEvent.to_dict()
    created_at: str


class Conflict(TypedDict):
    field: str
    local: Any                      # the device's value ("new")
    server: Any                     # the value the server kept
    base: Any                       # the device's "old"


class OpResult(TypedDict):
    op_id: str
    status: OpStatus
    entity: Entity
    entity_id: str
    version: int                    # the server version after the op (0 if the record does not exist)
    record: NotRequired[dict[str, Any] | None]     # the server's current record after the op
    conflicts: NotRequired[list[Conflict]]
    error: NotRequired[dict[str, Any]]             # rejected: {"code", "message": {"ar", "en"}}


class PushRequest(TypedDict):
    ops: list[Op]


class PushResponse(TypedDict):
    results: list[OpResult]


class Change(TypedDict):
    seq: int                        # the server's monotonic sequence number
    entity: Entity
    entity_id: str
    version: int
    record: dict[str, Any]          # absent in a thin entry
    # Only when the pull asked `thin=1`: the asking device wrote this very version (its push result carried
    # the record), so the entry comes without "record"; a device that lacks that version asks again whole.
    thin: NotRequired[bool]


class PullResponse(TypedDict):
    changes: list[Change]
    next_after: int                 # the cursor to send next time
    has_more: bool
    server_time: str
    # Optional: a digest of the published forms and server settings. Devices fetch /forms, /me and
    # /settings only when it changes (without it they check hourly), so a no-op sync stays one request.
    forms_rev: NotRequired[str]


class UserInfo(TypedDict):
    username: str
    role: str                       # researcher | supervisor | admin
    team: str | None
    full_name: str


class EnrollRequest(TypedDict):
    username: str
    password: str
    device_name: str


class EnrollResponse(TypedDict):
    device_id: str
    device_token: str               # shown once; the server keeps only its hash
    user: UserInfo
    team: dict[str, Any] | None     # {"name", "supervisor", "members": [...]}
    recovery_public_key: str        # PEM, X25519 (domain.sealed)
    forms: list[dict[str, Any]]     # [{"form_id", "version", "definition"}]
    assignments: list[dict[str, Any]]
    settings: dict[str, Any]        # {"answer_deadline_days": 3, "rejection_reasons": [...], "currency": "SAR"}
    server_time: str


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """A record as merge fields: top-level keys, with answers split per form field."""
    flat = {k: v for k, v in record.items() if k != "answers"}
    for key, value in (record.get("answers") or {}).items():
        flat[f"answers.{key}"] = value
    return flat


def unflatten(flat: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    answers: dict[str, Any] = {}
    for key, value in flat.items():
        if key.startswith("answers."):
            answers[key[len("answers."):]] = value
        else:
            record[key] = value
    if answers or "answers" in flat:
        record["answers"] = answers
    return record


# Fields the server owns: a device never changes them through a change op.
SERVER_FIELDS = frozenset({"version", "status", "submitted_at", "decided_at", "flagged_fields",
                           "review_comment", "reject_reason", "updated_at"})


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, FieldChange]:
    """Field changes between two records (flattened), leaving out server-owned fields."""
    old, new = flatten(before), flatten(after)
    changes: dict[str, FieldChange] = {}
    for key in old.keys() | new.keys():
        if key in SERVER_FIELDS:
            continue
        if old.get(key) != new.get(key):
            changes[key] = {"old": old.get(key), "new": new.get(key)}
    return changes


def merge_changes(first: dict[str, FieldChange], then: dict[str, FieldChange]) -> dict[str, FieldChange]:
    """Two successive change sets as one: the oldest "old", the newest "new"; no-ops dropped."""
    merged = dict(first)
    for key, change in then.items():
        merged[key] = {"old": first[key]["old"] if key in first else change["old"], "new": change["new"]}
        if merged[key]["old"] == merged[key]["new"]:
            del merged[key]
    return merged


def apply_changes(current: dict[str, Any], changes: dict[str, FieldChange]) -> tuple[dict[str, Any], list[Conflict]]:
    """The three-way merge: apply each field whose current value is its "old" (or already its "new")."""
    flat = flatten(current)
    conflicts: list[Conflict] = []
    for key, change in changes.items():
        if key in SERVER_FIELDS:
            continue
        here = flat.get(key)
        if here == change["old"] or here == change["new"]:
            flat[key] = change["new"]
        else:
            conflicts.append({"field": key, "local": change["new"], "server": here, "base": change["old"]})
    return unflatten(flat), conflicts


def error_body(code: str, message: str) -> dict[str, str]:
    """The JSON body of every 4xx answer."""
    return {"code": code, "message": message}
