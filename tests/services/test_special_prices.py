"""A customer's own price, set by the owner and applied at the till at once; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import owner_pin
from pos.domain.pricing import CartLine
from pos.i18n import describe_reason
from pos.models import AuditEntry, Product, SpecialPrice
from pos.money import Money, Quantity
from pos.services.changes import pricing_version
from pos.services.customers import NewCustomer, add_customer
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.pricing import price
from pos.services.special_prices import (customer_special_prices, price_quote, product_special_prices,
                                         remove_special_price, set_special_price)

FRIDAY_10_WIB = dt.datetime(2026, 11, 27, 3, 0)


@pytest.fixture
def demo(demo_database):
    return {p.code: p.id for p in Product.select()}


def test_a_special_price_set_by_the_owner_is_charged_at_the_till_at_once(demo):
    sari = add_customer(NewCustomer("Bu Sari", "0813-5555-0101", tier="regular"), owner_pin=owner_pin())
    cart = [CartLine(demo["CML-01"], Quantity.of(2))]
    assert price(cart, sari.id, at=FRIDAY_10_WIB).total == Money(34000)  # the regular price, 17.000
    before = pricing_version()
    set_special_price(sari.id, demo["CML-01"], Money(12000), owner_pin="1234", staff_id=None, till_id="K1")
    assert pricing_version() > before  # every till loads its prices again
    priced = price(cart, sari.id, at=FRIDAY_10_WIB)
    assert priced.total == Money(24000)
    assert [describe_reason(r.code, r.values) for r in priced.lines[0].reasons] == [
        "Special price for this customer"]
    [row] = customer_special_prices(sari.id)
    assert (row.product_code, row.price, row.retail, row.tier_price) == (
        "CML-01", Money(12000), Money(18000), Money(17000))
    assert [(r.customer_name, r.price) for r in product_special_prices(demo["CML-01"])
            if r.customer_id == sari.id] == [("Bu Sari", Money(12000))]
    quote = price_quote(sari.id, demo["CML-01"])
    assert (quote.retail, quote.tier_price, quote.special) == (Money(18000), Money(17000), Money(12000))

    set_special_price(sari.id, demo["CML-01"], Money(11500), owner_pin="1234")
    remove_special_price(sari.id, demo["CML-01"], owner_pin="1234")
    assert price(cart, sari.id, at=FRIDAY_10_WIB).total == Money(34000)
    audits = [(a.action, a.details["old_price"], a.details["new_price"], a.details["approved_by"], a.till_id)
              for a in AuditEntry.select().where(AuditEntry.action.startswith("special_price"))
              .order_by(AuditEntry.id)]
    assert audits == [("special_price.set", None, 12000, "Bu Ani", "K1"),
                      ("special_price.set", 12000, 11500, "Bu Ani", ""),
                      ("special_price.removed", 11500, None, "Bu Ani", "")]


def test_a_cashiers_pin_sets_nothing(demo):
    sari = add_customer(NewCustomer("Bu Sari", "0813-5555-0101"))
    with pytest.raises(NotAllowed, match="owner's PIN"):
        set_special_price(sari.id, demo["CML-01"], Money(12000), owner_pin="1111")
    assert not SpecialPrice.select().where(SpecialPrice.customer == sari.id).exists()
    set_special_price(sari.id, demo["CML-01"], Money(12000), owner_pin="1234")
    with pytest.raises(NotAllowed):
        remove_special_price(sari.id, demo["CML-01"], owner_pin="1111")
    assert SpecialPrice.get(SpecialPrice.customer == sari.id).price == Money(12000)
    with pytest.raises(InvalidInput, match="between 0 and"):
        set_special_price(sari.id, demo["CML-01"], Money(200_000_000), owner_pin="1234")
    assert not AuditEntry.select().where(AuditEntry.action == "special_price.removed").exists()
