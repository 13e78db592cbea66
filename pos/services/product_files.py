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
from pos.models.statements import insert_rows, update_rows
from pos.money import Money, Quantity
from pos.services.audit import record
from pos.services.errors import InvalidInput
from pos.services.import_files import no_rows, refuse_sealed_file
from pos.services.products import ProductForm, TierPriceRow, check_product_fields
from pos.services.product_option_files import HEADER as OPTIONS_HEADER, options_cells, options_column, read_options, \
    write_options
from pos.services.text_limits import CATEGORY_NAME, text_problem
from pos.services.access import ANYONE, OWNER, READ, allowed

XLSX_MAGIC = b"PK\x03\x04"
MAX_PROBLEMS_SHOWN = 5
BATCH = 500  # rows per look-up (IN …) and per executemany: far below SQLite's 32,766 and PostgreSQL's 65,535


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
    refuse_sealed_file(data)
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
    existing = _existing(lines)
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
    known = set(_existing(lines))
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
    """Create or update every product of the file, or nothing (InvalidInput naming the rows).

    Every row is checked before anything is written; then one transaction writes BATCH rows per
    statement (470,000 rows never make one statement with more parameters than the engines allow)."""
    sheet = read_sheet(data)
    if not sheet.rows:
        raise no_rows(sheet.headers)
    used = guess_mapping(sheet.headers) if mapping is None else mapping
    lines, problems = _plan(sheet, used)
    options = options_column(sheet.headers)  # the product's own option groups, when the file has the column
    option_rows, option_problems = read_options(sheet.rows, options) if options is not None else ({}, [])
    if problems or option_problems:
        _refuse([text for _row, text in problems] + option_problems)
    existing = _existing(lines)
    tiers = _tiers()
    old_tiers = _old_tiers([p.id for p in existing.values()])
    categories = {c.name.lower(): c.id for c in Category.select()}
    forms, wanted_categories, texts = [], {}, []
    for ln in lines:
        product = existing.get(ln.code)
        name = ln.category.strip()
        if name:
            problem = text_problem(name, CATEGORY_NAME)
            if problem:
                texts.append(_("row {row}: {problem}").format(row=ln.row, problem=problem))
            wanted_categories.setdefault(name.lower(), name)
        steps = dict(old_tiers.get(product.id, {})) if product is not None else {}
        for tier, min_qty, price in ln.tier_prices:  # a tier column in the file decides that step
            if price is None:
                steps.pop((tier, min_qty), None)
            else:
                steps[(tier, min_qty)] = price
        form = ProductForm(
            code=ln.code, name=ln.name or (product.name if product else ""), category_id=None,
            retail_price=ln.retail_price if ln.retail_price is not None else product.retail_price,
            unit=ln.unit or (product.unit if product else "pcs"),
            barcode=ln.barcode if BARCODE in used else ((product.barcode or "") if product else ""),
            cost=ln.cost if COST in used else (product.cost if product else None),
            tier_prices=tuple(TierPriceRow(t, q, p) for (t, q), p in sorted(steps.items())),
            active=ln.active if ln.active is not None else (product.active if product else True),
            grid_position=product.grid_position if product else 0)
        try:
            check_product_fields(form, set(tiers))
        except InvalidInput as exc:
            texts.append(_("row {row}: {problem}").format(row=ln.row, problem=exc))
        forms.append((ln, product, form))
    texts += _barcode_clashes(forms)
    if texts:
        _refuse(texts)
    with db.atomic():
        new_categories = _make_categories(categories, wanted_categories)
        default = None
        if any(not ln.category.strip() and product is None for ln, product, _form in forms):
            default = categories.get(_("other").lower()) or Category.create(
                name=_("Other"), position=len(categories) + 1).id
        created, updated = _write_products(forms, categories, default, old_tiers)
        if options is not None:
            write_options({ln.code: option_rows.get(ln.row, []) for ln in lines})
        record("products.imported", staff_id=staff_id,
               details={"kind": sheet.kind, "created": created, "updated": updated, "categories": new_categories})
    return ProductImportResult(created, updated, new_categories)


def _refuse(texts: list[str]) -> None:
    shown = "; ".join(texts[:MAX_PROBLEMS_SHOWN]) + (" …" if len(texts) > MAX_PROBLEMS_SHOWN else "")
    raise InvalidInput(_("Nothing was imported. {problems}").format(problems=shown))


