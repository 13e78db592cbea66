"""The Status picture of a demo product, with each kind of promotion, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from tests.factories import owner_pin
from pos.models import Product, ProductPicture, Promotion
from pos.money import Money
from pos.printing.status_picture import draw_status_picture, render_status_picture
from pos.services.errors import InvalidInput
from pos.services.promotion_book import set_promotion_active
from pos.services.shop import _update_shop_settings
from pos.services.status_picture import save_status_picture, status_content, status_picture

DURING_RAMADAN = dt.datetime(2027, 2, 20, 5)  # UTC: 20 Feb 2027 at noon in Temanggung
AFTER_RAMADAN = dt.datetime(2027, 4, 1, 5)
BUY_10 = "Beli 10 gratis 1 Keripik Pisang"


@pytest.fixture
def shop(demo_database) -> dict:
    return {"product": {p.code: p.id for p in Product.select()}, "promo": {p.name: p.id for p in Promotion.select()}}


def size_of(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        return image.size


def test_a_product_with_its_promotion(shop):
    c = status_content(shop["product"]["CML-01"], shop["promo"][BUY_10], now=DURING_RAMADAN)
    assert (c.shop_name, c.whatsapp, c.colour) == ("Toko Roti & Kopi Bu Ani", "0812-2735-4816", "#2e7d32")
    assert (c.product_name, c.price, c.old_price, c.unit) == ("Keripik Pisang Manis 250 g", Money(18000), None, "bks")
    assert (c.promo_line, c.promo_note) == ("Buy 10 get 1 free", BUY_10)  # the words of the receipt
    data = status_picture(shop["product"]["CML-01"], shop["promo"][BUY_10], now=DURING_RAMADAN)
    assert size_of(data) == (1080, 1920)
    assert data == render_status_picture(c)
    drawing = draw_status_picture(c)
    assert " ".join(d.text for d in drawing.drawn["name"]) == "Keripik Pisang Manis 250 g"
    assert [d.text for d in drawing.drawn["price"]] == ["Rp 18.000"]
    assert [d.text for d in drawing.drawn["promo"]] == ["Buy 10 get 1 free"]


def test_without_a_promotion_only_the_price(shop):
    c = status_content(shop["product"]["CML-01"])
    assert (c.price, c.old_price, c.promo_line, c.promo_note) == (Money(18000), None, "", "")
    assert size_of(status_picture(shop["product"]["CML-01"])) == (1080, 1920)


def test_a_discount_shows_the_price_after_it_and_until_when(shop):
    ramadan = shop["promo"]["Diskon Ramadan 10% kue kering"]
    c = status_content(shop["product"]["KRG-01"], ramadan, now=DURING_RAMADAN)  # Nastar, Rp 95.000
    assert (c.price, c.old_price) == (Money(85500), Money(95000))
    assert c.promo_line == "Diskon Ramadan 10% kue kering"  # its name says 10% already: not said twice
    assert c.promo_note == "until 9 Mar 2027"  # valid to 10 Mar, not included
    evening = status_content(shop["product"]["ROT-01"], shop["promo"]["Roti sore diskon 30%"], now=DURING_RAMADAN)
    assert (evening.price, evening.old_price) == (Money(12600), Money(18000))
    assert (evening.promo_line, evening.promo_note) == ("30% off from 19:00", "Roti sore diskon 30%")


def test_a_discount_for_some_customers_only_leaves_the_price(shop):
    students = status_content(shop["product"]["KOP-01"], shop["promo"]["Diskon pelajar 5%"])
    assert (students.price, students.old_price) == (Money(45000), None)
    assert students.promo_line == "Diskon pelajar 5%"  # not "Diskon pelajar 5%: 5% off"


def test_a_gift_and_the_stamp_card_in_words(shop):
    gift = status_content(shop["product"]["KUE-01"], shop["promo"]["Tester gratis belanja ≥ Rp 200.000"])
    assert gift.promo_line == "Free with purchases ≥ Rp 200.000"
    card = status_content(shop["product"]["KOP-01"], shop["promo"]["Kartu stempel: 10 kopi gratis 1"])
    assert card.promo_line == "Collect 10 stamps: Es Kopi Susu Gula Aren free"
    assert card.price == Money(45000)


def test_bad_choices_are_refused_with_a_reason(shop):
    ids, promos = shop["product"], shop["promo"]
    with pytest.raises(InvalidInput, match="not in the catalogue"):
        status_picture(999_999)
    with pytest.raises(InvalidInput, match="not there any more"):
        status_picture(ids["CML-01"], 999_999)
    with pytest.raises(InvalidInput, match=f"{BUY_10} is not for Bolu Pandan"):
        status_picture(ids["KUE-01"], promos[BUY_10])
    with pytest.raises(InvalidInput, match="is over"):
        status_picture(ids["KRG-01"], promos["Diskon Ramadan 10% kue kering"], now=AFTER_RAMADAN)
    set_promotion_active(promos[BUY_10], False, owner_pin=owner_pin())
    with pytest.raises(InvalidInput, match="switched off"):
        status_picture(ids["CML-01"], promos[BUY_10])
    _update_shop_settings({"whatsapp": ""})
    with pytest.raises(InvalidInput, match="WhatsApp number"):
        status_picture(ids["CML-01"])


def test_the_number_is_shown_the_way_people_read_it(shop):
    _update_shop_settings({"whatsapp": "+62 812 3456 7890"})
    assert status_content(shop["product"]["CML-01"]).whatsapp == "0812-3456-7890"
    _update_shop_settings({"whatsapp": "WA: ask at the counter"})  # not a number: as the owner wrote it
    assert status_content(shop["product"]["CML-01"]).whatsapp == "WA: ask at the counter"


def test_the_product_picture_is_used(shop):
    red = io.BytesIO()
    Image.new("RGB", (96, 96), (220, 20, 20)).save(red, "PNG")
    ProductPicture.create(product=shop["product"]["CML-01"], data=red.getvalue())
    c = status_content(shop["product"]["CML-01"])
    assert c.picture == red.getvalue()
    drawing = draw_status_picture(c)
    x0, y0, x1, y1 = drawing.boxes["picture"][0]
    assert drawing.image.getpixel(((x0 + x1) // 2, (y0 + y1) // 2)) == (220, 20, 20)


def test_the_picture_is_saved_in_the_documents_folder(shop, tmp_path):
    from pos.settings import data_dir

    path = save_status_picture(shop["product"]["CML-01"], shop["promo"][BUY_10], now=DURING_RAMADAN)
    assert path == data_dir() / "documents" / "status-keripik-pisang-manis-250-g-2027-02-20.png"
    assert size_of(path.read_bytes()) == (1080, 1920)
    elsewhere = save_status_picture(shop["product"]["ROT-01"], None, tmp_path / "out", now=DURING_RAMADAN)
    assert elsewhere == tmp_path / "out" / "status-roti-sobek-cokelat-2027-02-20.png" and elsewhere.is_file()
    assert [p.name for p in (tmp_path / "out").iterdir()] == [elsewhere.name]  # no temporary file left
