"""Initial schema: users, teams, devices, forms, settings, counters, records, ops, blobs, login failures.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("full_name", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("team", sa.String(64), nullable=True, index=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "teams",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("supervisor", sa.String(64), nullable=True),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "devices",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, index=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("last_seen", sa.String(32), nullable=True),
        sa.Column("revoked_at", sa.String(32), nullable=True),
    )
    op.create_table(
        "forms",
        sa.Column("form_id", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("definition", sa.Text, nullable=False),
        sa.Column("published_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "counters",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(sa.table("counters", sa.column("name", sa.String), sa.column("value", sa.BigInteger)),
                   [{"name": "seq", "value": 0}])
    op.create_table(
        "records",
        sa.Column("entity", sa.String(16), primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("team", sa.String(64), nullable=True),
        sa.Column("researcher", sa.String(64), nullable=True),
        sa.Column("status", sa.String(16), nullable=True),
        sa.Column("household_id", sa.String(64), nullable=True),
        sa.Column("assessment_id", sa.String(64), nullable=True),
        sa.Column("categories", sa.Text, nullable=True),
        sa.Column("amount", sa.BigInteger, nullable=True),
        sa.Column("month", sa.String(7), nullable=True),
        sa.Column("id_key", sa.String(32), nullable=True),
        sa.Column("person_key", sa.Text, nullable=True),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_records_seq", "records", ["seq"], unique=True)
    op.create_index("ix_records_entity_status", "records", ["entity", "status"])
    op.create_index("ix_records_household", "records", ["household_id"])
    op.create_index("ix_records_assessment", "records", ["assessment_id"])
    op.create_index("ix_records_id_key", "records", ["entity", "id_key"])
    op.create_index("ix_records_person_key", "records", ["entity", "person_key"])
    op.create_table(
        "ops",
        sa.Column("op_id", sa.String(64), primary_key=True),
        sa.Column("device_id", sa.String(36), nullable=True),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("complete", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "login_failures",
        sa.Column("key", sa.String(128), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("window_start", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    for name in ("login_failures", "blobs", "ops", "records", "counters", "settings", "forms", "devices",
                 "teams", "users"):
        op.drop_table(name)
