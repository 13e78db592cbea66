"""The day's recap as plain values (built by services.recap, shown by the window, the printer and the PDF)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pos.domain.activity import Activity
from pos.money import Money, Quantity


@dataclass(frozen=True)
class Given:
    promotion: str  # the promotion's name ("" for tier and special prices)
    discounts: Money
    free_items: Money  # at retail value
    times: int  # lines it touched


@dataclass(frozen=True)
class RefundRow:
    number: str
    of_number: str
    total: Money  # negative: money back
    approved_by: str
    void: bool  # a void's record (the voided sale and it count neither as a sale nor as a refund)


@dataclass(frozen=True)
class ShiftCash:
    shift_id: int
    till_id: str
    cashier: str
    opening: Money
    expected: Money
    counted: Money | None
    difference: Money | None


@dataclass(frozen=True)
class Figure:
    label: str
    count: int
    amount: Money
    gross_profit: Money | None = None  # from the costs stored with the lines; None: none known


@dataclass(frozen=True)
class ItemRow:
    product: str
    category: str
    quantity: Quantity
    amount: Money
    gross_profit: Money | None = None  # from the costs stored with the lines; None: none known


@dataclass(frozen=True)
class TrayFigure:
    """One made-daily product's day (issue #25): made · sold · left · wasted, the waste at cost, when it sold out."""

    product: str
    made: Quantity  # today's bake (yesterday's carried goods apart: ``day_old``)
    sold: Quantity  # fresh and yesterday's together, beyond the tray included
    left: Quantity  # at closing (or now, before it)
    wasted: Quantity  # thrown away at closing
    waste_cost: Money | None  # wasted × the product's cost; None: no cost known
    sold_out_at: str | None = None  # "14:00", shop-local
    day_old: Quantity = Quantity(0)
    refunded: Quantity = Quantity(0)  # brought back that day: already taken off ``sold``


@dataclass(frozen=True)
class Recap:
    day: dt.date
    till: str | None
    sales_count: int
    gross_retail: Money  # every line of the day's sales at retail, free items too
    given_by_prices: Money  # tier (and manual) prices against retail; special prices apart: given_by_special
    discounts: Money
    free_items: Money  # at retail value
    given: tuple[Given, ...]  # by promotion
    refunds: tuple[RefundRow, ...]
    refunds_total: Money  # negative: money given back, tax and rounding included
    sales_total: Money  # what the day's sales came to: gross − prices − discounts − free + tax added ± rounding
    net_sales: Money  # sales_total + refunds_total
    tax: Money  # the tax in the net sales (added on top or included in the prices)
    rounding: Money  # cash rounding of the sales and refunds
    by_method: tuple[tuple[str, Money], ...]
    kasbon_given: Money
    kasbon_collected: Money
    deposits_taken: Money
    deposits_spent: Money
    shifts: tuple[ShiftCash, ...]
    cash_expected: Money
    cash_counted: Money | None
    cash_difference: Money | None
    average_basket: Money
    items: tuple[ItemRow, ...]
    categories: tuple[ItemRow, ...]
    by_hour: tuple[Figure, ...]  # shop hours with sales
    by_tier: tuple[Figure, ...]
    by_segment: tuple[Figure, ...]
    walk_in: Figure
    known: Figure
    new_customers: int
    returning_customers: int
    top_customers: tuple[Figure, ...]
    preorders_tomorrow: tuple[tuple[str, str, dt.datetime, Money], ...]  # number, customer, pickup (shop), total
    activity: tuple[Activity, ...] = ()  # what the owner approved or should know of: drawer, prices, voids …
    given_by_special: Money = Money(0)  # the customers' special prices against retail
    sales_tax_added: Money = Money(0)  # tax charged on top of the day's sales (0 when prices include it)
    sales_rounding: Money = Money(0)  # cash rounding of the day's sales
    tax_added: Money = Money(0)  # tax on top in the net sales (sales and refunds)
    items_total: Money = Money(0)  # the items list after refunds: net sales − tax added ∓ rounding
    voids: tuple[RefundRow, ...] = ()  # the records of the day's voids: shown, never counted
    voids_total: Money = Money(0)  # negative: what the voided sales came to
    kasbon_by_method: tuple[tuple[str, Money], ...] = ()  # kasbon collected, by how it was paid
    gross_profit: Money | None = None  # the day's lines less their goods' cost at the sale, after refunds
    choices: tuple = ()  # pos.domain.options.ChoiceFigure: each choice sold, after refunds, the most asked first
    trays: tuple[TrayFigure, ...] = ()  # the made-daily products' trays (issue #25)

    @property
    def waste_cost(self) -> Money | None:
        known = [t.waste_cost for t in self.trays if t.waste_cost is not None]
        return Money(sum(m.minor for m in known)) if known else None

    @property
    def empty(self) -> bool:
        return not self.sales_count and not self.refunds and not self.shifts


