"""Time is stored as UTC ISO-8601 strings ("2026-11-23T12:09:26Z"); ids are random UUIDs."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime


def utc_now() -> str:
    return to_iso(datetime.now(UTC))


def to_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ").replace(".000000Z", "Z")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


def to_date(value: str | date | datetime | None) -> date | None:
    """A date from "YYYY-MM-DD", an ISO timestamp or a date object; None when empty or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value)
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return parse_iso(text).date()
    except ValueError:
        return None
