"""``pos db copy``: a whole shop from one database into another, empty one (SQLite ⇄ PostgreSQL).

The source is only read: a SQLite file is opened read-only, a PostgreSQL database in one read-only, repeatable-read
transaction, so the copy is one moment of the shop even if a till is still selling. The target must be empty (no
tables, or only what a new database's migrations put in); it is brought to the source's schema version, then
filled in ONE transaction: every table with its ids, counters, ledgers, audit entries and documents' records, the
PostgreSQL sequences moved past the highest id, and, before the commit, every table's row count and the sum of
each money column compared with the source's. Any failure (or a difference) rolls it all back; a SQLite file the
copy created is removed again.

Files: the database points at none. Product pictures, the logo and print jobs are inside it and travel with it;
invoices, statements and member cards are records that any till prints again. PDFs already written into a
computer's ``documents`` folder stay on that computer (copy the folder by hand to keep them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import peewee
from peewee import Database, DatabaseError, Model, PostgresqlDatabase, SqliteDatabase

from pos.i18n import _
from pos.services import db
from pos.services.access import ANYONE, allowed
from pos.services.copy_plan import TablePlan, copy_order, row_counts, single_key, tables_with_data
from pos.services.errors import DatabaseUnavailable, InvalidInput, PosError, first_line
from pos.services.sqlite_files import read_only_uri

Report = Callable[[int, int], None]  # progress(done, total); may raise to cancel (pos.ui.tasks.Progress)
BATCH = 1000  # rows read and written at a time


class CopyRefused(InvalidInput):
    """The copy cannot start (a target that holds a shop, a schema that differs); nothing was written."""


class CopyFailed(DatabaseUnavailable):
    """The target refused part of the copy; the copy was rolled back."""


class CopyMismatch(PosError):
    """The check after the copy found a difference; the copy was rolled back."""


@dataclass(frozen=True)
class Figure:
    """One line of the check: a table's row count (``column`` "") or the sum of one of its money columns."""

    table: str
    column: str
    source: int
    copy: int

    @property
    def equal(self) -> bool:
        return self.source == self.copy


@dataclass(frozen=True)
class CopyResult:
    source: str  # URLs with any password hidden
    target: str
    schema_version: int
    rows: int
    figures: tuple[Figure, ...]
    migrated_target: bool  # the target had no tables: the copy made them


@allowed(ANYONE, why="needs both databases' addresses with their passwords; reads the source, writes only an "
                     "empty target")
def copy_database(source_url: str, target_url: str, progress: Report | None = None) -> CopyResult:
    """Copy the shop at ``source_url`` into the empty database at ``target_url`` (see the module's text)."""
    report = progress or (lambda done, total: None)
    if _same_database(source_url, target_url):
        raise CopyRefused(_("The source and the target are the same database."))
    source = _open_source(source_url)
    try:
        version = _source_version(source, source_url)
        target, created = _open_target(target_url)
        try:
            return _copy(source, target, source_url, target_url, version, report)
        except DatabaseError as exc:  # the server refused a row, a right, a constraint: all rolled back
            target.close()
            if created is not None:
                _remove_sqlite(created)
            raise CopyFailed(_("The copy failed and nothing was kept in the target: {reason}. (Into a server, copy "
                               "with the administrator's login, as pos server init says.)")
                             .format(reason=first_line(exc))) from None
        except BaseException:
            target.close()
            if created is not None:
                _remove_sqlite(created)
            raise
        finally:
            if not target.is_closed():
                target.close()
    finally:
        source.close()


def _same_database(a: str, b: str) -> bool:
    if db.url_engine(a) != db.url_engine(b):
        return False
    if db.url_engine(a) == "sqlite":
        return db.sqlite_path(a).resolve() == db.sqlite_path(b).resolve()
    return db.hide_password(a).rstrip("/") == db.hide_password(b).rstrip("/")


# --- the two sides ------------------------------------------------------------------------------


