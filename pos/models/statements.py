"""Row inserts and look-ups whose SQL text is built once, for the hot path of a sale.

peewee builds the SQL text of a query from its expression tree on every call, about
0.2 ms a statement on a cheap laptop; completing a sale writes a dozen rows. These
helpers build the text once per table and column set and reuse it. Values still go
through each field's ``db_value`` and peewee's defaults, and the text is the same on
SQLite and PostgreSQL (``RETURNING`` needs SQLite 3.35, 2021).
"""

from __future__ import annotations

import datetime as dt
from operator import attrgetter
from typing import Any, Callable

from peewee import (AutoField, BigAutoField, BigIntegerField, BooleanField, CharField, DateTimeField, Field,
                    ForeignKeyField, IntegerField, Model, PostgresqlDatabase, TextField, __exception_wrapper__)

from pos.models.base import db
from pos.models.fields import MoneyField, QuantityField
from pos.money import Money, Quantity

_texts: dict[tuple, str] = {}


def _postgres() -> bool:
    return isinstance(db.obj, PostgresqlDatabase)


def _text(key: tuple, build) -> str:
    text = _texts.get(key)
    if text is None:
        text = _texts[key] = build()
    return text


def _marks(count: int) -> str:
    return ", ".join([db.obj.param] * count)


# fields whose db_value hands a value of these types back unchanged: such a value skips the call (a sale's
# dozen rows carry about a hundred values, and each call costs peewee two or three more)
_AS_IS: dict[type, frozenset[type]] = {
    **{kind: frozenset((int, type(None))) for kind in (IntegerField, BigIntegerField, AutoField, BigAutoField)},
    **{kind: frozenset((str, type(None))) for kind in (CharField, TextField)},
    BooleanField: frozenset((bool, type(None))),
    DateTimeField: frozenset((dt.datetime, type(None))),  # peewee's adapt hands a datetime back as it is
}
# and fields whose db_value reads one attribute of a value of this type: read without the call
_READ: dict[type, dict[type, Callable[[Any], Any]]] = {
    MoneyField: {Money: attrgetter("minor")},
    QuantityField: {Quantity: attrgetter("thousandths")},
}


def _target(field: Field) -> type:
    return type(field.rel_field if isinstance(field, ForeignKeyField) else field)


def _as_is(field: Field) -> frozenset[type]:
    return _AS_IS.get(_target(field), frozenset())


class _Plan:
    """How to turn the given values of a model's row, and its defaults, into one statement's parameters."""

    def __init__(self, model: type[Model], names: tuple[str, ...]) -> None:
        meta = model._meta
        self.given = tuple((meta.fields[name].db_value, _as_is(meta.fields[name]),
                            _READ.get(_target(meta.fields[name]), {})) for name in names)
        defaults = meta.get_default_dict()  # the names that have a default, each once
        made = dict(meta._default_callable_list)
        missing = [name for name in defaults if name not in names]
        # a constant default is converted once, here; a callable one (a moment, a new code) on every row
        self.constants = [meta.fields[name].db_value(meta._default_by_name.get(name))
                          for name in missing if name not in made]
        self.made = tuple((meta.fields[name].db_value, made[name]) for name in missing if name in made)
        self.columns = ", ".join(f'"{meta.fields[name].column_name}"'
                                 for name in (*names, *(n for n in missing if n not in made),
                                              *(n for n in missing if n in made)))
        self.count = len(names) + len(missing)

    def params(self, values: Any) -> list:
        out = self.converted(values)
        out += self.constants
        if self.made:
            out += [convert(make()) for convert, make in self.made]
        return out

    def converted(self, values: Any) -> list:
        """The given values as the database takes them (each field's ``db_value``), defaults left out."""
        return [value if type(value) in as_is else (read[type(value)] if type(value) in read else convert)(value)
                for (convert, as_is, read), value in zip(self.given, values)]

    def defaults(self) -> list:
        """The values of the columns the row leaves to their defaults, in the order of ``columns``."""
        return self.constants + [convert(make()) for convert, make in self.made] if self.made else self.constants


