"""Request dependencies: the database, the blob store and who is asking (device bearer token)."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection, update

from ..domain.clock import utc_now
from .accounts import Principal, principal_for_token
from .blobs import BlobStore
from .db import Database
from .errors import ApiError
from .security import token_hash
from .settings import ServerSettings
from .tables import devices

bearer = HTTPBearer(auto_error=False, description="The device token from enrolment")


# async: FastAPI runs a plain `def` dependency on the thread pool, a hop these lookups do not need.
async def get_db(request: Request) -> Database:
    return request.app.state.db


async def get_settings(request: Request) -> ServerSettings:
    return request.app.state.settings


async def get_blobs(request: Request) -> BlobStore:
    return request.app.state.blobs


def authenticate(db: Database, credentials: HTTPAuthorizationCredentials | None,
                 conn: Connection | None = None) -> Principal:
    """The principal behind a bearer token, or ApiError 401. Blocking: call it on a worker thread.
    On PostgreSQL `conn` (a reading connection of the request) saves a checkout."""
    if credentials is None or not credentials.credentials or len(credentials.credentials) > 200:
        raise ApiError(401, "auth.required")
    token = credentials.credentials
    now = utc_now()
    key = token_hash(token)
    touch = _LAST_SEEN.get(key, "")[:16] != now[:16]
    if not db.is_sqlite:
        # Autocommit reads: the lookup is one round trip, the once-a-minute last-seen write one more.
        with nullcontext(conn) if conn is not None else db.quick() as reading:
            principal = principal_for_token(reading, token)
            if touch:
                _touch(reading, principal.device_id, now)
    else:
        with db.read() as reading:
            principal = principal_for_token(reading, token)
        if touch:  # SQLite: a separate short write, so token lookups never queue behind writers
            with db.write() as writing:
                _touch(writing, principal.device_id, now)
    if touch:
        _LAST_SEEN[key] = now
    return principal


def _touch(conn: Connection, device_id: str, now: str) -> None:
    """Remember when a device last spoke, at most once a minute (a write on every request would queue)."""
    conn.execute(update(devices).where(devices.c.id == device_id).values(last_seen=now))


def get_principal(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Principal:
    return authenticate(request.app.state.db, credentials)


_LAST_SEEN: dict[str, str] = {}   # token hash -> last time written (per worker process)

DB = Annotated[Database, Depends(get_db)]
Blobs = Annotated[BlobStore, Depends(get_blobs)]
Settings = Annotated[ServerSettings, Depends(get_settings)]
Me = Annotated[Principal, Depends(get_principal)]
Token = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
