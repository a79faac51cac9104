"""The review queue on a real vault: oldest first, working-day age, overdue highlighted, opens the review."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fieldapp.ui.qt import QAbstractItemModelTester, Qt
from fieldapp.ui.review.queue import ReviewQueueView
from fieldapp.ui.review.queuemodel import COL_AGE, COL_NAME, COL_RESEARCHER, OVERDUE_ROLE
from tests.ui.review.conftest import add_case


def days_ago(n: int) -> str:
    return f"{(date.today() - timedelta(days=n)).isoformat()}T08:00:00Z"


def test_queue_oldest_first_with_overdue(qtbot: Any, vault: Any, workspace: Any) -> None:
    add_case(vault, "Newest", submitted_at=days_ago(0))
    add_case(vault, "Oldest", submitted_at=days_ago(30))
    add_case(vault, "Draft only", submitted_at=None)
    view = ReviewQueueView(workspace)
    qtbot.addWidget(view)
    QAbstractItemModelTester(view.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    view.refresh()
    model = view.model
    assert model.rowCount() == 2
    names = [model.index(r, COL_NAME).data() for r in range(2)]
    assert names == ["Oldest", "Newest"]
    assert model.index(0, COL_NAME).data(OVERDUE_ROLE) is True
    assert model.index(1, COL_NAME).data(OVERDUE_ROLE) is False
    assert model.index(0, COL_AGE).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert int(model.index(0, COL_AGE).data()) >= 20
    assert "2 waiting" in view.summary.text() and "1 overdue" in view.summary.text()

    view.table.setFocus()
    view.open_index(model.index(0, COL_NAME))
    assert view.currentWidget() is view.review
    assert "Oldest" in view.review.header.text()
    view.review.back_button.click()
    assert view.currentWidget() is view.queue_page


def test_queue_names_researchers_as_the_team_does(vault: Any, session: Any, workspace: Any) -> None:
    add_case(vault, "Widow case", submitted_at=days_ago(1))
    view = ReviewQueueView(workspace)
    view.refresh()
    assert view.model.index(0, COL_RESEARCHER).data() == "amal"  # no team list yet: the username
    # the team head office sent at enrolment: full names
    vault.meta_set("team", {"name": "t1", "members": [{"username": "amal", "full_name": "أمل الحربي",
                                                       "role": "researcher"}]})
    session.reload_profile()
    view.refresh()
    assert view.model.index(0, COL_RESEARCHER).data() == "أمل الحربي"


def test_work_week_setting_changes_the_age(vault: Any, workspace: Any, session: Any) -> None:
    from fieldapp.ui.review.queue import load_queue

    add_case(vault, "Friday", submitted_at="2026-11-19T08:00:00Z")   # a Thursday
    sunday = date(2026, 11, 22)
    assert load_queue(vault, "sun-thu", sunday)[0].age_days == 1
    assert load_queue(vault, "mon-fri", date(2026, 11, 24))[0].age_days == 3


def test_deadline_comes_from_the_server_settings(vault: Any) -> None:
    from fieldapp.ui.review.queue import load_queue

    add_case(vault, "Five days", submitted_at="2026-11-15T08:00:00Z")   # a Sunday
    today = date(2026, 11, 22)                                         # 5 working days later
    assert load_queue(vault, "sun-thu", today)[0].overdue is True
    vault.meta_set("server_settings", {"answer_deadline_days": 7})
    assert load_queue(vault, "sun-thu", today)[0].overdue is False


def test_head_office_finds_an_approved_case_and_reopens_it(qtbot: Any, vault: Any, session: Any,
                                                            workspace: Any) -> None:
    from fieldapp.domain.workflow import Action, Actor, Role
    from tests.ui.review.conftest import TEAM

    done = add_case(vault, "سلمى", submitted_at=days_ago(40))
    vault.transition(done.id, Actor("sara", Role.SUPERVISOR, TEAM), "approve")
    add_case(vault, "Other approved", submitted_at=days_ago(40))
    session.profile_info = {"username": "hq", "role": "admin", "team": None}
    view = ReviewQueueView(workspace)
    qtbot.addWidget(view)
    view.status.setCurrentIndex(view.status.findData("approved"))
    assert view.model.rowCount() == 1 and "1 cases" in view.summary.text()
    assert view.model.index(0, COL_AGE).data() == ""
    view.search.setText("سلمي")            # typed with ي for ى: the blind index folds both
    assert view.model.rowCount() == 1
    view.open_index(view.model.index(0, COL_NAME))
    assert [a for a, b in view.review.buttons.items() if not b.isHidden()] == [Action.REOPEN]
    dialog = view.review.ask(Action.REOPEN)
    dialog.comment.setPlainText("خطأ في مبلغ الإيجار")
    dialog.ok.click()
    assert vault.get_assessment(done.id).status == "returned"
    view.search.setText("no such family")
    assert view.model.rowCount() == 0
