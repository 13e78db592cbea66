"""The back office's lists of customer groups and of how customers found the shop: add, rename, order,
retire (and bring back), delete one nothing uses. The services check the owner's PIN."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QInputDialog, QLabel, QPushButton, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from pos.i18n import _
from pos.services import customer_lists
from pos.services.customer_lists import SEGMENTS, SOURCES, ListEntry
from pos.services.errors import PosError
from pos.ui.widgets import read_only_table, show_error


class ListPanel(QGroupBox):
    """One list (groups or sources) with its buttons."""

    def __init__(self, kind: str, title: str, owner_pin: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.kind, self.owner_pin = kind, owner_pin
        used = [_("Customers"), _("Promotions")] if kind == SEGMENTS else [_("Customers")]
        self.table = read_only_table([_("Name"), *used, _("State")])
        self.add_button = QPushButton(_("Add…"))
        self.rename_button = QPushButton(_("Rename…"))
        self.up_button = QPushButton("▲")
        self.down_button = QPushButton("▼")
        self.up_button.setToolTip(_("Earlier in the lists"))
        self.down_button.setToolTip(_("Later in the lists"))
        self.retire_button = QPushButton(_("Retire"))
        self.delete_button = QPushButton(_("Delete"))
        buttons = QHBoxLayout()
        for b in (self.add_button, self.rename_button, self.up_button, self.down_button, self.retire_button,
                  self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(lambda: self.add())
        self.rename_button.clicked.connect(lambda: self.rename())
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        self.retire_button.clicked.connect(self.toggle_retired)
        self.delete_button.clicked.connect(self.delete)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        self.rows: list[ListEntry] = customer_lists.list_entries(self.kind)
        self.table.setRowCount(len(self.rows))
        for i, e in enumerate(self.rows):
            counts = [e.customers, e.promotions] if self.kind == SEGMENTS else [e.customers]
            state = _("retired") if e.retired else _("offered")
            for col, text in enumerate((e.name, *map(str, counts), state)):
                item = QTableWidgetItem(text)
                if e.retired:
                    item.setForeground(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
                self.table.setItem(i, col, item)
            if e.code == select:
                self.table.selectRow(i)
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def names(self) -> list[str]:
        """What the list shows, retired ones marked (for a glance and for tests)."""
        return [customer_lists.shown_name(e.name, e.retired) for e in self.rows]

    def select(self, name: str) -> None:
        for i, e in enumerate(self.rows):
            if e.name == name:
                self.table.selectRow(i)

    def selected(self) -> ListEntry | None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows) or not self.table.selectedItems():
            show_error(self, _("Choose one in the list first."))
            return None
        return self.rows[row]

    def _update_buttons(self) -> None:
        row = self.table.currentRow()
        entry = self.rows[row] if 0 <= row < len(self.rows) and self.table.selectedItems() else None
        self.retire_button.setText(_("Bring back") if entry is not None and entry.retired else _("Retire"))
        self.delete_button.setEnabled(entry is None or not entry.used)

    def _run(self, work, select: str | None = None) -> None:
        try:
            result = work()
        except PosError as exc:
            show_error(self, str(exc))  # nothing was changed
            return
        self.refresh(select or (result if isinstance(result, str) else None))

    def add(self, name: str | None = None) -> None:
        if name is None:
            name, ok = QInputDialog.getText(self, self.title(), _("Name"))
            if not ok:
                return
        self._run(lambda: customer_lists.add_entry(self.kind, name, owner_pin=self.owner_pin))

    def rename(self, name: str | None = None) -> None:
        e = self.selected()
        if e is None:
            return
        if name is None:
            name, ok = QInputDialog.getText(self, _("Rename"), _("Name"), text=e.name)
            if not ok:
                return
        self._run(lambda: customer_lists.rename_entry(self.kind, e.code, name, owner_pin=self.owner_pin), e.code)

    def move(self, step: int) -> None:
        e = self.selected()
        if e is not None:
            self._run(lambda: customer_lists.move_entry(self.kind, e.code, step, owner_pin=self.owner_pin), e.code)

    def toggle_retired(self) -> None:
        e = self.selected()
        if e is not None:
            self._run(lambda: customer_lists.set_entry_retired(self.kind, e.code, not e.retired,
                                                               owner_pin=self.owner_pin), e.code)

    def delete(self) -> None:
        e = self.selected()
        if e is not None:
            self._run(lambda: customer_lists.delete_entry(self.kind, e.code, owner_pin=self.owner_pin))


class ListsTab(QWidget):
    def __init__(self, owner_pin: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.segments = ListPanel(SEGMENTS, _("Customer groups"), owner_pin, self)
        self.sources = ListPanel(SOURCES, _("How customers found the shop"), owner_pin, self)
        panels = QHBoxLayout()
        panels.addWidget(self.segments, 1)
        panels.addWidget(self.sources, 1)
        note = QLabel(_("A retired group or source stays on the customers who have it and in the reports, "
                        "but is no longer offered for a new customer or a new promotion. "
                        "Only one nothing uses can be deleted."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(panels, 1)
        layout.addWidget(note)

    def refresh(self) -> None:
        self.segments.refresh()
        self.sources.refresh()
