"""Opening, checking and upgrading the database, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from peewee import IntegrityError, SqliteDatabase
from playhouse.schema_diff import diff_models as _diff_models

from pos.models import ALL_MODELS, AuditEntry, Category, db as proxy
from pos.services import db
from pos.services.audit import record
from pos.services.errors import DamagedDatabase, DatabaseUnavailable, SchemaTooNew
from tests.conftest import engine_of

# Indexes a migration makes in one engine's own way, outside the models (pos/migrations/0009: name search,
# 0028: digits anywhere in the phone).
ENGINE_SPECIFIC_INDEXES = {"customer_name_trgm", "customer_phone_trgm"}


def diff_models(database, models):
    diff = _diff_models(database, models)
    return diff._replace(drop_indexes=[i for i in diff.drop_indexes if i.name not in ENGINE_SPECIFIC_INDEXES])

FLOAT_TYPES = ("real", "float", "double", "numeric", "decimal")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_database_gets_the_whole_schema(empty_url):
    database = db.open_database(empty_url)  # opened here: the database fixture gives a copy of a migrated one
    assert database.schema_version == db.schema_version_of(db.known_migrations())
    assert database.applied == tuple(db.known_migrations())
    assert not diff_models(db.current(), list(ALL_MODELS)), "the migrations do not build what the models say"


def test_the_schema_has_no_floating_point_column(database):
    found = []
    for table in db.current().get_tables():
        for column in db.current().get_columns(table):
            if any(t in column.data_type.lower() for t in FLOAT_TYPES):
                found.append(f"{table}.{column.name}: {column.data_type}")
    assert len(db.current().get_tables()) >= len(ALL_MODELS)
    assert found == []


def test_reopening_runs_no_migration(empty_url):
    db.open_database(empty_url)
    db.close_database()
    assert db.open_database(empty_url).applied == ()


def test_upgrade_from_the_previous_migration_keeps_the_data(empty_url):
    names = db.known_migrations()
    database = db.connect(empty_url)
    db.migrate(database, target=names[-2])
    database.execute_sql("INSERT INTO category (name, position, color) VALUES ('Kue', 0, '#fff')")
    assert db.applied_migrations(database) == names[:-1]
    database.close()

    info = db.open_database(empty_url, upgrade_confirmed=True)  # PostgreSQL asks first (pg_dump)
    assert info.applied == (names[-1],)
    assert info.schema_version == db.schema_version_of(names)
    assert [c.name for c in Category.select()] == ["Kue"]
    assert not diff_models(db.current(), list(ALL_MODELS))


def test_a_database_from_a_newer_program_is_refused_and_left_untouched(empty_url):
    db.open_database(empty_url)
    db.current().execute_sql("INSERT INTO schema_migration (name, applied) VALUES ('9999_future', '2030-01-01')")
    Category.create(name="Roti")
    db.close_database()
    before = sha(db.sqlite_path(empty_url)) if engine_of(empty_url) == "sqlite" else None

    with pytest.raises(SchemaTooNew, match="newer version"):
        db.open_database(empty_url)

    if before:
        assert sha(db.sqlite_path(empty_url)) == before
    database = db.connect(empty_url)
    assert "9999_future" in db.applied_migrations(database)
    database.close()


def test_the_audit_log_is_append_only(database):
    record("test.done", details={"n": 1})
    with pytest.raises(IntegrityError if engine_of(database.url) == "sqlite" else Exception):
        with proxy.atomic():
            AuditEntry.update(action="changed").execute()
    with pytest.raises(Exception):
        with proxy.atomic():
            AuditEntry.delete().execute()
    assert [a.action for a in AuditEntry.select()] == ["test.done"]


def test_the_audit_log_refuses_truncate_update_and_delete_on_postgresql(database):
    """TRUNCATE skips row triggers: as the program's own role it emptied the log (issue #18)."""
    if engine_of(database.url) != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; its owner may drop the triggers (README, Backups)")
    for n in range(3):
        record("test.done", details={"n": n})
    for statement in ("TRUNCATE audit_entry", "TRUNCATE audit_entry CASCADE", "UPDATE audit_entry SET action = 'x'",
                      "DELETE FROM audit_entry"):
        with pytest.raises(Exception, match="append-only"):
            with proxy.atomic():
                proxy.execute_sql(statement)
    assert [a.details["n"] for a in AuditEntry.select().order_by(AuditEntry.id)] == [0, 1, 2]


