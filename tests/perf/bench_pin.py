"""PIN cost benchmark (not part of the test run): what one guessed PIN costs, and what a login costs.

    python tests/perf/bench_pin.py [--runs 7] [--staff 12]

Prints the median time of one derivation at the production cost (pin_keys.COST: the cost per guess for
whoever copies the database file), at the old per-person cost (scrypt n=2**14, before migration 0023),
and of a whole log-in and a wrong PIN against a shop of ``--staff`` people (one derivation, whoever
they are), with a baseline of the machine's noise (a fixed loop of SHA-256). Also what a 4- and a
6-digit PIN space takes to try on one core at that cost.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

if os.environ.get("POS_TEST_PIN_COST"):
    sys.exit("POS_TEST_PIN_COST is set: unset it to measure the production cost")


def median_of(runs: int, work) -> tuple[float, float]:
    times = []
    for _n in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times) - min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--staff", type=int, default=12)
    args = parser.parse_args()

    from pos.services import db, pin_keys

    salt = os.urandom(16)
    noise, _s = median_of(args.runs, lambda: [hashlib.sha256(b"x" * 64).digest() for _n in range(200_000)])
    cost, spread = median_of(args.runs, lambda: pin_keys._scrypt("123456", salt, pin_keys.COST))
    old, _s = median_of(args.runs, lambda: pin_keys._scrypt("123456", salt, pin_keys._LEGACY))
    print(f"machine noise baseline (200k SHA-256): {noise * 1000:.0f} ms")
    print(f"one guess at COST n={pin_keys.COST.n} r={pin_keys.COST.r} p={pin_keys.COST.p}: "
          f"{cost * 1000:.0f} ms (spread {spread * 1000:.0f} ms)")
    print(f"one guess at the old per-person cost (n=2**14): {old * 1000:.1f} ms; the new cost is {cost / old:.1f}x "
          "that (the ratio holds on a busy machine, where the times do not)")
    for digits in (4, 6):
        hours = 10 ** digits * cost / 3600
        print(f"every {digits}-digit PIN on one core: {hours:.1f} h")

    with tempfile.TemporaryDirectory() as folder:
        os.environ["POS_DATA_DIR"] = folder
        db.open_database("sqlite://" + (Path(folder) / "shop.db").as_posix())
        from pos.services.staff import _add_staff, log_in

        _add_staff("Owner", "owner", "246810")
        for n in range(args.staff - 1):
            _add_staff(f"Cashier {n}", "cashier", f"{5000 + n}")
        login, _s = median_of(args.runs, lambda: log_in(f"{5000 + args.staff - 2}", "K1"))
        print(f"log-in among {args.staff} staff: {login * 1000:.0f} ms")
        db.close_database()


if __name__ == "__main__":
    main()
