"""Start-up benchmark (not part of the test run): how long until the till is usable.

    QT_QPA_PLATFORM=offscreen python tests/perf/bench_startup.py [--runs 7]

Measures, against a baseline of a bare `python -c pass` in the same run (machine noise):
`pos info` on the demo shop, and `python -m pos` until the window is shown.
Prints the median and the spread of each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHOW_WINDOW = """
import sys, time
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
from pos.services import db
from pos.settings import MachineSettings
from pos.ui.app import create_window
app = QApplication([])
window = create_window(sys.argv[1], MachineSettings.load())
window.show()
app.processEvents()
db.close_database()
"""


def timed(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "POS_DATA_DIR": tmp, "QT_QPA_PLATFORM": "offscreen"}
        url = "sqlite://" + (Path(tmp) / "shop.db").as_posix()
        subprocess.run([sys.executable, "-m", "pos", "--db", url, "demo", "--days", "0"], env=env, check=True,
                   capture_output=True)
        cases = {
            "python -c pass (baseline)": [sys.executable, "-c", "pass"],
            "pos info": [sys.executable, "-m", "pos", "--db", url, "info"],
            "window shown": [sys.executable, "-c", SHOW_WINDOW, url],
        }
        for name, cmd in cases.items():
            samples = [timed(cmd, env) for _ in range(runs)]
            print(f"{name:28s} median {statistics.median(samples) * 1000:7.0f} ms   "
                  f"min {min(samples) * 1000:6.0f}   max {max(samples) * 1000:6.0f}   (n={runs})")


if __name__ == "__main__":
    main()
