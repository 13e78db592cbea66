"""The catalogue as the owner edits it: categories in counter order with a colour, products with their
tier prices, a picture for the counter button, and deactivation instead of deletion once sold."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from peewee import fn

from pos.domain.barcodes import BarcodeError, check_typed_barcode
from pos.i18n import _, describe_barcode_problem
from pos.models import Category, PriceTier, Product, ProductPicture, Promotion, SaleLine, TierPrice, db
from pos.money import Money, Quantity
from pos.services.audit import record
from pos.services.catalog import MAX_PRICE
from pos.services.errors import InvalidInput
from pos.services.shop_settings import shop_settings
from pos.services.text_limits import BARCODE, LABEL_LINE, LABEL_WORDS, PRODUCT_CODE, PRODUCT_NAME, UNIT, check_texts
from pos.services.access import OWNER, READ, allowed

MAX_PICTURE_BYTES = 256 * 1024  # a counter button needs ~100 px; the service stores what printing.pictures made
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class TierPriceRow:
    tier: str  # tier code
    min_qty: Quantity
    price: Money


@dataclass(frozen=True)
class ProductForm:
    code: str = ""
    name: str = ""
    category_id: int | None = None
    retail_price: Money = Money(0)
    unit: str = "pcs"
    barcode: str = ""
    cost: Money | None = None
    tier_prices: tuple[TierPriceRow, ...] = ()
    active: bool = True
    grid_position: int = 0
    picture: bytes | None = field(default=None, repr=False)
    # the label of a packed good, and a weighed pack's scale number (issue #25)
    net_weight: str = ""
    shelf_life_days: int | None = None
    pirt_number: str = ""
    halal_text: str = ""
    plu: int | None = None
    # the day's trays (issue #25): baked each day; yesterday's sell at this % of retail (None: the category's rule)
    made_daily: bool = False
    day_old_percent: int | None = None


@dataclass(frozen=True)
class ProductRow:
    id: int
    code: str
    barcode: str
    name: str
    unit: str
    category: str
    retail_price: Money
    cost: Money | None
    tier_prices: tuple[TierPriceRow, ...]
    active: bool
    grid_position: int
    has_picture: bool


@dataclass(frozen=True)
class CategoryRow:
    id: int
    name: str
    color: str
    position: int
    products: int


@allowed(READ)
def check_price(price: Money | None, what: str) -> None:
    if price is None:
        return
    if price.minor < 0:
        raise InvalidInput(_("{what} cannot be negative.").format(what=what))
    if price > MAX_PRICE:
        raise InvalidInput(_("{what} is too large; check the number.").format(what=what))


# --- categories ----------------------------------------------------------------------------------
@allowed(READ)
def list_categories() -> list[CategoryRow]:
    counts = dict(Product.select(Product.category, fn.COUNT(Product.id)).group_by(Product.category).tuples())
    return [CategoryRow(c.id, c.name, c.color, c.position, counts.get(c.id, 0))
            for c in Category.select().order_by(Category.position, Category.name)]


@allowed(OWNER)
def save_category(name: str, color: str = "#8d6e63", category_id: int | None = None, *,
                  owner_pin: str | None, staff_id: int | None = None) -> int:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("A category needs a name."))
    if not COLOUR.fullmatch(color or ""):
        raise InvalidInput(_("{color} is not a colour (like #8d6e63).").format(color=color))
    with db.atomic():
        clash = Category.select().where((fn.LOWER(Category.name) == name.lower())
                                        & (Category.id != (category_id or 0))).exists()
        if clash:
            raise InvalidInput(_("The category {name} exists already.").format(name=name))
        if category_id is None:
            last = Category.select(fn.MAX(Category.position)).scalar() or 0
            category_id = Category.create(name=name, color=color, position=last + 1).id
        else:
            Category.update(name=name, color=color).where(Category.id == category_id).execute()
        record("category.saved", entity="category", entity_id=category_id, staff_id=staff_id,
               details={"name": name, "color": color})
    return category_id


@allowed(OWNER)
def move_category(category_id: int, step: int, *, owner_pin: str | None) -> None:
    """One place up (step -1) or down (+1) in the counter order."""
    with db.atomic():
        ordered = [c.id for c in Category.select().order_by(Category.position, Category.name)]
        i = ordered.index(category_id)
        j = max(0, min(len(ordered) - 1, i + step))
        ordered.insert(j, ordered.pop(i))
        for position, cid in enumerate(ordered, start=1):
            Category.update(position=position).where(Category.id == cid).execute()


@allowed(OWNER)
def delete_category(category_id: int, *, owner_pin: str | None, staff_id: int | None = None) -> None:
    with db.atomic():
        category = Category.get_or_none(Category.id == category_id)
        if category is None:
            return
        if Product.select().where(Product.category == category_id).exists():
            raise InvalidInput(_("The category {name} still has products: move them first.").format(
                name=category.name))
        category.delete_instance()
        record("category.deleted", entity="category", entity_id=category_id, staff_id=staff_id,
               details={"name": category.name})


# --- products ------------------------------------------------------------------------------------
def _tier_rows(product_ids: list[int] | None = None) -> dict[int, tuple[TierPriceRow, ...]]:
    query = (TierPrice.select(TierPrice.product, PriceTier.code, TierPrice.min_qty, TierPrice.price)
             .join(PriceTier).order_by(PriceTier.position, TierPrice.min_qty))
    if product_ids is not None:
        query = query.where(TierPrice.product.in_(product_ids))
    found: dict[int, list[TierPriceRow]] = {}
    for product_id, tier, min_qty, price in query.tuples():
        found.setdefault(product_id, []).append(TierPriceRow(tier, Quantity(min_qty) if isinstance(min_qty, int)
                                                             else min_qty, Money(price) if isinstance(price, int)
                                                             else price))
    return {k: tuple(v) for k, v in found.items()}


@allowed(READ)
def list_products(text: str = "", category_id: int | None = None, *, include_inactive: bool = True,
                  limit: int = 2000) -> list[ProductRow]:
    query = (Product.select(Product, Category.name.alias("category_name")).join(Category)
             .order_by(Category.position, Product.grid_position, Product.name).limit(limit))
    words = (text or "").strip()
    if words:
        like = f"%{words.lower()}%"
        query = query.where((fn.LOWER(Product.name) ** like) | (fn.LOWER(Product.code) ** like)
                            | (Product.barcode == words))
    if category_id is not None:
        query = query.where(Product.category == category_id)
    if not include_inactive:
        query = query.where(Product.active == True)  # noqa: E712
    rows = list(query.objects())
    ids = [p.id for p in rows]
    tiers = _tier_rows(ids) if rows else {}
    pictured = {pid for (pid,) in ProductPicture.select(ProductPicture.product).where(
        ProductPicture.product.in_(ids)).tuples()} if rows else set()
    return [ProductRow(p.id, p.code, p.barcode or "", p.name, p.unit, p.category_name, p.retail_price, p.cost,
                       tiers.get(p.id, ()), p.active, p.grid_position, p.id in pictured) for p in rows]


@allowed(READ)
def product_id_of(code: str) -> int:
    """A product's id by its code or barcode (active or not)."""
    code = (code or "").strip()
    product = Product.get_or_none((Product.code == code) | (Product.barcode == code))
    if product is None:
        raise InvalidInput(_("There is no product with code or barcode {code}.").format(code=code))
    return product.id


