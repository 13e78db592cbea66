"""The recap window at 1366×768 on a coffee day: the options asked take no height from the promotions, customers
and top customers (they were squeezed to two rows above an empty band when the options table joined the grid)."""

from __future__ import annotations

import datetime as dt

from pos.services import db
from tests.db_templates import demo_shop


def test_the_options_asked_leave_the_other_lists_their_height(qtbot, tmp_path):
    db.open_database("sqlite://" + (tmp_path / "shop.db").as_posix())
    demo_shop(seed=1, history_days=5, today=dt.date(2026, 11, 26))
    from pos.ui.reports_window import ReportsWindow

    window = ReportsWindow(till_id="K1", today=dt.date(2026, 11, 26))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.day.setDate(dt.date(2026, 11, 25))
    qtbot.wait(10)
    assert window.recap.choices and window.options_asked.isVisible()
    for table in (window.given, window.people, window.top):
        rows = table.viewport().height() // table.verticalHeader().defaultSectionSize()
        assert rows >= 6, (table.horizontalHeaderItem(0).text(), rows)
    assert window.items.viewport().height() >= 3 * window.items.verticalHeader().defaultSectionSize()
