"""The outbox as one batch of push results sees it while they are recorded (syncside.apply_push_results).

Results are recorded in order and each drops its op; the adoption of a result must see this device's
unconfirmed edits (change ops not dropped yet) and whether an assessment has an unpushed workflow step
(event op not dropped yet), exactly as if each op were deleted when its result is read. Instead of a
SELECT, a DELETE and a decryption per result, the batch reads the ops it needs in a few IN queries,
decrypts an op only when its content is used (a refusal, or edits still pending on a record) and deletes
the dropped ops in one statement at the end of the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ..sync.protocol import OpResult
from .pullpage import in_chunks
from .records import UPDATE_ASSESSMENT

if TYPE_CHECKING:
    from .core import VaultCore


class OpRow(NamedTuple):
    seq: int
    op_id: str
    entity: str
    entity_id: str
    kind: str
    rev: int
    data: bytes


_COLUMNS = "seq, op_id, entity, entity_id, kind, rev, data"


class PushBatch:
    def __init__(self, vault: VaultCore, results: Sequence[OpResult]) -> None:
        self.vault = vault
        self._rows: dict[str, OpRow] = {}
        self._dropped: dict[str, None] = {}
        self._opened: dict[str, dict[str, Any]] = {}
        self._changes: dict[tuple[str, str], list[OpRow]] = {}   # change ops by record, in outbox order
        self._changes_of: set[str] = set()                        # record ids whose change ops are read
        self._steps: dict[str, list[str]] = {}                    # event op ids by assessment id
        self.revs: dict[str, int] = {}       # stored assessments of the results: rev as the batch began
        self.touched: set[str] = set()       # records written one by one in this batch (their revs moved)
        # The change ops of the results' records (pending_changes needs them) include the results' own
        # change ops: read once; the rest (workflow steps, ops already recorded) by op id.
        self._read_changes(sorted({r["entity_id"] for r in results if r["entity"] != "event"}))
        wanted = {r["op_id"] for r in results}
        for record_ops in self._changes.values():
            self._rows.update((op.op_id, op) for op in record_ops if op.op_id in wanted)
        for marks, chunk in in_chunks(sorted(wanted.difference(self._rows))):
            for row in vault._q(f"SELECT {_COLUMNS} FROM outbox WHERE op_id IN ({marks})", chunk):
                self._rows[row[1]] = OpRow(*row)
        assessment_ids = sorted({r["entity_id"] for r in results if r["entity"] == "assessment"})
        self._read_steps(assessment_ids)
        for marks, chunk in in_chunks(assessment_ids):
            self.revs.update(vault._q(f"SELECT id, rev FROM assessments WHERE id IN ({marks})", chunk))

    def _read_changes(self, entity_ids: list[str]) -> None:
        for marks, chunk in in_chunks(entity_ids):
            for row in self.vault._q(f"SELECT {_COLUMNS} FROM outbox WHERE kind='change'"
                                     f" AND entity_id IN ({marks}) ORDER BY seq", chunk):
                op = OpRow(*row)
                self._changes.setdefault((op.entity, op.entity_id), []).append(op)
        self._changes_of.update(entity_ids)

    def _read_steps(self, assessment_ids: list[str]) -> None:
        for marks, chunk in in_chunks(assessment_ids):
            for assessment_id, op_id in self.vault._q(
                    "SELECT events.assessment_id, outbox.op_id FROM events JOIN outbox ON outbox.entity='event'"
                    f" AND outbox.entity_id=events.id AND outbox.kind='event' WHERE events.assessment_id IN ({marks})",
                    chunk):
                self._steps.setdefault(assessment_id, []).append(op_id)
        for assessment_id in assessment_ids:
            self._steps.setdefault(assessment_id, [])

    def drop(self, op_id: str) -> OpRow | None:
        """The op a result answers, taken out of the outbox; None if it is gone (a result already recorded)."""
        row = self._rows.get(op_id)
        if row is None or op_id in self._dropped:
            return None
        self._dropped[op_id] = None
        return row

    def open(self, row: OpRow) -> dict[str, Any]:
        op = self._opened.get(row.op_id)
        if op is None:
            op = self._opened[row.op_id] = self.vault.cipher.open("outbox", row.op_id, row.rev, row.data)
        return op

    def pending_changes(self, entity: str, entity_id: str) -> dict[str, Any]:
        """As outbox._pending_changes, over the ops not dropped yet."""
        if entity_id not in self._changes_of:
            self._read_changes([entity_id])
        values: dict[str, Any] = {}
        for row in self._changes.get((entity, entity_id), ()):
            if row.op_id not in self._dropped:
                for key, change in self.open(row)["changes"].items():
                    values[key] = change["new"]
        return values

    def has_unpushed_event(self, assessment_id: str) -> bool:
        if assessment_id not in self._steps:
            self._read_steps([assessment_id])
        return any(op_id not in self._dropped for op_id in self._steps[assessment_id])

    def delete_dropped(self) -> None:
        self.vault.db.conn.executemany("DELETE FROM outbox WHERE op_id=?", [(i,) for i in self._dropped])


class AssessmentWrites:
    """Assessments adopted from push results, written together: one UPDATE statement for all of them and
    their households' case columns refreshed once, instead of four statements per assessment. The caller
    flushes before anything else reads or writes an assessment it holds (see SyncSideMixin._adopt_later)."""

    def __init__(self, vault: Any) -> None:
        self.vault = vault
        self._values: list[list[Any]] = []
        self._ids: set[str] = set()
        self._households: set[str] = set()

    def __contains__(self, assessment_id: str) -> bool:
        return assessment_id in self._ids

    def holds_any(self, ids: set[str]) -> bool:
        return not self._ids.isdisjoint(ids)

    def add(self, assessment: Any, rev: int) -> None:
        self._values.append(self.vault._assessment_values(assessment, rev))
        self._ids.add(assessment.id)
        self._households.add(assessment.household_id)

    def flush(self) -> None:
        if not self._values:
            return
        self.vault.db.conn.executemany(UPDATE_ASSESSMENT, self._values)
        self.vault._refresh_cases(self._households)
        self._values, self._ids, self._households = [], set(), set()
