"""The statements behind the day's recap, their SQL text built once per engine (as in statements.py).

peewee would rebuild each query's text and turn every value into a model field's type on every call: most
of the time a recap took. Each function here takes the day's bounds (naive UTC, as stored) and the till
(None: all tills) and returns raw tuples: money in minor units and quantities in thousandths as ints, flags
as the engine gives them (1/0 or True/False), names as text. A sale's kind is "sale" or "refund"; sums are
cast to BIGINT, since PostgreSQL's SUM of a bigint is a numeric.

Only completed rows count: a voided sale and the record that cancels it (both stored with status 'voided')
are neither a sale nor a refund; ``voids`` lists them apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from peewee import PostgresqlDatabase

from pos.models.base import db
from pos.models.orders import Preorder

_texts: dict[tuple, str] = {}


def _postgres() -> bool:
    return isinstance(db.obj, PostgresqlDatabase)


def _rows(name: str, till: str | None, build: Callable[[str, bool, bool], str], params: list) -> list[tuple]:
    """Run one statement; ``build(param mark, postgres, by till)`` gives its text the first time."""
    postgres = _postgres()
    key = (name, postgres, till is not None)
    text = _texts.get(key)
    if text is None:
        text = _texts[key] = build(db.obj.param, postgres, till is not None)
    return db.execute_sql(text, params).fetchall()


def _sum(expr: str) -> str:
    return f"CAST(COALESCE(SUM({expr}), 0) AS BIGINT)"


def _day(table: str, p: str, by_till: bool, column: str = "created_at") -> str:
    """The day's rows of a table (their params: start, end, and the till when by till)."""
    return (f"{table}.{column} >= {p} AND {table}.{column} < {p}"
            + (f" AND {table}.till_id = {p}" if by_till else ""))


COUNTS = "s.status = 'completed'"  # a sale or refund that counts (not a voided sale, nor a void's record)


def _params(start: dt.datetime, end: dt.datetime, till: str | None) -> list:
    return [start, end, till] if till else [start, end]


def day_sales(start: dt.datetime, end: dt.datetime, till: str | None,
              change: dt.datetime, before: int, after: int) -> list[tuple]:
    """(kind, shop hour, customer id, total, tax, rounding, goods) of each of the day's sales and refunds that
    count, in order. Goods are what the lines came to (subtotal less discounts; negative for a refund).

    The shop's hour of a moment is the hour of the moment plus ``before`` seconds when it is earlier than
    ``change``, plus ``after`` from then on (a zone changes its offset at most once a day).
    """
    def build(p: str, postgres: bool, by_till: bool) -> str:
        shift = f"CASE WHEN s.created_at < {p} THEN {p} ELSE {p} END"
        hour = (f"CAST(EXTRACT(HOUR FROM s.created_at + {shift} * INTERVAL '1 second') AS INTEGER)" if postgres
                else f"CAST(strftime('%H', s.created_at, {shift}) AS INTEGER)")  # the shift as '+25200 seconds'
        return (f"SELECT s.kind, {hour}, s.customer_id, s.total, s.tax_total, s.rounding, "
                f"s.subtotal - s.discount_total FROM sale s "
                f"WHERE {_day('s', p, by_till)} AND {COUNTS} ORDER BY s.created_at, s.id")

    shifts = [before, after] if _postgres() else [f"{before:+d} seconds", f"{after:+d} seconds"]
    return _rows("sales", till, build, [change, *shifts, *_params(start, end, till)])


def refunds(start: dt.datetime, end: dt.datetime, till: str | None, status: str = "completed") -> list[tuple]:
    """(number, the refunded sale's number, total) of the day's refunds (status 'voided': the records of the
    day's voids), in order."""
    return _rows(f"refunds-{status}", till, lambda p, _pg, by_till: (
        "SELECT s.number, o.number, s.total FROM sale s LEFT JOIN sale o ON o.id = s.refund_of_id "
        f"WHERE {_day('s', p, by_till)} AND s.kind = 'refund' AND s.status = {p} ORDER BY s.created_at, s.id"),
        [*_params(start, end, till), status])


