"""Unlock: wrong passwords slow down and say so; the right one opens; idle locks after autosaving."""

from __future__ import annotations

from typing import Any

import pytest

from fieldapp.ui.strength import strength
from fieldapp.ui.unlock import delay_after

from .conftest import PASSWORD


def test_wrong_passwords_slow_down_and_say_so(app_parts: tuple[Any, Any, Any]) -> None:
    _app, session, window = app_parts
    page = window.unlock
    page.password.setText("not-the-password")
    page.try_unlock()
    assert not session.is_open
    assert "1 second" in page.status.text() and "Wrong password" in page.status.text()
    assert not page.button.isEnabled()
    page.wait_until = 0          # pretend the wait has passed
    page._tick()
    assert page.button.isEnabled()
    page.password.setText("still-wrong")
    page.try_unlock()
    assert "2 seconds" in page.status.text()
    page.try_unlock()            # while waiting, another attempt is not even tried
    assert page.failures == 2
    # Restarting the app does not reset the wait: a new unlock page reads it from the profile folder.
    from fieldapp.ui.unlock import UnlockPage

    again = UnlockPage(session)
    assert again.failures == 2 and not again.button.isEnabled()
    again.deleteLater()
    page.wait_until = 0
    page._tick()
    page.password.setText(PASSWORD)
    page.try_unlock()
    assert session.is_open and page.failures == 0
    assert not (session.profile / "unlock_state.json").exists()


def test_delays_grow_and_are_capped() -> None:
    delays = [delay_after(n) for n in range(0, 12)]
    assert delays[0] == 0 and delays == sorted(delays) and max(delays) == 60


def test_password_strength_levels() -> None:
    assert strength("short") == 0
    assert strength("password") == 0
    assert strength("abcdefgh") == 0          # on the list of common passwords
    assert strength("qwmzkxpa") == 1          # 8 lower-case letters
    assert strength("zq7wmp2k") == 2
    assert strength("Correct-Horse-Battery-9") == 3


def test_idle_locks_after_autosave(unlocked: tuple[Any, Any, Any], qtbot: Any) -> None:
    _app, session, window = unlocked
    saved: list[bool] = []
    session.on_before_lock(lambda: saved.append(session.is_open))
    idle = window.idle
    idle.timer.start(50)
    qtbot.waitUntil(lambda: not session.is_open, timeout=3000)
    assert saved == [True]   # the autosave hook ran while the keys were still there
    assert window.pages.currentWidget() is window.unlock


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_interactive_widget_has_an_object_and_accessible_name(unlocked: tuple[Any, Any, Any],
                                                                    lang: str) -> None:
    from fieldapp.ui.i18n import apply_language
    from fieldapp.ui.qt import QAbstractButton, QAbstractItemView, QComboBox, QHeaderView, QLineEdit

    app, session, window = unlocked
    session.settings.language = lang
    apply_language(app, lang)
    app.processEvents()
    window.workspace.select("all")

    def unnamed() -> list[tuple[str, str]]:
        missing = []
        for cls in (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView):
            for widget in window.findChildren(cls):
                if not widget.isVisibleTo(window) or widget.objectName().startswith("qt_"):
                    continue  # Qt's own parts (scroll bars, the table corner button)
                if isinstance(widget, QHeaderView) or isinstance(widget.parentWidget(), QAbstractItemView):
                    continue  # a view's header and open cell editors are announced with their view
                if not widget.objectName() or not widget.accessibleName():
                    missing.append((type(widget).__name__, widget.objectName()))
        return missing

    assert unnamed() == []
    row = session.vault.page_cases(0, 1, status="draft")[0]
    window.workspace.open_assessment(row.household_id, row.assessment_id)
    editor = window.workspace.editor
    for page in range(editor.pages.count()):       # every page of the form
        editor.progress.setCurrentRow(page)
        assert unnamed() == [], editor.sections[page].id if page < len(editor.sections) else page


def test_typing_counts_as_activity(unlocked: tuple[Any, Any, Any]) -> None:
    from fieldapp.ui.qt import QApplication, QEvent, QKeyEvent, Qt

    _app, _session, window = unlocked
    idle = window.idle
    idle.timer.start(60_000)
    idle.timer.setInterval(60_000)
    handle = window.windowHandle()
    assert handle is not None
    idle.timer.start(1000)                      # pretend most of the idle time has passed
    QApplication.sendEvent(handle, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"))
    assert idle.timer.remainingTime() > 1000    # restarted with the full auto-lock interval
