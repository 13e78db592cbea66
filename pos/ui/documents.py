"""PDFs the window makes (invoices, delivery notes, statements, the aging list): kept in the data folder and
opened with the computer's PDF viewer; and links opened in the browser or WhatsApp Desktop."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from pos.settings import data_dir


def _open(url: QUrl) -> bool:
    return QDesktopServices.openUrl(url)


opener = _open  # tests put a recorder here: nothing is launched


def documents_dir() -> Path:
    folder = data_dir() / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_and_open(name: str, data: bytes) -> Path:
    """Write ``data`` as documents/<name> (a safe file name) and open it; returns the path."""
    path = documents_dir() / re.sub(r"[^A-Za-z0-9._-]+", "_", name)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    opener(QUrl.fromLocalFile(str(path)))
    return path


def open_link(link: str) -> None:
    opener(QUrl(link))
