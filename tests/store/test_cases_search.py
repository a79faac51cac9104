"""Case list paging and blind-index search (Arabic normalisation, prefixes, numbers, duplicates)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.domain.arabic import normalise
from fieldapp.store import Vault

from .factories import PASSWORD, make_assessment, make_household


def test_search_as_you_type_with_arabic_normalisation(vault: Vault) -> None:
    ahmed = vault.save_household(make_household(head_name="أحمد محمد الغامدي"))
    vault.save_household(make_household(head_name="فاطمة إبراهيم الزهراني", national_id="2034567897",
                                        phone="0561112222", file_number="JED-2024-000777", head_name_latin="Fatimah Ibrahim",
                                        categories=["kidney_patient"]))

    def ids(query: str) -> set[str]:
        return {row.household_id for row in vault.page_cases(0, 50, query=query)}

    assert ids("احمد") == {ahmed.id}
    assert ids("أحمَـد") == {ahmed.id}
    assert ids("اح") == {ahmed.id}
    assert ids("احمد الغام") == {ahmed.id}
    assert ids("ahmed") == {ahmed.id}
    assert len(ids("ابراهيم")) == 1 and len(ids("فاطمه")) == 1
    assert ids("٠٥٥١٢٣") == {ahmed.id}          # Arabic-Indic digits of the phone
    assert ids("551234") == {ahmed.id}          # without the leading 0
    assert ids("1012345") == {ahmed.id}         # ID number prefix
    assert len(ids("JED-2024-000777")) == 1      # file number
    assert len(ids("kidney")) == 1 and len(ids("ارملة")) == 1
    assert ids("احمد الزهراني") == set()         # every word must match
    assert ids("خالد") == set()
    assert vault.count_cases(query="") == 2


def test_index_follows_edits(vault: Vault) -> None:
    household = vault.save_household(make_household())
    household.head_name = "خالد سعد القحطاني"
    vault.save_household(household)
    assert vault.count_cases(query="احمد") == 0
    assert vault.count_cases(query="خالد") == 1


def test_paging_orders_by_latest_change_and_filters_by_status(vault: Vault) -> None:
    households = [vault.save_household(make_household(national_id=f"10{i:08d}")) for i in range(30)]
    for household in households[:10]:
        vault.save_assessment(make_assessment(household))
    touched = households[5]
    touched.district = "الروضة"
    vault.save_household(touched)
    first = vault.page_cases(0, 10)
    assert first[0].household_id == touched.id
    assert [r.updated_at for r in first] == sorted((r.updated_at for r in first), reverse=True)
    every = [r.household_id for offset in range(0, 30, 7) for r in vault.page_cases(offset, 7)]
    assert sorted(every) == sorted(h.id for h in households)
    assert vault.count_cases(status="draft") == 10
    assert {r.status for r in vault.page_cases(0, 50, status="draft")} == {"draft"}
    assert vault.count_cases(status=["draft", "submitted"]) == 10


def test_duplicates(vault: Vault) -> None:
    first = vault.save_household(make_household())
    same_id = vault.save_household(make_household(head_name="شخص آخر", phone="0500000000"))
    assert vault.find_duplicates(national_id="1012345672") == [first.id, same_id.id]
    assert vault.find_duplicates(national_id="١٠١٢٣٤٥٦٧٢", exclude_household=first.id) == [same_id.id]
    assert vault.find_duplicates(name="احمد محمد الغامدي", phone="+966551234567") == [first.id]
    assert vault.find_duplicates(name="احمد محمد الغامدي", phone="0599999999") == []
    assert vault.find_duplicates() == []


def test_index_holds_no_plaintext_tokens(vault: Vault) -> None:
    vault.save_household(make_household())
    dump = "\n".join(vault.db.conn.iterdump())
    for secret in ("احمد", "أحمد", "ahmed", "1012345672", "0551234567", "widow", "JED"):
        assert secret not in dump.lower()


names = st.lists(st.sampled_from(["أحمد", "إبراهيم", "عائشة", "مؤيد", "هيفاء", "يحيى", "آمنة", "فاطمة"]),
                 min_size=1, max_size=4)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=names, which=st.integers(0, 3), length=st.integers(1, 6), tashkeel=st.booleans())
def test_any_typed_prefix_finds_the_name(tmp_path: Path, parts: list[str], which: int, length: int,
                                         tashkeel: bool) -> None:
    folder = tmp_path / f"v{abs(hash((tuple(parts), which, length, tashkeel)))}"
    with Vault.create(folder, PASSWORD) as vault:
        household = vault.save_household(make_household(head_name=" ".join(parts)))
        word = normalise(parts[which % len(parts)])[:length]
        typed = "َ".join(word) if tashkeel else word  # fatha between letters, as some keyboards leave
        assert [r.household_id for r in vault.page_cases(0, 5, query=typed)] == [household.id]


def test_case_list_does_not_decrypt_the_table(vault: Vault, monkeypatch: object) -> None:
    for i in range(40):
        vault.save_household(make_household(national_id=f"11{i:08d}"))
    calls: list[str] = []
    real_open = vault.cipher.open

    def counting(table: str, record_id: str, rev: int, blob: bytes) -> object:
        calls.append(table)
        return real_open(table, record_id, rev, blob)

    vault.cipher.open = counting  # type: ignore[method-assign]
    assert len(vault.page_cases(0, 10)) == 10
    assert vault.count_cases() == 40
    assert len(calls) == 10
    assert isinstance(vault.db.conn, sqlite3.Connection)


def test_both_search_plans_give_the_same_pages(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldapp.store import cases

    for i in range(25):
        household = vault.save_household(make_household(national_id=f"12{i:08d}",
                                                        head_name=["أحمد علي", "فاطمة حسن"][i % 2]))
        if i % 3 == 0:
            vault.save_assessment(make_assessment(household))

    def pages() -> list[list[str]]:
        return [[r.household_id for r in vault.page_cases(offset, 4, status=status, query=query)]
                for query in ("احمد", "ف", "12", "xyz") for status in (None, "draft", ["draft", ""])
                for offset in (0, 4, 8)]

    rare = pages()
    monkeypatch.setattr(cases, "_COMMON_HITS", 0)
    assert pages() == rare
    assert vault.count_cases(query="احمد") == 13 and vault.count_cases(status="draft", query="احمد") == 5
