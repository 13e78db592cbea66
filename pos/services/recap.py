"""The day's recap (per shop day, one till or all): read from what was stored, never re-priced.

Sales count on the day they were made, refunds and voids on the day they happened. Money
given away is measured against retail: by the customer's tier or special price, by
discounts and by free items, each promotion on its own line.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from zoneinfo import ZoneInfo

from pos.domain.preorders import CANCELLED, PICKED_UP
from pos.domain.recap import Figure, Given, ItemRow, Recap, RefundRow, ShiftCash
from pos.i18n import _
from pos.models import Sale
from pos.models import recap_queries as q
from pos.money import Money, Quantity, round_half_up
from pos.services.sold_options import choice_figures
from pos.services.trays import tray_figures
from pos.services.activity import list_activity
from pos.services import clock
from pos.services.errors import InvalidInput
from pos.services.gross_profit import profit_by_category, profit_by_product, profit_by_sale, profit_by_tier
from pos.services.shop_settings import shop_settings
from pos.services.access import READ, allowed

# refund lines for what the customer keeps (refunds.py)
KEPT_BACK = ("bonus_deduction", "tier_deduction", "promotion_deduction")


@allowed(READ)
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
    zone = clock.zone()
    return clock.day_start(day, zone), clock.day_start(day + dt.timedelta(days=1), zone), zone


def _offsets(start: dt.datetime, end: dt.datetime, zone: ZoneInfo) -> tuple[dt.datetime, int, int]:
    """The zone's UTC offset in seconds at the day's start, the moment it changes within the day (daylight
    saving; the day's end if it does not: never in Indonesia), and the offset from then on. The SQL adds
    them to stored UTC moments to group sales by the shop's hour. No zone changes twice in one day."""
    def offset(seconds: int) -> int:  # that many seconds into the day
        at = (start + dt.timedelta(seconds=seconds)).replace(tzinfo=dt.timezone.utc)
        return int(at.astimezone(zone).utcoffset().total_seconds())

    low, high = 0, int((end - start).total_seconds()) - 1
    before, after = offset(low), offset(high)
    if before == after:
        return end, before, after
    while high - low > 1:  # offset(low) is before, offset(high) after: close in on the first second of after
        middle = (low + high) // 2
        low, high = (middle, high) if offset(middle) == before else (low, middle)
    return start + dt.timedelta(seconds=high), before, after


@allowed(READ)
def opening_day(today: dt.date) -> dt.date:
    """The day the recap window opens on: today; on the demo shop before today's first sale (an empty recap,
    rightly), the last shop day with sales, so that there is something to look at."""
    if not shop_settings().is_demo:
        return today
    start = _bounds(today)[0]
    sales = Sale.select(Sale.created_at).where((Sale.kind == "sale") & (Sale.status == "completed"))
    if sales.where(Sale.created_at >= start).exists():
        return today
    last = sales.where(Sale.created_at < start).order_by(Sale.created_at.desc()).first()
    return clock.local_date(last.created_at) if last else today


@allowed(READ)
def day_recap(day: dt.date, till: str | None = None, *, today: dt.date | None = None) -> Recap:
    start, end, zone = _bounds(day)
    if today is not None and day > today:
        raise InvalidInput(_("{day} has not happened yet.").format(day=day.isoformat()))
    sales_count = sales_total = refund_count = refunds_total = tax = rounding = 0
    sales_rounding = sales_goods = goods = 0
    hours: dict[int, list[int]] = {}
    buyers: dict[int | None, list[int]] = {}  # customer (None: walk-in) -> sales, total; in order of first sale
    for kind, hour, customer, total, tax_part, rounding_part, goods_part in q.day_sales(
            start, end, till, *_offsets(start, end, zone)):
        tax += tax_part
        rounding += rounding_part
        goods += goods_part
        if kind == "sale":
            sales_count += 1
            sales_total += total
            sales_rounding += rounding_part
            sales_goods += goods_part
            for bucket in (hours.setdefault(hour, [0, 0]), buyers.setdefault(customer, [0, 0])):
                bucket[0] += 1
                bucket[1] += total
        elif kind == "refund":
            refund_count += 1
            refunds_total += total
    lines = _line_figures(start, end, till)
    by_method = sorted(((method, Money(amount)) for method, amount in q.payments_by_method(start, end, till)),
                       key=lambda kv: -kv[1].minor)
    kasbon_given, kasbon_collected, deposits_taken, deposits_spent = q.ledgers(start, end, till)
    shifts = _shifts(start, end, till)
    counted_all = [s.counted for s in shifts]
    cash_counted = Money(sum(c.minor for c in counted_all)) if counted_all and None not in counted_all else None
    cash_expected = Money(sum(s.expected.minor for s in shifts))
    names, by_tier, by_segment, earlier = _customer_figures(buyers, start, end, till)
    walk_in = buyers.pop(None, [0, 0])

    def figures(data: dict, key=lambda kv: -kv[1][1]) -> tuple[Figure, ...]:
        return tuple(Figure(str(k), v[0], Money(v[1])) for k, v in sorted(data.items(), key=key))

    item_rows = tuple(ItemRow(name, cat, Quantity(qty), Money(amount)) for (name, cat), (qty, amount) in
                      sorted(lines.items.items(), key=lambda kv: (-kv[1][1], kv[0][0])) if qty or amount)
    cats: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in item_rows:
        cats[row.category][0] += row.quantity.thousandths
        cats[row.category][1] += row.amount.minor
    top = sorted(buyers.items(), key=lambda kv: (-kv[1][1], kv[0]))[:10]
    # the orders to pick up tomorrow, as preorders.orders_for_day gives them: from the shop's midnight, 24 hours
    tomorrow = tuple((number, customer, at.replace(tzinfo=dt.timezone.utc).astimezone(zone).replace(tzinfo=None),
                      Money(total)) for number, customer, at, total in
                     q.open_preorders(end, end + dt.timedelta(days=1), (PICKED_UP, CANCELLED)))
    voids = _refund_rows(start, end, till, "voided")
    net = sales_total + refunds_total
    profit = _gross_profit(start, end, till)
    item_rows = tuple(replace(row, gross_profit=profit.products.get(row.product)) for row in item_rows)
    return Recap(
        day=day, till=till, sales_count=sales_count, gross_retail=Money(lines.gross),
        given_by_prices=Money(lines.tier), given_by_special=Money(lines.special),
        discounts=Money(lines.discounts), free_items=Money(lines.free),
        given=tuple(Given(name, Money(v[0]), Money(v[1]), v[2]) for name, v in
                    sorted(lines.given.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))),
        refunds=_refund_rows(start, end, till) if refund_count else (), refunds_total=Money(refunds_total),
        sales_total=Money(sales_total), net_sales=Money(net),
        sales_tax_added=Money(sales_total - sales_goods - sales_rounding), sales_rounding=Money(sales_rounding),
        tax=Money(tax), tax_added=Money(net - goods - rounding), rounding=Money(rounding),
        items_total=Money(sum(row.amount.minor for row in item_rows)), by_method=tuple(by_method),
        kasbon_given=Money(kasbon_given), kasbon_collected=Money(-kasbon_collected),
        deposits_taken=Money(deposits_taken), deposits_spent=Money(-deposits_spent), shifts=shifts,
        cash_expected=cash_expected, cash_counted=cash_counted,
        cash_difference=cash_counted - cash_expected if cash_counted is not None else None,
        average_basket=Money(round_half_up(Decimal(sales_total) / sales_count)) if sales_count else Money(0),
        items=item_rows, categories=tuple(ItemRow(c, c, Quantity(qty), Money(amount), profit.categories.get(c))
                                          for c, (qty, amount) in sorted(cats.items(), key=lambda kv: -kv[1][1])),
        by_hour=tuple(Figure(f"{h:02d}:00", v[0], Money(v[1])) for h, v in sorted(hours.items())),
        by_tier=tuple(replace(f, gross_profit=profit.tiers.get(f.label)) for f in figures(by_tier)),
        by_segment=figures(by_segment),
        walk_in=Figure(_("Walk-in"), walk_in[0], Money(walk_in[1])),
        known=Figure(_("Customers from the book"), sales_count - walk_in[0], Money(sales_total - walk_in[1])),
        new_customers=len(buyers) - len(earlier), returning_customers=len(earlier),
        top_customers=tuple(Figure(names[cid], count, Money(total)) for cid, (count, total) in top),
        preorders_tomorrow=tomorrow, activity=list_activity(day, till=till),
        voids=voids, voids_total=Money(sum(v.total.minor for v in voids)),
        kasbon_by_method=tuple((method, Money(amount)) for method, amount in q.kasbon_collected(start, end)),
        gross_profit=profit.total, choices=choice_figures(start, end, till), trays=tray_figures(day))


