"""The shop's clock: what "now" and "today" are, for every service, window and command.

Moments are stored in naive UTC; the shop's day and the hours a person reads are in the shop's time zone
(a shop setting, default Asia/Jakarta). Nothing else in ``pos/`` reads the machine's clock
(``tests/test_layers.py`` refuses it): the raw source is ``pos.models.base.utcnow``, which the tables'
default timestamps read too, and this module drives it, so a clock set here also stamps the rows.

Tests (and demonstrations) set the clock: ``set_now(moment)`` stops it at a moment, ``set_now(moment,
running=True)`` starts it there and lets it run, ``frozen(moment)`` does it for a ``with`` block, and
``reset()`` gives the machine's clock back. Parameters such as ``now=``, ``at=`` and ``today=`` that the
services take stay: a caller that knows its moment passes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from pos.models import base
from pos.settings import SHOP_OPTIONS, option
from pos.services.access import ANYONE, READ, allowed
from pos.services.shop_settings import shop_settings

DEFAULT_ZONE: str = option(SHOP_OPTIONS, "time_zone").default


@allowed(READ)
def now() -> dt.datetime:
    """This moment in naive UTC, as stored."""
    return base.utcnow()


@allowed(READ)
def zone_name() -> str:
    """The shop's time zone; the default while no database is open (a backup of a closed file)."""
    return zone().key


@allowed(READ)
def zone() -> ZoneInfo:
    """The shop's time zone (from the typed shop settings); the default while no database is open."""
    return ZoneInfo(DEFAULT_ZONE) if base.db.obj is None else shop_settings().time_zone


@allowed(READ)
def local(moment: dt.datetime, zone_: ZoneInfo | None = None) -> dt.datetime:
    """A stored UTC moment on the shop's clock (naive local time)."""
    return moment.replace(tzinfo=dt.timezone.utc).astimezone(zone_ or zone()).replace(tzinfo=None)


@allowed(READ)
def to_utc(moment: dt.datetime, zone_: ZoneInfo | None = None) -> dt.datetime:
    """A moment on the shop's clock (as a person types it) in naive UTC, as stored."""
    return moment.replace(tzinfo=zone_ or zone()).astimezone(dt.timezone.utc).replace(tzinfo=None)


@allowed(READ)
def local_date(moment: dt.datetime, zone_: ZoneInfo | None = None) -> dt.date:
    """The shop's day of a stored UTC moment."""
    return local(moment, zone_).date()


@allowed(READ)
def day_start(day: dt.date, zone_: ZoneInfo | None = None) -> dt.datetime:
    """The moment (naive UTC) the shop's day ``day`` begins; the day runs until the next one begins."""
    return to_utc(dt.datetime.combine(day, dt.time()), zone_)


@allowed(READ)
def local_now() -> dt.datetime:
    return local(now())


@allowed(READ)
def today() -> dt.date:
    """The shop's day now (not the machine's, nor UTC's: they differ for hours every day)."""
    return local_now().date()


@allowed(ANYONE, why="sets this process's shop clock (tests, the demo); nothing is stored")
def set_now(moment: dt.datetime | None, *, running: bool = False) -> None:
    """Stop the clock at ``moment`` (naive UTC), or start it there and let it run; None: the machine's clock."""
    if moment is None:
        base.set_source(None)
    elif running:
        base.set_source(base.running_from(moment))
    else:
        base.set_source(lambda: moment)


@allowed(ANYONE, why="sets this process's shop clock back; nothing is stored")
def reset() -> None:
    set_now(None)


@allowed(ANYONE, why="sets this process's shop clock for a while; nothing is stored")
@contextmanager
def frozen(moment: dt.datetime) -> Iterator[None]:
    """The clock stopped at ``moment`` (naive UTC) for a ``with`` block, then as it was before."""
    before = base.source()
    set_now(moment)
    try:
        yield
    finally:
        base.set_source(before)
