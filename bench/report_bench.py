"""PDF report speed: 100 assessment reports, and a statistics report over 100k households.

    .venv/bin/python -m bench.report_bench [--quick]

Baselines in the same run: a plain reportlab document of the same size without our bidi layer (what
reportlab itself costs), and a bare counting loop over the same assessments (the floor for one pass).
Targets (issue 8): median ≤ 0.3 s per assessment report; statistics over 100k households ≤ 5 s.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time
from collections import Counter
from datetime import date

from bench._report import median_time, peak_rss_mb, table, write_section
from fieldapp.reports import (
    build_assessment_report,
    build_statistics_report,
    collect_statistics,
    register_fonts,
)
from fieldapp.reports.sample import NAMES, many, sample_case

PRINTED = date(2026, 11, 23)


def plain_reportlab(paragraphs: int) -> bytes:
    """Baseline: platypus paragraphs and one table in Amiri, no shaping or reordering."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    style = ParagraphStyle("p", fontName="Amiri", fontSize=10, leading=14)
    story = [Paragraph("Household member income expenses housing health needs recommendation " * 2, style)
             for _ in range(paragraphs)]
    story.append(Table([["Name", "Relation", "Born", "ID"]] + [["Member", "Son", "2010-01-01", "1100000000"]] * 8))
    out = io.BytesIO()
    SimpleDocTemplate(out, initialFontName="Amiri").build(story)
    return out.getvalue()


def time_each(fn, items) -> list[float]:  # noqa: ANN001
    samples = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        samples.append(time.perf_counter() - start)
    return samples


def bench_assessments(count: int) -> list[list[object]]:
    start = time.perf_counter()
    register_fonts()
    cold_fonts = time.perf_counter() - start
    cases = [sample_case(seed, children=2 + seed % 5, dialysis=seed % 2 == 0) for seed in range(count)]
    rows: list[list[object]] = []
    baseline = median_time(lambda: plain_reportlab(60), repeat=max(5, count // 10))
    rows.append(["baseline: plain reportlab, ~60 paragraphs + table (no bidi)", count and max(5, count // 10),
                 f"{baseline * 1000:.0f}", "—", "1.0×"])
    for lang in ("ar", "en"):
        for photos in (False, True):
            samples = time_each(lambda c, lang=lang, photos=photos: build_assessment_report(
                c.household, c.assessment, events=c.events, attachments=c.attachments if photos else (),
                images=c.images if photos else {}, names=NAMES, lang=lang, printed=PRINTED), cases)
            med = statistics.median(samples)
            p95 = sorted(samples)[int(0.95 * (len(samples) - 1))]
            rows.append([f"assessment report, {lang}, {'3 photos' if photos else 'no photos'}", len(samples),
                         f"{med * 1000:.0f}", f"{p95 * 1000:.0f}", f"{med / baseline:.1f}×"])
    rows.append(["font registration (once per process)", 1, f"{cold_fonts * 1000:.0f}", "—", "—"])
    return rows


def bench_statistics(households: int) -> list[list[object]]:
    data = list(many(households))
    homes = [h for h, _ in data]
    assessments = [a for _, a in data]

    def floor() -> None:
        Counter(a.status for a in assessments)

    def gather() -> None:
        collect_statistics(homes, assessments, date_from=date(2026, 1, 1), date_to=date(2026, 12, 31))

    def whole() -> None:
        build_statistics_report(homes, assessments, date_from=date(2026, 1, 1), date_to=date(2026, 12, 31),
                                names=NAMES, lang="ar", printed=PRINTED)

    base = median_time(floor, repeat=5)
    one_pass = median_time(gather, repeat=3)
    full = median_time(whole, repeat=3)
    return [["baseline: bare Counter of statuses", households, f"{base * 1000:.0f}", "1.0×"],
            ["collect_statistics (one pass, all counters)", households, f"{one_pass * 1000:.0f}",
             f"{one_pass / base:.1f}×"],
            ["statistics report, ar (collect + charts + PDF)", households, f"{full * 1000:.0f}",
             f"{full / base:.1f}×"]]


def bench_vault(households: int) -> list[list[object]]:
    """End to end from an encrypted demo vault: the statistics digests, then collect and render; against
    collecting from whole records (every household and assessment decrypted), the way it was done before."""
    import tempfile

    from fieldapp.demo import create_demo
    from fieldapp.reports.gather import report_from_vault
    from fieldapp.store import Vault

    with tempfile.TemporaryDirectory() as folder:
        create_demo(f"{folder}/p", "bench-password", households, seed=5)
        with Vault.open(f"{folder}/p", "bench-password") as vault:
            count = vault.db.conn.execute("SELECT COUNT(*) FROM assessments").fetchone()[0]
            whole = median_time(lambda: collect_statistics(vault.iter_households(), vault.iter_assessments()),
                                repeat=1)
            digests = median_time(lambda: collect_statistics(vault.statistics_places(), vault.statistics_facts()),
                                  repeat=3)
            report = median_time(lambda: report_from_vault(vault, "statistics", lang="ar"), repeat=3)
    return [[f"baseline: collect from whole records (decrypt {count:,} assessments + households)", households,
             f"{whole * 1000:.0f}", "1.0×"],
            ["collect from the statistics digests", households, f"{digests * 1000:.0f}", f"{digests / whole:.2f}×"],
            ["statistics report from the vault (digests + collect + charts + PDF)", households,
             f"{report * 1000:.0f}", f"{report / whole:.2f}×"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20 reports and 20k households")
    args = parser.parse_args()
    reports, households, in_vault = (20, 20_000, 10_000) if args.quick else (100, 100_000, 100_000)
    load_before = os.getloadavg()[0]
    a_rows = bench_assessments(reports)
    s_rows = bench_statistics(households)
    v_rows = bench_vault(in_vault)
    load_after = os.getloadavg()[0]
    body = "\n\n".join([
        f"Assessment reports ({reports} sample families, 2–6 members, events; medians; target ≤ 300 ms):",
        table(["case", "n", "median ms", "p95 ms", "vs baseline"], a_rows),
        f"Statistics over {households:,} households (one assessment each; medians of 3; target ≤ 5,000 ms):",
        table(["case", "households", "median ms", "vs baseline"], s_rows),
        f"From an encrypted demo vault of {in_vault:,} households (target ≤ 5,000 ms; the vault keeps a small "
        "sealed digest per row — district, categories, city; researcher, recommended aid — so statistics "
        "do not decrypt whole records; baseline run once, the rest medians of 3):",
        table(["case", "households", "median ms", "vs baseline"], v_rows),
        f"Peak RSS {peak_rss_mb():.0f} MiB. Load average {load_before:.1f} before, {load_after:.1f} after "
        "(2 cores shared with other work: figures above a load of 2 are inflated accordingly). In the first two "
        "tables objects are built in memory first: vault decryption is not included.",
    ])
    write_section("reports", "PDF reports (bench/report_bench.py" + (" --quick" if args.quick else "") + ")",
                  body)


if __name__ == "__main__":
    main()
