"""The day's trays (issue #25 items 1 and 2): what was made, what is left at the counter, and the closing.

A tray is counted only once somebody entered what was made that day (or something came over from yesterday): a
made-daily product without a tray today sells as any product. Checkout counts a sale off the trays in its own
transaction (``take_from_trays``: one statement, only for carts holding a made-daily product), so two tills never
both sell the last piece; beyond the tray needs the owner's PIN and is recorded (``tray.oversold``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from peewee import fn

from pos.domain.pricing import DAY_OLD, PricedCart
from pos.domain.recap import TrayFigure
from pos.domain.trays import CARRIED, OUTCOMES, THROWN_AWAY, SplitError, check_split
from pos.i18n import _, format_number
from pos.models import Category, Product, Sale, SaleLine, Tray, TrayLeftover, db
from pos.models.trays import count_back, count_off
from pos.money import Money, Quantity, line_amount, percent_of
from pos.services import clock
from pos.services.access import ANYONE, CASHIER, OWNER, READ, allowed
from pos.services.audit import record
from pos.services.costs import unit_costs
from pos.services.errors import InvalidInput
from pos.services.pricing import made_daily


class SoldOut(InvalidInput):
    """The tray of a product in the cart holds less than the cart: the owner's PIN sells beyond it."""

    def __init__(self, message: str, products: tuple[str, ...]) -> None:
        super().__init__(message)
        self.products = products


@dataclass(frozen=True)
class TrayRow:
    product_id: int
    code: str
    name: str
    made: Quantity
    day_old: Quantity  # came over from yesterday
    sold: Quantity
    day_old_sold: Quantity
    oversold: Quantity
    sold_out_at: dt.datetime | None  # shop-local
    closed: bool
    outcomes: dict[str, Quantity] = field(default_factory=dict)  # at closing

    @property
    def left(self) -> Quantity:
        return Quantity(self.made.thousandths - self.sold.thousandths)

    @property
    def day_old_left(self) -> Quantity:
        return Quantity(self.day_old.thousandths - self.day_old_sold.thousandths)


def _row(tray: Tray | None, product: Product, outcomes: dict[str, Quantity]) -> TrayRow:
    zero = Quantity(0)
    if tray is None:
        return TrayRow(product.id, product.code, product.name, zero, zero, zero, zero, zero, None, False, {})
    out = clock.local(tray.sold_out_at) if tray.sold_out_at is not None else None
    return TrayRow(product.id, product.code, product.name, tray.made, tray.day_old, tray.sold, tray.day_old_sold,
                   tray.oversold, out, tray.closed_at is not None, outcomes)


@allowed(READ)
def trays_of_day(day: dt.date) -> list[TrayRow]:
    """Every made-daily product (and any other with a tray that day), in the counter's order."""
    trays = {t.product_id: t for t in Tray.select().where(Tray.day == day)}
    outcomes: dict[int, dict[str, Quantity]] = {}
    for left in TrayLeftover.select(TrayLeftover, Tray).join(Tray).where(Tray.day == day):
        mine = outcomes.setdefault(left.tray.product_id, {})
        mine[left.outcome] = Quantity(mine.get(left.outcome, Quantity(0)).thousandths + left.quantity.thousandths)
    products = (Product.select(Product).join(Category)
                .where(Product.made_daily | Product.id.in_(list(trays) or [0]))
                .order_by(Category.position, Product.grid_position, Product.name))
    return [_row(trays.get(p.id), p, outcomes.get(p.id, {})) for p in products]


@allowed(READ)
def counter_left(day: dt.date) -> dict[int, tuple[Quantity, Quantity]]:
    """What the counter's buttons show: per product with a tray that day, (fresh left, yesterday's left)."""
    rows = Tray.select(Tray.product, Tray.made, Tray.sold, Tray.day_old, Tray.day_old_sold).where(Tray.day == day)
    return {t.product_id: (Quantity(t.made.thousandths - t.sold.thousandths),
                           Quantity(t.day_old.thousandths - t.day_old_sold.thousandths)) for t in rows}


