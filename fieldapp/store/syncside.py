"""What the sync client records: push results, pulled pages (with the cursor), conflicts and notices.

Each call is one transaction. Server records are adopted with this device's unconfirmed edits laid over
them, so a pull never hides something typed here; the pending ops still carry their "old" values, and
the server's three-way merge decides when they are pushed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..domain.clock import new_id, utc_now
from ..domain.entities import Assessment, Assignment, AttachmentRef, Household, WorkflowEvent
from ..domain.errors import VaultError
from ..domain.workflow import READ_ONLY
from ..sync.protocol import Change, OpResult, flatten, unflatten
from .assignments import AssignmentsMixin
from .pullpage import PageWriter, server_copy
from .pushbatch import AssessmentWrites, PushBatch
from .records import ASSESSMENT_SERVER_FIELDS
from .records_dict import from_record

_TABLES = {"household": "households", "assessment": "assessments", "attachment": "attachments",
           "assignment": "assignments", "event": "events"}


class ThinStale(Exception):
    """A thin pull entry (a record this device wrote, sent without it) names a version this vault does not
    hold, e.g. a vault restored from an older copy: nothing of the page was written; pull it again whole."""


class SyncSideMixin(AssignmentsMixin):
    # New records of a pulled page are written in batches (pullpage); False: one at a time, as the
    # reference the tests compare the fast path with.
    bulk_pull = True

    def sync_cursor(self) -> int:
        return int(self.state_get("sync_cursor", "0") or 0)

    def _local_version(self, entity: str, entity_id: str) -> int | None:
        if entity == "event":
            row = self._q("SELECT 1 FROM events WHERE id=?", [entity_id]).fetchone()
            return None if row is None else 0
        row = self._q(f"SELECT version FROM {_TABLES[entity]} WHERE id=?", [entity_id]).fetchone()
        return None if row is None else int(row[0])

    def _current(self, entity: str, entity_id: str) -> dict[str, Any] | None:
        table = _TABLES[entity]
        row = self._q(f"SELECT rev, data FROM {table} WHERE id=?", [entity_id]).fetchone()
        return None if row is None else self.cipher.open(table, entity_id, row[0], row[1])

    def _adopt(self, entity: str, entity_id: str, record: dict[str, Any], version: int,
               batch: PushBatch | None = None) -> None:
        """Write the server's record (no outbox op), keeping this device's unconfirmed field edits.

        `batch`: the outbox as the push results being recorded see it (ops answered so far dropped)."""
        if entity == "event":
            self._insert_event(WorkflowEvent.from_dict(record))
            return
        pending = batch.pending_changes(entity, entity_id) if batch else self._pending_changes(entity, entity_id)
        merged = self._with_pending(entity_id, record, version, pending)
        if entity == "attachment" and merged.get("deleted"):
            self._q("DELETE FROM attachments WHERE id=?", [entity_id])
            return
        if entity == "assessment":
            # The stored copy is read only when a step taken here is not on the server yet: its effects stay
            # until the push answers.
            row = self._q("SELECT rev, data FROM assessments WHERE id=?", [entity_id]).fetchone()
            unpushed = row is not None and (batch.has_unpushed_event(entity_id) if batch
                                            else self._has_unpushed_event(entity_id))
            if unpushed:
                before = self.cipher.open("assessments", entity_id, row[0], row[1])
                for name in ASSESSMENT_SERVER_FIELDS:
                    if name != "version":
                        merged[name] = before.get(name)
            self._write_assessment(from_record(Assessment, merged), exists=row is not None,
                                   stored_rev=None if row is None else row[0])
            return
        before = self._current(entity, entity_id)
        if entity == "household":
            self._write_household(from_record(Household, merged), before)
        elif entity == "attachment":
            # A pulled ref's blob is on the server; this device's own ref keeps waiting for its upload.
            flag = self._q("SELECT uploaded FROM attachments WHERE id=?", [entity_id]).fetchone()
            self._write_attachment(AttachmentRef.from_dict(merged), uploaded=flag is None or bool(flag[0]))
        elif entity == "assignment":
            self._write_assignment(Assignment.from_dict(merged), exists=before is not None)

    @staticmethod
    def _with_pending(entity_id: str, record: dict[str, Any], version: int,
                      pending: dict[str, Any]) -> dict[str, Any]:
        """The server's record at `version` with this device's unconfirmed field edits (flat) laid over it."""
        flat = flatten(record)
        flat.update(pending)
        merged = unflatten(flat)
        merged["id"] = entity_id
        merged["version"] = version
        return merged

    def _adopt_later(self, result: OpResult, batch: PushBatch, writes: AssessmentWrites) -> bool:
        """The usual push result (an assessment applied, stored here, no step of its own waiting, not
        written yet in this batch): adopted as `_adopt` would, its row written with the others at the end.
        False: take the one-by-one path."""
        entity_id = result["entity_id"]
        rev = batch.revs.get(entity_id)
        if (result["status"] != "applied" or result["entity"] != "assessment" or not result.get("record")
                or rev is None or entity_id in writes or entity_id in batch.touched
                or batch.has_unpushed_event(entity_id)):
            return False
        version = int(result.get("version", 0))
        pending = batch.pending_changes("assessment", entity_id)
        if pending:
            merged = self._with_pending(entity_id, result["record"], version, pending)
        else:  # the usual case: nothing typed here since; the server's record as _adopt would shape it
            merged = server_copy({"entity": "assessment", "entity_id": entity_id, "version": version,
                                  "record": result["record"], "seq": 0})
        writes.add(from_record(Assessment, merged), rev + 1)
        return True

    def _has_unpushed_event(self, assessment_id: str) -> bool:
        # From the assessment's events to their ops (both indexed; event ops are entity 'event', kind 'event').
        row = self._q("SELECT 1 FROM events JOIN outbox ON outbox.entity='event' AND outbox.entity_id=events.id"
                      " AND outbox.kind='event' WHERE events.assessment_id=? LIMIT 1", [assessment_id]).fetchone()
        return row is not None

    def _set_version(self, entity: str, entity_id: str, version: int, batch: PushBatch | None = None) -> None:
        current = self._current(entity, entity_id)
        if current is not None and entity != "event":
            self._adopt(entity, entity_id, current, version, batch)

    # -- push ------------------------------------------------------------------------------------------
    def apply_push_results(self, results: Iterable[OpResult]) -> None:
        """Record a push's results in order, each once (a retried push finds its ops gone), in one transaction."""
        results = list(results)
        with self.transaction(durable=False):
            batch = PushBatch(self, results)
            writes = AssessmentWrites(self)
            for result in results:
                row = batch.drop(result["op_id"])
                if row is None:  # already recorded (a retried push)
                    continue
                if self._adopt_later(result, batch, writes):
                    continue
                status, entity, entity_id = result["status"], result["entity"], result["entity_id"]
                # What follows reads and writes its records one by one: those held for the end go first.
                touched = {entity_id}
                if entity == "event":
                    touched.add(str((result.get("record") or batch.open(row).get("event") or {}).get("assessment_id")))
                if writes.holds_any(touched):
                    writes.flush()
                batch.touched |= touched
                record = result.get("record")
                if status == "rejected":
                    self._record_rejection(batch.open(row), result, batch)
                    continue
                if status == "conflict":
                    self._add_conflict(row.op_id, result)
                if record:
                    self._adopt(entity, entity_id, record, int(result.get("version", 0)), batch)
                elif entity != "event":
                    self._set_version(entity, entity_id, int(result.get("version", 0)), batch)
            writes.flush()
            batch.delete_dropped()

    def _record_rejection(self, op: dict[str, Any], result: OpResult, batch: PushBatch | None = None) -> None:
        self._add_notice({"op_id": op["op_id"], "entity": result["entity"], "entity_id": result["entity_id"],
                          "kind": op["kind"], "error": result.get("error") or {},
                          # which case it concerns, so the UI can name it (the refused event is removed below)
                          "assessment_id": (op.get("event") or {}).get("assessment_id")
                          or (result["entity_id"] if result["entity"] == "assessment" else None)})
        if op["kind"] != "event":
            if result.get("record"):
                self._adopt(result["entity"], result["entity_id"], result["record"] or {},
                            int(result.get("version", 0)), batch)
            return
        # The server refused a workflow step: undo it here so the status shows the server's truth.
        event = WorkflowEvent.from_dict(op["event"])
        self._q("DELETE FROM events WHERE id=?", [event.id])
        current = self._current("assessment", event.assessment_id)
        if current is not None and current.get("status") == event.to_status:
            current["status"] = event.from_status
            self._write_assessment(Assessment.from_dict(current), exists=True)
        server_copy = result.get("assessment")  # the server's truth (e.g. approved meanwhile), when it sends it
        if isinstance(server_copy, dict) and current is not None:
            self._adopt("assessment", event.assessment_id, server_copy, int(server_copy.get("version", 0)), batch)

    def _add_notice(self, notice: dict[str, Any]) -> None:
        notice_id = new_id()
        notice = {"id": notice_id, "created_at": utc_now(), **notice}
        self._q("INSERT INTO notices (id, created_at, rev, data) VALUES (?, ?, 1, ?)",
                [notice_id, notice["created_at"], self.cipher.seal("notices", notice_id, 1, notice)])

    def _add_conflict(self, op_id: str, result: OpResult) -> None:
        conflict_id = new_id()
        data = {"id": conflict_id, "op_id": op_id, "entity": result["entity"],
                "entity_id": result["entity_id"], "conflicts": list(result.get("conflicts") or []),
                "created_at": utc_now(), "resolved_at": None, "choice": None}
        self._q("INSERT INTO conflicts (id, entity, entity_id, created_at, rev, data) VALUES (?, ?, ?, ?, 1, ?)",
                [conflict_id, data["entity"], data["entity_id"], data["created_at"],
                 self.cipher.seal("conflicts", conflict_id, 1, data)])

    # -- pull ------------------------------------------------------------------------------------------
    def apply_pull_page(self, changes: Iterable[Change], next_after: int) -> None:
        """Apply one page of server changes and advance the cursor, in one transaction. A thin entry (see
        protocol.Change) is checked, not written: the vault must hold that version already (ThinStale)."""
        changes = list(changes)
        with self.transaction(durable=False):
            writer = PageWriter(self, changes) if self.bulk_pull else None
            for change in changes:
                if "record" not in change:
                    self._check_thin(change, writer)
                    continue
                if writer is not None:
                    if writer.add(change):
                        continue
                    writer.flush()  # the careful path sees every change before it written
                entity, entity_id, version = change["entity"], change["entity_id"], int(change["version"])
                local = writer.local_version(entity, entity_id) if writer else self._local_version(entity, entity_id)
                if entity != "event" and local is not None and local >= version:
                    continue
                self._adopt(entity, entity_id, change["record"], version)
            if writer is not None:
                writer.flush()
            self.state_set("sync_cursor", str(int(next_after)))

    def _check_thin(self, change: Change, writer: PageWriter | None) -> None:
        entity, entity_id, version = change["entity"], change["entity_id"], int(change["version"])
        if entity not in ("household", "assessment"):
            raise ThinStale(entity)
        local = writer.local_version(entity, entity_id) if writer else self._local_version(entity, entity_id)
        if local is None or local < version:
            raise ThinStale(entity)

    # -- conflicts and notices -------------------------------------------------------------------------
    def conflicts(self, open_only: bool = True) -> list[dict[str, Any]]:
        sql = "SELECT id, rev, data FROM conflicts" + (" WHERE resolved_at IS NULL" if open_only else "")
        rows = self._q(sql + " ORDER BY created_at, id").fetchall()
        return [self.cipher.open("conflicts", i, r, d) for i, r, d in rows]

    def resolve_conflict(self, conflict_id: str, choice: str) -> None:
        """Keep the server's values ("server") or re-send this device's values ("local")."""
        if choice not in ("local", "server"):
            raise VaultError("cli.bad_argument", detail=choice)
        with self.transaction():
            row = self._q("SELECT rev, data FROM conflicts WHERE id=?", [conflict_id]).fetchone()
            if row is None:
                raise VaultError("vault.not_found", record_id=conflict_id)
            data = self.cipher.open("conflicts", conflict_id, row[0], row[1])
            if choice == "local":
                self._reapply_local(data)
            data.update(resolved_at=utc_now(), choice=choice)
            rev = row[0] + 1
            self._q("UPDATE conflicts SET resolved_at=?, rev=?, data=? WHERE id=?",
                    [data["resolved_at"], rev, self.cipher.seal("conflicts", conflict_id, rev, data), conflict_id])

    def _reapply_local(self, conflict: dict[str, Any]) -> None:
        entity, entity_id = conflict["entity"], conflict["entity_id"]
        current = self._current(entity, entity_id)
        if current is None:
            raise VaultError("vault.not_found", record_id=entity_id)
        if entity == "assessment" and current.get("status") in READ_ONLY:
            raise VaultError("vault.read_only")
        flat = flatten(current)
        for item in conflict["conflicts"]:
            flat[item["field"]] = item["local"]
        after = unflatten(flat)
        if entity == "assessment" and "answers" not in after:
            after["answers"] = {}
        self._adopt(entity, entity_id, after, int(current.get("version", 0)))
        self._queue_change(entity, entity_id, current, after, int(current.get("version", 0)))

    def notices(self, unseen_only: bool = False) -> list[dict[str, Any]]:
        sql = "SELECT id, rev, data FROM notices" + (" WHERE seen=0" if unseen_only else "")
        rows = self._q(sql + " ORDER BY created_at, id").fetchall()
        return [self.cipher.open("notices", i, r, d) for i, r, d in rows]

    def dismiss_notice(self, notice_id: str) -> None:
        with self.transaction():
            self._q("UPDATE notices SET seen=1 WHERE id=?", [notice_id])
