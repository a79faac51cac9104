"""The review view and decision dialogs on a real vault: each decision becomes a workflow event; what a
role may not do is not offered, and a refusal is shown in plain words."""

from __future__ import annotations

from typing import Any

from fieldapp.domain.entities import Assessment
from fieldapp.domain.workflow import Action, Actor, Role
from fieldapp.ui.review.view import ReviewView
from tests.ui.review.conftest import AMAL, TEAM, add_case


def open_review(qtbot: Any, session: Any, assessment: Assessment) -> ReviewView:
    view = ReviewView(session)
    qtbot.addWidget(view)
    view.load(assessment.id)
    assert view.data is not None and view.data.assessment.id == assessment.id
    return view


def test_supervisor_sees_only_decisions_and_approves(qtbot: Any, session: Any, vault: Any) -> None:
    case = add_case(vault, "فاطمة", submitted_at="2026-11-19T08:00:00Z")
    view = open_review(qtbot, session, case)
    visible = {a for a, b in view.buttons.items() if not b.isHidden()}
    assert visible == {Action.APPROVE, Action.RETURN, Action.REJECT}
    dialog = view.ask(Action.APPROVE)
    assert dialog is not None and dialog.ok.isEnabled()
    dialog.comment.setPlainText("مستوفية")
    with qtbot.waitSignal(view.decided, timeout=2000):
        dialog.ok.click()
    stored = vault.get_assessment(case.id)
    assert stored.status == "approved" and stored.review_comment == "مستوفية"
    last = vault.events_of(case.id)[-1]
    assert (last.action, last.actor, last.role, last.device_id) == ("approve", "sara", "supervisor", "dev-sara")
    assert all(view.buttons[a].isHidden() for a in view.buttons)  # reloaded: nothing left to decide
    assert "Approve" in view.timeline.list.item(1).text()


def test_return_needs_a_comment_and_carries_flagged_fields(qtbot: Any, session: Any, vault: Any) -> None:
    case = add_case(vault, "Huda", submitted_at="2026-11-19T08:00:00Z")
    view = open_review(qtbot, session, case)
    dialog = view.ask(Action.RETURN)
    assert not dialog.ok.isEnabled() and "comment is required" in dialog.hint.text()
    assert dialog.fields.count() > 0
    dialog.set_flagged(["exp_rent"])
    dialog.comment.setPlainText("أرفقي عقد الإيجار")
    assert dialog.ok.isEnabled()
    dialog.ok.click()
    stored = vault.get_assessment(case.id)
    assert (stored.status, stored.flagged_fields, stored.review_comment) == \
        ("returned", ["exp_rent"], "أرفقي عقد الإيجار")
    assert vault.events_of(case.id)[-1].flagged_fields == ["exp_rent"]


def test_reject_needs_a_reason_from_head_office_list(qtbot: Any, session: Any, vault: Any) -> None:
    vault.meta_set("server_settings", {"rejection_reasons": [
        {"code": "no_contact", "ar": "تعذر التواصل", "en": "Could not reach the family"},
        {"code": "other", "ar": "آخر", "en": "Other"}]})
    case = add_case(vault, "Mona", submitted_at="2026-11-19T08:00:00Z")
    view = open_review(qtbot, session, case)
    dialog = view.ask(Action.REJECT)
    assert [dialog.reason.itemData(i) for i in range(dialog.reason.count())] == ["", "no_contact", "other"]
    assert not dialog.ok.isEnabled()
    dialog.reason.setCurrentIndex(1)
    dialog.comment.setPlainText("three visits, nobody home")
    dialog.ok.click()
    stored = vault.get_assessment(case.id)
    assert (stored.status, stored.reject_reason) == ("rejected", "no_contact")
    assert "Reason: Could not reach the family" in view.header.text()
    assert "Could not reach the family" in view.timeline.list.item(1).text()


