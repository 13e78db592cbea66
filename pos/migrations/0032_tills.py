"""The shop's tills as rows (issue #21): id, name, the computer that holds it, and when it was last seen.

Tills already used before this migration (their shifts, counters or sales name them) become rows, free: the
first computer that starts on its till id after the upgrade holds it (pos.services.tills.start_at_till).
Self-contained on purpose: a migration imports nothing of the program.
"""

import datetime as dt

from peewee import CharField, DateTimeField, Model


def _table(db):
    class Till(Model):
        id = CharField(primary_key=True, max_length=6)
        name = CharField(default="")
        computer_id = CharField(null=True)
        computer_name = CharField(default="")
        claimed_at = DateTimeField(null=True)
        last_seen = DateTimeField(null=True)
        created_at = DateTimeField(default=lambda: dt.datetime(2026, 1, 1))

        class Meta:
            database = db
            table_name = "till"

    return Till


def up(migrator, db):
    till = _table(db)
    till.create_table(safe=False)
    used = set()
    for table in ("shift", "till_counter", "sale"):
        used.update(row[0] for row in db.execute_sql(f"SELECT DISTINCT till_id FROM {table}").fetchall() if row[0])
    first = db.execute_sql("SELECT MIN(created_at) FROM staff_user").fetchone()[0]  # a migration reads no clock
    if isinstance(first, str):
        first = dt.datetime.fromisoformat(first[:19])
    for till_id in sorted(t for t in used if len(t) <= 6):
        till.insert(id=till_id, name="", created_at=first or dt.datetime(2026, 1, 1)).execute()


def down(migrator, db):
    db.execute_sql("DROP TABLE till")
