"""Reports from the desktop app as jobs: the statistics report from the team dashboard, the case view's
assessment and sponsor reports, progress shown along the way, the PDF opened afterwards (through a
replaceable opener), cancelling, and errors in plain words. Real vault on disk."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldapp.ui import report_jobs
from fieldapp.ui.report_widgets import PRESETS, ReportProgress, period
from fieldapp.ui.settings import load_settings

Parts = tuple[Any, Any, Any]


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """Replaces the system viewer and records the progress the window was shown."""
    seen = SimpleNamespace(opened=[], progress=[], threads=set())
    real_show = ReportProgress.show_progress

    def show_progress(self: ReportProgress, percent: int, phase: str) -> None:
        seen.progress.append((percent, phase))
        seen.threads.add(threading.get_ident())
        real_show(self, percent, phase)

    monkeypatch.setattr(ReportProgress, "show_progress", show_progress)
    monkeypatch.setattr(report_jobs, "open_file", lambda path: seen.opened.append(Path(path)) or True)
    return seen


def choose(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    from fieldapp.ui.qt import QFileDialog

    chosen = iter(str(p) for p in paths)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (next(chosen), ""))


def dashboard(session: Any) -> Any:
    from fieldapp.ui.review.dashboard import DashboardView

    return DashboardView(SimpleNamespace(session=session))


def assert_progressed(progress: list[tuple[int, str]]) -> None:
    percents = [p for p, _phase in progress]
    assert len(percents) > 1
    assert percents == sorted(percents) and percents[-1] == 100
    assert {phase for _p, phase in progress} >= {"read", "build", "write"}


def test_statistics_report_from_the_dashboard(unlocked: Parts, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              recorder: SimpleNamespace) -> None:
    _app, session, _window = unlocked
    view = dashboard(session)
    bar = view.statistics
    assert bar.chosen_period() == period("last_6_months", date.today())   # the default period
    bar.preset.setCurrentIndex(PRESETS.index("this_year"))
    assert bar.chosen_period() == (date(date.today().year, 1, 1), date.today())
    out = tmp_path / "stats.pdf"
    choose(monkeypatch, out)
    bar.button.click()
    assert out.read_bytes().startswith(b"%PDF")
    assert_progressed(recorder.progress)
    assert recorder.opened == [out]
    assert bar.job.ended and bar.job.dialog is None         # the window closed and released
    assert not list(tmp_path.glob(".report-*"))            # no temp file left beside it


def test_statistics_period_shows_its_hijri_dates(unlocked: Parts) -> None:
    from fieldapp.ui.qt import QDate

    _app, session, _window = unlocked
    view = dashboard(session)
    bar = view.statistics
    if session.fmt.calendar != "gregorian":   # as first shown: the default period's own dates
        first, last = period("last_6_months", date.today())
        assert bar.hijri_span.text() == f"({session.fmt.hijri(first)} to {session.fmt.hijri(last)})"
    bar.date_from.setDate(QDate(2026, 2, 18))
    bar.date_to.setDate(QDate(2026, 11, 23))
    if session.fmt.calendar == "gregorian":
        assert bar.hijri_span.isHidden()
    else:
        fmt = session.fmt
        assert bar.hijri_span.text() == f"({fmt.hijri(date(2026, 2, 18))} to {fmt.hijri(date(2026, 11, 23))})"
        assert "Ramadan" in bar.hijri_span.text() and not bar.hijri_span.isHidden()
    view.close()


def test_case_view_reports_show_progress_and_open(unlocked: Parts, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  recorder: SimpleNamespace) -> None:
    _app, session, window = unlocked
    row = session.vault.page_cases(0, 1, status="approved")[0]
    window.workspace.open_case(row.household_id)
    view = window.workspace.case_view
    case, sponsor = tmp_path / "case.pdf", tmp_path / "sponsor.pdf"
    choose(monkeypatch, case, sponsor)
    view.report_button.click()
    assert_progressed(recorder.progress)
    recorder.progress.clear()
    view.sponsor_button.click()
    assert_progressed(recorder.progress)
    assert recorder.opened == [case, sponsor]
    for path in (case, sponsor):
        assert path.read_bytes().startswith(b"%PDF")
    household = session.vault.get_household(row.household_id)
    assert household.national_id and household.national_id.encode() not in sponsor.read_bytes()


def test_an_unwritable_place_is_said_in_plain_words(unlocked: Parts, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    recorder: SimpleNamespace) -> None:
    _app, session, _window = unlocked
    view = dashboard(session)
    bar = view.statistics
    out = tmp_path / "no-such-folder" / "stats.pdf"
    choose(monkeypatch, out)
    bar.button.click()
    dialog = bar.job.dialog
    text = dialog.phase.text()
    assert "could not be saved" in text and str(out) in text
    assert "Traceback" not in text and "Error" not in text
    assert dialog.isVisible() and dialog.cancel_button.text() == "Close" and not dialog.bar.isVisible()
    assert recorder.opened == [] and not out.exists()
    dialog.cancel_button.click()
    assert dialog.isHidden()


def test_cancelling_writes_nothing_and_says_nothing(unlocked: Parts, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    recorder: SimpleNamespace) -> None:
    _app, session, _window = unlocked
    real_show = ReportProgress.show_progress

    def cancel_at_once(self: ReportProgress, percent: int, phase: str) -> None:
        real_show(self, percent, phase)
        self.cancel_button.click()                           # the user presses Cancel

    monkeypatch.setattr(ReportProgress, "show_progress", cancel_at_once)
    view = dashboard(session)
    bar = view.statistics
    out = tmp_path / "stats.pdf"
    choose(monkeypatch, out)
    bar.button.click()
    assert not out.exists() and recorder.opened == []
    assert bar.job.ended and bar.job.dialog is None         # closed quietly, no error shown
    assert not list(tmp_path.glob(".report-*"))


def test_open_when_ready_is_a_kept_choice(unlocked: Parts, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          recorder: SimpleNamespace) -> None:
    _app, session, _window = unlocked
    real_show = ReportProgress.show_progress

    def untick(self: ReportProgress, percent: int, phase: str) -> None:
        real_show(self, percent, phase)
        self.open_box.setChecked(False)

    monkeypatch.setattr(ReportProgress, "show_progress", untick)
    view = dashboard(session)
    bar = view.statistics
    out = tmp_path / "stats.pdf"
    choose(monkeypatch, out)
    bar.button.click()
    assert out.exists() and recorder.opened == []
    assert load_settings(session.profile).open_reports is False


def test_progress_reaches_the_ui_thread_from_real_workers(qtbot: Any, profile: Path, tmp_path: Path,
                                                          recorder: SimpleNamespace) -> None:
    """With the threaded runner the work runs on worker lanes; the window is only touched on the UI thread."""
    from fieldapp.store import Vault
    from fieldapp.ui.session import Session
    from fieldapp.ui.settings import Settings
    from fieldapp.ui.tasks import TaskRunner

    from .conftest import PASSWORD

    runner = TaskRunner(synchronous=False)
    session = Session(profile, runner, Settings(language="en", digits="latin"))
    session.attach(runner.call(lambda: Vault.open(profile, PASSWORD)))
    try:
        out = tmp_path / "stats.pdf"
        written: list[str] = []
        report_jobs.start_statistics_report(session, out, None, None, done=written.append)
        qtbot.waitUntil(lambda: written == [str(out)], timeout=20000)
        assert out.read_bytes().startswith(b"%PDF")
        assert_progressed(recorder.progress)
        assert recorder.threads == {threading.get_ident()} and recorder.opened == [out]
    finally:
        session.lock()
        runner.wait_idle()


@given(st.sampled_from(PRESETS), st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_preset_periods_are_whole_months_ending_today_or_last_year(preset: str, today: date) -> None:
    start, end = period(preset, today)
    assert start.day == 1 and start <= end
    if preset == "last_year":
        assert (start, end) == (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))
        return
    assert end == today
    months = (today.year - start.year) * 12 + today.month - start.month + 1
    expected = {"this_month": 1, "last_3_months": 3, "last_6_months": 6, "this_year": today.month}[preset]
    assert months == expected


def test_the_real_opener_uses_the_desktop_but_never_offscreen(qapp: Any, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldapp.ui.qt import QDesktopServices, QGuiApplication

    asked: list[Any] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: asked.append(url) or True)
    path = tmp_path / "report.pdf"
    assert report_jobs.open_file(path) is False and asked == []       # offscreen: no viewer launched
    monkeypatch.setattr(QGuiApplication, "platformName", lambda: "xcb")
    assert report_jobs.open_file(path) is True
    assert [url.toLocalFile() for url in asked] == [str(path)]


def test_report_widgets_are_named_for_tests_and_screen_readers(unlocked: Parts, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               recorder: SimpleNamespace) -> None:
    from fieldapp.ui.qt import QAbstractButton, QComboBox, QDateEdit, QProgressBar

    _app, session, _window = unlocked
    view = dashboard(session)
    choose(monkeypatch, tmp_path / "missing" / "x.pdf")
    view.statistics.button.click()                                   # fails: its window stays open
    for root in (view.statistics, view.statistics.job.dialog):
        widgets = [w for kind in (QAbstractButton, QComboBox, QDateEdit, QProgressBar) for w in root.findChildren(kind)]
        assert widgets
        for widget in widgets:
            assert widget.objectName() and widget.accessibleName(), widget
