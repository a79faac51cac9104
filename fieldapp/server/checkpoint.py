"""SQLite: the write-ahead log moved into the database file by a background thread, not by a request.

Why: with SQLite's automatic checkpoint, the commit that takes the log past ~4 MB copies it into the
database (and syncs it) before its request can answer: every second or third 500-op push paid ~50 ms
for everyone's writes (in-process, 24 pushes of 500 new assessments a run: median 72-80 -> 61-62 ms a
push with this thread). Here each push's commit pokes a thread that runs a PASSIVE checkpoint, which waits for
no reader or writer; the automatic checkpoint stays on at a larger size (AUTOCHECKPOINT_PAGES), as a
net for when the thread falls behind. A crash at any point is as safe as before: until a checkpoint
completes, the log stays the authority, and SQLite replays it on the next open.
"""

from __future__ import annotations

import logging
import sqlite3
import threading

AUTOCHECKPOINT_PAGES = 4096   # 16 MB of 4 KB pages: the commit that crosses it checkpoints itself
IDLE_SECONDS = 5.0            # the thread and its connection go away after this long without a write
log = logging.getLogger("fieldapp.server")


class Checkpointer:
    def __init__(self, path: str) -> None:
        self.path = path
        self.wanted = threading.Event()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.done = 0            # checkpoints run (tests)

    def poke(self) -> None:
        """A commit happened: checkpoint soon (several pokes before the thread wakes make one checkpoint)."""
        self.wanted.set()
        with self.lock:
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="fieldapp-checkpoint", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
            while True:
                if not self.wanted.wait(IDLE_SECONDS):
                    with self.lock:
                        if not self.wanted.is_set():
                            self.thread = None
                            return
                self.wanted.clear()
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                self.done += 1
        except sqlite3.Error as exc:  # the automatic checkpoint still runs; nothing is lost
            log.warning("background checkpoint failed: %s", type(exc).__name__)
            with self.lock:
                self.thread = None
        finally:
            if conn is not None:
                conn.close()
