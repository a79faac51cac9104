"""Start the desktop app: `run_app(profile, smoke, lang)` (called by fieldapp/cli.py)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..paths import resource_path
from .i18n import apply_language, install_fonts
from .idle import IdleLock
from .mainwindow import MainWindow
from .qt import QApplication, QIcon, QTimer
from .session import Session
from .settings import load_settings
from .tasks import TaskRunner


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or [sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("fieldapp")
    icon = resource_path("icons", "fieldapp.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    install_fonts(app)
    return app


def build(profile: Path, lang: str | None = None, synchronous: bool = False) -> tuple[QApplication, Session, MainWindow]:
    """The app's parts, for run_app, tests, screenshots and benchmarks."""
    from . import messages  # noqa: F401  (ui.* message codes)

    app = make_app()
    settings = load_settings(profile)
    if lang:
        settings.language = lang  # for this run only; the saved setting stays
    apply_language(app, settings.language)
    session = Session(profile, TaskRunner(synchronous=synchronous), settings)
    # While the window shows and the password is typed, the db lane loads the store; once unlocked, the
    # default form is read on another lane so the first assessment opens quickly.
    session.runner.run(_prewarm_store, on_error=lambda _exc: None)
    session.unlocked.connect(lambda: session.runner.run(_prewarm_form, on_error=lambda _exc: None, lane="net"))
    window = MainWindow(session)
    idle = IdleLock(session)
    idle.watch(window)
    idle.watch_windows(app)
    window.idle = idle  # type: ignore[attr-defined]  (kept alive with the window)
    return app, session, window


def _prewarm_store() -> None:
    from .. import store  # noqa: F401


def _prewarm_form() -> None:
    from .forms import default_form

    default_form()


def first_run(app: QApplication, session: Session, window: MainWindow) -> bool:
    """The wizard; creates the vault (and enrols) when it is accepted."""
    from .wizard import FirstRunWizard

    wizard = FirstRunWizard(session.settings.language, window)
    wizard.language_chosen.connect(lambda lang: apply_language(app, lang))
    if not wizard.exec():
        return False
    data = wizard.result_data()
    settings = session.settings
    settings.language, settings.server_url = data.language, data.server_url
    session.update_settings(settings)
    window.unlock.status.setText("…")
    vault, problem = session.runner.call(lambda: create_profile(session.profile, data), timeout_ms=120000)
    session.attach(vault)
    if problem is not None:  # the local profile stands; say why enrolment did not happen
        window.show_error(problem)
    return True


def create_profile(folder: Path, data: Any) -> tuple[Any, BaseException | None]:
    """Runs on the db lane: the vault, its profile record, and enrolment if chosen. Returns the open vault
    and the reason enrolment failed (None if it worked or was not asked for)."""
    from ..store import Vault

    vault = Vault.create(folder, data.password)
    vault.meta_set("profile", {"username": data.username or "researcher", "role": "researcher", "team": None,
                               "full_name": "", "device_id": "", "server_url": ""})
    if data.enrol:
        try:
            from ..sync.enrolment import enroll

            enroll(vault, data.server_url, data.username, data.server_password)
        except Exception as exc:  # the local profile stands; the researcher can enrol later
            return vault, exc
    return vault, None


def run_app(profile: str | None, smoke: bool, lang: str | None) -> int:
    if smoke:
        return run_smoke(profile, lang)
    from ..commands.common import profile_dir

    folder = profile_dir(profile)
    app, session, window = build(folder, lang)
    window.show()
    if not session.vault_exists():
        if not first_run(app, session, window):
            return 0
    elif os.environ.get("FIELDAPP_PASSWORD"):
        window.unlock.password.setText(os.environ["FIELDAPP_PASSWORD"])
        QTimer.singleShot(0, window.unlock.try_unlock)
    code = app.exec()
    session.runner.wait_idle(10000)
    return int(code)


def run_smoke(profile: str | None, lang: str | None) -> int:
    """Offscreen: a throwaway vault with a little demo data (or the given profile with FIELDAPP_PASSWORD),
    the main window rendered in Arabic, a PDF report written if the reports package is there."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="fieldapp-smoke-") as tmp:
        password = os.environ.get("FIELDAPP_PASSWORD") if profile else None
        if profile and password:
            folder = Path(profile)
        else:
            from ..demo import create_demo

            folder, password = Path(tmp) / "profile", "smoke-password-1"
            create_demo(folder, password, 20, seed=7)
        app, session, window = build(folder, lang or "ar", synchronous=True)
        window.show()
        window.unlock.password.setText(password or "")
        window.unlock.try_unlock()
        if not session.is_open:
            print("smoke: could not unlock the profile", file=sys.stderr)
            return 1
        app.processEvents()
        window.workspace.select("all")
        app.processEvents()
        image = window.grab()
        rows = window.workspace.cases.model.rowCount()
        pdf = _smoke_report(session, Path(tmp))
        print(f"smoke: main window {image.width()}x{image.height()}, {rows} cases listed, "
              f"layout {'rtl' if app.layoutDirection().name == 'RightToLeft' else 'ltr'}"
              + (f", report {pdf} bytes" if pdf else ""))
        session.close()
        window.close()
        return 0 if rows > 0 else 1


def _smoke_report(session: Session, folder: Path) -> int:
    """The assessment report of the first listed case, as the app's report button makes it."""
    try:
        from .reports import write_assessment_report
    except ImportError:
        return 0
    rows = session.vault.page_cases(0, 1)
    if not rows or not rows[0].assessment_id:
        return 0
    out = Path(os.environ.get("FIELDAPP_SMOKE_PDF") or folder / "smoke.pdf")  # kept where asked (installer test)
    write_assessment_report(session.vault, rows[0].assessment_id, out, session.lang)
    return out.stat().st_size
