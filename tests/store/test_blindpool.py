"""The blind-token worker process (store.blindpool): the same tokens as in-process, and nothing lost or left
running when it is slow, dead or closed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.domain.entities import CATEGORIES, Household
from fieldapp.store import Vault
from fieldapp.store.blind import BlindIndex
from fieldapp.store.blindpool import BlindPrefetch, prefetch_of, prefetching, search_fields

pytestmark = pytest.mark.timeout(120)  # a hung pipe fails here, not at CI's global limit
KEY = os.urandom(32)
ROOT = Path(__file__).resolve().parents[2]
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئىةـًٌٍَُِّ"
text = st.text(alphabet=ARABIC + "abcXYZ 0123456789٠١٢٣٤٥٦٧٨٩-'", max_size=24)
numbers = st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩ +-", max_size=16)
households = st.tuples(text, text, text, numbers, numbers,
                       st.lists(st.sampled_from([*CATEGORIES, "other", ""]), max_size=3))


def wait_gone(pid: int, seconds: float = 10.0) -> bool:
    """Whether the process has ended (a zombie nobody reaped counts as ended)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


def index_contents(vault: Vault) -> dict[str, set[str]]:
    """The search index as token: household ids (it is contentless: terms from fts5vocab, rows by MATCH)."""
    conn = vault.db.conn
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.terms USING fts5vocab(main, search_index, row)")
    ids = dict(conn.execute("SELECT case_no, id FROM households"))
    return {term: {ids[n] for (n,) in conn.execute("SELECT rowid FROM search_index WHERE search_index MATCH ?",
                                                 [f'"{term}"'])}
            for (term,) in conn.execute("SELECT term FROM temp.terms")}


