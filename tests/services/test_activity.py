"""The owner's eyes on the till, on SQLite and PostgreSQL: every audited action of a shop day, with who did it,
who approved it, the till, the moment and what it was about, made through the real services."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

import pytest

from pos.domain.activity import (DRAWER_OPENED, LINE_REMOVED, LOCKED_OUT, MANUAL_PRICE, NUMBERS_EXPORTED,
                                 PIN_FAILURES, SALE_REFUNDED, SALE_VOIDED, count_by_kind)
from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.i18n import describe_activity
from pos.models import AuditEntry
from pos.money import Money, Quantity
from pos.services.activity import activity_choices, list_activity
from pos.services.line_removal import approve_line_removal
from pos.services.customer_files import export_customers
from pos.services.errors import InvalidInput
from pos.services.refunds import refund, refundable_lines, void_sale
from pos.services.sales import CheckoutRequest, checkout
from pos.services.staff import LOCK_AFTER, LockedOut, log_in
from pos.services.till import open_drawer
from pos.services.whatsapp import export_list

DAY = dt.date(2026, 11, 27)
AT = dt.datetime(2026, 11, 27, 3, 0)  # 10:00 in Jakarta


@pytest.fixture
def shop(make_shop):
    return make_shop(500000)


def sell(shop, code, qty=1, price=None, owner_pin="", at=AT):
    line = CartLine(shop["ids"][code], Quantity.of(qty), Money(price) if price is not None else None)
    from pos.services.pricing import price as price_cart

    total = price_cart([line], None, at=at).total
    return checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], (line,),
                                    (Tender("cash", total),), at=at, owner_pin=owner_pin))


def test_a_drawer_opening_lists_who_asked_who_approved_the_till_and_the_shop_time(shop):
    open_drawer(shop["shift"], owner_pin="1234", staff_id=shop["cashier"], at=AT)
    [row] = list_activity(DAY)
    assert (row.kind, row.till_id, row.who, row.approved_by, row.at) == (
        DRAWER_OPENED, "K1", "Dita", "Bu Ani", dt.datetime(2026, 11, 27, 10, 0))
    assert list_activity(DAY + dt.timedelta(days=1)) == ()


def test_a_manual_price_lists_the_receipt_the_product_and_the_usual_and_new_price(shop):
    sale = sell(shop, "KUE-01", price=45000, owner_pin="1234")
    [row] = list_activity(DAY)
    assert (row.kind, row.who, row.approved_by, row.subject, row.amount) == (
        MANUAL_PRICE, "Dita", "Bu Ani", "Bolu Pandan", Money(45000))
    assert (row.value("receipt"), row.value("usual"), row.value("price")) == (sale.number, Money(55000),
                                                                             Money(45000))
    words = describe_activity(row.kind, dict(row.values), row.subject)
    assert "Bolu Pandan" in words and "55.000" in words and "45.000" in words and sale.number in words


def test_a_removed_scanned_line_lists_the_product_and_the_approver(shop):
    approve_line_removal("1234", staff_id=shop["cashier"], till_id="K1", product="Bolu Pandan", quantity="2", at=AT)
    [row] = list_activity(DAY)
    assert (row.kind, row.till_id, row.who, row.approved_by, row.subject, row.value("quantity")) == (
        LINE_REMOVED, "K1", "Dita", "Bu Ani", "Bolu Pandan", "2")


def test_a_void_shows_once_with_its_amount_and_a_refund_with_the_money_back(shop):
    first = sell(shop, "KUE-01")
    second = sell(shop, "ROT-05", qty=2)
    void_sale(first.number, owner_pin="1234", staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1",
              at=AT + dt.timedelta(minutes=5))
    line = refundable_lines(second.number)[0]
    refund(second.number, {line.line_id: Quantity.of(1)}, back_to="original", owner_pin="1234",
           staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1", at=AT + dt.timedelta(minutes=6))
    rows = list_activity(DAY)
    assert [(r.kind, r.subject, r.amount, r.approved_by, r.who) for r in rows] == [
        (SALE_VOIDED, first.number, Money(55000), "Bu Ani", "Dita"),
        (SALE_REFUNDED, second.number, Money(6000), "Bu Ani", "Dita")]
    assert [r.kind for r in list_activity(DAY, kind=SALE_VOIDED)] == [SALE_VOIDED]


def test_an_export_of_phone_numbers_lists_who_and_the_owner_whose_pin_was_given(shop):
    export_customers(pin="1111", staff_id=shop["cashier"])  # masked: no number leaves the shop
    export_customers(pin="1234", staff_id=shop["cashier"], full_numbers=True)
    person = SimpleNamespace(name="Wati", phone="+6281210000001", consent=True, last_message=None, detail="")
    export_list([person], "vcf", "1234")
    entries = list(AuditEntry.select().where(AuditEntry.action == "customers.exported").order_by(AuditEntry.id))
    assert [e.details.get("approved_by", "") for e in entries] == ["", "Bu Ani", "Bu Ani"]
    day = entries[0].at.replace(tzinfo=dt.timezone.utc).astimezone(dt.timezone(dt.timedelta(hours=7))).date()
    rows = list_activity(day, day + dt.timedelta(days=1), kind=NUMBERS_EXPORTED)
    assert [(r.who, r.approved_by, r.value("what"), r.value("customers")) for r in rows] == [
        ("Dita", "Bu Ani", "book", 200), ("Bu Ani", "Bu Ani", "vcf", 1)]


def test_wrong_pins_in_a_row_and_the_lock_out_are_listed_with_the_till(shop):
    for n in range(LOCK_AFTER - 1):
        with pytest.raises(Exception, match="not known"):
            log_in("0000", "K2", now=AT + dt.timedelta(seconds=n))
    with pytest.raises(LockedOut):
        log_in("0000", "K2", now=AT + dt.timedelta(seconds=10))
    rows = list_activity(DAY)
    assert [(r.kind, r.till_id, r.value("where")) for r in rows] == [(PIN_FAILURES, "K2", "login"),
                                                                    (LOCKED_OUT, "K2", "login")]
    assert rows[0].value("failures") == 3 and rows[1].at == dt.datetime(2026, 11, 27, 10, 0, 10)
    assert "5" in describe_activity(LOCKED_OUT, dict(rows[1].values), "")


def test_filters_by_till_person_and_kind_and_counts_by_kind(shop):
    open_drawer(shop["shift"], owner_pin="1234", staff_id=shop["cashier"], at=AT)
    sell(shop, "KUE-01", price=45000, owner_pin="1234")
    approve_line_removal("1234", staff_id=shop["cashier"], till_id="K2", product="Kopi", quantity="1", at=AT)
    assert [r.kind for r in list_activity(DAY, kind=MANUAL_PRICE)] == [MANUAL_PRICE]
    assert [r.kind for r in list_activity(DAY, till="K2")] == [LINE_REMOVED]
    assert len(list_activity(DAY, person="Bu Ani")) == 3 and list_activity(DAY, person="Nobody") == ()
    counts = count_by_kind(list_activity(DAY))
    assert [(c.kind, c.count, c.approved_by) for c in counts] == [
        (DRAWER_OPENED, 1, ("Bu Ani",)), (MANUAL_PRICE, 1, ("Bu Ani",)), (LINE_REMOVED, 1, ("Bu Ani",))]
    choices = activity_choices(DAY)
    assert choices.tills == ("K1", "K2") and "Dita" in choices.people
    with pytest.raises(InvalidInput):
        list_activity(DAY, kind="nonsense")


def test_the_demo_history_has_the_owners_approvals_yesterday(database):
    from tests.db_templates import demo_shop

    demo_shop(seed=1, history_days=2, today=DAY, now=dt.datetime(2026, 11, 27, 12, 0))
    rows = list_activity(DAY - dt.timedelta(days=1))
    assert {r.kind for r in rows} >= {DRAWER_OPENED, MANUAL_PRICE, SALE_VOIDED}
    assert {r.approved_by for r in rows} == {"Bu Ani"} and {r.who for r in rows} == {"Dita"}
