"""The write-ahead log of a long pull: no checkpoint while pages are written, one in the background after.

Otherwise a commit copies the WAL into the database every ~4 MB (wal_autocheckpoint), and the B-tree and
search-index pages every page of the pull touches are copied and synced again each time (20k records:
commits 25 µs a record, or 8-10 plus 8-11 for the one checkpoint at the end). Atomicity is the WAL's
either way: each page still commits whole, with its cursor.

The one checkpoint at the end (~110 ms for 20k records, copying and syncing ~40 MB) runs on a connection
of its own in a background thread: SQLite lets go of the GIL while it copies, so it takes the other core
while the sync finishes and returns. It is PASSIVE (it never waits for or blocks a reader or writer of the
app); if a commit of the app comes first, that commit's automatic checkpoint finds the checkpoint lock
taken and moves on. No TRUNCATE in the background: while one waits for readers it holds off every writer,
and the app's next write (a reader upgrading) then fails "database is locked" (measured in the tests).
Instead the vault's connection gets a journal_size_limit: the app's first write after the checkpoint starts
the log over and cuts the file back, so a WAL the size of the pull is not left behind. Nothing here can
lose a commit: a checkpoint only copies what the WAL already holds.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any

_START_WAIT = 1.0
# After the thread is about to checkpoint, the GIL is let go this long so it gets into SQLite (which takes
# the checkpoint lock and lets go of the GIL) before the app's next commit: without it, on a busy machine the
# sync's own closing commit won the race in 3 of 8 pulls and checkpointed the whole log in the foreground.
_HAND_OVER = 0.003
_WAL_KEPT = 4 * 1024 * 1024  # bytes of log file kept when it starts over (journal_size_limit)

last_checkpoint: threading.Thread | None = None  # the latest background checkpoint (tests wait for it)


@contextmanager
def checkpoint_after(vault: Any) -> Iterator[None]:
    """No WAL checkpoints while the block writes; one in the background when it ends."""
    conn = vault.db.conn
    before = int(conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
    conn.execute("PRAGMA wal_autocheckpoint=0")
    try:
        yield
    finally:
        try:
            started = _checkpoint_in_background(conn)
            conn.execute(f"PRAGMA wal_autocheckpoint={before}")
            limit = int(conn.execute("PRAGMA journal_size_limit").fetchone()[0])
            if limit < 0 or limit > _WAL_KEPT:
                conn.execute(f"PRAGMA journal_size_limit={_WAL_KEPT}")
            if not started:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:  # the next commit's automatic checkpoint does it; keep the pull's own outcome
            pass


def _checkpoint_in_background(conn: sqlite3.Connection) -> bool:
    """Start the checkpoint thread; True once it holds its own connection (before the app's next commit
    could start the same work in the foreground)."""
    global last_checkpoint
    path = next((row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"), "")
    if not path:  # an in-memory database: nothing to copy
        return True
    connected = threading.Event()
    thread = threading.Thread(target=_checkpoint, args=(path, connected), name="fieldapp-checkpoint", daemon=True)
    try:
        thread.start()
    except RuntimeError:  # no thread to be had (interpreter shutting down): the caller checkpoints here
        return False
    last_checkpoint = thread
    if not connected.wait(_START_WAIT):
        return False
    time.sleep(_HAND_OVER)
    return True


def _checkpoint(path: str, connected: threading.Event) -> None:
    try:
        with closing(sqlite3.connect(path, check_same_thread=False)) as conn:
            connected.set()
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    except sqlite3.Error:  # e.g. the file went away: later commits' automatic checkpoints do it
        pass
    finally:
        connected.set()
