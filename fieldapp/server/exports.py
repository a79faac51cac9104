"""Exports of cases (assessment + household) as CSV, XLSX or JSON, streamed row by row.

The query streams (server-side cursor on PostgreSQL, yield_per everywhere) and XLSX uses xlsxwriter's
constant_memory mode, so 100k cases never sit in memory. The file is written beside the target and moved
into place at the end, readable by its owner only (it holds personal data).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select

from .db import Database
from .tables import records

COLUMNS = [
    "assessment_id", "household_id", "file_number", "head_name", "head_name_latin", "national_id", "phone",
    "city", "district", "address", "categories", "status", "researcher", "team", "form_id", "form_version",
    "visit_date", "submitted_at", "decided_at", "members", "total_income", "total_expenses", "per_capita_income",
    "eligibility", "rec_aid_type", "rec_amount", "rec_duration_months", "reject_reason", "review_comment",
]
_FORMULA = "=+-@\t\r"
CHUNK = 2000


def case_rows(db: Database, status: str = "approved") -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(assessment, household) pairs, streamed. Households are fetched per chunk of assessments by id:
    a join over 100k rows would make PostgreSQL hash and sort everything (spilling to disk) before the
    first row comes out."""
    query = select(records.c.data, records.c.household_id).where(records.c.entity == "assessment")
    if status != "all":
        query = query.where(records.c.status == status)
    with db.reader.connect() as conn, db.reader.connect() as lookup:
        result = conn.execution_options(stream_results=True, yield_per=CHUNK).execute(query)
        for chunk in result.partitions():
            wanted = sorted({row.household_id for row in chunk if row.household_id})
            households = dict(lookup.execute(select(records.c.id, records.c.data).where(
                records.c.entity == "household", records.c.id.in_(wanted))).all()) if wanted else {}
            for row in chunk:
                house = households.get(row.household_id)
                yield json.loads(row.data), (json.loads(house) if house else {})


def flat_row(assessment: dict[str, Any], household: dict[str, Any]) -> list[Any]:
    """One export row in COLUMNS order: answers first, then the assessment, then the household."""
    answers = assessment.get("answers") if isinstance(assessment.get("answers"), dict) else {}
    merged = {k: v for k, v in household.items() if v is not None and v != ""}
    merged.update((k, v) for k, v in assessment.items() if v is not None and v != "" and k != "answers")
    merged.update((k, v) for k, v in answers.items() if v is not None and v != "")
    members = answers.get("members")
    categories = answers.get("categories") or household.get("categories") or []
    eligibility = answers.get("eligibility")
    merged.update(assessment_id=assessment.get("id", ""), household_id=assessment.get("household_id", ""),
                  status=assessment.get("status", ""), members=len(members) if isinstance(members, list) else "",
                  categories=",".join(str(c) for c in categories) if isinstance(categories, list) else categories,
                  eligibility=(eligibility.get("eligible") if isinstance(eligibility, dict) else eligibility) or "")
    return [_cell(merged.get(name, "")) for name in COLUMNS]


def _cell(value: Any) -> Any:
    """Plain cell: no nested structures, and no text a spreadsheet would run as a formula."""
    kind = type(value)
    if kind is int or kind is float or kind is bool:
        return value
    if kind is dict or kind is list:
        value = json.dumps(value, ensure_ascii=False)
    elif kind is not str:
        value = str(value)
    if value and value[0] in _FORMULA:
        return "'" + value
    return value


def _write_csv(path: Path, rows: Iterator[list[Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel then reads Arabic
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _write_xlsx(path: Path, rows: Iterator[list[Any]]) -> int:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_urls": False, "strings_to_numbers": False})
    sheet = book.add_worksheet("cases")
    sheet.right_to_left()
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, COLUMNS, bold)
    count = 0
    for count, row in enumerate(rows, start=1):
        sheet.write_row(count, 0, row)
    book.close()
    return count


def _write_json(path: Path, pairs: Iterator[tuple[dict[str, Any], dict[str, Any]]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("[")
        for assessment, household in pairs:
            handle.write(",\n" if count else "\n")
            handle.write(json.dumps({"assessment": assessment, "household": household}, ensure_ascii=False))
            count += 1
        handle.write("\n]\n")
    return count


def export_cases(db: Database, target: Path, fmt: str, status: str = "approved") -> int:
    target = target.expanduser()
    tmp = target.with_name(f".{target.name}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        pairs = case_rows(db, status)
        if fmt == "json":
            count = _write_json(tmp, pairs)
        else:
            flat = (flat_row(a, h) for a, h in pairs)
            count = _write_xlsx(tmp, flat) if fmt == "xlsx" else _write_csv(tmp, flat)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count
