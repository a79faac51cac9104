"""The server refreshes PostgreSQL's planner statistics itself while a new database fills up."""

from __future__ import annotations

from sqlalchemy import text

from fieldapp.server.db import Database
from fieldapp.server.pgstats import Analyzer


def _analyzed(db: Database) -> bool:
    with db.quick() as conn:
        return conn.execute(text("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables "
                                 "WHERE relname = 'records'")).scalar_one()


def test_statistics_are_refreshed_at_each_doubling_until_the_last(database: Database) -> None:
    analyzer = Analyzer(first=10, last=40)
    assert analyzer.wrote(database, 9) is None                      # below the first threshold
    started = analyzer.wrote(database, 1)
    if database.is_sqlite:
        assert started is None                                       # SQLite plans well without statistics
        return
    assert started is not None
    started.join(30)
    assert _analyzed(database)
    assert analyzer.next_at == 20
    assert analyzer.wrote(database, 5) is None                       # 15 < 20
    again = analyzer.wrote(database, 30)                             # 45: past 20
    assert again is not None
    again.join(30)
    assert analyzer.next_at == 90
    assert analyzer.wrote(database, 1000) is None                    # past `last`: autovacuum's job now
