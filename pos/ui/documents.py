"""PDFs the window makes (invoices, delivery notes, statements, the aging list): kept in the data folder and
opened with the computer's PDF viewer; and links opened in the browser or WhatsApp Desktop."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from pos.services.files import private_dir, write_private
from pos.settings import data_dir


def _open(url: QUrl) -> bool:
    return QDesktopServices.openUrl(url)


opener = _open  # tests put a recorder here: nothing is launched


def documents_dir() -> Path:
    return private_dir(data_dir() / "documents")


def save_and_open(name: str, data: bytes, parent=None) -> Path:
    """Write ``data`` as documents/<name> (a safe file name) and open it; returns the path.

    When the computer has no PDF viewer, ``parent`` shows where the file is instead.
    """
    path = documents_dir() / re.sub(r"[^A-Za-z0-9._-]+", "_", name)
    write_private(path, data)  # invoices and statements name customers: for this account's eyes only
    if not opener(QUrl.fromLocalFile(str(path))) and parent is not None:
        from pos.i18n import _
        from pos.ui.widgets import show_error

        show_error(parent, _("No program opened the file. It is saved as {path}.").format(path=path))
    return path


def open_chat(link: str, parent) -> bool:
    """Opens a click-to-chat link; when nothing opens it, says so, with the link copied to paste by hand."""
    if open_link(link):
        return True
    from PySide6.QtGui import QGuiApplication

    from pos.i18n import _
    from pos.ui.widgets import show_error

    QGuiApplication.clipboard().setText(link)
    show_error(parent, _("Nothing on this computer opened WhatsApp. The link is copied: paste it into a browser. "
                         "Nothing was noted.") + "\n\n" + link)
    return False


def open_link(link: str) -> bool:
    """Opens the link in the browser or WhatsApp Desktop; False when nothing on this computer could."""
    return bool(opener(QUrl(link)))
