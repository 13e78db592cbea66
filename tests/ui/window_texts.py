"""Every text a window shows a person: labels, buttons, tabs, titles, headers, choices, hints and tips."""

from __future__ import annotations

from PySide6.QtWidgets import (QAbstractButton, QComboBox, QGroupBox, QLabel, QLineEdit, QListWidget, QTableWidget,
                               QTabWidget, QWidget)


def texts_of(root: QWidget) -> list[str]:
    found = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel):
            found.append(widget.text())
        elif isinstance(widget, QAbstractButton):
            found.append(widget.text())
        elif isinstance(widget, QGroupBox):
            found.append(widget.title())
        elif isinstance(widget, QLineEdit):
            found.append(widget.placeholderText())
        elif isinstance(widget, QComboBox):
            found.extend(widget.itemText(i) for i in range(widget.count()))
        elif isinstance(widget, QTabWidget):
            found.extend(widget.tabText(i) for i in range(widget.count()))
        elif isinstance(widget, QListWidget):
            found.extend(widget.item(i).text() for i in range(min(widget.count(), 50)))
        if isinstance(widget, QTableWidget):
            for col in range(widget.columnCount()):
                item = widget.horizontalHeaderItem(col)
                found.append(item.text() if item else "")
        found.append(widget.toolTip())
    return [text.replace("&&", "&") for text in found if text]
