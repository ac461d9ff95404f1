"""Head office at scale: ingest and reports on a generated chain, against bare DuckDB.

    python benchmarks/hq.py [--stores 1000] [--rows 10000]

Generates one answer-level, one run-level and one complaint-level export per store (real
exports of a demo store, copied with other store codes, run and complaint ids), then measures in separate processes:
a bare DuckDB ``read_csv`` of the same files into Parquet (the baseline), ``storeops hq
ingest`` (time and peak memory, summaries included; the two take turns, ``--rounds``
times, and the faster of each counts), and each ``hq report`` (whole processes, Python's
start included; the median of three). Prints one table, and the load average as it goes
on standard error (other work on the machine slows both sides).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable

BARE = """
import sys, duckdb
con = duckdb.connect()
con.execute("SET memory_limit = '1GB'")
con.execute(f"SET temp_directory = '{sys.argv[2]}.spill'")  # not .tmp in the checkout
con.execute(f"COPY (SELECT *, substr(finished_at, 1, 7) AS month FROM read_csv('{sys.argv[1]}/*-answer.csv', all_varchar = true, header = true)) TO '{sys.argv[2]}' (FORMAT parquet, PARTITION_BY (store_code, month))")
"""


Rows = list[dict[str, str]]
COMPLAINT_CYCLES = 10  # the seed store's complaints, ten months of them per store


def _log_complaints(ctx: object) -> None:
    """Six complaints of the seed store, half of them closed and called back."""
    from datetime import datetime, timedelta

    from storeops.complaints import CAUSES, ComplaintBook

    book = ComplaintBook(ctx.store, None)  # type: ignore[attr-defined]
    for n in range(6):
        now = datetime(2026, 11, 2 + n, 10).astimezone()
        category = ("service", "product", "after_sales")[n % 3]
        logged = book.log({"category": category, "cause": CAUSES[n % len(CAUSES)],
                           "description": f"complaint {n}"}, store_code="SEED", by="Wang",
                          now=now)  # fmt: skip
        if n % 2 == 0:
            book.close(logged.id, remedy="apology", by="Wang", now=now + timedelta(days=n))
            book.follow_up(logged.id, outcome="reached", by="Wang", now=now + timedelta(days=n + 3))


def seed_exports(folder: Path) -> tuple[Rows, Rows, Rows]:
    """One demo store's run-, answer- and complaint-level rows."""
    from storeops.clock import Clock
    from storeops.context import open_context
    from storeops.demo import make_demo
    from storeops.export_service import ExportRequest, build_export
    from storeops.profile import StoreProfile

    ctx = open_context(folder, clock=Clock.pinned("2026-11-23T10:00:00+08:00"))
    ctx.save_profile(StoreProfile("SEED", "Seed", "Wang"))
    make_demo(ctx, today=date(2026, 11, 23), months=3)
    runs = build_export(ctx, ExportRequest("run", "csv")).payload.decode("utf-8-sig")
    answers = build_export(ctx, ExportRequest("answer", "csv")).payload.decode("utf-8-sig")
    _log_complaints(ctx)
    complaints = build_export(ctx, ExportRequest("complaint", "csv")).payload.decode("utf-8-sig")
    ctx.close()
    return tuple(list(csv.DictReader(io.StringIO(text))) for text in (runs, answers, complaints))  # type: ignore[return-value]


def _months_back(day: str, months: int) -> str:
    """An ISO day ``months`` months earlier (the day of the month kept; all are ≤ 28)."""
    if not day:
        return day
    year, month = int(day[:4]), int(day[5:7]) - months
    while month < 1:
        year, month = year - 1, month + 12
    return f"{year:04d}-{month:02d}{day[7:]}"


