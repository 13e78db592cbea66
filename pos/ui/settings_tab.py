"""The back office's settings: the shop's (shared by every till, in the database) and this computer's
(in its settings file). Each field is made from the option's declaration: its type, default and label."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget)

from pos.i18n import N_, _, set_language
from pos.services.errors import PosError
from pos.services.setting_choices import CODED
from pos.services.shop import change_shop_settings, get_shop_settings, set_shop_logo, shop_logo
from pos.settings import MACHINE_OPTIONS, SHOP_OPTIONS, MachineSettings, Option, option
from pos.ui.code_choices import code_field
from pos.ui.widgets import show_error

ELSEWHERE = {"regular_after_purchases", "regular_after_spend", "regular_within_days",  # the tiers tab
             "protect_line_removal",  # the staff tab
             "is_demo"}
MULTILINE = {"address", "receipt_footer", "bank_accounts", "qris_text"}
MACHINE_HERE = ("language",)  # the printer has its own dialog (the status bar's Printer…); the till and the
# server their own (pos.ui.join_server): a till is held, never typed
CHOICE_WORDS = {"": N_("— (as the computer)"), "id": "Bahasa Indonesia", "en": "English",
                "nearest": N_("to the nearest"), "down": N_("down")}
MONEY_SIDE = {"currency", "phone_region", "time_zone", "cash_rounding", "cash_rounding_mode", "tax_enabled",
              "tax_name", "tax_rate", "tax_included", "bank_accounts", "qris_text", "payment_terms_days"}


def field_for(opt: Option, value):
    """The widget that edits one option, and a function reading it back."""
    if opt.type is bool:
        box = QCheckBox()
        box.setChecked(bool(value))
        return box, box.isChecked
    if opt.choices:
        combo = QComboBox()
        for choice in opt.choices:
            combo.addItem(_(CHOICE_WORDS[choice]) if choice in CHOICE_WORDS else str(choice), choice)
        combo.setCurrentIndex(max(0, combo.findData(value)))
        return combo, combo.currentData
    if opt.type is int:
        spin = QSpinBox()
        spin.setRange(opt.minimum if opt.minimum is not None else -1_000_000, 1_000_000_000)
        spin.setValue(int(value))
        return spin, spin.value
    if opt.key in MULTILINE:
        text = QPlainTextEdit(str(value))
        text.setMaximumHeight(60)
        return text, text.toPlainText
    line = QLineEdit(str(value))
    return line, line.text


class SettingsTab(QWidget):
    language_changed = Signal(str)  # this computer's language was saved: open windows speak it at once
    join_requested = Signal(bool)  # change the server (False) or only the till (True): pos.ui.join_server

    def __init__(self, owner_pin: str, machine: MachineSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner_pin, self.machine = owner_pin, machine
        shop = get_shop_settings()
        self.shop_fields: dict[str, tuple[QWidget, object]] = {}
        shop_box = QGroupBox(_("The shop (every till)"))
        money_box = QGroupBox(_("Money, tax and invoices (every till)"))
        form, money = QFormLayout(shop_box), QFormLayout(money_box)
        for opt in SHOP_OPTIONS:
            if opt.key in ELSEWHERE:
                continue
            widget, read = (code_field(opt.key, shop[opt.key]) if opt.key in CODED
                            else field_for(opt, shop[opt.key]))
            self.shop_fields[opt.key] = (widget, read)
            (money if opt.key in MONEY_SIDE else form).addRow(_(opt.label), widget)
        self.logo = QLabel()
        self.logo.setFixedHeight(80)
        self.choose_logo = QPushButton(_("Choose a logo…"))
        self.remove_logo = QPushButton(_("No logo"))
        logo = QHBoxLayout()
        for w in (self.logo, self.choose_logo, self.remove_logo):
            logo.addWidget(w)
        logo.addStretch(1)
        form.addRow(_("Logo"), logo)
        self.machine_fields: dict[str, tuple[QWidget, object]] = {}
        machine_box = QGroupBox(_("This computer"))
        mform = QFormLayout(machine_box)
        for key in MACHINE_HERE:
            opt = option(MACHINE_OPTIONS, key)
            widget, read = field_for(opt, machine[key])
            self.machine_fields[key] = (widget, read)
            mform.addRow(_(opt.label), widget)
        mform.addRow(QLabel(_("The printer, paper width and cash drawer: Printer… in the status bar.")))
        self._till_rows(mform)
        self.save_button = QPushButton(_("Save the settings"))
        self.message = QLabel()
        inner = QWidget()
        body = QVBoxLayout(inner)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(shop_box)
        left.addWidget(machine_box)
        left.addStretch(1)
        columns.addLayout(left, 1)
        columns.addWidget(money_box, 1)
        body.addLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        self.save_button.clicked.connect(self.save)
        self.choose_logo.clicked.connect(lambda: self.pick_logo())
        self.remove_logo.clicked.connect(lambda: self.set_logo(None))
        self.show_logo()

    def _till_rows(self, form: QFormLayout) -> None:
        """This computer's till and where the shop's data is, with the buttons that change them."""
        from pos.services.server_settings import current_server

        server = current_server()
        engine = "sqlite" if not server else "postgresql"
        where = (_("the server {host}, database {database}").format(host=server.host, database=server.database)
                 if server else _("this computer's own file"))
        self.till_label = QLabel(_("Till {till}, the shop's data on {where}").format(
            till=self.machine["till_id"], where=where))
        self.till_label.setWordWrap(True)
        self.server_button = QPushButton(_("Change the server…") if engine == "postgresql"
                                         else _("Join a shop's server…"))
        self.till_button = QPushButton(_("Change the till…"))
        self.till_button.setVisible(engine == "postgresql")
        buttons = QHBoxLayout()
        buttons.addWidget(self.server_button)
        buttons.addWidget(self.till_button)
        buttons.addStretch(1)
        form.addRow(_("Till"), self.till_label)
        form.addRow("", buttons)
        self.server_button.clicked.connect(lambda: self.join_requested.emit(False))
        self.till_button.clicked.connect(lambda: self.join_requested.emit(True))

    def show_logo(self) -> None:
        data = shop_logo()
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.logo.setPixmap(pixmap.scaledToHeight(76))
        else:
            self.logo.clear()
            self.logo.setText(_("none"))

    def pick_logo(self, path: str | None = None) -> None:
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(self, _("Logo"), str(Path.home()),
                                                        _("Pictures (*.png *.jpg *.jpeg *.bmp *.gif *.webp)"))
            if not path:
                return
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            show_error(self, _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc))
            return
        self.set_logo(data)

    def set_logo(self, data: bytes | None) -> None:
        try:
            set_shop_logo(data, owner_pin=self.owner_pin)
        except PosError as exc:
            show_error(self, str(exc))  # the old logo stays
            return
        self.show_logo()

    def unsaved(self) -> list[str]:
        """The keys of the fields changed since the last save (the back office asks before they are lost)."""
        shop = get_shop_settings()
        changed = [key for key, (_w, read) in self.shop_fields.items() if read() != shop[key]]
        return changed + [key for key, (_w, read) in self.machine_fields.items() if read() != self.machine[key]]

    def save(self) -> bool:
        """Every changed shop setting in one go (all or nothing), then this computer's. True when stored."""
        shop = get_shop_settings()
        changes = {key: read() for key, (_w, read) in self.shop_fields.items() if read() != shop[key]}
        machine_values = {key: read() for key, (_w, read) in self.machine_fields.items()}
        try:
            checked = {key: option(MACHINE_OPTIONS, key).parse(value) for key, value in machine_values.items()}
        except ValueError as exc:
            show_error(self, str(exc))
            return False
        try:
            if changes:
                change_shop_settings(changes, owner_pin=self.owner_pin)
        except PosError as exc:
            show_error(self, str(exc))  # nothing was stored
            return False
        old_till, old_language = self.machine["till_id"], self.machine["language"]
        for key, value in checked.items():
            self.machine.set(key, value)
        try:
            self.machine.save()
        except OSError as exc:
            show_error(self, _("Cannot write {path}: {reason}").format(path=self.machine.path,
                                                                         reason=exc.strerror or exc))
            return False
        self.message.setText(_("Saved. The new till id takes effect at the next start.")
                             if self.machine["till_id"] != old_till else _("Saved."))
        if self.machine["language"] != old_language:
            set_language(self.machine["language"])
            self.language_changed.emit(self.machine["language"])
        return True
