"""Products from a spreadsheet: which column holds what, a preview of every row, then all or nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QPushButton, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from pos.domain.product_table import ACTIVE, BARCODE, CATEGORY, CODE, COST, NAME, PRICE, UNIT
from pos.services.import_files import tills_wait_notice
from pos.i18n import N_, _
from pos.services.product_files import ProductPreview, import_products, preview_products
from pos.ui.tasks import Runner, TaskBar
from pos.ui.widgets import read_only_table

FIELD_LABELS = ((CODE, N_("Code")), (NAME, N_("Name")), (CATEGORY, N_("Category")), (UNIT, N_("Unit")),
                (PRICE, N_("Retail price")), (COST, N_("Cost")), (BARCODE, N_("Barcode")), (ACTIVE, N_("Sold")))


class ProductImportDialog(QDialog):
    def __init__(self, path: str, staff_id: int | None = None, parent: QWidget | None = None, *,
                 owner_pin: str = "") -> None:
        super().__init__(parent)
        self.staff_id, self.owner_pin = staff_id, owner_pin
        self.data = Path(path).read_bytes()
        self.preview = preview_products(self.data)  # an unreadable file raises PosError before the dialog shows
        self.setWindowTitle(_("Import products from {file}").format(file=Path(path).name))
        self.columns: dict[str, QComboBox] = {}
        form = QFormLayout()
        for field, label in FIELD_LABELS:
            combo = self.columns[field] = QComboBox()
            combo.addItem(_("(none)"), None)
            for i, header in enumerate(self.preview.headers):
                combo.addItem(header or _("column {n}").format(n=i + 1), i)
            combo.setCurrentIndex(max(0, combo.findData(self.preview.mapping.get(field))))
            form.addRow(_(label), combo)
        self.tiers = QLabel()
        self.tiers.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = read_only_table([_("Row"), _("Code"), _("Name"), _("Category"), _("Retail price"),
                                      _("What happens")])
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
        columns = QHBoxLayout()
        columns.addLayout(form)
        columns.addWidget(self.tiers, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Which column holds what:")))
        layout.addLayout(columns)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        for combo in self.columns.values():
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.import_button.clicked.connect(self.run_import)
        self.cancel_button.clicked.connect(self.reject)
        self.result = None
        self.show_preview(self.preview)
        self.resize(1000, 640)

    def mapping(self) -> dict[str, int]:
        return {f: c.currentData() for f, c in self.columns.items() if c.currentData() is not None}

    def refresh(self) -> None:
        """The preview again with the columns chosen, read off the GUI thread (a big file takes a while)."""
        data, mapping = self.data, self.mapping()
        self.runner.run_latest(lambda: preview_products(data, mapping), self._previewed, text=_("Reading the file…"),
                        cancellable=True)

    def _previewed(self, preview: ProductPreview) -> None:
        self.preview = preview
        self.show_preview(preview)

    def show_preview(self, p: ProductPreview) -> None:
        self.tiers.setText(_("Tier price columns: {columns}").format(columns=", ".join(p.tier_columns))
                           if p.tier_columns else _("No tier price columns (name them like harga_reseller_min10)."))
        if p.error:
            self.summary.setText(f"<span style='color:#b71c1c'>{p.error}</span>")
        elif p.bad:
            self.summary.setText("<span style='color:#b71c1c'>" + _(
                "{bad} of {total} rows have a problem (shown in red). Correct the file or the columns: "
                "nothing is imported while a row is wrong.").format(bad=p.bad, total=p.total) + "</span>")
        else:
            self.summary.setText(_("{total} products ready to import.").format(total=p.total)
                                 + self._tills_wait(p.total))
        self.import_button.setEnabled(not p.error and not p.bad and p.total > 0)
        self.table.setRowCount(len(p.rows))
        for i, line in enumerate(p.rows):
            for col, text in enumerate((str(line.row), line.code, line.name, line.category, line.price, line.what)):
                item = QTableWidgetItem(text)
                if line.bad:
                    item.setForeground(QColor("#b71c1c"))
                self.table.setItem(i, col, item)
        self.table.resizeColumnsToContents()

    @staticmethod
    def _tills_wait(rows: int) -> str:
        notice = tills_wait_notice(rows)  # a big file on SQLite: the tills wait while it is written
        return f"<br><b>{notice}</b>" if notice else ""

    def run_import(self) -> None:
        data, mapping, pin, staff_id = self.data, self.mapping(), self.owner_pin, self.staff_id
        # written off the GUI thread, all or nothing: an error is shown by the runner and nothing was written
        self.runner.run(lambda: import_products(data, mapping, owner_pin=pin, staff_id=staff_id), self._imported,
                        text=_("Importing…"))

    def _imported(self, result) -> None:
        self.result = result
        self.accept()

    def _busy(self, busy: bool) -> None:
        """While the file is read or written nothing else can be started; the import cannot be stopped half-way."""
        for w in [self.import_button, self.cancel_button, *self.columns.values()]:
            w.setEnabled(not busy)
        if not busy:
            p = self.preview
            self.import_button.setEnabled(not p.error and not p.bad and p.total > 0)

    def reject(self) -> None:
        if not self.runner.busy():  # Escape while the import writes: it goes on to its end
            super().reject()

    def result_text(self) -> str:
        r = self.result
        return _("Products imported: {created} new, {updated} updated, {categories} new categories.").format(
            created=r.created, updated=r.updated, categories=r.categories)
