"""The back office's Activity tab: the owner's eyes on the till. Every drawer opened without a sale, manual price,
removed scanned item, void, refund, export of phone numbers, burst of wrong PINs and lock-out of a day, with who
did it and who approved it; filtered by till, person and kind."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pos.domain.activity import KINDS
from pos.i18n import _, activity_kind_words
from pos.printing.activity import activity_rows
from pos.services.activity import activity_choices, list_activity
from pos.services.errors import PosError
from pos.services.clock import today as shop_today
from pos.ui.widgets import fill_table, read_only_table, show_error


class ActivityTab(QWidget):
    def __init__(self, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.today = today or shop_today()
        self.day = QDateEdit(QDate(self.today))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.day.setMaximumDate(QDate(self.today))
        self.till, self.person, self.kind = QComboBox(), QComboBox(), QComboBox()
        self.kind.addItem(_("All kinds"), None)
        for kind in KINDS:
            self.kind.addItem(activity_kind_words(kind), kind)
        self.table = read_only_table([_("Time"), _("Till"), _("Kind"), _("Who"), _("Approved by"), _("Details")])
        self.count = QLabel()
        filters = QHBoxLayout()
        for label, widget in ((_("Day"), self.day), (_("Till"), self.till), (_("Person"), self.person),
                              (_("Kind"), self.kind)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.rows: tuple = ()
        self._filling = False
        self.day.dateChanged.connect(lambda _d: self.refresh())
        for combo in (self.till, self.person, self.kind):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.refresh()  # what happened at the till while the back office was open

    def _fill_choices(self, day: dt.date) -> None:
        choices = activity_choices(day)
        self._filling = True
        for combo, everyone, values in ((self.till, _("All tills"), choices.tills),
                                        (self.person, _("Everyone"), choices.people)):
            chosen = combo.currentData()
            combo.clear()
            combo.addItem(everyone, None)
            for value in values:
                combo.addItem(value, value)
            if chosen is not None and combo.findData(chosen) < 0:
                combo.addItem(chosen, chosen)  # kept, though nothing of it shows on this day
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen is not None else 0)
        self._filling = False

    def refresh(self) -> None:
        if self._filling:
            return
        day = self.day.date().toPython()
        try:
            self._fill_choices(day)
            self.rows = list_activity(day, till=self.till.currentData(), person=self.person.currentData(),
                                      kind=self.kind.currentData())
        except PosError as exc:
            show_error(self, str(exc))
            return
        fill_table(self.table, activity_rows(self.rows))
        self.count.setText(_("Actions: {n}").format(n=len(self.rows)))
