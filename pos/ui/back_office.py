"""The back office (Ctrl+O): products, promotions, price tiers, staff and settings, for the owner only.

The owner's PIN is asked once when it opens; the services check it again for staff and
settings, so a cashier cannot reach them by any other way.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QMessageBox, QPushButton, QTabWidget, QVBoxLayout, QWidget

from pos.i18n import _
from pos.services.staff import Staff
from pos.settings import MachineSettings, resolve_url


class BackOfficeDialog(QDialog):
    def __init__(self, owner: Staff, owner_pin: str, machine: MachineSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from pos.ui.products_tab import ProductsTab
        from pos.ui.promotions_tab import PromotionsTab
        from pos.ui.settings_tab import SettingsTab
        from pos.ui.staff_tab import StaffTab
        from pos.ui.tiers_tab import TiersTab

        self.setWindowTitle(_("Back office — {name}").format(name=owner.name))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.tabs = QTabWidget()
        self.products = ProductsTab(owner.id, self, owner_pin=owner_pin)
        self.promotions = PromotionsTab(owner.id, self, owner_pin=owner_pin)
        self.tiers = TiersTab(owner_pin, owner.id, self)
        self.staff = StaffTab(owner_pin, owner.id, self)
        self.settings = SettingsTab(owner_pin, machine, self)
        for tab, label in ((self.products, _("Products")), (self.promotions, _("Promotions")),
                           (self.tiers, _("Price tiers")), (self.staff, _("Staff")), (self.settings, _("Settings"))):
            self.tabs.addTab(tab, label)
        from pos.ui.lists_tab import ListsTab

        self.lists = ListsTab(owner_pin, self)  # customer groups and sources, after the tiers
        self.tabs.insertTab(self.tabs.indexOf(self.tiers) + 1, self.lists, _("Groups and sources"))

        from pos.ui.options_tab import OptionsTab

        self.options = OptionsTab(owner_pin, owner.id, self)  # sizes, sugar, extras: after the products
        self.tabs.insertTab(self.tabs.indexOf(self.products) + 1, self.options, _("Options"))

        from pos.ui.activity_tab import ActivityTab

        self.activity = ActivityTab(self)
        self.tabs.addTab(self.activity, _("Activity"))
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.accept)
        self.copy_shop_button = QPushButton(_("Copy the shop to another database…"))  # pos db copy
        self.copy_shop_button.clicked.connect(lambda: self.open_db_copy())
        self.database_url = getattr(parent, "url", "") or resolve_url(None, machine["database_url"])
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_shop_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(buttons)
        self.tabs.currentChanged.connect(self._refresh_tab)
        self.ask_unsaved = ask_save_discard  # tests answer instead of a dialog
        self.resize(1300, 720)

    def done(self, result: int) -> None:  # noqa: D401 (Qt's name) Close, Esc and the window's ✕ all come here
        """Settings changed and not saved: ask (Save / Discard / Cancel) before they are lost."""
        if self.settings.unsaved():
            answer = self.ask_unsaved(self)
            if answer == "cancel":
                self.tabs.setCurrentWidget(self.settings)
                return
            if answer == "save" and not self.settings.save():
                self.tabs.setCurrentWidget(self.settings)  # the message says what is wrong; nothing is lost
                return
        super().done(result)

    def open_db_copy(self) -> QDialog:
        """The shop this window has open, copied into another database (the server's, or a laptop's file)."""
        from pos.ui.db_copy_dialog import DbCopyDialog

        dialog = DbCopyDialog(self.database_url, self)
        dialog.open()
        return dialog

    def _refresh_tab(self, index: int) -> None:
        """Products added on one tab show in the next (the promotion editor's product lists, the tiers' counts)."""
        tab = self.tabs.widget(index)
        if tab is self.promotions:
            self.promotions.refresh()
        elif tab is self.tiers:
            self.tiers.refresh()
        elif tab is self.lists:
            self.lists.refresh()
        elif tab is self.options:
            self.options.refresh()


def ask_save_discard(parent: QWidget) -> str:
    """'save', 'discard' or 'cancel' (Esc)."""
    box = QMessageBox(QMessageBox.Icon.Question, _("Back office"), _("Save the changes to the settings?"),
                      QMessageBox.StandardButton.NoButton, parent)
    save = box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    return {save: "save", discard: "discard"}.get(box.clickedButton(), "cancel")
