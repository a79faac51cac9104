"""Push (ops applied in order, each in its own transaction, idempotent by op id) and pull (by sequence).

A change op is merged field by field with protocol.apply_changes; a workflow event is validated with
domain.workflow.decide, re-sealed onto the server's chain head, and its effects applied to the assessment.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from sqlalchemy import Connection, Dialect, Select, and_, bindparam, case, null, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError

from ..domain.clock import utc_now
from ..domain.entities import WorkflowEvent
from ..domain.errors import TransitionRefused
from ..domain.history import seal
from ..domain.workflow import READ_ONLY, Action, Role, decide
from ..sync.protocol import (
    MAX_PULL_LIMIT,
    SERVER_FIELDS,
    Change,
    Conflict,
    Op,
    OpResult,
    apply_changes,
    flatten,
)
from .accounts import Principal
from .db import CATALOG_REV, Database, catalog_rev
from .errors import refusal
from .formcheck import check_submit
from .pgstats import ANALYZER
from .records import can_change, scope_params, scope_template
from .tables import records
from .unit import StaleWrite, UnitOfWork

CHANGEABLE = ("household", "assessment", "attachment", "assignment")
# Fields that move a record between owners or link it elsewhere: only head office changes them.
OWNER_FIELDS = frozenset({"id", "researcher", "team", "version"})
LINK_FIELDS = {"assessment": "household_id", "attachment": "assessment_id", "household": None, "assignment": None}
ASSIGNMENT_FIELDS = frozenset({"status", "household_id"})
ATTEMPTS = 6


def push(db: Database, principal: Principal, batch: list[Op], *, check_submit: bool = True) -> list[OpResult]:
    """Apply a batch in one transaction, in order. Each op is remembered with its result, so a retried
    batch (or one op sent twice) gets the stored results and changes nothing. `check_submit`: refuse a
    submit whose answers do not satisfy the assessment's published form (formcheck)."""
    unit = _run(db, principal, batch, check_submit)
    return [unit.result(op["op_id"]) for op in batch]


def push_json(db: Database, principal: Principal, batch: list[Op], *, check_submit: bool = True) -> bytes:
    """The PushResponse as JSON bytes: each result's text as stored in `ops` (records spliced in, once)."""
    unit = _run(db, principal, batch, check_submit)
    return ('{"results":[' + ",".join(unit.texts[op["op_id"]] for op in batch) + "]}").encode("utf-8")


