"""Gross profit from the stored sales (issue #25 item 4): each line's amount less the cost stored with it at
the moment of sale. Read by the day's recap and the period reports, never recomputed from today's costs.

A refund's lines carry the returned goods' cost negative, so a period's gross profit is after refunds; money a
refund keeps back (a free item kept, a price break no longer earned) has no goods and counts whole. A line sold
without a cost has no gross profit and is left out (the reports say "no cost" rather than guess).
"""

from __future__ import annotations

from peewee import JOIN, Case, fn

from pos.models import Category, Customer, PriceTier, Product, Sale, SaleLine
from pos.money import Money
from pos.services.access import READ, allowed

KEPT_BACK = ("bonus_deduction", "tier_deduction", "promotion_deduction")  # refund lines of money (refunds.py)


def _profit():
    return Case(None, [(SaleLine.cost.is_null(False), SaleLine.amount - SaleLine.cost),
                       (SaleLine.price_source.in_(KEPT_BACK), SaleLine.amount)])


def _money(rows) -> dict:
    return {key: Money(int(total)) for key, total in rows if total is not None}


@allowed(READ)
def profit_by_sale(where) -> dict[int, Money]:
    """Gross profit of each sale and refund matching ``where`` (a condition on Sale) that has a costed line."""
    return _money(SaleLine.select(SaleLine.sale, fn.SUM(_profit())).join(Sale).where(where)
                  .group_by(SaleLine.sale).tuples())


@allowed(READ)
def profit_by_product(where) -> dict[str, Money]:
    """By the product's name as sold (free items count: they cost their goods)."""
    return _money(SaleLine.select(SaleLine.description, fn.SUM(_profit())).join(Sale).where(where)
                  .group_by(SaleLine.description).tuples())


@allowed(READ)
def profit_by_category(where) -> dict[str, Money]:
    return _money(SaleLine.select(Category.name, fn.SUM(_profit())).join(Sale).switch(SaleLine).join(Product)
                  .join(Category).where(where).group_by(Category.name).tuples())


@allowed(READ)
def profit_by_tier(where, walk_in: str) -> dict[str, Money]:
    """By the price tier of the sale's customer (their tier now, as the reports show it); ``walk_in``: the
    name of sales without a customer."""
    names = {t.id: t.name for t in PriceTier.select()}
    rows = (SaleLine.select(Customer.tier, fn.SUM(_profit())).join(Sale)
            .join(Customer, JOIN.LEFT_OUTER, on=(Sale.customer == Customer.id)).where(where)
            .group_by(Customer.tier).tuples())
    out: dict[str, Money] = {}
    for tier, total in rows:
        if total is None:
            continue
        name = names.get(tier, str(tier)) if tier is not None else walk_in
        out[name] = out.get(name, Money(0)) + Money(int(total))
    return out
