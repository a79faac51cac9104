"""Money as integers of the minor unit (halalas, fils); never floats."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .arabic import digits_only

CURRENCIES: dict[str, dict[str, str | int]] = {
    "SAR": {"minor": 100, "ar": "ر.س", "en": "SAR"},
    "AED": {"minor": 100, "ar": "د.إ", "en": "AED"},
}


@dataclass(frozen=True, order=True)
class Money:
    minor: int
    currency: str = "SAR"

    def __post_init__(self) -> None:
        if not isinstance(self.minor, int) or isinstance(self.minor, bool):
            raise TypeError("money is an integer of minor units")
        if self.currency not in CURRENCIES:
            raise ValueError(f"unknown currency {self.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError("cannot mix currencies")

    @property
    def major(self) -> Decimal:
        return Decimal(self.minor) / int(CURRENCIES[self.currency]["minor"])

    def format(self, lang: str = "en") -> str:
        return format_minor(self.minor, self.currency, lang)


def to_minor(value: str | int | float | Decimal, currency: str = "SAR") -> int:
    """Parse an amount typed in major units ("1,250.5", "١٢٥٠") into minor units, rounding half up."""
    if isinstance(value, bool):
        raise ValueError("not an amount")
    if isinstance(value, str):
        cleaned = value.strip().replace(",", "").replace("٬", "").replace("٫", ".")
        cleaned = "".join(digits_only(ch) or ch for ch in cleaned)
        try:
            amount = Decimal(cleaned)
        except InvalidOperation as exc:
            raise ValueError("not an amount") from exc
    else:
        amount = Decimal(str(value))
    if not amount.is_finite():
        raise ValueError("not an amount")
    factor = int(CURRENCIES[currency]["minor"])
    return int((amount * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_minor(minor: int, currency: str = "SAR", lang: str = "en") -> str:
    """1234550 → "12,345.50 SAR" (en) or "12,345.50 ر.س" (ar); whole amounts without decimals."""
    factor = int(CURRENCIES[currency]["minor"])
    sign = "-" if minor < 0 else ""
    whole, cents = divmod(abs(minor), factor)
    text = f"{whole:,}" if cents == 0 else f"{whole:,}.{cents:02d}"
    return f"{sign}{text} {CURRENCIES[currency][lang if lang in ('ar', 'en') else 'en']}"
