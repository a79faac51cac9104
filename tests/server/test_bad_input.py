"""Malformed, oversized and unauthorised requests get a 4xx JSON {code, message}, never a 500."""

from __future__ import annotations

import gzip
import json

import pytest
from jsonschema import Draft202012Validator

from .conftest import Server
from .factories import assessment, household


def _is_error(response, status: int) -> None:  # noqa: ANN001
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"code", "message"} and body["code"] and body["message"]


def test_gzip_request_bodies_are_accepted(teams: Server) -> None:
    alice = teams.device("alice")
    _, op = household()
    body = gzip.compress(json.dumps({"ops": [op]}).encode())
    response = alice.client.post("/api/v1/sync/push", content=body, headers=alice._headers(
        {"Content-Encoding": "gzip", "Content-Type": "application/json"}))
    assert response.status_code == 200 and response.json()["results"][0]["status"] == "applied"


def test_broken_gzip_and_unknown_encodings_are_refused(teams: Server) -> None:
    alice = teams.device("alice")
    bad = alice.client.post("/api/v1/sync/push", content=b"not gzip", headers=alice._headers(
        {"Content-Encoding": "gzip", "Content-Type": "application/json"}))
    _is_error(bad, 400)
    odd = alice.client.post("/api/v1/sync/push", content=b"{}", headers=alice._headers(
        {"Content-Encoding": "br", "Content-Type": "application/json"}))
    _is_error(odd, 415)


def test_oversized_bodies_and_gzip_bombs_are_413(teams: Server) -> None:
    alice = teams.device("alice")
    limit = teams.settings.max_body
    big = alice.client.post("/api/v1/sync/push", content=b" " * (limit + 1), headers=alice._headers(
        {"Content-Type": "application/json"}))
    _is_error(big, 413)
    bomb = gzip.compress(b" " * (limit + 10))
    exploded = alice.client.post("/api/v1/sync/push", content=bomb, headers=alice._headers(
        {"Content-Encoding": "gzip", "Content-Type": "application/json"}))
    _is_error(exploded, 413)


@pytest.mark.parametrize("body", [b"{", b"[]", b'{"ops": 5}', b'{"ops": [{"op_id": "a"}]}',
                                  b'{"ops": [{"op_id": "a\\u0000", "entity": "household", "entity_id": "x", "kind": "change"}]}'])
def test_malformed_push_is_400(teams: Server, body: bytes) -> None:
    alice = teams.device("alice")
    response = alice.client.post("/api/v1/sync/push", content=body, headers=alice._headers(
        {"Content-Type": "application/json"}))
    _is_error(response, 400)


def test_too_many_ops_and_too_large_pages_are_refused(teams: Server) -> None:
    alice = teams.device("alice")
    ops = [household()[1] for _ in range(501)]
    _is_error(alice.post("/sync/push", {"ops": ops}), 400)
    _is_error(alice.get("/sync/pull", params={"limit": 100000}), 400)
    _is_error(alice.get("/sync/pull", params={"after": -1}), 400)


def test_strange_values_are_stored_without_error(teams: Server) -> None:
    alice = teams.device("alice")
    _, op = household(name="\ud800 broken \x00 نص")
    op["changes"]["district"] = {"old": None, "new": {"nested": ["\x00", 1e308, None]}}
    body = json.dumps({"ops": [op]}).encode()
    response = alice.client.post("/api/v1/sync/push", content=body, headers=alice._headers(
        {"Content-Type": "application/json"}))
    assert response.status_code == 200, response.text


def test_unknown_paths_and_methods_are_json_errors(teams: Server) -> None:
    alice = teams.device("alice")
    _is_error(alice.get("/no/such/thing"), 404)
    _is_error(alice.client.delete("/api/v1/sync/push", headers=alice._headers()), 405)
    _is_error(alice.get("/records/household/..%2f..%2fetc"), 404)
    _is_error(alice.get("/attachments/not-a-hash/status"), 400)


def test_openapi_document_is_served_and_its_schemas_are_valid(server: Server) -> None:
    document = server.client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/sync/push" in document["paths"] and "/api/v1/devices/enroll" in document["paths"]
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"


def test_an_unexpected_failure_is_a_json_500_without_details(caplog: pytest.LogCaptureFixture) -> None:
    from fastapi.testclient import TestClient

    from fieldapp.server.middleware import RequestGuard

    async def broken(scope, receive, send) -> None:  # noqa: ANN001
        raise KeyError("1000000008 فاطمة")

    client = TestClient(RequestGuard(broken, max_body=1000), raise_server_exceptions=False)  # no lifespan
    response = client.get("/api/v1/anything", headers={"X-Fieldapp-Protocol": "1"})
    assert response.status_code == 500 and response.json()["code"] == "server.error"
    assert "1000000008" not in caplog.text and "فاطمة" not in caplog.text and "KeyError" in caplog.text


def test_large_answers_are_gzipped_when_the_client_accepts_it(teams: Server) -> None:
    alice = teams.device("alice")
    alice.push(*[household(name=f"أسرة رقم {n}", national_id="")[1] for n in range(40)])
    response = alice.get("/sync/pull", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("content-encoding") == "gzip"
    assert len(response.json()["changes"]) == 40            # httpx decodes it transparently
    plain = alice.get("/sync/pull", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.json() == response.json() | {
        "server_time": plain.json()["server_time"]}


@pytest.mark.parametrize("number", [b"NaN", b"Infinity", b"-Infinity", b"1e999"])
def test_numbers_json_cannot_carry_are_refused(teams: Server, number: bytes) -> None:
    alice = teams.device("alice")
    body = (b'{"ops":[{"op_id":"a1","entity":"household","entity_id":"h1","kind":"change",'
            b'"changes":{"rooms":{"old":null,"new":[' + number + b']}}}]}')
    response = alice.client.post("/api/v1/sync/push", content=body, headers=alice._headers(
        {"Content-Type": "application/json"}))
    _is_error(response, 400)


@pytest.mark.parametrize("name", ["\\ud800x", "a\\u0000b", "\\u202e\\u0627"])
def test_odd_usernames_at_login_are_4xx(teams: Server, name: str) -> None:
    body = ('{"username": "' + name + '", "password": "x"}').encode()
    response = teams.client.post("/api/v1/devices/enroll", content=body,
                                 headers={"X-Fieldapp-Protocol": "1", "Content-Type": "application/json"})
    assert 400 <= response.status_code < 500, response.text


def test_an_odd_device_name_is_stored_cleaned(teams: Server) -> None:
    body = b'{"username": "alice", "password": "secret-pass", "device_name": "lap\\u0000top \\ud800"}'
    response = teams.client.post("/api/v1/devices/enroll", content=body,
                                 headers={"X-Fieldapp-Protocol": "1", "Content-Type": "application/json"})
    assert response.status_code in (200, 400), response.text


def test_an_absurd_amount_is_kept_in_the_record_not_a_server_error(teams: Server) -> None:
    alice = teams.device("alice")
    hid, hop = household()
    aid, aop = assessment(hid, {"rec_amount": 10**30, "visit_date": "2026-11-01"})
    results = alice.push(hop, aop)
    assert [r["status"] for r in results] == ["applied", "applied"], results
    assert alice.get(f"/records/assessment/{aid}").json()["record"]["answers"]["rec_amount"] == 10**30
