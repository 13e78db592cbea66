"""A SQLite database file as a file: its header, a read-only look at its tables, and the marker files of the
programs that have it open (the ground floor under db.py and backup.py, which both read them)."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from pos.i18n import _
from pos.services.errors import DatabaseUnavailable, first_line
from pos.services.rules import READ, allowed
from pos.services.schema_migrations import MIGRATIONS_TABLE

SQLITE_HEADER = b"SQLite format 3\x00"


@allowed(READ)
def read_only_uri(path: Path) -> str:
    """A SQLite URI that opens exactly this file read-only, whatever characters its path holds."""
    return path.resolve().as_uri() + "?mode=ro"


def _existing_tables(path: Path) -> list[str]:
    """The tables of an existing file, read without changing a byte of it."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=10)
        try:
            return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnavailable(
            _("{path} cannot be opened as a database: {reason}").format(path=path, reason=first_line(exc))
        ) from None


@allowed(READ)
def check_sqlite_location(path: Path) -> None:
    """Refuse a path that cannot hold our database; create its folder if missing."""
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise DatabaseUnavailable(
            _("Cannot create the database: {parent} is a file, not a folder.").format(parent=parent)
        )
    if path.exists():
        if path.is_dir():
            raise DatabaseUnavailable(_("{path} is a folder, not a database file.").format(path=path))
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
        if head and head != SQLITE_HEADER:
            raise DatabaseUnavailable(
                _("{path} is not a Langganan database (not a SQLite file); it was left untouched.")
                .format(path=path)
            )
        tables = _existing_tables(path) if head else []
        if tables and MIGRATIONS_TABLE not in tables:
            raise DatabaseUnavailable(
                _("{path} is a database of another program, not of Langganan; it was left untouched.")
                .format(path=path)
            )
        return
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnavailable(
            _("Cannot create the folder for the database {path}: {reason}")
            .format(path=path, reason=exc.strerror or exc)
        ) from None


@allowed(READ)
def marker(path: Path, pid: int) -> Path:
    """The file that says this process has the database open (removed when it closes it cleanly)."""
    return path.with_name(f"{path.name}.open-{pid}")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _markers(path: Path) -> list[tuple[Path, int | None]]:
    prefix = f"{path.name}.open-"
    found = []
    if path.parent.is_dir():
        for marker in path.parent.iterdir():
            if marker.name.startswith(prefix):
                suffix = marker.name[len(prefix):]
                found.append((marker, int(suffix) if suffix.isdigit() else None))
    return found


@allowed(READ)
def stale_markers(path: Path) -> list[Path]:
    """The markers of programs that ended without closing the database."""
    return [marker for marker, pid in _markers(path) if pid is None or not _pid_alive(pid)]


@allowed(READ)
def other_users(path: Path) -> list[int]:
    """Process ids of other running programs that have this database file open."""
    return [pid for _marker, pid in _markers(path) if pid is not None and pid != os.getpid() and _pid_alive(pid)]
