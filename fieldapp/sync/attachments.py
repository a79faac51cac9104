"""Attachment upload and download: content-addressed (SHA-256), chunked, resumable, verified.

Upload asks the server how much it already holds (`received`) and sends only the rest, one chunk per
PUT with its offset, then asks the server to verify the SHA-256. A connection cut mid-file therefore
costs at most the chunk in flight: the next sync starts from the server's `received`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from ..domain.errors import FieldappError, SyncError
from .protocol import CHUNK_SIZE
from .transport import Transport

# Called after each chunk with the number of plaintext bytes the server confirmed for this file.
ChunkCallback = Callable[[int], None]


def server_received(transport: Transport, sha256: str) -> tuple[int, bool]:
    """How many bytes of this blob the server holds, and whether it is complete and verified."""
    response = transport.request("GET", f"/attachments/{sha256}/status", ok_statuses=(404,))
    if response.status_code == 404:
        return 0, False
    body = transport.json_of(response)
    return int(body.get("received", 0) or 0), bool(body.get("complete", False))


def upload(transport: Transport, sha256: str, data: bytes, *, chunk_size: int = CHUNK_SIZE,
           on_chunk: ChunkCallback | None = None) -> int:
    """Send what the server lacks of `data`; return the number of bytes sent in this call."""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise SyncError("sync.attachment_mismatch")
    offset, complete = server_received(transport, sha256)
    if complete:
        return 0
    offset = min(offset, len(data))
    sent = 0
    stalls = 0
    while offset < len(data):
        chunk = data[offset:offset + chunk_size]
        # No transport-level retry: after a cut we ask the server where it stands instead of guessing.
        response = transport.put_bytes(f"/attachments/{sha256}", chunk, {"offset": offset}, retry=False,
                                        ok_statuses=(409, 416))
        sent += len(chunk)
        if response.status_code in (409, 416):
            # The server holds a different amount than we thought (an earlier request did land).
            offset, complete = server_received(transport, sha256)
            if complete:
                return sent
            stalls += 1
            if stalls > 3:
                raise SyncError("sync.stuck")
            continue
        received = int(transport.json_of(response).get("received", offset + len(chunk)))
        offset = received if received > offset else offset + len(chunk)
        if on_chunk:
            on_chunk(offset)
    body = transport.post_json(f"/attachments/{sha256}/complete", {"size": len(data)})
    if not body.get("complete", False):
        raise SyncError("sync.attachment_mismatch")
    return sent


def upload_resilient(transport: Transport, sha256: str, data: bytes, *, attempts: int = 3,
                     chunk_size: int = CHUNK_SIZE, on_chunk: ChunkCallback | None = None) -> int:
    """upload(), starting again from the server's `received` after a dropped connection."""
    total = 0
    for attempt in range(attempts):
        before = transport.bytes_sent
        try:
            return total + upload(transport, sha256, data, chunk_size=chunk_size, on_chunk=on_chunk)
        except SyncError as exc:
            total += transport.bytes_sent - before
            if exc.code not in ("sync.offline", "sync.timeout", "sync.server_error") or attempt == attempts - 1:
                raise
            transport.wait(transport.retry.delay(attempt))
    return total


def local_blob(vault: Any, attachment_id: str) -> bytes | None:
    """The plaintext of a local attachment, or None when it was removed since its op was written."""
    try:
        return bytes(vault.read_attachment(attachment_id))
    except LookupError:
        return None
    except FieldappError as exc:
        if exc.code == "vault.not_found":
            return None
        raise


def download(transport: Transport, sha256: str) -> bytes:
    """The blob's bytes, checked against its name."""
    data = transport.request("GET", f"/attachments/{sha256}").content
    if hashlib.sha256(data).hexdigest() != sha256:
        raise SyncError("sync.attachment_mismatch")
    return data


def download_if_held(transport: Transport, sha256: str) -> bytes | None:
    """The blob, or None while the server does not hold it yet (its uploader has not synced)."""
    response = transport.request("GET", f"/attachments/{sha256}", ok_statuses=(404, 409))
    if response.status_code != 200:
        return None
    if hashlib.sha256(response.content).hexdigest() != sha256:
        raise SyncError("sync.attachment_mismatch")
    return response.content
