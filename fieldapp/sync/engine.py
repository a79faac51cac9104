"""The sync client engine: one full sync of a vault with head office, headless or in the app's background.

    from fieldapp.sync.engine import SyncEngine, SyncProgress, SyncSummary

    cancel = threading.Event()
    summary = SyncEngine(vault, on_progress=callback, cancel=cancel).run()   # -> SyncSummary

Phases, in order (each resumable, so a cancelled or broken sync continues where it stopped next time):
    upload   blobs of attachment refs not yet confirmed (vault.attachments_pending_upload), in chunks
             from the server's `received` offset, verified by SHA-256 (fieldapp.sync.attachments). Before
             the push, so head office never holds a reference whose file it cannot show.
    push     the outbox in batches of ≤ protocol.MAX_PUSH_OPS. Ops of a batch are first marked sent (they
             are frozen: later edits go to new ops), then posted; the results are applied in one vault
             transaction, which is when ops leave the outbox. A batch whose answer was lost is resent with
             the same op ids and the server applies it once. The next batch leaves only after the server
             answered the previous one (it is made ready while that one is on the wire), and travels
             while the device records those results.
    pull     changes after the vault's cursor, page by page; each page and its cursor in one transaction
             (the next page is already on its way while one is written; the first one while the last
             push results are recorded).
    download blobs of pulled attachment refs the vault lacks (vault.missing_blobs); one the server does
             not hold yet is skipped and fetched by a later sync.
    forms    published form definitions, the user's profile and team (GET /me) and head office's
             settings (GET /settings: deadline days, rejection reasons, currency), when the
             server's `forms_rev` changed or an hour has passed (a sync with nothing to do is one round trip).

`on_progress(SyncProgress)` is called from the thread that runs the engine (the UI marshals it to its own
thread). `cancel` is a threading.Event; setting it stops at the next batch, chunk or page boundary and
`run()` returns a summary with `cancelled=True`. Errors that need a person (offline, revoked, please update)
raise fieldapp.domain.errors.SyncError; the vault is left consistent in every case.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..domain import jsontext
from ..domain.clock import utc_now
from ..domain.errors import FieldappError, SyncError
from ..store.blindpool import BlindPrefetch, prefetching
from ..store.pullwal import checkpoint_after
from ..store.syncside import ThinStale
from . import attachments, refresh
from .collector import fewer_collections
from .protocol import DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, MAX_PUSH_OPS, Op, OpResult
from .transport import GZIP_ABOVE, RetryPolicy, Transport


@dataclass
class SyncProgress:
    phase: str                      # push | upload | pull | download | forms | done
    done: int = 0                   # items of this phase done (ops, bytes of the current file, changes)
    total: int | None = None        # known total of this phase, None if unknown
    bytes_sent: int = 0
    bytes_received: int = 0


@dataclass
class SyncSummary:
    pushed: int = 0
    applied: int = 0
    conflicts: int = 0
    rejected: int = 0
    attachments_uploaded: int = 0
    attachment_bytes_sent: int = 0
    attachments_downloaded: int = 0
    attachments_failed: int = 0
    pulled: int = 0
    forms_updated: bool = False
    cursor: int = 0
    round_trips: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    seconds: float = 0.0
    network_seconds: float = 0.0    # of which waiting on the network and server (overlaps local work)
    cancelled: bool = False
    pending_left: int = 0
    finished_at: str = field(default_factory=utc_now)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def line(self) -> str:
        """The one-line summary the CLI prints (numbers only, nothing personal)."""
        state = "cancelled" if self.cancelled else "done"
        failed = f" ({self.attachments_failed} failed)" if self.attachments_failed else ""
        return (f"sync {state}: pushed {self.pushed} (applied {self.applied}, conflicts {self.conflicts}, "
                f"rejected {self.rejected}), attachments {self.attachments_uploaded} up{failed} / "
                f"{self.attachments_downloaded} down, pulled {self.pulled}, pending {self.pending_left}, "
                f"{self.round_trips} requests, {self.bytes_sent} B sent, {self.bytes_received} B received, "
                f"{self.seconds:.2f} s")


ProgressCallback = Callable[[SyncProgress], None]
# A first page at least this long with more to come starts the blind-token worker (store.blindpool): its
# start costs ~0.2 s of the other core's time, which a pull of a few pages would not win back.
PREFETCH_FROM = 500

_running: set[int] = set()
_running_lock = threading.Lock()


def profile_of(vault: Any) -> dict[str, Any]:
    profile = vault.meta_get("profile", None) or {}
    if not profile.get("server_url") or not vault.meta_get("device_token", None):
        raise SyncError("sync.not_enrolled")
    return profile


def ca_bundle_setting(folder: Path | str | None) -> str | None:
    """The head-office CA bundle chosen in the profile's plain settings.json, if any."""
    if not folder:
        return None
    try:
        value = json.loads((Path(folder) / "settings.json").read_text(encoding="utf-8")).get("ca_bundle")
    except (OSError, ValueError, AttributeError):
        return None
    return str(value) if value else None


