"""The options panel: every group of a product on one compact panel, by touch or by keys (issue #24).

Keys: 1–9 pick a choice of the group in focus (a group of one choice then hands the focus to the next
group; a group of several toggles and stays), Tab and Shift+Tab move between groups, Enter adds the item,
Esc leaves it out. The defaults come preselected: a plain "as usual" is Enter (or the Add button), and
"large, less sugar" from a scan is three keys: 2 (Large), 2 (Less sugar), Enter.

A barcode scanned while the panel is open (the next item, before this one was added) is not taken as choices:
its burst of keys is undone, this item is added with the choices as they were before it (the defaults unless
the cashier picked others), and the code goes to the till as a scan (``scanned``), as if the panel had been
closed first. When this item's choices are not complete, the scan is refused with a word and nothing changes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QGridLayout, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout,
                               QWidget)

from pos.domain.options import ChosenOption, OptionError, OptionGroup, default_ids, select
from pos.i18n import _, format_money
from pos.services.product_options import option_problem
from pos.ui.key_bursts import KeyBurst

MAX_KEYS = 9
MAX_PAGES = 24  # the groups of that many products kept built: a scan shows the panel without making widgets
SHEET = ("QLabel#group { padding: 2px 6px; font-weight: 700; }"
         "QLabel#group[focused=\"true\"] { background: #ffe0b2; border-radius: 4px; }"
         "QPushButton#choice { min-height: 44px; min-width: 110px; font-size: 12pt; padding: 4px 12px;"
         " border: 1px solid #a1887f; border-radius: 4px; background: #fafafa; }"
         "QPushButton#choice:checked { background: #6d4c41; color: white; border-color: #4e342e; }")


@dataclass
class _Page:
    """One product's groups as widgets, made once and shown again for every scan of a product with them."""

    widget: QWidget
    buttons: list[list[QPushButton]]
    labels: list[QLabel]


