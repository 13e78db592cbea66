"""One product in a form: code, barcode (a scan fills it), prices by tier with minimum quantities, picture."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from pos.i18n import _
from pos.money import Money, Quantity, parse_amount
from pos.services.errors import InvalidInput, PosError
from pos.services.products import ProductForm, TierPriceRow, list_categories, load_product, save_product
from pos.services.tiers import list_tiers
from pos.ui.widgets import EnterMovesOn, amount_text, dialog_buttons, show_error

UNITS = ("pcs", "pack", "box", "kg", "gram", "liter", "botol", "bungkus", "cup", "loyang", "toples", "porsi")


def read_amount(text: str, what: str, *, required: bool = True) -> Money | None:
    """'15.000' → Money; an empty optional field → None; anything else is a clear error."""
    if not text.strip():
        if required:
            raise InvalidInput(_("{what} is missing.").format(what=what))
        return None
    if text.strip().startswith("-"):
        raise InvalidInput(_("{what} cannot be negative.").format(what=what))
    try:
        return parse_amount(text)
    except ValueError:
        raise InvalidInput(_("{what}: {text} is not an amount of rupiah.").format(what=what, text=text)) from None


def special_prices_text(product_id: int | None) -> str:
    """'Bu Sari (LG00012): Rp 12.000; …': who has their own price for the product."""
    from pos.i18n import format_money
    from pos.services.special_prices import product_special_prices

    rows = product_special_prices(product_id) if product_id else []
    if not rows:
        return _("No customer has a special price for this product.")
    return "; ".join(f"{r.customer_name} ({r.member_code}): {format_money(r.price)}" for r in rows)


def options_sold_text(product_id: int | None) -> str:
    """'Ukuran, Gula · last 90 days: Besar 12, Kurang manis 30 …': the product's options and how it sold with them."""
    from pos.i18n import format_number
    from pos.services.product_options import options_for
    from pos.services.sold_options import product_choice_figures

    if not product_id:
        return ""
    groups = ", ".join(g.name for g in options_for(product_id)) or _("none")
    sold = product_choice_figures(product_id)
    if not sold:
        return groups
    return _("{groups} · last 90 days: {sold}").format(
        groups=groups, sold=", ".join(f"{f.name} {format_number(f.quantity)}" for f in sold))


