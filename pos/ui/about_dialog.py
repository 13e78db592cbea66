"""Info about this program and where its data is: the shop, the till, the version, the database and its folders
(what `pos info` prints), for whoever helps the shop with the computer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (QApplication, QDialog, QFormLayout, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton,
                               QVBoxLayout, QWidget)

from pos.i18n import _
from pos.services.db import DatabaseInfo
from pos.services.info import info_rows, shop_info
from pos.services.licences import installed_notices, program_licences_dir


class AboutDialog(QDialog):
    def __init__(self, database: DatabaseInfo, till_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About Langganan"))
        self.rows = info_rows(shop_info(database, till_id))
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for label, value in self.rows:
            shown = QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # a path can be copied
            shown.setWordWrap(True)
            form.addRow(label, shown)
            self.values[label] = shown
        self.copy_button = QPushButton(_("Copy all"))
        self.copy_button.setToolTip(_("For a message to whoever helps with the computer"))
        self.licences_button = QPushButton(_("Licences…"))
        self.licences_button.setToolTip(_("The software Langganan uses and the licences it is used under"))
        self.close_button = QPushButton(_("Close"))
        self.close_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.licences_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.copy_button.clicked.connect(self.copy)
        self.licences_button.clicked.connect(self.show_licences)
        self.licences: LicencesDialog | None = None
        self.close_button.clicked.connect(self.accept)
        self.setMinimumWidth(640)
        self.adjustSize()  # as tall as its lines, no empty band above the buttons

    def text(self) -> str:
        return "\n".join(f"{label}: {value}" for label, value in self.rows)

    def copy(self) -> None:
        QApplication.clipboard().setText(self.text())

    def show_licences(self) -> None:
        self.licences = LicencesDialog(self)
        self.licences.open()


class LicencesDialog(QDialog):
    """What ships with Langganan and under which licence (Qt and PySide6: LGPL-3.0), and where the texts are."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Licences"))
        folder = program_licences_dir()
        if folder.is_dir():
            where = _("The full licence texts are in {folder}.").format(folder=folder)
        else:
            where = _("The full licence texts come with each installed package.")
        self.intro = QLabel(_("Langganan uses the following software; each part keeps its own licence.") + " "
                            + where)
        self.intro.setWordWrap(True)
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QPlainTextEdit(installed_notices())
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.close_button = QPushButton(_("Close"))
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self.resize(860, 560)
