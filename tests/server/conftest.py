"""Server test fixtures: every test that takes `server` runs twice, on SQLite and on the real PostgreSQL
(FIELDAPP_TEST_PG_URL; the PostgreSQL run is skipped only when that variable is unset)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from fastapi.testclient import TestClient
from sqlalchemy import text

from fieldapp.domain.sealed import private_key_to_pem, public_key_to_pem
from fieldapp.server import accounts, catalog
from fieldapp.server.app import create_app
from fieldapp.server.db import Database, migrate, put_setting
from fieldapp.server.settings import ServerSettings
from fieldapp.server.tables import metadata
from tests.helpers.live_server import (
    PROTOCOL_HEADERS,
    RECOVERY_PASSPHRASE,
    drop_pg_database,
    fresh_pg_database,
)

PASSWORD = "secret-pass"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    base = os.environ.get("FIELDAPP_TEST_PG_URL", "")
    if not base:
        pytest.skip("FIELDAPP_TEST_PG_URL is not set")
    url = fresh_pg_database(base)
    db = Database(url)
    migrate(db)
    db.dispose()
    yield url
    drop_pg_database(url)


@pytest.fixture(params=["sqlite", "pg"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'server.db'}")
        migrate(db)
    else:
        db = Database(request.getfixturevalue("pg_url"))
        with db.write() as conn:  # one migrated database per session, emptied before each test
            names = ", ".join(t.name for t in metadata.sorted_tables if t.name != "counters")
            conn.execute(text(f"TRUNCATE {names}"))
            conn.execute(text("UPDATE counters SET value = 0"))
    yield db
    db.dispose()


@dataclass
class Api:
    """A TestClient speaking the protocol as one enrolled device."""

    client: TestClient
    token: str = ""
    device_id: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        base = {**PROTOCOL_HEADERS, **self.headers}
        if self.token:
            base["Authorization"] = f"Bearer {self.token}"
        return {**base, **(extra or {})}

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(f"/api/v1{path}", headers=self._headers(kw.pop("headers", None)), **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.client.post(f"/api/v1{path}", json=body, headers=self._headers(kw.pop("headers", None)), **kw)

    def put(self, path: str, data: bytes, **kw: Any) -> Any:
        return self.client.put(f"/api/v1{path}", content=data,
                               headers=self._headers({"Content-Type": "application/octet-stream"}), **kw)

    def push(self, *ops: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.post("/sync/push", {"ops": list(ops)})
        assert response.status_code == 200, response.text
        return response.json()["results"]

    def pull_all(self, after: int = 0, limit: int = 500) -> tuple[list[dict[str, Any]], int]:
        changes: list[dict[str, Any]] = []
        while True:
            body = self.get("/sync/pull", params={"after": after, "limit": limit}).json()
            changes += body["changes"]
            after = body["next_after"]
            if not body["has_more"]:
                return changes, after


@dataclass
class Server:
    settings: ServerSettings
    db: Database
    client: TestClient
    private_pem: str

    def add_user(self, name: str, role: str, team: str | None = None, password: str = PASSWORD) -> None:
        with self.db.write() as conn:
            accounts.add_user(conn, name, role, team, password)

    def device(self, username: str, password: str = PASSWORD) -> Api:
        response = Api(self.client).post("/devices/enroll", {"username": username, "password": password,
                                                             "device_name": "test"})
        assert response.status_code == 200, response.text
        body = response.json()
        return Api(self.client, token=body["device_token"], device_id=body["device_id"])

    def anonymous(self) -> Api:
        return Api(self.client)


@pytest.fixture
def server(database: Database, tmp_path: Path) -> Iterator[Server]:
    # The completeness check on submit is opt-in for head offices; these tests run with it on.
    settings = ServerSettings(data_dir=tmp_path / "data", database_url=database.url, submit_check=True)
    settings.data_dir.mkdir()
    private = X25519PrivateKey.generate()
    settings.private_key_path.write_text(private_key_to_pem(private, RECOVERY_PASSPHRASE))
    settings.public_key_path.write_text(public_key_to_pem(private.public_key()))
    with database.write() as conn:
        put_setting(conn, "recovery_public_key", public_key_to_pem(private.public_key()))
        # As `fieldapp-server init` does: the default form is published (submits are checked against it).
        catalog.publish_form(conn, json.loads(catalog.default_form_path().read_text(encoding="utf-8")))
    app = create_app(settings, db=database)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield Server(settings, database, client, private_key_to_pem(private, RECOVERY_PASSPHRASE))


@pytest.fixture
def teams(server: Server) -> Server:
    """Two teams: t1 (supervisor sam, researchers alice and bob), t2 (supervisor tara, researcher carl); admin root."""
    for name, role, team in [("sam", "supervisor", "t1"), ("alice", "researcher", "t1"), ("bob", "researcher", "t1"),
                             ("tara", "supervisor", "t2"), ("carl", "researcher", "t2"), ("root", "admin", None)]:
        server.add_user(name, role, team)
    return server
