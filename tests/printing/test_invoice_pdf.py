"""Invoices, delivery notes, statements and the aging list as PDF, read back as text with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from pos.i18n import set_language
from pos.money import Money, Quantity
from pos.printing.invoice_pdf import InvoiceData, InvoiceLine, invoice_pdf
from pos.printing.statement_pdf import AgingData, StatementData, StatementRow, aging_pdf, statement_pdf
from pos.printing.words import amount_in_words


def pages(pdf: bytes) -> list[str]:
    return [re.sub(r"[ \t]+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def invoice(lines: int = 3, total: int | None = None, **changes) -> InvoiceData:
    items = tuple(InvoiceLine(f"Roti Sobek Cokelat {n}", Quantity.of(10 + n), "pcs", Money(15000),
                              Money(15000 * (10 + n)), notes=("Reseller price (min. 10)",))
                  for n in range(1, lines + 1))
    items += (InvoiceLine("Tester Kopi", Quantity.of(1), "bks", Money(0), Money(0), free=True,
                          notes=("Free with purchases ≥ Rp 200.000",)),)
    subtotal = Money(sum(i.amount.minor for i in items))
    total = Money(total) if total is not None else subtotal
    values = dict(shop_name="Toko Roti & Kopi Bu Ani", address="Desa Kledung, Temanggung", whatsapp="0812-2735-4816",
                  number="INV-K1-000042", issued=dt.date(2026, 11, 27), due=dt.date(2026, 12, 11),
                  customer_name="Toko Makmur", customer_address="Jl. Raya Parakan 48, Kledung",
                  customer_phone="0813-4444-0001", receipt_number="K1-000777", lines=items, subtotal=subtotal,
                  discounts=Money(0), tax=Money(0), tax_label="PB1 10%", rounding=Money(0), total=total,
                  paid=Money(0), owed=total, words=amount_in_words(total, "id"),
                  bank_accounts="BRI 0123-01-000123-50-1 a.n. Ani", qris_text="NMID ID1023456789")
    values.update(changes)
    return InvoiceData(**values)


@pytest.mark.parametrize("amount, words", [
    (1_000, "seribu rupiah"), (11_000, "sebelas ribu rupiah"), (1_100_000, "satu juta seratus ribu rupiah"),
    (1_250_500, "satu juta dua ratus lima puluh ribu lima ratus rupiah"),
    (21_000_000, "dua puluh satu juta rupiah"), (100_000_000_000, "seratus miliar rupiah"),
])
def test_the_terbilang_line(amount, words):
    assert amount_in_words(Money(amount), "id") == words
    set_language("id")
    text = " ".join(pages(invoice_pdf(invoice(total=amount))))
    assert f"Terbilang: {words}" in text.replace("\n", " ")


def test_the_amount_in_words_in_english():
    assert amount_in_words(Money(2_150_000), "en") == "two million, one hundred and fifty thousand rupiah"


def test_an_invoice_shows_its_number_dates_lines_totals_and_how_to_pay():
    set_language("id")
    d = invoice(3)
    (text,) = pages(invoice_pdf(d))
    for expected in ("FAKTUR", "INV-K1-000042", "27 Nov 2026", "11 Des 2026", "K1-000777", "Toko Makmur",
                     "Jl. Raya Parakan 48, Kledung", "0813-4444-0001", "Roti Sobek Cokelat 1", "Roti Sobek Cokelat 3",
                     "Rp 165.000", "Rp 195.000", "Tester Kopi", "GRATIS", "Total", "Rp 540.000",
                     "BRI 0123-01-000123-50-1 a.n. Ani", "NMID ID1023456789", "Reseller price (min. 10)"):
        assert expected in text, expected
    assert text.count("Rp 540.000") >= 2  # the grand total and what is still to pay


def test_a_60_line_invoice_spans_pages_with_the_header_on_each_and_one_grand_total():
    set_language("en")
    d = invoice(60)
    texts = pages(invoice_pdf(d))
    assert len(texts) >= 3
    for page in texts:
        assert "INV-K1-000042" in page and "Toko Roti & Kopi Bu Ani" in page and "Toko Makmur" in page
        if "Roti Sobek Cokelat" in page:
            assert "Unit price" in page  # the column titles repeat on every page with lines
    everything = "\n".join(texts)
    for n in range(1, 61):
        assert re.search(rf"Roti Sobek Cokelat {n}\b", everything), n
    assert everything.count("Grand total") == 1 and "Grand total" in texts[-1]
    assert everything.count("In words:") == 1


def test_a_delivery_note_has_no_prices():
    set_language("id")
    (text,) = pages(invoice_pdf(invoice(3, delivery_note=True)))
    assert "SURAT JALAN" in text and "Roti Sobek Cokelat 2" in text and "12" in text
    assert "Rp" not in text and "Terbilang" not in text


def test_the_statement_and_the_aging_list():
    set_language("en")
    rows = (StatementRow(dt.date(2026, 10, 3), "Sale on kasbon", "INV-K1-000001", Money(600000), Money(0),
                         Money(1050000)),
            StatementRow(dt.date(2026, 10, 6), "Payment", "Paid (cash)", Money(0), Money(300000), Money(750000)))
    s = StatementData("Toko Roti", "Kledung", "Toko Makmur", "LG00201", dt.date(2026, 10, 1), dt.date(2026, 10, 31),
                      Money(450000), rows, Money(600000), Money(300000), Money(750000))
    (text,) = pages(statement_pdf(s))
    for expected in ("STATEMENT OF ACCOUNT", "Toko Makmur", "LG00201", "Opening balance", "Rp 450.000",
                     "INV-K1-000001", "Rp 600.000", "Rp 300.000", "Closing balance", "Rp 750.000"):
        assert expected in text, expected
    a = AgingData("Toko Roti", dt.date(2026, 11, 8), ("Not yet due", "0–7 days", "8–30 days", "31–60 days",
                                                       "over 60 days"),
                  (("Toko Makmur", "LG00201", (Money(0), Money(100000), Money(200000), Money(0), Money(0)),
                    Money(300000)),), (Money(0), Money(100000), Money(200000), Money(0), Money(0)), Money(300000))
    (text,) = pages(aging_pdf(a))
    for expected in ("KASBON AGING", "8 Nov 2026", "Toko Makmur", "Rp 100.000", "Rp 200.000", "Rp 300.000"):
        assert expected in text, expected


def placed_text(pdf: bytes) -> list[tuple[float, float, str]]:
    """(x, y, text) of every piece of text on the first page, in points from the bottom left."""
    found: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            found.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], text.strip()))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return found


def test_the_aging_header_takes_at_most_two_lines_and_each_total_stands_under_its_column():
    set_language("id")
    buckets = ("Belum jatuh tempo", "0–7 hari", "8–30 hari", "31–60 hari", "lebih dari 60 hari")
    big = Money(17365000)
    a = AgingData("Toko Roti", dt.date(2026, 11, 26), buckets,
                  (("Toko Kelontong Lancar Jaya Makmur", "LG00170", (big, Money(0), Money(0), Money(0), big),
                    Money(2 * big.minor)),), (big, Money(0), Money(0), Money(0), big), Money(2 * big.minor))
    placed = placed_text(aging_pdf(a))
    member = next((x, y) for x, y, t in placed if t == "Member")
    header = [(x, y, t) for x, y, t in placed  # the header row: on the line of "Member" and above it
              if -1 < y - member[1] < 40 and t not in ("Pelanggan", "Member")]
    assert len({round(y) for _x, y, _t in header}) <= 2, header  # "Belum jatuh / tempo": two lines, not three
    code_end = next(x for x, _y, t in placed if t == "LG00170") + 15 * 72 / 25.4  # the member code's column
    total_row = sorted((x, t) for x, y, t in placed if t.startswith("Rp") and y == min(
        yy for _xx, yy, tt in placed if tt.startswith("Rp")))
    assert [t for _x, t in total_row] == ["Rp 17.365.000", "Rp 17.365.000", "Rp 34.730.000"]
    assert all(x > code_end for x, _t in total_row), (total_row, code_end)  # none under the member column
    header_x = sorted(x for x, _y, t in header if t in ("Belum jatuh", "Belum"))
    assert header_x and total_row[0][0] > header_x[0] - 10 * 72 / 25.4  # under its own header
