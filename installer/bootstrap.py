"""Set up Langganan from a clone and run it: the two Quick start commands of the README.

    python3 installer/bootstrap.py demo   # install, make the demo shop, open the cashier window
    python3 installer/bootstrap.py test   # install with the test extra, run the tests

Works on Debian/Ubuntu (installs the missing system libraries with apt-get,
through sudo when not root) and on Windows (``py installer\\bootstrap.py demo``).
Everything Python goes into a virtual environment in ``.venv`` beside this folder.
Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
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
    if not any(a == "-n" or a.startswith(("-n", "--numprocesses")) for a in args) and "no:xdist" not in args:
        args = ["-n", "auto", *args]  # pytest-xdist: one worker per core
    with test_database_server(env):
        return subprocess.run([str(python), "-m", "pytest", *args], cwd=ROOT, env=env).returncode


# --- a throw-away PostgreSQL server for the tests ---------------------------------------------------------

PG_DEFAULT_PORT = 55432  # the tests' default POS_TEST_PG_URL: a developer's own server


def postgresql_bin() -> Path | None:
    """The folder of PostgreSQL's server programs (initdb, pg_ctl), the newest installed; None without them."""
    exe = ".exe" if os.name == "nt" else ""
    roots = ["/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin", "/opt/homebrew/opt/postgresql*/bin",
             "/usr/local/opt/postgresql*/bin", "C:/Program Files/PostgreSQL/*/bin"]
    found = [Path(p) for root in roots for p in glob.glob(root) if (Path(p) / f"initdb{exe}").exists()]
    if found:
        return max(found, key=lambda p: [int(x) if x.isdigit() else 0 for x in re.split(r"[^0-9]+", str(p)) if x])
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def port_answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def server_folder() -> Path:
    """A temporary folder for the throw-away server: in memory (/dev/shm) where there is one with room. On a disk
    each test's ``CREATE DATABASE … TEMPLATE`` took about 0.45 s even with fsync off, in memory 0.07 s: the whole
    suite 5:00 against 3:11 on two cores (issue #20)."""
    shm = Path("/dev/shm")
    try:
        roomy = shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 2 * 1024 ** 3
    except OSError:
        roomy = False
    return Path(tempfile.mkdtemp(prefix="langganan-test-pg-", dir=shm if roomy else None))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def test_database_server(env: dict[str, str]):
    """POS_TEST_PG_URL for the test run: the one given (CI: .ci/run started it), else a throw-away server started
    here where PostgreSQL's server programs are installed (initdb in a temporary folder, in memory where there is
    room: ``server_folder``; a free port, fsync off,
    stopped and removed after), else a server already at the tests' default port; else one line on how to get
    the programs, and the PostgreSQL variants left out (never silently skipped one by one)."""
    if env.get("POS_TEST_PG_URL") or "postgresql" not in env.get("POS_TEST_ENGINES", "postgresql"):
        yield
        return
    bin_dir = postgresql_bin()
    if bin_dir is None:
        if port_answers(PG_DEFAULT_PORT):
            say(f"Using the PostgreSQL server at 127.0.0.1:{PG_DEFAULT_PORT} for the PostgreSQL tests.")
        else:
            how = ("the installer from https://www.postgresql.org/download/windows/" if os.name == "nt"
                   else "sudo apt-get install postgresql")
            say("PostgreSQL's server programs are not installed, so the tests run on SQLite only. To run them on "
                f"PostgreSQL too, install them ({how}) and run this command again.")
            if not env.get("CI"):  # CI must test PostgreSQL: there its tests fail instead (tests/conftest.py)
                env["POS_TEST_ENGINES"] = "sqlite"
        yield
        return
    folder = server_folder()
    port = free_port()
    as_postgres: list[str] = []
    if os.name != "nt" and os.geteuid() == 0:  # initdb refuses to run as root: the postgres user runs the server
        runuser = shutil.which("runuser")
        as_postgres = [runuser, "-u", "postgres", "--"] if runuser else ["su", "postgres", "-s", "/bin/sh", "-c"]
        shutil.chown(folder, "postgres")
    data, log = folder / "data", folder / "log"
    options = f"-p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    if os.name != "nt":
        options += f" -c unix_socket_directories={folder}"
    initdb = [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"]
    pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log)]

    def server(cmd: list[str]) -> subprocess.CompletedProcess:
        if as_postgres[:1] == ["su"]:
            cmd = as_postgres + [" ".join(shlex.quote(c) for c in cmd)]
        else:
            cmd = as_postgres + cmd
        return subprocess.run(cmd, capture_output=True, text=True)

    say(f"Starting a throw-away PostgreSQL server for the tests ({bin_dir}, port {port}).")
    made = server(initdb)
    started = made.returncode == 0 and server(pg_ctl + ["-w", "-o", options, "start"]).returncode == 0
    try:
        if not started:
            why = (made.stderr or made.stdout or (log.read_text() if log.exists() else "")).strip().splitlines()
            say("The throw-away PostgreSQL server did not start" + (f" ({why[-1]})" if why else "")
                + f"; the PostgreSQL tests use POS_TEST_PG_URL or 127.0.0.1:{PG_DEFAULT_PORT} if a server is there.")
        else:
            env["POS_TEST_PG_URL"] = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        yield
    finally:
        if started:
            server(pg_ctl + ["-m", "fast", "stop"])
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("demo", "test"):
        print(__doc__)
        return 2
    return demo() if sys.argv[1] == "demo" else test(sys.argv[2:])


if __name__ == "__main__":
    raise SystemExit(main())
