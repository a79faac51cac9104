"""Blind tokens of a long pull, computed in a worker process on the other core.

A fresh device's first pull is bound to one core (the GIL): about a third of it was the blind index, ~65
HMAC-SHA256 per household. While catching up, the sync engine starts one worker process ("spawn", never
fork: the app has threads), hands it the search key through a pipe (never disk, never a log), and sends it
the searchable fields of each page's households as soon as the page has arrived; the worker hashes page
k+1 while the vault writes page k. PageWriter asks `tokens(household_id, fields)` at its flush and gets the
space-joined tokens, or None: then it computes them itself, as always.

    with prefetching(vault) as prefetch:     # None when the vault is locked
        prefetch.request(changes)            # any thread: a page that has just arrived
        prefetch_of(vault).tokens(id, fields)  # the writer (waits for the worker's answer if it is hashing)

The worker's tokens are the in-process ones exactly: the same BlindIndex code on the same key and the same
fields, and a result is used only for the very fields it was computed from (the page writer compares).
The fields cross the pipe in plaintext, in memory and the kernel's pipe only. Whatever goes wrong with the
worker (it cannot start, dies, hangs, answers nonsense) costs only speed: the writer hashes in-process.
The worker ends when the pull ends, fails or is cancelled (its pipe closes), and when the app dies.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
import weakref
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from multiprocessing.connection import Connection
from typing import Any

from .blind import BlindIndex

SEARCH_FIELDS = ("head_name", "head_name_latin", "file_number", "national_id", "phone", "categories")
_DEFAULTS: tuple[Any, ...] = ("", "", "", "", "", [])  # Household's defaults (a mismatch only means in-process)
_TOKEN_BYTES = 10  # a blinded token: 80 bits, 20 hex characters in the index
_ANSWER_WAIT = 20.0  # seconds without a word from a busy worker before it is given up (killed)
_STOP_WAIT = 5.0

_attached: weakref.WeakKeyDictionary[Any, BlindPrefetch] = weakref.WeakKeyDictionary()


def search_fields(record: dict[str, Any]) -> tuple[Any, ...]:
    """The arguments of BlindIndex.tokens_of, from a household record as the server sends it."""
    return tuple(record.get(name, default) for name, default in zip(SEARCH_FIELDS, _DEFAULTS, strict=True))


def prefetch_of(vault: Any) -> BlindPrefetch | None:
    return _attached.get(vault)


@contextmanager
def prefetching(vault: Any) -> Iterator[BlindPrefetch | None]:
    """A started worker for this vault's search key, attached for its page writer; closed at the end."""
    if vault.locked:
        yield None
        return
    prefetch = BlindPrefetch(vault.index.worker_key())
    _attached[vault] = prefetch
    try:
        yield prefetch
    finally:
        if _attached.get(vault) is prefetch:
            del _attached[vault]
        prefetch.close()


