"""The day's trays (issue #25): what was made per product (typed in, or taken from the bake plan), what sold and is
left, and the closing dialog where every leftover goes somewhere."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSpinBox,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from pos.i18n import _, format_date, format_number
from pos.money import Quantity
from pos.services import clock
from pos.services.bake_plan import bake_plan
from pos.services.errors import PosError
from pos.services.trays import TrayRow, close_trays, enter_made, trays_of_day
from pos.ui.widgets import dialog_buttons, show_error

OUTCOME_WORDS = {"carried": lambda: _("To tomorrow (day-old)"), "sold_off": lambda: _("Sold off"),
                 "taken_home": lambda: _("Taken home"), "given_away": lambda: _("Given away"),
                 "thrown_away": lambda: _("Thrown away")}


def _spin(value: int, maximum: int = 9999) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, maximum)
    box.setValue(value)
    return box


def _item(text: str) -> QTableWidgetItem:
    return QTableWidgetItem(text)


def _pieces(q: Quantity) -> int:
    return q.thousandths // 1000


class TraysDialog(QDialog):
    """Today's trays: made (editable), sold, left, sold out at; Save, From the bake plan, Close the day…"""

    def __init__(self, staff_id: int, parent=None, day: dt.date | None = None) -> None:
        super().__init__(parent)
        self.staff_id, self.day = staff_id, day or clock.today()
        self.setWindowTitle(_("Trays of {day}").format(day=format_date(self.day)))
        self.resize(720, 460)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([_("Product"), _("Made"), _("Sold"), _("Still left"), _("Sold out")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 240)
        self.plan_button = QPushButton(_("From the bake plan"))
        self.plan_button.clicked.connect(self.take_plan)
        self.close_day_button = QPushButton(_("Close the day…"))
        self.close_day_button.clicked.connect(self.close_day)
        buttons = dialog_buttons(QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.plan_button)
        row.addWidget(self.close_day_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.rows: list[TrayRow] = []
        self.load()

    def load(self) -> None:
        self.rows = trays_of_day(self.day)
        self.table.setRowCount(len(self.rows))
        closed = any(r.closed for r in self.rows)
        for i, r in enumerate(self.rows):
            self.table.setItem(i, 0, _item(r.name + (" " + _("(+{n} yesterday's)").format(n=format_number(r.day_old))
                                                     if r.day_old.thousandths else "")))
            spin = _spin(_pieces(r.made))
            spin.setEnabled(not closed)
            self.table.setCellWidget(i, 1, spin)
            self.table.setItem(i, 2, _item(format_number(Quantity(r.sold.thousandths + r.day_old_sold.thousandths))))
            left = Quantity(max(r.left.thousandths, 0) + max(r.day_old_left.thousandths, 0))
            self.table.setItem(i, 3, _item(format_number(left)))
            self.table.setItem(i, 4, _item(f"{r.sold_out_at:%H:%M}" if r.sold_out_at else ""))
        self.note.setText(_("The trays are closed.") if closed else (
            _("Type what came out of the oven; the counter shows what is left.") if self.rows else
            _("No product is marked as made daily: mark them in the back office.")))
        self.close_day_button.setEnabled(bool(self.rows) and not closed)
        self.plan_button.setEnabled(bool(self.rows) and not closed)

    def typed(self) -> dict[int, Quantity]:
        return {r.product_id: Quantity.of(self.table.cellWidget(i, 1).value()) for i, r in enumerate(self.rows)}

    def take_plan(self) -> None:
        """The made column filled from the bake plan's suggestion (pre-orders included, carried taken off)."""
        suggested = {p.product_id: p.suggestion.quantity for p in bake_plan(self.day, {})}
        for i, r in enumerate(self.rows):
            if r.product_id in suggested:
                self.table.cellWidget(i, 1).setValue(suggested[r.product_id])

    def save(self) -> None:
        try:
            enter_made(self.day, self.typed(), staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.load()

    def close_day(self) -> None:
        self.closing = ClosingDialog(self.staff_id, self.day, self)
        self.closing.finished.connect(lambda _result: self.load())
        self.closing.open()


class ClosingDialog(QDialog):
    """Each product's leftover split over the five outcomes; nothing left over is kept silently."""

    def __init__(self, staff_id: int, day: dt.date, parent=None) -> None:
        super().__init__(parent)
        self.staff_id, self.day = staff_id, day
        self.setWindowTitle(_("Closing the trays of {day}").format(day=format_date(day)))
        self.resize(900, 420)
        self.rows = [r for r in trays_of_day(day) if r.left.thousandths > 0 or r.day_old_left.thousandths > 0]
        self.table = QTableWidget(len(self.rows), 2 + len(OUTCOME_WORDS))
        self.table.setHorizontalHeaderLabels([_("Product"), _("Left over")] + [w() for w in OUTCOME_WORDS.values()])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for i, r in enumerate(self.rows):
            left = _pieces(r.left) + _pieces(r.day_old_left)
            self.table.setItem(i, 0, _item(r.name))
            self.table.setItem(i, 1, _item(str(left)))
            for j, outcome in enumerate(OUTCOME_WORDS):  # by default: yesterday's thrown away, today's carried
                start = {"carried": _pieces(r.left), "thrown_away": _pieces(r.day_old_left)}.get(outcome, 0)
                self.table.setCellWidget(i, 2 + j, _spin(start, left))
        note = QLabel(_("Every leftover goes somewhere: carried to tomorrow at the day-old price, sold off, taken "
                        "home, given away or thrown away."))
        note.setWordWrap(True)
        buttons = dialog_buttons(QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Close the trays"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def split(self) -> dict[int, dict[str, Quantity]]:
        return {r.product_id: {outcome: Quantity.of(self.table.cellWidget(i, 2 + j).value())
                               for j, outcome in enumerate(OUTCOME_WORDS)} for i, r in enumerate(self.rows)}

    def save(self) -> None:
        try:
            close_trays(self.day, self.split(), staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.accept()
