"""Background sync from the app against a real server process: the button syncs, the status bar says
online, pending changes and last sync; with the server gone it says offline in plain words, and the app
keeps working (saving) meanwhile."""

from __future__ import annotations

from typing import Any

import pytest

from fieldapp.domain.entities import Household
from tests.helpers.live_server import LiveServer

pytestmark = pytest.mark.slow


def test_sync_button_status_and_offline(unlocked: tuple[Any, Any, Any], tmp_path: Any) -> None:
    from fieldapp.ui.enrol_dialog import EnrolDialog

    _app, session, window = unlocked
    server = LiveServer(tmp_path / "server").start()
    try:
        username = session.actor.username
        server.add_user(username, "researcher", team=session.actor.team)
        assert window.enrol_action.isVisible()                    # a local profile offers to enrol
        dialog = EnrolDialog(session, window)
        dialog.server.setText(server.url)
        dialog.password.setText("wrong-pass")
        dialog.enrol()
        assert "password" in dialog.status.text().lower()        # plain words from the sync messages
        dialog.password.setText("secret-pass")
        dialog.enrol()
        assert dialog.result() == 1 and session.settings.server_url == server.url
        sync, status = window.sync, window.sync_status
        sync.refresh_state()
        assert sync.enrolled and status.button.isEnabled()
        assert not window.enrol_action.isVisible()
        session.vault.save_household(Household(head_name="نورة سالم", phone="0501112233"))
        sync.refresh_state()
        assert sync.pending > 0
        status.button.click()                    # synchronous runner: the sync runs to the end here
        assert sync.online is True, sync.error
        assert sync.pending == 0
        assert "Online" in status.state.text()
        assert "never" not in status.last.text()
        server.kill()
        session.vault.save_household(Household(head_name="هند علي", phone="0501112244"))
        status.button.click()
        assert sync.online is False
        assert "Offline" in status.state.text()
        assert "head office" in status.last.text().lower()   # the plain-words reason, not a traceback
        sync.refresh_state()
        assert sync.pending > 0                  # kept for the next sync
    finally:
        server.stop()
