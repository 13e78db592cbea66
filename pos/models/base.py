"""The database proxy, the base model every table derives from, and the raw clock their defaults read.

``utcnow`` is the one place in the program that reads the machine's clock. ``pos.services.clock`` (the
shop clock everyone else asks) drives it through ``set_source``, so that a clock set by a test or a
demonstration also governs the rows' default timestamps. ``POS_CLOCK`` in the environment (an ISO moment,
UTC) starts the clock at that moment and lets it run on from there: how the tests fix the clock of a
``pos`` command they start as a separate process.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable

from peewee import DatabaseProxy, Model, PostgresqlDatabase

db = DatabaseProxy()


def locks_rows() -> bool:
    """PostgreSQL locks rows (SELECT … FOR UPDATE); SQLite's IMMEDIATE transactions lock the whole file."""
    return isinstance(db.obj, PostgresqlDatabase)


def machine_now() -> dt.datetime:
    """The machine's clock, in naive UTC."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def running_from(moment: dt.datetime) -> Callable[[], dt.datetime]:
    """A clock that reads ``moment`` now and runs on at the machine's pace (so rows still follow each other)."""
    started = time.monotonic()
    return lambda: moment + dt.timedelta(seconds=time.monotonic() - started)


def _from_environment() -> Callable[[], dt.datetime]:
    fixed = os.environ.get("POS_CLOCK", "").strip()
    return running_from(dt.datetime.fromisoformat(fixed)) if fixed else machine_now


_source: Callable[[], dt.datetime] = _from_environment()


def set_source(source: Callable[[], dt.datetime] | None) -> None:
    """Where "now" comes from (naive UTC); None: the machine's clock, or ``POS_CLOCK`` when it is set."""
    global _source
    _source = source or _from_environment()


def source() -> Callable[[], dt.datetime]:
    return _source


def utcnow() -> dt.datetime:
    """Naive UTC: every moment is stored in UTC (the shop's zone is a setting)."""
    return _source()


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False
