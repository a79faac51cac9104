"""Umm al-Qura Hijri dates (hijridate; Qt's IslamicCivil is a different, arithmetic calendar), one naming
for the whole app: the month names of Saudi official usage, in Arabic and in English transliteration."""

from __future__ import annotations

from datetime import date

from hijridate import Gregorian

HIJRI_MONTHS = {
    "ar": ("محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب", "شعبان", "رمضان",
           "شوال", "ذو القعدة", "ذو الحجة"),
    "en": ("Muharram", "Safar", "Rabi' al-Awwal", "Rabi' al-Akhir", "Jumada al-Ula", "Jumada al-Akhirah", "Rajab",
           "Sha'ban", "Ramadan", "Shawwal", "Dhu al-Qa'dah", "Dhu al-Hijjah"),
}
ERA = {"ar": "هـ", "en": "AH"}


def to_hijri(day: date) -> tuple[int, int, int] | None:
    """(year, month, day) in Umm al-Qura, or None outside its table (1343–1500 AH)."""
    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
    except (OverflowError, ValueError):
        return None
    return h.year, h.month, h.day


def hijri_text(day: date, lang: str = "ar") -> str:
    """"13 جمادى الآخرة 1448 هـ" / "13 Jumada al-Akhirah 1448 AH"; empty outside the Umm al-Qura table."""
    found = to_hijri(day)
    if found is None:
        return ""
    year, month, mday = found
    language = "ar" if lang == "ar" else "en"
    return f"{mday} {HIJRI_MONTHS[language][month - 1]} {year} {ERA[language]}"
