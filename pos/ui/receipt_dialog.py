"""The last receipt on screen, a printed copy of it, and sending it by WhatsApp.

``ReceiptPanel`` is the receipt beside the till (in place of the empty cart, never over the product grid);
``ReceiptDialog`` is the same in a window of its own (a past receipt from the customer's page).
"""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from pos.i18n import _


class ReceiptPanel(QWidget):
    print_requested = Signal()
    invoice_requested = Signal(bool)  # True: the delivery note (surat jalan)
    close_requested = Signal()

    def __init__(self, text: str = "", whatsapp_link: str | None = None, parent: QWidget | None = None, *,
                 buttons_beside: bool = False) -> None:
        """``buttons_beside``: the buttons in a column right of the text (the till's short, wide place)."""
        super().__init__(parent)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600;")
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        font = QFont("Monospace")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        self.text.setFont(font)
        self.link = whatsapp_link
        self.whatsapp = QPushButton()
        self.whatsapp.setEnabled(whatsapp_link is not None)
        self.print_button = QPushButton()
        self.invoice_button = QPushButton()
        self.delivery_button = QPushButton()
        for b in (self.invoice_button, self.delivery_button):
            b.setEnabled(False)
        self.close_button = QPushButton()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        if buttons_beside:
            column = QVBoxLayout()
            for b in (self.print_button, self.whatsapp, self.invoice_button, self.delivery_button):
                b.setMinimumHeight(40)
                column.addWidget(b)
            column.addStretch(1)
            self.close_button.setMinimumHeight(40)
            column.addWidget(self.close_button)
            row = QHBoxLayout()
            row.addWidget(self.text, 3)
            row.addLayout(column, 2)
            layout.addLayout(row, 1)
        else:
            buttons = QHBoxLayout()
            buttons.addWidget(self.print_button)
            buttons.addWidget(self.whatsapp)
            buttons.addWidget(self.close_button)
            documents = QHBoxLayout()
            documents.addWidget(self.invoice_button)
            documents.addWidget(self.delivery_button)
            layout.addWidget(self.text, 1)
            layout.addLayout(documents)
            layout.addLayout(buttons)
        self.whatsapp.clicked.connect(self.send)
        self.close_button.clicked.connect(self.close_requested.emit)
        self.print_button.clicked.connect(self.print_requested.emit)
        self.invoice_button.clicked.connect(lambda: self.invoice_requested.emit(False))
        self.delivery_button.clicked.connect(lambda: self.invoice_requested.emit(True))
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Receipt of the last sale (Esc closes it)"))
        self.whatsapp.setText(_("Send via WhatsApp"))
        self.whatsapp.setToolTip(_("Opens WhatsApp with the receipt as a message to the customer"))
        self.print_button.setText(_("Print a copy"))
        self.invoice_button.setText(_("Invoice (A4)"))
        self.delivery_button.setText(_("Delivery note"))
        for b in (self.invoice_button, self.delivery_button):
            b.setToolTip(_("For a sale to a customer from the book (a reseller, a shop)"))
        self.close_button.setText(_("Close"))

    def show_receipt(self, text: str, whatsapp_link: str | None, *, for_customer: bool = False) -> None:
        self.text.setPlainText(text)
        for b in (self.invoice_button, self.delivery_button):
            b.setEnabled(for_customer)
        self.link = whatsapp_link
        self.whatsapp.setEnabled(whatsapp_link is not None)

    def send(self) -> None:
        if self.link:
            QDesktopServices.openUrl(QUrl(self.link))


class ReceiptDialog(QDialog):
    """A receipt in its own window: the panel, closed by its button or Esc."""

    def __init__(self, text: str, whatsapp_link: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Receipt"))
        self.panel = ReceiptPanel(text, whatsapp_link, self)
        self.panel.title.hide()
        self.print_requested = self.panel.print_requested
        self.invoice_requested = self.panel.invoice_requested
        for name in ("text", "whatsapp", "print_button", "invoice_button", "delivery_button", "close_button"):
            setattr(self, name, getattr(self.panel, name))
        self.panel.close_requested.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        self.resize(380, 560)

    @property
    def link(self) -> str | None:
        return self.panel.link

    def show_receipt(self, text: str, whatsapp_link: str | None, *, for_customer: bool = False) -> None:
        self.panel.show_receipt(text, whatsapp_link, for_customer=for_customer)

    def send(self) -> None:
        self.panel.send()
