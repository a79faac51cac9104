"""The one task runner: all disk, crypto, network and PDF work leaves the UI thread through it.

    runner.run(fn, on_done=..., on_error=..., lane="db")

`fn` runs on a worker thread; `on_done(result)` / `on_error(exc)` run on the UI thread (marshalled by a
queued signal), so widgets are only ever touched there. Lanes:

  * "db"  — one persistent worker thread. The vault's SQLite connection belongs to the thread that opened
            it, and writes must be serialised anyway, so every vault call goes down this one lane.
  * "sync" — one persistent thread for background sync, which works on its own connection to the vault
            (SQLite WAL lets it run beside the db lane), so saving never waits for the network.
  * "net" — a small pool for other network and PDF work that must not queue behind database work.

Tests (and the SIGKILL autosave child) use `synchronous=True`: fn and its callback run at once, in order.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

from .qt import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]


class _Job(QRunnable):
    def __init__(self, task_id: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.task_id, self.fn, self.relay = task_id, fn, relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result, error = self.fn(), None
        except BaseException as exc:  # delivered to the UI thread; never swallowed
            result, error = None, exc
        self.relay.finished.emit(self.task_id, result, error)


class _Relay(QObject):
    """Lives on the UI thread; a queued connection hops results from the worker to here."""

    finished = Signal(int, object, object)


class TaskRunner(QObject):
    """Submit work off the UI thread; see the module docstring."""

    busy_changed = Signal(int)          # number of tasks in flight
    failed = Signal(object)             # an error nobody handled (for the status bar)

    def __init__(self, synchronous: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Callback | None, Callback | None]] = {}
        self._lock = threading.Lock()
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._pools = {"db": QThreadPool(self), "sync": QThreadPool(self), "net": QThreadPool(self)}
        for lane in ("db", "sync"):
            self._pools[lane].setMaxThreadCount(1)
            self._pools[lane].setExpiryTimeout(-1)  # the same thread for the connection's whole life
        self._pools["net"].setMaxThreadCount(2)

    @property
    def in_flight(self) -> int:
        return len(self._callbacks)

    def run(self, fn: Callable[[], Any], *, on_done: Callback | None = None,
            on_error: Callback | None = None, lane: str = "db") -> int:
        task_id = next(self._ids)
        if self.synchronous:
            try:
                result = fn()
            except Exception as exc:
                self._finish(on_error, exc, failed=True)
            else:
                self._finish(on_done, result)
            return task_id
        with self._lock:
            self._callbacks[task_id] = (on_done, on_error)
        self.busy_changed.emit(self.in_flight)
        self._pools[lane].start(_Job(task_id, fn, self._relay))
        return task_id

    def call(self, fn: Callable[[], Any], lane: str = "db", timeout_ms: int = 30000) -> Any:
        """Run fn on its lane and wait for the result (for close/lock, where the work must finish first)."""
        if self.synchronous:
            return fn()
        box: dict[str, Any] = {}
        done = threading.Event()

        def wrapped() -> None:
            try:
                box["result"] = fn()
            except BaseException as exc:
                box["error"] = exc
            finally:
                done.set()

        self._pools[lane].start(wrapped)
        if not done.wait(timeout_ms / 1000):
            raise TimeoutError("background task did not finish")
        if "error" in box:
            raise box["error"]
        return box.get("result")

    def wait_idle(self, timeout_ms: int = 30000) -> bool:
        """Block until queued work has finished (then deliver its callbacks)."""
        ok = all(pool.waitForDone(timeout_ms) for pool in self._pools.values())
        from .qt import QCoreApplication

        QCoreApplication.processEvents()
        return ok

    @Slot(int, object, object)
    def _deliver(self, task_id: int, result: Any, error: BaseException | None) -> None:
        with self._lock:
            on_done, on_error = self._callbacks.pop(task_id, (None, None))
        self.busy_changed.emit(self.in_flight)
        if error is not None:
            self._finish(on_error, error, failed=True)
        else:
            self._finish(on_done, result)

    def _finish(self, callback: Callback | None, value: Any, failed: bool = False) -> None:
        if callback is not None:
            callback(value)
        elif failed:
            # Only the type goes to the log: exception texts could hold a family's data.
            log.warning("background task failed: %s", type(value).__name__)
            self.failed.emit(value)
