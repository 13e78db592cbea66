"""Consistent backups of the SQLite shop database, and restoring one.

A backup uses SQLite's online backup API (never a file copy of a live
database), so it is consistent even while another till or thread writes.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from peewee import PeeweeException

from pos.i18n import _
from pos.services import clock
from pos.services.errors import InvalidInput, NotAllowed, PosError, first_line
from pos.services.schema_migrations import MIGRATIONS_TABLE, known_migrations, schema_version_of
from pos.services.sqlite_files import SQLITE_HEADER, check_sqlite_location, other_users, read_only_uri
from pos.services.files import create_private, private_dir, private_file
from pos.settings import data_dir
from pos.services.access import ANYONE, READ, allowed

KEEP = 30
PREFIX = "langganan-"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    removed: tuple[Path, ...]  # old backups pruned (only the last 30 are kept)


@allowed(READ)
def backups_dir() -> Path:
    return data_dir() / "backups"


def _shop_time() -> dt.datetime:
    """The shop's local time for a file's name, as the owner reads it (the default zone if the database cannot say)."""
    try:
        return clock.local_now()
    except PeeweeException:
        return clock.local(clock.now(), ZoneInfo(clock.DEFAULT_ZONE))


@allowed(ANYONE, why="writes a consistent copy of the database; changes nothing in it")
def backup(db_path: Path, folder: Path | None = None, *, now: dt.datetime | None = None) -> BackupResult:
    """Copy the live database to ``folder`` (default: the data folder's backups/); ``now`` is shop time."""
    chosen = folder
    folder = folder or backups_dir()
    try:
        if chosen is None:
            private_dir(folder)
        else:
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PosError(_("Cannot write backups to {folder}: {reason}").format(
            folder=folder, reason=exc.strerror or exc)) from None
    stamp = (now or _shop_time()).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{PREFIX}{stamp}.db"
    suffix = 1
    while target.exists():
        suffix += 1
        target = folder / f"{PREFIX}{stamp}-{suffix}.db"
    partial = target.with_suffix(".partial")
    create_private(partial)  # the copy is the customer book: never readable by others, even while written
    _copy(db_path, partial)
    try:
        check_backup(partial)  # never call a copy written that would not restore
    except InvalidInput:
        partial.unlink(missing_ok=True)
        raise PosError(_("The backup of {path} failed its check; nothing was written.").format(path=db_path)) from None
    partial.replace(target)
    private_file(target)
    return BackupResult(target, target.stat().st_size, _prune(folder))


@allowed(ANYONE, why="start-up: the copy of the database before an upgrade")
def backup_before_upgrade(db_path: Path, old_schema: int, *, now: dt.datetime) -> BackupResult:
    """The copy kept before an upgrade: backups/before-upgrade-<old schema>-<shop time>.db, checked; never pruned.

    Raises PosError when it cannot be written: then the upgrade does not happen.
    """
    folder = backups_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PosError(_("The database needs an upgrade, but no copy of it could be written to {folder} first "
                         "({reason}); nothing was changed.").format(folder=folder, reason=exc.strerror or exc)
                       ) from None
    stem = f"before-upgrade-{old_schema}-{now.strftime('%Y%m%d-%H%M%S')}"
    target, suffix = folder / f"{stem}.db", 1
    while target.exists():
        suffix += 1
        target = folder / f"{stem}-{suffix}.db"
    partial = target.with_suffix(".partial")
    _copy(db_path, partial)
    try:
        check_backup(partial)
    except InvalidInput:
        partial.unlink(missing_ok=True)
        raise PosError(_("The copy of {path} taken before the upgrade failed its check; nothing was changed.")
                       .format(path=db_path)) from None
    partial.replace(target)
    return BackupResult(target, target.stat().st_size, ())


def _copy(source: Path, target: Path) -> None:
    try:
        src = sqlite3.connect(read_only_uri(source), uri=True, timeout=30)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise PosError(_("The backup failed: {reason}").format(reason=first_line(exc))) from None


def _backup_key(path: Path) -> tuple[str, int]:
    """langganan-20261127-213000.db before langganan-20261127-213000-2.db."""
    stem = path.stem[len(PREFIX):]
    parts = stem.split("-")
    return "-".join(parts[:2]), int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 1


def _prune(folder: Path) -> tuple[Path, ...]:
    ours = sorted(folder.glob(f"{PREFIX}*.db"), key=_backup_key)
    old = ours[:-KEEP] if len(ours) > KEEP else []
    for path in old:
        path.unlink(missing_ok=True)
    return tuple(old)


@allowed(READ)
def check_backup(path: Path) -> int:
    """The schema version of a sound Langganan backup; InvalidInput for anything else."""
    if not path.is_file():
        raise InvalidInput(_("{path} does not exist or is not a file.").format(path=path))
    with path.open("rb") as fh:
        if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise InvalidInput(_("{path} is not a Langganan backup.").format(path=path))
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise InvalidInput(_("The backup {path} is damaged.").format(path=path))
            names = [r[0] for r in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")]
        finally:
            conn.close()
    except sqlite3.Error:
        raise InvalidInput(_("{path} is not a Langganan backup.").format(path=path)) from None
    known = set(known_migrations())
    if any(name not in known for name in names):
        raise InvalidInput(_("The backup {path} was made by a newer version of Langganan.").format(path=path))
    return schema_version_of(names)


@allowed(ANYONE,
          why="the command line on the shop's own computer, with the database closed; the current file is kept first")
def restore(backup_file: Path, db_path: Path) -> BackupResult:
    """Check the backup, keep a copy of the current database, then replace it with the backup.

    Refused while another program on this computer has the database open: a
    till still selling would write into the file being replaced.
    """
    check_backup(backup_file)
    check_sqlite_location(db_path)
    users = other_users(db_path)
    if users:
        raise NotAllowed(_("The database is open in another Langganan window (process {pid}); close it first.")
                         .format(pid=users[0]))
    safety = _keep_current(db_path) if db_path.exists() else None
    try:
        src = sqlite3.connect(read_only_uri(backup_file), uri=True)
        try:
            dst = sqlite3.connect(db_path, timeout=30)
            try:
                src.backup(dst)  # replaces the pages in place, under the database's own lock
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.OperationalError as exc:  # busy, locked, unwritable: change nothing
        raise PosError(_("The restore failed, the database is unchanged: {reason}")
                       .format(reason=first_line(exc))) from None
    except sqlite3.DatabaseError:
        _replace_file(backup_file, db_path)  # the current file is too damaged to write into
    return safety or BackupResult(db_path, db_path.stat().st_size, ())


def _keep_current(db_path: Path) -> BackupResult:
    try:
        return backup(db_path)
    except PosError:  # damaged: keep the raw files instead
        stamp = _shop_time().strftime("%Y%m%d-%H%M%S")
        target = backups_dir() / f"damaged-{stamp}.db"
        private_dir(target.parent)
        for suffix in ("", "-wal"):
            source = Path(f"{db_path}{suffix}")
            if source.exists():
                shutil.copy2(source, f"{target}{suffix}")
                private_file(f"{target}{suffix}")
        return BackupResult(target, target.stat().st_size, ())


def _replace_file(backup_file: Path, db_path: Path) -> None:
    temporary = db_path.with_name(db_path.name + ".restoring")
    shutil.copy2(backup_file, temporary)
    private_file(temporary)
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(temporary, db_path)
