"""records.writer: the device whose push result carried a record's current version (thin pulls leave the
record out for that device). NULL for rows written before, by head office, or by a workflow step's side
effect: those are always sent whole.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("records", sa.Column("writer", sa.String(36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.drop_column("writer")
