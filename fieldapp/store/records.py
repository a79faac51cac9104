"""Households and assessments: encrypted rows, blind-index upkeep, the case-list columns and the outbox."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..domain.clock import utc_now
from ..domain.entities import Assessment, Household
from ..domain.errors import VaultError
from ..domain.workflow import READ_ONLY, Status
from ..sync.protocol import SERVER_FIELDS
from .digest import DigestMixin
from .outbox import OutboxMixin
from .records_dict import record_dict

# Fields the server decides; a local save keeps the stored values (they change through transition/sync).
# The workflow fields only the server decides; updated_at stays this device's own.
ASSESSMENT_SERVER_FIELDS = tuple(sorted(SERVER_FIELDS - {"updated_at"}))
_FETCH = 256
UPDATE_ASSESSMENT = ("UPDATE assessments SET household_id=?, form_id=?, form_version=?, status=?, version=?,"
                     " updated_at=?, submitted_at=?, decided_at=?, visit_date=?, rev=?, data=?, digest=? WHERE id=?")
REFRESH_CASE = """
UPDATE households SET (assessment_id, status, last_visit, submitted_at, case_updated_at) = (
    SELECT a.id, a.status, a.visit_date, a.submitted_at, max(households.updated_at, a.updated_at)
    FROM assessments AS a WHERE a.household_id = households.id ORDER BY a.created_at DESC, a.id DESC LIMIT 1)