def test_a_refused_step_is_shown_not_raised(qtbot: Any, session: Any, vault: Any) -> None:
    case = add_case(vault, "Late", submitted_at="2026-11-19T08:00:00Z")
    view = open_review(qtbot, session, case)
    vault.transition(case.id, Actor("sara", Role.SUPERVISOR, TEAM), "approve")  # decided elsewhere meanwhile
    dialog = view.ask(Action.REJECT)
    dialog.reason.setCurrentIndex(1)
    dialog.ok.click()
    assert "Cannot reject an assessment that is approved" in view.error.text()
    assert vault.get_assessment(case.id).status == "approved"


def test_researcher_and_other_team_get_no_decisions(qtbot: Any, session: Any, vault: Any) -> None:
    case = add_case(vault, "Own", submitted_at="2026-11-19T08:00:00Z")
    session.profile_info = {"username": AMAL.username, "role": "researcher", "team": TEAM}
    view = open_review(qtbot, session, case)
    assert all(b.isHidden() for b in view.buttons.values())
    session.profile_info = {"username": "noura", "role": "supervisor", "team": "dubai"}
    view.load(case.id)
    assert all(b.isHidden() for b in view.buttons.values())


def test_admin_reopens_an_approved_assessment_with_a_reason(qtbot: Any, session: Any, vault: Any) -> None:
    case = add_case(vault, "Reopen", submitted_at="2026-11-19T08:00:00Z")
    vault.transition(case.id, Actor("sara", Role.SUPERVISOR, TEAM), "approve")
    session.profile_info = {"username": "admin", "role": "admin", "team": None, "device_id": "dev-ho"}
    view = open_review(qtbot, session, case)
    assert [a for a, b in view.buttons.items() if not b.isHidden()] == [Action.REOPEN]
    dialog = view.ask(Action.REOPEN)
    assert not dialog.ok.isEnabled()
    dialog.comment.setPlainText("المبلغ الموصى به خاطئ")
    dialog.ok.click()
    stored = vault.get_assessment(case.id)
    assert stored.status == "returned"
    assert vault.events_of(case.id)[-1].comment == "المبلغ الموصى به خاطئ"


def test_review_shows_changes_duplicates_and_earlier_assessments(qtbot: Any, session: Any, vault: Any) -> None:
    first = add_case(vault, "فاطمة أحمد", submitted_at="2025-01-05T08:00:00Z", national_id="1012345672",
                     phone="0551234567")
    vault.transition(first.id, Actor("sara", Role.SUPERVISOR, TEAM), "approve")
    restudy = Assessment(household_id=first.household_id, form_id="household_assessment", form_version=1,
                         answers={**first.answers, "exp_rent": 180000}, researcher="amal", team=TEAM)
    vault.save_assessment(restudy)
    vault.transition(restudy.id, AMAL, "submit")
    other = add_case(vault, "فاطمه احمد", submitted_at="2026-11-19T08:00:00Z", phone="+966551234567")
    view = open_review(qtbot, session, restudy)
    assert view.changes.rowCount() == 1
    assert [view.changes.item(0, c).text() for c in (1, 2)] == ["1,500 SAR", "1,800 SAR"]
    assert "1 changes" in view.baseline.text()
    assert view.earlier.count() == 1 and "Approved" in view.earlier.item(0).text()
    view.earlier.itemActivated.emit(view.earlier.item(0))           # the earlier one opens, read-only
    assert view.data.assessment.id == first.id and view.buttons[Action.APPROVE].isHidden()
    view.load(restudy.id)
    assert not view.duplicates.isHidden()
    assert "same name and phone" in view.duplicates.text()
    assert other.household_id != restudy.household_id
    view.duplicates.linkActivated.emit(f"assessment:{other.id}")     # the alert opens the other case
    assert view.data.assessment.id == other.id
    assert "same name and phone" in view.duplicates.text()          # and it points back


def test_answers_show_sections_and_choice_labels(qtbot: Any, session: Any, vault: Any) -> None:
    case = add_case(vault, "Labels", submitted_at="2026-11-19T08:00:00Z", housing_type="rented",
                    needs=["in_kind", "training"])
    view = open_review(qtbot, session, case)
    text = view.answers.toPlainText()
    assert "Rented" in text and "rented" not in text
    assert "In-kind aid" in text
    assert view.data is not None and "expenses" in view.data.sections
    assert view.data.sections["expenses"]["en"] in text
