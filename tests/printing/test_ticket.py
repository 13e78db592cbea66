"""The bar's ticket as text: large type, the queue number, each item with its details under it, who it is for."""

from __future__ import annotations

import datetime as dt

from pos.money import Quantity
from pos.printing.render_escpos import to_bytes
from pos.printing.render_text import to_text
from pos.printing.ticket import TicketData, TicketItem, ticket_document


def a_ticket(**changes) -> TicketData:
    items = (TicketItem("Es Kopi Susu", Quantity.of(2), ("Large - Less sugar", "+Extra shot")),
             TicketItem("Teh Tarik", Quantity.of(1)))
    fields = dict(station="Bar", queue_number=17, moment=dt.datetime(2026, 11, 28, 2, 30), time_zone="Asia/Jakarta",
                  items=items, customer="Mas Bayu", reference="K1-000042", till_id="K1")
    fields.update(changes)
    return TicketData(**fields)


def big(line: str) -> str:
    """A double-width line of the preview read back (each character is followed by a space)."""
    return line[::2].strip()


def test_a_ticket_prints_the_number_the_time_each_item_with_its_details_and_the_customer():
    lines = to_text(ticket_document(a_ticket()), 32).splitlines()
    assert lines[0].strip() == "BAR" and big(lines[1]) == "#17"
    assert lines[2].strip() == "28 Nov 2026 09:30 - K1 -" and lines[3].strip() == "K1-000042"
    assert big(lines[4]) == "For: Mas Bayu"
    item = [big(line) for line in lines].index("2 x Es Kopi Susu")
    # the details under their item, indented, in large type too; then the next item
    assert [big(line) for line in lines[item + 1:item + 5]] == ["Large - Less", "sugar", "+Extra shot",
                                                               "1 x Teh Tarik"]
    assert lines[item + 1].startswith("    L")


def test_a_bill_sent_again_says_so_and_the_bytes_are_large_type():
    doc = ticket_document(a_ticket(bill="Meja 4", reference="Meja 4", customer="", added=True))
    text = to_text(doc, 32)
    assert "More for this bill" in text and "For:" not in text
    assert text.count("M e j a   4") == 1  # the bill's name once, large, not again in the small line
    data = to_bytes(doc, "generic58")
    assert b"\x1d!\x112 x Es Kopi Susu" in data.replace(b"\x1bE\x01", b"").replace(b"\x1ba\x00", b"")
    assert doc.title == "Ticket #17 · Bar"
