"""Finding a customer by a fragment of the name among 100,000: a trigram index on each engine.

SQLite: an FTS5 table with the trigram tokenizer (SQLite 3.34+), kept in step by
triggers. PostgreSQL: pg_trgm's GIN index on the name, when the extension can be
created (it needs a superuser once); without it the search still works, unindexed.
"""

from peewee import PostgresqlDatabase

_SQLITE = [
    "CREATE VIRTUAL TABLE customer_search USING fts5(name, content='customer', content_rowid='id', "
    "tokenize='trigram')",
    "INSERT INTO customer_search (rowid, name) SELECT id, name FROM customer",
    "CREATE TRIGGER customer_search_insert AFTER INSERT ON customer BEGIN "
    "INSERT INTO customer_search (rowid, name) VALUES (new.id, new.name); END",
    "CREATE TRIGGER customer_search_delete AFTER DELETE ON customer BEGIN "
    "INSERT INTO customer_search (customer_search, rowid, name) VALUES ('delete', old.id, old.name); END",
    "CREATE TRIGGER customer_search_update AFTER UPDATE OF name ON customer BEGIN "
    "INSERT INTO customer_search (customer_search, rowid, name) VALUES ('delete', old.id, old.name); "
    "INSERT INTO customer_search (rowid, name) VALUES (new.id, new.name); END",
]


def up(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        try:
            with db.atomic():
                db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                db.execute_sql("CREATE INDEX customer_name_trgm ON customer USING gin (name gin_trgm_ops)")
        except Exception:  # noqa: BLE001 - no right to create the extension: searching works, unindexed
            pass
        return
    for statement in _SQLITE:
        db.execute_sql(statement)


def down(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("DROP INDEX IF EXISTS customer_name_trgm")
        return
    for name in ("insert", "delete", "update"):
        db.execute_sql(f"DROP TRIGGER customer_search_{name}")
    db.execute_sql("DROP TABLE customer_search")
