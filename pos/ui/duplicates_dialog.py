"""Likely duplicates in the book, two by two: merge them (keeping either) or leave them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTableWidgetItem, QVBoxLayout

from pos.i18n import _
from pos.services.duplicates import SAME_NUMBER, LikelyDuplicate, likely_duplicates
from pos.services.errors import PosError
from pos.services.merge import merge_customers
from pos.services.phones import display_phone
from pos.ui.tasks import Runner, TaskBar
from pos.ui.widgets import ask_owner_pin, read_only_table, show_error


def merge_two(parent, keep, gone, staff_id: int | None, *, confirm: bool = True, pin: str | None = None) -> bool:
    """Ask (unless told not to) and for the owner's PIN (unless given), then move everything of ``gone`` to
    ``keep``; True when merged."""
    if confirm:
        answer = QMessageBox.question(parent, _("Merge"), _(
            "Keep {keep} ({kcode}) and move everything of {gone} ({gcode}) to it? {gone} is then removed.")
            .format(keep=keep.name, kcode=keep.member_code, gone=gone.name, gcode=gone.member_code))
        if answer != QMessageBox.StandardButton.Yes:
            return False
    if pin is None:
        pin = ask_owner_pin(parent, _("Merging two customers"))
        if pin is None:
            return False
    try:
        merge_customers(keep.id, gone.id, owner_pin=pin, staff_id=staff_id)
    except PosError as exc:
        show_error(parent, str(exc))
        return False
    return True


def _side(s) -> str:
    return " · ".join(part for part in (s.member_code, s.name, display_phone(s.phone), s.village) if part)


class DuplicatesDialog(QDialog):
    def __init__(self, staff_id: int | None = None, parent=None) -> None:
        super().__init__(parent)
        self.staff_id = staff_id
        self.setWindowTitle(_("Likely duplicates"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.explain = QLabel(_("The same number written in another record, or nearly the same name in the same "
                                "village. Merge only when it is the same person."))
        self.explain.setWordWrap(True)
        self.table = read_only_table([_("Why"), _("Record 1"), _("Record 2")])
        self.keep_first = QPushButton(_("Merge into record 1"))
        self.keep_second = QPushButton(_("Merge into record 2"))
        self.close_button = QPushButton(_("Close"))
        self.task_bar = TaskBar()
        self.runner = Runner(self, self.task_bar)
        self.pairs: list[LikelyDuplicate] = []
        buttons = QHBoxLayout()
        for b in (self.keep_first, self.keep_second):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.task_bar)
        layout.addLayout(buttons)
        self.keep_first.clicked.connect(lambda: self.merge_selected(keep_first=True))
        self.keep_second.clicked.connect(lambda: self.merge_selected(keep_first=False))
        self.close_button.clicked.connect(self.accept)
        self.resize(960, 520)
        self.refresh()

    def refresh(self) -> None:
        """Look for the pairs off the GUI thread (seconds in a big book); the merge buttons wait for them."""
        for b in (self.keep_first, self.keep_second):
            b.setEnabled(False)
        self.runner.run(likely_duplicates, self.show_pairs, text=_("Looking for likely duplicates…"),
                        cancellable=True, cancelled=lambda: self.show_pairs(self.pairs))

    def show_pairs(self, pairs: list[LikelyDuplicate]) -> None:
        self.pairs = pairs
        self.table.setRowCount(len(self.pairs))
        for i, d in enumerate(self.pairs):
            why = _("Same number") if d.reason == SAME_NUMBER else _("Similar name, same village")
            for col, text in enumerate((why, _side(d.first), _side(d.second))):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        for b in (self.keep_first, self.keep_second):
            b.setEnabled(bool(self.pairs))
        if not self.pairs:
            self.explain.setText(_("No likely duplicates: the book is clean."))

    def merge_selected(self, keep_first: bool = True, confirm: bool = True, pin: str | None = None) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.pairs):
            show_error(self, _("Choose a pair first."))
            return
        d = self.pairs[row]
        keep, gone = (d.first, d.second) if keep_first else (d.second, d.first)
        if merge_two(self, keep, gone, self.staff_id, confirm=confirm, pin=pin):
            self.refresh()

    def done(self, result: int) -> None:
        self.runner.stop()  # the search only reads: given up
        super().done(result)