_plans: dict[tuple, _Plan] = {}


def _plan(model: type[Model], names: tuple[str, ...]) -> _Plan:
    plan = _plans.get((model, names))
    if plan is None:
        plan = _plans[(model, names)] = _Plan(model, names)
    return plan


row_plan, on_postgres = _plan, _postgres  # for the sale's statements (sale_statements.py)


def moment_value(at: dt.datetime) -> Any:
    """A naive UTC moment as the database takes it, for a statement that sends it several times: on SQLite the text
    sqlite3's own adapter would write (``isoformat(" ")``, what peewee stores), made once instead of once per
    parameter (about 1 us each); PostgreSQL takes the datetime."""
    return at if _postgres() else at.isoformat(" ")


def run(text: str, params: list) -> Any:
    """Send one statement and return its cursor. On SQLite on the connection itself (peewee's errors, without its
    logging and query hooks: a sale's statements are sent this way); on PostgreSQL through peewee."""
    database = db.obj
    if isinstance(database, PostgresqlDatabase):
        return database.execute_sql(text, params)
    state = database._state  # this thread's connection, as peewee's connection() gives it, without three calls
    with __exception_wrapper__:
        return (database.connection() if state.closed else state.conn).execute(text, params)


def run_many(text: str, rows: list[list]) -> None:
    """One statement sent once per row of parameters (``executemany``), on SQLite on the connection itself."""
    database = db.obj
    if isinstance(database, PostgresqlDatabase):
        database.cursor().executemany(text, rows)
        return
    state = database._state
    with __exception_wrapper__:
        (database.connection() if state.closed else state.conn).executemany(text, rows)


class _LeanTransaction:
    """A write transaction of its own on SQLite without peewee's plumbing (about 12 us less a sale): BEGIN
    IMMEDIATE and COMMIT sent on the connection, the transaction on peewee's stack all the while, so a
    ``db.atomic()`` inside becomes a savepoint and ``db.in_transaction()`` answers True, as with ``db.atomic()``.
    Rolled back when the block raises; a failed COMMIT is rolled back and raised (peewee's errors)."""

    __slots__ = ("conn", "database")

    def __enter__(self) -> _LeanTransaction:
        database = self.database = db.obj  # the proxy's object once, not through the proxy for each call
        state = database._state  # this thread's connection, as in ``run``
        self.conn = database.connection() if state.closed else state.conn
        with __exception_wrapper__:
            self.conn.execute("BEGIN IMMEDIATE")
        state.transactions.append(self)  # peewee's push_transaction, without its two look-ups
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self.database._state.transactions.pop()
        with __exception_wrapper__:
            if exc_type is not None:
                self.conn.rollback()
                return
            try:
                self.conn.commit()
            except Exception:
                self.conn.rollback()
                raise


def write_transaction() -> Any:
    """A top-level write transaction on SQLite the lean way; else (PostgreSQL, or inside a transaction already:
    a savepoint) ``db.atomic()``."""
    database = db.obj
    if isinstance(database, PostgresqlDatabase) or database._state.transactions:
        return db.atomic()
    return _LeanTransaction()


def insert_row(model: type[Model], **values: Any) -> int:
    """Insert one row (peewee's defaults filled in) and return its id."""
    names = tuple(values)
    plan = _plan(model, names)
    postgres = _postgres()

    def build() -> str:
        text = f'INSERT INTO "{model._meta.table_name}" ({plan.columns}) VALUES ({_marks(plan.count)})'
        return text + f' RETURNING "{model._meta.primary_key.column_name}"' if postgres else text

    text = _text(("insert", model, postgres, names), build)
    cursor = run(text, plan.params(values.values()))
    return cursor.fetchone()[0] if postgres else cursor.lastrowid


