"""The audit log refuses TRUNCATE too (PostgreSQL): migration 0002's row triggers never see a TRUNCATE,
which empties the table without touching a row. A statement-level BEFORE TRUNCATE trigger raises.

SQLite has no TRUNCATE (``DELETE FROM audit_entry`` is a delete, refused by 0002's trigger).
"""

from peewee import PostgresqlDatabase


def up(migrator, db):
    if isinstance(db, PostgresqlDatabase):  # the function audit_entry_append_only() comes from 0002
        db.execute_sql("CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
                       "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()")


def down(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("DROP TRIGGER audit_entry_no_truncate ON audit_entry")
