"""Stamps carried over from a paper card: once per customer, by the owner, counted in the card; both engines."""

from __future__ import annotations

import datetime as dt

import pytest

from pos.domain.pricing import CartLine
from pos.models import AuditEntry, Product, StampEntry
from pos.money import Quantity
from pos.services.customer_book import customer_page
from pos.services.customers import NewCustomer, add_customer
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.opening_stamps import enter_opening_stamps, opening_stamps
from pos.services.pricing import price, stamp_card

NOW = dt.datetime(2026, 11, 27, 3, 0)


@pytest.fixture
def demo(demo_database):
    return {p.code: p.id for p in Product.select()}


def test_an_opening_balance_counts_on_the_card_once_and_is_audited(demo):
    ani = add_customer(NewCustomer("Ani", "0813-5555-0103"))
    with pytest.raises(NotAllowed, match="owner's PIN"):
        enter_opening_stamps(ani.id, 7, owner_pin="1111", now=NOW)
    assert opening_stamps(ani.id) is None
    assert not StampEntry.select().where(StampEntry.customer == ani.id).exists()

    enter_opening_stamps(ani.id, 7, owner_pin="1234", till_id="K1", now=NOW)
    assert opening_stamps(ani.id) == 7
    assert stamp_card(ani.id, NOW)[:2] == (7, 10)
    [entry] = customer_page(ani.id).stamp_entries
    assert (entry.amount, entry.opening) == (7, True)
    audit = AuditEntry.get(AuditEntry.action == "stamps.opening_entered")
    assert (audit.details, audit.till_id) == ({"stamps": 7, "approved_by": "Bu Ani"}, "K1")

    with pytest.raises(InvalidInput, match="opening balance from the paper card already"):
        enter_opening_stamps(ani.id, 3, owner_pin="1234", now=NOW)
    assert StampEntry.select().where(StampEntry.customer == ani.id).count() == 1

    StampEntry.create(customer=ani.id, earned=3, created_at=NOW)  # three coffees bought since
    [offer] = price([CartLine(demo["KOP-05"], Quantity.of(1))], ani.id, at=NOW).offers  # 10: a reward is ready
    assert offer.reward_product == demo["KOP-05"]


def test_a_wrong_number_of_stamps_is_refused(demo):
    ani = add_customer(NewCustomer("Ani", "0813-5555-0103"))
    for wrong in (0, -2, 5000):
        with pytest.raises(InvalidInput, match="from 1 to 1000"):
            enter_opening_stamps(ani.id, wrong, owner_pin="1234", now=NOW)
    assert not StampEntry.select().where(StampEntry.customer == ani.id).exists()
