"""The recap of a demo-shop day: the screen, the thermal text and the PDF show the same numbers."""

from __future__ import annotations

import datetime as dt
import io
import re

from pypdf import PdfReader

from pos.i18n import format_money
from pos.printing.render_text import to_text
from pos.services import db
from tests.db_templates import demo_shop, open_demo


def test_the_recap_on_screen_on_paper_and_in_the_pdf_agree(qtbot, tmp_path):
    url = "sqlite://" + (tmp_path / "shop.db").as_posix()
    open_demo(url, history_days=5, today=dt.date(2026, 11, 26))
    from pos.ui.reports_window import ReportsWindow

    window = ReportsWindow(till_id="K1", today=dt.date(2026, 11, 26))
    qtbot.addWidget(window)
    window.day.setDate(dt.date(2026, 11, 25))
    r = window.recap
    assert r.sales_count > 5 and r.day == dt.date(2026, 11, 25)
    screen = {window.figures.item(i, 0).text(): window.figures.item(i, 1).text()
              for i in range(window.figures.rowCount())}
    money = {window.money.item(i, 0).text(): window.money.item(i, 1).text() for i in range(window.money.rowCount())}
    paper = to_text(window.outputs["document"], 48)
    pdf = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(window.outputs["pdf"]())).pages)
    for label in ("Number of sales", "Average basket", "Gross at retail prices", "Net sales",
                  "Free items (retail value)"):
        value = screen[label]
        assert re.search(rf"{re.escape(label)}\s+{re.escape(value)}", paper), label
        assert f"{label}\n{value}" in pdf or f"{label} {value}" in pdf, label
    assert screen["Net sales"] == format_money(r.net_sales)
    # the demo's yesterday: a void shown apart and not counted, a refund, tax and cash rounding
    assert screen["Voided sales (not counted)"] == format_money(-r.voids_total) and r.voids
    assert screen["Refunds"] == format_money(r.refunds_total) and r.refunds
    assert r.sales_tax_added.minor > 0 and screen["Tax added"] == format_money(r.sales_tax_added)
    assert money["Payments = net sales"] == format_money(r.net_sales)
    last = window.items.rowCount() - 1
    assert (window.items.item(last, 0).text(), window.items.item(last, 2).text()) == (
        "Items after refunds", format_money(r.items_total))
    for label, value in money.items():
        assert value in paper and value in pdf, label
    assert "Rp" in window.outputs["text"] and str(r.sales_count) in window.outputs["text"]
    window.day.setDate(dt.date(2026, 1, 1))  # before the shop's history: an empty recap, not an error
    assert window.recap.empty and window.figures.item(0, 1).text() == "0"
    db.close_database()


def test_a_period_in_the_recap_window(qtbot, tmp_path, monkeypatch):
    from pos.ui import documents

    opened = []
    monkeypatch.setattr(documents, "opener", lambda url: opened.append(url) or True)
    open_demo("sqlite://" + (tmp_path / "shop.db").as_posix(), history_days=20, today=dt.date(2026, 11, 26))
    from pos.ui.reports_window import ReportsWindow

    window = ReportsWindow(till_id="K1", today=dt.date(2026, 11, 26))
    qtbot.addWidget(window)
    tab = window.period
    assert tab.report is None
    window.tabs.setCurrentWidget(tab)  # opening the tab shows this month so far, added up off the GUI thread
    assert tab.runner.busy() and not tab.show_button.isEnabled()
    qtbot.waitUntil(lambda: not tab.runner.busy())
    assert tab.show_button.isEnabled()
    assert tab.report is not None and tab.rows.rowCount() == len(tab.report.rows) > 0
    groups = [tab.groups.item(i, 0).text() for i in range(tab.groups.rowCount())]
    assert {"Category: Kue", "Price tier: Walk-in"} <= set(groups)
    assert tab.chart.rates == tab.report.returning and tab.chart.chart().series()
    tab.by.setCurrentIndex(tab.by.findData("week"))
    tab.refresh()
    qtbot.waitUntil(lambda: not tab.runner.busy())
    r = tab.report
    assert tab.rows.rowCount() == len(r.rows) > 2 and tab.rows.item(0, 0).text() == "2–8 Nov 2026"  # a week in words
    assert sum(int(tab.rows.item(i, 1).text()) for i in range(tab.rows.rowCount())) == r.total_sales
    assert "Beli 10 gratis 1 Keripik Pisang" in [tab.promotions.item(i, 0).text()
                                                 for i in range(tab.promotions.rowCount())]
    assert tab.returning.item(0, 0).text() == "Nov 2026"
    tab.end.setDate(dt.date(2026, 10, 1))  # before the start
    tab.refresh()
    qtbot.waitUntil(lambda: not tab.runner.busy())
    from tests.ui.test_till import errors

    assert any("ends before it starts" in e for e in errors(tab))
    tab.end.setDate(dt.date(2026, 11, 26))
    tab.save("pdf")
    qtbot.waitUntil(lambda: not tab.runner.busy())
    assert opened[-1].toLocalFile().endswith(".pdf")
    db.close_database()


