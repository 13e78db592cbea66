"""The product spreadsheet's options column ("opsi"): the option groups offered with each product itself, by
name, separated by commas ("Ukuran, Gula, Tambahan"). Groups a product gets from its category are not listed.

An import reads the column when the file has it (an empty cell: the product has no groups of its own); a
file without the column leaves every product's groups as they are. An unknown group name refuses the file.
"""

from __future__ import annotations

from pos.domain.headers import header_key
from pos.i18n import _
from pos.models import OptionGroup, OptionLink, Product
from pos.services.access import ANYONE, READ, allowed

HEADER = "opsi"
HEADER_WORDS = ("opsi", "options", "pilihan", "modifier", "modifiers")


@allowed(READ)
def options_column(headers: tuple[str, ...]) -> int | None:
    """Where the file keeps the options, if it does."""
    return next((i for i, h in enumerate(headers) if header_key(h) in HEADER_WORDS), None)


@allowed(READ)
def options_cells() -> dict[int, str]:
    """Product id -> its own groups' names in the till's order ("Ukuran, Gula"), for the export."""
    cells: dict[int, list[str]] = {}
    for product, name in (OptionLink.select(OptionLink.product, OptionGroup.name).join(OptionGroup)
                          .where(OptionLink.product.is_null(False) & OptionGroup.active)
                          .order_by(OptionGroup.position, OptionGroup.id).tuples()):
        cells.setdefault(product, []).append(name)
    return {pid: ", ".join(names) for pid, names in cells.items()}


@allowed(READ)
def read_options(rows, column: int) -> tuple[dict[int, list[int]], list[str]]:
    """Row number -> group ids of the options cell, and the problems (an unknown group) in words."""
    groups = {g.name.strip().casefold(): g.id for g in OptionGroup.select().where(OptionGroup.active)}
    wanted, problems = {}, []
    for row, cells in rows:
        text = cells[column].strip() if column < len(cells) else ""
        ids = []
        for name in (part.strip() for part in text.split(",")):
            if not name:
                continue
            if name.casefold() not in groups:
                problems.append(_("row {row}: there is no option group {name}").format(row=row, name=name))
                continue
            ids.append(groups[name.casefold()])
        wanted[row] = list(dict.fromkeys(ids))
    return wanted, problems


@allowed(ANYONE, why="a step of the owner's product import (import_products checks the PIN), in its transaction")
def write_options(by_code: dict[str, list[int]]) -> None:
    """Set each product's own groups (inside the import's transaction)."""
    ids = dict(Product.select(Product.code, Product.id).where(Product.code.in_(list(by_code))).tuples())
    products = [ids[code] for code in by_code if code in ids]
    if not products:
        return
    OptionLink.delete().where(OptionLink.product.in_(products)).execute()
    rows = [dict(group=g, product=ids[code]) for code, groups in by_code.items() if code in ids for g in groups]
    if rows:
        OptionLink.insert_many(rows).execute()
