"""`fieldapp report` end to end on a real (demo) vault, and picking the assessments to report on."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from fieldapp.cli import main
from fieldapp.domain.entities import Assessment
from fieldapp.domain.errors import FieldappError
from fieldapp.reports.gather import current_and_previous

from .pdftools import pdf_text, squash

PASSWORD = "report-test-pass"


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("profile") / "p"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FIELDAPP_PASSWORD", PASSWORD)
        assert main(["demo", str(folder), "--households", "12", "--seed", "3"]) == 0
    return folder


@pytest.fixture(scope="module")
def case_row(profile: Path):  # noqa: ANN201
    from fieldapp.store import Vault

    with Vault.open(profile, PASSWORD) as vault:
        rows = vault.page_cases(0, 50)
        row = next(r for r in rows if r.status == "approved")
        household = vault.get_household(row.household_id)
        return row, household


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDAPP_PASSWORD", PASSWORD)


@pytest.mark.parametrize("kind", ["assessment", "sponsor"])
def test_report_by_file_number_writes_a_private_pdf(profile: Path, case_row, kind: str, tmp_path: Path) -> None:  # noqa: ANN001
    row, household = case_row
    out = tmp_path / f"{kind}.pdf"
    assert main(["report", str(profile), kind, "--household", row.file_number, "--lang", "en", "-o", str(out)]) == 0
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = pdf_text(pdf)
    assert household.head_name in text or squash(household.head_name) in squash(text)
    if kind == "sponsor":
        assert household.national_id not in text and household.phone not in squash(text)
    assert not list(tmp_path.glob(".*.part"))


def test_report_by_household_id_in_arabic(profile: Path, case_row, tmp_path: Path) -> None:  # noqa: ANN001
    row, _ = case_row
    out = tmp_path / "a.pdf"
    assert main(["report", str(profile), "assessment", "--household", row.household_id, "--lang", "ar",
                 "-o", str(out)]) == 0
    assert squash("تقرير دراسة الحالة الاجتماعية") in squash(pdf_text(out.read_bytes()))


def test_statistics_over_a_period(profile: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.pdf"
    assert main(["report", str(profile), "statistics", "--from", "2000-01-01", "--to", "2099-12-31",
                 "--lang", "en", "-o", str(out)]) == 0
    text = " ".join(pdf_text(out.read_bytes()).split())
    assert "Applicants studied 12" in text  # households, though some were studied more than once
    assert not any("\u0660" <= ch <= "\u0669" for ch in text)  # an English report keeps Latin digits


def test_errors_are_one_line_without_traceback(profile: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    assert main(["report", str(profile), "sponsor", "--household", "NO-SUCH-FILE", "-o", str(out)]) == 1
    assert main(["report", str(profile), "assessment", "-o", str(out)]) == 1
    assert main(["report", str(profile), "statistics", "--from", "2026-02-01", "--to", "2026-01-01",
                 "-o", str(out)]) == 1
    assert main(["report", str(profile), "statistics", "-o", str(tmp_path / "missing" / "x.pdf")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 4 and not any("Traceback" in line for line in err)
    assert "missing" in err[3]
    assert "NO-SUCH-FILE" in err[0]
    assert not out.exists()


def test_wrong_password_is_refused(profile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDAPP_PASSWORD", "not-the-password")
    assert main(["report", str(profile), "statistics", "-o", str(tmp_path / "x.pdf")]) == 1
    assert not (tmp_path / "x.pdf").exists()


def _a(aid: str, day: str, status: str) -> Assessment:
    return Assessment(household_id="h", form_id="household_assessment", form_version=1, id=aid, visit_date=day,
                      status=status)


def test_current_is_the_latest_and_previous_the_last_approved_before_it() -> None:
    items = [_a("old", "2024-03-01", "approved"), _a("mid", "2025-03-01", "rejected"), _a("new", "2026-03-01", "draft")]
    current, previous = current_and_previous(items)
    assert (current.id, previous.id if previous else None) == ("new", "old")
    current, previous = current_and_previous(items, prefer_approved=True)
    assert (current.id, previous) == ("old", None)
    current, previous = current_and_previous(items, "mid")
    assert (current.id, previous.id if previous else None) == ("mid", "old")
    with pytest.raises(FieldappError):
        current_and_previous([])
