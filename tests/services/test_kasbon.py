"""The kasbon ledger on SQLite and PostgreSQL: sales on kasbon with due dates, payments partial, spanning two
sales, chosen, or more than owed (the rest kept as deposit), refunds, the statement and the aging."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from tests.factories import owner_pin
from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.models import CashEntry, DepositEntry, Invoice, KasbonAllocation, KasbonEntry, Sale
from pos.money import Money, Quantity
from pos.services import clock, kasbon
from pos.services.customers import NewCustomer, add_customer
from pos.services.errors import InvalidInput
from pos.services.invoices import issue_invoice
from pos.services.ledgers import KASBON, balance, before
from pos.services.pricing import price
from pos.services.sales import CheckoutRequest, checkout, deposit_held, kasbon_owed

DAY1 = dt.datetime(2026, 10, 1, 3, 0)  # 10:00 in Jakarta


@pytest.fixture
def shop(make_shop):
    s = make_shop(100000)
    toko = add_customer(NewCustomer("Toko Makmur", "0813-4444-0001", tier="reseller", village="Kledung",
                                    credit_limit=Money(5_000_000)), owner_pin=owner_pin())
    return {**s, "toko": toko.id}


def on_kasbon(shop, qty: int, at: dt.datetime, code: str = "ROT-01") -> Sale:
    lines = (CartLine(shop["ids"][code], Quantity.of(qty)),)
    total = price(list(lines), shop["toko"], at=at).total
    result = checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines,
                                      (Tender("kasbon", total),), shop["toko"], at=at))
    return Sale.get_by_id(result.id)


def remaining(shop) -> dict[str, int]:
    return {c.number: c.remaining.minor for c in kasbon.open_charges(shop["toko"])}


def test_a_sale_on_kasbon_is_due_after_the_customer_terms(shop):
    sale = on_kasbon(shop, 30, DAY1)
    entry = KasbonEntry.get(KasbonEntry.sale == sale.id)
    assert entry.due_date == dt.date(2026, 10, 15)  # the shop's default: 14 days
    from pos.models import Customer

    Customer.update(payment_terms_days=30).where(Customer.id == shop["toko"]).execute()
    later = on_kasbon(shop, 30, DAY1 + dt.timedelta(days=1))
    assert KasbonEntry.get(KasbonEntry.sale == later.id).due_date == dt.date(2026, 11, 1)


def test_partial_payments_then_one_payment_spanning_two_sales(shop):
    first = on_kasbon(shop, 30, DAY1)  # 30 × Rp 15.000 reseller
    second = on_kasbon(shop, 40, DAY1 + dt.timedelta(days=2))  # 40 × Rp 15.000
    assert (first.total, second.total) == (Money(450000), Money(600000))
    cash_before = sum(e.amount.minor for e in CashEntry.select())
    r = kasbon.record_payment(shop["toko"], Money(200000), "cash", shift_id=shop["shift"], staff_id=shop["cashier"])
    assert (r.paid, r.to_deposit, r.still_owed) == (Money(200000), Money(0), Money(850000))
    assert r.settled == ((first.number, Money(200000)),)
    assert remaining(shop) == {first.number: 250000, second.number: 600000}
    r = kasbon.record_payment(shop["toko"], Money(400000), "transfer", shift_id=shop["shift"],
                              staff_id=shop["cashier"])
    assert r.settled == ((first.number, Money(250000)), (second.number, Money(150000)))
    assert remaining(shop) == {second.number: 450000}
    assert kasbon_owed(shop["toko"]) == Money(450000)
    assert sum(e.amount.minor for e in CashEntry.select()) - cash_before == 200000  # only the cash one
    assert KasbonAllocation.select().count() == 3


def test_a_payment_for_a_chosen_sale_and_an_overpayment_kept_as_deposit(shop):
    first = on_kasbon(shop, 30, DAY1)
    second = on_kasbon(shop, 40, DAY1 + dt.timedelta(days=2))
    charge = KasbonEntry.get(KasbonEntry.sale == second.id)
    r = kasbon.record_payment(shop["toko"], Money(600000), "transfer", shift_id=shop["shift"],
                              staff_id=shop["cashier"], charge_id=charge.id)
    assert r.settled == ((second.number, Money(600000)),) and remaining(shop) == {first.number: 450000}
    with pytest.raises(InvalidInput, match="paid already"):
        kasbon.record_payment(shop["toko"], Money(1000), "cash", shift_id=shop["shift"], staff_id=shop["cashier"],
                              charge_id=charge.id)
    cash_before = sum(e.amount.minor for e in CashEntry.select())
    r = kasbon.record_payment(shop["toko"], Money(500000), "cash", shift_id=shop["shift"], staff_id=shop["cashier"])
    assert (r.paid, r.to_deposit, r.still_owed) == (Money(450000), Money(50000), Money(0))
    assert kasbon_owed(shop["toko"]) == Money(0) and deposit_held(shop["toko"]) == Money(50000)
    assert "more than the kasbon owed" in DepositEntry.get().note
    assert sum(e.amount.minor for e in CashEntry.select()) - cash_before == 500000  # all of it is in the drawer
    assert kasbon.open_charges(shop["toko"]) == []


def test_a_refund_settles_the_sale_it_takes_back_from(shop):
    from pos.services.refunds import refund, refundable_lines

    first = on_kasbon(shop, 30, DAY1)
    second = on_kasbon(shop, 40, DAY1 + dt.timedelta(days=2))
    line = refundable_lines(second.number)[0]
    refund(second.number, {line.line_id: Quantity.of(10)}, back_to="original", owner_pin="1234",
           staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1")
    assert remaining(shop) == {first.number: 450000, second.number: 450000}  # not the oldest sale
    assert kasbon_owed(shop["toko"]) == Money(900000)


def test_the_statement_adds_up_to_the_ledger(shop):
    on_kasbon(shop, 30, DAY1 - dt.timedelta(days=20))  # before the period: the opening balance
    on_kasbon(shop, 40, DAY1 + dt.timedelta(days=2))
    kasbon.record_payment(shop["toko"], Money(300000), "cash", shift_id=shop["shift"], staff_id=shop["cashier"],
                          at=DAY1 + dt.timedelta(days=5))
    on_kasbon(shop, 20, DAY1 + dt.timedelta(days=9))
    kasbon.record_payment(shop["toko"], Money(100000), "qris", shift_id=shop["shift"], staff_id=shop["cashier"],
                          at=DAY1 + dt.timedelta(days=40))  # after the period
    s = kasbon.statement(shop["toko"], dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert s.opening == Money(450000)
    assert [(ln.what, ln.charge.minor, ln.credit.minor) for ln in s.lines] == [
        ("invoice", 600000, 0), ("payment", 0, 300000), ("invoice", 320000, 0)]  # 20 × 16.000 (from 10)
    assert (s.charges, s.credits) == (Money(920000), Money(300000))
    assert s.closing == s.opening + s.charges - s.credits == Money(1070000)
    assert s.closing == balance(KASBON, shop["toko"], through=before(clock.day_start(dt.date(2026, 11, 1))))
    assert s.lines[-1].balance == s.closing
    with pytest.raises(InvalidInput, match="ends before it starts"):
        kasbon.statement(shop["toko"], dt.date(2026, 10, 31), dt.date(2026, 10, 1))


def test_aging_buckets_on_fixed_dates(shop):
    other = add_customer(NewCustomer("Warung Bu Tin", "0813-4444-0002", credit_limit=Money(1_000_000)),
                         owner_pin=owner_pin())
    due = dt.date(2026, 11, 1)
    for customer, amount, due_date in ((shop["toko"], 100000, due), (shop["toko"], 200000, due - dt.timedelta(days=8)),
                                       (shop["toko"], 300000, due - dt.timedelta(days=40)),
                                       (other.id, 50000, due - dt.timedelta(days=61)),
                                       (other.id, 70000, due + dt.timedelta(days=10))):
        KasbonEntry.create(customer=customer, amount=Money(amount), due_date=due_date, created_at=DAY1)
    rows, totals = kasbon.aging(as_of=due + dt.timedelta(days=7))  # 7 days after the first due date
    by_name = {r.name: {k: v.minor for k, v in r.buckets.items() if v.minor} for r in rows}
    assert by_name == {"Toko Makmur": {"d0_7": 100000, "d8_30": 200000, "d31_60": 300000},
                       "Warung Bu Tin": {"d60_plus": 50000, "not_due": 70000}}
    assert [r.name for r in rows] == ["Warung Bu Tin", "Toko Makmur"]  # the oldest debt first
    assert {k: v.minor for k, v in totals.items()} == {"not_due": 70000, "d0_7": 100000, "d8_30": 200000,
                                                       "d31_60": 300000, "d60_plus": 50000}
    rows, _totals = kasbon.aging(as_of=due + dt.timedelta(days=8))
    assert {k: v.minor for k, v in rows[1].buckets.items() if v.minor} == {"d8_30": 300000, "d31_60": 300000}


def test_the_reminder_names_the_amount_and_the_due_date(shop):
    sale = on_kasbon(shop, 30, DAY1)
    link = kasbon.reminder_link(shop["toko"])
    from urllib.parse import unquote

    text = unquote(link)
    assert link.startswith("https://wa.me/6281344440001?text=")
    assert "Toko Makmur" in text and "Rp 450.000" in text and sale.number in text and "15 Oct 2026" in text


def test_an_invoice_has_its_own_series_and_stays_the_same(shop):
    first = on_kasbon(shop, 30, DAY1)
    second = on_kasbon(shop, 10, DAY1)
    a = issue_invoice(first.id, till_id="K1")
    assert issue_invoice(first.id, till_id="K1").number == a.number == "INV-K1-000001"
    assert issue_invoice(second.id, till_id="K1").number == "INV-K1-000002"
    assert Invoice.get(Invoice.sale == first.id).due_date == dt.date(2026, 10, 15)
    assert remaining(shop)["INV-K1-000001"] == 450000  # the open list names the invoice
    walk_in = checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"],
                                       (CartLine(shop["ids"]["ROT-01"], Quantity.of(1)),),
                                       (Tender("cash", Money(18000)),)))
    with pytest.raises(InvalidInput, match="walk-in"):
        issue_invoice(walk_in.id, till_id="K1")
    assert Invoice.select().count() == 2
