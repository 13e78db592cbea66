"""A product's picture for the shop's WhatsApp Status (1080 × 1920 PNG), with a promotion or without.

The words of a promotion are the ones the till prints on a receipt (``i18n.describe_reason``) and the stamp
card's rule (``printing.card.reward_rule``); a discount the product always gets shows its price after the
discount, the retail price struck through.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path

from pos.domain import promotion_kinds
from pos.domain.promotions import DISCOUNT, STAMPS, Rule
from pos.i18n import _, describe_reason, format_date, format_money
from pos.models import Category, Product
from pos.money import Money, percent_of
from pos.printing.card import CardData, reward_rule
from pos.printing.status_picture import StatusContent, render_status_picture
from pos.services import clock
from pos.services.errors import InvalidInput
from pos.services.phones import display_phone, normalize_phone
from pos.services.products import load_product
from pos.services.promotion_book import EXPIRED, OFF, load_promotion, state_of
from pos.services.promotions import check_promotion
from pos.services.shop import shop_logo
from pos.services.shop_settings import shop_settings
from pos.services.access import ANYONE, READ, allowed


@dataclass(frozen=True)
class PromoText:
    line: str  # "Beli 10 gratis 1"
    note: str  # the promotion's name (when the line does not say it), until when
    price: Money | None  # the product's price with the promotion, when it always gets one


@allowed(READ)
def status_picture(product_id: int, promotion_id: int | None = None, *, now: dt.datetime | None = None) -> bytes:
    """The PNG (1080 × 1920) of a product and, if chosen, one of its promotions; ``now`` is UTC."""
    return render_status_picture(status_content(product_id, promotion_id, now=now))


@allowed(ANYONE, why="writes a picture file for WhatsApp status; no data")
def save_status_picture(product_id: int, promotion_id: int | None = None, folder: Path | str | None = None, *,
                        now: dt.datetime | None = None) -> Path:
    """The picture written as ``status-<product>-<date>.png`` in ``folder`` (default: the documents folder of
    the data folder, where the window keeps its PDFs); gives the file's path."""
    from pos.services.files import private_dir, write_private
    from pos.settings import data_dir

    now = now or clock.now()
    data = status_picture(product_id, promotion_id, now=now)
    product = Product.get_by_id(product_id)
    slug = re.sub(r"[^a-z0-9]+", "-", product.name.lower()).strip("-") or re.sub(r"[^A-Za-z0-9]+", "-",
                                                                                 product.code).strip("-")
    target = Path(folder) if folder is not None else data_dir() / "documents"
    if folder is None:
        private_dir(target)
    else:
        target.mkdir(parents=True, exist_ok=True)
    path = target / f"status-{slug or product.id}-{_local(now).date().isoformat()}.png"
    return write_private(path, data) if folder is None else _write(path, data)


def _write(path: Path, data: bytes) -> Path:
    tmp = path.with_suffix(".png.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


@allowed(READ)
def status_content(product_id: int, promotion_id: int | None = None, *,
                   now: dt.datetime | None = None) -> StatusContent:
    """What the picture says, read from the shop's settings, the product and the promotion."""
    shop = shop_settings()
    if not str(shop.whatsapp).strip():
        raise InvalidInput(_("Put the shop's WhatsApp number in the settings first."))
    product = load_product(product_id)  # InvalidInput when there is no such product
    category = Category.get_by_id(product.category_id)
    content = StatusContent(
        shop_name=shop.shop_name, product_name=product.name, price=product.retail_price,
        whatsapp=_whatsapp(shop.whatsapp, shop.phone_region),
        unit="" if product.unit.strip().lower() in ("", "pcs") else product.unit.strip(),
        logo=shop_logo(), picture=product.picture, colour=category.color, currency=shop.currency)
    if promotion_id is None:
        return content
    promo = promotion_text(promotion_id, product_id, category.name, product.retail_price, now=now)
    return replace(content, promo_line=promo.line, promo_note=promo.note,
                   price=promo.price if promo.price is not None else product.retail_price,
                   old_price=product.retail_price if promo.price is not None else None)


def _whatsapp(raw: str, region: str) -> str:
    """The number as people read it (0812-2735-4816), or as the owner typed it if it is not a number."""
    try:
        return display_phone(normalize_phone(raw, region)) or raw.strip()
    except InvalidInput:
        return raw.strip()


def _local(moment_utc: dt.datetime) -> dt.datetime:
    zone = shop_settings().time_zone
    return moment_utc.replace(tzinfo=dt.timezone.utc).astimezone(zone).replace(tzinfo=None)


@allowed(READ)
def promotion_text(promotion_id: int, product_id: int, category: str, retail: Money, *,
                   now: dt.datetime | None = None) -> PromoText:
    """A promotion in words for one product; InvalidInput when it is gone, over, off or not for this product."""
    p = load_promotion(promotion_id)  # shop-local times; InvalidInput when there is no such promotion
    local_now = _local(now or clock.now())
    state = state_of(p.active, p.valid_from, p.valid_to, local_now)
    if state == OFF:
        raise InvalidInput(_("The promotion {name} is switched off.").format(name=p.name))
    if state == EXPIRED:
        raise InvalidInput(_("The promotion {name} is over.").format(name=p.name))
    rule = check_promotion(p)
    if not (rule.in_scope(product_id, category) or product_id in rule.reward_products):
        raise InvalidInput(_("The promotion {name} is not for {product}.").format(
            name=p.name, product=Product.get_by_id(product_id).name))
    line = _describe(rule)
    notes = [] if p.name.strip().lower() in line.lower() or line.lower() in p.name.lower() else [p.name.strip()]
    if p.valid_from is not None and p.valid_from > local_now:
        notes.append(_("from {date}").format(date=format_date(p.valid_from.date())))
    if p.valid_to is not None:  # exclusive: the last day is the one before
        notes.append(_("until {date}").format(date=format_date((p.valid_to - dt.timedelta(microseconds=1)).date())))
    return PromoText(line, " · ".join(notes), _price_with(rule, product_id, category, retail))


def _describe(rule: Rule) -> str:
    """The rule in the words the till uses for what it gave (its kind's headline, worded like a receipt)."""
    if rule.effect == STAMPS:
        reward = (Product.get_by_id(rule.reward_products[0]).name if rule.reward_products
                  else format_money(rule.amount or Money(0), shop_settings().currency))
        return reward_rule(CardData("", "", "", stamps_needed=rule.stamps_needed, reward=reward))
    kind = promotion_kinds.get(rule.kind)
    if kind is None or kind.headline is None:
        return rule.name
    code, values = kind.headline(rule)
    return describe_reason(code, values, shop_settings().currency)


def _price_with(rule: Rule, product_id: int, category: str, retail: Money) -> Money | None:
    """The price of one unit after a discount every customer gets on one unit, else None (a student price
    or a price from ten pieces on is not the price of the product)."""
    c = rule.conditions
    for_some = (c.tiers or c.segments or c.customers or c.first_purchase or c.birthday
                or c.min_total is not None or c.min_qty is not None)
    if rule.effect != DISCOUNT or for_some or not rule.in_scope(product_id, category):
        return None
    if rule.percent is not None:
        off = percent_of(retail, rule.percent)
    elif rule.amount is not None and not rule.whole_cart:  # an amount off the whole cart is not per item
        off = rule.amount
    else:
        return None
    if rule.cap is not None:
        off = min(off, rule.cap)
    off = min(off, retail)
    return retail - off if off.minor > 0 else None
