"""Head-office server at scale, on SQLite and PostgreSQL: import N applications from CSV, export N approved
cases to CSV and XLSX, statistics over N cases, and each command's peak memory (RSS).

    .venv/bin/python -m bench.server_bench            # N = 100,000
    .venv/bin/python -m bench.server_bench --quick    # N = 10,000
PostgreSQL runs when FIELDAPP_TEST_PG_URL is set (eval "$(bash scripts/pg-test-server.sh start)").

The commands run as real `fieldapp-server` processes (python start-up included) and their peak RSS comes
from wait4. Baseline in the same run: reading the application CSV and writing it to another CSV with the
csv module alone (the floor for import and export).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._report import table, write_section  # noqa: E402
from fieldapp.domain.ids import luhn_check_digit  # noqa: E402
from fieldapp.server import accounts  # noqa: E402
from fieldapp.server.db import Database, dumps, next_seq  # noqa: E402
from fieldapp.server.stats import compute_stats  # noqa: E402
from fieldapp.server.tables import records  # noqa: E402

TARGETS = {"import": 30.0, "export_csv": 15.0, "stats": 2.0, "rss": 300.0}
NAMES = ["فاطمة", "عائشة", "مريم", "نورة", "هند", "سارة", "خديجة", "أمل", "منى", "ريم"]
FAMILIES = ["الأحمدي", "القحطاني", "الغامدي", "الزهراني", "العتيبي", "الشهري", "الحربي", "المالكي"]
DISTRICTS = ["الروضة", "النسيم", "الصفا", "المروة", "البوادي", "الفيصلية"]
CATEGORIES = ["widow", "divorced", "prisoner_family", "kidney_patient", "low_income", "orphans", "elderly"]
ENV = {**os.environ, "FIELDAPP_RECOVERY_PASSPHRASE": "bench-passphrase", "FIELDAPP_NEW_PASSWORD": "bench-pass-1",
       "FIELDAPP_LANG": "en"}


def national_id(n: int) -> str:
    body = f"1{n:08d}"
    return body + luhn_check_digit(body)


def write_applications(path: Path, count: int) -> None:
    rng = random.Random(7)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["applicant_name", "national_id", "phone", "district", "category", "channel", "received_date"])
        for n in range(count):
            writer.writerow([f"{rng.choice(NAMES)} {rng.choice(FAMILIES)}", national_id(n), f"05{n:08d}",
                             rng.choice(DISTRICTS), rng.choice(CATEGORIES), rng.choice(["website", "centre", "app"]),
                             f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"])


def baseline_copy(source: Path, target: Path) -> float:
    start = time.perf_counter()
    with source.open(encoding="utf-8") as src, target.open("w", encoding="utf-8", newline="") as dst:
        writer = csv.writer(dst)
        for row in csv.reader(src):
            writer.writerow(row)
    return time.perf_counter() - start


def run_cli(base: list[str], *args: str) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB and stdout of one fieldapp-server command."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen([*base, *args], env=ENV, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode(errors="replace")
    if proc.returncode != 0:
        raise SystemExit(f"fieldapp-server {' '.join(args)} failed: {text[-500:]}")
    return elapsed, usage.ru_maxrss / 1024, text


def answers(rng: random.Random, n: int) -> dict[str, Any]:
    members = [{"member_name": f"{rng.choice(NAMES)} {k}", "relation": "child", "sex": "f",
                "birth_date": f"20{rng.randint(0, 20):02d}-01-01", "education": "primary"} for k in range(rng.randint(1, 6))]
    return {"visit_date": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}", "members": members,
            "income_sources": [{"source": "social_security", "amount": rng.randint(0, 500000)}],
            "exp_rent": rng.randint(0, 300000), "exp_food": rng.randint(0, 200000), "housing_type": "rented",
            "categories": rng.sample(CATEGORIES, rng.randint(1, 2)), "needs": ["monthly_sponsorship"],
            "observations": "الأسرة تحتاج إلى دعم شهري " * 8, "rec_aid_type": "monthly_sponsorship",
            "rec_amount": rng.randint(50000, 300000), "rec_duration_months": 12}


def seed_cases(db: Database, count: int) -> float:
    """N households with one approved assessment each, written straight into the case store."""
    rng = random.Random(11)
    start = time.perf_counter()
    chunk = 5000
    for offset in range(0, count, chunk):
        rows = []
        size = min(chunk, count - offset)
        for n in range(offset, offset + size):
            hid, aid, researcher = str(uuid.uuid4()), str(uuid.uuid4()), f"r{n % 10}"
            house = {"id": hid, "head_name": f"{rng.choice(NAMES)} {rng.choice(FAMILIES)}",
                     "national_id": national_id(n), "phone": f"05{n:08d}", "city": "jeddah",
                     "district": rng.choice(DISTRICTS), "file_number": f"F-{n:06d}", "researcher": researcher,
                     "team": "t1", "version": 1}
            found = answers(rng, n)
            assessment = {"id": aid, "household_id": hid, "form_id": "household_assessment", "form_version": 1,
                          "answers": found, "status": "approved", "researcher": researcher, "team": "t1",
                          "submitted_at": "2026-11-01T10:00:00Z", "decided_at": "2026-11-02T10:00:00Z", "version": 3}
            common = {"team": "t1", "researcher": researcher, "assessment_id": None, "id_key": None,
                      "person_key": None, "updated_at": "2026-11-02T10:00:00Z"}
            rows.append({**common, "entity": "household", "id": hid, "version": 1, "status": None,
                         "household_id": hid, "categories": None, "amount": None, "month": None, "data": dumps(house)})
            rows.append({**common, "entity": "assessment", "id": aid, "version": 3, "status": "approved",
                         "household_id": hid, "categories": ",".join(found["categories"]),
                         "amount": found["rec_amount"], "month": found["visit_date"][:7], "data": dumps(assessment)})
        with db.write() as conn:
            first = next_seq(conn, len(rows))
            for k, row in enumerate(rows):
                row["seq"] = first + k
            conn.execute(records.insert(), rows)
    return time.perf_counter() - start


def bench_one(label: str, url: str, count: int, work: Path) -> list[list[object]]:
    data_dir = work / f"data-{label}"
    base = [sys.executable, "-c", "from fieldapp.cli import server_main; raise SystemExit(server_main())",
            "--data-dir", str(data_dir)] + (["--database-url", url] if url else [])
    run_cli(base, "init")
    db = Database(url or f"sqlite:///{data_dir / 'server.db'}")
    with db.write() as conn:
        for k in range(10):
            accounts.add_user(conn, f"r{k}", "researcher", "t1", "bench-pass-1")
    apps = work / "applications.csv"
    if not apps.exists():
        write_applications(apps, count)
    floor = baseline_copy(apps, work / f"copy-{label}.csv")
    rows: list[list[object]] = []

    def add(step: str, seconds: float, rss: float, target: float | None) -> None:
        ok = "" if target is None else ("✓" if seconds <= target else "✗")
        rows.append([label, step, f"{seconds:.2f}", f"{count / seconds:,.0f}", f"{seconds / floor:.1f}×",
                     f"{rss:.0f}", f"≤ {target:.0f} s {ok}" if target else ""])
        print(rows[-1], flush=True)

    seconds, rss, out = run_cli(base, "assignments", "import", str(apps), "--team", "t1")
    assert f"imported {count}" in out, out
    add("import CSV", seconds, rss, TARGETS["import"])
    seed = seed_cases(db, count)
    print(f"seeded {count} approved cases in {seed:.1f} s", flush=True)
    for fmt in ("csv", "xlsx", "json"):
        seconds, rss, out = run_cli(base, "export", "--format", fmt, "-o", str(work / f"out-{label}.{fmt}"))
        assert f"exported {count}" in out, out
        add(f"export {fmt.upper()}", seconds, rss, TARGETS["export_csv"] if fmt == "csv" else None)
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        with db.read() as conn:
            result = compute_stats(conn)
        samples.append(time.perf_counter() - start)
    assert result["total"]["count"] == count
    add("stats (query, median of 5)", statistics.median(samples), 0, TARGETS["stats"])
    seconds, rss, out = run_cli(base, "stats", "--json")
    assert json.loads(out)["total"]["count"] == count
    add("stats (command, with start-up)", seconds, rss, None)
    db.dispose()
    rows.append([label, "baseline: csv read + write", f"{floor:.2f}", f"{count / floor:,.0f}", "1.0×", "", ""])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10,000 instead of 100,000")
    parser.add_argument("--count", type=int)
    args = parser.parse_args()
    count = args.count or (10_000 if args.quick else 100_000)
    rows: list[list[object]] = []
    load_before = os.getloadavg()[0]
    pg = os.environ.get("FIELDAPP_TEST_PG_URL", "")
    with tempfile.TemporaryDirectory(prefix="server-bench-") as tmp:
        work = Path(tmp)
        rows += bench_one("SQLite", "", count, work)
        if pg:
            from tests.helpers.live_server import drop_pg_database, fresh_pg_database

            url = fresh_pg_database(pg)
            try:
                rows += bench_one("PostgreSQL", url, count, work)
            finally:
                drop_pg_database(url)
    peak = max(float(r[5]) for r in rows if r[5] not in ("", "0"))
    body = table(["database", "step", "seconds", "rows/s", "vs floor", "peak RSS MB", "target"], rows)
    body += (f"\n\n{count:,} applications / approved cases (about 2 KB of answers each). Each command is a real "
             f"`fieldapp-server` process, python start-up included; RSS from wait4. Highest peak RSS: {peak:.0f} MB "
             f"(target ≤ {TARGETS['rss']:.0f} MB). Targets are those of 100,000 cases."
             + ("" if pg else " PostgreSQL skipped: FIELDAPP_TEST_PG_URL not set.")
             + f" Load average (1 min) at start {load_before:.1f}, at end {os.getloadavg()[0]:.1f} on 2 cores: other"
             " work shared the machine, so the floor row of each database shows how fast it was at that time.")
    write_section("server", f"Server: import, export, statistics ({count:,} cases)", body)


if __name__ == "__main__":
    main()
