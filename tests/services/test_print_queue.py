"""The print queue against a network printer on 127.0.0.1: a print can fail, the sale never does."""

from __future__ import annotations

import uuid

import pytest

from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.models import PrintJob, Promotion, Sale, SaleLine
from pos.i18n import format_money
from pos.money import Money, Quantity
from pos.printing.render_escpos import CUT, DRAWER_KICK
from pos.services import print_queue
from pos.services.customers import find_customer
from pos.services.errors import InvalidInput
from pos.services.print_queue import PrinterConfig
from pos.services.receipts import receipt_data, receipt_number_from_scan, sale_id_by_number
from pos.services.pricing import price
from pos.services.sales import CheckoutRequest, checkout
from pos.services.shop import _update_shop_settings
from pos.services.till import close_shift, move_cash
from tests.printer_server import FakeNetworkPrinter, closed_port


@pytest.fixture
def shop(make_shop):
    return make_shop(100000)


@pytest.fixture
def printer():
    server = FakeNetworkPrinter(paper=True)  # it answers status questions: with ?status=1 a print is proven
    yield server
    server.close()


def sell(shop, method="cash", tendered=None, code="ROT-01", qty=2):
    """A sale paid in full by one method; returns the stored sale."""
    lines = (CartLine(shop["ids"][code], Quantity.of(qty)),)
    total = price(list(lines), None).cash_total
    tender = Tender(method, total, Money(tendered) if tendered else None)
    return checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines, (tender,)))


def config(url, drawer=False, profile="generic58"):
    return PrinterConfig(url, profile, cash_drawer=drawer)


def test_a_receipt_reaches_a_network_printer_byte_for_byte(shop, printer):
    sale = sell(shop, tendered=100000)
    job = print_queue.queue_receipt(sale.id, "K1", config(printer.confirmed_url))
    assert PrintJob.get_by_id(job.id).status == "queued"  # stored before anything is sent

    done = print_queue.print_now(job)

    assert done.status == "printed" and done.error == "" and done.attempts == 1
    received = printer.wait_for(1)
    assert received == [job.payload]
    assert sale.number.encode() in received[0] and received[0].endswith(b"\x1bd\x04" + CUT)
    assert print_queue.waiting_jobs("K1") == []


def test_a_closed_port_keeps_the_sale_and_queues_the_job_with_its_error_until_a_retry(shop, printer):
    sale = sell(shop)
    job = print_queue.queue_receipt(sale.id, "K1", config(closed_port()))

    failed = print_queue.print_now(job, timeout=2)

    assert failed.status == "queued" and failed.attempts == 1
    assert "refused the connection" in failed.error
    assert Sale.get_by_id(sale.id).status == "completed" and SaleLine.select().where(SaleLine.sale == sale.id).count()
    assert [j.id for j in print_queue.waiting_jobs("K1")] == [job.id]

    moved = print_queue.redirect(job.id, config(printer.confirmed_url))  # the printer is back, at its own address
    assert print_queue.print_now(moved).status == "printed"
    assert printer.wait_for(1)[0] == moved.payload
    assert PrintJob.get_by_id(job.id).status == "cancelled"
    assert print_queue.waiting_jobs("K1") == []


def test_a_failed_job_prints_when_the_same_printer_answers_again(shop):
    url = closed_port() + "?status=1"
    port = int(url.split("?")[0].rsplit(":", 1)[1])
    sale = sell(shop, "qris")
    job = print_queue.print_now(print_queue.queue_receipt(sale.id, "K1", config(url)), timeout=2)
    assert job.status == "queued"

    server = FakeNetworkPrinter(paper=True, port=port)  # the printer switched on, at the same address
    try:
        again = print_queue.print_now(print_queue.get_job(job.id))
        assert again.status == "printed" and again.attempts == 2 and again.error == ""
        assert server.wait_for(1) == [job.payload]
    finally:
        server.close()


