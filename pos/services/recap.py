"""The day's recap (per shop day, one till or all): read from what was stored, never re-priced.

Sales count on the day they were made, refunds and voids on the day they happened. Money
given away is measured against retail: by the customer's tier or special price, by
discounts and by free items, each promotion on its own line.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from peewee import JOIN, Case, fn

from pos.domain.recap import Figure, Given, ItemRow, Recap, RefundRow, ShiftCash
from pos.i18n import _
from pos.models import (AuditEntry, CashEntry, Category, Customer, CustomerSegment, DepositEntry, KasbonEntry,
                        Payment, PriceTier, Product, Promotion, Sale, SaleLine, SaleLineReason, Segment, Shift)
from pos.money import Money, Quantity
from pos.services.errors import InvalidInput
from pos.services.kasbon import shop_today  # noqa: F401 (the recap's "today" is the shop's, for its callers)
from pos.services.shop import get_shop_settings


def parse_day(text: str | None, today: dt.date) -> dt.date:
    """A recap day from what was typed: YYYY-MM-DD, not in the future."""
    if not text:
        return today
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(_("{text} is not a date (YYYY-MM-DD).").format(text=text)) from None
    if day > today:
        raise InvalidInput(_("{day} has not happened yet.").format(day=day.isoformat()))
    return day


def _bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime, ZoneInfo]:
    zone = ZoneInfo(get_shop_settings()["time_zone"])
    start = dt.datetime.combine(day, dt.time(), zone).astimezone(dt.timezone.utc).replace(tzinfo=None)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone).astimezone(dt.timezone.utc)
    return start, end.replace(tzinfo=None), zone


def day_recap(day: dt.date, till: str | None = None, *, today: dt.date | None = None) -> Recap:
    from pos.services.preorders import orders_for_day, to_local

    start, end, zone = _bounds(day)
    if today is not None and day > today:
        raise InvalidInput(_("{day} has not happened yet.").format(day=day.isoformat()))
    in_day = (Sale.created_at >= start) & (Sale.created_at < end)
    if till:
        in_day = in_day & (Sale.till_id == till)
    day_rows = list(Sale.select(Sale.id, Sale.kind, Sale.number, Sale.created_at, Sale.total, Sale.subtotal,
                                Sale.tax_total, Sale.rounding, Sale.customer, Sale.refund_of)
                    .where(in_day).order_by(Sale.created_at, Sale.id).namedtuples())
    sales = [s for s in day_rows if s.kind == "sale"]
    refunds = [s for s in day_rows if s.kind == "refund"]
    sold = in_day & (Sale.kind == "sale")

    # every line figure in a few aggregate queries; line amounts rounded half up, as money.line_amount does
    retail = (SaleLine.quantity * SaleLine.retail_price + 500) / 1000
    paid_at = (SaleLine.quantity * SaleLine.unit_price + 500) / 1000
    bonus = SaleLine.is_bonus == True  # noqa: E712
    gross, free, given_prices, discounts = (SaleLine.select(
        fn.SUM(retail), fn.SUM(Case(None, [(bonus, retail)], 0)), fn.SUM(Case(None, [(bonus, 0)], retail - paid_at)),
        fn.SUM(Case(None, [(bonus, 0)], SaleLine.discount))).join(Sale).where(sold).tuples().get())
    gross, free, given_prices, discounts = (int(v or 0) for v in (gross, free, given_prices, discounts))
    promotions = {p.id: p.name for p in Promotion.select(Promotion.id, Promotion.name)}
    given: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for promotion, amount, times in (SaleLine.select(SaleLine.promotion, fn.SUM(retail), fn.COUNT(SaleLine.id))
                                     .join(Sale).where(sold & bonus).group_by(SaleLine.promotion).tuples()):
        name = promotions.get(promotion, "")
        given[name][1] += int(amount or 0)
        given[name][2] += int(times)
    for promotion, amount, times in (SaleLineReason.select(SaleLineReason.promotion, fn.SUM(SaleLineReason.amount),
                                                           fn.COUNT(SaleLineReason.id))
                                     .join(SaleLine).join(Sale)
                                     .where(sold & SaleLineReason.promotion.is_null(False)
                                            & (SaleLineReason.amount < 0) & (SaleLine.is_bonus == False))  # noqa: E712
                                     .group_by(SaleLineReason.promotion).tuples()):
        name = promotions.get(promotion, "")
        given[name][0] += -int(amount or 0)
        given[name][2] += int(times)
    items = {(name, category or ""): [int(q or 0), int(a or 0)] for name, category, q, a in (
        SaleLine.select(SaleLine.description, Category.name, fn.SUM(SaleLine.quantity), fn.SUM(SaleLine.amount))
        .join(Sale).switch(SaleLine).join(Product, JOIN.LEFT_OUTER).join(Category, JOIN.LEFT_OUTER)
        .where(sold).group_by(SaleLine.description, Category.name).tuples())}

    approvals = {}
    if refunds:
        for entry in AuditEntry.select().where(AuditEntry.action == "sale.refunded"):
            if entry.details.get("refund") in {r.number for r in refunds}:
                approvals[entry.details["refund"]] = entry.details.get("approved_by", "")
    originals = {o.id: o for o in Sale.select(Sale.id, Sale.number, Sale.status).where(
        Sale.id.in_([r.refund_of for r in refunds if r.refund_of]))} if refunds else {}
    refund_rows = tuple(RefundRow(r.number, originals[r.refund_of].number if r.refund_of else "", r.total,
                                  approvals.get(r.number, ""),
                                  bool(r.refund_of and originals[r.refund_of].status == "voided")) for r in refunds)

    by_method = {method: int(amount) for method, amount in (
        Payment.select(Payment.method, fn.SUM(Payment.amount)).join(Sale).where(in_day)
        .group_by(Payment.method).tuples())}

    def ledger(model, where) -> int:
        q = model.select(model.amount).where((model.created_at >= start) & (model.created_at < end) & where)
        if till:
            q = q.join(Sale, join_type=JOIN.LEFT_OUTER).where((Sale.till_id == till) | model.sale.is_null())
        return sum(int(a) for (a,) in q.tuples())

    kasbon_given = ledger(KasbonEntry, (KasbonEntry.amount > 0))
    kasbon_collected = -ledger(KasbonEntry, (KasbonEntry.amount < 0) & KasbonEntry.sale.is_null())
    deposits_taken = ledger(DepositEntry, DepositEntry.amount > 0)
    deposits_spent = -ledger(DepositEntry, (DepositEntry.amount < 0) & DepositEntry.sale.is_null(False))

    shift_query = Shift.select().where((Shift.opened_at >= start) & (Shift.opened_at < end))
    if till:
        shift_query = shift_query.where(Shift.till_id == till)
    shifts = []
    for shift in shift_query.order_by(Shift.opened_at):
        entries = sum(int(a) for (a,) in CashEntry.select(CashEntry.amount).where(CashEntry.shift == shift).tuples())
        expected = shift.opening_float + Money(entries)
        counted = shift.counted_cash
        shifts.append(ShiftCash(shift.id, shift.till_id, shift.cashier.name, shift.opening_float, expected, counted,
                                counted - expected if counted is not None else None))
    counted_all = [s.counted for s in shifts]
    cash_counted = Money(sum(c.minor for c in counted_all)) if counted_all and None not in counted_all else None
    cash_expected = Money(sum(s.expected.minor for s in shifts))

    sales_total = sum(s.total.minor for s in sales)
    hours: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for s in sales:
        hour = s.created_at.replace(tzinfo=dt.timezone.utc).astimezone(zone).hour
        hours[hour][0] += 1
        hours[hour][1] += s.total.minor

    buyers = Sale.select(Sale.customer).where(sold & Sale.customer.is_null(False))  # a subquery, not an id list
    customers = {cid: (name, tier) for cid, name, tier in Customer.select(Customer.id, Customer.name, Customer.tier)
                 .where(Customer.id.in_(buyers)).tuples()} if any(s.customer for s in sales) else {}
    tiers = {t.id: t.name for t in PriceTier.select()}
    seg_of: dict[int, list[str]] = defaultdict(list)
    if customers:
        for cid, name in (CustomerSegment.select(CustomerSegment.customer, Segment.name).join(Segment)
                          .where(CustomerSegment.customer.in_(buyers)).tuples()):
            seg_of[cid].append(name)
    by_tier: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_segment: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_customer: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    walk_in = [0, 0]
    for s in sales:
        if s.customer is None:
            walk_in[0] += 1
            walk_in[1] += s.total.minor
            by_tier[_("Walk-in")][0] += 1
            by_tier[_("Walk-in")][1] += s.total.minor
            continue
        _name, tier = customers[s.customer]
        for bucket in (by_tier[tiers[tier]], per_customer[s.customer], *(by_segment[n] for n in seg_of[s.customer])):
            bucket[0] += 1
            bucket[1] += s.total.minor
    earlier = {cid for (cid,) in Sale.select(Sale.customer).where(
        Sale.customer.in_(buyers) & (Sale.kind == "sale") & (Sale.created_at < start)).distinct()
        .tuples()} if per_customer else set()

    def figures(data: dict, key=lambda kv: -kv[1][1]) -> tuple[Figure, ...]:
        return tuple(Figure(str(k), v[0], Money(v[1])) for k, v in sorted(data.items(), key=key))

    item_rows = tuple(ItemRow(name, cat, Quantity(q), Money(a)) for (name, cat), (q, a) in
                      sorted(items.items(), key=lambda kv: (-kv[1][1], kv[0][0])))
    cats: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in item_rows:
        cats[row.category][0] += row.quantity.thousandths
        cats[row.category][1] += row.amount.minor
    top = sorted(per_customer.items(), key=lambda kv: (-kv[1][1], kv[0]))[:10]
    tomorrow = tuple((o.number, o.customer, to_local(o.pickup_at), o.total)
                     for o in orders_for_day(day + dt.timedelta(days=1)))
    return Recap(
        day=day, till=till, sales_count=len(sales), gross_retail=Money(gross), given_by_prices=Money(given_prices),
        discounts=Money(discounts), free_items=Money(free),
        given=tuple(Given(name, Money(v[0]), Money(v[1]), v[2]) for name, v in
                    sorted(given.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))),
        refunds=refund_rows, refunds_total=Money(sum(r.total.minor for r in refunds)),
        sales_total=Money(sales_total), net_sales=Money(sales_total + sum(r.total.minor for r in refunds)),
        tax=Money(sum(s.tax_total.minor for s in day_rows)), rounding=Money(sum(s.rounding.minor for s in day_rows)),
        by_method=tuple(sorted(((m, Money(a)) for m, a in by_method.items()), key=lambda kv: -kv[1].minor)),
        kasbon_given=Money(kasbon_given), kasbon_collected=Money(kasbon_collected),
        deposits_taken=Money(deposits_taken), deposits_spent=Money(deposits_spent), shifts=tuple(shifts),
        cash_expected=cash_expected, cash_counted=cash_counted,
        cash_difference=cash_counted - cash_expected if cash_counted is not None else None,
        average_basket=Money(sales_total // len(sales)) if sales else Money(0),
        items=item_rows, categories=tuple(ItemRow(c, c, Quantity(q), Money(a)) for c, (q, a) in
                                          sorted(cats.items(), key=lambda kv: -kv[1][1])),
        by_hour=tuple(Figure(f"{h:02d}:00", v[0], Money(v[1])) for h, v in sorted(hours.items())),
        by_tier=figures(by_tier), by_segment=figures(by_segment),
        walk_in=Figure(_("Walk-in"), walk_in[0], Money(walk_in[1])),
        known=Figure(_("Customers from the book"), len(sales) - walk_in[0], Money(sales_total - walk_in[1])),
        new_customers=len(set(per_customer) - earlier), returning_customers=len(set(per_customer) & earlier),
        top_customers=tuple(Figure(customers[cid][0], v[0], Money(v[1])) for cid, v in top),
        preorders_tomorrow=tomorrow)



def recap_outputs(r: Recap) -> dict:
    """The same recap as thermal document, PDF, CSV and the owner's WhatsApp link."""
    from urllib.parse import quote

    from pos.printing.recap import recap_csv, recap_document, recap_pdf, whatsapp_text
    from pos.services.phones import normalize_phone

    shop = get_shop_settings()
    text = whatsapp_text(r, shop["shop_name"])
    phone = normalize_phone(shop["whatsapp"], shop["phone_region"]) if shop["whatsapp"] else None
    return {"document": recap_document(r, shop["shop_name"]), "pdf": lambda: recap_pdf(r, shop["shop_name"]),
            "csv": lambda: recap_csv(r), "text": text,
            "link": f"https://wa.me/{phone.lstrip('+')}?text={quote(text)}" if phone else None}
