"""The receipt as a printer-neutral document, built from what the sale stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pos.i18n import _, format_datetime, format_money, format_number
from pos.money import Money, Quantity
from pos.printing.document import QR, Document, Feed, Logo, Pair, Rule, Text
from pos.printing.render_text import to_text


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    quantity: Quantity
    unit_price: Money
    amount: Money
    notes: tuple[str, ...] = ()  # the reasons, already in words
    free: bool = False
    choices: str = ""  # "Large · Less sugar · +Extra shot" (pos.domain.options.choices_text)


@dataclass(frozen=True)
class ReceiptData:
    shop_name: str
    address: str
    number: str
    moment: dt.datetime  # UTC
    time_zone: str
    cashier: str
    customer: str
    lines: tuple[ReceiptLine, ...]
    subtotal: Money
    discounts: Money
    tax: Money
    tax_label: str
    rounding: Money
    total: Money
    payments: tuple[tuple[str, Money], ...]  # cash: what the customer handed over (the change follows)
    change: Money
    footer: str
    refund: bool = False
    till_id: str = ""
    customer_tier: str = ""  # in words
    member_code: str = ""
    shop_whatsapp: str = ""  # as the shop writes it
    kasbon_owed: Money | None = None  # after this sale, when the customer has a kasbon
    deposit_left: Money | None = None
    stamps: tuple[int, int, str] | None = None  # (stamps now, stamps for a reward, the reward)
    qr_link: str = ""  # click-to-chat to the shop, the receipt number in the message
    copy: bool = False  # a reprint
    logo: str = ""  # a picture file (the machine's setting)
    queue_number: int | str | None = None  # called out at the bar when the order is ready
    offline: bool = False  # made while the shop's server was away (kept on the till, sent to it later)


def receipt_document(r: ReceiptData) -> Document:
    """The receipt, printer-neutral: the preview, the 58 and 80 mm printers and WhatsApp all use this."""
    b: list = [Logo(r.logo)] if r.logo else []
    b.append(Text(r.shop_name, align="center", bold=True))
    b += [Text(part, align="center") for part in (r.address, r.shop_whatsapp and "WA " + r.shop_whatsapp) if part]
    if r.copy:
        b.append(Text(_("COPY"), align="center", bold=True, big=True))
    if r.queue_number is not None and not r.refund:
        b += [Rule(), Text(_("Queue number"), align="center"), Text(f"#{r.queue_number}", align="center", bold=True,
                                                                        big=True)]
    b += [Rule(), Text((_("REFUND") + " " if r.refund else "") + r.number, bold=True),
          Text(format_datetime(r.moment, r.time_zone)),
          Text(_("Cashier: {name}").format(name=r.cashier) + (f" · {r.till_id}" if r.till_id else ""))]
    if r.offline:
        b.append(Text(_("OFFLINE SALE: recorded at the till, sent to the shop's books later"), bold=True))
    if r.customer:
        who = " · ".join(part for part in (r.customer, r.customer_tier, r.member_code) if part)
        b.append(Text(_("Customer: {name}").format(name=who), indent=2))
    b.append(Rule())
    for line in r.lines:
        b.append(Text(line.name))
        if line.choices:
            b.append(Text(f"  {line.choices}", indent=2))
        qty = f"  {format_number(line.quantity)} x {format_money(line.unit_price)}"
        b.append(Pair(qty, _("FREE") if line.free else format_money(line.amount)))
        b += [Text(f"  {note}", indent=4) for note in line.notes]
    b += [Rule(), Pair(_("Subtotal"), format_money(r.subtotal))]
    if r.discounts:
        b.append(Pair(_("Discounts"), format_money(-r.discounts)))
    if r.tax:
        b.append(Pair(r.tax_label, format_money(r.tax)))
    if r.rounding:
        b.append(Pair(_("Cash rounding"), format_money(r.rounding)))
    b.append(Pair(_("TOTAL"), format_money(r.total), bold=True))
    b += [Pair(method, format_money(amount)) for method, amount in r.payments]
    if r.change:
        b.append(Pair(_("Change"), format_money(r.change)))
    if r.kasbon_owed is not None:
        b.append(Pair(_("Kasbon owed now"), format_money(r.kasbon_owed)))
    if r.deposit_left is not None:
        b.append(Pair(_("Deposit left"), format_money(r.deposit_left)))
    if r.stamps is not None:
        b += [Rule(), Text(stamp_words(*r.stamps))]
    if r.footer:
        b += [Feed(), Text(r.footer, align="center")]
    if r.qr_link:
        b += [Feed(), QR(r.qr_link, caption=_("Scan to chat with us on WhatsApp"))]
    return Document(tuple(b), title=_("Receipt {number}").format(number=r.number))


def stamp_words(have: int, need: int, reward: str) -> str:
    """The stamp card on the receipt: how far, or full with the reward ready and what carries over."""
    if have < need:
        return _("Stamps {have}/{need} — {left} more for a free {reward}").format(
            have=have, need=need, left=need - have, reward=reward)
    if have == need:
        return _("Stamp card full — the reward ({reward}) is ready to take").format(reward=reward)
    return _("Stamp card full — the reward ({reward}) is ready to take; {extra} stamps carry over to the next "
             "card").format(reward=reward, extra=have - need)


def receipt_text(r: ReceiptData, width: int = 32) -> str:
    return to_text(receipt_document(r), width)
