"""Each customer's purchases as (customer, shop day, total, counts as a visit), customer by customer in time
order, read in one pass over the index of migration 0015.

The bring-them-back lists read every sale a customer ever made (a million rows after a few years); the shop
day is worked out in SQL as a day number (Python's date.toordinal()) with the shop's UTC offset, which spares
Python a date per row. One offset serves the whole history: Indonesia keeps no daylight saving time.
"""

from __future__ import annotations

from peewee import PostgresqlDatabase

from pos.models.base import db

_SQLITE = ("SELECT customer_id, CAST(julianday(created_at) + {p} / 86400.0 - 1721424.5 AS INTEGER), total, "
           "kind = 'sale' AND status = 'completed' FROM sale WHERE customer_id IS NOT NULL "
           "ORDER BY customer_id, created_at")
_POSTGRES = ("SELECT customer_id, CAST(FLOOR((EXTRACT(EPOCH FROM created_at) + {p}) / 86400) AS INTEGER) + 719163, "
             "total, kind = 'sale' AND status = 'completed' FROM sale WHERE customer_id IS NOT NULL "
             "ORDER BY customer_id, created_at")


def customer_days(offset_seconds: int):
    """(customer id, shop day number, total, True when a completed sale and not a refund), each customer's rows
    together and in time order."""
    text = _POSTGRES if isinstance(db.obj, PostgresqlDatabase) else _SQLITE
    return db.execute_sql(text.format(p=db.obj.param), (offset_seconds,))
