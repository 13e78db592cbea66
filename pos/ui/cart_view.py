"""The cart as the cashier sees it: lines with their reasons, choices and stamp offers, and big totals."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from pos.domain.options import choices_text
from pos.domain.pricing import PricedCart, PricedLine
from pos.i18n import _, describe_reason, format_money, format_number
from pos.money import Money


# Flags computed once: combining Qt enums for every cell on every repaint crashed PySide6 6.12 after a
# few hundred repaints ("deallocating None", a refcount bug), see tests/perf/bench_till.py.
READ_ONLY = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
EDITABLE = READ_ONLY | Qt.ItemFlag.ItemIsEditable
RIGHT_TOP = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
MONEY_ROOM = 12  # pixels beyond the widest amount: a bold or larger font never cuts its last digit


class CartTable(QTableWidget):
    """Paid lines first (editable quantity), then free lines; every reason under its line."""

    quantity_typed = Signal(int, str)  # cart line index, text typed
    filled = Signal()  # a new cart is shown: its rows have their heights

    def __init__(self) -> None:
        super().__init__(0, 4)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)  # the top row always whole
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the item column stretches
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setStyleSheet("font-size: 12pt;")
        self.rows: list[int | None] = []  # table row -> cart line index (None: a free line)
        self.free_brush = QBrush(QColor("#2e7d32"))
        self._filling = False
        self._shown: list[tuple[tuple[str, ...], bool] | None] = []  # table row -> its texts, a free line?
        self._widths: list[tuple[int, int, int]] = []  # table row -> the widths its Qty, Price, Total cells want
        self._texts: dict[tuple, str] = {}  # formatted amounts and reasons, in the language they were made in
        self.itemChanged.connect(self._changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([_("Item"), _("Qty"), _("Price"), _("Total")])
        self._texts.clear()

    def _text(self, key: tuple, make) -> str:
        text = self._texts.get(key)
        if text is None:
            if len(self._texts) > 4096:
                self._texts.clear()
            text = self._texts[key] = make()
        return text

    def _cells(self, line: PricedLine) -> list[str]:
        notes = [self._text(("reason", r), lambda r=r: describe_reason(r.code, r.values, amount=r.amount))
                 for r in line.reasons]
        chosen = f"\n   {choices_text(line.options)}" if line.options else ""  # "Large · Less sugar · +Extra shot"
        return [line.name + chosen + "".join(f"\n   · {n}" for n in notes),
                self._text(("qty", line.quantity), lambda: format_number(line.quantity)),
                format_money(line.unit_price),  # cached by i18n
                _("FREE") if line.is_bonus else format_money(line.amount)]

    def show_cart(self, priced: PricedCart | None) -> None:
        """Only the rows that changed are drawn again: a scan adds one line to a cart of many, and the free
        lines below it move down a row unchanged."""
        self.ensurePolished()  # measured in the style sheet's font, even before the table is shown
        self._filling = True
        lines = priced.lines if priced else ()
        before = self.rowCount()
        new = [(tuple(self._cells(line)), line.is_bonus) for line in lines]
        old = self._shown
        same = min(len(old), len(new))
        head = 0
        while head < same and old[head] == new[head]:
            head += 1
        tail = 0
        while tail < same - head and old[-1 - tail] == new[-1 - tail]:
            tail += 1
        old_middle, new_middle = len(old) - head - tail, len(new) - head - tail
        if not new:
            self.setRowCount(0)
        for _row in range(new_middle - old_middle):  # rows in between: inserted above the unchanged ones
            self.insertRow(head + old_middle)
        for _row in range(old_middle - new_middle if new else 0):
            self.removeRow(head + new_middle)
        widths = []
        for row in range(head, head + new_middle):
            cells, bonus = new[row]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(EDITABLE if col == 1 and not bonus else READ_ONLY)
                if col:
                    item.setTextAlignment(RIGHT_TOP)
                if bonus:
                    item.setForeground(self.free_brush)
                self.setItem(row, col, item)
            widths.append(tuple(self.sizeHintForIndex(self.model().index(row, col)).width() for col in (1, 2, 3)))
        self._widths[head:len(old) - tail] = widths
        self._shown = new
        self.rows = [line.line_index for line in lines]
        resized = False
        for col in (1, 2, 3):  # the columns first: a row measured before them kept a wrapped price's height
            wanted = max([w[col - 1] for w in self._widths] + [self.horizontalHeader().sectionSizeHint(col)])
            wanted += (1 if self.showGrid() else 0) + MONEY_ROOM  # "Rp 1.250.000" whole, with room
            if wanted != self.columnWidth(col):
                self.setColumnWidth(col, wanted)
                resized = True
        if resized:
            self.resizeRowsToContents()
        else:
            for row in range(head, head + new_middle):
                self.resizeRowToContents(row)
        self._filling = False
        if len(lines) > before:  # a new line: in sight, at the bottom
            self.scrollToBottom()
        self.filled.emit()

    def selected_line(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _changed(self, item: QTableWidgetItem) -> None:
        if not self._filling and item.row() < len(self._shown):
            self._shown[item.row()] = None  # typed over: drawn again whatever the cart says next
        if not self._filling and item.column() == 1 and self.rows[item.row()] is not None:
            self.quantity_typed.emit(self.rows[item.row()], item.text())


class WholeRows(QWidget):
    """Holds the cart table at a height that shows whole rows only: no line is cut in half at the bottom
    (the few pixels left over stay blank below the table)."""

    def __init__(self, table: CartTable) -> None:
        super().__init__()
        self.table = table
        table.setParent(self)
        table.filled.connect(self.fit)
        table.verticalScrollBar().valueChanged.connect(lambda _v: self.fit())
        table.verticalScrollBar().rangeChanged.connect(lambda _a, _b: self.fit())
        self._fitting = False

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        if self._fitting:
            return
        self._fitting = True
        try:
            self.table.setGeometry(0, 0, self.width(), self.whole_rows_height())
        finally:
            self._fitting = False

    def whole_rows_height(self) -> int:
        table, space = self.table, self.height()
        chrome = 2 * table.frameWidth() + (table.horizontalHeader().height() if table.horizontalHeader().isVisible()
                                           else 0)
        room = space - chrome
        bar = table.verticalScrollBar()
        if bar.maximum() > 0 and bar.value() == bar.maximum():  # scrolled to the end: Qt aligns the last row
            rows = range(table.rowCount() - 1, -1, -1)  # with the bottom, so count whole rows upwards
        else:
            rows = range(max(table.rowAt(0), 0) if table.rowCount() else 0, table.rowCount())
        used = 0
        for row in rows:
            if used + table.rowHeight(row) > room:
                return chrome + used if used else space  # a row taller than the room: show what fits
            used += table.rowHeight(row)
        return space  # every row fits: the full height


class OffersPanel(QWidget):
    """A choice of free item, or a full stamp card: one tap to pick or accept."""

    chosen = Signal(int, int)  # promotion id, product id
    accepted = Signal(int, bool)  # promotion id, take it

    def __init__(self) -> None:
        super().__init__()
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[QPushButton] = []

    def show_offers(self, priced: PricedCart | None, names: dict[int, str]) -> None:
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
            elif item.layout():
                while item.layout().count():
                    inner = item.layout().takeAt(0)
                    if inner.widget():
                        inner.widget().deleteLater()
        self.buttons = []
        if priced is None:
            return
        for choice in priced.choices:
            row = QHBoxLayout()
            row.addWidget(QLabel(_("Free item, pick one:")))
            for option in choice.options:
                button = QPushButton(("✔ " if option == choice.chosen else "") + names.get(option, str(option)))
                button.setMinimumHeight(40)
                button.clicked.connect(lambda _c=False, p=choice.promotion_id, o=option: self.chosen.emit(p, o))
                row.addWidget(button)
                self.buttons.append(button)
            self.layout_.addLayout(row)
        for offer in priced.offers:
            template = (_("Stamp reward taken ({stamps} stamps) — undo") if offer.accepted
                        else _("Stamp card full ({stamps} stamps): take the reward (F5)"))
            text = template.format(stamps=offer.stamps_needed)
            button = QPushButton(text)
            button.setMinimumHeight(40)
            button.setStyleSheet("background: #2e7d32; color: white; font-weight: 600;" if not offer.accepted else "")
            button.clicked.connect(lambda _c=False, o=offer: self.accepted.emit(o.promotion_id, not o.accepted))
            self.layout_.addWidget(button)
            self.buttons.append(button)


class TotalsPanel(QWidget):
    """The details on one line, the total big below: readable from a step back."""

    KEYS = ("subtotal", "discounts", "bonus", "tax", "rounding", "total")

    def __init__(self) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.labels: dict[str, tuple[QLabel, QLabel]] = {}
        for i, key in enumerate(self.KEYS):
            name, value = QLabel(), QLabel()
            big = key == "total"
            for label in (name, value):
                label.setStyleSheet("font-size: 30pt; font-weight: 700;" if big else "font-size: 11pt;")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if big:
                grid.addWidget(name, 1, 0, 1, 4)
                grid.addWidget(value, 1, 4, 1, 6)
            else:
                grid.addWidget(name, 0, i * 2)
                grid.addWidget(value, 0, i * 2 + 1)
            self.labels[key] = (name, value)
        self.show_totals(None)

    def show_totals(self, priced: PricedCart | None) -> None:
        titles = {"subtotal": _("Subtotal"), "discounts": _("Discounts"), "bonus": _("Free items"),
                  "tax": _("Tax"), "rounding": _("Cash rounding"), "total": _("TOTAL")}
        values = {"subtotal": priced.subtotal if priced else None,
                  "discounts": -priced.discount_total if priced else None,
                  "bonus": priced.bonus_value if priced else None, "tax": priced.tax if priced else None,
                  "rounding": priced.cash_rounding if priced else None,
                  "total": (priced.cash_total if priced else None)}
        for key, (name, value) in self.labels.items():
            name.setText(titles[key])
            amount = values[key]
            value.setText(format_money(amount if amount is not None else Money(0)))
            visible = key in ("subtotal", "total") or bool(amount)
            name.setVisible(visible)
            value.setVisible(visible)

    def total_text(self) -> str:
        return self.labels["total"][1].text()
