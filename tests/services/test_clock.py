"""The shop clock: "now" in UTC as stored, "today" in the shop's zone, set by tests, stamping the rows too."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from pos.models import AuditEntry
from pos.services import clock
from pos.services.audit import record
from pos.services.shop import _update_shop_settings

EVENING_UTC = dt.datetime(2026, 11, 27, 18, 30)  # Friday evening in UTC, Saturday 01:30 in Jakarta


def test_today_is_the_shops_day_not_utcs():
    with clock.frozen(EVENING_UTC):
        assert clock.now() == EVENING_UTC
        assert clock.today() == dt.date(2026, 11, 28)  # no database open: the default zone, Asia/Jakarta
        assert clock.local_now() == dt.datetime(2026, 11, 28, 1, 30)
    assert clock.to_utc(dt.datetime(2026, 11, 28, 1, 30)) == EVENING_UTC


def test_the_zone_comes_from_the_shop_settings(database):
    with clock.frozen(EVENING_UTC):
        _update_shop_settings({"time_zone": "Europe/London"})
        assert clock.today() == dt.date(2026, 11, 27)
        _update_shop_settings({"time_zone": "Asia/Makassar"})  # UTC+8
        assert clock.local_now() == dt.datetime(2026, 11, 28, 2, 30)


def test_a_set_clock_stamps_the_rows_and_frozen_gives_the_clock_back(database, shop_clock):
    with clock.frozen(EVENING_UTC):
        record("test.clock")
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).first().at == EVENING_UTC
    assert shop_clock <= clock.now() < shop_clock + dt.timedelta(minutes=10)  # the test's running clock again


def test_a_running_clock_runs_on_from_its_moment():
    clock.set_now(EVENING_UTC, running=True)
    first, second = clock.now(), clock.now()
    assert EVENING_UTC <= first <= second < EVENING_UTC + dt.timedelta(minutes=1)


def test_a_pos_command_reads_the_clock_the_test_set(shop_clock):
    """POS_CLOCK (set by tests/conftest.py) reaches a command started as its own process."""
    code = "from pos.services import clock; print(clock.now().isoformat(), clock.today().isoformat())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert dt.datetime.fromisoformat(out[0]) - shop_clock < dt.timedelta(minutes=1)
    assert out[1] == clock.local_date(shop_clock).isoformat()
