"""The choices stored with sold lines (name and price at the time): written at checkout, read back by receipts,
reprints, refunds and reports, which never look at today's option groups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from peewee import fn

from pos.domain.options import SEPARATOR, ChoiceFigure, ChosenOption, choices_text
from pos.models import Sale, SaleLine, SaleLineChoice
from pos.money import Money, Quantity, line_amount
from pos.services import clock
from pos.services.access import READ, allowed


@allowed(READ)
def choice_rows(line_ids: Mapping[int, int], lines: Iterable) -> list[dict]:
    """The rows to store for priced lines (``line_ids``: position from 1 -> stored line id), one insert for all."""
    return [dict(line=line_ids[position], position=i, group_name=o.group, name=o.name, price=o.price,
                 extra=o.extra, choice=o.choice_id)
            for position, line in enumerate(lines, start=1) for i, o in enumerate(line.options)]


@allowed(READ)
def sold_choices(line_ids: Iterable[int]) -> dict[int, tuple[ChosenOption, ...]]:
    """Stored line id -> its choices as sold, in order (lines without choices are left out)."""
    ids = list(line_ids)
    if not ids:
        return {}
    found: dict[int, list[ChosenOption]] = {}
    for row in (SaleLineChoice.select().where(SaleLineChoice.line.in_(ids))
                .order_by(SaleLineChoice.line, SaleLineChoice.position)):
        found.setdefault(row.line_id, []).append(ChosenOption(row.group_name, row.name, row.price, row.choice_id,
                                                              row.extra))
    return {line: tuple(options) for line, options in found.items()}


@allowed(READ)
def choice_figures(start: dt.datetime, end: dt.datetime, till: str | None = None,
                   product_id: int | None = None) -> tuple[ChoiceFigure, ...]:
    """Each choice sold from ``start`` to ``end`` (UTC), refunds taken off: units and what it brought in, the most
    asked first. Completed sales and refunds only (a void counts for nothing), at the price each was sold at.
    ``product_id``: that product's sales only (the product's own figures)."""
    where = (Sale.status == "completed") & (Sale.created_at >= start) & (Sale.created_at < end)
    if till is not None:
        where &= Sale.till_id == till
    if product_id is not None:
        where &= SaleLine.product == product_id
    rows = (SaleLineChoice.select(SaleLineChoice.group_name, SaleLineChoice.name, SaleLineChoice.price,
                                  SaleLine.is_bonus, fn.SUM(SaleLine.quantity))
            .join(SaleLine).join(Sale).where(where)
            .group_by(SaleLineChoice.group_name, SaleLineChoice.name, SaleLineChoice.price, SaleLine.is_bonus)
            .tuples())
    found: dict[tuple[str, str], list[int]] = {}
    for group, name, price, bonus, qty in rows:
        qty = _raw(qty, "thousandths")
        figure = found.setdefault((group, name), [0, 0])
        figure[0] += qty
        if not bonus:
            figure[1] += line_amount(Quantity(qty), Money(_raw(price, "minor"))).minor
    figures = [ChoiceFigure(g, n, Quantity(q), Money(a)) for (g, n), (q, a) in found.items() if q or a]
    return tuple(sorted(figures, key=lambda f: (-f.quantity.thousandths, -f.amount.minor, f.group, f.name)))


def _raw(value, attribute: str) -> int:
    """A summed column as an integer, whether the driver hands back the number or peewee the field's type."""
    return int(getattr(value, attribute, value) or 0)


@allowed(READ)
def favourite_orders(customer_id: int, limit: int = 5) -> list[tuple[str, Quantity]]:
    """What the customer buys most, each product with its choices as one: ("Es Kopi Susu · Less sugar", 12)."""
    lines = list(SaleLine.select(SaleLine.id, SaleLine.description, SaleLine.quantity).join(Sale)
                 .where((Sale.customer == customer_id) & (Sale.kind == "sale") & (Sale.status == "completed")
                        & (SaleLine.is_bonus == False)).tuples())  # noqa: E712
    chosen = sold_choices(line_id for line_id, _d, _q in lines)
    totals: dict[str, int] = {}
    for line_id, description, quantity in lines:
        words = choices_text(chosen.get(line_id))
        label = description + (SEPARATOR + words if words else "")
        totals[label] = totals.get(label, 0) + _raw(quantity, "thousandths")
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [(label, Quantity(qty)) for label, qty in ranked]


@allowed(READ)
def product_choice_figures(product_id: int, days: int = 90) -> tuple[ChoiceFigure, ...]:
    """How the product sold with its choices over the last ``days`` days (its page in the back office)."""
    now = clock.now()
    return choice_figures(now - dt.timedelta(days=days), now + dt.timedelta(seconds=1), product_id=product_id)
