"""The sale screen: scan or tap items, pick the customer, see every price explained, take payment."""

from __future__ import annotations

import textwrap

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (QApplication, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QScrollArea, QSplitter, QStackedWidget, QTabWidget, QVBoxLayout, QWidget)

from pos.domain.cart import Cart, CartError
from pos.domain.options import ChosenOption
from pos.domain.pricing import PricedCart
from pos.i18n import _, format_datetime, format_money
from pos.money import Quantity, parse_amount
from pos.services import clock, connectivity, offline_sale, outbox, parking, print_queue
from pos.services.auth import require_owner
from pos.services.line_removal import approve_line_removal, line_removal_protected
from pos.services.catalog import counter_grid
from pos.services.changes import read_afresh, read_recently
from pos.services.held_catalogue import find as find_product, search as search_products  # offline: what is held
from pos.services.product_options import options_for, product_name
from pos.services.scanning import scan_code
from pos.services.customers import find_customer, last_order
from pos.services.errors import PosError
from pos.services.pricing import price
from pos.services.till_sale import sell
from pos.services.trays import SoldOut
from pos.services.sales import SaleResult
from pos.services.shop_settings import ShopOptions
from pos.services.staff import Staff
from pos.services.till_actions import open_drawer_now
from pos.ui.bill_actions import BillActions
from pos.ui.tray_counter import TrayCounter, day_old_strip
from pos.ui.cart_view import CartTable, OffersPanel, TotalsPanel, WholeRows
from pos.ui.customer_panel import CustomerPanel
from pos.ui.options_panel import OptionsPanel
from pos.ui.payment_dialog import PaymentDialog
from pos.ui.receipt_dialog import ReceiptPanel
from pos.ui.shop_signal import shop_signal
from pos.ui.price_list import PriceListDialog
from pos.ui.printer import Printer
from pos.ui.widgets import ask_owner_pin, ask_price, big_button, choose_parked, show_error, with_server


UNDO_MS = 60_000  # how long a cart cleared by Esc can be brought back


def _waits_for_server(parent, action: str) -> bool:
    """While the server is away, what needs its truth says so and waits (True: refused)."""
    if not connectivity.offline():
        return False
    show_error(parent, offline_sale.waits_for_server(action))
    return True


def cart_error_text(error: CartError) -> str:
    if error.code == "quantity_too_large":
        return _("A quantity can be at most {maximum}.").format(maximum=error.params["maximum"])
    return _("A quantity must be more than zero.")


class ScanField(QLineEdit):
    """The search box. A scanner that ends its code with Tab scans like Enter; with the box empty, Tab and
    Shift+Tab move the focus on, + and − (either row of the keyboard, or the numpad) change the selected cart
    line's quantity and the arrow keys move in the cart. With text in the box + and − are typed (codes such as
    KUE-01 hold a dash)."""

    step = Signal(int)  # +1 / -1 for the selected cart line
    move = Signal(int)  # -1 up, +1 down in the cart

    STEPS = {Qt.Key.Key_Plus: 1, Qt.Key.Key_Minus: -1, 0x2212: -1}  # 0x2212: a keyboard's "−" sign
    TILL_KEYS = (Qt.Key.Key_E, Qt.Key.Key_J, Qt.Key.Key_K, Qt.Key.Key_Y)

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            key, empty = event.key(), not self.text().strip()
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not empty:
                if kind == QEvent.Type.KeyPress:
                    self.returnPressed.emit()
                return True
            if kind == QEvent.Type.ShortcutOverride and empty and event.matches(QKeySequence.StandardKey.Undo):
                event.ignore()  # Ctrl+Z in the empty box: the till's Undo (a cart cleared by Esc)
                return True
            if kind == QEvent.Type.ShortcutOverride and key in self.TILL_KEYS \
                    and event.modifiers() == Qt.KeyboardModifier.ControlModifier:
                event.ignore()  # Ctrl+E (send the bill), Ctrl+J (open bills), Ctrl+K (a line's choices), Ctrl+Y
                # (yesterday's goods): the till's
                return True
            if key in self.STEPS and empty:
                if kind == QEvent.Type.KeyPress:
                    self.step.emit(self.STEPS[key])
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        super().keyPressEvent(event)


