import pytest

from pos.models import (ALL_MODELS, AuditEntry, Category, Customer, PinSalt, PriceTier, Product, Promotion,
                        StaffUser, TierPrice)
from pos.money import Quantity
from pos.services import db
from pos.services.demo import create_demo
from pos.services.errors import PosError
from pos.services.phones import normalize_phone
from pos.services.staff import authenticate
from tests.factories import make_product


def dump() -> dict[str, list[tuple]]:
    """Every row of every table, except what is salted (PIN hashes) or stamped with the clock (audit)."""
    out = {}
    for model in ALL_MODELS:
        if model in (AuditEntry, PinSalt):
            continue
        fields = [f for f in model._meta.sorted_fields if f.name not in ("pin_hash", "pin_key")]
        out[model.__name__] = [tuple(getattr(row, f.name + ("_id" if f.name != "id" and hasattr(row, f.name + "_id")
                                                             else "")) for f in fields)
                               for row in model.select().order_by(model._meta.primary_key)]
    return out


def test_the_demo_shop_is_believable(database):
    result = create_demo(seed=1)
    assert result.created and (result.products, result.customers, result.promotions) == (40, 200, 7)
    assert Category.select().count() == 5
    assert Product.select().where(Product.barcode.is_null(False)).count() >= 10
    assert {t.code for t in PriceTier.select()} == {"retail", "regular", "reseller"}
    breaks = TierPrice.select().join(PriceTier).where(PriceTier.code == "reseller", TierPrice.min_qty > Quantity.of(1))
    assert breaks.count() >= 10
    phones = [c.phone for c in Customer.select() if c.phone]
    assert len(phones) == len(set(phones)) > 150
    assert all(normalize_phone(p) == p for p in phones)
    assert Customer.select().join(PriceTier).where(PriceTier.code == "reseller").count() >= 10
    assert {p.kind for p in Promotion.select()} >= {"buy_x_get_y", "threshold_gift", "period_discount",
                                                    "stamp_card", "bonus_pack", "markdown",
                                                    "segment_discount"}
    assert authenticate("1234").role == "owner"
    assert authenticate("1111").role == "cashier"
    assert StaffUser.select().count() == 2


def test_the_demo_is_deterministic_for_a_seed_and_differs_between_seeds(empty_url, make_url):
    from tests.conftest import engine_of

    db.open_database(empty_url)
    create_demo(seed=7)
    first = dump()
    db.close_database()

    db.open_database(make_url(engine_of(empty_url)))
    create_demo(seed=7)
    assert dump() == first
    db.close_database()

    db.open_database(make_url(engine_of(empty_url)))
    create_demo(seed=8)
    assert dump()["Customer"] != first["Customer"]


def test_running_the_demo_twice_changes_nothing(database):
    create_demo(seed=3)
    before, audit = dump(), AuditEntry.select().count()
    again = create_demo(seed=3)
    assert again.created is False
    assert dump() == before and AuditEntry.select().count() == audit


def test_the_demo_refuses_a_real_shop(database):
    make_product(name="Roti Buaya")
    with pytest.raises(PosError, match="holds a shop already"):
        create_demo(seed=1)
    assert Product.select().count() == 1 and Customer.select().count() == 0
