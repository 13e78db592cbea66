"""Start-up benchmark (not part of the test run): how long until the till is usable.

    QT_QPA_PLATFORM=offscreen python tests/perf/bench_startup.py [--runs 7]

Measures, against baselines taken in the same run (the machine is shared and noisy: compare ratios):
a bare `python -c pass`, and an empty PySide6 window shown (QApplication, a QWidget, show, one turn of the
event loop). Then `pos info` on the demo shop; the cold start as `python -m pos` does it: the login page shown
(the command line read, the machine settings loaded, the main window built and shown; the database opens
after it, while the PIN is typed); and the window shown with the database open (``create_window``: open,
then show). The runs of the cases are interleaved, so a noisy moment touches all of them alike.
Prints the median and the spread of each, and the ratios to the empty window (issue #20: the cold start at
most 1.3), timed to each process's end and to the moment its window was shown (the child prints the system's
monotonic clock after its first turn of the event loop), which is what the user waits for.

    python -X importtime -c "$(python tests/perf/bench_startup.py --print-script login)" URL 2> imports.txt
lists what the start imports before the login page shows (nothing the login page does not use).
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

EMPTY_WINDOW = """
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
window = QWidget()
window.show()
app.processEvents()
import time; print("shown", time.monotonic())
"""

LOGIN_SHOWN = """
import sys
from pos.cli import window_asked  # what `python -m pos` does before it hands over to pos.ui.app.run_window:
from pos.i18n import set_language  # the settings, the language's catalogue, the command line (the window
from pos.settings import MachineSettings  # asked: read without building the full parser)
settings = MachineSettings.load()
set_language(settings["language"])
window_asked(["--db", sys.argv[1]])
from pos.ui.app import app_icon  # Qt loads here, as in run_window
from pos.ui.main_window import MainWindow
from PySide6.QtWidgets import QApplication
app = QApplication([])
window = MainWindow(sys.argv[1], settings)
window.show()
app.processEvents()
import time; print("shown", time.monotonic())
app.setWindowIcon(app_icon())  # after the first paint, as run_window does
"""

SHOW_WINDOW = """
import sys
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


SHOWN: dict[str, list[float]] = {}  # per case: from the start to the window shown (printed by the child: the
# system's monotonic clock, the same in both processes), without the process's exit


def timed(cmd: list[str], env: dict[str, str], name: str = "") -> float:
    started, begun = time.perf_counter(), time.monotonic()
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    taken = time.perf_counter() - started
    for line in out.splitlines():
        if name and line.startswith("shown "):
            SHOWN.setdefault(name, []).append(float(line.split()[1]) - begun)
    return taken


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--print-script", choices=("empty", "login", "window"),
                        help="print the script of a case and stop (for python -X importtime)")
    args = parser.parse_args()
    if args.print_script:
        print({"empty": EMPTY_WINDOW, "login": LOGIN_SHOWN, "window": SHOW_WINDOW}[args.print_script])
        return
    runs = args.runs
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "POS_DATA_DIR": tmp, "QT_QPA_PLATFORM": "offscreen"}
        # an installed program starts from its compiled .pyc files (pip and PyInstaller write them): with
        # PYTHONDONTWRITEBYTECODE every run would compile the sources again and measure the compiler
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        url = "sqlite://" + (Path(tmp) / "shop.db").as_posix()
        subprocess.run([sys.executable, "-m", "pos", "--db", url, "demo", "--days", "0"], env=env, check=True,
                   capture_output=True)
        cases = {
            "python -c pass (baseline)": [sys.executable, "-c", "pass"],
            "empty PySide6 window (baseline)": [sys.executable, "-c", EMPTY_WINDOW],
            "pos info": [sys.executable, "-m", "pos", "--db", url, "info"],
            "cold start: login page shown": [sys.executable, "-c", LOGIN_SHOWN, url],
            "window shown, database open": [sys.executable, "-c", SHOW_WINDOW, url],
        }
        samples: dict[str, list[float]] = {name: [] for name in cases}
        for name, cmd in cases.items():  # once each, unmeasured: files in the page cache, .pyc written
            timed(cmd, env)
        for _ in range(runs):
            for name, cmd in cases.items():
                samples[name].append(timed(cmd, env, name))
        for name, taken in samples.items():
            print(f"{name:32s} median {statistics.median(taken) * 1000:7.0f} ms   "
                  f"min {min(taken) * 1000:6.0f}   max {max(taken) * 1000:6.0f}   (n={runs})")
        empty = samples["empty PySide6 window (baseline)"]
        for name, target in (("cold start: login page shown", "   (target: at most 1.30)"),
                             ("window shown, database open", "")):
            ratios = [w / e for w, e in zip(samples[name], empty)]
            print(f"{name} / empty window: median of the ratios {statistics.median(ratios):.2f} "
                  f"(min {min(ratios):.2f}, max {max(ratios):.2f}); ratio of the medians "
                  f"{statistics.median(samples[name]) / statistics.median(empty):.2f}{target}")
        shown, bare = SHOWN["cold start: login page shown"], SHOWN["empty PySide6 window (baseline)"]
        ratios = [w / e for w, e in zip(shown, bare)]
        print(f"to the window shown, the exit left out: login page {statistics.median(shown) * 1000:.0f} ms, "
              f"empty window {statistics.median(bare) * 1000:.0f} ms; median of the ratios "
              f"{statistics.median(ratios):.2f} (min {min(ratios):.2f}, max {max(ratios):.2f}); ratio of the medians "
              f"{statistics.median(shown) / statistics.median(bare):.2f}   (target: at most 1.30)")


if __name__ == "__main__":
    main()