WHERE id = ? AND EXISTS (SELECT 1 FROM assessments WHERE household_id = ?)"""
_INDEXED_FIELDS = ("head_name", "head_name_latin", "file_number", "national_id", "phone", "categories")


def _same(before: dict[str, Any], after: dict[str, Any]) -> bool:
    ignore = {"updated_at"}
    return {k: v for k, v in before.items() if k not in ignore} == \
        {k: v for k, v in after.items() if k not in ignore}


class RecordsMixin(OutboxMixin, DigestMixin):
    # -- households ------------------------------------------------------------------------------------
    def save_household(self, household: Household) -> Household:
        """Insert or update a household; queues its field changes for sync in the same transaction."""
        with self.transaction():
            before = self._household_dict(household.id)
            after = record_dict(household)
            if before is not None and _same(before, after):
                return household
            household.updated_at = utc_now()
            self._write_household(household, before)
            self._queue_change("household", household.id, before or {}, record_dict(household), household.version)
        return household

    def get_household(self, household_id: str) -> Household:
        data = self._household_dict(household_id)
        if data is None:
            raise VaultError("vault.not_found", record_id=household_id)
        return Household.from_dict(data)

    def _household_dict(self, household_id: str) -> dict[str, Any] | None:
        row = self._q("SELECT rev, data FROM households WHERE id=?", [household_id]).fetchone()
        return None if row is None else self.cipher.open("households", household_id, row[0], row[1])

    def _write_household(self, household: Household, before: dict[str, Any] | None) -> None:
        data = record_dict(household)
        # Search tokens come from these fields only: a sync ack or pull that leaves them alone keeps the index
        # (blinding is most of the cost of writing a household).
        reindex = before is None or any(before.get(k) != data.get(k) for k in _INDEXED_FIELDS)
        tokens = " ".join(self.index.household_tokens(household)) if reindex else ""
        if before is None:
            cursor = self._q(
                "INSERT INTO households (id, version, rev, created_at, updated_at, data, case_updated_at, digest)"
                " VALUES (?, ?, 1, ?, ?, ?, ?, ?)",
                [household.id, household.version, household.created_at, household.updated_at,
                 self.cipher.seal("households", household.id, 1, data), household.updated_at,
                 self.seal_digest("households", household.id, 1, data)])
            case_no = cursor.lastrowid
        else:
            case_no, rev = self._q("SELECT case_no, rev FROM households WHERE id=?", [household.id]).fetchone()
            if reindex:
                old_tokens = " ".join(self.index.household_tokens(Household.from_dict(before)))
                self._q("INSERT INTO search_index (search_index, rowid, tokens) VALUES ('delete', ?, ?)",
                        [case_no, old_tokens])
            self._q("UPDATE households SET version=?, rev=?, updated_at=?, data=?,"
                    " case_updated_at=max(case_updated_at, ?), digest=? WHERE case_no=?",
                    [household.version, rev + 1, household.updated_at,
                     self.cipher.seal("households", household.id, rev + 1, data), household.updated_at,
                     self.seal_digest("households", household.id, rev + 1, data), case_no])
        if reindex:
            self._q("INSERT INTO search_index (rowid, tokens) VALUES (?, ?)", [case_no, tokens])
        if before is None:  # its assessments may have been pulled first
            self._refresh_case(household.id)

    def iter_households(self, errors: list[VaultError] | None = None) -> Iterator[Household]:
        """Every household, oldest first, decrypting one batch at a time.

        With `errors`, a record that does not decrypt is recorded there and skipped; otherwise it raises.
        """
        for household_id, rev, data in self._stream("SELECT id, rev, data FROM households ORDER BY case_no"):
            try:
                yield Household.from_dict(self.cipher.open("households", household_id, rev, data))
            except VaultError as exc:
                if errors is None:
                    raise
                errors.append(exc)

    def _stream(self, sql: str, params: Any = ()) -> Iterator[tuple[Any, ...]]:
        cursor = self.db.conn.cursor()
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(_FETCH):
            yield from batch

    # -- assessments -----------------------------------------------------------------------------------
    def save_assessment(self, assessment: Assessment) -> Assessment:
        """Insert or update an assessment's answers. Approved and rejected ones are read-only."""
        with self.transaction():
            before = self._assessment_dict(assessment.id)
            if before is not None:
                if before["status"] in READ_ONLY:
                    raise VaultError("vault.read_only")
                for name in ASSESSMENT_SERVER_FIELDS:
                    setattr(assessment, name, before.get(name))
            elif Status(assessment.status) in READ_ONLY:
                raise VaultError("vault.read_only")
            if before is not None and _same(before, record_dict(assessment)):
                return assessment
            assessment.updated_at = utc_now()
            self._write_assessment(assessment, exists=before is not None)
            self._queue_change("assessment", assessment.id, before or {}, record_dict(assessment),
                               assessment.version)
        return assessment

    def get_assessment(self, assessment_id: str) -> Assessment:
        data = self._assessment_dict(assessment_id)
        if data is None:
            raise VaultError("vault.not_found", record_id=assessment_id)
        return Assessment.from_dict(data)

    def _assessment_dict(self, assessment_id: str) -> dict[str, Any] | None:
        row = self._q("SELECT rev, data FROM assessments WHERE id=?", [assessment_id]).fetchone()
        return None if row is None else self.cipher.open("assessments", assessment_id, row[0], row[1])

    def assessments_of(self, household_id: str) -> list[Assessment]:
        rows = self._q("SELECT id, rev, data FROM assessments WHERE household_id=? ORDER BY created_at, id",
                       [household_id]).fetchall()
        return [Assessment.from_dict(self.cipher.open("assessments", i, r, d)) for i, r, d in rows]

    def _write_assessment(self, assessment: Assessment, *, exists: bool, stored_rev: int | None = None) -> None:
        """`stored_rev`: the row's rev when the caller has just read it (saves reading it again)."""
        if exists:
            if stored_rev is None:
                stored_rev = self._q("SELECT rev FROM assessments WHERE id=?", [assessment.id]).fetchone()[0]
            self._q(UPDATE_ASSESSMENT, self._assessment_values(assessment, stored_rev + 1))
        else:
            values = self._assessment_values(assessment, 1)
            self._q("INSERT INTO assessments (household_id, form_id, form_version, status, version, updated_at,"
                    " submitted_at, decided_at, visit_date, rev, data, digest, id, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [*values, assessment.created_at])
        self._refresh_case(assessment.household_id)

    def _assessment_values(self, assessment: Assessment, rev: int) -> list[Any]:
        """The row of an assessment at `rev`, in UPDATE_ASSESSMENT's order: case columns, rev, the sealed
        record, its sealed digest, id."""
        visit = assessment.visit_date or assessment.answers.get("visit_date") or None
        data = record_dict(assessment)
        return [assessment.household_id, assessment.form_id, int(assessment.form_version), assessment.status,
                assessment.version, assessment.updated_at, assessment.submitted_at, assessment.decided_at, visit,
                rev, self.cipher.seal("assessments", assessment.id, rev, data),
                self.seal_digest("assessments", assessment.id, rev, data), assessment.id]

    def _refresh_case(self, household_id: str) -> None:
        self._refresh_cases([household_id])

    def _refresh_cases(self, household_ids: Iterable[str]) -> None:
        """The case-list columns of households follow their latest assessment (plaintext: ids, status, times);
        a household without assessments keeps its own."""
        self.db.conn.executemany(REFRESH_CASE, [(i, i) for i in household_ids])

    def iter_assessments(self, errors: list[VaultError] | None = None) -> Iterator[Assessment]:
        for assessment_id, rev, data in self._stream("SELECT id, rev, data FROM assessments"
                                                     " ORDER BY household_id, created_at"):
            try:
                yield Assessment.from_dict(self.cipher.open("assessments", assessment_id, rev, data))
            except VaultError as exc:
                if errors is None:
                    raise
                errors.append(exc)
