"""Who is at the till: the PIN, then the shift's opening float when no shift is open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.i18n import _
from pos.ui.style import BIG, big_button, centred

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from pos.services.staff import Staff

CENTRED_TEXT = "qproperty-alignment: AlignCenter;"  # no Qt enum on the way to the first screen (see pos.ui.style)


class LoginPage(QWidget):
    logged_in = Signal(object)  # Staff
    choose_till = Signal()  # this computer does not hold its till: the till list (pos.ui.join_server)

    def __init__(self, shop_name: str, till_id: str = "K1") -> None:
        super().__init__()
        self.till_id = till_id  # named in the activity; wrong PINs are counted for the whole shop
        self.title = QLabel(shop_name or "Langganan")
        self.title.setStyleSheet("font-size: 28pt; font-weight: 700;" + CENTRED_TEXT)
        self.hint = QLabel()
        self.hint.setStyleSheet(CENTRED_TEXT)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(6)
        self.pin.setStyleSheet(BIG + "font-size: 24pt;")
        self.pin.setFixedWidth(260)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c; font-size: 13pt;" + CENTRED_TEXT)
        self.error.setWordWrap(True)  # what to do when this computer lost its till takes two lines
        self.error.setMinimumWidth(640)
        self.error.setMaximumWidth(760)
        self.button = big_button("", color="#1565c0")
        self.button.setFixedWidth(260)
        self.till_button = big_button("", color="#e65100")
        self.till_button.setFixedWidth(260)
        self.till_button.hide()
        self._till_problem = ""
        self.till_button.clicked.connect(self.choose_till)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for w in (self.title, self.hint, self.pin, self.error, self.button, self.till_button):
            layout.addLayout(centred(w))
        layout.addStretch(2)
        self.pin.returnPressed.connect(self.try_login)
        self.button.clicked.connect(self.try_login)
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        """The PIN field is ready for typing as soon as the page shows (no click needed)."""
        super().showEvent(event)
        self.pin.setFocus()

    def set_shop(self, name: str) -> None:
        self.title.setText(name or "Langganan")

    def set_till_problem(self, message: str) -> None:
        """This computer does not hold its till (message: what to do), or "" when it does: no PIN meanwhile."""
        blocked = bool(message)
        self.pin.setEnabled(not blocked)
        for w in (self.pin, self.hint, self.button):
            w.setVisible(not blocked)
        self.till_button.setVisible(blocked)
        if blocked or self.error.text() == self._till_problem:
            self.error.setText(message)
        self._till_problem = message

    def retranslate(self) -> None:
        self.hint.setText(_("Type your PIN and press Enter"))
        self.button.setText(_("Log in"))
        self.till_button.setText(_("Choose the till…"))

    def try_login(self) -> None:
        from pos.services.errors import PosError  # the database opens after this page shows
        from pos.services.staff import log_in

        try:
            staff: Staff = log_in(self.pin.text(), self.till_id)
        except PosError as exc:  # not known, or locked for a while after too many wrong PINs
            self.pin.clear()
            self.error.setText(str(exc))
            return
        self.pin.clear()
        self.error.clear()
        self.logged_in.emit(staff)
