"""Backups with SQLite's online backup API, and restoring them (SQLite only; PostgreSQL uses pg_dump)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading

import pytest

from pos.models import ALL_MODELS, AcquisitionSource, Customer, Segment
from pos.models import db as proxy
from pos.services import db
from pos.services.backup import backup, backups_dir, check_backup, restore
from tests.db_templates import open_demo
from pos.services.errors import InvalidInput, NotAllowed
from tests.factories import make_customer


@pytest.fixture
def shop(tmp_path):
    path = tmp_path / "shop.db"
    open_demo("sqlite://" + path.as_posix(), seed=2)
    return path


def counts() -> dict[str, int]:
    return {m.__name__: m.select().count() for m in ALL_MODELS}


def test_backup_then_restore_gives_identical_row_counts(shop):
    at_backup = counts()
    result = backup(shop)
    assert result.path.parent == backups_dir() and result.path.name.startswith("langganan-")
    make_customer("Pelanggan Baru", "0813-1111-2222")
    assert counts() != at_backup
    db.close_database()

    kept = restore(result.path, shop)
    db.open_database("sqlite://" + shop.as_posix())
    assert counts() == at_backup
    assert kept.path.exists() and kept.path != result.path  # the database before the restore is kept
    conn = sqlite3.connect(kept.path)
    assert conn.execute("SELECT count(*) FROM customer").fetchone()[0] == at_backup["Customer"] + 1
    conn.close()


def test_a_backup_taken_while_another_connection_writes_is_consistent(shop, tmp_path):
    """Each write adds one segment and one source in one transaction: a consistent copy has as many of each."""
    base = Segment.select().count() - AcquisitionSource.select().count()
    stop = threading.Event()

    def writer():
        n = 0
        while not stop.is_set():
            n += 1
            with proxy.atomic():
                Segment.create(code=f"s{n}", name="x")
                AcquisitionSource.create(code=f"s{n}", name="x")

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = [backup(shop, tmp_path / "usb") for _ in range(8)]
    finally:
        stop.set()
        thread.join()
    seen = set()
    for copy in copies:
        conn = sqlite3.connect(copy.path)
        segments, sources = (conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                             for t in ("segment", "acquisition_source"))
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        assert segments - sources == base
        seen.add(segments)
    assert len(seen) > 1, "the writer should have written between backups"


def test_only_the_last_thirty_backups_are_kept(shop):
    start = dt.datetime(2026, 11, 1, 8, 0)
    for i in range(32):
        result = backup(shop, now=start + dt.timedelta(hours=i))
    names = sorted(p.name for p in backups_dir().glob("langganan-*.db"))
    assert len(names) == 30
    assert names[0] == "langganan-20261101-100000.db" and result.path.name == names[-1]


def test_restore_refuses_a_file_that_is_not_a_backup(shop, tmp_path):
    before = counts()
    db.close_database()
    text = tmp_path / "catatan.db"
    text.write_text("bukan database")
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    for bad in (text, other, tmp_path / "missing.db"):
        with pytest.raises(InvalidInput):
            restore(bad, shop)
    db.open_database("sqlite://" + shop.as_posix())
    assert counts() == before
    assert not backups_dir().exists() or list(backups_dir().iterdir()) == []


def test_check_backup_reports_the_schema_version(shop):
    result = backup(shop)
    assert check_backup(result.path) == db.schema_version_of(db.known_migrations())


@pytest.mark.parametrize("folder", ["toko#1", "stok?baru", "diskon 100%"])
def test_backup_and_restore_where_the_path_has_uri_characters(tmp_path, folder):
    path = tmp_path / folder / "shop.db"
    db.open_database(db.sqlite_url(path))
    make_customer("Bu Tini", "0813-2222-3333")
    at_backup = counts()
    result = backup(path, tmp_path / folder / "usb")
    assert check_backup(result.path) >= 1
    make_customer("Pak Joko")
    db.close_database()
    restore(result.path, path)
    db.open_database(db.sqlite_url(path))
    assert counts() == at_backup
    assert sorted(p.name for p in tmp_path.iterdir()) == (["data", folder])  # nothing stray beside it
    assert {p.name for p in (tmp_path / folder).iterdir()} <= {"shop.db", "shop.db-wal", "shop.db-shm", "usb"} | {
        p.name for p in (tmp_path / folder).glob("shop.db.open-*")}


def test_restore_is_refused_while_another_program_has_the_database_open(shop, tmp_path):
    import subprocess
    import sys
    import time

    result = backup(shop)
    url = "sqlite://" + shop.as_posix()
    db.close_database()
    till = subprocess.Popen([sys.executable, "-c",
                             "import sys, time\nfrom pos.services import db\ndb.open_database(sys.argv[1])\n"
                             "print('open', flush=True)\ntime.sleep(60)\n", url],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert till.stdout.readline().strip() == "open"
        with pytest.raises(NotAllowed, match="open in another Langganan window"):
            restore(result.path, shop)
    finally:
        till.kill()
        till.wait()
        till.stdout.close()
    assert not backups_dir().joinpath("damaged").exists()
    time.sleep(0.1)


def test_restore_to_a_new_folder_creates_it(shop, tmp_path):
    result = backup(shop)
    fresh = tmp_path / "komputer-baru" / "shop.db"
    restore(result.path, fresh)
    db.open_database("sqlite://" + fresh.as_posix())
    assert Customer.select().count() == 200
