"""The back office's staff: cashiers and owners with their PINs, and what needs the owner's PIN."""

from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget)

from pos.i18n import _
from pos.services import staff
from pos.services.errors import InvalidInput, PosError
from pos.services.shop import OWNER_ONLY, change_shop_settings
from pos.services.shop_settings import shop_settings
from pos.ui.widgets import dialog_buttons, read_only_table, show_error


def _pin_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(6)
    field.setMinimumWidth(260)  # room for "6 digits (recommended for owners)"
    field.setPlaceholderText(_("4 to 6 digits"))
    return field


class PinDialog(QDialog):
    """A name and role (for someone new) and a PIN typed twice."""

    def __init__(self, title: str, parent: QWidget | None = None, *, new_person: bool = False,
                 for_owner: bool = False) -> None:
        super().__init__(parent)
        self.for_owner = for_owner
        self.setWindowTitle(title)
        self.name = QLineEdit()
        self.role = QComboBox()
        self.role.addItem(_("Cashier"), "cashier")
        self.role.addItem(_("Owner"), "owner")
        self.pin, self.again = _pin_field(), _pin_field()
        self.buttons = dialog_buttons(QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout(self)
        if new_person:
            form.addRow(_("Name"), self.name)
            form.addRow(_("Role"), self.role)
        form.addRow(_("PIN"), self.pin)
        form.addRow(_("PIN again"), self.again)
        form.addRow(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.role.currentIndexChanged.connect(self.advise)
        self.advise()

    def advise(self) -> None:
        """Owners are offered, and advised, 6 digits: a copied file then costs days of guessing, not minutes."""
        owner = self.for_owner or self.role.currentData() == "owner"
        for field in (self.pin, self.again):
            field.setPlaceholderText(_("6 digits (recommended for owners)") if owner else _("4 to 6 digits"))

    def checked_pin(self) -> str:
        if self.pin.text() != self.again.text():
            raise InvalidInput(_("The two PINs are not the same."))
        return self.pin.text()


class StaffTab(QWidget):
    def __init__(self, owner_pin: str, staff_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner_pin, self.staff_id = owner_pin, staff_id
        self.table = read_only_table([_("Name"), _("Role"), _("Can log in")])
        self.add_button = QPushButton(_("Add a person…"))
        self.pin_button = QPushButton(_("New PIN…"))
        self.toggle_button = QPushButton(_("Deactivate / activate"))
        buttons = QHBoxLayout()
        for b in (self.add_button, self.pin_button, self.toggle_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        protections = QGroupBox(_("What needs the owner's PIN"))
        grid = QVBoxLayout(protections)
        shop = shop_settings()
        self.protection_boxes: dict[str, QCheckBox] = {}
        for label, key in OWNER_ONLY:
            if key is None:
                grid.addWidget(QLabel("• " + _(label) + " — " + _("always")))
            else:
                box = self.protection_boxes[key] = QCheckBox(_(label))
                box.setChecked(bool(getattr(shop, key)))
                box.toggled.connect(lambda on, k=key: self.protect(k, on))
                grid.addWidget(box)
        lock = QLabel(_("After {n} wrong PINs within {window} minutes, logging in waits {minutes} minutes at every "
                        "till (or approving, for wrong owner's PINs). The owner's PIN lifts the lock: log in, or "
                        "approve at a till already logged in. Owners: a 6-digit PIN is much harder to guess.")
                      .format(n=staff.LOCK_AFTER, window=staff.WINDOW_MINUTES, minutes=staff.LOCK_MINUTES))
        lock.setWordWrap(True)
        grid.addWidget(lock)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(protections)
        self.add_button.clicked.connect(lambda: self.add())
        self.pin_button.clicked.connect(lambda: self.new_pin())
        self.toggle_button.clicked.connect(self.toggle)
        self.refresh()

    def refresh(self) -> None:
        self.rows = staff.list_staff(owner_pin=self.owner_pin)
        self.table.setRowCount(len(self.rows))
        for i, s in enumerate(self.rows):
            cells = (s.name, _("Owner") if s.role == "owner" else _("Cashier"), _("yes") if s.active else _("no"))
            for col, text in enumerate(cells):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def selected(self):
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            show_error(self, _("Choose a person first."))
            return None
        return self.rows[row]

    def add(self, name: str | None = None, role: str = "cashier", pin: str | None = None) -> None:
        if name is None:
            self.dialog = PinDialog(_("Add a person"), self, new_person=True)
            self.dialog.buttons.accepted.connect(lambda: self._add_from(self.dialog))
            self.dialog.open()
            return
        self._do(lambda: staff.add_staff_member(name, role, pin or "", owner_pin=self.owner_pin))

    def _add_from(self, dialog: PinDialog) -> None:
        try:
            pin = dialog.checked_pin()
            staff.add_staff_member(dialog.name.text(), dialog.role.currentData(), pin, owner_pin=self.owner_pin)
        except PosError as exc:
            show_error(dialog, str(exc))
            return
        dialog.accept()
        self.refresh()

    def new_pin(self, pin: str | None = None) -> None:
        person = self.selected()
        if person is None:
            return
        if pin is None:
            self.dialog = PinDialog(_("New PIN for {name}").format(name=person.name), self,
                                    for_owner=person.role == "owner")

            def save() -> None:
                try:
                    staff.reset_pin(person.id, self.dialog.checked_pin(), owner_pin=self.owner_pin)
                except PosError as exc:
                    show_error(self.dialog, str(exc))
                    return
                self.dialog.accept()

            self.dialog.buttons.accepted.connect(save)
            self.dialog.open()
            return
        self._do(lambda: staff.reset_pin(person.id, pin, owner_pin=self.owner_pin))

    def toggle(self) -> None:
        person = self.selected()
        if person is not None:
            self._do(lambda: staff.set_staff_active(person.id, not person.active, owner_pin=self.owner_pin))

    def _do(self, work) -> None:
        try:
            work()
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.refresh()

    def protect(self, key: str, on: bool) -> None:
        try:
            change_shop_settings({key: on}, owner_pin=self.owner_pin)
        except PosError as exc:
            show_error(self, str(exc))
