"""A banner with what the server refused (vault.notices): a workflow step a role or state did not allow,
in the user's language, with a button to dismiss. Shown in the review queue and the case views."""

from __future__ import annotations

from typing import Any

from ...domain.errors import FieldappError
from ..i18n import tr
from ..qt import QEvent, QHBoxLayout, QLabel, QPushButton, QWidget

C = "Notices"


def notice_text(notice: dict[str, Any], lang: str) -> str:
    error = notice.get("error") or {}
    message = error.get("message")
    if isinstance(message, dict):
        return str(message.get(lang) or message.get("en") or error.get("code", ""))
    if isinstance(message, str) and message:
        return message
    code = str(error.get("code", ""))
    return FieldappError(code).message(lang) if code else tr(C, "The server refused a change.")


def load_notices(vault: Any) -> list[dict[str, Any]]:
    """Runs on the db lane: unseen notices, each with the name of the case it concerns when known."""
    notices = []
    for notice in vault.notices(unseen_only=True):
        notice = dict(notice)
        try:
            if notice.get("assessment_id"):
                household_id = vault.get_assessment(notice["assessment_id"]).household_id
                notice["case"] = vault.get_household(household_id).head_name
        except FieldappError:  # the case is not on this device (any more): the message alone
            pass
        notices.append(notice)
    return notices


class NoticesBanner(QWidget):
    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("noticesBanner")
        self.text = QLabel()
        self.text.setObjectName("noticesText")
        self.text.setWordWrap(True)
        self.setStyleSheet("#noticesBanner{background:#fdecea;border:1px solid #f5c2c0;border-radius:3px}"
                           "#noticesText{color:#8a1c1c}")
        self.dismiss_button = QPushButton()
        self.dismiss_button.setObjectName("dismissNotices")
        self.dismiss_button.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.addWidget(self.text, 1)
        row.addWidget(self.dismiss_button)
        self.notices: list[dict[str, Any]] = []
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.dismiss_button.setText(tr(C, "Dismiss"))
        self.dismiss_button.setAccessibleName(tr(C, "Dismiss the server's messages"))
        self.text.setAccessibleName(tr(C, "Messages from the server"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        self.session.run(load_notices, on_done=self.show_notices)

    def show_notices(self, notices: list[dict[str, Any]]) -> None:
        self.notices = list(notices)
        self._render()

    def _render(self) -> None:
        if not self.notices:
            self.hide()
            return
        lang = self.session.lang
        head = tr(C, "Head office did not accept:")
        lines = [f"• {n['case']}: {notice_text(n, lang)}" if n.get("case") else f"• {notice_text(n, lang)}"
                 for n in self.notices]
        self.text.setText(head + "\n" + "\n".join(lines))
        self.show()

    def dismiss(self) -> None:
        ids = [n["id"] for n in self.notices]

        def drop(vault: Any) -> None:
            for notice_id in ids:
                vault.dismiss_notice(notice_id)

        self.session.run(drop, on_done=lambda _: self.show_notices([]))
