"""The transport's rules: headers, gzip, retries with backoff, Retry-After, plain-language errors, cancel."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain.errors import SyncError
from fieldapp.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from fieldapp.sync.transport import RetryPolicy, Transport, check_url

from .scripted_server import Answer, ScriptedServer

FAST = RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.05)


@pytest.fixture()
def server():
    with ScriptedServer() as scripted:
        yield scripted


def test_every_request_carries_protocol_and_token_and_big_bodies_are_gzipped(server: ScriptedServer) -> None:
    big = {"ops": [{"text": "مرحبا" * 50, "n": i} for i in range(40)]}
    with Transport(server.url, token="tok-123", retry=FAST) as t:
        t.post_json("/sync/push", big)
        t.get_json("/me")
    push, me = server.seen
    assert push.path == "/api/v1/sync/push" and me.path == "/api/v1/me"
    for seen in (push, me):
        assert seen.headers[PROTOCOL_HEADER] == str(PROTOCOL_VERSION)
        assert seen.headers["Authorization"] == "Bearer tok-123"
    assert push.headers["Content-Encoding"] == "gzip"
    assert json.loads(push.body) == big
    assert server.raw_bytes < len(push.body) / 3  # repetitive JSON shrinks


def test_small_bodies_are_sent_plain(server: ScriptedServer) -> None:
    with Transport(server.url, retry=FAST) as t:
        t.post_json("/devices/enroll", {"username": "a"})
    assert "Content-Encoding" not in server.seen[0].headers


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_transient_statuses_are_retried_then_succeed(server: ScriptedServer, status: int) -> None:
    server.answers = [Answer(status), Answer(status), Answer(200, {"ok": True})]
    with Transport(server.url, retry=FAST) as t:
        assert t.get_json("/me") == {"ok": True}
        assert t.round_trips == 3
    assert len(server.seen) == 3


def test_retry_after_is_honoured(server: ScriptedServer) -> None:
    server.answers = [Answer(429, {"code": "rate"}, {"Retry-After": "0.4"}), Answer(200, {})]
    with Transport(server.url, retry=RetryPolicy(attempts=2, base_delay=0.0, max_delay=5)) as t:
        started = time.perf_counter()
        t.get_json("/me")
        assert time.perf_counter() - started >= 0.35


def test_dropped_connections_are_retried(server: ScriptedServer) -> None:
    server.answers = [Answer(close=True), Answer(200, {"ok": 1})]
    with Transport(server.url, retry=FAST) as t:
        assert t.get_json("/me") == {"ok": 1}


def test_persistent_server_error_says_so_plainly(server: ScriptedServer) -> None:
    server.default = Answer(503)
    with Transport(server.url, retry=FAST) as t, pytest.raises(SyncError) as err:
        t.get_json("/me")
    assert err.value.code == "sync.server_error"
    assert len(server.seen) == FAST.attempts
    assert "Traceback" not in err.value.message("en")


@pytest.mark.parametrize(("status", "body", "code"), [
    (426, {"code": "protocol.version", "message": "x"}, "sync.update_required"),
    (401, {"code": "auth.invalid_token"}, "sync.unauthorised"),
    (401, {"code": "auth.device_revoked"}, "sync.revoked"),
    (401, {"code": "auth.bad_credentials"}, "sync.bad_login"),
    (401, {"code": "auth.disabled"}, "sync.disabled"),
    (403, {"detail": {"code": "device.revoked"}}, "sync.revoked"),
    (403, {"code": "auth.forbidden"}, "sync.forbidden"),
    (400, {"code": "push.too_many"}, "sync.refused"),
    (429, {"code": "auth.rate_limited"}, "sync.too_many_attempts"),
])
def test_refusals_become_plain_messages_and_only_429_is_retried(server: ScriptedServer, status: int,
                                                                  body: dict, code: str) -> None:
    server.default = Answer(status, body)
    with Transport(server.url, retry=FAST) as t, pytest.raises(SyncError) as err:
        t.get_json("/me")
    assert err.value.code == code
    assert len(server.seen) == (FAST.attempts if status == 429 else 1)  # 429 is retried first
    assert err.value.message("ar") != err.value.message("en")


def test_update_message_asks_to_update_in_both_languages(server: ScriptedServer) -> None:
    server.default = Answer(426, {"code": "protocol.version"})
    with Transport(server.url, retry=FAST) as t, pytest.raises(SyncError) as err:
        t.get_json("/me")
    assert "update" in err.value.message("en").lower()
    assert "تحديث" in err.value.message("ar")


def test_nobody_listening_is_offline_after_retries() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with Transport(f"http://127.0.0.1:{port}", retry=FAST) as t, pytest.raises(SyncError) as err:
        t.get_json("/me")
    assert err.value.code == "sync.offline"
    assert t.round_trips == FAST.attempts


def test_cancel_wakes_a_backoff_wait(server: ScriptedServer) -> None:
    server.default = Answer(503)
    cancel = threading.Event()
    with Transport(server.url, retry=RetryPolicy(attempts=5, base_delay=30, max_delay=30), cancel=cancel) as t:
        threading.Timer(0.2, cancel.set).start()
        started = time.perf_counter()
        with pytest.raises(SyncError) as err:
            t.get_json("/me")
    assert err.value.code == "sync.cancelled"
    assert time.perf_counter() - started < 5


def test_plain_http_only_for_loopback_and_tls_verification_stays_on() -> None:
    assert check_url("http://127.0.0.1:8000/") == "http://127.0.0.1:8000"
    assert check_url("https://ho.example.org") == "https://ho.example.org"
    for bad in ("http://ho.example.org", "ftp://x", "ho.example.org"):
        with pytest.raises(SyncError) as err:
            check_url(bad)
        assert err.value.code == "sync.insecure_url"
    assert Transport("https://ho.example.org").session.verify is True
    assert Transport("https://ho.example.org", ca_bundle="/etc/ho-ca.pem").session.verify == "/etc/ho-ca.pem"


@given(st.integers(min_value=0, max_value=20), st.floats(min_value=0.01, max_value=5),
       st.floats(min_value=0.1, max_value=60))
def test_backoff_is_jittered_and_bounded(attempt: int, base: float, cap: float) -> None:
    policy = RetryPolicy(attempts=3, base_delay=base, max_delay=cap)
    delay = policy.delay(attempt)
    assert 0 <= delay <= min(cap, base * 2 ** attempt)
    assert policy.delay(attempt, retry_after=1e9) == cap
