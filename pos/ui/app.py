"""Starting the Qt application: open the database, show the main window, close cleanly."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from pos.i18n import _
from pos.services import db
from pos.services.errors import PosError
from pos.settings import MachineSettings
from pos.ui.main_window import MainWindow


def create_window(url: str, settings: MachineSettings) -> MainWindow:
    """Open the database and build the main window (raises PosError with a clear message)."""
    info = db.open_database(url)
    return MainWindow(info, settings)


def run_window(url: str, settings: MachineSettings) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Langganan")
    try:
        window = create_window(url, settings)
    except PosError as exc:
        print(_("pos: error: {message}").format(message=exc), file=sys.stderr)
        if app.platformName() not in ("offscreen", "minimal"):  # someone is there to read it
            QMessageBox.critical(None, "Langganan", str(exc))
        return 1
    window.show()
    try:
        return app.exec()
    finally:
        db.close_database()
