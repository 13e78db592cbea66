"""A void's record (the refund row that cancels a voided sale) is voided too, like the sale it cancels.

Until now only the sale was marked voided; its record stayed a completed refund, so that readers counted
the sale as a sale and took it back as a refund. From now on both rows of a void carry status 'voided' and
neither counts: a report reads sales and refunds with status 'completed'.
"""


def up(migrator, db):
    db.execute_sql("UPDATE sale SET status = 'voided' WHERE kind = 'refund' AND refund_of_id IN "
                   "(SELECT o.id FROM sale o WHERE o.status = 'voided')")


def down(migrator, db):
    db.execute_sql("UPDATE sale SET status = 'completed' WHERE kind = 'refund' AND status = 'voided'")
