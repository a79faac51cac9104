"""Writing a pulled page fast: records new to this device in batches, everything else one at a time.

A change is "new" when its household, assessment or event has no row here, no unconfirmed local edit
(change op) and appears once in the page. Adopting it is then a plain insert of the server's copy, so runs
of new records are sealed, indexed and written with executemany (case numbers given explicitly, the
search rows in one statement). The case-list columns of a household inserted with its assessments in the
same run (a first pull, mostly) are worked out here and inserted with it; other households of the run are
refreshed once each from what is stored, as records._refresh_case would. A run is
written out before the next change that takes the careful path (syncside._adopt), so every change sees
the vault exactly as the one-at-a-time path leaves it (tests/store/test_pull_bulk.py compares the two).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import MISSING, fields
from functools import cache
from typing import TYPE_CHECKING, Any

from ..domain.entities import Assessment, Household, WorkflowEvent
from ..sync.protocol import Change, flatten, unflatten
from .blindpool import prefetch_of
from .pullwal import checkpoint_after  # noqa: F401  (kept where it was: callers import it from here)
from .records_dict import from_record, record_dict

if TYPE_CHECKING:
    from .syncside import SyncSideMixin

_TABLES = {"household": "households", "assessment": "assessments", "event": "events"}
_IN_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit
_FIELDS = frozenset(f.name for kind in (Household, Assessment) for f in fields(kind))  # none is "answers.…"


def in_chunks(ids: Sequence[str]) -> Iterable[tuple[str, list[str]]]:
    """("?,?,...", ids) for each chunk of ids, for `WHERE x IN (...)` queries."""
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = list(ids[start:start + _IN_CHUNK])
        yield ",".join("?" * len(chunk)), chunk


def server_copy(change: Change) -> dict[str, Any]:
    """The record as _adopt shapes it when no local edit is pending: unflatten(flatten(record)), which for
    a well-formed record only drops empty answers (the tests compare the two)."""
    record = change["record"]
    answers = record.get("answers")
    plain_keys = record.keys() <= _FIELDS or not any(k.startswith("answers.") for k in record)
    if (answers is None or isinstance(answers, dict)) and plain_keys:
        merged = {k: v for k, v in record.items() if k != "answers"}
        if answers:
            merged["answers"] = answers
    else:
        merged = unflatten(flatten(record))
    merged["id"] = change["entity_id"]
    merged["version"] = int(change["version"])
    return merged


@cache
def _layout(kind: type) -> tuple[frozenset[str], tuple[tuple[str, Any, Any], ...]]:
    """A record type's field names (but extra) and (name, default, default_factory) in field order."""
    own = [f for f in fields(kind) if f.name != "extra"]
    return frozenset(f.name for f in own), tuple((f.name, f.default, f.default_factory) for f in own)


def stored_dict(kind: type, change: Change) -> dict[str, Any]:
    """record_dict(from_record(kind, server_copy(change))): the dict a new record is sealed from. For a
    record with only its type's fields (what head office sends) it is built directly, skipping the
    dataclass (~3 µs of a record's ~60); anything else goes the long way (tests compare the two)."""
    record = change["record"]
    names, layout = _layout(kind)
    answers = record.get("answers")
    if not (record.keys() <= names and (answers is None or isinstance(answers, dict))):
        return record_dict(from_record(kind, server_copy(change)))
    given = {"id": change["entity_id"], "version": int(change["version"])}
    out: dict[str, Any] = {}
    for name, default, factory in layout:
        if name in given:
            out[name] = given[name]
        elif name in record and (name != "answers" or answers):  # server_copy drops empty answers
            out[name] = record[name]
        elif factory is not MISSING:
            out[name] = factory()
        elif default is not MISSING:
            out[name] = default
        else:  # a required field is missing: the dataclass raises its own error
            return record_dict(from_record(kind, server_copy(change)))
    return out


