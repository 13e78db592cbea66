"""The Status picture: its size, and that the product's name and price are really drawn where it says.

"Really drawn" is checked by rendering: every line the renderer reports is rendered again, alone, with the
same font file and size, and compared pixel by pixel with what is in the picture at the reported box.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from pos.money import Money
from pos.printing.status_picture import (BAND, BAND_INK, CREAM, HEIGHT, MARGIN, SAFE, STRIKE, TEXT_W, WHITE, WIDTH,
                                         StatusContent, clean, draw_status_picture, font_path, render_status_picture)


def content(**changes) -> StatusContent:
    values = dict(shop_name="Toko Roti & Kopi Bu Ani", product_name="Keripik Pisang", price=Money(25000),
                  whatsapp="0812-2735-4816", colour="#2e7d32")
    values.update(changes)
    return StatusContent(**values)


def png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


# --- comparing a drawn line with the same text rendered alone -----------------------------------------------------
def ink(image: Image.Image, box: tuple[int, int, int, int], colour: tuple[int, ...]) -> Image.Image:
    """The pixels of ``colour`` (give or take antialiasing) around ``box``, cut to where they are."""
    x0, y0, x1, y1 = box
    crop = image.crop((x0 - 4, y0 - 4, x1 + 4, y1 + 4))
    r, g, b = ImageChops.difference(crop, Image.new("RGB", crop.size, colour[:3])).split()
    mask = ImageChops.lighter(ImageChops.lighter(r, g), b).point(lambda v: 255 if v < 40 else 0)
    assert mask.getbbox() is not None, f"nothing of colour {colour} at {box}"
    return mask.crop(mask.getbbox())


def alone(text: str, size: int, bold: bool) -> Image.Image:
    font = ImageFont.truetype(str(font_path(bold)), size)
    image = Image.new("L", (int(font.getlength(text)) + 40, size * 2), 0)
    ImageDraw.Draw(image).text((20, 10), text, font=font, fill=255)
    mask = image.point(lambda v: 255 if v > 127 else 0)
    return mask.crop(mask.getbbox())


def mismatch(a: Image.Image, b: Image.Image) -> int:
    """Pixels where the two differ beyond a 1-pixel edge, at the best of small shifts."""
    w, h = max(a.width, b.width) + 6, max(a.height, b.height) + 6
    best = w * h
    for dx in range(-2, 3):
        for dy in range(-2, 3):
            first, second = Image.new("L", (w, h)), Image.new("L", (w, h))
            first.paste(a, (3, 3))
            second.paste(b, (3 + dx, 3 + dy))
            wrong = ImageChops.difference(first, second).filter(ImageFilter.MinFilter(3))
            best = min(best, sum(wrong.histogram()[1:]))
    return best


def drawn_as(drawing, key: str, colour: tuple[int, ...], text: str | None = None) -> int:
    """How far the picture at ``key`` is from its text (or ``text``) rendered alone: 0 is identical."""
    found = drawing.drawn[key]
    return max(mismatch(ink(drawing.image, d.box, colour), alone(text or d.text, d.size, d.bold)) for d in found)


# --- the acceptance: size, name and price ------------------------------------------------------------------------
def test_the_picture_is_a_1080_by_1920_png():
    data = render_status_picture(content())
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (WIDTH, HEIGHT) == (1080, 1920)


@pytest.mark.parametrize("promo", [{}, {"promo_line": "Beli 10 gratis 1", "promo_note": "sampai 9 Mar 2027",
                                        "old_price": Money(30000), "unit": "pak"}])
def test_the_product_name_and_the_price_are_drawn(promo):
    drawing = draw_status_picture(content(**promo))
    assert " ".join(d.text for d in drawing.drawn["name"]) == "Keripik Pisang"
    assert [d.text for d in drawing.drawn["price"]] == ["Rp 25.000"]
    assert drawn_as(drawing, "name", WHITE) < 20
    assert drawn_as(drawing, "price", CREAM) < 20
    assert drawn_as(drawing, "shop", WHITE) < 20
    assert [d.text for d in drawing.drawn["whatsapp"]] == ["0812-2735-4816"]
    assert [d.text for d in drawing.drawn["whatsapp_label"]] == ["Order via WhatsApp"]
    if promo:
        assert [d.text for d in drawing.drawn["promo"]] == ["Beli 10 gratis 1"]
        assert drawn_as(drawing, "promo", BAND_INK) < 20
        assert [d.text for d in drawing.drawn["old_price"]] == ["Rp 30.000"]


def test_the_pixel_check_tells_another_text_apart():
    """The comparison above would catch a wrong letter or digit."""
    drawing = draw_status_picture(content(product_name="Bolu Pandan", price=Money(55000)))
    assert drawn_as(drawing, "name", WHITE) < 20
    assert drawn_as(drawing, "name", WHITE, "Bolu Pendan") > 60
    assert drawn_as(drawing, "price", CREAM, "Rp 56.000") > 60


def test_the_price_may_be_text_already():
    drawing = draw_status_picture(content(price="2 for Rp 45.000"))
    assert [d.text for d in drawing.drawn["price"]] == ["2 for Rp 45.000"]


# --- fitting ------------------------------------------------------------------------------------------------------
LONG = "Kue Tart Ulang Tahun Coklat Keju Spesial Pesanan Hajatan 22 cm"


def test_a_long_name_wraps_within_the_width():
    drawing = draw_status_picture(content(product_name=LONG))
    lines = drawing.drawn["name"]
    assert 2 <= len(lines) <= 3
    assert " ".join(d.text for d in lines) == LONG
    for d in lines:
        assert MARGIN <= d.box[0] and d.box[2] <= WIDTH - MARGIN
    assert drawn_as(drawing, "name", WHITE) < 20


def test_a_name_too_long_for_three_lines_ends_in_an_ellipsis():
    drawing = draw_status_picture(content(product_name=" ".join([LONG] * 4)))
    lines = drawing.drawn["name"]
    assert len(lines) == 3 and lines[-1].text.endswith("…")
    assert all(d.box[2] - d.box[0] <= TEXT_W for d in lines)


def test_a_word_wider_than_the_picture_is_cut():
    drawing = draw_status_picture(content(product_name="W" * 60))
    lines = drawing.drawn["name"]
    assert "".join(d.text for d in lines).rstrip("…").strip("W") == ""
    assert all(MARGIN <= d.box[0] and d.box[2] <= WIDTH - MARGIN for d in lines)


def test_a_letter_the_font_lacks_becomes_a_question_mark():
    assert clean("Kopi ☕\nSusu") == "Kopi ? Susu"
    assert clean("Gratis ≥ Rp 200.000 – “enak”") == "Gratis ≥ Rp 200.000 – “enak”"


def pictures() -> dict[str, bytes]:
    return {"red": png(Image.new("RGB", (96, 96), (220, 20, 20))), "blue": png(Image.new("RGB", (300, 120),
                                                                                         (20, 40, 220)))}


EVERYTHING = dict(shop_name="Toko Kue dan Roti Sumber Rejeki Makmur Sentosa Abadi Jaya Cabang Temanggung Kota",
                  product_name=LONG + " " + LONG, price=Money(12_345_678), old_price=Money(99_999_999),
                  unit="loyang besar", promo_line="Beli 10 gratis 1 untuk semua pembelian di hari Jumat dan Sabtu",
                  promo_note="Promo Lebaran untuk pelanggan setia · sampai 30 Apr 2027 · berlaku di semua cabang",
                  whatsapp="+62 812-2735-4816 / 0813-1111-2222")


@pytest.mark.parametrize("changes", [{}, {"promo_line": "Beli 10 gratis 1"}, {"old_price": Money(30000)},
                                     EVERYTHING, {**EVERYTHING, "logo": "red", "picture": "blue"},
                                     {"logo": "red", "picture": "blue", "promo_line": "Diskon 10%", "unit": "pak"}],
                         ids=["plain", "promo", "discount", "everything long", "long with pictures", "pictures"])
def test_nothing_leaves_the_canvas_or_runs_into_something_else(changes):
    changes = {k: pictures()[v] if k in ("logo", "picture") else v for k, v in changes.items()}
    drawing = draw_status_picture(content(**changes))
    boxes = drawing.boxes
    for name, found in boxes.items():
        for x0, y0, x1, y1 in found:
            assert 0 <= x0 < x1 <= WIDTH and SAFE <= y0 < y1 <= HEIGHT - SAFE, (name, (x0, y0, x1, y1))
            if name not in ("band", "strike"):  # the band runs from edge to edge; the strike a bit past the text
                assert MARGIN <= x0 and x1 <= WIDTH - MARGIN, name
    # top to bottom, each part below the one before
    order = [k for k in ("logo", "shop", "picture", "name", "old_price", "price", "band", "footer") if k in boxes]
    for upper, lower in zip(order, order[1:]):
        assert max(b[3] for b in boxes[upper]) < min(b[1] for b in boxes[lower]), (upper, lower)
    for inside in ("promo", "promo_note"):
        for x0, y0, x1, y1 in boxes.get(inside, ()):
            band = boxes["band"][0]
            assert band[1] < y0 and y1 < band[3]
    for inside in ("whatsapp", "whatsapp_label"):
        footer = boxes["footer"][0]
        x0, y0, x1, y1 = boxes[inside][0]
        assert footer[0] < x0 and x1 < footer[2] and footer[1] < y0 and y1 < footer[3]
    if "unit" in boxes:
        assert boxes["price"][0][2] <= boxes["unit"][0][0]


# --- what changes the picture -------------------------------------------------------------------------------------
def test_a_promotion_adds_the_band():
    plain = draw_status_picture(content())
    promo = draw_status_picture(content(promo_line="Beli 10 gratis 1"))
    assert "band" not in plain.boxes and "promo" not in plain.boxes
    x0, y0, x1, y1 = promo.boxes["band"][0]
    assert promo.image.getpixel((20, (y0 + y1) // 2)) == BAND
    assert plain.image.getpixel((20, (y0 + y1) // 2)) != BAND
    band_area = (0, y0, WIDTH, y1)
    assert ImageChops.difference(plain.image.crop(band_area), promo.image.crop(band_area)).getbbox() is not None


def test_another_price_changes_the_price_and_nothing_at_the_top():
    cheap = draw_status_picture(content(price=Money(25000)))
    dear = draw_status_picture(content(price=Money(85000)))
    price = cheap.boxes["price"][0]
    assert ImageChops.difference(cheap.image.crop(price), dear.image.crop(price)).getbbox() is not None
    top = (0, 0, WIDTH, cheap.boxes["shop"][-1][3] + 10)
    assert ImageChops.difference(cheap.image.crop(top), dear.image.crop(top)).getbbox() is None
    assert drawn_as(dear, "price", CREAM) < 20 and dear.drawn["price"][0].text == "Rp 85.000"


def test_the_old_price_is_struck_through():
    drawing = draw_status_picture(content(old_price=Money(30000), price=Money(25000)))
    old = drawing.boxes["old_price"][0]
    strike = drawing.boxes["strike"][0]
    assert strike[0] < old[0] and old[2] < strike[2] and old[1] < strike[1] < strike[3] < old[3]
    assert drawing.image.getpixel((strike[0] + 4, (strike[1] + strike[3]) // 2)) == STRIKE


def test_the_product_picture_and_the_logo_are_shown():
    drawing = draw_status_picture(content(picture=pictures()["red"], logo=pictures()["blue"]))
    x0, y0, x1, y1 = drawing.boxes["picture"][0]
    assert drawing.image.getpixel(((x0 + x1) // 2, (y0 + y1) // 2)) == (220, 20, 20)
    x0, y0, x1, y1 = drawing.boxes["logo"][0]
    assert drawing.image.getpixel(((x0 + x1) // 2, (y0 + y1) // 2)) == (20, 40, 220)


def test_a_picture_that_cannot_be_read_is_left_out():
    drawing = draw_status_picture(content(picture=b"not a picture", logo=b"\x89PNG broken"))
    assert "picture" not in drawing.boxes and "logo" not in drawing.boxes
    assert drawn_as(drawing, "name", WHITE) < 20


def test_without_a_whatsapp_number_there_is_no_footer():
    drawing = draw_status_picture(content(whatsapp=""))
    assert "footer" not in drawing.boxes and "whatsapp" not in drawing.boxes


def contrast(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    def lum(rgb):
        c = [v / 255 for v in rgb[:3]]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    light, dark = sorted((lum(a), lum(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("colour", ["#fff59d", "#ffffff", "#8d6e63", "not a colour", ""])
def test_white_letters_read_well_on_any_colour(colour):
    drawing = draw_status_picture(content(colour=colour))
    x0, y0, x1, y1 = drawing.boxes["name"][0]
    for x, y in ((MARGIN // 2, y0), (MARGIN // 2, y1), (WIDTH // 2, y0 - 30)):
        assert contrast(drawing.image.getpixel((x, y)), WHITE) >= 4.5


def test_the_fonts_come_with_reportlab_not_from_the_computer():
    import reportlab

    fonts = Path(reportlab.__file__).parent / "fonts"
    for bold in (True, False):
        assert font_path(bold).parent == fonts and font_path(bold).is_file()
