"""Fast loading of many records in one transaction (demo data, benchmarks, first sync of a big team).

Rows are written with executemany in batches and no outbox ops: loaded records count as already known to
the server (they carry their server versions). Case-list columns are computed from what is loaded.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from types import TracebackType
from typing import Any

from ..domain.entities import Assessment, AttachmentRef, Household, WorkflowEvent
from .records_dict import record_dict
from .vault import Vault

_BATCH = 2000


class BulkLoader:
    """with BulkLoader(vault) as load: load.add(household, assessments, events, attachments)"""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self._rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in
                                                         ("households", "assessments", "events", "attachments")}
        self._search: list[tuple[int, str]] = []
        self._next_case = 1
        self.count = 0
        self._blobs_unsynced = False

    def __enter__(self) -> BulkLoader:
        self.vault.db.conn.execute("BEGIN")
        row = self.vault.db.conn.execute("SELECT COALESCE(MAX(case_no), 0) + 1 FROM households").fetchone()
        self._next_case = int(row[0])
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        conn = self.vault.db.conn
        if kind is not None:
            conn.rollback()
            return
        self._flush()
        if self._blobs_unsynced:  # one flush of every blob written, before the rows that refer to them
            os.sync()
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # a bulk load leaves no WAL the size of the database

    def add(self, household: Household, assessments: Sequence[Assessment] = (),
            events: Sequence[WorkflowEvent] = (), attachments: Sequence[tuple[AttachmentRef, bytes]] = ()) -> None:
        cipher, index = self.vault.cipher, self.vault.index
        case_no = self._next_case
        self._next_case += 1
        latest = max(assessments, key=lambda a: (a.created_at, a.id)) if assessments else None
        home = record_dict(household)
        case_updated = max([household.updated_at] + [a.updated_at for a in assessments])
        self._rows["households"].append((
            case_no, household.id, household.version, 1, household.created_at, household.updated_at,
            cipher.seal("households", household.id, 1, home),
            latest.id if latest else None, latest.status if latest else "",
            (latest.visit_date or latest.answers.get("visit_date")) if latest else None,
            latest.submitted_at if latest else None, case_updated,
            self.vault.seal_digest("households", household.id, 1, home)))
        self._search.append((case_no, " ".join(index.household_tokens(household))))
        for a in assessments:
            data = record_dict(a)
            self._rows["assessments"].append((
                a.id, a.household_id, a.form_id, int(a.form_version), a.status, a.version, 1, a.created_at,
                a.updated_at, a.submitted_at, a.decided_at, a.visit_date or a.answers.get("visit_date"),
                cipher.seal("assessments", a.id, 1, data), self.vault.seal_digest("assessments", a.id, 1, data)))
        for seq, event in enumerate(events, start=1):
            self._rows["events"].append((event.id, event.assessment_id, seq, event.at, 1,
                                         cipher.seal("events", event.id, 1, record_dict(event))))
        for ref, data in attachments:
            self.vault.put_blob(data, fsync=False)
            self._blobs_unsynced = True
            self._rows["attachments"].append((
                ref.id, ref.assessment_id, self.vault._blob_name(ref.sha256), ref.version, 1, ref.created_at, 1,
                cipher.seal("attachments", ref.id, 1, record_dict(ref))))
        self.count += 1
        if len(self._search) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        conn = self.vault.db.conn
        conn.executemany("INSERT INTO households (case_no, id, version, rev, created_at, updated_at, data,"
                         " assessment_id, status, last_visit, submitted_at, case_updated_at, digest)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self._rows["households"])
        conn.executemany("INSERT INTO assessments (id, household_id, form_id, form_version, status, version,"
                         " rev, created_at, updated_at, submitted_at, decided_at, visit_date, data, digest)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self._rows["assessments"])
        conn.executemany("INSERT INTO events (id, assessment_id, seq, at, rev, data) VALUES (?, ?, ?, ?, ?, ?)",
                         self._rows["events"])
        conn.executemany("INSERT INTO attachments (id, assessment_id, blob_name, version, uploaded, created_at,"
                         " rev, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self._rows["attachments"])
        conn.executemany("INSERT INTO search_index (rowid, tokens) VALUES (?, ?)", self._search)
        for rows in self._rows.values():
            rows.clear()
        self._search.clear()
