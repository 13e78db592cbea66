"""The counter's made-daily buttons (issue #25): what is left on each ("sisa 4"), sold out at zero, a warning when
a sold-out product is added, and the owner's PIN to sell beyond the tray. Yesterday's goods carried to today show
on a strip under the product's button ("kemarin 6 · Rp 7.500"): a tap there, Ctrl+Y, or the answer to a scan's
question ("today's or yesterday's?", asked only when both are on hand) adds a line at the day-old price. Mixed into
the sale screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pos.i18n import _, format_money, format_number
from pos.services import clock
from pos.services.errors import PosError
from pos.services.trays import CounterTray, counter_trays

DAY_OLD_STYLE = "font-size: 10pt; padding: 2px; background: #8d6e63; color: white; font-weight: 600;"


def day_old_strip(product_id: int, on_tap) -> QPushButton:
    """The strip under a product's button for yesterday's goods (hidden until a day-old tray is on hand)."""
    strip = QPushButton()
    strip.setStyleSheet(DAY_OLD_STYLE)
    strip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    strip.setMinimumWidth(10)
    strip.clicked.connect(lambda _c=False, pid=product_id: on_tap(pid))
    strip.hide()
    return strip


class TodayOrYesterday(QDialog):
    """A scan of a product with both today's and yesterday's goods on hand: Enter (or 1) takes today's, 2
    yesterday's at the day-old price, Esc neither."""

    def __init__(self, name: str, tray: CounterTray, parent: QWidget, answer) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Today's or yesterday's?"))
        self.answer = answer
        layout = QVBoxLayout(self)
        question = QLabel(_("{name}: today's or yesterday's?").format(name=name))
        question.setStyleSheet("font-size: 14pt; font-weight: 600;")
        layout.addWidget(question)
        row = QHBoxLayout()
        self.today_button = QPushButton(_("1 · Today's, left {n} (Enter)").format(n=format_number(tray.left)))
        price = format_money(tray.day_old_price) if tray.day_old_price is not None else ""
        self.yesterday_button = QPushButton(_("2 · Yesterday's, left {n} · {price}").format(
            n=format_number(tray.day_old_left), price=price))
        for button, day_old in ((self.today_button, False), (self.yesterday_button, True)):
            button.setMinimumHeight(64)
            button.setStyleSheet("font-size: 13pt;")
            button.clicked.connect(lambda _c=False, d=day_old: self.take(d))
            row.addWidget(button)
        self.today_button.setDefault(True)
        self.today_button.setFocus()
        layout.addLayout(row)

    def take(self, day_old: bool) -> None:
        self.accept()
        self.answer(day_old)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_1):
            self.take(False)
        elif key == Qt.Key.Key_2:
            self.take(True)
        else:
            super().keyPressEvent(event)


class TrayCounter:
    """Needs ``tray_buttons`` (product id → (button, its usual text)), ``day_old_strips`` (product id → strip),
    ``message``, ``owner_pin_provider`` and ``add_product``."""

    tray_buttons: dict
    day_old_strips: dict
    trays_left: dict[int, CounterTray]

    def show_trays(self) -> None:
        """The buttons of products with a tray today say what is left, or that they sold out; yesterday's goods
        count down on their strip the same way."""
        try:
            self.trays_left = counter_trays(clock.today())
        except PosError:  # the server away: the buttons keep their usual words
            self.trays_left = {}
        for pid, (button, usual) in self.tray_buttons.items():
            tray = self.trays_left.get(pid)
            if tray is None:
                button.setText(usual)
            elif tray.left.thousandths > 0:
                button.setText(usual + "\n" + _("left {n}").format(n=format_number(tray.left)))
            else:
                button.setText(usual + "\n" + _("SOLD OUT"))
            strip = self.day_old_strips.get(pid)
            if strip is None:
                continue
            shown = tray is not None and tray.has_day_old and tray.day_old_price is not None
            strip.setVisible(shown)
            if shown:
                strip.setText(_("yesterday {n} · {price}").format(n=format_number(tray.day_old_left),
                                                                   price=format_money(tray.day_old_price))
                              if tray.day_old_left.thousandths > 0 else _("yesterday: SOLD OUT"))

    def _tray(self, product_id: int) -> CounterTray | None:
        return getattr(self, "trays_left", {}).get(product_id)

    def sold_out(self, product_id: int, day_old: bool = False) -> bool:
        tray = self._tray(product_id)
        if tray is None:
            return False
        if day_old:
            return tray.day_old_left.thousandths <= 0
        return tray.left.thousandths <= 0

    def warn_sold_out(self, product_id: int, name: str, day_old: bool = False) -> None:
        if self.sold_out(product_id, day_old):
            text = (_("Yesterday's {name} is sold out: selling it needs the owner's PIN at payment.") if day_old
                    else _("{name} is sold out: selling it needs the owner's PIN at payment."))
            self.message.setText(text.format(name=name))
            self.message.setStyleSheet("font-size: 14pt; color: #e65100; font-weight: 600;")

    def oversell_pin(self) -> str:
        """The owner's PIN to sell beyond a tray ("" when not given)."""
        return self.owner_pin_provider(self, _("Selling beyond the day's tray")) or ""

    # --- yesterday's goods ------------------------------------------------------------------------
    def add_day_old(self, product_id: int) -> None:
        """A line of yesterday's goods at the day-old price (the strip's tap, Ctrl+Y, the scan's answer 2)."""
        self.add_product(product_id, day_old=True)

    def add_scanned(self, product_id: int) -> None:
        """A scanned product: today's, unless yesterday's goods are on hand too (then the cashier is asked, Enter
        taking today's) or only yesterday's are left (then those)."""
        tray = self._tray(product_id)
        if tray is None or not tray.has_day_old or tray.day_old_left.thousandths <= 0 or tray.day_old_price is None:
            self.add_product(product_id)
        elif tray.left.thousandths > 0:
            self.search.clear()
            self.day_old_question = TodayOrYesterday(self._name_of(product_id), tray, self,
                                                     lambda day_old: self._answered(product_id, day_old))
            self.day_old_question.open()
        else:
            self.add_day_old(product_id)

    def _answered(self, product_id: int, day_old: bool) -> None:
        self.add_product(product_id, day_old=day_old)
        self.window().activateWindow()
        self.focus_search()

    def yesterdays_key(self) -> None:
        """Ctrl+Y: yesterday's goods of the product typed in the box, else of the selected (or last) line."""
        text = self.search.text().strip()
        if text:
            product = self.find_typed(text)
            if product is not None:
                self.add_day_old(product)
            return
        index = self.table.selected_line()
        if index is None and self.cart.lines:
            index = len(self.cart.lines) - 1
        if index is not None:
            self.add_day_old(self.cart.lines[index].product_id)
