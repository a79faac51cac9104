"""A real `fieldapp-server serve` process on a free 127.0.0.1 port, for any area's tests.

    from tests.helpers.live_server import LiveServer, live_server   # `live_server` is a pytest fixture

    server = LiveServer(tmp_path / "srv")                 # SQLite in the data folder
    server = LiveServer(tmp_path / "srv", database_url=pg) # or a PostgreSQL URL (use fresh_pg_database)
    server.start()                                        # init (first time) + serve; waits for /healthz
    server.add_user("alice", "researcher", team="t1", password="secret-pass")
    server.url                                            # "http://127.0.0.1:PORT"
    server.kill()                                         # SIGKILL, like a power cut
    server.restart()                                      # same data, same port
    server.stop()

Users, devices and the rest go through the CLI (`server.cli("device", "revoke", ID)`), as head office does.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RECOVERY_PASSPHRASE = "test-recovery-passphrase"
PROTOCOL_HEADERS = {"X-Fieldapp-Protocol": "1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fresh_pg_database(base_url: str) -> str:
    """A new, empty database on the PostgreSQL of `base_url` (tests of several areas share the cluster)."""
    import psycopg

    name = f"fieldapp_{uuid.uuid4().hex[:12]}"
    dsn = base_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return base_url.rsplit("/", 1)[0] + "/" + name


def drop_pg_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    dsn = (base + "/postgres").replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except psycopg.Error:
        pass


class LiveServer:
    def __init__(self, data_dir: Path, database_url: str = "", workers: int = 1,
                 env: dict[str, str] | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.database_url = database_url
        self.workers = workers
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.env = {**os.environ, "FIELDAPP_RECOVERY_PASSPHRASE": RECOVERY_PASSPHRASE,
                    "FIELDAPP_TEST_FAST_KDF": "1", "FIELDAPP_LANG": "en", **(env or {})}
        self.log_path = self.data_dir.parent / f"{self.data_dir.name}-server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _base(self) -> list[str]:
        cmd = [sys.executable, "-c", "from fieldapp.cli import server_main; raise SystemExit(server_main())",
               "--data-dir", str(self.data_dir)]
        if self.database_url:
            cmd += ["--database-url", self.database_url]
        return cmd

    def cli(self, *args: str, env: dict[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run `fieldapp-server --data-dir D [--database-url U] ARGS`."""
        result = subprocess.run([*self._base(), *args], env={**self.env, **(env or {})}, cwd=ROOT,
                                capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise RuntimeError(f"fieldapp-server {' '.join(args)} failed: {result.stderr.strip()}")
        return result

    def init(self) -> None:
        self.cli("init")

    def add_user(self, name: str, role: str, team: str | None = None, password: str = "secret-pass") -> None:
        args = ["user", "add", name, "--role", role] + (["--team", team] if team else [])
        self.cli(*args, env={"FIELDAPP_NEW_PASSWORD": password})

    def start(self, timeout: float = 30.0) -> LiveServer:
        if not (self.data_dir / "recovery_private.pem").exists():
            self.init()
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [*self._base(), "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(self.workers)], env=self.env, cwd=ROOT, stdout=log, stderr=log,
            start_new_session=True)
        log.close()
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not start in time")

    def kill(self) -> None:
        """SIGKILL the whole process group (uvicorn workers included), like a power cut."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> LiveServer:
        self.kill()
        return self.start()

    def enroll(self, username: str, password: str = "secret-pass", device_name: str = "test") -> dict:
        """Enrol a device over HTTP; returns the EnrollResponse (with device_token)."""
        import httpx

        response = httpx.post(f"{self.url}/api/v1/devices/enroll", headers=PROTOCOL_HEADERS, timeout=30,
                              json={"username": username, "password": password, "device_name": device_name})
        response.raise_for_status()
        return response.json()


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    """A started server on SQLite (set FIELDAPP_TEST_SERVER_PG=1 to run it on FIELDAPP_TEST_PG_URL)."""
    url = ""
    base = os.environ.get("FIELDAPP_TEST_PG_URL", "")
    if os.environ.get("FIELDAPP_TEST_SERVER_PG") == "1" and base:
        url = fresh_pg_database(base)
    server = LiveServer(tmp_path / "server", database_url=url)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        if url:
            drop_pg_database(url)
