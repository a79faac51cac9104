"""The blind index: keyed hashes of normalised search tokens and their prefixes.

Each household gets a set of tokens (name words and their prefixes, ID numbers, phones, file numbers,
categories) and exact duplicate keys. Each token becomes HMAC-SHA256(search key, kind|token) cut to
80 bits, written in hex, and stored in an FTS5 table keyed by the household's row number; FTS5 keeps the
postings compact and makes bulk writes cheap. The search key never leaves memory, so the index reveals
only which households share a token, never the token.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache

from ..domain.arabic import digits_only, normalise, phone_key, prefixes, tokens
from ..domain.entities import CATEGORIES, Household

# CPython's own SHA-256 (_sha256 in 3.11, _sha2 from 3.12): the same digests, and its copy() and digest()
# skip the OpenSSL context allocations behind hashlib's, ~0.4 µs of a token's ~1.4 µs. hashlib otherwise.
try:
    from _sha256 import sha256 as _sha256
except ImportError:  # pragma: no cover - other Pythons
    try:
        from _sha2 import sha256 as _sha256  # type: ignore[import-not-found, no-redef]
    except ImportError:
        _sha256 = hashlib.sha256  # type: ignore[assignment]

_MAX_PREFIX = 12
_MIN_DIGITS = 3  # "05" or "1" would match nearly every phone or ID: numbers are indexed from 3 digits
_CACHE_LIMIT = 50_000  # words; names repeat, whole numbers do not and are never cached
_SHORT_DIGITS = 6  # short number prefixes ("050", "1000") repeat across phones and IDs: those are cached
_BLOCK = 64  # SHA-256 block size, for the HMAC pads


class BlindIndex:
    def __init__(self, search_key: bytes) -> None:
        # HMAC-SHA256 (RFC 2104) with its two keyed pad states computed once: a token then costs two
        # hash copies, about half of hmac's copy/update/digest (the bytes are the same, tests check).
        key = hashlib.sha256(search_key).digest() if len(search_key) > _BLOCK else search_key
        self._key = search_key  # kept only to hand a worker process the same index (store.blindpool)
        key = key.ljust(_BLOCK, b"\0")
        self._inner = _sha256(bytes(b ^ 0x36 for b in key))
        self._outer = _sha256(bytes(b ^ 0x5C for b in key))
        self._words: dict[str, list[str]] = {}
        self._short: dict[str, list[str]] = {}  # first digits of a number: its blinded short prefixes
        self._prefix: dict[str, str] = {}  # one short number prefix: its blind (heads differ, prefixes repeat)
        self._categories: dict[tuple[str, ...], list[str]] = {}

    def worker_key(self) -> bytes:
        """The search key, for a worker process that computes the same tokens (sent by pipe, never stored)."""
        return self._key

    def blind(self, token: str) -> str:
        inner = self._inner.copy()
        inner.update(token.encode("utf-8"))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()[:10].hex()

    def _blind_all(self, tokens: Iterable[str]) -> list[str]:
        """blind() of each token, with the hash methods looked up once (a household has ~15 to compute)."""
        inner_copy, outer_copy = self._inner.copy, self._outer.copy
        out = []
        for token in tokens:
            inner = inner_copy()
            inner.update(token.encode("utf-8"))
            outer = outer_copy()
            outer.update(inner.digest())
            out.append(outer.digest()[:10].hex())
        return out

    def household_tokens(self, household: Household) -> list[str]:
        """All blinded tokens of a household, space separated in the index."""
        return self.tokens_of(household.head_name, household.head_name_latin, household.file_number,
                              household.national_id, household.phone, household.categories)

    def tokens_of(self, head_name: str, head_name_latin: str, file_number: str, national_id: str, phone: str,
                  categories: list[str]) -> list[str]:
        """household_tokens of a household given by its searchable fields (a record dict needs no object)."""
        # The same tokens as plain_tokens (tests check), each normalised value computed once. Words and
        # category lists repeat across households and come from caches; whole numbers are unique, so
        # only their short prefixes are cached and the rest is hashed in one batch with the exact keys.
        name = normalise(head_name)
        typed_id, typed_phone = national_id, phone
        national_id = digits_only(typed_id)
        phone = phone_key(typed_phone)
        words: dict[str, None] = dict.fromkeys(name.split())
        for text in (head_name_latin, file_number):
            if text:
                words.update(dict.fromkeys(normalise(text).split()))
        for number in (national_id, phone, phone[1:] if phone.startswith("0") else ""):
            if number.isascii():  # ASCII digits normalise to themselves: one word (or none)
                if number:
                    words[number] = None
            else:  # other Unicode digits (isdigit) fold through normalise like any text
                words.update(dict.fromkeys(tokens(number)))
        found: set[str] = set(self._categories_blinds(tuple(categories)))
        fresh: list[str] = []  # plain tokens to hash now
        for word in words:
            cached = self._words.get(word)
            if cached is not None:
                found.update(cached)
            elif word.isdigit():
                found.update(self._short_blinds(word))
                fresh.extend("w:" + word[:n] for n in range(_SHORT_DIGITS + 1, min(len(word), _MAX_PREFIX) + 1))
            else:
                found.update(self._word_blinds(word))
        if typed_id:
            fresh.append(f"id={national_id}")
        if head_name:
            fresh.append(f"name={name}")
        if typed_phone:
            fresh.append(f"phone={phone}")
        found.update(self._blind_all(fresh))
        return sorted(found)

    def _categories_blinds(self, codes: tuple[str, ...]) -> list[str]:
        """The blinded prefixes of the words of some category codes (a household's list repeats)."""
        cached = self._categories.get(codes)
        if cached is None:
            found: set[str] = set()
            for code in codes:
                for word in _category_words(code):
                    found.update(self._word_blinds(word))
            cached = sorted(found)
            if len(self._categories) < _CACHE_LIMIT:
                self._categories[codes] = cached
        return cached

    def _short_blinds(self, number: str) -> list[str]:
        """The blinded prefixes of a number up to _SHORT_DIGITS long (phones and IDs share them)."""
        head = number[:_SHORT_DIGITS]
        cached = self._short.get(head)
        if cached is None:
            cached = [self._prefix_blind(p) for p in prefixes(head, _MIN_DIGITS, _SHORT_DIGITS)]
            if len(self._short) < _CACHE_LIMIT:
                self._short[head] = cached
        return cached

    def _prefix_blind(self, prefix: str) -> str:
        found = self._prefix.get(prefix)
        if found is None:
            found = self.blind("w:" + prefix)
            if len(self._prefix) < _CACHE_LIMIT:
                self._prefix[prefix] = found
        return found

    def _word_blinds(self, word: str) -> list[str]:
        """The blinded prefixes of one word (cached: names repeat, so most households cost a lookup)."""
        cached = self._words.get(word)
        if cached is None:
            if word.isdigit():
                return self._short_blinds(word) + self._blind_all(
                    "w:" + p for p in _prefixes(word) if len(p) > _SHORT_DIGITS)
            cached = self._blind_all("w:" + p for p in _prefixes(word))
            if len(self._words) < _CACHE_LIMIT:  # the cache stays in memory only
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
        self._short.clear()
        self._prefix.clear()
        self._categories.clear()


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
