"""Opening the shop database from a URL, on SQLite or PostgreSQL, and keeping its schema current.

SQLite: WAL, ``synchronous=FULL`` (with NORMAL a committed sale can roll back
after a power cut), foreign keys on, a busy timeout, on every connection of
every thread; write transactions begin IMMEDIATE. A marker file per running
process tells the next start whether the last one ended cleanly; if not, a
quick check runs and damage is reported clearly.

PostgreSQL: the same URL style; an unreachable server is reported within two
seconds (pos.services.connectivity).
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from peewee import Database, DatabaseError, OperationalError, PostgresqlDatabase, SqliteDatabase

from pos.i18n import _
from pos.models import db as db_proxy
from pos.models.base import locks_rows
from pos.models.driver import load_postgres_driver
from pos.services import connectivity
from pos.services.errors import DamagedDatabase, DatabaseUnavailable, SchemaTooNew, first_line
from pos.services.files import create_private, private_dir, protect_database, tighten_data_folder
from pos.services.schema_migrations import (MIGRATIONS_TABLE, PackageRunner, known_migrations,  # noqa: F401 (db.* names)
                                           schema_version_of)
from pos.services.sqlite_files import (SQLITE_HEADER, check_sqlite_location, marker, other_users,  # noqa: F401
                                       read_only_uri, stale_markers)
from pos.settings import data_dir, default_url, hide_password, resolve_url, sqlite_url  # noqa: F401 (db.* names)
from pos.services.rules import ANYONE, READ, allowed

SQLITE_PRAGMAS = (
    ("journal_mode", "wal"),
    ("synchronous", "full"),
    ("foreign_keys", 1),
    ("busy_timeout", 10000),
)


@dataclass(frozen=True)
class DatabaseInfo:
    url: str  # with any password hidden
    engine: str  # sqlite | postgresql
    path: Path | None  # the SQLite file
    schema_version: int
    applied: tuple[str, ...]  # migrations run by this opening
    recovered: bool  # the last run ended uncleanly and the quick check passed
    upgrade_backup: Path | None = None  # the copy taken before this opening upgraded the schema (SQLite)
    upgraded_from: int = 0  # the schema before this opening upgraded it (0: not upgraded, or a new database)


@allowed(READ)
def url_engine(url: str) -> str:
    """'sqlite' or 'postgresql'; anything else is refused with the one message for bad URLs."""
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme == "sqlite":
        return "sqlite"
    if scheme in ("postgresql", "postgres"):
        return "postgresql"
    raise DatabaseUnavailable(
        _("{url} is not a database URL. Use sqlite:///path/shop.db or postgresql://user:password@host/db.")
        .format(url=hide_password(url) or "''")
    )


@allowed(READ)
def sqlite_path(url: str) -> Path:
    """``sqlite:///home/ana/shop.db`` → /home/ana/shop.db (``sqlite:///C:/x/shop.db`` on Windows)."""
    rest = url.split("://", 1)[1]
    path = unquote(rest.split("?", 1)[0])
    if re.match(r"^/*[A-Za-z]:[/\\]", path):
        if sys.platform != "win32":
            raise DatabaseUnavailable(
                _("{url} is a Windows path; on this computer use a path like sqlite:///home/user/shop.db.")
                .format(url=url)
            )
        path = path.lstrip("/")
    elif path.startswith("//"):
        path = "/" + path.lstrip("/")
    if path in ("", "/"):
        raise DatabaseUnavailable(_("The database URL {url} names no file.").format(url=url))
    return Path(path)


@allowed(ANYONE, why="opens a database; start-up")
def connect(url: str) -> Database:
    """A peewee database for the URL, connected, or a clear one-line error."""
    if url_engine(url) == "sqlite":
        return _connect_sqlite(sqlite_path(url))
    return _connect_postgresql(url)


def _connect_sqlite(path: Path) -> SqliteDatabase:
    check_sqlite_location(path)
    if path.parent.resolve() == data_dir().resolve():
        private_dir(path.parent)
    create_private(path)  # SQLite gives its -wal and -shm the database's mode
    database = SqliteDatabase(
        str(path), pragmas=SQLITE_PRAGMAS, timeout=10, lock_type="IMMEDIATE", autoconnect=True
    )
    try:
        database.connect(reuse_if_open=True)
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        database.close()
        raise DatabaseUnavailable(
            _("{path} cannot be opened as a database: {reason}").format(path=path, reason=first_line(exc))
        ) from None
    return database


class _ServerDatabase(PostgresqlDatabase):
    """PostgreSQL with each new connection prepared for the thread that uses it (the selling thread's limit)."""

    def _initialize_connection(self, conn) -> None:
        super()._initialize_connection(conn)
        connectivity.prepare_connection(conn)


