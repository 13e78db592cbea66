"""A print job can be *sent, not confirmed*: a network printer's network took the bytes, but the printer never
proved it read them (no ``?status=1``, or no answer to it). Such a job is shown in the print queue to print
again. Only the status check of print_job changes (SQLite rebuilds the table to change a CHECK)."""

from peewee import PostgresqlDatabase

OLD = "('queued', 'printed', 'cancelled')"
NEW = "('queued', 'sent', 'printed', 'cancelled')"


def _change_check(db, old: str, new: str) -> None:
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("ALTER TABLE print_job DROP CONSTRAINT IF EXISTS print_job_status_check")
        db.execute_sql(f"ALTER TABLE print_job ADD CONSTRAINT print_job_status_check CHECK (status IN {new})")
        return
    table_sql = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'print_job'"
                               ).fetchone()[0]
    index_sql = [r[0] for r in db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'print_job' AND sql IS NOT NULL")]
    if old not in table_sql:
        raise RuntimeError("print_job: the status check is not the one this migration knows")
    rebuilt = table_sql.replace(old, new).replace('"print_job"', '"print_job_new"', 1)
    db.execute_sql(rebuilt)
    db.execute_sql('INSERT INTO "print_job_new" SELECT * FROM "print_job"')
    db.execute_sql('DROP TABLE "print_job"')
    db.execute_sql('ALTER TABLE "print_job_new" RENAME TO "print_job"')
    for sql in index_sql:
        db.execute_sql(sql)


def up(migrator, db):
    _change_check(db, OLD, NEW)


def down(migrator, db):
    db.execute_sql("UPDATE print_job SET status = 'printed' WHERE status = 'sent'")
    _change_check(db, NEW, OLD)
