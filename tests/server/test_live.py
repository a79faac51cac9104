"""The real `fieldapp-server` command line and a served process: init, users, devices, kill -9 and restart,
several workers on one database. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers.live_server import PROTOCOL_HEADERS, LiveServer, drop_pg_database, fresh_pg_database

from .factories import household


@pytest.fixture(params=["sqlite", "pg"])
def live_url(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "sqlite":
        yield ""
        return
    base = os.environ.get("FIELDAPP_TEST_PG_URL", "")
    if not base:
        pytest.skip("FIELDAPP_TEST_PG_URL is not set")
    url = fresh_pg_database(base)
    yield url
    drop_pg_database(url)


def _api(server: LiveServer, token: str) -> httpx.Client:
    return httpx.Client(base_url=f"{server.url}/api/v1", timeout=30,
                        headers={**PROTOCOL_HEADERS, "Authorization": f"Bearer {token}"})


@pytest.mark.slow
def test_served_process_survives_kill_and_enforces_revocation(tmp_path: Path, live_url: str) -> None:
    server = LiveServer(tmp_path / "srv", database_url=live_url, workers=2 if live_url else 1)
    server.init()
    server.add_user("alice", "researcher", team="t1")
    server.add_user("sam", "supervisor", team="t1")
    server.start()
    try:
        enrolled = server.enroll("alice")
        with _api(server, enrolled["device_token"]) as api:
            hid, op = household()
            assert api.post("/sync/push", json={"ops": [op]}).json()["results"][0]["status"] == "applied"
            server.kill()                                    # power cut
            server.start()
            changes = api.get("/sync/pull").json()["changes"]
            assert [c["entity_id"] for c in changes] == [hid]
            assert api.post("/sync/push", json={"ops": [op]}).json()["results"][0]["version"] == 1
            devices = server.cli("device", "list").stdout
            assert enrolled["device_id"] in devices and "active" in devices
            server.cli("device", "revoke", enrolled["device_id"])
            revoked = api.get("/sync/pull")
            assert revoked.status_code == 401 and revoked.json()["code"] == "auth.device_revoked"
        server.cli("user", "disable", "sam")
        login = httpx.post(f"{server.url}/api/v1/devices/enroll", headers=PROTOCOL_HEADERS,
                           json={"username": "sam", "password": "secret-pass"})
        assert login.status_code == 403 and login.json()["code"] == "auth.disabled"
    finally:
        server.stop()


@pytest.mark.slow
def test_command_line_errors_are_one_line_and_admin_commands_work(tmp_path: Path) -> None:
    server = LiveServer(tmp_path / "srv")
    refused = server.cli("user", "add", "x", "--role", "admin", check=False)
    assert refused.returncode != 0 and "init" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "srv" / "server.db").exists()
    server.init()
    no_password = server.cli("user", "add", "alice", "--role", "researcher", "--team", "t1", check=False,
                             env={"FIELDAPP_NEW_PASSWORD": ""})
    assert no_password.returncode != 0 and no_password.stderr.count("\n") == 1
    server.add_user("alice", "researcher", team="t1")
    twice = server.cli("user", "add", "alice", "--role", "researcher", "--team", "t1", check=False)
    assert twice.returncode != 0 and "alice" in twice.stderr and "Traceback" not in twice.stderr
    applications = tmp_path / "apps.csv"
    with applications.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["applicant_name", "national_id", "phone"], ["هند", "2000000006", "0551"],
                                      ["هند", "2000000006", "0551"]])
    imported = server.cli("assignments", "import", str(applications), "--team", "t1").stdout
    assert "imported 1" in imported and "duplicates 1" in imported and "line 3" in imported
    assert server.cli("stats").stdout.startswith("total\t0")   # applications are not assessments
    bad_form = tmp_path / "form.json"
    bad_form.write_text("{not json")
    failed = server.cli("forms", "publish", str(bad_form), check=False)
    assert failed.returncode != 0 and "Traceback" not in failed.stderr
