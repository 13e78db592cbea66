"""The back office's options: groups of choices (Ukuran, Gula, Es, Tambahan…) with their prices, defaults,
how few and how many may be chosen, and the products or categories they are offered with (issue #24)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from pos.i18n import _, format_money
from pos.money import Money, parse_amount
from pos.services.errors import PosError
from pos.services.product_options import (ChoiceForm, GroupForm, GroupRow, list_option_groups, move_option_group,
                                          remove_option_group, save_option_group)
from pos.services.products import list_categories, list_products
from pos.ui.widgets import show_error

NAME, PRICE, DEFAULT, OFFERED = range(4)


class OptionsTab(QWidget):
    """Groups on the left (in the till's order), the chosen group's form on the right."""

    def __init__(self, owner_pin: str, staff_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner_pin, self.staff_id = owner_pin, staff_id
        self.rows: list[GroupRow] = []
        self.editing: int | None = None
        self.groups = QListWidget()
        self.groups.currentRowChanged.connect(self._show_group)
        self.new_button, self.up_button, self.down_button, self.remove_button = (
            QPushButton(), QPushButton(), QPushButton(), QPushButton())
        self.new_button.clicked.connect(self.new_group)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        self.remove_button.clicked.connect(self.remove)
        left = QVBoxLayout()
        left.addWidget(self.groups, 1)
        row = QHBoxLayout()
        for button in (self.new_button, self.up_button, self.down_button, self.remove_button):
            row.addWidget(button)
        left.addLayout(row)

        self.name = QLineEdit()
        self.min_choices, self.max_choices = QSpinBox(), QSpinBox()
        self.min_choices.setRange(0, 20)
        self.max_choices.setRange(1, 20)
        self.choices = QTableWidget(0, 4)
        self.choices.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.choices.horizontalHeader().setStretchLastSection(False)
        self.choices.setColumnWidth(NAME, 200)
        self.add_choice_button = QPushButton()
        self.add_choice_button.clicked.connect(lambda: self.add_choice())
        self.products = QListWidget()
        self.categories = QListWidget()
        for box in (self.products, self.categories):
            box.setMaximumHeight(150)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.form = QFormLayout()
        self.form_labels = [QLabel() for _ in range(6)]
        for label, field in zip(self.form_labels, (self.name, self.min_choices, self.max_choices, self.choices,
                                                   self.categories, self.products)):
            self.form.addRow(label, field)
        right = QVBoxLayout()
        right.addLayout(self.form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_choice_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 2)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.new_button.setText(_("New group"))
        self.up_button.setText(_("Up"))
        self.down_button.setText(_("Down"))
        self.remove_button.setText(_("Remove"))
        self.add_choice_button.setText(_("Add a choice"))
        self.save_button.setText(_("Save group"))
        self.choices.setHorizontalHeaderLabels([_("Choice"), _("Price +"), _("Default"), _("Offered")])
        for label, text in zip(self.form_labels, (_("Group"), _("At least"), _("At most"), _("Choices"),
                                                  _("For categories"), _("For products"))):
            label.setText(text)

    def refresh(self, select: int | None = None) -> None:
        self.rows = list_option_groups()
        self._fill_targets()
        self.groups.blockSignals(True)
        self.groups.clear()
        for r in self.rows:
            where = ", ".join(r.categories + r.products) or _("not offered yet")
            self.groups.addItem(QListWidgetItem(f"{r.name} · {where}"))
        self.groups.blockSignals(False)
        ids = [r.id for r in self.rows]
        if select in ids:
            self.groups.setCurrentRow(ids.index(select))
        elif self.rows:
            self.groups.setCurrentRow(0)
        else:
            self.new_group()

    def _fill_targets(self) -> None:
        self.products.clear()
        for p in list_products(include_inactive=False):
            item = QListWidgetItem(f"{p.name} ({p.code})")
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.products.addItem(item)
        self.categories.clear()
        for c in list_categories():
            item = QListWidgetItem(c.name)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.categories.addItem(item)

    def _show_group(self, index: int) -> None:
        if not 0 <= index < len(self.rows):
            return
        r = self.rows[index]
        self.editing = r.id
        self.name.setText(r.name)
        self.min_choices.setValue(r.min_choices)
        self.max_choices.setValue(r.max_choices)
        self.choices.setRowCount(0)
        for c in r.choices:
            self.add_choice(c)
        self._check(self.products, set(r.product_ids))
        self._check(self.categories, set(r.category_ids))

    @staticmethod
    def _check(box: QListWidget, ids: set[int]) -> None:
        for i in range(box.count()):
            item = box.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in ids
                               else Qt.CheckState.Unchecked)

    @staticmethod
    def _checked(box: QListWidget) -> tuple[int, ...]:
        return tuple(box.item(i).data(Qt.ItemDataRole.UserRole) for i in range(box.count())
                     if box.item(i).checkState() == Qt.CheckState.Checked)

    def new_group(self) -> None:
        self.editing = None
        self.groups.clearSelection()
        self.name.clear()
        self.min_choices.setValue(1)
        self.max_choices.setValue(1)
        self.choices.setRowCount(0)
        self._check(self.products, set())
        self._check(self.categories, set())
        self.name.setFocus()

    def add_choice(self, choice: ChoiceForm | None = None) -> None:
        row = self.choices.rowCount()
        self.choices.insertRow(row)
        name = QTableWidgetItem(choice.name if choice else "")
        name.setData(Qt.ItemDataRole.UserRole, choice.id if choice else None)
        self.choices.setItem(row, NAME, name)
        price = choice.price if choice else Money(0)
        self.choices.setItem(row, PRICE, QTableWidgetItem(format_money(price) if price.minor else ""))
        for col, on in ((DEFAULT, bool(choice and choice.default)), (OFFERED, not choice or choice.active)):
            box = QCheckBox()
            box.setChecked(on)
            self.choices.setCellWidget(row, col, box)

    def form_value(self) -> GroupForm:
        choices = []
        for row in range(self.choices.rowCount()):
            name = self.choices.item(row, NAME)
            text = name.text().strip() if name else ""
            if not text:
                continue  # an empty row is no choice
            price_text = (self.choices.item(row, PRICE).text() if self.choices.item(row, PRICE) else "").strip()
            choices.append(ChoiceForm(text, parse_amount(price_text) if price_text else Money(0),
                                      self.choices.cellWidget(row, DEFAULT).isChecked(),
                                      self.choices.cellWidget(row, OFFERED).isChecked(),
                                      name.data(Qt.ItemDataRole.UserRole)))
        return GroupForm(self.name.text(), tuple(choices), self.min_choices.value(), self.max_choices.value(),
                         self._checked(self.products), self._checked(self.categories))

    def save(self) -> bool:
        try:
            form = self.form_value()
            group = save_option_group(form, self.editing, owner_pin=self.owner_pin, staff_id=self.staff_id)
        except ValueError:
            show_error(self, _("Type a price like 5.000."))
            return False
        except PosError as exc:
            show_error(self, str(exc))
            return False
        self.refresh(select=group)
        return True

    def move(self, step: int) -> None:
        if self.editing is None:
            return
        try:
            move_option_group(self.editing, step, owner_pin=self.owner_pin)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.refresh(select=self.editing)

    def remove(self) -> None:
        if self.editing is None:
            return
        try:
            remove_option_group(self.editing, owner_pin=self.owner_pin, staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.refresh()
