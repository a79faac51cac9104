"""The case list model pages from the vault and passes Qt's model tester."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.ui.casemodel import COL_HEAD, ROW_ROLE, CaseTableModel
from fieldapp.ui.qt import QAbstractItemModelTester


def test_model_passes_qabstractitemmodeltester(unlocked: tuple[Any, Any, Any]) -> None:
    _app, session, _window = unlocked
    model = CaseTableModel(session, page_size=7)
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_filter(None, "")
    assert model.rowCount() == session.vault.count_cases()
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            model.data(model.index(row, column))
    model.set_filter("draft", "")
    model.set_filter(None, "zzzz-no-such-name")
    assert model.rowCount() == 0
    del tester


def test_model_holds_only_a_few_pages(unlocked: tuple[Any, Any, Any]) -> None:
    _app, session, _window = unlocked
    model = CaseTableModel(session, page_size=5, max_pages=2)
    model.set_filter(None, "")
    total = model.rowCount()
    assert total >= 30
    for row in range(total):
        assert model.data(model.index(row, COL_HEAD), ROW_ROLE) is not None
    assert len(model._pages) <= 2   # rows scrolled past are dropped, never the whole vault in memory


def test_rows_match_the_vault_in_order(unlocked: tuple[Any, Any, Any]) -> None:
    _app, session, _window = unlocked
    model = CaseTableModel(session, page_size=4)
    model.set_filter(None, "")
    expected = [r.head_name for r in session.vault.page_cases(0, 12)]
    shown = [model.data(model.index(row, COL_HEAD)) for row in range(12)]
    assert shown == expected


def test_search_uses_arabic_normalisation(unlocked: tuple[Any, Any, Any]) -> None:
    from fieldapp.domain.entities import Household

    _app, session, window = unlocked
    household = Household(head_name="أحمد إبراهيم القرشي", national_id="1000000008", phone="0551234567")
    session.vault.save_household(household)
    cases = window.workspace.cases
    window.workspace.select("all")
    cases.search.setText("احمد ابراهيم")
    model = cases.model
    ids = {model.data(model.index(row, 0), ROW_ROLE).household_id for row in range(model.rowCount())}
    assert household.id in ids
    cases.search.setText("٠٥٥١٢٣")   # Arabic-Indic digits find the phone
    ids = {model.data(model.index(row, 0), ROW_ROLE).household_id for row in range(model.rowCount())}
    assert household.id in ids


def test_navigation_counts_follow_the_vault(unlocked: tuple[Any, Any, Any]) -> None:
    _app, session, window = unlocked
    counts = window.workspace.counts
    assert counts["drafts"] == session.vault.count_cases(status="draft")
    assert counts["all"] == session.vault.count_cases()
    texts = [window.workspace.nav.item(n).text() for n in range(window.workspace.nav.count())]
    assert f"({session.fmt.number(counts['drafts'])})" in " ".join(texts)


def test_threaded_list_shows_first_page_then_the_count(profile: Any, qtbot: Any) -> None:
    """With the real worker threads: the first page appears at once, the full count follows."""
    from fieldapp.store import Vault
    from fieldapp.ui.session import Session
    from fieldapp.ui.tasks import TaskRunner

    from .conftest import PASSWORD

    runner = TaskRunner(synchronous=False)
    session = Session(profile, runner)
    session.attach(runner.call(lambda: Vault.open(profile, PASSWORD)))
    try:
        total = runner.call(lambda: session.vault.count_cases())
        model = CaseTableModel(session, page_size=10)
        tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
        with qtbot.waitSignal(model.updated, timeout=10000):
            model.set_filter(None, "")
        assert model.rowCount() == 10 and not model.exact
        with qtbot.waitSignal(model.reloaded, timeout=10000):
            pass
        assert model.rowCount() == total and model.exact
        assert model.data(model.index(25, COL_HEAD)) == "…"      # not loaded yet: fetched on demand
        qtbot.waitUntil(lambda: model.data(model.index(25, COL_HEAD)) != "…", timeout=10000)
        del tester
    finally:
        session.close()
        runner.wait_idle()


def test_threaded_session_reads_who_is_working(profile: Any) -> None:
    """With real threads the vault lives on the db lane; the profile is read there, not on the UI thread."""
    from fieldapp.store import Vault
    from fieldapp.ui.session import Session
    from fieldapp.ui.tasks import TaskRunner

    from .conftest import PASSWORD

    runner = TaskRunner(synchronous=False)
    session = Session(profile, runner)
    session.attach(runner.call(lambda: Vault.open(profile, PASSWORD)))
    try:
        assert session.actor.username == "amal" and session.actor.team == "jeddah-1"
    finally:
        session.close()
        runner.wait_idle()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page_size=st.integers(min_value=1, max_value=45), max_pages=st.integers(min_value=1, max_value=5),
       rows=st.lists(st.integers(min_value=0, max_value=39), min_size=1, max_size=30))
def test_any_paging_shows_the_vault_order(unlocked: tuple[Any, Any, Any], page_size: int, max_pages: int,
                                          rows: list[int]) -> None:
    """Whatever the page size, cache size and order of access, row N is the vault's N-th case."""
    _app, session, _window = unlocked
    expected = [r.household_id for r in session.vault.page_cases(0, 100)]
    model = CaseTableModel(session, page_size=page_size, max_pages=max_pages)
    model.set_filter(None, "")
    assert model.rowCount() == len(expected)
    for row in rows:
        if row < len(expected):
            assert model.data(model.index(row, 0), ROW_ROLE).household_id == expected[row]
    assert len(model._pages) <= max_pages
