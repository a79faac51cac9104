"""USB sync bundles at head office: open with the recovery private key, apply the ops with the same op-id
idempotency as POST /sync/push, and write the return bundle sealed to the device's reply key."""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..domain.sealed import SealedBoxError, public_key_from_pem
from ..sync.protocol import MAX_PULL_LIMIT
from ..sync.protocol.bundle import CONTEXT_PUSH, CONTEXT_RETURN, BundleError, read_bundle, write_bundle
from .accounts import principal_for_token
from .blobs import BlobStore
from .db import Database
from .errors import ApiError, ServerError, refusal
from .keys import load_private_key
from .schemas import OpIn
from .settings import ServerSettings
from .sync import pull, push

MAX_RETURN_BLOBS = 256 << 20   # bytes of attachments put in one return bundle


def return_path(source: Path) -> Path:
    return source.with_name(f"{source.stem}.return{source.suffix or '.bundle'}")


def import_bundle_file(db: Database, settings: ServerSettings, source: Path,
                       output: Path | None = None) -> tuple[Path, dict[str, int]]:
    private = load_private_key(settings)
    try:
        payload = read_bundle(source.read_bytes(), private, CONTEXT_PUSH)
        reply_key = public_key_from_pem(str(payload["reply_key"]))
    except (BundleError, SealedBoxError, KeyError, ValueError):
        raise ServerError("server.bad_bundle") from None
    if payload.get("kind") != "push":
        raise ServerError("server.bad_bundle")
    try:
        with db.read() as conn:
            principal = principal_for_token(conn, str(payload.get("device_token") or ""))
    except ApiError as exc:
        raise ServerError(exc.code) from None
    blobs = BlobStore(settings.attachments_dir)
    sent = _store_blobs(db, blobs, payload.get("attachments") or {})
    results = _apply(db, principal, payload.get("ops") or [], settings.submit_check)
    changes, next_after = _changes(db, principal, int(payload.get("after") or 0))
    answer = {"kind": "return", "device_id": principal.device_id, "results": results, "changes": changes,
              "next_after": next_after, "attachments": _return_blobs(blobs, changes, sent)}
    target = output or return_path(source)
    target.write_bytes(write_bundle(answer, reply_key, CONTEXT_RETURN))
    summary = {status: sum(1 for r in results if r["status"] == status)
               for status in ("applied", "conflict", "rejected")}
    summary["changes"] = len(changes)
    return target, summary


def _store_blobs(db: Database, blobs: BlobStore, attachments: dict[str, Any]) -> set[str]:
    stored: set[str] = set()
    with db.write() as conn:
        for sha, encoded in attachments.items():
            try:
                data = base64.b64decode(str(encoded), validate=True)
            except (binascii.Error, ValueError):
                continue
            if blobs.put_whole(conn, str(sha), data):
                stored.add(str(sha))
    return stored


def _apply(db: Database, principal: Any, raw_ops: list[Any], check_submit: bool) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    for raw in raw_ops:
        try:
            op = OpIn.model_validate(raw).as_op()
        except ValidationError:
            op_id = str(raw.get("op_id", "")) if isinstance(raw, dict) else ""
            results.append({"op_id": op_id, "status": "rejected", "entity": "", "entity_id": "", "version": 0,
                            "error": refusal("record.bad_op", detail="shape")})
            continue
        results.extend(push(db, principal, [op], check_submit=check_submit))  # type: ignore[list-item]
    return results


def _changes(db: Database, principal: Any, after: int) -> tuple[list[dict[str, Any]], int]:
    changes: list[dict[str, Any]] = []
    more = True
    while more:
        with db.read() as conn:
            page, after, more = pull(conn, principal, after, MAX_PULL_LIMIT)
        changes.extend(page)
    return changes, after


def _return_blobs(blobs: BlobStore, changes: list[dict[str, Any]], skip: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    budget = MAX_RETURN_BLOBS
    for change in changes:
        sha = str(change["record"].get("sha256") or "") if change["entity"] == "attachment" else ""
        if not sha or sha in skip or sha in found or not blobs.is_complete(sha):
            continue
        size = blobs.received(sha)
        if size > budget:
            break
        budget -= size
        found[sha] = base64.b64encode(blobs.final_path(sha).read_bytes()).decode("ascii")
    return found
