"""The till while its server is away: the sale is kept on the till, the status bar says "Offline · N sales
waiting", and once the server answers again the kept sales are sent and the till says so.

The server here is the demo shop's SQLite file standing in for one (``can_go_offline`` patched): the outage is
the state the till noticed (``connectivity.went_offline``); the outage of a real server is tests/services/
test_outage.py's."""

from __future__ import annotations

import pytest

from pos.models import CashEntry, Customer, Sale, StampEntry
from pos.services import connectivity, forwarding, outbox
from tests.ui.test_till import CHIPS_BARCODE, NASTAR_BARCODE, errors, pay, scan


@pytest.fixture
def server_away(monkeypatch):
    monkeypatch.setattr(connectivity, "can_go_offline", lambda: True)
    yield
    connectivity.back_online()


def test_the_offline_banner_counts_the_kept_sales_and_says_when_they_are_sent(till, qtbot, server_away):
    screen, banner = till.sale_screen, till.outbox_status
    scan(screen, qtbot, NASTAR_BARCODE)
    pay(screen, "cash", tendered="100.000")  # through the server: the till notes the number it got
    last = screen.last_result.number
    assert not banner.isVisible() and outbox.waiting_count("K1") == 0
    expected = [f"K1-{int(last.split('-')[1]) + n:06d}" for n in (1, 2)]
    forwarding.tick("K1")  # the window's background check ran: the catalogue and the prices are held
    connectivity.went_offline("connection refused")
    assert banner.isVisible() and banner.text() == "Offline · 0 sales waiting"  # at once, before the next check
    scan(screen, qtbot, CHIPS_BARCODE)

    pay(screen, "cash", tendered="50.000")
    assert f"Sale {expected[0]} completed offline" in screen.message.text()
    assert "OFFLINE SALE" in screen.receipt_text and expected[0] in screen.receipt_text
    assert banner.isVisible() and banner.text() == "Offline · 1 sale waiting"
    assert not Sale.select().where(Sale.number == expected[0]).exists()  # on the till only, for now

    scan(screen, qtbot, NASTAR_BARCODE)
    pay(screen, "qris")
    assert banner.text() == "Offline · 2 sales waiting"

    connectivity.back_online()  # the next background check finds the server and sends them
    banner.check()
    qtbot.waitUntil(lambda: banner.text() == "Back online · 2 offline sales sent to the server", timeout=10_000)
    stored = {s.number: s for s in Sale.select().where(Sale.number.in_(expected))}
    assert sorted(stored) == expected
    cash = CashEntry.get(CashEntry.sale == stored[expected[0]].id)
    assert cash.amount == stored[expected[0]].total and cash.shift_id == screen.shift_id
    assert outbox.waiting_count("K1") == 0


def test_a_new_customer_taken_offline_goes_into_the_book_with_the_sale_and_its_stamps(till, qtbot, server_away):
    screen, banner = till.sale_screen, till.outbox_status
    scan(screen, qtbot, NASTAR_BARCODE)
    pay(screen, "cash", tendered="100.000")  # through the server: the till notes the number it got
    forwarding.tick("K1")  # the window's background check ran: the catalogue and the prices are held
    connectivity.went_offline("connection refused")
    screen.customer.quick_add()
    dialog = screen.customer.quick_add_dialog
    dialog.name.setText("Bu Wulan")
    dialog.phone.setText("0813 2222 7777")
    dialog.save()
    assert "Bu Wulan" in screen.customer.card.text() and "added to the book when the server is back" in \
        screen.customer.card.text()
    scan(screen, qtbot, "KOP-05")
    pay(screen, "qris")
    number = screen.last_result.number
    assert "completed offline" in screen.message.text() and banner.text() == "Offline · 1 sale waiting"
    assert not Customer.select().where(Customer.name == "Bu Wulan").exists()

    connectivity.back_online()
    banner.check()
    qtbot.waitUntil(lambda: banner.text() == "Back online · 1 offline sale sent to the server", timeout=10_000)
    wulan = Customer.get(Customer.name == "Bu Wulan")
    sale = Sale.get(Sale.number == number)
    assert (sale.customer_id, wulan.phone) == (wulan.id, "+6281322227777")
    assert StampEntry.get(StampEntry.sale == sale.id).earned == 1


def test_what_needs_the_server_says_so_while_it_is_away(till, server_away):
    screen = till.sale_screen
    connectivity.went_offline("connection refused")
    till.refund()
    till.move_cash()
    screen.open_drawer()
    shown = errors(till) + errors(screen)
    assert any(text.startswith("Refunds wait for the server") for text in shown)
    assert any(text.startswith("Cash in and out waits for the server") for text in shown)
    assert any(text.startswith("Opening the drawer without a sale needs the owner's PIN") for text in shown)
    assert getattr(till, "refund_dialog", None) is None and getattr(till, "cash_dialog", None) is None


