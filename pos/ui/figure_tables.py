"""Tables of figures for the recap window: names that give way, numbers and amounts always whole."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

from pos.ui.widgets import fill_table, read_only_table


def summary_table(headers: list[str], *, numbered: bool = False) -> QTableWidget:
    """Compact rows, no row numbers (unless ``numbered``); the first column takes what room is left (a long
    name is cut short with "…"), the other columns are as wide as their widest number or amount."""
    table = read_only_table(headers)
    table.verticalHeader().setVisible(numbered)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


def make_bold(table: QTableWidget, labels: set[str]) -> None:
    """The rows whose first cell says one of ``labels`` in bold (the figures the owner looks for first)."""
    for i in range(table.rowCount()):
        if table.item(i, 0).text() in labels:
            for column in range(table.columnCount()):
                font = table.item(i, column).font()
                font.setBold(True)
                table.item(i, column).setFont(font)


def show_every_row(table: QTableWidget) -> None:
    """As high as its rows: a summary is read at a glance, never scrolled."""
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    rows = sum(table.rowHeight(i) for i in range(table.rowCount()))
    table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth())


def fill_figures(table: QTableWidget, rows, *, right_from: int = 1) -> None:
    """``fill_table`` for a summary table: numbers and amounts right-aligned; the first column stretched again
    (fitting the columns to their contents undoes the stretch)."""
    fill_table(table, rows, right_from=right_from)
    for i in range(table.rowCount()):  # a name cut short is read whole by pointing at it
        table.item(i, 0).setToolTip(table.item(i, 0).text())
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
