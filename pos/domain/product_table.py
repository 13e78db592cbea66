"""Products from a spreadsheet: which column holds what, and each row as checked values or its problems.

Pure functions: the service reads the file (CSV or Excel) into rows of text, these
decide what the columns mean and what each row says. Tier price columns are named
after the tier, with an optional minimum quantity: ``harga_reseller`` (from 1 unit),
``harga_reseller_min10`` (from 10 units); an export writes the same names back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos.domain.headers import guess_columns, header_key
from pos.money import Money, Quantity, parse_amount

CODE, NAME, CATEGORY, UNIT, PRICE, COST, BARCODE, ACTIVE = (
    "code", "name", "category", "unit", "retail_price", "cost", "barcode", "active")
FIELDS = (CODE, NAME, CATEGORY, UNIT, PRICE, COST, BARCODE, ACTIVE)
EXPORT_HEADERS = {CODE: "kode", NAME: "nama", CATEGORY: "kategori", UNIT: "satuan", PRICE: "harga_ecer",
                  COST: "modal", BARCODE: "barcode", ACTIVE: "aktif"}
HEADER_WORDS = {
    CODE: ("kode", "code", "kodeproduk", "kodebarang", "sku", "productcode", "itemcode"),
    NAME: ("nama", "name", "namaproduk", "namabarang", "produk", "product", "barang", "item"),
    CATEGORY: ("kategori", "category", "jenis", "kelompok", "group"),
    UNIT: ("satuan", "unit", "uom"),
    PRICE: ("hargaecer", "harga", "hargajual", "retail", "retailprice", "price", "ecer", "hargaeceran"),
    COST: ("modal", "cost", "hpp", "hargamodal", "hargapokok", "hargabeli"),
    BARCODE: ("barcode", "ean", "kodebarcode", "upc"),
    ACTIVE: ("aktif", "active", "status"),
}
YES, NO = ("1", "ya", "y", "yes", "true", "aktif", "active"), ("0", "tidak", "t", "no", "false", "nonaktif",
                                                              "inactive", "n")
MAX_PRICE = 100_000_000


def guess_mapping(headers: tuple[str, ...]) -> dict[str, int]:
    return guess_columns(headers, HEADER_WORDS)


def tier_column(header: str, tiers: dict[str, str]) -> tuple[str, Quantity] | None:
    """'harga_reseller_min10' → ('reseller', 10); 'Harga Langganan' → ('regular', 1), given tier names."""
    text = header.strip().lower()
    match = re.fullmatch(r"(?:harga[\s_]*)?(?P<tier>.+?)(?:[\s_]*(?:min|@)[\s_.]*(?P<qty>\d+))?", text)
    if not match:
        return None
    words = header_key(match.group("tier"))
    for code, name in tiers.items():
        if words in (header_key(code), header_key(name)):
            return code, Quantity.of(match.group("qty") or 1)
    return None


def tier_header(tier: str, min_qty: Quantity) -> str:
    return f"harga_{tier}" + (f"_min{min_qty}" if min_qty != Quantity.of(1) else "")


@dataclass(frozen=True)
class ProductLine:
    row: int
    code: str
    name: str
    category: str
    unit: str
    retail_price: Money | None  # None when the row leaves it empty (an update keeps the old one)
    cost: Money | None
    barcode: str
    active: bool | None
    tier_prices: tuple[tuple[str, Quantity, Money | None], ...]  # None: no price at that step


def _amount(text: str) -> Money | None:
    """'15.000', '15000', 'Rp 15.000', '15000.0' (a spreadsheet number) → Money; '' → None."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"-?\d+(\.0+)?", text):  # what Excel gives back for a number cell
        if text.startswith("-"):
            raise ValueError("negative")
        return Money(int(text.split(".")[0]))
    return parse_amount(text)


@dataclass(frozen=True)
class Problem:
    row: int
    code: str  # what is wrong: no_code, no_name, bad_price, negative_price, huge_price, bad_active
    column: str = ""
    value: str = ""


def read_lines(rows: list[tuple[int, tuple[str, ...]]], headers: tuple[str, ...], mapping: dict[str, int],
               tiers: dict[str, str]) -> tuple[list[ProductLine], list[Problem]]:
    """Every row as a ProductLine, or the problems found (row numbers as the user sees them)."""
    tier_columns = {i: found for i, h in enumerate(headers) if i not in mapping.values()
                    for found in [tier_column(h, tiers)] if found}
    lines, problems = [], []
    for row, cells in rows:
        def cell(name: str) -> str:
            column = mapping.get(name)
            return cells[column].strip() if column is not None and column < len(cells) else ""

        wrong = []
        code, name = cell(CODE), cell(NAME)
        if not code:
            wrong.append(Problem(row, "no_code"))
        if not name and code:
            name = ""  # an update may leave the name out; a new product needs one (the service says so)
        prices: dict[str, Money | None] = {}
        for field, text in ((PRICE, cell(PRICE)), (COST, cell(COST))):
            prices[field] = _checked(text, row, headers[mapping[field]] if field in mapping else field, wrong)
        tier_prices = []
        for column, (tier, min_qty) in tier_columns.items():
            text = cells[column].strip() if column < len(cells) else ""
            tier_prices.append((tier, min_qty, _checked(text, row, headers[column], wrong)))
        active_text = cell(ACTIVE).lower()
        active = None if not active_text else (True if active_text in YES else False if active_text in NO else None)
        if active_text and active is None:
            wrong.append(Problem(row, "bad_active", headers[mapping[ACTIVE]], cell(ACTIVE)))
        if wrong:
            problems.extend(wrong)
            continue
        lines.append(ProductLine(row, code, name, cell(CATEGORY), cell(UNIT), prices[PRICE], prices[COST],
                                 cell(BARCODE), active, tuple(tier_prices)))
    return lines, problems


def _checked(text: str, row: int, column: str, wrong: list[Problem]) -> Money | None:
    try:
        amount = _amount(text)
    except ValueError:
        wrong.append(Problem(row, "negative_price" if text.strip().startswith("-") else "bad_price", column, text))
        return None
    if amount is not None and amount.minor > MAX_PRICE:
        wrong.append(Problem(row, "huge_price", column, text))
        return None
    return amount
