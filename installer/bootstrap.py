"""Set up Langganan from a clone and run it: the two Quick start commands of the README.

    python3 installer/bootstrap.py demo   # install, make the demo shop, open the cashier window
    python3 installer/bootstrap.py test   # install with the test extra, run the tests

Works on Debian/Ubuntu (installs the missing system libraries with apt-get,
through sudo when not root) and on Windows (``py installer\\bootstrap.py demo``).
Everything Python goes into a virtual environment in ``.venv`` beside this folder.
Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
# Qt's xcb platform (a real window) and what QtGui links against even offscreen.
QT_LIBS = [
    "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1", "libxcb-randr0",
    "libxcb-render-util0", "libxcb-xinerama0", "libxcb-xkb1", "libxkbcommon-x11-0", "libxcb-shape0",
    "libxkbcommon0", "libegl1", "libgl1", "libfontconfig1",
]


def say(text: str) -> None:
    print(f"[langganan] {text}", flush=True)


def run(cmd: list[str], **kwargs) -> None:
    say(" ".join(str(c) for c in cmd))
    subprocess.run(cmd, check=True, **kwargs)


def missing_debian_packages(names: list[str]) -> list[str]:
    missing = []
    for name in names:
        probe = subprocess.run(["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True)
        if "install ok installed" not in probe.stdout:
            missing.append(name)
    return missing


def apt_install(names: list[str]) -> None:
    if not sys.platform.startswith("linux") or not shutil.which("apt-get") or not shutil.which("dpkg-query"):
        return
    missing = missing_debian_packages(names)
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    if sudo and not shutil.which("sudo"):
        sys.exit(f"Please install as root: apt-get install -y {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(sudo + ["apt-get", "update", "-q"], env=env)
    run(sudo + ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing], env=env)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv() -> Path:
    if not venv_python().exists():
        probe = subprocess.run([sys.executable, "-c", "import ensurepip, venv"], capture_output=True)
        if probe.returncode != 0:
            version = f"{sys.version_info.major}.{sys.version_info.minor}"
            apt_install([f"python{version}-venv"])
        run([sys.executable, "-m", "venv", str(VENV)])
    return venv_python()


def install(extra: str = "") -> Path:
    if sys.version_info < (3, 11):
        sys.exit("Langganan needs Python 3.11 or newer; this is " + sys.version.split()[0])
    apt_install(QT_LIBS)
    python = ensure_venv()
    run([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"])
    run([str(python), "-m", "pip", "install", "-q", "-e", f"{ROOT}{extra}"])
    return python


def offer_desktop_entry(python: Path) -> None:
    """Linux: ask once (only someone at a terminal is asked; a script or CI never waits) to add the menu entry."""
    asked = VENV / ".desktop-entry-asked"
    if not sys.platform.startswith("linux") or asked.exists():
        return
    if not sys.stdin.isatty():
        say("To put Langganan in the desktop's menu: .venv/bin/pos desktop-entry")
        return
    try:
        answer = input("[langganan] Put Langganan in the desktop's menu, with its icon? [Y/n] ").strip().lower()
    except EOFError:
        answer = "n"
    asked.write_text(answer or "y", encoding="utf-8")
    if answer in ("", "y", "yes", "j", "ya"):
        subprocess.run([str(python), "-m", "pos", "desktop-entry"])
    else:
        say("Later, if you like: .venv/bin/pos desktop-entry")


def demo() -> int:
    python = install()
    made = subprocess.run([str(python), "-m", "pos", "demo"])
    if made.returncode != 0:
        say("No demo shop made (see above); opening the window on the existing database.")
    offer_desktop_entry(python)
    say("Opening the window. Owner: Bu Ani, PIN 1234. Cashier: Dita, PIN 1111.")
    return subprocess.run([str(python), "-m", "pos"]).returncode


# The tests read the member-card PDF back: pdftoppm/pdftotext render it, zbarimg decodes its QR and barcode.
TEST_TOOLS = ["poppler-utils", "zbar-tools"]


def test(args: list[str]) -> int:
    apt_install(TEST_TOOLS)
    python = install("[test]")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(python), "-m", "pytest", *args], cwd=ROOT, env=env).returncode


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("demo", "test"):
        print(__doc__)
        return 2
    return demo() if sys.argv[1] == "demo" else test(sys.argv[2:])


if __name__ == "__main__":
    raise SystemExit(main())