def transport_for(vault: Any, *, ca_bundle: str | None = None, retry: RetryPolicy | None = None,
                  cancel: threading.Event | None = None) -> Transport:
    """A transport to this vault's server with its device token. The CA bundle: the argument, else the
    profile's settings.json, else the one given at enrolment."""
    profile = profile_of(vault)
    bundle = ca_bundle or ca_bundle_setting(getattr(vault, "folder", None)) or vault.meta_get("ca_bundle", None)
    return Transport(profile["server_url"], token=vault.meta_get("device_token"), ca_bundle=bundle or None,
                     retry=retry, cancel=cancel)


class SyncEngine:
    # Pull pages ask for thin entries (protocol.Change): records this device wrote come back without the
    # record it adopted from the push result; a vault lacking one makes the pull start over whole (_pull).
    thin_pull = True

    def __init__(self, vault: Any, *, on_progress: ProgressCallback | None = None,
                 cancel: threading.Event | None = None, transport: Transport | None = None,
                 ca_bundle: str | None = None, retry: RetryPolicy | None = None,
                 batch_size: int = MAX_PUSH_OPS, pull_limit: int | None = None) -> None:
        self.vault = vault
        self.on_progress = on_progress
        self.cancel = cancel or threading.Event()
        self._transport = transport
        self._ca_bundle = ca_bundle
        self._retry = retry
        self.batch_size = max(1, min(batch_size, MAX_PUSH_OPS))
        self.pull_limit = pull_limit  # changes per pull page; None: chosen per page (_page_limit)
        self.summary = SyncSummary()
        self._forms_rev: str | None = None
        self._first_page: tuple[int, Future[dict[str, Any]]] | None = None
        self._prefetch: BlindPrefetch | None = None  # a long pull's blind tokens, hashed in a worker process

    # -- the one entry point -----------------------------------------------------------------------------
    def run(self) -> SyncSummary:
        started = time.perf_counter()
        self.summary = SyncSummary()
        transport = self._transport or transport_for(self.vault, ca_bundle=self._ca_bundle, retry=self._retry,
                                                     cancel=self.cancel)
        transport.cancel = self.cancel
        self.transport = transport
        key = id(self.vault)
        with _running_lock:
            if key in _running:
                if self._transport is None:
                    transport.close()
                raise SyncError("sync.running")
            _running.add(key)
        self._fetcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fieldapp-pull")
        self._first_page = None
        try:
            with fewer_collections():
                self._upload()
                self._push()
                self._pull()
                self._download()
                self._forms()
            self._progress("done")
        except SyncError as exc:
            if exc.code != "sync.cancelled":
                self._record_last(ok=False, error=exc.code, started=started)
                raise
            self.summary.cancelled = True
        finally:
            self._fetcher.shutdown(wait=True, cancel_futures=True)
            with _running_lock:
                _running.discard(key)
            if self._transport is None:
                transport.close()
        self._record_last(ok=not self.summary.cancelled, error=None, started=started)
        return self.summary

    # -- phases --------------------------------------------------------------------------------------
    def _push(self) -> None:
        """Batches in outbox order. The server answers batch k before batch k+1 leaves (order matters), but
        while batch k is on the wire the device records batch k-1's results and makes batch k+1 ready."""
        total = self.vault.outbox_count()
        self._progress("push", 0, total)
        answered: list[OpResult] | None = None  # results received, not recorded yet
        ops = [] if self.cancel.is_set() else self._next_batch(set())
        body = self._encode(ops)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="fieldapp-push") as sender:
            # Bounded: every round leaves fewer ops, unless the user keeps typing, which the bound allows for.
            for _ in range(total // self.batch_size + 50):
                in_flight = sender.submit(self._send, body) if ops else None
                if in_flight is None and not self.cancel.is_set():
                    # The server has answered every batch: the first pull page travels while the last
                    # results are recorded (they do not move the cursor).
                    after = int(self.vault.sync_cursor() or 0)
                    self._first_page = (after, self._fetcher.submit(self._fetch_page, after))
                if answered is not None:
                    self.vault.apply_push_results(answered)
                    self._tally(answered)
                    self._progress("push", self.summary.pushed, max(total, self.summary.pushed))
                if in_flight is None:
                    self._check_cancel()
                    return
                # The oldest ops except those on the wire; if this batch fails they stay pending (sent, resent as is).
                following = [] if self.cancel.is_set() else self._next_batch({op["op_id"] for op in ops})
                body = self._encode(following)  # while the server works: the body is ready when it answers
                answered, ops = in_flight.result(), following
        raise SyncError("sync.stuck")

    def _next_batch(self, on_the_wire: set[str]) -> list[Op]:
        """The oldest ops without a recorded result, except those sent and not answered yet; marked sent
        (frozen) before they leave."""
        ops = self.vault.outbox_pending(self.batch_size, exclude=on_the_wire)
        if ops:
            self.vault.outbox_mark_sent([op["op_id"] for op in ops])
        return ops

    @staticmethod
    def _encode(ops: list[Op]) -> bytes:
        """A push body as Transport.post_json would send it (JSON, gzipped above GZIP_ABOVE), made ahead:
        ~1 MB of JSON for 500 ops, 7-13 ms of the push thread before each request otherwise."""
        body = jsontext.dumps({"ops": ops}) if ops else b""
        return gzip.compress(body, compresslevel=5) if len(body) > GZIP_ABOVE else body

    def _send(self, body: bytes) -> list[OpResult]:
        gzipped = body[:2] == b"\x1f\x8b"  # gzip's magic number (a JSON body starts with "{")
        headers = {"Content-Type": "application/json", **({"Content-Encoding": "gzip"} if gzipped else {})}
        response = self.transport.request("POST", "/sync/push", data=body, headers=headers)
        results: list[OpResult] = list(self.transport.json_of(response).get("results", []))
        if not results:
            raise SyncError("sync.bad_answer")
        return results

    def _tally(self, results: list[OpResult]) -> None:
        s = self.summary
        s.pushed += len(results)
        for result in results:
            if result["status"] == "applied":
                s.applied += 1
            elif result["status"] == "conflict":
                s.conflicts += 1
            else:
                s.rejected += 1

    def _upload(self) -> None:
        """Blobs of attachment refs the server has not confirmed, each from the server's `received`."""
        pending = list(self.vault.attachments_pending_upload())
        total = sum(ref.size for ref in pending)
        done = 0
        for ref in pending:
            self._check_cancel()
            try:
                data = attachments.local_blob(self.vault, ref.id)
            except FieldappError:  # a damaged file on this disk (tampered): keep syncing the rest
                self.summary.attachments_failed += 1
                continue
            if data is None:
                continue  # removed since: the removal travels as its own op
            self._progress("upload", done, total)
            try:
                sent = attachments.upload_resilient(self.transport, ref.sha256, data,
                                                    on_chunk=lambda n: self._chunk(done + n, total))  # noqa: B023
            except SyncError as exc:
                if exc.code not in ("sync.attachment_mismatch", "sync.refused", "sync.stuck"):
                    raise
                # One file head office will not take must not hold back every record: it stays pending.
                self.summary.attachments_failed += 1
                continue
            self.vault.mark_attachment_uploaded(ref.id)
            done += len(data)
            self.summary.attachment_bytes_sent += sent
            self.summary.attachments_uploaded += 1 if sent else 0  # 0: head office had it (e.g. by USB)

    def _chunk(self, done: int, size: int) -> None:
        self._progress("upload", done, size)
        self._check_cancel()

    def _pull(self) -> None:
        """Pages after the cursor; the next page is fetched while this one is written to the vault."""
        # The phase starts now, not when its first page is written (~0.1 s later for a page of 1,000,
        # which read as a pause before the pull).
        self._progress("pull", 0, None)
        with ExitStack() as catching_up:
            try:
                self._pull_pages(catching_up)
            except ThinStale:  # nothing of that page was written; the cursor is where it was
                self.thin_pull = False
                self._pull_pages(catching_up)

    def _pull_pages(self, catching_up: ExitStack) -> None:
        after = int(self.vault.sync_cursor() or 0)
        fetcher = self._fetcher
        first, self._first_page = self._first_page, None
        pending = first[1] if first is not None and first[0] == after else fetcher.submit(self._fetch_page, after)
        while True:
            page = pending.result()
            changes = list(page.get("changes", []))
            next_after = int(page.get("next_after", after))
            if next_after < after:
                raise SyncError("sync.bad_answer")
            more = bool(page.get("has_more")) and bool(changes)
            if more and not self.cancel.is_set():
                if self.summary.pulled == 0:  # many pages ahead: one WAL checkpoint at the end, not one per ~4 MB
                    catching_up.enter_context(checkpoint_after(self.vault))
                    if len(changes) >= PREFETCH_FROM:
                        self._start_prefetch(catching_up)
                pending = fetcher.submit(self._fetch_page, next_after, True)
            self.vault.apply_pull_page(changes, next_after)
            if self._prefetch is not None:
                self._prefetch.forget()
            self.summary.pulled += len(changes)
            self.summary.cursor = after = next_after
            if "forms_rev" in page:
                self._forms_rev = str(page["forms_rev"])
            self._progress("pull", self.summary.pulled, None)
            if not more:
                return
            self._check_cancel()

    def _start_prefetch(self, catching_up: ExitStack) -> None:
        """A worker process hashes the blind tokens of the pages still to come, on the other core, from
        the time it is up (~0.2 s); it ends with the pull, however the pull ends."""
        if self._prefetch is None:
            self._prefetch = catching_up.enter_context(prefetching(self.vault))
            catching_up.callback(setattr, self, "_prefetch", None)  # runs first: no page goes to a closed worker

    def _page_limit(self, after: int, catching_up: bool) -> int:
        """The page size given, else the largest while catching up (a first pull, or the page before came
        back full: half the round trips and transactions of the default), else the default."""
        if self.pull_limit is not None:
            return self.pull_limit
        return MAX_PULL_LIMIT if catching_up or after == 0 else DEFAULT_PULL_LIMIT

    def _fetch_page(self, after: int, catching_up: bool = False) -> dict[str, Any]:
        limit = self._page_limit(after, catching_up)
        params = {"after": after, "limit": limit, **({"thin": 1} if self.thin_pull else {})}
        page = self.transport.get_json("/sync/pull", params)
        prefetch = self._prefetch
        if prefetch is not None and isinstance(page.get("changes"), list):
            prefetch.request(page["changes"])  # hashed while the page before this one is written
        return page

    def _download(self) -> None:
        wanted = list(self.vault.missing_blobs())
        for index, sha in enumerate(wanted):
            self._check_cancel()
            data = attachments.download_if_held(self.transport, sha)
            if data is not None:
                self.vault.store_blob(sha, data)
                self.summary.attachments_downloaded += 1
            self._progress("download", index + 1, len(wanted))

    def _forms(self) -> None:
        if refresh.refresh_due(self.vault, self._forms_rev):
            self._progress("forms")
            self.summary.forms_updated = refresh.refresh(self.vault, self.transport, self._forms_rev)

    # -- bookkeeping -----------------------------------------------------------------------------------
    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise SyncError("sync.cancelled")

    def _progress(self, phase: str, done: int = 0, total: int | None = None) -> None:
        if self.on_progress is None:
            return
        t = getattr(self, "transport", None)
        self.on_progress(SyncProgress(phase, done, total, t.bytes_sent if t else 0, t.bytes_received if t else 0))

    def _record_last(self, *, ok: bool, error: str | None, started: float) -> None:
        s = self.summary
        t = getattr(self, "transport", None)
        if t is not None:
            s.round_trips, s.bytes_sent, s.bytes_received = t.round_trips, t.bytes_sent, t.bytes_received
            s.network_seconds = t.seconds
        s.seconds = time.perf_counter() - started
        s.finished_at = utc_now()
        try:
            s.pending_left = int(self.vault.outbox_count())
            # Kept for the status bar: when the last sync ran and how it ended (counts only).
            self.vault.meta_set("last_sync", {"at": s.finished_at, "ok": ok, "error": error,
                                              "pending": s.pending_left, "pulled": s.pulled, "pushed": s.pushed},
                                durable=False)
        except Exception:  # noqa: BLE001 - a locked or closed vault must not hide the real outcome
            pass
