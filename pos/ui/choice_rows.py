"""The options asked in a day or a period, as rows under the items ("Tambahan: Extra shot · 42 · Rp 252.000")."""

from __future__ import annotations

from pos.domain.options import ChoiceFigure, most_asked
from pos.i18n import _, format_money, format_number


def choice_rows(figures: tuple[ChoiceFigure, ...]) -> list[tuple[str, str, str]]:
    """Each choice sold with its count and what it brought in, then each group's most asked choice."""
    rows = [(f"{f.group}: {f.name}", format_number(f.quantity), format_money(f.amount) if f.amount else "")
            for f in figures]
    rows += [(_("Most asked {group}: {choice}").format(group=f.group, choice=f.name), format_number(f.quantity), "")
             for f in most_asked(figures)]
    return rows
