"""Make a synthetic history of a busy store into a data folder.

    python benchmarks/make_history.py DIR [--years 5] [--seed 7]

Five years is about 20,000 finished runs (6S audits, sales observations, mystery-shop
visits, daily check-ins) with notes in Chinese and English and corrective actions.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storeops.context import open_context
from storeops.demo import HistoryMaker, Plan
from storeops.profile import StoreProfile

BUSY = Plan(six_s_per_week=4, observations_per_week=60, visits_per_month=10)


def make(folder: Path, years: float, seed: int = 7, today: date | None = None) -> int:
    ctx = open_context(folder)
    if ctx.profile is None:
        ctx.save_profile(StoreProfile("BENCH-01", "基准测试门店", "王芳"))
    end = (today or date.today()) - timedelta(days=1)
    start = end - timedelta(days=round(365 * years))
    try:
        return HistoryMaker(ctx, seed).make(start, end, BUSY)
    finally:
        ctx.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--years", type=float, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    began = time.perf_counter()
    count = make(args.folder, args.years, args.seed)
    print(f"{count} finished runs in {args.folder} ({time.perf_counter() - began:.1f} s)")


if __name__ == "__main__":
    main()