def expected_contents(vault: Vault, made: list[Household]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for household in made:
        for token in vault.index.household_tokens(household):
            found.setdefault(token, set()).add(household.id)
    return found


def change(household_id: str, fields: tuple[Any, ...]) -> dict[str, Any]:
    record = dict(zip(("head_name", "head_name_latin", "file_number", "national_id", "phone", "categories"),
                      fields, strict=True))
    return {"seq": 1, "entity": "household", "entity_id": household_id, "version": 1, "record": record}


@pytest.fixture(scope="module")
def worker() -> Iterator[BlindPrefetch]:
    prefetch = BlindPrefetch(KEY)
    assert prefetch.ready(timeout=30), "the worker process did not start"
    yield prefetch
    prefetch.close()


@given(page=st.lists(households, min_size=1, max_size=20))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_worker_makes_the_same_tokens_as_the_index_in_process(worker: BlindPrefetch,
                                                                  page: list[tuple[Any, ...]]) -> None:
    index = BlindIndex(KEY)
    ids = [f"h{i}" for i in range(len(page))]
    worker.request([change(i, fields) for i, fields in zip(ids, page, strict=True)])
    for household_id, fields in zip(ids, page, strict=True):
        assert worker.tokens(household_id, search_fields(change(household_id, fields)["record"])) \
            == " ".join(index.tokens_of(*fields))
    assert worker.alive


def test_an_answer_is_used_only_for_the_fields_it_was_made_from(worker: BlindPrefetch) -> None:
    fields = ("أم محمد", "", "F-1", "1050000001", "0551000001", ["widow"])
    worker.request([change("h-x", fields)])
    assert worker.tokens("h-x", ("أم أحمد", *fields[1:])) is None  # changed since: the writer hashes it
    assert worker.tokens("h-x", fields) is None  # taken (and refused) once
    assert worker.tokens("never-sent", fields) is None
    assert worker.alive


def test_the_page_writer_takes_the_workers_tokens_and_the_vault_searches_alike(tmp_path: Path) -> None:
    made = [Household(head_name=f"فاطمة علي {i}", national_id=f"10500{i:05d}", phone=f"05510{i:05d}",
                      categories=["widow"] if i % 2 else ["orphans"], researcher="amal", team="t1", version=1)
            for i in range(40)]
    changes = [{"seq": n + 1, "entity": "household", "entity_id": h.id, "version": 1, "record": h.to_dict()}
               for n, h in enumerate(made)]
    with Vault.create(tmp_path / "v", "vault-pass-123") as vault, prefetching(vault) as prefetch:
        assert prefetch is not None and prefetch.ready(timeout=30)
        assert prefetch_of(vault) is prefetch
        prefetch.request(changes)
        vault.apply_pull_page(changes, 40)
        assert prefetch.hashed == 40  # every household's tokens came from the worker
        assert index_contents(vault) == expected_contents(vault, made)
        assert len(vault.page_cases(0, 50, query="فاطمه 1050000007")) == 1
    assert prefetch.process is not None and prefetch.process.exitcode is not None  # ended with the block
    assert prefetch_of(vault) is None


def test_a_dead_worker_costs_nothing_but_speed(tmp_path: Path) -> None:
    made = [Household(head_name=f"أحمد {i}", national_id=f"10{i:08d}", researcher="amal", team="t1", version=1)
            for i in range(5)]
    changes = [{"seq": n + 1, "entity": "household", "entity_id": h.id, "version": 1, "record": h.to_dict()}
               for n, h in enumerate(made)]
    with Vault.create(tmp_path / "v", "vault-pass-123") as vault, prefetching(vault) as prefetch:
        assert prefetch is not None and prefetch.ready(timeout=30)
        prefetch.request(changes)
        assert prefetch.process is not None
        prefetch.process.kill()
        prefetch.process.join(10)
        started = time.monotonic()
        vault.apply_pull_page(changes, 5)  # waits on no dead worker: the writer hashes in-process
        assert time.monotonic() - started < 5
        assert not prefetch.alive and prefetch.hashed == 0
        prefetch.request(changes)  # a request after its death is a no-op
        assert index_contents(vault) == expected_contents(vault, made)


def test_a_worker_that_cannot_start_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    def no_processes(*_: object, **__: object) -> None:
        raise OSError("no more processes")

    monkeypatch.setattr(multiprocessing.get_context("spawn"), "Process", no_processes)
    prefetch = BlindPrefetch(KEY)
    assert not prefetch.alive and not prefetch.ready(timeout=0.1)
    prefetch.request([change("h1", ("أحمد", "", "", "", "", []))])
    assert prefetch.tokens("h1", ("أحمد", "", "", "", "", [])) is None
    prefetch.close()


def test_close_ends_the_worker_even_while_it_has_answers_nobody_read() -> None:
    prefetch = BlindPrefetch(KEY)
    assert prefetch.ready(timeout=30)
    fields = ("محمد عبدالله", "", "", "1234567890", "0551234567", ["widow", "orphans"])
    for n in range(40):  # ~1 MB of answers: the worker blocks writing them
        prefetch.request([change(f"h{n}-{i}", fields) for i in range(1000)])
    assert prefetch.process is not None
    pid = prefetch.process.pid
    started = time.monotonic()
    prefetch.close()
    assert time.monotonic() - started < 5
    assert prefetch.process.exitcode is not None and wait_gone(pid)


def test_the_worker_ends_when_the_app_is_killed() -> None:
    script = ("import sys, time; from fieldapp.store.blindpool import BlindPrefetch\n"
              "if __name__ == '__main__':\n"
              "    p = BlindPrefetch(b'k' * 32); assert p.ready(30)\n"
              "    print(p.process.pid, flush=True); time.sleep(60)\n")
    app = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert app.stdout is not None
        worker_pid = int(app.stdout.readline())
        assert not wait_gone(worker_pid, 0.2)  # it is running
        app.kill()  # like a crash or a user's kill: no goodbye to the worker
        app.wait(10)
        assert wait_gone(worker_pid)
    finally:
        app.kill()
        app.wait(10)
