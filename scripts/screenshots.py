"""Render the main screens offscreen in Arabic and English into docs/screenshots/ui_*.png.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FIELDAPP_TEST_FAST_KDF", "1")  # a throwaway demo vault: the KDF cost is not the point
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PASSWORD = "screenshot-password"


@contextmanager
def main_window(folder: Path, lang: str, out: Path) -> Iterator[tuple[Any, Any, Callable[..., None], list[Path]]]:
    """(session, window, save(name, widget=window), written): the app on `folder` in `lang`, shown at 1280×800;
    save writes the widget to out/ui_NAME_LANG.png. Closed on leaving."""
    from fieldapp.ui.app import build
    from fieldapp.ui.qt import QApplication

    _app, session, window = build(folder, lang, synchronous=True)
    settings = session.settings
    settings.digits = "arabic" if lang == "ar" else "latin"   # as each language's users usually set it
    session.update_settings(settings)
    window.resize(1280, 800)
    window.show()
    written: list[Path] = []

    def save(name: str, widget: Any = None) -> None:
        QApplication.processEvents()
        path = out / f"ui_{name}_{lang}.png"
        (widget or window).grab().save(str(path))
        written.append(path)

    try:
        yield session, window, save, written
    finally:
        session.close()
        window.close()
        window.deleteLater()
        QApplication.processEvents()


def shoot(folder: Path, lang: str, out: Path) -> list[Path]:
    """A researcher's device: unlock, cases, search, a case, the editor's pages, the wizard and settings."""
    with main_window(folder, lang, out) as (session, window, save, written):
        save("unlock")
        window.unlock.password.setText(PASSWORD)
        window.unlock.try_unlock()
        window.sync.start()  # the sync the app runs after unlock: the status bar then shows the connection
        window.workspace.select("all")
        save("cases")
        window.workspace.cases.search.setText("محمد" if lang == "ar" else "ahmad")
        save("search")
        window.workspace.cases.search.setText("")
        model = window.workspace.cases.model
        row = model.row_at(0)
        window.workspace.open_case(row.household_id)
        save("case")
        drafts = session.vault.page_cases(0, 1, status="draft")
        if drafts:
            window.workspace.open_assessment(drafts[0].household_id, drafts[0].assessment_id)
            editor = window.workspace.editor
            if editor is not None:
                save("editor")
                members = next((n for n, s in enumerate(editor.sections) if any(f.type == "repeat" for f in s.fields)), 1)
                editor.progress.setCurrentRow(members)
                save("editor_members")
                editor.progress.setCurrentRow(len(editor.sections) - 1)
                save("editor_summary")
                editor.close_editor()
        from fieldapp.ui.wizard import FirstRunWizard

        wizard = FirstRunWizard(lang, window)
        wizard.resize(640, 460)
        wizard.show()
        wizard.next()
        wizard.next()
        wizard.password_page.password.setText("Kidney-Care-2026")
        wizard.password_page.again.setText("Kidney-Care-2026")
        save("wizard", wizard)
        wizard.close()
        from fieldapp.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(session.settings, window)
        dialog.show()
        save("settings", dialog)
        dialog.close()
    return written


def shoot_supervisor(folder: Path, lang: str, out: Path) -> list[Path]:
    """A supervisor's device: the review queue, one review, the team dashboard."""
    with main_window(folder, lang, out) as (_session, window, save, written):
        window.unlock.password.setText(PASSWORD)
        window.unlock.try_unlock()
        workspace = window.workspace
        workspace.select("review")
        save("review_queue")
        queue = workspace.views["review"]
        if queue.model.items:
            queue.open_assessment(queue.model.items[0].assessment_id)
            save("review")
        workspace.select("dashboard")
        save("dashboard")
    return written


@contextmanager
def demo_head_office(folder: Path, households: int) -> Iterator[str]:
    """`fieldapp-server demo` in `folder`, served on a free loopback port (as scripts/run-demo.sh does); its URL."""
    import socket
    import subprocess
    import time
    import urllib.request

    env = {**os.environ, "FIELDAPP_SERVER_DATA": str(folder), "FIELDAPP_NEW_PASSWORD": PASSWORD,
           "FIELDAPP_RECOVERY_PASSPHRASE": "screenshot-recovery", "FIELDAPP_LANG": "en"}
    server = [sys.executable, "-c", "from fieldapp.cli import server_main; raise SystemExit(server_main())"]
    subprocess.run([*server, "init"], env=env, check=True, capture_output=True)
    subprocess.run([*server, "demo", "--households", str(households), "--seed", "3"], env=env, check=True,
                   capture_output=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([*server, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def enrolled(folder: Path, url: str, user: str) -> Path:
    """A new profile enrolled with the demo head office and synced."""
    from fieldapp.store import Vault
    from fieldapp.sync.engine import SyncEngine
    from fieldapp.sync.enrolment import enroll

    with Vault.create(folder, PASSWORD) as vault:
        enroll(vault, url, user, PASSWORD, device_name=folder.name)
        SyncEngine(vault).run()
    return folder


def make_conflict(folder: Path, other: Path, url: str) -> None:
    """The same phone number changed on two laptops of one researcher: the second sync keeps both values as a
    conflict for a person to resolve (what the conflicts screen shows)."""
    from dataclasses import replace

    from fieldapp.store import Vault
    from fieldapp.sync.engine import SyncEngine

    enrolled(other, url, "amal")
    with Vault.open(folder, PASSWORD) as mine, Vault.open(other, PASSWORD) as theirs:
        household = next(iter(mine.iter_households()))
        theirs.save_household(replace(theirs.get_household(household.id), phone="0551234567"))
        SyncEngine(theirs).run()
        mine.save_household(replace(household, phone="0509876543"))
        SyncEngine(mine).run()


def shoot_conflicts(folder: Path, lang: str, out: Path) -> list[Path]:
    with main_window(folder, lang, out) as (_session, window, save, written):
        window.unlock.password.setText(PASSWORD)
        window.unlock.try_unlock()
        window.workspace.select("conflicts")
        view = window.workspace.views.get("conflicts")
        table = getattr(view, "table", None)
        if table is not None and table.rowCount():
            table.selectRow(0)
            table.setFocus()
        save("conflicts")
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "docs" / "screenshots"))
    parser.add_argument("--households", type=int, default=60)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="fieldapp-shots-") as tmp, \
            demo_head_office(Path(tmp) / "head-office", args.households) as url:
        # Devices enrolled with a demo head office on loopback, as the first command makes them: the status
        # bar shows a real last sync, and one household was changed on two laptops to show a conflict.
        folder = enrolled(Path(tmp) / "profile", url, "amal")
        supervisor = enrolled(Path(tmp) / "supervisor", url, "sara")
        make_conflict(folder, Path(tmp) / "second-laptop", url)
        for lang in ("ar", "en"):
            for path in (shoot(folder, lang, out) + shoot_conflicts(folder, lang, out)
                         + shoot_supervisor(supervisor, lang, out)):
                print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
