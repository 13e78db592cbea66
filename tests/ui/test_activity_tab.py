"""The back office's Activity tab: a drawer opened without a sale and a manual price, made through the real
services, are listed with the owner who approved them; the filters narrow the list."""

from __future__ import annotations

import datetime as dt
import uuid

from pos.domain.pricing import CartLine
from pos.domain.till import Tender
from pos.models import Product
from pos.money import Money, Quantity
from pos.services.sales import CheckoutRequest, checkout
from pos.services.staff import authenticate
from pos.services.till import current_shift, open_drawer
from pos.ui.activity_tab import ActivityTab

DAY = dt.date(2026, 11, 27)
AT = dt.datetime(2026, 11, 27, 3, 0)  # 10:00 in Jakarta


def texts(table):
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_the_drawer_opening_and_the_manual_price_are_listed_with_the_approver(till, qtbot):
    till.show_back_office("1234")
    office = till.office_dialog
    assert [office.tabs.tabText(i) for i in range(office.tabs.count())][-1] == "Activity"
    office.close()
    shift, cashier = current_shift("K1"), authenticate("1111")
    open_drawer(shift.id, owner_pin="1234", staff_id=cashier.id, at=AT)
    line = CartLine(Product.get(Product.code == "KUE-01").id, Quantity.of(1), Money(45000))
    sale = checkout(CheckoutRequest(uuid.uuid4().hex, "K1", shift.id, cashier.id, (line,),
                                    (Tender("cash", Money(45000)),), at=AT + dt.timedelta(minutes=20),
                                    owner_pin="1234"))
    tab = ActivityTab(today=DAY)
    qtbot.addWidget(tab)
    tab.show()
    assert texts(tab.table) == [
        ["10:00", "K1", "Drawer opened without a sale", "Dita", "Bu Ani", ""],
        ["10:20", "K1", "Manual price", "Dita", "Bu Ani",
         f"Bolu Pandan x1: Rp 45.000 instead of Rp 55.000 ({sale.number})"]]
    assert tab.count.text() == "Actions: 2"
    tab.kind.setCurrentIndex(tab.kind.findData("manual_price"))
    assert [row[2] for row in texts(tab.table)] == ["Manual price"] and tab.count.text() == "Actions: 1"
    tab.kind.setCurrentIndex(0)
    tab.person.setCurrentIndex(tab.person.findData("Dita"))
    assert tab.table.rowCount() == 2
    assert [tab.till.itemText(i) for i in range(tab.till.count())] == ["All tills", "K1"]
    tab.day.setDate(tab.day.date().addDays(-1))
    assert tab.table.rowCount() == 0 and tab.count.text() == "Actions: 0"


def test_the_recap_window_shows_the_days_till_activity(till, qtbot):
    from pos.ui.reports_window import ReportsWindow

    shift, cashier = current_shift("K1"), authenticate("1111")
    open_drawer(shift.id, owner_pin="1234", staff_id=cashier.id, at=AT)
    window = ReportsWindow(till_id="K1", today=DAY)
    qtbot.addWidget(window)
    index = window.tabs.indexOf(window.activity.parentWidget())
    assert window.tabs.tabText(index) == "Till activity (1)"
    assert texts(window.activity) == [["10:00", "K1", "Drawer opened without a sale", "Dita", "Bu Ani", ""]]
    assert "Drawer opened without a sale: 1 (approved by Bu Ani)" in window.outputs["text"]
    assert window.activity_day.text().startswith("27 Nov 2026, all tills")
    window.day.setDate(window.day.date().addDays(-1))
    assert window.tabs.tabText(index) == "Till activity" and window.activity.rowCount() == 0
