"""Completing sales through the checkout service, on SQLite and PostgreSQL: the stored rows are what count."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from tests.factories import owner_pin
from pos.domain.pricing import CartLine, Selections
from pos.domain.till import Tender
from pos.models import (AuditEntry, CashEntry, Customer, DepositEntry, KasbonEntry, Payment, Promotion, Sale,
                        SaleLine, SaleLineReason, Shift, StampEntry, TillCounter)
from pos.money import Money, Quantity
from pos.services import db
from pos.services.accounts import top_up_deposit
from pos.services.customers import NewCustomer, add_customer
from pos.services.errors import InvalidInput, NotAllowed
from pos.services.sales import CheckoutRequest, checkout, deposit_held, kasbon_owed
from pos.services.shop import _update_shop_settings
from pos.services.till import close_shift, current_shift, move_cash, open_drawer, open_shift

AT = dt.datetime(2026, 11, 27, 3, 0)  # 10:00 in Jakarta


@pytest.fixture
def shop(make_shop):
    return make_shop(200000)


def cart(shop, *pairs):
    return tuple(CartLine(shop["ids"][code], Quantity.of(qty)) for code, qty in pairs)


def sell(shop, lines, tenders, customer_id=None, cart_id=None, selections=Selections(), at=AT):
    return checkout(CheckoutRequest(cart_id or uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines,
                                    tuple(tenders), customer_id, selections, at))


def cash(amount, tendered=None):
    return Tender("cash", Money(amount), Money(tendered) if tendered is not None else None)


def test_a_walk_in_pays_cash_and_gets_change(shop):
    result = sell(shop, cart(shop, ("KUE-01", 1), ("ROT-05", 2)), [cash(67000, 100000)])
    assert (result.number, result.total, result.change) == ("K1-000001", Money(67000), Money(33000))
    sale = Sale.get_by_id(result.id)
    assert [(line.description, str(line.quantity), line.amount.minor) for line in sale.lines] == [
        ("Bolu Pandan", "1", 55000), ("Roti Pisang Cokelat", "2", 12000)]
    [payment] = sale.payments
    assert (payment.method, payment.amount, payment.tendered, payment.change) == (
        "cash", Money(67000), Money(100000), Money(33000))
    assert [(e.kind, e.amount.minor) for e in CashEntry.select()] == [("sale", 67000)]
    assert current_shift("K1").summary.expected == Money(267000)


def test_completing_the_same_cart_twice_stores_one_sale(shop):
    lines, cart_id = cart(shop, ("KUE-01", 1)), uuid.uuid4().hex
    first = sell(shop, lines, [cash(55000)], cart_id=cart_id)
    again = sell(shop, lines, [cash(55000)], cart_id=cart_id)  # a double click
    assert again.id == first.id and again.already_recorded and not first.already_recorded
    assert Sale.select().count() == 1 and CashEntry.select().count() == 1


def test_after_a_crash_the_same_cart_is_not_stored_again(shop, empty_url):
    lines, cart_id = cart(shop, ("ROT-05", 3)), uuid.uuid4().hex
    sell(shop, lines, [cash(18000)], cart_id=cart_id)
    db.close_database()  # the till dies after the commit, before the screen said "completed"
    db.open_database(empty_url)
    retried = sell(shop, lines, [cash(18000)], cart_id=cart_id)
    assert retried.already_recorded and Sale.select().count() == 1


def test_a_regulars_price_and_a_resellers_break_and_bonus_are_stored_with_their_reasons(shop):
    sari = add_customer(NewCustomer("Bu Sari", "0813-7777-0001", tier="regular"), owner_pin=owner_pin())
    regular = sell(shop, cart(shop, ("KUE-01", 1)), [cash(51000)], sari.id)
    [line] = Sale.get_by_id(regular.id).lines
    assert (line.unit_price, line.price_source, line.retail_price) == (Money(51000), "tier", Money(55000))
    assert [(r.code, r.params) for r in line.reasons] == [("tier_price", {"min_qty": "1", "tier": "regular"})]

    tini = add_customer(NewCustomer("Warung Tini", "0813-7777-0002", tier="reseller"), owner_pin=owner_pin())
    reseller = sell(shop, cart(shop, ("CML-01", 10)), [cash(155000)], tini.id)
    lines = list(Sale.get_by_id(reseller.id).lines.order_by(SaleLine.position))
    assert (lines[0].unit_price, lines[0].amount) == (Money(15500), Money(155000))
    bonus = [line for line in lines if line.is_bonus]
    assert [(b.description, b.amount.minor, b.promotion.kind) for b in bonus] == [
        ("Keripik Pisang Manis 250 g", 0, "buy_x_get_y")]
    assert SaleLineReason.select().where(SaleLineReason.promotion.is_null(False)).count() == 1


def test_a_tester_choice_and_a_tenth_stamp_reward(shop):
    ani = add_customer(NewCustomer("Ani", "0813-7777-0003"))
    StampEntry.create(customer=ani.id, earned=10)
    stamp_card = Promotion.get(Promotion.kind == "stamp_card")
    result = sell(shop, cart(shop, ("KOP-05", 2)), [cash(30000)], ani.id,
                  selections=Selections(accepted_offers=frozenset({stamp_card.id})))
    sale = Sale.get_by_id(result.id)
    assert [line.description for line in sale.lines if line.is_bonus] == ["Es Kopi Susu Gula Aren"]
    [stamps] = StampEntry.select().where(StampEntry.sale == sale.id)
    assert (stamps.earned, stamps.used) == (2, 10)


def test_split_cash_and_qris(shop):
    _update_shop_settings({"cash_rounding": 500})
    result = sell(shop, cart(shop, ("KUE-01", 1), ("ROT-05", 2)),
                  [Tender("qris", Money(40000), reference="QR-123"), cash(27000, 30000)])
    sale = Sale.get_by_id(result.id)
    assert (sale.total, sale.rounding, result.change) == (Money(67000), Money(0), Money(3000))  # exact total
    assert sorted((p.method, p.amount.minor, p.reference) for p in sale.payments) == [
        ("cash", 27000, ""), ("qris", 40000, "QR-123")]
    assert [e.amount.minor for e in CashEntry.select()] == [27000]


def test_cash_rounding_when_all_is_paid_in_cash(shop):
    _update_shop_settings({"cash_rounding": 500})
    result = sell(shop, cart(shop, ("KOP-04", "0,1")), [cash(16000)])  # 0,1 kg × 160.000 = 16.000
    assert result.rounding == Money(0)
    with pytest.raises(InvalidInput, match="add up to"):
        sell(shop, cart(shop, ("KOP-04", "0,103")), [cash(16480)])  # 16.480 is due as Rp 16.500 in cash
    paid = sell(shop, cart(shop, ("KOP-04", "0,103")), [cash(16500)])
    assert (paid.total, paid.rounding) == (Money(16500), Money(20))


def test_kasbon_is_refused_over_the_limit_and_accepted_within(shop):
    tini = add_customer(NewCustomer("Warung Tini", "0813-7777-0004", tier="reseller", credit_limit=Money(100000)),
                        owner_pin=owner_pin())
    with pytest.raises(NotAllowed, match="may owe at most Rp 100.000"):
        sell(shop, cart(shop, ("CML-01", 10)), [Tender("kasbon", Money(155000))], tini.id)
    assert Sale.select().count() == 0 and KasbonEntry.select().count() == 0
    sell(shop, cart(shop, ("CML-01", 5)), [Tender("kasbon", Money(90000))], tini.id)  # 5 × retail 18.000
    assert kasbon_owed(tini.id) == Money(90000)
    assert CashEntry.select().count() == 0  # no cash moved
    walk_in = pytest.raises(InvalidInput, match="need a customer")
    with walk_in:
        sell(shop, cart(shop, ("ROT-05", 1)), [Tender("kasbon", Money(6000))])


def test_a_deposit_is_spent_and_never_below_zero(shop):
    budi = add_customer(NewCustomer("Budi", "0813-7777-0005"))
    assert top_up_deposit(budi.id, Money(100000), "cash", shift_id=shop["shift"], staff_id=shop["cashier"]) == \
        Money(100000)
    sell(shop, cart(shop, ("KUE-01", 1)), [Tender("deposit", Money(55000))], budi.id)
    assert deposit_held(budi.id) == Money(45000)
    with pytest.raises(InvalidInput, match="on deposit"):
        sell(shop, cart(shop, ("KUE-01", 1)), [Tender("deposit", Money(55000))], budi.id)
    assert [e.amount.minor for e in DepositEntry.select().order_by(DepositEntry.id)] == [100000, -55000]
    assert [(e.kind, e.amount.minor) for e in CashEntry.select()] == [("deposit", 100000)]


@pytest.mark.parametrize("tenders,message", [
    ([cash(55000, 50000)], "less than"),
    ([cash(50000)], "add up to"),
    ([], "how the customer pays"),
    ([Tender("gopay", Money(55000))], "Unknown payment method"),
])
def test_bad_payments_store_nothing(shop, tenders, message):
    with pytest.raises(InvalidInput, match=message):
        sell(shop, cart(shop, ("KUE-01", 1)), tenders)
    assert Sale.select().count() == 0 and Payment.select().count() == 0 and CashEntry.select().count() == 0


def test_a_customer_becomes_a_regular_through_checkout(shop):
    rina = add_customer(NewCustomer("Rina", "0813-7777-0006"))
    for day in range(4):
        sell(shop, cart(shop, ("ROT-05", 1)), [cash(6000)], rina.id, at=AT - dt.timedelta(days=3 - day))
    assert Customer.get_by_id(rina.id).tier.code == "regular"
    assert AuditEntry.select().where(AuditEntry.action == "customer.tier_promoted").count() == 1


def test_a_shift_from_open_to_close_with_a_count(shop):
    with pytest.raises(NotAllowed, match="open shift already"):
        open_shift("K1", shop["cashier"], Money(0))
    sell(shop, cart(shop, ("KUE-01", 1)), [cash(55000, 100000)])
    move_cash(shop["shift"], Money(-30000), "beli telur", staff_id=shop["cashier"])
    with pytest.raises(InvalidInput):
        move_cash(shop["shift"], Money(-5000), "  ", staff_id=shop["cashier"])
    # expected: 200.000 float + 55.000 − 30.000 = 225.000; counted 224.500
    closed = close_shift(shop["shift"], {100000: 2, 20000: 1, 2000: 2, 500: 1}, staff_id=shop["cashier"])
    assert (closed.status, closed.summary.expected, closed.summary.counted, closed.summary.difference) == (
        "closed", Money(225000), Money(224500), Money(-500))
    row = Shift.get_by_id(shop["shift"])
    assert row.cash_count == {"100000": 2, "20000": 1, "2000": 2, "500": 1}
    audit = AuditEntry.get(AuditEntry.action == "shift.closed")
    assert audit.details["difference"] == -500
    with pytest.raises(NotAllowed, match="Open a shift"):
        sell(shop, cart(shop, ("KUE-01", 1)), [cash(55000)])


def test_a_sale_refused_after_the_tills_first_keeps_its_number_for_the_next(shop):
    # after its first sale a till's counter is moved and read back with the checks (SQLite: two statements)
    assert sell(shop, cart(shop, ("KUE-01", 1)), [cash(55000)]).number == "K1-000001"
    close_shift(shop["shift"], {100000: 2, 20000: 1, 2000: 2, 500: 1}, staff_id=shop["cashier"])
    with pytest.raises(NotAllowed, match="Open a shift"):
        sell(shop, cart(shop, ("KUE-01", 1)), [cash(55000)])
    assert TillCounter.get((TillCounter.till_id == "K1") & (TillCounter.series == "receipt")).last_value == 1
    shift = open_shift("K1", shop["cashier"], Money(0)).id
    again = checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shift, shop["cashier"], cart(shop, ("KUE-01", 1)),
                                     (cash(55000),), at=AT))
    assert (again.number, Sale.select().count()) == ("K1-000002", 2)


def test_a_till_cannot_sell_into_another_tills_open_shift(shop):
    before = Sale.select().count()
    request = CheckoutRequest(uuid.uuid4().hex, "K2", shop["shift"], shop["cashier"], cart(shop, ("KUE-01", 1)),
                              (cash(55000),), at=AT)
    with pytest.raises(NotAllowed, match="Open a shift"):
        checkout(request)
    assert Sale.select().count() == before
    assert not TillCounter.select().where((TillCounter.till_id == "K2") & (TillCounter.last_value > 0)).exists()


def test_opening_the_drawer_needs_the_owners_pin(shop):
    with pytest.raises(NotAllowed, match="owner's PIN"):
        open_drawer(shop["shift"], owner_pin="1111", staff_id=shop["cashier"])  # the cashier's own PIN
    open_drawer(shop["shift"], owner_pin="1234", staff_id=shop["cashier"])
    assert AuditEntry.get(AuditEntry.action == "drawer.opened").details == {"approved_by": "Bu Ani"}


def test_a_manual_price_needs_the_owners_pin_and_is_audited(shop):
    lines = (CartLine(shop["ids"]["KUE-01"], Quantity.of(1), Money(45000)),)
    request = dict(lines=lines, tenders=(cash(45000),))
    with pytest.raises(NotAllowed, match="owner's PIN"):
        checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], owner_pin="1111", **request))
    assert Sale.select().count() == 0
    result = checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], owner_pin="1234",
                                      **request))
    line = SaleLine.get(SaleLine.sale == result.id)
    assert (line.unit_price, line.price_source) == (Money(45000), "override")
    audit = AuditEntry.get(AuditEntry.action == "sale.price_override")
    assert audit.details["approved_by"] == "Bu Ani" and audit.details["lines"][0]["price"] == 45000


def test_wrong_pins_for_a_manual_price_count_towards_the_owners_lock_out(shop):
    """The PIN is checked before the sale's transaction: a refused sale does not roll its wrong PIN's count back."""
    from pos.services.pin_guard import LOCK_AFTER, LockedOut

    request = dict(lines=(CartLine(shop["ids"]["KUE-01"], Quantity.of(1), Money(1000)),), tenders=(cash(1000),))
    for n in range(LOCK_AFTER - 1):
        with pytest.raises(NotAllowed):
            checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], owner_pin=f"{9000 + n}",
                                     **request))
    with pytest.raises(LockedOut):  # the fifth wrong PIN locks owner approvals, as at any owner's prompt
        checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], owner_pin="9999", **request))
    with pytest.raises(LockedOut):  # and the owner's right PIN waits too, for a while
        checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], owner_pin="1234", **request))
    assert Sale.select().count() == 0
