"""The client killed in the middle of a pull: the next sync ends consistent, no gap and no duplicate."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from fieldapp.store import Vault
from fieldapp.sync.enrolment import enroll
from tests.helpers.live_server import ROOT, LiveServer
from tests.sync.world import SERVER_PASSWORD, VAULT_PASSWORD, cli_env, new_device, new_household

RECORDS = 1200


def households_up_to(server: LiveServer, seq: int, ids: set[str]) -> set[str]:
    with sqlite3.connect(f"file:{server.data_dir / 'server.db'}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT id FROM records WHERE entity='household' AND seq<=?", [seq]).fetchall()
    return {row[0] for row in rows} & ids


@pytest.fixture(scope="module")
def published(server: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Households another laptop of the same researcher has already synced."""
    source = new_device(server, tmp_path_factory.mktemp("source") / "dev", "reem")
    ids = {new_household(source, head_name=f"أسرة {i}").id for i in range(RECORDS)}
    assert source.sync().pending_left == 0
    source.close()
    return ids


def interrupted_sync(server: LiveServer, target: Path, signum: int) -> subprocess.Popen[str]:
    """`fieldapp sync` on a fresh profile, sent `signum` while its fourth pull page is being applied."""
    with Vault.create(target, VAULT_PASSWORD) as vault:
        enroll(vault, server.url, "reem", SERVER_PASSWORD)
    process = subprocess.Popen([sys.executable, "-m", "fieldapp.cli", "sync", str(target), "--verbose",
                                "--page-size", "50"], cwd=ROOT, env=cli_env(), stderr=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    pages = 0
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("pull "):
            pages += 1
            if pages == 4:
                os.kill(process.pid, signum)
                break
    process.wait(timeout=60)
    return process


@pytest.mark.slow
def test_sigkill_mid_pull_leaves_no_gap_and_no_duplicate(server: LiveServer, published: set[str],
                                                         tmp_path: Path) -> None:
    ids = published
    target = tmp_path / "target"
    process = interrupted_sync(server, target, signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL

    with Vault.open(target, VAULT_PASSWORD) as vault:
        cursor = vault.sync_cursor()
        held = {h.id for h in vault.iter_households()} & ids
        # Exactly what the server numbered up to the cursor: nothing missing below it, nothing above it.
        assert held == households_up_to(server, cursor, ids)
        assert 0 < len(held) < RECORDS

    finish = subprocess.run([sys.executable, "-m", "fieldapp.cli", "sync", str(target)], cwd=ROOT, env=cli_env(),
                            capture_output=True, text=True, timeout=120)
    assert finish.returncode == 0, finish.stderr
    with Vault.open(target, VAULT_PASSWORD) as vault:
        households = [h for h in vault.iter_households() if h.id in ids]
        assert len(households) == len({h.id for h in households}) == RECORDS
        assert vault.count_cases() >= RECORDS
        assert vault.outbox_count() == 0
        assert {h.id for h in households} == ids


@pytest.mark.slow
def test_ctrl_c_mid_pull_stops_cleanly_and_the_next_sync_resumes(server: LiveServer, published: set[str],
                                                                  tmp_path: Path) -> None:
    target = tmp_path / "target"
    process = interrupted_sync(server, target, signal.SIGINT)
    out = process.stdout.read() if process.stdout else ""
    assert process.returncode == 1 and out.startswith("sync cancelled")
    with Vault.open(target, VAULT_PASSWORD) as vault:
        held = {h.id for h in vault.iter_households()} & published
        assert held == households_up_to(server, vault.sync_cursor(), published)
        assert 0 < len(held) < RECORDS
    finish = subprocess.run([sys.executable, "-m", "fieldapp.cli", "sync", str(target)], cwd=ROOT, env=cli_env(),
                            capture_output=True, text=True, timeout=120)
    assert finish.returncode == 0 and "sync done" in finish.stdout
    with Vault.open(target, VAULT_PASSWORD) as vault:
        assert {h.id for h in vault.iter_households()} & published == published
