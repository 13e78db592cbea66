"""Smoke-test a built Langganan: the commands a shop's first day needs, and the window, offscreen.

    python installer/smoke.py                       # dist/langganan/langganan (langganan.exe on Windows)
    python installer/smoke.py .venv/bin/python -m pos   # any command that is `pos`

Everything runs in a fresh data folder whose path has a space and an apostrophe, as a Windows user
folder may (C:\\Users\\Siti Nur'aini\\…): `--version`, `info`, `demo --days 3`, `recap --pdf`,
`print-test --printer file://…`, then the window (QT_QPA_PLATFORM=offscreen) opens on the demo shop and
closes by itself (POS_QUIT_AFTER_MS). Each step must exit 0 and leave what it promises (a PDF, the printed
bytes); the first failure stops with its output and exit code 1. Standard library only: the release
workflow and .ci/run call it, and so can a developer on Windows.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = ROOT / "dist" / "langganan" / ("langganan.exe" if sys.platform == "win32" else "langganan")
TIMEOUT = 180  # seconds for one step; the demo's history is the slowest


def run(command: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess:
    started = time.monotonic()
    try:
        result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace",
                                env=env, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        print(f"FAILED  {what}: still running after {TIMEOUT} s\n$ {' '.join(command)}", file=sys.stderr)
        raise SystemExit(1) from None
    took = time.monotonic() - started
    if result.returncode != 0:
        print(f"FAILED  {what} (exit {result.returncode}, {took:.1f} s)\n$ {' '.join(command)}\n"
              f"{result.stdout}{result.stderr}", file=sys.stderr)
        raise SystemExit(1)
    print(f"ok      {what}  {took:.1f} s")
    return result


def expect(condition: bool, what: str) -> None:
    if not condition:
        print(f"FAILED  {what}", file=sys.stderr)
        raise SystemExit(1)


def smoke(program: list[str], workdir: Path) -> None:
    data = workdir / "Siti Nur'aini" / "Langganan data"
    env = {**os.environ, "POS_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    for name in ("POS_DATABASE_URL", "POS_CONFIG_FILE", "POS_QUIT_AFTER_MS"):
        env.pop(name, None)
    pos = program

    version = run([*pos, "--version"], env, "--version")
    expect(version.stdout.startswith("Langganan "), "--version names the program")
    run([*pos, "info", "--lang", "en"], env, "info (a new database)")
    run([*pos, "demo", "--days", "3", "--lang", "en"], env, "demo --days 3")
    info = run([*pos, "info", "--lang", "en"], env, "info (the demo shop)")
    expect(str(data) in info.stdout, f"info names the data folder {data}")

    pdf = data / "recap.pdf"
    run([*pos, "recap", "--pdf", str(pdf), "--lang", "en"], env, "recap --pdf")
    expect(pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-", f"the recap is a PDF at {pdf}")

    printed = data / "print test.bin"
    run([*pos, "print-test", "--printer", printed.as_uri(), "--lang", "en"], env, "print-test --printer file://")
    expect(printed.is_file() and printed.stat().st_size > 100, f"the test page's bytes are in {printed}")

    window = {**env, "POS_QUIT_AFTER_MS": "1500"}
    run([*pos, "--lang", "en"], window, "the window opens offscreen and closes")
    leftover = [p.name for p in data.glob("*.open-*")]
    expect(not leftover, f"the window closed its database cleanly (left {leftover})")


MAX_MB = 200  # the one-folder program, unpacked


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1_000_000


def main(argv: list[str]) -> int:
    program = argv or [str(PROGRAM)]
    if not argv:
        if not PROGRAM.is_file():
            print(f"FAILED  no program at {PROGRAM}: build it first (python installer/build.py)", file=sys.stderr)
            return 1
        size = folder_mb(PROGRAM.parent)
        expect(size <= MAX_MB, f"{PROGRAM.parent} is {size:.0f} MB, more than {MAX_MB} MB")
        print(f"ok      {PROGRAM.parent} is {size:.0f} MB")
    with tempfile.TemporaryDirectory(prefix="langganan smoke ") as folder:
        smoke(program, Path(folder))
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
