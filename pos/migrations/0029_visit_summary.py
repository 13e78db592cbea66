"""Each customer's visits in one row (first and last visit, visits, usual interval, spend, the days), filled
here from the sales a shop has already; services/visits.py keeps it from then on (issue 20: the lapsed and
RFM lists at 3,000,000 sale lines).

Self-contained on purpose (a migration imports nothing of the program): the shop day and the grouping are the
same as models/visit_queries.py and services/visits.py, and tests/services/test_visits.py checks that this
fill and `pos visits --rebuild` write the same rows.
"""

import datetime as dt
import json
from statistics import median
from zoneinfo import ZoneInfo

from peewee import BigIntegerField, IntegerField, Model, PostgresqlDatabase, TextField

_SQLITE_DAY = "CAST(julianday(created_at) + {p} / 86400.0 - 1721424.5 AS INTEGER)"
_POSTGRES_DAY = "CAST(FLOOR((EXTRACT(EPOCH FROM created_at) + {p}) / 86400) AS INTEGER) + 719163"


def _tables(db):
    class VisitSummary(Model):
        customer_id = IntegerField(primary_key=True)
        first_day = IntegerField()
        last_day = IntegerField()
        visits = IntegerField()
        spend = BigIntegerField()
        usual_interval = IntegerField(null=True)
        days = TextField(default="")

        class Meta:
            database = db
            table_name = "visit_summary"

    class VisitSummaryState(Model):
        id = IntegerField(primary_key=True)
        offset_seconds = IntegerField()

        class Meta:
            database = db
            table_name = "visit_summary_state"

    return VisitSummary, VisitSummaryState


def _offset(db) -> int:
    row = db.execute_sql(f'SELECT value FROM shop_setting WHERE "key" = {db.param}', ("time_zone",)).fetchone()
    try:
        zone = ZoneInfo(json.loads(row[0])) if row else ZoneInfo("Asia/Jakarta")
    except Exception:  # noqa: BLE001 - an unreadable setting reads as the default, as the shop's settings do
        zone = ZoneInfo("Asia/Jakarta")
    # the offset at the last sale (a migration reads no clock); a zone with summer time that has moved since
    # makes the lists read the sales until `pos visits --rebuild`, as after any change of the time zone
    last = db.execute_sql("SELECT MAX(created_at) FROM sale").fetchone()[0]
    if isinstance(last, str):
        last = dt.datetime.fromisoformat(last[:19])
    moment = (last or dt.datetime(2026, 1, 1)).replace(tzinfo=dt.timezone.utc).astimezone(zone)
    return int(moment.replace(hour=12, minute=0, second=0, microsecond=0).utcoffset().total_seconds())


def _row(customer, days, spend):
    if not days:
        return (customer, 0, 0, 0, spend, None, "")
    interval = round(median([b - a for a, b in zip(days, days[1:])])) if len(days) >= 3 else None
    return (customer, days[0], days[-1], len(days), spend, interval, ",".join(map(str, days)))


def fill(db) -> int:
    """Write every customer's summary from the stored sales; returns how many."""
    summary, state = _tables(db)
    offset = _offset(db)
    day = (_POSTGRES_DAY if isinstance(db, PostgresqlDatabase) else _SQLITE_DAY).format(p=db.param)
    cursor = db.execute_sql(f"SELECT customer_id, {day}, total, kind = 'sale' AND status = 'completed' FROM sale "
                            "WHERE customer_id IS NOT NULL ORDER BY customer_id, created_at", (offset,))
    rows, current, days, spend = [], None, [], 0
    for customer, number, total, visit in cursor.fetchall():
        if customer != current:
            if current is not None:
                rows.append(_row(current, days, spend))
            current, days, spend = customer, [], 0
        spend += total
        if visit and (not days or days[-1] != number):
            days.append(number)
    if current is not None:
        rows.append(_row(current, days, spend))
    summary.delete().execute()
    fields = [summary.customer_id, summary.first_day, summary.last_day, summary.visits, summary.spend,
              summary.usual_interval, summary.days]
    for start in range(0, len(rows), 500):
        summary.insert_many(rows[start:start + 500], fields=fields).execute()
    state.delete().execute()
    state.insert(id=1, offset_seconds=offset).execute()
    return len(rows)


def up(migrator, db):
    db.execute_sql("CREATE TABLE visit_summary (customer_id INTEGER NOT NULL PRIMARY KEY REFERENCES customer (id), "
                   "first_day INTEGER NOT NULL, last_day INTEGER NOT NULL, visits INTEGER NOT NULL, "
                   "spend BIGINT NOT NULL, usual_interval INTEGER, days TEXT NOT NULL)")
    db.execute_sql("CREATE TABLE visit_summary_state (id INTEGER NOT NULL PRIMARY KEY, "
                   "offset_seconds INTEGER NOT NULL)")
    fill(db)


def down(migrator, db):
    db.execute_sql("DROP TABLE visit_summary_state")
    db.execute_sql("DROP TABLE visit_summary")
