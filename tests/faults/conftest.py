"""The fault tests share the sync tests' module-scoped server (tests/sync/conftest.py)."""

from tests.sync.conftest import server  # noqa: F401
