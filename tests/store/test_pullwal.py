"""A long pull's write-ahead log: no checkpoint while it writes, one in the background after, nothing lost
and the app's own commits never held up by it."""

from __future__ import annotations

import os
import time
from pathlib import Path

from fieldapp.store import Vault, pullwal
from fieldapp.store.pullwal import checkpoint_after

from .factories import PASSWORD


def wal_size(folder: Path) -> int:
    path = folder / "vault.db-wal"
    return path.stat().st_size if path.exists() else 0


def write_a_lot(vault: Vault, rows: int) -> None:
    with vault.transaction(durable=False):
        vault.db.conn.executemany("INSERT INTO scratch (n, blob) VALUES (?, ?)",
                                  [(i, os.urandom(400)) for i in range(rows)])


def test_the_checkpoint_runs_after_the_block_and_gives_the_disk_back(vault: Vault, vault_dir: Path) -> None:
    vault.db.conn.execute("CREATE TABLE scratch (n INTEGER, blob BLOB)")
    with checkpoint_after(vault):
        for _ in range(10):
            write_a_lot(vault, 2000)
        assert vault.db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
        assert wal_size(vault_dir) > 8_000_000  # nothing copied meanwhile: the log holds every page
    assert vault.db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    vault.meta_set("after", {"n": 1})  # the app commits at once, whatever the checkpoint is doing
    assert pullwal.last_checkpoint is not None
    pullwal.last_checkpoint.join(30)
    assert not pullwal.last_checkpoint.is_alive()
    vault.meta_set("later", {"n": 2})
    deadline = time.monotonic() + 10
    while wal_size(vault_dir) > 4 * 1024 * 1024 and time.monotonic() < deadline:  # cut back when it starts over
        vault.meta_set("later", {"n": 2})
        time.sleep(0.05)
    assert wal_size(vault_dir) <= 4 * 1024 * 1024
    vault.close()
    with Vault.open(vault_dir, PASSWORD) as again:
        assert again.db.conn.execute("SELECT COUNT(*) FROM scratch").fetchone()[0] == 20_000
        assert again.meta_get("after") == {"n": 1} and again.meta_get("later") == {"n": 2}


def test_a_checkpoint_that_cannot_start_is_done_in_the_foreground(vault: Vault, vault_dir: Path,
                                                                  monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pullwal, "_checkpoint_in_background", lambda conn: False)
    vault.db.conn.execute("CREATE TABLE scratch (n INTEGER, blob BLOB)")
    with checkpoint_after(vault):
        write_a_lot(vault, 5000)
    assert wal_size(vault_dir) == 0  # TRUNCATE, as before the background thread