def audit_details(action: str) -> list[tuple]:
    """(details as JSON text,) of every audit entry of an action, oldest first."""
    return _rows("audit", None, lambda p, _pg, _t: f"SELECT details FROM audit_entry WHERE action = {p} ORDER BY id",
                 [action])


def line_groups(start: dt.datetime, end: dt.datetime, till: str | None) -> list[tuple]:
    """The lines of the day's sales and refunds that count, summed by kind, product, name, free or not,
    promotion and price source: (kind, name, category, is bonus, promotion id, promotion name, price source,
    lines, quantity, amount, at retail, at the unit price, discount). A refund's lines are negative, but for
    the free items it keeps back (quantity kept, amount paid for them). Line amounts are rounded half up, as
    money.line_amount does. Summed first and named after: joining 40 sums to their category is cheaper than
    1,000 lines."""
    def build(p: str, _pg: bool, by_till: bool) -> str:
        return ("SELECT g.kind, g.description, c.name, g.is_bonus, g.promotion_id, pr.name, g.price_source, g.lines, "
                "g.quantity, g.amount, g.retail, g.paid, g.discount FROM (SELECT s.kind, l.product_id, l.description, "
                "l.is_bonus, l.promotion_id, l.price_source, "
                f"COUNT(*) AS lines, {_sum('l.quantity')} AS quantity, {_sum('l.amount')} AS amount, "
                f"{_sum('(l.quantity * l.retail_price + 500) / 1000')} AS retail, "
                f"{_sum('(l.quantity * l.unit_price + 500) / 1000')} AS paid, {_sum('l.discount')} AS discount "
                f"FROM sale_line l JOIN sale s ON s.id = l.sale_id WHERE {_day('s', p, by_till)} AND {COUNTS} "
                "GROUP BY s.kind, l.product_id, l.description, l.is_bonus, l.promotion_id, l.price_source) g "
                "LEFT JOIN product p ON p.id = g.product_id LEFT JOIN category c ON c.id = p.category_id "
                "LEFT JOIN promotion pr ON pr.id = g.promotion_id")

    return _rows("lines", till, build, _params(start, end, till))


def promotion_discounts(start: dt.datetime, end: dt.datetime, till: str | None) -> list[tuple]:
    """(promotion id, name, money given, reasons) of the discounts promotions gave on paid lines of the day's
    sales, by promotion."""
    def build(p: str, _pg: bool, by_till: bool) -> str:
        return (f"SELECT r.promotion_id, pr.name, {_sum('-r.amount')}, COUNT(*) FROM sale_line_reason r "
                "JOIN sale_line l ON l.id = r.line_id JOIN sale s ON s.id = l.sale_id "
                "JOIN promotion pr ON pr.id = r.promotion_id "
                f"WHERE {_day('s', p, by_till)} AND s.kind = 'sale' AND {COUNTS} AND r.amount < 0 AND NOT l.is_bonus "
                "GROUP BY r.promotion_id, pr.name ORDER BY r.promotion_id")

    return _rows("reasons", till, build, _params(start, end, till))


def payments_by_method(start: dt.datetime, end: dt.datetime, till: str | None) -> list[tuple]:
    """(method, amount) of the payments of the day's sales and refunds."""
    return _rows("payments", till, lambda p, _pg, by_till: (
        f"SELECT m.method, {_sum('m.amount')} FROM payment m JOIN sale s ON s.id = m.sale_id "
        f"WHERE {_day('s', p, by_till)} AND {COUNTS} GROUP BY m.method"), _params(start, end, till))


