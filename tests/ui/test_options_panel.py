"""The options panel at the till (issue #24 item 2), on the demo's Es Kopi Susu Gula Aren (Rp 15.000): Ukuran
(Reguler, Besar +5.000), Gula (Normal, Kurang manis, Tanpa gula), Es (Es normal, Sedikit es, Tanpa es),
Tambahan (optional, at most 2: Extra shot +6.000, Susu oat +8.000, Boba +5.000). By touch and by keys, the choices
under the line, editing, merging; the stored sale line decides."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pos.models import Product, SaleLine, SaleLineChoice
from pos.money import Money
from tests.ui.test_till import pay, table_texts


def scan_only(screen, qtbot, code: str) -> None:
    """The scan, leaving the panel open (tests.ui.test_till.scan takes the defaults)."""
    screen.search.setText(code)
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)


def keys(qtbot, widget, *pressed) -> int:
    for key in pressed:
        qtbot.keyClick(widget, key)
    return len(pressed)


def test_large_less_sugar_from_a_scan_takes_three_keys(till, qtbot):
    screen = till.sale_screen
    coffee = Product.get(Product.code == "KOP-05")
    scan_only(screen, qtbot, "KOP-05")
    panel = screen.options_panel
    assert panel.isVisible() and panel.title.text() == coffee.name
    assert [b.isChecked() for b in panel.buttons[0]] == [True, False]  # Reguler preselected
    typed = keys(qtbot, panel, Qt.Key.Key_2, Qt.Key.Key_2, Qt.Key.Key_Return)
    assert typed <= 3 and not panel.isVisible()
    rows = table_texts(screen)
    assert rows[0][0] == f"{coffee.name}\n   Besar · Kurang manis · Es normal" and rows[0][3] == "Rp 20.000"


def test_as_usual_is_one_key_and_the_same_choices_merge_other_choices_do_not(till, qtbot):
    screen = till.sale_screen
    for _ in range(2):
        scan_only(screen, qtbot, "KOP-05")
        keys(qtbot, screen.options_panel, Qt.Key.Key_Return)
    scan_only(screen, qtbot, "KOP-05")
    keys(qtbot, screen.options_panel, Qt.Key.Key_Tab, Qt.Key.Key_Tab, Qt.Key.Key_Tab, Qt.Key.Key_1, Qt.Key.Key_2,
         Qt.Key.Key_Return)  # extras: a shot and oat milk
    assert [(line.quantity.thousandths, len(line.options)) for line in screen.cart.lines] == [(2000, 3), (1000, 5)]
    assert table_texts(screen)[1][0].endswith("Reguler · Normal · Es normal · +Extra shot · +Susu oat")
    assert screen.priced.total == Money(2 * 15000 + 15000 + 6000 + 8000)


def test_by_touch_then_edit_the_line_then_pay_and_the_choices_are_stored(till, qtbot):
    screen = till.sale_screen
    scan_only(screen, qtbot, "KOP-05")
    panel = screen.options_panel
    qtbot.mouseClick(panel.buttons[0][1], Qt.MouseButton.LeftButton)  # Besar
    qtbot.mouseClick(panel.buttons[3][0], Qt.MouseButton.LeftButton)  # + Extra shot
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert screen.priced.total == Money(26000)
    screen.edit_options()  # Ctrl+K (or a double tap on the item): the line's choices on the panel again
    assert [b.isChecked() for b in panel.buttons[0]] == [False, True]
    qtbot.mouseClick(panel.buttons[1][2], Qt.MouseButton.LeftButton)  # Tanpa gula
    qtbot.mouseClick(panel.buttons[3][0], Qt.MouseButton.LeftButton)  # the shot out again
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert table_texts(screen)[0][0].endswith("Besar · Tanpa gula · Es normal") and screen.priced.total == Money(20000)
    pay(screen, "cash", tendered="20.000")
    line = SaleLine.select().order_by(SaleLine.id.desc()).first()
    assert [(c.name, c.price) for c in SaleLineChoice.select().where(SaleLineChoice.line == line)
            .order_by(SaleLineChoice.position)] == [("Besar", Money(5000)), ("Tanpa gula", Money(0)),
                                                     ("Es normal", Money(0))]


def test_a_required_group_left_empty_says_so_and_escape_adds_nothing(till, qtbot):
    screen = till.sale_screen
    scan_only(screen, qtbot, "KOP-05")
    panel = screen.options_panel
    panel.picked.clear()  # as if the owner had set no default
    keys(qtbot, panel, Qt.Key.Key_Return)
    assert panel.isVisible() and "Ukuran" in panel.problem.text() and not screen.cart.lines
    keys(qtbot, panel, Qt.Key.Key_Escape)
    assert not panel.isVisible() and not screen.cart.lines


def test_the_recap_window_lists_the_options_asked(qtbot, tmp_path):
    import datetime as dt

    from pos.services import db
    from pos.ui.reports_window import ReportsWindow
    from tests.db_templates import demo_shop

    db.open_database("sqlite://" + (tmp_path / "shop.db").as_posix())
    demo_shop(seed=1, history_days=5, today=dt.date(2026, 11, 26))
    window = ReportsWindow(till_id="K1", today=dt.date(2026, 11, 26))
    qtbot.addWidget(window)
    window.day.setDate(dt.date(2026, 11, 25))
    table = window.options_asked
    rows = {table.item(i, 0).text(): table.item(i, 1).text() for i in range(table.rowCount())}
    figures = {f"{f.group}: {f.name}": f for f in window.recap.choices}
    assert rows and set(figures) <= set(rows)
    assert all(rows[label] == str(int(f.quantity.thousandths // 1000)) for label, f in figures.items())
    assert any(label.startswith("Most asked Gula: ") for label in rows)
