"""Text too long or with a NUL byte: the same message on SQLite and PostgreSQL, naming the field, nothing stored."""

from __future__ import annotations

import pytest

from pos.models import AuditEntry, Customer, Product
from pos.money import Money
from pos.services.catalog import _add_category
from pos.services.customer_files import import_customers
from pos.services.customer_profile import Profile, save_profile
from pos.services.customers import NewCustomer, add_customer
from pos.services.errors import InvalidInput
from pos.services.products import ProductForm, check_product
from pos.services.text_limits import CUSTOMER_NAME, NOTES, PRODUCT_NAME

LONG_NAME = "Siti " + "a" * 300


@pytest.mark.parametrize("new,field", [
    (NewCustomer(LONG_NAME), "name field is 305 characters long; at most 120 fit"),
    (NewCustomer("Siti", village="Kledung\x00"), "village field holds a NUL character"),
    (NewCustomer("Siti", notes="x" * (NOTES.maximum + 1)), "notes field is 2001 characters long"),
    (NewCustomer("Siti", address="Jl. Raya\x00 1"), "address field holds a NUL character"),
])
def test_add_customer_refuses_long_text_and_nul_bytes(database, new, field):
    with pytest.raises(InvalidInput, match=field):
        add_customer(new)
    assert Customer.select().count() == 0 and AuditEntry.select().count() == 0


def test_a_name_at_the_limit_is_stored_whole(database):
    name = "S" * CUSTOMER_NAME.maximum
    add_customer(NewCustomer(name))
    assert Customer.get().name == name


def test_editing_a_customer_checks_the_same_limits(database):
    customer_id = save_profile(Profile(name="Siti"))
    with pytest.raises(InvalidInput, match="notes field holds a NUL character"):
        save_profile(Profile(name="Siti", notes="alergi\x00kacang"), customer_id)
    assert Customer.get_by_id(customer_id).notes == ""


def test_a_product_name_too_long_names_the_field(database):
    category = _add_category("Roti")
    with pytest.raises(InvalidInput, match="product name field is 200 characters long; at most 120"):
        check_product(ProductForm(code="ROT-01", name="R" * 200, category_id=category, retail_price=Money(5000)))
    with pytest.raises(InvalidInput, match="product code field holds a NUL"):
        check_product(ProductForm(code="ROT\x0001", name="Roti", category_id=category, retail_price=Money(5000)))
    assert Product.select().count() == 0 and PRODUCT_NAME.maximum == 120


def test_an_import_with_a_long_name_or_a_nul_byte_writes_nothing(database):
    data = ("nama;no hp;catatan\nBu Sari;0813 9999 1111;langganan\n"
            f"{LONG_NAME};0813 9999 2222;\nPak Joko;0813 9999 3333;pesan\x00an\n").encode()
    from pos.services.staff import _add_staff

    _add_staff("Bu Sari", "owner", "246810")  # an import is the owner's
    with pytest.raises(InvalidInput) as refused:
        import_customers(data, owner_pin="246810")
    assert "line 3: The name field is 305 characters long" in str(refused.value)
    assert "line 4: The notes field holds a NUL character" in str(refused.value)
    assert Customer.select().count() == 0


@pytest.mark.parametrize("kind", ["staff", "promotion", "tier", "group"])
@pytest.mark.parametrize("bad,field", [("Bu " + "a" * 300, "characters"), ("Bu\x00Ani", "NUL character")])
def test_staff_promotion_tier_and_group_names_are_checked_the_same_on_both_engines(database, kind, bad, field):
    """On PostgreSQL these names used to reach the database and fail there (a DataError traceback)."""
    from pos.models import PriceTier, Promotion, Segment, StaffUser
    from pos.services import customer_lists, tiers
    from pos.services.customer_lists import SEGMENTS
    from pos.services.promotions import PromotionInput, save_promotion
    from pos.services.staff import _add_staff

    _add_staff("Bu Sari", "owner", "246810")
    counts = (StaffUser.select().count(), Promotion.select().count(), PriceTier.select().count(),
              Segment.select().count(), AuditEntry.select().count())
    with pytest.raises(InvalidInput, match=field):
        if kind == "staff":
            _add_staff(bad, "cashier", "1357")
        elif kind == "promotion":
            save_promotion(PromotionInput(bad, "discount", {}, {"percent": 10}), time_zone="Asia/Jakarta",
                           owner_pin="246810")
        elif kind == "tier":
            tiers.add_tier(bad, owner_pin="246810")
        else:
            customer_lists.add_entry(SEGMENTS, bad, owner_pin="246810")
    assert (StaffUser.select().count(), Promotion.select().count(), PriceTier.select().count(),
            Segment.select().count(), AuditEntry.select().count()) == counts
