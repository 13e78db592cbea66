"""Opening a shift, cash in and out, and closing with a count by denomination."""

from __future__ import annotations

from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QFormLayout, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QRadioButton, QSpinBox, QVBoxLayout, QWidget)

from pos.domain.till import DENOMINATIONS, cash_summary
from pos.i18n import _, describe_cash_kind, format_money
from pos.money import Money, parse_amount
from pos.services.errors import PosError
from pos.services.shop_settings import shop_settings
from pos.services.till import ShiftInfo, current_shift, move_cash, open_shift
from pos.services.till_actions import close_shift_with_slip
from pos.ui.widgets import BIG, dialog_buttons, show_error


class _AmountDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.amount = QLineEdit()
        self.amount.setStyleSheet(BIG)
        self.amount.setPlaceholderText("50.000")
        self.form = QFormLayout(self)
        self.buttons = dialog_buttons(QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)

    def read_amount(self) -> Money | None:
        try:
            return parse_amount(self.amount.text() or "0")
        except ValueError:
            show_error(self, _("Type an amount like 50.000."))
            return None


class OpenShiftDialog(_AmountDialog):
    def __init__(self, till_id: str, cashier_id: int, parent: QWidget | None = None) -> None:
        super().__init__(_("Open the shift"), parent)
        self.till_id, self.cashier_id = till_id, cashier_id
        self.form.addRow(QLabel(_("Cash in the drawer at the start (opening float)")))
        self.form.addRow(_("Opening float"), self.amount)
        self.form.addRow(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.shift: ShiftInfo | None = None

    def save(self) -> None:
        amount = self.read_amount()
        if amount is None:
            return
        try:
            self.shift = open_shift(self.till_id, self.cashier_id, amount)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.accept()


class CashMoveDialog(_AmountDialog):
    def __init__(self, shift_id: int, staff_id: int, parent: QWidget | None = None) -> None:
        super().__init__(_("Cash in / out"), parent)
        self.shift_id, self.staff_id = shift_id, staff_id
        self.cash_in, self.cash_out = QRadioButton(_("Cash in")), QRadioButton(_("Cash out"))
        self.cash_out.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.cash_in)
        group.addButton(self.cash_out)
        row = QHBoxLayout()
        row.addWidget(self.cash_out)
        row.addWidget(self.cash_in)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. buying eggs, petty cash"))
        self.form.addRow(row)
        self.form.addRow(_("Amount"), self.amount)
        self.form.addRow(_("Reason"), self.reason)
        self.form.addRow(self.buttons)
        self.buttons.accepted.connect(self.save)

    def save(self) -> None:
        amount = self.read_amount()
        if amount is None:
            return
        signed = amount if self.cash_in.isChecked() else -amount
        try:
            move_cash(self.shift_id, signed, self.reason.text(), staff_id=self.staff_id)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.accept()


class CloseShiftDialog(QDialog):
    """A blind count: the drawer note by note first, then (Enter) the expected cash and the difference; the next
    Enter closes the shift. Shops that want the expected figure shown from the start say so in the settings
    (show_expected_cash)."""

    def __init__(self, till_id: str, staff_id: int, parent: QWidget | None = None, printer=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Close the shift"))
        self.info = current_shift(till_id)
        self.till_id, self.staff_id = till_id, staff_id
        self.printer = printer  # pos.ui.printer.Printer: the slip for the envelope with the cash
        self.revealed = shop_settings().show_expected_cash
        self.counts: dict[int, QSpinBox] = {}
        grid = QGridLayout()
        for i, value in enumerate(DENOMINATIONS):
            spin = QSpinBox()
            spin.setRange(0, 10_000)
            spin.setStyleSheet("font-size: 13pt;")
            spin.valueChanged.connect(self.update_figures)
            grid.addWidget(QLabel(format_money(Money(value))), i % 5, (i // 5) * 2)
            grid.addWidget(spin, i % 5, (i // 5) * 2 + 1)
            self.counts[value] = spin
        self.figures = QLabel()
        self.figures.setStyleSheet("font-size: 14pt;")
        self.bills = QLabel(self._open_bills_words())  # left open at closing time: paid later, at another shift
        self.bills.setObjectName("openBills")
        self.bills.setWordWrap(True)
        self.bills.setStyleSheet("font-size: 12pt; color: #e65100;")
        self.bills.setVisible(bool(self.bills.text()))
        self.buttons = dialog_buttons(QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.next_step)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.figures)
        layout.addWidget(self.bills)
        layout.addWidget(self.buttons)
        self.closed: ShiftInfo | None = None
        self.update_figures()
        self.counts[DENOMINATIONS[0]].setFocus()
        self.counts[DENOMINATIONS[0]].selectAll()

    @staticmethod
    def _open_bills_words() -> str:
        from pos.services.open_bills import open_bills
        from pos.ui.open_bills import bill_words

        bills = open_bills()
        if not bills:
            return ""
        return _("Open bills not paid yet ({n}):").format(n=len(bills)) + "\n" + "\n".join(
            "• " + bill_words(b) for b in bills)

    def count(self) -> dict[int, int]:
        return {value: spin.value() for value, spin in self.counts.items() if spin.value()}

    def update_figures(self) -> None:
        counted = Money(sum(v * n for v, n in self.count().items()))
        self.ok_button.setText(_("Close the shift") if self.revealed else _("Counted: show the difference"))
        if not self.revealed:  # blind: nothing to count towards
            self.figures.setText("<b>" + _("Counted {counted}").format(counted=format_money(counted)) + "</b><br>"
                                 + _("Count every note and coin, then press Enter to see what was expected."))
            return
        s = cash_summary(self.info.opening_float, [self.info.summary.movements], counted)
        diff = s.difference
        colour = "#1b5e20" if diff.minor == 0 else "#b71c1c"
        parts = [(_("Opening float"), s.opening_float)] + [(describe_cash_kind(k), m) for k, m in self.info.by_kind]
        self.figures.setText(
            "<br>".join(f"{label}: {format_money(amount)}" for label, amount in parts)  # each for what it is
            + "<br><b>" + _("Expected {expected}").format(expected=format_money(s.expected)) + "</b>"
            + "<br>" + _("Counted {counted}").format(counted=format_money(counted))
            + f"<br><b style='color:{colour}'>" + _("Difference {diff}").format(diff=format_money(diff)) + "</b>")

    def next_step(self) -> None:
        """Enter or OK: after the blind count, show expected and difference; once shown, close the shift."""
        if not self.revealed:
            self.revealed = True
            self.update_figures()
            self.ok_button.setFocus()
            return
        self.save()

    def save(self) -> None:
        try:
            printer = self.printer.config_for(self.printer.configured) if self.printer is not None else None
            done = close_shift_with_slip(self.info.id, self.count(), staff_id=self.staff_id, till_id=self.till_id,
                                         printer=printer)
        except PosError as exc:
            show_error(self, str(exc))
            return
        self.closed = done.shift
        if self.printer is not None:  # the slip, stored already; sent in the background
            self.printer.deliver(done.printed)
        self.accept()
