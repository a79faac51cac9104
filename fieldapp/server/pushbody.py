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

import orjson

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


class _Reparse(Exception):
    """orjson read a float of 2**63 or more: maybe an integer beyond 64 bits (which orjson turns into a
    float and `json` keeps exact). Rare, so the body is simply read again with `json`."""


# Floats at or beyond this size send an orjson-read body back to `json`; math.inf: `json` read it (exact).
_ORJSON_LIMIT = float(2**63)
_EXACT = math.inf
_PLAIN = frozenset({str, int, bool, type(None)})


def _no_constant(name: str) -> Any:
    raise _Invalid("number")  # NaN, Infinity, -Infinity: not JSON


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 parses as infinity
        raise _Invalid("number")
    return value


def _shallow(value: Any, limit: float, depth: int = 0) -> bool:
    """No absurd nesting (and no float orjson may have read wrong, see _Reparse). Only containers recurse:
    the scalars inside one cost a type check each, not a call (a parsed body holds exact dicts and lists)."""
    if depth >= MAX_DEPTH:
        return False
    for item in value.values() if type(value) is dict else value:
        kind = type(item)
        if kind is dict or kind is list:
            if not _shallow(item, limit, depth + 1):
                return False
        elif kind is float and not -limit < item < limit:
            raise _Reparse
    return True


def _value_ok(value: Any, limit: float) -> bool:
    kind = type(value)
    if kind is dict or kind is list:
        return _shallow(value, limit)
    if kind is float and not -limit < value < limit:
        raise _Reparse
    return True


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


def _changes(value: Any, where: str, limit: float) -> dict[str, dict[str, Any]] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _Invalid(where)
    for key, change in value.items():
        if type(change) is not dict:
            raise _Invalid(f"{where}.{key}"[:120])
        old, new = change.get("old"), change.get("new")
        # Most answers are strings, integers, booleans or null: one set lookup each, no call.
        if not (type(old) in _PLAIN or _value_ok(old, limit)) or not (type(new) in _PLAIN or _value_ok(new, limit)):
            raise _Invalid(f"{where}.{key}"[:120])
        if len(change) != 2 or "old" not in change or "new" not in change:
            break
    else:
        return value  # every change is exactly {"old", "new"} (the device's case): the parsed dict as is
    # Missing or extra keys somewhere: clean copies (the checks above ran again, cheap and rare).
    changes = {}
    for key, change in value.items():
        if type(change) is not dict:
            raise _Invalid(f"{where}.{key}"[:120])
        old, new = change.get("old"), change.get("new")
        if not (_value_ok(old, limit) and _value_ok(new, limit)):
            raise _Invalid(f"{where}.{key}"[:120])
        changes[key] = {"old": old, "new": new}
    return changes


def _op(raw: Any, index: int, limit: float) -> Op:
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
    if event is not None and (type(event) is not dict or not _shallow(event, limit)):
        raise _Invalid(f"{where}.event")
    created_at = raw.get("created_at", "")
    if not isinstance(created_at, str) or len(created_at) > 40:
        raise _Invalid(f"{where}.created_at")
    return {"op_id": op_id, "entity": entity, "entity_id": entity_id, "kind": kind,  # type: ignore[typeddict-item]
            "base_version": _version(raw, where),
            "changes": _changes(raw.get("changes"), f"{where}.changes", limit),
            "event": event, "created_at": created_at}


def _ops(body: Any, limit: float) -> list[Op]:
    if not isinstance(body, dict):
        raise _Invalid("body")
    ops = body.get("ops")
    if not isinstance(ops, list) or len(ops) > MAX_PUSH_OPS:
        raise _Invalid("body.ops")
    return [_op(op, i, limit) for i, op in enumerate(ops)]


def parse_push(raw: bytes) -> list[Op]:
    """The ops of a push body, or ApiError 400 request.invalid.

    orjson first (about twice as fast as `json` on a push); whatever it refuses (NaN, Infinity, 1e999,
    lone surrogates, text that is not UTF-8, deep nesting) or may have read differently (_Reparse) is
    read again by `json` with its strict number rules, so the answer is always the one `json` gives."""
    try:
        try:
            return _ops(orjson.loads(raw), _ORJSON_LIMIT)
        except (orjson.JSONDecodeError, _Reparse):
            pass
        return _ops(json.loads(raw, parse_constant=_no_constant, parse_float=_finite_float), _EXACT)
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
