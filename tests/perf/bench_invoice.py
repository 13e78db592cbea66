"""Invoice benchmark (not part of the test run).

    python tests/perf/bench_invoice.py [--runs 30]

A 60-line A4 invoice rendered to PDF (target: median ≤ 300 ms), with a one-page
invoice and a one-page delivery note alongside as baselines in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pos.i18n import set_language  # noqa: E402
from pos.printing.invoice_pdf import invoice_pdf  # noqa: E402
from tests.printing.test_invoice_pdf import invoice  # noqa: E402


def timed(work, runs: int) -> list[float]:
    work()  # warm: reportlab's first import and font set-up
    samples = []
    for _n in range(runs):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(name: str, samples: list[float]) -> float:
    median = statistics.median(samples)
    p90 = sorted(samples)[int(len(samples) * 0.9) - 1]
    print(f"{name:45s} median {median:8.1f} ms   p90 {p90:8.1f} ms   (n={len(samples)})")
    return median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    set_language("id")
    long, short = invoice(60), invoice(3)
    a = report("invoice, 60 lines (3 pages)", timed(lambda: invoice_pdf(long), args.runs))
    report("  invoice, 3 lines (baseline)", timed(lambda: invoice_pdf(short), args.runs))
    from dataclasses import replace

    report("  delivery note, 60 lines", timed(lambda: invoice_pdf(replace(long, delivery_note=True)), args.runs))
    print(f"  target median ≤ 300 ms: {a:.1f} ms")


if __name__ == "__main__":
    main()
