"""Pull page sizes: the largest pages while catching up (a first pull, or after a full page), the default
for an up-to-date device, and always the size the caller gave."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from fieldapp.domain.entities import Household
from fieldapp.store import Vault
from fieldapp.sync.engine import SyncEngine
from fieldapp.sync.protocol import DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT

from .scripted_server import Answer, ScriptedServer

PROFILE = {"username": "amal", "role": "researcher", "team": "t1", "full_name": "", "device_id": "d1"}
REFRESH = [Answer(200, {"forms": []}), Answer(200, {"user": {"username": "amal", "role": "researcher", "team": "t1"}}),
           Answer(200, {})]


def page(seq: int, more: bool) -> Answer:
    household = Household(head_name=f"أسرة {seq}", researcher="amal", team="t1", version=1)
    change = {"seq": seq, "entity": "household", "entity_id": household.id, "version": 1,
              "record": household.to_dict()}
    return Answer(200, {"changes": [change], "next_after": seq, "has_more": more, "server_time": "",
                        "forms_rev": "r1"})


@pytest.fixture()
def vault(tmp_path: Path):
    with Vault.create(tmp_path / "p", "vault-pass-123") as v:
        yield v


def limits(server: ScriptedServer) -> list[int]:
    return [int(parse_qs(urlsplit(s.path).query)["limit"][0]) for s in server.seen if "/sync/pull" in s.path]


def test_largest_pages_while_catching_up_and_the_default_when_up_to_date(vault: Vault) -> None:
    with ScriptedServer() as server:
        vault.meta_set("profile", PROFILE | {"server_url": server.url})
        vault.meta_set("device_token", "tok")
        server.answers = [page(1, True), page(2, True), page(3, False), *REFRESH]
        assert SyncEngine(vault).run().pulled == 3
        assert limits(server) == [MAX_PULL_LIMIT] * 3   # a first pull, then full pages
        server.seen.clear()
        server.answers = [page(4, True), page(5, False)]
        assert SyncEngine(vault).run().pulled == 2
        assert limits(server) == [DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT]
        assert vault.sync_cursor() == 5


def test_the_page_size_given_is_always_used(vault: Vault) -> None:
    with ScriptedServer() as server:
        vault.meta_set("profile", PROFILE | {"server_url": server.url})
        vault.meta_set("device_token", "tok")
        server.answers = [page(1, True), page(2, False), *REFRESH]
        SyncEngine(vault, pull_limit=50).run()
        assert limits(server) == [50, 50]


def test_a_long_pull_checkpoints_its_wal_once_at_the_end(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    apply = vault.apply_pull_page

    def watched(changes, next_after):  # type: ignore[no-untyped-def]
        seen.append(vault.db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        apply(changes, next_after)

    monkeypatch.setattr(vault, "apply_pull_page", watched)
    with ScriptedServer() as server:
        vault.meta_set("profile", PROFILE | {"server_url": server.url})
        vault.meta_set("device_token", "tok")
        server.answers = [page(1, True), page(2, True), page(3, False), *REFRESH]
        SyncEngine(vault).run()
        assert seen == [0, 0, 0]  # no checkpoint in the middle of catching up
        assert vault.db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
        seen.clear()
        server.answers = [page(4, False)]
        SyncEngine(vault).run()
        assert seen == [1000]     # one page: nothing to defer
        assert {h.id for h in vault.iter_households()} and vault.sync_cursor() == 4
