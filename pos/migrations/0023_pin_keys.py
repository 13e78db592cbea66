"""PIN keys and a lock-out for the whole shop (issue #18).

- pin_salt: the shop's one salt (random, made here); staff_user.pin_key: each person's PIN derived with it at
  a cost of about 0.25 s (pos/services/pin_keys.py). Old per-person hashes stay in pin_hash and keep working;
  a row gets its key, and loses the old hash, the next time its PIN is typed right.
- login_guard.window_started: wrong PINs are counted for the shop, not per till; the old per-till rows go.
"""

import os

from peewee import CharField, DateTimeField, Model


def up(migrator, db):
    class PinSalt(Model):
        salt = CharField()

        class Meta:
            database = db
            table_name = "pin_salt"

    db.create_tables([PinSalt])
    PinSalt.create(salt=os.urandom(16).hex())
    migrator.migrate(migrator.add_column("staff_user", "pin_key", CharField(null=True)),
                     migrator.add_column("login_guard", "window_started", DateTimeField(null=True)))
    db.execute_sql("DELETE FROM login_guard")  # counts per till and "pin-change": now one count per prompt


def down(migrator, db):
    migrator.migrate(migrator.drop_column("login_guard", "window_started"),
                     migrator.drop_column("staff_user", "pin_key"), migrator.drop_table("pin_salt"))
