"""Push (idempotent, field-level merge, events validated and re-sealed) and pull (paged by sequence, scoped)."""

from __future__ import annotations

from fieldapp.domain.entities import WorkflowEvent
from fieldapp.domain.history import GENESIS, first_break

from .conftest import Server
from .factories import assessment, change, event, household


def test_push_creates_and_retry_returns_the_stored_result(teams: Server) -> None:
    alice = teams.device("alice")
    hid, op = household()
    first = alice.push(op)[0]
    assert first["status"] == "applied" and first["version"] == 1
    assert first["record"]["researcher"] == "alice" and first["record"]["team"] == "t1"
    again = alice.push(op)[0]                      # the same op id, e.g. after a lost answer
    assert again == first
    changes, _ = alice.pull_all()
    assert [c["entity_id"] for c in changes] == [hid]  # once, at version 1
    assert changes[0]["version"] == 1


def test_disjoint_edits_merge_and_the_same_field_conflicts(teams: Server) -> None:
    alice = teams.device("alice")
    laptop2 = teams.device("alice")
    hid, op = household()
    base = alice.push(op)[0]["record"]
    r1 = alice.push(change("household", hid, base, {**base, "district": "الروضة"}, base=1))[0]
    assert r1["status"] == "applied" and r1["version"] == 2
    r2 = laptop2.push(change("household", hid, base, {**base, "address": "شارع 5"}, base=1))[0]
    assert r2["status"] == "applied"
    assert r2["record"]["district"] == "الروضة" and r2["record"]["address"] == "شارع 5"
    r3 = laptop2.push(change("household", hid, base, {**base, "district": "النسيم"}, base=1))[0]
    assert r3["status"] == "conflict"
    assert r3["conflicts"] == [{"field": "district", "local": "النسيم", "server": "الروضة", "base": None}]
    assert r3["record"]["district"] == "الروضة"      # the server keeps its value, both are reported


def test_researcher_cannot_change_owner_or_team(teams: Server) -> None:
    alice = teams.device("alice")
    hid, op = household()
    base = alice.push(op)[0]["record"]
    result = alice.push(change("household", hid, base, {**base, "team": "t2", "researcher": "carl"}, base=1))[0]
    assert result["record"]["team"] == "t1" and result["record"]["researcher"] == "alice"


def _submitted_case(server: Server) -> tuple[str, str]:
    alice = server.device("alice")
    hid, hop = household()
    aid, aop = assessment(hid)
    results = alice.push(hop, aop, event(aid, "submit"))
    assert [r["status"] for r in results] == ["applied", "applied", "applied"], results
    return hid, aid


def test_workflow_events_are_validated_and_resealed_on_the_server_chain(teams: Server) -> None:
    _, aid = _submitted_case(teams)
    sam = teams.device("sam")
    approve = event(aid, "approve", comment="ok")
    result = sam.push(approve)[0]
    assert result["status"] == "applied"
    record = result["record"]
    assert record["actor"] == "sam" and record["role"] == "supervisor"   # not what the device claimed
    assert record["from_status"] == "submitted" and record["to_status"] == "approved"
    assert result["assessment"]["status"] == "approved" and result["assessment"]["decided_at"]
    changes, _ = teams.device("root").pull_all()
    events = [WorkflowEvent.from_dict(c["record"]) for c in changes if c["entity"] == "event"]
    assert [e.action for e in events] == ["submit", "approve"]
    assert events[0].prev_hash == GENESIS and first_break(events) is None


def test_refused_transitions_come_back_rejected_with_a_reason(teams: Server) -> None:
    _, aid = _submitted_case(teams)
    alice = teams.device("alice")
    own = alice.push(event(aid, "approve"))[0]
    assert own["status"] == "rejected" and own["error"]["code"] == "workflow.role_forbidden"
    assert own["error"]["message"]["ar"] and own["error"]["message"]["en"]
    sam = teams.device("sam")
    no_comment = sam.push(event(aid, "return"))[0]
    assert no_comment["error"]["code"] == "workflow.comment_required"
    bad_reason = sam.push(event(aid, "reject", reason="not-a-reason"))[0]
    assert bad_reason["error"]["code"] == "workflow.reason_required"
    tara = teams.device("tara")                       # the other team's supervisor
    other = tara.push(event(aid, "approve"))[0]
    assert other["status"] == "rejected" and other["error"]["code"] == "auth.forbidden"


