"""The statements of a sale, built once: what a checkout reads before it prices, and its rows written together.

A sale on PostgreSQL over Wi-Fi pays 5-30 ms for each statement sent, so a checkout sends few:

- ``start_sale``: the receipt's number taken from the till's counter, returning with it what the sale depends on:
  the pricing version, this till's shift still open (held until the sale is stored, so it cannot close under it),
  the cashier still active staff; on PostgreSQL it also holds the customer's row when the sale spends a balance of
  theirs (SQLite's IMMEDIATE transaction holds the whole file already); for a known customer also what the visit
  summary and the regular rule read (their summary and the sale's shop day, their tier), so that keeping those
  costs one upsert and no read. On SQLite a walk-in's sale after the till's first reads nothing back: one UPDATE of
  the counter whose WHERE holds the checks and expects the counter where this process left it and the pricing
  version its caches hold (``_moved_as_expected``); when one does not hold, nothing changed and it all is read.
- ``insert_family``: the sale's row and its children (lines, payments, ledger entries) in one statement on
  PostgreSQL (``WITH sale AS (INSERT … RETURNING id), … INSERT … VALUES ((SELECT id FROM sale), …), …``); on SQLite,
  where a statement costs microseconds and no network, the parent then one prepared INSERT per child table, sent
  for each of its rows with ``executemany``.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from peewee import Model

from pos.models.base import db
from pos.models.counter import ChangeCounter, TillCounter
from pos.models.statements import (on_postgres as _postgres, row_plan as _plan, run,
                                   run_many)
from pos.models.visit_queries import day_of

_texts: dict[tuple, str] = {}
MAX_TEXTS = 512
SQLITE_ROWS = 200  # rows per multi-row INSERT on SQLite (at most 32766 parameters a statement)


class SaleStart(NamedTuple):  # a tuple: made for every sale, cheaper than a frozen dataclass
    version: int  # the pricing version, read in the sale's transaction
    shift_open: bool  # this till's shift is open (and held, on PostgreSQL)
    staff_active: bool  # the cashier is active staff
    number_value: int  # the till's next receipt value, taken
    # the sale's customer: (the visit summary's UTC offset, the sale's shop day with it, their visit days, their
    # spend, their tier set by hand, their tier's code); the offset None when the summary was never built, the
    # days and spend None when they have no summary yet
    customer: tuple | None = None


def _cached(key: tuple, build) -> str:
    text = _texts.get(key)
    if text is None:
        if len(_texts) > MAX_TEXTS:
            _texts.clear()
        text = _texts[key] = build()
    return text


def start_sale(till_id: str, series: str, shift_id: int, staff_id: Any, hold_customer: int | None,
               claimed: int | None = None, customer: int | None = None, at: Any = None,
               version: int | None = None) -> SaleStart:
    """One statement (see the module's docstring): the till's counter moved on, ``RETURNING`` the new value and the
    answers of the checks (SQLite 3.35 and PostgreSQL both allow sub-queries there). On SQLite, where RETURNING
    costs about 15 us more than a statement, a plain UPDATE of the counter, then one SELECT of its value with the
    same checks (the IMMEDIATE transaction holds the file between the two); the till's first sale, or a ``claimed``
    number, takes the one statement. The caller's transaction is
    open; a refused sale rolls the counter back with it. ``claimed``: a number the till gave while the server was
    away (issue #21): the counter moves to it unless it is past it already. ``customer`` (with the sale's moment
    ``at``): the sale's customer, whose facts come back in ``SaleStart.customer``."""
    postgres = _postgres()
    p = db.obj.param
    counter = TillCounter._meta.table_name

    def checks() -> str:  # what the sale depends on, read with the counter's value
        held = (f', (SELECT count(*) FROM (SELECT "id" FROM "customer" WHERE "id" = {p} FOR UPDATE) AS held)'
                if postgres and hold_customer is not None else "")
        return (f'(SELECT "value" FROM "{ChangeCounter._meta.table_name}" WHERE "name" = {p}), '
                f'EXISTS (SELECT 1 FROM "shift" WHERE "id" = {p} AND "status" = {p} AND "till_id" = {p}'
                + (" FOR SHARE)" if postgres else ")")
                + f', EXISTS (SELECT 1 FROM "staff_user" WHERE "id" = {p} AND "active" = {p}){held}'
                + (_customer_columns(p, postgres) if customer is not None else ""))

    def build() -> str:
        moved = (f'"{counter}"."last_value" + 1' if claimed is None
                 else f'{"GREATEST" if postgres else "max"}("{counter}"."last_value", excluded."last_value")')
        return (f'INSERT INTO "{counter}" ("till_id", "series", "last_value") VALUES ({p}, {p}, '
                f'{"1" if claimed is None else p}) '
                f'ON CONFLICT ("till_id", "series") DO UPDATE SET "last_value" = {moved} '
                f'RETURNING "last_value", {checks()}')

    if not postgres and claimed is None and customer is None and version is not None:
        moved = _moved_as_expected(till_id, series, shift_id, staff_id, version)
        if moved is not None:
            return moved
    params: list[Any] = ["pricing", shift_id, "open", till_id, staff_id, True]
    if postgres and hold_customer is not None:
        params.append(hold_customer)
    if customer is not None:
        params += [at, customer, customer, customer, customer]
    row = None
    if not postgres and claimed is None:  # SQLite: RETURNING costs there more than an UPDATE and a SELECT
        moved_on = run(_cached(("move", p), lambda: (
            f'UPDATE "{counter}" SET "last_value" = "last_value" + 1 WHERE "till_id" = {p} AND "series" = {p}')),
            [till_id, series]).rowcount
        if moved_on:  # the till's counter was there (every sale but its first): read it back with the checks
            text = _cached(("read", p, customer is not None), lambda: (
                f'SELECT "last_value", {checks()} FROM "{counter}" WHERE "till_id" = {p} AND "series" = {p}'))
            row = run(text, [*params, till_id, series]).fetchone()
    if row is None:
        text = _cached(("start", p, postgres and hold_customer is not None, claimed is None, customer is not None),
                       build)
        row = run(text, [till_id, series, *([] if claimed is None else [claimed]), *params]).fetchone()
    facts = tuple(row[-6:]) if customer is not None else None
    if not postgres:
        key = (db.obj, till_id, series)
        if key not in _taken and len(_taken) >= MAX_TAKEN:  # databases opened one after another (the tests)
            _taken.clear()
        _taken[key] = int(row[0])
    return SaleStart(int(row[1] or 0), bool(row[2]), bool(row[3]), int(row[0]), facts)


_taken: dict[tuple, int] = {}  # SQLite: the value each till's counter was moved to last by this process
MAX_TAKEN = 16


def _moved_as_expected(till_id: str, series: str, shift_id: int, staff_id: Any, version: int) -> SaleStart | None:
    """SQLite, a walk-in's sale: the counter moved on in one statement whose WHERE holds the checks (the counter
    where this process left it, the pricing version the caller's caches hold, the shift open, the cashier active),
    so nothing is read back: the new value is the old one plus one. None when a check does not hold (the counter
    moved elsewhere, a price changed, the till's first sale …): nothing was changed, and the caller reads it all."""
    key = (db.obj, till_id, series)
    expected = _taken.get(key)
    if expected is None:
        return None
    p = db.obj.param
    text = _cached(("expected", p), lambda: (
        f'UPDATE "{TillCounter._meta.table_name}" SET "last_value" = "last_value" + 1 WHERE "till_id" = {p} '
        f'AND "series" = {p} AND "last_value" = {p} '
        f'AND coalesce((SELECT "value" FROM "{ChangeCounter._meta.table_name}" WHERE "name" = {p}), 0) = {p} '
        f'AND EXISTS (SELECT 1 FROM "shift" WHERE "id" = {p} AND "status" = {p} AND "till_id" = {p}) '
        f'AND EXISTS (SELECT 1 FROM "staff_user" WHERE "id" = {p} AND "active" = {p})'))
    if not run(text, [till_id, series, expected, "pricing", version, shift_id, "open", till_id, staff_id,
                      True]).rowcount:
        return None
    _taken[key] = expected + 1
    return SaleStart(version, True, True, expected + 1)


def _customer_columns(p: str, postgres: bool) -> str:
    """The customer's facts (``SaleStart.customer``). On PostgreSQL their summary's row is locked as it is read
    (a locked row is read as last committed), so two tills selling to them at once keep both visits."""
    at = f"CAST({p} AS TIMESTAMP)" if postgres else p
    state = 'FROM "visit_summary_state" st WHERE st."id" = 1'
    lock = " FOR UPDATE" if postgres else ""
    return (f', (SELECT st."offset_seconds" {state}), (SELECT {day_of(at, "st.offset_seconds")} {state})'
            f', (SELECT "days" FROM "visit_summary" WHERE "customer_id" = {p}{lock})'
            f', (SELECT "spend" FROM "visit_summary" WHERE "customer_id" = {p}{lock})'
            f', (SELECT "tier_set_by_hand" FROM "customer" WHERE "id" = {p})'
            f', (SELECT t."code" FROM "customer" c JOIN "price_tier" t ON t."id" = c."tier_id" WHERE c."id" = {p})')


Rows = tuple[type[Model], str, tuple[str, ...], list[list[Any]]]
"""(model, its foreign key field to the parent, the columns given, the rows: each a list of database values in the
order of the columns, converted once by the caller; the columns left out get their defaults)"""


def converted_rows(model: type[Model], rows: list[dict[str, Any]]) -> tuple[tuple[str, ...], list[list[Any]]]:
    """Rows given as dicts (every row the same names) as (columns, rows of database values) for ``insert_family``."""
    if not rows:
        return (), []
    columns = tuple(rows[0])
    plan = _plan(model, columns)
    return columns, [plan.converted(map(row.__getitem__, columns)) for row in rows]


def insert_family(parent: type[Model], names: tuple[str, ...], values: list[Any], children: list[Rows]) -> int:
    """Insert the parent's row (``values``: database values in the order of ``names``, converted by the caller) and,
    for each ``Rows`` of ``children``, the rows pointing at it (peewee's defaults filled in); the parent's id."""
    children = [child for child in children if child[3]]
    plan = _plan(parent, names)
    if not _postgres():
        text = _cached(("parent", parent, names), lambda: (
            f'INSERT INTO "{parent._meta.table_name}" ({plan.columns}) '
            f'VALUES ({", ".join([db.obj.param] * plan.count)})'))
        parent_id = run(text, values + plan.defaults()).lastrowid
        for model, fk, columns, rows in children:
            _insert_children(model, fk, columns, parent_id, rows)
        return parent_id
    shape = tuple((model, fk, columns, len(rows)) for model, fk, columns, rows in children)
    p = db.obj.param
    pk = parent._meta.primary_key.column_name

    def build() -> str:
        parts = [f'"parent" AS (INSERT INTO "{parent._meta.table_name}" ({plan.columns}) '
                 f'VALUES ({", ".join([p] * plan.count)}) RETURNING "{pk}")']
        for index, (model, fk, columns, count) in enumerate(shape):
            child = _plan(model, columns)
            row = f'((SELECT "{pk}" FROM "parent"), {", ".join([p] * child.count)})'
            column = model._meta.fields[fk].column_name
            parts.append(f'"c{index}" AS (INSERT INTO "{model._meta.table_name}" ("{column}", {child.columns}) '
                         f'VALUES {", ".join([row] * count)})')
        return f'WITH {", ".join(parts)} SELECT "{pk}" FROM "parent"'

    text = _cached(("family", parent, names, shape), build)
    params = values + plan.defaults()
    for model, _fk, columns, rows in children:
        child = _plan(model, columns)
        for row in rows:
            params += row
            params += child.defaults()
    return db.execute_sql(text, params).fetchone()[0]


def _insert_children(model: type[Model], fk: str, columns: tuple[str, ...], parent_id: int,
                     rows: list[list[Any]]) -> None:
    """SQLite: one prepared single-row INSERT sent for each row (``executemany``, its loop in C): cheaper there than
    a multi-row ``VALUES`` (measured with a sale's 5 lines: 49 us against 5 × 7.5 us)."""
    child = _plan(model, columns)
    text = _cached(("children", model, fk, columns), lambda: (
        f'INSERT INTO "{model._meta.table_name}" ("{model._meta.fields[fk].column_name}", {child.columns}) '
        f'VALUES ({", ".join([db.obj.param] * (child.count + 1))})'))
    if len(rows) == 1:  # a payment, a ledger entry: executemany's set-up costs more than it saves for one row
        run(text, [parent_id, *rows[0], *child.defaults()])
        return
    run_many(text, [[parent_id, *row, *child.defaults()] for row in rows])


def insert_line_reasons(model: type[Model], line_model: type[Model], parent_id: int,
                        rows: list[tuple[int, dict[str, Any]]]) -> None:
    """Rows of ``model`` for the lines of one sale, each given as (the line's position, its values): one multi-row
    INSERT that finds each line's id by (sale, position) itself, so the ids are never read back."""
    if not rows:
        return
    columns = tuple(rows[0][1])
    plan = _plan(model, columns)
    p = db.obj.param
    meta = line_model._meta
    line_id = (f'(SELECT "{meta.primary_key.column_name}" FROM "{meta.table_name}" '
               f'WHERE "{meta.fields["sale"].column_name}" = {p} AND "position" = {p})')
    fk = next(f.column_name for f in model._meta.refs if model._meta.refs[f] is line_model)
    for start in range(0, len(rows), SQLITE_ROWS):
        chunk = rows[start:start + SQLITE_ROWS]
        row = f'({line_id}, {", ".join([p] * plan.count)})'
        text = _cached(("reasons", p, model, columns, len(chunk)), lambda: (
            f'INSERT INTO "{model._meta.table_name}" ("{fk}", {plan.columns}) VALUES {", ".join([row] * len(chunk))}'))
        params: list[Any] = []
        for position, values in chunk:
            params += [parent_id, position, *plan.params(values[name] for name in columns)]
        run(text, params)