def insert_row_when(model: type[Model], other: type[Model], equals: dict[str, Any], **values: Any) -> int | None:
    """Insert one row (peewee's defaults filled in) only when ``other`` holds a row whose fields equal ``equals``;
    its id, or None when there is no such row (nothing was inserted).

    PostgreSQL: one statement (``INSERT … SELECT … WHERE EXISTS … RETURNING``), one round trip. SQLite: the look-up,
    then a plain ``INSERT … VALUES`` (its id from ``lastrowid``), inside the caller's transaction, which holds the
    whole file from its start (IMMEDIATE), so nothing can change between the two. Measured on SQLite 3.40 with a
    sale's row: the single statement takes 55-75 us, the two 25 us (``INSERT … SELECT`` and ``RETURNING`` each
    cost about 30-40 us there)."""
    if not _postgres():
        if first_row(other, (other._meta.primary_key.name,), **equals) is None:
            return None
        return insert_row(model, **values)
    names, where_meta = tuple(values), other._meta
    plan = _plan(model, names)

    def build() -> str:
        where = " AND ".join(f'"{where_meta.fields[name].column_name}" = {db.obj.param}' for name in equals)
        return (f'INSERT INTO "{model._meta.table_name}" ({plan.columns}) SELECT {_marks(plan.count)} WHERE EXISTS '
                f'(SELECT 1 FROM "{where_meta.table_name}" WHERE {where}) '
                f'RETURNING "{model._meta.primary_key.column_name}"')

    text = _text(("insert_when", model, other, True, names, tuple(equals)), build)
    params = plan.params(values.values())
    params += [where_meta.fields[name].db_value(value) for name, value in equals.items()]
    found = db.execute_sql(text, params).fetchone()
    return found[0] if found else None


def first_row(model: type[Model], columns: tuple[str, ...], **equals: Any) -> tuple | None:
    """These columns (raw database values) of the first row whose fields equal the given values."""
    meta = model._meta

    def build() -> str:
        chosen = ", ".join(f'"{meta.fields[name].column_name}"' for name in columns)
        where = " AND ".join(f'"{meta.fields[name].column_name}" = {db.obj.param}' for name in equals)
        return f'SELECT {chosen} FROM "{meta.table_name}" WHERE {where} LIMIT 1'

    text = _text(("first", model, _postgres(), columns, tuple(equals)), build)
    return db.execute_sql(text, [meta.fields[name].db_value(value) for name, value in equals.items()]).fetchone()


def insert_rows(model: type[Model], rows: list[dict[str, Any]]) -> None:
    """Insert many rows of the same columns (peewee's defaults filled in): one statement text sent with
    executemany, so no statement carries more than one row's parameters whatever the number of rows."""
    if not rows:
        return
    names = tuple(rows[0])
    plan = _plan(model, names)
    text = _text(("insert_many", model, _postgres(), names),
                 lambda: f'INSERT INTO "{model._meta.table_name}" ({plan.columns}) VALUES ({_marks(plan.count)})')
    defaults: dict[str, Any] = {}  # built only when a row leaves out a column the first one gives

    def filled(row: dict[str, Any]) -> Any:
        if not defaults:
            defaults.update(model._meta.get_default_dict())
        return (row[name] if name in row else defaults[name] for name in names)

    db.cursor().executemany(text, [plan.params(row.values() if tuple(row) == names else filled(row))
                                   for row in rows])


def update_rows(model: type[Model], rows: list[dict[str, Any]]) -> None:
    """Update many rows by id, each with the same columns (``id`` plus the columns to set), with executemany."""
    if not rows:
        return
    meta = model._meta
    names = [name for name in rows[0] if name != "id"]
    fields = [meta.fields[name] for name in names]
    sets = ", ".join(f'"{f.column_name}" = {db.obj.param}' for f in fields)
    text = f'UPDATE "{meta.table_name}" SET {sets} WHERE "{meta.primary_key.column_name}" = {db.obj.param}'
    db.cursor().executemany(text, [[f.db_value(row[f.name]) for f in fields] + [row["id"]] for row in rows])
