"""Databases built once per test session and copied for each test: the migrated empty database, and the demo shop.

Running the migrations (about 0.5 s on SQLite, 1 s on PostgreSQL) and making the demo shop (2-7 s) for each of
hundreds of tests took most of the suite's time. Here each is built once per session (per xdist worker), on each
engine, under the shop clock the tests get (SHOP_MOMENT, running), and then copied: the SQLite file is copied
(its WAL checkpointed first), a PostgreSQL database is cloned with ``CREATE DATABASE … TEMPLATE``.

A copy is used only where it gives what a build would: the shop clock still the one the ``shop_clock`` fixture set
(a test that set its own moment gets a real build), and, for the demo, a database that is still exactly the migrated
empty one (every table's rows compared). Otherwise the real thing runs, slowly.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from peewee import SqliteDatabase

from pos.i18n import current_language
from pos.models import base
from pos.services import clock, db
from pos.services.demo import DemoResult, create_demo
from pos.settings import config_file

PgAdmin = Callable[[], Any]  # a psycopg connection in autocommit to the test server


@dataclass(frozen=True)
class Template:
    engine: str
    location: str  # the SQLite file, or the PostgreSQL database's name
    moment: dt.datetime  # the shop clock when the build ended: copies' clocks run on from here
    contents: dict[str, list[str]]  # every table's rows: an untouched copy has exactly these
    demo: DemoResult | None = None


class Templates:
    """The session's templates, built on first use; PostgreSQL ones dropped when the session ends."""

    def __init__(self, shop_moment: dt.datetime) -> None:
        self.shop_moment = shop_moment
        self.default_source: Callable[[], dt.datetime] | None = None  # the clock the shop_clock fixture set
        self.folder: Path | None = None
        self.made: dict[tuple, Template] = {}
        self.pg_names: list[str] = []  # templates on the server, dropped at the end
        self.pg_tests: dict[str, str] = {}  # test databases made by make_pg_database: name → URL
        self.pg_admin: PgAdmin | None = None
        self.pg_url_for: Callable[[str], str] = str  # a database's name → its URL on the test server

    # --- the clock ---------------------------------------------------------------------------------

    def clock_is_default(self) -> bool:
        return self.default_source is not None and base.source() is self.default_source

    def start_clock(self, source: Callable[[], dt.datetime]) -> None:
        self.default_source = source

    def run_clock_on(self, template: Template) -> None:
        """The copy's rows were stamped up to ``template.moment``: the test's clock goes on from there (as it would
        after a build of its own), so rows it makes later still come after them."""
        clock.set_now(max(clock.now(), template.moment), running=True)
        self.default_source = base.source()

    # --- building ----------------------------------------------------------------------------------

    def _folder(self) -> Path:
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="pos-test-templates-"))
        return self.folder

    def _key(self, engine: str, *what) -> tuple:
        config = config_file()
        return (engine, current_language(), config.read_bytes() if config.is_file() else b"", *what)

    def _build(self, engine: str, fill: Callable[[], DemoResult | None], start_from: Template | None) -> Template:
        """Open a new database, ``fill`` it under the tests' starting clock, close it: a template."""
        before_source, before_dir = base.source(), os.environ.get("POS_DATA_DIR")
        os.environ["POS_DATA_DIR"] = str(self._folder() / "data")
        db.close_database()
        clock.set_now(self.shop_moment, running=True)
        try:
            if engine == "sqlite":
                path = self._folder() / f"template-{uuid.uuid4().hex[:8]}.db"
                if start_from is not None:
                    shutil.copy(start_from.location, path)
                location, url = str(path), "sqlite://" + path.as_posix()
            else:
                location = f"pos_template_{uuid.uuid4().hex[:12]}"
                self._pg_create(location, start_from.location if start_from else None)
                self.pg_names.append(location)
                url = self._pg_url(location)
            if start_from is not None:
                clock.set_now(start_from.moment, running=True)
            db.open_database(url)
            demo = fill()
            template = Template(engine, location, clock.now(), table_contents(), demo)
            db.close_database()
            if engine == "sqlite":
                _checkpoint(Path(location))
        finally:
            base.set_source(before_source)
            if before_dir is None:
                os.environ.pop("POS_DATA_DIR", None)
            else:
                os.environ["POS_DATA_DIR"] = before_dir
        return template

    def migrated(self, engine: str) -> Template:
        key = self._key(engine, "migrated")
        if key not in self.made:
            self.made[key] = self._build(engine, lambda: None, None)
        return self.made[key]

    def demo(self, engine: str, kwargs: dict) -> Template:
        key = self._key(engine, "demo", tuple(sorted(kwargs.items())))
        if key not in self.made:
            self.made[key] = self._build(engine, lambda: create_demo(**kwargs), self.migrated(engine))
        return self.made[key]

    # --- copying -----------------------------------------------------------------------------------

    def copy_sqlite(self, template: Template, path: Path) -> None:
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(template.location, path)  # its mode too (0600, as create_private makes it)

    def _pg_url(self, name: str) -> str:
        return self.pg_url_for(name)

    def _pg_create(self, name: str, template: str | None) -> None:
        admin = self.pg_admin()
        if template is None:
            admin.execute(f'CREATE DATABASE "{name}"')
            return
        # a template must have no one connected; the builds closed theirs, this clears any a thread left
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (template,))
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

    def recreate_pg(self, name: str, template: Template | None) -> None:
        """The test database ``name`` dropped and made again, as a copy of the template (or empty)."""
        admin = self.pg_admin()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._pg_create(name, template.location if template else None)

    def finish(self) -> None:
        if self.pg_names and self.pg_admin is not None:
            try:
                admin = self.pg_admin()
                for name in self.pg_names:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except Exception:  # the server went away: nothing to drop on it
                pass
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    # --- what the fixtures call --------------------------------------------------------------------

    def fill_with_demo(self, kwargs: dict) -> DemoResult:
        """The demo shop in the open database: a copy of the session's when the database is the untouched
        migrated one and the clock the tests' default; else ``create_demo`` itself."""
        database = db.current()
        engine = "sqlite" if isinstance(database, SqliteDatabase) else "postgresql"
        if engine == "sqlite":
            path = Path(database.database)
            url = "sqlite://" + path.as_posix()
        else:
            url = self.pg_tests.get(database.database, "")
        if not url or not self.clock_is_default():
            return create_demo(**kwargs)
        contents = table_contents()
        empty = self.migrated(engine)  # a first build closes the open database
        if contents != empty.contents:
            if base.db.obj is None:
                db.open_database(url)
            return create_demo(**kwargs)
        template = self.demo(engine, kwargs)
        db.close_database()
        if engine == "sqlite":
            self.copy_sqlite(template, path)
        else:
            self.recreate_pg(database.database, template)
        db.open_database(url)
        self.run_clock_on(template)
        return template.demo


