"""The desktop bundle, built for real and run with no Python (slow; the rules are in test_bundle_rules.py).

The slow tests build dist/fieldapp once per session with the documented command (scripts/build-installer.sh,
setup skipped: CI has just run it) into a temporary dist/work path, then run the bundle's executable with a
clean environment — no venv on PATH, no PYTHONPATH, a throwaway HOME — as on a researcher's laptop.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import fieldapp
from tests.helpers.live_server import LiveServer

ROOT = Path(__file__).resolve().parents[2]
MAX_BUNDLE_MB = 250


@dataclass
class Bundle:
    folder: Path
    exe: Path
    work: Path
    seconds: float

    def size_mb(self) -> float:
        total = sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file() and not p.is_symlink())
        return total / 2**20


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """What a laptop without Python has: system PATH only, no venv, no PYTHONPATH, a fresh HOME."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
           "XDG_DATA_HOME": str(home / ".local" / "share"), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_CACHE_HOME": str(home / ".cache"), "TMPDIR": str(home)}
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    if not sys.platform.startswith("linux"):
        pytest.skip("the bundle test runs on Linux (CI)")
    base = tmp_path_factory.mktemp("installer")
    dist, work = base / "dist", base / "work"
    env = dict(os.environ, FIELDAPP_SKIP_SETUP="1", FIELDAPP_DIST=str(dist), FIELDAPP_WORK=str(work),
               PYINSTALLER_CONFIG_DIR=str(base / "pyi-cache"))  # no cache shared with earlier builds
    env.pop("FIELDAPP_BUILD_DEBUG", None)
    start = time.perf_counter()
    done = subprocess.run(["bash", str(ROOT / "scripts" / "build-installer.sh")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - start
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    folder = dist / "fieldapp"
    return Bundle(folder=folder, exe=folder / "fieldapp", work=work, seconds=seconds)


def run_bundle(bundle: Bundle, home: Path, *args: str, timeout: int = 180,
               **env: str) -> subprocess.CompletedProcess[str]:
    home.mkdir(parents=True, exist_ok=True)
    return subprocess.run([str(bundle.exe), *args], cwd=home, env=clean_env(home, **env), capture_output=True,
                          text=True, timeout=timeout)


@pytest.mark.slow
def test_bundle_size_and_version(bundle: Bundle) -> None:
    size = bundle.size_mb()
    print(f"\nbundle {bundle.folder}: {size:.1f} MB unpacked, built in {bundle.seconds:.0f} s")
    assert size <= MAX_BUNDLE_MB
    assert bundle.exe.is_file() and os.access(bundle.exe, os.X_OK)
    done = run_bundle(bundle, bundle.work / "home-version", "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"fieldapp {fieldapp.__version__}"


@pytest.mark.slow
def test_smoke_mode_runs_from_the_bundle_and_writes_a_pdf(bundle: Bundle) -> None:
    home = bundle.work / "home-smoke"
    pdf = home / "smoke.pdf"
    done = run_bundle(bundle, home, "--smoke", FIELDAPP_SMOKE_PDF=str(pdf))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "layout rtl" in done.stdout  # rendered in Arabic
    assert pdf.is_file(), f"the smoke mode wrote no PDF report: {done.stdout!r}"
    assert pdf.read_bytes().startswith(b"%PDF")
    # the vault was throwaway: nothing but the requested report is left in HOME/TMPDIR
    assert [p for p in home.rglob("*") if p != pdf] == []
    if shutil.which("pdftotext") and shutil.which("pdffonts"):
        # the bundled fonts and Arabic shaping work: Arabic text, every font embedded, Amiri among them
        text = unicodedata.normalize("NFKC", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                                            text=True, check=True).stdout)
        assert len(re.findall(r"[\u0621-\u064A]", text)) > 20
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert any("Amiri" in row for row in rows)
        assert all(row.split()[-5] == "yes" for row in rows), fonts  # the "emb" column


@pytest.mark.slow
def test_smoke_mode_on_a_real_x_display(bundle: Bundle) -> None:
    """The xcb platform plugin and the X libraries bundled with it load (Xvfb stands in for a screen)."""
    if not shutil.which("xvfb-run"):
        pytest.skip("xvfb-run not installed")
    home = bundle.work / "home-xcb"
    home.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["xvfb-run", "-a", str(bundle.exe), "--smoke"], cwd=home, capture_output=True,
                          text=True, timeout=180, env=clean_env(home, QT_QPA_PLATFORM="xcb"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "cases listed" in done.stdout


@pytest.mark.slow
def test_headless_commands_from_the_bundle(bundle: Bundle) -> None:
    """Sub-commands are imported by name at run time; they must all be in the bundle."""
    home = bundle.work / "home-cli"
    profile = home / "profile"
    secret = {"FIELDAPP_PASSWORD": "bundle-test-password-1"}
    done = run_bundle(bundle, home, "demo", str(profile), "--households", "3", **secret)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (profile / "vault.db").exists()
    out = home / "export.json"
    done = run_bundle(bundle, home, "export", str(profile), "--format", "json", "-o", str(out), **secret)
    assert done.returncode == 0, done.stdout + done.stderr
    assert out.stat().st_size > 0
    wrong = run_bundle(bundle, home, "export", str(profile), "--format", "json", "-o", str(home / "x.json"),
                       FIELDAPP_PASSWORD="not-the-password")
    assert wrong.returncode != 0 and "Traceback" not in wrong.stderr
    form = bundle.folder / "_internal" / "resources" / "forms" / "household_assessment.json"
    if form.exists():  # the form checker validates with jsonschema: its schema data must be bundled too
        done = run_bundle(bundle, home, "form", "check", str(form))
        assert done.returncode == 0, done.stdout + done.stderr
        broken = home / "broken.json"
        broken.write_text('{"form_id": "x", "sections": "not a list"}', encoding="utf-8")
        done = run_bundle(bundle, home, "form", "check", str(broken))
        assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
    if not (ROOT / "fieldapp" / "commands" / "report.py").exists():
        pytest.skip("the report command is not there yet")
    pdf = home / "stats.pdf"
    done = run_bundle(bundle, home, "report", str(profile), "statistics", "--lang", "ar", "-o", str(pdf), **secret)
    assert done.returncode == 0, done.stdout + done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.slow
def test_bundle_holds_resources_and_no_server_stack(bundle: Bundle) -> None:
    from PyInstaller.archive.readers import CArchiveReader

    internal = bundle.folder / "_internal"
    res = internal / "resources"
    for name in ("fonts/Amiri-Regular.ttf", "fonts/Amiri-Bold.ttf", "icons/fieldapp.png"):
        assert (res / name).is_file(), name
    for source in [*(ROOT / "resources" / "forms").glob("*.json"), *(ROOT / "resources" / "i18n").glob("*.qm")]:
        assert (res / source.parent.name / source.name).is_file(), source.name
    modules = set(CArchiveReader(str(bundle.exe)).open_embedded_archive("PYZ.pyz").toc)
    tops = {name.split(".", 1)[0] for name in modules}
    assert {"fieldapp", "PySide6", "reportlab", "cryptography", "sqlite_utils", "arabic_reshaper",
            "bidi", "hijridate", "requests"} <= tops
    assert not {"fastapi", "uvicorn", "sqlalchemy", "alembic", "psycopg", "xlsxwriter", "schemathesis",
                "hypothesis", "pytest", "starlette", "pydantic"} & tops
    assert not any(m.startswith("fieldapp.server") for m in modules)
    assert {m for m in modules if m.startswith("fieldapp.commands.")} >= {
        f"fieldapp.commands.{p.stem}" for p in (ROOT / "fieldapp" / "commands").glob("*.py") if p.stem != "__init__"}


@pytest.mark.slow
def test_qt_is_trimmed_and_every_library_resolves(bundle: Bundle) -> None:
    internal = bundle.folder / "_internal"
    qt = internal / "PySide6" / "Qt"
    libs = {p.name for p in (qt / "lib").iterdir()}
    assert not [n for n in libs if re.match(r"libQt6(Qml|Quick|Designer|EglFS|WaylandCompositor|Labs)", n)]
    assert {p.name for p in (qt / "plugins" / "platforms").iterdir()} >= {"libqxcb.so", "libqoffscreen.so"}
    translations = [p.name for p in (qt / "translations").glob("*.qm")]
    assert translations and all(re.search(r"_(ar|en)\.qm$", n) for n in translations)
    assert not [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()]  # no dangling links
    # Every binary's needs are met by the bundle or the base system; the Wayland client libraries exist on
    # every Wayland desktop (on X11 Qt never loads the Wayland plugin).
    missing = set()
    for binary in [p for p in internal.rglob("*.so*") if p.is_file() and not p.is_symlink()]:
        out = subprocess.run(["ldd", str(binary)], capture_output=True, text=True,
                             env={"LD_LIBRARY_PATH": str(internal), "PATH": "/usr/bin:/bin"}).stdout
        missing |= {line.split()[0] for line in out.splitlines() if "not found" in line}
    assert {m for m in missing if not m.startswith("libwayland-")} == set()


@pytest.fixture
def head_office(tmp_path: Path) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path / "server").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.slow
def test_enrolment_and_sync_from_the_bundle(bundle: Bundle, head_office: LiveServer) -> None:
    """The network client (requests, urllib3, gzip, certifi) works from the bundle against a real server."""
    head_office.add_user("rana", "researcher", team="t1", password="rana-server-pass")
    home = bundle.work / "home-sync"
    profile = home / "profile"
    secret = {"FIELDAPP_PASSWORD": "bundle-test-password-1", "FIELDAPP_SERVER_PASSWORD": "rana-server-pass"}
    done = run_bundle(bundle, home, "enroll", str(profile), "--server", head_office.url, "--user", "rana",
                      "--device-name", "bundle-laptop", **secret)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "bundle-laptop" in head_office.cli("device", "list").stdout
    done = run_bundle(bundle, home, "sync", str(profile), **secret)
    assert done.returncode == 0, done.stdout + done.stderr
    refused = run_bundle(bundle, home, "enroll", str(home / "other"), "--server", head_office.url, "--user", "rana",
                         FIELDAPP_PASSWORD="bundle-test-password-1", FIELDAPP_SERVER_PASSWORD="wrong-password")
    assert refused.returncode != 0 and "Traceback" not in refused.stderr


@pytest.mark.slow
def test_install_update_and_uninstall_on_a_laptop(bundle: Bundle, tmp_path: Path) -> None:
    """install.sh (scripts/install-laptop.sh, copied into the bundle) as head office runs it, in a sandbox."""
    home = tmp_path / "home"
    profile_db = home / ".local" / "share" / "fieldapp" / "profiles" / "default" / "vault.db"
    profile_db.parent.mkdir(parents=True)
    profile_db.write_bytes(b"a researcher's vault")
    prefix = tmp_path / "برامج المقر"  # an Arabic folder name with a space: paths are never assumed ASCII
    env = clean_env(home, PREFIX=str(prefix), BINDIR=str(tmp_path / "bin"), DATADIR=str(tmp_path / "share"))
    installed = prefix / "fieldapp"

    def sh(script: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["sh", str(script), *args], env={**env, **extra}, capture_output=True, text=True,
                              timeout=300)

    for _ in range(2):  # install, then update over the installed copy
        done = sh(bundle.folder / "install.sh")
        assert done.returncode == 0, done.stdout + done.stderr
        assert f"fieldapp {fieldapp.__version__}" in done.stdout
        assert sorted(p.name for p in prefix.iterdir()) == ["fieldapp"]  # no .new/.old left
    command = tmp_path / "bin" / "fieldapp"
    assert command.resolve() == (installed / "fieldapp").resolve()
    version = subprocess.run([str(command), "--version"], env=env, capture_output=True, text=True, timeout=60)
    assert version.stdout.strip() == f"fieldapp {fieldapp.__version__}"
    desktop = (tmp_path / "share" / "applications" / "fieldapp.desktop").read_text(encoding="utf-8")
    assert f'Exec="{installed}/fieldapp"' in desktop and "Icon=fieldapp" in desktop
    pdf = home / "تقرير.pdf"
    smoke = subprocess.run([str(command), "--smoke"], env={**env, "FIELDAPP_SMOKE_PDF": str(pdf)}, cwd=home,
                           capture_output=True, text=True, timeout=180)
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    assert (tmp_path / "share" / "icons" / "hicolor" / "256x256" / "apps" / "fieldapp.png").is_file()

    assert sh(bundle.folder / "install.sh", PREFIX="relative/path").returncode == 2
    done = sh(installed / "install.sh", "--uninstall")
    assert done.returncode == 0, done.stderr
    assert not installed.exists() and not command.is_symlink()
    assert not (tmp_path / "share" / "applications" / "fieldapp.desktop").exists()
    assert profile_db.read_bytes() == b"a researcher's vault"  # profiles are never touched


@pytest.mark.slow
def test_smoke_mode_with_every_python_installation_hidden(bundle: Bundle) -> None:
    """A laptop with no Python: every Python on this machine is covered by an empty tmpfs in a private
    mount namespace (root and unshare needed; CI runs as root in its container)."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("needs root and unshare to hide Python")
    hide = sorted({sys.base_prefix, sys.prefix, *map(str, Path("/usr/lib").glob("python3*")),
                   *map(str, Path("/usr/local/lib").glob("python3*"))})
    home = bundle.work / "home-nopython"
    home.mkdir(parents=True, exist_ok=True)
    pdf = home / "smoke.pdf"
    script = ('set -e; for d in $HIDE; do [ -d "$d" ] && mount -t tmpfs none "$d"; done; '
              'if python3 -c "import os" 2>/dev/null; then echo "python still usable" >&2; exit 97; fi; '
              'exec "$0" "$@"')
    done = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script, str(bundle.exe),
                           "--smoke"], cwd=home, capture_output=True, text=True, timeout=180,
                          env=clean_env(home, HIDE=" ".join(hide), FIELDAPP_SMOKE_PDF=str(pdf)))
    if done.returncode != 0 and "mount" in done.stderr and "permission denied" in done.stderr.lower():
        pytest.skip("this container may not mount")
    assert done.returncode == 0, done.stdout + done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
