"""The case view, the conflict view and the settings' live language switch, on a real vault."""

from __future__ import annotations

from typing import Any

from fieldapp.domain.entities import Household
from fieldapp.ui.qt import Qt


def test_case_view_shows_summary_history_and_attachments(unlocked: tuple[Any, Any, Any]) -> None:
    _app, session, window = unlocked
    vault = session.vault
    row = vault.page_cases(0, 1, status="approved")[0]
    window.workspace.open_case(row.household_id)
    view = window.workspace.case_view
    household = vault.get_household(row.household_id)
    assert household.head_name in view.summary.text()
    assessments = vault.assessments_of(row.household_id)
    assert view.assessments.count() == len(assessments)
    events = [e for a in assessments for e in vault.events_of(a.id)]
    assert len(view.history.events) == len(events) >= 2      # submitted, then approved
    assert view.history.list.count() == len(events)
    files = [f for a in assessments for f in vault.attachments_of(a.id)]
    assert view.files.count() == len(files)
    first = view.assessments.item(0).text()
    assert ("هـ" in first or "AH" in first) and "(" in first   # Hijri beside Gregorian


def test_re_study_starts_a_new_draft_from_the_last_answers(unlocked: tuple[Any, Any, Any]) -> None:
    _app, session, window = unlocked
    row = session.vault.page_cases(0, 1, status="approved")[0]
    before = session.vault.assessments_of(row.household_id)
    window.workspace.open_case(row.household_id)
    window.workspace.case_view.new_button.click()
    after = session.vault.assessments_of(row.household_id)
    assert len(after) == len(before) + 1
    new = next(a for a in after if a.id not in {b.id for b in before})
    assert new.status == "draft" and new.answers.get("head_name") == before[-1].answers.get("head_name")
    assert window.workspace.editor is not None and not window.workspace.editor.read_only


def test_conflict_view_offers_both_values_and_resolves(unlocked: tuple[Any, Any, Any]) -> None:
    _app, session, window = unlocked
    vault = session.vault
    household = Household(head_name="منى حسن", phone="0501234567", file_number="JED-2026-000777")
    vault.save_household(household)
    op = next(o for o in vault.outbox_pending(500) if o["entity_id"] == household.id)
    vault.outbox_mark_sent([op["op_id"]])
    server_record = {**household.to_dict(), "phone": "0559999999", "version": 2}
    vault.apply_push_results([{"op_id": op["op_id"], "status": "conflict", "entity": "household",
                               "entity_id": household.id, "version": 2, "record": server_record,
                               "conflicts": [{"field": "phone", "local": "0501234567", "server": "0559999999",
                                              "base": ""}]}])
    window.workspace.select("conflicts")
    view = window.workspace.views["conflicts"]
    assert view.table.rowCount() == 1
    assert view.table.item(0, 2).text() == "0501234567" and view.table.item(0, 3).text() == "0559999999"
    # the family it is about, as researchers name cases (not an internal id)
    assert view.table.item(0, 0).text() == "Household: JED-2026-000777 — منى حسن"
    view.table.selectRow(0)
    view.keep_mine.click()
    assert vault.conflicts(open_only=True) == []
    assert vault.get_household(household.id).phone == "0501234567"   # this device's value, sent again
    assert window.workspace.counts.get("conflicts") == 0


def test_settings_switch_language_live(unlocked: tuple[Any, Any, Any], qapp: Any, monkeypatch: Any) -> None:
    from fieldapp.ui import settings_dialog
    from fieldapp.ui.settings import load_settings

    _app, session, window = unlocked

    def accept_arabic(self: Any) -> int:
        self.language.setCurrentIndex(self.language.findData("ar"))
        self.digits.setCurrentIndex(self.digits.findData("latin"))
        return 1

    monkeypatch.setattr(settings_dialog.SettingsDialog, "exec", accept_arabic)
    window.open_settings()
    qapp.processEvents()
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.lock_action.text() == "قفل"
    assert load_settings(session.profile).language == "ar"          # saved in DIR/settings.json
    assert load_settings(session.profile).digits == "latin"


def test_duplicate_warning_on_a_known_id_number(unlocked: tuple[Any, Any, Any]) -> None:
    _app, session, window = unlocked
    existing = session.vault.get_household(session.vault.page_cases(0, 1)[0].household_id)
    window.workspace.new_household()
    editor = window.workspace.editor
    assert editor is not None and editor.duplicate.isHidden()
    editor.input("head_name").edit.setText("اسم تجريبي للأسرة")
    editor.input("national_id").edit.setText(existing.national_id)
    editor.input("national_id").changed.emit()
    editor.save_now()
    assert not editor.duplicate.isHidden()
    assert existing.id in editor.duplicate_ids


def test_attachment_remove(unlocked: tuple[Any, Any, Any], tmp_path: Any) -> None:
    _app, session, window = unlocked
    window.workspace.new_household()
    editor = window.workspace.editor
    note = tmp_path / "letter.pdf"
    note.write_bytes(b"%PDF-1.4 a scanned letter")
    editor.attachments.add_files([note])
    assert editor.attachments.list.count() == 1
    editor.attachments.list.setCurrentRow(0)
    editor.attachments.remove_button.click()
    assert editor.attachments.list.count() == 0
    assert session.vault.attachments_of(editor.assessment.id) == []