class PageWriter:
    """with the vault's transaction open: add() each change that is new, flush() before any other."""

    def __init__(self, vault: SyncSideMixin, changes: Sequence[Change]) -> None:
        self.vault = vault
        # Stored versions of the households and assessments that appear once in the page (nothing else in
        # the page can change them before their turn), so the careful path needs no lookup to skip them.
        self._versions: dict[tuple[str, str], int] = {}
        self.new = self._new_keys(changes)
        self._households: list[tuple[Any, ...]] = []
        self._searching: list[tuple[int, str, tuple[Any, ...]]] = []  # case_no, id, fields of BlindIndex.tokens_of
        self._assessments: list[tuple[Any, ...]] = []
        self._events: list[tuple[str, str, str, bytes]] = []
        self._touched: dict[str, None] = {}  # households whose case-list columns follow this run
        self._next_case: int | None = None

    def _new_keys(self, changes: Sequence[Change]) -> set[tuple[str, str]]:
        counts = Counter((c["entity"], c["entity_id"]) for c in changes if c["entity"] in _TABLES)
        once = [key for key, n in counts.items() if n == 1]
        known: set[tuple[str, str]] = set()
        for entity, table in _TABLES.items():
            ids = [i for e, i in once if e == entity]
            column = "0" if entity == "event" else "version"
            for marks, chunk in in_chunks(ids):
                for record_id, version in self.vault._q(
                        f"SELECT id, {column} FROM {table} WHERE id IN ({marks})", chunk):
                    known.add((entity, record_id))
                    self._versions[(entity, record_id)] = int(version)
        entities = ", ".join(f"'{entity}'" for entity in _TABLES)  # names the index's first column: a search
        pending = self.vault._q(f"SELECT 1 FROM outbox WHERE entity IN ({entities}) AND kind='change' LIMIT 1")
        ids = sorted({i for _, i in once}) if pending.fetchone() else []  # after a push, mostly none
        for marks, chunk in in_chunks(ids):
            known.update(self.vault._q(f"SELECT entity, entity_id FROM outbox WHERE entity IN ({entities})"
                                       f" AND entity_id IN ({marks}) AND kind='change'", chunk))
        return {key for key in once if key not in known}

    def local_version(self, entity: str, entity_id: str) -> int | None:
        """As SyncSideMixin._local_version, from the page's first look when it holds the answer."""
        key = (entity, entity_id)
        if key in self._versions or key in self.new:
            return self._versions.get(key)
        return self.vault._local_version(entity, entity_id)

    def add(self, change: Change) -> bool:
        """Queue a change if it is new here; False when it needs the careful path."""
        entity = change["entity"]
        if (entity, change["entity_id"]) not in self.new:
            return False
        cipher = self.vault.cipher
        if entity == "event":
            event = from_record(WorkflowEvent, change["record"])
            if event.id != change["entity_id"]:
                return False
            self._events.append((event.id, event.assessment_id, event.at,
                                 cipher.seal("events", event.id, 1, record_dict(event))))
        elif entity == "household":
            h = stored_dict(Household, change)
            case_no = self._case_no()
            self._households.append((case_no, h["id"], h["version"], h["created_at"], h["updated_at"],
                                     cipher.seal("households", h["id"], 1, h),
                                     self.vault.seal_digest("households", h["id"], 1, h)))
            self._searching.append((case_no, h["id"], (h["head_name"], h["head_name_latin"], h["file_number"],
                                                        h["national_id"], h["phone"], h["categories"])))
            self._touched[h["id"]] = None
        else:
            a = stored_dict(Assessment, change)
            answers = a["answers"]
            self._assessments.append((
                a["household_id"], a["form_id"], int(a["form_version"]), a["status"], a["version"],
                a["updated_at"], a["submitted_at"], a["decided_at"], a["visit_date"] or answers.get("visit_date") or None,
                cipher.seal("assessments", a["id"], 1, a), a["id"], a["created_at"],
                self.vault.seal_digest("assessments", a["id"], 1, a)))
            self._touched[a["household_id"]] = None
        return True

    def _case_no(self) -> int:
        # What INSERT without a case_no would choose, given the households queued before this one.
        if self._next_case is None:
            self._next_case = int(self.vault._q("SELECT COALESCE(MAX(case_no), 0) + 1 FROM households")
                                  .fetchone()[0])
        self._next_case += 1
        return self._next_case - 1

    def flush(self) -> None:
        if not (self._touched or self._events):  # nothing queued (every household or assessment touches one)
            return
        conn = self.vault.db.conn
        settled = self._case_columns()
        if self._households:
            # Without assessments (here or stored), a case shows no status and its household's time.
            conn.executemany("INSERT INTO households (case_no, id, version, rev, created_at, updated_at, data,"
                             " digest, assessment_id, status, last_visit, submitted_at, case_updated_at)"
                             " VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             [row + (settled.get(row[1]) or (None, "", None, None, row[4])) for row in self._households])
            conn.executemany("INSERT INTO search_index (rowid, tokens) VALUES (?, ?)", self._search_rows())
        if self._assessments:
            conn.executemany("INSERT INTO assessments (household_id, form_id, form_version, status, version,"
                             " updated_at, submitted_at, decided_at, visit_date, rev, data, id, created_at, digest)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)", self._assessments)
        if self._events:
            conn.executemany("INSERT INTO events (id, assessment_id, seq, at, rev, data) VALUES (?, ?, ?, ?, 1, ?)",
                             self._numbered_events())
        self._refresh_cases(settled)
        for rows in (self._households, self._searching, self._assessments, self._events):
            rows.clear()
        self._touched.clear()
        self._next_case = None

    def _search_rows(self) -> list[tuple[int, str]]:
        """(case_no, blinded tokens) of the queued households: from the pull's worker process when it has
        them for exactly these fields (store.blindpool), else computed here."""
        prefetch = prefetch_of(self.vault)
        index = self.vault.index
        made = prefetch.take([(i, searched) for _, i, searched in self._searching]) if prefetch is not None \
            else [None] * len(self._searching)
        return [(case_no, joined if joined is not None else " ".join(index.tokens_of(*searched)))
                for (case_no, _, searched), joined in zip(self._searching, made, strict=True)]

    def _numbered_events(self) -> list[tuple[Any, ...]]:
        """Each event after the last one stored for its assessment, in page order (as _insert_event does)."""
        ids = sorted({assessment_id for _, assessment_id, _, _ in self._events})
        last: dict[str, int] = {}
        for marks, chunk in in_chunks(ids):
            last.update(self.vault._q(f"SELECT assessment_id, MAX(seq) FROM events WHERE assessment_id IN ({marks})"
                                      " GROUP BY assessment_id", chunk))
        rows = []
        for event_id, assessment_id, at, blob in self._events:
            last[assessment_id] = seq = last.get(assessment_id, 0) + 1
            rows.append((event_id, assessment_id, seq, at, blob))
        return rows

    def _case_columns(self) -> dict[str, tuple[Any, ...]]:
        """(assessment_id, status, last_visit, submitted_at, case_updated_at) of households inserted in this
        run, or the empty tuple for those whose case row only what is stored can decide (records.REFRESH_CASE does)."""
        homes = {row[1]: row[4] for row in self._households}  # id: updated_at
        if not homes:
            return {}
        settled: dict[str, tuple[Any, ...]] = {}
        for marks, chunk in in_chunks(list(homes)):  # assessments stored before this run (careful path, pages)
            settled.update((household_id, ()) for (household_id,) in self.vault._q(
                f"SELECT DISTINCT household_id FROM assessments WHERE household_id IN ({marks})", chunk))
        latest: dict[str, tuple[Any, ...]] = {}
        for row in self._assessments:
            home = row[_A_HOUSEHOLD]
            if home not in homes or home in settled:
                continue
            if not all(isinstance(row[i], str) for i in (_A_CREATED, _A_ID, _A_UPDATED)) \
                    or not isinstance(homes[home], str):
                settled[home] = ()  # SQLite orders mixed types its own way: it decides
                continue
            best = latest.get(home)
            # The newest assessment, as records.REFRESH_CASE's ORDER BY created_at DESC, id DESC (UTF-8 byte order
            # of text is its code point order, which Python compares).
            if best is None or (row[_A_CREATED], row[_A_ID]) > (best[_A_CREATED], best[_A_ID]):
                latest[home] = row
        for home, a in latest.items():
            if home not in settled:
                settled[home] = (a[_A_ID], a[_A_STATUS], a[_A_VISIT], a[_A_SUBMITTED], max(homes[home], a[_A_UPDATED]))
        return settled

    def _refresh_cases(self, settled: dict[str, tuple[Any, ...]]) -> None:
        # records._refresh_case for each household of the run whose case row was not inserted complete.
        self.vault._refresh_cases([i for i in self._touched if not settled.get(i)])


# Positions in an assessment row of PageWriter._assessments (the INSERT's order).
_A_HOUSEHOLD, _A_STATUS, _A_UPDATED, _A_SUBMITTED, _A_VISIT, _A_ID, _A_CREATED = 0, 3, 5, 6, 8, 10, 11

