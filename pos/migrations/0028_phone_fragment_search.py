"""Finding a customer by the last digits of the phone ("yang belakangnya 0974") among 100,000.

Four digits or more typed are matched anywhere in the stored number (E.164, +6281234560974), from a
trigram index on each engine: SQLite an FTS5 trigram table on the phone kept in step by triggers (as
migration 0009 does for the name), PostgreSQL pg_trgm's GIN index on the phone (without the extension
the search still works, unindexed).
"""

from peewee import PostgresqlDatabase

_SQLITE = [
    "CREATE VIRTUAL TABLE customer_phone_search USING fts5(phone, content='customer', content_rowid='id', "
    "tokenize='trigram')",
    "INSERT INTO customer_phone_search (rowid, phone) SELECT id, phone FROM customer WHERE phone IS NOT NULL",
    "CREATE TRIGGER customer_phone_search_insert AFTER INSERT ON customer WHEN new.phone IS NOT NULL BEGIN "
    "INSERT INTO customer_phone_search (rowid, phone) VALUES (new.id, new.phone); END",
    "CREATE TRIGGER customer_phone_search_delete AFTER DELETE ON customer WHEN old.phone IS NOT NULL BEGIN "
    "INSERT INTO customer_phone_search (customer_phone_search, rowid, phone) VALUES ('delete', old.id, old.phone); "
    "END",
    "CREATE TRIGGER customer_phone_search_update_old AFTER UPDATE OF phone ON customer WHEN old.phone IS NOT NULL "
    "BEGIN INSERT INTO customer_phone_search (customer_phone_search, rowid, phone) "
    "VALUES ('delete', old.id, old.phone); END",
    "CREATE TRIGGER customer_phone_search_update_new AFTER UPDATE OF phone ON customer WHEN new.phone IS NOT NULL "
    "BEGIN INSERT INTO customer_phone_search (rowid, phone) VALUES (new.id, new.phone); END",
]


def up(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        try:
            with db.atomic():
                db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                db.execute_sql("CREATE INDEX customer_phone_trgm ON customer USING gin (phone gin_trgm_ops)")
        except Exception:  # noqa: BLE001 - no right to create the extension: searching works, unindexed
            pass
        return
    for statement in _SQLITE:
        db.execute_sql(statement)


def down(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("DROP INDEX IF EXISTS customer_phone_trgm")
        return
    for name in ("insert", "delete", "update_old", "update_new"):
        db.execute_sql(f"DROP TRIGGER customer_phone_search_{name}")
    db.execute_sql("DROP TABLE customer_phone_search")