@allowed(READ)
def load_product(product_id: int) -> ProductForm:
    p = Product.get_or_none(Product.id == product_id)
    if p is None:
        raise InvalidInput(_("That product is not in the catalogue any more."))
    picture = ProductPicture.get_or_none(ProductPicture.product == p.id)
    return ProductForm(p.code, p.name, p.category_id, p.retail_price, p.unit, p.barcode or "", p.cost,
                       _tier_rows([p.id]).get(p.id, ()), p.active, p.grid_position,
                       bytes(picture.data) if picture is not None else None, p.net_weight or "",
                       p.shelf_life_days, p.pirt_number or "", p.halal_text or "", p.plu,
                       made_daily=bool(p.made_daily), day_old_percent=p.day_old_percent)


@allowed(READ)
def check_product(form: ProductForm, product_id: int | None = None) -> None:
    """Every rule a product must meet, with the reason in the user's language (nothing is written)."""
    code, barcode = form.code.strip(), form.barcode.strip()
    check_product_fields(form, {t.code for t in PriceTier.select(PriceTier.code)})
    if form.category_id is None or not Category.select().where(Category.id == form.category_id).exists():
        raise InvalidInput(_("Choose the product's category."))
    other = (Product.id != product_id) if product_id else (Product.id.is_null(False))
    clash = Product.get_or_none((Product.code == code) & other)
    if clash is not None:
        raise InvalidInput(_("The product code {code} is used already ({name}).").format(code=code, name=clash.name))
    if barcode:
        clash = Product.get_or_none((Product.barcode == barcode) & other)
        if clash is not None:
            raise InvalidInput(_("The barcode {barcode} belongs to {name} already.").format(
                barcode=barcode, name=clash.name))
        if len(barcode) == 13 and barcode.startswith(shop_settings().weighed_barcode_prefix):
            raise InvalidInput(_("{barcode} starts with the weighed packs' prefix: the till would read it as a "
                                 "weighed pack. Give the product a scale number instead.").format(barcode=barcode))
    if form.plu is not None:
        clash = Product.get_or_none((Product.plu == form.plu) & other)
        if clash is not None:
            raise InvalidInput(_("The scale number {plu} belongs to {name} already.").format(plu=form.plu,
                                                                                           name=clash.name))


