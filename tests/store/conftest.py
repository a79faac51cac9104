"""Fixtures of the store tests: a fresh vault in a temp folder (cheap KDF, see tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.store import Vault

from .factories import PASSWORD


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "profile"


@pytest.fixture
def vault(vault_dir: Path) -> Iterator[Vault]:
    with Vault.create(vault_dir, PASSWORD) as opened:
        yield opened
