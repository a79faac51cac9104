"""`fieldapp-server demo`: a demo head office whose cases a freshly enrolled profile pulls over loopback.

The profile that syncs with it must hold exactly the cases `fieldapp demo` makes offline with the same seed
(events and attachments also carry their case's owner, as the server stamps every pushed one)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from fieldapp.demo import create_demo
from fieldapp.store import Vault
from fieldapp.store.export import iter_cases
from fieldapp.sync.engine import SyncEngine
from fieldapp.sync.enrolment import enroll
from tests.helpers.live_server import LiveServer

os.environ.setdefault("FIELDAPP_TEST_FAST_KDF", "1")

HOUSEHOLDS, SEED = 14, 5
USER_PASSWORD, VAULT_PASSWORD = "demo-users-pass", "vault-pass-123"


@pytest.fixture(scope="module")
def demo_office(tmp_path_factory: pytest.TempPathFactory) -> Any:
    live = LiveServer(tmp_path_factory.mktemp("demo-ho") / "server")
    live.init()
    done = live.cli("demo", "--households", str(HOUSEHOLDS), "--seed", str(SEED),
                    env={"FIELDAPP_NEW_PASSWORD": USER_PASSWORD})
    assert f"{HOUSEHOLDS} households" in done.stdout and "amal, sara" in done.stdout
    live.start()
    yield live
    live.stop()


def _synced(server: LiveServer, folder: Path, user: str) -> Vault:
    vault = Vault.create(folder, VAULT_PASSWORD)
    enroll(vault, server.url, user, USER_PASSWORD, device_name=folder.name)
    summary = SyncEngine(vault).run()
    assert summary.pending_left == 0 and summary.attachments_failed == 0
    return vault


def _without_owner_stamps(case: dict[str, Any]) -> dict[str, Any]:
    """The server stamps events and attachments with their case's owner, as for every pushed one."""
    for assessment in case["assessments"]:
        for record in (*assessment["events"], *assessment["attachments"]):
            assert (record.pop("researcher"), record.pop("team")) == ("amal", "jeddah-1")
    return case


def test_the_researcher_pulls_exactly_the_offline_demo_cases(demo_office: LiveServer, tmp_path: Path) -> None:
    synced = _synced(demo_office, tmp_path / "amal", "amal")
    create_demo(tmp_path / "offline", VAULT_PASSWORD, HOUSEHOLDS, seed=SEED)
    offline = Vault.open(tmp_path / "offline", VAULT_PASSWORD)
    errors: list[Any] = []
    pulled = [_without_owner_stamps(case) for case in iter_cases(synced, errors)]
    expected = list(iter_cases(offline, errors))
    assert not errors
    assert len(pulled) == HOUSEHOLDS
    assert sorted(pulled, key=lambda c: c["id"]) == sorted(expected, key=lambda c: c["id"])
    # the attachments came down too, byte for byte
    for case in pulled:
        for assessment in case["assessments"]:
            for ref in assessment["attachments"]:
                assert synced.read_attachment(ref["id"]) == offline.read_attachment(ref["id"])
    synced.close()
    offline.close()


def test_the_supervisor_sees_the_team_cases_without_drafts(demo_office: LiveServer, tmp_path: Path) -> None:
    vault = _synced(demo_office, tmp_path / "sara", "sara")
    statuses = [a["status"] for case in iter_cases(vault, []) for a in case["assessments"]]
    assert statuses and "draft" not in statuses
    assert {"submitted", "approved"} <= set(statuses)
    vault.close()


def test_demo_data_never_goes_into_a_server_that_holds_cases(demo_office: LiveServer) -> None:
    again = demo_office.cli("demo", "--households", "3", env={"FIELDAPP_NEW_PASSWORD": USER_PASSWORD},
                            check=False)
    assert again.returncode != 0
    assert again.stderr.strip().splitlines() == ["Demo data can only be added to a server that holds no cases yet"]


def test_a_bad_household_count_is_one_line(tmp_path: Path) -> None:
    live = LiveServer(tmp_path / "server")
    live.init()
    done = live.cli("demo", "--households", "-4", env={"FIELDAPP_NEW_PASSWORD": USER_PASSWORD}, check=False)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == ["Invalid value: --households -4"]
