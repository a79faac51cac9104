"""The README's first command, scripts/run-demo.sh, without a display: a demo head office on loopback, a
profile enrolled with it and synced, the app's smoke mode on that profile; the server stops with the app.
(Setup is skipped: the test command has just run it.)"""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest

from tests.helpers.live_server import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _run_demo(home: Path, port: int, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "XDG_DATA_HOME")}
    env.update(HOME=str(home), FIELDAPP_SKIP_SETUP="1", FIELDAPP_DEMO_PORT=str(port), FIELDAPP_DEMO_HOUSEHOLDS="20",
               FIELDAPP_TEST_FAST_KDF="1", FIELDAPP_LANG="en", **extra)
    env.pop("FIELDAPP_PASSWORD", None)
    return subprocess.run(["bash", str(ROOT / "scripts" / "run-demo.sh")], env=env, cwd=home, capture_output=True,
                          text=True, timeout=240)


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_first_command_syncs_a_demo_profile_with_a_local_head_office(tmp_path: Path) -> None:
    port = free_port()
    first = _run_demo(tmp_path, port)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Traceback" not in first.stderr
    assert f"Demo head office on http://127.0.0.1:{port}" in first.stdout
    assert "enrolled amal (researcher)" in first.stdout
    assert "pulled 0" not in first.stdout and "sync done" in first.stdout
    assert "smoke: main window" in first.stdout and "20 cases listed" in first.stdout
    assert not _listening(port), "the demo server must stop when the app closes"
    profile = tmp_path / ".local/share/fieldapp/profiles/demo-amal"
    assert (profile / "vault.db").is_file()

    again = _run_demo(tmp_path, port)  # the head office and the profile are made once and reused
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Creating the demo head office" not in again.stdout and "Enrolling" not in again.stdout
    assert "sync done: pushed 0" in again.stdout and "20 cases listed" in again.stdout
    assert not _listening(port)


def test_a_taken_port_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _run_demo(tmp_path, port)
    assert done.returncode != 0
    assert done.stderr.strip().splitlines()[-1] == (
        f"Port {port} is taken (another demo server still running?): set FIELDAPP_DEMO_PORT to a free port.")
