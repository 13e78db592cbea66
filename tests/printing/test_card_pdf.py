"""Member cards on A4 for a print shop: what the shop and the customer see on the printed sheet.

The PDF is checked the way a person would: rendered to pixels (pdftoppm), read back as text
(pdftotext, pdfinfo) and scanned (zbarimg), all from poppler-utils and zbar-tools. Without them the
tests are skipped, except under CI (the CI variable set), where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from pos.printing.card import CardData, reward_rule
from pos.printing.card_pdf import cards_pdf, drawable

DPI = 300
PX = DPI / 25.4  # pixels in a millimetre
PT = 72 / 25.4  # PDF points in a millimetre
CARD_W, CARD_H = 85.6, 54.0  # ID-1, in mm
A4_W, A4_H = 210.0, 297.0
# The grid of 2 x 5 cards, centred on A4 (what the brief asks for, worked out here independently of the code).
GRID_LEFT, GRID_TOP = (A4_W - 2 * CARD_W) / 2, (A4_H - 5 * CARD_H) / 2

SHOP = "Toko Roti & Kopi Bu Ani"


def card(n: int = 9, **changes) -> CardData:
    data = dict(shop_name=SHOP, member_name="Bu Sari Wulandari", member_code=f"LG{n:05d}", stamps=7,
                stamps_needed=10, reward="Es Kopi Susu Gula Aren", shop_whatsapp="0812-2735-4816")
    data.update(changes)
    return CardData(**data)


def tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        message = f"{name} is not installed (apt-get install poppler-utils zbar-tools)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def run(*args: str) -> str:
    return subprocess.run([tool(args[0]), *args[1:]], capture_output=True, text=True, check=True).stdout


@dataclass
class Image:
    """A grey page (0 black .. 255 white), one byte a pixel, row by row."""
    width: int
    height: int
    pixels: bytes

    def crop(self, left_mm: float, top_mm: float, width_mm: float, height_mm: float) -> Image:
        x, y, w, h = (round(v * PX) for v in (left_mm, top_mm, width_mm, height_mm))
        rows = b"".join(self.pixels[(y + i) * self.width + x:(y + i) * self.width + x + w] for i in range(h))
        return Image(w, h, rows)

    def save(self, path: Path) -> Path:
        path.write_bytes(b"P5\n%d %d\n255\n" % (self.width, self.height) + self.pixels)
        return path


def render(pdf: Path, page: int) -> Image:
    out = pdf.with_name(f"{pdf.stem}-{page}")
    run("pdftoppm", "-gray", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(out))
    data = out.with_suffix(".pgm").read_bytes()
    magic, width, height, depth, pixels = data.split(maxsplit=4)
    assert magic == b"P5" and depth == b"255"
    width, height = int(width), int(height)
    return Image(width, height, pixels[-width * height:])


def cell(slot: int) -> tuple[float, float, float, float]:
    """left, top, width, height in mm, from the top left corner of the page, of card ``slot`` (0-9)."""
    row, column = divmod(slot, 2)
    return GRID_LEFT + column * CARD_W, GRID_TOP + row * CARD_H, CARD_W, CARD_H


def scan(image: Image, path: Path) -> list[str]:
    """What zbarimg reads on the image: 'QR-Code:LG00009', 'CODE-128:LG00009', ..."""
    result = subprocess.run([tool("zbarimg"), "-q", str(image.save(path))], capture_output=True, text=True)
    assert result.returncode in (0, 4), result.stderr  # 4: no symbol found
    return sorted(result.stdout.split())


def lines_across(image: Image, along: str) -> list[float]:
    """Where, in mm from the page's left (along='columns') or top ('rows'), a grey or black line crosses
    most of the page: the outlines of the cards. Anything else on a card is far shorter."""
    w, h = image.width, image.height
    dark = bytes(1 if v < 230 else 0 for v in range(256))
    marked = image.pixels.translate(dark)
    if along == "columns":
        counts = [sum(marked[x::w]) for x in range(w)]
        needed = 0.6 * h
    else:
        counts = [sum(marked[y * w:(y + 1) * w]) for y in range(h)]
        needed = 0.6 * w
    found: list[list[int]] = []
    for i, count in enumerate(counts):
        if count >= needed:
            if found and i - found[-1][-1] <= 2:
                found[-1].append(i)
            else:
                found.append([i])
    return [(sum(run_) / len(run_) + 0.5) / PX for run_ in found]  # the centre of the pixel run


@pytest.fixture(scope="module")
def sheet(tmp_path_factory) -> tuple[Path, list[CardData], int]:
    cards = [card(n) for n in range(1, 24)]
    pdf = tmp_path_factory.mktemp("cards") / "cards.pdf"
    return pdf, cards, cards_pdf(cards, pdf)


def test_importing_the_module_does_not_load_reportlab():
    code = "import sys, pos.printing.card_pdf; print('reportlab' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_23_cards_make_3_a4_pages(sheet):
    pdf, _cards, pages = sheet
    assert pages == 3
    info = run("pdfinfo", str(pdf))
    assert re.search(r"^Pages:\s+3$", info, re.M)
    width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).groups())
    assert (width / PT, height / PT) == pytest.approx((A4_W, A4_H), abs=0.1)


def test_each_card_is_85_6_by_54_mm_and_the_sheet_is_centred(sheet):
    """Measured on the printed page: the grey outlines lie 85.6 mm apart across and 54 mm apart down."""
    pdf, _cards, _pages = sheet
    page = render(pdf, 1)
    columns, rows = lines_across(page, "columns"), lines_across(page, "rows")
    assert len(columns) == 3 and len(rows) == 6, (columns, rows)  # 2 cards across, 5 down
    tolerance = 0.2  # mm: under 3 pixels at 300 dpi
    assert [b - a for a, b in zip(columns, columns[1:])] == pytest.approx([CARD_W] * 2, abs=tolerance)
    assert [b - a for a, b in zip(rows, rows[1:])] == pytest.approx([CARD_H] * 5, abs=tolerance)
    assert columns[0] == pytest.approx(A4_W - columns[-1], abs=tolerance)  # as much margin left as right
    assert rows[0] == pytest.approx(A4_H - rows[-1], abs=tolerance)


def test_every_card_scans_as_its_member_code_qr_and_barcode(sheet, tmp_path):
    """A page holds 10 cards: in each place on the sheet, the QR and the Code 128 read that card's code."""
    pdf, cards, _pages = sheet
    first, last = render(pdf, 1), render(pdf, 3)
    for slot in range(10):
        code = cards[slot].member_code
        assert scan(first.crop(*cell(slot)), tmp_path / "card.pgm") == [f"CODE-128:{code}", f"QR-Code:{code}"]
    for slot in range(10):  # the last page: cards 21, 22 and 23, then nothing
        code = cards[20 + slot].member_code if slot < 3 else ""
        expected = [f"CODE-128:{code}", f"QR-Code:{code}"] if code else []
        assert scan(last.crop(*cell(slot)), tmp_path / "card.pgm") == expected


