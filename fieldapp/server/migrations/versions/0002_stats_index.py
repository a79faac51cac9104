"""A covering index for statistics: the grouping reads the index only, never the JSON rows. Partial
(assessments only), so importing applications does not pay for it.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    where = sa.text("entity = 'assessment'")
    op.create_index("ix_records_stats", "records", ["entity", "status", "researcher", "month", "categories", "amount"],
                    sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    op.drop_index("ix_records_stats", "records")
