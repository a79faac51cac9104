"""Compact JSON, fast (orjson), with the standard library's results wherever the two would differ.

Why a library: serialising records is most of what sync and the vault do per record (an assessment dumps
in ~13 µs with `json`, ~1 µs with orjson; a pulled page parses ~1.5x faster). Why the fallbacks: orjson
reads integers beyond 64 bits as floats (a changed value), refuses NaN/Infinity literals and lone
surrogates, and cannot write integers beyond 64 bits or non-string keys. Those cases go to `json`, so a
value reads back exactly as the standard library would have read it, and nothing is ever rounded.

One difference is left, on purpose: a float NaN or infinity is written as null (`json` writes NaN, which is
not JSON and which the server refuses). No record can hold one: form values are checked finite
(domain.forms.values) and money is integers; finding one would cost a walk over every value written.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

# A run of 19+ digits may be an integer orjson would turn into a float (2**64 has 20 digits; 19 is safe
# and cheap to look for). Such texts, rare in practice, are parsed by `json`. In bytes the run is found by
# mapping every ASCII digit to "0" and searching for 19 of them: ~10x faster than a regular expression,
# which tries every position of a pulled page (8 µs of a record's ~9 µs of parsing).
_LONG_NUMBER_TEXT = re.compile(r"\d{19}")
_DIGITS_TO_ZERO = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))
_ZEROS = b"0" * 19


def _has_long_number(data: bytes | bytearray | memoryview | str) -> bool:
    if isinstance(data, str):
        return _LONG_NUMBER_TEXT.search(data) is not None
    return bytes(data).translate(_DIGITS_TO_ZERO).find(_ZEROS) >= 0


def dumps(value: Any) -> bytes:
    """UTF-8 JSON, no spaces, non-ASCII kept as is (what json.dumps(ensure_ascii=False, separators=(",", ":"))
    encoded to UTF-8 gives). Raises UnicodeEncodeError on lone surrogates, as that encode does."""
    try:
        return orjson.dumps(value)
    except TypeError:  # orjson.JSONEncodeError: big integer, non-string key, lone surrogate, unknown type
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def dumps_text(value: Any) -> str:
    """As `dumps`, as text (lone surrogates kept in the text, as json.dumps keeps them)."""
    try:
        return orjson.dumps(value).decode("utf-8")
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def loads(data: bytes | bytearray | memoryview | str) -> Any:
    """json.loads, faster; raises ValueError (json.JSONDecodeError) on text that is not JSON."""
    if not _has_long_number(data):
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass  # NaN, lone surrogates, deep nesting: `json` reads them or gives its own error
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    return json.loads(data)
