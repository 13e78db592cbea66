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
import sys
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest
from hypothesis import settings as hypothesis_settings

from pos.i18n import set_language
from pos.models import base
from pos.services import clock, db, pin_keys
from pos.services.demo import DemoResult
from tests.db_templates import DEMO_SHOP, SHOP_MOMENT, TEMPLATES, demo_shop

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # GUI tests never need a screen
# PINs derived at a tiny cost in the tests (and in the `pos` commands they start), never in production:
# the real cost (pin_keys.COST, about 0.25 s a PIN) would make thousands of PINs typed take minutes.
TEST_PIN_COST = pin_keys.Cost(n=2**10, r=8, p=1)
os.environ["POS_TEST_PIN_COST"] = f"{TEST_PIN_COST.n},{TEST_PIN_COST.r},{TEST_PIN_COST.p}"
pin_keys.current_cost = TEST_PIN_COST

# Property tests: no deadline (a loaded CI machine or a busy xdist worker makes single examples slow; a deadline
# there fails on the machine, not on the code); a test's own @settings(max_examples=…) still applies.
hypothesis_settings.register_profile("ci", max_examples=100, deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", max_examples=100, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

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
    # Copies of one template share its PIN salt: PINs derived in an earlier test must not be found in this one.
    pin_keys._RECENT.clear()
    yield
    db.close_database()


# Saturday 28 Nov 2026, 09:30 in the shop (Asia/Jakarta, UTC+7): the demo shop has opened and sold
# its first breakfasts, and the day before is a full day of trade. In UTC it is 02:30 the same day; on
# the machine of a CI run (TZ=Etc/GMT+12, .ci/run) it is still Friday 27 Nov, 14:30, so a date taken
# from the machine's clock instead of the shop's shows up as a wrong day. A test about the hours when
# the UTC date and the shop's date differ (00:00-07:00 in Jakarta) sets its own moment.
# SHOP_MOMENT = 2026-11-28 02:30, naive UTC as stored (tests/db_templates.py); the migrated empty database and the
# demo shop are built once per session under it and copied for each test (TEMPLATES).


@pytest.fixture(autouse=True)
def shop_clock() -> Iterator[dt.datetime]:
    """Tests never read the machine's clock: the shop clock starts at SHOP_MOMENT and runs on from there
    (rows made one after the other keep their order). ``pos`` commands a test starts as a separate process
    read the same moment from POS_CLOCK. A test freezes or moves it with ``clock.set_now`` / ``clock.frozen``."""
    before = os.environ.get("POS_CLOCK")
    os.environ["POS_CLOCK"] = SHOP_MOMENT.isoformat()
    clock.set_now(SHOP_MOMENT, running=True)
    TEMPLATES.start_clock(base.source())
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
        return _session_admin()  # one connection for the session: a new one per test cost a login each time
    except psycopg.OperationalError as exc:
        reason = f"no PostgreSQL server at {PG_URL} ({str(exc).strip().splitlines()[0]})"
        if os.environ.get("CI"):
            pytest.fail(reason + " -- CI must start one (.ci/run)")
        pytest.skip(reason)


def _session_admin():
    """The session's own connection to the test server, for the templates (made once, closed at the end)."""
    global _admin
    if _admin is None or _admin.closed:
        import psycopg

        _admin = psycopg.connect(PG_URL, autocommit=True, connect_timeout=3)
    return _admin


_admin = None
TEMPLATES.pg_admin = _session_admin
TEMPLATES.pg_url_for = lambda name: _url_for(name)


def pytest_sessionfinish(session, exitstatus) -> None:
    TEMPLATES.finish()
    if _admin is not None:
        _admin.close()


def _url_for(name: str) -> str:
    parts = urlsplit(PG_URL)
    return urlunsplit(parts._replace(path="/" + name))


@pytest.fixture
def make_pg_database() -> Iterator:
    """A factory of empty PostgreSQL databases, dropped after the test."""
    admin = _pg_admin()
    made: list[str] = []

    def make(template=None) -> str:
        name = f"pos_test_{uuid.uuid4().hex[:12]}"
        if template is None:
            admin.execute(f'CREATE DATABASE "{name}"')
        else:
            TEMPLATES.recreate_pg(name, template)
        made.append(name)
        TEMPLATES.pg_tests[name] = _url_for(name)
        return _url_for(name)

    yield make
    db.close_database()
    for name in made:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        TEMPLATES.pg_tests.pop(name, None)


@pytest.fixture(params=ENGINES)
def empty_url(request, tmp_path) -> str:
    """The URL of an empty database on each engine (nothing created yet)."""
    if request.param == "sqlite":
        return "sqlite://" + (tmp_path / "shop.db").as_posix()
    make = request.getfixturevalue("make_pg_database")
    if "database" in request.fixturenames and TEMPLATES.clock_is_default():
        # the fixture below would migrate it (and demo_database fill it): made once, a copy of the right template
        return make(_template_for(request, "postgresql"))
    return make()


def _template_for(request, engine: str):
    """What the test's database starts as: the session's demo shop where the test asked for ``demo_database``,
    else the migrated empty database."""
    if "demo_database" in request.fixturenames:
        return TEMPLATES.demo(engine, DEMO_SHOP)
    return TEMPLATES.migrated(engine)


@pytest.fixture
def database(empty_url, request) -> db.DatabaseInfo:
    """A fresh, migrated database bound to the models (a copy of the session's migrated database where the clock
    is the tests' default: see tests/db_templates.py; the demo shop's copy where the test asked for demo_database)."""
    template = None
    if TEMPLATES.clock_is_default():
        template = _template_for(request, engine_of(empty_url))
        if engine_of(empty_url) == "sqlite" and not db.sqlite_path(empty_url).exists():
            TEMPLATES.copy_sqlite(template, db.sqlite_path(empty_url))
    info = db.open_database(empty_url)
    if template is not None:
        TEMPLATES.run_clock_on(template)
        request.node.stash[_PLACED] = template
    return info


_PLACED = pytest.StashKey()  # the template the test's database was copied from


@pytest.fixture
def demo_database(database, request) -> DemoResult:
    """``database`` holding the demo shop (``demo_shop(seed=1)``): copied from the session's demo shop in one go (not
    the migrated copy first, compared, then replaced), else made as demo_shop makes it."""
    placed = request.node.stash.get(_PLACED, None)
    if placed is not None and placed.demo is not None:
        return placed.demo
    return demo_shop(seed=1)


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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    result = yield
    end_qt_leftovers()
    return result


def end_qt_leftovers() -> None:
    """A test's windows end with it. pytest-qt closes them and asks Qt to delete them later, but "later" was the
    next test's first event loop: until then a finished test's main window and sale screen still listened to the
    process-wide shop-settings signal (and its watch timer, started by that window, kept reading), so a setting
    changed in the next test repriced the old cart against the new test's database, and the old windows' timers
    fired inside the next test. Here they are deleted before the next test starts, and the watch is stopped."""
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is None:
        return
    signal_module = sys.modules.get("pos.ui.shop_signal")
    if signal_module is not None and signal_module._signal:
        signal_module._signal[0].timer.stop()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