@dataclass(frozen=True)
class CounterTray:
    """One product's tray as its counter button shows it: today's left, and yesterday's goods with their price."""

    left: Quantity
    day_old: Quantity  # came over from yesterday (0: none)
    day_old_left: Quantity
    day_old_price: Money | None  # one piece at the day-old price (None: no day-old rule)

    @property
    def has_day_old(self) -> bool:
        return self.day_old.thousandths > 0


@allowed(READ)
def counter_trays(day: dt.date) -> dict[int, CounterTray]:
    """Per product with a tray that day: what its counter button shows, yesterday's goods and their price too."""
    rows = (Tray.select(Tray, Product.retail_price, Product.day_old_percent, Category.day_old_percent.alias("cat_pct"))
            .join(Product).join(Category).where(Tray.day == day).objects())
    found = {}
    for t in rows:
        percent = t.day_old_percent if t.day_old_percent is not None else t.cat_pct
        found[t.product_id] = CounterTray(Quantity(t.made.thousandths - t.sold.thousandths), t.day_old,
                                          Quantity(t.day_old.thousandths - t.day_old_sold.thousandths),
                                          percent_of(t.retail_price, percent) if percent is not None else None)
    return found


@allowed(READ)
def tray_figures(day: dt.date) -> tuple[TrayFigure, ...]:
    """The recap's trays: made · sold · left · wasted per product that had a tray, the waste at cost (the product's
    cost now), and the hour it sold out. Sold is after the day's refunds of the product (a refund counts on the day
    it happens); the goods brought back do not go back on the tray."""
    rows = [r for r in trays_of_day(day) if r.made.thousandths or r.day_old.thousandths]
    costs = unit_costs({r.product_id for r in rows})
    returned = _refunded(day, {r.product_id for r in rows})
    figures = []
    for r in rows:
        wasted = r.outcomes.get(THROWN_AWAY, Quantity(0))
        cost = costs.get(r.product_id)
        left = Quantity(max(r.left.thousandths, 0) + max(r.day_old_left.thousandths, 0))
        back = returned.get(r.product_id, 0)
        figures.append(TrayFigure(r.name, r.made, Quantity(r.sold.thousandths + r.day_old_sold.thousandths - back),
                                  left, wasted, line_amount(wasted, cost) if cost is not None else None,
                                  f"{r.sold_out_at:%H:%M}" if r.sold_out_at else None, r.day_old, Quantity(back)))
    return tuple(figures)


def _refunded(day: dt.date, product_ids: set[int]) -> dict[int, int]:
    """Per product, the thousandths refunded on the shop day ``day`` (refunds that stand, not their deductions)."""
    if not product_ids:
        return {}
    start, end = clock.day_start(day), clock.day_start(day + dt.timedelta(days=1))
    rows = (SaleLine.select(SaleLine.product, fn.SUM(SaleLine.quantity).alias("back")).join(Sale)
            .where(Sale.kind == "refund", Sale.status == "completed", Sale.created_at >= start, Sale.created_at < end,
                   SaleLine.product.in_(sorted(product_ids)), SaleLine.quantity < 0,
                   ~SaleLine.price_source.endswith("_deduction"))
            .group_by(SaleLine.product).tuples())
    return {pid: -(back.thousandths if isinstance(back, Quantity) else int(back)) for pid, back in rows if back}


def _open_tray(product_id: int, day: dt.date) -> Tray:
    tray = Tray.get_or_none(Tray.product == product_id, Tray.day == day)
    if tray is None:
        tray = Tray.get_by_id(Tray.insert(product=product_id, day=day).execute())
    return tray


