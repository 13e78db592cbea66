"""Looks shared by every screen. No Qt enums here: the login page loads this before anything else,
and PySide6 builds the whole ``Qt`` namespace (20 ms) the first time it is touched."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

BIG = "font-size: 15pt; padding: 10px;"


def big_button(text: str, parent: QWidget | None = None, color: str = "") -> QPushButton:
    button = QPushButton(text, parent)
    button.setMinimumHeight(52)
    style = BIG + (f" background: {color}; color: white; font-weight: 600;" if color else "")
    button.setStyleSheet(style)
    return button


def centred(widget: QWidget) -> QHBoxLayout:
    """A row with the widget in the middle."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget)
    row.addStretch(1)
    return row
