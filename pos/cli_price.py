"""`pos price`: price a cart from the command line and print it as the till would show it."""

from __future__ import annotations

import argparse
import datetime as dt

from pos.domain.pricing import CartLine, PricedCart, Selections
from pos.i18n import _, describe_reason, format_money, format_number
from pos.money import Quantity
from pos.services.catalog import find_product
from pos.services.customers import find_customer
from pos.services.errors import InvalidInput
from pos.services.pricing import price, shop_time_to_utc

WIDTH = 64


def _item(text: str) -> CartLine:
    code, _sep, qty = text.partition("=")
    product = find_product(code)
    if product is None:
        raise InvalidInput(_("There is no active product with code or barcode {code}.").format(code=code))
    if _sep and not qty.strip():  # "ROT-01=" is a slip, not one loaf
        raise InvalidInput(_("{code}= has no quantity: write {code}=2, or {code} alone for one.").format(code=code))
    try:
        quantity = Quantity.of(qty or "1")
    except ValueError:
        raise InvalidInput(_("{qty} is not a quantity.").format(qty=qty)) from None
    if quantity.thousandths <= 0:
        raise InvalidInput(_("{qty} is not a quantity.").format(qty=qty))
    return CartLine(product.id, quantity)


def _moment(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        return shop_time_to_utc(dt.datetime.fromisoformat(text))
    except ValueError:
        raise InvalidInput(_("{text} is not a moment like 2026-11-27 19:30.").format(text=text)) from None


def _row(left: str, right: str, indent: int = 0) -> str:
    left = " " * indent + left
    return left + " " * max(1, WIDTH - len(left) - len(right)) + right


def render(priced: PricedCart) -> list[str]:
    out = []
    for line in priced.lines:
        if line.is_bonus:
            out.append(_row(f"{line.name} × {format_number(line.quantity)}", _("free")))
        else:
            out.append(_row(f"{line.name} × {format_number(line.quantity)} @ {format_money(line.unit_price)}",
                            format_money(line.gross)))
        for why in line.reasons:
            out.append(_row(describe_reason(why.code, why.values), format_money(why.amount) if why.amount else "", 4))
        if line.discount:
            out.append(_row(_("Line total"), format_money(line.amount), 4))
    out.append("-" * WIDTH)
    out.append(_row(_("Subtotal"), format_money(priced.subtotal)))
    if priced.discount_total:
        out.append(_row(_("Discounts"), format_money(-priced.discount_total)))
    if priced.bonus_value:
        out.append(_row(_("Free items (at retail value)"), format_money(priced.bonus_value)))
    if priced.tax_reason is not None:
        out.append(_row(describe_reason(priced.tax_reason.code, priced.tax_reason.values), format_money(priced.tax)))
    out.append(_row(_("Total"), format_money(priced.total)))
    if priced.cash_rounding:
        out.append(_row(_("Cash rounding"), format_money(priced.cash_rounding)))
        out.append(_row(_("Total in cash"), format_money(priced.cash_total)))
    for choice in priced.choices:
        if choice.chosen is None:
            out.append(_("Promotion {id} offers a choice of free item: use --choose {id}=CODE.").format(
                id=choice.promotion_id))
    for offer in priced.offers:
        if not offer.accepted:
            out.append(_("Stamp card full ({stamps} stamps): use --accept-stamps to take the reward.").format(
                stamps=offer.stamps_needed))
    earned = sum(n for _pid, n in priced.stamps_earned)
    if earned:
        out.append(_("Stamps earned with this sale: {n}").format(n=earned))
    return out


def price_command(args: argparse.Namespace) -> int:
    cart = [_item(text) for text in args.items]
    customer = None
    if args.customer:
        customer = find_customer(args.customer)
        if customer is None:
            raise InvalidInput(_("No customer with phone or member code {text}.").format(text=args.customer))
    choices = {}
    for text in args.choose:
        promo, _sep, code = text.partition("=")
        product = find_product(code)
        if not promo.isdigit() or product is None:
            raise InvalidInput(_("Use --choose PROMO=CODE, e.g. --choose 2=KRG-07."))
        choices[int(promo)] = product.id
    priced = price(cart, customer.id if customer else None, at=_moment(args.at),
                   selections=Selections(choices=choices))
    if args.accept_stamps and priced.offers:
        priced = price(cart, customer.id if customer else None, at=_moment(args.at),
                       selections=Selections(choices=choices,
                                             accepted_offers=frozenset(o.promotion_id for o in priced.offers)))
    who = f"{customer.name} ({customer.member_code}, {customer.tier})" if customer else _("walk-in customer")
    print(_("Price for {who}").format(who=who))
    print("\n".join(render(priced)))
    return 0
