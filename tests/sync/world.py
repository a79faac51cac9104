"""End-to-end test world: one real head-office server process, its users, and device profiles on disk.

A Device is a real vault in a temp folder, enrolled over HTTP; `sync()` runs the real engine in-process
(the CLI tests run `fieldapp sync` as a subprocess). Retries are fast so fault tests stay short.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldapp.domain.entities import Assessment, Household
from fieldapp.store import Vault
from fieldapp.sync.engine import SyncEngine, SyncSummary
from fieldapp.sync.enrolment import enroll
from fieldapp.sync.transport import RetryPolicy, Transport
from tests.helpers.live_server import ROOT, LiveServer

VAULT_PASSWORD = "vault-pass-123"
SERVER_PASSWORD = "secret-pass"
FAST = RetryPolicy(attempts=3, base_delay=0.02, max_delay=0.1)
TEAM = "t1"
USERS = {"amal": ("researcher", TEAM), "huda": ("researcher", TEAM), "sara": ("supervisor", TEAM),
         "noor": ("researcher", "t2"), "lina": ("researcher", "t2"), "reem": ("researcher", "t2"),
         "dana": ("researcher", "t2"), "maha": ("researcher", "t2"),
         "hind": ("researcher", "t3"), "rana": ("researcher", "t4"),
         "sami": ("supervisor", "t3")}


@dataclass
class Device:
    folder: Path
    vault: Vault
    username: str
    summaries: list[SyncSummary] = field(default_factory=list)

    def sync(self, **options: Any) -> SyncSummary:
        options.setdefault("retry", FAST)
        summary = SyncEngine(self.vault, **options).run()
        self.summaries.append(summary)
        return summary

    def transport(self, url: str | None = None) -> Transport:
        profile = self.vault.meta_get("profile")
        return Transport(url or profile["server_url"], token=self.vault.meta_get("device_token"), retry=FAST)

    @property
    def device_id(self) -> str:
        return str(self.vault.meta_get("profile")["device_id"])

    def close(self) -> None:
        self.vault.close()


def new_device(server: LiveServer, folder: Path, username: str) -> Device:
    vault = Vault.create(folder, VAULT_PASSWORD)
    enroll(vault, server.url, username, SERVER_PASSWORD, device_name=folder.name)
    return Device(folder, vault, username)


def new_household(device: Device, **fields: Any) -> Household:
    team = USERS[device.username][1]
    values = {"head_name": "أم محمد", "city": "jeddah", "district": "الصفا", "researcher": device.username,
              "team": team, **fields}
    return device.vault.save_household(Household(**values))


def new_assessment(device: Device, household: Household, answers: dict[str, Any] | None = None) -> Assessment:
    return device.vault.save_assessment(Assessment(
        household_id=household.id, form_id="household_assessment", form_version=1, researcher=device.username,
        team=household.team, visit_date="2026-11-01", answers=answers or {"exp_rent": 150000, "rooms": 3}))


def converged(record: dict[str, Any], expected: dict[str, Any]) -> bool:
    """Two copies of a record agree. updated_at is each device's own (store.records): an edit undone before any
    sync leaves no op to push, so only that device's time moved (hypothesis found 100000→150000→100000)."""
    return {**record, "updated_at": None} == {**expected, "updated_at": None}


def server_rows(server: LiveServer, entity: str) -> dict[str, tuple[int, dict[str, Any]]]:
    """The server's records of one entity, read straight from its database: {id: (version, record)}."""
    with sqlite3.connect(f"file:{server.data_dir / 'server.db'}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT id, version, data FROM records WHERE entity=?", [entity]).fetchall()
    return {row[0]: (int(row[1]), json.loads(row[2])) for row in rows}


def server_op_count(server: LiveServer, device_id: str) -> int:
    with sqlite3.connect(f"file:{server.data_dir / 'server.db'}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM ops WHERE device_id=?", [device_id]).fetchone()[0])


def fieldapp_cli(*args: str, env: dict[str, str] | None = None, **popen: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fieldapp.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env=cli_env(env), **popen)


def cli_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**os.environ, "FIELDAPP_PASSWORD": VAULT_PASSWORD, "FIELDAPP_SERVER_PASSWORD": SERVER_PASSWORD,
            "FIELDAPP_LANG": "en", "FIELDAPP_TEST_FAST_KDF": "1", **(extra or {})}