def test_the_drawer_opens_with_cash_sales_only_when_a_drawer_is_attached(shop):
    cash_sale = sell(shop)
    qris_sale = sell(shop, "qris")

    def payload(sale_id, drawer, copy=False):
        return print_queue.queue_receipt(sale_id, "K1", config("file:///dev/null", drawer), copy=copy).data

    assert payload(cash_sale.id, True).endswith(CUT + DRAWER_KICK)
    assert DRAWER_KICK not in payload(cash_sale.id, False)
    assert DRAWER_KICK not in payload(qris_sale.id, True)
    assert DRAWER_KICK not in payload(cash_sale.id, True, copy=True)  # a reprint gives no money
    assert print_queue.queue_drawer_kick("K1", config("file:///dev/null", False)) is None
    assert print_queue.queue_drawer_kick("K1", config("file:///dev/null", True)).payload == DRAWER_KICK


def test_a_reprint_is_marked_copy_and_a_bad_printer_address_stores_nothing(shop):
    sale = sell(shop)
    copy = print_queue.queue_receipt(sale.id, "K1", config("file:///dev/null"), copy=True)
    assert b"\x1d!\x11COPY" in copy.payload  # big letters on paper
    before = PrintJob.select().count()
    for bad in ("", "lpt1", "usb://12:34"):
        with pytest.raises(InvalidInput):
            print_queue.queue_receipt(sale.id, "K1", config(bad))
    assert PrintJob.select().count() == before


def test_the_receipts_qr_reads_back_to_its_number_for_a_refund(shop):
    _update_shop_settings({"whatsapp": "0812-2735-4816"})
    sale = sell(shop)
    link = receipt_data(sale.id).qr_link
    assert link.startswith("https://wa.me/6281227354816?text=")
    assert receipt_number_from_scan(link) == sale.number
    assert sale_id_by_number(link) == sale.id
    with pytest.raises(InvalidInput):
        sale_id_by_number("K9-999999")


def test_a_member_card_holds_the_code_the_till_scans(shop):
    customer = find_customer("LG00009")
    job = print_queue.queue_card("lg00009", "K1", config("file:///dev/null"))
    assert job.kind == "card" and job.reference == "LG00009"
    assert b"{BLG00009" in job.payload and customer.name.encode() in job.payload
    with pytest.raises(InvalidInput):
        print_queue.queue_card("LG99999", "K1", config("file:///dev/null"))


def test_the_shift_slip_has_the_count_and_the_difference(shop):
    sale = sell(shop)
    move_cash(shop["shift"], Money(-20000), "beli telur", staff_id=shop["cashier"])
    expected = 100000 + sale.total.minor - 20000
    close_shift(shop["shift"], {50000: 2, 10000: 1}, staff_id=shop["cashier"])
    slip = print_queue.shift_slip_data(shop["shift"])
    assert slip.summary.expected == Money(expected) and slip.summary.difference == Money(110000 - expected)
    assert slip.cash_moves == (("beli telur", Money(-20000)),) and slip.count == ((50000, 2), (10000, 1))
    payload = print_queue.queue_shift_slip(shop["shift"], "K1", config("file:///dev/null")).payload
    assert b"2 x Rp 50.000" in payload and b"beli telur" in payload


def test_a_printer_that_reports_no_paper_keeps_the_job_waiting(shop):
    empty = FakeNetworkPrinter(paper=False)
    full = FakeNetworkPrinter(paper=True)
    try:
        sale = sell(shop)
        job = print_queue.print_now(print_queue.queue_receipt(sale.id, "K1", config(empty.url + "?status=1")))
        assert job.status == "queued" and "out of paper" in job.error
        assert empty.wait_for(1) == [b""]  # asked about its paper, sent nothing
        ok = print_queue.print_now(print_queue.queue_receipt(sale.id, "K1", config(full.url + "?status=1")))
        assert ok.status == "printed" and full.wait_for(1) == [ok.payload]
    finally:
        empty.close()
        full.close()


