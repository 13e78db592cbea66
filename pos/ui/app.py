"""Starting the Qt application: show the login page at once, open the database, close cleanly.

Before Qt starts, a Linux computer without a display is told so in words (Qt itself would abort with a
message about a missing library). A stop asked from outside (SIGTERM from a logout or a service manager,
Ctrl+C, a closed terminal) closes the window and the database like the window's own close button, so the
next start does not report an unclean stop.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication  # QMessageBox when needed: its enums cost 10 ms before the login page

from pos import resource_path
from pos.i18n import _
from pos.settings import MachineSettings
from pos.ui.main_window import MainWindow

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

# Platforms that draw without a display server (tests, screenshots, a VNC server of Qt's own).
HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb")
SIGNAL_POLL_MS = 200  # Python handles a signal only when Python code runs: a timer gives it the chance
# POS_SMOKE_EXIT=1: once the database is open and the window shown, say what is on screen and quit (0 only
# when the window is visible with a page on it). The build's smoke test proves with it that the frozen
# program builds its window (installer/build.py, .ci/run).
SMOKE_ENV = "POS_SMOKE_EXIT"


def display_missing(env: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """True on Linux when Qt would need a display server and none is named in the environment."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return False
    wanted = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if wanted.startswith(HEADLESS_PLATFORMS):
        return False
    if wanted.startswith("xcb"):
        return not env.get("DISPLAY")
    if wanted.startswith("wayland"):
        return not env.get("WAYLAND_DISPLAY")
    return not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def no_display_message() -> str:
    return _("No display was found: the window of Langganan needs a desktop. Start it from the desktop "
             "(or from a terminal opened on the desktop). Tests and screenshots without a screen: set "
             "QT_QPA_PLATFORM=offscreen. The commands (pos --help) work without a display.")


def confirm_upgrade(window: MainWindow, message: str) -> bool:
    """Asks the owner to upgrade a PostgreSQL database once its pg_dump copy is saved; no one to ask: no."""
    if QApplication.instance().platformName() in ("offscreen", "minimal"):
        return False
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        window, "Langganan", message + "\n\n" + _("Upgrade the database now?"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def app_icon() -> QIcon:
    """The program's icon in every size it is drawn in (PNGs: no SVG plugin needed in the frozen program). Set just
    after the window's first paint: QIcon's enums and the files cost the cold start 2-3 ms."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        icon.addFile(str(resource_path("icons", f"langganan-{size}.png")))
    return icon


def smoke_report(app: QApplication, window: MainWindow) -> None:
    """What POS_SMOKE_EXIT prints before quitting: the proof that the window was built and shown."""
    page = window.stack.currentWidget()
    ok = window.isVisible() and page is not None and window.database is not None and not app.windowIcon().isNull()
    print(f"smoke: window {'shown' if ok else 'NOT shown'}: {window.windowTitle()!r}, page "
          f"{type(page).__name__}, {window.width()}x{window.height()}, platform {app.platformName()}", flush=True)
    app.exit(0 if ok else 3)


def create_window(url: str, settings: MachineSettings) -> MainWindow:
    """The main window with its database open (raises PosError with a clear message)."""
    window = MainWindow(url, settings)
    window.open_database()
    return window


def stop_on_signals(app: QApplication, window: MainWindow) -> QTimer:
    """SIGTERM, SIGINT and SIGHUP close the window as its close button would, then quit."""
    def stop(_signum: int, _frame: object) -> None:
        QTimer.singleShot(0, lambda: (window.close(), app.quit()))

    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    poll = QTimer(app)
    poll.timeout.connect(lambda: None)
    poll.start(SIGNAL_POLL_MS)
    return poll


def close_database_once() -> None:
    from pos.services import db

    db.close_database()  # closing twice is harmless: the second finds nothing open


def run_window(url: str, settings: MachineSettings) -> int:
    """The login page shows before the database opens (the database code loads meanwhile)."""
    if QApplication.instance() is None and display_missing():
        print(_("pos: error: {message}").format(message=no_display_message()), file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Langganan")
    app.setDesktopFileName("langganan")  # the menu entry (pos desktop-entry): the desktop shows its icon
    window = MainWindow(url, settings)
    if settings["window_geometry"]:
        window.show()
    else:  # the first start fills the screen: on a 1366×768 laptop a window that size would hide the status bar
        window.showMaximized()
    QTimer.singleShot(0, lambda: app.setWindowIcon(app_icon()))  # once the login page is painted, before the
    # database opens (below)
    app.poll_signals = stop_on_signals(app, window)
    app.aboutToQuit.connect(lambda: window.database is not None and close_database_once())  # also a session end

    def open_database() -> None:
        from pos.services.errors import PosError, UpgradeNeedsConfirmation

        try:
            try:
                window.open_database()
            except UpgradeNeedsConfirmation as question:
                if not confirm_upgrade(window, str(question)):
                    raise
                window.open_database(upgrade_confirmed=True)
            quit_after = os.environ.get("POS_QUIT_AFTER_MS", "")
            if quit_after.isdigit():  # the release's smoke test: the window opened on its database, now close
                QTimer.singleShot(int(quit_after), lambda: (window.close(), app.quit()))
        except PosError as exc:
            print(_("pos: error: {message}").format(message=exc), file=sys.stderr)
            if app.platformName() not in ("offscreen", "minimal"):  # someone is there to read it
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.critical(window, "Langganan", str(exc))
            window.hide()
            app.exit(1)
            return
        if os.environ.get(SMOKE_ENV):
            QTimer.singleShot(0, lambda: smoke_report(app, window))

    QTimer.singleShot(0, open_database)
    try:
        return app.exec()
    finally:
        if window.database is not None:
            close_database_once()