def test_attachment_saved_as_a_copy_where_the_user_chooses(unlocked: tuple[Any, Any, Any], tmp_path: Any,
                                                            monkeypatch: Any) -> None:
    from fieldapp.ui import attachments

    _app, session, window = unlocked
    window.workspace.new_household()
    panel = window.workspace.editor.attachments
    note = tmp_path / "letter.pdf"
    note.write_bytes(b"%PDF-1.4 a scanned letter")
    panel.add_files([note])
    panel.list.setCurrentRow(0)
    target = tmp_path / "out" / "copy.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(attachments.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    panel.save_button.click()
    assert target.read_bytes() == b"%PDF-1.4 a scanned letter"
    assert "copy.pdf" in panel.hint.text()
    monkeypatch.setattr(attachments.QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))   # cancelled
    target.unlink()
    panel.save_button.click()
    assert not target.exists()


def test_lock_autosaves_what_was_just_typed(unlocked: tuple[Any, Any, Any]) -> None:
    from .conftest import PASSWORD

    _app, session, window = unlocked
    window.workspace.new_household()
    editor = window.workspace.editor
    editor.input("district").edit.setText("الحمراء")
    editor.input("district").changed.emit()
    assert editor.dirty and editor.timer.isActive()      # not saved yet: the autosave timer is running
    assessment_id = editor.assessment.id
    window.lock_action.trigger()                          # lock before the timer fires
    assert not session.is_open
    window.unlock.password.setText(PASSWORD)
    window.unlock.try_unlock()
    assert session.vault.get_assessment(assessment_id).answers.get("district") == "الحمراء"


def test_status_bar_shows_sync_progress(unlocked: tuple[Any, Any, Any]) -> None:
    from fieldapp.sync.engine import SyncProgress

    _app, _session, window = unlocked
    status = window.sync_status
    window.sync.running = True
    window.sync.state_changed.emit()
    assert status.button.text() == "Cancel sync"          # a running sync can be cancelled
    status._progress(SyncProgress("push", 40, 120))
    assert status.state.text() == "Sending changes"
    assert status.bar.isVisibleTo(window) and (status.bar.value(), status.bar.maximum()) == (40, 120)
    window.sync.running = False
    window.sync.state_changed.emit()
    assert not status.bar.isVisibleTo(window) and status.button.text() == "Sync now"


def test_oversized_attachment_is_refused_with_a_reason(unlocked: tuple[Any, Any, Any], tmp_path: Any,
                                                       monkeypatch: Any) -> None:
    from fieldapp.ui import attachments

    monkeypatch.setattr(attachments, "MAX_BYTES", 100)
    _app, session, window = unlocked
    window.workspace.new_household()
    editor = window.workspace.editor
    big = tmp_path / "scan.png"
    big.write_bytes(b"x" * 101)
    editor.attachments.add_files([big])
    assert editor.attachments.list.count() == 0
    assert "25 MB" in editor.attachments.hint.text()
    assert session.vault.attachments_of(editor.assessment.id) == []


def test_reports_from_the_case_view(unlocked: tuple[Any, Any, Any], tmp_path: Any, monkeypatch: Any) -> None:
    """Both PDFs are written where the user chose (read on the db lane, built off the UI thread)."""
    from fieldapp.ui import reports

    _app, session, window = unlocked
    chosen = iter([str(tmp_path / "case.pdf"), str(tmp_path / "sponsor.pdf")])
    monkeypatch.setattr(reports.QFileDialog, "getSaveFileName", lambda *a, **k: (next(chosen), ""))
    row = session.vault.page_cases(0, 1, status="approved")[0]
    window.workspace.open_case(row.household_id)
    window.workspace.case_view.report_button.click()
    window.workspace.case_view.sponsor_button.click()
    for name in ("case.pdf", "sponsor.pdf"):
        assert (tmp_path / name).read_bytes().startswith(b"%PDF")


def test_a_failed_autosave_is_retried(unlocked: tuple[Any, Any, Any], monkeypatch: Any) -> None:
    import sqlite3

    _app, session, window = unlocked
    window.workspace.new_household()
    editor = window.workspace.editor
    real_save = session.vault.save_assessment
    calls = {"n": 0}

    def busy_once(assessment: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise sqlite3.OperationalError("database is locked")
        return real_save(assessment)

    monkeypatch.setattr(session.vault, "save_assessment", busy_once)
    editor.input("district").edit.setText("المروة")
    editor.input("district").changed.emit()
    editor.save_now()
    assert editor.dirty and editor.timer.isActive()           # kept, and a retry is scheduled
    editor.timer.timeout.emit()
    assert not editor.dirty
    assert session.vault.get_assessment(editor.assessment.id).answers["district"] == "المروة"
    editor.input("district").changed.emit()
    assert editor.timer.interval() == 700                      # back to the usual autosave delay
