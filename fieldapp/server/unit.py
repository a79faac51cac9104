"""The reads and writes of one push batch, in a handful of queries whatever its size.

Records are fetched together up front; changes are kept in memory and written at the end with one
reservation of sequence numbers (a record changed several times in a batch is written once).

Concurrency is optimistic: reads take no locks; at the end the sequence counter row is locked first
(so two batches never wait on each other in a cycle, and sequence numbers become visible in order), and
each update names the version it read. If another batch changed that record meanwhile, the update
matches no row and StaleWrite makes the caller run the batch again on fresh data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, select

from ..domain.clock import utc_now
from .db import dumps, next_seq
from .pgflush import flush_pg
from .records import plain_columns
from .tables import records

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


def _by_entity(keys: list[tuple[str, str]]) -> dict[str, list[str]]:
    by_entity: dict[str, list[str]] = {}
    for entity, record_id in keys:
        by_entity.setdefault(entity, []).append(record_id)
    return by_entity


# Driver-level reads (UnitOfWork._driver_rows): "%s" and "IN (?)" become each driver's own placeholders.
_SELECT_ROW = ("SELECT entity, id, version, team, researcher, status, household_id, {data}, categories FROM records"
               " WHERE entity = %s AND id IN (?)")
_SELECT_FULL = _SELECT_ROW.format(data="data")
_SELECT_BARE = _SELECT_ROW.format(data="NULL")
_SELECT_OPS = "SELECT op_id, result FROM ops WHERE op_id IN (?)"
# The same, tagged and shaped alike for one UNION ALL (first_reads): kind, then the columns of _SELECT_ROW.
_SELECT_FULL_ROW = _SELECT_FULL.replace("SELECT ", "SELECT 'r', ", 1)
_SELECT_BARE_ROW = _SELECT_BARE.replace("SELECT ", "SELECT 'b', ", 1)
_SELECT_OPS_ROW = ("SELECT 'o', 'op', op_id, NULL, NULL, NULL, NULL, NULL, result, NULL FROM ops"
                   " WHERE op_id IN (?)")


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
        parts = [(_SELECT_OPS_ROW, (), op_list)]
        parts += [(_SELECT_FULL_ROW, (entity,), ids) for entity, ids in _by_entity(wanted).items()]
        parts += [(_SELECT_BARE_ROW, (entity,), ids) for entity, ids in _by_entity(bare).items()]
        for kind, *found in self._driver_union(parts):
            if kind == "o":
                self.texts[found[1]] = found[7]
            else:
                self._keep_tuple(tuple(found), kind == "b")
        self.fetched.update(wanted)
        self.fetched.update(bare)

    def _driver_union(self, parts: list[tuple[str, tuple[str, ...], list[str]]]) -> list[tuple[Any, ...]]:
        """Several _driver_rows statements as one UNION ALL: one round trip (PostgreSQL) for a batch's reads."""
        if self.conn.dialect.name == "sqlite":  # each part's own "IN (?)" gets its own list's marks
            sql = " UNION ALL ".join(part.replace("%s", "?").replace("IN (?)", "IN (" + ",".join("?" * len(ids)) + ")")
                                     for part, _, ids in parts)
            params: list[Any] = [value for _, lead, ids in parts for value in (*lead, *ids)]
            raw: Any = self.conn.connection.driver_connection
            return list(raw.execute(sql, params))
        sql = " UNION ALL ".join(part.replace("IN (?)", "= ANY(%s)") for part, _, _ in parts)
        params = [value for _, lead, ids in parts for value in (*lead, ids)]
        with self.conn.connection.driver_connection.cursor() as cursor:  # type: ignore[union-attr]
            cursor.execute(sql, params)
            return list(cursor.fetchall())

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
