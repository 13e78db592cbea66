"""The shop's price list: retail, regular-customer and reseller prices (F12 at the till)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from pos.i18n import _, format_money, format_number
from pos.services.catalog import PriceRow, price_list


class PriceListDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Price list"))
        self.prices = QTableWidget(0, 6)
        self.prices.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.prices.verticalHeader().setVisible(False)
        self.prices.setAlternatingRowColors(True)
        self.prices.setHorizontalHeaderLabels(
            [_("Code"), _("Product"), _("Category"), _("Retail"), _("Regular"), _("Reseller")])
        layout = QVBoxLayout(self)
        layout.addWidget(self.prices)
        rows = price_list()
        self.prices.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(self._cells(row)):
                item = QTableWidgetItem(text)
                if c >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.prices.setItem(r, c, item)
        self.prices.resizeColumnsToContents()
        self.prices.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.resize(1000, 640)

    @staticmethod
    def _cells(row: PriceRow) -> list[str]:
        reseller = ", ".join(
            _("≥ {qty}: {price}").format(price=format_money(price), qty=format_number(qty))
            for qty, price in row.reseller_prices
        )
        regular = format_money(row.regular_price) if row.regular_price is not None else ""
        return [row.code, row.name, row.category, format_money(row.retail_price), regular, reseller]
