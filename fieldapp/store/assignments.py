"""Visit assignments from head office (pulled), updated on the device as visits happen."""

from __future__ import annotations

from ..domain.clock import utc_now
from ..domain.entities import Assignment
from ..domain.errors import VaultError
from .attachments import AttachmentsMixin
from .records_dict import record_dict


class AssignmentsMixin(AttachmentsMixin):
    def save_assignment(self, assignment: Assignment) -> Assignment:
        with self.transaction():
            row = self._q("SELECT rev, data FROM assignments WHERE id=?", [assignment.id]).fetchone()
            before = None if row is None else self.cipher.open("assignments", assignment.id, row[0], row[1])
            if before == record_dict(assignment):
                return assignment
            self._write_assignment(assignment, exists=row is not None)
            self._queue_change("assignment", assignment.id, before or {}, record_dict(assignment), assignment.version)
        return assignment

    def _write_assignment(self, assignment: Assignment, *, exists: bool) -> None:
        now = utc_now()
        if exists:
            rev = self._q("SELECT rev FROM assignments WHERE id=?", [assignment.id]).fetchone()[0] + 1
            self._q("UPDATE assignments SET status=?, household_id=?, version=?, rev=?, updated_at=?, data=?"
                    " WHERE id=?", [assignment.status, assignment.household_id, assignment.version, rev, now,
                                    self.cipher.seal("assignments", assignment.id, rev, record_dict(assignment)),
                                    assignment.id])
        else:
            self._q("INSERT INTO assignments (id, status, household_id, version, rev, created_at, updated_at, data)"
                    " VALUES (?, ?, ?, ?, 1, ?, ?, ?)",
                    [assignment.id, assignment.status, assignment.household_id, assignment.version,
                     assignment.created_at, now, self.cipher.seal("assignments", assignment.id, 1,
                                                                  record_dict(assignment))])

    def get_assignment(self, assignment_id: str) -> Assignment:
        row = self._q("SELECT rev, data FROM assignments WHERE id=?", [assignment_id]).fetchone()
        if row is None:
            raise VaultError("vault.not_found", record_id=assignment_id)
        return Assignment.from_dict(self.cipher.open("assignments", assignment_id, row[0], row[1]))

    def list_assignments(self, status: str | None = None) -> list[Assignment]:
        sql = "SELECT id, rev, data FROM assignments"
        params: list[str] = []
        if status:
            sql += " WHERE status=?"
            params.append(status)
        rows = self._q(sql + " ORDER BY created_at, id", params).fetchall()
        return [Assignment.from_dict(self.cipher.open("assignments", i, r, d)) for i, r, d in rows]
