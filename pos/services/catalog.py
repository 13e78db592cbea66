"""Categories, products and their tier prices, with validation in the user's language."""

from __future__ import annotations

from dataclasses import dataclass, field

from pos.i18n import _
from pos.models import Category, PriceTier, Product, ProductPicture, TierPrice, db
from pos.models.base import locks_rows as supports_row_locks
from pos.money import Money, Quantity
from pos.services.changes import pricing_version
from pos.services.errors import InvalidInput
from pos.services.text_limits import CATEGORY_NAME, check_text
from pos.services.access import READ, allowed

MAX_PRICE = Money(100_000_000)  # Rp 100 juta: anything above is a typing slip


@dataclass(frozen=True)
class ProductInfo:
    id: int
    code: str
    barcode: str | None
    name: str
    unit: str
    category: str
    retail_price: Money


def _add_category(name: str, *, position: int = 0, color: str = "#8d6e63") -> int:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("A category needs a name."))
    check_text(name, CATEGORY_NAME)
    with db.atomic():
        if Category.select().where(Category.name == name).exists():
            raise InvalidInput(_("The category {name} exists already.").format(name=name))
        return Category.create(name=name, position=position, color=color).id


def _check_price(price: Money, what: str) -> None:
    if price.minor < 0:
        raise InvalidInput(_("{what} cannot be negative.").format(what=what))
    if price > MAX_PRICE:
        raise InvalidInput(_("{what} is too large; check the number.").format(what=what))


def _add_product(*, code: str, name: str, category_id: int, retail_price: Money, unit: str = "pcs",
                barcode: str | None = None, cost: Money | None = None, grid_position: int = 0) -> ProductInfo:
    code, name, barcode = (code or "").strip(), (name or "").strip(), (barcode or "").strip() or None
    if not code or not name:
        raise InvalidInput(_("A product needs a code and a name."))
    _check_price(retail_price, _("The retail price"))
    if cost is not None:
        _check_price(cost, _("The cost"))
    with db.atomic():
        if Product.select().where(Product.code == code).exists():
            raise InvalidInput(_("The product code {code} is used already.").format(code=code))
        if barcode:
            owner = Product.get_or_none(Product.barcode == barcode)
            if owner is not None:
                raise InvalidInput(
                    _("The barcode {barcode} belongs to {name} already.").format(barcode=barcode, name=owner.name)
                )
        product = Product.create(code=code, name=name, category=category_id, retail_price=retail_price,
                                 unit=unit, barcode=barcode, cost=cost, grid_position=grid_position)
    return _info(product)


def _set_tier_price(product_id: int, tier_code: str, price: Money, min_qty: Quantity = Quantity(1000)) -> None:
    _check_price(price, _("The price"))
    if min_qty < Quantity(1000):
        raise InvalidInput(_("The minimum quantity is at least 1."))
    tier = PriceTier.get_or_none(PriceTier.code == tier_code)
    if tier is None:
        raise InvalidInput(_("There is no price tier {tier}.").format(tier=tier_code))
    with db.atomic():
        (TierPrice.insert(product=product_id, tier=tier, min_qty=min_qty, price=price)
         .on_conflict(conflict_target=[TierPrice.product, TierPrice.tier, TierPrice.min_qty],
                      update={TierPrice.price: price})
         .execute())


def _info(product: Product) -> ProductInfo:
    return ProductInfo(product.id, product.code, product.barcode, product.name, product.unit,
                       product.category.name, product.retail_price)


@dataclass(frozen=True)
class PriceRow:
    code: str
    name: str
    category: str
    unit: str
    retail_price: Money
    regular_price: Money | None
    reseller_prices: tuple[tuple[Quantity, Money], ...]  # (minimum quantity, price), ascending


