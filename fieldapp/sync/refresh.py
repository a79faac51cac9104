"""The slow-changing things a sync also brings: published forms, the user's profile and team, head office's
settings. Fetched only when due, so a sync with nothing to do stays one round trip.

Due when the pull answer carries a `forms_rev` different from the one last seen, or (servers that do not
send it) when the last check is older than FORMS_EVERY_SECONDS.
"""

from __future__ import annotations

import time
from typing import Any

from ..domain.clock import parse_iso, utc_now
from .transport import Transport

FORMS_EVERY_SECONDS = 3600


def refresh_due(vault: Any, forms_rev: str | None) -> bool:
    checked = vault.meta_get("forms_checked", None) or {}
    if forms_rev is not None:
        return checked.get("rev") != forms_rev
    try:
        age = time.time() - parse_iso(checked["at"]).timestamp()
    except (KeyError, TypeError, ValueError):
        return True
    return age > FORMS_EVERY_SECONDS


def refresh(vault: Any, transport: Transport, forms_rev: str | None) -> bool:
    """Fetch forms, profile and settings into the vault meta; True when the forms changed."""
    forms = transport.get_json("/forms").get("forms", [])
    changed = forms != vault.meta_get("forms", None)
    if changed:
        vault.meta_set("forms", forms)
    store_me(vault, transport.get_json("/me"))
    response = transport.request("GET", "/settings", ok_statuses=(404,))
    if response.status_code == 200:
        vault.meta_set("server_settings", transport.json_of(response))
    vault.meta_set("forms_checked", {"at": utc_now(), "rev": forms_rev})
    return changed


def store_me(vault: Any, me: dict[str, Any]) -> None:
    """Role, team and name as head office knows them now (a researcher may have moved team)."""
    profile = dict(vault.meta_get("profile", None) or {})
    user = me.get("user") or {}
    for key in ("role", "team", "full_name"):
        if key in user:
            profile[key] = user[key]
    vault.meta_set("profile", profile)
    if "team" in me:
        vault.meta_set("team", me["team"])
