"""One real server process for the end-to-end tests of this folder (starting one costs a few seconds)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers.live_server import LiveServer

from .world import SERVER_PASSWORD, USERS


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("ho") / "server")
    live.start()
    for name, (role, team) in USERS.items():
        live.add_user(name, role, team=team, password=SERVER_PASSWORD)
    try:
        yield live
    finally:
        live.stop()
