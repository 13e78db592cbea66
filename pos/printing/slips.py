"""Short printed slips: the shift close (for the drawer envelope) and the printer's test page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pos.domain.till import CashSummary
from pos.i18n import _, describe_cash_kind, format_datetime, format_money, format_number
from pos.money import Money
from pos.printing.document import QR, Barcode, Document, Pair, Rule, Text


@dataclass(frozen=True)
class ShiftSlipData:
    shop_name: str
    till_id: str
    cashier: str
    opened_at: dt.datetime  # UTC
    closed_at: dt.datetime | None
    time_zone: str
    summary: CashSummary
    count: tuple[tuple[int, int], ...]  # (denomination, how many), largest first
    by_kind: tuple[tuple[str, Money], ...]  # (kind of cash entry, total): pos.domain.till.CASH_KINDS
    cash_moves: tuple[tuple[str, Money], ...]  # (reason, amount): cash in positive, cash out negative
    closed_by: str = ""  # who counted and closed (the cashier logged in then), not who opened
    approved_by: str = ""  # the owner, when their PIN was needed to close


def shift_slip_document(s: ShiftSlipData) -> Document:
    b: list = [Text(s.shop_name, align="center", bold=True), Text(_("SHIFT CLOSED"), align="center", bold=True),
               Rule(), Text(_("Till {till}").format(till=s.till_id)),
               Text(_("Opened {when}").format(when=format_datetime(s.opened_at, s.time_zone))),
               Text(_("Opened by {who}").format(who=s.cashier))]
    if s.closed_at:
        b.append(Text(_("Closed {when}").format(when=format_datetime(s.closed_at, s.time_zone))))
    if s.closed_by:
        b.append(Text(_("Closed by {who}").format(who=s.closed_by)))
    if s.approved_by:
        b.append(Text(_("Approved by {who}").format(who=s.approved_by)))
    b += [Rule(), Pair(_("Opening float"), format_money(s.summary.opening_float))]
    for kind, total in s.by_kind:  # each line for what it is: cash sales are not cash in
        b.append(Pair(describe_cash_kind(kind), format_money(total)))
        if kind in ("cash_in", "cash_out"):
            b += [Pair("  " + reason, format_money(amount), indent=4) for reason, amount in s.cash_moves
                  if (amount.minor > 0) == (kind == "cash_in")]
    b.append(Pair(_("Expected in the drawer"), format_money(s.summary.expected), bold=True))
    if s.count:
        b.append(Rule())
        b += [Pair(f"{format_number(n)} x {format_money(Money(value))}", format_money(Money(value * n)))
              for value, n in s.count]
    if s.summary.counted is not None:
        b += [Rule(), Pair(_("Counted"), format_money(s.summary.counted), bold=True),
              Pair(_("Difference"), format_money(s.summary.difference or Money(0)), bold=True)]
    return Document(tuple(b), title=_("Shift {till} closed").format(till=s.till_id))


def printer_test_document(shop_name: str, printer: str, profile: str, columns: int) -> Document:
    ruler = "".join(str(i % 10) for i in range(1, columns + 1))
    return Document((
        Text(shop_name or "Langganan", align="center", bold=True), Text(_("TEST PRINT"), align="center", big=True),
        Rule(), Text(_("Printer: {printer}").format(printer=printer)),
        Text(_("Kind: {profile}, {columns} characters a line").format(profile=profile, columns=columns)),
        Text(ruler), Pair(_("Left"), _("Right")), Text(_("Bold"), bold=True), Text(_("Centred"), align="center"),
        Text("Rp 15.000 — ≥ é ü ñ ✓"), QR("LANGGANAN-TEST"), Barcode("LG00001"),
        Text(_("If everything above is sharp and within the paper, the printer is ready."), align="center"),
    ), title=_("Test print"))
