"""Enrol a local profile with head office later (server, user, password); the network call runs on the db
lane because enrolment writes the device token into the vault."""

from __future__ import annotations

from typing import Any

from .i18n import tr
from .qt import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget
from .session import Session

C = "Wizard"


class EnrolDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("enrolDialog")
        self.setWindowTitle(tr(C, "Enrol with head office"))
        self.server = self._line("enrolServer", tr(C, "Server address"), session.settings.server_url)
        self.username = self._line("enrolUser", tr(C, "User name"), str(session.profile_info.get("username", "")))
        self.password = self._line("enrolPassword", tr(C, "Head-office password"), "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.status = QLabel()
        self.status.setObjectName("enrolStatus")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName("enrolButtons")
        self.buttons.accepted.connect(self.enrol)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(tr(C, "Server address"), self.server)
        form.addRow(tr(C, "User name"), self.username)
        form.addRow(tr(C, "Head-office password"), self.password)
        form.addRow(self.status)
        form.addRow(self.buttons)

    def _line(self, name: str, label: str, text: str) -> QLineEdit:
        line = QLineEdit(text)
        line.setObjectName(name)
        line.setAccessibleName(label)
        return line

    def enrol(self) -> None:
        from ..sync.enrolment import enroll

        url, user, secret = self.server.text().strip(), self.username.text().strip(), self.password.text()
        if not (url and user and secret):
            return
        self.buttons.setEnabled(False)
        self.status.setText("…")
        self.session.run(lambda v: enroll(v, url, user, secret), on_done=self._done, on_error=self._failed)

    def _done(self, _answer: Any) -> None:
        self.password.clear()
        settings = self.session.settings
        settings.server_url = self.server.text().strip()
        self.session.update_settings(settings)
        self.session.reload_profile()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.status.setText(self.session.message(exc))
