"""*This computer is a till of a shop that has a server*: the server's address, *Test connection*, then the shop's
tills and their state; pick a free till or add one (the owner's PIN). From the first run, from the back office
(this computer: change the server or the till) and from the PIN screen when this computer lost its till.

The first page checks on a connection of its own (``pos.services.server_check``); *Next* opens the server as the
program's database (the previous one again on *Cancel*); taking a till saves the server and the till in this
computer's settings (``pos.services.server_settings``: the password in the keyring where there is one).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from pos.i18n import _, format_datetime
from pos.services import clock, tills
from pos.services.errors import PosError
from pos.services.server_check import DEFAULT_DATABASE, DEFAULT_PORT, ServerAddress, address_of, check_server
from pos.services.computer import this_computer
from pos.services.server_settings import save_server, with_saved_password
from pos.settings import MachineSettings
from pos.ui.widgets import ask_owner_pin

GOOD, BAD = "color: #1b5e20;", "color: #b71c1c;"


def till_state_words(till: tills.TillState) -> str:
    """How a till's state reads in the list: free, this computer, in use on KASIR-2 (last seen …)."""
    if till.state == tills.FREE:
        return _("not in use")
    seen = (_("last seen {time}").format(time=format_datetime(till.last_seen, clock.zone_name()))
            if till.last_seen else _("never seen"))
    if till.state == tills.MINE:
        return _("this computer")
    if till.state == tills.IN_USE:
        return _("in use on {computer} ({seen})").format(computer=till.computer_name, seen=seen)
    return _("held by {computer}, not seen lately ({seen})").format(computer=till.computer_name, seen=seen)


