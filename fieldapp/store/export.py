"""Streaming a whole vault out as plain dicts, one household at a time, skipping (and reporting) records
that do not decrypt, so one damaged row never costs the others."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..domain.errors import VaultError
from .vault import Vault


def _open(vault: Vault, table: str, row: tuple[Any, ...], errors: list[VaultError]) -> dict[str, Any] | None:
    record_id, rev, data = row
    try:
        value: dict[str, Any] = vault.cipher.open(table, record_id, rev, data)
        return value
    except VaultError as exc:
        errors.append(exc)
        return None


def iter_cases(vault: Vault, errors: list[VaultError]) -> Iterator[dict[str, Any]]:
    """Each household as a dict with "assessments" (each with "events" and "attachments") nested inside."""
    households = vault.db.conn.cursor().execute("SELECT id, rev, data FROM households ORDER BY case_no")
    while batch := households.fetchmany(256):
        for row in batch:
            household = _open(vault, "households", row, errors) or {"id": row[0], "unreadable": True}
            household["assessments"] = list(_assessments(vault, row[0], errors))
            yield household


def _assessments(vault: Vault, household_id: str, errors: list[VaultError]) -> Iterator[dict[str, Any]]:
    q = vault.db.conn.execute
    for row in q("SELECT id, rev, data FROM assessments WHERE household_id=? ORDER BY created_at, id",
                 [household_id]).fetchall():
        assessment = _open(vault, "assessments", row, errors) or {"id": row[0], "unreadable": True}
        assessment["events"] = [e for e in (_open(vault, "events", r, errors) for r in q(
            "SELECT id, rev, data FROM events WHERE assessment_id=? ORDER BY seq", [row[0]]).fetchall()) if e]
        assessment["attachments"] = [a for a in (_open(vault, "attachments", r, errors) for r in q(
            "SELECT id, rev, data FROM attachments WHERE assessment_id=? ORDER BY created_at, id",
            [row[0]]).fetchall()) if a]
        yield assessment
