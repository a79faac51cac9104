"""The hand-written push body reader agrees with the pydantic model that documents the body (PushIn)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from fieldapp.server.errors import ApiError
from fieldapp.server.pushbody import parse_push
from fieldapp.server.schemas import PushIn

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
                    | st.text(max_size=8), lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=8)
IDS = st.one_of(st.from_regex(r"\A[A-Za-z0-9._:-]{1,64}\Z"), st.text(max_size=70), st.integers())
OPS = st.fixed_dictionaries(
    {"op_id": IDS, "entity": st.sampled_from(["household", "assessment", "event", "attachment", "assignment", "x"]),
     "entity_id": IDS, "kind": st.sampled_from(["change", "event", "other"])},
    optional={"base_version": st.one_of(st.integers(min_value=-2, max_value=2**31 + 2), st.just(2**31)),
              "changes": st.one_of(st.none(), st.dictionaries(st.text(max_size=12), st.fixed_dictionaries(
                  {}, optional={"old": JSON, "new": JSON, "extra": JSON}), max_size=4)),
              "event": st.one_of(st.none(), st.dictionaries(st.text(max_size=6), JSON, max_size=3)),
              "created_at": st.text(max_size=45), "unknown": JSON})


def _model(body: Any) -> list[dict[str, Any]] | None:
    try:
        return [op.as_op() for op in PushIn.model_validate(body).ops]
    except ValidationError:
        return None


def _mine(body: Any) -> list[dict[str, Any]] | None:
    try:
        return parse_push(json.dumps(body).encode())  # type: ignore[return-value]
    except ApiError as exc:
        assert exc.status == 400 and exc.code == "request.invalid"
        return None


@settings(max_examples=300, deadline=None)
@given(ops=st.lists(OPS, max_size=4))
def test_the_reader_accepts_and_returns_what_the_model_does(ops: list[dict[str, Any]]) -> None:
    body = {"ops": ops}
    assert _mine(body) == _model(body)


@pytest.mark.parametrize("raw", [b"", b"{", b"[]", b"null", b'{"ops": {}}', b'{"ops": [1]}', b"\xff\xfe",
                                 b'{"ops": [' + b'{"op_id": "a"},' * 501 + b'{"op_id": "a"}]}',
                                 b'{"ops": [{"op_id":"a","entity":"household","entity_id":"h","kind":"change",'
                                 b'"changes":{"x":{"old":null,"new":' + b"[" * 70 + b"]" * 70 + b"}}}]}",
                                 b'{"ops": [{"op_id":"a","entity":"household","entity_id":"h","kind":"change",'
                                 b'"changes":{"x":{"old":null,"new":' + b"[" * 5000 + b"]" * 5000 + b"}}}]}"])
def test_broken_bodies_are_400_naming_where(raw: bytes) -> None:
    with pytest.raises(ApiError) as caught:
        parse_push(raw)
    assert caught.value.status == 400 and caught.value.code == "request.invalid"
    assert "detail" in caught.value.params


def _one_change(new: bytes) -> bytes:
    return (b'{"ops":[{"op_id":"a","entity":"household","entity_id":"h","kind":"change",'
            b'"changes":{"x":{"old":null,"new":' + new + b'}},"event":{"n":[' + new + b"]}}]}")


@pytest.mark.parametrize("number", [b"18446744073709551616", b"-9223372036854775809", b"1" * 40, b"1e19",
                                    b"-1.5e300", b"9223372036854775807", b"0.1", b"-0.0", b"1e-400"])
def test_numbers_read_exactly_as_json_reads_them(number: bytes) -> None:
    # orjson turns integers beyond 64 bits into floats; the reader must still give json's exact value.
    op = parse_push(_one_change(number))[0]
    expected = json.loads(number)
    assert op["changes"] == {"x": {"old": None, "new": expected}}
    assert type(op["changes"]["x"]["new"]) is type(expected)
    assert op["event"] == {"n": [expected]} and type(op["event"]["n"][0]) is type(expected)


@pytest.mark.parametrize("number", [b"NaN", b"Infinity", b"-Infinity", b"1e999", b"-1e400"])
def test_numbers_json_has_not_are_400(number: bytes) -> None:
    with pytest.raises(ApiError) as caught:
        parse_push(_one_change(number))
    assert caught.value.status == 400


def test_non_utf8_encodings_json_accepts_read_the_same() -> None:
    body = {"ops": [{"op_id": "a", "entity": "household", "entity_id": "h", "kind": "change",
                     "changes": {"name": {"old": None, "new": "أم محمد \ud800"}}}]}
    for raw in (json.dumps(body).encode("utf-16"), b"\xef\xbb\xbf" + json.dumps(body).encode()):
        assert parse_push(raw) == _model(body)
