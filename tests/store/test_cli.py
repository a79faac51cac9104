"""The headless commands as a user runs them: one clear line and a non-zero exit on bad input."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from fieldapp.demo import create_demo
from fieldapp.domain.entities import WorkflowEvent
from fieldapp.domain.history import first_break
from fieldapp.store import Vault

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "demo password 1"


def fieldapp(*args: str, password: str | None = PASSWORD, new_password: str | None = None,
             ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FIELDAPP_PASSWORD", "FIELDAPP_NEW_PASSWORD")}
    env.update(FIELDAPP_TEST_FAST_KDF="1", FIELDAPP_LANG="en")
    if password is not None:
        env["FIELDAPP_PASSWORD"] = password
    if new_password is not None:
        env["FIELDAPP_NEW_PASSWORD"] = new_password
    return subprocess.run([sys.executable, "-m", "fieldapp.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)


def one_line_error(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for word in words:
        assert word in lines[0]


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "profile"
    create_demo(folder, PASSWORD, 20, seed=3)
    return folder


def test_export_json_and_csv(profile: Path, tmp_path: Path) -> None:
    done = fieldapp("export", str(profile), "--format", "json", "-o", str(tmp_path / "all.json"))
    assert done.returncode == 0, done.stderr
    data = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert len(data["households"]) == 20
    assert all(h["assessments"] and h["head_name"] for h in data["households"])
    assert any(a["events"] for h in data["households"] for a in h["assessments"])
    for household in data["households"]:
        for assessment in household["assessments"]:
            assert first_break([WorkflowEvent.from_dict(e) for e in assessment["events"]]) is None
    assert os.stat(tmp_path / "all.json").st_mode & 0o077 == 0
    done = fieldapp("export", str(profile), "--format", "csv", "-o", str(tmp_path / "all.csv"))
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "all.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len({r["household_id"] for r in rows}) == 20
    assert len(rows) == sum(len(h["assessments"]) for h in data["households"])


def test_wrong_password(profile: Path, tmp_path: Path) -> None:
    one_line_error(fieldapp("export", str(profile), "--format", "json", "-o", str(tmp_path / "x.json"),
                            password="not the password"), "Wrong password")
    assert not (tmp_path / "x.json").exists()


def test_missing_folder_and_not_a_vault(tmp_path: Path) -> None:
    one_line_error(fieldapp("export", str(tmp_path / "nowhere"), "-o", str(tmp_path / "x.json")), "not found")
    (tmp_path / "junk").mkdir()
    one_line_error(fieldapp("export", str(tmp_path / "junk"), "-o", str(tmp_path / "x.json")), "not a fieldapp")
    one_line_error(fieldapp("passwd", str(tmp_path / "junk"), new_password="whatever 123"), "not a fieldapp")


def test_no_password_without_a_terminal(profile: Path, tmp_path: Path) -> None:
    one_line_error(fieldapp("export", str(profile), "-o", str(tmp_path / "x.json"), password=None),
                   "FIELDAPP_PASSWORD")


def test_tampered_record_is_named_and_the_rest_exported(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    create_demo(folder, PASSWORD, 12, seed=5)
    conn = sqlite3.connect(folder / "vault.db")
    victim, blob = conn.execute("SELECT id, data FROM households ORDER BY case_no LIMIT 1 OFFSET 4").fetchone()
    altered = bytearray(blob)
    altered[30] ^= 0xFF
    conn.execute("UPDATE households SET data=? WHERE id=?", [bytes(altered), victim])
    conn.commit()
    conn.close()
    done = fieldapp("export", str(folder), "--format", "json", "-o", str(tmp_path / "out.json"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"households/{victim}" in done.stderr
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    readable = [h for h in data["households"] if not h.get("unreadable")]
    assert len(readable) == 11
    (broken,) = [h for h in data["households"] if h.get("unreadable")]
    assert broken["id"] == victim and broken["assessments"]  # its assessments are still exported


def test_passwd(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    create_demo(folder, PASSWORD, 3, seed=2)
    one_line_error(fieldapp("passwd", str(folder), password="wrong password", new_password="new password 2"),
                   "Wrong password")
    one_line_error(fieldapp("passwd", str(folder), new_password="short"), "too short")
    done = fieldapp("passwd", str(folder), new_password="new password 2")
    assert done.returncode == 0, done.stderr
    with Vault.open(folder, "new password 2") as vault:
        assert vault.count_cases() == 3


def test_demo_refuses_an_existing_profile_and_bad_counts(profile: Path, tmp_path: Path) -> None:
    one_line_error(fieldapp("demo", str(profile), "--households", "5"), "already exists")
    one_line_error(fieldapp("demo", str(tmp_path / "new"), "--households", "-3"), "Invalid value")


def test_demo_supervisor_profile(tmp_path: Path) -> None:
    done = fieldapp("demo", str(tmp_path / "sup"), "--households", "30", "--role", "supervisor", "--seed", "4")
    assert done.returncode == 0, done.stderr
    with Vault.open(tmp_path / "sup", PASSWORD) as vault:
        assert vault.meta_get("profile")["role"] == "supervisor"
        assert vault.count_cases(status="draft") == 0
        assert vault.count_cases(status="submitted") > 0


def test_export_to_an_impossible_place(profile: Path, tmp_path: Path) -> None:
    one_line_error(fieldapp("export", str(profile), "-o", str(tmp_path)), "Cannot write")
    one_line_error(fieldapp("export", str(profile), "-o", str(tmp_path / "no" / "such" / "x.json")), "Cannot write")
