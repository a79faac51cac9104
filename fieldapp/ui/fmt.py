"""Numbers and dates as the user set them: Arabic-Indic or Latin digits; Gregorian and Umm al-Qura Hijri
(hijridate, not Qt's IslamicCivil, because Saudi users read Umm al-Qura dates) side by side."""

from __future__ import annotations

from datetime import date, datetime

from ..domain.calendar import hijri_text
from ..domain.clock import to_date
from ..domain.money import format_minor
from .settings import Settings

_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
class Formatter:
    """Formats for one settings snapshot; cheap to make again when settings change."""

    def __init__(self, settings: Settings) -> None:
        self.lang = settings.language
        self.calendar = settings.calendar
        self.arabic_digits = settings.digits == "arabic"
        self.work_week = settings.work_week

    def digits(self, text: object) -> str:
        value = str(text)
        return value.translate(_ARABIC_INDIC) if self.arabic_digits else value

    def number(self, value: int | float) -> str:
        return self.digits(f"{value:,}")

    def money(self, minor: int | None, currency: str = "SAR") -> str:
        if minor is None:
            return ""
        return self.digits(format_minor(int(minor), currency, self.lang))

    def hijri(self, day: date) -> str:
        return self.digits(hijri_text(day, self.lang))   # empty outside the Umm al-Qura table

    def gregorian(self, day: date) -> str:
        return self.digits(day.strftime("%Y-%m-%d"))

    def date(self, value: str | date | datetime | None) -> str:
        """A date in the chosen calendar(s): "2026-11-23 (13 جمادى الآخرة 1448 هـ)"."""
        day = to_date(value)
        if day is None:
            return ""
        if self.calendar == "gregorian":
            return self.gregorian(day)
        if self.calendar == "hijri":
            return self.hijri(day) or self.gregorian(day)
        hijri = self.hijri(day)
        # Isolates keep each date in its own reading order inside Arabic or English text (Unicode bidi):
        # the ISO date left to right, the Hijri one in the direction of its words.
        gregorian = f"\u2066{self.gregorian(day)}\u2069"
        return f"{gregorian} (\u2068{hijri}\u2069)" if hijri else gregorian
