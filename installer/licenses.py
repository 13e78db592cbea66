"""Put the licences of what ships into the program's folder: dist/langganan/licenses/.

Run by the build after PyInstaller (`python installer/licenses.py`), with the project installed in the
build's environment: for every package the program needs (read from the installed packages' metadata,
see pos/services/licences.py), its licence files from its ``*.dist-info`` go into ``licenses/<name>-<version>/``;
the texts of the LGPL-3.0 and the GPL-3.0 (Qt and PySide6 ship without them in their wheels) and Python's
licence go beside them, with THIRD-PARTY-NOTICES.txt, the list of all of them. The same list is kept in
the repository as installer/licenses/THIRD-PARTY-NOTICES.txt (`--summary` rewrites it), which the Windows
installer also installs.

    python installer/licenses.py [--dest dist/langganan/licenses]
    python installer/licenses.py --summary     # rewrite installer/licenses/THIRD-PARTY-NOTICES.txt
"""

from __future__ import annotations

import argparse
import shutil
import sys
import sysconfig
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # a build from a fresh checkout finds pos even before it is installed

from pos.services.licences import NOTICES_NAME, notices_text, shipped  # noqa: E402

TEXTS = HERE / "licenses"  # LGPL-3.0.txt, GPL-3.0.txt, THIRD-PARTY-NOTICES.txt
DEFAULT_DEST = ROOT / "dist" / "langganan" / "licenses"


def python_licence() -> Path | None:
    """The LICENSE.txt of the Python that runs the program (where Windows and most Linux builds keep it)."""
    candidates = [Path(sys.base_prefix) / "LICENSE.txt", Path(sysconfig.get_path("stdlib")) / "LICENSE.txt"]
    return next((p for p in candidates if p.is_file()), None)


def collect(dest: Path = DEFAULT_DEST) -> list[Path]:
    """Write every licence text and the notices into ``dest``; returns what was written."""
    items = shipped()
    if not items:
        raise SystemExit("The installed package 'langganan' was not found: install the project first "
                         "(pip install .) so that its dependencies' licences can be read.")
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for item in items:
        folder = dest / f"{item.name}-{item.version}" if item.version else None
        for source in item.files:
            if folder is not None and source.is_file():
                folder.mkdir(exist_ok=True)
                written.append(Path(shutil.copyfile(source, folder / source.name)))
    for name in ("LGPL-3.0.txt", "GPL-3.0.txt"):
        written.append(Path(shutil.copyfile(TEXTS / name, dest / name)))
    python = python_licence()
    if python is not None:
        written.append(Path(shutil.copyfile(python, dest / "LICENSE-Python.txt")))
    notices = dest / NOTICES_NAME
    notices.write_text(notices_text(items), encoding="utf-8")
    written.append(notices)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST, help="the licenses folder to fill")
    parser.add_argument("--summary", action="store_true",
                        help=f"only rewrite {TEXTS / NOTICES_NAME} (the list kept in the repository)")
    args = parser.parse_args()
    if args.summary:
        (TEXTS / NOTICES_NAME).write_text(notices_text(), encoding="utf-8")
        print(TEXTS / NOTICES_NAME)
        return 0
    written = collect(args.dest)
    print(f"{len(written)} licence files in {args.dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
