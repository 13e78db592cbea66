"""Products in and out of spreadsheets: CSV (comma or semicolon) and Excel (.xlsx).

An import checks every row first and either completes or changes nothing; a bad row
is reported with the row number the spreadsheet shows. Products are created or
updated by code; a new category name creates the category. The export writes the
columns the import reads, so an owner can edit prices in a spreadsheet and bring
them back.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import NamedTuple

from pos.domain.contacts import decode
from pos.domain.product_table import (ACTIVE, BARCODE, CATEGORY, CODE, COST, EXPORT_HEADERS, FIELDS, NAME, PRICE,
                                      UNIT, ProductLine, Problem, guess_mapping, read_lines, tier_column,
                                      tier_header)
from pos.i18n import _
from pos.models import Category, PriceTier, Product, TierPrice, db
from pos.money import Money, Quantity
from pos.services.audit import record
from pos.services.errors import InvalidInput
from pos.services.products import ProductForm, TierPriceRow, check_product, _replace_tier_prices
from pos.services.access import ANYONE, OWNER, READ, allowed

XLSX_MAGIC = b"PK\x03\x04"
MAX_PROBLEMS_SHOWN = 5


@dataclass(frozen=True)
class Sheet:
    kind: str  # csv | xlsx
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (row number as the user sees it, cells)


class PreviewLine(NamedTuple):
    row: int
    code: str
    name: str
    category: str
    price: str
    what: str  # "new", "update", or the problems of the row
    bad: bool


@dataclass(frozen=True)
class ProductPreview:
    kind: str
    headers: tuple[str, ...]
    mapping: dict[str, int]
    tier_columns: tuple[str, ...]  # the headers read as tier prices
    rows: tuple[PreviewLine, ...]
    total: int
    bad: int
    error: str = ""


@dataclass(frozen=True)
class ProductImportResult:
    created: int
    updated: int
    categories: int = 0


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@allowed(READ)
def read_sheet(data: bytes) -> Sheet:
    """The first sheet of an .xlsx, or a CSV file; the first non-empty row holds the headers."""
    if not data.strip():
        raise InvalidInput(_("The file is empty."))
    if data.startswith(XLSX_MAGIC):
        from openpyxl import load_workbook  # loaded only for an Excel file

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the same message to the user
            raise InvalidInput(_("The Excel file cannot be read ({reason}).").format(reason=exc)) from None
        rows = [(n, tuple(_cell(v) for v in values))
                for n, values in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1)]
        book.close()
        kind = "xlsx"
    else:
        text, _encoding = decode(data)
        first = next((ln for ln in text.splitlines() if ln.strip()), "")
        delimiter = ";" if first.count(";") > first.count(",") else ("\t" if "\t" in first and "," not in first
                                                                     else ",")
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = [(reader.line_num, tuple(c.strip() for c in cells)) for cells in reader]
        kind = "csv"
    rows = [(n, cells) for n, cells in rows if any(c for c in cells)]
    if not rows:
        raise InvalidInput(_("The file is empty."))
    return Sheet(kind, rows[0][1], tuple(rows[1:]))


def _tiers() -> dict[str, str]:
    return {t.code: t.name for t in PriceTier.select().order_by(PriceTier.position)}


def _problem_text(p: Problem) -> str:
    words = {
        "no_code": _("row {row}: no product code"),
        "no_name": _("row {row}: a new product needs a name"),
        "bad_price": _("row {row}: {column} {value!r} is not a price"),
        "negative_price": _("row {row}: {column} cannot be negative ({value})"),
        "huge_price": _("row {row}: {column} {value} is too large; check the number"),
        "bad_active": _("row {row}: {column} {value!r} is not yes or no"),
        "no_price": _("row {row}: a new product needs a retail price"),
        "duplicate": _("row {row}: the code {value} is in the file twice"),
    }
    return words.get(p.code, p.code).format(row=p.row, column=p.column, value=p.value)


def _plan(sheet: Sheet, mapping: dict[str, int]) -> tuple[list[ProductLine], list[tuple[int, str]]]:
    missing = [f for f in (CODE,) if f not in mapping]
    if missing:
        raise InvalidInput(_("The file has no product code column (its columns: {headers}).").format(
            headers=", ".join(sheet.headers) or "-"))
    lines, problems = read_lines(list(sheet.rows), sheet.headers, mapping, _tiers())
    texts = [(p.row, _problem_text(p)) for p in problems]
    existing = {p.code: p for p in Product.select().where(Product.code.in_([ln.code for ln in lines]))} if lines \
        else {}
    seen: set[str] = set()
    for ln in lines:
        if ln.code in seen:
            texts.append((ln.row, _problem_text(Problem(ln.row, "duplicate", value=ln.code))))
        seen.add(ln.code)
        if ln.code not in existing:
            if not ln.name:
                texts.append((ln.row, _problem_text(Problem(ln.row, "no_name"))))
            if ln.retail_price is None:
                texts.append((ln.row, _problem_text(Problem(ln.row, "no_price"))))
    return lines, sorted(texts)


@allowed(READ)
def preview_products(data: bytes, mapping: dict[str, int] | None = None, limit: int = 60) -> ProductPreview:
    """What an import would do, row by row, for the mapping dialog; writes nothing."""
    sheet = read_sheet(data)
    used = guess_mapping(sheet.headers) if mapping is None else mapping
    tiers = _tiers()
    tier_cols = tuple(h for i, h in enumerate(sheet.headers) if i not in used.values() and tier_column(h, tiers))
    try:
        lines, problems = _plan(sheet, used)
    except InvalidInput as exc:
        return ProductPreview(sheet.kind, sheet.headers, used, tier_cols, (), len(sheet.rows), 0, str(exc))
    known = {p.code for p in Product.select(Product.code).where(Product.code.in_([ln.code for ln in lines]))} \
        if lines else set()
    by_row: dict[int, list[str]] = {}
    for row, text in problems:
        by_row.setdefault(row, []).append(text)
    shown = []
    for row, cells in sheet.rows:
        line = next((ln for ln in lines if ln.row == row), None)
        if row in by_row:
            shown.append(PreviewLine(row, cells[used[CODE]] if CODE in used and used[CODE] < len(cells) else "",
                                     "", "", "", "; ".join(by_row[row]), True))
        elif line is not None and len(shown) < limit:
            shown.append(PreviewLine(row, line.code, line.name, line.category,
                                     f"{line.retail_price.minor:,}".replace(",", ".") if line.retail_price else "",
                                     _("update") if line.code in known else _("new"), False))
    return ProductPreview(sheet.kind, sheet.headers, used, tier_cols, tuple(shown), len(sheet.rows),
                          len(by_row), "")


@allowed(OWNER)
def import_products(data: bytes, mapping: dict[str, int] | None = None, *, owner_pin: str | None,
                    staff_id: int | None = None) -> ProductImportResult:
    """Create or update every product of the file, or nothing (InvalidInput naming the rows)."""
    sheet = read_sheet(data)
    used = guess_mapping(sheet.headers) if mapping is None else mapping
    lines, problems = _plan(sheet, used)
    if problems:
        texts = [text for _row, text in problems]
        shown = "; ".join(texts[:MAX_PROBLEMS_SHOWN]) + (" …" if len(texts) > MAX_PROBLEMS_SHOWN else "")
        raise InvalidInput(_("Nothing was imported. {problems}").format(problems=shown))
    created = updated = new_categories = 0
    with db.atomic():
        categories = {c.name.lower(): c.id for c in Category.select()}
        default = None
        for ln in lines:
            product = Product.get_or_none(Product.code == ln.code)
            name = ln.category.strip()
            if name and name.lower() not in categories:
                last = len(categories) + 1
                categories[name.lower()] = Category.create(name=name, position=last).id
                new_categories += 1
            if name:
                category_id = categories[name.lower()]
            elif product is not None:
                category_id = product.category_id
            else:
                if default is None:
                    default = categories.get(_("other").lower()) or Category.create(
                        name=_("Other"), position=len(categories) + 1).id
                    categories[_("other").lower()] = default
                category_id = default
            old_tiers = ({(t.tier.code, t.min_qty): t.price for t in
                          TierPrice.select().join(PriceTier).where(TierPrice.product == product.id)}
                         if product is not None else {})
            for tier, min_qty, price in ln.tier_prices:  # a tier column in the file decides that step
                if price is None:
                    old_tiers.pop((tier, min_qty), None)
                else:
                    old_tiers[(tier, min_qty)] = price
            form = ProductForm(
                code=ln.code, name=ln.name or (product.name if product else ""), category_id=category_id,
                retail_price=ln.retail_price if ln.retail_price is not None else product.retail_price,
                unit=ln.unit or (product.unit if product else "pcs"),
                barcode=ln.barcode if BARCODE in used else ((product.barcode or "") if product else ""),
                cost=ln.cost if COST in used else (product.cost if product else None),
                tier_prices=tuple(TierPriceRow(t, q, p) for (t, q), p in sorted(old_tiers.items(),
                                                                                  key=lambda kv: (kv[0][0],
                                                                                                  kv[0][1]))),
                active=ln.active if ln.active is not None else (product.active if product else True),
                grid_position=product.grid_position if product else 0)
            try:
                check_product(form, product.id if product else None)
            except InvalidInput as exc:
                raise InvalidInput(_("Nothing was imported. row {row}: {problem}").format(row=ln.row,
                                                                                          problem=exc)) from None
            values = dict(code=form.code, name=form.name.strip(), category=form.category_id,
                          retail_price=form.retail_price, unit=form.unit, barcode=form.barcode.strip() or None,
                          cost=form.cost, active=form.active)
            if product is None:
                product_id = Product.create(**values).id
                created += 1
            else:
                Product.update(**values).where(Product.id == product.id).execute()
                product_id = product.id
                updated += 1
            _replace_tier_prices(product_id, form.tier_prices)
        record("products.imported", staff_id=staff_id,
               details={"kind": sheet.kind, "created": created, "updated": updated, "categories": new_categories})
    return ProductImportResult(created, updated, new_categories)


# --- export --------------------------------------------------------------------------------------
def _export_rows() -> tuple[list[str], list[list]]:
    steps = sorted({(t.tier.position, t.tier.code, t.min_qty) for t in TierPrice.select(TierPrice, PriceTier)
                    .join(PriceTier)})
    headers = [EXPORT_HEADERS[f] for f in FIELDS] + [tier_header(code, qty) for _pos, code, qty in steps]
    prices: dict[int, dict[tuple[str, Quantity], Money]] = {}
    for t in TierPrice.select(TierPrice, PriceTier).join(PriceTier):
        prices.setdefault(t.product_id, {})[(t.tier.code, t.min_qty)] = t.price
    rows = []
    for p in (Product.select(Product, Category).join(Category)
              .order_by(Category.position, Category.name, Product.grid_position, Product.code)):
        own = prices.get(p.id, {})
        values = {CODE: p.code, NAME: p.name, CATEGORY: p.category.name, UNIT: p.unit, PRICE: p.retail_price.minor,
                  COST: p.cost.minor if p.cost is not None else "", BARCODE: p.barcode or "",
                  ACTIVE: "ya" if p.active else "tidak"}
        rows.append([values[f] for f in FIELDS] + [own[(code, qty)].minor if (code, qty) in own else ""
                                                   for _pos, code, qty in steps])
    return headers, rows


@allowed(ANYONE, why="writes the product list as a file; changes nothing")
def export_products(kind: str = "csv") -> bytes:
    """The catalogue as CSV (semicolon, UTF-8 with BOM: Indonesian Excel opens it right) or .xlsx."""
    headers, rows = _export_rows()
    if kind == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = _("Products")
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(headers)
    writer.writerows(rows)
    return ("\ufeff" + text.getvalue()).encode("utf-8")


__all__ = ["ACTIVE", "CATEGORY", "COST", "NAME", "PRICE", "UNIT", "export_products", "import_products",
           "preview_products", "read_sheet"]
