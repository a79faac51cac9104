"""Engines, transactions and the change sequence.

SQLite (the default) gets WAL, a busy timeout and `BEGIN IMMEDIATE` for write transactions, so several
uvicorn workers on one file queue up instead of failing on a lock upgrade. PostgreSQL uses row locks: the
sequence counter row is locked until commit, so sequence numbers become visible in order and a pull
never skips a change committed late.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, create_engine, event, inspect, select, update
from sqlalchemy.exc import OperationalError

from ..domain import jsontext
from .checkpoint import AUTOCHECKPOINT_PAGES, Checkpointer
from .tables import counters, settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Request threads per worker process (app.py sets the limiter). Two cores gain nothing from 40 threads
# fighting over one GIL: requests wait cheaply in the event loop instead.
REQUEST_THREADS = 12
# Enough connections for every request thread (auth and handler never hold two at once), plus the CLI-style
# work of a few background tasks; no overflow, because an overflow connection is closed on return and a
# burst of devices then opens and closes a PostgreSQL backend per request.
POOL_SIZE = REQUEST_THREADS + 4


def _sqlite_engine(url: str, immediate: bool) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 60}, pool_size=8,
                           max_overflow=16)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.execute("PRAGMA foreign_keys=ON")
        if immediate:  # writers: the log is moved into the database in the background (checkpoint.py)
            cursor.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Database:
    """A read engine and a write engine (the same one on PostgreSQL)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self.checkpointer: Checkpointer | None = None
        if self.is_sqlite:
            self.reader = _sqlite_engine(url, immediate=False)
            self.writer = _sqlite_engine(url, immediate=True)
            path = url.split("///", 1)[-1]
            if path and path != ":memory:":
                self.checkpointer = Checkpointer(path)
        else:
            # No pre-ping (a round trip per checkout): a connection lost to a database restart fails one
            # request with 503 server.busy, and SQLAlchemy then replaces the whole pool.
            # No server-side prepared statements: their cached generic plans were chosen when the tables
            # were small (a seq scan on a fresh database stayed a seq scan at 100k rows); each statement is
            # planned for its own parameters instead.
            self.writer = create_engine(url, pool_size=POOL_SIZE, max_overflow=4, pool_recycle=1800,
                                        pool_timeout=60, connect_args={"prepare_threshold": None})
            self.reader = self.writer
            # For the hot paths (quick()): autocommit, one round trip per statement instead of BEGIN,
            # statement, COMMIT. Under READ COMMITTED a transaction gives such reads nothing more: each
            # statement takes its own snapshot either way, and they take no locks.
            self.autocommit = self.writer.execution_options(isolation_level="AUTOCOMMIT")

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with self.writer.begin() as conn:
            yield conn

    def checkpoint_soon(self) -> None:
        """After a big write (a push): SQLite's log into the database file, off the request (checkpoint.py)."""
        if self.checkpointer is not None:
            self.checkpointer.poke()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.reader.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def quick(self) -> Iterator[Connection]:
        """Statements without a transaction on PostgreSQL (streamed results need read()); read() on SQLite."""
        if self.is_sqlite:
            with self.read() as conn:
                yield conn
            return
        with self.autocommit.connect() as conn:
            yield conn

    def warm(self, count: int) -> None:
        """Open `count` pooled connections now (PostgreSQL), so the first burst of devices does not pay
        for backend start-ups; a database that is down is not an error here."""
        if self.is_sqlite:
            return
        opened = []
        try:
            for _ in range(count):
                opened.append(self.writer.connect())
        except OperationalError:
            pass
        finally:
            for conn in opened:
                conn.close()

    def dispose(self) -> None:
        self.writer.dispose()
        if self.is_sqlite:
            self.reader.dispose()

    def is_initialised(self) -> bool:
        if self.is_sqlite:
            path = self.url.split("///", 1)[-1]
            if path and path != ":memory:" and not Path(path).exists():
                return False  # do not leave an empty database file behind
        try:
            with self.reader.connect() as conn:
                return inspect(conn).has_table("records")
        except OperationalError:
            return False


def migrate(db: Database) -> None:
    """Bring the schema to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with db.writer.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


_BUMP = (update(counters).where(counters.c.name == "seq").values(value=counters.c.value + bindparam("b_count"))
         .returning(counters.c.value))


def next_seq(conn: Connection, count: int = 1) -> int:
    """Reserve `count` sequence numbers; returns the first. Holds the counter row lock until commit, so
    numbers become visible in the order they were given (a pull never skips a late commit)."""
    row = conn.execute(_BUMP, {"b_count": count}).one()
    return int(row[0]) - count + 1


_CATALOG = "catalog"   # counters row: bumped when forms, settings, users or teams change (pull's forms_rev)
CATALOG_REV = select(counters.c.value).where(counters.c.name == _CATALOG)
_CATALOG_BUMP = update(counters).where(counters.c.name == _CATALOG).values(value=counters.c.value + 1)


def catalog_rev(conn: Connection) -> str:
    """What devices compare to know whether forms, profile, team or settings need fetching again."""
    return str(conn.execute(CATALOG_REV).scalar_one_or_none() or 0)


def bump_catalog(conn: Connection) -> None:
    """Tell devices (through the next pull's forms_rev) to fetch forms, /me and /settings again."""
    if not conn.execute(_CATALOG_BUMP).rowcount:
        conn.execute(counters.insert().values(name=_CATALOG, value=1))  # databases made before forms_rev


def get_setting(conn: Connection, key: str, default: Any = None) -> Any:
    value = conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar_one_or_none()
    return default if value is None else json.loads(value)


def put_setting(conn: Connection, key: str, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    done = conn.execute(update(settings).where(settings.c.key == key).values(value=text)).rowcount
    if not done:
        conn.execute(settings.insert().values(key=key, value=text))
    bump_catalog(conn)


def dumps(data: Any) -> str:
    """Compact JSON; escaped to ASCII only when the text holds lone surrogates no database can store.
    orjson (jsontext) writes the text ~10x faster than `json`; numbers never include NaN or infinity,
    which every way in (pushbody, schemas.OpIn) refuses (orjson would write them as null)."""
    try:
        return jsontext.dumps(data).decode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, separators=(",", ":"))


def clean(value: Any, length: int = 64) -> str | None:
    """A plain column value: text without NUL or lone surrogates, cut to the column's length."""
    if value is None:
        return None
    if type(value) is str and len(value) <= length and value.isprintable():
        return value or None  # the usual case: nothing to remove (NUL and lone surrogates are not printable)
    text = str(value).replace("\x00", "").encode("utf-8", "replace").decode("utf-8")[:length]
    return text or None
