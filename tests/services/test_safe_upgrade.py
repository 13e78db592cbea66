"""Safe upgrades: a shop's database made by the release before this one (schema 15, the fixture made with
`pos demo --days 3` at commit af085f9) is copied into backups/ before the migrations change it, and keeps
every row; PostgreSQL waits for the owner's yes (pg_dump first)."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pos.services import db
from pos.services.backup import backups_dir, check_backup
from pos.services.errors import PosError, UpgradeNeedsConfirmation
from pos.settings import data_dir

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "shop-schema15.db"
GROWS = {"schema_migration"}  # the migrations add their own rows there


def row_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(db.read_only_uri(path), uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


@pytest.fixture
def old_shop(tmp_path) -> Path:
    path = tmp_path / "shop.db"
    shutil.copyfile(FIXTURE, path)
    return path


def test_the_fixture_is_a_small_schema_15_shop():
    assert FIXTURE.stat().st_size < 1_000_000
    assert check_backup(FIXTURE) == 15
    counts = row_counts(FIXTURE)
    assert counts["sale"] > 0 and counts["customer"] > 0 and counts["product"] > 0


def test_upgrading_a_schema_15_shop_keeps_a_backup_and_every_row(old_shop):
    before = row_counts(old_shop)

    info = db.open_database("sqlite://" + old_shop.as_posix())

    assert info.upgraded_from == 15
    assert info.schema_version == db.schema_version_of(db.known_migrations()) > 15
    # the shop clock reads Sat 28 Nov 2026, 09:30 in Jakarta (02:30 UTC) and runs on by a few seconds
    assert info.upgrade_backup is not None and info.upgrade_backup.parent == backups_dir()
    assert re.fullmatch(r"before-upgrade-15-20261128-0930\d\d\.db", info.upgrade_backup.name)
    assert check_backup(info.upgrade_backup) == 15
    assert row_counts(info.upgrade_backup) == before
    db.close_database()
    after = row_counts(old_shop)
    assert {t: after[t] for t in before if t not in GROWS} == {t: n for t, n in before.items() if t not in GROWS}
    assert after["schema_migration"] == len(db.known_migrations())


def test_a_current_database_is_not_copied_again(old_shop):
    db.open_database("sqlite://" + old_shop.as_posix())
    db.close_database()
    again = db.open_database("sqlite://" + old_shop.as_posix())
    assert again.applied == () and again.upgrade_backup is None
    assert len(list(backups_dir().glob("before-upgrade-*.db"))) == 1


def test_a_new_database_needs_no_copy(tmp_path):
    info = db.open_database("sqlite://" + (tmp_path / "new.db").as_posix())
    assert info.applied and info.upgrade_backup is None and info.upgraded_from == 0
    assert not backups_dir().exists() or not list(backups_dir().glob("before-upgrade-*"))


def test_no_backup_means_no_upgrade(old_shop):
    before = row_counts(old_shop)
    data_dir().mkdir(parents=True, exist_ok=True)
    backups_dir().write_text("a file where the backups folder should be")

    with pytest.raises(PosError, match="nothing was changed"):
        db.open_database("sqlite://" + old_shop.as_posix())

    assert row_counts(old_shop) == before  # still schema 15: 15 rows in schema_migration


def test_the_command_says_where_the_copy_is(old_shop):
    result = subprocess.run([sys.executable, "-m", "pos", "--lang", "en", "info", "--db",
                             "sqlite://" + old_shop.as_posix()], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 0, result.stderr
    assert "upgraded from schema 15" in result.stderr
    assert "before-upgrade-15-" in result.stderr
    assert "Sales" in result.stdout


# --- PostgreSQL: pg_dump first, then yes ---------------------------------------------------------


@pytest.fixture
def old_pg(make_pg_database) -> str:
    url = make_pg_database()
    database = db.connect(url)
    db.migrate(database, target="0015_customer_visits_index")
    database.execute_sql("INSERT INTO category (name, position, color) VALUES ('Kue', 0, '#fff')")
    database.close()
    return url


def applied(url: str) -> list[str]:
    database = db.connect(url)
    try:
        return db.applied_migrations(database)
    finally:
        database.close()


def test_postgresql_is_not_upgraded_without_a_yes(old_pg):
    with pytest.raises(UpgradeNeedsConfirmation, match="pg_dump -Fc .*-f before-upgrade-15.dump pos_test_"):
        db.open_database(old_pg)
    assert len(applied(old_pg)) == 15

    info = db.open_database(old_pg, upgrade_confirmed=True)
    assert info.upgraded_from == 15 and info.upgrade_backup is None
    assert len(applied(old_pg)) == len(db.known_migrations())


def test_the_command_refuses_without_yes_and_upgrades_with_it(old_pg):
    command = [sys.executable, "-m", "pos", "--lang", "en", "info", "--db", old_pg]
    refused = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0
    assert "pg_dump" in refused.stderr and "--yes" in refused.stderr and "Traceback" not in refused.stderr
    assert len(applied(old_pg)) == 15

    accepted = subprocess.run(command + ["--yes"], capture_output=True, text=True, timeout=120)
    assert accepted.returncode == 0, accepted.stderr
    assert len(applied(old_pg)) == len(db.known_migrations())
