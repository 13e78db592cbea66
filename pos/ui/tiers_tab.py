"""The back office's price tiers and the rule that makes a customer a regular."""

from __future__ import annotations

from PySide6.QtWidgets import (QFormLayout, QGroupBox, QHBoxLayout, QInputDialog, QLabel, QPushButton, QSpinBox,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from pos.i18n import _
from pos.services import tiers
from pos.services.errors import PosError
from pos.services.shop import change_shop_settings
from pos.services.shop_settings import shop_settings
from pos.ui.widgets import read_only_table, show_error


class TiersTab(QWidget):
    def __init__(self, owner_pin: str, staff_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner_pin, self.staff_id = owner_pin, staff_id
        self.table = read_only_table([_("Tier"), _("Code"), _("Customers"), _("Prices")])
        self.add_button = QPushButton(_("Add…"))
        self.rename_button = QPushButton(_("Rename…"))
        self.up_button = QPushButton("▲")
        self.down_button = QPushButton("▼")
        self.delete_button = QPushButton(_("Delete"))
        buttons = QHBoxLayout()
        for b in (self.add_button, self.rename_button, self.up_button, self.down_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        shop = shop_settings()
        rule = QGroupBox(_("Who becomes a regular (Langganan) automatically"))
        self.purchases = QSpinBox()
        self.purchases.setRange(0, 1000)
        self.purchases.setValue(shop.regular_after_purchases)
        self.spend = QSpinBox()
        self.spend.setRange(0, 1_000_000_000)
        self.spend.setSingleStep(50_000)
        self.spend.setGroupSeparatorShown(True)
        self.spend.setValue(shop.regular_after_spend.minor)
        self.days = QSpinBox()
        self.days.setRange(1, 3650)
        self.days.setValue(shop.regular_within_days)
        self.save_rule_button = QPushButton(_("Save the rule"))
        form = QFormLayout(rule)
        form.addRow(_("After this many purchases (0: not by purchases)"), self.purchases)
        form.addRow(_("… or after spending, in rupiah (0: not by spending)"), self.spend)
        form.addRow(_("… within this many days"), self.days)
        form.addRow(QLabel(_("A tier the owner chose by hand for a customer is never changed by the rule.")))
        form.addRow(self.save_rule_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(rule)
        self.add_button.clicked.connect(lambda: self.add())
        self.rename_button.clicked.connect(lambda: self.rename())
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        self.delete_button.clicked.connect(self.delete)
        self.save_rule_button.clicked.connect(self.save_rule)
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        self.rows = tiers.list_tiers()
        self.table.setRowCount(len(self.rows))
        for i, t in enumerate(self.rows):
            for col, text in enumerate((t.name, t.code, str(t.customers), str(t.prices))):
                self.table.setItem(i, col, QTableWidgetItem(text))
            if t.code == select:
                self.table.selectRow(i)
        self.table.resizeColumnsToContents()

    def selected(self):
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            show_error(self, _("Choose a tier first."))
            return None
        return self.rows[row]

    def _run(self, work, select: str | None = None) -> None:
        try:
            work()
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.refresh(select)

    def add(self, name: str | None = None) -> None:
        if name is None:
            name, ok = QInputDialog.getText(self, _("New price tier"), _("Name of the tier (e.g. Grosir)"))
            if not ok:
                return
        self._run(lambda: tiers.add_tier(name, owner_pin=self.owner_pin, staff_id=self.staff_id))

    def rename(self, name: str | None = None) -> None:
        t = self.selected()
        if t is None:
            return
        if name is None:
            name, ok = QInputDialog.getText(self, _("Rename"), _("Name of the tier"), text=t.name)
            if not ok:
                return
        self._run(lambda: tiers.rename_tier(t.code, name, owner_pin=self.owner_pin, staff_id=self.staff_id), t.code)

    def move(self, step: int) -> None:
        t = self.selected()
        if t is not None:
            self._run(lambda: tiers.move_tier(t.code, step, owner_pin=self.owner_pin), t.code)

    def delete(self) -> None:
        t = self.selected()
        if t is not None:
            self._run(lambda: tiers.delete_tier(t.code, owner_pin=self.owner_pin, staff_id=self.staff_id))

    def save_rule(self) -> None:
        try:
            change_shop_settings({"regular_after_purchases": self.purchases.value(),
                                  "regular_after_spend": self.spend.value(),
                                  "regular_within_days": self.days.value()}, owner_pin=self.owner_pin)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.save_rule_button.setText(_("Saved"))
