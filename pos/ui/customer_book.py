"""The customer book: search as you type, filter, sort, open a customer, merge two records of one person."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit,
                               QMessageBox, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget)

from pos.i18n import N_, _, format_date, format_money
from pos.services.customer_search import CustomerFilter, CustomerRow, find_customers
from pos.services.errors import PosError
from pos.services.merge import merge_customers
from pos.services.phones import display_phone
from pos.ui.widgets import read_only_table, show_error

SORT_LABELS = (("name", N_("Name")), ("last_visit", N_("Last visit")), ("visits", N_("Visits")), ("spend", N_("Spend")))


class CustomerBookDialog(QDialog):
    def __init__(self, staff_id: int | None = None, parent: QWidget | None = None, printer=None) -> None:
        super().__init__(parent)
        self.staff_id, self.printer = staff_id, printer
        self.setWindowTitle(_("Customer book"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Phone, name or member code"))
        self.search.setStyleSheet("font-size: 14pt; padding: 6px;")
        self.tier = QComboBox()
        self.tier.addItem(_("All tiers"), None)
        for code, label in (("retail", _("Retail")), ("regular", _("Regular")), ("reseller", _("Reseller"))):
            self.tier.addItem(label, code)
        self.village = QLineEdit()
        self.village.setPlaceholderText(_("Village"))
        self.kasbon = QCheckBox(_("Owes kasbon"))
        self.deposit = QCheckBox(_("Holds a deposit"))
        self.consent = QCheckBox(_("Agreed to promotions"))
        self.sort = QComboBox()
        for key, label in SORT_LABELS:
            self.sort.addItem(_(label), key)
        self.table = read_only_table([_("Member"), _("Name"), _("Phone"), _("Village"), _("Visits"), _("Spend"),
                                      _("Last visit")])
        self.count = QLabel()
        self.open_button = QPushButton(_("Open"))
        self.merge_button = QPushButton(_("Merge the two selected…"))
        self.close_button = QPushButton(_("Close"))
        filters = QHBoxLayout()
        for w in (self.tier, self.village, self.kasbon, self.deposit, self.consent, QLabel(_("Sort:")), self.sort):
            filters.addWidget(w)
        buttons = QHBoxLayout()
        for w in (self.count, self.open_button, self.merge_button):
            buttons.addWidget(w)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.search.textEdited.connect(lambda _t: self.refresh())
        self.village.textEdited.connect(lambda _t: self.refresh())
        for combo in (self.tier, self.sort):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        for box in (self.kasbon, self.deposit, self.consent):
            box.toggled.connect(lambda _on: self.refresh())
        self.table.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.open_button.clicked.connect(self.open_selected)
        self.merge_button.clicked.connect(self.merge_selected)
        self.close_button.clicked.connect(self.accept)
        self.resize(1100, 640)
        self.refresh()

    def filters(self) -> CustomerFilter:
        return CustomerFilter(tier=self.tier.currentData(), village=self.village.text().strip() or None,
                              owes_kasbon=self.kasbon.isChecked(), holds_deposit=self.deposit.isChecked(),
                              promo_consent=True if self.consent.isChecked() else None)

    def refresh(self) -> None:
        self.rows: list[CustomerRow] = find_customers(self.search.text(), self.filters(),
                                                      sort=self.sort.currentData(), limit=200)
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            cells = (r.member_code, r.name, display_phone(r.phone), r.village, str(r.visits), format_money(r.spend),
                     format_date(r.last_visit.date()) if r.last_visit else "-")
            for col, text in enumerate(cells):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.count.setText(_("{n} shown").format(n=len(self.rows)))

    def selected(self) -> list[CustomerRow]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.rows[i] for i in rows if i < len(self.rows)]

    def open_selected(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        from pos.ui.customer_page import CustomerPageDialog

        self.page = CustomerPageDialog(chosen[0].id, self.staff_id, self, printer=self.printer)
        self.page.finished.connect(lambda _r: self.refresh())
        self.page.open()

    def merge_selected(self, confirm: bool = True) -> None:
        chosen = self.selected()
        if len(chosen) != 2:
            show_error(self, _("Select the two records of the same person (Ctrl+click)."))
            return
        keep, gone = chosen  # the one higher in the list stays
        if confirm:
            answer = QMessageBox.question(self, _("Merge"), _(
                "Keep {keep} ({kcode}) and move everything of {gone} ({gcode}) to it? {gone} is then removed.")
                .format(keep=keep.name, kcode=keep.member_code, gone=gone.name, gcode=gone.member_code))
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            merge_customers(keep.id, gone.id, staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.refresh()
