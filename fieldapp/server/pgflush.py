"""The end of a push batch on PostgreSQL in one round trip: ops, sequence numbers, records and COMMIT.

Why: the sequence counter row is locked from the moment numbers are reserved until commit (so pulls never
skip a late commit). With one statement per round trip, every round trip under that lock also waits for
the worker's GIL, which dozens of busy request threads hold most of the time: 200 devices pushing at once
then queue seconds behind each other. Sent as one pipeline, PostgreSQL runs the locked part back to back
in about a millisecond, whatever the Python side is doing.

A record updated by another batch since it was read (its version moved) makes the last statement divide
by zero, which aborts the transaction before the COMMIT runs; the caller sees StaleWrite and starts over.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DataError

from ..domain.jsontext import dumps_text

_COLUMNS = ("entity", "id", "version", "team", "researcher", "status", "household_id", "assessment_id",
            "categories", "amount", "month", "id_key", "person_key", "data", "updated_at", "writer")
_TYPES = {"version": "int", "amount": "bigint", "ord": "int", "old": "int"}
_RECORDSET = ", ".join(f"{c} {_TYPES.get(c, 'text')}" for c in (*_COLUMNS, "ord", "old"))
_SEQ = "(SELECT value FROM counters WHERE name = 'seq') - %(n)s + v.ord"

_OPS = ("INSERT INTO ops (op_id, device_id, result, created_at) "
        "SELECT op_id, device_id, result, created_at FROM json_to_recordset(%(rows)s::json) "
        "AS t(op_id text, device_id text, result text, created_at text)")
_BUMP = "UPDATE counters SET value = value + %(n)s WHERE name = 'seq'"
_WRITE = (
    f"WITH v AS (SELECT * FROM json_to_recordset(%(rows)s::json) AS t({_RECORDSET})), "
    f"upd AS (UPDATE records AS r SET {', '.join(f'{c} = v.{c}' for c in _COLUMNS[2:])}, seq = {_SEQ} "
    "FROM v WHERE v.old IS NOT NULL AND r.entity = v.entity AND r.id = v.id AND r.version = v.old RETURNING 1), "
    f"ins AS (INSERT INTO records ({', '.join(_COLUMNS)}, seq) SELECT {', '.join('v.' + c for c in _COLUMNS)}, {_SEQ} "
    "FROM v WHERE v.old IS NULL RETURNING 1) "
    # Division by zero when an update missed its row: the error aborts the transaction (no COMMIT).
    "SELECT 1 / ((SELECT count(*) FROM upd) = %(updates)s)::int, (SELECT count(*) FROM ins)"
)


def flush_pg(conn: Connection, records: list[dict[str, Any]], remembered: list[dict[str, Any]]) -> None:
    """Write `records` (the columns, plus "ord": offset in the batch and "old": the version read or None)
    and the remembered op results, then COMMIT, all in one pipeline."""
    import psycopg

    from .unit import StaleWrite  # here: unit imports this module

    raw = conn.connection.driver_connection
    updates = sum(1 for r in records if r["old"] is not None)
    try:
        with raw.pipeline(), raw.cursor() as cur:
            if raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
                cur.execute("BEGIN")  # reads ran in autocommit (no transaction open yet)
            if remembered:
                cur.execute(_OPS, {"rows": dumps_text(remembered)})
            if records:
                cur.execute(_BUMP, {"n": len(records)})
                cur.execute(_WRITE, {"rows": dumps_text(records), "n": len(records),
                                     "updates": updates})
            cur.execute("COMMIT")
    except (psycopg.errors.DivisionByZero, psycopg.errors.UniqueViolation, psycopg.errors.DeadlockDetected,
            psycopg.errors.SerializationFailure) as exc:
        # A record or op written by another batch meanwhile: nothing was committed; run the batch again.
        _rollback(raw)
        raise StaleWrite from exc
    except psycopg.DataError as exc:
        # A value PostgreSQL refuses: the same 400 as a statement SQLAlchemy ran (app.py's DataError handler).
        _rollback(raw)
        raise DataError("flush", None, exc) from None
    except BaseException:
        _rollback(raw)
        raise


def _rollback(raw: Any) -> None:
    """End the failed transaction block (its COMMIT was skipped), so the pooled connection is clean."""
    import psycopg

    if raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        raw.rollback()
