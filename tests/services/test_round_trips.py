"""On PostgreSQL over Wi-Fi every statement is a round trip of 5-30 ms: a checkout sends at most 6 (BEGIN and COMMIT
counted), a keystroke in the customer box one, and scanning and repricing none while nobody changes a price.
Counted by hooking the execute of the connection's cursors: everything the program sends passes there."""

from __future__ import annotations

import datetime as dt
import uuid

import psycopg
import pytest

from pos.domain.pricing import CartLine, Selections
from pos.domain.till import Tender
from pos.models import Customer, Sale, db
from pos.money import Money, Quantity
from pos.services import changes
from pos.services.catalog import find_product
from pos.services.customers import search_customers
from pos.services.pricing import price
from pos.services.sales import CheckoutRequest, checkout

AT = dt.datetime(2026, 11, 27, 3, 0)  # 10:00 in Jakarta
pytestmark = pytest.mark.parametrize("empty_url", ["postgresql"], indirect=True)


class Sent:
    """The statements sent to the server, as the server receives them (an executemany sends one per row)."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __enter__(self) -> "Sent":
        sent = self.statements

        class Counting(psycopg.Cursor):
            def execute(self, query, params=None, **kwargs):
                sent.append(str(query))
                return super().execute(query, params, **kwargs)

            def executemany(self, query, params_seq, **kwargs):
                rows = list(params_seq)
                sent.extend([str(query)] * len(rows))
                return super().executemany(query, rows, **kwargs)

        self.connection = db.obj.connection()
        self.before = self.connection.cursor_factory
        self.connection.cursor_factory = Counting
        return self

    def __exit__(self, *exc) -> None:
        self.connection.cursor_factory = self.before

    def __len__(self) -> int:
        return len(self.statements)


@pytest.fixture
def shop(make_shop):
    return make_shop(200000)


def lines_of(shop, *pairs):
    return tuple(CartLine(shop["ids"][code], Quantity.of(qty)) for code, qty in pairs)


def test_a_walk_in_cash_sale_is_one_transaction_of_at_most_six_round_trips(shop):
    lines = lines_of(shop, ("KUE-01", 1), ("ROT-05", 2), ("ROT-01", 3))
    shown = price(list(lines), None, at=AT)  # the till priced the cart as it was scanned
    with Sent() as sent:
        result = checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines,
                                          (Tender("cash", shown.cash_total, Money(200000)),), at=AT))
    assert sent.statements[0] == "BEGIN" and sent.statements[-1] == "COMMIT"
    assert len(sent) <= 4, sent.statements  # BEGIN, the number taken with the checks, the sale, COMMIT
    sale = Sale.get_by_id(result.id)
    assert (sale.number, len(sale.lines), [p.amount for p in sale.payments]) == (
        "K1-000001", 3, [shown.cash_total])


def test_a_sale_with_a_promotions_reasons_stays_within_six(shop):
    lines = lines_of(shop, ("CML-01", 10))  # buy 10 get 1: the bonus line stored with its reason
    shown = price(list(lines), None, at=AT)
    assert any(line.reasons for line in shown.lines)
    with Sent() as sent:
        checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines,
                                 (Tender("qris", shown.total),), None, Selections(), AT))
    assert len(sent) <= 5, sent.statements  # the reasons in one more statement


@pytest.fixture
def till_screen(monkeypatch):
    """What the till's screen does: a version read of the last seconds stands (the seconds held still here)."""
    moment = [1000.0]
    monkeypatch.setattr(changes, "_monotonic", lambda: moment[0])
    changes.read_recently()
    return moment


def test_a_keystroke_in_the_customer_box_is_one_round_trip(shop, till_screen):
    search_customers("Bu")  # the till's screen is open: the shop's settings (phone region) are loaded
    for typed in ("Sit", "0812", "Siti R"):
        with Sent() as sent:
            found = search_customers(typed)
        assert len(sent) == 1, (typed, sent.statements)
        assert found, typed
    someone = Customer.select().where(Customer.phone.is_null(False)).order_by(Customer.id.desc()).first()
    for typed in (someone.member_code.lower(), "0" + someone.phone[3:]):  # a card scanned, a number typed whole
        with Sent() as sent:
            found = search_customers(typed)
        assert len(sent) == 1 and found[0].id == someone.id, typed


def test_scanning_and_repricing_send_nothing_while_the_version_read_is_recent(shop, till_screen):
    codes = ["ROT-01", "KUE-01", "ROT-05"]
    find_product(codes[0]), price(list(lines_of(shop, (codes[0], 1))), None, at=AT)  # the first scan loads
    cart: list[tuple[str, int]] = []
    with Sent() as sent:
        for code in codes * 2:
            product = find_product(code)
            cart.append((code, 1))
            priced = price(list(lines_of(shop, *cart)), None, at=AT)
            assert product is not None and priced.lines
    assert sent.statements == []
    regular = Customer.select().where(Customer.name.is_null(False)).order_by(Customer.id).first().id
    price(list(lines_of(shop, *cart)), regular, at=AT)  # the customer picked: their facts read once
    with Sent() as sent:
        for code in codes:
            find_product(code)
            cart.append((code, 1))
            assert price(list(lines_of(shop, *cart)), regular, at=AT).lines
    assert sent.statements == []
    till_screen[0] += changes.FRESH_SECONDS + 1  # later: the version is read again, once
    with Sent() as sent:
        price(list(lines_of(shop, *cart)), None, at=AT)
    assert len(sent) == 1


def test_a_regulars_sale_reads_their_facts_in_one_statement(shop):
    """Their tier, segments, special prices, stamps and promotion uses in one read; the visit summary and the regular
    rule read with the sale's first statement, the summary written in one more: 6 in all, the issue's bound."""
    regular = Customer.select().order_by(Customer.id).first().id
    lines = lines_of(shop, ("KUE-01", 1), ("ROT-05", 2))
    shown = price(list(lines), regular, at=AT)
    with Sent() as sent:
        checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines,
                                 (Tender("qris", shown.total),), regular, Selections(), AT))
    assert len([s for s in sent.statements if "customer_segment" in s]) == 1
    assert len(sent) <= 6, sent.statements
    assert len([s for s in sent.statements if "visit_summary" in s]) == 2, sent.statements  # read with the number
