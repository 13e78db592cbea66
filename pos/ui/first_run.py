"""The first start on an empty database: the shop's name, the owner's PIN and a first few products,
or the demo shop to try things out, instead of a PIN screen nobody can pass."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from pos.i18n import _
from pos.services.errors import InvalidInput, PosError
from pos.ui.style import BIG, big_button
from pos.ui.tasks import Runner, TaskBar
from pos.ui.widgets import show_error

FIRST_PRODUCTS = 6


class FirstRunPage(QWidget):
    done = Signal(object)  # the owner (Staff): log them in
    demo_loaded = Signal()
    join_requested = Signal()  # this computer is a till of a shop that has a server (pos.ui.join_server)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(_("Welcome to Langganan"))
        title.setStyleSheet("font-size: 22pt; font-weight: 600;")
        intro = QLabel(_("Three things and the till is ready. Everything can be changed later in the back office "
                         "(Ctrl+O)."))
        intro.setWordWrap(True)
        self.shop_name = QLineEdit()
        self.shop_name.setPlaceholderText(_("e.g. Toko Kue Sari"))
        self.whatsapp = QLineEdit()
        self.whatsapp.setPlaceholderText("0812-3456-7890")
        self.owner_name = QLineEdit()
        self.owner_name.setPlaceholderText(_("Your name"))
        self.pin, self.again = QLineEdit(), QLineEdit()
        for field in (self.pin, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMaxLength(6)
            field.setPlaceholderText(_("6 digits (recommended for owners)"))
        for field in (self.shop_name, self.whatsapp, self.owner_name, self.pin, self.again):
            field.setStyleSheet(BIG)
        shop = QGroupBox(_("1. The shop"))
        f1 = QFormLayout(shop)
        f1.addRow(_("Shop name"), self.shop_name)
        f1.addRow(_("Shop WhatsApp number"), self.whatsapp)
        owner = QGroupBox(_("2. The owner"))
        f2 = QFormLayout(owner)
        f2.addRow(_("Name"), self.owner_name)
        f2.addRow(_("Owner's PIN"), self.pin)
        f2.addRow(_("PIN again"), self.again)
        products = QGroupBox(_("3. First products (more later, or import a spreadsheet in the back office)"))
        self.products = QTableWidget(FIRST_PRODUCTS, 3)
        self.products.setHorizontalHeaderLabels([_("Product"), _("Price"), _("Category")])
        self.products.horizontalHeader().setStretchLastSection(True)
        self.products.setColumnWidth(0, 260)
        p3 = QVBoxLayout(products)
        p3.addWidget(self.products)
        self.start_button = big_button(_("Open my shop"), color="#2e7d32")
        self.demo_button = QPushButton(_("Or try the demo shop first (cashier PIN 1111, owner PIN 1234)"))
        self.join_button = QPushButton(_("This computer is a till of a shop that has a server…"))
        left = QVBoxLayout()
        left.addWidget(shop)
        left.addWidget(owner)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addWidget(products, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(columns, 1)
        layout.addWidget(self.start_button)
        layout.addWidget(self.demo_button)
        layout.addWidget(self.join_button)
        self.task_bar = TaskBar()
        self.runner = Runner(self, self.task_bar)
        self.runner.started.connect(lambda: self._busy(True))
        self.runner.ended.connect(lambda: self._busy(False))
        layout.addWidget(self.task_bar)
        self.start_button.clicked.connect(self.start)
        self.demo_button.clicked.connect(self.load_demo)
        self.join_button.clicked.connect(self.join_requested)

    def set_product(self, row: int, name: str, price: str, category: str = "") -> None:
        for col, text in enumerate((name, price, category)):
            self.products.setItem(row, col, QTableWidgetItem(text))

    def first_products(self):
        from pos.money import parse_amount
        from pos.services.setup import FirstProduct

        found = []
        for row in range(self.products.rowCount()):
            cells = [(self.products.item(row, c).text().strip() if self.products.item(row, c) else "")
                     for c in range(3)]
            if not any(cells):
                continue
            name, price, category = cells
            if not name:
                raise InvalidInput(_("Row {n}: the product needs a name.").format(n=row + 1))
            try:
                amount = parse_amount(price)
            except ValueError:
                raise InvalidInput(_("Row {n}: {price} is not a price (e.g. 15.000).").format(
                    n=row + 1, price=price or "-")) from None
            found.append(FirstProduct(name, amount, category))
        return tuple(found)

    def start(self) -> None:
        from pos.services.setup import set_up_shop

        try:
            if self.pin.text() != self.again.text():
                raise InvalidInput(_("The two PINs are not the same."))
            owner = set_up_shop(self.shop_name.text(), self.owner_name.text(), self.pin.text(),
                                self.first_products(), whatsapp=self.whatsapp.text())
        except PosError as exc:
            show_error(self, str(exc), focus=self.field_at_fault())  # nothing was stored
            return
        self.done.emit(owner)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """The shop's name is ready for typing as soon as the page shows."""
        super().showEvent(event)
        if not any(w.hasFocus() for w in (self.whatsapp, self.owner_name, self.pin, self.again, self.products)):
            self.shop_name.setFocus(Qt.FocusReason.OtherFocusReason)

    def field_at_fault(self) -> QWidget:
        """Where the cashier goes back to after a warning: the first field that the warning is about."""
        from pos.services.phones import normalize_phone

        if self.pin.text() != self.again.text():
            self.again.clear()
            return self.again
        if not self.shop_name.text().strip():
            return self.shop_name
        if self.whatsapp.text().strip():
            try:
                normalize_phone(self.whatsapp.text(), "ID")
            except PosError:
                return self.whatsapp
        try:
            self.first_products()
        except PosError:
            return self.products
        return self.pin

    def load_demo(self) -> None:
        """The demo shop is made off the GUI thread (a few seconds, one transaction): the page says so and waits;
        a second click starts nothing."""
        from pos.services.demo import create_demo

        self.runner.run(lambda: create_demo(seed=1), lambda _result: self.demo_loaded.emit(),
                        text=_("Making the demo shop; this takes a few seconds…"))

    def _busy(self, busy: bool) -> None:
        for w in (self.start_button, self.demo_button, self.join_button):
            w.setEnabled(not busy)