def _chunks(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _existing(lines: list[ProductLine]) -> dict[str, Product]:
    found: dict[str, Product] = {}
    for chunk in _chunks(sorted({ln.code for ln in lines})):
        found.update({p.code: p for p in Product.select().where(Product.code.in_(chunk))})
    return found


def _old_tiers(product_ids: list[int]) -> dict[int, dict[tuple[str, Quantity], Money]]:
    steps: dict[int, dict[tuple[str, Quantity], Money]] = {}
    for chunk in _chunks(product_ids):
        for t in TierPrice.select(TierPrice, PriceTier).join(PriceTier).where(TierPrice.product.in_(chunk)):
            steps.setdefault(t.product_id, {})[(t.tier.code, t.min_qty)] = t.price
    return steps


def _barcode_clashes(forms: list[tuple[ProductLine, Product | None, ProductForm]]) -> list[str]:
    """A barcode twice in the file, or one that another product keeps (the file does not change it)."""
    texts, seen = [], {}
    wanted = {f.barcode.strip(): (ln, f.code) for ln, _p, f in forms if f.barcode.strip()}
    for ln, _product, form in forms:
        barcode = form.barcode.strip()
        if barcode and barcode in seen:
            texts.append(_("row {row}: the barcode {barcode} is in the file twice").format(row=ln.row,
                                                                                          barcode=barcode))
        seen[barcode] = form.code
    in_file = {f.code: f.barcode.strip() for _ln, _p, f in forms}
    for chunk in _chunks(sorted(wanted)):
        for barcode, code, name in Product.select(Product.barcode, Product.code, Product.name).where(
                Product.barcode.in_(chunk)).tuples():
            ln, wanted_by = wanted[barcode]
            if code != wanted_by and in_file.get(code, barcode) == barcode:
                texts.append(_("row {row}: the barcode {barcode} belongs to {name} already").format(
                    row=ln.row, barcode=barcode, name=name))
    return texts


def _make_categories(categories: dict[str, int], wanted: dict[str, str]) -> int:
    made = 0
    for key, name in wanted.items():
        if key not in categories:
            categories[key] = Category.create(name=name, position=len(categories) + 1).id
            made += 1
    return made


def _write_products(forms: list[tuple[ProductLine, Product | None, ProductForm]], categories: dict[str, int],
                    default: int | None, old_tiers: dict[int, dict]) -> tuple[int, int]:
    """New products BATCH at a time, changed ones one UPDATE each, tier prices rewritten where they changed."""
    def values(ln: ProductLine, product: Product | None, form: ProductForm) -> dict:
        name = ln.category.strip()
        category = categories[name.lower()] if name else (product.category_id if product else default)
        return dict(code=form.code, name=form.name.strip(), category=category, retail_price=form.retail_price,
                    unit=form.unit.strip(), barcode=form.barcode.strip() or None, cost=form.cost, active=form.active)

    new = [(values(ln, None, form), form) for ln, product, form in forms if product is None]
    for chunk in _chunks(new):
        insert_rows(Product, [dict(v, grid_position=0) for v, _form in chunk])
    ids: dict[str, int] = {}
    for chunk in _chunks([v["code"] for v, _form in new]):
        ids.update(Product.select(Product.code, Product.id).where(Product.code.in_(chunk)).tuples())
    changed_tiers: list[tuple[int, ProductForm]] = [(ids[v["code"]], form) for v, form in new if form.tier_prices]
    changes = [dict(v, id=product.id) for ln, product, form in forms if product is not None
               for v in [values(ln, product, form)] if _differs(product, v)]
    for chunk in _chunks(changes):
        update_rows(Product, chunk)
    for ln, product, form in forms:
        if product is None:
            continue
        if {(r.tier, r.min_qty): r.price for r in form.tier_prices} != old_tiers.get(product.id, {}):
            changed_tiers.append((product.id, form))
    tier_ids = {t.code: t.id for t in PriceTier.select()}
    for chunk in _chunks(changed_tiers):
        TierPrice.delete().where(TierPrice.product.in_([pid for pid, _form in chunk])).execute()
        rows = [dict(product=pid, tier=tier_ids[r.tier], min_qty=r.min_qty, price=r.price)
                for pid, form in chunk for r in form.tier_prices]
        insert_rows(TierPrice, rows)
    return len(new), sum(product is not None for _ln, product, _form in forms)


def _differs(product: Product, values: dict) -> bool:
    """Only a row that changes something is written (an exported file brought back changes a few)."""
    return any(getattr(product, "category_id" if name == "category" else name) != value
               for name, value in values.items())


# --- export --------------------------------------------------------------------------------------
def _export_rows() -> tuple[list[str], list[list]]:
    steps = sorted({(t.tier.position, t.tier.code, t.min_qty) for t in TierPrice.select(TierPrice, PriceTier)
                    .join(PriceTier)})
    headers = [EXPORT_HEADERS[f] for f in FIELDS] + [tier_header(code, qty) for _pos, code, qty in steps]
    options = options_cells()
    headers.append(OPTIONS_HEADER)
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
                                                   for _pos, code, qty in steps] + [options.get(p.id, "")])
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
