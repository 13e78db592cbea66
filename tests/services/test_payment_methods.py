"""Payment methods are registered records: a method declared only here (a voucher that takes the money now,
gives no change and touches no ledger) is taken at checkout, refunded the way it was paid, and shows in the
day's recap and its papers, with no other module changed. On SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import pytest

from pos.domain import payment_methods
from pos.domain.payment_methods import PaymentMethod
from pos.domain.pricing import CartLine
from pos.domain.till import Tender, TillError, settle
from pos.models import CashEntry, DepositEntry, KasbonEntry, Payment
from pos.models.staff import CASHIER
from pos.money import Money, Quantity
from pos.printing.render_text import to_text
from pos.services import clock, recap, till
from pos.services.errors import InvalidInput
from pos.services.pricing import price
from pos.services.receipts import receipt_data
from pos.services.refunds import refund, refundable_lines
from pos.services.sales import CheckoutRequest, checkout
from pos.services.staff import _add_staff
from tests.factories import make_product, owner_pin

VOUCHER = PaymentMethod("voucher", "Gift voucher")


@pytest.fixture
def voucher():
    payment_methods.register(VOUCHER)
    yield VOUCHER
    payment_methods.unregister(VOUCHER.code)


@pytest.fixture
def shop(database):
    pin = owner_pin()
    cashier = _add_staff("Kasir Uji", CASHIER, "1111").id
    shift = till.open_shift("K1", cashier, Money(100000)).id
    bun = make_product(price=15000).id
    return {"cashier": cashier, "shift": shift, "bun": bun, "pin": pin}


def sell(shop, tenders_of, quantity=2, customer=None):
    lines = (CartLine(shop["bun"], Quantity.of(quantity)),)
    priced = price(list(lines), customer)
    return checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines,
                                    tuple(tenders_of(priced)), customer))


def test_the_built_in_methods_keep_their_order_and_their_rules():
    assert payment_methods.codes()[:6] == ("cash", "qris", "transfer", "card", "kasbon", "deposit")
    assert [m.code for m in payment_methods.methods() if m.ledger] == ["kasbon", "deposit"]
    assert payment_methods.money_now_codes()[:4] == ("cash", "qris", "transfer", "card")
    assert [m.code for m in payment_methods.methods() if m.gives_change] == ["cash"]
    with pytest.raises(ValueError):
        payment_methods.register(PaymentMethod("points", "Points", ledger="points", money_now=False,
                                               needs_customer=True))
    with pytest.raises(ValueError):  # a ledger method that "takes money now" would count twice
        payment_methods.register(PaymentMethod("tab", "Tab", ledger="kasbon"))
    assert "points" not in payment_methods.codes() and "tab" not in payment_methods.codes()


def test_an_unregistered_method_is_refused_and_a_registered_one_follows_its_record(voucher):
    with pytest.raises(TillError) as no_change:
        settle(Money(30000), Money(30000), [Tender("voucher", Money(30000), tendered=Money(50000))])
    assert no_change.value.code == "change_only_cash"
    assert settle(Money(30000), Money(30000), [Tender("voucher", Money(30000))]).cash_in == Money(0)
    payment_methods.unregister("voucher")
    with pytest.raises(TillError) as unknown:
        settle(Money(30000), Money(30000), [Tender("voucher", Money(30000))])
    assert unknown.value.code == "bad_method"


def test_a_method_registered_in_the_test_sells_and_shows_in_the_recap(shop, voucher):
    split = sell(shop, lambda p: [Tender("voucher", Money(10000)),
                                  Tender("cash", p.total - Money(10000), tendered=Money(50000))])
    whole = sell(shop, lambda p: [Tender("voucher", p.total)], quantity=1)
    stored = {(p.sale_id, p.method): p.amount for p in Payment.select()}
    assert stored == {(split.id, "voucher"): Money(10000), (split.id, "cash"): Money(20000),
                      (whole.id, "voucher"): Money(15000)}
    # only the cash part goes into the drawer; no kasbon, no deposit
    assert [e.amount for e in CashEntry.select().where(CashEntry.kind == "sale")] == [Money(20000)]
    assert KasbonEntry.select().count() == 0 and DepositEntry.select().count() == 0
    assert split.change == Money(30000)

    r = recap.day_recap(clock.today())
    assert dict(r.by_method) == {"voucher": Money(25000), "cash": Money(20000)}
    paper = to_text(recap.recap_outputs(r)["document"], 32)
    assert "Gift voucher" in paper and "Rp 25.000" in paper
    assert "Gift voucher" in recap.recap_outputs(r)["text"]
    receipt = receipt_data(whole.id)
    assert [(m, a) for m, a in receipt.payments] == [("Gift voucher", Money(15000))]


def test_a_voucher_sale_is_refunded_the_way_it_was_paid(shop, voucher):
    sale = sell(shop, lambda p: [Tender("voucher", p.total)], quantity=1)
    line = refundable_lines(sale.number)[0]
    back = refund(sale.number, {line.line_id: Quantity.of(1)}, back_to="original", owner_pin=shop["pin"],
                  staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1")
    assert [(p.method, p.amount) for p in Payment.select().where(Payment.sale == back.id)] == \
        [("voucher", Money(-15000))]
    assert CashEntry.select().where(CashEntry.kind == "refund").count() == 0


def test_a_method_that_needs_no_customer_is_not_a_ledger_and_a_kasbon_sale_still_needs_one(shop, voucher):
    with pytest.raises(InvalidInput):
        sell(shop, lambda p: [Tender("kasbon", p.total)])
    assert Payment.select().count() == 0
