"""A stored sale as a receipt: read from what was stored, the rules are never run again."""

from __future__ import annotations

from dataclasses import dataclass, replace
import re
from urllib.parse import unquote_plus

from pos.domain.options import choices_text
from pos.i18n import _, describe_reason
from pos.money import Money
from pos.models import Customer, Payment, Sale, SaleLine
from pos.printing.recap import method_words
from pos.printing.receipt import ReceiptData, ReceiptLine, receipt_text
from pos.services.errors import InvalidInput
from pos.services.ledgers import DEPOSIT, KASBON, after_sale, balance
from pos.services.phones import chat_link, normalize_phone
from pos.services.pricing import stamp_card
from pos.services.queue_numbers import sale_number
from pos.services.shop_settings import shop_settings
from pos.services.sold_options import sold_choices
from pos.services.access import READ, allowed

method_name = method_words  # the payment method in words (pos.printing.recap holds them for every paper)


@allowed(READ)
def receipt_data(sale_id: int, *, copy: bool = False) -> ReceiptData:
    """What the receipt shows, from the stored sale; balances and stamps as they were right after it."""
    sale = Sale.get_by_id(sale_id)
    shop = shop_settings()
    customer = sale.customer
    extras: dict = {}
    if customer is not None:
        kasbon = balance(KASBON, customer.id, through=after_sale(KASBON, sale.id, sale.created_at))
        deposit = balance(DEPOSIT, customer.id, through=after_sale(DEPOSIT, sale.id, sale.created_at))
        extras = dict(customer_tier=customer.tier.name, member_code=customer.member_code or "",
                      kasbon_owed=kasbon if kasbon or customer.credit_limit else None,
                      deposit_left=deposit if deposit else None,
                      stamps=stamp_card(customer.id, sale.created_at))
    shop_phone = normalize_phone(shop.whatsapp, shop.phone_region) if shop.whatsapp else None
    if shop_phone:
        message = _("Hello, about receipt {number}").format(number=sale.number)
        extras["qr_link"] = chat_link(shop_phone, message)
    stored = list(sale.lines.order_by(SaleLine.position))
    chosen = sold_choices(line.id for line in stored)
    lines = tuple(
        ReceiptLine(line.description, line.quantity, line.unit_price, line.amount,
                    tuple(describe_reason(r.code, r.params, amount=r.amount) for r in line.reasons), line.is_bonus and
                    line.price_source != "bonus_deduction", choices_text(chosen.get(line.id)))
        for line in stored)
    # cash shows what was handed over, then the change below it (the amount applied is their difference)
    payments = tuple((method_name(p.method), p.tendered if p.tendered is not None else p.amount)
                     for p in sale.payments.order_by(Payment.id))
    tax_label = _("Tax {rate}%").format(rate=shop.tax_rate_text)
    queue = sale_number(sale.id)
    if queue is not None:
        extras["queue_number"] = queue.number
    return ReceiptData(
        shop_name=shop.shop_name, address=shop.address, number=sale.number, moment=sale.created_at,
        time_zone=shop.zone_name, cashier=sale.cashier.name if sale.cashier else "",
        customer=sale.customer.name if sale.customer else "", lines=lines, subtotal=sale.subtotal,
        discounts=sale.discount_total, tax=sale.tax_total, tax_label=tax_label, rounding=sale.rounding,
        total=sale.total, payments=payments, change=Money(sum(p.change.minor for p in sale.payments)),
        footer=shop.receipt_footer, refund=sale.kind == "refund", till_id=sale.till_id,
        shop_whatsapp=shop.whatsapp, copy=copy, **extras)


@dataclass(frozen=True)
class ReceiptView:
    """A stored sale's receipt as the screen shows it, built from one ``receipt_data``: the data (to print),
    its text and the WhatsApp link (None for a walk-in or a customer without a number)."""

    data: ReceiptData
    text: str
    whatsapp: str | None


@allowed(READ)
def receipt_view(sale_id: int, width: int = 32) -> ReceiptView:
    data = receipt_data(sale_id)
    return ReceiptView(data, receipt_text(data, width), _chat(data, _phone(sale_id)))


@allowed(READ)
def receipt_preview(sale_id: int, width: int = 32) -> str:
    return receipt_text(receipt_data(sale_id), width)


def _phone(sale_id: int) -> str:
    row = (Customer.select(Customer.phone).join(Sale, on=(Sale.customer == Customer.id))
           .where(Sale.id == sale_id).first())
    return row.phone if row is not None and row.phone else ""


def _chat(data: ReceiptData, phone: str) -> str | None:
    if not phone:
        return None
    return chat_link(phone, receipt_text(replace(data, qr_link=""), 32))  # a chat needs no QR


@allowed(READ)
def whatsapp_link(sale_id: int) -> str | None:
    """A click-to-chat link with the receipt as text, to the customer's number (None for a walk-in)."""
    phone = _phone(sale_id)
    return _chat(receipt_data(sale_id), phone) if phone else None



_NUMBER = re.compile(r"\b((?:R-|INV-)?[A-Z0-9]{1,6}-\d{6})\b")


@allowed(READ)
def receipt_number_from_scan(text: str) -> str:
    """The receipt number in what was typed or scanned: K1-000123 itself, or the receipt's WhatsApp QR link."""
    decoded = unquote_plus(text or "").upper()
    found = _NUMBER.search(decoded)
    return found.group(1) if found else (text or "").strip().upper()


@allowed(READ)
def sale_id_by_number(text: str) -> int:
    """A sale's or refund's id from its number (typed, or scanned from the receipt's QR)."""
    number = receipt_number_from_scan(text)
    row = Sale.select(Sale.id).where(Sale.number == number).first()
    if row is None:
        raise InvalidInput(_("There is no sale {number}.").format(number=number))
    return row.id