@allowed(READ)
def price_list() -> list[PriceRow]:
    """Active products in the owner's counter order, with their regular and reseller prices."""
    tiers: dict[int, dict[str, list[tuple[Quantity, Money]]]] = {}
    query = TierPrice.select(TierPrice, PriceTier).join(PriceTier).order_by(TierPrice.min_qty)
    for tp in query:
        tiers.setdefault(tp.product_id, {}).setdefault(tp.tier.code, []).append((tp.min_qty, tp.price))
    rows = []
    products = (Product.select(Product, Category).join(Category).where(Product.active == True)  # noqa: E712
                .order_by(Category.position, Product.grid_position, Product.name))
    for p in products:
        own = tiers.get(p.id, {})
        regular = own.get("regular", [])
        rows.append(PriceRow(p.code, p.name, p.category.name, p.unit, p.retail_price,
                             regular[0][1] if regular else None, tuple(own.get("reseller", []))))
    return rows


@allowed(READ)
def find_product(text: str) -> ProductInfo | None:
    """An active product by its code or its barcode (what a scanner types)."""
    text = (text or "").strip()
    if not text:
        return None
    if supports_row_locks():  # a server across the network: a scan is answered from this till's copy
        return _scan_index().get(text)
    product = (Product.select(Product, Category).join(Category)
               .where(((Product.code == text) | (Product.barcode == text)) & (Product.active == True))  # noqa: E712
               .first())
    return _info(product) if product else None


_scans: dict[str, object] = {"key": None, "by_text": {}}


def _scan_index() -> dict[str, ProductInfo]:
    """Every active product by its code and its barcode, loaded in one statement when the pricing version moved
    (a product's change moves it), so a scan sends nothing to the server while nobody changes the catalogue."""
    key = (db.obj, pricing_version())
    if _scans["key"] != key:
        by_text: dict[str, ProductInfo] = {}
        for product in Product.select(Product, Category).join(Category).where(Product.active == True):  # noqa: E712
            info = _info(product)
            by_text.setdefault(product.code, info)
            if product.barcode:
                by_text.setdefault(product.barcode, info)
        _scans.update(key=key, by_text=by_text)
    return _scans["by_text"]  # type: ignore[return-value]


@allowed(READ)
def search_products(text: str, limit: int = 12) -> list[ProductInfo]:
    """Scan or type: an exact barcode or code first, then names containing every word typed."""
    text = (text or "").strip()
    if not text:
        return []
    exact = find_product(text)
    query = Product.select(Product, Category).join(Category).where(Product.active == True)  # noqa: E712
    for word in text.split():
        query = query.where(Product.name.contains(word) | Product.code.contains(word))
    found = [_info(p) for p in query.order_by(Category.position, Product.grid_position).limit(limit)]
    if exact is not None:
        found = [exact] + [p for p in found if p.id != exact.id]
    return found[:limit]


@dataclass(frozen=True)
class GridCategory:
    name: str
    color: str
    products: tuple[ProductInfo, ...]
    pictures: dict[int, bytes] = field(default_factory=dict)  # product id -> PNG for its button


GRID_LIMIT = 60  # buttons per category; anything else is scanned or searched


@allowed(READ)
def counter_grid() -> list[GridCategory]:
    """The counter's buttons: the products without a barcode (cakes, bread, drinks), by category, in the
    owner's order; packaged goods are scanned."""
    grid: dict[int, list[ProductInfo]] = {}
    products = (Product.select(Product, Category).join(Category)
                .where((Product.active == True) & Product.barcode.is_null())  # noqa: E712
                .order_by(Product.grid_position, Product.name))
    for p in products:
        if len(grid.setdefault(p.category_id, [])) < GRID_LIMIT:
            grid[p.category_id].append(_info(p))
    ids = [p.id for items in grid.values() for p in items]
    pictures = {row.product_id: bytes(row.data) for row in ProductPicture.select().where(
        ProductPicture.product.in_(ids))} if ids else {}
    return [GridCategory(c.name, c.color, tuple(grid.get(c.id, ())),
                         {p.id: pictures[p.id] for p in grid.get(c.id, ()) if p.id in pictures})
            for c in Category.select().order_by(Category.position, Category.name) if grid.get(c.id)]
