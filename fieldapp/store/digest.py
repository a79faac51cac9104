"""Statistics digests: the few encrypted facts the statistics report and the team dashboard read per record.

Decrypting every full record (answers, members, notes) to count statuses and districts costs ~3 s per 10k
households. Each household and assessment row therefore also carries a small sealed digest (a household's
district, categories and city; an assessment's researcher and recommended aid), which opens ~10× faster.
The plaintext columns (status, dates, household id) are read as they are.

A digest is sealed with the row's `rev` in its associated data, so a row rewritten without a new digest can
no longer open its old one: such a row (or one written before digests existed) is read in full once, and its
digest is written back. Writers that keep digests fresh (store.records, store.bulk, the pull path) only save
that work; correctness never depends on them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from ..domain.errors import VaultError
from .core import VaultCore

_BATCH = 500


class Place(NamedTuple):
    """Where a household is counted: what statistics.collect reads of a Household."""
    id: str
    district: str
    categories: list[str]
    city: str


class Facts(NamedTuple):
    """What statistics.collect and the team dashboard read of an Assessment."""
    id: str
    household_id: str
    status: str
    researcher: str
    submitted_at: str | None
    decided_at: str | None
    visit_date: str | None
    created_at: str
    updated_at: str
    answers: dict[str, Any]     # only rec_amount and rec_aid_type


def household_digest(data: dict[str, Any]) -> list[Any]:
    return [data.get("district") or "", list(data.get("categories") or []), data.get("city") or ""]


def assessment_digest(data: dict[str, Any]) -> list[Any]:
    answers = data.get("answers") if isinstance(data.get("answers"), dict) else {}
    return [data.get("researcher") or "", answers.get("rec_amount"), answers.get("rec_aid_type")]


_DIGEST_OF = {"households": household_digest, "assessments": assessment_digest}


def digest_table(table: str) -> str:
    return table + "#digest"   # a context of its own: a digest never opens as a record, nor the reverse


class DigestMixin(VaultCore):
    def seal_digest(self, table: str, record_id: str, rev: int, data: dict[str, Any]) -> bytes:
        """The sealed digest of a record about to be written with `rev` (for writers that keep them fresh)."""
        return self.cipher.seal(digest_table(table), record_id, rev, _DIGEST_OF[table](data))

    def statistics_places(self) -> Iterator[Place]:
        for record_id, facts, _plain in self._digests("households", ""):
            district, categories, city = facts
            yield Place(record_id, district, categories, city)

    def statistics_facts(self) -> Iterator[Facts]:
        plain = ", household_id, status, submitted_at, decided_at, visit_date, created_at, updated_at"
        for record_id, facts, row in self._digests("assessments", plain):
            researcher, amount, aid = facts
            household_id, status, submitted, decided, visit, created, updated = row
            yield Facts(record_id, household_id, status, researcher, submitted, decided, visit, created, updated,
                        {"rec_amount": amount, "rec_aid_type": aid})

    def _digests(self, table: str, plain: str) -> Iterator[tuple[str, list[Any], tuple]]:
        """(id, digest, plain columns) of every row, in no particular order; stale or missing digests are
        rebuilt from their records and written back."""
        context = digest_table(table)
        sql = f"SELECT id, rev, digest{plain} FROM {table}"
        stale: list[tuple[str, int, tuple]] = []
        rows = self.db.conn.execute(sql).fetchall()
        for record_id, rev, blob, *rest in rows:
            facts = None
            if blob is not None:
                try:
                    facts = self.cipher.open(context, record_id, rev, blob)
                except VaultError:
                    facts = None   # rewritten since (or damaged): rebuilt from the record below
            if facts is None:
                stale.append((record_id, rev, tuple(rest)))
                continue
            yield record_id, facts, tuple(rest)
        for start in range(0, len(stale), _BATCH):
            yield from self._rebuild(table, stale[start:start + _BATCH])

    def _rebuild(self, table: str, part: list[tuple[str, int, tuple]]) -> Iterator[tuple[str, list[Any], tuple]]:
        marks = ", ".join("?" * len(part))
        found = {row[0]: row[1:] for row in
                 self.db.conn.execute(f"SELECT id, rev, data FROM {table} WHERE id IN ({marks})",
                                      [record_id for record_id, _rev, _rest in part])}
        updates = []
        for record_id, rev, rest in part:
            current = found.get(record_id)
            if current is None or current[0] != rev:
                continue   # removed or changed while we read: the next statistics run sees it
            facts = _DIGEST_OF[table](self.cipher.open(table, record_id, rev, current[1]))
            updates.append((self.cipher.seal(digest_table(table), record_id, rev, facts), record_id, rev))
            yield record_id, facts, rest
        if updates:
            with self.transaction():
                self.db.conn.executemany(f"UPDATE {table} SET digest=? WHERE id=? AND rev=?", updates)
