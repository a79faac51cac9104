"""`fieldapp export DIR --format json|csv -o FILE`: a decrypted export of everything in a profile.

Streamed: one household at a time. A record that does not decrypt (damaged or tampered) is named on
stderr, everything else is still exported, and the exit code is 1.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from ..domain.clock import utc_now
from ..domain.errors import FieldappError, VaultError
from .common import read_password

HELP = "decrypted export of everything in a profile (JSON or CSV), streamed"

CSV_COLUMNS = ["household_id", "file_number", "head_name", "head_name_latin", "national_id", "phone", "city",
               "district", "address", "categories", "researcher", "team", "assessment_id", "status", "form_id",
               "form_version", "visit_date", "created_at", "updated_at", "submitted_at", "decided_at",
               "review_comment", "reject_reason", "events", "attachments", "answers"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="the profile folder")
    parser.add_argument("--format", choices=["json", "csv"], default="json")
    parser.add_argument("-o", "--output", metavar="FILE", required=True, help="output file ('-' for stdout)")


@contextmanager
def _output(path: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdout
        return
    old = os.umask(0o077)  # the export is plaintext: readable by its owner only
    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            yield handle
    finally:
        os.umask(old)


def write_json(cases: Iterator[dict[str, Any]], out: IO[str]) -> int:
    header = json.dumps({"format": "fieldapp-export", "version": 1, "exported_at": utc_now()})
    out.write(header[:-1] + ', "households": [\n')
    count = 0
    for case in cases:
        out.write(",\n" if count else "")
        out.write(json.dumps(case, ensure_ascii=False, sort_keys=True))
        count += 1
    out.write("\n]}\n")
    return count


def _csv_rows(case: dict[str, Any]) -> Iterator[dict[str, Any]]:
    base = {"household_id": case.get("id"), "categories": ";".join(case.get("categories") or [])}
    for key in ("file_number", "head_name", "head_name_latin", "national_id", "phone", "city", "district",
                "address", "researcher", "team"):
        base[key] = case.get(key, "")
    assessments = case.get("assessments") or [{}]
    for assessment in assessments:
        row = dict(base)
        if assessment:
            row.update({"assessment_id": assessment.get("id"),
                        "events": ";".join(f"{e['at']} {e['action']}" for e in assessment.get("events", [])),
                        "attachments": ";".join(a.get("filename", "") for a in assessment.get("attachments", [])),
                        "answers": json.dumps(assessment.get("answers", {}), ensure_ascii=False, sort_keys=True)})
            for key in ("status", "form_id", "form_version", "visit_date", "created_at", "updated_at",
                        "submitted_at", "decided_at", "review_comment", "reject_reason"):
                row[key] = assessment.get(key, "")
        yield row


def write_csv(cases: Iterator[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for case in cases:
        writer.writerows(_csv_rows(case))
        count += 1
    return count


def run(args: argparse.Namespace) -> int:
    from ..domain.errors import user_language
    from ..store import Vault
    from ..store.export import iter_cases

    if args.output != "-" and (os.path.isdir(args.output)
                               or not os.path.isdir(os.path.dirname(os.path.abspath(args.output)))):
        raise FieldappError("io.cannot_write", path=args.output)
    with Vault.open(args.folder, read_password()) as vault:
        errors: list[VaultError] = []
        with _output(args.output) as out:
            writer = write_json if args.format == "json" else write_csv
            count = writer(iter_cases(vault, errors), out)
    lang = user_language()
    if errors:
        for error in errors:
            print(error.message(lang), file=sys.stderr)
        print(FieldappError("export.partial", ok=count, bad=len(errors)).message(lang), file=sys.stderr)
        return 1
    if args.output != "-":
        print(f"{count} households → {args.output}", file=sys.stderr)
    return 0