def _open_source(url: str) -> Database:
    if db.url_engine(url) == "postgresql":
        source = db.connect(url)
        source.execute_sql("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return source
    path = db.sqlite_path(url)
    if not path.is_file():
        raise DatabaseUnavailable(_("There is no database file {path} to copy from.").format(path=path))
    source = SqliteDatabase(read_only_uri(path), uri=True, timeout=10, pragmas=(("busy_timeout", 10000),))
    try:
        source.connect()
        source.execute_sql("BEGIN")  # one read transaction: one moment of the shop, even while a till sells
        source.execute_sql("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except DatabaseError as exc:
        source.close()
        raise DatabaseUnavailable(_("{path} cannot be opened as a database: {reason}")
                                  .format(path=path, reason=first_line(exc))) from None
    return source


def _source_version(source: Database, url: str) -> int:
    applied = db.applied_migrations(source)
    known = db.known_migrations()
    theirs, ours = db.schema_version_of(applied), db.schema_version_of(known)
    if not applied:
        raise CopyRefused(_("{url} holds no Langganan shop.").format(url=db.hide_password(url)))
    if set(applied) - set(known):
        raise CopyRefused(_("The source was made by a newer version of Langganan (schema {theirs}; this program "
                            "knows {ours}). Copy it with that version.").format(theirs=theirs, ours=ours))
    if set(known) - set(applied):
        raise CopyRefused(_("The source has schema {theirs}, older than this program's {ours}: open it once with "
                            "this version to upgrade it (on a server: pos server upgrade), then copy it.")
                          .format(theirs=theirs, ours=ours))
    return ours


def _open_target(url: str) -> tuple[Database, Path | None]:
    """The target, connected; the SQLite file when this call created it (removed again if the copy fails)."""
    created = None
    if db.url_engine(url) == "sqlite":
        path = db.sqlite_path(url)
        created = None if path.exists() else path
    try:
        return db.connect(url), created
    except BaseException:
        if created is not None:
            _remove_sqlite(created)
        raise


def _remove_sqlite(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        leftover.unlink(missing_ok=True)


def _prepare_target(target: Database, url: str) -> bool:
    """Refuse a target with another schema or with a shop in it (nothing written); migrate one without tables.
    True when it was migrated here."""
    if not target.get_tables():
        db.migrate(target)
        return True
    applied, known = db.applied_migrations(target), db.known_migrations()
    if sorted(applied) != sorted(known):
        raise CopyRefused(_("{url} already holds tables of another schema version ({theirs}); copy into an empty "
                            "database.").format(url=db.hide_password(url), theirs=db.schema_version_of(applied)))
    full = tables_with_data(row_counts(target, copy_order(target)))
    if full:
        raise CopyRefused(_("{url} already holds a shop (rows in {tables}); nothing was copied. Copy into an "
                            "empty database.").format(url=db.hide_password(url), tables=", ".join(full[:5])))
    return False


# --- the copy -----------------------------------------------------------------------------------


def _copy(source: Database, target: Database, source_url: str, target_url: str, version: int,
          report: Report) -> CopyResult:
    migrated = _prepare_target(target, target_url)
    plans = copy_order(target)
    counts = row_counts(source, plans)
    total, done = sum(counts.values()), 0
    report(0, total)
    with target.atomic():
        _empty(target, plans)
        for plan in plans:
            for copied in _copy_table(source, target, plan):
                done += copied
                report(done, total)
        if isinstance(target, PostgresqlDatabase):
            _move_sequences(target, plans)
        figures = tuple(f for plan in plans for f in _figures(source, target, plan))
        wrong = [f for f in figures if not f.equal]
        if wrong:
            raise CopyMismatch(_("The copy differs from the source in {what}; nothing was kept.")
                               .format(what=", ".join(f"{f.table} {f.column or 'rows'}" for f in wrong[:5])))
    return CopyResult(db.hide_password(source_url), db.hide_password(target_url), version, total, figures,
                      migrated)


def _empty(target: Database, plans: list[TablePlan]) -> None:
    """Take out the rows the migrations put in (they come again from the source), children first."""
    for plan in reversed(plans):
        if target.execute_sql(f'SELECT 1 FROM "{plan.table}" LIMIT 1').fetchone():
            target.execute_sql(f'DELETE FROM "{plan.table}"')


def _copy_table(source: Database, target: Database, plan: TablePlan) -> Iterator[int]:
    """Insert the table's rows in batches, in id order (one statement, many rows: ``executemany``, pipelined by
    psycopg); yield each batch's size."""
    model = plan.model
    fields = model._meta.sorted_fields
    pk = model._meta.primary_key
    index = {f.name: i for i, f in enumerate(fields)}
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    insert = f'INSERT INTO "{plan.table}" ({columns}) VALUES ({", ".join([target.param] * len(fields))})'
    later: list[tuple[object, str, object]] = []  # (id, field, value): references to rows not inserted yet
    for rows in _batches(source, model, BATCH):
        if plan.self_refs:
            rows = [_hold_back(row, index, pk.name, plan.self_refs, later) for row in rows]
        with peewee.__exception_wrapper__:  # the driver's errors as peewee's, as every other statement's
            target.cursor().executemany(insert, [tuple(_stored(f, v) for f, v in zip(fields, row))
                                                 for row in rows])
        yield len(rows)
    for key, name, value in later:
        model.update({getattr(model, name): value}).where(pk == key).execute(target)


def _stored(field, value: object) -> object:
    """The value as the column stores it (the field's own conversion; bytes as they are)."""
    if value is None or isinstance(value, bytes):
        return value
    return field.db_value(value)


def _hold_back(row: tuple, index: dict[str, int], pk: str, refs: tuple[str, ...], later: list) -> tuple:
    values = list(row)
    key = values[index[pk]]
    for name in refs:
        value = values[index[name]]
        if value is not None and value >= key:  # the row it points at comes later (ids are inserted in order)
            later.append((key, name, value))
            values[index[name]] = None
    return tuple(values)


def _batches(source: Database, model: type[Model], size: int) -> Iterator[list[tuple]]:
    """The rows as tuples of Python values (each field's own conversion), by key ranges of the primary key."""
    pk = model._meta.primary_key
    if not single_key(model):  # a composite key, or none: the table in one read
        rows = list(model.select(*model._meta.sorted_fields).tuples().execute(source))
        if rows:
            yield [tuple(_plain(v) for v in row) for row in rows]
        return
    query = model.select(*model._meta.sorted_fields).order_by(pk).limit(size)
    last = None
    position = model._meta.sorted_fields.index(pk)
    while True:
        page = query if last is None else query.where(pk > last)
        rows = list(page.tuples().execute(source))
        if not rows:
            return
        yield [tuple(_plain(v) for v in row) for row in rows]
        if len(rows) < size:
            return
        last = rows[-1][position]


def _plain(value: object) -> object:
    return bytes(value) if isinstance(value, memoryview) else value  # PostgreSQL's bytea


def _move_sequences(target: Database, plans: list[TablePlan]) -> None:
    """Each id sequence past the highest copied id: the next row a till adds gets a new id."""
    for plan in plans:
        if not plan.serial:
            continue
        column = plan.model._meta.primary_key.column_name
        target.execute_sql(
            f"SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX(\"{column}\"), 0) + 1, false) "
            f'FROM "{plan.table}"', (f'"{plan.table}"', column))


def _figures(source: Database, target: Database, plan: TablePlan) -> list[Figure]:
    columns = ["COUNT(*)"] + [f'SUM("{c}")' for c in plan.money]
    sql = f'SELECT {", ".join(columns)} FROM "{plan.table}"'
    theirs, ours = source.execute_sql(sql).fetchone(), target.execute_sql(sql).fetchone()
    names = ("",) + plan.money
    return [Figure(plan.table, name, int(a or 0), int(b or 0)) for name, a, b in zip(names, theirs, ours)]
