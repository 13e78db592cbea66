"""The database proxy and the base model every table derives from."""

from __future__ import annotations

import datetime as dt

from peewee import DatabaseProxy, Model

db = DatabaseProxy()


def utcnow() -> dt.datetime:
    """Naive UTC: every moment is stored in UTC (the shop's zone is a setting)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False
