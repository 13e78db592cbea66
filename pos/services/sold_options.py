"""The choices stored with sold lines (name and price at the time): written at checkout, read back by receipts,
reprints, refunds and reports, which never look at today's option groups."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pos.domain.options import ChosenOption
from pos.models import SaleLineChoice
from pos.services.access import READ, allowed


@allowed(READ)
def choice_rows(line_ids: Mapping[int, int], lines: Iterable) -> list[dict]:
    """The rows to store for priced lines (``line_ids``: position from 1 -> stored line id), one insert for all."""
    return [dict(line=line_ids[position], position=i, group_name=o.group, name=o.name, price=o.price,
                 extra=o.extra, choice=o.choice_id)
            for position, line in enumerate(lines, start=1) for i, o in enumerate(line.options)]


@allowed(READ)
def sold_choices(line_ids: Iterable[int]) -> dict[int, tuple[ChosenOption, ...]]:
    """Stored line id -> its choices as sold, in order (lines without choices are left out)."""
    ids = list(line_ids)
    if not ids:
        return {}
    found: dict[int, list[ChosenOption]] = {}
    for row in (SaleLineChoice.select().where(SaleLineChoice.line.in_(ids))
                .order_by(SaleLineChoice.line, SaleLineChoice.position)):
        found.setdefault(row.line_id, []).append(ChosenOption(row.group_name, row.name, row.price, row.choice_id,
                                                              row.extra))
    return {line: tuple(options) for line, options in found.items()}
