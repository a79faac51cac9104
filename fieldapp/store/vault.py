"""The Vault: the encrypted local store of one device profile (see fieldapp/store/__init__.py)."""

from __future__ import annotations

from .syncside import SyncSideMixin


class Vault(SyncSideMixin):
    """Open with Vault.open(folder, password) or Vault.create(...); use as a context manager."""
