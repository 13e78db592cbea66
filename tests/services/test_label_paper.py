"""The labels' paper (issue #25 item 5): the sheet's PDF read back (its text, and its barcodes decoded from the
rendered page with zbarimg), the start position, the 58 mm label's bytes. Paper does not depend on the database
engine: these run on SQLite only (the services they read are tested on both in test_labels.py)."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from pos.domain.barcodes import weighed_code
from pos.money import Money, Quantity
from pos.printing.labels import label_document
from pos.printing.render_escpos import to_bytes
from pos.services.errors import InvalidInput
from pos.services.labels import give_instore_barcode, label_data, write_labels_pdf
from pos.services.scanning import scan_code
from tests.factories import owner_pin
from tests.services.test_labels import barcodes_in, needs_zbar, packed, weighed


@pytest.fixture
def empty_url(tmp_path) -> str:
    return "sqlite://" + (tmp_path / "shop.db").as_posix()


@needs_zbar
def test_the_label_sheet_reads_back(database, tmp_path):
    product = packed(database)
    code = give_instore_barcode(product, owner_pin=owner_pin())
    pdf = tmp_path / "labels.pdf"
    assert write_labels_pdf("CML-01", pdf, copies=3, sheet="tj103", start=11) == 2  # 2 left on the first sheet
    pages = PdfReader(pdf).pages
    text = pages[0].extract_text()
    for words in ("Keripik Pisang Balado", "Net 250 g", "Rp 15.000", "Made 28 Nov 2026", "Best before 28 Dec 2026",
                  "P-IRT No. 2063271010123-26", "Halal MUI 00150012345678"):
        assert words in text
    assert text.count("Keripik Pisang Balado") == 2 and pages[1].extract_text().count("Keripik") == 1
    assert set(barcodes_in(pdf, tmp_path)) == {code}


def test_a_start_beyond_the_sheet_is_refused(database, tmp_path):
    packed(database, barcode="8997321001705")
    with pytest.raises(InvalidInput, match="1 to 12"):
        write_labels_pdf("CML-01", tmp_path / "x.pdf", sheet="tj103", start=13)
    with pytest.raises(InvalidInput, match="no label sheet"):
        write_labels_pdf("CML-01", tmp_path / "x.pdf", sheet="avery")


def test_the_thermal_label_prints_n_copies_with_the_ean13(database):
    packed(database, barcode="8997321001705")
    doc = label_document(label_data("CML-01", with_price=False), copies=2)
    data = to_bytes(doc)
    assert data.count(b"\x1dk\x43\x0c899732100170") == 2  # GS k, EAN-13, the 12 digits; the printer adds the 13th
    assert b"Rp 15.000" not in data and data.count(b"Keripik Pisang Balado") == 2


@needs_zbar
def test_the_weighed_packs_label_prints_its_barcode(database, tmp_path):
    weighed(database)
    label = label_data("CML-06", weight=Quantity(485))
    assert label.barcode == weighed_code("20", "PPPPPWWWWW", 1234, grams=485)
    assert label.price == Money(38800) and label.net_weight == "0,485 kg"
    pdf = tmp_path / "pack.pdf"
    write_labels_pdf("CML-06", pdf, weight=Quantity(485))
    assert "Rp 80.000 / kg" in PdfReader(pdf).pages[0].extract_text()
    [read] = barcodes_in(pdf, tmp_path)
    assert scan_code(read).quantity == Quantity(485)
