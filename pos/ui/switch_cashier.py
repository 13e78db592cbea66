"""Handing the till to another cashier without closing the program: the shift stays open, the next cashier types
their PIN, and what they sell is recorded as theirs. Log out leaves the till on the PIN screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.i18n import _
from pos.services.errors import PosError
from pos.services.staff import Staff, log_in
from pos.ui.widgets import BIG, big_button, show_error


class SwitchCashierDialog(QDialog):
    """The next cashier's PIN (Enter: switch), Log out, or Esc to stay."""

    LOG_OUT = 2  # done() code: back to the PIN screen, the shift open

    def __init__(self, till_id: str, current: str, parked: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.till_id = till_id
        self.setWindowTitle(_("Switch cashier"))
        self.staff: Staff | None = None
        lines = [_("{who} hands over the till. The shift stays open; the cash is counted at Close shift.").format(
            who=current)]
        if parked:
            lines.append(_("The sale in progress is parked: resume it with F10."))
        self.text = QLabel("\n".join(lines))
        self.text.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(6)
        self.pin.setStyleSheet(BIG)
        self.pin.setPlaceholderText(_("The next cashier's PIN"))
        self.switch_button = big_button(_("Switch (Enter)"), color="#1565c0")
        self.switch_button.setDefault(True)
        self.logout_button = big_button(_("Log out"))
        self.cancel_button = big_button(_("Cancel (Esc)"))
        for b in (self.logout_button, self.cancel_button):
            b.setAutoDefault(False)
        buttons = QHBoxLayout()
        for b in (self.switch_button, self.logout_button, self.cancel_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(QLabel(_("Next cashier")))
        layout.addWidget(self.pin)
        layout.addLayout(buttons)
        self.switch_button.clicked.connect(self.switch)
        self.logout_button.clicked.connect(lambda: self.done(self.LOG_OUT))
        self.cancel_button.clicked.connect(self.reject)
        self.setMinimumWidth(480)
        self.pin.setFocus(Qt.FocusReason.OtherFocusReason)

    def switch(self) -> None:
        try:
            self.staff = log_in(self.pin.text(), self.till_id)
        except PosError as exc:  # not known, or locked for a while after too many wrong PINs
            self.pin.clear()
            show_error(self, str(exc), focus=self.pin)
            return
        self.accept()
