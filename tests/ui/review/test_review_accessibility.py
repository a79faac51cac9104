"""Every interactive widget of the review views has an objectName and an accessible name, in Arabic and
English, and the Arabic review speaks Arabic right to left."""

from __future__ import annotations

from typing import Any

import pytest

from fieldapp.domain.workflow import Action, Actor, Role
from fieldapp.ui.qt import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    Qt,
)
from fieldapp.ui.review.dashboard import DashboardView
from fieldapp.ui.review.queue import ReviewQueueView
from tests.ui.review.conftest import TEAM, add_case


def unnamed(root: Any) -> list[tuple[str, str]]:
    missing = []
    for cls in (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit):
        for widget in root.findChildren(cls):
            if not widget.isVisibleTo(root) or widget.objectName().startswith("qt_"):
                continue
            if isinstance(widget, QHeaderView):
                continue
            if not widget.objectName() or not widget.accessibleName():
                missing.append((type(widget).__name__, widget.objectName()))
    return missing


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_review_views_name_every_interactive_widget(qtbot: Any, session: Any, vault: Any, workspace: Any,
                                                      lang: str) -> None:
    session.settings.language = lang
    case = add_case(vault, "فاطمة", submitted_at="2026-11-19T08:00:00Z")
    vault.transition(add_case(vault, "x", submitted_at="2026-11-19T08:00:00Z").id,
                     Actor("sara", Role.SUPERVISOR, TEAM), "return", comment="x")
    queue = ReviewQueueView(workspace)
    qtbot.addWidget(queue)
    queue.show()
    queue.refresh()
    assert unnamed(queue) == []
    queue.open_assessment(case.id)
    for tab in range(queue.review.tabs.count()):
        queue.review.tabs.setCurrentIndex(tab)
        assert unnamed(queue) == [], tab
    for action in (Action.APPROVE, Action.RETURN, Action.REJECT):
        dialog = queue.review.ask(action)
        assert unnamed(dialog) == [], action
        dialog.reject()
    board = DashboardView(workspace)
    qtbot.addWidget(board)
    board.show()
    board.refresh()
    assert unnamed(board) == []


def test_arabic_review_is_right_to_left_with_arabic_labels(qtbot: Any, qapp: Any, session: Any, vault: Any,
                                                           workspace: Any) -> None:
    from fieldapp.ui.i18n import apply_language

    session.settings.language = "ar"
    apply_language(qapp, "ar")
    try:
        case = add_case(vault, "فاطمة", submitted_at="2026-11-19T08:00:00Z")
        queue = ReviewQueueView(workspace)
        qtbot.addWidget(queue)
        queue.refresh()
        queue.open_assessment(case.id)
        review = queue.review
        assert review.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert review.buttons[Action.APPROVE].text() == "اعتماد"
        assert review.tabs.tabText(0) == "الإجابات"          # from fieldapp_ar.ts (built to .qm at setup)
        assert "مرسلة للمراجعة" in review.header.text()
        assert "إرسال" in review.timeline.list.item(0).text()
    finally:
        apply_language(qapp, "en")
