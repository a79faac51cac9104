"""A covering index for statistics: the grouping reads the index only, never the JSON rows.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_records_stats", "records", ["entity", "status", "researcher", "month", "categories", "amount"])


def downgrade() -> None:
    op.drop_index("ix_records_stats", "records")
