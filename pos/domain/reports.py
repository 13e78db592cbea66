"""Reports over a period as plain values (built by services.reports, printed by printing.report_pdf)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pos.money import Money, Quantity


@dataclass(frozen=True)
class PeriodRow:
    label: str  # 2026-11-27, 2026-W48, 2026-11
    sales: int
    amount: Money  # net: the sales less the refunds made in the period (voided sales count for nothing)
    customers: int  # different customers from the book
    refunds: Money = Money(0)  # negative: the refunds made in the period, included in amount
    gross_profit: Money | None = None  # amount less the goods' cost stored with each line; None: no costs known


@dataclass(frozen=True)
class Ranked:
    name: str
    quantity: Quantity
    amount: Money
    sales: int
    gross_profit: Money | None = None  # None: no line had a cost


@dataclass(frozen=True)
class PromotionEffect:
    promotion: str
    fired: int  # sales it changed something in
    discounts: Money
    free_items: Money  # at retail value
    sales_total: Money  # what those sales came to
    free_items_at_cost: Money | None = None  # what the free items cost the shop (None: no cost known)

    @property
    def cost_at_retail(self) -> Money:
        """What the promotion gave, at retail: its discounts and its free items at their retail price."""
        return self.discounts + self.free_items

    @property
    def cost_at_cost(self) -> Money | None:
        """What it cost the shop: its discounts (money not taken) and its free items at cost price."""
        return None if self.free_items_at_cost is None else self.discounts + self.free_items_at_cost


@dataclass(frozen=True)
class MonthRate:
    month: str
    buyers: int
    returning: int  # had bought before the month

    @property
    def new(self) -> int:
        """Bought for the first time in the month."""
        return self.buyers - self.returning

    @property
    def rate(self) -> float:
        return self.returning / self.buyers if self.buyers else 0.0


@dataclass(frozen=True)
class PeriodReport:
    start: dt.date
    end: dt.date
    by: str
    total_sales: int
    total_amount: Money  # net sales: the sum of the days' net sales
    rows: tuple[PeriodRow, ...]
    products: tuple[Ranked, ...]  # by revenue
    categories: tuple[Ranked, ...]
    tiers: tuple[Ranked, ...]
    segments: tuple[Ranked, ...]
    promotions: tuple[PromotionEffect, ...]
    returning: tuple[MonthRate, ...]
    refunds_total: Money = Money(0)  # negative, included in total_amount
    gross_profit: Money | None = None  # the period's, after refunds; None: no costs known
    choices: tuple = ()  # pos.domain.options.ChoiceFigure: each choice sold in the period, the most asked first

    @property
    def sales_amount(self) -> Money:
        """What the sales came to before the refunds."""
        return self.total_amount - self.refunds_total


