"""Consignment (titip jual) with one shop: what is out there, the visit (sold, taken back) and goods left."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from pos.i18n import _, format_money, format_number
from pos.money import Money, Quantity
from pos.services import consignment
from pos.services.consignment import OutRow
from pos.services.consignment_visit import ConsignmentDone, complete_leaving, complete_visit
from pos.services.errors import InvalidInput, PosError
from pos.services.products import list_products
from pos.ui.widgets import show_error


def _quantity(text: str) -> Quantity:
    text = text.strip().replace(",", ".")
    if not text:
        return Quantity(0)
    try:
        return Quantity.of(text)
    except (ValueError, ArithmeticError):
        raise InvalidInput(_("{text} is not a quantity.").format(text=text)) from None


class ConsignmentDialog(QDialog):
    def __init__(self, shop_id: int, shop_name: str, *, till_id: str, shift_id: int | None, staff_id: int,
                 printer=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shop_id, self.till_id, self.shift_id, self.staff_id, self.printer = shop_id, till_id, shift_id, \
            staff_id, printer
        self.setWindowTitle(_("Consignment at {shop}").format(shop=shop_name))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.out_label = QLabel()
        self.out = QTableWidget(0, 6)
        self.out.setHorizontalHeaderLabels([_("Product"), _("At the shop"), _("Price"), _("Value"), _("Sold"),
                                            _("Taken back")])
        self.out.horizontalHeader().setStretchLastSection(True)
        self.visit_button = QPushButton(_("Record the visit"))
        self.products = [(r.id, f"{r.name} ({r.code})") for r in list_products(include_inactive=False)]
        self.product = QComboBox()
        for pid, label in self.products:
            self.product.addItem(label, pid)
        self.quantity = QLineEdit()
        self.quantity.setPlaceholderText(_("Qty"))
        self.quantity.setMaximumWidth(80)
        self.add_button = QPushButton(_("Add"))
        self.leaving = QTableWidget(0, 2)
        self.leaving.setHorizontalHeaderLabels([_("To leave"), _("Qty")])
        self.leaving.horizontalHeader().setStretchLastSection(True)
        self.leave_button = QPushButton(_("Leave these goods"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.close_button = QPushButton(_("Close"))
        adder = QHBoxLayout()
        for w in (self.product, self.quantity, self.add_button):
            adder.addWidget(w)
        buttons = QHBoxLayout()
        for w in (self.visit_button, self.leave_button):
            buttons.addWidget(w)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.out_label)
        layout.addWidget(self.out, 2)
        layout.addWidget(QLabel(_("New goods to leave (at the shop's reseller price):")))
        layout.addLayout(adder)
        layout.addWidget(self.leaving, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(lambda: self.add_item())
        self.visit_button.clicked.connect(self.record_visit)
        self.leave_button.clicked.connect(self.leave)
        self.close_button.clicked.connect(self.accept)
        self.resize(820, 560)
        self.refresh()

    def refresh(self, rows: list[OutRow] | tuple[OutRow, ...] | None = None) -> None:
        """What is at the shop now (``rows``: as an action just returned them)."""
        self.rows = list(rows) if rows is not None else consignment.goods_out(self.shop_id)
        self.out.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            for col, text in enumerate((r.product, f"{format_number(r.quantity)} {r.unit}",
                                        format_money(r.unit_price), format_money(r.value))):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.out.setItem(i, col, item)
            self.out.setItem(i, 4, QTableWidgetItem(""))
            self.out.setItem(i, 5, QTableWidgetItem(""))
        self.out.resizeColumnsToContents()
        value = Money(sum(r.value.minor for r in self.rows))
        self.out_label.setText(_("At the shop now: {value}").format(value=format_money(value)) if self.rows
                               else _("Nothing is at this shop now."))

    def set_counts(self, product_id: int, sold: str, returned: str = "") -> None:
        row = next(i for i, r in enumerate(self.rows) if r.product_id == product_id)
        self.out.item(row, 4).setText(sold)
        self.out.item(row, 5).setText(returned)

    def add_item(self, product_id: int | None = None, quantity: str | None = None) -> None:
        if product_id is not None:
            self.product.setCurrentIndex(self.product.findData(product_id))
        if quantity is not None:
            self.quantity.setText(quantity)
        try:
            qty = _quantity(self.quantity.text())
        except InvalidInput as exc:
            show_error(self, str(exc))
            return
        if qty.thousandths <= 0:
            return
        row = self.leaving.rowCount()
        self.leaving.insertRow(row)
        item = QTableWidgetItem(self.product.currentText())
        item.setData(Qt.ItemDataRole.UserRole, self.product.currentData())
        self.leaving.setItem(row, 0, item)
        self.leaving.setItem(row, 1, QTableWidgetItem(format_number(qty)))
        self.quantity.clear()

    def _to_leave(self) -> dict[int, Quantity]:
        items: dict[int, Quantity] = {}
        for r in range(self.leaving.rowCount()):
            pid = self.leaving.item(r, 0).data(Qt.ItemDataRole.UserRole)
            items[pid] = Quantity(items.get(pid, Quantity(0)).thousandths
                                  + _quantity(self.leaving.item(r, 1).text()).thousandths)
        return items

    def _note_printer(self):
        return self.printer.config_for(self.printer.configured) if self.printer is not None else None

    def _done(self, done: ConsignmentDone) -> None:
        """The note goes to the printer (stored already; sent in the background) and opens as a PDF."""
        from pos.ui.documents import save_and_open

        self.leaving.setRowCount(0)
        self.refresh(done.still_out)
        if self.printer is not None:
            self.printer.deliver(done.printed)
        self.document = save_and_open(f"{done.reference}.pdf", done.note_pdf, self)

    def leave(self) -> None:
        try:
            done = complete_leaving(self.shop_id, self._to_leave(), till_id=self.till_id, staff_id=self.staff_id,
                                    printer=self._note_printer())
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.message.setText(_("Consignment note {reference}.").format(reference=done.reference))
        self._done(done)

    def record_visit(self) -> None:
        """Sold goods on kasbon with an invoice, goods taken back, and any new goods left, all at once."""
        try:
            sold = {r.product_id: _quantity(self.out.item(i, 4).text()) for i, r in enumerate(self.rows)}
            returned = {r.product_id: _quantity(self.out.item(i, 5).text()) for i, r in enumerate(self.rows)}
            if self.shift_id is None:
                raise InvalidInput(_("Open a shift on this till before selling."))
            done = complete_visit(self.shop_id, sold, returned, till_id=self.till_id, shift_id=self.shift_id,
                                  staff_id=self.staff_id, left_again=self._to_leave(), printer=self._note_printer())
        except PosError as exc:
            show_error(self, str(exc))  # nothing was recorded
            return
        visit = self.visit = done.visit
        self.message.setText(_("Visit {reference}: sold {amount} on kasbon ({invoice}).").format(
            reference=visit.reference, amount=format_money(visit.sold_total), invoice=visit.invoice_number or "-"))
        self._done(done)