def table_contents() -> dict[str, list[str]]:
    """Every row of every table of the open database (for telling an untouched migrated database; it is small),
    leaving out what differs between two databases the same migrations made: when they ran, and the random salt."""
    database, contents = db.current(), {}
    for table in database.get_tables():
        if table == "schema_migration":
            query = "SELECT name FROM schema_migration"
        elif table == "pin_salt":
            query = "SELECT COUNT(*) FROM pin_salt"
        else:
            query = f'SELECT * FROM "{table}"'
        contents[table] = sorted(repr(tuple(row)) for row in database.execute_sql(query).fetchall())
    return contents


def _checkpoint(path: Path) -> None:
    """Everything in the file itself, no -wal beside it: the file alone is the copy."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


# Saturday 28 Nov 2026, 09:30 in the shop: the moment tests/conftest.py's shop_clock starts every test at.
SHOP_MOMENT = dt.datetime(2026, 11, 28, 2, 30)  # naive UTC, as stored
TEMPLATES = Templates(SHOP_MOMENT)  # one per session (per xdist worker); tests/conftest.py wires it up


def demo_shop(seed: int = 1, *, history_days: int = 0, today: dt.date | None = None,
              now: dt.datetime | None = None) -> DemoResult:
    """``create_demo(seed, ...)`` in the open database: a copy of the session's demo shop where that gives the same
    database, else the build itself. A test that starts from the demo shop asks for the ``demo_database`` fixture
    (tests/conftest.py), or opens a new SQLite file with ``open_demo``: one copy, where calling this right after
    opening makes the migrated copy first, compares every table, and replaces it."""
    return TEMPLATES.fill_with_demo({"seed": seed, "history_days": history_days, "today": today, "now": now})


DEMO_SHOP = {"seed": 1, "history_days": 0, "today": None, "now": None}  # what demo_shop(seed=1) makes


def demo_template_for(url: str, kwargs: dict | None = None) -> Template | None:
    """The session's demo shop to place at ``url`` before it is first opened (a new SQLite file, or a PostgreSQL test
    database about to be made), where a copy gives what ``open_database`` and then ``create_demo`` would: the shop
    clock the tests' default. None: the test opens (migrates) the database and makes the demo itself."""
    if not TEMPLATES.clock_is_default():
        return None
    if url.startswith("sqlite") and db.sqlite_path(url).exists():
        return None
    return TEMPLATES.demo("sqlite" if url.startswith("sqlite") else "postgresql", {**DEMO_SHOP, **(kwargs or {})})


def open_demo(url: str, seed: int = 1, *, history_days: int = 0, today: dt.date | None = None) -> DemoResult:
    """``db.open_database(url)`` and then ``demo_shop(...)`` for a new SQLite file, in one copy: the session's demo
    shop copied to the file and opened (no migrations run, no table compared), else the two calls themselves."""
    kwargs = {"seed": seed, "history_days": history_days, "today": today}
    template = demo_template_for(url, kwargs) if url.startswith("sqlite") else None
    if template is None:
        db.open_database(url)
        return demo_shop(seed, history_days=history_days, today=today)
    TEMPLATES.copy_sqlite(template, db.sqlite_path(url))
    db.open_database(url)
    TEMPLATES.run_clock_on(template)
    assert template.demo is not None
    return template.demo


def demo_file(url: str, days: int = 0, today: str | None = None, seed: int = 1) -> DemoResult:
    """What ``pos --db URL demo --days DAYS [--today DAY]`` makes (tests/test_cli.py runs the command itself), made
    in this process from the session's copy; the database is closed again, for the commands a test runs next."""
    if url.startswith("sqlite") and not db.sqlite_path(url).exists() and TEMPLATES.clock_is_default():
        TEMPLATES.copy_sqlite(TEMPLATES.migrated("sqlite"), db.sqlite_path(url))
    db.open_database(url)
    try:
        return demo_shop(seed, history_days=days, today=dt.date.fromisoformat(today) if today else None)
    finally:
        db.close_database()
