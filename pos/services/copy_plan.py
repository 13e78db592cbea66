"""What ``pos db copy`` copies, read from the models and the schema, never from a list kept by hand.

Every table of ``pos.models.ALL_MODELS`` is copied (a table a new migration adds comes along once its model is
listed there), parents before children (peewee's ``sort_models`` over the foreign keys). Three things the plain
order does not settle:

- a row that points at a later row of its own table (a customer referred by one registered after them) is
  inserted without that reference, which is set once the table is complete;
- a table that the schema's triggers write (``change_counter``: inserting a product bumps it) is copied after
  every other, so that the source's values are the ones that stay;
- the rows a new database's migrations put in (the three price tiers, the lists, the salt …) are the target's
  "empty": found by migrating a throw-away in-memory database, counted, and replaced by the source's rows.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from peewee import (AutoField, CompositeKey, Database, Field, ForeignKeyField, Model, PostgresqlDatabase,
                    SqliteDatabase, sort_models)

from pos.models import ALL_MODELS
from pos.models.fields import MoneyField
from pos.services.rules import READ, allowed


@dataclass(frozen=True)
class TablePlan:
    model: type[Model]
    money: tuple[str, ...]  # the money columns: summed on both sides afterwards
    self_refs: tuple[str, ...]  # fields (names) pointing at the table itself

    @property
    def table(self) -> str:
        return self.model._meta.table_name

    @property
    def serial(self) -> bool:
        """An id the database hands out (a PostgreSQL sequence to move past the copied ids)."""
        return isinstance(self.model._meta.primary_key, AutoField)


@allowed(READ)
def single_key(model: type[Model]) -> bool:
    """The table's key is one column (rows are read and inserted in its order); not a composite key, not none."""
    key = model._meta.primary_key
    return isinstance(key, Field) and not isinstance(key, CompositeKey)


def _plan_of(model: type[Model]) -> TablePlan:
    fields = model._meta.sorted_fields
    money = tuple(f.column_name for f in fields if isinstance(f, MoneyField))
    self_refs = tuple(f.name for f in fields if single_key(model) and isinstance(f, ForeignKeyField)
                      and f.rel_model is model and f is not model._meta.primary_key)
    return TablePlan(model, money, self_refs)


@allowed(READ)
def copy_order(database: Database) -> list[TablePlan]:
    """Every model's table, parents first, the tables the schema's triggers write last."""
    models = sort_models(list(ALL_MODELS))
    written = trigger_written_tables(database)
    referenced = {f.rel_model for m in models for f in m._meta.sorted_fields
                  if isinstance(f, ForeignKeyField) and f.rel_model is not m}
    last = [m for m in models if m._meta.table_name in written and m not in referenced]
    return [_plan_of(m) for m in models if m not in last] + [_plan_of(m) for m in last]


_WRITES = re.compile(r"\b(?:UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+\"?(\w+)\"?", re.IGNORECASE)


@allowed(READ)
def trigger_written_tables(database: Database) -> set[str]:
    """The tables the bodies of the database's triggers write to (SQLite: the triggers' SQL; PostgreSQL: the
    source of the functions its triggers call)."""
    if isinstance(database, PostgresqlDatabase):
        rows = database.execute_sql(
            "SELECT DISTINCT p.prosrc FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE NOT t.tgisinternal").fetchall()
        bodies = [r[0] for r in rows]
    else:
        rows = database.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        bodies = [r[0].split(" BEGIN ", 1)[-1] for r in rows if r[0]]
    return {name for body in bodies for name in _WRITES.findall(body)}


@allowed(READ)
def row_counts(database: Database, plans: list[TablePlan]) -> dict[str, int]:
    return {p.table: database.execute_sql(f'SELECT COUNT(*) FROM "{p.table}"').fetchone()[0] for p in plans}


@functools.lru_cache(maxsize=1)
def _fresh_counts() -> dict[str, int]:
    from pos.services.db import migrate  # db imports the services' ground floor; this module is below it

    memory = SqliteDatabase(":memory:")
    try:
        migrate(memory)
        made = set(memory.get_tables())
        return row_counts(memory, [p for p in copy_order(memory) if p.table in made])
    finally:
        memory.close()


@allowed(READ)
def fresh_counts() -> dict[str, int]:
    """How many rows each table holds in a database that the migrations have just made (its "empty")."""
    return dict(_fresh_counts())


@allowed(READ)
def tables_with_data(counts: dict[str, int]) -> list[str]:
    """The tables holding more than a new database's rows, the fullest first: a target with any of them holds a
    shop. A till row alone is not a shop: a window that opened the empty file claims its till (K1)."""
    fresh = fresh_counts()
    extra = {table: n - fresh.get(table, 0) for table, n in counts.items()
             if n > fresh.get(table, 0) and table != "till"}
    return sorted(extra, key=lambda table: (-extra[table], table))
