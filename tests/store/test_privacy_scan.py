"""After `fieldapp demo` with 200 households, no seeded name, ID number or phone is anywhere on disk in
plaintext (database, WAL, attachments, settings), in UTF-8 or UTF-16."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fieldapp.demo import DemoGenerator, profile_for

ROOT = Path(__file__).resolve().parents[2]
HOUSEHOLDS = 200
SEED = 7


def _encodings(secret: str) -> list[bytes]:
    return [secret.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")]


@pytest.fixture(scope="module")
def demo_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "profile"
    env = {**os.environ, "FIELDAPP_PASSWORD": "demo password 1", "FIELDAPP_TEST_FAST_KDF": "1"}
    done = subprocess.run([sys.executable, "-m", "fieldapp.cli", "demo", str(folder), "--households",
                           str(HOUSEHOLDS), "--seed", str(SEED)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return folder


def test_no_seeded_secret_on_disk(demo_profile: Path) -> None:
    profile = profile_for("researcher")
    cases = list(DemoGenerator(SEED, username=profile["username"], team=profile["team"]).cases(HOUSEHOLDS))
    secrets = set().union(*(case.secrets() for case in cases))
    assert len(secrets) > 3 * HOUSEHOLDS
    assert sum(len(case.attachments) for case in cases) >= 4  # blobs are part of the scan
    files = [p for p in demo_profile.rglob("*") if p.is_file()]
    assert any(p.parent.name == "attachments" for p in files)
    needles = sorted({blob for secret in secrets for blob in _encodings(secret)}, key=len)
    for path in files:
        data = path.read_bytes()
        leaked = [n for n in needles if n in data]
        assert not leaked, f"{path.name} holds {len(leaked)} seeded values in plaintext"


def test_scan_would_see_a_leak(tmp_path: Path) -> None:
    """The scan itself works: a plaintext value planted in a file is found."""
    case = next(DemoGenerator(SEED).cases(1))
    planted = tmp_path / "planted.bin"
    planted.write_bytes(b"\x00" * 100 + case.household.head_name.encode("utf-16-le") + b"\x00" * 100)
    data = planted.read_bytes()
    assert any(n in data for n in _encodings(case.household.head_name))


def test_regenerated_data_is_what_the_demo_stored(demo_profile: Path) -> None:
    from fieldapp.store import Vault

    cases = list(DemoGenerator(SEED).cases(HOUSEHOLDS))
    with Vault.open(demo_profile, "demo password 1") as vault:
        stored = {h.national_id for h in vault.iter_households()}
    assert stored == {case.household.national_id for case in cases}


def test_wal_of_an_open_vault_holds_no_secret(demo_profile: Path) -> None:
    from fieldapp.store import Vault

    with Vault.open(demo_profile, "demo password 1") as vault:
        household = next(vault.iter_households())
        household.phone, household.head_name = "0501239876", "هيفاء سالم المنصوري"
        vault.save_household(household)
        wal = demo_profile / "vault.db-wal"
        assert wal.exists() and wal.stat().st_size > 0
        for path in (wal, demo_profile / "vault.db"):
            data = path.read_bytes()
            for secret in ("0501239876", "هيفاء سالم المنصوري"):
                assert not any(n in data for n in _encodings(secret)), path.name
