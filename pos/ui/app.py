"""Starting the Qt application: show the login page at once, open the database, close cleanly."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from pos.i18n import _
from pos.settings import MachineSettings
from pos.ui.main_window import MainWindow


def create_window(url: str, settings: MachineSettings) -> MainWindow:
    """The main window with its database open (raises PosError with a clear message)."""
    window = MainWindow(url, settings)
    window.open_database()
    return window


def run_window(url: str, settings: MachineSettings) -> int:
    """The login page shows before the database opens (the database code loads meanwhile)."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Langganan")
    window = MainWindow(url, settings)
    if settings["window_geometry"]:
        window.show()
    else:  # the first start fills the screen: on a 1366×768 laptop a window that size would hide the status bar
        window.showMaximized()

    def open_database() -> None:
        from pos.services.errors import PosError

        try:
            window.open_database()
        except PosError as exc:
            print(_("pos: error: {message}").format(message=exc), file=sys.stderr)
            if app.platformName() not in ("offscreen", "minimal"):  # someone is there to read it
                QMessageBox.critical(window, "Langganan", str(exc))
            window.hide()
            app.exit(1)

    QTimer.singleShot(0, open_database)
    try:
        return app.exec()
    finally:
        if window.database is not None:
            from pos.services import db

            db.close_database()
