"""Request dependencies: the database, the blob store and who is asking (device bearer token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import update

from ..domain.clock import utc_now
from .accounts import Principal, principal_for_token
from .blobs import BlobStore
from .db import Database
from .errors import ApiError
from .settings import ServerSettings
from .tables import devices

bearer = HTTPBearer(auto_error=False, description="The device token from enrolment")


def get_db(request: Request) -> Database:
    return request.app.state.db


def get_settings(request: Request) -> ServerSettings:
    return request.app.state.settings


def get_blobs(request: Request) -> BlobStore:
    return request.app.state.blobs


def get_principal(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Principal:
    if credentials is None or not credentials.credentials or len(credentials.credentials) > 200:
        raise ApiError(401, "auth.required")
    db: Database = request.app.state.db
    with db.read() as conn:
        principal = principal_for_token(conn, credentials.credentials)
    _touch(db, principal.device_id)
    return principal


def _touch(db: Database, device_id: str) -> None:
    """Remember when a device last spoke, at most once a minute (a write on every request would queue)."""
    now = utc_now()
    cache = _LAST_SEEN
    if cache.get(device_id, "")[:16] == now[:16]:
        return
    cache[device_id] = now
    with db.write() as conn:
        conn.execute(update(devices).where(devices.c.id == device_id).values(last_seen=now))


_LAST_SEEN: dict[str, str] = {}

DB = Annotated[Database, Depends(get_db)]
Blobs = Annotated[BlobStore, Depends(get_blobs)]
Settings = Annotated[ServerSettings, Depends(get_settings)]
Me = Annotated[Principal, Depends(get_principal)]
