"""The head-office server: FastAPI app factory, SQLAlchemy Core store, Alembic migrations, CLI.

Imports only fieldapp.domain and fieldapp.sync.protocol (a test enforces it).
"""