@dataclass
class _Profit:
    total: Money | None
    products: dict[str, Money]
    categories: dict[str, Money]
    tiers: dict[str, Money]


def _gross_profit(start: dt.datetime, end: dt.datetime, till: str | None) -> _Profit:
    """The day's gross profit from the costs stored with its lines (pos.services.gross_profit)."""
    where = (Sale.created_at >= start) & (Sale.created_at < end) & (Sale.status == "completed")
    if till:
        where &= Sale.till_id == till
    by_sale = profit_by_sale(where)
    if not by_sale:
        return _Profit(None, {}, {}, {})
    return _Profit(Money(sum(m.minor for m in by_sale.values())), profit_by_product(where),
                   profit_by_category(where), profit_by_tier(where, _("Walk-in")))


@dataclass
class _Lines:
    """What the day's lines came to: sales at retail, given by tier (and manual) and special prices, discounts
    and free items at retail; the items after refunds ((name, category) -> [quantity, amount]); by promotion
    (name -> [discounts, free items, times], in the order of the promotions' ids, free items first)."""

    gross: int = 0
    tier: int = 0
    special: int = 0
    discounts: int = 0
    free: int = 0
    items: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    given: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))


def _line_figures(start: dt.datetime, end: dt.datetime, till: str | None) -> _Lines:
    out = _Lines()
    bonus = []
    for (kind, name, category, is_bonus, promotion, promotion_name, source, lines, quantity, amount, retail, paid,
         discount) in q.line_groups(start, end, till):
        item = out.items[(name, category or "")]
        item[1] += amount
        if kind != "sale":  # a refund: the items that came back; free items kept back did not
            if source not in KEPT_BACK:
                item[0] += quantity
            continue
        item[0] += quantity
        out.gross += retail
        if is_bonus:
            out.free += retail
            bonus.append((promotion or 0, promotion_name or "", retail, lines))
        else:
            if source == "special":
                out.special += retail - paid
            else:
                out.tier += retail - paid
            out.discounts += discount
    for _promotion, name, amount, times in sorted(bonus, key=lambda b: b[0]):
        out.given[name][1] += amount
        out.given[name][2] += times
    for _promotion, name, amount, times in q.promotion_discounts(start, end, till):
        out.given[name][0] += amount
        out.given[name][2] += times
    return out


