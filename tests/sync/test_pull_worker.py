"""The engine's blind-token worker: a long pull starts it, its tokens are the vault's own, and it ends with
the pull however the pull ends; a short pull never starts one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fieldapp.domain.entities import Household
from fieldapp.store import Vault, blindpool
from fieldapp.sync import engine as engine_module
from fieldapp.sync.engine import SyncEngine, SyncProgress

from .scripted_server import Answer, ScriptedServer

pytestmark = pytest.mark.timeout(120)
PROFILE = {"username": "amal", "role": "researcher", "team": "t1", "full_name": "", "device_id": "d1"}
REFRESH = [Answer(200, {"forms": []}), Answer(200, {"user": {"username": "amal", "role": "researcher", "team": "t1"}}),
           Answer(200, {})]


def households(start: int, count: int) -> list[Household]:
    return [Household(head_name=f"أم محمد {i}", national_id=f"10{i:08d}", phone=f"05{i:08d}",
                      categories=["widow", "low_income"] if i % 2 else ["orphans"], researcher="amal", team="t1",
                      version=1) for i in range(start, start + count)]


def page(made: list[Household], seq: int, more: bool) -> Answer:
    changes = [{"seq": seq, "entity": "household", "entity_id": h.id, "version": 1, "record": h.to_dict()}
               for h in made]
    return Answer(200, {"changes": changes, "next_after": seq, "has_more": more, "server_time": "", "forms_rev": "r1"})


class Started(blindpool.BlindPrefetch):
    """A worker that is up before the engine goes on (a real one is up after ~0.1-0.3 s), so the test does
    not depend on timing; every one made is kept."""

    made: list[blindpool.BlindPrefetch] = []

    def __init__(self, search_key: bytes) -> None:
        super().__init__(search_key)
        assert self.ready(timeout=60)
        Started.made.append(self)


@pytest.fixture()
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Vault]:
    Started.made = []
    monkeypatch.setattr(blindpool, "BlindPrefetch", Started)
    with Vault.create(tmp_path / "p", "vault-pass-123") as v:
        v.meta_set("device_token", "tok")
        yield v


def terms(vault: Vault) -> Counter[str]:
    """Each token of the (contentless) search index with the number of households that have it."""
    conn = vault.db.conn
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.terms USING fts5vocab(main, search_index, row)")
    return Counter(dict(conn.execute("SELECT term, doc FROM temp.terms")))


def expected_terms(vault: Vault, made: list[Household]) -> Counter[str]:
    return Counter(token for h in made for token in vault.index.household_tokens(h))


def run(vault: Vault, server: ScriptedServer, answers: list[Answer], **options: Any) -> Any:
    vault.meta_set("profile", PROFILE | {"server_url": server.url})
    server.answers = answers
    return SyncEngine(vault, **options).run()


def test_a_long_pull_hashes_in_the_worker_and_ends_it(vault: Vault) -> None:
    first, second, third = households(0, 500), households(500, 500), households(1000, 300)
    with ScriptedServer() as server:
        summary = run(vault, server, [page(first, 1, True), page(second, 2, True), page(third, 3, False), *REFRESH])
    assert summary.pulled == 1300 and not summary.cancelled
    [worker] = Started.made
    assert worker.hashed == 800  # the pages that came after it started; the first one was hashed here
    assert worker.process is not None and worker.process.exitcode is not None  # ended with the pull
    assert blindpool.prefetch_of(vault) is None
    made = first + second + third
    assert terms(vault) == expected_terms(vault, made)
    assert len(vault.page_cases(0, 10, query="ام محمد 1000000777")) == 1


def test_a_cancelled_pull_ends_the_worker_and_resumes_where_it_stopped(vault: Vault) -> None:
    first, second, third = households(0, 500), households(500, 500), households(1000, 300)
    cancel = engine_module.threading.Event()

    def stop_after_a_page(progress: SyncProgress) -> None:
        if progress.phase == "pull" and progress.done >= 500:
            cancel.set()

    with ScriptedServer() as server:
        summary = run(vault, server, [page(first, 1, True), page(second, 2, True)], on_progress=stop_after_a_page,
                      cancel=cancel)
        assert summary.cancelled and vault.sync_cursor() in (1, 2)
        [worker] = Started.made
        assert worker.process is not None and worker.process.exitcode is not None
        rest = [page(second, 2, True)] if vault.sync_cursor() == 1 else []
        summary = run(vault, server, [*rest, page(third, 3, False), *REFRESH])
    assert not summary.cancelled and vault.sync_cursor() == 3
    assert len(Started.made) == (2 if rest else 1)  # a resumed pull that starts with a full page starts one again
    assert all(w.process is not None and w.process.exitcode is not None for w in Started.made)
    assert terms(vault) == expected_terms(vault, first + second + third)


def test_a_short_pull_starts_no_worker(vault: Vault) -> None:
    with ScriptedServer() as server:
        summary = run(vault, server, [page(households(0, 3), 1, True), page(households(3, 3), 2, False), *REFRESH])
    assert summary.pulled == 6 and Started.made == []