def ledgers(start: dt.datetime, end: dt.datetime, till: str | None) -> tuple[int, int, int, int]:
    """The day's kasbon given, kasbon collected (not through a sale; negative), deposits taken and deposits
    spent on sales (negative). An entry belongs to the till of its sale; one without a sale to every till.
    The entries of a voided sale and of its void's record cancel out and are left out."""
    def build(p: str, _pg: bool, by_till: bool) -> str:
        def sums(table: str, minus: str) -> str:  # one row: what came in, and what went out as `minus` says
            at_till = f"(s.till_id = {p} OR e.sale_id IS NULL) AND " if by_till else ""
            return (f"(SELECT {_sum('CASE WHEN e.amount > 0 THEN e.amount END')} AS plus, "
                    f"{_sum(f'CASE WHEN e.amount < 0 AND {minus} THEN e.amount END')} AS minus "
                    f"FROM {table} e LEFT JOIN sale s ON s.id = e.sale_id WHERE {at_till}"
                    f"(e.sale_id IS NULL OR {COUNTS}) AND {_day('e', p, False)})")

        return (f"SELECT k.plus, k.minus, d.plus, d.minus FROM {sums('kasbon_entry', 'e.sale_id IS NULL')} k, "
                f"{sums('deposit_entry', 'e.sale_id IS NOT NULL')} d")

    by_till = [till] if till else []
    return _rows("ledgers", till, build, [*by_till, start, end] * 2)[0]


def kasbon_collected(start: dt.datetime, end: dt.datetime) -> list[tuple]:
    """(method, amount) of the kasbon paid back on the day (not through a sale), by how it was paid ("" for
    payments stored before the method was). Such a payment belongs to every till, as in ``ledgers``."""
    return _rows("kasbon_methods", None, lambda p, _pg, _t: (
        f"SELECT e.method, {_sum('-e.amount')} FROM kasbon_entry e WHERE e.sale_id IS NULL AND e.amount < 0 "
        f"AND {_day('e', p, False)} GROUP BY e.method ORDER BY e.method"), [start, end])


def shifts(start: dt.datetime, end: dt.datetime, till: str | None) -> list[tuple]:
    """(id, till, cashier's name, opening float, cash counted or None, sum of its cash entries) of the shifts
    opened on the day, in order."""
    return _rows("shifts", till, lambda p, _pg, by_till: (
        f"SELECT h.id, h.till_id, u.name, h.opening_float, h.counted_cash, "
        f"(SELECT {_sum('e.amount')} FROM cash_entry e WHERE e.shift_id = h.id) "
        f"FROM shift h JOIN staff_user u ON u.id = h.cashier_id WHERE {_day('h', p, by_till, 'opened_at')} "
        "ORDER BY h.opened_at, h.id"), _params(start, end, till))


def customers(start: dt.datetime, end: dt.datetime, till: str | None) -> list[tuple]:
    """(id, name, tier name, bought before the day, segment name or None) of the customers of the day's sales,
    a row for each of their segments. "Before the day" counts sales at every till."""
    def build(p: str, _pg: bool, by_till: bool) -> str:
        return ("SELECT c.id, c.name, t.name, EXISTS (SELECT 1 FROM sale e WHERE e.customer_id = c.id "
                f"AND e.kind = 'sale' AND e.status = 'completed' AND e.created_at < {p}), g.name FROM customer c "
                "JOIN price_tier t ON t.id = c.tier_id LEFT JOIN customer_segment cs ON cs.customer_id = c.id "
                "LEFT JOIN segment g ON g.id = cs.segment_id "
                f"WHERE c.id IN (SELECT s.customer_id FROM sale s WHERE {_day('s', p, by_till)} AND s.kind = 'sale' "
                f"AND {COUNTS}) "
                "ORDER BY c.id, cs.segment_id")

    return _rows("customers", till, build, [start, *_params(start, end, till)])


def open_preorders(start: dt.datetime, end: dt.datetime, closed: tuple[str, ...]) -> list[tuple]:
    """(number, customer's name, pickup (naive UTC), total) of the orders to pick up between start and end
    whose status is not one of ``closed``, by pickup time."""
    def build(p: str, _pg: bool, _till: bool) -> str:
        return ("SELECT o.number, c.name, o.pickup_at, o.total FROM preorder o JOIN customer c ON c.id = o.customer_id "
                f"WHERE o.pickup_at >= {p} AND o.pickup_at < {p} AND o.status NOT IN ({', '.join([p] * len(closed))}) "
                "ORDER BY o.pickup_at, o.id")

    return [(number, name, Preorder.pickup_at.python_value(at), total)  # SQLite gives the moment as text
            for number, name, at, total in _rows(f"preorders{len(closed)}", None, build, [start, end, *closed])]
