"""Finding, adding and showing the customer at the till: the relationship in front of the cashier."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from pos.i18n import _, format_day, format_money
from pos.services import clock, connectivity
from pos.services.customers import (CustomerCard, NewCustomer, add_customer, customer_card, search_customers)
from pos.services.offline_sale import NewCustomerOffline, new_customer_offline
from pos.services.errors import PosError
from pos.services.phones import display_phone
from pos.ui.widgets import ArrowInto, dialog_buttons, show_error


def stamp_label(stamps: int, needed: int) -> str:
    """The stamp card under the customer's name: how far, or full with the reward ready and what is over."""
    if stamps < needed:
        return _("Stamps: {n} of {needed}").format(n=stamps, needed=needed)
    if stamps == needed:
        return _("Stamp card full: reward ready (F5)")
    return _("Stamp card full: reward ready (F5) · {extra} stamps over").format(extra=stamps - needed)


class QuickAddDialog(QDialog):
    """Just a name and a WhatsApp number: the rest can wait for the customer book."""

    def __init__(self, parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New customer"))
        self.name = QLineEdit(name)
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("0812-3456-7890")
        form = QFormLayout(self)
        form.addRow(_("Name"), self.name)
        form.addRow(_("WhatsApp number"), self.phone)
        self.buttons = dialog_buttons(QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.created_id: int | None = None
        self.offline_customer: NewCustomerOffline | None = None  # taken while the server is away

    def save(self) -> None:
        if connectivity.offline():  # kept with the sale; added (or joined by number) when the server is back
            try:
                self.offline_customer = new_customer_offline(self.name.text(), self.phone.text())
            except PosError as exc:
                show_error(self, str(exc))
                return
            self.accept()
            return
        try:
            info = add_customer(NewCustomer(name=self.name.text(), phone=self.phone.text(), source="walk_in"))
        except PosError as exc:
            show_error(self, str(exc))  # the dialog stays open, nothing was stored
            return
        self.created_id = info.id
        self.accept()


class CustomerPanel(QGroupBox):
    picked = Signal(object)  # customer id, or None for a walk-in
    repeat_requested = Signal(int)
    page_requested = Signal(int)  # open the customer's page (history, complaints, notes)

    def __init__(self) -> None:
        super().__init__()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setStyleSheet("font-size: 12pt; padding: 4px;")
        self.results = QListWidget()
        self.results.setMaximumHeight(120)
        self.results.hide()
        self.card = QLabel()
        self.card.setWordWrap(True)
        self.card.setTextFormat(Qt.TextFormat.RichText)
        self.card.setStyleSheet("font-size: 11pt;")
        self.card.setMinimumHeight(88)
        self.add_button = QPushButton()
        self.repeat_button = QPushButton()
        self.page_button = QPushButton()
        self.clear_button = QPushButton()
        buttons = QHBoxLayout()
        for b in (self.add_button, self.repeat_button, self.page_button, self.clear_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        for w in (self.search, self.results, self.card):
            layout.addWidget(w)
        layout.addLayout(buttons)
        self.search.textEdited.connect(self._suggest)
        self.search.returnPressed.connect(self._pick_first)
        self.arrow = ArrowInto(self.search, self.results)
        for signal in (self.results.itemActivated, self.results.itemClicked):  # Enter, or one tap
            signal.connect(lambda item: item is not None and self.results.isVisible()
                           and self.pick(item.data(Qt.ItemDataRole.UserRole)))
        self.add_button.clicked.connect(self.quick_add)
        self.repeat_button.clicked.connect(lambda: self.customer_id and self.repeat_requested.emit(self.customer_id))
        self.page_button.clicked.connect(lambda: self.customer_id and self.page_requested.emit(self.customer_id))
        self.clear_button.clicked.connect(lambda: self.pick(None))
        self.customer_id: int | None = None
        self.offline_new: NewCustomerOffline | None = None  # a new customer taken while the server is away
        self.current: CustomerCard | None = None
        self.retranslate()
        self.show_card(None)

    def retranslate(self) -> None:
        self.setTitle(_("Customer (F4)"))
        self.search.setPlaceholderText(_("Phone, name or member code"))
        self.add_button.setText(_("New customer"))
        self.repeat_button.setText(_("Repeat last order"))
        self.page_button.setText(_("Page"))
        self.page_button.setToolTip(_("The customer's page: history, complaints, notes"))
        self.clear_button.setText(_("Walk-in"))

    def _suggest(self, text: str) -> None:
        self.results.clear()
        if connectivity.offline():  # the book is the server's: nothing to suggest (a new customer can be taken)
            self.results.hide()
            return
        found = search_customers(text) if len(text.strip()) >= 2 else []
        for c in found:
            item = QListWidgetItem(f"{c.name} · {display_phone(c.phone)} · {c.member_code}")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.results.addItem(item)
        self.results.setVisible(bool(found))

    def _pick_first(self) -> None:
        if connectivity.offline():
            show_error(self, _("The customer book waits for the server, which is not answering: take a new customer "
                               "(name and WhatsApp number) or sell to a walk-in."))
            return
        found = search_customers(self.search.text())
        if not found:
            show_error(self, _("No customer found for {text}.").format(text=self.search.text()))
            return
        self.pick(found[0].id)

    def pick(self, customer_id: int | None) -> None:
        self.customer_id, self.offline_new = customer_id, None
        self.search.clear()
        self.results.hide()
        self.show_card(customer_card(customer_id) if customer_id else None)
        self.picked.emit(customer_id)

    def quick_add(self) -> None:
        dialog = QuickAddDialog(self, self.search.text() if not self.search.text().strip()[:1].isdigit() else "")
        self.quick_add_dialog = dialog
        dialog.accepted.connect(lambda: self.pick_new_offline(dialog.offline_customer) if dialog.offline_customer
                                else self.pick(dialog.created_id))
        dialog.open()

    def pick_new_offline(self, new: NewCustomerOffline) -> None:
        """A customer taken while the server is away: on this sale, and in the book once the server is back."""
        self.pick(None)
        self.offline_new = new
        self.card.setText(f"<b style='font-size:14pt'>{html.escape(new.name)}</b> · {display_phone(new.phone)}<br>"
                          + _("New customer: added to the book when the server is back"))
        self.picked.emit(None)

    def refresh(self) -> None:
        if self.customer_id:
            self.show_card(customer_card(self.customer_id))

    def show_card(self, card: CustomerCard | None) -> None:
        self.current = card
        self.repeat_button.setEnabled(card is not None)
        self.page_button.setEnabled(card is not None)
        if card is None:
            self.card.setText(_("Walk-in customer"))
            return
        info = card.info
        rows = [f"<b style='font-size:14pt'>{info.name}</b> · {info.member_code}",
                f"{display_phone(info.phone)} · <b>{card.tier_name}</b>"
                + (f" · {', '.join(card.segment_names)}" if card.segment_names else "")]
        if card.stamps_needed:
            rows.append(stamp_label(card.stamps, card.stamps_needed))
        if card.last_visit:
            visit = format_day(card.last_visit, clock.zone_name())
            if card.usual_interval_days:
                visit += " · " + _("usually every {days} days").format(days=card.usual_interval_days)
            rows.append(_("Last visit: {when}").format(when=visit))
        if card.kasbon_owed.minor:
            rows.append("<span style='color:#b71c1c'>" + _("Owes (kasbon): {amount}").format(
                amount=format_money(card.kasbon_owed)) + "</span>")
        if card.deposit_held.minor:
            rows.append(_("Deposit: {amount}").format(amount=format_money(card.deposit_held)))
        if card.notes:
            rows.append(f"<i>⚠ {card.notes}</i>")
        for text in card.open_complaints:  # settle it, or at least know it, before serving them
            rows.append("<span style='color:#e65100'>" + _("⚠ Open complaint: {text}").format(
                text=html.escape(text)) + "</span>")
        self.card.setText("<br>".join(rows))
