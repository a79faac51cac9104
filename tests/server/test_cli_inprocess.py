"""The fieldapp-server commands called in-process (fast): settings, users, devices, forms, export, stats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldapp.server.cli import main
from fieldapp.server.errors import ServerError
from tests.helpers.live_server import RECOVERY_PASSPHRASE


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FIELDAPP_RECOVERY_PASSPHRASE", RECOVERY_PASSPHRASE)
    monkeypatch.setenv("FIELDAPP_NEW_PASSWORD", "secret-pass")
    monkeypatch.delenv("FIELDAPP_DATABASE_URL", raising=False)
    folder = tmp_path / "srv"
    assert main(["--data-dir", str(folder), "init"]) == 0
    return folder


def run(folder: Path, *args: str) -> int:
    return main(["--data-dir", str(folder), *args])


def test_init_makes_a_private_key_only_the_owner_reads(data_dir: Path) -> None:
    private = data_dir / "recovery_private.pem"
    assert private.stat().st_mode & 0o077 == 0
    assert "ENCRYPTED" in private.read_text()
    before = private.read_text()
    assert run(data_dir, "init") == 0                       # a second init keeps the key pair
    assert private.read_text() == before


def test_settings_users_and_devices(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data_dir, "settings", "set", "answer_deadline_days", "5") == 0
    assert run(data_dir, "settings", "set", "currency", "AED") == 0
    capsys.readouterr()
    assert run(data_dir, "settings", "show") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["answer_deadline_days"] == 5 and shown["currency"] == "AED" and shown["rejection_reasons"]
    with pytest.raises(ServerError):
        run(data_dir, "settings", "set", "answer_deadline_days", "soon")
    assert run(data_dir, "user", "add", "huda", "--role", "supervisor", "--team", "jeddah-1") == 0
    with pytest.raises(ServerError) as info:
        run(data_dir, "user", "add", "x", "--role", "researcher")      # researchers belong to a team
    assert info.value.code == "server.team_required"
    assert run(data_dir, "user", "disable", "huda") == 0
    capsys.readouterr()
    assert run(data_dir, "user", "list") == 0
    assert "huda\tsupervisor\tjeddah-1\tdisabled" in capsys.readouterr().out
    with pytest.raises(ServerError) as info:
        run(data_dir, "device", "revoke", "no-such-device")
    assert info.value.code == "server.no_device"


def test_export_and_stats_on_an_empty_server(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cases.json"
    assert run(data_dir, "export", "--format", "json", "-o", str(out)) == 0
    assert json.loads(out.read_text()) == []
    capsys.readouterr()
    assert run(data_dir, "stats", "--json") == 0
    assert json.loads(capsys.readouterr().out)["total"] == {"count": 0, "amount": 0}
