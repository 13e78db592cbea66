"""Files only this computer account may read: the shop's data is the customer book.

On Linux and macOS the data folder (and every folder in it) is 0700 and every file in it 0600 — the
database with its -wal and -shm, backups, documents (PDFs, pictures), the settings file, the logo.
New files are created so; files left by an older version are tightened when a database is opened.
On Windows the user's profile folder is private already, and nothing here changes anything.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pos.settings import data_dir
from pos.services.rules import ANYONE, READ, allowed

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
POSIX = os.name == "posix"


@allowed(ANYONE, why="file modes of the shop's own files")
def private_file(path: Path | str) -> None:
    """Make an existing file readable and writable by its owner only (nothing on Windows, nothing if missing)."""
    if not POSIX:
        return
    try:
        if stat.S_IMODE(os.stat(path).st_mode) != PRIVATE_FILE:
            os.chmod(path, PRIVATE_FILE)
    except OSError:  # gone meanwhile, or not ours: nothing to tighten
        pass


@allowed(ANYONE, why="file modes of the shop's own files")
def private_dir(path: Path | str) -> Path:
    """The folder, created if missing, open to its owner only.

    A shared folder (one with the sticky bit, like /tmp) or one of another account is left as it is.
    """
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    if POSIX:
        try:
            info = folder.stat()
            if (not info.st_mode & stat.S_ISVTX and info.st_uid == os.getuid()
                    and stat.S_IMODE(info.st_mode) != PRIVATE_DIR and folder.resolve() != Path.home().resolve()):
                os.chmod(folder, PRIVATE_DIR)
        except OSError:
            pass
    return folder


@allowed(ANYONE, why="a document written where only this account reads it")
def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (a new file renamed over), never readable by others, even for a moment."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    private_file(tmp)  # an old .tmp left by a crash keeps its mode through O_TRUNC
    os.replace(tmp, path)
    return path


@allowed(ANYONE, why="file modes of the shop's own files")
def create_private(path: Path) -> None:
    """Create an empty file with the private mode when it does not exist yet (SQLite then keeps that mode
    for the database's -wal and -shm)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except OSError:  # there already, or a folder we may not write: SQLite says what is wrong
        pass


@allowed(ANYONE, why="file modes of the shop's own files")
def protect_database(path: Path) -> None:
    """The SQLite file and its companions (-wal, -shm, the open-markers) private."""
    for companion in path.parent.glob(path.name + "*"):
        if companion.is_file():
            private_file(companion)


@allowed(ANYONE, why="file modes of the shop's own files")
def tighten_data_folder() -> None:
    """Every folder of the data folder 0700 and every file 0600 (what older versions left readable).

    Never creates the data folder; nothing on Windows.
    """
    root = data_dir()
    if not POSIX or not root.is_dir():
        return
    private_dir(root)
    for folder, dirs, names in os.walk(root):
        for name in dirs:
            if not os.path.islink(os.path.join(folder, name)):
                private_dir(Path(folder) / name)
        for name in names:
            if not os.path.islink(os.path.join(folder, name)):
                private_file(Path(folder) / name)


@allowed(READ)
def inside_data_folder(path: Path) -> bool:
    try:
        return path.resolve().is_relative_to(data_dir().resolve())
    except OSError:
        return False


@allowed(ANYONE, why="file modes of the shop's own files")
def private_if_ours(path: Path | str) -> None:
    """A file the owner chose to write (an export): private when it lands in the data folder."""
    if inside_data_folder(Path(path)):
        private_file(path)