@allowed(READ)
def check_product_fields(form: ProductForm, tiers: set[str]) -> None:
    """The rules one product meets by itself (no query: an import checks 100,000 rows with it)."""
    code, name, barcode = form.code.strip(), form.name.strip(), form.barcode.strip()
    if not code or not name:
        raise InvalidInput(_("A product needs a code and a name."))
    check_texts((code, PRODUCT_CODE), (name, PRODUCT_NAME), (form.unit.strip(), UNIT), (barcode, BARCODE))
    if not form.unit.strip():
        raise InvalidInput(_("Say the unit the product is sold in (pcs, pack, kg…)."))
    check_price(form.retail_price, _("The retail price"))
    check_price(form.cost, _("The cost"))
    check_label_fields(form)
    if form.picture is not None and len(form.picture) > MAX_PICTURE_BYTES:
        raise InvalidInput(_("The picture is too large."))
    seen = set()
    for row in form.tier_prices:
        if row.tier not in tiers:
            raise InvalidInput(_("There is no price tier {tier}.").format(tier=row.tier))
        if row.min_qty < Quantity(1000):
            raise InvalidInput(_("The minimum quantity is at least 1."))
        check_price(row.price, _("The price"))
        if (row.tier, row.min_qty) in seen:
            raise InvalidInput(_("Two prices for the same tier and minimum quantity ({qty}).").format(
                qty=row.min_qty))
        seen.add((row.tier, row.min_qty))