class BlindPrefetch:
    """One worker process and the batches it is hashing. request() and tokens() may be called from two
    threads (the engine's fetcher and the thread writing pages)."""

    def __init__(self, search_key: bytes) -> None:
        self._lock = threading.Lock()      # the answers side: pending batches, results, reading the pipe
        self._send_lock = threading.Lock()
        self._pending: deque[tuple[int, list[str], list[tuple[Any, ...]]]] = deque()
        self._waiting: dict[str, int] = {}  # household id: the last batch it was sent in
        self._results: dict[str, tuple[tuple[Any, ...], bytes]] = {}
        self._batches = 0
        self._ready = False
        self._broken = False
        self.process: multiprocessing.process.BaseProcess | None = None
        self.hashed = 0  # households whose tokens came from the worker (for tests and measurements)
        try:
            context = multiprocessing.get_context("spawn")
            child_in, self._to_worker = context.Pipe(duplex=False)
            self._from_worker, child_out = context.Pipe(duplex=False)
            self.process = context.Process(target=_serve, args=(child_in, child_out), daemon=True,
                                           name="fieldapp-blind")
            self.process.start()
            child_in.close()  # the worker holds its ends: a dead app closes the pipe, and the worker ends
            child_out.close()
            self._to_worker.send_bytes(search_key)
        except Exception:  # noqa: BLE001 - no worker is only slower: the writer hashes in-process
            self._fail()

    @property
    def alive(self) -> bool:
        return not self._broken

    # -- the fetching side ---------------------------------------------------------------------------------
    def request(self, changes: Sequence[dict[str, Any]]) -> None:
        """Send the households of a page that has arrived, if the worker is up (pages before that are
        hashed in-process: waiting for the worker's start would cost more than it saves)."""
        if self._broken or not (self._ready or self._check_ready()):
            return
        ids, rows = [], []
        for change in changes:
            record = change.get("record")
            if change.get("entity") == "household" and isinstance(record, dict):
                ids.append(str(change.get("entity_id")))
                rows.append(search_fields(record))
        if not rows:
            return
        with self._lock:
            self._batches += 1
            batch = self._batches
            self._pending.append((batch, ids, rows))
            self._waiting.update(dict.fromkeys(ids, batch))
        try:
            with self._send_lock:
                self._to_worker.send((batch, rows))
        except Exception:  # noqa: BLE001 - e.g. the worker died, or a field would not pickle
            self._fail()

    def ready(self, timeout: float = 0.0) -> bool:
        """Whether the worker is up (waiting up to `timeout` seconds for it)."""
        return self._ready or self._check_ready(timeout)

    def _check_ready(self, timeout: float = 0.0) -> bool:
        with self._lock:
            if self._ready or self._broken:
                return self._ready
            try:
                if self._from_worker.poll(timeout):
                    self._ready = self._from_worker.recv_bytes() == b"ready"
                    if not self._ready:
                        self._fail()
            except Exception:  # noqa: BLE001 - EOF: the worker did not start
                self._fail()
            return self._ready

    # -- the writing side ----------------------------------------------------------------------------------
    def tokens(self, household_id: str, fields: tuple[Any, ...]) -> str | None:
        """The space-joined blinded tokens of a household with exactly these fields, if the worker made
        them; None otherwise (the caller computes them)."""
        return self.take([(household_id, fields)])[0]

    def take(self, wanted: Sequence[tuple[str, tuple[Any, ...]]]) -> list[str | None]:
        """tokens() of each (household id, fields), the lock taken once (a page writer asks for ~1,000)."""
        with self._lock:
            batches = [b for b in map(self._waiting.get, (i for i, _ in wanted)) if b is not None]
            if batches:
                self._receive_through(max(batches))
            found = [self._results.pop(household_id, None) for household_id, _ in wanted]
        out: list[str | None] = []
        for answer, (_, fields) in zip(found, wanted, strict=True):
            if answer is None or answer[0] != fields:
                out.append(None)
            else:
                out.append(answer[1].hex(" ", _TOKEN_BYTES))
        self.hashed += sum(1 for joined in out if joined is not None)
        return out

    def _receive_through(self, wanted: int) -> None:
        """Read answers (they come in order) up to batch `wanted`; with the lock held."""
        try:
            while self._pending and self._pending[0][0] <= wanted and not self._broken:
                if not self._from_worker.poll(_ANSWER_WAIT):
                    raise TimeoutError
                batch, answers = self._from_worker.recv()
                expected, ids, rows = self._pending.popleft()
                if batch != expected or len(answers) != len(ids):
                    raise ValueError("out of step")
                for record_id, row, raw in zip(ids, rows, answers, strict=True):
                    if self._waiting.get(record_id) == batch:
                        del self._waiting[record_id]
                    if isinstance(raw, bytes):
                        self._results[record_id] = (row, raw)
        except Exception:  # noqa: BLE001 - dead, hung or garbled: given up, the writer hashes in-process
            self._fail()

    def forget(self) -> None:
        """Drop answers nobody took (households the page wrote the careful way): memory stays bounded."""
        with self._lock:
            self._results.clear()

    # -- the end -------------------------------------------------------------------------------------------
    def _fail(self) -> None:
        """Given up: every later call answers None at once. The pipes stay open (another thread may be
        using them) until close(); the worker is killed so none of it waits on them."""
        self._broken = True
        process = self.process
        with suppress(Exception):
            if process is not None and process.pid is not None and process.is_alive():
                process.kill()

    def close(self) -> None:
        """End the worker: killed (it keeps nothing worth a goodbye, and a kill ends it at once whether it
        was reading, hashing or writing), reaped, then the pipes closed."""
        self._broken = True
        process = self.process
        with suppress(Exception):
            if process is not None and process.pid is not None:
                if process.is_alive():
                    process.kill()
                process.join(_STOP_WAIT)
        with self._send_lock, self._lock:  # a send blocked on the worker has failed on the dead pipe by now
            for conn in (getattr(self, "_to_worker", None), getattr(self, "_from_worker", None)):
                if conn is not None:
                    with suppress(OSError):
                        conn.close()
            self._pending.clear()
            self._waiting.clear()
            self._results.clear()


def _serve(inbox: Connection, outbox: Connection) -> None:
    """The worker: a search key, then (batch, rows) until the pipe closes; answers (batch, raw tokens).

    Answers are written by a thread of their own, so the worker always reads the next request: the app's
    fetching thread never waits on a pipe the writer has not read yet (pages written the careful way
    leave their answers unread)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the app's to handle; the worker ends with its pipe
    answers: queue.SimpleQueue[tuple[int, list[bytes | None]] | None] = queue.SimpleQueue()
    writer = threading.Thread(target=_write_answers, args=(answers, outbox), daemon=True)
    try:
        index = BlindIndex(inbox.recv_bytes())
        outbox.send_bytes(b"ready")
        writer.start()
        while True:
            batch, rows = inbox.recv()
            answers.put((batch, [_raw_tokens(index, row) for row in rows]))
    except (EOFError, OSError):
        pass
    finally:
        # Nothing to flush: skipping the interpreter's teardown lets the pull's end wait ~1 ms, not ~20.
        os._exit(0)


def _write_answers(answers: queue.SimpleQueue[tuple[int, list[bytes | None]] | None], outbox: Connection) -> None:
    try:
        while (answer := answers.get()) is not None:
            outbox.send(answer)
    except OSError:  # the app closed its end: the reading side sees EOF and ends the worker
        pass
    finally:
        os._exit(0)


def _raw_tokens(index: BlindIndex, row: tuple[Any, ...]) -> bytes | None:
    """tokens_of(*row) as their bytes, joined (half the size of hex on the pipe); None if it fails here
    (the writer then computes it and meets the same error in its own process)."""
    try:
        return bytes.fromhex("".join(index.tokens_of(*row)))
    except Exception:  # noqa: BLE001 - odd fields are the writer's to refuse
        return None
