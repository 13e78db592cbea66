"""The shop's settings changed: one Qt signal the open windows follow (a new tax rate, the shop's name).

``pos.services.shop_settings`` tells its subscribers on the thread that noticed the change; this object turns
that into ``changed(ShopOptions)`` on the GUI thread (a queued connection when it came from a worker). A change
made at another till is noticed the next time anything reads the settings, or by ``watch``: a cheap look at
the database's change counter every few seconds while the window is open.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from pos.services.shop_settings import ShopOptions, shop_settings, subscribe

WATCH_EVERY_MS = 15_000


class ShopSignal(QObject):
    changed = Signal(object)  # the new ShopOptions

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.look)
        subscribe(self._heard)

    def _heard(self, settings: ShopOptions) -> None:
        self.changed.emit(settings)

    def watch(self, every_ms: int = WATCH_EVERY_MS) -> None:
        """Look for a change made at another till every ``every_ms`` (the window does it once logged in)."""
        self.timer.start(every_ms)

    def look(self) -> None:
        """Read the settings (one row when nothing moved); a change is signalled by the read itself."""
        try:
            shop_settings()
        except Exception:  # noqa: BLE001 (the database may be away for a moment: the next look tries again)
            pass


_signal: list[ShopSignal] = []


def shop_signal() -> ShopSignal:
    """The one signal of this process (made with the application, which keeps it)."""
    if not _signal:
        _signal.append(ShopSignal(QCoreApplication.instance()))
    return _signal[0]
