"""Arabic normalisation for search and duplicate checks.

Researchers type names with or without hamza, diacritics and tatweel; the same family must be
found either way, so every search token and every duplicate key goes through `normalise`.
"""

from __future__ import annotations

import re
import unicodedata

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
_TATWEEL = "\u0640"
_LETTERS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ک": "ك", "ی": "ي",
})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalise(text: str) -> str:
    """Fold a string to its search form: no diacritics/tatweel, unified letters, ASCII digits, lower case."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    text = text.translate(_LETTERS).translate(_DIGITS).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


def tokens(text: str) -> list[str]:
    """Normalised words of a text, in order, without duplicates."""
    seen: dict[str, None] = {}
    for word in normalise(text).split():
        seen.setdefault(word, None)
    return list(seen)


def prefixes(token: str, minimum: int = 1, maximum: int = 12) -> list[str]:
    """Every prefix of a token from `minimum` characters, so search-as-you-type can match a blind index."""
    top = min(len(token), maximum)
    return [token[:n] for n in range(minimum, top + 1)]


def digits_only(text: str) -> str:
    """ASCII digits of a phone or ID number as typed ("٠٥٥ 123-4567" → "0551234567")."""
    return "".join(ch for ch in (text or "").translate(_DIGITS) if ch.isdigit())


def phone_key(phone: str) -> str:
    """A phone in one form for comparison: local 05xxxxxxxx whether typed with +966/00966/+971 or not."""
    digits = digits_only(phone)
    for country in ("00966", "966", "00971", "971"):
        if digits.startswith(country) and len(digits) - len(country) == 9:
            return "0" + digits[len(country):]
    return digits


def person_key(name: str, phone: str) -> str:
    """The duplicate key of a person by name and phone (used when no ID number matches)."""
    return f"{normalise(name)}|{phone_key(phone)}"
