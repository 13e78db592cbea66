"""The demo build's benchmark (not part of the test run).

    python tests/perf/bench_demo.py [--days 90] [--dir /dev/shm]

`pos demo` with 90 days of history, through the real shift, checkout and refund
services (target: ≤ 10 s). The demo shop without history is built in the same
run as the baseline, so the machine's mood shows in both figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

TODAY, NOW = dt.date(2026, 11, 27), dt.datetime(2026, 11, 28, 2, 30)


def build(folder: str, days: int) -> tuple[float, int]:
    from pos.services import db
    from pos.services.demo import create_demo

    path = Path(folder) / f"demo{days}.db"
    db.open_database("sqlite://" + path.as_posix())
    started = time.perf_counter()
    result = create_demo(seed=1, history_days=days, today=TODAY, now=NOW)
    seconds = time.perf_counter() - started
    db.close_database()
    return seconds, result.sales


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--dir", help="where the files go (default: TMPDIR)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        os.environ["POS_DATA_DIR"] = tmp
        empty, _none = build(tmp, 0)
        seconds, sales = build(tmp, args.days)
    print(f"demo shop without history (baseline)   {empty:7.2f} s")
    print(f"demo shop with {args.days} days ({sales} sales)   {seconds:7.2f} s   "
          f"({(seconds - empty) / max(sales, 1) * 1000:.1f} ms a sale; target ≤ 10 s)")


if __name__ == "__main__":
    main()
