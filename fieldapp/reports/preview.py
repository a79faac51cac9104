"""Render the first page of each report, in each language, for the invented sample family, to PNG.

    python -m fieldapp.reports.preview docs/screenshots      # report_<kind>_<lang>.png (needs poppler)

For eyes, not tests: check connected Arabic, right-to-left order, mirrored tables and no empty boxes.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from . import build_assessment_report, build_sponsor_report, build_statistics_report
from .sample import NAMES, many, previous_of, sample_case


def reports(lang: str, printed: date) -> dict[str, bytes]:
    case = sample_case()
    rows = list(many(5000))
    return {
        "assessment": build_assessment_report(case.household, case.assessment, events=case.events,
                                              attachments=case.attachments, images=case.images, names=NAMES,
                                              lang=lang, printed=printed),
        "sponsor": build_sponsor_report(case.household, case.assessment, previous=previous_of(case), lang=lang,
                                        printed=printed),
        "statistics": build_statistics_report([h for h, _ in rows], [a for _, a in rows], names=NAMES, lang=lang,
                                              date_from=date(2026, 1, 1), date_to=date(2026, 12, 31),
                                              printed=printed),
    }


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else "docs/screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    for lang in ("ar", "en"):
        for kind, pdf in reports(lang, date.today()).items():
            stem = folder / f"report_{kind}_{lang}"
            subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile", "-", str(stem)],
                           input=pdf, check=True)
            print(f"{stem}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
