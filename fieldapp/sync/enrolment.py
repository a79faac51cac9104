"""Enrolment: register this device with head office and keep what it answers inside the vault.

    from fieldapp.sync.enrolment import enroll, request_enrolment, store_enrolment

    profile = enroll(vault, "https://ho.example.org", "amal", server_password, device_name="laptop-3")

The server's answer (fieldapp.sync.protocol.EnrollResponse) is kept encrypted in the vault meta:
    "profile"              {username, role, team, full_name, device_id, server_url}
    "device_token"         the Bearer token (the server keeps only its hash)
    "team", "forms", "server_settings", "recovery_public_key", "ca_bundle"
The recovery public key also re-wraps the vault's data key (vault.set_recovery_key), and the user's
assignments are stored as server data (no outbox op). For a new profile the CLI calls
request_enrolment first and creates the vault only when head office said yes.
"""

from __future__ import annotations

import socket
from typing import Any

from ..domain.clock import utc_now
from ..domain.errors import SyncError
from .protocol import EnrollResponse
from .transport import RetryPolicy, Transport, check_url


def request_enrolment(server_url: str, username: str, password: str, *, device_name: str = "",
                      ca_bundle: str | None = None, transport: Transport | None = None,
                      retry: RetryPolicy | None = None) -> EnrollResponse:
    """Ask head office to register this device; the password is sent once and never stored."""
    own = transport is None
    transport = transport or Transport(server_url, ca_bundle=ca_bundle, retry=retry)
    try:
        body = transport.post_json("/devices/enroll", {"username": username, "password": password,
                                                         "device_name": device_name or socket.gethostname()})
    except SyncError as exc:
        # A wrong login is a 401 at enrolment, not a problem with this device.
        if exc.code == "sync.unauthorised":
            raise SyncError("sync.bad_login") from None
        raise
    finally:
        if own:
            transport.close()
    for key in ("device_id", "device_token", "user"):
        if key not in body:
            raise SyncError("sync.bad_answer")
    return body  # type: ignore[return-value]


def check_same_user(vault: Any, username: str) -> None:
    """An enrolled profile stays with its user: another user's cases must not mix into it."""
    profile = vault.meta_get("profile", None) or {}
    if profile.get("username") and profile["username"] != username:
        raise SyncError("sync.other_user", username=profile["username"])


def store_enrolment(vault: Any, server_url: str, answer: EnrollResponse, *,
                    ca_bundle: str | None = None) -> dict[str, Any]:
    """Keep the server's answer in the vault; return the profile."""
    user = answer["user"]
    profile = {"username": user["username"], "role": user["role"], "team": user.get("team"),
               "full_name": user.get("full_name", ""), "device_id": answer["device_id"],
               "server_url": check_url(server_url)}
    vault.meta_set("device_token", answer["device_token"])
    vault.meta_set("profile", profile)
    vault.meta_set("team", answer.get("team"))
    vault.meta_set("forms", answer.get("forms", []))
    vault.meta_set("server_settings", answer.get("settings", {}))
    vault.meta_set("forms_checked", {"at": utc_now(), "rev": answer.get("forms_rev")})
    if ca_bundle:
        vault.meta_set("ca_bundle", ca_bundle)
    pem = answer.get("recovery_public_key")
    if pem:
        vault.meta_set("recovery_public_key", pem)
        vault.set_recovery_key(pem)
    assignments = answer.get("assignments") or []
    if assignments:
        # Stored as server data, like a pull: no outbox op, cursor unchanged.
        changes = [{"seq": 0, "entity": "assignment", "entity_id": a["id"], "version": int(a.get("version", 1)),
                    "record": a} for a in assignments]
        vault.apply_pull_page(changes, int(vault.sync_cursor() or 0))
    return profile


def enroll(vault: Any, server_url: str, username: str, password: str, *, device_name: str = "",
           ca_bundle: str | None = None, transport: Transport | None = None) -> dict[str, Any]:
    """Register the device for an open vault (new or existing profile) and keep the answer in it."""
    check_same_user(vault, username)
    answer = request_enrolment(server_url, username, password, device_name=device_name, ca_bundle=ca_bundle,
                               transport=transport)
    return store_enrolment(vault, server_url, answer, ca_bundle=ca_bundle)
