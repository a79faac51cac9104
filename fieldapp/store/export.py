"""Streaming a whole vault out as plain dicts, one household at a time, skipping (and reporting) records
that do not decrypt, so one damaged row never costs the others."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..domain.errors import VaultError
from ..domain.history import GENESIS
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
    rows = q("SELECT id, rev, data FROM assessments WHERE household_id=? ORDER BY created_at, id",
             [household_id]).fetchall()
    if not rows:
        return
    marks = ",".join("?" * len(rows))
    ids = [row[0] for row in rows]
    events = _grouped(vault, "events", q(f"SELECT id, rev, data, assessment_id FROM events"
                                         f" WHERE assessment_id IN ({marks}) ORDER BY assessment_id, seq", ids), errors)
    files = _grouped(vault, "attachments", q(f"SELECT id, rev, data, assessment_id FROM attachments"
                                             f" WHERE assessment_id IN ({marks}) ORDER BY created_at, id", ids), errors)
    for row in rows:
        assessment = _open(vault, "assessments", row, errors) or {"id": row[0], "unreadable": True}
        assessment["events"] = _chain(events.get(row[0], []))
        assessment["attachments"] = files.get(row[0], [])
        yield assessment


def _chain(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events in hash-chain order, as Vault.events_of gives them (unlinked ones after, as stored)."""
    by_prev = {event.get("prev_hash"): event for event in events}
    ordered: list[dict[str, Any]] = []
    link = GENESIS
    while link in by_prev and len(ordered) < len(events):
        ordered.append(by_prev[link])
        link = by_prev[link].get("hash")
    placed = {id(event) for event in ordered}
    return ordered + [event for event in events if id(event) not in placed]


def _grouped(vault: Vault, table: str, rows: Iterable[tuple[Any, ...]],
             errors: list[VaultError]) -> dict[str, list[dict[str, Any]]]:
    """Decrypted rows by assessment id (one query for all assessments of a household)."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record_id, rev, data, assessment_id in rows:
        value = _open(vault, table, (record_id, rev, data), errors)
        if value is not None:
            grouped.setdefault(assessment_id, []).append(value)
    return grouped
