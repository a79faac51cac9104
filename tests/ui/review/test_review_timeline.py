"""The history timeline (who, role, when, device, comment; the chain verified), the server's refusals
banner and the team dashboard, on a real vault."""

from __future__ import annotations

from datetime import date
from typing import Any

from fieldapp.domain.workflow import Actor, Role
from fieldapp.ui.review.dashboard import DashboardView, load_dashboard
from fieldapp.ui.review.notices import NoticesBanner
from fieldapp.ui.review.timeline import TimelineWidget
from tests.ui.review.conftest import AMAL, TEAM, add_case

SARA = Actor("sara", Role.SUPERVISOR, TEAM)


def test_timeline_lists_every_step_with_who_role_device_and_comment(qtbot: Any, session: Any, vault: Any) -> None:
    case = add_case(vault, "x", submitted_at="2026-11-19T08:00:00Z")
    vault.transition(case.id, SARA, "return", comment="ينقص صك الطلاق", flagged_fields=["exp_rent"])
    widget = TimelineWidget(session)
    qtbot.addWidget(widget)
    widget.show_events(vault.events_of(case.id), labels={"exp_rent": "Rent"})
    assert widget.list.count() == 2 and widget.broken_at is None and widget.warning.isHidden()
    submit, returned = (widget.list.item(i).text() for i in range(2))
    assert "Submit" in submit and "amal (Researcher)" in submit and "dev-amal"[:8] in submit
    assert "Return for correction" in returned and "sara (Supervisor)" in returned
    assert "Comment: ينقص صك الطلاق" in returned and "Flagged fields: Rent" in returned


def test_a_broken_chain_is_a_visible_warning(qtbot: Any, session: Any, vault: Any) -> None:
    case = add_case(vault, "x", submitted_at="2026-11-19T08:00:00Z")
    vault.transition(case.id, SARA, "approve", comment="ok")
    events = vault.events_of(case.id)
    events[0].comment = "edited after the fact"       # tampering that the hash no longer covers
    widget = TimelineWidget(session)
    qtbot.addWidget(widget)
    widget.show()
    widget.show_events(events)
    assert widget.broken_at == 0
    assert widget.warning.isVisible() and "chain broken at entry 1" in widget.warning.text()
    assert widget.list.item(1).toolTip()
    widget.show_events(list(reversed(vault.events_of(case.id))))   # reordered: also broken
    assert widget.broken_at == 0


def test_notices_banner_shows_the_servers_refusal_and_dismisses(qtbot: Any, session: Any, vault: Any) -> None:
    with vault.transaction():
        vault._add_notice({"op_id": "op-1", "entity": "event", "entity_id": "e-1", "kind": "event",
                           "error": {"code": "workflow.role_forbidden",
                                     "message": {"ar": "دورك (researcher) لا يسمح بتنفيذ «approve»",
                                                 "en": "Your role (researcher) may not approve"}}})
    banner = NoticesBanner(session)
    qtbot.addWidget(banner)
    banner.refresh()
    assert not banner.isHidden()
    assert "Your role (researcher) may not approve" in banner.text.text()
    banner.dismiss_button.click()
    assert banner.isHidden() and vault.notices(unseen_only=True) == []


def test_dashboard_counts_overdue_and_answer_time(qtbot: Any, session: Any, vault: Any, workspace: Any) -> None:
    old = add_case(vault, "Old", submitted_at="2026-11-01T08:00:00Z")
    add_case(vault, "New", submitted_at="2026-11-19T08:00:00Z", researcher=Actor("huda", Role.RESEARCHER, TEAM))
    answered = add_case(vault, "Answered", submitted_at="2026-11-01T08:00:00Z")
    vault.transition(answered.id, SARA, "approve")
    add_case(vault, "Draft", submitted_at=None)
    board = load_dashboard(vault, "sun-thu", date(2026, 11, 20))
    assert board.by_status == {"submitted": 2, "approved": 1, "draft": 1}
    assert board.by_researcher["amal"] == {"submitted": 1, "approved": 1, "draft": 1}
    assert [item.assessment_id for item in board.overdue] == [old.id]
    assert board.answered == 1 and board.average_answer_days is not None

    view = DashboardView(workspace)
    qtbot.addWidget(view)
    view.show_board(board)
    assert "4 assessments" in view.headline.text() and "1 overdue" in view.headline.text()
    assert view.by_researcher.rowCount() == 2 and view.overdue.rowCount() == 1
    assert view.overdue.item(0, 0).text() == "Old"
    view.refresh()  # from the vault, with today's date
    assert view.board is not None and view.board.total == 4
    assert AMAL.username in {view.by_researcher.item(r, 0).text() for r in range(2)}


def test_chain_is_checked_per_assessment_when_a_case_lists_several(vault: Any) -> None:
    from fieldapp.ui.review.timeline import chain_break

    first = add_case(vault, "a", submitted_at="2026-11-19T08:00:00Z")
    second = add_case(vault, "b", submitted_at="2026-11-19T08:00:00Z")
    vault.transition(first.id, SARA, "approve")
    mixed = sorted(vault.events_of(first.id) + vault.events_of(second.id), key=lambda e: e.at)
    assert chain_break(mixed) is None
    mixed[-1].actor = "mallory"
    assert chain_break(mixed) == len(mixed) - 1


def test_dashboard_view_loads_in_chunks_like_the_one_shot_load(
        qtbot: Any, session: Any, vault: Any, workspace: Any, monkeypatch: Any) -> None:
    from fieldapp.ui.review import dashboard

    for n in range(5):
        case = add_case(vault, f"case {n}", submitted_at=f"2026-11-0{n + 1}T08:00:00Z")
        if n % 2:
            vault.transition(case.id, SARA, "return", comment="x")
    monkeypatch.setattr(dashboard, "CHUNK", 2)
    calls: list[int] = []
    real = dashboard.load_events
    monkeypatch.setattr(dashboard, "load_events", lambda vault, ids: calls.append(len(ids)) or real(vault, ids))
    view = DashboardView(workspace)
    qtbot.addWidget(view)
    view.refresh()
    assert calls == [2, 2, 1]   # the five histories touched today, two per task
    one_shot = load_dashboard(vault, "sun-thu", date.today())
    assert view.board is not None
    assert (view.board.by_status, view.board.by_researcher, view.board.answered) == \
        (one_shot.by_status, one_shot.by_researcher, one_shot.answered)
    assert view.board.by_status == {"submitted": 3, "returned": 2}
