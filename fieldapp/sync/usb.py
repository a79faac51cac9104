"""Sync by USB stick: a push bundle sealed to head office, and the return bundle it sends back.

    from fieldapp.sync.usb import write_push_bundle, apply_return_bundle

    counts = write_push_bundle(vault, "E:/fieldapp-push.bin")     # {"ops", "attachments", "bytes"}
    counts = apply_return_bundle(vault, "E:/fieldapp-return.bin") # {"results", "changes", "attachments"}

The push bundle holds every pending op (marked sent, so later edits make new ops and the server's op-id
idempotency covers a bundle that is imported twice or also pushed over the network), the blobs head office
has not confirmed, the pull cursor and a reply public key. Its private half is generated once and kept in
the vault meta ("bundle_reply_key"), so only this vault can open the return bundle. Both files are sealed
(fieldapp.sync.protocol.bundle): nothing on the stick is readable without the matching private key.
"""

from __future__ import annotations

import base64
import os
import tempfile
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from ..domain.errors import SyncError
from ..domain.sealed import SealedBoxError, public_key_from_pem, public_key_to_pem
from .attachments import local_blob
from .protocol import MAX_PUSH_OPS
from .protocol.bundle import CONTEXT_PUSH, CONTEXT_RETURN, BundleError, read_bundle, write_bundle


def reply_key(vault: Any) -> X25519PrivateKey:
    """The vault's bundle reply key, made on first use (the raw key lives only in the encrypted meta)."""
    stored = vault.meta_get("bundle_reply_key", None)
    if stored:
        return X25519PrivateKey.from_private_bytes(bytes.fromhex(stored))
    key = X25519PrivateKey.generate()
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                            serialization.NoEncryption())
    vault.meta_set("bundle_reply_key", raw.hex())
    return key


def _all_pending(vault: Any) -> list[dict[str, Any]]:
    count = int(vault.outbox_count())
    return list(vault.outbox_pending(max(count, MAX_PUSH_OPS)))


def _blobs(vault: Any) -> dict[str, str]:
    """Blobs head office has not confirmed, base64 by SHA-256."""
    blobs: dict[str, str] = {}
    for ref in vault.attachments_pending_upload():
        if ref.sha256 not in blobs:
            data = local_blob(vault, ref.id)
            if data is not None:
                blobs[ref.sha256] = base64.b64encode(data).decode()
    return blobs


def atomic_write(path: Path, data: bytes) -> None:
    """Temp file beside the target, fsync, rename: a pulled-out stick never holds half a bundle."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".fieldapp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_push_bundle(vault: Any, path: str | Path) -> dict[str, int]:
    profile = vault.meta_get("profile", None) or {}
    org_pem = vault.meta_get("recovery_public_key", None)
    token = vault.meta_get("device_token", None)
    if not org_pem or not token:
        raise SyncError("bundle.no_key")
    ops = _all_pending(vault)
    payload = {"kind": "push", "device_id": profile.get("device_id", ""), "device_token": token, "ops": ops,
               "attachments": _blobs(vault), "after": int(vault.sync_cursor() or 0),
               "reply_key": public_key_to_pem(reply_key(vault).public_key())}
    data = write_bundle(payload, public_key_from_pem(org_pem), CONTEXT_PUSH)
    if ops:
        vault.outbox_mark_sent([op["op_id"] for op in ops])
    atomic_write(Path(path), data)
    return {"ops": len(ops), "attachments": len(payload["attachments"]), "bytes": len(data)}


def apply_return_bundle(vault: Any, path: str | Path) -> dict[str, int]:
    data = Path(path).read_bytes()
    try:
        payload = read_bundle(data, reply_key(vault), CONTEXT_RETURN)
    except (BundleError, SealedBoxError):
        raise SyncError("bundle.unreadable") from None
    profile = vault.meta_get("profile", None) or {}
    if payload.get("kind") != "return":
        raise SyncError("bundle.unreadable")
    if payload.get("device_id") and payload["device_id"] != profile.get("device_id"):
        raise SyncError("bundle.other_device")
    results = list(payload.get("results", []))
    if results:
        vault.apply_push_results(results)
    changes = list(payload.get("changes", []))
    next_after = int(payload.get("next_after", 0) or 0)
    applied_changes = 0
    # An older return bundle (the cursor already moved past it) must not roll records back.
    if next_after > int(vault.sync_cursor() or 0):
        vault.apply_pull_page(changes, next_after)
        applied_changes = len(changes)
    stored = 0
    for sha, text in (payload.get("attachments") or {}).items():
        vault.store_blob(sha, base64.b64decode(text))
        stored += 1
    return {"results": len(results), "changes": applied_changes, "attachments": stored}
