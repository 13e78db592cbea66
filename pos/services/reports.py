"""Reports over a period: sales by day, week or month; products, categories, tiers and groups ranked; what
each promotion did (how often, what it gave at retail value, the sales it was part of); and the returning-
customer rate of each month. Read from the stored sales, like the day's recap."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from peewee import Case, fn

from pos.i18n import _
from pos.models import (Category, CustomerSegment, PriceTier, Product, Promotion, Sale, SaleLine, SaleLineReason,
                        Segment)
from pos.money import Money, Quantity, line_amount
from pos.domain.reports import MonthRate, PeriodReport, PeriodRow, PromotionEffect, Ranked
from pos.services.customer_lists import shown_name
from pos.services.errors import InvalidInput
from pos.services.gross_profit import profit_by_category, profit_by_product, profit_by_sale
from pos.services.shop_settings import shop_settings
from pos.services.sold_options import choice_figures
from pos.services.access import READ, allowed

BY = ("day", "week", "month")
# refund lines for what the customer keeps (refunds.py)
KEPT_BACK = ("bonus_deduction", "tier_deduction", "promotion_deduction")


def _label(day: dt.date, by: str) -> str:
    if by == "month":
        return f"{day:%Y-%m}"
    if by == "week":
        year, week, _weekday = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


@allowed(READ)
def period_report(start: dt.date, end: dt.date, by: str = "day") -> PeriodReport:
    """Shop days from ``start`` to ``end``, both included."""
    if by not in BY:
        raise InvalidInput(_("Group by day, week or month."))
    if end < start:
        raise InvalidInput(_("The period ends before it starts."))
    zone = shop_settings().time_zone

    def utc(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), zone).astimezone(dt.timezone.utc).replace(tzinfo=None)

    since, until = utc(start), utc(end + dt.timedelta(days=1))
    # what counts, as in the day's recap: completed sales, and refunds on the day they were made (a voided
    # sale and its void's record are both voided and count for nothing)
    counted = (Sale.status == "completed") & (Sale.created_at >= since) & (Sale.created_at < until)
    in_range = (Sale.kind == "sale") & counted
    everything = list(Sale.select(Sale.id, Sale.kind, Sale.created_at, Sale.total, Sale.customer).where(counted)
                      .order_by(Sale.created_at, Sale.id).tuples())
    sales = [(sid, at, total, customer) for sid, kind, at, total, customer in everything if kind == "sale"]
    rows: dict[str, list] = {}
    local_day = {}
    refunds_total = 0
    for sid, kind, at, total, customer in everything:
        day = at.replace(tzinfo=dt.timezone.utc).astimezone(zone).date()
        local_day[sid] = day
        row = rows.setdefault(_label(day, by), [0, 0, set(), 0])
        row[1] += int(total)
        if kind != "sale":
            row[3] += int(total)
            refunds_total += int(total)
            continue
        row[0] += 1
        if customer:
            row[2].add(customer)
    totals = {sid: int(total) for sid, _at, total, _c in sales}

    profits = profit_by_sale(counted)  # gross profit per sale (refunds: negative), from the costs stored with the lines

    # the products and categories after refunds: a refund's lines are negative; the free items and price
    # breaks a refund keeps back are money, not goods (quantity 0)
    kept_back = SaleLine.price_source.in_(KEPT_BACK)
    goods = (SaleLine.is_bonus == False) | kept_back  # noqa: E712
    quantity = fn.SUM(Case(None, [(kept_back, 0)], SaleLine.quantity))
    in_sales = fn.COUNT(fn.DISTINCT(Case(None, [(Sale.kind == "sale", SaleLine.sale)])))
    line_query = (SaleLine.select(SaleLine.description, quantity, fn.SUM(SaleLine.amount), in_sales)
                  .join(Sale).where(counted & goods).group_by(SaleLine.description))
    by_name = profit_by_product(counted)
    products = sorted((Ranked(name, Quantity(int(q)), Money(int(a)), int(n), by_name.get(name))
                       for name, q, a, n in line_query.tuples() if int(q) or int(a)),
                      key=lambda r: (-r.amount.minor, r.name))
    category_query = (SaleLine.select(Category.name, quantity, fn.SUM(SaleLine.amount), in_sales)
                      .join(Sale).switch(SaleLine).join(Product).join(Category)
                      .where(counted & goods).group_by(Category.name))
    by_category = profit_by_category(counted)
    categories = sorted((Ranked(name, Quantity(int(q)), Money(int(a)), int(n), by_category.get(name))
                         for name, q, a, n in category_query.tuples()), key=lambda r: -r.amount.minor)

    tier_names = {t.id: t.name for t in PriceTier.select()}
    customers = {sid: c for sid, _kind, _a, _t, c in everything if c}  # refunds' too: their profit is their tier's
    from pos.models import Customer

    tier_of = dict(Customer.select(Customer.id, Customer.tier).where(Customer.id.in_(set(customers.values())))
                   .tuples()) if customers else {}
    segs: dict[int, list[str]] = defaultdict(list)
    if customers:
        for cid, name, retired in (CustomerSegment.select(CustomerSegment.customer, Segment.name, Segment.retired)
                                   .join(Segment).where(CustomerSegment.customer.in_(set(customers.values())))
                                   .tuples()):
            segs[cid].append(shown_name(name, retired))
    tiers: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    tier_profit: dict[str, Money] = {}
    for sid, _at, total, customer in sales:
        name = tier_names[tier_of[customer]] if customer else _("Walk-in")
        tiers[name][0] += 1
        tiers[name][1] += int(total)
        if sid in profits:
            tier_profit[name] = tier_profit.get(name, Money(0)) + profits[sid]
        for seg in segs.get(customer, ()):
            groups[seg][0] += 1
            groups[seg][1] += int(total)
    for sid, kind, _at, _total, customer in everything:  # a refund takes its goods' profit out of its tier's
        if kind != "sale" and sid in profits:
            name = tier_names[tier_of[customer]] if customer else _("Walk-in")
            tiers.setdefault(name, [0, 0])  # a tier with only a refund in the period is shown: 0 sales, its profit
            tier_profit[name] = tier_profit.get(name, Money(0)) + profits[sid]

    names = {p.id: p.name for p in Promotion.select(Promotion.id, Promotion.name)}
    effect: dict[int, list] = defaultdict(lambda: [set(), 0, 0])
    for promo, sale, amount in (SaleLineReason.select(SaleLineReason.promotion, SaleLine.sale, SaleLineReason.amount)
                                .join(SaleLine).join(Sale)
                                .where(in_range & SaleLineReason.promotion.is_null(False) & (SaleLineReason.amount < 0)
                                       & (SaleLine.is_bonus == False)).tuples()):  # noqa: E712
        effect[promo][0].add(sale)
        effect[promo][1] += -int(amount)
    at_cost: dict[int, int | None] = {}
    for promo, sale, qty, retail, cost in (SaleLine.select(SaleLine.promotion, SaleLine.sale, SaleLine.quantity,
                                                           SaleLine.retail_price, SaleLine.cost)
                                           .join(Sale).where(in_range & (SaleLine.is_bonus == True)  # noqa: E712
                                                             & SaleLine.promotion.is_null(False)).tuples()):
        effect[promo][0].add(sale)
        effect[promo][2] += line_amount(qty, retail).minor
        known = at_cost.get(promo, 0)
        at_cost[promo] = None if cost is None or known is None else known + int(cost)
    promotions = sorted((PromotionEffect(names.get(pid, str(pid)), len(ids), Money(d), Money(f),
                                         Money(sum(totals[s] for s in ids)),
                                         Money(at_cost.get(pid, 0)) if at_cost.get(pid, 0) is not None else None)
                         for pid, (ids, d, f) in effect.items()),
                        key=lambda e: -(e.discounts.minor + e.free_items.minor))

    first = dict(Sale.select(Sale.customer, fn.MIN(Sale.created_at)).where(
        (Sale.kind == "sale") & Sale.customer.is_null(False) & Sale.customer.in_(set(customers.values())))
        .group_by(Sale.customer).tuples()) if customers else {}
    months: dict[str, set] = defaultdict(set)
    for sid, customer in customers.items():
        months[f"{local_day[sid]:%Y-%m}"].add(customer)
    rates = []
    for month in sorted(months):
        year, number = map(int, month.split("-"))
        month_start = utc(dt.date(year, number, 1))
        buyers = months[month]
        rates.append(MonthRate(month, len(buyers), sum(1 for c in buyers if first[c] < month_start)))

    def ranked(data: dict, profit: dict[str, Money] | None = None) -> tuple[Ranked, ...]:
        ordered = sorted(data.items(), key=lambda kv: -kv[1][1])
        return tuple(Ranked(k, Quantity(0), Money(v[1]), v[0], (profit or {}).get(k)) for k, v in ordered)

    row_profit: dict[str, Money] = {}
    for sid, money in profits.items():
        label = _label(local_day[sid], by)
        row_profit[label] = row_profit.get(label, Money(0)) + money
    return PeriodReport(
        start, end, by, len(sales), Money(sum(totals.values()) + refunds_total),
        tuple(PeriodRow(label, r[0], Money(r[1]), len(r[2]), Money(r[3]), row_profit.get(label))
              for label, r in sorted(rows.items())),
        tuple(products), tuple(categories), ranked(tiers, tier_profit), ranked(groups), tuple(promotions),
        tuple(rates), Money(refunds_total), Money(sum(m.minor for m in profits.values())) if profits else None,
        choice_figures(since, until))

