"""Review benchmark: what the supervisor's views cost on a demo supervisor vault, against a baseline.

    .venv/bin/python bench/review_bench.py            # 2,000 and 10,000 households
    .venv/bin/python bench/review_bench.py --quick    # 2,000 only

Measured on the db lane's functions (no widgets): the review queue (every submitted case, oldest first,
working-day ages) against the plain page_cases of the same rows; the team dashboard (all assessments and
their histories) against a bare iter_assessments; one review (assessment, household, earlier assessments,
changes, duplicates, attachments, history, eligibility). Medians of several runs; figures go to
docs/BENCHMARKS.md (section "review").
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._report import median_ms, peak_rss_mb, table, write_section  # noqa: E402

PASSWORD = "bench password 1"


def run(size: int, repeat: int) -> list[list[object]]:
    from fieldapp.demo import create_demo
    from fieldapp.store import Vault
    from fieldapp.ui.review.dashboard import load_dashboard
    from fieldapp.ui.review.loader import load_review
    from fieldapp.ui.review.queue import load_queue

    folder = Path(tempfile.mkdtemp(prefix="review-bench-")) / "profile"
    try:
        statuses = create_demo(folder, PASSWORD, size, seed=5, role="supervisor")
        today = date.today()
        with Vault.open(folder, PASSWORD) as vault:
            submitted = vault.count_cases(status="submitted")
            queue_ms = median_ms(lambda: load_queue(vault, "sun-thu", today), repeat)
            page_ms = median_ms(lambda: vault.page_cases(0, submitted, status="submitted"), repeat)
            board_ms = median_ms(lambda: load_dashboard(vault, "sun-thu", today), max(1, repeat // 2))
            bare_ms = median_ms(lambda: list(vault.iter_assessments()), max(1, repeat // 2))
            target = load_queue(vault, "sun-thu", today)[0].assessment_id
            start = time.perf_counter()
            load_review(vault, target, lang="ar", work_week="sun-thu")   # cold: loads the form definition
            first_ms = (time.perf_counter() - start) * 1000
            review_ms = median_ms(lambda: load_review(vault, target, lang="ar", work_week="sun-thu"), repeat)
        print(f"{size}: {dict(statuses)}")
        return [
            [f"{size:,}", f"review queue ({submitted:,} submitted)", f"{queue_ms:.0f}",
             f"page_cases of the same rows: {page_ms:.0f}", f"{queue_ms / page_ms:.2f}"],
            [f"{size:,}", "team dashboard (all assessments; histories touched in the last 90 days)", f"{board_ms:.0f}",
             f"iter_assessments alone: {bare_ms:.0f}", f"{board_ms / bare_ms:.2f}"],
            [f"{size:,}", "one review (oldest in the queue), warm", f"{review_ms:.1f}",
             f"first review, cold form: {first_ms:.0f}", f"{review_ms / first_ms:.3f}"],
        ]
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2,000 households only")
    args = parser.parse_args()
    sizes = [2000] if args.quick else [2000, 10000]
    rows: list[list[object]] = []
    for size in sizes:
        rows += run(size, repeat=3 if args.quick else 5)
    body = table(["households", "what", "median ms", "baseline ms", "ratio"], rows)
    body += (f"\n\nPeak RSS {peak_rss_mb():.0f} MB. The queue decrypts only the submitted cases (a plaintext "
             "status filter) and adds working-day ages. The dashboard reads each assessment's small sealed "
             "statistics digest instead of decrypting it whole (the baseline decrypts them all; 4.7 s for 10,000 "
             "households before digests), only the histories that can hold an answer of the last 90 days, and "
             "the whole record of overdue items only; the app loads the histories 500 per db-lane task, off the "
             "UI thread. The first review loads and compiles the form definition once.")
    write_section("review", "Supervisor review (queue, dashboard, one review)", body)


if __name__ == "__main__":
    main()
