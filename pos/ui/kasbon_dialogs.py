"""Kasbon at the counter: a payment against the open sales, a statement for a period, and the aging list
with a WhatsApp reminder per customer."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget)

from pos.domain.payment_methods import money_now_codes
from pos.i18n import _, format_date, format_money
from pos.money import Money, parse_amount
from pos.services import clock, kasbon
from pos.services.errors import InvalidInput, PosError
from pos.services.receipts import method_name
from pos.ui.widgets import amount_text, dialog_buttons, read_only_table, show_error

class KasbonPaymentDialog(QDialog):
    """What is open, sale by sale; the amount paid and how; the oldest first or the chosen sale."""

    def __init__(self, customer_id: int, *, shift_id: int | None, staff_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.customer_id, self.shift_id, self.staff_id = customer_id, shift_id, staff_id
        self.setWindowTitle(_("Kasbon payment"))
        self.charges = kasbon.open_charges(customer_id)
        owed = kasbon.owed(customer_id)
        self.summary = QLabel(_("Owed: {amount}").format(amount=format_money(owed)))
        self.summary.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.table = read_only_table([_("Sale"), _("Date"), _("Due"), _("Open")])
        self.table.setRowCount(len(self.charges))
        for i, c in enumerate(self.charges):
            for col, text in enumerate((c.number, format_date(clock.local_date(c.at)), format_date(c.due_date),
                                        format_money(c.remaining))):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.amount = QLineEdit(amount_text(owed) if owed.minor > 0 else "")
        self.method = QComboBox()
        for code in money_now_codes():  # money that comes in now: no kasbon, no deposit
            self.method.addItem(method_name(code), code)
        self.target = QComboBox()
        self.target.addItem(_("The oldest sale first"), None)
        for c in self.charges:
            self.target.addItem(_("{number} first").format(number=c.number), c.entry_id)
        self.note = QLabel(_("Paying more than owed keeps the rest as the customer's deposit."))
        self.note.setWordWrap(True)
        self.buttons = dialog_buttons(QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout()
        form.addRow(_("Amount"), self.amount)
        form.addRow(_("Paid with"), self.method)
        form.addRow(_("Apply to"), self.target)
        layout = QVBoxLayout(self)
        for w in (self.summary, self.table):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._follow_selection)
        self.result = None
        self.resize(560, 420)

    def _follow_selection(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.charges):
            self.target.setCurrentIndex(self.target.findData(self.charges[row].entry_id))

    def save(self) -> None:
        try:
            if self.shift_id is None:
                raise InvalidInput(_("Open a shift on this till before selling."))
            try:
                amount = parse_amount(self.amount.text())
            except ValueError:
                raise InvalidInput(_("{text} is not an amount of rupiah.").format(text=self.amount.text())) from None
            self.result = kasbon.record_payment(self.customer_id, amount, self.method.currentData(),
                                                shift_id=self.shift_id, staff_id=self.staff_id,
                                                charge_id=self.target.currentData())
        except PosError as exc:
            show_error(self, str(exc))  # nothing was recorded
            return
        self.accept()

    def result_text(self) -> str:
        r = self.result
        text = _("Paid {paid}; still owed {owed}.").format(paid=format_money(r.paid), owed=format_money(r.still_owed))
        if r.to_deposit.minor:
            text += " " + _("{amount} kept as deposit.").format(amount=format_money(r.to_deposit))
        return text


class PeriodDialog(QDialog):
    """From and to (shop days): this month so far, unless changed."""

    def __init__(self, title: str, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        today = today or clock.today()
        self.start, self.end = QDateEdit(QDate(today.replace(day=1))), QDateEdit(QDate(today))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
        buttons = dialog_buttons(QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_("From"), self.start)
        form.addRow(_("To"), self.end)
        form.addRow(buttons)

    def period(self) -> tuple[dt.date, dt.date]:
        return self.start.date().toPython(), self.end.date().toPython()


class KasbonAgingDialog(QDialog):
    """Who owes what, by days past the due date; a reminder by WhatsApp, the customer's page, the PDF."""

    def __init__(self, staff_id: int | None = None, parent: QWidget | None = None,
                 as_of: dt.date | None = None) -> None:
        super().__init__(parent)
        from pos.services.kasbon_documents import BUCKET_WORDS

        self.staff_id, self.as_of = staff_id, as_of
        self.setWindowTitle(_("Kasbon: who owes what"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.table = read_only_table([_("Customer"), _("Member"), *(_(BUCKET_WORDS[b]) for b in kasbon.BUCKETS),
                                      _("Total")])
        self.totals = QLabel()
        self.remind_button = QPushButton(_("Remind on WhatsApp"))
        self.open_button = QPushButton(_("Open the customer"))
        self.pdf_button = QPushButton(_("PDF"))
        self.close_button = QPushButton(_("Close"))
        buttons = QHBoxLayout()
        for b in (self.remind_button, self.open_button, self.pdf_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addLayout(buttons)
        self.remind_button.clicked.connect(lambda: self.remind())
        self.pdf_button.clicked.connect(self.pdf)
        self.close_button.clicked.connect(self.accept)
        self.resize(1000, 520)
        self.refresh()

    def refresh(self) -> None:
        self.rows, totals = kasbon.aging(self.as_of)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            cells = (r.name, r.member_code, *(format_money(r.buckets[b]) if r.buckets[b].minor else ""
                                              for b in kasbon.BUCKETS), format_money(r.total))
            for col, text in enumerate(cells):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        total = Money(sum(t.minor for t in totals.values()))
        overdue = total - totals["not_due"]
        self.totals.setText(_("Owed in all: {total}; past due: {overdue}.").format(
            total=format_money(total), overdue=format_money(overdue)) if total.minor else _("Nobody owes anything."))

    def selected(self):
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            show_error(self, _("Choose a customer first."))
            return None
        return self.rows[row]

    def remind(self) -> None:
        """Open the chat with the amount and the due date filled in, and note it in the customer's contacts."""
        from pos.services.customer_book import add_touchpoint
        from pos.ui.documents import open_chat

        r = self.selected()
        if r is None:
            return
        link = kasbon.reminder_link(r.customer_id, self.as_of)
        if link is None:
            show_error(self, _("{name} has no WhatsApp number in the book.").format(name=r.name))
            return
        if not open_chat(link, self):
            return
        add_touchpoint(r.customer_id, "message", _("Kasbon reminder: {amount}").format(amount=format_money(r.total)),
                       staff_id=self.staff_id)

    def pdf(self) -> None:
        from pos.services.kasbon_documents import aging_file
        from pos.ui.documents import save_and_open

        self.document = save_and_open(f"kasbon-{(self.as_of or clock.today()).isoformat()}.pdf",
                                      aging_file(self.as_of), self)
