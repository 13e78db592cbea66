"""Make the audit log append-only: the database itself refuses UPDATE and DELETE."""

from peewee import PostgresqlDatabase

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_entry is append-only';
END;
$$ LANGUAGE plpgsql
"""


def up(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql(_PG_FUNCTION)
        db.execute_sql(
            "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
            "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()"
        )
        return
    for event in ("UPDATE", "DELETE"):
        db.execute_sql(
            f"CREATE TRIGGER audit_entry_no_{event.lower()} BEFORE {event} ON audit_entry "
            "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END"
        )


def down(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("DROP TRIGGER audit_entry_append_only ON audit_entry")
        db.execute_sql("DROP FUNCTION audit_entry_append_only()")
        return
    for event in ("update", "delete"):
        db.execute_sql(f"DROP TRIGGER audit_entry_no_{event}")
