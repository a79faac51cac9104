"""Case-list columns of households pulled together with their assessments (pullpage works them out itself
instead of refreshing each household from the table): the same as one change at a time, whatever order
the page brings them in, however many assessments a household has and whatever their times."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fieldapp.domain.entities import Assessment, Household
from fieldapp.store.pullpage import server_copy, stored_dict
from fieldapp.store.records_dict import from_record, record_dict

from .test_pull_bulk import KNOWN_H, NEW_H, TIMES, _assessment, _household, assert_pulled_alike, base, scratch

__all__ = ["base", "scratch"]  # fixtures shared with test_pull_bulk

FRESH_H = [f"00000000-0000-4000-8000-0000000005{i:02d}" for i in range(6)]
FRESH_A = [f"00000000-0000-4000-8000-0000000006{i:02d}" for i in range(12)]
HOMES = FRESH_H + [NEW_H[3], KNOWN_H[0]]  # NEW_H[3] and KNOWN_H[0] have stored assessments

households = st.builds(
    lambda h_id, updated: {"entity": "household", "entity_id": h_id, "version": 1,
                           "record": _household(h_id, "أم محمد", 3, created_at=TIMES[0], updated_at=updated,
                                                version=1).to_dict()},
    st.sampled_from(FRESH_H), st.sampled_from(TIMES))
assessments = st.builds(
    lambda a_id, h_id, status, created, updated, submitted, visit: {
        "entity": "assessment", "entity_id": a_id, "version": 1,
        "record": _assessment(a_id, h_id, status=status, created_at=created, updated_at=updated, version=1,
                              submitted_at=submitted, visit_date=visit).to_dict()},
    st.sampled_from(FRESH_A), st.sampled_from(HOMES), st.sampled_from(["draft", "submitted"]),
    st.sampled_from(TIMES[:3]), st.sampled_from(TIMES), st.none() | st.sampled_from(TIMES),
    st.none() | st.just("2026-02-02"))
# Each record once in a page (a repeated one takes the careful path, which refreshes its household anyway).
pages = st.lists(st.lists(households | assessments, max_size=16, unique_by=lambda change: change["entity_id"]),
                 min_size=1, max_size=3)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pages=pages)
def test_case_columns_of_households_pulled_with_their_assessments(base: Path, scratch: Path,
                                                                   pages: list[list[dict[str, Any]]]) -> None:
    assert_pulled_alike(base, scratch, pages)


def _records(kind: type) -> st.SearchStrategy[tuple[type, dict[str, Any]]]:
    own = st.sampled_from([f.name for f in fields(kind) if f.name != "extra"])
    odd = st.sampled_from(["extra", "unknown", "answers.x", "head_name" if kind is Assessment else "answers"])
    values = (st.none() | st.integers() | st.text(max_size=3) | st.lists(st.integers(), max_size=2)
              | st.dictionaries(st.sampled_from(["a", "visit_date"]), st.integers() | st.text(max_size=2), max_size=2))
    return st.tuples(st.just(kind), st.dictionaries(own | own | own | odd, values, max_size=6))


@settings(max_examples=300)
@example(kind_record=(Assessment, {"answers": None}), version=1, complete=True)   # no answers: {} as the dataclass
@example(kind_record=(Household, {"version": 7, "id": "y"}), version=2, complete=True)  # the change's own
@given(kind_record=st.sampled_from([Household, Assessment]).flatmap(_records), version=st.integers(0, 9),
       complete=st.booleans())
def test_stored_dict_is_the_record_of_the_server_copy(kind_record: tuple[type, dict[str, Any]], version: int,
                                                      complete: bool) -> None:
    kind, record = kind_record
    required = {"head_name": "x"} if kind is Household else {"household_id": "h", "form_id": "f", "form_version": 1}
    # Times always given, else both would stamp "now"; the required fields mostly, else both refuse.
    record = {"created_at": TIMES[0], "updated_at": TIMES[1], **(required if complete else {}), **record}
    change = {"seq": 1, "entity": "household", "entity_id": "x", "version": version, "record": record}
    try:
        expected = record_dict(from_record(kind, server_copy(change)))  # type: ignore[arg-type]
    except (TypeError, ValueError, AttributeError) as exc:
        with pytest.raises(type(exc)):
            stored_dict(kind, change)  # type: ignore[arg-type]
        return
    got = stored_dict(kind, change)  # type: ignore[arg-type]
    assert got == expected and list(got) == list(expected)