def _connect_postgresql(url: str) -> PostgresqlDatabase:
    try:
        parts = urlsplit(url)
        port = parts.port or 5432
        name = unquote(parts.path.lstrip("/"))
    except ValueError:
        raise DatabaseUnavailable(
            _("The database URL {url} is malformed.").format(url=hide_password(url))
        ) from None
    if not parts.hostname or not name:
        raise DatabaseUnavailable(
            _("The database URL {url} needs a server and a database name: postgresql://user:password@host/db.")
            .format(url=hide_password(url))
        )
    load_postgres_driver()
    database = _ServerDatabase(
        name,
        host=parts.hostname,
        port=port,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        autoconnect=True,
        **connectivity.pg_connect_options(),  # a gone server is noticed within seconds (an outage: the outbox)
    )
    try:
        database.connect(reuse_if_open=True)
    except (OperationalError, DatabaseError) as exc:
        reason = first_line(exc)
        state = getattr(exc.__cause__ or exc, "sqlstate", None)
        if state == "3D000" or f'database "{name}" does not exist' in str(exc):  # pos db copy before the database
            message = _("The database server {host}:{port} has no database named {name}. Make it first with "
                        "'pos server init', or check the name.")
            raise DatabaseUnavailable(message.format(host=parts.hostname, port=port, name=name)) from None
        if "FATAL" in str(exc):  # the server answered: no such database, wrong password …
            message = _("The database server {host}:{port} refused the connection: {reason}")
            reason = str(exc).split("FATAL:", 1)[-1].strip().splitlines()[0]
        else:
            message = _("Cannot reach the database server {host}:{port} ({reason}). Check that it is running "
                        "and that this till is on the shop network.")
        raise DatabaseUnavailable(message.format(host=parts.hostname, port=port, reason=reason)) from None
    return database


PG_MIGRATION_LOCK = 7_262_001  # any constant: one upgrade at a time across all tills


def _refuse_newer(status: list) -> None:
    unknown = [m.name for m in status if m.applied and m.path is None]
    if unknown:
        raise SchemaTooNew(
            _("This database was made by a newer version of Langganan (schema {theirs}); this program "
              "knows schema {ours}. Install the newer version; the database was left untouched.")
            .format(theirs=schema_version_of([m.name for m in status if m.applied]),
                    ours=schema_version_of([m.name for m in status if m.path]))
        )


def _pending(status: list, target: str | None) -> list:
    pending = []
    for m in status:
        if not m.applied and m.path:
            pending.append(m)
        if m.name == target:
            break
    return pending


BeforeUpgrade = Callable[[Database, int, int], None]  # (database, old schema, new schema)


@allowed(ANYONE, why="start-up: brings the schema up to date, before any owner can be asked")
def migrate(database: Database, target: str | None = None, *,
            before_upgrade: BeforeUpgrade | None = None) -> tuple[str, ...]:
    """Bring the schema up to date in one transaction; refuse a newer schema untouched.

    ``before_upgrade`` runs under the lock before the first migration changes a database that already
    has a schema (a new, empty one has nothing to keep): it takes a backup, or raises to change nothing.

    Tills that start together after an update take turns: the status is read
    again under the write lock (SQLite) or an advisory lock (PostgreSQL), so
    only the first one upgrades.
    """
    runner = PackageRunner(database, table_name=MIGRATIONS_TABLE)
    status = runner.status()
    _refuse_newer(status)
    if not _pending(status, target):
        return ()
    is_sqlite = isinstance(database, SqliteDatabase)
    if is_sqlite:
        database.pragma("foreign_keys", 0)  # table rebuilds must not cascade; checked below
    try:
        with database.atomic():  # BEGIN IMMEDIATE on SQLite: the write lock is ours from here
            if not is_sqlite:
                database.execute_sql("SET LOCAL statement_timeout = 0")  # a till waits for another's upgrade
                database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (PG_MIGRATION_LOCK,))
            status = runner.status()
            _refuse_newer(status)
            pending = _pending(status, target)
            old = schema_version_of([m.name for m in status if m.applied])
            if pending and old and before_upgrade is not None:
                new = schema_version_of([m.name for m in status if m.applied] + [m.name for m in pending])
                before_upgrade(database, old, new)
            runner.History.create_table(safe=True)
            for m in pending:
                m.load().up(runner.migrator, database)
                runner.History.create(name=m.name)
            if is_sqlite and database.execute_sql("PRAGMA foreign_key_check").fetchall():
                raise DamagedDatabase(_("The upgrade broke a foreign key; nothing was changed."))
    finally:
        if is_sqlite:
            database.pragma("foreign_keys", 1)
    return tuple(m.name for m in pending)


@allowed(READ)
def applied_migrations(database: Database) -> list[str]:
    if MIGRATIONS_TABLE not in database.get_tables():
        return []
    return [row[0] for row in database.execute_sql(f"SELECT name FROM {MIGRATIONS_TABLE}").fetchall()]


