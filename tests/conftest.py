"""Fixtures shared by all tests: a private data folder, and a fresh database on each engine.

Database tests run on SQLite and on a real PostgreSQL server given by
POS_TEST_PG_URL (default postgresql://postgres@127.0.0.1:55432/postgres, the
server .ci/run starts). Without a server they are skipped with the reason
shown, except under CI, where they fail. POS_TEST_ENGINES=sqlite leaves PostgreSQL out on purpose,
even under CI (the release workflow's runners have no server).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

from pos.i18n import set_language
from pos.services import clock, db, pin_keys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # GUI tests never need a screen
# PINs derived at a tiny cost in the tests (and in the `pos` commands they start), never in production:
# the real cost (pin_keys.COST, about 0.25 s a PIN) would make thousands of PINs typed take minutes.
TEST_PIN_COST = pin_keys.Cost(n=2**10, r=8, p=1)
os.environ["POS_TEST_PIN_COST"] = f"{TEST_PIN_COST.n},{TEST_PIN_COST.r},{TEST_PIN_COST.p}"
pin_keys.current_cost = TEST_PIN_COST

PG_URL = os.environ.get("POS_TEST_PG_URL", "postgresql://postgres@127.0.0.1:55432/postgres")
ENGINES = tuple(e for e in ("sqlite", "postgresql")
                if e in os.environ.get("POS_TEST_ENGINES", "sqlite,postgresql").replace(" ", "").split(","))


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch) -> Iterator[None]:
    """Every test gets its own data folder and settings file, and English unless it asks otherwise."""
    monkeypatch.setenv("POS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("POS_DATABASE_URL", raising=False)
    monkeypatch.delenv("POS_CONFIG_FILE", raising=False)
    set_language("en")
    yield
    db.close_database()


# Saturday 28 Nov 2026, 09:30 in the shop (Asia/Jakarta, UTC+7): the demo shop has opened and sold
# its first breakfasts, and the day before is a full day of trade. In UTC it is 02:30 the same day; on
# the machine of a CI run (TZ=Etc/GMT+12, .ci/run) it is still Friday 27 Nov, 14:30, so a date taken
# from the machine's clock instead of the shop's shows up as a wrong day. A test about the hours when
# the UTC date and the shop's date differ (00:00-07:00 in Jakarta) sets its own moment.
SHOP_MOMENT = dt.datetime(2026, 11, 28, 2, 30)  # naive UTC, as stored


@pytest.fixture(autouse=True)
def shop_clock() -> Iterator[dt.datetime]:
    """Tests never read the machine's clock: the shop clock starts at SHOP_MOMENT and runs on from there
    (rows made one after the other keep their order). ``pos`` commands a test starts as a separate process
    read the same moment from POS_CLOCK. A test freezes or moves it with ``clock.set_now`` / ``clock.frozen``."""
    before = os.environ.get("POS_CLOCK")
    os.environ["POS_CLOCK"] = SHOP_MOMENT.isoformat()
    clock.set_now(SHOP_MOMENT, running=True)
    yield SHOP_MOMENT
    if before is None:
        os.environ.pop("POS_CLOCK", None)
    else:
        os.environ["POS_CLOCK"] = before
    clock.reset()


def _pg_admin():
    import psycopg

    if "postgresql" not in ENGINES:
        pytest.skip("PostgreSQL left out (POS_TEST_ENGINES={})".format(os.environ.get("POS_TEST_ENGINES")))

    try:
        return psycopg.connect(PG_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        reason = f"no PostgreSQL server at {PG_URL} ({str(exc).strip().splitlines()[0]})"
        if os.environ.get("CI"):
            pytest.fail(reason + " -- CI must start one (.ci/run)")
        pytest.skip(reason)


def _url_for(name: str) -> str:
    parts = urlsplit(PG_URL)
    return urlunsplit(parts._replace(path="/" + name))


@pytest.fixture
def make_pg_database() -> Iterator:
    """A factory of empty PostgreSQL databases, dropped after the test."""
    admin = _pg_admin()
    made: list[str] = []

    def make() -> str:
        name = f"pos_test_{uuid.uuid4().hex[:12]}"
        admin.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return _url_for(name)

    yield make
    db.close_database()
    for name in made:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture(params=ENGINES)
def empty_url(request, tmp_path) -> str:
    """The URL of an empty database on each engine (nothing created yet)."""
    if request.param == "sqlite":
        return "sqlite://" + (tmp_path / "shop.db").as_posix()
    return request.getfixturevalue("make_pg_database")()


@pytest.fixture
def database(empty_url) -> db.DatabaseInfo:
    """A fresh, migrated database bound to the models."""
    return db.open_database(empty_url)


@pytest.fixture
def make_url(request, tmp_path):
    """For tests that need a second database on the same engine as ``empty_url``."""
    counter = iter(range(1, 1000))

    def make(engine: str) -> str:
        if engine == "sqlite":
            return "sqlite://" + (tmp_path / f"other{next(counter)}.db").as_posix()
        return request.getfixturevalue("make_pg_database")()

    return make


def engine_of(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"
