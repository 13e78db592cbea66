"""Ninety days of the demo shop's trade, recorded through the real shift, checkout and refund services.

Regulars come at their own rhythm with their favourite items, walk-ins pay cash or
QRIS, resellers buy weekly on kasbon and pay the week before in cash, a few
regulars stop coming, and now and then something is refunded. Now and then, too, the
owner approves something at the till (the drawer opened without a sale, a manual price
for a cake with a dent, a sale voided when the customer changed their mind), so that
the back office's Activity and the recap have something to show (yesterday one of each).
On the last days before today the shop charges tax (PB1, 10 % on top) and rounds cash to Rp 500, and
yesterday a sale paid part in cash, part by QRIS is partly refunded, so that the recap shows tax, cash
rounding, a void and a split refund; the settings are as they were afterwards. Deterministic for a
seed and an end day, so that every later report reconciles with it.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pos import resource_path
from pos.domain.options import ChosenOption, select
from pos.domain.pricing import CartLine, PricedCart, Selections
from pos.domain.till import DENOMINATIONS, Tender
from pos.models import Customer, PriceTier, Product, Sale, SaleLine, StaffUser
from pos.money import Money, Quantity
from pos.services import clock
from pos.services.accounts import pay_kasbon
from pos.services.pricing import price
from pos.services.product_options import options_for
from pos.services.refunds import refund, void_sale
from pos.services.sales import CheckoutRequest, checkout, kasbon_owed
from pos.services.shop import change_shop_settings, get_shop_settings
from pos.services.till import close_shift, current_shift, open_drawer, open_shift
from pos.services.access import ANYONE, READ, allowed
from pos.services.demo_trays import BREADS

TILL = "K1"
WALK_INS = (6, 14)  # a day's walk-ins, from … to
OPEN_HOUR, CLOSE_HOUR = 7, 20
DAY_OLD_SHARE = 0.4  # mornings that sell some of yesterday's bread at the day-old price
OWNER_PIN = "1234"
APPROVALS = (("drawer", 0.3), ("manual", 0.15), ("void", 0.1))  # what the owner approves, and on what share of days
TAXED_DAYS = 2  # the days before today with tax on top and cash rounding
TAX_AND_ROUNDING = {"tax_enabled": True, "tax_rate": "10", "tax_included": False, "cash_rounding": 500}


@dataclass(frozen=True)
class HistoryResult:
    days: int
    sales: int
    refunds: int


@allowed(READ)
def demo_options() -> dict:
    """The drinks' sizes, sugar, ice and extras (resources/demo/options.json), and how often each is asked."""
    return json.loads(resource_path("demo", "options.json").read_text(encoding="utf-8"))


class _Asked:
    """What each drink is asked with (issue #24): a regular's usual choices per drink, walk-ins as it comes.
    Its own random numbers, so the rest of the trade is drawn as it always was."""

    def __init__(self, seed: int, days: int) -> None:
        self.rng = random.Random(seed * 31_337 + days)
        self.seed = seed
        self.weights = demo_options()["asked"]
        self.groups: dict[int, tuple] = {}

    def _groups(self, product_id: int) -> tuple:
        if product_id not in self.groups:
            self.groups[product_id] = options_for(product_id)
        return self.groups[product_id]

    def _pick(self, rng: random.Random, groups: tuple) -> tuple[ChosenOption, ...]:
        picked = []
        for g in groups:
            weights = self.weights.get(g.name, [1.0] * len(g.offered))
            if g.max_choices == 1:
                picked.append(rng.choices(g.offered, weights=weights[:len(g.offered)])[0].id)
            else:
                extra = [c.id for c, w in zip(g.offered, weights) if rng.random() < w]
                picked += extra[:g.max_choices]
        return select(groups, picked)

    def options(self, customer_id: int | None, product_id: int, regular: bool) -> tuple[ChosenOption, ...]:
        groups = self._groups(product_id)
        if not groups:
            return ()
        if regular and self.rng.random() < 0.85:  # the usual: the same each time
            return self._pick(random.Random(self.seed * 1_000_003 + (customer_id or 0) * 7_919 + product_id), groups)
        return self._pick(self.rng, groups)


