"""The blind index: keyed hashes of normalised search tokens and their prefixes.

Each household gets a set of tokens (name words and their prefixes, ID numbers, phones, file numbers,
categories) and exact duplicate keys. Each token becomes HMAC-SHA256(search key, kind|token) cut to
80 bits, written in hex, and stored in an FTS5 table keyed by the household's row number; FTS5 keeps the
postings compact and makes bulk writes cheap. The search key never leaves memory, so the index reveals
only which households share a token, never the token.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from ..domain.arabic import digits_only, normalise, phone_key, prefixes, tokens
from ..domain.entities import CATEGORIES, Household

_MAX_PREFIX = 12
_MIN_DIGITS = 3  # "05" or "1" would match nearly every phone or ID: numbers are indexed from 3 digits
_CACHE_LIMIT = 50_000  # words; names repeat, numbers do not and are never cached


class BlindIndex:
    def __init__(self, search_key: bytes) -> None:
        self._mac = hmac.new(search_key, digestmod=hashlib.sha256)
        self._words: dict[str, list[str]] = {}

    def blind(self, token: str) -> str:
        mac = self._mac.copy()
        mac.update(token.encode("utf-8"))
        return mac.digest()[:10].hex()

    def household_tokens(self, household: Household) -> list[str]:
        """All blinded tokens of a household, space separated in the index."""
        found: set[str] = set()
        for word in _words(household):
            found.update(self._word_blinds(word))
        found.update(self.blind(t) for t in _exact_tokens(household))
        return sorted(found)

    def _word_blinds(self, word: str) -> list[str]:
        """The blinded prefixes of one word (cached: names repeat, so most households cost a lookup)."""
        cached = self._words.get(word)
        if cached is None:
            cached = [self.blind("w:" + p) for p in _prefixes(word)]
            if len(self._words) < _CACHE_LIMIT and not word.isdigit():  # the cache stays in memory only
                self._words[word] = cached
        return cached

    def query(self, text: str) -> list[str]:
        """Blinded tokens a search must all match: each typed word as a prefix (numbers from 3 digits)."""
        words = [w for w in tokens(text) if not (w.isdigit() and len(w) < _MIN_DIGITS)]
        return [self.blind("w:" + word[:_MAX_PREFIX]) for word in words]

    def exact(self, kind: str, value: str) -> str:
        return self.blind(f"{kind}={value}")

    def clear(self) -> None:
        self._words.clear()


def _words(household: Household) -> set[str]:
    """Normalised words whose prefixes are indexed: names, ID number, phone (with and without its 0),
    file number, category codes and labels."""
    words: set[str] = set()
    phone = phone_key(household.phone)
    for text in (household.head_name, household.head_name_latin, household.file_number,
                 digits_only(household.national_id), phone, phone[1:] if phone.startswith("0") else ""):
        words.update(tokens(text))
    for code in household.categories:
        words.update(_category_words(code))
    return words


@cache
def _category_words(code: str) -> tuple[str, ...]:
    labels = CATEGORIES.get(code, {})
    return tuple(w for text in (code, labels.get("ar", ""), labels.get("en", "")) for w in tokens(text))


def _prefixes(word: str) -> list[str]:
    return prefixes(word, _MIN_DIGITS if word.isdigit() else 1, _MAX_PREFIX)


def _exact_tokens(household: Household) -> set[str]:
    """Whole-value keys for duplicate checks."""
    found: set[str] = set()
    if household.national_id:
        found.add(f"id={digits_only(household.national_id)}")
    if household.head_name:
        found.add(f"name={normalise(household.head_name)}")
    if household.phone:
        found.add(f"phone={phone_key(household.phone)}")
    return found


def plain_tokens(household: Household) -> set[str]:
    """The un-blinded tokens of a household (kept in memory only)."""
    found = {"w:" + p for word in _words(household) for p in _prefixes(word)}
    return found | _exact_tokens(household)
