"""The receipt as plain text: the on-screen preview and the WhatsApp message (the thermal renderer comes later)."""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass

from pos.i18n import _, format_datetime, format_money, format_number
from pos.money import Money, Quantity


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    quantity: Quantity
    unit_price: Money
    amount: Money
    notes: tuple[str, ...] = ()  # the reasons, already in words
    free: bool = False


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
    payments: tuple[tuple[str, Money], ...]
    change: Money
    footer: str
    refund: bool = False


def _pair(left: str, right: str, width: int) -> str:
    room = width - len(right) - 1
    if len(left) > room:
        return left[:width] + "\n" + right.rjust(width)
    return left + " " * (width - len(left) - len(right)) + right


def receipt_text(r: ReceiptData, width: int = 32) -> str:
    out = [line.center(width).rstrip() for line in textwrap.wrap(r.shop_name, width)]
    out += [line.center(width).rstrip() for line in textwrap.wrap(r.address, width)]
    out += ["-" * width, (_("REFUND") + " " if r.refund else "") + r.number,
            format_datetime(r.moment, r.time_zone), _("Cashier: {name}").format(name=r.cashier)]
    if r.customer:
        out.append(_("Customer: {name}").format(name=r.customer))
    out.append("-" * width)
    for line in r.lines:
        out += textwrap.wrap(line.name, width)
        qty = f"  {format_number(line.quantity)} x {format_money(line.unit_price)}"
        out.append(_pair(qty, _("FREE") if line.free else format_money(line.amount), width))
        out += [f"  {note}"[:width] for note in line.notes]
    out.append("-" * width)
    out.append(_pair(_("Subtotal"), format_money(r.subtotal), width))
    if r.discounts:
        out.append(_pair(_("Discounts"), format_money(-r.discounts), width))
    if r.tax:
        out.append(_pair(r.tax_label, format_money(r.tax), width))
    if r.rounding:
        out.append(_pair(_("Cash rounding"), format_money(r.rounding), width))
    out.append(_pair(_("TOTAL"), format_money(r.total), width))
    for method, amount in r.payments:
        out.append(_pair(method, format_money(amount), width))
    if r.change:
        out.append(_pair(_("Change"), format_money(r.change), width))
    if r.footer:
        out += ["", *[line.center(width).rstrip() for line in textwrap.wrap(r.footer, width)]]
    return "\n".join(out)