@allowed(READ)
def check_label_fields(form: ProductForm) -> None:
    """A typed EAN-13 has its right check digit; the label's words fit; the shelf life and scale number are sane."""
    try:
        check_typed_barcode(form.barcode.strip())
    except BarcodeError as exc:
        raise InvalidInput(describe_barcode_problem(exc.code, exc.params)) from None
    check_texts((form.net_weight.strip(), LABEL_WORDS), (form.pirt_number.strip(), LABEL_WORDS),
                (form.halal_text.strip(), LABEL_LINE))
    if form.day_old_percent is not None and not 0 <= form.day_old_percent <= 100:
        raise InvalidInput(_("A day-old price is between 0 and 100 per cent of the price."))
    if form.shelf_life_days is not None and not 0 <= form.shelf_life_days <= 3650:
        raise InvalidInput(_("The shelf life is 0 to 3650 days."))
    if form.plu is not None and not 1 <= form.plu <= 99999:
        raise InvalidInput(_("The scale number is 1 to 99999."))


@allowed(OWNER)
def save_product(form: ProductForm, product_id: int | None = None, *, owner_pin: str | None,
                 staff_id: int | None = None) -> int:
    """Create or update a product with its tier prices, all or nothing."""
    with db.atomic():
        check_product(form, product_id)
        values = dict(code=form.code.strip(), name=form.name.strip(), category=form.category_id,
                      retail_price=form.retail_price, unit=form.unit.strip(), barcode=form.barcode.strip() or None,
                      cost=form.cost, active=form.active, grid_position=form.grid_position,
                      net_weight=form.net_weight.strip() or None, shelf_life_days=form.shelf_life_days,
                      pirt_number=form.pirt_number.strip() or None, halal_text=form.halal_text.strip() or None,
                      plu=form.plu, made_daily=form.made_daily, day_old_percent=form.day_old_percent)
        if product_id is None:
            product_id = Product.create(**values).id
        else:
            Product.update(**values).where(Product.id == product_id).execute()
        _replace_tier_prices(product_id, form.tier_prices)
        ProductPicture.delete().where(ProductPicture.product == product_id).execute()
        if form.picture is not None:
            ProductPicture.create(product=product_id, data=form.picture)
        record("product.saved", entity="product", entity_id=product_id, staff_id=staff_id,
               details={"code": values["code"], "name": values["name"], "retail_price": form.retail_price.minor})
    return product_id


def _replace_tier_prices(product_id: int, rows: tuple[TierPriceRow, ...]) -> None:
    tier_ids = {t.code: t.id for t in PriceTier.select()}
    TierPrice.delete().where(TierPrice.product == product_id).execute()
    for row in rows:
        TierPrice.create(product=product_id, tier=tier_ids[row.tier], min_qty=row.min_qty, price=row.price)


@allowed(READ)
def promotions_naming(code: str) -> list[str]:
    """The active promotions that name a product code (in what they sell, give or reward)."""
    names = []
    for promo in Promotion.select().where(Promotion.active == True):  # noqa: E712
        c, p = promo.conditions or {}, promo.parameters or {}
        named = [*(c.get("products") or []), *(p.get("gift_products") or [])]
        if isinstance(p.get("reward_product"), str):
            named.append(p["reward_product"])
        if code in named:
            names.append(promo.name)
    return names


@allowed(OWNER)
def remove_product(product_id: int, *, owner_pin: str | None, staff_id: int | None = None) -> str:
    """Delete a product never sold; one with sales is deactivated (its history keeps it). Says which."""
    with db.atomic():
        product = Product.get_or_none(Product.id == product_id)
        if product is None:
            return "gone"
        used = promotions_naming(product.code)
        if used:
            raise InvalidInput(_("The promotion {names} uses {product}: change or end it first.").format(
                names=", ".join(used), product=product.name))
        if SaleLine.select().where(SaleLine.product == product_id).exists():
            Product.update(active=False).where(Product.id == product_id).execute()
            outcome = "deactivated"
        else:
            TierPrice.delete().where(TierPrice.product == product_id).execute()
            ProductPicture.delete().where(ProductPicture.product == product_id).execute()
            product.delete_instance()
            outcome = "deleted"
        record(f"product.{outcome}", entity="product", entity_id=product_id, staff_id=staff_id,
               details={"code": product.code, "name": product.name})
    return outcome
