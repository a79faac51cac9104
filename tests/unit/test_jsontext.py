"""jsontext gives exactly what the standard library gives (orjson where it agrees, `json` where it would not)."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.domain import jsontext

scalars = (st.none() | st.booleans() | st.integers() | st.integers(min_value=-(2**80), max_value=2**80)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text()
           | st.text(alphabet=st.characters(exclude_categories=()), max_size=4))  # lone surrogates too
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


def _same(a: object, b: object) -> bool:
    """Equal, and of the same types all the way down (1 == 1.0 would hide a big integer read as a float)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and (a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b)))


@given(values)
def test_dumps_is_what_json_writes(value: object) -> None:
    expected = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        wanted = expected.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: bytes cannot hold them, either way
        with pytest.raises(UnicodeEncodeError):
            jsontext.dumps(value)
        assert jsontext.dumps_text(value) == expected
        return
    assert _same(json.loads(jsontext.dumps(value)), json.loads(wanted))
    assert _same(json.loads(jsontext.dumps_text(value)), json.loads(expected))


@given(values, st.booleans(), st.booleans())
def test_loads_reads_what_json_reads(value: object, ascii_only: bool, as_bytes: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    data: str | bytes = text
    if as_bytes:
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            return
    assert _same(jsontext.loads(data), json.loads(text))


@pytest.mark.parametrize("text", ['{"amount": 123456789012345678901234567890}', "[NaN, Infinity, -Infinity]",
                                  '"\\ud800"', '{"a": 1, "a": 2}', "18446744073709551616"])
def test_where_orjson_differs_the_standard_library_answers(text: str) -> None:
    assert _same(jsontext.loads(text), json.loads(text))
    assert _same(jsontext.loads(text.encode()), json.loads(text))


@pytest.mark.parametrize("text", ["", "{", "[1,]", "nul", "\"abc"])
def test_not_json_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        jsontext.loads(text)


def test_writes_big_integers_and_non_string_keys_as_json_does() -> None:
    assert jsontext.dumps({"n": 2**70, 1: "x"}) == json.dumps({"n": 2**70, 1: "x"}, separators=(",", ":")).encode()


def test_non_finite_floats_are_written_as_null_the_one_documented_difference() -> None:
    assert jsontext.dumps([float("nan"), float("inf"), 1.5]) == b"[null,null,1.5]"
