"""The researcher's whole flow, by keyboard and mouse, on a real vault: unlock, open an assignment, fill the
default form including a repeat group, see validation and eligibility, attach a file, submit; then the
record in the vault is checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fieldapp.domain.entities import Assignment
from fieldapp.domain.ids import luhn_check_digit
from fieldapp.ui.qt import (
    QApplication,
    QDropEvent,
    QEvent,
    QKeyEvent,
    QLineEdit,
    QMimeData,
    QPoint,
    Qt,
    QUrl,
)

from .conftest import PASSWORD

pytest.importorskip("fieldapp.domain.forms", reason="the forms engine has not landed yet")

NATIONAL_ID = "104583921" + luhn_check_digit("104583921")


def keys(widget: Any, text: str) -> None:
    """Type text as key events; QTest.keyClicks only knows ASCII, and researchers type Arabic."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def click_nav(qtbot: Any, window: Any, key: str) -> None:
    nav = window.workspace.nav
    row = next(n for n, e in enumerate(window.workspace.entries) if e.key == key)
    rect = nav.visualItemRect(nav.item(row))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def type_into(qtbot: Any, editor: Any, field_id: str, text: str) -> None:
    editor.focus_field(field_id)
    widget = editor.input(field_id).focus_target()
    widget.setFocus()
    keys(widget, text)


def choose(qtbot: Any, editor: Any, field_id: str, value: Any) -> None:
    """Pick a choice by keyboard: focus the combo box and press Down until the value is current."""
    editor.focus_field(field_id)
    combo = editor.input(field_id).combo
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentData() == value:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"{field_id}: no choice {value!r}")


def fill_row(qtbot: Any, repeat: Any, row: int, values: dict[str, Any]) -> None:
    table = repeat.table
    for col, child in enumerate(repeat.columns):
        if child.id not in values:
            continue
        value = values[child.id]
        widget = table.cellWidget(row, col)
        if widget is not None:
            widget.setFocus()
            for _ in range(widget.count()):
                if widget.currentData() == value:
                    break
                qtbot.keyClick(widget, Qt.Key.Key_Down)
            assert widget.currentData() == value
        else:
            table.setFocus()
            table.setCurrentCell(row, col)
            qtbot.keyClick(table, Qt.Key.Key_F2)         # edit the cell, as a person would
            open_editors = [w for w in table.findChildren(QLineEdit) if w.isVisibleTo(table)]
            assert len(open_editors) == 1
            cell_editor = open_editors[0]
            keys(cell_editor, str(value))
            qtbot.keyClick(cell_editor, Qt.Key.Key_Tab)  # commit and move on


