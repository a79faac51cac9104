"""Dates in reports: Gregorian beside Umm al-Qura Hijri (hijridate), in Arabic or English."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from ..domain.calendar import hijri_text
from ..domain.clock import parse_iso
from ..domain.clock import to_date as parse_date


def to_date(value: str | date | datetime | None) -> date | None:
    """domain.clock.to_date, forgiving the stray spaces of hand-typed answers."""
    return parse_date(value.strip() if isinstance(value, str) else value)


def gregorian(value: str | date | datetime | None) -> str:
    day = to_date(value)
    return day.isoformat() if day else ""


def hijri(value: str | date | datetime | None, lang: str = "ar") -> str:
    """"13 جمادى الآخرة 1448 هـ" / "13 Jumada al-Akhirah 1448 AH"; empty outside the Umm al-Qura range."""
    day = to_date(value)
    return hijri_text(day, lang) if day is not None else ""


def both(value: str | date | datetime | None, lang: str = "ar") -> str:
    """Gregorian and Hijri together, as printed on Saudi forms."""
    g = gregorian(value)
    if not g:
        return ""
    h = hijri(value, lang)
    if not h:
        return g
    return f"{g} م ({h})" if lang == "ar" else f"{g} ({h})"


# Neither Saudi Arabia nor the UAE has daylight saving, so fixed offsets are exact (and need no tz database
# in a frozen Windows build).
CITY_OFFSETS = {"jeddah": 3, "riyadh": 3, "dubai": 4, "sharjah": 4, "abu_dhabi": 4}


def local_time(value: str | None, city: str = "") -> str:
    """A stored UTC timestamp as "YYYY-MM-DD HH:MM" in the family's city (Saudi time when unknown)."""
    if not value:
        return ""
    try:
        moment = parse_iso(str(value))
    except ValueError:
        return str(value)[:16]
    zone = timezone(timedelta(hours=CITY_OFFSETS.get((city or "").lower(), 3)))
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")
