"""The unlock screen: password, wrong attempts slow down (and say so), never a hint of what is inside.

The count of wrong attempts and the end of the wait are kept in DIR/unlock_state.json (no secret in it), so
closing and restarting the app does not reset the wait.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from ..domain.errors import FieldappError, VaultError
from .i18n import tr
from .qt import QEvent, QLabel, QLineEdit, QPushButton, Qt, QTimer, QVBoxLayout, QWidget, Signal
from .session import Session

C = "Unlock"


def delay_after(failures: int) -> int:
    """Seconds to wait after `failures` wrong passwords in a row: 0, 1, 2, 4, … up to 60."""
    if failures <= 0:
        return 0
    return min(60, 2 ** (failures - 1))


def _state_path(profile: Path) -> Path:
    return Path(profile) / "unlock_state.json"


def read_state(profile: Path) -> tuple[int, float]:
    try:
        data = json.loads(_state_path(profile).read_text(encoding="utf-8"))
        return max(0, int(data.get("failures", 0))), float(data.get("wait_until", 0.0))
    except (OSError, ValueError, TypeError, AttributeError):
        return 0, 0.0


def write_state(profile: Path, failures: int, wait_until: float) -> None:
    path = _state_path(profile)
    try:
        if failures == 0:
            path.unlink(missing_ok=True)
            return
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"failures": failures, "wait_until": wait_until}), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:  # a read-only profile folder: the wait still holds for this run
        pass


class UnlockPage(QWidget):
    opened = Signal(object)   # the vault, opened on the db lane

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.failures, self.wait_until = read_state(session.profile)
        self.setObjectName("unlockPage")
        self.title = QLabel()
        self.title.setObjectName("unlockTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password = QLineEdit()
        self.password.setObjectName("unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.try_unlock)
        self.button = QPushButton()
        self.button.setObjectName("unlockButton")
        self.button.clicked.connect(self.try_unlock)
        self.status = QLabel()
        self.status.setObjectName("unlockStatus")
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box = QVBoxLayout(self)
        box.addStretch(1)
        self.password.setMinimumWidth(320)
        for widget in (self.title, self.password, self.button, self.status):
            widget.setMaximumWidth(420)
            box.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(2)
        self.countdown = QTimer(self)
        self.countdown.setInterval(250)
        self.countdown.timeout.connect(self._tick)
        self.retranslate()
        if self.wait_until > time.time():
            self.button.setEnabled(False)
            self.countdown.start()

    def retranslate(self) -> None:
        self.title.setText(tr(C, "The profile is locked. Enter your password to continue."))
        self.password.setPlaceholderText(tr(C, "Password"))
        self.password.setAccessibleName(tr(C, "Password"))
        self.button.setText(tr(C, "Unlock"))
        self.button.setAccessibleName(tr(C, "Unlock"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reset(self) -> None:
        self.password.clear()
        self.status.clear()
        self.password.setFocus()

    def try_unlock(self) -> None:
        if time.time() < self.wait_until or not self.button.isEnabled():
            return
        secret = self.password.text()
        if not secret:
            return
        self.button.setEnabled(False)
        self.status.setText(tr(C, "Opening…"))
        from ..store import Vault

        folder = self.session.profile
        self.session.runner.run(lambda: Vault.open(folder, secret), on_done=self._opened, on_error=self._failed)

    def _opened(self, vault: object) -> None:
        self.failures, self.wait_until = 0, 0.0
        write_state(self.session.profile, 0, 0.0)
        self.password.clear()
        self.status.clear()
        self.button.setEnabled(True)
        self.opened.emit(vault)

    def _failed(self, exc: BaseException) -> None:
        self.password.selectAll()
        if isinstance(exc, VaultError) and exc.code == "vault.wrong_password":
            self.failures += 1
            seconds = delay_after(self.failures)
            self.wait_until = time.time() + seconds
            write_state(self.session.profile, self.failures, self.wait_until)
            self.status.setText(FieldappError("ui.wait_password", seconds=seconds).message(self.session.lang))
            self.countdown.start()
        else:
            self.button.setEnabled(True)
            self.status.setText(self.session.message(exc))

    def _tick(self) -> None:
        left = self.wait_until - time.time()
        if left <= 0:
            self.countdown.stop()
            self.button.setEnabled(True)
            self.status.setText(tr(C, "Wrong password. You can try again now."))
            return
        self.status.setText(FieldappError("ui.wait_password", seconds=int(left) + 1).message(self.session.lang))
