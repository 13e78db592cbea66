"""Consignment on SQLite and PostgreSQL: leave 50 packs; 32 sold, 8 taken back, 10 stay out."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import owner_pin
from pos.models import ConsignmentMove, Invoice, Sale, SaleLine
from pos.money import Money, Quantity
from pos.services import consignment
from pos.services.customers import NewCustomer, add_customer
from pos.services.errors import InvalidInput
from pos.services.sales import kasbon_owed

DAY1 = dt.datetime(2026, 11, 2, 2, 0)


@pytest.fixture
def shop(make_shop):
    s = make_shop(100000)
    warung = add_customer(NewCustomer("Warung Bu Tin", "0813-6666-0001", tier="reseller", village="Bansari",
                                      credit_limit=Money(2_000_000)), owner_pin=owner_pin())
    return {**s, "warung": warung.id}


def test_leave_50_then_32_sold_8_back_and_10_stay(shop):
    chips = shop["ids"]["CML-01"]  # Keripik Pisang Manis 250 g: reseller Rp 15.000 from 20
    reference, lines = consignment.leave_goods(shop["warung"], {chips: Quantity.of(50)}, till_id="K1",
                                               staff_id=shop["cashier"], at=DAY1)
    assert reference == "TJ-K1-000001"
    price = lines[0].unit_price
    assert price < Money(18000)  # the shop's reseller price, not retail
    assert [(r.product, r.quantity, r.value) for r in consignment.goods_out()] == [
        ("Keripik Pisang Manis 250 g", Quantity.of(50), price * 50)]
    owed_before = kasbon_owed(shop["warung"])

    visit = consignment.settle_visit(shop["warung"], {chips: Quantity.of(32)}, {chips: Quantity.of(8)},
                                     till_id="K1", shift_id=shop["shift"], staff_id=shop["cashier"],
                                     at=DAY1 + dt.timedelta(days=7))
    sale = Sale.get_by_id(visit.sale_id)
    assert sale.total == price * 32 == visit.sold_total
    assert [(ln.quantity, ln.unit_price, ln.is_bonus) for ln in SaleLine.select().where(SaleLine.sale == sale)] == [
        (Quantity.of(32), price, False)]  # no free pack on top: the goods were at the shop already
    assert [p.method for p in sale.payments] == ["kasbon"]
    assert Invoice.get(Invoice.sale == sale.id).number == visit.invoice_number == "INV-K1-000001"
    assert kasbon_owed(shop["warung"]) - owed_before == price * 32
    assert [(r.quantity, r.value) for r in visit.still_out] == [(Quantity.of(10), price * 10)]
    kinds = sorted((m.kind, m.quantity) for m in ConsignmentMove.select())
    assert kinds == [("left", Quantity.of(50)), ("returned", Quantity.of(8)), ("sold", Quantity.of(32))]


def test_more_sold_than_left_is_refused_and_nothing_is_written(shop):
    chips = shop["ids"]["CML-01"]
    consignment.leave_goods(shop["warung"], {chips: Quantity.of(10)}, till_id="K1", staff_id=shop["cashier"])
    with pytest.raises(InvalidInput, match="only 10 is at Warung Bu Tin"):
        consignment.settle_visit(shop["warung"], {chips: Quantity.of(8)}, {chips: Quantity.of(3)}, till_id="K1",
                                 shift_id=shop["shift"], staff_id=shop["cashier"])
    assert ConsignmentMove.select().count() == 1 and Sale.select().where(Sale.customer == shop["warung"]).count() == 0


def test_goods_left_again_at_the_visit(shop):
    chips, nastar = shop["ids"]["CML-01"], shop["ids"]["KRG-01"]
    consignment.leave_goods(shop["warung"], {chips: Quantity.of(20)}, till_id="K1", staff_id=shop["cashier"])
    visit = consignment.settle_visit(shop["warung"], {chips: Quantity.of(20)}, {}, till_id="K1",
                                     shift_id=shop["shift"], staff_id=shop["cashier"],
                                     left_again={nastar: Quantity.of(5), chips: Quantity.of(30)})
    assert sorted((r.product, r.quantity) for r in visit.still_out) == [
        ("Keripik Pisang Manis 250 g", Quantity.of(30)), ("Nastar 500 g", Quantity.of(5))]


def test_the_consignment_note_on_paper_and_in_a_pdf(shop):
    import io

    from pypdf import PdfReader

    from pos.printing.orders import consignment_document
    from pos.printing.render_text import to_text

    chips = shop["ids"]["CML-01"]
    consignment.leave_goods(shop["warung"], {chips: Quantity.of(50)}, till_id="K1", staff_id=shop["cashier"])
    visit = consignment.settle_visit(shop["warung"], {chips: Quantity.of(32)}, {chips: Quantity.of(8)},
                                     till_id="K1", shift_id=shop["shift"], staff_id=shop["cashier"])
    text = to_text(consignment_document(consignment.note_data(visit.reference)), 32)
    assert visit.reference in text and "Warung Bu Tin" in text and "INV-K1-000001" in text
    assert "x32" in text and "x8" not in text.split("Taken back")[0]
    pdf = PdfReader(io.BytesIO(consignment.note_file("TJ-K1-000001"))).pages[0].extract_text()
    assert "CONSIGNMENT NOTE" in pdf and "Keripik Pisang Manis 250 g" in pdf and "50" in pdf


def test_leaving_and_a_visit_are_one_operation_each_with_the_note_built_once(shop, monkeypatch):
    import io

    from pypdf import PdfReader

    from pos.models import PrintJob
    from pos.services import consignment_visit
    from pos.services.print_queue import PrinterConfig

    notes = []
    real = consignment_visit.note_data
    monkeypatch.setattr(consignment_visit, "note_data", lambda ref: notes.append(ref) or real(ref))
    printer = PrinterConfig("file:///dev/null", "generic58")
    chips = shop["ids"]["CML-01"]
    left = consignment_visit.complete_leaving(shop["warung"], {chips: Quantity.of(50)}, till_id="K1",
                                              staff_id=shop["cashier"], printer=printer)
    assert [(r.product_id, r.quantity) for r in left.still_out] == [(chips, Quantity.of(50))]
    assert PrintJob.get_by_id(left.printed.job.id).reference == left.reference == "TJ-K1-000001"
    visit = consignment_visit.complete_visit(shop["warung"], {chips: Quantity.of(32)}, {chips: Quantity.of(8)},
                                             till_id="K1", shift_id=shop["shift"], staff_id=shop["cashier"],
                                             printer=printer)
    price = left.still_out[0].unit_price
    assert visit.visit.sold_total == price * 32 and kasbon_owed(shop["warung"]) == price * 32
    assert [(r.product_id, r.quantity) for r in visit.still_out] == [(chips, Quantity.of(10))]
    job = PrintJob.get_by_id(visit.printed.job.id)
    assert (job.kind, job.reference) == ("consignment", visit.reference) and b"INV-K1-000001" in bytes(job.payload)
    pdf = PdfReader(io.BytesIO(visit.note_pdf)).pages[0].extract_text()
    assert visit.reference in pdf and "Keripik Pisang Manis 250 g" in pdf
    assert notes == [left.reference, visit.reference]  # each note built once for the paper and the PDF


def test_a_visit_with_no_printer_set_up_is_recorded_all_the_same(shop):
    from pos.models import PrintJob
    from pos.services.consignment_visit import complete_leaving
    from pos.services.print_queue import PrinterConfig

    chips = shop["ids"]["CML-01"]
    done = complete_leaving(shop["warung"], {chips: Quantity.of(5)}, till_id="K1", staff_id=shop["cashier"],
                            printer=PrinterConfig("lpt1", "generic58"))
    assert done.printed.job is None and done.printed.refused and done.note_pdf.startswith(b"%PDF")
    assert ConsignmentMove.select().count() == 1 and PrintJob.select().count() == 0
