"""Bringing customers in from a spreadsheet (CSV) or a phone's contacts (vCard): columns, preview, then import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QPushButton,
                               QRadioButton, QTableWidgetItem, QVBoxLayout, QWidget)

from pos.domain.contacts import ADDRESS, NAME, NOTES, PHONE, SPECIAL_PRICES, VILLAGE
from pos.services.import_files import tills_wait_notice
from pos.i18n import N_, _
from pos.services.customer_files import MERGE, SKIP, Preview, import_customers, preview_import
from pos.services.errors import PosError
from pos.ui.widgets import ask_owner_pin, read_only_table, show_error

FIELD_LABELS = ((NAME, N_("Name")), (PHONE, N_("Phone / WhatsApp")), (VILLAGE, N_("Village")),
                (ADDRESS, N_("Address")), (NOTES, N_("Notes")),
                (SPECIAL_PRICES, N_("Special prices (CODE=PRICE; …)")))


class CustomerImportDialog(QDialog):
    def __init__(self, path: str, staff_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff_id = staff_id
        self.data = Path(path).read_bytes()
        self.setWindowTitle(_("Import customers from {file}").format(file=Path(path).name))
        self.columns: dict[str, QComboBox] = {}
        mapping_form = QFormLayout()
        for field, label in FIELD_LABELS:
            combo = self.columns[field] = QComboBox()
            mapping_form.addRow(_(label), combo)
        self.mapping_box = QWidget()
        self.mapping_box.setLayout(mapping_form)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = read_only_table([_("Line"), _("Name"), _("Phone"), _("Village"), _("Address"),
                                      _("Already in the book"), _("Special prices"), _("Problem")])
        self.merge = QRadioButton(_("People already in the book: add what is new to them (merge)"))
        self.skip = QRadioButton(_("People already in the book: leave them as they are (skip)"))
        self.merge.setChecked(True)
        self.choice = QButtonGroup(self)
        for b in (self.merge, self.skip):
            self.choice.addButton(b)
        self.import_button = QPushButton(_("Import"))
        self.cancel_button = QPushButton(_("Cancel"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Which column holds what:")))
        layout.addWidget(self.mapping_box)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.merge)
        layout.addWidget(self.skip)
        layout.addLayout(buttons)
        self.import_button.clicked.connect(lambda: self.run_import())
        self.cancel_button.clicked.connect(self.reject)
        self.result = None
        self.preview = preview_import(self.data)
        self._fill_columns(self.preview)
        for combo in self.columns.values():
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.show_preview(self.preview)
        self.resize(980, 620)

    def _fill_columns(self, preview: Preview) -> None:
        self.mapping_box.setVisible(preview.kind == "csv")
        for field, combo in self.columns.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("(none)"), None)
            for i, header in enumerate(preview.headers):
                combo.addItem(header or _("column {n}").format(n=i + 1), i)
            combo.setCurrentIndex(max(0, combo.findData(preview.mapping.get(field))))
            combo.blockSignals(False)

    def mapping(self) -> dict[str, int]:
        return {field: combo.currentData() for field, combo in self.columns.items() if combo.currentData() is not None}

    def refresh(self) -> None:
        self.preview = preview_import(self.data, self.mapping())
        self.show_preview(self.preview)

    def show_preview(self, p: Preview) -> None:
        if p.error:
            self.summary.setText(f"<span style='color:#b71c1c'>{p.error}</span>")
        elif p.bad:
            self.summary.setText("<span style='color:#b71c1c'>" + _(
                "{bad} of {total} rows have a problem (shown in red). Correct the file or the columns: "
                "nothing is imported while a row is wrong.").format(bad=p.bad, total=p.total) + "</span>")
        else:
            known = sum(1 for r in p.rows if r.in_book)
            self.summary.setText(_("{total} customers ready to import; {known} of those shown are in the book "
                                   "already.").format(total=p.total, known=known) + self._tills_wait(p.total))
        self.import_button.setEnabled(not p.error and not p.bad and p.total > 0)
        self.table.setRowCount(len(p.rows))
        for i, r in enumerate(p.rows):
            for col, text in enumerate((str(r.line), r.name, r.phones, r.village, r.address, r.in_book,
                                        r.special_prices, r.problem)):
                item = QTableWidgetItem(text)
                if r.problem:
                    item.setForeground(QColor("#b71c1c"))
                self.table.setItem(i, col, item)
        self.table.resizeColumnsToContents()

    @staticmethod
    def _tills_wait(rows: int) -> str:
        notice = tills_wait_notice(rows)  # a big file on SQLite: the tills wait while it is written
        return f"<br><b>{notice}</b>" if notice else ""

    def run_import(self, pin: str | None = None) -> None:
        if pin is None:  # an import is the owner's
            pin = ask_owner_pin(self, _("Importing customers"))
            if pin is None:
                return
        try:
            self.result = import_customers(self.data, on_duplicate=MERGE if self.merge.isChecked() else SKIP,
                                           mapping=self.mapping() if self.preview.kind == "csv" else None,
                                           staff_id=self.staff_id, owner_pin=pin)
        except PosError as exc:
            show_error(self, str(exc))  # nothing was written
            return
        self.accept()

    def result_text(self) -> str:
        r = self.result
        text = _("Imported: {added} new, {merged} merged, {skipped} skipped, {joined} joined within the file.").format(
            added=r.added, merged=r.merged, skipped=r.skipped, joined=r.joined)
        if r.special_prices:
            text += " " + _("Special prices set: {n}.").format(n=r.special_prices)
        return text
