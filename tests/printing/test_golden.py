"""Golden files: the receipt as text at 32 and 48 columns, and the exact bytes of every printer kind we offer.

After an intended change, rewrite them with POS_UPDATE_GOLDEN=1 and read the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pos.i18n import set_language
from pos.printing.document import QR, Barcode, Document, Pair, Rule, Text
from pos.printing.receipt import receipt_text
from pos.printing.render_escpos import PROFILES, to_bytes
from tests.printing.test_receipt_document import regular_receipt

GOLDEN = Path(__file__).parent / "golden"


def check(name: str, actual: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("POS_UPDATE_GOLDEN"):
        path.write_bytes(actual)
    assert path.exists(), f"{path} is missing: run with POS_UPDATE_GOLDEN=1 once"
    assert actual == path.read_bytes(), f"{name} differs from its golden file"


@pytest.mark.parametrize("columns", [32, 48])
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_receipt_text_is_as_reviewed(columns, language):
    set_language(language)
    text = receipt_text(regular_receipt(), columns)
    assert all(len(line) <= columns for line in text.splitlines())
    check(f"receipt-{columns}-{language}.txt", (text + "\n").encode())


SMALL = Document((Text("Toko Bu Ani", align="center", bold=True), Rule(), Pair("Nastar 500 g", "Rp 85.000"),
                  Text("TOTAL Rp 85.000", bold=True, big=True), QR("K1-000001"), Barcode("LG00009")),
                 open_drawer=True)


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_the_bytes_for_each_printer_kind_are_as_reviewed(profile):
    check(f"small-{profile}.bin", to_bytes(SMALL, profile))
