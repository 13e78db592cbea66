"""Each customer's purchases as (customer, shop day, total, counts as a visit), customer by customer in time
order, read in one pass over the index of migration 0015.

The bring-them-back lists read every sale a customer ever made (a million rows after a few years); the shop
day is worked out in SQL as a day number (Python's date.toordinal()) with the shop's UTC offset, which spares
Python a date per row. One offset serves the whole history: Indonesia keeps no daylight saving time.

The visit summary (migration 0029) is built from the same rows with the same day expression, so the two agree
to the day, even on the stroke of midnight.
"""

from __future__ import annotations

from peewee import PostgresqlDatabase

from pos.models.base import db

_DAY = {
    "sqlite": "CAST(julianday({at}) + {offset} / 86400.0 - 1721424.5 AS INTEGER)",
    "postgres": "CAST(FLOOR((EXTRACT(EPOCH FROM {at}) + {offset}) / 86400) AS INTEGER) + 719163",
}
_ROWS = ("SELECT customer_id, {day}, total, kind = 'sale' AND status = 'completed' FROM sale "
         "WHERE {where} ORDER BY customer_id, created_at")


def _engine() -> str:
    return "postgres" if isinstance(db.obj, PostgresqlDatabase) else "sqlite"


def customer_days(offset_seconds: int, customer_id: int | None = None):
    """(customer id, shop day number, total, True when a completed sale and not a refund), each customer's rows
    together and in time order; only one customer's when given."""
    p = db.obj.param
    day = _DAY[_engine()].format(at="created_at", offset=p)
    if customer_id is None:
        return db.execute_sql(_ROWS.format(day=day, where="customer_id IS NOT NULL"), (offset_seconds,))
    return db.execute_sql(_ROWS.format(day=day, where=f"customer_id = {p}"), (offset_seconds, customer_id))


def day_of(at: str, offset: str) -> str:
    """The SQL of a shop day number of the moment ``at`` with the UTC offset ``offset`` (both SQL expressions)."""
    return _DAY[_engine()].format(at=at, offset=offset)


def sale_day_and_summary(sale_id: int, customer_id: int):
    """(the summary's offset, the sale's shop day with it, the customer's visit days, their spend) — the two
    last None when the customer has no summary yet; no row when the summary has no offset (never built)."""
    p = db.obj.param
    day = _DAY[_engine()].format(at="s.created_at", offset="st.offset_seconds")
    return db.execute_sql(
        f"SELECT st.offset_seconds, {day}, v.days, v.spend FROM visit_summary_state st "
        f"JOIN sale s ON s.id = {p} LEFT JOIN visit_summary v ON v.customer_id = {p} WHERE st.id = 1",
        (sale_id, customer_id)).fetchone()


def upsert_summary(row: tuple) -> None:
    """Write one customer's summary: (customer, first day, last day, visits, spend, usual interval, days)."""
    p = db.obj.param
    db.execute_sql(
        "INSERT INTO visit_summary (customer_id, first_day, last_day, visits, spend, usual_interval, days) "
        f"VALUES ({', '.join([p] * 7)}) ON CONFLICT (customer_id) DO UPDATE SET first_day = excluded.first_day, "
        "last_day = excluded.last_day, visits = excluded.visits, spend = excluded.spend, "
        "usual_interval = excluded.usual_interval, days = excluded.days", row)


def insert_summary_if_new(row: tuple) -> bool:
    """Write a customer's first summary (the row as for ``upsert_summary``); False when another till's sale wrote
    one meanwhile (nothing written: read it with ``locked_summary`` and write again)."""
    p = db.obj.param
    cursor = db.execute_sql(
        "INSERT INTO visit_summary (customer_id, first_day, last_day, visits, spend, usual_interval, days) "
        f"VALUES ({', '.join([p] * 7)}) ON CONFLICT (customer_id) DO NOTHING", row)
    return cursor.rowcount == 1


def locked_summary(customer_id: int):
    """(visit days, spend) of a customer's summary, its row locked on PostgreSQL until the transaction ends."""
    lock = " FOR UPDATE" if isinstance(db.obj, PostgresqlDatabase) else ""
    return db.execute_sql(f"SELECT days, spend FROM visit_summary WHERE customer_id = {db.obj.param}{lock}",
                          (customer_id,)).fetchone()


SUMMARY_COLUMNS = "customer_id, first_day, last_day, visits, spend, usual_interval"


def active_summaries(last_day_until: int | None = None, by_spend: bool = False):
    """The summary columns above and the book's (name, phone, consent) of every active customer with a visit,
    in customer order (or the most spent first); only those whose last visit is on or before a day when given."""
    p = db.obj.param
    until = f" AND v.last_day <= {p}" if last_day_until is not None else ""
    order = "v.spend DESC, v.customer_id" if by_spend else "v.customer_id"
    columns = ", ".join(f"v.{c}" for c in SUMMARY_COLUMNS.split(", "))
    return db.execute_sql(f"SELECT {columns}, c.name, c.phone, c.promo_consent FROM visit_summary v "
                          f"JOIN customer c ON c.id = v.customer_id WHERE v.visits > 0 AND c.active{until} "
                          f"ORDER BY {order}", () if last_day_until is None else (last_day_until,))


def summaries(with_days: bool = False):
    """Every customer with at least one visit, in customer order: the columns above (and the days)."""
    days = ", days" if with_days else ""
    return db.execute_sql(f"SELECT {SUMMARY_COLUMNS}{days} FROM visit_summary WHERE visits > 0 "
                          "ORDER BY customer_id")
