"""Alembic environment: migrations run on the connection fieldapp.server.db.migrate hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from fieldapp.server.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    url = context.config.get_main_option("sqlalchemy.url")
    with create_engine(url).begin() as conn:
        context.configure(connection=conn, target_metadata=metadata)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=metadata)
    with context.begin_transaction():
        context.run_migrations()
