"""The outbox: every local change leaves an encrypted op, written in the same transaction as the change.

Field-level changes (sync.protocol.diff) are coalesced into the latest op of the same entity that has not
been handed to the network yet (`sent = 0`). `sent = 1`: handed to a push, awaiting its result (it is
resent as is until a result is recorded; the server is idempotent by op id). `sent = 2`: closed for
coalescing because a workflow event was queued after it, so edits after a transition travel after it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from ..domain.clock import new_id, utc_now
from ..sync.protocol import Op, diff, merge_changes
from .core import VaultCore

OPEN, SENT, CLOSED = 0, 1, 2


class OutboxMixin(VaultCore):
    def _queue_change(self, entity: str, entity_id: str, before: dict[str, Any], after: dict[str, Any],
                      base_version: int) -> None:
        changes = diff(before, after)
        if not changes:
            return
        row = self._q("SELECT seq, op_id, rev, data FROM outbox WHERE entity=? AND entity_id=? AND kind='change'"
                      " AND sent=0 ORDER BY seq DESC LIMIT 1", [entity, entity_id]).fetchone()
        if row is None:
            op: Op = {"op_id": new_id(), "entity": entity, "entity_id": entity_id,  # type: ignore[typeddict-item]
                      "kind": "change", "base_version": base_version, "changes": changes, "created_at": utc_now()}
            self._insert_op(op)
            return
        seq, op_id, rev, data = row
        op = self.cipher.open("outbox", op_id, rev, data)
        op["changes"] = merge_changes(op["changes"], changes)
        if not op["changes"]:
            self._q("DELETE FROM outbox WHERE seq=?", [seq])
            return
        self._q("UPDATE outbox SET rev=?, data=? WHERE seq=?",
                [rev + 1, self.cipher.seal("outbox", op_id, rev + 1, op), seq])

    def _insert_op(self, op: Op) -> None:
        self._q("INSERT INTO outbox (op_id, entity, entity_id, kind, sent, created_at, rev, data)"
                " VALUES (?, ?, ?, ?, 0, ?, 1, ?)",
                [op["op_id"], op["entity"], op["entity_id"], op["kind"], op["created_at"],
                 self.cipher.seal("outbox", op["op_id"], 1, op)])

    def _close_ops(self, entity: str, entity_id: str) -> None:
        self._q("UPDATE outbox SET sent=? WHERE entity=? AND entity_id=? AND sent=0", [CLOSED, entity, entity_id])

    def outbox_pending(self, limit: int = 500, exclude: Collection[str] = ()) -> list[Op]:
        """Ops without a recorded result, oldest first (including ones sent before: resend them as is),
        leaving out the op ids in `exclude` (results about to be recorded); only the ops returned are decrypted."""
        rows = self._q("SELECT op_id, rev, data FROM outbox ORDER BY seq LIMIT ?", [limit + len(exclude)])
        wanted = [row for row in rows if row[0] not in exclude][:limit]
        return [self.cipher.open("outbox", op_id, rev, data) for op_id, rev, data in wanted]

    def outbox_count(self) -> int:
        return int(self._q("SELECT COUNT(*) FROM outbox").fetchone()[0])

    def outbox_mark_sent(self, op_ids: Iterable[str]) -> None:
        with self.transaction(durable=False):  # lost in a power cut: the ops are sent as new, still idempotent
            self.db.conn.executemany("UPDATE outbox SET sent=1 WHERE op_id=? AND sent<>1",
                                     [(op_id,) for op_id in op_ids])

    def _pending_changes(self, entity: str, entity_id: str) -> dict[str, Any]:
        """Field values this device changed and the server has not confirmed: {flat field: new value}."""
        values: dict[str, Any] = {}
        for op_id, rev, data in self._q("SELECT op_id, rev, data FROM outbox WHERE entity=? AND entity_id=?"
                                         " AND kind='change' ORDER BY seq", [entity, entity_id]):
            for key, change in self.cipher.open("outbox", op_id, rev, data)["changes"].items():
                values[key] = change["new"]
        return values
