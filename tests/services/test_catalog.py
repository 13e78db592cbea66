import pytest
from peewee import IntegrityError

from pos.models import Product, TierPrice
from pos.models import db as proxy
from pos.money import Money, Quantity
from pos.services.catalog import _add_product, price_list, _set_tier_price
from pos.services.errors import InvalidInput
from tests.factories import make_category, make_product


def test_a_duplicate_barcode_is_refused_with_the_owner_named(database):
    make_product(barcode="8997321000011", name="Nastar 500 g")
    with pytest.raises(InvalidInput, match="belongs to Nastar 500 g"):
        make_product(barcode="8997321000011", name="Kastengel 500 g")
    assert Product.select().count() == 1


def test_the_database_itself_refuses_a_duplicate_barcode(database):
    first = make_product(barcode="8997321000028")
    with pytest.raises(IntegrityError):
        with proxy.atomic():
            Product.create(code="X-1", name="Copy", category=Product.get_by_id(first.id).category,
                           retail_price=Money(1000), barcode="8997321000028")
    assert Product.select().count() == 1


def test_products_without_barcode_do_not_collide(database):
    make_product(barcode=None)
    make_product(barcode="")
    assert Product.select().where(Product.barcode.is_null()).count() == 2


@pytest.mark.parametrize("price", [-1, 100_000_001])
def test_a_negative_or_absurd_price_is_refused(database, price):
    with pytest.raises(InvalidInput):
        make_product(price=price)
    assert Product.select().count() == 0


def test_the_database_refuses_a_negative_price(database):
    category = make_category()
    with pytest.raises(IntegrityError):
        with proxy.atomic():
            Product.create(code="NEG", name="Minus", category=category, retail_price=Money(-500))


def test_tier_prices_need_a_minimum_quantity_of_at_least_one(database):
    product = make_product()
    with pytest.raises(InvalidInput):
        _set_tier_price(product.id, "reseller", Money(1000), Quantity.of("0,5"))
    assert TierPrice.select().count() == 0


def test_the_price_list_shows_regular_and_reseller_breaks(database):
    category = make_category("Camilan")
    chips = _add_product(code="CML-01", name="Keripik Pisang", category_id=category, retail_price=Money(15000))
    _set_tier_price(chips.id, "regular", Money(14000))
    _set_tier_price(chips.id, "reseller", Money(11500), Quantity.of(50))
    _set_tier_price(chips.id, "reseller", Money(12500), Quantity.of(10))
    [row] = price_list()
    assert (row.retail_price, row.regular_price) == (Money(15000), Money(14000))
    assert row.reseller_prices == ((Quantity.of(10), Money(12500)), (Quantity.of(50), Money(11500)))
