"""The blind index: keyed hashes of normalised search tokens and their prefixes.

Each household gets a set of tokens (name words and their prefixes, ID numbers, phones, file numbers,
categories) and exact duplicate keys. Each token becomes HMAC-SHA256(search key, kind|token) cut to
80 bits, written in base32, and stored in an FTS5 table keyed by the household's row number; FTS5 keeps the
postings compact and makes bulk writes cheap. The search key never leaves memory, so the index reveals
only which households share a token, never the token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable

from ..domain.arabic import digits_only, normalise, phone_key, prefixes, tokens
from ..domain.entities import CATEGORIES, Household

_MAX_PREFIX = 12
_CACHE_LIMIT = 300_000


class BlindIndex:
    def __init__(self, search_key: bytes) -> None:
        self._mac = hmac.new(search_key, digestmod=hashlib.sha256)
        self._cache: dict[str, str] = {}

    def blind(self, token: str) -> str:
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        mac = self._mac.copy()
        mac.update(token.encode("utf-8"))
        value = base64.b32encode(mac.digest()[:10]).decode("ascii").lower()
        if len(self._cache) < _CACHE_LIMIT:  # names repeat a lot; the cache stays in memory only
            self._cache[token] = value
        return value

    def household_tokens(self, household: Household) -> list[str]:
        """All blinded tokens of a household, space separated in the index."""
        return sorted({self.blind(t) for t in plain_tokens(household)})

    def query(self, text: str) -> list[str]:
        """Blinded tokens a search must all match: each typed word as a prefix."""
        words = tokens(text)
        return [self.blind("w:" + word[:_MAX_PREFIX]) for word in words]

    def exact(self, kind: str, value: str) -> str:
        return self.blind(f"{kind}={value}")

    def clear(self) -> None:
        self._cache.clear()


def _word_prefixes(text: str) -> Iterable[str]:
    for word in tokens(text):
        for prefix in prefixes(word, 1, _MAX_PREFIX):
            yield "w:" + prefix


def plain_tokens(household: Household) -> set[str]:
    """The un-blinded tokens of a household (kept in memory only)."""
    found: set[str] = set()
    for text in (household.head_name, household.head_name_latin, household.file_number,
                 digits_only(household.national_id), phone_key(household.phone)):
        found.update(_word_prefixes(text))
    phone = phone_key(household.phone)
    if phone.startswith("0"):  # "55 123 4567" finds "0551234567"
        found.update(_word_prefixes(phone[1:]))
    for code in household.categories:
        found.add("w:" + normalise(code))
        labels = CATEGORIES.get(code, {})
        found.update(_word_prefixes(labels.get("ar", "")))
        found.update(_word_prefixes(labels.get("en", "")))
    if household.national_id:
        found.add(f"id={digits_only(household.national_id)}")
    if household.head_name:
        found.add(f"name={normalise(household.head_name)}")
    if household.phone:
        found.add(f"phone={phone}")
    return found
