"""A push batch's first reads (UnitOfWork.first_reads / prefetch, on the driver's own connection): whatever
mix of entities, ids and op ids a batch names, it finds exactly the stored records (whole, or bare for
parents) and the stored results, on SQLite and PostgreSQL, in one query or in chunks."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.server import unit as unit_module
from fieldapp.server.db import Database
from fieldapp.server.unit import UnitOfWork

ENTITIES = ("household", "assessment", "event", "attachment")
STORED = [(entity, f"{entity[:2]}-{n}") for entity in ENTITIES for n in range(4)]
STORED_OPS = [f"op-{n}" for n in range(4)]
KEYS = st.sampled_from(STORED + [(entity, f"{entity[:2]}-missing") for entity in ENTITIES])
OP_IDS = st.sampled_from(STORED_OPS + ["op-missing-1", "op-missing-2"])


def _store(db: Database) -> None:
    with db.write() as conn:
        unit = UnitOfWork(conn)
        for entity, record_id in STORED:
            unit.save(entity, {"id": record_id, "team": "t1", "researcher": "alice", "n": record_id}, 3)
        for op_id in STORED_OPS:
            unit.remember(op_id, "device-1", {"op_id": op_id, "status": "applied", "record": None})
        unit.flush()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(keys=st.lists(KEYS, max_size=12), parents=st.lists(KEYS, max_size=6),
       op_ids=st.lists(OP_IDS, max_size=6), chunk=st.sampled_from([2, 500]))
def test_first_reads_find_exactly_what_is_stored(database: Database, monkeypatch: pytest.MonkeyPatch,
                                                 keys: list[tuple[str, str]], parents: list[tuple[str, str]],
                                                 op_ids: list[str], chunk: int) -> None:
    with database.read() as conn:
        if conn.execute(unit_module.select(unit_module.records.c.id).limit(1)).first() is None:
            _store(database)
    monkeypatch.setattr(unit_module, "CHUNK", chunk)  # 2: the chunked path; 500: one UNION ALL
    with database.read() as conn:
        unit = UnitOfWork(conn)
        unit.first_reads(op_ids, keys, parents)
        stored = set(STORED)
        assert set(unit.rows) == (set(keys) | set(parents)) & stored
        assert set(unit.texts) == set(op_ids) & set(STORED_OPS)
        for key in set(keys) & stored:         # asked whole: the JSON text is there
            assert key not in unit.bare and f'"n":"{key[1]}"' in unit.rows[key].data
        for key in (set(parents) - set(keys)) & stored:
            assert key in unit.bare and unit.rows[key].data == ""
            whole = unit.load(*key)            # asked whole later: read again, with its text
            assert whole is not None and key not in unit.bare and f'"n":"{key[1]}"' in whole.data
        for key in set(keys) | set(parents):
            assert unit.rows.get(key) is None or unit.rows[key].version == 3
