"""Two things the day's figures could not be read from.

A void's record (the refund row that cancels a voided sale) is voided too, like the sale it cancels. Until
now only the sale was marked voided; its record stayed a completed refund, so that readers counted the sale
as a sale and took it back as a refund. From now on both rows of a void carry status 'voided' and neither
counts: a report reads sales and refunds with status 'completed'.

A kasbon payment keeps how it was paid (cash, QRIS, transfer, card) in ``kasbon_entry.method``, so that the
recap shows kasbon paid back by transfer under transfer too ("" for the entries of sales and earlier ones).
"""

from peewee import CharField


def void_records(db) -> None:
    db.execute_sql("UPDATE sale SET status = 'voided' WHERE kind = 'refund' AND refund_of_id IN "
                   "(SELECT o.id FROM sale o WHERE o.status = 'voided')")


def up(migrator, db):
    migrator.migrate(migrator.add_column("kasbon_entry", "method", CharField(default="")))
    void_records(db)


def down(migrator, db):
    db.execute_sql("UPDATE sale SET status = 'completed' WHERE kind = 'refund' AND status = 'voided'")
    migrator.migrate(migrator.drop_column("kasbon_entry", "method"))
