"""The audited till actions in words, the same on screen, on the thermal recap, in the PDF and in the owner's
WhatsApp text: one row per action (time, till, kind, who, approved by, details) and one line per kind."""

from __future__ import annotations

from pos.domain.activity import Activity, count_by_kind
from pos.i18n import _, activity_kind_words, describe_activity, format_money


def details_words(a: Activity) -> str:
    """What it was about, with the amount when the words do not carry it already."""
    words = describe_activity(a.kind, dict(a.values), a.subject)
    if a.amount is not None and a.kind != "manual_price":
        words = f"{words}: {format_money(a.amount)}" if words else format_money(a.amount)
    return words


def activity_rows(rows: tuple[Activity, ...]) -> list[tuple[str, str, str, str, str, str]]:
    """(time, till, kind, who, approved by, details) as text, oldest first."""
    return [(f"{a.at:%H:%M}", a.till_id, activity_kind_words(a.kind), a.who, a.approved_by, details_words(a))
            for a in rows]


def activity_summary(rows: tuple[Activity, ...]) -> list[str]:
    """'Laci dibuka tanpa penjualan: 2 (disetujui Bu Ani)', one line per kind."""
    lines = []
    for c in count_by_kind(rows):
        line = _("{kind}: {count}").format(kind=activity_kind_words(c.kind), count=c.count)
        if c.approved_by:
            line += " " + _("(approved by {names})").format(names=", ".join(c.approved_by))
        lines.append(line)
    return lines
