"""The back office's products: categories in counter order with their colour, and the products list."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QCheckBox, QColorDialog, QFileDialog, QHBoxLayout, QInputDialog, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget)

from pos.i18n import _, format_money
from pos.printing.pictures import counter_picture
from pos.services import products
from pos.money import Quantity
from pos.services.errors import PosError
from pos.services.tiers import list_tiers
from pos.ui.widgets import read_only_table, show_error, write_export


def tier_summary(rows, names: dict[str, str]) -> str:
    """'Langganan: Rp 17.000, Reseller ≥10: Rp 16.000' (from 1 unit the step is not written)."""
    return ", ".join(f"{names.get(r.tier, r.tier)}{'' if r.min_qty == Quantity.of(1) else f' ≥{r.min_qty}'}: "
                     f"{format_money(r.price)}" for r in rows)


class ProductsTab(QWidget):
    def __init__(self, staff_id: int | None = None, parent: QWidget | None = None, *, owner_pin: str = "") -> None:
        super().__init__(parent)
        self.staff_id, self.owner_pin = staff_id, owner_pin  # the PIN that opened the back office
        self.categories = QListWidget()
        self.categories.setMaximumWidth(230)
        self.add_category_button = QPushButton(_("Add…"))
        self.edit_category_button = QPushButton(_("Rename…"))
        self.colour_button = QPushButton(_("Colour…"))
        self.up_button = QPushButton("▲")
        self.down_button = QPushButton("▼")
        self.delete_category_button = QPushButton(_("Delete"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name, code or barcode"))
        self.inactive = QCheckBox(_("Show products no longer sold"))
        self.inactive.setChecked(True)
        self.table = read_only_table([_("Code"), _("Name"), _("Category"), _("Unit"), _("Retail price"),
                                      _("Tier prices"), _("Active")])
        self.count = QLabel()
        self.new_button = QPushButton(_("New product"))
        self.edit_button = QPushButton(_("Edit"))
        self.remove_button = QPushButton(_("Remove"))
        self.import_button = QPushButton(_("Import…"))
        self.export_button = QPushButton(_("Export…"))

        left = QVBoxLayout()
        left.addWidget(QLabel(_("Categories (counter order)")))
        left.addWidget(self.categories)
        for pair in ((self.add_category_button, self.edit_category_button),
                     (self.colour_button, self.delete_category_button), (self.up_button, self.down_button)):
            row = QHBoxLayout()
            for b in pair:
                row.addWidget(b)
            left.addLayout(row)
        right = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.inactive)
        right.addLayout(top)
        right.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        for b in (self.count, self.new_button, self.edit_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)

        self.categories.currentRowChanged.connect(lambda _r: self.refresh_products())
        self.search.textEdited.connect(lambda _t: self.refresh_products())
        self.inactive.toggled.connect(lambda _on: self.refresh_products())
        self.add_category_button.clicked.connect(lambda: self.add_category())
        self.edit_category_button.clicked.connect(lambda: self.rename_category())
        self.colour_button.clicked.connect(lambda: self.recolour_category())
        self.delete_category_button.clicked.connect(self.delete_category)
        self.up_button.clicked.connect(lambda: self.move_category(-1))
        self.down_button.clicked.connect(lambda: self.move_category(1))
        self.new_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.table.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button.clicked.connect(lambda: self.import_file())
        self.export_button.clicked.connect(lambda: self.export_file())
        self.refresh_categories()

    # --- categories ------------------------------------------------------------------------------
    def refresh_categories(self, select: int | None = None) -> None:
        current = select if select is not None else self.category_id()
        self.category_rows = products.list_categories()
        self.categories.blockSignals(True)
        self.categories.clear()
        everything = QListWidgetItem(_("All categories"))
        self.categories.addItem(everything)
        for c in self.category_rows:
            item = QListWidgetItem(f"■ {c.name} ({c.products})")
            item.setForeground(QColor(c.color))
            self.categories.addItem(item)
        ids = [c.id for c in self.category_rows]
        self.categories.setCurrentRow(ids.index(current) + 1 if current in ids else 0)
        self.categories.blockSignals(False)
        self.refresh_products()

    def category_id(self) -> int | None:
        row = self.categories.currentRow() if hasattr(self, "category_rows") else 0
        return self.category_rows[row - 1].id if row > 0 else None

    def _category(self):
        cid = self.category_id()
        if cid is None:
            show_error(self, _("Choose a category first."))
        return next((c for c in self.category_rows if c.id == cid), None)

    def add_category(self, name: str | None = None, color: str = "#8d6e63") -> None:
        if name is None:
            name, ok = QInputDialog.getText(self, _("New category"), _("Name of the category"))
            if not ok:
                return
        try:
            cid = products.save_category(name, color, owner_pin=self.owner_pin, staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.refresh_categories(select=cid)

    def rename_category(self, name: str | None = None) -> None:
        c = self._category()
        if c is None:
            return
        if name is None:
            name, ok = QInputDialog.getText(self, _("Rename"), _("Name of the category"), text=c.name)
            if not ok:
                return
        try:
            products.save_category(name, c.color, c.id, owner_pin=self.owner_pin, staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.refresh_categories()

    def recolour_category(self, color: str | None = None) -> None:
        c = self._category()
        if c is None:
            return
        if color is None:
            chosen = QColorDialog.getColor(QColor(c.color), self, _("Colour of the counter buttons"))
            if not chosen.isValid():
                return
            color = chosen.name()
        try:
            products.save_category(c.name, color, c.id, owner_pin=self.owner_pin, staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.refresh_categories()

    def move_category(self, step: int) -> None:
        c = self._category()
        if c is not None:
            products.move_category(c.id, step, owner_pin=self.owner_pin)
            self.refresh_categories(select=c.id)

    def delete_category(self) -> None:
        c = self._category()
        if c is None:
            return
        try:
            products.delete_category(c.id, owner_pin=self.owner_pin, staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.refresh_categories()

    # --- products --------------------------------------------------------------------------------
    def refresh_products(self) -> None:
        self.rows = products.list_products(self.search.text(), self.category_id(),
                                           include_inactive=self.inactive.isChecked())
        names = {t.code: t.name for t in list_tiers()}
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            cells = (r.code, r.name, r.category, r.unit, format_money(r.retail_price),
                     tier_summary(r.tier_prices, names), _("yes") if r.active else _("no"))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not r.active:
                    item.setForeground(QColor("#9e9e9e"))
                self.table.setItem(i, col, item)
        self.table.resizeColumnsToContents()
        self.count.setText(_("{n} products").format(n=len(self.rows)))

    def selected_id(self) -> int | None:
        row = self.table.currentRow()
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def edit_selected(self) -> None:
        pid = self.selected_id()
        if pid is None:
            show_error(self, _("Choose a product first."))
            return
        self.edit(pid)

    def edit(self, product_id: int | None) -> None:
        from pos.ui.product_form import ProductFormDialog

        if not self.category_rows:
            show_error(self, _("Add a category first (Kue, Kopi, Keripik…)."))
            return
        self.form = ProductFormDialog(product_id, self.staff_id, self, category_id=self.category_id(),
                                      picture_maker=counter_picture, owner_pin=self.owner_pin)
        self.form.saved.connect(lambda _id: self.refresh_categories())
        self.form.open()

    def remove_selected(self) -> None:
        pid = self.selected_id()
        if pid is None:
            show_error(self, _("Choose a product first."))
            return
        try:
            outcome = products.remove_product(pid, owner_pin=self.owner_pin, staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.refresh_categories()
        self.count.setText(_("Deactivated: it has sales, so it stays in the history.") if outcome == "deactivated"
                           else _("Deleted."))

    def import_file(self, path: str | None = None) -> None:
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(self, _("Import products"), str(Path.home()),
                                                        _("Spreadsheets (*.xlsx *.csv *.txt);;All files (*)"))
            if not path:
                return
        from pos.ui.product_import import ProductImportDialog

        try:
            self.importer = ProductImportDialog(path, self.staff_id, self, owner_pin=self.owner_pin)
        except (OSError, PosError) as exc:
            show_error(self, str(exc))
            return
        self.importer.accepted.connect(lambda: (self.refresh_categories(),
                                                self.count.setText(self.importer.result_text())))
        self.importer.open()

    def export_file(self, path: str | None = None) -> None:
        from pos.services.product_files import export_products

        if path is None:
            path, _filter = QFileDialog.getSaveFileName(self, _("Export products"), str(Path.home() / "produk.xlsx"),
                                                        _("Excel (*.xlsx);;CSV (*.csv)"))
        if not path or write_export(self, path, "", "", "", lambda: export_products(
                "xlsx" if path.lower().endswith(".xlsx") else "csv")) is None:
            return
        self.count.setText(_("Products written to {path}.").format(path=path))
