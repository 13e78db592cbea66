"""Build Langganan as one folder a shop can run without Python: ``python3 installer/build.py``.

1. a build environment ``build/venv`` with a normal (not editable) install of this checkout and PyInstaller
   (from an editable install PyInstaller does not find ``pos.ui.*``);
2. ``dist/langganan/`` from ``installer/langganan.spec``: the program ``langganan`` (``langganan.exe``),
   which is the ``pos`` command (the window without arguments, the subcommands with them);
3. Linux: ``dist/langganan-<version>-linux-x86_64.tar.gz`` with ``install.sh`` and ``uninstall.sh``;
   Windows: ``dist/langganan-<version>-setup.exe`` with Inno Setup (``installer/langganan.iss``) when
   ``ISCC.exe`` is found.

Standard library only (it runs before anything is installed); Windows: ``py installer\\build.py``.
``--smoke`` then runs the frozen program's smoke test (what CI runs, see ``smoke()``).
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "build" / "venv"
DIST = ROOT / "dist"
APP = DIST / "langganan"
WINDOWS = os.name == "nt"
EXE = APP / ("langganan.exe" if WINDOWS else "langganan")
SIZE_LIMIT_MB = 200
PYINSTALLER = "pyinstaller>=6.3,<7"


def say(text: str) -> None:
    print(f"[build] {text}", flush=True)


def run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    say(" ".join(str(c) for c in cmd))
    return subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def version() -> str:
    text = (ROOT / "pos" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__\s*=\s*"([^"]+)"', text).group(1)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if WINDOWS else "bin/python")


def prepare_venv() -> Path:
    """build/venv with this checkout installed normally, tzdata and PyInstaller (installed if missing)."""
    if not venv_python().exists():
        run([sys.executable, "-m", "venv", VENV])
    python = venv_python()
    probe = subprocess.run([python, "-c", "import PyInstaller"], capture_output=True)
    if probe.returncode != 0:
        run([python, "-m", "pip", "install", "-q", "--upgrade", "pip"])
        run([python, "-m", "pip", "install", "-q", PYINSTALLER, "tzdata"])
    # Always the checkout as it is now: a normal install (a local folder is rebuilt each time).
    run([python, "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps", str(ROOT)])
    run([python, "-m", "pip", "install", "-q", str(ROOT)])  # its dependencies, when they changed
    return python


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def freeze(python: Path) -> None:
    shutil.rmtree(APP, ignore_errors=True)
    run([python, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath", DIST,
         "--workpath", ROOT / "build" / "pyinstaller", ROOT / "installer" / "langganan.spec"],
        cwd=ROOT / "build")  # not the checkout: there `import pos` finds ./pos, which lacks pos.resources
    strip_debug_info()
    for name in ("install.sh", "uninstall.sh") if not WINDOWS else ():
        target = APP / name
        shutil.copyfile(ROOT / "installer" / "linux" / name, target)
        target.chmod(0o755)
    for name in ("README.md",):
        shutil.copyfile(ROOT / name, APP / name)


def strip_debug_info() -> None:
    """Linux: drop debug sections (a pyenv libpython carries 18 MB of them); symbols stay, nothing breaks."""
    strip = shutil.which("strip")
    if WINDOWS or strip is None:
        return
    libraries = [p for p in APP.rglob("*.so*") if p.is_file() and not p.is_symlink()]
    for start in range(0, len(libraries), 200):
        subprocess.run([strip, "--strip-debug", *map(str, libraries[start:start + 200])], check=False,
                       stderr=subprocess.DEVNULL)


def pack_linux() -> Path:
    archive = DIST / f"langganan-{version()}-linux-{platform.machine() or 'x86_64'}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(APP, arcname="langganan")
    return archive


def find_iscc() -> Path | None:
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles"),
                 os.path.join(os.environ.get("LOCALAPPDATA", ""), "Programs")):
        if base and (Path(base) / "Inno Setup 6" / "ISCC.exe").exists():
            return Path(base) / "Inno Setup 6" / "ISCC.exe"
    return None


def pack_windows() -> Path | None:
    script = ROOT / "installer" / "langganan.iss"
    iscc = find_iscc()
    if iscc is None or not script.exists():
        say("Inno Setup (ISCC.exe) or installer/langganan.iss not found: no setup.exe, only dist\\langganan\\.")
        return None
    run([iscc, f"/DAppVersion={version()}", f"/O{DIST}", script], cwd=ROOT)
    return DIST / f"langganan-{version()}-setup.exe"


def timed(cmd: list, env: dict, expect: str = "") -> float:
    """Run a step; it fails on a non-zero exit or when its output lacks what it must say."""
    start = time.perf_counter()
    say(" ".join(str(c) for c in cmd))
    done = subprocess.run([str(c) for c in cmd], env=env, capture_output=True, text=True, encoding="utf-8")
    seconds = time.perf_counter() - start
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or expect not in done.stdout:
        print(done.stdout, done.stderr, sep="\n")
        raise SystemExit(f"smoke: {' '.join(map(str, cmd))} failed (exit {done.returncode}; wanted {expect!r})")
    if lines and lines[-1].startswith("smoke:"):
        say(lines[-1])
    return seconds


def smoke(program: list | None = None) -> dict[str, float]:
    """The frozen program's smoke test, offscreen, on a fresh data folder; fails on the first failing step."""
    program = program or [EXE]
    with tempfile.TemporaryDirectory(prefix="langganan smoke ") as tmp:  # a space in the path, as on Windows
        env = {**os.environ, "POS_DATA_DIR": tmp, "QT_QPA_PLATFORM": "offscreen", "POS_SMOKE_EXIT": "1"}
        env.pop("POS_DATABASE_URL", None)
        times = {"version": timed([*program, "--version"], env, f"Langganan {version()}")}
        times["info (empty)"] = timed([*program, "--lang", "id", "info"], env, "Folder data")  # the catalogue
        times["window (empty)"] = timed([*program], env, "smoke: window shown")
        times["demo --days 7"] = timed([*program, "demo", "--days", "7"], env)
        times["info"] = timed([*program, "info"], env)
        pdf = Path(tmp) / "recap.pdf"
        times["recap --pdf"] = timed([*program, "recap", "--pdf", pdf], env)
        if not pdf.read_bytes().startswith(b"%PDF"):
            raise SystemExit(f"smoke: {pdf} is not a PDF")
        out = Path(tmp) / "test print.bin"
        times["print-test"] = timed([*program, "print-test", "--printer", out.as_uri()], env)
        if b"\x1b@" not in out.read_bytes():  # ESC @, the printer's reset, begins every job
            raise SystemExit(f"smoke: {out} holds no ESC/POS job")
        times["window"] = timed([*program, "--lang", "en"], env, "Toko Roti & Kopi Bu Ani")
    for step, seconds in times.items():
        say(f"smoke: {step}: {seconds:.2f} s")
    return times


def main(argv: list[str]) -> int:
    start = time.perf_counter()
    python = prepare_venv()
    freeze(python)
    size = folder_size(APP)
    say(f"{APP} : {size / 1e6:.0f} MB ({time.perf_counter() - start:.0f} s)")
    package = pack_windows() if WINDOWS else pack_linux()
    if package is not None and package.exists():
        say(f"{package} : {package.stat().st_size / 1e6:.0f} MB")
    if "--smoke" in argv:
        smoke()
    if size > SIZE_LIMIT_MB * 1e6:
        say(f"{APP} is {size / 1e6:.0f} MB, more than {SIZE_LIMIT_MB} MB")
        return 1
    say(f"done in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