def test_the_card_shows_shop_member_code_and_reward_rule(tmp_path):
    one = card(9)
    pdf = tmp_path / "one.pdf"
    assert cards_pdf([one], pdf) == 1
    text = " ".join(run("pdftotext", "-raw", str(pdf), "-").split())
    for expected in (SHOP, "Bu Sari Wulandari", "LG00009", reward_rule(one), "0812-2735-4816"):
        assert expected in text


def test_a_card_without_stamps_has_no_reward_rule(tmp_path):
    plain = card(9, stamps=0, stamps_needed=0, reward="")
    pdf = tmp_path / "plain.pdf"
    cards_pdf([plain], pdf)
    text = " ".join(run("pdftotext", "-raw", str(pdf), "-").split())
    assert "Bu Sari Wulandari" in text and "LG00009" in text
    assert "Collect" not in text  # the reward rule (tests run in English)


def test_a_name_beyond_latin1_still_prints_and_scans(tmp_path):
    odd = card(31, member_name="Ibu Siti — 李", shop_name="Warung “Bu Tutik” – Kledung", reward="Teh Manis ☕")
    pdf = tmp_path / "odd.pdf"
    with open(pdf, "wb") as file:  # a file object works as well as a path
        assert cards_pdf([odd], file) == 1
    text = " ".join(run("pdftotext", "-raw", str(pdf), "-").split())
    assert "Ibu Siti - ?" in text and 'Warung "Bu Tutik" - Kledung' in text
    assert scan(render(pdf, 1).crop(*cell(0)), tmp_path / "card.pgm") == ["CODE-128:LG00031", "QR-Code:LG00031"]


def test_text_helvetica_cannot_draw_is_spelled_in_ascii():
    assert drawable("Ibu Siti — 李") == "Ibu Siti - ?"
    assert drawable("José Müller\tà") == "José Müller à"  # Latin-1 stays as it is


def test_long_texts_stay_inside_their_card(tmp_path):
    """Every word pdftotext finds lies within the card it belongs to, 1 mm clear of the cut; codes still scan."""
    long = card(77, shop_name="Warung Makan Sederhana Pak Haji Slamet Riyadi Cabang Kledung Temanggung",
                member_name="Raden Ayu Kusumaningrum Prawirodirdjo Hadiningrat Setyaningsih",
                stamps=15, stamps_needed=20, reward="Keripik Pisang Manis 250 g dan Es Teh Manis ukuran besar sekali "
                "dengan gula aren asli dari Temanggung", shop_whatsapp="0812-2735-4816-0812-2735-4816")
    silly = card(78, member_name=" ".join(["Supercalifragilisticexpialidocious" * 2, "X" * 90]))
    cards = [long, silly, card(79, stamps=40, stamps_needed=50), card(80, member_code="LG-2026-000123-KLEDUNG")]
    pdf = tmp_path / "long.pdf"
    cards_pdf(cards, pdf)
    html = run("pdftotext", "-bbox", str(pdf), "-")
    boxes = [tuple(float(v) / PT for v in m.groups()) for m in
             re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">', html)]
    assert len(boxes) > 40
    margin = 1.0
    for x0, y0, x1, y1 in boxes:
        inside = [slot for slot in range(len(cards))
                  if (left := cell(slot)[0]) + margin <= x0 and x1 <= left + CARD_W - margin
                  and (top := cell(slot)[1]) + margin <= y0 and y1 <= top + CARD_H - margin]
        assert inside, f"a word at {x0:.1f}..{x1:.1f} x {y0:.1f}..{y1:.1f} mm crosses the edge of its card"
    text = " ".join(run("pdftotext", "-raw", str(pdf), "-").split())
    assert long.member_name in text  # a long name gets smaller, on two lines, but stays whole
    assert "Stamps: 40 of 50" in text  # too many stamps for circles: said in words
    page = render(pdf, 1)
    for slot, one in enumerate(cards):
        code = one.member_code
        assert scan(page.crop(*cell(slot)), tmp_path / "card.pgm") == [f"CODE-128:{code}", f"QR-Code:{code}"]


def test_no_cards_is_an_error_not_an_empty_sheet(tmp_path):
    with pytest.raises(ValueError):
        cards_pdf([], tmp_path / "none.pdf")
