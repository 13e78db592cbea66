"""The last receipt on screen, a printed copy of it, and sending it by WhatsApp."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from pos.i18n import _


class ReceiptDialog(QDialog):
    print_requested = Signal()
    invoice_requested = Signal(bool)  # True: the delivery note (surat jalan)

    def __init__(self, text: str, whatsapp_link: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Receipt"))
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        font = QFont("Monospace")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        self.text.setFont(font)
        self.link = whatsapp_link
        self.whatsapp = QPushButton(_("Send via WhatsApp"))
        self.whatsapp.setEnabled(whatsapp_link is not None)
        self.whatsapp.setToolTip(_("Opens WhatsApp with the receipt as a message to the customer"))
        self.print_button = QPushButton(_("Print a copy"))
        self.invoice_button = QPushButton(_("Invoice (A4)"))
        self.delivery_button = QPushButton(_("Delivery note"))
        for b in (self.invoice_button, self.delivery_button):
            b.setToolTip(_("For a sale to a customer from the book (a reseller, a shop)"))
            b.setEnabled(False)
        self.close_button = QPushButton(_("Close"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.whatsapp)
        buttons.addWidget(self.close_button)
        documents = QHBoxLayout()
        documents.addWidget(self.invoice_button)
        documents.addWidget(self.delivery_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(documents)
        layout.addLayout(buttons)
        self.whatsapp.clicked.connect(self.send)
        self.close_button.clicked.connect(self.accept)
        self.print_button.clicked.connect(self.print_requested.emit)
        self.invoice_button.clicked.connect(lambda: self.invoice_requested.emit(False))
        self.delivery_button.clicked.connect(lambda: self.invoice_requested.emit(True))
        self.resize(380, 560)

    def show_receipt(self, text: str, whatsapp_link: str | None, *, for_customer: bool = False) -> None:
        self.text.setPlainText(text)
        for b in (self.invoice_button, self.delivery_button):
            b.setEnabled(for_customer)
        self.link = whatsapp_link
        self.whatsapp.setEnabled(whatsapp_link is not None)

    def send(self) -> None:
        if self.link:
            QDesktopServices.openUrl(QUrl(self.link))
