"""Merging duplicates and forgetting a customer, on SQLite and PostgreSQL: the stored rows decide."""

from __future__ import annotations

import uuid

import pytest

from tests.factories import owner_pin
from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.models import (ALL_MODELS, AuditEntry, BaseModel, Complaint, Customer, CustomerSegment, DepositEntry,
                        KasbonEntry, Sale, Segment, StampEntry, Touchpoint)
from pos.money import Money, Quantity
from pos.services.accounts import top_up_deposit
from pos.services.customers import NewCustomer, add_customer
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.merge import customer_references, forget_customer, merge_customers
from pos.services.pricing import price
from pos.services.sales import CheckoutRequest, checkout, deposit_held, kasbon_owed


@pytest.fixture
def shop(make_shop):
    return make_shop(100000)


def sell(shop, customer_id, method="cash", code="KOP-01", qty=2):
    lines = (CartLine(shop["ids"][code], Quantity.of(qty)),)
    total = price(list(lines), customer_id).cash_total
    return checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines,
                                    (Tender(method, total),), customer_id))


def all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from all_subclasses(sub)


def test_every_table_is_a_known_model_so_the_merge_sees_every_customer_reference():
    """A table added later with a customer column is moved by the merge only if it is in ALL_MODELS."""
    assert set(all_subclasses(BaseModel)) == set(ALL_MODELS)
    tables = {model._meta.table_name for model, _field in customer_references()}
    assert {"sale", "stamp_entry", "kasbon_entry", "deposit_entry", "complaint", "touchpoint", "customer",
            "customer_segment", "special_price"} <= tables


def test_a_merge_moves_every_row_and_carries_the_balances(shop):
    sari = add_customer(NewCustomer("Bu Sari", "0813-5555-0101", village="Kledung"))
    again = add_customer(NewCustomer("Sari Wulandari", "", village="Kledung"))
    Customer.update(credit_limit=Money(500000), notes="tidak pakai kacang").where(Customer.id == again.id).execute()
    sell(shop, sari.id)
    sell(shop, again.id)
    sell(shop, again.id, method="kasbon")
    top_up_deposit(again.id, Money(50000), "cash", staff_id=shop["cashier"], shift_id=shop["shift"])
    Complaint.create(customer=again.id, text="Roti gosong")
    Touchpoint.create(customer=again.id, kind="message", text="Promo Ramadan")
    student = Segment.get(Segment.code == "student")
    CustomerSegment.create(customer=sari.id, segment=student)
    CustomerSegment.create(customer=again.id, segment=student)  # the same tag on both: one stays
    referred = add_customer(NewCustomer("Mbak Tini", "0813-5555-0102"))
    Customer.update(referred_by=again.id).where(Customer.id == referred.id).execute()
    stamps = sum(e.earned - e.used for e in StampEntry.select().where(StampEntry.customer.in_([sari.id, again.id])))
    owed, held = kasbon_owed(again.id), deposit_held(again.id)

    result = merge_customers(sari.id, again.id, staff_id=shop["cashier"], owner_pin=owner_pin())

    assert Customer.get_or_none(Customer.id == again.id) is None
    for model, field in customer_references():
        assert model.select().where(field == again.id).count() == 0, model._meta.table_name
    assert Sale.select().where(Sale.customer == sari.id).count() == 3
    assert sum(e.earned - e.used for e in StampEntry.select().where(StampEntry.customer == sari.id)) == stamps
    assert kasbon_owed(sari.id) == owed and deposit_held(sari.id) == held == Money(50000)
    assert KasbonEntry.select().where(KasbonEntry.customer == sari.id).count() == 1
    assert DepositEntry.select().where(DepositEntry.customer == sari.id).count() == 1
    assert Complaint.get().customer_id == sari.id and Touchpoint.get().customer_id == sari.id
    assert CustomerSegment.select().where(CustomerSegment.customer == sari.id).count() == 1
    assert Customer.get_by_id(referred.id).referred_by_id == sari.id
    kept = Customer.get_by_id(sari.id)
    assert kept.phone == "+6281355550101" and kept.credit_limit == Money(500000)  # blanks filled from the other
    assert kept.notes == "tidak pakai kacang"
    assert result.moved["sale"] == 2 and result.dropped == {"customer_segment": 1}
    audit = AuditEntry.get(AuditEntry.action == "customer.merged")
    assert audit.details["removed"] == result.removed_code


def test_the_phone_of_the_removed_record_comes_over_when_the_kept_one_has_none(shop):
    no_phone = add_customer(NewCustomer("Pak Bambang", ""))
    with_phone = add_customer(NewCustomer("Bambang", "0812 3456 7890"))
    merge_customers(no_phone.id, with_phone.id, owner_pin=owner_pin())
    assert Customer.get_by_id(no_phone.id).phone == "+6281234567890"


def test_merging_a_customer_with_itself_or_a_missing_one_changes_nothing(shop):
    sari = add_customer(NewCustomer("Bu Sari", "0813-5555-0101"))
    with pytest.raises(InvalidInput, match="itself"):
        merge_customers(sari.id, sari.id, owner_pin=owner_pin())
    with pytest.raises(InvalidInput):
        merge_customers(sari.id, 999_999, owner_pin=owner_pin())
    assert Customer.get_by_id(sari.id).name == "Bu Sari"
    assert AuditEntry.select().where(AuditEntry.action == "customer.merged").count() == 0


def test_forgetting_a_customer_keeps_every_sale_and_its_total(shop):
    sari = add_customer(NewCustomer("Bu Sari", "0813-5555-0101", village="Kledung"))
    Customer.update(promo_consent=True, address="Jl. Raya 1", notes="alergi kacang").where(
        Customer.id == sari.id).execute()
    sold = [sell(shop, sari.id), sell(shop, sari.id, code="ROT-01", qty=3)]
    Complaint.create(customer=sari.id, text="Pesanan telat, nomor saya 0813-5555-0101")
    totals = {s.id: Sale.get_by_id(s.id).total for s in sold}
    with pytest.raises(NotAllowed):
        forget_customer(sari.id, owner_pin="1111")  # the cashier's PIN
    assert Customer.get_by_id(sari.id).phone == "+6281355550101"

    forget_customer(sari.id, owner_pin="1234")

    gone = Customer.get_by_id(sari.id)
    assert (gone.phone, gone.village, gone.address, gone.notes, gone.promo_consent) == (None, "", "", "", False)
    assert gone.name != "Bu Sari" and not gone.active
    assert {s.id: Sale.get_by_id(s.id).total for s in sold} == totals
    assert Sale.select().where(Sale.customer == sari.id).count() == 2
    assert Complaint.get().text == ""
    assert AuditEntry.get(AuditEntry.action == "customer.forgotten").details["approved_by"] == "Bu Ani"
