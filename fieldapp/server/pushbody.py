"""The push body read and checked by hand, in one pass, off the event loop.

Why not the pydantic model: validating 500 ops (each with dozens of nested field-change models and a
Python validator walking every value) was ~40% of a push's time, and FastAPI ran it on the event loop,
where it blocked every other request. The rules are those of schemas.PushIn/OpIn (which still describe
the body in the OpenAPI document): same fields, defaults, patterns and limits, extra keys ignored, and a
400 "request.invalid" naming where the problem is (never the value, which may be personal data).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from ..sync.protocol import MAX_PUSH_OPS, Op
from .errors import ApiError
from .schemas import ID_PATTERN, PushIn

ENTITIES = frozenset({"household", "assessment", "event", "attachment", "assignment"})
KINDS = frozenset({"change", "event"})
MAX_DEPTH = 64
_ID = re.compile(ID_PATTERN)


class _Invalid(ValueError):
    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where


def _no_constant(name: str) -> Any:
    raise _Invalid("number")  # NaN, Infinity, -Infinity: not JSON


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 parses as infinity
        raise _Invalid("number")
    return value


def _shallow(value: Any, depth: int = 0) -> bool:
    """No absurd nesting (scalars, the usual case, return at once)."""
    if not isinstance(value, (dict, list)):
        return True
    if depth >= MAX_DEPTH:
        return False
    items = value.values() if isinstance(value, dict) else value
    return all(_shallow(v, depth + 1) for v in items)


def _ident(op: dict[str, Any], key: str, where: str) -> str:
    value = op.get(key)
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise _Invalid(f"{where}.{key}")
    return value


def _version(op: dict[str, Any], where: str) -> int:
    value = op.get("base_version", 0)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 2**31:
        raise _Invalid(f"{where}.base_version")
    return value


def _changes(value: Any, where: str) -> dict[str, dict[str, Any]] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _Invalid(where)
    changes = {}
    for key, change in value.items():
        if not isinstance(change, dict):
            raise _Invalid(f"{where}.{key}"[:120])
        old, new = change.get("old"), change.get("new")
        # Containers only are walked: most answers are scalars and cost one isinstance each.
        if (isinstance(old, (dict, list)) and not _shallow(old)) or \
                (isinstance(new, (dict, list)) and not _shallow(new)):
            raise _Invalid(f"{where}.{key}"[:120])
        # The device's own dict when it is exactly {"old", "new"} (the usual case); else a clean copy.
        changes[key] = change if len(change) == 2 and "old" in change and "new" in change else \
            {"old": old, "new": new}
    return changes


def _op(raw: Any, index: int) -> Op:
    where = f"body.ops.{index}"
    if not isinstance(raw, dict):
        raise _Invalid(where)
    op_id, entity_id = _ident(raw, "op_id", where), _ident(raw, "entity_id", where)
    entity, kind = raw.get("entity"), raw.get("kind")
    if not isinstance(entity, str) or entity not in ENTITIES:
        raise _Invalid(f"{where}.entity")
    if not isinstance(kind, str) or kind not in KINDS:
        raise _Invalid(f"{where}.kind")
    event = raw.get("event")
    if event is not None and (not isinstance(event, dict) or not _shallow(event)):
        raise _Invalid(f"{where}.event")
    created_at = raw.get("created_at", "")
    if not isinstance(created_at, str) or len(created_at) > 40:
        raise _Invalid(f"{where}.created_at")
    return {"op_id": op_id, "entity": entity, "entity_id": entity_id, "kind": kind,  # type: ignore[typeddict-item]
            "base_version": _version(raw, where), "changes": _changes(raw.get("changes"), f"{where}.changes"),
            "event": event, "created_at": created_at}


def parse_push(raw: bytes) -> list[Op]:
    """The ops of a push body, or ApiError 400 request.invalid."""
    try:
        body = json.loads(raw, parse_constant=_no_constant, parse_float=_finite_float)
        if not isinstance(body, dict):
            raise _Invalid("body")
        ops = body.get("ops")
        if not isinstance(ops, list) or len(ops) > MAX_PUSH_OPS:
            raise _Invalid("body.ops")
        return [_op(op, i) for i, op in enumerate(ops)]
    except _Invalid as exc:
        raise ApiError(400, "request.invalid", detail=exc.where) from None
    except (ValueError, RecursionError):  # not JSON (or not UTF-8), or nested past the parser's limit
        raise ApiError(400, "request.invalid", detail="body") from None


def push_schema() -> dict[str, Any]:
    """The PushIn JSON schema with its definitions inlined, for the route's openapi_extra."""
    schema = PushIn.model_json_schema()
    defs = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return inline(defs[ref.rsplit("/", 1)[1]])
            return {k: inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    return inline(schema)
