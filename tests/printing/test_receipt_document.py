"""The receipt as a document: the same layout on screen, on 58 mm and on 80 mm paper, and the exact bytes."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.i18n import set_language
from pos.money import Money, Quantity
from pos.printing.document import Barcode, Document, Text, fold, layout
from pos.printing.receipt import ReceiptData, ReceiptLine, receipt_document, receipt_text
from pos.printing.render_escpos import CODE_PAGE_PC437, CUT, DRAWER_KICK, INIT, code128, to_bytes

LINK = "https://wa.me/6281227354816?text=Halo%2C%20struk%20K1-000123"


def regular_receipt(**changes) -> ReceiptData:
    data = dict(
        shop_name="Toko Roti & Kopi Bu Ani", address="Dusun Krajan RT 03/RW 02, Desa Kledung, Temanggung",
        number="K1-000123", moment=dt.datetime(2026, 11, 27, 3, 5), time_zone="Asia/Jakarta", cashier="Dita",
        customer="Bu Sari Wulandari", customer_tier="Langganan", member_code="LG00009", till_id="K1",
        shop_whatsapp="0812-2735-4816",
        lines=(ReceiptLine("Keripik Pisang Manis 250 g", Quantity.of(10), Money(17000), Money(170000),
                           ("Harga langganan",)),
               ReceiptLine("Keripik Pisang Manis 250 g", Quantity.of(1), Money(0), Money(0), ("Beli 10 gratis 1",),
                           free=True),
               ReceiptLine("Es Kopi Susu Gula Aren — ukuran besar sekali", Quantity.of(2), Money(18000),
                           Money(34200), ("Diskon pelajar 5% (−Rp 1.800)",))),
        subtotal=Money(206000), discounts=Money(1800), tax=Money(20420), tax_label="PB1 10%", rounding=Money(-20),
        total=Money(224600), payments=(("Tunai", Money(100000)), ("QRIS", Money(24600)),
                                       ("Kasbon (bayar nanti)", Money(100000))),
        change=Money(0), footer="Matur nuwun! Pesan lewat WhatsApp, bisa diantar.", kasbon_owed=Money(250000),
        deposit_left=Money(15000), stamps=(7, 10, "Es Kopi Susu Gula Aren"), qr_link=LINK)
    data.update(changes)
    return ReceiptData(**data)


@pytest.mark.parametrize("columns", [32, 48])
def test_every_part_of_a_regulars_receipt_fits_the_paper(columns):
    set_language("id")
    lines = receipt_text(regular_receipt(), columns).splitlines()
    assert max(len(line) for line in lines) <= columns
    text = "\n".join(lines)
    for expected in ("Toko Roti & Kopi Bu Ani", "WA 0812-2735-4816", "K1-000123", "27 Nov 2026 10:05", "Kasir: Dita",
                     "LG00009", "Langganan", "Harga langganan", "Beli 10 gratis 1", "Diskon pelajar 5%",
                     "Es Kopi Susu Gula Aren - ukuran", "PB1 10%", "QRIS", "Kasbon (bayar nanti)"):
        assert expected in text, expected
    def row(label, amount):
        return next(line for line in lines if line.startswith(label) and line.endswith(amount))
    assert len(row("  10 x Rp 17.000", "Rp 170.000")) == columns  # amounts flush right
    assert row("  1 x Rp 0", "GRATIS")
    assert row("Diskon", "-Rp 1.800") and row("Pembulatan", "-Rp 20") and row("TOTAL", "Rp 224.600")
    assert row("Tunai", "Rp 100.000") and row("Kasbon sekarang", "Rp 250.000") and row("Sisa deposit", "Rp 15.000")
    assert "Stempel 7/10 - 3 lagi gratis Es Kopi Susu Gula Aren" in " ".join(text.split())
    assert "Rp\n" not in text and not any(line.rstrip().endswith(" Rp") for line in lines)  # amounts kept whole
    assert "0812-2735-4816" in text and "0813" not in text  # the shop's number; a customer's is never printed


def test_a_reprint_says_copy():
    set_language("id")
    assert "SALINAN" not in receipt_text(regular_receipt())
    assert "S A L I N A N" in receipt_text(regular_receipt(copy=True))


def test_the_58_mm_bytes_initialise_pin_the_code_page_and_never_switch_it():
    set_language("id")
    data = to_bytes(receipt_document(regular_receipt()), "generic58")
    assert data.startswith(INIT + CODE_PAGE_PC437)
    assert data.count(b"\x1bt") == 1  # python-escpos's POS-5890 profile would send ESC t 1 for plain text
    assert b"\x1bE\x01\x1d!\x00TOTAL" in data  # the total in bold
    assert b"\x1dv0" in data and b"\x1d(k" not in data  # the QR as a picture: this profile has no native QR
    assert data.rstrip(b"\n").endswith(b"\x1bd\x04" + CUT)  # a real cut, not only a feed
    assert DRAWER_KICK not in data
    assert all(b < 0x80 for b in data.split(b"\x1dv0")[0])  # only ASCII text before the picture


def test_the_80_mm_bytes_carry_a_native_qr_with_the_link_and_kick_the_drawer_when_asked():
    set_language("id")
    doc = receipt_document(regular_receipt())
    data = to_bytes(Document(doc.blocks, open_drawer=True), "generic80")
    store = b"\x1d(k" + (len(LINK) + 3).to_bytes(2, "little") + b"1P0" + LINK.encode()
    assert store in data and b"\x1d(k\x03\x001Q0" in data  # store the data, then print it
    assert data.endswith(CUT + DRAWER_KICK)
    assert b"\nKasir: Dita - K1\n" in data  # the cashier and the till, on their own line


def test_a_member_card_barcode_is_hardware_code128():
    data = to_bytes(Document((Barcode("LG00009"),), cut=False), "generic58")
    assert code128("LG00009") in data
    assert code128("LG00009").endswith(b"\x1dkI\x09{BLG00009")


@given(st.text(max_size=80))
def test_any_text_folds_to_printable_ascii_without_an_error(text):
    folded = fold(text)
    assert all(" " <= ch < "\x7f" or ch == "\n" for ch in folded)
    for row in layout(Document((Text(text),)), 32).rows:
        assert len(row.text) <= 32


def test_the_58_mm_qr_picture_scans_back_to_the_link(tmp_path):
    import os
    import shutil
    import subprocess

    from pos.printing.render_escpos import qr_picture

    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        if os.environ.get("CI"):
            pytest.fail("zbarimg (zbar-tools) is missing: CI installs it through installer/bootstrap.py test")
        pytest.skip("zbarimg (zbar-tools) is not installed")
    picture = qr_picture(LINK, max_dots=32 * 12 - 32)
    assert picture.width <= 384 - 32
    path = tmp_path / "qr.png"
    picture.resize((picture.width * 3, picture.height * 3)).save(path)
    out = subprocess.run([zbarimg, "--quiet", "--raw", str(path)], capture_output=True, text=True, timeout=30)
    assert out.stdout.strip() == LINK


def test_a_logo_is_dithered_to_the_paper_and_a_missing_one_is_left_out(tmp_path):
    from PIL import Image

    set_language("id")
    logo = tmp_path / "logo.png"
    picture = Image.new("RGBA", (1200, 300), (0, 0, 0, 0))
    for x in range(1200):
        for y in range(100, 200):
            picture.putpixel((x, y), (x % 256, 80, 40, 255))  # a colour gradient band on a transparent ground
    picture.save(logo)
    data = to_bytes(receipt_document(regular_receipt(logo=str(logo))), "generic58")
    raster = data.index(b"\x1dv0")
    width_bytes = data[raster + 4] + 256 * data[raster + 5]
    assert width_bytes * 8 <= 384  # scaled to the 58 mm head
    assert data.index(b"Toko Roti") > raster  # the logo first, then the shop's name
    missing = to_bytes(receipt_document(regular_receipt(logo=str(tmp_path / "gone.png"))), "generic58")
    assert b"Toko Roti" in missing and missing.count(b"\x1dv0") == 1  # only the QR picture: no logo, no error