def make_chain(folder: Path, stores: int, rows: int) -> int:
    """``stores`` stores × about ``rows`` answer rows each; returns the answer rows written."""
    runs, answers, complaints = seed_exports(folder / "seed")
    by_run: dict[str, list[dict[str, str]]] = {}
    for row in answers:
        by_run.setdefault(row["run_id"], []).append(row)
    total = 0
    for n in range(stores):
        code = f"{n:05d}"
        written = 0
        chosen_runs = []
        with (folder / f"{code}-answer.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(answers[0]))
            writer.writeheader()
            cycle = 0
            while written < rows:
                for run in runs:
                    run_rows = by_run.get(run["run_id"], [])
                    new_id = f"{code}{cycle:03d}{run['run_id'][:6]}"
                    for row in run_rows:
                        writer.writerow({**row, "store_code": code, "run_id": new_id})
                    chosen_runs.append({**run, "store_code": code, "run_id": new_id})
                    written += len(run_rows)
                    if written >= rows:
                        break
                cycle += 1
        with (folder / f"{code}-run.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(runs[0]))
            writer.writeheader()
            writer.writerows(chosen_runs)
        with (folder / f"{code}-complaint.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(complaints[0]))
            writer.writeheader()
            for cycle in range(COMPLAINT_CYCLES):
                for row in complaints:
                    moved = {
                        k: _months_back(row[k], cycle)
                        for k in ("received_on", "closed_on", "follow_up_due", "follow_up_on")
                    }
                    writer.writerow(
                        {
                            **row,
                            **moved,
                            "store_code": code,
                            "complaint_id": f"{code}{cycle:02d}{row['complaint_id']}",
                        }
                    )
        total += written
    shutil.rmtree(folder / "seed")
    return total


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB, GNU time's maximum resident set) of one command."""
    began = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], check=True, capture_output=True,
                          text=True, cwd=ROOT)  # fmt: skip
    seconds = time.perf_counter() - began
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2, help="turns of baseline and ingest")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="storeops-hq-bench-"))
    exports = work / "exports"
    exports.mkdir()
    print(f"generating {args.stores} stores × {args.rows} answer rows …", file=sys.stderr)
    total = make_chain(exports, args.stores, args.rows)
    answers_only = work / "answers-only"
    answers_only.mkdir()
    for path in exports.glob("*-answer.csv"):
        shutil.copy(path, answers_only)
    # Baseline and ingest take turns, twice, and the faster of each counts: on a shared
    # machine a burst of other work would otherwise land on one side only.
    bare: list[tuple[float, float]] = []
    ours: list[tuple[float, float]] = []
    for _ in range(args.rounds):
        print(f"load average: {os.getloadavg()}", file=sys.stderr)
        shutil.rmtree(work / "bare", ignore_errors=True)
        shutil.rmtree(work / "wh", ignore_errors=True)
        bare.append(timed([PY, "-c", BARE, str(answers_only), str(work / "bare")]))
        ours.append(timed([PY, "-m", "storeops", "hq", "ingest", str(answers_only),
                           "--warehouse", str(work / "wh")]))  # fmt: skip
        print(f"bare {bare[-1][0]:.1f} s, ingest {ours[-1][0]:.1f} s", file=sys.stderr)
    bare_s, bare_mb = min(s for s, _ in bare), max(mb for _, mb in bare)
    ours_s, ours_mb = min(s for s, _ in ours), max(mb for _, mb in ours)
    lines = ["| what | storeops | baseline (same run) | ratio | target |", "|---|---|---|---|---|"]
    lines.append(
        f"| hq ingest, {args.stores:,} stores, {total:,} answer rows | {ours_s:.1f} s | "
        f"{bare_s:.1f} s bare DuckDB read_csv → Parquet | {ours_s / bare_s:.2f}× | ≤ 1.5× |"
    )
    lines.append(
        f"| hq ingest peak memory | {ours_mb:.0f} MB | {bare_mb:.0f} MB bare | — | ≤ 1 GB |"
    )
    runs_only = work / "runs-only"  # and the complaint logs
    runs_only.mkdir()
    for path in (*exports.glob("*-run.csv"), *exports.glob("*-complaint.csv")):
        shutil.copy(path, runs_only)
    subprocess.run([PY, "-m", "storeops", "hq", "ingest", str(runs_only), "--warehouse",
                    str(work / "wh")], check=True, capture_output=True, cwd=ROOT)  # fmt: skip
    for report in ("league", "heatmap", "trend", "pareto", "repeats", "completion",
                   "complaints"):  # fmt: skip
        times = sorted(
            timed([PY, "-m", "storeops", "hq", "report", report, "--warehouse", str(work / "wh"),
                   "--format", "csv", "-o", str(work / "r.csv")])[0]
            for _ in range(3)
        )  # fmt: skip
        lines.append(f"| hq report {report} | {times[1]:.2f} s | — | — | ≤ 1 s |")
    times = sorted(
        timed([PY, "-m", "storeops", "hq", "workbook", "--warehouse", str(work / "wh"),
               "-o", str(work / "hq.xlsx")])[0]
        for _ in range(3)
    )  # fmt: skip
    lines.append(f"| hq workbook (every sheet) | {times[1]:.2f} s | — | — | — |")
    print(f"load average: {os.getloadavg()}", file=sys.stderr)
    print("\n".join(lines))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
