"""UI test fixtures: a real demo vault on disk (cheap KDF from tests/conftest.py), the app's parts built
with a synchronous task runner, and a clean language afterwards."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PASSWORD = "test-password-1"


@pytest.fixture(scope="session")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from fieldapp.demo import create_demo

    folder = tmp_path_factory.mktemp("demo") / "profile"
    create_demo(folder, PASSWORD, 40, seed=11)
    return folder


@pytest.fixture
def profile(demo_source: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "profile"
    shutil.copytree(demo_source, folder)
    return folder


@pytest.fixture
def app_parts(qapp: Any, profile: Path) -> Iterator[tuple[Any, Any, Any]]:
    from fieldapp.ui.app import build
    from fieldapp.ui.i18n import apply_language

    parts = build(profile, "en", synchronous=True)
    yield parts
    _app, session, window = parts
    session.close()
    window.close()
    window.deleteLater()
    apply_language(qapp, "en")


@pytest.fixture
def unlocked(app_parts: tuple[Any, Any, Any]) -> tuple[Any, Any, Any]:
    _app, session, window = app_parts
    window.show()
    window.unlock.password.setText(PASSWORD)
    window.unlock.try_unlock()
    assert session.is_open
    return app_parts
