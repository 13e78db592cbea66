"""Open bills at the till: the list every till sees (name, queue number, amount, age), and the name asked when a
cart becomes one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QLabel, QLineEdit, QTableWidget,
                               QVBoxLayout, QWidget)

from pos.i18n import _, format_money
from pos.services.errors import PosError
from pos.services.open_bills import BillSummary, cancel_bill, open_bills
from pos.ui.style import BIG, big_button
from pos.ui.widgets import ask_owner_pin, fill_table, show_error


def age_words(minutes: int) -> str:
    if minutes < 60:
        return _("{minutes} min").format(minutes=minutes)
    return _("{hours} h {minutes} min").format(hours=minutes // 60, minutes=minutes % 60)


def bill_words(bill: BillSummary) -> str:
    """One open bill in a line: at the shift's close, in a message."""
    return _("{name}: {amount}, open {age}").format(name=bill.name, amount=format_money(bill.amount),
                                                    age=age_words(bill.minutes))


class BillNameDialog(QDialog):
    """*Open bill*: the name or the table the bill is called by."""

    def __init__(self, suggested: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Open bill"))
        self.name = QLineEdit(suggested)
        self.name.setStyleSheet(BIG)
        self.name.setPlaceholderText(_("Meja 4, Mas Bayu…"))
        label = QLabel(_("A name or a table for this bill: it stays open, its items go to the bar now."))
        label.setWordWrap(True)
        self.ok_button, self.cancel_button = big_button(_("Open bill and send")), big_button(_("Cancel"))
        self.ok_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.name.returnPressed.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        for w in (label, self.name):
            layout.addWidget(w)
        layout.addLayout(buttons)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)


class OpenBillsDialog(QDialog):
    """The open bills of the shop, oldest first; Enter or a tap on *Take* brings one to this till."""

    chosen = Signal(int)  # the bill's id

    def __init__(self, parent: QWidget | None = None, *, till_id: str = "", owner_pin_provider=ask_owner_pin) -> None:
        super().__init__(parent)
        self.till_id, self.owner_pin_provider = till_id, owner_pin_provider
        self.setWindowTitle(_("Open bills"))
        self.setMinimumSize(560, 360)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([_("Bill"), _("Queue no."), _("Amount"), _("Open for"),
                                              _("Not sent")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setStyleSheet("font-size: 13pt;")
        self.empty = QLabel(_("No open bill."))
        self.take_button, self.close_button = big_button(_("Take to this till")), big_button(_("Close"))
        self.cancel_button = big_button(_("Cancel bill…"))
        self.take_button.clicked.connect(self.take)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.table.itemActivated.connect(lambda _item: self.take())
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.take_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.bills = open_bills()
        rows = [(b.name + (f" · {b.customer}" if b.customer and b.customer != b.name else "")
                 + (" · " + _("being paid") if b.paying else ""),
                 f"#{b.queue_number}" if b.queue_number is not None else "", format_money(b.amount),
                 age_words(b.minutes), str(b.unsent) if b.unsent else "") for b in self.bills]
        fill_table(self.table, rows, right_from=2)
        needed = sum(self.table.columnWidth(c) for c in range(self.table.columnCount())) + 64  # frame, scroll bar
        if needed > self.width():  # every column in sight ("Belum dikirim" was behind a sideways scroll bar)
            self.resize(needed, self.height())
        self.empty.setVisible(not self.bills)
        self.take_button.setEnabled(bool(self.bills))
        self.cancel_button.setEnabled(bool(self.bills))
        if self.bills:
            self.table.selectRow(0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def selected(self) -> BillSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.bills[rows[0].row()] if rows else None

    def take(self) -> None:
        bill = self.selected()
        if bill is None:
            return
        self.chosen.emit(bill.id)
        self.accept()

    def cancel_selected(self) -> None:
        """A bill that will not be paid goes, with the owner's PIN (written to the activity log)."""
        bill = self.selected()
        if bill is None:
            return
        pin = self.owner_pin_provider(self, _("Cancelling the bill {name}").format(name=bill.name))
        if pin is None:
            return
        try:
            cancel_bill(bill.id, owner_pin=pin, till_id=self.till_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.refresh()