def _run(db: Database, principal: Principal, batch: list[Op], check_submit: bool) -> UnitOfWork:
    for attempt in range(ATTEMPTS):
        try:
            # PostgreSQL: optimistic reads in autocommit, then BEGIN..COMMIT in one pipeline (pgflush).
            # SQLite: one BEGIN IMMEDIATE transaction, which serialises writers anyway.
            with db.write() if db.is_sqlite else db.quick() as conn:
                unit = UnitOfWork(conn)
                unit.check_submit = check_submit
                unit.first_reads((op["op_id"] for op in batch), *_ids_of(batch))
                unit.prefetch((("household", row.household_id or "") for row in list(unit.rows.values())
                               if row is not None), bare=True)  # categories of assessments, from the column
                for op in batch:
                    push_one(unit, principal, op)
                unit.flush()
            ANALYZER.wrote(db, len(unit.dirty) + len(unit.remembered))
            if unit.dirty or unit.remembered:
                db.checkpoint_soon()
            return unit
        except (IntegrityError, OperationalError, StaleWrite):
            # Another worker wrote the same op or record first (or the database was busy): start again on
            # fresh data; the ops it stored come back as stored results.
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _ids_of(batch: list[Op]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Every (entity, id) a batch may read: its records and the assessments its steps move (whole), and
    the parents its records link to (their owner and categories only: read bare, see UnitOfWork.bare)."""
    keys, parents = [], []
    for op in batch:
        keys.append((op["entity"], op["entity_id"]))
        for key, parent in (("household_id", "household"), ("assessment_id", "assessment")):
            value = ((op.get("changes") or {}).get(key) or {}).get("new")
            if isinstance(value, str):
                parents.append((parent, value))
        value = (op.get("event") or {}).get("assessment_id")
        if isinstance(value, str):
            keys.append(("assessment", value))
    return keys, parents


def push_one(unit: UnitOfWork, principal: Principal, op: Op) -> None:
    """Apply one op and remember its result (unit.texts / unit.result); an op already stored is left as
    stored, its text unparsed (a replayed batch's answer is the stored texts, spliced)."""
    if op["op_id"] in unit.texts:
        return
    try:
        result = apply_op(unit, principal, op)
    except (TypeError, ValueError, KeyError, AttributeError):
        # Data this server cannot read (a bug or a newer client): refuse the op, keep the batch.
        result = _rejected(op, "record.bad_op", detail="content")
    unit.remember(op["op_id"], principal.device_id, result)


def _result(op: Op, status: str, version: int, record: dict[str, Any] | None, **more: Any) -> OpResult:
    result: dict[str, Any] = {"op_id": op["op_id"], "status": status, "entity": op["entity"],
                              "entity_id": op["entity_id"], "version": version, "record": record}
    result.update(more)
    return result  # type: ignore[return-value]


def _rejected(op: Op, code: str, row: Any = None, **params: Any) -> OpResult:
    record = json.loads(row.data) if row is not None else None
    return _result(op, "rejected", row.version if row is not None else 0, record, error=refusal(code, **params))


def apply_op(unit: UnitOfWork, principal: Principal, op: Op) -> OpResult:
    if op["kind"] == "event":
        return apply_event(unit, principal, op)
    if op["entity"] not in CHANGEABLE:
        return _rejected(op, "record.bad_op", detail="entity")
    return apply_change(unit, principal, op)


def _allowed_changes(principal: Principal, entity: str, exists: bool, changes: dict[str, Any]) -> dict[str, Any]:
    admin = principal.role == Role.ADMIN
    if entity == "assignment" and not admin:
        dropped = _dropped(False, None)
        return {k: c for k, c in changes.items() if k in ASSIGNMENT_FIELDS and k not in dropped}
    dropped = _dropped(admin, LINK_FIELDS.get(entity) if exists else None)
    return {k: c for k, c in changes.items() if k not in dropped}


@functools.cache
def _dropped(admin: bool, link: str | None) -> frozenset[str]:
    """The fields a change op may not set: the server's, the owner's (unless head office), an existing
    record's link to its parent."""
    return SERVER_FIELDS | (frozenset() if admin else OWNER_FIELDS) | ({link} if link else frozenset())


def _owner_of_new(unit: UnitOfWork, principal: Principal, op: Op, record: dict[str, Any]) -> str | None:
    """Set researcher/team of a new record; returns an error code if the link is not the principal's."""
    link = LINK_FIELDS.get(op["entity"])
    parent_entity = {"household_id": "household", "assessment_id": "assessment"}.get(link or "")
    parent = unit.load(parent_entity, str(record.get(link) or ""), bare=True) if parent_entity else None
    if parent_entity and parent is None and op["entity"] == "attachment":
        return "record.not_found"
    if parent is not None:
        if not can_change(principal, parent):
            return "auth.forbidden"
        record["researcher"], record["team"] = parent.researcher, parent.team
    elif principal.role != Role.ADMIN:
        record["researcher"] = principal.username if principal.role == Role.RESEARCHER else \
            (record.get("researcher") or principal.username)
        record["team"] = principal.team
    if op["entity"] == "assessment":
        record["status"] = "draft"
    if op["entity"] == "assignment" and principal.role != Role.ADMIN:
        return "auth.forbidden"
    return None


def apply_change(unit: UnitOfWork, principal: Principal, op: Op) -> OpResult:
    entity, entity_id = op["entity"], op["entity_id"]
    row = unit.load(entity, entity_id)
    if row is not None and not can_change(principal, row):
        return _rejected(op, "auth.forbidden")
    current = row.record() if row is not None else {}
    changes = _allowed_changes(principal, entity, row is not None, op.get("changes") or {})
    if entity == "assessment" and row is not None and row.status in READ_ONLY:
        flat = flatten(current)
        conflicts: list[Conflict] = [{"field": k, "local": c["new"], "server": flat.get(k), "base": c["old"]}
                                     for k, c in changes.items() if flat.get(k) != c["new"]]
        return _result(op, "conflict" if conflicts else "applied", row.version, current, conflicts=conflicts)
    if row is None and int(op.get("base_version") or 0) > 0:
        # The device edits a version of a record head office never had (bulk-loaded demo data, a restored
        # server): its changes alone would make a partial record, so it is refused and the device keeps it.
        return _rejected(op, "record.not_found")
    merged, conflicts = apply_changes(current, changes)
    if row is None:
        merged["id"] = entity_id
        if principal.role == Role.ADMIN:
            for key in ("researcher", "team"):
                if key in changes:
                    merged[key] = changes[key]["new"]
        error = _owner_of_new(unit, principal, op, merged)
        if error:
            return _rejected(op, error)
    elif merged == current:
        return _result(op, "conflict" if conflicts else "applied", row.version, current, conflicts=conflicts)
    version = (row.version if row is not None else 0) + 1
    merged["version"] = version
    merged["updated_at"] = unit.now
    # The result carries this very version: the device that sent the op holds it once it records the result.
    unit.record_text[op["op_id"]] = unit.save(entity, merged, version, principal.device_id).data
    return _result(op, "conflict" if conflicts else "applied", version, merged, conflicts=conflicts)


def _effects(assessment: dict[str, Any], event: WorkflowEvent) -> None:
    action = Action(event.action)
    assessment["status"] = event.to_status
    if action == Action.SUBMIT:
        assessment["submitted_at"] = event.at
    elif action in (Action.APPROVE, Action.REJECT):
        assessment["decided_at"] = event.at
        assessment["review_comment"] = event.comment
        if action == Action.REJECT:
            assessment["reject_reason"] = event.reason
    elif action == Action.RETURN:
        assessment["flagged_fields"] = list(event.flagged_fields)
        assessment["review_comment"] = event.comment
    elif action == Action.REOPEN:
        assessment["decided_at"] = None
        assessment["review_comment"] = event.comment or event.reason
        assessment["flagged_fields"] = []  # reopened whole: an earlier return's flags no longer apply


def apply_event(unit: UnitOfWork, principal: Principal, op: Op) -> OpResult:
    raw = dict(op.get("event") or {})
    raw["id"] = op["entity_id"]
    existing = unit.load("event", op["entity_id"])
    if existing is not None:
        return _result(op, "applied", existing.version, existing.record())
    row = unit.load("assessment", str(raw.get("assessment_id") or ""))
    if row is None:
        return _rejected(op, "record.not_found")
    if not can_change(principal, row):
        return _rejected(op, "auth.forbidden")
    try:
        target = decide(principal.actor, str(raw.get("action") or ""), row.status, owner=row.researcher or "",
                        team=row.team, comment=str(raw.get("comment") or ""), reason=str(raw.get("reason") or ""))
        if unit.check_submit and raw.get("action") == Action.SUBMIT.value:
            check_submit(unit.conn, row.record())  # the answers as merged so far, this batch's edits included
    except TransitionRefused as exc:
        return _result(op, "rejected", 0, None, error=refusal(exc.code, **exc.params),
                       assessment=row.record())
    head = unit.chain_head(row.id)
    assessment = row.record()
    flagged = raw.get("flagged_fields") or []
    event = WorkflowEvent(
        id=op["entity_id"], assessment_id=row.id, household_id=str(assessment.get("household_id") or ""),
        action=str(raw["action"]), from_status=row.status, to_status=target.value, actor=principal.username,
        role=principal.role.value, device_id=principal.device_id, comment=str(raw.get("comment") or ""),
        reason=str(raw.get("reason") or ""), flagged_fields=[str(f) for f in flagged] if isinstance(flagged, list)
        else [], at=str(raw.get("at") or utc_now()))
    seal(event, WorkflowEvent.from_dict(head.record()) if head is not None else None)
    event_dict = event.to_dict()
    event_dict.update(team=row.team, researcher=row.researcher)
    index = (head.version if head is not None else 0) + 1
    _effects(assessment, event)
    assessment["version"] = row.version + 1
    assessment["updated_at"] = unit.now
    unit.record_text[op["op_id"]] = unit.save("event", event_dict, index, principal.device_id).data
    unit.save("assessment", assessment, row.version + 1)  # no writer: the device adopts only the event
    return _result(op, "applied", index, event_dict, assessment=assessment)


# Entities a thin pull may send without their record: the bulk of what devices write; events, attachments
# and assignments stay whole (few, small, and adopted differently).
THIN_ENTITIES = ("household", "assessment")
# A thin page holds at most `limit` records and, besides, at most this many rows in all (thin entries are
# ~100 bytes; the bound keeps a page of a device's own 20k records from being one huge answer).
THIN_SCAN = 4 * MAX_PULL_LIMIT


@functools.cache
def _pull_query(role: Role, thin: bool = False) -> Select[Any]:
    """The page of a pull for one role (the asker, cursor and size are bound parameters), with the catalog
    revision as a column: the same snapshot, and one statement instead of two. `thin`: the record is NULL
    where the asking device wrote this very version (records.writer = p_device)."""
    data: Any = records.c.data
    if thin:
        # Equalities rather than IN (...): an IN list is rendered at execution, which _driver_statement avoids.
        own = and_(records.c.writer == bindparam("p_device"), or_(*(records.c.entity == e for e in THIN_ENTITIES)))
        data = case((own, null()), else_=records.c.data).label("data")
    return (select(records.c.seq, records.c.entity, records.c.id, records.c.version, data,
                   CATALOG_REV.scalar_subquery().label("rev"))
            .where(records.c.seq > bindparam("p_after"), scope_template(role))
            .order_by(records.c.seq).limit(bindparam("p_limit")))


_ENTITY_JSON = {entity: f'"{entity}"' for entity in ("household", "assessment", "event", "attachment", "assignment")}
_PLAIN_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")   # ids as pushes name them: nothing to escape in JSON


def _quoted(text: str) -> str:
    return _ENTITY_JSON.get(text) or (f'"{text}"' if _PLAIN_ID.fullmatch(text) else json.dumps(text))


@functools.cache
def _driver_statement(role: Role, thin: bool, dialect: Dialect) -> tuple[str, tuple[str, ...] | None, dict[str, Any]]:
    """_pull_query as the driver's own SQL text (compiled once per role, kind and database), the names of
    its positional parameters (None: named) and the values bound when it was built."""
    compiled = _pull_query(role, thin).compile(dialect=dialect)
    order = tuple(compiled.positiontup or ()) if dialect.paramstyle == "qmark" else None
    return compiled.string, order, dict(compiled.params)


def _rows(conn: Connection, role: Role, thin: bool, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """A page's rows as plain tuples (seq, entity, id, version, data, rev), sent on the driver's own
    connection: a pull is the other request every device makes, and SQLAlchemy's execute and a Row per
    record cost more than the query on a page of 100."""
    if conn.dialect.paramstyle not in ("qmark", "pyformat"):
        return [tuple(row) for row in conn.execute(_pull_query(role, thin), params)]
    sql, order, bound = _driver_statement(role, thin, conn.dialect)
    values = {**bound, **params}
    raw: Any = conn.connection.driver_connection
    if order is not None:
        return list(raw.execute(sql, [values[name] for name in order]))
    with raw.cursor() as cursor:
        cursor.execute(sql, values)
        return list(cursor.fetchall())


_SEQ, _DATA, _REV = 0, 4, 5   # positions in a page row


def _page(conn: Connection, principal: Principal, after: int, limit: int) -> tuple[list[Any], bool]:
    """Up to `limit` rows after `after` the principal may read, in order, and whether more follow."""
    rows = _rows(conn, principal.role, False, {"p_after": after, "p_limit": limit + 1, **scope_params(principal)})
    return rows[:limit], len(rows) > limit


def _thin_page(conn: Connection, principal: Principal, after: int, limit: int) -> tuple[list[Any], bool]:
    """As _page, but rows whose record the asker holds (data NULL) do not count toward `limit`: up to
    `limit` records plus the thin rows among them, at most THIN_SCAN rows in all. The page still covers
    every row up to its last one, so the cursor passes over thin rows and never over anything else."""
    params = {**scope_params(principal), "p_device": principal.device_id}
    kept: list[Any] = []
    full = 0
    while True:
        want = min(limit - full, THIN_SCAN - len(kept))
        rows = _rows(conn, principal.role, True,
                     {**params, "p_after": kept[-1][_SEQ] if kept else after, "p_limit": want + 1})
        for row in rows:
            if full == limit or len(kept) == THIN_SCAN:
                return kept, True   # a row follows the page's last one
            kept.append(row)
            full += row[_DATA] is not None
        if len(rows) <= want:
            return kept, False      # the rows ended within this query
        # want + 1 rows came back and every one fitted (some were thin): read on after the last


def pull_json(conn: Connection, principal: Principal, after: int, limit: int, server_time: str,
              thin: bool = False) -> bytes:
    """The PullResponse as JSON bytes, splicing each record's stored JSON text in unparsed. `thin`: an
    entry whose record the asking device holds (it wrote this version, see records.writer) comes without
    "record" and with "thin": true; the device checks it has that version (else it asks again, whole)."""
    rows, more = (_thin_page if thin else _page)(conn, principal, after, limit)
    parts = [f'{{"seq":{seq},"entity":{_quoted(entity)},"entity_id":{_quoted(record_id)},"version":{version},'
             + (f'"record":{data}}}' if data is not None else '"thin":true}')
             for seq, entity, record_id, version, data, _rev in rows]
    rev = str(rows[0][_REV] or 0) if rows else catalog_rev(conn)
    tail = {"next_after": rows[-1][_SEQ] if rows else after, "has_more": more, "server_time": server_time,
            "forms_rev": rev}
    return ('{"changes":[' + ",".join(parts) + "]," + json.dumps(tail)[1:]).encode("utf-8", "replace")


def pull(conn: Connection, principal: Principal, after: int, limit: int) -> tuple[list[Change], int, bool]:
    rows, more = _page(conn, principal, after, limit)
    changes: list[Change] = [{"seq": seq, "entity": entity, "entity_id": record_id, "version": version,
                              "record": json.loads(data)} for seq, entity, record_id, version, data, _ in rows]
    return changes, (rows[-1][_SEQ] if rows else after), more
