"""The batched pull (store.pullpage) leaves the same vault as adopting each change one at a time.

One base vault holds records the server already knows, a household with an unpushed edit, an assessment
with an unpushed edit, one with an unpushed workflow step and a household made here; random pages mix new
records, updates (newer and stale), the same record twice and events. Each page is applied to two copies
of the base, one per path, and everything readable is compared: decrypted records, plaintext columns and
case numbers, event order, search and duplicate answers, the outbox and the cursor.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.domain.entities import Assessment, Household, WorkflowEvent
from fieldapp.domain.workflow import Actor, Role
from fieldapp.store import Vault
from fieldapp.store.bulk import BulkLoader
from fieldapp.store.pullpage import server_copy
from fieldapp.store.records_dict import from_record, record_dict
from fieldapp.sync.protocol import flatten, unflatten

from .factories import PASSWORD

NAMES = ["أحمد محمد", "أم محمد", "فاطمة علي", "Ahmed Ali"]
TIMES = [f"2026-0{m}-01T10:00:00Z" for m in range(1, 8)]
KNOWN_H = [f"00000000-0000-4000-8000-00000000000{i}" for i in range(5)]
KNOWN_A = [f"00000000-0000-4000-8000-00000000010{i}" for i in range(5)]
NEW_H = [f"00000000-0000-4000-8000-00000000020{i}" for i in range(4)]
NEW_A = [f"00000000-0000-4000-8000-00000000030{i}" for i in range(4)]
NEW_E = [f"00000000-0000-4000-8000-00000000040{i}" for i in range(4)]
AMAL = Actor("amal", Role.RESEARCHER, "t1")
QUERIES = ["احمد", "ام", "محمد", "فاطمه", "ahmed", "105", "1050", "0551", "widow", "ارمله"]


def _household(household_id: str, name: str, number: int, **fields: Any) -> Household:
    return Household(head_name=name, national_id=f"10500{number:05d}", phone=f"05510{number:05d}",
                     city="jeddah", district="الصفا", categories=["widow"] if number % 2 else ["orphans"],
                     researcher="amal", team="t1", id=household_id, **fields)


def _assessment(assessment_id: str, household_id: str, **fields: Any) -> Assessment:
    values: dict[str, Any] = {"answers": {"rooms": 3, "visit_date": "2026-03-01"}, **fields}
    return Assessment(household_id=household_id, form_id="household_assessment", form_version=1,
                      researcher="amal", team="t1", id=assessment_id, **values)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pull-bulk") / "base"
    with Vault.create(folder, PASSWORD) as vault:
        with BulkLoader(vault) as load:
            for i, (h_id, a_id) in enumerate(zip(KNOWN_H, KNOWN_A, strict=True)):
                household = _household(h_id, NAMES[i % len(NAMES)], i, version=2, created_at=TIMES[0],
                                       updated_at=TIMES[1])
                load.add(household, [_assessment(a_id, h_id, version=2, created_at=TIMES[0], updated_at=TIMES[1])])
        edited = vault.get_household(KNOWN_H[0])
        edited.phone = "0559999999"
        vault.save_household(edited)                          # an unpushed household edit
        answered = vault.get_assessment(KNOWN_A[1])
        answered.answers = {**answered.answers, "rooms": 5}
        vault.save_assessment(answered)                       # an unpushed answer
        vault.transition(KNOWN_A[2], AMAL, "submit")          # an unpushed workflow step
        local = vault.save_household(_household(NEW_H[3], "سارة", 9))   # made here, never pushed
        vault.save_assessment(_assessment(NEW_A[3], local.id))
    return folder


def _copy(base: Path, into: Path, bulk: bool) -> Vault:
    shutil.copytree(base, into)
    vault = Vault.open(into, PASSWORD)
    vault.bulk_pull = bulk
    return vault


versions = st.integers(min_value=0, max_value=4)
times = st.sampled_from(TIMES)
household_changes = st.builds(
    lambda h_id, name, number, version, created, updated: {
        "entity": "household", "entity_id": h_id, "version": version,
        "record": _household(h_id, name, number, created_at=created, updated_at=updated, version=version).to_dict()},
    st.sampled_from(KNOWN_H + NEW_H), st.sampled_from(NAMES), st.integers(0, 12), versions, times, times)
assessment_changes = st.builds(
    lambda a_id, h_id, status, version, created, updated, submitted, rooms: {
        "entity": "assessment", "entity_id": a_id, "version": version,
        "record": _assessment(a_id, h_id, status=status, version=version, created_at=created, updated_at=updated,
                              submitted_at=submitted, answers={"rooms": rooms} if rooms else {}).to_dict()},
    st.sampled_from(KNOWN_A + NEW_A), st.sampled_from(KNOWN_H + NEW_H), st.sampled_from(["draft", "submitted"]),
    versions, times, times, st.none() | times, st.integers(0, 6))
event_changes = st.builds(
    lambda e_id, a_id, at: {
        "entity": "event", "entity_id": e_id, "version": 1,
        "record": WorkflowEvent(assessment_id=a_id, household_id=KNOWN_H[0], action="submit", from_status="draft",
                                to_status="submitted", actor="amal", role="researcher", at=at, id=e_id).to_dict()},
    st.sampled_from(NEW_E), st.sampled_from(KNOWN_A + NEW_A), times)
pages = st.lists(st.lists(household_changes | assessment_changes | event_changes, max_size=12),
                 min_size=1, max_size=3)


def _snapshot(vault: Vault) -> dict[str, Any]:
    def rows(table: str, columns: str) -> dict[str, Any]:
        return {row[0]: (vault.cipher.open(table, row[0], row[1], row[2]), *row[3:])
                for row in vault._q(f"SELECT id, rev, data, {columns} FROM {table}")}

    return {
        "households": rows("households", "version, created_at, updated_at, assessment_id, status, last_visit,"
                                         " submitted_at, case_updated_at, case_no"),
        "assessments": rows("assessments", "household_id, form_id, form_version, status, version, created_at,"
                                           " updated_at, submitted_at, decided_at, visit_date"),
        "events": rows("events", "assessment_id, seq, at"),
        "search": {q: ([c.household_id for c in vault.page_cases(0, 100, query=q)], vault.count_cases(query=q))
                   for q in QUERIES},
        "cases": [(c.household_id, c.status, c.updated_at) for c in vault.page_cases(0, 100)],
        "duplicates": {n: vault.find_duplicates(national_id=f"10500{n:05d}") for n in range(13)},
        "outbox": [(op["op_id"], op.get("changes"), op.get("event")) for op in vault.outbox_pending(100)],
        "cursor": vault.sync_cursor(),
    }


@pytest.fixture
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def assert_pulled_alike(base: Path, scratch: Path, pages: list[list[dict[str, Any]]]) -> None:
    """The pages applied by the batched path and by the one-at-a-time path leave the same vault."""
    shutil.rmtree(scratch, ignore_errors=True)
    fast, careful = _copy(base, scratch / "fast", True), _copy(base, scratch / "careful", False)
    try:
        for number, page in enumerate(pages, start=1):
            changes = [{"seq": number * 100 + i, **change} for i, change in enumerate(page)]
            fast.apply_pull_page(changes, number * 100 + len(page))  # type: ignore[arg-type]
            careful.apply_pull_page(changes, number * 100 + len(page))  # type: ignore[arg-type]
        assert _snapshot(fast) == _snapshot(careful)
    finally:
        fast.close()
        careful.close()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pages=pages)
def test_batched_pull_leaves_the_same_vault_as_one_at_a_time(base: Path, scratch: Path,
                                                             pages: list[list[dict[str, Any]]]) -> None:
    assert_pulled_alike(base, scratch, pages)


def test_a_page_of_new_records_is_searchable_and_listed(base: Path, scratch: Path) -> None:
    vault = _copy(base, scratch / "v", True)
    ops = vault.outbox_count()
    try:
        household = _household(NEW_H[0], "نورة عبدالله", 11, version=1, updated_at=TIMES[2])
        assessment = _assessment(NEW_A[0], NEW_H[0], status="submitted", version=1, updated_at=TIMES[4])
        vault.apply_pull_page([  # type: ignore[list-item]
            {"seq": 1, "entity": "assessment", "entity_id": assessment.id, "version": 1, "record": assessment.to_dict()},
            {"seq": 2, "entity": "household", "entity_id": household.id, "version": 1, "record": household.to_dict()},
        ], 2)
        (row,) = vault.page_cases(0, 10, query="نوره")
        assert (row.household_id, row.assessment_id, row.status, row.updated_at) == \
            (household.id, assessment.id, "submitted", TIMES[4])
        assert vault.find_duplicates(national_id=household.national_id) == [household.id]
        assert vault.get_assessment(assessment.id).version == 1 and vault.outbox_count() == ops
    finally:
        vault.close()


@given(st.dictionaries(st.sampled_from(["id", "head_name", "answers.x", "answers", "version"]),
                       st.none() | st.integers() | st.dictionaries(st.sampled_from(["a", "b"]), st.integers()))
       .filter(lambda record: not isinstance(record.get("answers"), int)))
def test_server_copy_is_the_merge_of_a_record_with_no_local_edit(record: dict[str, Any]) -> None:
    expected = unflatten(flatten(record))
    expected.update(id="x", version=3)
    assert server_copy({"seq": 1, "entity": "household", "entity_id": "x", "version": 3,  # type: ignore[typeddict-item]
                        "record": record}) == expected


@given(st.dictionaries(st.sampled_from(["district", "phone", "extra", "unknown", "version", "categories"]),
                       st.integers() | st.text(max_size=3) | st.lists(st.integers(), max_size=2)))
def test_from_record_builds_what_from_dict_builds(data: dict[str, Any]) -> None:
    data = {"head_name": "x", "id": "h", "created_at": TIMES[0], "updated_at": TIMES[1], **data}
    assert record_dict(from_record(Household, data)) == record_dict(Household.from_dict(data))
    assert from_record(Household, data) == Household.from_dict(data)
