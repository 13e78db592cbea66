"""The back office's promotions: which run now, which are coming or over; new, edit, copy, switch off."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget

from pos.domain.promotions import registry
from pos.i18n import N_, _, format_date
from pos.services import promotion_book
from pos.services.errors import PosError
from pos.ui.widgets import read_only_table, show_error

STATE_WORDS = {promotion_book.ACTIVE: ("#2e7d32", N_("running")),
               promotion_book.UPCOMING: ("#1565c0", N_("upcoming")),
               promotion_book.EXPIRED: ("#9e9e9e", N_("over")), promotion_book.OFF: ("#9e9e9e", N_("switched off"))}


class PromotionsTab(QWidget):
    def __init__(self, staff_id: int | None = None, parent: QWidget | None = None, *, owner_pin: str = "") -> None:
        super().__init__(parent)
        self.staff_id, self.owner_pin = staff_id, owner_pin  # the PIN that opened the back office
        self.table = read_only_table([_("Name"), _("Kind"), _("State"), _("From"), _("Until"), _("Priority"),
                                      _("Combines")])
        self.count = QLabel()
        self.new_button = QPushButton(_("New promotion"))
        self.edit_button = QPushButton(_("Edit"))
        self.copy_button = QPushButton(_("Copy"))
        self.toggle_button = QPushButton(_("Switch on/off"))
        self.delete_button = QPushButton(_("Delete"))
        buttons = QHBoxLayout()
        for b in (self.count, self.new_button, self.edit_button, self.copy_button, self.toggle_button,
                  self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.new_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.table.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        self.copy_button.clicked.connect(self.copy_selected)
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.refresh()

    def refresh(self) -> None:
        self.rows = promotion_book.list_promotions()
        kinds = {kind.code: kind.label for kind in registry.kinds()}
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            colour, state = STATE_WORDS[r.state]
            cells = (r.name, _(kinds.get(r.kind, r.kind)), _(state),
                     format_date(r.valid_from.date()) if r.valid_from else "-",
                     format_date(r.valid_to.date()) if r.valid_to else "-", str(r.priority),
                     _("yes") if r.stackable else _("no"))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 2:
                    item.setForeground(QColor(colour))
                self.table.setItem(i, col, item)
        self.table.resizeColumnsToContents()
        running = sum(1 for r in self.rows if r.state == promotion_book.ACTIVE)
        self.count.setText(_("{n} running").format(n=running))

    def selected(self):
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            show_error(self, _("Choose a promotion first."))
            return None
        return self.rows[row]

    def edit_selected(self) -> None:
        r = self.selected()
        if r is not None:
            self.edit(r.id)

    def edit(self, promotion_id: int | None, kind: str = "buy_x_get_y") -> None:
        from pos.ui.promotion_form import PromotionFormDialog

        try:
            self.form = PromotionFormDialog(promotion_id, self.staff_id, self, kind=kind, owner_pin=self.owner_pin)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.form.saved.connect(lambda _id: self.refresh())
        self.form.open()

    def copy_selected(self) -> None:
        r = self.selected()
        if r is None:
            return
        try:
            promotion_book.duplicate_promotion(r.id, owner_pin=self.owner_pin, staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.refresh()

    def toggle_selected(self) -> None:
        r = self.selected()
        if r is None:
            return
        try:
            promotion_book.set_promotion_active(r.id, r.state == promotion_book.OFF, owner_pin=self.owner_pin,
                                                staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.refresh()

    def delete_selected(self) -> None:
        r = self.selected()
        if r is None:
            return
        try:
            promotion_book.delete_promotion(r.id, owner_pin=self.owner_pin, staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.refresh()
