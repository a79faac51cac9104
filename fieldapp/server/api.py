"""The JSON API of fieldapp.sync.protocol: enrolment, profile, forms, push, pull, attachments, reads, stats."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..domain.clock import utc_now
from ..sync.protocol import CHUNK_SIZE, DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT
from . import accounts, catalog
from .db import catalog_rev
from .deps import DB, Blobs, Me, Settings, Token, authenticate
from .errors import ApiError
from .pushbody import parse_push, push_schema
from .records import can_see, load, scope
from .schemas import CompleteIn, EnrollIn
from .security import clear_failures, rate_limited, record_failure, verify_password
from .stats import compute_stats
from .sync import pull_json, push_json
from .tables import records

router = APIRouter(prefix="/api/v1")
SHA = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]
ENTITY = Annotated[str, Path(pattern=r"^(household|assessment|event|attachment|assignment)$")]
RECORD_ID = Annotated[str, Path(pattern=r"^[A-Za-z0-9._:-]{1,64}$")]


@router.post("/devices/enroll", response_model=None, tags=["devices"])
def enroll(body: EnrollIn, request: Request, db: DB, settings: Settings) -> dict[str, Any]:
    client = request.client.host if request.client else "unknown"
    user_key = accounts.failure_key("user", body.username)
    keys = [(user_key, settings.login_failures), (accounts.failure_key("ip", client), settings.login_failures * 4)]
    with db.read() as conn:
        if rate_limited(conn, keys, settings.login_window):
            raise ApiError(429, "auth.rate_limited")
        user = accounts.get_user(conn, body.username)
    if not verify_password(body.password, user.password_hash if user is not None else None):
        try:
            with db.write() as conn:
                record_failure(conn, [k for k, _ in keys], settings.login_window)
        except IntegrityError:
            pass  # a simultaneous failure created the counter first; one missed count is harmless
        raise ApiError(401, "auth.bad_credentials")
    if user.disabled:
        raise ApiError(403, "auth.disabled")
    with db.write() as conn:
        clear_failures(conn, user_key)
        device_id, token = accounts.enroll_device(conn, user.username, body.device_name)
    with db.read() as conn:
        principal = accounts.Principal(user.username, accounts.Role(user.role), user.team, device_id)
        return {
            "device_id": device_id, "device_token": token, "user": accounts.user_info(user),
            "team": accounts.team_info(conn, user.team), "recovery_public_key": catalog.recovery_public_key(conn),
            "forms": catalog.list_forms(conn), "assignments": catalog.assignments_of(conn, principal),
            "settings": catalog.server_settings(conn), "server_time": utc_now(),
            "forms_rev": catalog_rev(conn),  # what the forms and settings above are; pulls carry the current one
        }


@router.get("/me", response_model=None, tags=["devices"])
def me(principal: Me, db: DB) -> dict[str, Any]:
    with db.read() as conn:
        user = accounts.get_user(conn, principal.username)
        return {"user": accounts.user_info(user), "team": accounts.team_info(conn, principal.team),
                "device_id": principal.device_id}


@router.get("/forms", response_model=None, tags=["forms"])
def forms(principal: Me, db: DB) -> dict[str, Any]:
    with db.read() as conn:
        return {"forms": catalog.list_forms(conn)}


@router.get("/forms/{form_id}/{version}", response_model=None, tags=["forms"])
def form_version(form_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_.-]{1,64}$")],
                 version: Annotated[int, Path(ge=1, le=2**31)], principal: Me, db: DB) -> dict[str, Any]:
    with db.read() as conn:
        found = catalog.get_form(conn, form_id, version)
    if found is None:
        raise ApiError(404, "record.not_found")
    return found


@router.get("/settings", response_model=None, tags=["forms"])
def server_settings(principal: Me, db: DB) -> dict[str, Any]:
    with db.read() as conn:
        return catalog.server_settings(conn)


# The two hot routes are async and make ONE trip to the thread pool for everything blocking (token lookup,
# body parsing, the database): no body validation on the event loop, no second hop for the dependency.
@router.post("/sync/push", response_model=None, tags=["sync"],
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": push_schema()}}}})
async def sync_push(request: Request, credentials: Token, db: DB, settings: Settings) -> Response:
    raw = await request.body()
    body = await run_in_threadpool(_push, db, credentials, raw, settings.submit_check)
    return Response(body, media_type="application/json")


def _push(db: DB, credentials: Token, raw: bytes, check_submit: bool) -> bytes:
    principal = authenticate(db, credentials)
    return push_json(db, principal, parse_push(raw), check_submit=check_submit)


@router.get("/sync/pull", response_model=None, tags=["sync"])
async def sync_pull(credentials: Token, db: DB, after: Annotated[int, Query(ge=0, le=2**62)] = 0,
                    limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = DEFAULT_PULL_LIMIT,
                    thin: Annotated[bool, Query(description="records this device wrote come as thin entries")]
                    = False) -> Response:
    return Response(await run_in_threadpool(_pull, db, credentials, after, limit, thin),
                    media_type="application/json")


def _pull(db: DB, credentials: Token, after: int, limit: int, thin: bool = False) -> bytes:
    with db.quick() as conn:
        principal = authenticate(db, credentials, None if db.is_sqlite else conn)
        return pull_json(conn, principal, after, limit, utc_now(), thin)


@router.get("/records/{entity}/{record_id}", response_model=None, tags=["cases"])
def read_record(entity: ENTITY, record_id: RECORD_ID, principal: Me, db: DB) -> dict[str, Any]:
    """One record the asker may see; anything else is 404 (no hint that it exists)."""
    with db.read() as conn:
        row = load(conn, entity, record_id)
    if row is None or not can_see(principal, row):
        raise ApiError(404, "record.not_found")
    return {"entity": entity, "entity_id": record_id, "version": row.version, "record": json.loads(row.data)}


@router.get("/stats", response_model=None, tags=["cases"])
def stats(principal: Me, db: DB) -> dict[str, Any]:
    with db.read() as conn:
        return compute_stats(conn, scope(principal))


def _may_read_blob(db: DB, principal: Me, sha: str) -> bool:
    with db.read() as conn:
        refs = conn.execute(select(records).where(records.c.entity == "attachment",
                                                  records.c.person_key == sha).limit(50)).all()
    return any(can_see(principal, row) for row in refs) or principal.role.value == "admin"


@router.get("/attachments/{sha256}/status", response_model=None, tags=["attachments"])
def attachment_status(sha256: SHA, principal: Me, blobs: Blobs) -> dict[str, Any]:
    return {"received": blobs.received(sha256), "complete": blobs.is_complete(sha256)}


@router.put("/attachments/{sha256}", response_model=None, tags=["attachments"],
            openapi_extra={"requestBody": {"content": {"application/octet-stream": {
                "schema": {"type": "string", "format": "binary"}}}}})
async def attachment_put(sha256: SHA, request: Request, principal: Me, blobs: Blobs,
                         offset: Annotated[int, Query(ge=0, le=2**40)] = 0) -> dict[str, Any]:
    data = await request.body()
    if len(data) > 4 * CHUNK_SIZE:
        raise ApiError(413, "request.too_large")
    received = await run_in_threadpool(blobs.write_chunk, sha256, offset, data)
    return {"received": received, "complete": blobs.is_complete(sha256)}


@router.post("/attachments/{sha256}/complete", response_model=None, tags=["attachments"])
def attachment_complete(sha256: SHA, body: CompleteIn, principal: Me, db: DB, blobs: Blobs) -> dict[str, Any]:
    try:
        with db.write() as conn:
            blobs.complete(conn, sha256, body.size)
    except IntegrityError:
        pass  # another request completed the same blob at the same moment
    return {"complete": True, "received": blobs.received(sha256)}


@router.get("/attachments/{sha256}", response_model=None, tags=["attachments"], response_class=FileResponse)
def attachment_get(sha256: SHA, principal: Me, db: DB, blobs: Blobs) -> FileResponse:
    if not blobs.is_complete(sha256) or not _may_read_blob(db, principal, sha256):
        raise ApiError(404, "record.not_found")
    return FileResponse(blobs.final_path(sha256), media_type="application/octet-stream")
