"""A promotion limited in total ("the first 50 customers", "100 cups"): how many sales may use it, across all
customers and tills (issue #22 item 10). Empty: no limit. The uses are counted from the stored sales at
checkout, with the promotion's row held (pos.services.promotion_limits)."""


def up(migrator, db):
    db.execute_sql("ALTER TABLE promotion ADD COLUMN max_uses_total INTEGER")


def down(migrator, db):
    db.execute_sql("ALTER TABLE promotion DROP COLUMN max_uses_total")
