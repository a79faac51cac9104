"""Thin pulls: a device asking `thin=1` gets the records it wrote itself (at the version its push result
carried) as entries without the record; paging and the cursor are those of a whole pull."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.server import sync as server_sync

from .conftest import Api, Server
from .factories import assessment, change, event, household


def _pages(api: Api, after: int, limit: int, thin: bool) -> list[dict[str, Any]]:
    pages = []
    for _ in range(1000):  # bounded: every page moves the cursor
        params: dict[str, Any] = {"after": after, "limit": limit, **({"thin": "true"} if thin else {})}
        body = api.get("/sync/pull", params=params).json()
        pages.append(body)
        assert body["next_after"] >= after
        if not body["has_more"]:
            return pages
        assert body["changes"], "a page that says more follow is never empty"
        after = body["next_after"]
    raise AssertionError("paging did not end")


def test_own_writes_come_thin_and_everything_else_whole(teams: Server) -> None:
    alice, laptop2 = teams.device("alice"), teams.device("alice")
    hid, hop = household()
    aid, aop = assessment(hid)
    base = alice.push(hop, aop)[0]["record"]
    other_hid, other_op = household(name="سارة")
    laptop2.push(other_op)
    submitted = alice.push(event(aid, "submit"))[0]
    assert submitted["status"] == "applied"
    # The other laptop edits alice's household afterwards: its new version is no longer alice's.
    laptop2.push(change("household", hid, base, {**base, "district": "الروضة"}, base=1))

    full = [c for page in _pages(alice, 0, 500, thin=False) for c in page["changes"]]
    thin = [c for page in _pages(alice, 0, 500, thin=True) for c in page["changes"]]
    assert [(c["seq"], c["entity_id"], c["version"]) for c in thin] == \
        [(c["seq"], c["entity_id"], c["version"]) for c in full]
    kinds = {c["entity_id"]: "thin" if c.get("thin") else "whole" for c in thin}
    # The assessment's last version is the submit's side effect, which alice's device does not adopt from
    # the push result: whole. The event is whole (never thin), the households were last written by laptop2.
    assert kinds == {hid: "whole", aid: "whole", other_hid: "whole", submitted["entity_id"]: "whole"}
    assert all("record" in c for c in full) and not any(c.get("thin") for c in full)
    # laptop2 gets its own writes thin; alice's assessment and event whole.
    kinds2 = {c["entity_id"]: bool(c.get("thin")) for p in _pages(laptop2, 0, 500, True) for c in p["changes"]}
    assert kinds2 == {hid: True, other_hid: True, aid: False, submitted["entity_id"]: False}


def test_a_replayed_op_and_a_conflict_stay_thin_for_their_device(teams: Server) -> None:
    alice, laptop2 = teams.device("alice"), teams.device("alice")
    hid, hop = household()
    base = alice.push(hop)[0]["record"]
    assert alice.push(hop)[0]["version"] == 1          # replayed: the stored result, the same version
    laptop2.push(change("household", hid, base, {**base, "district": "الروضة"}, base=1))
    clash = alice.push(change("household", hid, base, {**base, "district": "النسيم", "address": "شارع 5"}, base=1))[0]
    assert clash["status"] == "conflict" and clash["version"] == 3
    [entry] = [c for p in _pages(alice, 0, 500, True) for c in p["changes"]]
    assert entry == {"seq": entry["seq"], "entity": "household", "entity_id": hid, "version": 3, "thin": True}


@st.composite
def _writes(draw: st.DrawFn) -> list[tuple[str, int]]:
    """(who, which): who writes ("a" or "b", two devices of one researcher), a new household (-1) or the
    n-th one written so far."""
    steps: list[tuple[str, int]] = []
    made = 0
    for _ in range(draw(st.integers(1, 30))):
        which = draw(st.integers(-1, made - 1))
        made += which < 0
        steps.append((draw(st.sampled_from("ab")), which))
    return steps


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=_writes(), limit=st.integers(1, 6), scan=st.integers(1, 9))
def test_thin_paging_covers_every_row_once(teams: Server, monkeypatch: pytest.MonkeyPatch,
                                           steps: list[tuple[str, int]], limit: int, scan: int) -> None:
    monkeypatch.setattr(server_sync, "THIN_SCAN", limit + scan)  # as in use: room for more rows than records
    devices = {"a": teams.device("alice"), "b": teams.device("alice")}
    after = _pages(devices["a"], 0, 1000, thin=False)[-1]["next_after"]  # earlier examples' rows
    made: list[tuple[str, dict[str, Any]]] = []
    last_writer: dict[str, str] = {}
    for who, which in steps:
        if which < 0:
            hid, op = household()
        else:
            hid, record = made[which]
            op = change("household", hid, record, {**record, "address": f"{who}-{len(last_writer)}-{which}"},
                        base=record["version"])
        result = devices[who].push(op)[0]
        assert result["status"] == "applied"
        if which < 0:
            made.append((hid, result["record"]))
        else:
            made = [(i, result["record"] if i == hid else r) for i, r in made]
        last_writer[hid] = who

    full = [c for page in _pages(devices["a"], after, limit, thin=False) for c in page["changes"]]
    pages = _pages(devices["a"], after, limit, thin=True)
    thin = [c for page in pages for c in page["changes"]]
    assert [(c["seq"], c["version"]) for c in thin] == [(c["seq"], c["version"]) for c in full]
    assert {c["entity_id"] for c in thin if c.get("thin")} == {i for i, w in last_writer.items() if w == "a"}
    for page in pages:
        assert sum(1 for c in page["changes"] if not c.get("thin")) <= limit
        assert len(page["changes"]) <= limit + scan
