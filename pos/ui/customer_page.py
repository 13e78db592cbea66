"""A customer's page: who they are, what they bought, what they owe and hold, what they told us."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QFileDialog, QGridLayout, QHBoxLayout, QInputDialog, QLabel,
                               QLineEdit, QMessageBox, QPushButton, QTabWidget, QVBoxLayout,
                               QWidget)

from pos.i18n import _, format_datetime, format_day, format_money, format_number
from pos.money import Money
from pos.services import clock, customer_book
from pos.services.customer_profile import CONSENT_SOURCES
from pos.services.errors import PosError
from pos.services.phones import display_phone
from pos.ui.widgets import ask_owner_pin, fill_table, read_only_table, show_error


class CustomerPageDialog(QDialog):
    def __init__(self, customer_id: int, staff_id: int | None, parent: QWidget | None = None, printer=None, *,
                 shift_id: int | None = None, till_id: str = "K1") -> None:
        super().__init__(parent)
        self.customer_id, self.staff_id, self.printer = customer_id, staff_id, printer
        self.shift_id, self.till_id = shift_id, till_id
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.profile = QLabel()
        self.profile.setWordWrap(True)
        self.profile.setStyleSheet("font-size: 12pt;")
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.tabs = QTabWidget()
        self.history = read_only_table([_("Receipt"), _("When"), _("Total")])
        self.open_receipt_button = QPushButton(_("Open the receipt"))
        self.reprint_button = QPushButton(_("Print a copy"))
        self.invoice_button = QPushButton(_("Invoice (A4)"))
        self.delivery_button = QPushButton(_("Delivery note"))
        self.balances = read_only_table([_("When"), _("What"), _("Amount"), _("Note")])
        self.complaints = read_only_table([_("When"), _("Kind"), _("What was said"), _("Status"),
                                           _("How it was resolved")])
        self.complaint_text = QLineEdit()
        self.complaint_text.setPlaceholderText(_("What the customer said"))
        self.complaint_kind = QComboBox()
        self.complaint_kind.addItem(_("Complaint"), "complaint")
        self.complaint_kind.addItem(_("Feedback"), "feedback")
        self.add_complaint_button = QPushButton(_("Add"))
        self.resolve_button = QPushButton(_("Resolved…"))
        self.touchpoints = read_only_table([_("When"), _("Kind"), _("Note")])
        self.touch_text = QLineEdit()
        self.touch_text.setPlaceholderText(_("A call, a message, a note"))
        self.touch_kind = QComboBox()
        for code, label in (("note", _("Note")), ("call", _("Call")), ("message", _("Message")),
                            ("visit", _("Visit"))):
            self.touch_kind.addItem(label, code)
        self.add_touch_button = QPushButton(_("Add"))
        self.card_button = QPushButton(_("Print the member card"))
        self.card_note = QLabel()  # "sent to the printer" / "saved as …"
        self.ask_pdf_path = self._ask_pdf_path  # where the card's PDF goes (tests answer for the owner)
        self.edit_button = QPushButton(_("Edit…"))
        self.forget_button = QPushButton(_("Delete on request…"))
        self.forget_button.setToolTip(_("The customer asked to be forgotten: their data goes, the sales stay."))
        self.close_button = QPushButton(_("Close"))

        history = QWidget()
        hl = QVBoxLayout(history)
        hl.addWidget(self.history)
        row = QHBoxLayout()
        row.addWidget(self.open_receipt_button)
        row.addWidget(self.reprint_button)
        row.addWidget(self.invoice_button)
        row.addWidget(self.delivery_button)
        row.addStretch(1)
        hl.addLayout(row)
        complaints = QWidget()
        cl = QVBoxLayout(complaints)
        cl.addWidget(self.complaints)
        row = QHBoxLayout()
        for w in (self.complaint_kind, self.complaint_text, self.add_complaint_button, self.resolve_button):
            row.addWidget(w)
        cl.addLayout(row)
        touches = QWidget()
        tl = QVBoxLayout(touches)
        tl.addWidget(self.touchpoints)
        row = QHBoxLayout()
        row.addWidget(self.touch_kind)
        row.addWidget(self.touch_text)
        row.addWidget(self.add_touch_button)
        tl.addLayout(row)
        self.tabs.addTab(history, _("Purchases"))
        self.pay_button = QPushButton(_("Kasbon payment…"))
        self.statement_button = QPushButton(_("Statement (PDF)…"))
        self.consignment_button = QPushButton(_("Consignment…"))
        self.opening_button = QPushButton(_("Stamps from the paper card…"))
        self.opening_button.setToolTip(_("The stamps on the customer's paper card, entered once (owner's PIN)"))
        money = QWidget()
        ml = QVBoxLayout(money)
        ml.addWidget(self.balances)
        row = QHBoxLayout()
        row.addWidget(self.pay_button)
        row.addWidget(self.statement_button)
        row.addWidget(self.consignment_button)
        row.addWidget(self.opening_button)
        row.addStretch(1)
        ml.addLayout(row)
        self.tabs.addTab(money, _("Stamps, kasbon, deposit"))
        self.special_section = SpecialPricesSection(self)
        self.tabs.addTab(self.special_section, _("Special prices"))
        self.tabs.addTab(complaints, _("Complaints and feedback"))
        self.tabs.addTab(touches, _("Contacts"))
        top = QGridLayout()
        top.addWidget(self.profile, 0, 0)
        top.addWidget(self.figures, 0, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.card_button)
        buttons.addWidget(self.card_note)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.forget_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs)
        layout.addLayout(buttons)
        self.add_complaint_button.clicked.connect(self.add_complaint)
        self.complaint_text.returnPressed.connect(self.add_complaint)  # Enter in the field adds it
        self.add_complaint_button.setAutoDefault(False)  # ...once, never the button's click as well
        self.resolve_button.clicked.connect(lambda: self.resolve_selected())
        self.add_touch_button.clicked.connect(self.add_touchpoint)
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.open_receipt_button.clicked.connect(self.open_receipt)
        self.invoice_button.clicked.connect(lambda: self.make_invoice(False))
        self.delivery_button.clicked.connect(lambda: self.make_invoice(True))
        self.pay_button.clicked.connect(self.record_payment)
        self.statement_button.clicked.connect(lambda: self.statement())
        self.consignment_button.clicked.connect(self.show_consignment)
        self.opening_button.clicked.connect(lambda: self.enter_opening_stamps())
        self.history.itemDoubleClicked.connect(lambda _item: self.open_receipt())
        self.card_button.clicked.connect(self.print_card)
        self.edit_button.clicked.connect(self.edit)
        self.forget_button.clicked.connect(lambda: self.forget())
        self.close_button.clicked.connect(self.accept)
        self.resize(1000, 680)
        self.refresh()

    def refresh(self) -> None:
        page = self.page = customer_book.customer_page(self.customer_id)
        card = page.card
        self.setWindowTitle(f"{card.info.name} · {card.info.member_code}")
        lines = [f"<b>{card.info.name}</b> · {card.info.member_code} · {card.tier_name}",
                 display_phone(page.phone), ", ".join(p for p in (page.village, page.address) if p),
                 ", ".join(card.segment_names),
                 self.consent_text(page),
                 _("Referred by {name}").format(name=page.referred_by) if page.referred_by else "",
                 _("Referred: {names}").format(names=", ".join(page.referrals)) if page.referrals else "",
                 card.notes]
        self.profile.setText("<br>".join(line for line in lines if line))
        zone = clock.zone_name()  # every moment on the page on the shop's clock
        usual = (_("usually every {days} days").format(days=card.usual_interval_days)
                 if card.usual_interval_days else "")
        facts = [_("Visits: {n}").format(n=page.visits), _("Spend: {amount}").format(amount=format_money(page.spend)),
                 _("Average basket: {amount}").format(amount=format_money(page.average_basket)),
                 _("First visit: {when}").format(
                     when=format_day(page.first_visit, zone) if page.first_visit else "-"),
                 _("Last visit: {when}").format(when=format_day(card.last_visit, zone) if card.last_visit else "-"),
                 usual, _("Stamps: {n}").format(n=card.stamps),
                 _("Owes (kasbon): {amount}").format(amount=format_money(card.kasbon_owed)),
                 _("Deposit: {amount}").format(amount=format_money(card.deposit_held)),
                 _("Favourites: {items}").format(items=", ".join(f"{name} ({format_number(qty)})"
                                                                for name, qty in page.favourites) or "-")]
        self.figures.setText("<br>".join(f for f in facts if f))
        fill_table(self.history, [((_("REFUND") + " " if s.kind == "refund" else "") + s.number,
                              format_datetime(s.at, zone), format_money(s.total)) for s in page.sales])
        fill_table(self.balances, [(format_datetime(e.at, zone), what, amount, opening_note(e))
                                   for what, entries, money in (
            (_("Stamps"), page.stamp_entries, False), (_("Kasbon"), page.kasbon_entries, True),
            (_("Deposit"), page.deposit_entries, True))
            for e in entries for amount in [format_money_or_count(e.amount, money)]])
        self.opening_button.setEnabled(page.active and not any(e.opening for e in page.stamp_entries))
        self.special_section.refresh()
        fill_table(self.complaints, [(format_datetime(c.at, zone),
                                      _("Feedback") if c.kind == "feedback" else _("Complaint"),
                                 c.text, _("resolved") if c.status == "resolved" else _("open"), c.resolution)
                                for c in page.complaints])
        kinds = {"message": _("Message"), "call": _("Call"), "note": _("Note"), "visit": _("Visit")}
        fill_table(self.touchpoints, [(format_datetime(t.at, zone), kinds.get(t.kind, t.kind), t.text)
                                      for t in page.touchpoints])

        for b in (self.edit_button, self.forget_button, self.card_button):
            b.setEnabled(page.active)

    @staticmethod
    def consent_text(page) -> str:
        if not page.promo_consent:
            return _("No promotions")
        how = dict(CONSENT_SOURCES).get(page.consent_source)
        when = format_day(page.consent_at, clock.zone_name()) if page.consent_at else ""
        return _("Agreed to promotions") + (f" ({', '.join(p for p in (when, _(how) if how else '') if p)})"
                                            if when or how else "")

    def enter_opening_stamps(self, stamps: int | None = None, pin: str | None = None) -> bool:
        """The stamps on the customer's paper card, once: the owner's PIN, checked by the service."""
        from pos.services.opening_stamps import enter_opening_stamps

        if stamps is None:
            stamps, ok = QInputDialog.getInt(self, _("Stamps from the paper card"), _(
                "How many stamps are on {name}'s paper card? They are entered once.").format(
                name=self.page.card.info.name), 1, 1, 1000)
            if not ok:
                return False
        if pin is None:
            pin = ask_owner_pin(self, _("Entering the stamps from a paper card"))
            if pin is None:
                return False
        try:
            enter_opening_stamps(self.customer_id, stamps, owner_pin=pin, staff_id=self.staff_id,
                                 till_id=self.till_id)
        except PosError as exc:
            show_error(self, str(exc))
            return False
        self.refresh()
        return True

    def edit(self) -> None:
        from pos.ui.customer_form import CustomerFormDialog

        self.form = CustomerFormDialog(self.customer_id, self.staff_id, self)
        self.form.saved.connect(lambda _id: self.refresh())
        self.form.open()

    def forget(self, pin: str | None = None) -> None:
        """Delete on request (Indonesia's personal data law): owner's PIN; sales and totals stay."""
        from pos.services.merge import forget_customer

        if pin is None:
            name = self.page.card.info.name
            answer = QMessageBox.question(self, _("Delete on request"), _(
                "{name} asked to be forgotten: their name, number, address, notes and messages are removed for "
                "good. Their sales stay, without the name. Continue?").format(name=name))
            if answer != QMessageBox.StandardButton.Yes:
                return
            pin = ask_owner_pin(self, _("Deleting a customer's data"))
            if pin is None:
                return
        try:
            forget_customer(self.customer_id, owner_pin=pin, staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.refresh()

    def add_complaint(self) -> None:
        try:
            customer_book.add_complaint(self.customer_id, self.complaint_text.text(),
                                        kind=self.complaint_kind.currentData(), staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.complaint_text.clear()
        self.refresh()

    def resolve_selected(self, resolution: str | None = None) -> None:
        row = self.complaints.currentRow()
        if not 0 <= row < len(self.page.complaints):
            show_error(self, _("Choose the complaint first."))
            return
        if resolution is None:
            resolution, ok = QInputDialog.getText(self, _("Resolved"), _("How was it resolved?"))
            if not ok:
                return
        try:
            customer_book.resolve_complaint(self.page.complaints[row].id, resolution, staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.refresh()

    def add_touchpoint(self) -> None:
        try:
            customer_book.add_touchpoint(self.customer_id, self.touch_kind.currentData(), self.touch_text.text(),
                                         staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.touch_text.clear()
        self.refresh()

    def _selected_sale(self):
        row = self.history.currentRow()
        if not 0 <= row < len(self.page.sales):
            show_error(self, _("Choose a receipt first."))
            return None
        return self.page.sales[row]

    def make_invoice(self, delivery_note: bool = False) -> None:
        from pos.services.invoices import invoice_file
        from pos.ui.documents import save_and_open

        sale = self._selected_sale()
        if sale is None:
            return
        try:
            number, pdf = invoice_file(sale.id, till_id=self.till_id, staff_id=self.staff_id,
                                       delivery_note=delivery_note)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.document = save_and_open(f"{number}{'-surat-jalan' if delivery_note else ''}.pdf", pdf, self)

    def show_consignment(self) -> None:
        from pos.ui.consignment_dialog import ConsignmentDialog

        self.consignment = ConsignmentDialog(self.customer_id, self.page.card.info.name, till_id=self.till_id,
                                             shift_id=self.shift_id, staff_id=self.staff_id, printer=self.printer,
                                             parent=self)
        self.consignment.finished.connect(lambda _r: self.refresh())
        self.consignment.open()

    def record_payment(self) -> None:
        from pos.ui.kasbon_dialogs import KasbonPaymentDialog

        self.payment = KasbonPaymentDialog(self.customer_id, shift_id=self.shift_id, staff_id=self.staff_id,
                                           parent=self)
        self.payment.accepted.connect(lambda: (self.refresh(), self.figures.setToolTip(self.payment.result_text())))
        self.payment.open()

    def statement(self, period: tuple | None = None) -> None:
        from pos.services.kasbon_documents import statement_file
        from pos.ui.documents import save_and_open
        from pos.ui.kasbon_dialogs import PeriodDialog

        if period is None:
            dialog = PeriodDialog(_("Statement of account"), self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            period = dialog.period()
        try:
            pdf = statement_file(self.customer_id, *period)
        except PosError as exc:
            show_error(self, str(exc))
            return
        code = self.page.card.info.member_code
        self.document = save_and_open(f"rekening-{code}-{period[0].isoformat()}-{period[1].isoformat()}.pdf", pdf,
                                      self)

    def open_receipt(self) -> None:
        row = self.history.currentRow()
        if not 0 <= row < len(self.page.sales):
            show_error(self, _("Choose a receipt first."))
            return
        from pos.services.receipts import receipt_view
        from pos.ui.receipt_dialog import ReceiptDialog

        view = receipt_view(self.page.sales[row].id)  # the text and the chat link from one receipt
        self.receipt = ReceiptDialog(view.text, view.whatsapp, self)
        self.receipt.print_requested.connect(self.reprint_selected)
        self.receipt.open()

    def reprint_selected(self) -> None:
        row = self.history.currentRow()
        if self.printer is None or not self.printer.configured:
            show_error(self, _("No printer is set up on this till: choose one in the printer settings."))
            return
        if 0 <= row < len(self.page.sales):
            from pos.services import print_queue

            sale_id = self.page.sales[row].id
            self.printer.submit(lambda c: print_queue.queue_receipt(sale_id, self.printer.till_id, c, copy=True))

    def print_card(self) -> None:
        """On the till's printer, with a word that it went; without one, the card as a PDF or the way to
        the printer settings (never a dead end)."""
        code, name = self.page.card.info.member_code, self.page.card.info.name
        if self.printer is None or not self.printer.configured:
            self.no_printer = QMessageBox(QMessageBox.Icon.Information, _("Langganan"),
                                          _("No printer is set up on this till. Save the member card as a PDF to "
                                            "print elsewhere, or set up the printer."), parent=self)
            self.no_printer.setObjectName("noPrinterBox")
            pdf = self.no_printer.addButton(_("Save as PDF…"), QMessageBox.ButtonRole.AcceptRole)
            setup = self.no_printer.addButton(_("Printer settings…"), QMessageBox.ButtonRole.ActionRole)
            self.no_printer.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
            pdf.clicked.connect(lambda: self.save_card_pdf(code))
            setup.clicked.connect(self._printer_settings)
            self.no_printer.open()
            return
        from pos.services import print_queue

        job = self.printer.submit(lambda c: print_queue.queue_card(code, self.printer.till_id, c))
        if job is not None:
            self.card_note.setText(_("The member card of {name} was sent to the printer.").format(name=name))

    def save_card_pdf(self, code: str) -> None:
        from pos.services.print_queue import save_card_pdf

        path = self.ask_pdf_path(code)
        if not path:
            return
        try:
            save_card_pdf(code, path)
        except (PosError, OSError) as exc:
            show_error(self, str(exc))
            return
        self.card_note.setText(_("Member card saved as {path}.").format(path=path))

    def _ask_pdf_path(self, code: str) -> str:
        return QFileDialog.getSaveFileName(self, _("Save the member card"), f"{code}.pdf", "PDF (*.pdf)")[0]

    def _printer_settings(self) -> None:
        """The main window's printer settings (the owner's PIN), from wherever this page was opened."""
        window = self.parent()
        while window is not None and not hasattr(window, "printer_settings"):
            window = window.parent()
        if window is not None:
            window.printer_settings()


def opening_note(entry) -> str:
    if entry.opening:
        return _("Opening balance from the paper card: {n}").format(n=format_number(entry.amount))
    return entry.note


class SpecialPricesSection(QWidget):
    """The customer's own prices: the list, and setting or removing one (the owner's PIN, checked by the service)."""

    def __init__(self, page: CustomerPageDialog) -> None:
        super().__init__(page)
        self.page = page
        self.table = read_only_table([_("Code"), _("Product"), _("Special price"), _("Retail price"),
                                      _("Tier price")])
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Find a product: name or code"))
        self.product = QComboBox()
        self.product.setMinimumWidth(260)
        self.price = QLineEdit()
        self.price.setPlaceholderText(_("Special price, e.g. 12.000"))
        self.hint = QLabel()
        self.set_button = QPushButton(_("Set the special price…"))
        self.remove_button = QPushButton(_("Remove the chosen one…"))
        self.note = QLabel(_("A special price wins over every tier at the till. Setting or removing one needs the "
                             "owner's PIN."))
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        for w in (self.search, self.product, self.price, self.set_button):
            row.addWidget(w)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.hint, 1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.search.textEdited.connect(lambda _t: self.find_products())
        self.product.currentIndexChanged.connect(lambda _i: self.show_quote())
        self.price.textEdited.connect(lambda _t: self.show_quote())  # a price below cost is named as it is typed
        self.set_button.clicked.connect(lambda: self.set_price())
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        self.rows: list = []
        self.find_products()

    def refresh(self) -> None:
        from pos.services.special_prices import customer_special_prices

        self.rows = customer_special_prices(self.page.customer_id)
        fill_table(self.table, [(r.product_code, r.product_name, format_money(r.price), format_money(r.retail),
                                 tier_words(r.tier_name, r.tier_price, r.tier_min_qty)) for r in self.rows],
                   right_from=2)
        self.show_quote()

    def find_products(self) -> None:
        from pos.services.products import list_products

        self.product.blockSignals(True)
        self.product.clear()
        for p in list_products(self.search.text(), include_inactive=False, limit=200):
            self.product.addItem(f"{p.code} · {p.name}", p.id)
        self.product.blockSignals(False)
        self.show_quote()

    def show_quote(self) -> None:
        from pos.services.special_prices import price_quote

        product_id = self.product.currentData()
        if product_id is None:
            self.hint.setText(_("No product matches."))
            return
        try:
            q = price_quote(self.page.customer_id, product_id)
        except PosError as exc:
            self.hint.setText(str(exc))
            return
        parts = [_("Retail: {amount}").format(amount=format_money(q.retail)),
                 tier_words(q.tier_name, q.tier_price, q.tier_min_qty)]
        if q.special is not None:
            parts.append(_("special now: {amount}").format(amount=format_money(q.special)))
        if q.cost is not None:
            parts.append(_("cost: {amount}").format(amount=format_money(q.cost)))
            typed = self._typed_price()
            if typed is not None and typed < q.cost:
                parts.append(_("⚠ {amount} is below the cost: each sale at it loses money").format(
                    amount=format_money(typed)))
        self.hint.setText(" · ".join(p for p in parts if p))

    def _typed_price(self):
        from pos.money import parse_amount

        try:
            return parse_amount(self.price.text()) if self.price.text().strip() else None
        except ValueError:
            return None

    def choose(self, code: str) -> None:
        """Pick a product by its code, as typing it in the search does."""
        self.search.setText(code)
        self.find_products()

    def set_price(self, pin: str | None = None) -> bool:
        from pos.money import parse_amount
        from pos.services.special_prices import set_special_price

        product_id = self.product.currentData()
        if product_id is None:
            show_error(self, _("Choose the product first."))
            return False
        try:
            amount = parse_amount(self.price.text())
        except ValueError:
            show_error(self, _("{text} is not an amount of rupiah.").format(text=self.price.text() or "-"))
            return False
        if pin is None:
            pin = ask_owner_pin(self, _("Setting a special price"))
            if pin is None:
                return False
        try:
            set_special_price(self.page.customer_id, product_id, amount, owner_pin=pin, staff_id=self.page.staff_id,
                              till_id=self.page.till_id)
        except PosError as exc:
            show_error(self, str(exc))
            return False
        self.price.clear()
        self.refresh()
        return True

    def remove_selected(self, pin: str | None = None) -> bool:
        from pos.services.special_prices import remove_special_price

        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            show_error(self, _("Choose the special price to remove first."))
            return False
        if pin is None:
            pin = ask_owner_pin(self, _("Removing a special price"))
            if pin is None:
                return False
        try:
            remove_special_price(self.page.customer_id, self.rows[row].product_id, owner_pin=pin,
                                 staff_id=self.page.staff_id, till_id=self.page.till_id)
        except PosError as exc:
            show_error(self, str(exc))
            return False
        self.refresh()
        return True


def tier_words(tier_name: str, tier_price, min_qty) -> str:
    """'Langganan: Rp 17.000' ('≥ 10' when the tier's price starts above one unit); '' without one."""
    if tier_price is None:
        return ""
    step = "" if min_qty is None or min_qty.thousandths <= 1000 else f" ≥{format_number(min_qty)}"
    return f"{tier_name}{step}: {format_money(tier_price)}"


def format_money_or_count(amount: int, money: bool) -> str:
    return format_money(Money(amount)) if money else format_number(amount)