def test_a_sale_kept_after_its_try_through_the_server_is_not_taken_again_after_a_restart(till, qtbot, server_away,
                                                                                          monkeypatch):
    from pos.services import parking, till_sale
    from pos.services.errors import DatabaseUnavailable

    screen = till.sale_screen
    scan(screen, qtbot, NASTAR_BARCODE)
    pay(screen, "cash", tendered="100.000")
    forwarding.tick("K1")

    def held_then_cut(cart, tenders, *, till_id, **_rest):
        parking.hold_while_paying(till_id, cart)  # the cart held on the server, then the server went away
        raise DatabaseUnavailable("server closed the connection unexpectedly")

    monkeypatch.setattr(till_sale, "complete", held_then_cut)
    monkeypatch.setattr(connectivity, "server_gone", lambda error: connectivity.went_offline(str(error)) or True)
    scan(screen, qtbot, CHIPS_BARCODE)
    pay(screen, "qris")
    number = screen.last_result.number
    assert "completed offline" in screen.message.text()
    screen._recover()  # what the sale screen does when the program starts again
    assert screen.message.text() == f"Sale {number} was completed before the till stopped."
    assert not screen.cart.lines


def test_an_outage_noticed_by_the_background_check_shows_at_once(till, qtbot, server_away):
    import threading

    banner = till.outbox_status
    assert not banner.isVisible()
    worker = threading.Thread(target=connectivity.went_offline, args=("connection refused",))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: banner.isVisible() and banner.text() == "Offline · 0 sales waiting", timeout=2000)


def test_a_sale_kept_offline_still_sends_its_ticket_to_the_bar_with_a_number_of_the_till(till, qtbot, server_away,
                                                                                        tmp_path):
    """The coffee counter during an outage: the barista gets the ticket, printed from the till with its own number
    ("#K1-1", marked offline), and the receipt and the screen carry the same number for the customer."""
    from tests.ui.test_open_bills_window import route_drinks_to, ticket_after

    bar = tmp_path / "bar.bin"
    route_drinks_to(till, bar)
    screen = till.sale_screen
    scan(screen, qtbot, NASTAR_BARCODE)
    pay(screen, "cash", tendered="100.000")  # through the server
    forwarding.tick("K1")  # the background check: prices, catalogue and the products' stations held
    before = bar.read_bytes() if bar.exists() else b""
    connectivity.went_offline("connection refused")
    scan(screen, qtbot, "KOP-05")  # Es Kopi Susu: the bar's
    scan(screen, qtbot, NASTAR_BARCODE)  # not the bar's
    pay(screen, "qris")
    assert "completed offline" in screen.message.text()
    ticket = ticket_after(qtbot, bar, before)
    assert "#K1-1" in ticket and "OFFLINE" in ticket and "1 x Es Kopi Susu" in ticket and "Nastar" not in ticket
    assert screen.last_result.number in ticket
    receipt = screen.receipt_text
    assert "Queue number" in receipt and "# K 1 - 1" in receipt and screen.queue_label.text() == "No. K1-1"
    scan(screen, qtbot, "KOP-05")
    before = bar.read_bytes()
    pay(screen, "qris")
    assert "#K1-2" in ticket_after(qtbot, bar, before)


def test_open_bills_and_the_screens_of_the_server_wait_for_it_with_a_clear_message(till, qtbot, server_away):
    from pos.models import OpenBill

    screen = till.sale_screen
    screen.bill_name_provider = lambda parent, suggested="": "Meja 4"
    forwarding.tick("K1")
    connectivity.went_offline("connection refused")
    scan(screen, qtbot, "KOP-05")
    screen.send_order()
    screen.show_bills()
    till.show_print_queue()
    till.show_customer_book()
    screen.open_customer_page(Customer.select().first().id)
    shown = errors(till) + errors(screen)
    assert sum(text.startswith("Open bills are kept on the server") for text in shown) >= 1
    assert any(text.startswith("The print queue is kept on the server") for text in shown)
    assert any(text.startswith("The customer book is kept on the server") for text in shown)
    assert OpenBill.select().count() == 0 and len(screen.cart.lines) == 1  # nothing sent, the cart kept
    assert getattr(screen, "bills_dialog", None) is None and getattr(till, "queue_dialog", None) is None
    assert getattr(till, "book_dialog", None) is None and getattr(screen, "customer_page", None) is None
