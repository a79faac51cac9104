"""The server's tables (SQLAlchemy 2 Core). Alembic migrations in server/migrations create them.

`records` holds every synced entity (household, assessment, event, attachment, assignment) as JSON plus
the plain columns that scoping, pulling, exporting and statistics need. `seq` is the server's change
sequence: every write gives the row a new, higher value, so a pull is `seq > cursor ORDER BY seq`.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)

metadata = MetaData()

users = Table(
    "users", metadata,
    Column("username", String(64), primary_key=True),
    Column("full_name", Text, nullable=False, default=""),
    Column("role", String(16), nullable=False),
    Column("team", String(64), nullable=True, index=True),
    Column("password_hash", Text, nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", String(32), nullable=False),
)

teams = Table(
    "teams", metadata,
    Column("name", String(64), primary_key=True),
    Column("supervisor", String(64), nullable=True),
    Column("created_at", String(32), nullable=False),
)

devices = Table(
    "devices", metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(64), nullable=False, index=True),
    Column("name", Text, nullable=False, default=""),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
    Column("last_seen", String(32), nullable=True),
    Column("revoked_at", String(32), nullable=True),
)

forms = Table(
    "forms", metadata,
    Column("form_id", String(64), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("definition", Text, nullable=False),
    Column("published_at", String(32), nullable=False),
)

settings = Table(
    "settings", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

counters = Table(
    "counters", metadata,
    Column("name", String(32), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

records = Table(
    "records", metadata,
    Column("entity", String(16), primary_key=True),
    Column("id", String(64), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("team", String(64), nullable=True),
    Column("researcher", String(64), nullable=True),
    Column("status", String(16), nullable=True),
    Column("household_id", String(64), nullable=True),
    Column("assessment_id", String(64), nullable=True),
    Column("categories", Text, nullable=True),        # comma-joined category codes (assessments)
    Column("amount", BigInteger, nullable=True),      # recommended monthly amount in halalas (assessments)
    Column("month", String(7), nullable=True),        # YYYY-MM of the visit (assessments, assignments)
    Column("id_key", String(32), nullable=True),      # normalised ID number (duplicate checks)
    Column("person_key", Text, nullable=True),        # normalised name|phone (duplicate checks)
    Column("data", Text, nullable=False),
    Column("updated_at", String(32), nullable=False),
    # The device whose push result carried this very version of the record (a change op), else NULL: a
    # thin pull (sync.pull_json) sends that device the entry without the record it already holds.
    Column("writer", String(36), nullable=True),
    Index("ix_records_seq", "seq", unique=True),
    Index("ix_records_entity_status", "entity", "status"),
    Index("ix_records_household", "household_id"),
    Index("ix_records_assessment", "assessment_id"),
    Index("ix_records_id_key", "entity", "id_key"),
    Index("ix_records_person_key", "entity", "person_key"),
    Index("ix_records_stats", "entity", "status", "researcher", "month", "categories", "amount",
          sqlite_where=text("entity = 'assessment'"), postgresql_where=text("entity = 'assessment'")),
)

ops = Table(
    "ops", metadata,
    Column("op_id", String(64), primary_key=True),
    Column("device_id", String(36), nullable=True),
    Column("result", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
)

blobs = Table(
    "blobs", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("complete", Boolean, nullable=False, default=False),
    Column("created_at", String(32), nullable=False),
)

login_failures = Table(
    "login_failures", metadata,
    Column("key", String(128), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("window_start", BigInteger, nullable=False),
)
