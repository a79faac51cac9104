"""Planner statistics on PostgreSQL kept current while the tables grow from nothing.

Why: a new head-office database has no statistics until autovacuum's first ANALYZE (a minute or more
away, and only after enough change). Until then PostgreSQL guesses: on a few thousand records a push's
(entity, id) lookup walked another index and filtered every household (1.6 ms instead of 0.18 ms) and a
pull scanned the whole table (1.9 ms instead of 0.35 ms), for every request of the first busy minutes.
So each worker runs ANALYZE itself, in the background, each time the rows it has written double (500,
1,000, 2,000, ... up to LAST); beyond that autovacuum's share-of-table rule keeps up on its own.
ANALYZE reads a sample and takes no lock that blocks reads or writes.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy.exc import SQLAlchemyError

from .db import Database

FIRST = 500
LAST = 64_000
log = logging.getLogger("fieldapp.server")


class Analyzer:
    """Counts the rows a process writes and refreshes the statistics at each doubling."""

    def __init__(self, first: int = FIRST, last: int = LAST) -> None:
        self.written = 0
        self.next_at = first
        self.last = last
        self.running = threading.Lock()

    def wrote(self, db: Database, rows: int) -> threading.Thread | None:
        """Note `rows` written; start a background ANALYZE when a threshold is crossed (returns it)."""
        if db.is_sqlite or rows <= 0:
            return None
        self.written += rows  # racy across request threads: an approximate count is all this needs
        if self.written < self.next_at or self.next_at > self.last or not self.running.acquire(blocking=False):
            return None
        self.next_at = self.written * 2
        thread = threading.Thread(target=self._analyze, args=(db,), name="fieldapp-analyze", daemon=True)
        thread.start()
        return thread

    def _analyze(self, db: Database) -> None:
        try:
            with db.quick() as conn:
                conn.exec_driver_sql("ANALYZE records")
                conn.exec_driver_sql("ANALYZE ops")
        except SQLAlchemyError as exc:  # statistics are an optimisation: never fail anything over them
            log.warning("ANALYZE failed: %s", type(exc).__name__)
        finally:
            self.running.release()


ANALYZER = Analyzer()