@allowed(CASHIER)
def enter_made(day: dt.date, made: dict[int, Quantity], *, staff_id: int) -> list[TrayRow]:
    """What was made of each product that day (the whole count so far, not an addition); the day's trays."""
    if any(q.thousandths < 0 for q in made.values()):
        raise InvalidInput(_("What was made cannot be less than nothing."))
    with db.atomic():
        for product_id, quantity in made.items():
            if Product.get_or_none(Product.id == product_id) is None:
                raise InvalidInput(_("A product in the trays is not in the catalogue any more."))
            tray = _open_tray(product_id, day)
            if tray.closed_at is not None:
                raise InvalidInput(_("The trays of {day} are closed already.").format(day=day.isoformat()))
            out = tray.sold_out_at  # the first time it ran out stays, a later batch or not: the bake plan's clue
            if out is None and quantity.thousandths and quantity.thousandths <= tray.sold.thousandths:
                out = clock.now()
            Tray.update(made=quantity, sold_out_at=out).where(Tray.id == tray.id).execute()
            record("tray.made", entity="product", entity_id=product_id, staff_id=staff_id,
                   details={"day": day.isoformat(), "made": str(quantity)})
    return trays_of_day(day)


@allowed(OWNER)
def set_made_daily(product_id: int, made_daily_: bool, *, owner_pin: str) -> None:
    """Mark a product as baked each day (its trays counted at the counter), or not."""
    with db.atomic():
        Product.update(made_daily=made_daily_).where(Product.id == product_id).execute()


@allowed(OWNER)
def set_day_old_percent(percent: int | None, *, product_id: int | None = None, category_id: int | None = None,
                        owner_pin: str) -> None:
    """Yesterday's goods sell at ``percent`` % of retail: a product's rule, else its category's (None: no rule)."""
    if percent is not None and not 0 <= percent <= 100:
        raise InvalidInput(_("A day-old price is between 0 and 100 per cent of the price."))
    with db.atomic():
        if product_id is not None:
            Product.update(day_old_percent=percent).where(Product.id == product_id).execute()
        if category_id is not None:
            Category.update(day_old_percent=percent).where(Category.id == category_id).execute()


@allowed(ANYONE, why="called by checkout inside its transaction, whose guard let the cashier through")
def take_from_trays(priced: PricedCart, at: dt.datetime, owner, *, till_id: str, staff_id: int,
                    kept: bool = False, daily: set[int] | None = None) -> None:
    """Inside checkout's transaction: the cart's made-daily goods counted off today's trays in one statement (none
    for a cart without them). A tray that would go below nothing refuses the sale (``SoldOut``) unless the owner
    approved selling beyond it (``owner``) or the sale was made while the server was away (``kept``: the customer
    has the goods), which is recorded. ``daily``: those of the cart's products baked each day, when the caller
    has them (``pricing.book_facts``)."""
    if daily is None:
        wanted = {line.product_id for line in priced.lines}
        daily = made_daily(wanted) if wanted else set()
    if not daily:
        return
    fresh: dict[int, int] = {}
    old: dict[int, int] = {}
    for line in priced.lines:
        if line.product_id in daily:
            into = old if line.price_source == DAY_OLD else fresh
            into[line.product_id] = into.get(line.product_id, 0) + line.quantity.thousandths
    short = [(pid, left, old_left, tray_id)
             for pid, left, old_left, tray_id in count_off(sorted(daily), fresh, old, at, clock.local_date(at))
             if (left < 0 and fresh.get(pid)) or (old_left < 0 and old.get(pid))]
    if not short:
        return
    names = {line.product_id: line.name for line in priced.lines}
    if owner is None and not kept:
        listed = tuple(names[pid] for pid, *_rest in short)
        raise SoldOut(_("Sold out: {products}. The owner's PIN sells beyond the tray.").format(
            products=", ".join(listed)), listed)
    for pid, left, old_left, tray_id in short:
        beyond = min(fresh.get(pid, 0), -min(left, 0)) + min(old.get(pid, 0), -min(old_left, 0))
        Tray.update(oversold=Tray.oversold + beyond).where(Tray.id == tray_id).execute()
        record("tray.oversold", entity="product", entity_id=pid, staff_id=staff_id, till_id=till_id, at=at,
               details={"approved_by": owner.name if owner is not None else "", "product": names[pid],
                        "beyond": str(Quantity(beyond))})


