"""The period report's PDF and CSV name the options asked, as its screen and command line do (issue #24 item 4:
"Extra shot: 42, Rp 252.000"; the most asked sugar level)."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from pos.domain.options import ChoiceFigure
from pos.domain.reports import PeriodReport, PeriodRow
from pos.money import Money, Quantity
from pos.printing.report_pdf import report_csv, report_pdf


def coffee_period() -> PeriodReport:
    choices = (ChoiceFigure("Tambahan", "Extra shot", Quantity.of(42), Money(252_000)),
               ChoiceFigure("Gula", "Kurang manis", Quantity.of(30), Money(0)),
               ChoiceFigure("Gula", "Tanpa gula", Quantity.of(12), Money(0)))
    return PeriodReport(dt.date(2026, 11, 23), dt.date(2026, 11, 29), "day", 2, Money(60_000),
                        (PeriodRow("2026-11-27", 2, Money(60_000), 1),), (), (), (), (), (), (), choices=choices)


def test_the_period_pdf_lists_each_choice_asked_and_the_most_asked_of_a_group():
    pdf = report_pdf(coffee_period(), "Toko")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Option Asked Amount" in text
    assert "Tambahan: Extra shot 42 Rp 252.000" in text and "Gula: Tanpa gula 12" in text
    assert "Most asked Gula: Kurang manis" in text


def test_the_period_csv_holds_the_choices():
    rows = report_csv(coffee_period()).decode("utf-8-sig").splitlines()
    assert any(row.startswith("option;Tambahan: Extra shot;") and row.endswith(";252000") for row in rows), rows