def test_a_refund_prints_as_a_refund_slip(shop):
    from pos.services.refunds import refund, refundable_lines

    sale = sell(shop)
    line = refundable_lines(sale.number)[0]
    done = refund(sale.number, {line.line_id: Quantity.of(1)}, back_to="cash", owner_pin="1234",
                  staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1")
    job = print_queue.queue_receipt(done.id, "K1", config("file:///dev/null"))
    assert job.kind == "refund" and job.reference.startswith("R-K1-")
    assert b"REFUND " + job.reference.encode() in job.payload


def test_a_copy_sent_elsewhere_stays_a_copy_and_never_opens_the_drawer(shop, printer):
    sale = sell(shop)
    off = closed_port()
    original = print_queue.print_now(print_queue.queue_receipt(sale.id, "K1", config(off, drawer=True)), timeout=2)
    assert original.open_drawer and original.status == "queued"
    assert not original.data.endswith(DRAWER_KICK)  # a retry hours later does not open the drawer
    moved = print_queue.redirect(original.id, config(printer.url, drawer=True))
    assert not moved.open_drawer and DRAWER_KICK not in moved.data

    copy = print_queue.print_now(print_queue.queue_receipt(sale.id, "K1", config(off, drawer=True), copy=True),
                                 timeout=2)
    elsewhere = print_queue.redirect(copy.id, config(printer.url, drawer=True))
    assert elsewhere.copy and b"COPY" in elsewhere.payload and DRAWER_KICK not in elsewhere.data
    with pytest.raises(InvalidInput):
        print_queue.redirect(copy.id, config(printer.url))  # cancelled by the move: it cannot move twice


def test_a_drawer_kick_that_fails_is_dropped_not_kept_for_later(shop):
    job = print_queue.queue_drawer_kick("K1", config(closed_port(), drawer=True))
    failed = print_queue.print_now(job, timeout=2)
    assert failed.status == "cancelled" and "refused" in failed.error
    assert print_queue.waiting_jobs("K1") == []


def test_a_reprint_shows_the_stamps_as_they_were_after_that_sale(shop):
    from pos.models import StampEntry
    from pos.services.customers import NewCustomer, add_customer

    assert Promotion.select().where(Promotion.kind == "stamp_card").exists()  # the demo's: a stamp per coffee
    sari = add_customer(NewCustomer("Bu Sari", "0813-5555-0101"))
    lines = (CartLine(shop["ids"]["KOP-01"], Quantity.of(2)),)
    total = price(list(lines), sari.id).cash_total
    first = checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines,
                                     (Tender("cash", total),), sari.id))
    StampEntry.create(customer=sari.id, earned=4)  # later visits
    then = receipt_data(first.id).stamps
    assert then == (2, 10, "Es Kopi Susu Gula Aren")  # the two coffees of that sale, not the 4 stamps after it


def test_the_shift_slip_labels_each_cash_line_for_what_it_is(shop):
    from pos.i18n import set_language
    from pos.printing.render_text import to_text
    from pos.printing.slips import shift_slip_document

    sale = sell(shop, tendered=100000)
    move_cash(shop["shift"], Money(50000), "tambah kembalian", staff_id=shop["cashier"])
    move_cash(shop["shift"], Money(-20000), "beli telur", staff_id=shop["cashier"])
    close_shift(shop["shift"], {50000: 2}, staff_id=shop["cashier"])
    slip = print_queue.shift_slip_data(shop["shift"])
    assert slip.by_kind == (("sale", sale.total), ("cash_in", Money(50000)), ("cash_out", Money(-20000)))
    set_language("en")
    try:
        rows = [" ".join(row.split()) for row in to_text(shift_slip_document(slip), 32).splitlines()]
    finally:
        set_language("id")
    start = rows.index("Opening float Rp 100.000")
    assert rows[start:start + 6] == [
        "Opening float Rp 100.000", f"Cash sales {format_money(sale.total)}", "Cash in Rp 50.000",
        "tambah kembalian Rp 50.000", "Cash out -Rp 20.000", "beli telur -Rp 20.000"]


