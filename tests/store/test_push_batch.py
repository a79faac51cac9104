"""Push results recorded as one batch (store.pushbatch) leave the same vault as recording them one by one.

The base vault has records with unpushed edits, a household with two change ops (an edit before and one
after a workflow step), a coalesced assessment edit and an unpushed step. Random results (applied,
conflict, rejected; with or without the server's record; repeated op ids; unknown ids) are recorded once
in a single call and once by the reference (each op read and deleted as its result comes, as before); records, columns, events, the outbox, conflicts, notices
and search answers must agree.
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

from fieldapp.domain.workflow import Actor, Role
from fieldapp.store import Vault
from fieldapp.store.digest import digest_table

from .factories import PASSWORD, make_assessment, make_household

AMAL = Actor("amal", Role.RESEARCHER, "jeddah-1")
QUERIES = ["احمد", "محمد", "055", "0557", "101"]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("push-batch") / "base"
    with Vault.create(folder, PASSWORD) as vault:
        first = vault.save_household(make_household())
        assessment = vault.save_assessment(make_assessment(first))
        vault.transition(assessment.id, AMAL, "submit")
        first.phone = "0557654321"
        vault.save_household(first)                 # a second change op, after the step
        second = vault.save_household(make_household(head_name="فاطمة علي", national_id="1098765432"))
        other = vault.save_assessment(make_assessment(second))
        for rooms in (4, 5):                        # coalesced into one op
            other.answers = {**other.answers, "rooms": rooms}
            vault.save_assessment(other)
        vault.save_household(make_household(head_name="سارة", national_id="1011111111", phone="0550000000"))
        vault.outbox_mark_sent([op["op_id"] for op in vault.outbox_pending(100)])
    return folder


def _ops(base: Path) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    with Vault.open(base, PASSWORD) as vault:
        ops = vault.outbox_pending(100)
        records: dict[str, dict[str, Any]] = {}
        for op in ops:
            if op["entity"] == "household":
                records[op["entity_id"]] = vault.get_household(op["entity_id"]).to_dict()
            elif op["entity"] == "assessment":
                records[op["entity_id"]] = vault.get_assessment(op["entity_id"]).to_dict()
            else:
                records[op["entity_id"]] = op["event"]
                assessment_id = op["event"]["assessment_id"]
                records[assessment_id] = vault.get_assessment(assessment_id).to_dict()
    return ops, records


@st.composite
def results(draw: st.DrawFn, ops: list[dict[str, Any]], records: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    order = draw(st.permutations(range(len(ops) + 1)))
    chosen = order[:draw(st.integers(0, len(order)))] + draw(st.lists(st.sampled_from(order), max_size=2))
    out: list[dict[str, Any]] = []
    for index in chosen:
        if index == len(ops):
            out.append({"op_id": "unknown-op", "status": "applied", "entity": "household", "entity_id": "nobody",
                        "version": 1})
            continue
        op = ops[index]
        status = draw(st.sampled_from(["applied", "applied", "conflict", "rejected"]))
        version = draw(st.integers(1, 5))
        result: dict[str, Any] = {"op_id": op["op_id"], "status": status, "entity": op["entity"],
                                  "entity_id": op["entity_id"], "version": version}
        if draw(st.booleans()):
            record = {**records[op["entity_id"]], "version": version}
            if op["entity"] == "household":
                record["district"] = draw(st.sampled_from(["الصفا", "الروضة"]))
                record["head_name"] = draw(st.sampled_from([record["head_name"], "محمد الجديد"]))
            elif op["entity"] == "assessment":
                record["answers"] = {**record["answers"], "rooms": draw(st.integers(1, 6))}
                # the server may not have the step taken here yet
                record["status"] = draw(st.sampled_from([record["status"], "draft"]))
            result["record"] = record
        if status == "conflict":
            result["conflicts"] = [{"field": "district", "local": "a", "server": "b", "base": None}]
        if status == "rejected":
            result["error"] = {"code": "sync.refused", "message": {"ar": "مرفوض", "en": "refused"}}
            if op["kind"] == "event" and draw(st.booleans()):
                copy = records[op["event"]["assessment_id"]]
                result["assessment"] = {**copy, "status": "draft", "version": version}
        out.append(result)
    return out


def _snapshot(vault: Vault) -> dict[str, Any]:
    def rows(table: str, columns: str) -> dict[str, Any]:
        return {row[0]: (vault.cipher.open(table, row[0], row[1], row[2]), row[1], *row[3:])
                for row in vault._q(f"SELECT id, rev, data, {columns} FROM {table}")}

    return {
        "households": rows("households", "version, updated_at, assessment_id, status, case_updated_at, case_no"),
        "assessments": rows("assessments", "household_id, status, version, updated_at, submitted_at"),
        "events": rows("events", "assessment_id, seq, at"),
        "outbox": [(op["op_id"], op.get("changes"), op.get("event")) for op in vault.outbox_pending(100)],
        "sent": list(vault._q("SELECT op_id, sent FROM outbox ORDER BY seq")),
        "conflicts": [(c["op_id"], c["entity"], c["entity_id"], c["conflicts"]) for c in vault.conflicts()],
        "notices": [(n["op_id"], n["entity"], n["entity_id"], n["kind"], n["error"], n["assessment_id"])
                    for n in vault.notices()],
        "search": {q: [c.household_id for c in vault.page_cases(0, 50, query=q)] for q in QUERIES},
        # every statistics digest fresh: sealed for its row's current rev (a stale one would fail to open)
        "digests": {table: {i: vault.cipher.open(digest_table(table), i, rev, blob)
                            for i, rev, blob in vault._q(f"SELECT id, rev, digest FROM {table}")}
                    for table in ("households", "assessments")},
    }


def _one_at_a_time(vault: Vault, answers: list[dict[str, Any]]) -> None:
    """The reference: each op read, deleted and decrypted as its result comes; the outbox queried directly."""
    with vault.transaction():
        for result in answers:
            row = vault._q("SELECT rev, data FROM outbox WHERE op_id=?", [result["op_id"]]).fetchone()
            if row is None:
                continue
            vault._q("DELETE FROM outbox WHERE op_id=?", [result["op_id"]])
            op = vault.cipher.open("outbox", result["op_id"], row[0], row[1])
            if result["status"] == "rejected":
                vault._record_rejection(op, result)  # type: ignore[arg-type]
                continue
            if result["status"] == "conflict":
                vault._add_conflict(op["op_id"], result)  # type: ignore[arg-type]
            if result.get("record"):
                vault._adopt(result["entity"], result["entity_id"], result["record"], int(result["version"]))
            elif result["entity"] != "event":
                vault._set_version(result["entity"], result["entity_id"], int(result["version"]))


@pytest.fixture
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_one_batch_of_results_leaves_the_same_vault_as_one_result_at_a_time(base: Path, scratch: Path,
                                                                            data: st.DataObject) -> None:
    ops, records = _ops(base)
    answers = data.draw(results(ops, records))
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(base, scratch / "batch")
    shutil.copytree(base, scratch / "single")
    with Vault.open(scratch / "batch", PASSWORD) as batch, Vault.open(scratch / "single", PASSWORD) as single:
        batch.apply_push_results(answers)  # type: ignore[arg-type]
        _one_at_a_time(single, answers)
        assert _snapshot(batch) == _snapshot(single)
        batch.apply_push_results(answers)  # type: ignore[arg-type]  # retried: recorded once
        assert _snapshot(batch) == _snapshot(single)


def test_outbox_pending_leaves_out_the_ops_being_recorded(base: Path, scratch: Path) -> None:
    shutil.copytree(base, scratch / "v")
    with Vault.open(scratch / "v", PASSWORD) as vault:
        every = [op["op_id"] for op in vault.outbox_pending(100)]
        assert [op["op_id"] for op in vault.outbox_pending(2, exclude={every[0], every[2]})] == [every[1], every[3]]
        assert [op["op_id"] for op in vault.outbox_pending(100, exclude=set(every))] == []
