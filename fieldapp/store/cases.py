"""The case list: counting, paging and searching households without decrypting the table.

Filtering and ordering use plaintext columns (status, case_updated_at) and the blind index; only the
rows of the requested page are decrypted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..domain.arabic import digits_only, normalise, phone_key
from ..domain.entities import Household
from .events import EventsMixin


@dataclass(frozen=True)
class CaseRow:
    household_id: str
    assessment_id: str | None
    file_number: str
    head_name: str
    categories: list[str] = field(default_factory=list)
    district: str = ""
    status: str = ""
    last_visit: str | None = None
    updated_at: str = ""
    submitted_at: str | None = None
    researcher: str = ""
    head_name_latin: str = ""
    city: str = ""


_COMMON_HITS = 1000


def _match_expression(blinded: Iterable[str]) -> str:
    return " AND ".join(f'"{token}"' for token in blinded)


class CasesMixin(EventsMixin):
    def _case_filter(self, status: str | Iterable[str] | None, query: str
                     ) -> tuple[str, list[Any], list[str], str | None]:
        """WHERE clause, its parameters, the statuses asked for and the blind-index match (if searching)."""
        clauses: list[str] = []
        params: list[Any] = []
        statuses = ([status] if isinstance(status, str) else list(status)) if status else []
        if statuses:
            clauses.append(f"status IN ({','.join('?' * len(statuses))})")
            params.extend(statuses)
        blinded = self.index.query(query) if query else []
        match = _match_expression(blinded) if blinded else None
        if match:
            clauses.append("case_no IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)")
            params.append(match)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params, statuses, match

    def _hits(self, match: str) -> int:
        """Households matching a search (one index document per household)."""
        return int(self._q("SELECT COUNT(*) FROM search_index WHERE search_index MATCH ?", [match]).fetchone()[0])

    def count_cases(self, status: str | Iterable[str] | None = None, query: str = "") -> int:
        where, params, statuses, match = self._case_filter(status, query)
        if match and not statuses:
            return self._hits(match)
        source = "households INDEXED BY households_case_cover" if match else "households"
        return int(self._q(f"SELECT COUNT(*) FROM {source}{where}", params).fetchone()[0])

    def page_cases(self, offset: int, limit: int, status: str | Iterable[str] | None = None,
                   query: str = "") -> list[CaseRow]:
        """One page of cases, most recently changed first; search by name, ID, phone or file-number prefix."""
        where, params, statuses, match = self._case_filter(status, query)
        columns = "id, rev, data, assessment_id, status, last_visit, case_updated_at, submitted_at"
        order = "ORDER BY case_updated_at DESC, case_no DESC LIMIT ? OFFSET ?"
        paging = [int(limit), int(offset)]
        # Choose the page's row numbers from an index alone (deep offsets skip index entries, not rows with
        # blobs), then read only those rows. Searching, a common prefix ("م") is fastest walking the cases in
        # order until the page is full; a rare one (an ID number) by looking up its few matches.
        source = "households"
        if match:
            index = "households_case_cover"
            if len(statuses) <= 1 and self._hits(match) >= _COMMON_HITS:
                index = "households_status_order" if statuses else "households_case_order"
            source = f"households INDEXED BY {index}"
        numbers = [n for (n,) in self._q(f"SELECT case_no FROM {source}{where} {order}", [*params, *paging])]
        if not numbers:
            return []
        found = {row[0]: row[1:] for row in self._q(
            f"SELECT case_no, {columns} FROM households WHERE case_no IN ({','.join('?' * len(numbers))})",
            numbers)}
        return [self._case_row(found[n]) for n in numbers]

    def _case_row(self, row: tuple[Any, ...]) -> CaseRow:
        household_id, rev, data, assessment_id, status, last_visit, updated_at, submitted_at = row
        household = Household.from_dict(self.cipher.open("households", household_id, rev, data))
        return CaseRow(household_id=household_id, assessment_id=assessment_id,
                       file_number=household.file_number, head_name=household.head_name,
                       categories=list(household.categories), district=household.district, status=status or "",
                       last_visit=last_visit, updated_at=updated_at, submitted_at=submitted_at,
                       researcher=household.researcher, head_name_latin=household.head_name_latin,
                       city=household.city)

    def find_duplicates(self, national_id: str = "", name: str = "", phone: str = "",
                        exclude_household: str | None = None) -> list[str]:
        """Households that share the ID number, or the name and phone (or only the one given)."""
        keys: list[str] = []
        if digits_only(national_id):
            keys.append(self.index.exact("id", digits_only(national_id)))
        if normalise(name) and phone_key(phone):
            keys.append(_match_expression([self.index.exact("name", normalise(name)),
                                           self.index.exact("phone", phone_key(phone))]))
        elif normalise(name):
            keys.append(f'"{self.index.exact("name", normalise(name))}"')
        elif phone_key(phone):
            keys.append(f'"{self.index.exact("phone", phone_key(phone))}"')
        found: dict[str, None] = {}
        for key in keys:
            expression = key if key.startswith('"') else f'"{key}"'
            for (household_id,) in self._q(
                    "SELECT id FROM households WHERE case_no IN"
                    " (SELECT rowid FROM search_index WHERE search_index MATCH ?) ORDER BY case_no", [expression]):
                if household_id != exclude_household:
                    found.setdefault(household_id, None)
        return list(found)
