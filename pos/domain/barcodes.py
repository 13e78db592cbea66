"""EAN-13 barcodes: the check digit, the shop's own codes and the weighed-goods codes (issue #25 items 5 and 7).

GS1 keeps the prefixes 20–29 for restricted circulation: codes a shop prints for itself, valid only inside it.
The shop uses two of them, kept apart by the settings:

- the **in-store prefix** (default ``21``): a product without a barcode of its own gets
  ``prefix + a 10-digit number + check digit``;
- the **weighed prefix** (default ``20``): a scale prints ``prefix`` + the 10 digits of the **layout** + the
  check digit. The layout names what each of the 10 digits holds: ``P`` the product's scale number (PLU),
  ``W`` the weight in grams, ``R`` the price in rupiah, ``0`` a digit that is ignored. The default
  ``PPPPPWWWWW`` reads ``20 01234 00485 c`` as PLU 1234, 485 g; a price scale uses e.g. ``PPPP0RRRRR``.

Pure: plain values in, plain values out; errors carry a reason code (``BarcodeError.code``), worded in i18n.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DIGITS = re.compile(r"\d+")
LAYOUT = re.compile(r"[PWR0]{10}")


class BarcodeError(ValueError):
    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.code = reason
        self.params = params


def check_digit(first12: str) -> int:
    """The EAN-13 check digit of 12 digits: weights 1, 3, 1, 3 … from the left, to the next multiple of 10."""
    if len(first12) != 12 or not first12.isdigit():
        raise BarcodeError("ean13_length", code=first12)
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


def with_check_digit(first12: str) -> str:
    return first12 + str(check_digit(first12))


def is_ean13(code: str) -> bool:
    return len(code) == 13 and code.isdigit() and check_digit(code[:12]) == int(code[12])


def check_ean13(code: str) -> str:
    """The code when it is a valid EAN-13; else BarcodeError ``ean13_length`` or ``ean13_check``."""
    if len(code) != 13 or not code.isdigit():
        raise BarcodeError("ean13_length", code=code)
    expected = check_digit(code[:12])
    if expected != int(code[12]):
        raise BarcodeError("ean13_check", code=code, expected=expected)
    return code


def check_typed_barcode(code: str) -> None:
    """A barcode the owner types or scans into a product: 13 digits must be a valid EAN-13 (a misread or a typo
    otherwise lands in the catalogue); other codes (Code 128, a supplier's own) are taken as they are."""
    if len(code) == 13 and code.isdigit():
        check_ean13(code)


def check_prefix(prefix: str) -> str:
    if not re.fullmatch(r"2\d", prefix or ""):
        raise BarcodeError("prefix_range", prefix=prefix)
    return prefix


def check_prefixes(instore: str, weighed: str) -> None:
    """Both in 20–29, and different: a weighed code must never be read as an in-store one."""
    check_prefix(instore)
    check_prefix(weighed)
    if instore == weighed:
        raise BarcodeError("prefix_same", prefix=instore)


def instore_code(prefix: str, number: int) -> str:
    """The shop's own EAN-13 number ``number`` (1 … 9 999 999 999) under ``prefix``."""
    check_prefix(prefix)
    if not 0 < number < 10**10:
        raise BarcodeError("instore_full", prefix=prefix)
    return with_check_digit(f"{prefix}{number:010d}")


def check_layout(layout: str) -> str:
    """Ten places of P, W, R or 0, with one run of P and one run of W or R (not both)."""
    if not LAYOUT.fullmatch(layout or ""):
        raise BarcodeError("layout_bad", layout=layout)
    runs = re.findall(r"P+|W+|R+", layout)
    kinds = [run[0] for run in runs]
    if kinds.count("P") != 1 or len([k for k in kinds if k in "WR"]) != 1:
        raise BarcodeError("layout_bad", layout=layout)
    return layout


@dataclass(frozen=True)
class WeighedCode:
    plu: int  # the product's scale number
    grams: int | None  # weight-embedded: the weight in grams (thousandths of a kg)
    price: int | None  # price-embedded: the pack's price in rupiah


def _field(layout: str, digits: str, letter: str) -> int | None:
    places = [i for i, c in enumerate(layout) if c == letter]
    return int("".join(digits[i] for i in places)) if places else None


def read_weighed(code: str, prefix: str, layout: str) -> WeighedCode | None:
    """A weighed pack's code read by the layout; None when ``code`` is not under the weighed prefix.

    A code under the prefix with a wrong check digit is refused (BarcodeError ``ean13_check``): a misread weight
    must never become a sale."""
    if len(code) != 13 or not code.isdigit() or not code.startswith(prefix):
        return None
    check_ean13(code)
    check_layout(layout)
    body = code[2:12]
    plu = _field(layout, body, "P")
    assert plu is not None
    return WeighedCode(plu, _field(layout, body, "W"), _field(layout, body, "R"))


def weighed_code(prefix: str, layout: str, plu: int, *, grams: int | None = None, price: int | None = None) -> str:
    """The EAN-13 a scale prints for a pack (what the label of a weighed pack carries)."""
    check_prefix(prefix)
    check_layout(layout)
    values = {"P": plu, "W": grams, "R": price}
    body = list(layout)  # P, W, R places are filled below; 0 stays 0
    for letter in "PWR":
        places = [i for i, c in enumerate(layout) if c == letter]
        if not places:
            continue
        value = values[letter]
        if value is None:
            raise BarcodeError("weighed_missing", what=letter)
        text = str(value)
        if value < 0 or len(text) > len(places):
            raise BarcodeError("weighed_too_big", what=letter, value=value, places=len(places))
        for i, digit in zip(places, text.zfill(len(places)), strict=True):
            body[i] = digit
    return with_check_digit(prefix + "".join(body))
