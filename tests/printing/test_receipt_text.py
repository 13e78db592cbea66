import datetime as dt

from pos.i18n import set_language
from pos.money import Money, Quantity
from pos.printing.receipt import ReceiptData, ReceiptLine, receipt_text


def receipt(**changes) -> ReceiptData:
    data = dict(shop_name="Toko Roti & Kopi Bu Ani", address="Dusun Krajan RT 03/RW 02, Desa Kledung, Temanggung",
                number="K1-000123", moment=dt.datetime(2026, 11, 27, 3, 5), time_zone="Asia/Jakarta",
                cashier="Dita", customer="Bu Sari",
                lines=(ReceiptLine("Keripik Pisang Manis 250 g", Quantity.of(10), Money(15500), Money(155000),
                                   ("Harga reseller (min. 10)",)),
                       ReceiptLine("Keripik Pisang Manis 250 g", Quantity.of(1), Money(0), Money(0),
                                   ("Beli 10 gratis 1",), free=True)),
                subtotal=Money(155000), discounts=Money(0), tax=Money(0), tax_label="Pajak", rounding=Money(0),
                total=Money(155000), payments=(("Tunai", Money(200000)),), change=Money(45000),
                footer="Matur nuwun sudah mampir! Pesan lewat WhatsApp 0812-2735-4816, bisa diantar.")
    data.update(changes)
    return ReceiptData(**data)


def test_a_58_mm_receipt_fits_32_columns_and_never_breaks_a_word():
    set_language("id")
    text = receipt_text(receipt(), 32)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 32
    words = set(text.split())
    for sentence in (receipt().address, receipt().footer):
        assert set(sentence.split()) <= words  # every word whole, none cut at the edge
    assert "27 Nov 2026 10:05" in text  # the shop's clock, not UTC
    assert "  10 x Rp 15.500      Rp 155.000" in lines
    assert any(line.endswith("GRATIS") for line in lines)
    assert lines[-1].strip() == "bisa diantar."
    assert any(line.startswith("Kembalian") and line.endswith("Rp 45.000") for line in lines)


def test_a_stamp_card_says_how_far_full_and_what_carries_over():
    from pos.printing.receipt import stamp_words

    set_language("en")
    assert stamp_words(7, 10, "Kopi") == "Stamps 7/10 — 3 more for a free Kopi"
    assert stamp_words(10, 10, "Kopi") == "Stamp card full — the reward (Kopi) is ready to take"
    assert stamp_words(15, 10, "Kopi") == ("Stamp card full — the reward (Kopi) is ready to take; "
                                           "5 stamps carry over to the next card")
    set_language("id")
    assert "Stempel 15" not in stamp_words(15, 10, "Kopi")
