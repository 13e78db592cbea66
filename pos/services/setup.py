"""The first run: an empty database becomes the owner's shop (or the demo shop) in one step."""

from __future__ import annotations

from dataclasses import dataclass

from pos.i18n import _
from pos.models import Category, Product, StaffUser, db
from pos.models.staff import OWNER
from pos.money import Money
from pos.services.audit import record
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.products import ProductForm, save_product
from pos.services.shop import _update_shop_settings
from pos.services.phones import normalize_phone
from pos.services.staff import Staff, _add_staff
from pos.services.access import ANYONE, READ, allowed


@dataclass(frozen=True)
class FirstProduct:
    name: str
    price: Money
    category: str = ""


@allowed(READ)
def needs_setup() -> bool:
    """Nobody can log in yet: the program shows the set-up instead of the PIN screen."""
    return not StaffUser.select().where(StaffUser.active == True).exists()  # noqa: E712


@allowed(ANYONE, why="the first run only: refused once the shop has an owner")
def set_up_shop(shop_name: str, owner_name: str, pin: str, products: tuple[FirstProduct, ...] = (), *,
                whatsapp: str = "", address: str = "") -> Staff:
    """The shop's name, its owner with a PIN, and a first few products, all or nothing."""
    if not needs_setup():
        raise NotAllowed(_("This shop is set up already."))
    if not shop_name.strip():
        raise InvalidInput(_("Give the shop a name (it is printed on receipts)."))
    if whatsapp.strip():
        normalize_phone(whatsapp, "ID")  # a number that is not a phone number is refused here
    with db.atomic():
        _update_shop_settings({"shop_name": shop_name.strip(), "whatsapp": whatsapp.strip(),
                              "address": address.strip()})
        owner = _add_staff(owner_name.strip() or _("Owner"), OWNER, pin)
        categories: dict[str, int] = {}
        for n, item in enumerate(products, start=1):
            if not item.name.strip():
                continue
            category = item.category.strip() or _("Products")
            if category.lower() not in categories:
                found = Category.get_or_none(Category.name == category)
                categories[category.lower()] = found.id if found else Category.create(
                    name=category, position=len(categories) + 1).id
            code = f"P{Product.select().count() + 1:03d}"
            save_product(ProductForm(code=code, name=item.name, category_id=categories[category.lower()],
                                     retail_price=item.price, grid_position=n), owner_pin=pin, staff_id=owner.id)
        record("shop.set_up", staff_id=owner.id, details={"shop": shop_name.strip(), "products": len(products)})
    return owner
