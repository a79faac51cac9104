"""Attachment blobs: encrypted files in attachments/, content-addressed by the plaintext SHA-256.

A blob's file name is HMAC(blob-name key, sha256), so the folder does not reveal which known document
(a published form, a common photo) a family holds. Blobs are written to a temp file, fsynced and renamed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from ..domain.entities import AttachmentRef
from ..domain.errors import VaultError
from ..domain.workflow import READ_ONLY
from .cases import CasesMixin
from .records_dict import record_dict


class AttachmentsMixin(CasesMixin):
    @property
    def _blob_dir(self) -> Path:
        return self.folder / "attachments"

    def _blob_name(self, sha256: str) -> str:
        if self._blob_key is None:
            raise VaultError("vault.locked")
        return hmac.new(self._blob_key, sha256.encode(), hashlib.sha256).hexdigest()[:40]

    def _blob_path(self, sha256: str) -> Path:
        return self._blob_dir / self._blob_name(sha256)

    def has_blob(self, sha256: str) -> bool:
        return self._blob_path(sha256).is_file()

    def put_blob(self, data: bytes, *, fsync: bool = True) -> str:
        """Store bytes encrypted (once per content); returns their SHA-256.

        `fsync=False` is for bulk loads, which flush the file system once before their commit."""
        sha256 = hashlib.sha256(data).hexdigest()
        path = self._blob_path(sha256)
        if path.exists():
            return sha256
        sealed = self.cipher.seal_bytes(b"blob|" + path.name.encode(), data)
        old = os.umask(0o077)
        try:
            self._blob_dir.mkdir(exist_ok=True)
            temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            with open(temp, "wb") as handle:
                handle.write(sealed)
                handle.flush()
                if fsync:
                    os.fsync(handle.fileno())
            os.replace(temp, path)
        finally:
            os.umask(old)
        return sha256

    def read_blob(self, sha256: str) -> bytes:
        path = self._blob_path(sha256)
        if not path.is_file():
            raise VaultError("vault.not_found", record_id=sha256[:12])
        data = self.cipher.open_bytes(b"blob|" + path.name.encode(), path.read_bytes(),
                                      table="attachments", record_id=path.name[:12])
        if hashlib.sha256(data).hexdigest() != sha256:
            raise VaultError("vault.tampered", table="attachments", record_id=path.name[:12])
        return data

    def add_attachment(self, assessment_id: str, data: bytes, filename: str, mime: str,
                       field_id: str = "attachments") -> AttachmentRef:
        assessment = self.get_assessment(assessment_id)
        if assessment.status in READ_ONLY:
            raise VaultError("vault.read_only")
        sha256 = self.put_blob(data)  # before the row: a crash leaves an orphan blob, never a dangling row
        ref = AttachmentRef(assessment_id=assessment_id, sha256=sha256, size=len(data), mime=mime,
                            filename=filename, field_id=field_id,
                            kind="photo" if mime.startswith("image/") else "document")
        with self.transaction():
            self._write_attachment(ref, uploaded=False)
            self._queue_change("attachment", ref.id, {}, record_dict(ref), 0)
        return ref

    def _write_attachment(self, ref: AttachmentRef, *, uploaded: bool) -> None:
        row = self._q("SELECT rev FROM attachments WHERE id=?", [ref.id]).fetchone()
        rev = row[0] + 1 if row else 1
        blob = self.cipher.seal("attachments", ref.id, rev, record_dict(ref))
        self._q("INSERT OR REPLACE INTO attachments (id, assessment_id, blob_name, version, uploaded, created_at,"
                " rev, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [ref.id, ref.assessment_id, self._blob_name(ref.sha256), ref.version, int(uploaded),
                 ref.created_at, rev, blob])

    def _attachment(self, attachment_id: str) -> AttachmentRef:
        row = self._q("SELECT rev, data FROM attachments WHERE id=?", [attachment_id]).fetchone()
        if row is None:
            raise VaultError("vault.not_found", record_id=attachment_id)
        return AttachmentRef.from_dict(self.cipher.open("attachments", attachment_id, row[0], row[1]))

    def read_attachment(self, attachment_id: str) -> bytes:
        return self.read_blob(self._attachment(attachment_id).sha256)

    def attachments_of(self, assessment_id: str) -> list[AttachmentRef]:
        rows = self._q("SELECT id, rev, data FROM attachments WHERE assessment_id=? ORDER BY created_at, id",
                       [assessment_id]).fetchall()
        return [AttachmentRef.from_dict(self.cipher.open("attachments", i, r, d)) for i, r, d in rows]

    def remove_attachment(self, attachment_id: str) -> None:
        """Remove a reference (the removal syncs as a change); the blob goes when nothing refers to it."""
        ref = self._attachment(attachment_id)
        if self.get_assessment(ref.assessment_id).status in READ_ONLY:
            raise VaultError("vault.read_only")
        with self.transaction():
            self._q("DELETE FROM attachments WHERE id=?", [attachment_id])
            sent = self._q("SELECT 1 FROM outbox WHERE entity='attachment' AND entity_id=? AND sent<>0 LIMIT 1",
                           [attachment_id]).fetchone()
            if ref.version == 0 and sent is None:  # the server never heard of it: forget the add
                self._q("DELETE FROM outbox WHERE entity='attachment' AND entity_id=?", [attachment_id])
            else:  # a tombstone, so the removal syncs
                self._queue_change("attachment", attachment_id, {}, {"deleted": True}, ref.version)
            blob_name = self._blob_name(ref.sha256)
            still_used = self._q("SELECT 1 FROM attachments WHERE blob_name=? LIMIT 1", [blob_name]).fetchone()
        if not still_used:
            (self._blob_dir / blob_name).unlink(missing_ok=True)

    def attachments_pending_upload(self) -> list[AttachmentRef]:
        """References whose blob the server has not confirmed yet (for the sync client)."""
        rows = self._q("SELECT id, rev, data FROM attachments WHERE uploaded=0 ORDER BY created_at").fetchall()
        return [AttachmentRef.from_dict(self.cipher.open("attachments", i, r, d)) for i, r, d in rows]

    def mark_attachment_uploaded(self, attachment_id: str) -> None:
        with self.transaction():
            self._q("UPDATE attachments SET uploaded=1 WHERE id=?", [attachment_id])

    def missing_blobs(self) -> list[str]:
        """SHA-256 of attachment references (e.g. pulled for review) whose blob is not on this device yet."""
        wanted: dict[str, None] = {}
        for attachment_id, rev, data in self._q("SELECT id, rev, data FROM attachments").fetchall():
            sha256 = self.cipher.open("attachments", attachment_id, rev, data)["sha256"]
            if not self.has_blob(sha256):
                wanted.setdefault(sha256, None)
        return list(wanted)

    def store_blob(self, sha256: str, data: bytes) -> None:
        """Keep a downloaded blob, encrypted; refuses bytes that do not match their address."""
        if hashlib.sha256(data).hexdigest() != sha256:
            raise VaultError("vault.tampered", table="attachments", record_id=sha256[:12])
        self.put_blob(data)
