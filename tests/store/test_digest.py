"""Statistics digests give the same statistics as whole records, and never a stale answer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fieldapp.demo import create_demo
from fieldapp.reports.statistics import collect
from fieldapp.store import Vault

PASSWORD = "digest-pass-123"
PERIOD = {"date_from": date(2000, 1, 1), "date_to": date(2100, 1, 1)}


def _both(vault: Vault) -> tuple[object, object]:
    whole = collect(vault.iter_households(), vault.iter_assessments(), **PERIOD)
    digested = collect(vault.statistics_places(), vault.statistics_facts(), **PERIOD)
    return whole, digested


def _digests(vault: Vault) -> dict[str, bytes | None]:
    return dict(vault.db.conn.execute("SELECT id, digest FROM assessments").fetchall())


def test_digests_match_whole_records_and_are_written_back(tmp_path: Path) -> None:
    create_demo(tmp_path / "p", PASSWORD, 60, seed=3)
    with Vault.open(tmp_path / "p", PASSWORD) as vault:
        assert all(blob is not None for blob in _digests(vault).values())   # the loader wrote them
        vault.db.conn.execute("UPDATE assessments SET digest=NULL")   # as a vault from before digests
        whole, digested = _both(vault)
        assert whole == digested and whole.studied > 0 and sum(whole.recommended_total.values()) > 0
        assert all(blob is not None for blob in _digests(vault).values())   # rebuilt once, kept
        assert _both(vault)[1] == whole


def test_an_edit_never_leaves_a_stale_digest(tmp_path: Path) -> None:
    create_demo(tmp_path / "p", PASSWORD, 30, seed=4)
    with Vault.open(tmp_path / "p", PASSWORD) as vault:
        _both(vault)
        household = next(vault.iter_households())
        household.district = "حي جديد للاختبار"
        household.categories = ["kidney_patient"]
        vault.save_household(household)
        assessment = next(a for a in vault.iter_assessments() if a.status in ("draft", "returned"))
        assessment.answers["rec_amount"] = 123_400
        assessment.answers["rec_aid_type"] = "medical"
        vault.save_assessment(assessment)
        whole, digested = _both(vault)
        assert whole == digested
        assert digested.districts["حي جديد للاختبار"] >= 1
        assert digested.recommended_by_aid[("medical", "SAR")] + digested.recommended_by_aid[("medical", "AED")] \
            >= 123_400


def test_a_damaged_or_moved_digest_is_rebuilt_from_the_record(tmp_path: Path) -> None:
    create_demo(tmp_path / "p", PASSWORD, 20, seed=5)
    with Vault.open(tmp_path / "p", PASSWORD) as vault:
        expected = _both(vault)[0]
        first, second = list(_digests(vault))[:2]
        blobs = _digests(vault)
        # A digest copied onto another row does not open there (id and rev are bound into it).
        vault.db.conn.execute("UPDATE assessments SET digest=? WHERE id=?", [blobs[first], second])
        vault.db.conn.execute("UPDATE assessments SET digest=? WHERE id=?", [b"\x01" + bytes(40), first])
        assert _both(vault)[1] == expected
        assert _digests(vault)[second] != blobs[first]


def test_digests_hold_no_plaintext(tmp_path: Path) -> None:
    create_demo(tmp_path / "p", PASSWORD, 10, seed=6)
    with Vault.open(tmp_path / "p", PASSWORD) as vault:
        _both(vault)
        homes = list(vault.iter_households())
        rows = vault.db.conn.execute("SELECT digest FROM households UNION ALL SELECT digest FROM assessments")
        blob = b"".join(row[0] for row in rows)
        for home in homes:
            for value in (home.district, home.city):
                if value:
                    assert value.encode() not in blob


def test_every_write_keeps_its_digest_fresh(tmp_path: Path) -> None:
    from fieldapp.store.digest import digest_table

    from .factories import make_assessment, make_household

    with Vault.create(tmp_path / "v", PASSWORD) as vault:
        home = vault.save_household(make_household())
        assessment = vault.save_assessment(make_assessment(home))
        home.district = "الروضة"
        vault.save_household(home)
        assessment.answers["rec_amount"] = 55_000
        vault.save_assessment(assessment)
        for table, record_id in (("households", home.id), ("assessments", assessment.id)):
            rev, blob = vault.db.conn.execute(f"SELECT rev, digest FROM {table} WHERE id=?", [record_id]).fetchone()
            facts = vault.cipher.open(digest_table(table), record_id, rev, blob)   # opens as written: no rebuild
            assert "الروضة" in facts or 55_000 in facts


def test_a_pulled_page_writes_digests(tmp_path: Path) -> None:
    from .factories import make_assessment, make_household

    home = make_household(district="النسيم")
    assessment = make_assessment(home)
    changes = [{"seq": 1, "entity": "household", "entity_id": home.id, "version": 1,
                "record": {**home.to_dict(), "version": 1}},
               {"seq": 2, "entity": "assessment", "entity_id": assessment.id, "version": 1,
                "record": {**assessment.to_dict(), "version": 1}}]
    with Vault.create(tmp_path / "v", PASSWORD) as vault:
        vault.apply_pull_page(changes, 2)
        rows = vault.db.conn.execute("SELECT digest FROM households UNION ALL SELECT digest FROM assessments")
        assert all(blob is not None for (blob,) in rows)
        assert [p.district for p in vault.statistics_places()] == ["النسيم"]
