"""One real server process for the end-to-end tests of tests/sync and tests/faults (starting one and adding
its users costs several seconds, so both folders share it; tests/faults/conftest.py imports this fixture)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.helpers.live_server import LiveServer

from .world import SERVER_PASSWORD, USERS

_shared: dict[str, object] = {}


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    if "server" not in _shared:
        live = LiveServer(tmp_path_factory.mktemp("ho") / "server")
        live.start()
        with ThreadPoolExecutor(max_workers=4) as pool:  # each `user add` is a process start: overlap them
            list(pool.map(lambda item: live.add_user(item[0], item[1][0], team=item[1][1],
                                                     password=SERVER_PASSWORD), USERS.items()))
        _shared.update(server=live, users=0)
    live = _shared["server"]
    assert isinstance(live, LiveServer)
    _shared["users"] = int(_shared["users"]) + 1  # type: ignore[call-overload]
    try:
        yield live
    finally:
        _shared["users"] = int(_shared["users"]) - 1  # type: ignore[call-overload]
        if _shared["users"] == 0:
            live.stop()
            _shared.clear()
