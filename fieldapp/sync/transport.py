"""HTTP transport of the sync client: one requests.Session with the rules of DESIGN.md (Sync, Transport).

- every request has a timeout (connect, read) and carries the protocol header and, once enrolled, the
  device token as `Authorization: Bearer …`;
- JSON bodies above a kilobyte are gzip-encoded (`Content-Encoding: gzip`);
- connection errors, timeouts, 5xx and 429 are retried with exponential backoff and full jitter, honouring
  `Retry-After`; the wait wakes up at once when the sync is cancelled;
- TLS verification is always on; with a head-office CA bundle, the server must chain to that authority
  (it replaces the system's roots: head office's own CA is pinned);
  plain http is accepted only for loopback addresses (tests, a server on the same machine);
- failures become SyncError with a plain-language message (offline, update the app, revoked, …).

Counters (`round_trips`, `bytes_sent`, `bytes_received`) feed the progress callback and the benchmark.
"""

from __future__ import annotations

import gzip
import random
import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import requests

from ..domain import jsontext
from ..domain.errors import SyncError
from .protocol import API_PREFIX, PROTOCOL_HEADER, PROTOCOL_VERSION

GZIP_ABOVE = 1024
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry: `attempts` tries in all, waits of up to base·2ⁿ (full jitter)."""

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_delay)
        return random.uniform(0, min(self.max_delay, self.base_delay * 2 ** attempt))


def check_url(url: str) -> str:
    """The server's base URL without a trailing slash; https unless the host is loopback."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError("sync.insecure_url", url=url)
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        raise SyncError("sync.insecure_url", url=url)
    return url.strip().rstrip("/")


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


def _error_code(response: requests.Response) -> str:
    """The server's stable error code (never its free text, which could quote user input)."""
    try:
        body = jsontext.loads(response.content)
    except ValueError:
        return ""
    if isinstance(body, dict):
        code = body.get("code") or (body.get("detail") if isinstance(body.get("detail"), str) else "")
        if isinstance(body.get("detail"), dict):
            code = code or body["detail"].get("code", "")
        return str(code or "")[:80]
    return ""


class Transport:
    """The sync client's HTTP session. Use as a context manager or call close()."""

    def __init__(self, base_url: str, *, token: str | None = None, ca_bundle: str | None = None,
                 timeout: tuple[float, float] = (5.0, 60.0), retry: RetryPolicy | None = None,
                 cancel: threading.Event | None = None, session: requests.Session | None = None) -> None:
        self.base_url = check_url(base_url)
        self.host = urlsplit(self.base_url).netloc
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.cancel = cancel or threading.Event()
        self.session = session or requests.Session()
        # Verification is never switched off: a CA bundle pins head office's own authority. It is also passed
        # on every request, because requests lets REQUESTS_CA_BUNDLE override a session's setting.
        self.verify: bool | str = ca_bundle or True
        self.session.verify = self.verify
        self.session.headers[PROTOCOL_HEADER] = str(PROTOCOL_VERSION)
        self.session.headers["User-Agent"] = f"fieldapp-sync/{PROTOCOL_VERSION}"
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        self.round_trips = 0
        self.bytes_sent = 0
        self.bytes_received = 0
        self.seconds = 0.0  # time spent waiting on the network and the server (for the benchmark)

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.session.close()

    def set_token(self, token: str) -> None:
        self.session.headers["Authorization"] = f"Bearer {token}"

    # -- JSON helpers -------------------------------------------------------------------------------
    def get_json(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.json_of(self.request("GET", path, params=params))

    def post_json(self, path: str, body: dict[str, Any], *, retry: bool = True) -> dict[str, Any]:
        return self.json_of(self.request("POST", path, json_body=body, retry=retry))

    def put_bytes(self, path: str, data: bytes, params: dict[str, Any] | None = None, *,
                  retry: bool = True, ok_statuses: tuple[int, ...] = ()) -> requests.Response:
        return self.request("PUT", path, data=data, params=params, retry=retry, ok_statuses=ok_statuses,
                            headers={"Content-Type": "application/octet-stream"})

    def json_of(self, response: requests.Response) -> dict[str, Any]:
        # A pull page is ~1 MB of JSON: orjson reads it ~1.5x faster than requests' json (same values).
        try:
            body = jsontext.loads(response.content)
        except ValueError:
            raise SyncError("sync.bad_answer") from None
        if not isinstance(body, dict):
            raise SyncError("sync.bad_answer")
        return body

    # -- the one place that talks to the network ----------------------------------------------------------
    def request(self, method: str, path: str, *, json_body: dict[str, Any] | None = None,
                data: bytes | None = None, params: dict[str, Any] | None = None, retry: bool = True,
                headers: dict[str, str] | None = None, ok_statuses: tuple[int, ...] = ()) -> requests.Response:
        """Send one request (with retries); return the response of a 2xx or of a status in ok_statuses."""
        url = self.base_url + (path if path.startswith(API_PREFIX) else API_PREFIX + path)
        send_headers = dict(headers or {})
        body = data
        if json_body is not None:
            body = jsontext.dumps(json_body)
            send_headers["Content-Type"] = "application/json"
            if len(body) > GZIP_ABOVE:
                body = gzip.compress(body, compresslevel=5)
                send_headers["Content-Encoding"] = "gzip"
        attempts = self.retry.attempts if retry else 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            self._raise_if_cancelled()
            began = time.perf_counter()
            try:
                response = self.session.request(method, url, data=body, params=params, headers=send_headers,
                                                timeout=self.timeout, verify=self.verify)
            except requests.exceptions.SSLError:
                raise SyncError("sync.tls", host=self.host) from None
            except (requests.ConnectionError, requests.Timeout) as exc:
                if last:
                    code = "sync.timeout" if isinstance(exc, requests.Timeout) else "sync.offline"
                    raise SyncError(code, host=self.host) from None
                self.wait(self.retry.delay(attempt))
                continue
            finally:
                self.round_trips += 1
                self.bytes_sent += len(body or b"")
                self.seconds += time.perf_counter() - began
            self.bytes_received += len(response.content)
            status = response.status_code
            if status < 300 or status in ok_statuses:
                return response
            if (status == 429 or status >= 500) and not last:
                self.wait(self.retry.delay(attempt, _retry_after(response)))
                continue
            raise self._error(response)
        raise SyncError("sync.offline", host=self.host)  # unreachable: the loop returns or raises

    def _error(self, response: requests.Response) -> SyncError:
        status = response.status_code
        code = _error_code(response)
        if status == 426 or code.startswith("protocol"):
            return SyncError("sync.update_required")
        if "revoked" in code:
            return SyncError("sync.revoked")
        if "disabled" in code:
            return SyncError("sync.disabled")
        if status == 401:
            bad_login = any(word in code for word in ("credentials", "login", "password"))
            return SyncError("sync.bad_login" if bad_login else "sync.unauthorised")
        if status == 403:
            return SyncError("sync.forbidden")
        if status == 429:
            return SyncError("sync.too_many_attempts" if "rate" in code else "sync.busy")
        if status >= 500:
            return SyncError("sync.server_error", status=status)
        error = SyncError("sync.refused", reason=code or f"HTTP {status}")
        error.params["status"] = status
        return error

    def wait(self, seconds: float) -> None:
        if self.cancel.wait(seconds):
            raise SyncError("sync.cancelled")

    def _raise_if_cancelled(self) -> None:
        if self.cancel.is_set():
            raise SyncError("sync.cancelled")
