"""The customer book: search as you type, filter, sort; add, edit, open, merge; duplicates, import, export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QLineEdit,
                               QMessageBox, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget)

from pos.i18n import N_, _, format_day, format_money
from pos.services import clock
from pos.services.customer_profile import choices
from pos.services.customer_search import CustomerFilter, CustomerRow, find_customers
from pos.services.phones import display_phone
from pos.ui.widgets import ArrowInto, ask_owner_pin, no_auto_default, read_only_table, show_error, write_export

LIMIT = 100  # rows shown while typing: enough to scroll, few enough for every keystroke to stay instant
SORT_LABELS = (("name", N_("Name")), ("last_visit", N_("Last visit")), ("visits", N_("Visits")), ("spend", N_("Spend")))


class CustomerBookDialog(QDialog):
    def __init__(self, staff_id: int | None = None, parent: QWidget | None = None, printer=None, *,
                 shift_id: int | None = None, till_id: str = "K1") -> None:
        super().__init__(parent)
        self.staff_id, self.printer, self.shift_id, self.till_id = staff_id, printer, shift_id, till_id
        self.setWindowTitle(_("Customer book"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Phone, name or member code"))
        self.search.setStyleSheet("font-size: 14pt; padding: 6px;")
        lists = choices(include_retired=True)  # a filter finds the customers of a retired group too
        self.tier, self.segment, self.source = QComboBox(), QComboBox(), QComboBox()
        for combo, everything, rows in ((self.tier, _("All tiers"), lists.tiers),
                                        (self.segment, _("All groups"), lists.segments),
                                        (self.source, _("Any source"), lists.sources)):
            combo.addItem(everything, None)
            for code, name in rows:
                combo.addItem(name, code)
        self.village = QLineEdit()
        self.village.setPlaceholderText(_("Village"))
        self.village.setMinimumWidth(130)
        self.kasbon = QCheckBox(_("Owes kasbon"))
        self.deposit = QCheckBox(_("Holds a deposit"))
        self.consent = QCheckBox(_("Agreed to promotions"))
        self.sort = QComboBox()
        for key, label in SORT_LABELS:
            self.sort.addItem(_(label), key)
        self.table = read_only_table([_("Member"), _("Name"), _("Phone"), _("Village"), _("Visits"), _("Spend"),
                                      _("Last visit")])
        self.count = QLabel()
        self.new_button = QPushButton(_("New customer (Ctrl+N)"))
        self.open_button = QPushButton(_("Open"))
        self.edit_button = QPushButton(_("Edit"))
        self.merge_button = QPushButton(_("Merge the two selected…"))
        self.duplicates_button = QPushButton(_("Likely duplicates…"))
        self.import_button = QPushButton(_("Import…"))
        self.export_button = QPushButton(_("Export…"))
        self.kasbon_button = QPushButton(_("Kasbon…"))
        self.retention_button = QPushButton(_("Bring them back…"))
        self.retention_button.setToolTip(_("Lapsed regulars, loyal groups, birthdays, word of mouth; one "
                                           "WhatsApp message at a time"))
        self.close_button = QPushButton(_("Close"))
        filters = QHBoxLayout()
        for w in (self.tier, self.segment, self.source, self.village, self.kasbon, self.deposit, self.consent,
                  QLabel(_("Sort:")), self.sort):
            filters.addWidget(w)
        buttons = QHBoxLayout()
        for w in (self.new_button, self.open_button, self.edit_button, self.merge_button,
                  self.duplicates_button, self.import_button, self.export_button, self.kasbon_button,
                  self.retention_button):
            buttons.addWidget(w)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addWidget(self.count)  # its own line: "The first 100 shown…" would widen the buttons' row
        layout.addLayout(buttons)
        self.search.textEdited.connect(lambda _t: self.refresh())
        self.village.textEdited.connect(lambda _t: self.refresh())
        for combo in (self.tier, self.segment, self.source, self.sort):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        for box in (self.kasbon, self.deposit, self.consent):
            box.toggled.connect(lambda _on: self.refresh())
        self.table.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.table.activated.connect(lambda _index: self.open_selected())  # Enter on a row
        self.search.returnPressed.connect(self.open_found)
        self.arrow = ArrowInto(self.search, self.table)
        no_auto_default(self.new_button, self.open_button, self.edit_button, self.merge_button,
                        self.duplicates_button, self.import_button, self.export_button, self.kasbon_button,
                        self.retention_button, self.close_button)
        self.open_button.clicked.connect(self.open_selected)
        self.new_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.merge_button.clicked.connect(self.merge_selected)
        self.duplicates_button.clicked.connect(self.show_duplicates)
        self.import_button.clicked.connect(lambda: self.import_file())
        self.export_button.clicked.connect(lambda: self.export_file())
        self.kasbon_button.clicked.connect(self.show_kasbon)
        self.retention_button.clicked.connect(self.show_retention)
        self.close_button.clicked.connect(self.accept)
        self.new_shortcut = QShortcut(QKeySequence("Ctrl+N"), self)
        self.new_shortcut.activated.connect(lambda: self.edit(None))
        self.resize(1100, 640)
        self.sized = False
        self.refresh()

    def filters(self) -> CustomerFilter:
        return CustomerFilter(tier=self.tier.currentData(), segment=self.segment.currentData(),
                              source=self.source.currentData(), village=self.village.text().strip() or None,
                              owes_kasbon=self.kasbon.isChecked(), holds_deposit=self.deposit.isChecked(),
                              promo_consent=True if self.consent.isChecked() else None)

    def refresh(self) -> None:
        self.rows: list[CustomerRow] = find_customers(self.search.text(), self.filters(),
                                                      sort=self.sort.currentData(), limit=LIMIT)
        self.table.setUpdatesEnabled(False)
        self.table.setRowCount(len(self.rows))
        zone = clock.zone_name()
        for i, r in enumerate(self.rows):
            cells = (r.member_code, r.name, display_phone(r.phone), r.village, str(r.visits), format_money(r.spend),
                     format_day(r.last_visit, zone) if r.last_visit else "-")
            for col, text in enumerate(cells):
                self.table.setItem(i, col, QTableWidgetItem(text))
        if not self.sized and self.rows:  # measured once: resizing on every keystroke costs more than the search
            self.table.resizeColumnsToContents()
            self.table.setColumnWidth(1, max(self.table.columnWidth(1), 220))
            self.sized = True
        self.table.setUpdatesEnabled(True)
        if not self.rows and not self.search.text().strip() and self.filters() == CustomerFilter():
            self.count.setText(_("The book is empty: add a customer (Ctrl+N) or bring them from a spreadsheet or "
                                 "a phone's contacts (Import…)."))
            return
        self.count.setText((_("The first {n} shown: type more to narrow") if len(self.rows) == LIMIT
                            else _("{n} shown")).format(n=len(self.rows)))

    def selected(self) -> list[CustomerRow]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.rows[i] for i in rows if i < len(self.rows)]

    def open_found(self) -> None:
        """Enter in the search box: the one customer found, or the one selected; with several, into the list."""
        chosen = self.selected()
        if len(self.rows) == 1 or chosen:
            self.open_customer((chosen or self.rows)[0].id)
        elif self.rows:
            self.table.setFocus()
            self.table.selectRow(0)

    def open_selected(self) -> None:
        chosen = self.selected()
        if chosen:
            self.open_customer(chosen[0].id)

    def open_customer(self, customer_id: int) -> None:
        from pos.ui.customer_page import CustomerPageDialog

        self.page = CustomerPageDialog(customer_id, self.staff_id, self, printer=self.printer,
                                       shift_id=self.shift_id, till_id=self.till_id)
        self.page.finished.connect(lambda _r: self.refresh())
        self.page.open()

    def edit_selected(self) -> None:
        chosen = self.selected()
        if chosen:
            self.edit(chosen[0].id)

    def edit(self, customer_id: int | None) -> None:
        """The form for a new customer (None) or an existing one; a number already in the book can open that one."""
        from pos.ui.customer_form import CustomerFormDialog

        self.form = CustomerFormDialog(customer_id, self.staff_id, self)
        self.form.saved.connect(lambda _id: self.refresh())
        self.form.open_other.connect(self.open_customer)
        self.form.open()

    def show_kasbon(self) -> None:
        from pos.ui.kasbon_dialogs import KasbonAgingDialog

        self.kasbon_list = KasbonAgingDialog(self.staff_id, self)
        self.kasbon_list.open_button.clicked.connect(self._open_debtor)
        self.kasbon_list.open()

    def _open_debtor(self) -> None:
        row = self.kasbon_list.selected()
        if row is not None:
            self.open_customer(row.customer_id)

    def show_retention(self) -> None:
        from pos.ui.retention_window import RetentionWindow

        self.retention = RetentionWindow(self.staff_id, self)
        self.retention.finished.connect(lambda _r: self.refresh())
        self.retention.open()

    def show_duplicates(self) -> None:
        from pos.ui.duplicates_dialog import DuplicatesDialog

        self.duplicates = DuplicatesDialog(self.staff_id, self)
        self.duplicates.finished.connect(lambda _r: self.refresh())
        self.duplicates.open()

    def import_file(self, path: str | None = None) -> None:
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(self, _("Import customers"), str(Path.home()),
                                                        _("Contacts (*.csv *.txt *.vcf);;All files (*)"))
            if not path:
                return
        from pos.ui.customer_import import CustomerImportDialog

        try:
            self.importer = CustomerImportDialog(path, self.staff_id, self)
        except OSError as exc:
            show_error(self, _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc))
            return

        def done() -> None:
            self.refresh()
            self.count.setText(self.importer.result_text())

        self.importer.accepted.connect(done)
        self.importer.open()

    def export_file(self, path: str | None = None, pin: str | None = None, full: bool | None = None,
                    broadcast: bool = False) -> bool:
        """The customers shown (search and filters, every row, not only the first 100) as CSV: full numbers with
        the owner's PIN, otherwise masked; or as a broadcast list of those who agreed to promotions."""
        from pos.services.customer_files import export_customers

        if full is None and not broadcast:
            box = QMessageBox(QMessageBox.Icon.Question, _("Export"), _(
                "Export the customers shown (the search and the filters) as a spreadsheet (CSV). Full phone "
                "numbers need the owner's PIN; otherwise they are hidden (0812-****-7890). A broadcast list for "
                "WhatsApp Business takes only those who agreed to promotions."), parent=self)
            with_numbers = box.addButton(_("Full numbers (owner)"), QMessageBox.ButtonRole.AcceptRole)
            hidden = box.addButton(_("Numbers hidden"), QMessageBox.ButtonRole.AcceptRole)
            to_broadcast = box.addButton(_("Broadcast list (WhatsApp)…"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() not in (with_numbers, hidden, to_broadcast):
                return False
            broadcast = box.clickedButton() is to_broadcast
            full = box.clickedButton() is with_numbers
        if broadcast:
            return self.export_broadcast(path, pin)
        if full and pin is None:
            pin = ask_owner_pin(self, _("Exporting the full phone numbers"))
            if pin is None:
                return False
        text, filters = self.search.text(), self.filters()
        path = write_export(self, path, _("Export customers"), "pelanggan.csv", "CSV (*.csv)",
                            lambda: export_customers(text, filters, pin=pin or "", staff_id=self.staff_id,
                                                     full_numbers=full)[0])
        if path is None:
            return False
        self.count.setText(_("Customer book written to {path}.").format(path=path))
        return True

    def export_broadcast(self, path: str | None = None, pin: str | None = None) -> bool:
        """A vCard or CSV file (by the name chosen) for a WhatsApp Business broadcast list: the customers shown who
        agreed to promotions; says how many were left out and why."""
        from pos.services.customer_files import export_broadcast
        from pos.services.whatsapp import left_out_words

        if path is None:
            path, chosen = QFileDialog.getSaveFileName(self, _("Export for a broadcast list"),
                                                       str(Path.home() / "siaran.vcf"), "vCard (*.vcf);;CSV (*.csv)")
            if not path:
                return False
            if not Path(path).suffix:
                path += ".csv" if "csv" in chosen else ".vcf"
        if pin is None:
            pin = ask_owner_pin(self, _("Exporting phone numbers"))
            if pin is None:
                return False
        kind = "csv" if Path(path).suffix.lower() == ".csv" else "vcf"
        text, filters, made = self.search.text(), self.filters(), []

        def make() -> bytes:
            made.append(export_broadcast(text, filters, kind, pin=pin, staff_id=self.staff_id))
            return made[0].data

        if write_export(self, path, _("Export for a broadcast list"), "", "", make) is None:
            return False
        left_out = left_out_words(made[0])
        self.count.setText(_("{n} exported to {path}.").format(n=made[0].written, path=path)
                           + (f" {left_out}." if left_out else ""))
        return True

    def merge_selected(self, confirm: bool = True, pin: str | None = None) -> None:
        chosen = self.selected()
        if len(chosen) != 2:
            show_error(self, _("Select the two records of the same person (Ctrl+click)."))
            return
        from pos.ui.duplicates_dialog import merge_two

        keep, gone = chosen  # the one higher in the list stays
        if merge_two(self, keep, gone, self.staff_id, confirm=confirm, pin=pin):
            self.refresh()
