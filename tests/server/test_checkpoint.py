"""SQLite's write-ahead log is checkpointed by a background thread after pushes, not inside a request."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import text

from fieldapp.server import checkpoint
from fieldapp.server.db import Database, migrate


def _wait(predicate, seconds: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_a_poke_checkpoints_the_log_and_the_idle_thread_goes_away(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checkpoint, "IDLE_SECONDS", 0.2)
    db = Database(f"sqlite:///{tmp_path / 'server.db'}")
    migrate(db)
    with db.write() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == checkpoint.AUTOCHECKPOINT_PAGES
        for i in range(200):
            conn.execute(text("INSERT INTO settings (key, value) VALUES (:k, :v)"), {"k": f"k{i}", "v": "x" * 2000})
    checkpointer = db.checkpointer
    assert checkpointer is not None
    db.checkpoint_soon()
    assert _wait(lambda: checkpointer.done >= 1)
    with db.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM settings")).scalar() == 200
    # Everything in the log is in the database file now: a new checkpoint finds nothing left to copy.
    import sqlite3

    with sqlite3.connect(tmp_path / "server.db") as raw:
        busy, frames, copied = raw.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        assert busy == 0 and frames == copied
    assert _wait(lambda: checkpointer.thread is None)        # idle: thread and connection gone
    db.checkpoint_soon()                                      # and back on the next push
    assert _wait(lambda: checkpointer.done >= 2)
    db.dispose()


def test_no_checkpointer_for_postgresql() -> None:
    db = Database("postgresql+psycopg://nobody@127.0.0.1:1/none")  # no connection is made here
    assert db.checkpointer is None
    db.checkpoint_soon()                                           # a no-op
