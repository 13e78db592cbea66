"""The refund dialog's actions as one service operation each, on SQLite and PostgreSQL: the refund or void stored,
its slip queued (a missing printer never undoes it), and the sale shown again as it now stands."""

from __future__ import annotations

import uuid

import pytest

from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.models import CashEntry, PrintJob, Sale
from pos.money import Money, Quantity
from pos.services import print_queue
from pos.services.errors import NotAllowed
from pos.services.print_queue import PrinterConfig
from pos.services.refund_completion import complete_refund, complete_void, refund_view
from pos.services.sales import CheckoutRequest, checkout
from tests.factories import owner_pin

DEV_NULL = PrinterConfig("file:///dev/null", "generic58")


@pytest.fixture
def shop(make_shop):
    return make_shop(500000)


@pytest.fixture
def sold(shop):
    lines = (CartLine(shop["ids"]["KUE-01"], Quantity.of(1)), CartLine(shop["ids"]["ROT-05"], Quantity.of(3)))
    sale = checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shop["shift"], shop["cashier"], lines,
                                    (Tender("cash", Money(73000)),)))
    return shop, sale


def ids(number):
    return {line.description: line.line_id for line in refund_view(number).lines}


def test_the_sale_to_refund_is_shown_with_what_can_go_back(sold):
    _shop, sale = sold
    view = refund_view(sale.number)
    assert (view.summary.number, view.summary.total, view.summary.customer) == (sale.number, Money(73000), "")
    assert [(line.description, str(line.refundable)) for line in view.lines] == [
        ("Bolu Pandan", "1"), ("Roti Pisang Cokelat", "3")]


def test_a_refund_stores_queues_its_slip_and_shows_what_is_left(sold):
    shop, sale = sold
    done = complete_refund(sale.number, {ids(sale.number)["Roti Pisang Cokelat"]: Quantity.of(2)}, back_to="cash",
                           owner_pin=owner_pin(), staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1",
                           printer=DEV_NULL)
    assert done.refund.money_back == Money(12000) and done.refund.number.startswith("R-")
    job = PrintJob.get_by_id(done.printed.job.id)
    assert (job.kind, job.reference, job.status) == ("refund", done.refund.number, print_queue.QUEUED)
    assert [(line.description, str(line.refundable)) for line in done.sale.lines] == [
        ("Bolu Pandan", "1"), ("Roti Pisang Cokelat", "1")]
    assert [e.amount.minor for e in CashEntry.select().where(CashEntry.kind == "refund")] == [-12000]


def test_a_missing_printer_never_undoes_the_refund(sold):
    shop, sale = sold
    done = complete_refund(sale.number, {ids(sale.number)["Bolu Pandan"]: Quantity.of(1)}, back_to="cash",
                           owner_pin=owner_pin(), staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1",
                           printer=PrinterConfig("lpt1", "generic58"))
    assert done.printed.job is None and done.printed.refused
    assert Sale.select().where(Sale.kind == "refund").count() == 1 and PrintJob.select().count() == 0


def test_a_wrong_pin_stores_and_prints_nothing(sold):
    shop, sale = sold
    with pytest.raises(NotAllowed):
        complete_refund(sale.number, {ids(sale.number)["Bolu Pandan"]: Quantity.of(1)}, back_to="cash",
                        owner_pin="0000", staff_id=shop["cashier"], shift_id=shop["shift"], till_id="K1",
                        printer=DEV_NULL)
    assert Sale.select().where(Sale.kind == "refund").count() == 0 and PrintJob.select().count() == 0


def test_a_void_gives_everything_back_and_leaves_nothing_to_refund(sold):
    shop, sale = sold
    done = complete_void(sale.number, owner_pin=owner_pin(), staff_id=shop["cashier"], shift_id=shop["shift"],
                         till_id="K1", printer=DEV_NULL)
    assert done.refund.money_back == Money(73000) and done.printed.job is not None
    assert [str(line.refundable) for line in done.sale.lines] == ["0", "0"]
    assert Sale.get_by_id(sale.id).status == "voided"
