"""A choice of codes for a shop setting (currency, phone region, time zone): readable names with the
code in brackets, the Indonesian ones first; typing a few letters finds one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox

from pos.services.setting_choices import choices_for


def code_field(key: str, value: str) -> tuple[QComboBox, Callable[[], str]]:
    """The combo box for ``key`` with ``value`` chosen, and a function reading the chosen code back.
    A stored code that is no longer offered stays shown as it is, so saving other settings keeps it."""
    combo = QComboBox()
    combo.setObjectName(f"choice_{key}")
    for choice in choices_for(key):
        combo.addItem(choice.label, choice.code)
    if value and combo.findData(value) < 0:
        combo.insertItem(0, value, value)
    combo.setCurrentIndex(max(0, combo.findData(value)))
    combo.setMaxVisibleItems(15)
    return combo, lambda: combo.currentData() or ""
