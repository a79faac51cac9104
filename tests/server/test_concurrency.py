"""Several workers pushing at once (threads on one database, as uvicorn workers share PostgreSQL):
no error, no deadlock, every op applied once, and paged pulls see each record once, in order."""

from __future__ import annotations

import threading

from fieldapp.domain.workflow import Role
from fieldapp.server.accounts import Principal
from fieldapp.server.sync import pull, push

from .conftest import Server
from .factories import change, household


def test_concurrent_pushes_serialise_cleanly(teams: Server) -> None:
    alice = Principal("alice", Role.RESEARCHER, "t1", "dev-a")
    shared_id, first = household()
    base = push(teams.db, alice, [first])[0]["record"]
    errors: list[BaseException] = []
    batches: list[list[dict]] = []
    for worker in range(6):
        ops = [household(name=f"w{worker} n{n}", national_id="")[1] for n in range(10)]
        ops.append(change("household", shared_id, base, {**base, f"note_{worker}": "x"}, base=1))
        batches.append(ops)

    def run(ops: list[dict]) -> None:
        try:
            push(teams.db, alice, ops)
            push(teams.db, alice, ops)            # the retry changes nothing
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(b,)) for b in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    with teams.db.read() as conn:
        changes, _, more = pull(conn, alice, 0, 1000)
    assert not more
    ids = [c["entity_id"] for c in changes]
    assert len(ids) == len(set(ids)) == 1 + 6 * 10
    shared = next(c for c in changes if c["entity_id"] == shared_id)
    assert shared["version"] == 7 and all(shared["record"][f"note_{w}"] == "x" for w in range(6))
    paged, after = [], 0
    while True:                                   # small pages see the same changes, in sequence order
        with teams.db.read() as conn:
            page, after, more = pull(conn, alice, after, 7)
        paged += page
        if not more:
            break
    assert [c["seq"] for c in paged] == sorted(c["seq"] for c in changes)
    assert {c["entity_id"] for c in paged} == set(ids)


def test_a_record_changed_since_it_was_read_is_not_overwritten(teams: Server) -> None:
    import pytest

    from fieldapp.server.unit import StaleWrite, UnitOfWork

    alice = Principal("alice", Role.RESEARCHER, "t1", "dev-a")
    hid, op = household()
    push(teams.db, alice, [op])
    with pytest.raises(StaleWrite), teams.db.write() as conn:
        unit = UnitOfWork(conn)
        row = unit.load("household", hid)
        assert row is not None
        unit.in_db[("household", hid)] = row.version - 1     # as if another worker wrote after our read
        unit.save("household", {**row.record(), "district": "stale"}, row.version + 1)
        unit.flush()
    with teams.db.read() as conn:
        changes, _, _ = pull(conn, alice, 0, 10)
    assert changes[0]["version"] == 1 and "district" not in changes[0]["record"]
