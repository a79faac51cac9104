"""`fieldapp report DIR assessment|sponsor|statistics [--household ID] [--from DATE --to DATE]
[--lang ar|en] -o FILE.pdf`: write a PDF report from a profile.

The language, digits, work week and currency default to the profile's settings.json, then to the
user's language. The PDF is written next to its final name and moved into place (readable by its owner
only: a case file holds personal data); nothing else touches the disk.
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

from ..domain.errors import FieldappError, user_language
from .common import profile_dir, read_password

HELP = "write a PDF report: a case file, a sponsor report or statistics over a period"


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from exc


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="the profile folder")
    parser.add_argument("kind", choices=["assessment", "sponsor", "statistics"])
    parser.add_argument("--household", metavar="ID", default="", help="household id or file number")
    parser.add_argument("--assessment", metavar="ID", help="a particular assessment (default: the latest)")
    parser.add_argument("--from", dest="date_from", metavar="DATE", type=_day, help="period start, YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", metavar="DATE", type=_day, help="period end, YYYY-MM-DD")
    parser.add_argument("--lang", choices=["ar", "en"], help="report language (default: the profile's)")
    parser.add_argument("--currency", choices=["SAR", "AED"],
                        help="currency of amounts (default: by the family's city, Dubai → AED)")
    parser.add_argument("-o", "--output", metavar="FILE.pdf", required=True, help="where to write the PDF")


def settings_of(folder: Path) -> dict[str, Any]:
    try:
        value = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def write_private(path: Path, data: bytes) -> None:
    """Write via a temporary sibling and rename, so a crash never leaves half a PDF under the real name."""
    temp = path.with_name(f".{path.name}.part")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    from ..reports.gather import report_from_vault
    from ..store import Vault

    if args.kind != "statistics" and not args.household:
        raise FieldappError("report.household_required")
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise FieldappError("cli.bad_argument", detail="--from > --to")
    output = Path(args.output)
    if not output.parent.is_dir() or output.is_dir():
        raise FieldappError("io.cannot_write", path=str(output))  # before the password is asked for
    folder = profile_dir(args.folder)
    settings = settings_of(folder)
    lang = args.lang or settings.get("language") or user_language()
    with Vault.open(folder, read_password("Vault password: ")) as vault:
        pdf = report_from_vault(vault, args.kind, household=args.household, assessment_id=args.assessment,
                                date_from=args.date_from, date_to=args.date_to,
                                lang="en" if lang == "en" else "ar",
                                currency=args.currency or settings.get("currency") or None,
                                digits=settings.get("digits") or "latin",
                                work_week=settings.get("work_week") or "sun-thu")
    write_private(output, pdf)
    print(f"{output} ({len(pdf) // 1024} KiB)")
    return 0