def test_a_network_printer_that_never_reads_never_gets_the_receipt_marked_printed(shop):
    hung = FakeNetworkPrinter(reads=False)  # its own buffer holds 4 KB, then it takes nothing more
    try:
        sale = sell(shop, tendered=100000)
        receipt = print_queue.queue_receipt(sale.id, "K1", config(hung.url, drawer=True))
        assert len(receipt.payload) > 8192  # more than the hung printer's network can hold for it
        plain = print_queue.print_now(receipt, timeout=2)
        asked = print_queue.print_now(print_queue.queue_receipt(sale.id, "K1", config(hung.confirmed_url)),
                                      timeout=2)
        kick = print_queue.queue_drawer_kick("K1", config(hung.url, drawer=True))  # a few bytes: its buffer holds them
        small = print_queue.print_now(kick, timeout=2)
        small_asked = print_queue.print_now(print_queue.queue_drawer_kick("K1", config(hung.confirmed_url, True)),
                                            timeout=2)
    finally:
        hung.close()
    assert PrintJob.select().where(PrintJob.status == "printed").count() == 0  # nothing is "printed"
    for job in (plain, asked):
        assert job.status == "queued" and "did not take the print in time" in job.error  # waits to print again
    assert (small.status, small.error) == ("sent", "")  # taken by the network, not proven read
    assert small_asked.status == "sent" and "no answer to the status question" in small_asked.error
    assert [j.id for j in print_queue.queue_jobs("K1")] == [plain.id, asked.id]  # a drawer pulse is not for later
    with pytest.raises(InvalidInput):
        print_queue.print_again(small.id)
    assert Sale.get_by_id(sale.id).status == "completed"


def test_a_receipt_sent_not_confirmed_is_printed_again_without_opening_the_drawer_twice(shop, printer):
    sale = sell(shop, tendered=100000)
    url = printer.url + "?status=1"
    silent = FakeNetworkPrinter(paper=None)  # reads everything, answers nothing
    try:
        job = print_queue.print_now(print_queue.queue_receipt(sale.id, "K1", config(silent.confirmed_url,
                                                                                    drawer=True)), timeout=2)
    finally:
        silent.close()
    assert job.unconfirmed and job.open_drawer

    again = print_queue.print_again(job.id)
    assert again.status == "queued" and not again.data.endswith(DRAWER_KICK)  # the money came in once
    moved = print_queue.redirect(again.id, config(url))
    assert print_queue.print_now(moved).status == "printed"
    assert printer.wait_for(1) == [moved.payload] and sale.number.encode() in moved.payload
    assert print_queue.queue_jobs("K1") == []


def test_a_print_sent_not_confirmed_that_came_out_is_marked_so_by_the_cashier(shop, printer):
    sale = sell(shop)
    job = print_queue.print_now(print_queue.queue_receipt(sale.id, "K1", config(printer.url)))
    assert job.status == "sent" and job.error == ""  # no ?status=1: the printer was never asked
    assert printer.wait_for(1) == [job.payload]
    print_queue.came_out(job.id)
    assert print_queue.get_job(job.id).status == "printed" and print_queue.queue_jobs("K1") == []
    with pytest.raises(InvalidInput):
        print_queue.print_again(job.id)  # printed: nothing to print again


def test_the_shift_slip_shows_the_cash_refund_and_who_opened_and_who_closed(shop):
    from pos.i18n import set_language
    from pos.printing.render_text import to_text
    from pos.printing.slips import shift_slip_document
    from pos.services.staff import authenticate
    from pos.services.refunds import refund, refundable_lines

    sale = sell(shop, tendered=100000)
    line = refundable_lines(sale.number)[0]
    back = refund(sale.number, {line.line_id: Quantity.of(1)}, back_to="cash", owner_pin="1234",
                  staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1")
    owner = authenticate("1234")  # Bu Ani opened the till (shop["cashier"] is Dita); here the owner closes
    close_shift(shop["shift"], {50000: 2}, staff_id=owner.id)
    slip = print_queue.shift_slip_data(shop["shift"])
    set_language("en")
    try:
        rows = [" ".join(row.split()) for row in to_text(shift_slip_document(slip), 32).splitlines()]
    finally:
        set_language("id")
    assert f"Cash sales {format_money(sale.total)}" in rows
    assert f"Cash refunds {format_money(-back.money_back)}" in rows
    assert "Opened by Dita" in rows and "Closed by Bu Ani" in rows
