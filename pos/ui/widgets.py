"""Small shared pieces of the window: big buttons, money labels, messages, the owner's PIN prompt."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QLabel, QLineEdit, QMessageBox,
                               QTableWidget, QVBoxLayout, QWidget)

from pos.i18n import _
from pos.ui.style import BIG, big_button  # noqa: F401 (here too for the screens that import them from here)


def show_error(parent: QWidget | None, message: str, focus: QWidget | None = None) -> None:
    """A clear message in the user's language; the caller changed nothing. When it is read (Enter, Esc or OK)
    the focus goes to ``focus``, the field at fault."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("Langganan"), message, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.button(QMessageBox.StandardButton.Ok).setText(_("OK"))
    if focus is not None:
        box.finished.connect(lambda _r: focus.setFocus(Qt.FocusReason.OtherFocusReason))
    box.open()  # non-blocking: tests and cashiers both carry on


class OwnerPinDialog(QDialog):
    """Asks for the owner's PIN for one action; the service checks it."""

    def __init__(self, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Owner's approval"))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(_("Owner's PIN"))
        self.pin.setStyleSheet(BIG)
        label = QLabel(_("{action} needs the owner's PIN.").format(action=action))
        label.setWordWrap(True)
        buttons = dialog_buttons(QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (label, self.pin, buttons):
            layout.addWidget(w)
        self.pin.setFocus(Qt.FocusReason.OtherFocusReason)


def ask_owner_pin(parent: QWidget, action: str) -> str | None:
    dialog = OwnerPinDialog(action, parent)
    return dialog.pin.text() if dialog.exec() == QDialog.DialogCode.Accepted else None


def dialog_buttons(*kinds: QDialogButtonBox.StandardButton) -> QDialogButtonBox:
    """OK / Save / Cancel in the user's language (Qt ships no Indonesian for its own buttons)."""
    box = QDialogButtonBox()
    words = {QDialogButtonBox.StandardButton.Ok: _("OK"), QDialogButtonBox.StandardButton.Save: _("Save"),
             QDialogButtonBox.StandardButton.Cancel: _("Cancel")}
    for kind in kinds:
        box.addButton(kind).setText(words.get(kind, ""))
    return box


def ask_price(parent: QWidget) -> str | None:
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getText(parent, _("Change price"), _("New price for one unit (e.g. 15.000)"))
    return text if ok else None


def choose_parked(parent: QWidget, waiting: list) -> object | None:
    """Which parked sale to resume: by the customer's name, or the order it was parked in."""
    from PySide6.QtWidgets import QInputDialog

    labels = [_("{n}. {label} ({lines} lines)").format(n=i, label=p.label or _("walk-in"), lines=p.lines)
              for i, p in enumerate(waiting, start=1)]
    text, ok = QInputDialog.getItem(parent, _("Resume"), _("Which parked sale?"), labels, 0, False)
    return waiting[labels.index(text)] if ok and text in labels else None


def amount_text(amount) -> str:
    """Money as the cashier types it back: 250.000 (empty for None)."""
    return f"{amount.minor:,}".replace(",", ".") if amount is not None else ""


def fill_table(table: QTableWidget, rows, *, right_from: int | None = None) -> None:
    """Put rows of texts in a table (columns from ``right_from`` on aligned right, for money)."""
    from PySide6.QtWidgets import QTableWidgetItem

    table.setRowCount(len(rows))
    for i, row in enumerate(rows):
        for col, text in enumerate(row):
            item = QTableWidgetItem(text)
            if right_from is not None and col >= right_from:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(i, col, item)
    table.resizeColumnsToContents()


def write_export(parent: QWidget, path: str | None, title: str, suggested: str, file_filter: str, make) -> str | None:
    """Asks where (unless ``path`` is given), writes what ``make()`` returns there; a refusal from a service or a
    folder that cannot be written is shown and nothing is kept. The path written, or None."""
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog

    from pos.services.errors import PosError
    from pos.services.files import private_if_ours

    if path is None:
        path, _filter = QFileDialog.getSaveFileName(parent, title, str(Path.home() / suggested), file_filter)
        if not path:
            return None
    try:
        Path(path).write_bytes(make())
        private_if_ours(path)  # an export kept in the data folder is as private as the database
    except PosError as exc:
        show_error(parent, str(exc))
        return None
    except OSError as exc:
        show_error(parent, _("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc))
        return None
    return path


def read_only_table(headers: list[str]) -> QTableWidget:
    """A list to read and pick rows from (whole rows selected, nothing typed over)."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)  # a row is one line high: a wrapped amount would show only its first half
    return table


class ArrowInto(QObject):
    """The down arrow in a search box moves into its results (a list or a table), on the first row."""

    def __init__(self, field: QWidget, results: QAbstractItemView) -> None:
        super().__init__(field)
        self.results = results
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down
                and self.results.isVisible() and self.results.model().rowCount()):
            self.results.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.results.selectionModel().selectedRows() and not self.results.selectedIndexes():
                self.results.setCurrentIndex(self.results.model().index(0, 0))
            return True
        return False


def no_auto_default(*buttons) -> None:
    """Enter in a field never presses these buttons (only the dialog's own default, if it has one)."""
    for button in buttons:
        button.setAutoDefault(False)


class EnterMovesOn(QObject):
    """Enter in a field (a scanner ends its code with it) moves to the next field and is eaten there: it never
    reaches the dialog's default button (Save)."""

    def __init__(self, field: QWidget, target) -> None:
        super().__init__(field)
        self.target = target  # a function giving the next field (it may be made after this one)
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.target().setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False


def with_server(parent: QWidget | None, action: str, open_it) -> bool:
    """Run ``open_it`` (a screen that reads the shop's server: the customer book, the print queue, open bills)
    unless the server is away or stops answering meanwhile: then say why ``action`` waits (never a raw database
    error) and return False."""
    from pos.services.connectivity import needs_server
    from pos.services.errors import PosError

    try:
        needs_server(action)(open_it)()
    except PosError as exc:
        show_error(parent, str(exc))
        return False
    return True