def _shifts(start: dt.datetime, end: dt.datetime, till: str | None) -> tuple[ShiftCash, ...]:
    shifts = []
    for shift_id, till_id, cashier, opening, counted, entries in q.shifts(start, end, till):
        expected = Money(opening + entries)
        counted = Money(counted) if counted is not None else None
        shifts.append(ShiftCash(shift_id, till_id, cashier, Money(opening), expected, counted,
                                counted - expected if counted is not None else None))
    return tuple(shifts)


def _customer_figures(buyers: dict[int | None, list[int]], start: dt.datetime, end: dt.datetime,
                      till: str | None) -> tuple[dict[int, str], dict, dict, set[int]]:
    """Names; by tier and by segment (label -> [sales, total]), in the order of the buyers; who bought before."""
    names: dict[int, str] = {}
    tier_of: dict[int | None, str] = {None: _("Walk-in")}
    seg_of: dict[int | None, list[str]] = defaultdict(list)
    earlier = set()
    if any(cid is not None for cid in buyers):
        for cid, name, tier, bought_before, segment in q.customers(start, end, till):
            names[cid], tier_of[cid] = name, tier
            if bought_before:
                earlier.add(cid)
            if segment is not None:
                seg_of[cid].append(segment)
    by_tier: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_segment: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for cid, (count, total) in buyers.items():  # in order of first sale: equal amounts keep that order
        for bucket in (by_tier[tier_of[cid]], *(by_segment[n] for n in seg_of[cid])):
            bucket[0] += count
            bucket[1] += total
    return names, by_tier, by_segment, earlier


def _refund_rows(start: dt.datetime, end: dt.datetime, till: str | None,
                 status: str = "completed") -> tuple[RefundRow, ...]:
    """The day's refunds (status 'voided': the records of its voids) with who approved each."""
    rows = q.refunds(start, end, till, status)
    if not rows:
        return ()
    numbers = {number for number, *_rest in rows}
    approvals = {}
    for (text,) in q.audit_details("sale.voided" if status == "voided" else "sale.refunded"):
        details = json.loads(text)
        if details.get("refund") in numbers:
            approvals[details["refund"]] = details.get("approved_by", "")
    return tuple(RefundRow(number, of_number or "", Money(total), approvals.get(number, ""), status == "voided")
                 for number, of_number, total in rows)


@allowed(READ)
def recap_outputs(r: Recap) -> dict:
    """The same recap as thermal document, PDF, CSV and the owner's WhatsApp link."""
    from pos.printing.recap import recap_csv, recap_document, recap_pdf, whatsapp_text
    from pos.services.phones import chat_link, normalize_phone

    shop = shop_settings()
    text = whatsapp_text(r, shop.shop_name)
    phone = normalize_phone(shop.whatsapp, shop.phone_region) if shop.whatsapp else None
    return {"document": recap_document(r, shop.shop_name), "pdf": lambda: recap_pdf(r, shop.shop_name),
            "csv": lambda: recap_csv(r), "text": text,
            "link": chat_link(phone, text) if phone else None}
