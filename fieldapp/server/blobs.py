"""Attachment blobs: content-addressed by SHA-256, uploaded in chunks at an offset, resumable, verified.

Partial uploads live in attachments/partial/<sha>.part; a verified blob moves to attachments/<sha[:2]>/<sha>.
A file lock serialises two uploads of the same blob (several workers may serve one data folder).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, select

from ..domain.clock import utc_now
from .errors import ApiError
from .tables import blobs


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def final_path(self, sha: str) -> Path:
        return self.root / sha[:2] / sha

    def partial_path(self, sha: str) -> Path:
        return self.root / "partial" / f"{sha}.part"

    def is_complete(self, sha: str) -> bool:
        return self.final_path(sha).exists()

    def received(self, sha: str) -> int:
        final = self.final_path(sha)
        if final.exists():
            return final.stat().st_size
        part = self.partial_path(sha)
        return part.stat().st_size if part.exists() else 0

    @contextmanager
    def _locked(self, sha: str) -> Iterator[None]:
        """One writer per blob across threads and worker processes (a lock file beside the partial)."""
        lock = self.root / "partial" / f"{sha}.lock"
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def write_chunk(self, sha: str, offset: int, data: bytes) -> int:
        """Append `data` at `offset`; returns the bytes held. A wrong offset is 409 with the right one."""
        with self._locked(sha):
            if self.is_complete(sha):
                return self.received(sha)
            part = self.partial_path(sha)
            size = part.stat().st_size if part.exists() else 0
            if offset != size:
                raise ApiError(409, "attachment.bad_offset")
            with part.open("ab") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            return size + len(data)

    def complete(self, conn: Connection, sha: str, size: int) -> None:
        """Check size and SHA-256 of the received bytes; on success the blob becomes readable."""
        with self._locked(sha):
            if not self.is_complete(sha):
                self._verify_and_keep(sha, size)
        if conn.execute(select(blobs.c.sha256).where(blobs.c.sha256 == sha)).first() is None:
            conn.execute(blobs.insert().values(sha256=sha, size=size, complete=True, created_at=utc_now()))

    def _verify_and_keep(self, sha: str, size: int) -> None:
        part = self.partial_path(sha)
        if not part.exists() or part.stat().st_size != size:
            raise ApiError(409, "attachment.incomplete")
        digest = hashlib.sha256()
        with part.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != sha:
            part.unlink(missing_ok=True)  # a corrupt upload starts again from zero
            raise ApiError(422, "attachment.hash_mismatch")
        final = self.final_path(sha)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(part, final)

    def put_whole(self, conn: Connection, sha: str, data: bytes) -> bool:
        """Store a blob received at once (USB bundles); False if the bytes do not match the hash."""
        if hashlib.sha256(data).hexdigest() != sha:
            return False
        if not self.is_complete(sha):
            final = self.final_path(sha)
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp = final.with_suffix(".tmp")
            tmp.write_bytes(data)
            os.replace(tmp, final)
            if conn.execute(select(blobs.c.sha256).where(blobs.c.sha256 == sha)).first() is None:
                conn.execute(blobs.insert().values(sha256=sha, size=len(data), complete=True, created_at=utc_now()))
        return True