class OptionsPanel(QDialog):
    """Asks for one product's choices; ``done_with`` is called with them when the cashier adds the item."""

    scanned = Signal(str)  # a code scanned while the panel was open, after the item was added

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.setStyleSheet(SHEET)  # once, for every page: a style sheet per button costs a scan dearly
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15pt; font-weight: 700;")
        self.pages = QStackedWidget()
        self._pages: dict[tuple, _Page] = {}
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b71c1c;")
        self.problem.setWordWrap(True)
        self.add_button = QPushButton()
        self.add_button.setDefault(False)
        self.add_button.setAutoDefault(False)
        self.add_button.setMinimumHeight(48)
        self.add_button.clicked.connect(self.accept_choices)
        self.cancel_button = QPushButton()
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setMinimumHeight(48)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.pages)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.groups: tuple[OptionGroup, ...] = ()
        self.buttons: list[list[QPushButton]] = []  # per group, its offered choices' buttons
        self.labels: list[QLabel] = []
        self.picked: set[int] = set()
        self.focus_group = 0
        self.done_with: Callable[[tuple[ChosenOption, ...]], None] | None = None
        self.burst = KeyBurst()
        self._before_burst: tuple[set[int], int] = (set(), 0)  # the choices before the burst's first key
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Options"))
        self.add_button.setText(_("Add (Enter)"))
        self.cancel_button.setText(_("Cancel (Esc)"))
        if hasattr(self, "_pages"):
            self.retranslate_pages()

    def ask(self, name: str, groups: tuple[OptionGroup, ...], done_with: Callable[[tuple[ChosenOption, ...]], None],
            picked: tuple[int, ...] | None = None) -> None:
        """Show the groups with the defaults (or ``picked``: a line being edited) chosen, and wait."""
        self.title.setText(name)
        self.done_with = done_with
        self.groups = groups
        self.picked = set(default_ids(groups) if picked is None else picked)
        self.problem.clear()
        self.burst.reset()
        page = self._pages.get(groups)
        new = page is None
        if page is None:
            page = self._pages[groups] = self._build(groups)
        self.buttons, self.labels = page.buttons, page.labels
        for group in range(len(groups)):
            self._show_picked(group)
        self.focus_group = 0
        self._show_focus()
        if new or self.pages.currentWidget() is not page.widget:
            self.pages.setCurrentWidget(page.widget)
            self.layout().activate()
            self.resize(self.sizeHint())  # as wide as its longest row of choices
        self.open()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build(self, groups: tuple[OptionGroup, ...]) -> _Page:
        if len(self._pages) >= MAX_PAGES:  # a shop with many different drinks: start again
            for old in self._pages.values():
                self.pages.removeWidget(old.widget)
                old.widget.deleteLater()
            self._pages.clear()
        widget = QWidget()
        grid = QGridLayout(widget)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(6)
        buttons, labels = [], []
        for row, group in enumerate(groups):
            label = QLabel(group.name + ("" if group.required else " " + _("(optional)")))
            label.setObjectName("group")
            grid.addWidget(label, row, 0)
            labels.append(label)
            mine = []
            for col, choice in enumerate(group.offered, start=1):
                key = f"{col}. " if col <= MAX_KEYS else ""
                price = f"\n+{format_money(choice.price)}" if choice.price.minor else ""
                button = QPushButton(f"{key}{choice.name}{price}")
                button.setObjectName("choice")
                button.setCheckable(True)
                button.setAutoDefault(False)
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys belong to the panel
                button.clicked.connect(lambda _c=False, g=row, c=col - 1: self.tap(g, c))
                grid.addWidget(button, row, col)
                mine.append(button)
            buttons.append(mine)
        self.pages.addWidget(widget)
        widget.ensurePolished()  # measured in the style sheet's font before the panel takes its size
        return _Page(widget, buttons, labels)

    def retranslate_pages(self) -> None:
        """The language changed: the pages are made again when next shown ("(optional)" in the new words)."""
        for page in self._pages.values():
            self.pages.removeWidget(page.widget)
            page.widget.deleteLater()
        self._pages.clear()

    def _show_focus(self) -> None:
        for i, label in enumerate(self.labels):
            focused = i == self.focus_group
            if label.property("focused") != focused:
                label.setProperty("focused", focused)
                label.style().unpolish(label)
                label.style().polish(label)

    def _show_picked(self, group: int) -> None:
        for choice, button in zip(self.groups[group].offered, self.buttons[group]):
            button.setChecked(choice.id in self.picked)

    def tap(self, group: int, index: int) -> None:
        """A choice touched (or its number typed): one of a kind replaces the other, several toggle."""
        g = self.groups[group]
        offered = g.offered
        if index >= len(offered):
            return
        choice = offered[index].id
        mine = {c.id for c in offered}
        if g.max_choices == 1:
            if choice in self.picked and not g.required:
                self.picked.discard(choice)  # an optional single choice: touch again to leave it out
            else:
                self.picked -= mine
                self.picked.add(choice)
        elif choice in self.picked:
            self.picked.discard(choice)
        elif len(self.picked & mine) < g.max_choices:
            self.picked.add(choice)
        self._show_picked(group)
        self.problem.clear()
        self.focus_group = group
        if g.max_choices == 1 and group + 1 < len(self.groups):
            self.focus_group = group + 1  # next question
        self._show_focus()

    def chosen(self) -> tuple[ChosenOption, ...]:
        return select(self.groups, self.picked)

    def accept_choices(self) -> bool:
        try:
            chosen = self.chosen()
        except OptionError as exc:
            self.problem.setText(option_problem(exc))
            return False
        done, self.done_with = self.done_with, None
        self.accept()
        if done is not None:
            done(chosen)
        return True

    def take_scan(self, code: str) -> None:
        """A scan into the open panel: its keys undone, this item added as chosen before it, then the scan."""
        self.picked, self.focus_group = set(self._before_burst[0]), self._before_burst[1]
        for group in range(len(self.groups)):
            self._show_picked(group)
        self._show_focus()
        if not self.accept_choices():
            self.problem.setText(_("{problem} Choose, add this item, then scan {code} again.").format(
                problem=self.problem.text(), code=code))
            return
        self.scanned.emit(code)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        key = event.key()
        at = event.timestamp() or int(time.monotonic() * 1000)  # the window system's key time
        text = event.text()
        typed = bool(text) and text.isprintable() and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if typed and self.burst.key(text, at):
            self._before_burst = (set(self.picked), self.focus_group)
        elif not typed and key not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.burst.reset()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and self.groups:
            self.tap(self.focus_group, key - Qt.Key.Key_1)
        elif typed:
            return  # a scanned letter or a 0 picks nothing
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            code = self.burst.enter(at)
            if code is not None:
                self.take_scan(code)
            else:
                self.accept_choices()
        elif key == Qt.Key.Key_Tab and self.groups:
            self.focus_group = (self.focus_group + 1) % len(self.groups)
            self._show_focus()
        elif key == Qt.Key.Key_Backtab and self.groups:
            self.focus_group = (self.focus_group - 1) % len(self.groups)
            self._show_focus()
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 (Qt's name): Tab moves between groups
        return False