# --- clean-shutdown markers -------------------------------------------------------------------


@allowed(READ)
def quick_check(database: SqliteDatabase) -> list[str]:
    """Problems found by SQLite's quick check (empty when the file is sound)."""
    try:
        rows = [r[0] for r in database.execute_sql("PRAGMA quick_check").fetchall()]
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def _recover_if_unclean(database: SqliteDatabase, path: Path) -> bool:
    stale = stale_markers(path)
    if not stale:
        return False
    problems = quick_check(database)
    if problems:
        database.close()
        raise DamagedDatabase(
            _("The database {path} is damaged ({problem}). Restore the latest backup with "
              "'pos restore FILE'.").format(path=path, problem=first_line(problems[0]))
        )
    for old in stale:
        old.unlink(missing_ok=True)
    return True


@allowed(ANYONE, why="start-up: a rolled-back write probe of a read-only file")
def refuse_read_only(database: SqliteDatabase, path: Path) -> None:
    """A file the program cannot write (its permissions, a read-only disk or share) is refused at the start
    with what to do, instead of failing at the first sale. The probe writes nothing: it is rolled back."""
    try:
        database.execute_sql("BEGIN IMMEDIATE")
        try:
            database.execute_sql("CREATE TABLE main.write_probe (x INTEGER)")
        finally:
            database.execute_sql("ROLLBACK")
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        if "readonly" not in str(exc).replace("-", "").replace(" ", "").lower():
            raise
        database.close()
        raise DatabaseUnavailable(
            _("{path} is read-only: Langganan must write to it. Give your user the right to write the file and "
              "its folder, or copy it to a folder you can write, then start again.").format(path=path)
        ) from None


# --- opening and closing ----------------------------------------------------------------------


@allowed(ANYONE, why="start-up: opens the database and migrates it")
def open_database(url: str, *, upgrade: bool = True, upgrade_confirmed: bool = False) -> DatabaseInfo:
    """Connect, check, upgrade; bind the models to it. Raises PosError subclasses only.

    Before an upgrade a SQLite database is copied into the backups folder; a PostgreSQL one is upgraded
    only with ``upgrade_confirmed`` (the owner said a pg_dump copy exists), else UpgradeNeedsConfirmation.
    """
    from pos.services import upgrade as safe_upgrade  # loaded when a database is opened, not at start-up

    close_database()
    database = connect(url)
    path = sqlite_path(url) if isinstance(database, SqliteDatabase) else None
    recovered = False
    guard = safe_upgrade.Guard(url, path, confirmed=upgrade_confirmed)
    try:
        if path is not None:
            refuse_read_only(database, path)
            recovered = _recover_if_unclean(database, path)
        applied = migrate(database, before_upgrade=guard) if upgrade else ()
        version = schema_version_of(applied_migrations(database))
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        database.close()
        raise DatabaseUnavailable(_("The database cannot be used: {reason}").format(reason=first_line(exc))) from None
    except Exception:
        database.close()
        raise
    db_proxy.initialize(database)
    if path is not None:
        marker(path, os.getpid()).touch()
        protect_database(path)
    tighten_data_folder()
    engine = "sqlite" if path is not None else "postgresql"
    return DatabaseInfo(hide_password(url), engine, path, version, applied, recovered,
                        guard.backup, guard.old_schema if applied else 0)


@allowed(ANYONE, why="closes the connection")
def close_database() -> None:
    """Close the connection and mark a clean shutdown."""
    database = db_proxy.obj
    if database is None:
        return
    path = Path(database.database) if isinstance(database, SqliteDatabase) else None
    database.close()
    if path is not None:
        marker(path, os.getpid()).unlink(missing_ok=True)
    db_proxy.initialize(None)


@allowed(ANYONE, why="closes the calling thread's own connection")
def close_thread_connection() -> None:
    """Close the connection of the calling thread only (peewee keeps one per thread, on both engines): a worker
    thread (``pos.ui.tasks``) calls it when its work ends; the GUI thread's connection stays open."""
    database = db_proxy.obj
    if database is not None and not database.is_closed():
        database.close()


@allowed(READ)
def current() -> Database:
    if db_proxy.obj is None:
        raise DatabaseUnavailable(_("No database is open."))
    return db_proxy.obj


@allowed(READ)
def supports_row_locks() -> bool:
    """PostgreSQL locks rows (SELECT … FOR UPDATE); SQLite's IMMEDIATE transactions lock the whole file."""
    return locks_rows()


@allowed(READ)
def held(query):
    """The query with its rows held until the transaction ends: another till that asks for them waits, then reads
    what this one stored (SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transaction holds the whole file)."""
    return query.for_update() if supports_row_locks() else query
