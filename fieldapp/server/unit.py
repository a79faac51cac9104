"""The reads and writes of one push batch, in a handful of queries whatever its size.

Records are fetched together up front; changes are kept in memory and written at the end with one
reservation of sequence numbers (a record changed several times in a batch is written once).

Concurrency is optimistic: reads take no locks; at the end the sequence counter row is locked first
(so two batches never wait on each other in a cycle, and sequence numbers become visible in order), and
each update names the version it read. If another batch changed that record meanwhile, the update
matches no row and StaleWrite makes the caller run the batch again on fresh data.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Integer,
    and_,
    bindparam,
    cast,
    literal_column,
    null,
    or_,
    select,
    union_all,
)

from ..domain.clock import utc_now
from .db import dumps, next_seq
from .pgflush import flush_pg
from .records import plain_columns
from .tables import ops, records

_HEAD = (select(records).where(records.c.entity == "event", records.c.assessment_id == bindparam("b_aid"))
         .order_by(records.c.version.desc()).limit(1))
CHUNK = 500
# SQLite statements with positional parameters (flush): the plain columns, then version, seq, data, updated_at.
_PLAIN = ("team", "researcher", "status", "household_id", "assessment_id", "categories", "amount", "month",
          "id_key", "person_key", "writer")
_WRITTEN = (*_PLAIN, "version", "seq", "data", "updated_at")
_SQLITE_INSERT = (f"INSERT INTO records ({', '.join(_WRITTEN)}, entity, id) "
                  f"VALUES ({', '.join('?' for _ in range(len(_WRITTEN) + 2))})")
_SQLITE_UPDATE = (f"UPDATE records SET {', '.join(f'{c} = ?' for c in _WRITTEN)} "
                  "WHERE entity = ? AND id = ? AND version = ?")
_SQLITE_REMEMBER = "INSERT INTO ops (op_id, device_id, result, created_at) VALUES (?, ?, ?, ?)"
_ROW_COLUMNS = (records.c.entity, records.c.id, records.c.version, records.c.team, records.c.researcher,
                records.c.status, records.c.household_id, records.c.data, records.c.categories)


def _by_entity(keys: list[tuple[str, str]]) -> dict[str, list[str]]:
    by_entity: dict[str, list[str]] = {}
    for entity, record_id in keys:
        by_entity.setdefault(entity, []).append(record_id)
    return by_entity


@functools.cache
def _keys_in(entities: tuple[str, ...], prefix: str = "ids") -> ColumnElement[bool]:
    """(entity, id) IN keys, as one `entity = e AND id IN (:ids_e)` per entity: exact primary-key lookups
    on SQLite and PostgreSQL alike (an id list alone cannot use the (entity, id) key). Built once per set
    of entities, the ids bound at execution (_key_params): a statement built per batch cost its
    construction and cache-key walk every time."""
    return or_(*(and_(records.c.entity == entity,
                      records.c.id.in_(bindparam(f"{prefix}_{entity}", expanding=True))) for entity in entities))


def _key_params(by_entity: dict[str, list[str]], prefix: str = "ids") -> dict[str, list[str]]:
    return {f"{prefix}_{entity}": ids for entity, ids in by_entity.items()}


def _columns(bare: bool) -> tuple[Any, ...]:
    """_ROW_COLUMNS, with NULL for the JSON text when `bare` (a parent read for its owner and categories)."""
    return tuple(null().label("data") if bare and c is records.c.data else c for c in _ROW_COLUMNS)


@functools.cache
def _first_reads_query(entities: tuple[str, ...], bare_entities: tuple[str, ...]) -> CompoundSelect:
    found = select(literal_column("'r'").label("kind"), *_ROW_COLUMNS).where(_keys_in(entities))
    stored = select(literal_column("'o'"), literal_column("'op'"), ops.c.op_id, cast(null(), Integer),
                    null(), null(), null(), null(), ops.c.result, null()) \
        .where(ops.c.op_id.in_(bindparam("op_ids", expanding=True)))
    if not bare_entities:
        return union_all(found, stored)
    bare = select(literal_column("'b'"), *_columns(True)).where(_keys_in(bare_entities, "bare"))
    return union_all(found, stored, bare)


# Driver-level reads (UnitOfWork._driver_rows): "%s" and "IN (?)" become each driver's own placeholders.
_SELECT_ROW = ("SELECT entity, id, version, team, researcher, status, household_id, {data}, categories FROM records"
               " WHERE entity = %s AND id IN (?)")
_SELECT_FULL = _SELECT_ROW.format(data="data")
_SELECT_BARE = _SELECT_ROW.format(data="NULL")
_SELECT_OPS = "SELECT op_id, result FROM ops WHERE op_id IN (?)"


class StaleWrite(Exception):
    """A record changed under this batch since it was read."""


@dataclass
class Row:
    entity: str
    id: str
    version: int
    team: str | None
    researcher: str | None
    status: str | None
    household_id: str | None
    data: str                       # the record as stored JSON text ("" when read bare: see UnitOfWork.bare)
    columns: dict[str, Any] = field(default_factory=dict)
    categories: str | None = None   # households: their category codes, comma-joined (None: read the JSON)

    def record(self) -> dict[str, Any]:
        return json.loads(self.data)


def _row(db_row: Any) -> Row:
    return Row(db_row.entity, db_row.id, db_row.version, db_row.team, db_row.researcher, db_row.status,
               db_row.household_id, db_row.data or "", categories=db_row.categories)


class UnitOfWork:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.rows: dict[tuple[str, str], Row | None] = {}
        self.fetched: set[tuple[str, str]] = set()    # (entity, id) read, found or not
        # Read without the JSON text: parents an op's record links to, needed for their owner and categories
        # only (a household's text is ~1 KB; a batch of new assessments read 500 of them for nothing).
        self.bare: set[tuple[str, str]] = set()
        self.in_db: dict[tuple[str, str], int] = {}   # version as read
        self.dirty: dict[tuple[str, str], None] = {}
        self.heads: dict[str, Row | None] = {}
        self.parsed: dict[str, dict[str, Any]] = {}   # household JSON text -> parsed (categories lookups)
        self.results: dict[str, Any] = {}          # op id -> result (parsed from texts when asked)
        self.texts: dict[str, str] = {}            # op id -> result as JSON text (stored in `ops`)
        self.record_text: dict[str, str] = {}      # op id -> JSON text of the record its result carries
        self.remembered: list[dict[str, Any]] = []
        self.check_submit = True                   # refuse incomplete submits (sync.apply_event)
        self.now = utc_now()                       # one clock reading per batch: updated_at, created_at

    # -- reading ---------------------------------------------------------------------------------------
    def prefetch(self, keys: Iterable[tuple[str, str]], *, bare: bool = False) -> None:
        """Read the (entity, id) records not read yet, a chunk per query (`bare`: without their JSON text)."""
        wanted = sorted({k for k in keys if k[1] and (k not in self.fetched or (k in self.bare and not bare))})
        for start in range(0, len(wanted), CHUNK):
            part = wanted[start:start + CHUNK]
            for entity, ids in _by_entity(part).items():
                for found in self._driver_rows(_SELECT_BARE if bare else _SELECT_FULL, (entity,), ids):
                    self._keep_tuple(found, bare)
            self.fetched.update(part)
            if not bare:
                self.bare.difference_update(part)

    def _driver_rows(self, sql: str, lead: tuple[str, ...], ids: list[str]) -> list[tuple[Any, ...]]:
        """`sql` (its last condition `IN (?)`) run on the driver's own connection, in this transaction:
        plain tuples, no statement compiled per list of ids (SQLAlchemy's expanding IN rendered and
        bound 1,000 parameters a batch, and built a Row per record: ~60% of reading a 500-op batch)."""
        raw: Any = self.conn.connection.driver_connection
        if self.conn.dialect.name == "sqlite":
            marks = ",".join("?" * len(ids))
            return list(raw.execute(sql.replace("= %s", "= ?").replace("IN (?)", f"IN ({marks})"), (*lead, *ids)))
        with raw.cursor() as cursor:
            cursor.execute(sql.replace("IN (?)", "= ANY(%s)"), (*lead, ids))
            return list(cursor.fetchall())

    def _keep_tuple(self, found: tuple[Any, ...], bare: bool) -> None:
        entity, record_id, version, team, researcher, status, household_id, data, categories = found
        key = (entity, record_id)
        self.rows[key] = Row(entity, record_id, version, team, researcher, status, household_id, data or "",
                             categories=categories)
        self.in_db[key] = version
        if bare:
            self.bare.add(key)

    def first_reads(self, op_ids: Iterable[str], keys: Iterable[tuple[str, str]],
                    bare_keys: Iterable[tuple[str, str]] = ()) -> None:
        """stored_results and prefetch (`bare_keys` without their JSON text) in one query (one round trip)
        when they fit in a chunk."""
        op_list = sorted(set(op_ids))
        wanted = sorted({k for k in keys if k[1] and k not in self.fetched})
        bare = sorted({k for k in bare_keys if k[1] and k not in self.fetched} - set(wanted))
        if not op_list or not wanted or len(op_list) > CHUNK or len(wanted) + len(bare) > CHUNK:
            self.stored_results(op_list)
            self.prefetch(wanted)
            self.prefetch(bare, bare=True)
            return
        by_entity, bare_by_entity = _by_entity(wanted), _by_entity(bare)
        query = _first_reads_query(tuple(by_entity), tuple(bare_by_entity))
        params = {"op_ids": op_list, **_key_params(by_entity), **_key_params(bare_by_entity, "bare")}
        for db_row in self.conn.execute(query, params):
            if db_row.kind == "o":
                self.texts[db_row.id] = db_row.data
            else:
                self._keep(db_row, db_row.kind == "b")
        self.fetched.update(wanted)
        self.fetched.update(bare)

    def _keep(self, db_row: Any, bare: bool = False) -> None:
        key = (db_row.entity, db_row.id)
        self.rows[key] = _row(db_row)
        self.in_db[key] = db_row.version
        if bare:
            self.bare.add(key)

    def load(self, entity: str, record_id: str, *, bare: bool = False) -> Row | None:
        """The record as read (or saved) in this batch; `bare`: its JSON text is not wanted (it may be "")."""
        key = (entity, record_id)
        if (key not in self.rows and key not in self.fetched) or (key in self.bare and not bare):
            self.prefetch([key])
        return self.rows.get(key)

    def household_record(self, household_id: str) -> dict[str, Any] | None:
        row = self.load("household", household_id, bare=True)
        if row is not None and not (row.entity == "household" and row.categories is not None) \
                and ("household", household_id) in self.bare:
            row = self.load("household", household_id)  # the categories are in the JSON text only
        if row is None:
            return None
        if row.entity == "household" and row.categories is not None:
            return {"categories": row.categories.split(",")}  # no JSON parse (plain_columns wants these only)
        parsed = self.parsed.get(row.data)
        if parsed is None:
            parsed = self.parsed[row.data] = row.record()  # read-only use: parsed once per batch
        return parsed

    def chain_head(self, assessment_id: str) -> Row | None:
        if assessment_id not in self.heads:
            found = self.conn.execute(_HEAD, {"b_aid": assessment_id}).one_or_none()
            self.heads[assessment_id] = _row(found) if found is not None else None
        return self.heads[assessment_id]

    def stored_results(self, op_ids: Iterable[str]) -> None:
        wanted = sorted(set(op_ids))
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start:start + CHUNK]
            for op_id, result in self._driver_rows(_SELECT_OPS, (), chunk):
                self.texts[op_id] = result

    # -- writing ---------------------------------------------------------------------------------------
    def save(self, entity: str, data: dict[str, Any], version: int, writer: str | None = None) -> Row:
        """Keep a record's new version for the flush. `writer`: the device whose push result carries exactly
        this record at this version (records.writer, for thin pulls); None when nobody is sent it."""
        columns = plain_columns(entity, data, self.household_record)
        columns["writer"] = writer
        row = Row(entity, str(data["id"]), version, columns["team"], columns["researcher"], columns["status"],
                  columns["household_id"], dumps(data), columns, columns["categories"])
        key = (entity, row.id)
        self.rows[key] = row
        self.bare.discard(key)
        self.dirty[key] = None
        if entity == "event" and data.get("assessment_id"):
            self.heads[str(data["assessment_id"])] = row
        return row

    def result(self, op_id: str) -> Any:
        if op_id not in self.results:
            self.results[op_id] = json.loads(self.texts[op_id])
        return self.results[op_id]

    def remember(self, op_id: str, device_id: str, result: Any) -> None:
        self.results[op_id] = result
        record = self.record_text.pop(op_id, None)
        if record is not None and result.get("record") is not None:
            # The record's stored text spliced in: serialised once for the row, the op and the answer.
            text = dumps({k: v for k, v in result.items() if k != "record"})[:-1] + ',"record":' + record + "}"
        else:
            text = dumps(result)
        self.texts[op_id] = text
        self.remembered.append({"op_id": op_id, "device_id": device_id, "result": text, "created_at": self.now})

    def flush(self) -> None:
        """Write everything; on PostgreSQL this also commits (see pgflush)."""
        if self.conn.dialect.name == "postgresql":
            self._flush_pg()
            return
        if self.dirty:
            first = next_seq(self.conn, len(self.dirty))
            now = self.now
            inserts, updates = [], []
            for offset, key in enumerate(self.dirty):
                row = self.rows[key]
                assert row is not None
                values = (*(row.columns[c] for c in _PLAIN), row.version, first + offset, row.data, now)
                if key in self.in_db:
                    updates.append((*values, key[0], key[1], self.in_db[key]))
                else:
                    inserts.append((*values, key[0], key[1]))
            # The driver's executemany with positional rows: SQLAlchemy's per-row parameter handling of
            # dicts cost as much as the inserts themselves.
            if inserts:
                self.conn.exec_driver_sql(_SQLITE_INSERT, inserts)
            if updates and self.conn.exec_driver_sql(_SQLITE_UPDATE, updates).rowcount != len(updates):
                raise StaleWrite
        if self.remembered:
            self.conn.exec_driver_sql(_SQLITE_REMEMBER, [(r["op_id"], r["device_id"], r["result"], r["created_at"])
                                                         for r in self.remembered])

    def _flush_pg(self) -> None:
        now = self.now
        rows = []
        for offset, key in enumerate(self.dirty):
            row = self.rows[key]
            assert row is not None
            rows.append({**row.columns, "entity": key[0], "id": key[1], "version": row.version, "data": row.data,
                         "updated_at": now, "ord": offset + 1, "old": self.in_db.get(key)})
        flush_pg(self.conn, rows, self.remembered)
