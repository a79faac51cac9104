"""Chunked attachment upload: starts from what the server holds, sends each byte once, verifies at the end."""

from __future__ import annotations

import hashlib
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.domain.errors import SyncError
from fieldapp.sync import attachments
from fieldapp.sync.transport import RetryPolicy, Transport

from .scripted_server import Answer, ScriptedServer

FAST = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02)
CHUNK = 64 * 1024


def script_upload(server: ScriptedServer, size: int, held: int) -> None:
    answers = [Answer(200, {"received": held, "complete": False})]
    offset = held
    while offset < size:
        offset = min(size, offset + CHUNK)
        answers.append(Answer(200, {"received": offset}))
    answers.append(Answer(200, {"complete": True}))
    server.answers = answers


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(size=st.integers(min_value=1, max_value=5 * CHUNK), held_fraction=st.floats(min_value=0, max_value=1))
def test_upload_sends_only_what_the_server_lacks(size: int, held_fraction: float) -> None:
    data = os.urandom(size)
    sha = hashlib.sha256(data).hexdigest()
    held = int(size * held_fraction) if held_fraction < 1 else size - 1
    with ScriptedServer() as server, Transport(server.url, retry=FAST) as t:
        script_upload(server, size, held)
        sent = attachments.upload(t, sha, data, chunk_size=CHUNK)
        puts = [s for s in server.seen if s.method == "PUT"]
        assert sent == size - held
        assert b"".join(p.body for p in puts) == data[held:]
        assert puts[0].path == f"/api/v1/attachments/{sha}?offset={held}"
        assert all(len(p.body) <= CHUNK for p in puts)
        assert json.loads(server.seen[-1].body) == {"size": size}


def test_complete_blob_is_not_sent_again() -> None:
    data = b"x" * 1000
    with ScriptedServer() as server, Transport(server.url, retry=FAST) as t:
        server.answers = [Answer(200, {"received": 1000, "complete": True})]
        assert attachments.upload(t, hashlib.sha256(data).hexdigest(), data) == 0
        assert [s.method for s in server.seen] == ["GET"]


def test_a_conflicting_offset_asks_the_server_where_it_stands() -> None:
    data = os.urandom(3 * CHUNK)
    sha = hashlib.sha256(data).hexdigest()
    with ScriptedServer() as server, Transport(server.url, retry=FAST) as t:
        server.answers = [Answer(200, {"received": 0}), Answer(409, {"code": "offset", "received": 2 * CHUNK}),
                          Answer(200, {"received": 2 * CHUNK}), Answer(200, {"received": 3 * CHUNK}),
                          Answer(200, {"complete": True})]
        attachments.upload(t, sha, data, chunk_size=CHUNK)
        puts = [s for s in server.seen if s.method == "PUT"]
        assert puts[-1].path.endswith(f"offset={2 * CHUNK}") and puts[-1].body == data[2 * CHUNK:]


def test_server_that_fails_verification_is_reported() -> None:
    data = b"abc"
    with ScriptedServer() as server, Transport(server.url, retry=FAST) as t:
        server.answers = [Answer(200, {"received": 0}), Answer(200, {"received": 3}), Answer(200, {"complete": False})]
        with pytest.raises(SyncError) as err:
            attachments.upload(t, hashlib.sha256(data).hexdigest(), data)
        assert err.value.code == "sync.attachment_mismatch"


def test_a_blob_that_does_not_match_its_name_is_never_sent() -> None:
    with ScriptedServer() as server, Transport(server.url, retry=FAST) as t:
        with pytest.raises(SyncError):
            attachments.upload(t, "0" * 64, b"abc")
        assert server.seen == []