def test_return_sets_flags_and_comment(teams: Server) -> None:
    _, aid = _submitted_case(teams)
    sam = teams.device("sam")
    result = sam.push(event(aid, "return", comment="أكمل الدخل", flagged=["answers.income_sources"]))[0]
    assert result["assessment"]["status"] == "returned"
    assert result["assessment"]["flagged_fields"] == ["answers.income_sources"]
    assert result["assessment"]["review_comment"] == "أكمل الدخل"


def test_edits_to_an_approved_assessment_all_come_back_as_conflicts(teams: Server) -> None:
    _, aid = _submitted_case(teams)
    teams.device("sam").push(event(aid, "approve"))
    alice = teams.device("alice")
    current = alice.get(f"/records/assessment/{aid}").json()["record"]
    edited = {**current, "answers": {**current["answers"], "rec_amount": 999, "observations": "late note"}}
    result = alice.push(change("assessment", aid, current, edited, base=current["version"]))[0]
    assert result["status"] == "conflict"
    assert {c["field"] for c in result["conflicts"]} == {"answers.rec_amount", "answers.observations"}
    assert result["record"]["answers"]["rec_amount"] == 150000


def test_pull_pages_have_no_gap_and_no_duplicate(teams: Server) -> None:
    alice = teams.device("alice")
    ids = []
    for start in range(0, 30, 10):
        ops = []
        for n in range(start, start + 10):
            hid, op = household(name=f"أسرة {n}", national_id="")
            ids.append(hid)
            ops.append(op)
        alice.push(*ops)
    seen: list[str] = []
    after = 0
    while True:
        page = alice.get("/sync/pull", params={"after": after, "limit": 7}).json()
        assert all(c["seq"] > after for c in page["changes"])
        seen += [c["entity_id"] for c in page["changes"]]
        after = page["next_after"]
        if not page["has_more"]:
            break
    assert seen == ids
    again = alice.get("/sync/pull", params={"after": after}).json()
    assert again["changes"] == [] and again["next_after"] == after


def test_pull_is_scoped_by_role_and_team(teams: Server) -> None:
    alice, bob, carl = teams.device("alice"), teams.device("bob"), teams.device("carl")
    hid, hop = household()
    draft_id, dop = assessment(hid)
    alice.push(hop, dop)
    _, submitted_id = _submitted_case(teams)
    carl.push(household(name="x")[1])
    assert {c["entity"] for c in bob.pull_all()[0]} == set()        # a colleague's cases are not mine
    sam_sees = {c["entity_id"] for c in teams.device("sam").pull_all()[0] if c["entity"] == "assessment"}
    assert sam_sees == {submitted_id}                              # drafts stay with their researcher
    tara_sees = teams.device("tara").pull_all()[0]
    assert all(c["record"].get("team") == "t2" for c in tara_sees)
    assert len(teams.device("root").pull_all()[0]) > len(tara_sees)


def test_other_teams_cases_cannot_be_read_or_changed(teams: Server) -> None:
    alice = teams.device("alice")
    hid, op = household()
    base = alice.push(op)[0]["record"]
    for name in ("carl", "tara", "bob"):
        other = teams.device(name)
        assert other.get(f"/records/household/{hid}").status_code == 404
        result = other.push(change("household", hid, base, {**base, "district": "x"}, base=1))[0]
        assert result["status"] == "rejected" and result["error"]["code"] == "auth.forbidden"
        aid, aop = assessment(hid)
        assert other.push(aop)[0]["error"]["code"] == "auth.forbidden"
    assert alice.get(f"/records/household/{hid}").status_code == 200
    assert teams.device("sam").get(f"/records/household/{hid}").status_code == 200
    assert "district" not in alice.get(f"/records/household/{hid}").json()["record"]   # nothing changed
