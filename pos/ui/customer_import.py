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
from pos.ui.tasks import Runner, TaskBar
from pos.ui.widgets import ask_owner_pin, read_only_table

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
        self.task_bar = TaskBar()
        self.runner = Runner(self, self.task_bar)
        self.runner.started.connect(lambda: self._busy(True))
        self.runner.ended.connect(lambda: self._busy(False))
        buttons = QHBoxLayout()
        buttons.addWidget(self.task_bar, 1)
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
        """The preview again with the columns chosen, read off the GUI thread (a big file takes a while)."""
        data, mapping = self.data, self.mapping()
        self.runner.run_latest(lambda: preview_import(data, mapping), self._previewed, text=_("Reading the file…"),
                        cancellable=True)

    def _previewed(self, preview: Preview) -> None:
        self.preview = preview
        self.show_preview(preview)

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
        data, on_duplicate = self.data, MERGE if self.merge.isChecked() else SKIP
        mapping, staff_id = self.mapping() if self.preview.kind == "csv" else None, self.staff_id
        # written off the GUI thread, all or nothing: an error is shown by the runner and nothing was written
        self.runner.run(lambda: import_customers(data, on_duplicate=on_duplicate, mapping=mapping,
                                                 staff_id=staff_id, owner_pin=pin),
                        self._imported, text=_("Importing…"))

    def _imported(self, result) -> None:
        self.result = result
        self.accept()

    def _busy(self, busy: bool) -> None:
        """While the file is read or written nothing else can be started; the import cannot be stopped half-way."""
        for w in (self.import_button, self.cancel_button, self.mapping_box, self.merge, self.skip):
            w.setEnabled(not busy)
        if not busy:
            self.import_button.setEnabled(not self.preview.error and not self.preview.bad and self.preview.total > 0)

    def reject(self) -> None:
        if not self.runner.busy():  # Escape while the import writes: it goes on to its end
            super().reject()

    def result_text(self) -> str:
        r = self.result
        text = _("Imported: {added} new, {merged} merged, {skipped} skipped, {joined} joined within the file.").format(
            added=r.added, merged=r.merged, skipped=r.skipped, joined=r.joined)
        if r.special_prices:
            text += " " + _("Special prices set: {n}.").format(n=r.special_prices)
        return text
