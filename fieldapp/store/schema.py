"""The vault's tables, as numbered migrations (sqlite-utils Migrations, each in its own transaction).

No foreign keys between synced tables: a pull page may bring an event before its assessment.
Plaintext columns hold only ids, workflow status, form id/version, timestamps and sync bookkeeping;
everything about a family is in the encrypted `data` blobs. `rev` is the row's local revision, bound into
each ciphertext's associated data.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from ..domain.errors import VaultError

DB_NAME = "vault.db"
migrations = Migrations("fieldapp.vault")


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    db.executescript("""
    CREATE TABLE keyring (name TEXT PRIMARY KEY, params TEXT NOT NULL, wrapped BLOB NOT NULL);
    CREATE TABLE meta (key TEXT PRIMARY KEY, rev INTEGER NOT NULL, data BLOB NOT NULL);
    CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT);
    CREATE TABLE households (
        case_no INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL DEFAULT 0,
        rev INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, data BLOB NOT NULL,
        assessment_id TEXT, status TEXT NOT NULL DEFAULT '', last_visit TEXT, submitted_at TEXT,
        case_updated_at TEXT NOT NULL);
    CREATE INDEX households_case_order ON households (case_updated_at DESC);
    CREATE INDEX households_status_order ON households (status, case_updated_at DESC);
    CREATE TABLE assessments (
        id TEXT PRIMARY KEY, household_id TEXT NOT NULL,
        form_id TEXT NOT NULL, form_version INTEGER NOT NULL, status TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0, rev INTEGER NOT NULL, created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL, submitted_at TEXT, decided_at TEXT, visit_date TEXT,
        data BLOB NOT NULL);
    CREATE INDEX assessments_household ON assessments (household_id, created_at);
    CREATE INDEX assessments_status ON assessments (status);
    CREATE TABLE events (
        id TEXT PRIMARY KEY, assessment_id TEXT NOT NULL,
        seq INTEGER NOT NULL, at TEXT NOT NULL, rev INTEGER NOT NULL, data BLOB NOT NULL);
    CREATE INDEX events_assessment ON events (assessment_id, seq);
    CREATE TABLE attachments (
        id TEXT PRIMARY KEY, assessment_id TEXT NOT NULL,
        blob_name TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 0, uploaded INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL, rev INTEGER NOT NULL, data BLOB NOT NULL);
    CREATE INDEX attachments_assessment ON attachments (assessment_id);
    CREATE INDEX attachments_blob ON attachments (blob_name);
    CREATE TABLE assignments (
        id TEXT PRIMARY KEY, status TEXT NOT NULL, household_id TEXT, version INTEGER NOT NULL DEFAULT 0,
        rev INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, data BLOB NOT NULL);
    CREATE INDEX assignments_status ON assignments (status);
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY, op_id TEXT NOT NULL UNIQUE, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
        kind TEXT NOT NULL, sent INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL,
        rev INTEGER NOT NULL, data BLOB NOT NULL);
    CREATE INDEX outbox_entity ON outbox (entity, entity_id, kind, sent);
    CREATE TABLE conflicts (
        id TEXT PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL, created_at TEXT NOT NULL,
        resolved_at TEXT, rev INTEGER NOT NULL, data BLOB NOT NULL);
    CREATE TABLE notices (
        id TEXT PRIMARY KEY, created_at TEXT NOT NULL, seen INTEGER NOT NULL DEFAULT 0,
        rev INTEGER NOT NULL, data BLOB NOT NULL);
    CREATE VIRTUAL TABLE search_index USING fts5(tokens, content='', detail=none, tokenize='ascii');
    """)


@migrations(name="0002_case_cover_index")
def m0002_case_cover_index(db: Database) -> None:
    # Search narrows cases by row number (blind index), then orders them: this index answers both without
    # reading the table's rows, which carry the encrypted blobs (1.5 MB of index instead of 60 MB of rows
    # at 100k households).
    db.execute("CREATE INDEX households_case_cover ON households (case_no, status, case_updated_at)")


@migrations(name="0003_statistics_digests")
def m0003_statistics_digests(db: Database) -> None:
    # Small sealed facts per row for statistics and the dashboard (store/digest.py); NULL until first needed.
    db.execute("ALTER TABLE households ADD COLUMN digest BLOB")
    db.execute("ALTER TABLE assessments ADD COLUMN digest BLOB")


def connect(path: Path) -> Database:
    """Open the database with the settings user data needs, and apply pending migrations."""
    # SQLite here is built serialized (sqlite3.threadsafety == 3): a vault opened on a worker thread may be
    # handed to another thread, as long as callers do not interleave its transactions (the UI's db lane).
    conn = sqlite3.connect(str(path), timeout=30.0, check_same_thread=sqlite3.threadsafety != 3)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA secure_delete=ON")
    conn.execute("PRAGMA busy_timeout=30000")
    conn.execute("PRAGMA cache_size=-32768")  # 32 MiB of page cache (the default 2 MiB thrashes at 100k cases)
    db = Database(conn)
    known = {m.name for m in migrations._migrations}
    applied = {m.name for m in migrations.applied(db)}
    if applied - known:
        conn.close()
        raise VaultError("vault.too_new")
    migrations.apply(db)
    return db


def create_file(path: Path) -> Database:
    """A new database file readable only by its owner (umask 077 while SQLite creates it and its WAL)."""
    old = os.umask(0o077)
    try:
        return connect(path)
    finally:
        os.umask(old)