@allowed(ANYONE, why="called by void_sale inside its transaction, whose guard asked for the owner")
def put_back_on_trays(sale_id: int, at: dt.datetime) -> None:
    """Inside a void's transaction: the voided sale's made-daily goods back on the trays of its shop day (the
    customer did not take them), today's and yesterday's each on its own count."""
    lines = list(SaleLine.select(SaleLine.product, SaleLine.quantity, SaleLine.price_source).where(
        (SaleLine.sale == sale_id) & SaleLine.refund_of_line.is_null() & SaleLine.product.is_null(False)))
    daily = made_daily({line.product_id for line in lines}) if lines else set()
    back: dict[int, tuple[int, int]] = {}
    for line in lines:
        if line.product_id in daily:
            fresh, old = back.get(line.product_id, (0, 0))
            if line.price_source == DAY_OLD:
                old += line.quantity.thousandths
            else:
                fresh += line.quantity.thousandths
            back[line.product_id] = (fresh, old)
    if back:
        count_back(clock.local_date(at), back)


def _split_text(error: SplitError, name: str) -> str:
    v = error.values
    if error.code == "not_whole":
        return _("{name}: {left} left over, {given} accounted for. Every leftover must go somewhere.").format(
            name=name, left=format_number(Quantity(v["left"])), given=format_number(Quantity(v["given"])))
    if error.code == "carried_twice":
        return _("{name}: only today's goods are carried to tomorrow (at most {fresh}).").format(
            name=name, fresh=format_number(Quantity(v["fresh"])))
    return _("{name}: a leftover's quantity cannot be less than nothing.").format(name=name)


@allowed(CASHIER)
def close_trays(day: dt.date, split: dict[int, dict[str, Quantity]], *, staff_id: int) -> list[TrayRow]:
    """The day's trays closed: each product's leftover split over the five outcomes (carried to tomorrow at the
    day-old price, sold off, taken home, given away, thrown away), all of it. Carried goods are tomorrow's day-old
    tray. Nothing changes unless every product with a leftover adds up."""
    at = clock.now()
    with db.atomic():
        rows = trays_of_day(day)
        if any(r.closed for r in rows):
            raise InvalidInput(_("The trays of {day} are closed already.").format(day=day.isoformat()))
        for row in rows:
            mine = {k: q.thousandths for k, q in split.get(row.product_id, {}).items() if q.thousandths}
            try:
                check_split(row.left.thousandths, row.day_old_left.thousandths, mine)
            except SplitError as exc:
                raise InvalidInput(_split_text(exc, row.name)) from None
            if mine.get(CARRIED) and _day_old_percent(row.product_id) is None:
                raise InvalidInput(_("{name} has no day-old price: set one before carrying it to tomorrow.").format(
                    name=row.name))
            tray = _open_tray(row.product_id, day)
            for outcome in OUTCOMES:
                if mine.get(outcome):
                    TrayLeftover.create(tray=tray.id, outcome=outcome, quantity=Quantity(mine[outcome]),
                                        staff_id=staff_id, created_at=at)
            if mine.get(CARRIED):
                tomorrow = _open_tray(row.product_id, day + dt.timedelta(days=1))
                Tray.update(day_old=Tray.day_old + mine[CARRIED]).where(Tray.id == tomorrow.id).execute()
            Tray.update(closed_at=at).where(Tray.id == tray.id).execute()
        record("tray.closed", entity="day", entity_id=day.isoformat(), staff_id=staff_id, at=at,
               details={str(pid): {k: str(q) for k, q in s.items()} for pid, s in split.items()})
    return trays_of_day(day)


def _day_old_percent(product_id: int) -> int | None:
    product = Product.select(Product, Category).join(Category).where(Product.id == product_id).get()
    return product.day_old_percent if product.day_old_percent is not None else product.category.day_old_percent


__all__ = ["CounterTray", "SoldOut", "TrayRow", "close_trays", "counter_left", "counter_trays", "enter_made",
           "set_day_old_percent", "set_made_daily", "take_from_trays", "tray_figures", "trays_of_day"]
