"""The shop's WhatsApp messages: name, text with placeholders, and how it reads for a sample customer."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from pos.domain.messages import fill, template_problems
from pos.i18n import _
from pos.services.errors import PosError
from pos.services.shop_settings import shop_settings
from pos.services.whatsapp import delete_template, placeholder_help, save_template, templates
from pos.ui.widgets import show_error


class TemplatesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("WhatsApp messages"))
        self.list = QListWidget()
        self.list.setMaximumWidth(260)
        self.name = QLineEdit()
        self.text = QPlainTextEdit()
        self.text.setMinimumHeight(140)
        self.help = QLabel(placeholder_help())
        self.help.setWordWrap(True)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet("background: #e8f5e9; padding: 8px; border-radius: 6px")
        self.new_button = QPushButton(_("New"))
        self.save_button = QPushButton(_("Save"))
        self.delete_button = QPushButton(_("Delete"))
        self.close_button = QPushButton(_("Close"))
        form = QFormLayout()
        form.addRow(_("Name"), self.name)
        form.addRow(_("Message"), self.text)
        form.addRow("", self.help)
        form.addRow(_("Reads as"), self.preview)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.save_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        right = QVBoxLayout()
        right.addLayout(form, 1)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(right, 1)
        self.list.currentItemChanged.connect(lambda item, _old: self.show_template(item))
        self.text.textChanged.connect(self.show_preview)
        self.new_button.clicked.connect(self.new)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.close_button.clicked.connect(self.accept)
        self.editing: int | None = None
        self.resize(860, 420)
        self.load()

    def load(self, select: int | None = None) -> None:
        self.list.clear()
        for t in templates():
            item = QListWidgetItem(t.name)
            item.setData(256, t)
            self.list.addItem(item)
            if t.id == select:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)

    def show_template(self, item) -> None:
        if item is None:
            return
        t = item.data(256)
        self.editing = t.id
        self.name.setText(t.name)
        self.text.setPlainText(t.text)

    def show_preview(self) -> None:
        text = self.text.toPlainText()
        problems = template_problems(text)
        if problems:
            wrong = ", ".join(p for p in problems if p != "{")
            self.preview.setText(_("{wrong} is not a placeholder.").format(wrong=wrong) if wrong
                                 else _("A brace \"{\" is left open."))
            return
        shop = shop_settings().shop_name or _("your shop")
        self.preview.setText(fill(text, {"nama": "Bu Siti", "toko": shop, "produk_favorit": "Roti sobek",
                                         "pesanan_biasa": "Es Kopi Susu · Less sugar",
                                         "promo": _("Buy 10 get 1 free"), "stempel": "3/10"}))

    def new(self) -> None:
        self.list.clearSelection()
        self.editing = None
        self.name.clear()
        self.text.setPlainText("Halo {nama}, ")
        self.name.setFocus()

    def save(self) -> bool:
        try:
            saved = save_template(self.editing, self.name.text(), self.text.toPlainText())
        except PosError as exc:
            show_error(self, str(exc))
            return False
        self.load(select=saved)
        return True

    def confirm(self, question: str) -> bool:
        """Asks yes or no (tests put an answer here)."""
        from PySide6.QtWidgets import QMessageBox

        return QMessageBox.question(self, _("WhatsApp messages"), question) == QMessageBox.StandardButton.Yes

    def delete(self) -> None:
        if self.editing is not None and self.confirm(_("Delete the message {name}?").format(name=self.name.text())):
            delete_template(self.editing)
            self.editing = None
            self.load()