def visible_row(window, table, label: str) -> str:
    """The amount beside ``label``, after checking that the row is whole inside what the window shows."""
    from PySide6.QtCore import QRect

    row = next(i for i in range(table.rowCount()) if table.item(i, 0).text() == label)
    for column in range(table.columnCount()):
        rect = table.visualItemRect(table.item(row, column))
        assert table.viewport().rect().contains(rect), (label, column)
        corner = table.viewport().mapTo(window, rect.bottomRight())
        assert QRect(0, 0, window.width(), window.height()).contains(corner), (label, corner)
    return table.item(row, 1).text()


def test_at_1366x768_net_sales_and_the_cash_check_show_without_scrolling(qtbot, tmp_path):
    open_demo("sqlite://" + (tmp_path / "shop.db").as_posix(), history_days=5, today=dt.date(2026, 11, 26))
    from pos.ui.reports_window import ReportsWindow

    window = ReportsWindow(till_id="K1", today=dt.date(2026, 11, 26))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.day.setDate(dt.date(2026, 11, 23))  # a day with sales on kasbon and a counted drawer
    qtbot.wait(10)
    r = window.recap
    assert r.cash_counted is not None and window.width() == 1366 and window.height() == 768
    assert visible_row(window, window.figures, "Net sales") == format_money(r.net_sales)
    for label, amount in (("Cash expected", r.cash_expected), ("Cash counted", r.cash_counted),
                          ("Difference", r.cash_difference)):
        assert visible_row(window, window.money, label) == format_money(amount)
    for table in (window.figures, window.money):
        assert table.verticalScrollBar().maximum() == 0  # nothing further down to scroll to
    # the top customers are a table: each amount whole in its own cell, never broken over two lines
    top = window.top
    assert top.rowCount() == len(r.top_customers) > 0
    for i, figure in enumerate(r.top_customers):
        cell = top.item(i, 2)
        assert cell.text() == format_money(figure.amount) and not top.wordWrap()
        assert top.fontMetrics().horizontalAdvance(cell.text()) < top.columnWidth(2)
    assert window.chart.chart().axes()[0].titleText() == "Hour (number of sales)"
    assert window.chart.labels()[0].endswith(f"({r.by_hour[0].count})")
    # the same day on 58 mm paper: no amount alone on a line, the kasbon said once
    paper = to_text(window.outputs["document"], 32).splitlines()
    assert not [line for line in paper if re.fullmatch(r"\s*-?Rp [\d.]+\s*", line)]
    kasbon = dict(r.by_method)["kasbon"]
    assert r.kasbon_given == kasbon and sum(format_money(kasbon) in line for line in paper) == 1


def test_before_the_first_sale_the_demo_recap_opens_on_yesterday_and_today_is_one_click_away(qtbot, tmp_path):
    """06:30 in the shop on Saturday 28 Nov (23:30 UTC on the 27th): the demo has not sold yet today."""
    from pos.services import clock
    from pos.ui.reports_window import ReportsWindow

    clock.set_now(dt.datetime(2026, 11, 27, 23, 30))
    db.open_database("sqlite://" + (tmp_path / "shop.db").as_posix())
    demo_shop(seed=1, history_days=3)  # ends on the shop's day, today
    window = ReportsWindow(till_id="K1")
    qtbot.addWidget(window)
    assert window.today == dt.date(2026, 11, 28)
    assert window.recap.day == dt.date(2026, 11, 27) and window.recap.sales_count > 5
    assert window.day_note.text() == "No sales yet today — showing yesterday, 27 Nov 2026"
    assert not window.today_button.isHidden()
    window.today_button.click()
    assert window.recap.day == dt.date(2026, 11, 28) and window.recap.empty
    assert window.day_note.text() == "" and window.today_button.isHidden()
    clock.set_now(dt.datetime(2026, 11, 28, 2, 30))  # 09:30: the first sales are made, the recap opens on today
    db.close_database()
    db.open_database("sqlite://" + (tmp_path / "other.db").as_posix())
    demo_shop(seed=1, history_days=3)
    again = ReportsWindow(till_id="K1")
    qtbot.addWidget(again)
    assert again.recap.day == dt.date(2026, 11, 28) and again.recap.sales_count > 0 and again.day_note.text() == ""
    db.close_database()
