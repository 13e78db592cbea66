"""The recap of a demo-shop day: the screen, the thermal text and the PDF show the same numbers."""

from __future__ import annotations

import datetime as dt
import io
import re

from pypdf import PdfReader

from pos.i18n import format_money
from pos.printing.render_text import to_text
from pos.services import db
from pos.services.demo import create_demo


def test_the_recap_on_screen_on_paper_and_in_the_pdf_agree(qtbot, tmp_path):
    url = "sqlite://" + (tmp_path / "shop.db").as_posix()
    db.open_database(url)
    create_demo(seed=1, history_days=5, today=dt.date(2026, 11, 26))
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
    db.open_database("sqlite://" + (tmp_path / "shop.db").as_posix())
    create_demo(seed=1, history_days=20, today=dt.date(2026, 11, 26))
    from pos.ui.reports_window import ReportsWindow

    window = ReportsWindow(till_id="K1", today=dt.date(2026, 11, 26))
    qtbot.addWidget(window)
    tab = window.period
    assert tab.report is None
    window.tabs.setCurrentWidget(tab)  # opening the tab shows this month so far
    assert tab.report is not None and tab.rows.rowCount() == len(tab.report.rows) > 0
    groups = [tab.groups.item(i, 0).text() for i in range(tab.groups.rowCount())]
    assert {"Categories: Kue", "Tiers: Walk-in"} <= set(groups)
    assert tab.chart.rates == tab.report.returning and tab.chart.chart().series()
    tab.by.setCurrentIndex(tab.by.findData("week"))
    tab.refresh()
    r = tab.report
    assert tab.rows.rowCount() == len(r.rows) > 2 and tab.rows.item(0, 0).text().startswith("2026-W")
    assert sum(int(tab.rows.item(i, 1).text()) for i in range(tab.rows.rowCount())) == r.total_sales
    assert "Beli 10 gratis 1 Keripik Pisang" in [tab.promotions.item(i, 0).text()
                                                 for i in range(tab.promotions.rowCount())]
    assert tab.returning.item(0, 0).text() == "2026-11"
    tab.end.setDate(dt.date(2026, 10, 1))  # before the start
    tab.refresh()
    from tests.ui.test_till import errors

    assert any("ends before it starts" in e for e in errors(tab))
    tab.end.setDate(dt.date(2026, 11, 26))
    tab.save("pdf")
    assert opened[-1].toLocalFile().endswith(".pdf")
    db.close_database()


def test_before_the_first_sale_the_demo_recap_opens_on_yesterday_and_today_is_one_click_away(qtbot, tmp_path):
    """06:30 in the shop on Saturday 28 Nov (23:30 UTC on the 27th): the demo has not sold yet today."""
    from pos.services import clock
    from pos.ui.reports_window import ReportsWindow

    clock.set_now(dt.datetime(2026, 11, 27, 23, 30))
    db.open_database("sqlite://" + (tmp_path / "shop.db").as_posix())
    create_demo(seed=1, history_days=3)  # ends on the shop's day, today
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
    create_demo(seed=1, history_days=3)
    again = ReportsWindow(till_id="K1")
    qtbot.addWidget(again)
    assert again.recap.day == dt.date(2026, 11, 28) and again.recap.sales_count > 0 and again.day_note.text() == ""
    db.close_database()
