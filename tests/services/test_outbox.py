"""The outbox's rules, on a small shop on each engine, with the outage as the state the till noticed
(``connectivity.went_offline``): numbering after the till's last number, what waits for the server, the agreed
prices kept when forwarded, exactly once (also after a lost answer), and new customers joined by number.
The outage of a real server is test_outage.py's."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing

import pytest

from pos.domain.cart import Cart
from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.models import CashEntry, Customer, Product, Promotion, Sale, SaleLine, StampEntry
from pos.models.staff import CASHIER
from pos.money import Money, Quantity
from pos.services import connectivity, forwarding, outbox, till_sale
from pos.services.errors import DatabaseUnavailable, NotAllowed
from pos.services.offline_sale import NewCustomerOffline
from pos.services.print_queue import PrinterConfig
from pos.services.promotions import PromotionInput, save_promotion
from pos.services.staff import _add_staff
from pos.services.till import open_shift
from tests.factories import make_category, make_customer, make_product, owner_pin


@pytest.fixture
def shop(database, monkeypatch):
    monkeypatch.setattr(connectivity, "can_go_offline", lambda: True)  # a till of a server, on either engine
    coffee = make_category("Kopi")
    latte = make_product(price=18000, category_id=coffee, code="KOP-01").id
    bread = make_product(price=7500).id
    save_promotion(PromotionInput("Kartu stempel", "stamp_card", {"categories": ["Kopi"]},
                                  {"stamps_per_item": 1, "stamps_needed": 3, "reward_product": "KOP-01"}),
                   time_zone="Asia/Jakarta", owner_pin=owner_pin())
    cashier = _add_staff("Dita", CASHIER, "1111").id
    shift = open_shift("K1", cashier, Money(50000)).id
    yield {"latte": latte, "bread": bread, "cashier": cashier, "shift": shift}
    connectivity.back_online()


def _sell(shop, lines, tenders, customer_id=None, **more):
    cart = Cart(id=uuid.uuid4().hex, customer_id=customer_id,
                lines=tuple(CartLine(pid, Quantity.of(n)) for pid, n in lines))
    return till_sale.sell(cart, tenders, till_id="K1", shift_id=shop["shift"], cashier_id=shop["cashier"],
                          cashier_name="Dita", **more), cart


def test_kept_offline_then_forwarded_once_at_the_agreed_price_under_the_number_the_customer_got(shop):
    online, _cart = _sell(shop, [(shop["bread"], 2)], (Tender("cash", Money(15000)),))
    assert online.number == "K1-000001" and not online.kept_offline
    connectivity.went_offline("connection refused")
    paper = PrinterConfig("file:///tmp/receipt.bin", "generic58", cash_drawer=True)
    kept, cart = _sell(shop, [(shop["latte"], 1), (shop["bread"], 1)], (Tender("cash", Money(25500), Money(30000)),),
                       printer=paper)
    assert (kept.number, kept.kept_offline, kept.change) == ("K1-000002", True, Money(4500))
    assert "OFFLINE SALE" in kept.receipt_text
    job = kept.printed.job  # sent straight to the printer by the window (the print queue is on the server)
    assert b"OFFLINE SALE" in job.payload and b"K1-000002" in job.payload and job.open_drawer
    with closing(sqlite3.connect(outbox.outbox_path("K1"))) as file:  # the till's own file, in its data folder
        assert file.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert file.execute("SELECT number FROM kept_sale").fetchall() == [("K1-000002",)]
    qris, _cart = _sell(shop, [(shop["bread"], 1)], (Tender("qris", Money(7500)),))
    assert qris.number == "K1-000003" and not Sale.select().where(Sale.number != "K1-000001").exists()
    assert forwarding.status("K1").waiting == 2

    Product.update(retail_price=Money(99000)).execute()  # the server's prices changed meanwhile
    connectivity.back_online()
    assert forwarding.tick("K1").sent == 2
    assert forwarding.tick("K1") == forwarding.OutboxStatus(False, 0, "", 0)  # nothing twice
    sale = Sale.get(Sale.cart_id == cart.id)
    assert (sale.number, sale.total, sale.shift_id) == ("K1-000002", Money(25500), shop["shift"])
    assert [line.amount for line in SaleLine.select().where(SaleLine.sale == sale.id)] == [Money(18000), Money(7500)]
    assert CashEntry.get(CashEntry.sale == sale.id).amount == Money(25500)
    assert [s.number for s in Sale.select().order_by(Sale.number)] == ["K1-000001", "K1-000002", "K1-000003"]
    after, _cart = _sell(shop, [(shop["bread"], 1)], (Tender("card", Money(99000)),))
    assert after.number == "K1-000004" and not after.kept_offline  # the server's counter moved past them


def test_a_sale_whose_answer_was_lost_is_kept_and_stored_once(shop, monkeypatch):
    _sell(shop, [(shop["bread"], 1)], (Tender("cash", Money(7500)),))
    complete = till_sale.complete

    def committed_then_cut(*args, **kwargs):
        complete(*args, **kwargs)  # the commit reached the server …
        raise DatabaseUnavailable("server closed the connection unexpectedly")  # … its answer did not come back

    monkeypatch.setattr(till_sale, "complete", committed_then_cut)
    monkeypatch.setattr(connectivity, "server_gone", lambda error: connectivity.went_offline(str(error)) or True)
    kept, cart = _sell(shop, [(shop["latte"], 2)], (Tender("transfer", Money(36000)),))
    assert kept.kept_offline and kept.number == "K1-000002"
    connectivity.back_online()
    assert forwarding.forward("K1").waiting == 0
    stored = Sale.select().where(Sale.cart_id == cart.id)
    assert [(s.number, s.total) for s in stored] == [("K1-000002", Money(36000))]
    assert Sale.select().count() == 2


def test_what_needs_the_server_waits_and_nothing_is_kept(shop):
    regular = make_customer("Siti Rahayu", "081234567890", credit_limit=Money(100000)).id
    _sell(shop, [(shop["latte"], 3)], (Tender("cash", Money(54000)),), customer_id=regular)  # a full card
    connectivity.went_offline("timeout")
    with pytest.raises(NotAllowed, match="Kasbon and deposit wait for the server"):
        _sell(shop, [(shop["bread"], 1)], (Tender("kasbon", Money(7500)),), customer_id=regular)
    card = Cart(id=uuid.uuid4().hex, customer_id=regular, lines=(CartLine(shop["bread"], Quantity.of(1)),))
    reward = card.accept_offer(Promotion.get(Promotion.kind == "stamp_card").id, True)
    with pytest.raises(NotAllowed, match="stamp card reward waits"):
        till_sale.sell(reward, (Tender("cash", Money(7500)),), till_id="K1", shift_id=shop["shift"],
                       cashier_id=shop["cashier"])
    assert forwarding.status("K1").waiting == 0
    earned, _cart = _sell(shop, [(shop["latte"], 2)], (Tender("cash", Money(36000)),), customer_id=regular)
    connectivity.back_online()
    forwarding.forward("K1")
    assert StampEntry.get(StampEntry.sale == Sale.get(Sale.number == earned.number).id).earned == 2


def test_a_new_customer_taken_offline_joins_the_one_with_that_number(shop):
    known = make_customer("Siti Rahayu", "081234567890").id
    _sell(shop, [(shop["bread"], 1)], (Tender("cash", Money(7500)),))
    connectivity.went_offline("no route to host")
    same, _cart = _sell(shop, [(shop["latte"], 1)], (Tender("cash", Money(18000)),),
                        new_customer=NewCustomerOffline("Bu Siti", "0812-3456-7890"))
    new, _cart = _sell(shop, [(shop["latte"], 1)], (Tender("qris", Money(18000)),),
                       new_customer=NewCustomerOffline("Pak Budi", "085700001111"))
    connectivity.back_online()
    assert forwarding.forward("K1").waiting == 0
    assert Sale.get(Sale.number == same.number).customer_id == known
    budi = Customer.get(Customer.name == "Pak Budi")
    assert Sale.get(Sale.number == new.number).customer_id == budi.id
    assert StampEntry.get(StampEntry.sale == Sale.get(Sale.number == new.number).id).earned == 1


def test_a_till_that_never_sold_through_the_server_cannot_number_offline(shop):
    forwarding.tick("K1")  # its prices are held
    connectivity.went_offline("connection refused")
    with pytest.raises(NotAllowed, match="not sold through the server yet"):
        _sell(shop, [(shop["bread"], 1)], (Tender("cash", Money(7500)),))
    assert outbox.waiting_count("K1") == 0


def test_a_sale_made_past_the_pay_button_is_noted_by_the_background_check(shop):
    from pos.services.sales import CheckoutRequest, checkout

    _sell(shop, [(shop["bread"], 1)], (Tender("cash", Money(7500)),))
    picked_up = checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"],
                                         (CartLine(shop["bread"], Quantity.of(1)),), (Tender("qris", Money(7500)),)))
    assert picked_up.number == "K1-000002"  # a pre-order handed over, say: not through till_sale.sell
    forwarding.tick("K1")
    connectivity.went_offline("connection refused")
    kept, _cart = _sell(shop, [(shop["bread"], 1)], (Tender("cash", Money(7500)),))
    assert kept.number == "K1-000003"


def test_offline_the_till_sells_what_its_price_book_holds_and_the_background_check_holds_it_all(shop):
    from pos.services.errors import InvalidInput

    from pos.models.base import locks_rows

    cake = make_product(price=30000).id
    _sell(shop, [(shop["bread"], 1)], (Tender("cash", Money(7500)),))  # the cake was never priced here
    connectivity.went_offline("connection refused")
    if not locks_rows():  # (on a server the first price read brings the whole price book: the cake is held)
        with pytest.raises(InvalidInput, match="price is not on this till"):
            _sell(shop, [(cake, 1)], (Tender("cash", Money(30000)),))
    connectivity.back_online()
    forwarding.tick("K1")  # the window's background check: every active product's price, held
    connectivity.went_offline("connection refused")
    kept, _cart = _sell(shop, [(cake, 1)], (Tender("cash", Money(30000)),))
    assert (kept.number, kept.total) == ("K1-000002", Money(30000))


def test_offline_a_scan_finds_the_products_held_by_the_background_check(shop):
    from pos.services import held_catalogue

    chips = make_product(price=9000, barcode="8997321001705", name="Keripik Pisang").id
    forwarding.tick("K1")  # holds the catalogue with the prices
    connectivity.went_offline("connection refused")
    later = make_product(price=1000, barcode="8990000000001")  # added at another till: not held here
    assert held_catalogue.find("8997321001705").id == chips
    assert [p.id for p in held_catalogue.search("pisang")] == [chips]
    assert held_catalogue.find(later.barcode) is None
    connectivity.back_online()
    assert held_catalogue.find(later.barcode).id == later.id  # the server answers again


def test_a_sale_kept_offline_keeps_its_lines_choices_on_the_server(shop):
    from pos.models import SaleLineChoice
    from pos.services.product_options import ChoiceForm, GroupForm, options_for, save_option_group

    save_option_group(GroupForm("Ukuran", (ChoiceForm("Reguler", default=True), ChoiceForm("Besar", Money(5000))),
                                min_choices=1, product_ids=(shop["latte"],)), owner_pin=owner_pin())
    save_option_group(GroupForm("Tambahan", (ChoiceForm("Extra shot", Money(6000)),), max_choices=2,
                                product_ids=(shop["latte"],)), owner_pin=owner_pin())
    _sell(shop, [(shop["bread"], 1)], (Tender("cash", Money(7500)),))  # the till has sold through the server
    chosen = tuple(g.chosen(c) for g in options_for(shop["latte"]) for c in g.offered if c.name != "Reguler")
    connectivity.went_offline("connection refused")
    cart = Cart(id=uuid.uuid4().hex, lines=(CartLine(shop["latte"], Quantity.of(2), options=chosen),))
    kept = till_sale.sell(cart, (Tender("qris", Money(58000)),), till_id="K1", shift_id=shop["shift"],
                          cashier_id=shop["cashier"], cashier_name="Dita")
    assert kept.kept_offline and "Besar" in kept.receipt_text  # 2 × (18.000 + 5.000 + 6.000)
    connectivity.back_online()
    assert forwarding.tick("K1").sent == 1
    sale = Sale.get(Sale.cart_id == cart.id)
    line = SaleLine.get((SaleLine.sale == sale.id) & (SaleLine.is_bonus == False))  # noqa: E712
    assert (sale.total, line.unit_price) == (Money(58000), Money(29000))
    stored = SaleLineChoice.select().where(SaleLineChoice.line == line).order_by(SaleLineChoice.position)
    assert [(c.group_name, c.name, c.price, c.extra) for c in stored] == [
        ("Ukuran", "Besar", Money(5000), False), ("Tambahan", "Extra shot", Money(6000), True)]