def drop_file(panel: Any, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPoint(10, 10).toPointF(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(event)


def test_researcher_flow(unlocked: tuple[Any, Any, Any], qtbot: Any, tmp_path: Path) -> None:
    _app, session, window = unlocked
    vault = session.vault
    assignment = Assignment(applicant_name="فاطمة علي حسن الزهراني", phone="0551239876", district="الصفا",
                            category="widow", researcher=session.actor.username, team=session.actor.team,
                            received_date="2026-11-20")
    vault.save_assignment(assignment)
    window.workspace.refresh_counts()

    click_nav(qtbot, window, "assignments")
    view = window.workspace.views["assignments"]
    assert view.list.count() >= 1
    view.list.setFocus()
    row = next(n for n in range(view.list.count()) if "فاطمة" in view.list.item(n).text())
    view.list.setCurrentRow(row)
    qtbot.keyClick(view.list, Qt.Key.Key_Return)
    editor = window.workspace.editor
    assert editor is not None
    assert editor.input("head_name").value() == assignment.applicant_name   # prefilled
    assert editor.input("categories").value() == ["widow"]

    # Validation: a wrong ID number is refused inline, in the user's language.
    type_into(qtbot, editor, "national_id", "1234")
    editor.show_missing = True
    editor.reevaluate()
    error = editor.rows["national_id"][2]
    assert error.isVisibleTo(editor) and error.text()
    editor.input("national_id").edit.clear()
    type_into(qtbot, editor, "national_id", NATIONAL_ID)
    editor.reevaluate()
    assert not editor.rows["national_id"][2].isVisibleTo(editor)

    choose(qtbot, editor, "city", "jeddah")
    choose(qtbot, editor, "nationality", "saudi")
    choose(qtbot, editor, "marital_status", "widowed")

    editor.focus_field("members")
    members = editor.input("members")
    qtbot.mouseClick(members.add_button, Qt.MouseButton.LeftButton)
    fill_row(qtbot, members, 0, {"member_name": "سارة", "relation": "daughter", "sex": "female",
                                  "birth_date": "2015-03-01"})
    assert members.value()[0]["member_name"] == "سارة"
    editor.focus_field("income_sources")
    income = editor.input("income_sources")
    qtbot.mouseClick(income.add_button, Qt.MouseButton.LeftButton)
    fill_row(qtbot, income, 0, {"source": "social_security", "amount": "1500"})
    assert income.value()[0]["amount"] == 150000      # halalas

    for field_id, amount in (("exp_rent", "1200"), ("exp_utilities", "300"), ("exp_food", "900")):
        type_into(qtbot, editor, field_id, amount)
    choose(qtbot, editor, "housing_type", "rented")
    choose(qtbot, editor, "housing_condition", "poor")
    type_into(qtbot, editor, "rooms", "2")
    choose(qtbot, editor, "has_dialysis", False)
    editor.focus_field("needs")
    qtbot.mouseClick(editor.input("needs").boxes["monthly_sponsorship"], Qt.MouseButton.LeftButton)
    type_into(qtbot, editor, "observations", "الأسرة تسكن في شقة مستأجرة صغيرة")
    choose(qtbot, editor, "rec_aid_type", "monthly_sponsorship")
    type_into(qtbot, editor, "rec_amount", "800")
    type_into(qtbot, editor, "rec_duration_months", "12")

    editor.reevaluate()
    assert editor.result.computed.get("total_income") == 150000
    assert "1,500" in editor.summary.totals.text() or "١,٥٠٠" in editor.summary.totals.text()
    assert editor.result.eligible is not None, editor.summary.eligibility.text()
    assert editor.summary.eligibility.text()

    picture = tmp_path / "id-card.png"
    from fieldapp.ui.qt import QImage

    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    image.save(str(picture))
    editor.focus_section_of_attachments()
    drop_file(editor.attachments, picture)
    assert editor.attachments.list.count() == 1
    assert not editor.attachments.list.item(0).icon().isNull()   # a thumbnail

    assert editor.result.valid, (editor.result.missing, editor.result.errors)
    assert editor.submit_button.isEnabled()
    qtbot.mouseClick(editor.submit_button, Qt.MouseButton.LeftButton)
    assert editor.read_only

    saved = vault.get_assessment(editor.assessment.id)
    assert saved.status == "submitted" and saved.submitted_at
    assert saved.answers["national_id"] == NATIONAL_ID
    assert saved.answers["members"][0]["member_name"] == "سارة"
    assert saved.answers["income_sources"][0]["amount"] == 150000
    assert saved.answers["exp_rent"] == 120000
    assert saved.answers["needs"] == ["monthly_sponsorship"]
    household = vault.get_household(saved.household_id)
    assert household.head_name == assignment.applicant_name and household.national_id == NATIONAL_ID
    assert household.assignment_id == assignment.id
    assert [e.action for e in vault.events_of(saved.id)] == ["submit"]
    refs = vault.attachments_of(saved.id)
    assert len(refs) == 1 and vault.read_attachment(refs[0].id) == picture.read_bytes()
    assert vault.get_assignment(assignment.id).status != "open"
    # Nothing of the family in plaintext on disk.
    raw = b"".join(p.read_bytes() for p in Path(session.profile).rglob("*") if p.is_file())
    assert NATIONAL_ID.encode() not in raw and "فاطمة".encode() not in raw
    assert PASSWORD.encode() not in raw


def test_read_only_after_approval(unlocked: tuple[Any, Any, Any]) -> None:
    _app, session, window = unlocked
    rows = session.vault.page_cases(0, 1, status="approved")
    assert rows
    window.workspace.open_assessment(rows[0].household_id, rows[0].assessment_id)
    editor = window.workspace.editor
    assert editor.read_only and not editor.submit_button.isEnabled()
    assert not editor.input("head_name").isEnabled()
