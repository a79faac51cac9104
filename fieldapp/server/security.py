"""Passwords (Argon2id, PHC strings with their parameters), device tokens (random, stored as SHA-256)
and the login rate limit (counted in the database, so every worker and instance shares it)."""

from __future__ import annotations

import hashlib
import os
import secrets
import time

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from sqlalchemy import Connection, delete, select, update

from .tables import login_failures

# 64 MiB, 3 passes, 4 lanes: the DESIGN floor. Tests set FIELDAPP_TEST_FAST_KDF for a cheap hash.
PARAMS = {"memory_cost": 64 * 1024, "iterations": 3, "lanes": 4}
FAST_PARAMS = {"memory_cost": 8 * 4, "iterations": 1, "lanes": 4}
# A hash to check against when the user does not exist, so timing does not tell names apart.
_DUMMY: dict[str, str] = {}


def _params() -> dict[str, int]:
    return FAST_PARAMS if os.environ.get("FIELDAPP_TEST_FAST_KDF") == "1" else PARAMS


def hash_password(password: str) -> str:
    kdf = Argon2id(salt=os.urandom(16), length=32, **_params())
    return kdf.derive_phc_encoded(password.encode("utf-8"))


def verify_password(password: str, encoded: str | None) -> bool:
    if encoded is None:
        encoded = _DUMMY.setdefault("hash", hash_password(secrets.token_hex(8)))
        password = ""
        verify = False
    else:
        verify = True
    try:
        Argon2id.verify_phc_encoded(password.encode("utf-8"), encoded)
    except (InvalidKey, ValueError):
        return False
    return verify


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def rate_limited(conn: Connection, keys: list[tuple[str, int]], window: int) -> bool:
    """True if any key has reached its limit inside the current window."""
    now = int(time.time())
    for key, limit in keys:
        row = conn.execute(select(login_failures.c.count, login_failures.c.window_start)
                           .where(login_failures.c.key == key)).one_or_none()
        if row and now - row.window_start < window and row.count >= limit:
            return True
    return False


def record_failure(conn: Connection, keys: list[str], window: int) -> None:
    now = int(time.time())
    for key in keys:
        row = conn.execute(select(login_failures.c.count, login_failures.c.window_start)
                           .where(login_failures.c.key == key)).one_or_none()
        if row is None:
            conn.execute(login_failures.insert().values(key=key, count=1, window_start=now))
        elif now - row.window_start >= window:
            conn.execute(update(login_failures).where(login_failures.c.key == key)
                         .values(count=1, window_start=now))
        else:
            conn.execute(update(login_failures).where(login_failures.c.key == key)
                         .values(count=login_failures.c.count + 1))


def clear_failures(conn: Connection, key: str) -> None:
    conn.execute(delete(login_failures).where(login_failures.c.key == key))
