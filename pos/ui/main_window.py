"""The main window. Until the cashier screen lands it shows the shop and its price list."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (QHeaderView, QLabel, QMainWindow, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from pos.i18n import _, format_money, format_number
from pos.services.catalog import PriceRow, price_list
from pos.services.db import DatabaseInfo
from pos.services.info import shop_info
from pos.settings import MachineSettings


class MainWindow(QMainWindow):
    def __init__(self, database: DatabaseInfo, settings: MachineSettings) -> None:
        super().__init__()
        self.database = database
        self.settings = settings
        self.title = QLabel()
        self.title.setObjectName("shopTitle")
        self.title.setStyleSheet("font-size: 22pt; font-weight: 600;")
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("background: #fff3cd; padding: 8px; border-radius: 4px;")
        self.prices = QTableWidget(0, 6)
        self.prices.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.prices.verticalHeader().setVisible(False)
        self.prices.setAlternatingRowColors(True)
        self.prices.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        body = QWidget()
        layout = QVBoxLayout(body)
        for widget in (self.title, self.subtitle, self.notice, self.prices):
            layout.addWidget(widget)
        self.setCentralWidget(body)
        self.resize(1000, 680)
        if settings["window_geometry"]:
            self.restoreGeometry(QByteArray.fromBase64(settings["window_geometry"].encode()))
        self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        """Remember where the window was, for the next start on this till."""
        self.settings.set("window_geometry", bytes(self.saveGeometry().toBase64()).decode())
        try:
            self.settings.save()
        except OSError:
            pass  # a read-only config folder must not stop the program from closing
        super().closeEvent(event)

    def refresh(self) -> None:
        self.retranslate()
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

    @staticmethod
    def _cells(row: PriceRow) -> list[str]:
        reseller = ", ".join(
            _("≥ {qty}: {price}").format(price=format_money(price), qty=format_number(qty))
            for qty, price in row.reseller_prices
        )
        regular = format_money(row.regular_price) if row.regular_price is not None else ""
        return [row.code, row.name, row.category, format_money(row.retail_price), regular, reseller]

    def retranslate(self) -> None:
        info = shop_info(self.database, self.settings["till_id"])
        self.setWindowTitle(_("Langganan — {shop}").format(shop=info.shop_name or _("new shop")))
        self.title.setText(info.shop_name or _("New shop"))
        self.subtitle.setText(
            _("Till {till} · {customers} customers · {products} products · database {url}").format(
                till=info.till_id, customers=format_number(info.counts["customers"]),
                products=format_number(info.counts["products"]), url=info.database)
        )
        self.notice.setText(_("The cashier screen is not part of this version yet. Below is the price list "
                              "the till will use: retail, regular-customer and reseller prices."))
        self.prices.setHorizontalHeaderLabels(
            [_("Code"), _("Product"), _("Category"), _("Retail"), _("Regular"), _("Reseller")]
        )
