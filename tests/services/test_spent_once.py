"""Two tills in two processes at the same moment, on SQLite and PostgreSQL: what a customer holds is spent once,
and one cart id is one sale."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from peewee import fn

from pos.domain.pricing import CartLine
from pos.models import Promotion, Sale, SaleLine, StampEntry
from pos.money import Money, Quantity
from pos.services.customers import NewCustomer, add_customer
from tests.factories import owner_pin
from tests.services.tills import AT

ROUNDS = 20


@pytest.fixture
def shop(make_shop):
    return make_shop(200000)


def test_two_tills_never_redeem_one_full_stamp_card_twice(shop, empty_url, tills):
    card = Promotion.get(Promotion.kind == "stamp_card")
    doubles, outcomes = 0, set()
    for round_ in range(ROUNDS):
        ani = add_customer(NewCustomer(f"Ani {round_}", f"0813-7777-{round_:04d}"))
        StampEntry.create(customer=ani.id, earned=10, created_at=AT - dt.timedelta(days=1))  # a full card
        result = tills.race(empty_url, "redeem_stamp_card", ani.id, shop["shift"], shop["cashier"],
                            shop["ids"]["ROT-05"], card.id)
        assert not [r for r in result if r.startswith("error")], result
        outcomes.add(tuple(r.split(" ")[0] for r in result))
        used = StampEntry.select(fn.SUM(StampEntry.used)).where(StampEntry.customer == ani.id).scalar()
        left = StampEntry.select(fn.SUM(StampEntry.earned - StampEntry.used)).where(
            StampEntry.customer == ani.id).scalar()
        rewards = (SaleLine.select().join(Sale).where((Sale.customer == ani.id) & SaleLine.is_bonus).count())
        doubles += used > 10 or rewards > 1
        assert left >= 0 and used == 10 and rewards == 1, (round_, result, used, left, rewards)
        loser = next((r for r in result if r.startswith("refused")), result)
        assert "just used at another till" in loser and "Nothing was stored" in loser, loser
    assert doubles == 0
    assert outcomes == {("refused:", "sold")}


def test_one_cart_id_with_other_contents_at_another_till_is_refused(shop, empty_url, tills):
    for round_ in range(5):
        cart_id = uuid.uuid4().hex
        # each till completes the same cart id, one with 1 Bolu Pandan and the other with 2 of them
        result = tills.race(empty_url, "complete_cart_differing", cart_id, shop["shift"], shop["cashier"],
                            shop["ids"]["KUE-01"])
        assert [r.split(" ")[0] for r in result] == ["refused:", "sold"], result
        assert "other items" in result[0], result
        sale = Sale.get(Sale.cart_id == cart_id)
        [line] = sale.lines
        assert result[1] == "sold " + sale.number
        assert sale.total == Money(55000 * line.quantity.thousandths // 1000)
    assert Sale.select().count() == 5


def test_one_cart_completed_at_two_tills_at_once_is_one_sale(shop, empty_url, tills):
    for _ in range(5):
        cart_id = uuid.uuid4().hex
        result = tills.race(empty_url, "complete_cart", cart_id, shop["shift"], shop["cashier"],
                            shop["ids"]["KUE-01"], 1, 55000)
        [sale] = Sale.select().where(Sale.cart_id == cart_id)
        assert sorted(r.split(" ")[0] for r in result) == ["recorded", "sold"], result
        assert {r.split(" ")[1] for r in result} == {sale.number}
    assert Sale.select().count() == 5


def test_a_pre_order_picked_up_at_one_till_and_cancelled_at_another_spends_its_down_payment_once(
        shop, empty_url, tills):
    from pos.services import preorders
    from pos.services.sales import deposit_held

    outcomes = set()
    for round_ in range(5):
        sari = add_customer(NewCustomer(f"Bu Sari {round_}", f"0813-5555-{round_:04d}"))
        order = preorders.take_preorder(sari.id, [CartLine(shop["ids"]["KUE-06"], Quantity.of(1))],
                                        dt.datetime(2026, 11, 28, 10, 0), down_payment=Money(100000),
                                        method="transfer", till_id="K1", shift_id=shop["shift"],
                                        staff_id=shop["cashier"], now=AT - dt.timedelta(days=2))
        result = tills.race(empty_url, "pick_up_or_cancel", order.id, shop["shift"], shop["cashier"])
        assert not [r for r in result if r.startswith("error")], result
        outcomes.add(tuple(r.split(" ")[0] for r in result))
        status = preorders.get_preorder(order.id).status
        sales = Sale.select().where(Sale.customer == sari.id).count()
        assert deposit_held(sari.id) == Money(0), (result, status, deposit_held(sari.id))
        assert (status, sales) in (("picked_up", 1), ("cancelled", 0)), (result, status, sales)
        assert len([r for r in result if r.startswith("refused")]) == 1, result
    assert outcomes <= {("refused:", "sold"), ("cancelled", "refused:")}


def test_two_kasbon_payments_at_once_settle_what_is_owed_once_and_keep_the_rest_as_deposit(shop, empty_url, tills):
    from pos.domain.till import Tender
    from pos.services.sales import CheckoutRequest, checkout, deposit_held, kasbon_owed

    tini = add_customer(NewCustomer("Warung Tini", "0813-8888-0106", credit_limit=Money(100000)), owner_pin=owner_pin())
    checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"],
                             (CartLine(shop["ids"]["KUE-01"], Quantity.of(1)),), (Tender("kasbon", Money(55000)),),
                             tini.id, at=AT))
    result = tills.race(empty_url, "pay_kasbon", tini.id, 40000, shop["shift"], shop["cashier"])
    assert result == ["sold deposit=0", "sold deposit=25000"], result
    assert (kasbon_owed(tini.id), deposit_held(tini.id)) == (Money(0), Money(25000))


@pytest.mark.parametrize("method, room, refusal", [("deposit", 100000, "on deposit, less than"),
                                                    ("kasbon", 100000, "may owe at most")])
def test_two_tills_never_spend_one_deposit_or_credit_limit_twice(shop, empty_url, tills, method, room, refusal):
    from pos.services.accounts import top_up_deposit
    from pos.services.sales import deposit_held, kasbon_owed

    tini = add_customer(NewCustomer("Warung Tini", "0813-8888-0107", credit_limit=Money(room)), owner_pin=owner_pin())
    if method == "deposit":
        top_up_deposit(tini.id, Money(room), "transfer", shift_id=shop["shift"], staff_id=shop["cashier"])
    for _ in range(3):
        before = (deposit_held(tini.id), kasbon_owed(tini.id))
        result = tills.race(empty_url, "spend", tini.id, shop["shift"], shop["cashier"], shop["ids"]["KUE-01"],
                            55000, method)
        assert [r.split(" ")[0] for r in result] == ["refused:", "sold"] and refusal in result[0], result
        assert (deposit_held(tini.id), kasbon_owed(tini.id)) != before
        assert Money(0) <= deposit_held(tini.id) and kasbon_owed(tini.id) <= Money(room)
        if method == "deposit":
            top_up_deposit(tini.id, Money(55000), "transfer", shift_id=shop["shift"], staff_id=shop["cashier"])
        else:
            from pos.services.kasbon import record_payment
            record_payment(tini.id, Money(55000), "transfer", shift_id=shop["shift"], staff_id=shop["cashier"])


def test_a_pre_order_whose_stamp_reward_was_spent_at_the_till_meanwhile_is_refused_at_pickup(shop):
    from pos.domain.pricing import Selections
    from pos.domain.till import Tender
    from pos.services import preorders
    from pos.services.errors import InvalidInput
    from pos.services.sales import CheckoutRequest, checkout

    card = Promotion.get(Promotion.kind == "stamp_card")
    ani = add_customer(NewCustomer("Ani", "0813-7777-0999"))
    StampEntry.create(customer=ani.id, earned=10, created_at=AT - dt.timedelta(days=3))
    taken = Selections(accepted_offers=frozenset({card.id}))
    order = preorders.take_preorder(ani.id, [CartLine(shop["ids"]["KOP-05"], Quantity.of(1))],
                                    dt.datetime(2026, 11, 28, 10, 0), till_id="K1", shift_id=shop["shift"],
                                    staff_id=shop["cashier"], now=AT - dt.timedelta(days=2), selections=taken)
    lines = (CartLine(shop["ids"]["ROT-05"], Quantity.of(1)),)
    checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines,
                             (Tender("cash", Money(6000)),), ani.id, taken, AT - dt.timedelta(days=1)))
    with pytest.raises(InvalidInput, match="holds 0 stamps now, fewer than the 10"):
        preorders.pick_up(order.id, "cash", till_id="K1", shift_id=shop["shift"], staff_id=shop["cashier"], at=AT)
    assert preorders.get_preorder(order.id).status == "ordered" and Sale.select().count() == 1
    assert sum(e.earned - e.used for e in StampEntry.select().where(StampEntry.customer == ani.id)) == 0


def test_a_pre_orders_stamp_reward_is_spent_from_the_card_at_pickup(shop):
    from pos.domain.pricing import Selections
    from pos.services import preorders

    card = Promotion.get(Promotion.kind == "stamp_card")
    ani = add_customer(NewCustomer("Ani", "0813-7777-0998"))
    StampEntry.create(customer=ani.id, earned=10, created_at=AT - dt.timedelta(days=3))
    order = preorders.take_preorder(ani.id, [CartLine(shop["ids"]["KOP-05"], Quantity.of(1))],
                                    dt.datetime(2026, 11, 28, 10, 0), till_id="K1", shift_id=shop["shift"],
                                    staff_id=shop["cashier"], now=AT - dt.timedelta(days=2),
                                    selections=Selections(accepted_offers=frozenset({card.id})))
    sale = preorders.pick_up(order.id, "cash", till_id="K1", shift_id=shop["shift"], staff_id=shop["cashier"], at=AT)
    assert SaleLine.select().where((SaleLine.sale == sale.id) & SaleLine.is_bonus).count() == 1
    assert StampEntry.get(StampEntry.sale == sale.id).used == 10


def test_two_tills_selling_to_one_regular_at_once_keep_both_visits_in_their_summary(shop, empty_url, tills):
    """The visit summary is read with the sale's first statement (#21: a regular's checkout in 6 round trips); the
    till that waited for the other's sale reads the summary as that sale left it, so no visit or spend is lost."""
    from pos.models import Customer, VisitSummary, VisitSummaryState
    from pos.services import visits

    assert VisitSummaryState.select().count() == 1  # the summary is kept in this shop
    customer = Customer.select().order_by(Customer.id).first().id
    kept = VisitSummary.get_or_none(VisitSummary.customer == customer)
    before = kept.spend if kept else 0
    for _ in range(3):
        result = tills.race(empty_url, "spend", customer, shop["shift"], shop["cashier"], shop["ids"]["KUE-01"],
                            55000, "cash")
        assert all(r.startswith("sold") for r in result), result
    assert VisitSummary.get(VisitSummary.customer == customer).spend == before + 6 * 55000
    assert visits.check() == 0