class _Day:
    def __init__(self, rng: random.Random, day: dt.date, zone: ZoneInfo, staff: dict[str, int],
                 last_hour: int = CLOSE_HOUR, asked: _Asked | None = None, regulars: frozenset[int] = frozenset()
                 ) -> None:
        self.rng, self.day, self.zone, self.staff, self.last_hour = rng, day, zone, staff, last_hour
        self.asked, self.regulars = asked, regulars
        self.shift_id = open_shift(TILL, staff["cashier"], Money(200_000), at=self.moment(OPEN_HOUR, 0)).id
        self.sales: list[str] = []

    def moment(self, hour: int, minute: int) -> dt.datetime:
        local = dt.datetime.combine(self.day, dt.time(hour, minute), tzinfo=self.zone)
        return local.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def random_moment(self) -> dt.datetime:
        return self.moment(self.rng.randint(OPEN_HOUR, self.last_hour - 1), self.rng.randint(0, 59))

    def sell(self, customer_id: int | None, items: list[tuple[int, int]], method: str = "cash",
             at: dt.datetime | None = None, priced: PricedCart | None = None) -> str:
        """``priced``: these items for this customer at this moment, priced already without selections."""
        at = at or self.random_moment()
        asked = self.asked if priced is None else None  # a reseller's packs, priced already: no choices
        lines = tuple(CartLine(pid, Quantity.of(qty), options=asked.options(customer_id, pid, customer_id in
                                                                           self.regulars) if asked else ())
                      for pid, qty in items)
        priced = priced or price(list(lines), customer_id, at=at)  # to take what the shop offers, as a cashier would
        selections = Selections(choices={c.promotion_id: c.options[0] for c in priced.choices},
                                accepted_offers=frozenset(o.promotion_id for o in priced.offers))
        if selections.choices or selections.accepted_offers:  # else the same question, priced already
            priced = price(list(lines), customer_id, at=at, selections=selections)
        due = priced.cash_total if method == "cash" else priced.total
        tendered = None
        if method == "cash":
            tendered = next((Money(n) for n in (20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000)
                             if n >= due.minor and self.rng.random() < 0.6), due)
        result = checkout(CheckoutRequest(uuid.UUID(int=self.rng.getrandbits(128)).hex, TILL, self.shift_id,
                                          self.staff["cashier"], lines, (Tender(method, due, tendered),),
                                          customer_id, selections, at, agreed=priced))  # priced just now, not twice
        self.sales.append(result.number)
        return result.number

    def approve(self, what: str, product_id: int, at: dt.datetime, rng: random.Random) -> None:
        """The owner's PIN at the till: the drawer opened, a manual price, or a walk-in's sale voided."""
        cashier = self.staff["cashier"]
        if what == "drawer":
            open_drawer(self.shift_id, owner_pin=OWNER_PIN, staff_id=cashier, at=at)
            return
        line = CartLine(product_id, Quantity.of(1))
        if what == "manual":  # a cake with a dent: 10% off, in whole thousands
            retail = price([line], None, at=at).lines[0].retail_price.minor
            line = CartLine(product_id, Quantity.of(1), Money(max(1000, retail * 9 // 10 // 1000 * 1000)))
        due = price([line], None, at=at).cash_total
        sale = checkout(CheckoutRequest(uuid.UUID(int=rng.getrandbits(128)).hex, TILL, self.shift_id, cashier,
                                        (line,), (Tender("cash", due),), None, Selections(), at,
                                        owner_pin=OWNER_PIN if what == "manual" else ""))
        if what == "void":
            void_sale(sale.number, owner_pin=OWNER_PIN, staff_id=cashier, shift_id=self.shift_id, till_id=TILL,
                      at=at + dt.timedelta(minutes=1))

    def split_and_refund(self, rng: random.Random, everyday: list[int]) -> None:
        """A walk-in pays part in cash, the rest by QRIS; one item comes back the way it was paid."""
        at = self.moment(self.last_hour - 1, 30)
        lines = tuple(CartLine(pid, Quantity.of(2)) for pid in rng.sample(everyday, 2))
        priced = price(list(lines), None, at=at)
        selections = Selections(choices={c.promotion_id: c.options[0] for c in priced.choices})
        total = price(list(lines), None, at=at, selections=selections).total
        cash = Money(max(1000, min(50_000, total.minor // 2000 * 1000)))
        sale = checkout(CheckoutRequest(uuid.UUID(int=rng.getrandbits(128)).hex, TILL, self.shift_id,
                                        self.staff["cashier"], lines,
                                        (Tender("cash", cash), Tender("qris", total - cash)), None, selections, at))
        refund(sale.number, {_first_paid_line(sale.number): Quantity.of(1)}, back_to="original", owner_pin=OWNER_PIN,
               staff_id=self.staff["cashier"], shift_id=self.shift_id, till_id=TILL,
               at=at + dt.timedelta(minutes=20))

    def sell_day_old(self, rng: random.Random, product_id: int, quantity: int, at: dt.datetime) -> None:
        """Yesterday's bread at the day-old price, paid in cash (its own random stream: the trade stays as it was)."""
        line = CartLine(product_id, Quantity.of(quantity), day_old=True)
        due = price([line], None, at=at).cash_total
        checkout(CheckoutRequest(uuid.UUID(int=rng.getrandbits(128)).hex, TILL, self.shift_id, self.staff["cashier"],
                                 (line,), (Tender("cash", due),), None, Selections(), at))

    def close(self) -> None:
        expected = current_shift(TILL).summary.expected.minor
        count, left = {}, expected
        for value in DENOMINATIONS:
            count[value], left = divmod(left, value)
        if self.rng.random() < 0.1 and count.get(1000):
            count[1000] -= 1  # now and then a note goes missing
        close_shift(self.shift_id, {k: v for k, v in count.items() if v}, staff_id=self.staff["cashier"],
                    at=self.moment(CLOSE_HOUR, 15))


def _first_paid_line(number: str) -> int:
    """The first line of a sale that is not a free item: what refundable_lines would offer first, as the
    demo's sales have had nothing back yet (one read instead of pricing each line's refund rule)."""
    return (SaleLine.select(SaleLine.id).join(Sale, on=(SaleLine.sale == Sale.id))
            .where((Sale.number == number) & SaleLine.refund_of_line.is_null() & ~SaleLine.is_bonus)
            .order_by(SaleLine.position).scalar())


@allowed(ANYONE, why="the demo builder's sales, inside create_demo on an owner-less database")
def record_history(seed: int, today: dt.date, days: int, time_zone: str,
                   now: dt.datetime | None = None) -> HistoryResult:
    """Trade from ``days`` days before ``today`` up to ``today``; never later than ``now`` (UTC).

    When the history reaches the real today, today's shift is left open with the
    morning's sales, as the till would be.
    """
    rng = random.Random(seed * 7919 + days)
    asked = _Asked(seed, days)
    owner = random.Random(seed * 104_729 + days)  # the owner's approvals: apart, so the trade stays as it was
    stale = random.Random(seed * 15_485_863 + days)  # yesterday's bread sold cheaper (issue #25): apart as well
    zone = ZoneInfo(time_zone)
    local_now = (now or clock.now()).replace(tzinfo=dt.timezone.utc).astimezone(zone)
    staff = {u.role: u.id for u in StaffUser.select()}
    products = {p.code: p.id for p in Product.select()}
    everyday = [products[c] for c in products if c.split("-")[0] in ("KUE", "ROT", "KOP")]
    breads = [products[c] for c in BREADS if c in products]
    packs = [products[c] for c in ("CML-01", "KRG-01", "KRG-03", "CML-03") if c in products]
    regulars = [c.id for c in Customer.select().join(PriceTier).where(PriceTier.code == "regular")]
    resellers = [c.id for c in Customer.select().join(PriceTier).where(PriceTier.code == "reseller")]
    others = [c.id for c in Customer.select().join(PriceTier).where(PriceTier.code == "retail")]
    rhythm = {cid: (rng.randint(3, 12), rng.randrange(12), rng.sample(everyday, 3)) for cid in regulars}
    lapsed = set(rng.sample(regulars, max(1, len(regulars) // 8)))
    weekday = {cid: rng.randrange(6) for cid in resellers}
    sales = refunds = 0
    usual = {key: get_shop_settings()[key] for key in TAX_AND_ROUNDING}
    for offset in range(days - 1, -1, -1):
        day = today - dt.timedelta(days=offset)
        if day > local_now.date() or (day == local_now.date() and local_now.hour <= OPEN_HOUR):
            break  # nothing is sold in the future
        if offset in (TAXED_DAYS, 0):  # the taxed days begin; today is as usual again
            change_shop_settings(TAX_AND_ROUNDING if offset else usual, owner_pin=OWNER_PIN)
        is_today = day == local_now.date()
        shop = _Day(rng, day, zone, staff, min(CLOSE_HOUR, local_now.hour) if is_today else CLOSE_HOUR, asked,
                    frozenset(regulars))
        index = days - 1 - offset
        plan: list[tuple[dt.datetime, int | None, list[tuple[int, int]], str]] = []
        for cid, (every, start, favourites) in rhythm.items():
            if (index + start) % every == 0 and not (cid in lapsed and index > days // 2):
                plan.append((shop.random_moment(), cid, [(pid, rng.randint(1, 3)) for pid in
                                                         rng.sample(favourites, rng.randint(1, 3))],
                             rng.choice(("cash", "cash", "qris"))))
        for cid in resellers:
            if day.weekday() == weekday[cid] and shop.moment(9, 30) <= shop.moment(shop.last_hour, 0):
                plan.append((shop.moment(9, 30), cid, [(pid, rng.choice((10, 10, 20, 50)))
                                                       for pid in rng.sample(packs, 2)], "reseller"))
        for _ in range(rng.randint(*WALK_INS)):
            who = rng.choice(others) if rng.random() < 0.25 else None
            plan.append((shop.random_moment(), who, [(rng.choice(everyday), rng.randint(1, 2))
                                                     for _ in range(rng.randint(1, 3))],
                         rng.choice(("cash", "cash", "cash", "qris"))))
        for what, share in APPROVALS:  # yesterday has one of each, for the recap the demo opens on
            if (owner.random() < share or offset == 1) and shop.last_hour - 1 > OPEN_HOUR:
                plan.append((shop.moment(owner.randint(OPEN_HOUR + 1, shop.last_hour - 1), owner.randint(0, 58)),
                             None, [(owner.choice(everyday), 1)], what))
        if index and breads and stale.random() < DAY_OLD_SHARE and shop.last_hour > OPEN_HOUR + 2:
            plan.append((shop.moment(OPEN_HOUR + stale.randint(0, 1), stale.randint(0, 59)), None,
                         [(stale.choice(breads), stale.randint(1, 3))], "day_old"))
        plan.sort(key=lambda p: (p[0], p[1] or 0))  # receipt numbers follow the clock
        for at, cid, items, method in plan:
            if method == "day_old":  # carried from yesterday's trays (the trays are added after the history)
                shop.sell_day_old(stale, items[0][0], items[0][1], at)
                continue
            if method in dict(APPROVALS):
                shop.approve(method, items[0][0], at, owner)
                continue
            if method == "reseller":  # last week's kasbon paid, then this week's order on kasbon
                owed = kasbon_owed(cid)
                if owed.minor:
                    pay_kasbon(cid, owed, rng.choice(("cash", "transfer")), shift_id=shop.shift_id,
                               staff_id=staff["cashier"], at=at)
                credit = Customer.get_by_id(cid).credit_limit or Money(0)
                priced = price([CartLine(p, Quantity.of(q)) for p, q in items], cid, at=at)
                shop.sell(cid, items, "kasbon" if priced.total <= credit else "transfer", at=at, priced=priced)
                continue
            shop.sell(cid, items, method, at=at)
        if offset == 1 and shop.last_hour - 1 > OPEN_HOUR:
            shop.split_and_refund(owner, everyday)
            sales, refunds = sales + 1, refunds + 1
        if shop.sales and rng.random() < 0.25:
            number = rng.choice(shop.sales)
            refund(number, {_first_paid_line(number): Quantity.of(1)}, back_to="original", owner_pin="1234",
                   staff_id=staff["cashier"], shift_id=shop.shift_id, till_id=TILL,
                   at=shop.moment(shop.last_hour - 1, 59))
            refunds += 1
        sales += len(shop.sales)
        if not is_today:
            shop.close()
    if {key: get_shop_settings()[key] for key in TAX_AND_ROUNDING} != usual:  # it ended on a taxed day
        change_shop_settings(usual, owner_pin=OWNER_PIN)
    return HistoryResult(days, sales, refunds)
