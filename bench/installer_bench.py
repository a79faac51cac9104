"""Desktop bundle: build time, size unpacked (and what takes the space), start-up time from the bundle.

Baseline in the same run: the same spec with the Qt trimming switched off (FIELDAPP_BUILD_NO_TRIM=1: what
PyInstaller's hooks collect by themselves), the installed PySide6 package it comes from, and for start-up the
same commands run from the venv. `--quick` skips the untrimmed build and runs the start-ups 3 times, not 5.

    .venv/bin/python -m bench.installer_bench [--quick]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._report import table, write_section

ROOT = Path(__file__).resolve().parent.parent
MB = 2**20


def build(dist: Path, work: Path, cache: Path, *, trim: bool = True) -> float:
    env = dict(os.environ, FIELDAPP_SKIP_SETUP="1", FIELDAPP_DIST=str(dist), FIELDAPP_WORK=str(work),
               PYINSTALLER_CONFIG_DIR=str(cache), FIELDAPP_BUILD_NO_TRIM="0" if trim else "1")
    env.pop("FIELDAPP_BUILD_DEBUG", None)
    start = time.perf_counter()
    subprocess.run(["bash", str(ROOT / "scripts" / "build-installer.sh")], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def breakdown(bundle: Path, top: int = 8) -> list[tuple[str, int]]:
    """Biggest parts of _internal, Qt split into libraries, plugins and translations."""
    internal = bundle / "_internal"
    parts: dict[str, int] = {}
    for path in internal.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        rel = path.relative_to(internal).parts
        if rel[0] == "PySide6" and len(rel) > 2 and rel[1] == "Qt":
            key = f"PySide6/Qt/{rel[2]}"
        elif len(rel) > 1:
            key = rel[0]
        else:
            key = "(libraries at top level)" if ".so" in rel[0] else rel[0]
        parts[key] = parts.get(key, 0) + path.stat().st_size
    return sorted(parts.items(), key=lambda kv: -kv[1])[:top]


def clean_env(home: Path) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "TMPDIR": str(home),
            "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}


def median_run(cmd: list[str], env: dict[str, str], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="no untrimmed baseline build, 3 start-ups")
    args = parser.parse_args()
    repeat = 3 if args.quick else 5
    with tempfile.TemporaryDirectory(prefix="fieldapp-installer-bench-") as tmp:
        base = Path(tmp)
        seconds = build(base / "dist", base / "work", base / "cache")
        bundle = base / "dist" / "fieldapp"
        size = size_of(bundle)
        rows = [["trimmed (shipped)", f"{size / MB:.1f}", f"{seconds:.0f}", "1.00"]]
        if not args.quick:
            raw_seconds = build(base / "dist-raw", base / "work-raw", base / "cache-raw", trim=False)
            raw = size_of(base / "dist-raw" / "fieldapp")
            rows.append(["baseline: hooks' defaults, no trimming", f"{raw / MB:.1f}", f"{raw_seconds:.0f}",
                         f"{raw / size:.2f}"])
        import PySide6

        pyside = size_of(Path(PySide6.__file__).parent)
        rows.append(["reference: PySide6-Essentials as installed", f"{pyside / MB:.1f}", "–", f"{pyside / size:.2f}"])

        home = base / "home"
        home.mkdir()
        env = clean_env(home)
        venv_exe = str(Path(sys.executable).with_name("fieldapp"))
        venv_env = dict(env, PATH=f"{Path(sys.executable).parent}:/usr/bin:/bin")
        starts = []
        for label, extra in (("--version", ["--version"]), ("--smoke", ["--smoke"])):
            frozen = median_run([str(bundle / "fieldapp"), *extra], env, repeat)
            venv = median_run([venv_exe, *extra], venv_env, repeat)
            starts.append([f"fieldapp {label}", f"{frozen:.2f}", f"{venv:.2f}", f"{frozen / venv:.2f}"])
        parts = breakdown(bundle)

    body = "\n\n".join([
        "One-folder PyInstaller bundle of the desktop app (`bash scripts/build-installer.sh`), built cold "
        "(empty PyInstaller cache). Target ≤ 250 MB unpacked.",
        table(["bundle", "size MB (unpacked)", "build s", "size ratio"], rows),
        "Where the space goes (shipped bundle, top parts of `_internal/`):",
        table(["part", "MB"], [[name, f"{n / MB:.1f}"] for name, n in parts]),
        f"Start-up, median of {repeat} runs, clean environment (no venv on PATH); baseline: the same command "
        "from the venv. `--smoke` creates a 20-household vault with the real Argon2id parameters, renders the "
        "main window in Arabic and writes a PDF.",
        table(["command", "bundle s", "venv s", "ratio"], starts),
    ])
    write_section("installer", "Installer: desktop bundle size, build and start-up", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
