"""A product's recipe (issue #25 item 4): the ingredients of one batch with their quantities, the pieces it
makes, and the cost of a piece worked out as the owner types. Saving writes the product's cost."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from pos.i18n import _, format_money
from pos.money import Money, Quantity, line_amount
from pos.services.costs import (RecipeForm, list_ingredients, load_recipe, price_recipe, save_ingredient,
                                save_recipe)
from pos.services.errors import InvalidInput, PosError
from pos.ui.widgets import dialog_buttons, show_error


def _quantity(text: str) -> Quantity:
    try:
        return Quantity.of(text.strip())
    except (ValueError, ArithmeticError):
        raise InvalidInput(_("{text} is not a quantity.").format(text=text or "-")) from None


class NewIngredientRow(QWidget):
    """Name, unit and purchase price of an ingredient not in the list yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name, self.unit, self.price = QLineEdit(), QLineEdit("kg"), QLineEdit()
        self.name.setPlaceholderText(_("New ingredient, e.g. Tepung terigu"))
        self.unit.setMaximumWidth(70)
        self.price.setPlaceholderText(_("price per unit, e.g. 14.000"))
        self.add_button = QPushButton(_("Add to the list"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for w, stretch in ((self.name, 2), (self.unit, 0), (self.price, 1), (self.add_button, 0)):
            row.addWidget(w, stretch)


class RecipeDialog(QDialog):
    saved = Signal(object)  # the cost of one piece (Money)

    def __init__(self, product_id: int, *, owner_pin: str = "", staff_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.product_id, self.owner_pin, self.staff_id = product_id, owner_pin, staff_id
        recipe = load_recipe(product_id)
        self.setWindowTitle(_("Recipe of {name}").format(name=recipe.product))
        self.pieces = QSpinBox()
        self.pieces.setRange(1, 100000)
        self.pieces.setValue(recipe.pieces or 1)
        self.pieces.setSuffix(_(" pieces"))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Ingredient"), _("Quantity per batch"), _("Unit"), _("Amount")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 220)
        self.table.setColumnWidth(1, 130)
        self.table.setMinimumHeight(200)
        self.add_button = QPushButton(_("Add an ingredient line"))
        self.remove_button = QPushButton(_("Remove the line"))
        self.new_ingredient = NewIngredientRow()
        self.result = QLabel()
        self.result.setStyleSheet("font-weight: bold;")
        self.buttons = dialog_buttons(QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel)
        self.ingredients = list_ingredients()
        for ingredient_id, _name, _unit, quantity, _amount in recipe.items:
            self.add_line(ingredient_id, str(quantity).replace(".", ","))  # as the shop types it: 0,3
        if not recipe.items:
            self.add_line()
        buttons = QHBoxLayout()
        for w in (self.add_button, self.remove_button):
            buttons.addWidget(w)
        buttons.addStretch(1)
        form = QFormLayout()
        form.addRow(_("One batch makes"), self.pieces)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("The ingredients of one batch, at their purchase price. No stock is kept: "
                                  "this only works out what a piece costs.")))
        layout.addLayout(form)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.new_ingredient)
        layout.addWidget(self.result)
        layout.addWidget(self.buttons)
        self.pieces.valueChanged.connect(lambda _v: self.show_cost())
        self.table.itemChanged.connect(lambda _i: self.show_cost())
        self.add_button.clicked.connect(lambda: self.add_line())
        self.remove_button.clicked.connect(lambda: (self.table.removeRow(self.table.currentRow()), self.show_cost()))
        self.new_ingredient.add_button.clicked.connect(lambda: self.add_ingredient())
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.resize(640, 480)
        self.show_cost()

    def _combo(self, chosen: int | None) -> QComboBox:
        combo = QComboBox()
        combo.addItem(_("(choose)"), None)
        for i in self.ingredients:
            combo.addItem(f"{i.name} · {format_money(i.price)} / {i.unit}", i.id)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        combo.currentIndexChanged.connect(lambda _i: self.show_cost())
        return combo

    def add_line(self, ingredient_id: int | None = None, quantity: str = "") -> None:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        self.table.setCellWidget(row, 0, self._combo(ingredient_id))
        self.table.setItem(row, 1, QTableWidgetItem(quantity))
        for column in (2, 3):
            item = QTableWidgetItem("")
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.show_cost()

    def set_line(self, row: int, ingredient_id: int, quantity: str) -> None:
        combo = self.table.cellWidget(row, 0)
        combo.setCurrentIndex(max(0, combo.findData(ingredient_id)))
        self.table.item(row, 1).setText(quantity)

    def add_ingredient(self) -> int | None:
        """Store the new ingredient (the owner's PIN given when the back office opened) and offer it on every line."""
        from pos.money import parse_amount

        row = self.new_ingredient
        try:
            price = parse_amount(row.price.text())
        except ValueError:
            show_error(self, _("{text} is not an amount of rupiah.").format(text=row.price.text() or "-"))
            return None
        try:
            new_id = save_ingredient(row.name.text(), row.unit.text(), price, owner_pin=self.owner_pin,
                                     staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return None
        self.ingredients = list_ingredients()
        for r in range(self.table.rowCount()):
            chosen = self.table.cellWidget(r, 0).currentData()
            self.table.setCellWidget(r, 0, self._combo(chosen))
        row.name.clear()
        row.price.clear()
        return new_id

    def form(self) -> RecipeForm:
        items = []
        for r in range(self.table.rowCount()):
            ingredient_id = self.table.cellWidget(r, 0).currentData()
            text = self.table.item(r, 1).text() if self.table.item(r, 1) else ""
            if ingredient_id is None and not text.strip():
                continue  # an empty line
            if ingredient_id is None:
                raise InvalidInput(_("Choose the ingredient of line {n}.").format(n=r + 1))
            items.append((ingredient_id, _quantity(text)))
        return RecipeForm(self.pieces.value(), tuple(items))

    def show_cost(self) -> None:
        """Each line's amount, the batch's cost and a piece's, as typed (nothing is stored)."""
        by_id = {i.id: i for i in self.ingredients}
        self.table.blockSignals(True)
        for r in range(self.table.rowCount()):
            combo = self.table.cellWidget(r, 0)
            chosen = by_id.get(combo.currentData()) if combo is not None else None
            self.table.item(r, 2).setText(chosen.unit if chosen else "")
            try:
                quantity = _quantity(self.table.item(r, 1).text())
                amount = format_money(line_amount(quantity, chosen.price if chosen else Money(0)))
            except InvalidInput:
                amount = ""
            self.table.item(r, 3).setText(amount)
        self.table.blockSignals(False)
        try:
            cost = price_recipe(self.form())
        except PosError as exc:
            self.result.setText(str(exc))
            return
        self.result.setText(_("One batch: {batch} · {pieces} pieces · one piece costs {each}").format(
            batch=format_money(cost.batch), pieces=cost.pieces, each=format_money(cost.each)))

    def save(self) -> None:
        try:
            cost = save_recipe(self.product_id, self.form(), owner_pin=self.owner_pin, staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.saved.emit(cost.each)
        self.accept()

