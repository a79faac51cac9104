"""A bounded schemathesis run over the served OpenAPI document, with and without a device token:
no request may get a server error, and every 4xx is the JSON {code, message}."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.helpers.live_server import PROTOCOL_HEADERS

from .conftest import Server

EXAMPLES = 20


def test_no_server_errors(teams: Server) -> None:
    token = teams.device("alice").token
    schema = schemathesis.openapi.from_asgi("/openapi.json", teams.client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case: schemathesis.Case) -> None:
            for auth in ({"Authorization": f"Bearer {token}"}, {}):   # as an enrolled device, then anonymous
                response = case.call(headers={**PROTOCOL_HEADERS, **auth})
                assert response.status_code < 500, (case.method, case.path, response.status_code,
                                                    response.text[:300])
                if response.status_code >= 400:
                    body = response.json()
                    assert "code" in body and "message" in body, body

        check()