# --- SQLite specifics -------------------------------------------------------------------------


@pytest.fixture
def sqlite_db(tmp_path):
    url = "sqlite://" + (tmp_path / "shop.db").as_posix()
    return url, db.open_database(url)


def test_sqlite_pragmas_hold_on_every_connection_including_worker_threads(sqlite_db):
    def pragmas() -> tuple:
        c = db.current()
        return tuple(c.execute_sql(f"PRAGMA {p}").fetchone()[0]
                     for p in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout"))

    expected = ("wal", 2, 1, 10000)  # synchronous 2 = FULL
    assert pragmas() == expected
    seen = []
    worker = threading.Thread(target=lambda: seen.append(pragmas()))
    worker.start()
    worker.join()
    assert seen == [expected]


def test_sqlite_read_then_write_transactions_do_not_fail_with_database_locked(sqlite_db):
    """A write transaction begins IMMEDIATE: another writer waits instead of breaking ours."""
    inside, errors = threading.Event(), []

    def first():
        try:
            with proxy.atomic():
                Category.select().count()  # read first ...
                inside.set()
                time.sleep(0.5)  # ... another till tries to write meanwhile ...
                Category.create(name="A")  # ... then write
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    def second():
        inside.wait(5)
        try:
            with proxy.atomic():
                Category.create(name="B")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(c.name for c in Category.select()) == ["A", "B"]


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("daftar belanja: gula, tepung\n" * 50)
    before = sha(path)
    with pytest.raises(DatabaseUnavailable, match="not a Langganan database"):
        db.open_database("sqlite://" + path.as_posix())
    assert sha(path) == before


def test_a_sqlite_database_of_another_program_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    other = SqliteDatabase(str(path))
    other.execute_sql("CREATE TABLE contacts (name TEXT)")
    other.close()
    before = sha(path)
    with pytest.raises(DatabaseUnavailable, match="another program"):
        db.open_database("sqlite://" + path.as_posix())
    assert sha(path) == before


def test_a_database_path_whose_parent_is_a_file_is_refused(tmp_path):
    blocker = tmp_path / "usb"
    blocker.write_text("x")
    with pytest.raises(DatabaseUnavailable, match="is a file, not a folder"):
        db.open_database("sqlite://" + (blocker / "shop.db").as_posix())
    with pytest.raises(DatabaseUnavailable):
        db.open_database("sqlite://" + (blocker / "deeper" / "shop.db").as_posix())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["usb"]


@pytest.mark.parametrize("url", ["shop.db", "mysql://root@localhost/shop", "sqlite://", "postgresql://u@h:port/db",
                                 "postgresql:///nohost"])
def test_malformed_urls_are_refused(url):
    with pytest.raises(DatabaseUnavailable):
        db.open_database(url)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_after_an_unclean_shutdown_the_database_is_checked(tmp_path):
    url = "sqlite://" + (tmp_path / "shop.db").as_posix()
    assert db.open_database(url).recovered is False
    Category.create(name="Kue")
    db.close_database()
    assert list(tmp_path.glob("shop.db.open-*")) == []  # clean shutdown: no marker

    (tmp_path / f"shop.db.open-{_dead_pid()}").touch()  # a process that died with it open
    info = db.open_database(url)
    assert info.recovered is True
    assert Category.select().count() == 1
    db.close_database()
    assert list(tmp_path.glob("shop.db.open-*")) == []


def test_after_an_unclean_shutdown_a_damaged_file_is_reported_clearly(tmp_path):
    path = tmp_path / "shop.db"
    url = "sqlite://" + path.as_posix()
    db.open_database(url)
    with proxy.atomic():
        for i in range(400):
            Category.create(name=f"Kategori {i:03d} " + "x" * 300)
    db.current().execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close_database()
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(len(data) - 6 * page, len(data), page):  # the category pages at the end, not the schema
        data[start + 8:start + 200] = bytes(range(192))
    path.write_bytes(bytes(data))

    db.open_database(url)  # a clean last shutdown: no check, the damage is not looked for
    db.close_database()

    (tmp_path / f"shop.db.open-{_dead_pid()}").touch()  # now a crash is in the past: the file is checked
    with pytest.raises(DamagedDatabase) as caught:
        db.open_database(url)
    message = str(caught.value)
    assert "\n" not in message and "is damaged" in message and "pos restore" in message


def test_concurrent_first_starts_upgrade_once(empty_url, tmp_path):
    """Several tills started together after an update: one upgrades, the others wait, none fails."""
    env = {**os.environ, "POS_DATA_DIR": str(tmp_path / "d")}
    procs = [subprocess.Popen([sys.executable, "-m", "pos", "--lang", "en", "--db", empty_url, "info"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert results == [(0, "")] * 3
    database = db.connect(empty_url)
    assert db.applied_migrations(database) == db.known_migrations()
    database.close()


def test_passwords_are_never_shown():
    assert db.hide_password("postgresql://kasir:p@ss:w0rd@192.0.2.1:5432/toko") == \
        "postgresql://kasir:***@192.0.2.1:5432/toko"
    assert db.hide_password("postgresql://kasir@host/toko") == "postgresql://kasir@host/toko"


@pytest.mark.skipif(sys.platform == "win32", reason="a drive letter is right on Windows")
def test_a_windows_path_elsewhere_is_refused_and_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for url in ("sqlite:///C:\\Users\\ani\\shop.db", "sqlite:///C:/Users/ani/shop.db"):
        with pytest.raises(DatabaseUnavailable, match="Windows path"):
            db.open_database(url)
    assert list(tmp_path.iterdir()) == []


def test_an_empty_database_url_is_refused():
    assert db.resolve_url("") == ""
    with pytest.raises(DatabaseUnavailable, match="is not a database URL"):
        db.open_database("")


# --- PostgreSQL specifics ---------------------------------------------------------------------


def test_an_unreachable_postgresql_server_is_reported_quickly():
    with socket.socket() as s:  # a free port with nobody listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailable, match="Cannot reach the database server"):
        db.open_database(f"postgresql://postgres@127.0.0.1:{port}/shop")
    assert time.monotonic() - started < 10


def test_a_postgresql_database_that_does_not_exist_is_named_as_such(make_pg_database):
    """`pos db copy --to postgresql://…/toko` before the database is made: the server's English "does not
    exist" and a misleading "refused" were all the owner saw."""
    from urllib.parse import urlsplit

    missing = make_pg_database().rsplit("/", 1)[0] + "/toko_yang_belum_ada"
    server = urlsplit(missing)
    with pytest.raises(DatabaseUnavailable) as caught:
        db.open_database(missing)
    assert str(caught.value) == (f"The database server {server.hostname}:{server.port or 5432} has no database "
                                 "named toko_yang_belum_ada. Make it first with 'pos server init', or check the name.")


def test_a_postgresql_server_that_never_answers_is_reported_within_ten_seconds():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)  # accepts the connection, then says nothing: a hung server
    port = listener.getsockname()[1]
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable, match="Cannot reach the database server"):
            db.open_database(f"postgresql://postgres@127.0.0.1:{port}/shop")
        assert time.monotonic() - started < 10
    finally:
        listener.close()


def test_a_sqlite_start_leaves_out_the_postgresql_driver_and_a_postgresql_start_loads_it(empty_url):
    """psycopg costs a third of the start; it loads only for a postgresql:// URL (pos.models.driver)."""
    script = ("import sys\nfrom pos.services import db\nimport pos.ui.app, pos.cli\n"
              "loaded = 'psycopg' in sys.modules\ninfo = db.open_database(sys.argv[1])\n"
              "from pos.models import ChangeCounter, Product, db as proxy\n"
              "Product.select().count(); proxy.execute_sql('SELECT 1')\n"
              "print(loaded, 'psycopg' in sys.modules, info.engine, ChangeCounter.get_by_id('pricing').value > 0)\n"
              "db.close_database()\n")
    out = subprocess.run([sys.executable, "-c", script, empty_url], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    postgres = empty_url.startswith("postgresql")
    assert out.stdout.split() == ["False", str(postgres), "postgresql" if postgres else "sqlite", "True"]