class JoinServerDialog(QDialog):
    joined = Signal(str, str)  # the server's URL (with its password), the till taken

    def __init__(self, settings: MachineSettings, current_url: str, *, tills_only: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings, self.previous_url, self.tills_only = settings, current_url, tills_only
        self.url = with_saved_password(current_url) if tills_only else ""  # the server chosen (after Next)
        self.switched = False  # Next opened the server as the program's database
        self.owner_pin_provider = ask_owner_pin  # tests hand in a PIN instead of a dialog
        self.setWindowTitle(_("This computer is a till of a shop that has a server"))
        self.pages = QStackedWidget()
        self.pages.addWidget(self._server_page())
        self.pages.addWidget(self._tills_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.resize(720, 460)
        if tills_only:
            self.show_tills()

    # --- the server ------------------------------------------------------------------------------
    def _server_page(self) -> QWidget:
        page = QWidget()
        known = (address_of(with_saved_password(self.previous_url))  # changing the server: the present one shown
                 or ServerAddress("", DEFAULT_PORT, DEFAULT_DATABASE, ""))
        intro = QLabel(_("The owner set up the shop's server and gave this computer its address, a user and a "
                         "password (README: Adding a second till)."))
        intro.setWordWrap(True)
        self.host = QLineEdit(known.host)
        self.host.setPlaceholderText(_("e.g. 192.168.1.10 or kasir-server"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(known.port)
        self.database_name = QLineEdit(known.database)
        self.user = QLineEdit(known.user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setText(known.password)
        form = QFormLayout()
        form.addRow(_("Server address"), self.host)
        form.addRow(_("Port"), self.port)
        form.addRow(_("Database"), self.database_name)
        form.addRow(_("User"), self.user)
        form.addRow(_("Password"), self.password)
        self.test_button = QPushButton(_("Test connection"))
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.next_button = QPushButton(_("Next: the tills"))
        self.next_button.setEnabled(False)
        self.cancel_button = QPushButton(_("Cancel"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.test_button.clicked.connect(self.test_connection)
        self.next_button.clicked.connect(self.open_server)
        self.cancel_button.clicked.connect(self.reject)
        for field in (self.host, self.database_name, self.user, self.password):
            field.textEdited.connect(lambda _text: self.next_button.setEnabled(False))
        self.port.valueChanged.connect(lambda _value: self.next_button.setEnabled(False))
        return page

    def address(self) -> ServerAddress:
        return ServerAddress(self.host.text().strip(), self.port.value(), self.database_name.text().strip(),
                             self.user.text().strip(), self.password.text())

    def test_connection(self) -> bool:
        """Connect on a connection of its own and say what was found; Next is open only after a good test."""
        try:
            check = check_server(self.address())
        except PosError as exc:
            self._say(self.result, str(exc), ok=False)
            return False
        self._say(self.result, check.message, ok=check.ok)
        self.next_button.setEnabled(check.ok)
        return check.ok

    def open_server(self) -> None:
        """The server becomes the program's database (its schema checked), then its tills show."""
        from pos.services import db

        url = self.address().url()
        try:
            db.open_database(url)
        except PosError as exc:
            self._say(self.result, str(exc), ok=False)
            self.next_button.setEnabled(False)
            return
        self.url, self.switched = url, True
        self.show_tills()

    # --- the tills -------------------------------------------------------------------------------
    def _tills_page(self) -> QWidget:
        page = QWidget()
        self.tills_intro = QLabel()
        self.tills_intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Till"), _("Name"), _("State")])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(_("Name of a new till, e.g. Coffee bar"))
        self.add_button = QPushButton(_("Add a till…"))
        self.release_button = QPushButton(_("Release…"))
        self.release_button.setToolTip(_("Free a till whose computer is broken or gone (the owner's PIN)"))
        self.use_button = QPushButton(_("Use this till"))
        self.use_button.setDefault(True)
        self.back_button = QPushButton(_("Back"))
        self.back_button.setVisible(not self.tills_only)
        self.close_button = QPushButton(_("Cancel"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        adding = QHBoxLayout()
        adding.addWidget(self.new_name, 1)
        adding.addWidget(self.add_button)
        adding.addWidget(self.release_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.use_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.tills_intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(adding)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.use_button.clicked.connect(self.use_till)
        self.table.cellDoubleClicked.connect(lambda _row, _col: self.use_till())
        self.add_button.clicked.connect(self.add_till)
        self.release_button.clicked.connect(self.release_till)
        self.back_button.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.close_button.clicked.connect(self.reject)
        return page

    def show_tills(self, select: str | None = None) -> None:
        self.tills_intro.setText(_("The shop's tills. Pick a free one for this computer ({computer}), or add "
                                   "one.").format(computer=this_computer().name))
        self.rows = tills.list_tills()
        self.table.setRowCount(len(self.rows))
        chosen = 0
        for row, till in enumerate(self.rows):
            for col, text in enumerate((till.id, till.name, till_state_words(till))):
                item = QTableWidgetItem(text)
                if till.state in (tills.IN_USE, tills.SILENT):
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.table.setItem(row, col, item)
            if till.id == select or (select is None and till.state in (tills.MINE, tills.FREE) and not chosen):
                chosen = row
        if self.rows:
            self.table.selectRow(chosen)
        self.pages.setCurrentIndex(1)

    def selected(self) -> tills.TillState | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def use_till(self) -> None:
        till = self.selected()
        if till is None:
            self._say(self.message, _("Choose a till in the list."), ok=False)
            return
        try:
            held = tills.claim_till(till.id)
        except PosError as exc:  # held by another computer: its name and what to do
            self._say(self.message, str(exc), ok=False)
            self.show_tills(select=till.id)
            return
        self.finish(held.id)

    def add_till(self) -> None:
        pin = self.owner_pin_provider(self, _("Adding a till"))
        if pin is None:
            return
        try:
            added = tills.add_till(self.new_name.text(), owner_pin=pin)
        except PosError as exc:
            self._say(self.message, str(exc), ok=False)
            return
        self.finish(added.id)

    def release_till(self) -> None:
        till = self.selected()
        if till is None or till.free:
            self._say(self.message, _("Choose a till held by another computer."), ok=False)
            return
        pin = self.owner_pin_provider(self, _("Releasing till {till}").format(till=till.id))
        if pin is None:
            return
        try:
            tills.release_till(till.id, owner_pin=pin)
        except PosError as exc:
            self._say(self.message, str(exc), ok=False)
            return
        self.show_tills(select=till.id)
        self._say(self.message, _("Till {till} is free now.").format(till=till.id), ok=True)

    def finish(self, till_id: str) -> None:
        """Save the server and the till for the next start (only the till when the server stays), then close."""
        try:
            if self.tills_only:
                self.settings.set("till_id", till_id)
                self.settings.save()
                where = ""
            else:
                where = save_server(self.settings, self.url, till_id)
        except (OSError, ValueError) as exc:
            self._say(self.message, _("Cannot write {path}: {reason}").format(
                path=self.settings.path, reason=getattr(exc, "strerror", None) or exc), ok=False)
            return
        self.saved_in = where  # KEYRING or the settings file (tests and the screens read it)
        self.switched = False  # the server stays the program's database
        self.joined.emit(self.previous_url if self.tills_only else self.url, till_id)
        self.accept()

    def reject(self) -> None:
        """Cancel: the program's database is the one it had before Next."""
        if self.switched:
            from pos.services import db

            try:
                db.open_database(with_saved_password(self.previous_url))
            except PosError:
                pass  # the window says so at its next step; nothing was saved
            self.switched = False
        super().reject()

    @staticmethod
    def _say(label: QLabel, text: str, *, ok: bool) -> None:
        label.setText(text)
        label.setStyleSheet(GOOD if ok else BAD)