class ProductFormDialog(QDialog):
    saved = Signal(int)

    def __init__(self, product_id: int | None = None, staff_id: int | None = None, parent: QWidget | None = None,
                 *, category_id: int | None = None, picture_maker=None, owner_pin: str = "") -> None:
        super().__init__(parent)
        self.product_id, self.staff_id, self.owner_pin = product_id, staff_id, owner_pin
        self.loaded = load_product(product_id) if product_id else ProductForm(category_id=category_id)
        self.picture = self.loaded.picture
        self.picture_maker = picture_maker  # printing.pictures.counter_picture, injected to keep PIL out of here
        p = self.loaded
        self.setWindowTitle(_("Edit {name}").format(name=p.name) if product_id else _("New product"))
        self.code = QLineEdit(p.code)
        self.barcode = QLineEdit(p.barcode)
        self.barcode.setPlaceholderText(_("Scan the barcode here"))
        self.barcode_enter = EnterMovesOn(self.barcode, lambda: self.name)  # a scanner ends with Enter: not Save
        self.name = QLineEdit(p.name)
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems(UNITS)
        self.unit.setEditText(p.unit)
        self.category = QComboBox()
        for c in list_categories():
            self.category.addItem(c.name, c.id)
        self.category.setCurrentIndex(max(0, self.category.findData(p.category_id)))
        self.price = QLineEdit(amount_text(p.retail_price) if product_id else "")
        self.price.setPlaceholderText("15.000")
        self.cost = QLineEdit(amount_text(p.cost))
        self.cost.setPlaceholderText(_("optional"))
        self.recipe_button = QPushButton(_("Recipe…"))
        self.recipe_button.setToolTip(_("Compute the cost from the ingredients of a batch and the pieces it makes"))
        self.recipe_button.setEnabled(product_id is not None)
        self.labels_button = QPushButton(_("Labels…"))
        self.labels_button.setToolTip(_("Labels for packs of this product, on sticker sheets (saved product)"))
        self.labels_button.setEnabled(product_id is not None)
        self.own_barcode = QPushButton(_("Shop's own barcode"))
        self.own_barcode.setToolTip(_("A new in-store EAN-13 for a product without a barcode (for its label)"))
        self.below_cost = QLabel()
        self.below_cost.setWordWrap(True)
        self.below_cost.setStyleSheet("color: #b71c1c;")
        self.net_weight = QLineEdit(p.net_weight)
        self.net_weight.setPlaceholderText(_("e.g. 250 g"))
        self.shelf_life = QSpinBox()
        self.shelf_life.setRange(0, 3650)
        self.shelf_life.setSpecialValueText(_("not printed"))
        self.shelf_life.setSuffix(_(" days"))
        self.shelf_life.setValue(p.shelf_life_days or 0)
        self.pirt = QLineEdit(p.pirt_number)
        self.pirt.setPlaceholderText(_("P-IRT number, for home-industry food"))
        self.halal = QLineEdit(p.halal_text)
        self.halal.setPlaceholderText(_("the halal mark's text, if certified"))
        self.made_daily = QCheckBox(_("Made daily: its tray is counted at the counter"))
        self.made_daily.setChecked(p.made_daily)
        self.day_old = QSpinBox()  # yesterday's goods at this % of the price (issue #25)
        self.day_old.setRange(0, 100)
        self.day_old.setSpecialValueText(_("the category's rule"))
        self.day_old.setSuffix(" %")
        self.day_old.setValue(p.day_old_percent or 0)
        self.plu = QLineEdit(str(p.plu) if p.plu is not None else "")
        self.plu.setPlaceholderText(_("the number the scale prints (weighed goods)"))
        self.tiers = list_tiers()
        self.tier_table = QTableWidget(0, 3)
        self.tier_table.setHorizontalHeaderLabels([_("Tier"), _("From (units)"), _("Price")])
        self.tier_table.horizontalHeader().setStretchLastSection(True)
        self.tier_table.setMinimumHeight(130)
        self.tier_table.setColumnWidth(0, 140)
        self.tier_table.setColumnWidth(1, 140)
        for row in p.tier_prices:
            self.add_tier_row(row.tier, str(row.min_qty), amount_text(row.price))
        self.add_tier_button = QPushButton(_("Add a tier price"))
        self.remove_tier_button = QPushButton(_("Remove"))
        tier_buttons = QHBoxLayout()
        tier_buttons.addWidget(self.add_tier_button)
        tier_buttons.addWidget(self.remove_tier_button)
        tier_buttons.addStretch(1)
        tier_box = QVBoxLayout()
        tier_box.addWidget(self.tier_table)
        tier_box.addLayout(tier_buttons)
        self.active = QCheckBox(_("Sold now (shown at the till)"))
        self.active.setChecked(p.active)
        self.position = QSpinBox()
        self.position.setRange(0, 999)
        self.position.setValue(p.grid_position)
        self.picture_label = QLabel()
        self.picture_label.setFixedSize(96, 96)
        self.picture_label.setStyleSheet("border: 1px solid #bbb;")
        self.choose_picture = QPushButton(_("Choose a picture…"))
        self.clear_picture = QPushButton(_("No picture"))
        picture = QHBoxLayout()
        for w in (self.picture_label, self.choose_picture, self.clear_picture):
            picture.addWidget(w)
        picture.addStretch(1)
        self.show_picture()
        self.buttons = dialog_buttons(QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout(self)
        form.addRow(_("Code"), self.code)
        barcode_row = QHBoxLayout()
        barcode_row.addWidget(self.barcode, 1)
        barcode_row.addWidget(self.own_barcode)
        barcode_row.addWidget(self.labels_button)
        form.addRow(_("Barcode"), barcode_row)
        form.addRow(_("Name"), self.name)
        form.addRow(_("Category"), self.category)
        form.addRow(_("Unit"), self.unit)
        form.addRow(_("Retail price"), self.price)
        cost_row = QHBoxLayout()
        cost_row.addWidget(self.cost, 1)
        cost_row.addWidget(self.recipe_button)
        form.addRow(_("Cost"), cost_row)
        form.addRow(_("Tier prices"), tier_box)
        form.addRow("", self.below_cost)
        self.special_prices = QLabel(special_prices_text(product_id))
        self.special_prices.setWordWrap(True)
        self.special_prices.setToolTip(_("Set on the customer's page (owner's PIN); a special price wins over "
                                         "every tier"))
        form.addRow(_("Special prices"), self.special_prices)
        self.options_sold = QLabel(options_sold_text(product_id))  # issue #24: set on the Options tab
        self.options_sold.setWordWrap(True)
        form.addRow(_("Options"), self.options_sold)
        form.addRow(_("Place on the counter grid"), self.position)
        form.addRow(_("Net weight (label)"), self.net_weight)
        form.addRow(_("Shelf life (label)"), self.shelf_life)
        form.addRow(_("P-IRT number (label)"), self.pirt)
        form.addRow(_("Halal mark (label)"), self.halal)
        form.addRow(_("Scale number (PLU)"), self.plu)
        form.addRow(_("Trays"), self.made_daily)
        form.addRow(_("Day-old price"), self.day_old)
        form.addRow(_("Picture"), picture)
        form.addRow("", self.active)
        form.addRow(self.buttons)
        self.add_tier_button.clicked.connect(lambda: self.add_tier_row("reseller", "10", ""))
        self.remove_tier_button.clicked.connect(lambda: self.tier_table.removeRow(self.tier_table.currentRow()))
        self.choose_picture.clicked.connect(lambda: self.pick_picture())
        self.clear_picture.clicked.connect(self.drop_picture)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.own_barcode.clicked.connect(self.fill_own_barcode)
        self.recipe_button.clicked.connect(lambda: self.open_recipe())
        self.labels_button.clicked.connect(lambda: self.open_labels())
        for edit in (self.cost, self.price):
            edit.textEdited.connect(lambda _t: self.warn_below_cost())
        self.tier_table.itemChanged.connect(lambda _i: self.warn_below_cost())
        self.warn_below_cost()
        self.resize(600, 0)

    def fill_own_barcode(self) -> None:
        """The shop's next own EAN-13 in the barcode field (stored with Save)."""
        from pos.services.labels import next_instore_barcode

        if self.barcode.text().strip():
            show_error(self, _("The product has a barcode already; empty the field first."))
            return
        try:
            self.barcode.setText(next_instore_barcode())
        except PosError as exc:
            show_error(self, str(exc))

    def warn_below_cost(self) -> None:
        """Say which of the prices typed (retail, tiers) or set for customers are under the cost."""
        from pos.services.costs import below_cost_prices, below_cost_words

        try:
            cost = read_amount(self.cost.text(), _("The cost"), required=False)
            retail = read_amount(self.price.text(), _("The retail price"), required=False)
            rows = self.form().tier_prices
        except (InvalidInput, AttributeError):
            return  # a half-typed amount: the warning waits for a number
        found = below_cost_prices(self.product_id, cost, tuple((r.tier, r.min_qty, r.price) for r in rows),
                                  retail) if cost is not None else []
        self.below_cost.setText(below_cost_words(found))
        self.below_cost.setVisible(bool(found))

    def open_labels(self, exec_: bool = True):
        """Labels of the product as saved (its barcode, weight and dates as stored)."""
        from pos.ui.labels_dialog import LabelsDialog

        dialog = LabelsDialog(self.loaded.code, self.loaded.name, self)
        if exec_:
            dialog.open()
        return dialog

    def open_recipe(self, exec_: bool = True):
        """The recipe editor; a saved recipe writes the cost, shown here at once."""
        from pos.ui.recipe_dialog import RecipeDialog

        dialog = RecipeDialog(self.product_id, owner_pin=self.owner_pin, staff_id=self.staff_id, parent=self)
        dialog.saved.connect(lambda cost: (self.cost.setText(amount_text(cost)), self.warn_below_cost()))
        if exec_:
            dialog.exec()
        return dialog

    def add_tier_row(self, tier: str, min_qty: str, price: str) -> None:
        row = self.tier_table.rowCount()
        self.tier_table.insertRow(row)
        combo = QComboBox()
        for t in self.tiers:
            combo.addItem(t.name, t.code)
        combo.setCurrentIndex(max(0, combo.findData(tier)))
        self.tier_table.setCellWidget(row, 0, combo)
        self.tier_table.setItem(row, 1, QTableWidgetItem(min_qty))
        self.tier_table.setItem(row, 2, QTableWidgetItem(price))

    def set_tier_row(self, row: int, tier: str, min_qty: str, price: str) -> None:
        combo = self.tier_table.cellWidget(row, 0)
        combo.setCurrentIndex(max(0, combo.findData(tier)))
        self.tier_table.item(row, 1).setText(min_qty)
        self.tier_table.item(row, 2).setText(price)

    def show_picture(self) -> None:
        pixmap = QPixmap()
        if self.picture and pixmap.loadFromData(self.picture):
            self.picture_label.setPixmap(pixmap.scaled(96, 96))
        else:
            self.picture_label.setText(_("none"))

    def pick_picture(self, path: str | None = None) -> None:
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(self, _("Picture for the counter button"), str(Path.home()),
                                                        _("Pictures (*.png *.jpg *.jpeg *.bmp *.gif *.webp)"))
            if not path:
                return
        try:
            self.picture = self.picture_maker(Path(path).read_bytes())
        except (OSError, ValueError) as exc:
            show_error(self, _("{file} cannot be used as a picture: {reason}").format(file=Path(path).name,
                                                                                     reason=exc))
            return
        self.picture_label.clear()
        self.show_picture()

    def drop_picture(self) -> None:
        self.picture = None
        self.picture_label.clear()
        self.show_picture()

    def form(self) -> ProductForm:
        """What the form says, or InvalidInput naming the field that is wrong."""
        rows = []
        for r in range(self.tier_table.rowCount()):
            tier = self.tier_table.cellWidget(r, 0).currentData()
            qty_text = (self.tier_table.item(r, 1).text() if self.tier_table.item(r, 1) else "").strip()
            price_text = self.tier_table.item(r, 2).text() if self.tier_table.item(r, 2) else ""
            try:
                min_qty = Quantity.of(qty_text.replace(",", "."))
            except (ValueError, ArithmeticError):
                raise InvalidInput(_("{text} is not a quantity.").format(text=qty_text or "-")) from None
            rows.append(TierPriceRow(tier, min_qty, read_amount(price_text, _("The price"))))
        return replace(
            self.loaded, code=self.code.text(), barcode=self.barcode.text(), name=self.name.text(),
            category_id=self.category.currentData(), unit=self.unit.currentText(),
            retail_price=read_amount(self.price.text(), _("The retail price")),
            cost=read_amount(self.cost.text(), _("The cost"), required=False), tier_prices=tuple(rows),
            active=self.active.isChecked(), grid_position=self.position.value(), picture=self.picture,
            net_weight=self.net_weight.text(), shelf_life_days=self.shelf_life.value() or None,
            pirt_number=self.pirt.text(), halal_text=self.halal.text(), plu=self._plu(),
            made_daily=self.made_daily.isChecked(), day_old_percent=self.day_old.value() or None)

    def _plu(self) -> int | None:
        text = self.plu.text().strip()
        if not text:
            return None
        if not text.isdigit():
            raise InvalidInput(_("The scale number is 1 to 99999."))
        return int(text)

    def save(self) -> None:
        try:
            self.product_id = save_product(self.form(), self.product_id, owner_pin=self.owner_pin,
                                           staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))  # the form stays open; nothing was stored
            return
        self.saved.emit(self.product_id)
        self.accept()
