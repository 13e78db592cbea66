"""A barcode scanned while the options panel is open (issue #24): the scanner's fast burst of digits and Enter
picks no choice; the drink on the panel is added as chosen before the scan, and the scanned item follows, as a
cashier expects. A person's keys, a moment apart, still pick choices. The key times are the window system's
(``QKeyEvent.timestamp``), given here as a scanner and a person send them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from pos.models import Product
from pos.money import Money
from tests.ui.test_options_panel import scan_only
from tests.ui.test_till import CHIPS_BARCODE, table_texts

KEYS = {**{str(d): getattr(Qt.Key, f"Key_{d}") for d in range(10)}, "\r": Qt.Key.Key_Return}


def type_keys(widget, text: str, start_ms: int, gap_ms: int) -> int:
    """Each character (and "\\r" for Enter) pressed and released ``gap_ms`` after the one before."""
    at = start_ms
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, KEYS[char], Qt.KeyboardModifier.NoModifier, char)
            event.setTimestamp(at)
            QApplication.sendEvent(widget, event)
        at += gap_ms
    return at


def test_a_scan_into_the_open_panel_adds_the_drink_as_chosen_then_the_scanned_item(till, qtbot):
    screen = till.sale_screen
    coffee = Product.get(Product.code == "KOP-05")  # Es Kopi Susu Gula Aren, Rp 15.000
    scan_only(screen, qtbot, "KOP-05")
    panel = screen.options_panel
    at = type_keys(panel, "2", 10_000, 400)  # the cashier: Besar (+5.000)
    type_keys(panel, CHIPS_BARCODE + "\r", at + 900, 8)  # the next item scanned, 8 ms a key
    assert not panel.isVisible()
    rows = table_texts(screen)
    assert [r[0].split("\n")[0] for r in rows] == [coffee.name, "Keripik Pisang Manis 250 g"], rows
    assert rows[0][0].endswith("Besar · Normal · Es normal"), rows  # no choice from the barcode's digits
    assert len(screen.cart.lines[0].options) == 3 and screen.search.text() == ""
    assert screen.priced.lines[0].amount == Money(20000)


def test_a_drink_scanned_into_the_panel_of_another_asks_for_its_own_choices(till, qtbot):
    screen = till.sale_screen
    scan_only(screen, qtbot, "KOP-05")
    panel = screen.options_panel
    kopi = Product.get(Product.code == "KOP-05")
    Product.update(barcode="2000000000053").where(Product.id == kopi.id).execute()
    type_keys(panel, "2000000000053\r", 5_000, 5)
    assert panel.isVisible() and panel.title.text() == kopi.name  # the second one's panel, defaults chosen
    assert [b.isChecked() for b in panel.buttons[0]] == [True, False]
    type_keys(panel, "2\r", 9_000, 300)  # a person: Besar, Enter
    assert [(line.quantity.thousandths, [o.name for o in line.options][0]) for line in screen.cart.lines] == [
        (1000, "Reguler"), (1000, "Besar")]


def test_a_person_typing_choices_is_not_a_scan(till, qtbot):
    screen = till.sale_screen
    scan_only(screen, qtbot, "KOP-05")
    panel = screen.options_panel
    type_keys(panel, "22\r", 20_000, 120)  # Besar, Kurang manis, Enter: brisk, but a person
    assert not panel.isVisible()
    assert table_texts(screen)[0][0].endswith("Besar · Kurang manis · Es normal")
    scan_only(screen, qtbot, "KOP-05")
    type_keys(panel, "2222\r", 30_000, 70)  # four keys from a quick hand: still choices, not a code
    assert not panel.isVisible() and len(screen.cart.lines) == 2 and screen.search.text() == ""


def test_a_scan_is_refused_while_the_drinks_choices_are_incomplete(till, qtbot):
    from pos.domain.options import OptionChoice, OptionGroup

    screen = till.sale_screen
    panel = screen.options_panel
    size = OptionGroup(90, "Ukuran", (OptionChoice(91, "Kecil"), OptionChoice(92, "Besar", Money(5000))), 1, 1)
    added = []
    panel.ask("Es Teh", (size,), added.append)  # a size to choose, none preselected
    type_keys(panel, CHIPS_BARCODE + "\r", 1_000, 6)
    assert panel.isVisible() and added == [] and screen.cart.lines == ()
    assert "Ukuran: choose at least 1." in panel.problem.text() and CHIPS_BARCODE in panel.problem.text()
    assert not any(b.isChecked() for b in panel.buttons[0])  # the barcode's digits chose nothing
    type_keys(panel, "2\r", 5_000, 200)
    assert [o.name for o in added[0]] == ["Besar"]