class SaleScreen(QWidget, BillActions, TrayCounter):
    """One cart at a time; parked carts and open bills wait in the database."""

    sale_completed = Signal(object)  # SaleResult
    refund_requested = Signal()
    cash_requested = Signal()
    close_requested = Signal()
    switch_requested = Signal()  # another cashier takes the till (the shift stays open)

    def __init__(self, till_id: str, cashier: Staff, shift_id: int, printer: Printer | None = None) -> None:
        super().__init__()
        self.till_id, self.cashier, self.shift_id = till_id, cashier, shift_id
        read_recently()  # scans and repricing use a pricing version read in the last seconds; a checkout reads its own
        self.printer = printer  # None: no printing (tests, a till without a printer)
        if printer is not None:
            printer.finished.connect(self.print_outcome)
            printer.refused.connect(self.print_refused)
        self.cart = Cart()
        self.owner_pin_provider = ask_owner_pin  # tests hand in a PIN instead of a dialog
        self.price_provider = ask_price
        self.clock = clock.now  # the shop's clock (a test may hand in its own)
        self.parked_chooser = choose_parked
        self.priced: PricedCart | None = None
        self.last_result: SaleResult | None = None
        self.names: dict[int, str] = {}
        self.cleared: Cart | None = None  # the cart Esc cleared, for Undo (Ctrl+Z) during UNDO_MS
        self.undo_timer = QTimer(self)  # a child: it stops with the screen
        self.undo_timer.setSingleShot(True)
        self.undo_timer.timeout.connect(self.forget_cleared)
        self._build()
        self._shortcuts()
        self.retranslate()
        self._recover()
        self.reprice()
        shop_signal().changed.connect(self.shop_changed)

    def _recover(self) -> None:
        """After a crash during payment: the sale is either stored (say so) or back in the cart."""
        lost = parking.interrupted_payment(self.till_id)
        if lost is None:
            return
        completed_as = lost.completed_as or outbox.kept_number(self.till_id, lost.cart.id)  # or kept offline
        if completed_as:
            self.message.setText(_("Sale {number} was completed before the till stopped.").format(
                number=completed_as))
            return
        self.cart = lost.cart
        self.customer.customer_id = self.cart.customer_id
        if self.cart.customer_id:
            self.customer.refresh()
        self.message.setText(_("The sale being paid when the till stopped is back: take the payment again."))

    # --- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.options_panel = OptionsPanel(self)
        self.options_panel.setObjectName("options_panel")
        self.options_panel.finished.connect(self._options_closed)
        self.options_panel.scanned.connect(self.scan_code)
        self.search = ScanField()
        self.search.setObjectName("search")
        self.search.setStyleSheet("font-size: 16pt; padding: 6px;")
        self.matches = QListWidget()
        self.matches.setMaximumHeight(180)
        self.matches.hide()
        self.grid = QTabWidget()
        self.grid.setStyleSheet("QTabBar::tab { font-size: 12pt; padding: 8px 14px; }")
        self._fill_grid()
        line_buttons = QHBoxLayout()
        self.plus, self.minus, self.remove = (big_button("+"), big_button("−"), big_button(_("Remove")))
        self.price_button = big_button("")
        for b in (self.plus, self.minus, self.price_button, self.remove):
            b.setMinimumHeight(40)
            line_buttons.addWidget(b)
        actions = QGridLayout()
        self.pay_button = big_button("", color="#2e7d32")
        self.pay_button.setMinimumHeight(64)
        self.park_button, self.resume_button, self.refund_button = big_button(""), big_button(""), big_button("")
        self.cash_button, self.close_button, self.cancel_button = big_button(""), big_button(""), big_button("")
        self.drawer_button, self.prices_button = big_button(""), big_button("")
        self.preorder_button, self.orders_button = big_button(""), big_button("")
        for i, b in enumerate((self.park_button, self.resume_button, self.cancel_button, self.prices_button,
                               self.refund_button, self.cash_button, self.drawer_button, self.close_button,
                               self.preorder_button, self.orders_button)):
            b.setMinimumHeight(44)
            b.setStyleSheet(b.styleSheet() + "font-size: 12pt;")
            actions.addWidget(b, i // 4, i % 4)
        self.switch_button = big_button("")
        self.bill_button, self.bills_button = big_button("", color="#6d4c41"), big_button("")
        for b in (self.switch_button, self.bill_button, self.bills_button):
            b.setMinimumHeight(44)
            b.setStyleSheet(b.styleSheet() + "font-size: 12pt;")
        actions.addWidget(self.switch_button, 2, 2, 1, 2)
        actions.addWidget(self.bill_button, 3, 0, 1, 2)
        actions.addWidget(self.bills_button, 3, 2, 1, 2)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        for w in (self.search, self.matches):
            left_layout.addWidget(w)
        left_layout.addWidget(self.grid, 1)
        left_layout.addLayout(actions)

        self.customer = CustomerPanel()
        self.table = CartTable()
        self.receipt = ReceiptPanel(buttons_beside=True)  # after a sale, in place of the empty cart, off the grid
        self.receipt.print_requested.connect(self.print_copy)
        self.receipt.invoice_requested.connect(self.make_invoice)
        self.receipt.close_requested.connect(self.close_receipt)
        self.receipt.text.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the next scan goes to the search box
        self.cart_area = QStackedWidget()
        self.cart_area.addWidget(WholeRows(self.table))
        self.cart_area.addWidget(self.receipt)
        self.offers = OffersPanel()
        self.totals = TotalsPanel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.undo_button = big_button("")
        self.undo_button.setMinimumHeight(40)
        self.undo_button.hide()
        message_row = QHBoxLayout()
        self.queue_label = QLabel()  # the last sale's queue number, big, until the next sale starts
        self.queue_label.setObjectName("queueNumber")
        self.queue_label.setStyleSheet("font-size: 28pt; font-weight: 700; color: #1b5e20;")
        self.queue_label.hide()
        message_row.addWidget(self.queue_label)
        message_row.addWidget(self.message, 1)
        message_row.addWidget(self.undo_button)
        self.print_notice = QLabel()  # a printer that failed: shown until the next print succeeds
        self.print_notice.setWordWrap(True)
        self.print_notice.setStyleSheet("font-size: 12pt; color: #e65100; font-weight: 600;")
        self.print_notice.hide()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.customer)
        right_layout.addWidget(self.cart_area, 1)
        right_layout.addLayout(line_buttons)
        right_layout.addWidget(self.offers)
        right_layout.addWidget(self.totals)
        right_layout.addLayout(message_row)
        right_layout.addWidget(self.print_notice)
        right_layout.addWidget(self.pay_button)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 800])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self.search.returnPressed.connect(self.scan)
        self.search.textEdited.connect(self._suggest)
        for signal in (self.matches.itemActivated, self.matches.itemClicked):  # Enter, or one tap (once: the
            signal.connect(lambda item: item is not None and self.matches.isVisible()  # list hides when added)
                           and self.add_product(item.data(Qt.ItemDataRole.UserRole)))
        self.customer.picked.connect(self.set_customer)
        self.customer.repeat_requested.connect(self.repeat_last_order)
        self.customer.page_requested.connect(self.open_customer_page)
        self.table.quantity_typed.connect(self.type_quantity)
        self.table.cellDoubleClicked.connect(  # a double tap on the item: its choices again
            lambda row, col: col == 0 and row < len(self.table.rows) and self.table.rows[row] is not None
            and self.edit_options(self.table.rows[row]))
        self.offers.chosen.connect(lambda promo, product: self._change(self.cart.choose(promo, product)))
        self.offers.accepted.connect(lambda promo, take: self._change(self.cart.accept_offer(promo, take)))
        self.plus.clicked.connect(lambda: self.step_quantity(1))
        self.minus.clicked.connect(lambda: self.step_quantity(-1))
        self.remove.clicked.connect(self.remove_line)
        self.price_button.clicked.connect(self.change_price)
        self.pay_button.clicked.connect(self.pay)
        self.preorder_button.clicked.connect(self.take_preorder)
        self.orders_button.clicked.connect(self.show_orders)
        self.park_button.clicked.connect(self.park)
        self.resume_button.clicked.connect(self.resume_first)
        self.cancel_button.clicked.connect(self.new_cart)
        self.refund_button.clicked.connect(self.refund_requested.emit)
        self.cash_button.clicked.connect(self.cash_requested.emit)
        self.close_button.clicked.connect(self.close_requested.emit)
        self.drawer_button.clicked.connect(self.open_drawer)
        self.prices_button.clicked.connect(lambda: PriceListDialog(self).open())
        self.switch_button.clicked.connect(self.switch_requested.emit)
        self.bill_button.clicked.connect(self.send_order)
        self.bills_button.clicked.connect(self.show_bills)
        self.undo_button.clicked.connect(self.undo_clear)
        self.search.step.connect(self.step_quantity)
        self.search.move.connect(self.move_in_cart)
        self.table.setTabKeyNavigation(False)  # Tab leaves the cart for the customer panel
        # Touch buttons never take the focus: a tap leaves it where the next scan goes. Each has its key.
        self.grid.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.grid.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for b in (self.plus, self.minus, self.remove, self.price_button, self.park_button, self.resume_button,
                  self.refund_button, self.cash_button, self.close_button, self.cancel_button, self.drawer_button,
                  self.prices_button, self.preorder_button, self.orders_button, self.switch_button,
                  self.undo_button, self.bill_button, self.bills_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def refresh_catalogue(self) -> None:
        """After the back office: new products, prices, colours and pictures on the counter buttons."""
        current = self.grid.currentIndex()
        self._fill_grid()
        self.grid.setCurrentIndex(max(0, min(current, self.grid.count() - 1)))
        self.reprice()

    def _fill_grid(self) -> None:
        self.grid.clear()
        self.grid_buttons = {}
        self.tray_buttons = {}
        self.day_old_strips = {}
        for category in counter_grid():
            page = QWidget()
            buttons = QGridLayout(page)
            for i, product in enumerate(category.products):
                self.names[product.id] = product.name
                name = "\n".join(textwrap.wrap(product.name, 18)[:2])
                button = big_button(f"{name}\n{format_money(product.retail_price)}", color=category.color)
                button.setStyleSheet(button.styleSheet() + "font-size: 11pt; padding: 4px;")
                button.setMinimumHeight(84)
                button.setMinimumWidth(10)
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.clicked.connect(lambda _c=False, pid=product.id: self.add_product(pid))
                picture = category.pictures.get(product.id)
                if picture:
                    pixmap = QPixmap()
                    if pixmap.loadFromData(picture):
                        button.setIcon(QIcon(pixmap))
                        button.setIconSize(QSize(44, 44))
                cell = QWidget()
                stack = QVBoxLayout(cell)
                stack.setContentsMargins(0, 0, 0, 0)
                stack.setSpacing(0)
                stack.addWidget(button)
                strip = self.day_old_strips[product.id] = day_old_strip(product.id, self.add_day_old)
                stack.addWidget(strip)
                buttons.addWidget(cell, i // 3, i % 3)
                self.grid_buttons[product.code] = button
                self.tray_buttons[product.id] = (button, button.text())
            buttons.setRowStretch(buttons.rowCount(), 1)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(page)
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.grid.addTab(scroll, category.name.replace("&", "&&"))
        self.show_trays()

    def _options_closed(self, _result: int) -> None:
        """The till's window active again with the focus in the search box: its keys (Ctrl+E, Ctrl+J, F8...) work
        at once after the choices were taken (a hidden panel must not keep them)."""
        self.window().activateWindow()
        self.focus_search()

    def _shortcuts(self) -> None:
        keys = {"F2": self.focus_search, "F4": lambda: self.customer.search.setFocus(), "F5": self.accept_first_offer,
                "F8": self.pay, "F9": self.park, "F10": self.resume_first, "Escape": self.new_cart,
                "F6": self.refund_requested.emit, "F3": self.take_preorder, "F7": self.cash_requested.emit,
                "F11": self.open_drawer, "Ctrl+K": self.edit_options,
                "+": lambda: self.step_quantity(1), "-": lambda: self.step_quantity(-1), "Delete": self.remove_line,
                "Ctrl+Z": self.undo_clear, "Ctrl+L": self.switch_requested.emit, "Ctrl+T": self.close_requested.emit,
                "Ctrl+E": self.send_order, "Ctrl+J": self.show_bills, "Ctrl+Y": self.yesterdays_key}
        self._shortcut_objects = []
        for key, slot in keys.items():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            self._shortcut_objects.append(shortcut)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Scan a barcode, or type a code or a name (F2)"))
        self.pay_button.setText(_("Pay (F8)"))
        self.park_button.setText(_("Park (F9)"))
        self.resume_button.setText(_("Resume (F10)"))
        self.preorder_button.setText(_("Pre-order (F3)"))
        self.update_orders_button()
        self.refund_button.setText(_("Refund (F6)"))
        self.cash_button.setText(_("Cash in/out (F7)"))
        self.close_button.setText(_("Close shift (Ctrl+T)"))
        self.cancel_button.setText(_("New sale (Esc)"))
        self.drawer_button.setText(_("Open drawer (F11)"))
        self.prices_button.setText(_("Prices (F12)"))
        self.switch_button.setText(_("Switch cashier (Ctrl+L)"))
        self.undo_button.setText(_("Undo (Ctrl+Z)"))
        self.update_bill_button()
        self.update_bills_button()
        self.remove.setText(_("Remove"))
        self.price_button.setText(_("Change price"))
        self.customer.retranslate()
        self.table.retranslate()
        self.receipt.retranslate()

    # --- the keyboard ----------------------------------------------------------------------------
    def focus_chain(self) -> list[QWidget]:
        """Where Tab goes at the till, in order: the search box, the cart, the customer panel, Pay."""
        panel = self.customer
        chain = [self.search, self.table, panel.search, panel.results, panel.add_button, panel.repeat_button,
                 panel.page_button, panel.clear_button, *self.offers.buttons, self.pay_button]
        return [w for w in chain if w.isVisible() and w.isEnabled()]

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt's name)
        chain = self.focus_chain()
        if not chain:
            return super().focusNextPrevChild(forward)
        here = QApplication.focusWidget()
        while here is not None and here not in chain and here is not self:
            here = here.parentWidget()  # the cart's quantity editor counts as the cart
        i = chain.index(here) if here in chain else -1
        target = chain[(i + (1 if forward else -1)) % len(chain)] if i >= 0 else self.search
        target.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
        if target is self.table and self.table.selected_line() is None and self.table.rowCount():
            self.table.selectRow(self.table.rowCount() - 1)
        return True

    def move_in_cart(self, step: int) -> None:
        """Up and down in the empty search box: the suggestions when they show, else the cart's lines."""
        if self.matches.isVisible() and self.matches.count():
            self.matches.setFocus()
            self.matches.setCurrentRow(0 if step > 0 else self.matches.count() - 1)
            return
        rows = self.table.rowCount()
        if not rows:
            return
        current = self.table.currentRow() if self.table.selectionModel().selectedRows() else rows
        self.table.selectRow(max(0, min(rows - 1, current + step)))

    # --- the cart -------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def _change(self, cart: Cart) -> bool:
        """Reprice the changed cart; on any error keep the cart as it was."""
        old = self.cart
        self.cart = cart
        if not self.reprice():
            self.cart = old
            self.reprice()
            return False
        if cart.lines and not old.lines:
            self.next_sale_started()
        return True

    def next_sale_started(self) -> None:
        """The first line of the next sale: the last sale's receipt and message have done their work."""
        self.close_receipt()
        self.message.clear()
        self.message.setStyleSheet("")
        self.queue_label.hide()
        self.forget_cleared()

    def shop_changed(self, _settings: ShopOptions) -> None:
        """The owner changed the shop's settings (here or at another till): the cart shows the new tax and
        cash rounding at once."""
        self.reprice()

    def reprice(self) -> bool:
        try:
            context = offline_sale.NEW_CUSTOMER_CONTEXT if self.customer.offline_new is not None else None
            self.priced = price(self.cart.lines, self.cart.customer_id, selections=self.cart.selections,
                                context=context) if self.cart.lines else None
        except PosError as exc:
            show_error(self, str(exc))
            return False
        if self.priced is not None:  # a stamp reward used up at another till is no longer taken
            self.cart = self.cart.keep_offers({offer.promotion_id for offer in self.priced.offers})
        self.table.show_cart(self.priced)
        self.offers.show_offers(self.priced, self.names)
        self.totals.show_totals(self.priced)
        self.pay_button.setEnabled(self.priced is not None)
        return True

    def scan_code(self, code: str) -> None:
        """A code scanned elsewhere (into the options panel): taken as if scanned into the search box."""
        self.search.setText(code)
        self.scan()

    def scan(self) -> None:
        """Enter in the search box: a barcode or code adds the item, else the first match."""
        text = self.search.text().strip().strip("\t\r\n")
        if not text:
            if self.priced is not None:
                self.pay()
            return
        if connectivity.offline():  # what the till holds; a weighed pack's code waits for the server
            scanned, product = None, find_product(text)
        else:
            try:
                scanned = scan_code(text)  # a weighed pack's code brings its weight (issue #25)
            except PosError as exc:
                self.search.selectAll()
                show_error(self, str(exc))
                return
            if scanned is not None and scanned.quantity is not None:
                self.add_product(scanned.product.id, scanned.quantity)
                return
            product = scanned.product if scanned is not None else None
        if product is None and not connectivity.offline() and (customer := find_customer(text)) is not None \
                and text.upper() == customer.member_code:
            self.customer.pick(customer.id)  # a loyalty card was scanned
            self.search.clear()
            return
        if product is None:
            found = search_products(text)
            if not found:
                self.search.selectAll()
                show_error(self, _("Nothing found for {text}; the cart is unchanged.").format(text=text))
                return
            product = found[0]
        self.add_scanned(product.id)  # yesterday's goods on hand too: today's or yesterday's? (issue #25)

    def find_typed(self, text: str) -> int | None:
        """The product a code or name typed in the box names (None: said so)."""
        product = find_product(text) or next(iter(search_products(text)), None)
        if product is None:
            self.search.selectAll()
            show_error(self, _("Nothing found for {text}; the cart is unchanged.").format(text=text))
            return None
        return product.id

    def _suggest(self, text: str) -> None:
        self.matches.clear()
        found = search_products(text) if len(text.strip()) >= 2 and not text.strip().isdigit() else []
        for p in found:
            item = QListWidgetItem(f"{p.name} · {p.code} · {format_money(p.retail_price)}")
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.matches.addItem(item)
        self.matches.setVisible(bool(found))

    def add_product(self, product_id: int, quantity: Quantity = Quantity(1000),
                    options: tuple[ChosenOption, ...] | None = None, *, day_old: bool = False) -> None:
        """Add the item; a product with options asks for them first (the options panel), unless given.
        ``day_old``: yesterday's goods, at the day-old price."""
        if options is None:
            groups = options_for(product_id)
            if groups:
                self.search.clear()
                self.matches.hide()
                self.options_panel.ask(self._name_of(product_id), groups,
                                       lambda chosen: self.add_product(product_id, quantity, chosen, day_old=day_old))
                return
        try:
            changed = self.cart.add(product_id, quantity, options or (), day_old=day_old)
        except CartError as exc:
            show_error(self, cart_error_text(exc))
            return
        self._change(changed)
        self.warn_sold_out(product_id, self._name_of(product_id), day_old)
        self.search.clear()
        self.matches.hide()
        self.focus_search()

    def _name_of(self, product_id: int) -> str:
        if product_id not in self.names:
            found = product_name(product_id)
            self.names[product_id] = found
        return self.names[product_id]

    def edit_options(self, index: int | None = None) -> None:
        """The selected line's choices again on the panel (Ctrl+K, or a double tap on the item); the line takes
        the new ones."""
        index = self.table.selected_line() if index is None else index
        if index is None and self.cart.lines:
            index = len(self.cart.lines) - 1
        if index is None:
            return
        line = self.cart.lines[index]
        groups = options_for(line.product_id)
        if not groups:
            return
        picked = tuple(o.choice_id for o in line.options if o.choice_id is not None)

        def chosen(options: tuple[ChosenOption, ...]) -> None:
            try:
                self._change(self.cart.set_options(index, options))
            except CartError as exc:
                show_error(self, cart_error_text(exc))
            self.focus_search()

        self.options_panel.ask(self._name_of(line.product_id), groups, chosen, picked)

    def type_quantity(self, index: int, text: str) -> None:
        if not text.strip():  # an emptied field is not "1": say so and keep the line as it was
            show_error(self, _("Type a quantity, e.g. 2, or 0,5 for weighed goods."))
            self.reprice()
            return
        try:
            quantity = Quantity.of(text)
            changed = self.cart.set_quantity(index, quantity)
        except (CartError, ValueError, ArithmeticError) as exc:
            show_error(self, cart_error_text(exc) if isinstance(exc, CartError)
                       else _("{qty} is not a quantity.").format(qty=text))
            self.reprice()  # show the quantity as it was
            return
        fewer = self.cart.lines[index].quantity - quantity
        if fewer.thousandths > 0 and not self._removal_allowed(index, fewer):
            self.reprice()
            return
        self._change(changed)

    def step_quantity(self, step: int) -> None:
        index = self.table.selected_line()
        if index is None and self.cart.lines:
            index = len(self.cart.lines) - 1
        if index is None:
            return
        quantity = self.cart.lines[index].quantity + Quantity(step * 1000)
        if quantity.thousandths <= 0:
            self.remove_line(index)
            return
        if step < 0 and not self._removal_allowed(index, Quantity(-step * 1000)):
            return
        try:
            self._change(self.cart.set_quantity(index, quantity))
        except CartError as exc:
            show_error(self, cart_error_text(exc))

    def remove_line(self, index: int | None = None) -> None:
        index = self.table.selected_line() if index is None else index
        if index is None and self.cart.lines:
            index = len(self.cart.lines) - 1
        if index is not None and self._removal_allowed(index, self.cart.lines[index].quantity):
            self._change(self.cart.remove(index))

    def _removal_allowed(self, index: int, quantity: Quantity) -> bool:
        """With the owner's protection on, taking scanned items off needs their PIN (and is audited)."""
        if not line_removal_protected():
            return True
        pin = self.owner_pin_provider(self, _("Taking a scanned item off the sale"))
        if pin is None:
            return False
        try:
            approve_line_removal(pin, staff_id=self.cashier.id, till_id=self.till_id,
                                 product=self.names.get(self.cart.lines[index].product_id, ""), quantity=str(quantity))
        except PosError as exc:
            show_error(self, str(exc))
            return False
        return True

    def change_price(self) -> None:
        """A manual price for the selected line: the owner's PIN now, checked again when the sale is paid."""
        index = self.table.selected_line()
        if index is None and self.cart.lines:
            index = len(self.cart.lines) - 1
        if index is None:
            return
        pin = self.owner_pin_provider(self, _("Changing a price"))
        if pin is None:
            return
        try:
            require_owner(pin)
        except PosError as exc:
            show_error(self, str(exc))
            return
        text = self.price_provider(self)
        if text is None:
            return
        try:
            changed = self.cart.set_price(index, parse_amount(text), pin)
        except (ValueError, CartError):
            show_error(self, _("Type an amount like 50.000."))
            return
        self._change(changed)

    def set_customer(self, customer_id: int | None) -> None:
        self._change(self.cart.with_customer(customer_id))
        self.focus_search()

    def open_customer_page(self, customer_id: int) -> None:
        """A complaint or a note taken at the counter, the customer's history, without leaving the sale."""
        from pos.ui.customer_page import CustomerPageDialog

        def open_page() -> None:
            self.customer_page = CustomerPageDialog(customer_id, self.cashier.id, self, printer=self.printer,
                                                    shift_id=self.shift_id, till_id=self.till_id)
            self.customer_page.finished.connect(lambda _r: self.customer.refresh())
            self.customer_page.open()

        with_server(self, offline_sale.CUSTOMER_BOOK, open_page)

    def repeat_last_order(self, customer_id: int) -> None:
        cart = self.cart
        for product_id, quantity, options in last_order(customer_id):
            cart = cart.add(product_id, quantity, options)
        if cart == self.cart:
            show_error(self, _("This customer has no earlier order."))
            return
        self._change(cart)

    def accept_first_offer(self) -> None:
        if self.priced and self.priced.offers and _waits_for_server(self, offline_sale.STAMP_REWARD):
            return
        if self.priced and self.priced.offers:
            offer = self.priced.offers[0]
            self._change(self.cart.accept_offer(offer.promotion_id, not offer.accepted))

    def new_cart(self) -> None:
        """Esc: closes the last receipt when it shows; else empties the cart, undoable for a minute (Ctrl+Z or
        the Undo button beside the message) until the next item is scanned."""
        if not self.cart.lines and self.receipt_showing():
            self.close_receipt()
            return
        if self.cart.lines and line_removal_protected():
            pin = self.owner_pin_provider(self, _("Taking a scanned item off the sale"))
            try:
                approve_line_removal(pin, staff_id=self.cashier.id, till_id=self.till_id, product=_("the whole sale"),
                                     quantity=str(len(self.cart.lines)))
            except PosError as exc:
                show_error(self, str(exc))
                return
        if not self.cart.lines:
            self.focus_search()
            return
        self.cleared, self.cleared_bill = self.cart, self.bill
        self._clear_cart()
        self.message.setText(_("The sale was cleared ({n} lines): Undo (Ctrl+Z) brings it back.").format(
            n=len(self.cleared.lines)))
        self.message.setStyleSheet("")
        self.undo_button.show()
        self.undo_timer.start(UNDO_MS)

    def undo_clear(self) -> None:
        """Ctrl+Z: the cart Esc cleared comes back (while nothing new was scanned)."""
        if self.cleared is None or self.cart.lines:
            return
        cart, self.cleared = self.cleared, None
        self.undo_button.hide()
        self.cart, self.bill = cart, getattr(self, "cleared_bill", None)
        self.update_bill_button()
        self.customer.customer_id = cart.customer_id
        self.customer.refresh() if cart.customer_id else self.customer.show_card(None)
        self.reprice()
        self.message.setText(_("The sale is back."))
        self.focus_search()

    def forget_cleared(self) -> None:
        self.undo_timer.stop()
        self.cleared = None
        self.undo_button.hide()

    def _clear_cart(self) -> None:
        self.forget_bill()
        self.cart = Cart()
        self.customer.pick(None)
        self.reprice()
        self.focus_search()

    # --- paying, parking --------------------------------------------------------------------------
    def pay(self) -> None:
        self.message.clear()
        taken = self.cart.accepted_offers
        if self.bill is not None and _waits_for_server(self, offline_sale.OPEN_BILL):
            return  # the bill is on the server: paid once it is back (the till may sell other carts meanwhile)
        read_afresh()  # the prices and the customer's card as they are now, not as read at the last scan
        if not self.cart.lines or not self.reprice():  # prices may have changed since the last scan (19:00)
            return
        if self.cart.accepted_offers != taken:  # the customer's card was used at another till meanwhile
            show_error(self, _("The stamp card reward is no longer there: the card was just used at another till. "
                               "The sale goes on without it: check the total and pay again."))
            return
        self.payment = PaymentDialog(self.priced, self.cart.customer_id is not None, self)
        self.payment.accepted.connect(self._complete)
        self.payment.open()

    def _complete(self) -> None:
        if getattr(self.payment, "completed", False) or not self.cart.lines:
            return  # a second press of the same payment
        pin = self.cart.override_pin
        if self.cart.has_manual_prices and not pin:  # a resumed sale: the approval was not kept
            pin = self.owner_pin_provider(self, _("Changing a price")) or ""
        printer = self.printer.receipt_config() if self.printer is not None else None
        oversell = False
        try:
            while True:
                try:
                    if self.bill is not None:
                        done = self.pay_shown_bill(self.payment.final_tenders, pin, printer)
                    else:
                        done = sell(self.cart, self.payment.final_tenders, till_id=self.till_id,
                                    shift_id=self.shift_id, cashier_id=self.cashier.id, owner_pin=pin,
                                    printer=printer, cashier_name=self.cashier.name,
                                    customer_name=self.customer.current.info.name if self.customer.current else "",
                                    new_customer=self.customer.offline_new, tickets=self.ticket_printers(),
                                    oversell=oversell)
                    break
                except SoldOut:
                    if oversell or self.bill is not None or not (pin := self.oversell_pin()):
                        raise
                    oversell = True  # the owner sells beyond the tray: recorded with the sale
        except PosError as exc:
            show_error(self, str(exc))
            if self.reprice() and self.priced is not None and self.priced.cash_total != self.payment.priced.cash_total:
                self.pay()  # the price changed while paying: a fresh payment with the new total
            else:
                self.payment.open()  # the cart and the payment stay as they were
            return
        self.payment.completed = True
        result = self.last_result = done.sale
        self.receipt_text, self.whatsapp = done.receipt_text, done.whatsapp
        change = _("Change: {amount}").format(amount=format_money(result.change)) if result.change.minor else ""
        if done.kept_offline:
            self.message.setText(_("Sale {number} completed offline: kept on this till, sent to the server when it "
                                   "is back. {change}").format(number=result.number, change=change))
        else:
            self.message.setText(_("Sale {number} completed. {change}").format(number=result.number, change=change))
        self.message.setStyleSheet("font-size: 14pt; color: #1b5e20; font-weight: 600;")
        self.show_receipt()
        self.sale_completed.emit(result)
        self.show_trays()
        self.cart = Cart()
        self.customer.pick(None)
        self.reprice()
        self.focus_search()
        self.queue_label.setText(_("No. {number}").format(number=done.offline_queue or done.queue_number))
        self.queue_label.setVisible(bool(done.offline_queue) or done.queue_number is not None)
        self.update_bill_button()
        if self.printer is not None:  # stored already; sent in the background
            self.printer.deliver(done.printed)
            self._deliver_tickets(done.tickets)

    def open_drawer(self) -> None:
        """Without a sale the drawer opens only with the owner's PIN (written to the audit log)."""
        if _waits_for_server(self, offline_sale.DRAWER):
            return
        pin = self.owner_pin_provider(self, _("Opening the drawer without a sale"))
        if pin is None:
            return
        printer = self.printer.config_for(self.printer.configured) if self.printer is not None else None
        try:
            printed = open_drawer_now(self.shift_id, owner_pin=pin, staff_id=self.cashier.id, till_id=self.till_id,
                                      printer=printer)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.message.setText(_("Drawer opened with the owner's approval."))
        if self.printer is not None:  # the pulse, stored already; sent in the background
            self.printer.deliver(printed)

    def take_preorder(self) -> None:
        """The cart, priced now, becomes a pre-order (the customer, the pickup day, the writing, a down payment)."""
        from pos.ui.preorder_dialogs import PreorderDialog

        if not self.cart.lines or self.priced is None:
            show_error(self, _("Put the ordered items in the cart first."))
            return
        if self.cart.customer_id is None:
            show_error(self, _("A pre-order needs a customer from the book (to call when it is ready)."))
            return
        if _waits_for_server(self, offline_sale.PREORDER):
            return
        self.preorder = PreorderDialog(self.cart, self.priced, till_id=self.till_id, shift_id=self.shift_id,
                                       staff_id=self.cashier.id, clock=self.clock, parent=self)
        self.preorder.accepted.connect(self._preorder_taken)
        self.preorder.open()

    def _preorder_taken(self) -> None:
        order = self.preorder.order
        self.message.setText(_("Pre-order {number} taken: pickup {when}, {balance} to pay then.").format(
            number=order.number, when=format_datetime(order.pickup_at, clock.zone_name()),
            balance=format_money(order.balance)))
        self.cart = Cart()
        self.customer.pick(None)
        self.reprice()
        self.update_orders_button()
        self.focus_search()

    def show_orders(self) -> None:
        from pos.ui.preorder_dialogs import OrdersDialog

        self.orders = OrdersDialog(till_id=self.till_id, shift_id=self.shift_id, staff_id=self.cashier.id,
                                   printer=self.printer, clock=self.clock,
                                   owner_pin_provider=self.owner_pin_provider, parent=self)
        self.orders.finished.connect(lambda _r: self.update_orders_button())
        self.orders.open()

    def update_orders_button(self) -> None:
        """The cashier sees the orders due today on the button."""
        from pos.services.preorders import orders_for_day

        due = len(orders_for_day(clock.local_date(self.clock())))
        self.orders_button.setText(_("Orders: {n} today").format(n=due) if due else _("Orders"))
        self.orders_button.setStyleSheet(self.orders_button.styleSheet().split("background")[0]
                                         + ("background: #ef6c00; color: white;" if due else ""))

    def make_invoice(self, delivery_note: bool = False) -> None:
        """The last sale's A4 invoice (or delivery note), numbered, saved and opened in the PDF viewer."""
        from pos.services.invoices import invoice_file
        from pos.ui.documents import save_and_open

        if self.last_result is None or self._kept_offline():
            return
        try:
            number, pdf = invoice_file(self.last_result.id, till_id=self.till_id, staff_id=self.cashier.id,
                                       delivery_note=delivery_note)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.document = save_and_open(f"{number}{'-surat-jalan' if delivery_note else ''}.pdf", pdf, self)
        self.message.setText(_("Invoice {number} saved.").format(number=number))

    def print_copy(self) -> None:
        """The last receipt again, marked COPY (no drawer)."""
        if self.last_result is None or self._kept_offline():
            return
        if self.printer is None or not self.printer.configured:
            show_error(self, _("No printer is set up on this till: choose one in the printer settings."))
            return
        sale_id = self.last_result.id
        self.printer.submit(lambda config: print_queue.queue_receipt(sale_id, self.till_id, config, copy=True))

    def _kept_offline(self) -> bool:
        """The last sale waits on this till for the server (its id is not the server's yet): say so."""
        if self.last_result is None or self.last_result.id > 0:
            return False
        show_error(self, _("Sale {number} is kept on this till until the server is back: a copy or an invoice can "
                           "be made once it is sent.").format(number=self.last_result.number))
        return True

    def print_outcome(self, job: print_queue.Job) -> None:
        """A print that failed is a notice beside the cart, never a dialog in the way of the next sale."""
        if job.status == print_queue.PRINTED:
            if not print_queue.waiting_jobs(self.till_id):  # nothing else waits: the notice has done its work
                self.print_notice.hide()
            return
        if job.unconfirmed:
            self.print_notice.setText(_("{title} sent to the printer, not confirmed: check that it came out "
                                        "(print it again from the print queue, Ctrl+P).").format(title=job.title))
            self.print_notice.show()
            return
        self.print_notice.setText(_("{title} not printed: {reason} It waits in the print queue (Ctrl+P).").format(
            title=job.title, reason=job.error))
        self.print_notice.show()

    def print_refused(self, message: str) -> None:
        self.print_notice.setText(message)
        self.print_notice.show()

    def show_receipt(self) -> None:
        """The last receipt in place of the empty cart, until Esc or the next sale's first line; the focus stays
        in the search box."""
        known = self.last_result is not None and self.last_result.customer_id is not None
        self.receipt.show_receipt(self.receipt_text, self.whatsapp, for_customer=known)
        self.cart_area.setCurrentWidget(self.receipt)
        self.focus_search()

    def receipt_showing(self) -> bool:
        return self.cart_area.currentWidget() is self.receipt

    def close_receipt(self) -> None:
        self.cart_area.setCurrentIndex(0)
        self.focus_search()

    def park(self) -> None:
        if not self.cart.lines:
            return
        if self.bill is not None:  # an open bill is kept in the database already
            self._clear_cart()
            return
        label = self.customer.current.info.name if self.customer.current else ""
        parking.park(self.till_id, self.cart, label)
        self.message.setText(_("Sale parked. Resume it with F10."))
        self._clear_cart()

    def resume_first(self) -> None:
        """F10: the parked sale, or a choice when several wait."""
        waiting = parking.parked(self.till_id)
        if not waiting:
            self.message.setText(_("No parked sale."))
            return
        chosen = waiting[0] if len(waiting) == 1 else self.parked_chooser(self, waiting)
        if chosen is not None:
            self.resume(chosen.cart_id)

    def resume(self, cart_id: str) -> None:
        if self.cart.lines:
            parking.park(self.till_id, self.cart, self.customer.current.info.name if self.customer.current else "")
        self.cart = parking.resume(cart_id)
        self.customer.customer_id = self.cart.customer_id
        self.customer.refresh() if self.cart.customer_id else self.customer.show_card(None)
        self.reprice()
        self.next_sale_started()
