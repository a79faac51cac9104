"""What every report's sections share: language, currency, display names; the footer; ages."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ..domain.money import format_minor
from .dates import both, to_date
from .labels import word
from .text import Lang, digits


class Context:
    """What every section needs: language, currency, display names, and a word lookup."""

    def __init__(self, lang: Lang, currency: str, names: Mapping[str, str]) -> None:
        self.lang = lang
        self.currency = currency
        self.names = names

    def w(self, key: str) -> str:
        return word(key, self.lang.code)

    def money(self, value: int) -> str:
        return self.lang_digits(format_minor(value, self.currency, self.lang.code))

    def lang_digits(self, text: str) -> str:
        return digits(text, self.lang.digit_style) if self.lang.rtl else text

    def person(self, username: str) -> str:
        return self.names.get(username, username) if username else ""


def footer_for(ctx: Context, file_number: str, printed: date) -> tuple[str, str]:
    start = f"{ctx.w('file_number')}: {file_number}" if file_number else ""
    return start, f"{ctx.w('printed')}: {both(printed, ctx.lang.code)}"


def age_on(birth: str, on: date) -> str:
    born = to_date(birth)
    if born is None:
        return ""
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return str(max(years, 0))
