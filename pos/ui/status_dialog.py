"""A promo picture for the shop's WhatsApp Status: choose a product and a promotion, see it, save it to post."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pos.i18n import _
from pos.services.errors import PosError
from pos.services.products import list_products
from pos.services.promotion_book import list_promotions
from pos.services.status_picture import save_status_picture, status_picture
from pos.ui.widgets import show_error


class StatusPictureDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, product_id: int | None = None,
                 promotion_id: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Status picture"))
        self.product = QComboBox()
        for p in list_products(include_inactive=False):
            self.product.addItem(p.name, p.id)
        self.promotion = QComboBox()
        self.promotion.addItem(_("(no promotion)"), None)
        for p in list_promotions():
            if p.state == "active":
                self.promotion.addItem(p.name, p.id)
        if product_id is not None:
            self.product.setCurrentIndex(max(0, self.product.findData(product_id)))
        if promotion_id is not None:
            self.promotion.setCurrentIndex(max(0, self.promotion.findData(promotion_id)))
        self.preview = QLabel()
        self.preview.setFixedSize(270, 480)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #ddd")
        self.note = QLabel(_("1080 × 1920, the size of a WhatsApp Status. Post it from your phone."))
        self.note.setWordWrap(True)
        self.save_button = QPushButton(_("Save and open"))
        self.close_button = QPushButton(_("Close"))
        form = QFormLayout()
        form.addRow(_("Product"), self.product)
        form.addRow(_("Promotion"), self.promotion)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.note)
        left.addStretch(1)
        left.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self.preview)
        self.product.currentIndexChanged.connect(lambda _i: self.show_picture())
        self.promotion.currentIndexChanged.connect(lambda _i: self.show_picture())
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.accept)
        self.resize(680, 520)
        self.path = None
        self.show_picture()

    def show_picture(self) -> bool:
        if self.product.currentData() is None:
            return False
        try:
            data = status_picture(self.product.currentData(), self.promotion.currentData())
        except PosError as exc:
            self.preview.clear()
            self.preview.setText(str(exc))
            self.preview.setWordWrap(True)
            self.save_button.setEnabled(False)
            return False
        pixmap = QPixmap()
        pixmap.loadFromData(data, "PNG")
        self.preview.setPixmap(pixmap.scaled(270, 480, Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation))
        self.save_button.setEnabled(True)
        return True

    def save(self) -> None:
        from pos.ui import documents

        try:
            self.path = save_status_picture(self.product.currentData(), self.promotion.currentData())
        except PosError as exc:
            show_error(self, str(exc))
            return
        if not documents.opener(QUrl.fromLocalFile(str(self.path))):
            show_error(self, _("No program opened the picture. It is saved as {path}.").format(path=self.path))
        self.note.setText(_("Saved as {path}.").format(path=self.path))
